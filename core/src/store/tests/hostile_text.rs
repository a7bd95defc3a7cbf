//! Hostile text (issue 25, points 5 and 7) through the service, on every backend: what staff
//! set is refused, what people write is stored and passed on clean, and a referent's answer is
//! read as typed (a dash is not a number) and recorded once.

use super::*;
use crate::import::ImportRow;
use crate::principal::Principal;
use crate::service::structures::{Named, Refused, StructureChange, StructureDraft};
use crate::text::{Kind, unwanted};

/// The probes of the review: an OSC 8 hidden link, a right-to-left override, a zero-width
/// space, a byte order mark, a line separator, a bidi mark and isolate; each with the first
/// character refused.
const PROBES: [(&str, char); 6] = [
    (
        "Croix\u{1b}]8;;https://evil.test\u{1b}\\Rouge\u{1b}]8;;\u{1b}\\",
        '\u{1b}',
    ),
    ("Croix \u{202e}egouR", '\u{202e}'),
    ("Croix\u{200b}Rouge", '\u{200b}'),
    ("\u{feff}Croix Rouge", '\u{feff}'),
    ("Croix\u{2028}Rouge", '\u{2028}'),
    ("Croix \u{200f}\u{2066}Rouge\u{2069}", '\u{200f}'),
];

fn refused_for(r: Result<impl std::fmt::Debug, Refused>, expected: &str) {
    match r {
        Err(Refused::Invalid(m)) => assert!(m.iter().any(|m| m == expected), "{m:?}"),
        other => panic!("{expected}: {other:?}"),
    }
}

fn is_clean(text: &str) -> bool {
    !text.chars().any(|c| unwanted(c, Kind::Lines))
}

#[tokio::test]
async fn structure_names_and_missions_holding_what_is_not_text_are_refused() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let pdc = Principal::Moderator {
            departements: vec!["62".into()],
        };
        let ccas = Principal::Referent { structure_id: 1 };
        let before = app.structure_for(&pdc, 1).await.unwrap().name;
        for (probe, c) in PROBES {
            let expected = format!("name holds a control character (U+{:04X})", u32::from(c));
            let draft = StructureDraft {
                name: probe.into(),
                kind: Named::Known(crate::domain::StructureKind::Association),
                departement: "62".into(),
                insee: None,
            };
            refused_for(app.create_structure(&pdc, &draft, NOW).await, &expected);
            let change = StructureChange {
                name: Some(probe.into()),
                kind: None,
            };
            refused_for(app.update_structure(&pdc, 1, &change).await, &expected);

            let mission = ImportRow {
                structure: "1".into(),
                domain: "4".into(),
                title: probe.into(),
                place: "Arras".into(),
                places: "2".into(),
                ..ImportRow::default()
            };
            let expected = format!("title holds a control character (U+{:04X})", u32::from(c));
            refused_for(app.create_mission(&ccas, mission, NOW).await, &expected);
        }
        // A description keeps its line breaks, not a line separator.
        let described = |description: &str| ImportRow {
            structure: "1".into(),
            domain: "4".into(),
            title: "Courses du mardi".into(),
            description: description.into(),
            place: "Arras".into(),
            places: "2".into(),
            ..ImportRow::default()
        };
        refused_for(
            app.create_mission(&ccas, described("Un\u{2028}deux"), NOW)
                .await,
            "description holds a control character (U+2028)",
        );
        let ok = app
            .create_mission(&ccas, described("Un\ndeux"), NOW)
            .await
            .unwrap();
        assert_eq!(ok.title, "Courses du mardi");
        // Nothing was stored.
        assert_eq!(app.structure_for(&pdc, 1).await.unwrap().name, before);
        for s in app.structures_for(&pdc).await.unwrap() {
            assert!(is_clean(&s.name), "{:?}", s.name);
        }
        for m in app.missions_for(&pdc, None, None, None).await.unwrap() {
            assert!(is_clean(&m.title), "{:?}", m.title);
        }
        app.store.close().await;
    }
}

async fn participation_status(app: &Renfort, id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM participations WHERE id = $1")
        .bind(id)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn availability_and_relays_are_clean_and_referents_answers_are_read_as_typed() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        sqlx::query("UPDATE departement_settings SET validation = 'auto'")
            .execute(app.store.pool())
            .await
            .unwrap();
        let phone = "+33639980071";
        for text in [
            "Bonjour",
            "oui",
            "Jo",
            "Arras",
            "oui",
            "1 2 3 4",
            "le soir\u{202e} \u{200b}\u{1b}[31mtard\u{2028}\u{feff}fin",
        ] {
            say(&app, phone, text).await;
        }
        let volunteer = app
            .store
            .volunteer_id(Channel::Sms, phone)
            .await
            .unwrap()
            .unwrap();
        let availability: Option<String> =
            sqlx::query_scalar("SELECT availability FROM volunteers WHERE id = $1")
                .bind(volunteer)
                .fetch_one(app.store.pool())
                .await
                .unwrap();
        assert_eq!(availability.as_deref(), Some("le soir tard fin"));

        say(&app, phone, "MISSIONS").await;
        let alerted = say(&app, phone, "OUI 1").await;
        let alert = alerted
            .iter()
            .find(|m| m.priority == outbox::PRIORITY_ALERT)
            .unwrap();
        assert!(alert.text.contains("le soir tard fin"), "{}", alert.text);
        let referent = alert.address.clone();
        let code: i64 = sqlx::query_scalar("SELECT id FROM participations WHERE volunteer_id = $1")
            .bind(volunteer)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        let to = |out: &[OutboxMessage], address: &str| -> Vec<String> {
            out.iter()
                .filter(|m| m.address == address)
                .map(|m| m.text.clone())
                .collect()
        };

        // "APPELE -n" names no alert: nothing recorded, the referent is asked to check.
        let before = participation_status(&app, code).await;
        let out = say(&app, &referent, &format!("APPELE -{code}")).await;
        assert_eq!(participation_status(&app, code).await, before);
        let reply = to(&out, &referent);
        assert!(
            reply.len() == 1 && reply[0].contains(&format!("l'alerte -{code} ")),
            "{reply:?}"
        );
        assert!(to(&out, phone).is_empty());

        // "COMPLET -1" after MES MISSIONS closes nothing: a valid number is asked for.
        say(&app, &referent, "MES MISSIONS").await;
        let open_before = scalar(
            &app,
            "SELECT COUNT(*) FROM missions WHERE id > $1 AND status = 'validated'",
            0,
        )
        .await;
        let out = say(&app, &referent, "COMPLET -1").await;
        let reply = to(&out, &referent);
        assert!(
            reply.len() == 1 && reply[0].contains("choisissez de 1 à"),
            "{reply:?}"
        );
        let open_after = scalar(
            &app,
            "SELECT COUNT(*) FROM missions WHERE id > $1 AND status = 'validated'",
            0,
        )
        .await;
        assert!(open_before > 0);
        assert_eq!(open_after, open_before);

        // "OK n": the volunteer hears it once; the same answer again tells only the referent.
        let first = say(&app, &referent, &format!("OK {code}")).await;
        assert_eq!(to(&first, phone).len(), 1, "{first:?}");
        assert_eq!(participation_status(&app, code).await, "accepted");
        let again = say(&app, &referent, &format!("OK {code}")).await;
        assert!(to(&again, phone).is_empty(), "{again:?}");
        let reply = to(&again, &referent);
        assert!(
            reply.len() == 1 && reply[0].contains("déjà noté"),
            "{reply:?}"
        );

        // MSG: the volunteer gets the words, without what hides in them; the answer comes
        // back to the referent clean as well.
        let out = say(
            &app,
            &referent,
            &format!(
                "MSG {code} Venez\u{202e} mardi\u{200b}\u{1b}]8;;https://evil.test\u{1b}\\ici"
            ),
        )
        .await;
        let relayed = to(&out, phone);
        assert_eq!(relayed.len(), 1, "{out:?}");
        assert!(relayed[0].contains("\"Venez mardiici\""), "{}", relayed[0]);
        assert!(is_clean(&relayed[0]) && !relayed[0].contains("evil"));
        let out = say(&app, phone, "D'accord\u{2066} \u{feff}à mardi\u{7}").await;
        let back = to(&out, &referent);
        assert_eq!(back.len(), 1, "{out:?}");
        assert!(back[0].contains("\"D'accord à mardi\""), "{}", back[0]);
        assert!(is_clean(&back[0]));
        app.store.close().await;
    }
}
