//! Security and privacy scenarios (issue 13), on every backend: API tokens' lifecycle, what
//! a caller reaches through the service, what SUPPRIMER leaves in the database.

use super::*;
use crate::domain::{MissionStatus, StaffRole, StructureKind, StructureStatus};
use crate::import::ImportRow;
use crate::principal::{Denied, Principal};
use crate::service::structures::{Named, Refused, StructureChange, StructureDraft};

#[tokio::test]
async fn tokens_expire_are_revoked_by_id_and_list_without_secrets() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let s = &app.store;
        let admin = s
            .create_token("rft_admin", &Principal::Admin, "ops", None, NOW)
            .await
            .unwrap();
        let moderator = Principal::Moderator {
            departements: vec!["59".into(), "62".into()],
        };
        let day = 86_400;
        let short = s
            .create_token("rft_short", &moderator, "", Some(NOW + day), NOW)
            .await
            .unwrap();
        let referent = Principal::Referent { structure_id: 1 };
        s.create_token("rft_ref", &referent, "ccas", None, NOW)
            .await
            .unwrap();
        assert!(admin < short);

        // Valid until the second it expires.
        assert_eq!(
            s.principal("rft_short", NOW + day - 1).await.unwrap(),
            Some(moderator.clone())
        );
        assert_eq!(s.principal("rft_short", NOW + day).await.unwrap(), None);
        assert_eq!(
            s.principal("rft_admin", NOW + 10).await.unwrap(),
            Some(Principal::Admin)
        );
        assert_eq!(s.principal("rft_unknown", NOW).await.unwrap(), None);

        // Revoked by id, once.
        assert!(s.revoke_token(admin, NOW + 20).await.unwrap());
        assert!(!s.revoke_token(admin, NOW + 21).await.unwrap());
        assert!(!s.revoke_token(9999, NOW).await.unwrap());
        assert_eq!(s.principal("rft_admin", NOW + 30).await.unwrap(), None);

        let list = s.list_tokens().await.unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(
            (list[0].id, list[0].role.as_str(), list[0].scope.as_str()),
            (admin, "admin", "all")
        );
        assert_eq!(list[0].revoked_at, Some(NOW + 20));
        assert_eq!(list[0].last_used_at, Some(NOW + 10));
        assert_eq!(list[1].scope, "59 62");
        assert_eq!(list[1].expires_at, Some(NOW + day));
        assert_eq!(list[1].last_used_at, Some(NOW + day - 1));
        assert_eq!(list[2].scope, "structure 1");
        assert_eq!(list[2].last_used_at, None);
        let shown = format!("{list:?}");
        assert!(!shown.contains("rft_"), "{shown}");
        assert!(!shown.contains(&crate::store::tokens::hash("rft_ref")));
    }
}

/// Refused as absent: no such `what`, or one outside the caller's scope.
fn absent<T: std::fmt::Debug>(r: Result<T, Refused>, what: &str) {
    assert!(
        matches!(&r, Err(Refused::NotFound(w)) if *w == what),
        "{what}: {r:?}"
    );
}

/// The service's scope rules, which every path (API, console, CLI) goes through: out of scope
/// reads as absent, and scope is checked before what the caller asks.
#[tokio::test]
async fn callers_reach_structures_and_missions_in_their_scope_only() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let nord = Principal::Moderator {
            departements: vec!["59".into()],
        };
        let pdc = Principal::Moderator {
            departements: vec!["62".into()],
        };
        let ccas = Principal::Referent { structure_id: 1 };

        let mine = app.structures_for(&ccas).await.unwrap();
        assert_eq!(mine.iter().map(|s| s.id).collect::<Vec<_>>(), [1]);
        assert!(app.structures_for(&nord).await.unwrap().is_empty());
        absent(app.structure_for(&ccas, 2).await, "structure");
        absent(app.structure_for(&nord, 1).await, "structure");
        absent(app.structure_for(&pdc, 424_242).await, "structure");
        absent(app.participations_for(&nord, 1).await, "structure");

        // Out of scope, even an unknown kind reads as absent; in scope it is refused.
        let club = StructureChange {
            name: None,
            kind: Some(Named::Unknown),
        };
        absent(app.update_structure(&nord, 1, &club).await, "structure");
        assert!(matches!(
            app.update_structure(&ccas, 1, &club).await,
            Err(Refused::Denied(Denied::Forbidden(_)))
        ));
        match app.update_structure(&pdc, 1, &club).await {
            Err(Refused::Invalid(m)) => assert!(m[0].starts_with("kind must be one of"), "{m:?}"),
            other => panic!("{other:?}"),
        }
        let mdph = StructureChange {
            name: None,
            kind: Some(Named::Known(StructureKind::Mdph)),
        };
        let changed = app.update_structure(&pdc, 1, &mdph).await.unwrap();
        assert_eq!(changed.kind, StructureKind::Mdph);

        let draft = StructureDraft {
            name: " Banque alimentaire de Lens ".into(),
            kind: Named::Known(StructureKind::Association),
            departement: "62".into(),
            insee: Some("62498".into()),
        };
        assert!(matches!(
            app.create_structure(&nord, &draft, NOW).await,
            Err(Refused::Denied(Denied::Forbidden(m))) if m.contains("62")
        ));
        let lens = app.create_structure(&pdc, &draft, NOW).await.unwrap();
        assert_eq!(
            (lens.name.as_str(), lens.status),
            ("Banque alimentaire de Lens", StructureStatus::Validated)
        );

        // A referent's mission waits for moderation, a moderator's is validated; another
        // structure reads as an unknown one.
        let row = |structure: &str| ImportRow {
            structure: structure.into(),
            domain: "4".into(),
            title: "Courses du mardi".into(),
            place: "Arras".into(),
            places: "2".into(),
            ..ImportRow::default()
        };
        let unknown = app.create_mission(&ccas, row("no-such"), NOW).await;
        let other = app.create_mission(&ccas, row("2"), NOW).await;
        for r in [unknown, other] {
            assert!(
                matches!(&r, Err(Refused::Invalid(m)) if m == &["unknown structure"]),
                "{:?}",
                r.err()
            );
        }
        let pending = app.create_mission(&ccas, row("1"), NOW).await.unwrap();
        assert_eq!(pending.status, MissionStatus::Pending);
        let validated = app.create_mission(&pdc, row("1"), NOW).await.unwrap();
        assert_eq!(validated.status, MissionStatus::Validated);

        absent(app.mission_for(&nord, pending.id).await, "mission");
        absent(app.cancel_mission(&nord, pending.id).await, "mission");
        let reopened = Some(Named::Known(MissionStatus::Validated));
        assert!(matches!(
            app.update_mission(&ccas, pending.id, reopened, None).await,
            Err(Refused::Invalid(_))
        ));
        let cancelled = app.cancel_mission(&ccas, pending.id).await.unwrap();
        assert_eq!(cancelled.status, MissionStatus::Cancelled);
    }
}

/// Every (table, text column) of the schema, read from the database itself so that a column
/// added later is scanned too.
async fn text_columns(app: &Renfort) -> Vec<(String, String)> {
    let sql = match app.store.backend() {
        Backend::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND UPPER(p.type) = 'TEXT'"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) \
             FROM information_schema.columns \
             WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')"
        }
    };
    let rows: Vec<(String, String)> = sqlx::query_as(sql)
        .fetch_all(app.store.pool())
        .await
        .unwrap();
    assert!(rows.len() > 20, "{rows:?}");
    rows
}

/// Where `needle` (lower case) still appears: `table.column` and how many rows.
async fn find_everywhere(app: &Renfort, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (table, column) in text_columns(app).await {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {table} WHERE LOWER({column}) LIKE $1"
        )))
        .bind(format!("%{needle}%"))
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        if n > 0 {
            found.push(format!("{table}.{column} ({n})"));
        }
    }
    found
}

/// SUPPRIMER leaves neither the number (in any of its written forms) nor the first name
/// anywhere in the database: not in messages to the person, not in the alerts, reminders and
/// queue items about them, not in the inbound log, not in a provider's error. Anonymous
/// figures stay.
#[tokio::test]
async fn erasure_leaves_no_number_and_no_name_in_any_table() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        // A moderator on Telegram gets each pending volunteer as a queue item.
        let mut tx = app.store.begin().await.unwrap();
        let moderator = staff::staff_of(&mut tx, Channel::Sms, "+33639989901")
            .await
            .unwrap();
        let Some(staff::Staff::Moderator { id, .. }) = moderator else {
            panic!("the demo's moderator")
        };
        staff::link_address(
            &mut tx,
            StaffRole::Moderator,
            id,
            Channel::Telegram,
            "7001",
            None,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let phone = "+33639981313";
        let name = "Zéphyrine";
        let needles = [
            "639981313",
            "06 39 98 13 13",
            "0639981313",
            "zéphyrine",
            "zephyrine",
        ];
        let id = register(&app, phone, name, "62000|1").await;
        app.moderate(ItemKind::Volunteer, id, true, None, NOW)
            .await
            .unwrap();
        say(&app, phone, "MISSIONS").await;
        let alerted = say(&app, phone, "OUI 1").await;
        assert!(
            alerted
                .iter()
                .any(|m| m.text.contains(name) && m.text.contains("06 39 98 13 13")),
            "{alerted:?}"
        );
        // Two days later the structure is reminded (name and number again).
        let last = app.store.last_message_id().await.unwrap();
        let later = NOW + 49 * 3600;
        app.follow_up(later).await.unwrap();
        let reminders = app.store.messages_after(last).await.unwrap();
        assert!(!reminders.is_empty(), "a reminder");
        // One reminder is being sent when the erasure happens, another failed with a
        // provider error quoting the number.
        let lease = 60;
        let Claim::Claimed(being_sent) =
            app.store.claim(&reminders[0], later, lease).await.unwrap()
        else {
            panic!("claim")
        };
        if let Some(failed) = reminders.get(1) {
            let Claim::Claimed(c) = app.store.claim(failed, later, lease).await.unwrap() else {
                panic!("claim")
            };
            let how = Settle::Failed {
                error: "400: +33639981313 unreachable",
                attempted: true,
            };
            app.store.settle(&c, how, later).await.unwrap();
        }
        let figures = app.store.stats(None).await.unwrap();

        // Negative control: before the erasure, the scan finds them.
        for needle in ["639981313", "zéphyrine"] {
            assert!(
                !find_everywhere(&app, needle).await.is_empty(),
                "{needle} before the erasure"
            );
        }

        say(&app, phone, "SUPPRIMER").await;
        let last_words = say(&app, phone, "OUI").await;
        // The confirmation still reached the person (and was blanked once sent).
        assert!(
            last_words.iter().any(|m| m.address == phone),
            "{last_words:?}"
        );
        // The structure already alerted is told to stop calling, without the name.
        let notices: Vec<&OutboxMessage> =
            last_words.iter().filter(|m| m.address != phone).collect();
        assert!(!notices.is_empty(), "{last_words:?}");
        for n in notices {
            assert!(n.text.contains("a effacé ses données"), "{}", n.text);
            assert!(
                !n.text.contains(name) && !n.text.contains("13 13"),
                "{}",
                n.text
            );
        }
        // The reminder that was being sent is recorded after the erasure.
        let sent = Settle::Sent {
            provider_id: None,
            note: None,
            attempted: true,
        };
        assert!(app.store.settle(&being_sent, sent, later).await.unwrap());

        for needle in needles {
            let found = find_everywhere(&app, needle).await;
            assert!(found.is_empty(), "{needle:?} still in {found:?}");
        }
        // Anonymous figures are kept.
        let after = app.store.stats(None).await.unwrap();
        assert_eq!(after.volunteers.erased, figures.volunteers.erased + 1);
        assert_eq!(after.intents.relayed, figures.intents.relayed);
        let rows: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE about_volunteer = $1 AND status = 'sent'",
        )
        .bind(id)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        assert!(rows >= 10, "messages are still counted: {rows}");
        app.store.close().await;
    }
}

/// One message on any channel; returns every message it caused (marked delivered).
async fn say_on(app: &Renfort, channel: Channel, from: &str, text: &str) -> Vec<OutboxMessage> {
    let last = app.store.last_message_id().await.unwrap();
    let handled = app
        .handle_inbound(channel, from, &unique("msg"), Event::Text(text.into()), NOW)
        .await
        .unwrap();
    assert_eq!(handled, Handled::Processed, "{text}");
    let out = app.store.messages_after(last).await.unwrap();
    for m in &out {
        app.store.mark_sent_locally(m, "test", NOW).await.unwrap();
    }
    out
}

/// The alert number in a referent's alert ("… OK 12 si c'est bon …").
fn alert_code(alert: &str) -> String {
    let after = alert.split("OK ").nth(1).expect(alert);
    after.chars().take_while(char::is_ascii_digit).collect()
}

/// SUPPRIMER also reaches the rows staff got or wrote about the person (issue 25): the SMS
/// moderator's FILE page (which names several volunteers) and VALIDER confirmation, the
/// referent's "Message transmis à …", the referent's own MSG text and the volunteer's answer
/// relayed back. For an SMS volunteer and a Telegram one, every text column of every table is
/// read for their first names, before (found) and after (gone); anonymous counts stay.
#[tokio::test]
async fn erasure_blanks_what_staff_got_and_wrote_about_the_person() {
    const MODERATOR: &str = "+33639989901";
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let people = [
            (Channel::Sms, "+33639981414", "Zéphyrine"),
            (Channel::Telegram, "880014", "Théodebert"),
        ];
        let mut ids = Vec::new();
        for (channel, address, name) in people {
            for text in [
                "Bonjour", "oui", name, "62000", "1", "oui", "1 2 3 4", "soirs",
            ] {
                say_on(&app, channel, address, text).await;
            }
            ids.push(
                app.store
                    .volunteer_id(channel, address)
                    .await
                    .unwrap()
                    .unwrap(),
            );
        }
        // The moderator works by SMS: one page names both, each VALIDER names one.
        let page = say_on(&app, Channel::Sms, MODERATOR, "FILE").await;
        let page = &page[0].text;
        assert!(
            page.contains("Zéphyrine") && page.contains("Théodebert"),
            "{page}"
        );
        let lines: Vec<&str> = page.lines().collect();
        for (i, (_, _, name)) in people.iter().enumerate() {
            let n = lines
                .iter()
                .find(|l| l.contains(name))
                .and_then(|l| l.split('.').next())
                .unwrap()
                .to_string();
            let done = say_on(&app, Channel::Sms, MODERATOR, &format!("VALIDER {n}")).await;
            assert!(done[0].text.contains(name), "{}", done[0].text);
            let status: String = sqlx::query_scalar("SELECT status FROM volunteers WHERE id = $1")
                .bind(ids[i])
                .fetch_one(app.store.pool())
                .await
                .unwrap();
            assert_eq!(status, "validated", "{name}");
        }
        // Each offers help; the structure writes to each through Renfort and gets an answer.
        for (channel, address, name) in people {
            say_on(&app, channel, address, "MISSIONS").await;
            let caused = say_on(&app, channel, address, "OUI 1").await;
            let alert = caused
                .iter()
                .find(|m| m.text.contains(name) && m.address != address)
                .unwrap_or_else(|| panic!("{caused:?}"));
            let referent = alert.address.clone();
            let code = alert_code(&alert.text);
            let sent = say_on(
                &app,
                Channel::Sms,
                &referent,
                &format!("MSG {code} Bonjour {name}, venez mardi"),
            )
            .await;
            assert!(
                sent.iter()
                    .any(|m| m.address == referent && m.text.contains(name)),
                "Message transmis à …: {sent:?}"
            );
            let back = say_on(&app, channel, address, &format!("Oui, {name} sera là")).await;
            assert!(
                back.iter()
                    .any(|m| m.address == referent && m.text.contains(name)),
                "relayed back: {back:?}"
            );
        }
        let figures = app.store.stats(None).await.unwrap();
        for (_, _, name) in people {
            let needle = name.to_lowercase();
            let found = find_everywhere(&app, &needle).await;
            for place in ["outbox.text", "inbound.body"] {
                assert!(
                    found.iter().any(|f| f.starts_with(place)),
                    "{name} before the erasure: {found:?}"
                );
            }
        }

        for (channel, address, _) in people {
            say_on(&app, channel, address, "SUPPRIMER").await;
            say_on(&app, channel, address, "OUI").await;
        }

        for needle in [
            "zéphyrine",
            "zephyrine",
            "théodebert",
            "theodebert",
            "639981414",
            "06 39 98 14 14",
        ] {
            let found = find_everywhere(&app, needle).await;
            assert!(found.is_empty(), "{needle:?} still in {found:?}");
        }
        // Anonymous figures stay, the referents' and moderator's addresses too.
        let after = app.store.stats(None).await.unwrap();
        assert_eq!(after.volunteers.erased, figures.volunteers.erased + 2);
        let staff_rows: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM inbound WHERE address = $1 AND body IS NOT NULL",
        )
        .bind(MODERATOR)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        assert!(staff_rows >= 3, "the moderator's own FILE and VALIDER stay");
        app.store.close().await;
    }
}
