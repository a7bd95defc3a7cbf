//! The core journey through the CLI: seed, register by chat, approve, browse, intent, STOP.

use serde_json::Value;

use crate::support::{Renfort, databases};

fn texts(out: &[Value]) -> Vec<&str> {
    out.iter().map(|m| m["text"].as_str().unwrap()).collect()
}

#[test]
fn french_journey_through_the_binary() {
    for database_url in databases() {
        let app = Renfort { database_url };
        let seeded = app.run(&["seed", "demo"]);
        assert!(seeded.contains("50 structures"), "{seeded}");
        app.run(&["seed", "demo"]);

        let me = "+33639980001";
        let out = app.chat(
            me,
            &[
                "Bonjour", "oui", "Marie", "62000", "1", "oui", "1 3", "le soir",
            ],
        );
        assert_eq!(out.len(), 8, "one reply per message: {:?}", texts(&out));
        for m in &out {
            assert_eq!(m["to"], me);
            assert_eq!(m["channel"], "sms");
            assert_eq!(m["encoding"], "GSM-7", "{m}");
        }
        // Every conversational reply is one segment except the list of domains (one too).
        assert!(out.iter().all(|m| m["segments"] == 1), "{out:?}");
        assert!(texts(&out)[4].starts_with("C'est noté : Arras (62)."));

        let queue: Vec<Value> = serde_json::from_str(&app.run(&[
            "moderation",
            "list",
            "--departement",
            "62",
            "--json",
        ]))
        .unwrap();
        let me_queued = queue
            .iter()
            .find(|i| i["kind"] == "volunteer")
            .expect("the new volunteer awaits moderation");
        assert_eq!(me_queued["departement"], "62");
        assert!(me_queued["summary"].as_str().unwrap().contains("Marie"));
        for item in &queue {
            for field in ["kind", "id", "departement", "summary"] {
                assert!(!item[field].is_null(), "{item}");
            }
        }
        let id = me_queued["id"].as_i64().unwrap().to_string();
        app.run(&["moderation", "approve", "volunteer", &id]);
        let again = app.run_failing(&["moderation", "approve", "volunteer", &id]);
        assert!(String::from_utf8_lossy(&again.stderr).contains("not pending"));

        let out = app.chat(me, &["MISSIONS"]);
        // The validation news, then the list.
        assert_eq!(out.len(), 2, "{:?}", texts(&out));
        assert!(texts(&out)[0].contains("validée"));
        let list = texts(&out)[1];
        assert!(list.lines().nth(1).unwrap().starts_with("1. "), "{list}");
        assert!(out[1]["segments"].as_i64().unwrap() <= 3);

        let out = app.chat(me, &["OUI 1"]);
        assert_eq!(out.len(), 2, "{:?}", texts(&out));
        assert_eq!(out[0]["to"], me);
        assert!(texts(&out)[0].contains("va vous appeler"));
        let alert = &out[1];
        assert!(
            alert["to"].as_str().unwrap().starts_with("+33639981"),
            "{alert}"
        );
        assert!(alert["text"].as_str().unwrap().contains("Marie"));
        assert!(alert["text"].as_str().unwrap().contains("06 39 98 00 01"));
        // With the volunteer's availability on a second line: two segments at most.
        assert!(alert["segments"].as_i64().unwrap() <= 2, "{alert}");

        let out = app.chat(me, &["STOP", "MISSIONS", "OUI 2", "AIDE", "bonjour"]);
        assert_eq!(
            texts(&out),
            ["Vous ne recevrez plus de messages de Renfort. Envoyez START pour reprendre."]
        );
    }
}

#[test]
fn english_journey_through_the_binary() {
    for database_url in databases() {
        let app = Renfort { database_url };
        app.run(&["seed", "demo"]);
        let me = "+33639980002";
        let out = app.chat(
            me,
            &[
                "Hello", "yes", "John", "beaumetz", "1", "yes", "1 2 3 4", "SKIP",
            ],
        );
        assert!(texts(&out)[0].starts_with("Welcome to Renfort"));
        assert!(
            texts(&out)[3].contains("Beaumetz-lès-Loges (62)"),
            "{:?}",
            texts(&out)
        );
        assert!(
            texts(&out)
                .last()
                .unwrap()
                .contains("A moderator for département 62")
        );
        let queue: Vec<Value> =
            serde_json::from_str(&app.run(&["moderation", "list", "--json"])).unwrap();
        let id = queue.iter().find(|i| i["kind"] == "volunteer").unwrap()["id"].to_string();
        app.run(&["moderation", "approve", "volunteer", &id]);
        let out = app.chat(me, &["MISSIONS", "YES 1", "STOP", "MISSIONS"]);
        let t = texts(&out);
        assert!(t[0].starts_with("Good news, John"));
        assert!(t[1].starts_with("Missions near you:"));
        assert!(t[2].contains("will call you"));
        assert!(out[3]["to"].as_str().unwrap().starts_with("+33639981"));
        assert_eq!(
            t[4],
            "You will receive no more messages from Renfort. Send START to resume."
        );
        assert_eq!(out.len(), 5);
    }
}

#[test]
fn bad_database_url_is_a_clear_error() {
    let app = Renfort {
        database_url: "mysql://nope".into(),
    };
    let out = app.run_failing(&["moderation", "list"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("DATABASE_URL"));
}

#[test]
fn import_missions_all_or_nothing_with_line_numbers() {
    for database_url in databases() {
        let app = Renfort { database_url };
        app.run(&["seed", "demo"]);
        let dir = std::env::temp_dir().join(crate::support::unique("import"));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.csv");
        std::fs::write(
            &bad,
            "structure,domain,title,description,place,remote,places,schedule,starts_on,ends_on,ref\n\
             demo-s-00,1,Tri de dons,Trier les dons,Arras,,3,mardi,2020-03-24,2020-05-11,imp-1\n\
             demo-s-00,5,Mauvais domaine,,Arras,,2,,,,\n\
             demo-s-99,1,Structure inconnue,,Arras,,2,,,,\n\
             demo-s-02,1,Ambigu,,Beaumetz,,2,,,,\n\
             demo-s-02,2,Dates,,Arras,,2,,2020-05-01,2020-04-01,\n",
        )
        .unwrap();
        let before = app.run(&["moderation", "list", "--json"]);
        let out = app.run_failing(&["import", "missions", bad.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        for line in [
            ":3: domain",
            ":4: unknown structure",
            ":5: place \"Beaumetz\" is ambiguous",
            ":6: ends_on",
        ] {
            assert!(err.contains(line), "{line} in {err}");
        }
        assert!(!err.contains(":2:"), "line 2 is fine: {err}");
        assert!(err.contains("nothing imported"));
        assert_eq!(
            app.run(&["moderation", "list", "--json"]),
            before,
            "nothing half-imported"
        );

        let good = dir.join("good.json");
        std::fs::write(
            &good,
            r#"[{"structure": "demo-s-00", "domain": 1, "title": "Tri de dons", "place": "Arras", "places": 3, "ref": "imp-1"},
                {"structure": "demo-s-00", "domain": 3, "title": "Appels", "remote": true, "places": 10, "ref": "imp-2"}]"#,
        )
        .unwrap();
        let out = app.run(&["import", "missions", good.to_str().unwrap()]);
        assert!(out.starts_with("2 missions imported"), "{out}");
        // Again: nothing new, exit 0, and each row skipped is named with its mission.
        let again = app
            .command(&["import", "missions", good.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(again.status.success());
        let (out, err) = (
            String::from_utf8_lossy(&again.stdout),
            String::from_utf8_lossy(&again.stderr),
        );
        assert!(
            out.starts_with(
                "0 missions imported (pending validation), 2 skipped (ref already there)"
            ),
            "{out}"
        );
        for line in [
            ":1: skipped: ref \"imp-1\" is mission ",
            ":2: skipped: ref \"imp-2\"",
        ] {
            assert!(err.contains(line), "{line} in {err}");
        }
        // Another structure's rows with the same refs are its own missions, imported.
        let other = dir.join("other.json");
        std::fs::write(
            &other,
            r#"[{"structure": "demo-s-01", "domain": 1, "title": "Tri de dons", "place": "Arras", "places": 3, "ref": "imp-1"}]"#,
        )
        .unwrap();
        let out = app.run(&["import", "missions", other.to_str().unwrap()]);
        assert!(
            out.starts_with("1 missions imported (pending validation), 0 skipped"),
            "{out}"
        );
        let queue: Vec<Value> =
            serde_json::from_str(&app.run(&["moderation", "list", "--json"])).unwrap();
        assert!(
            queue
                .iter()
                .any(|i| i["summary"].as_str().unwrap().starts_with("Tri de dons"))
        );
    }
}

#[test]
fn chat_shows_only_what_is_its_own() {
    let app = Renfort {
        database_url: databases().remove(0),
    };
    app.run(&["seed", "demo"]);
    app.chat(
        "+33639980401",
        &["Bonjour", "oui", "Alice", "Arras", "oui", "1", "PASSER"],
    );
    app.chat("+33639980402", &["Bonjour"]);
    let queue: Vec<Value> =
        serde_json::from_str(&app.run(&["moderation", "list", "--json"])).unwrap();
    let alice = queue.iter().find(|i| i["kind"] == "volunteer").unwrap()["id"].to_string();
    app.run(&["moderation", "approve", "volunteer", &alice]);
    // Bob's terminal does not swallow Alice's news: it stays queued for her.
    let bob = app.chat("+33639980402", &["oui"]);
    assert!(bob.iter().all(|m| m["to"] == "+33639980402"), "{bob:?}");
    let alice_out = app.chat("+33639980401", &["PROFIL"]);
    assert!(
        alice_out[0]["text"].as_str().unwrap().contains("validée"),
        "{alice_out:?}"
    );
}
