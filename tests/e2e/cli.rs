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
        assert_eq!(alert["segments"], 1);

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
        assert!(texts(&out).last().unwrap().contains("A moderator for 62"));
        let queue: Vec<Value> =
            serde_json::from_str(&app.run(&["moderation", "list", "--json"])).unwrap();
        let id = queue.iter().find(|i| i["kind"] == "volunteer").unwrap()["id"].to_string();
        app.run(&["moderation", "approve", "volunteer", &id]);
        let out = app.chat(me, &["MISSIONS", "YES 1", "STOP", "MISSIONS"]);
        let t = texts(&out);
        assert!(t[0].starts_with("Good news John"));
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
