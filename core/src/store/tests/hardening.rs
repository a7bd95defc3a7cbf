//! Issue 25, the rest of it, on every backend: mission refs are their structure's own (the
//! API and the import), invitation codes hashed and expiring, numbers too large for any id
//! in staff commands, SQLite's files private.

use super::*;
use crate::domain::{Lang, StaffRole};
use crate::import::{ImportRow, SkippedRow};
use crate::principal::Principal;
use crate::service::structures::Refused;
use crate::store::staff::{self, Redeemed};

fn mission(structure: &str, reference: &str) -> ImportRow {
    ImportRow {
        structure: structure.into(),
        domain: "4".into(),
        title: "Courses du mardi".into(),
        place: "Arras".into(),
        places: "2".into(),
        reference: reference.into(),
        ..ImportRow::default()
    }
}

async fn mission_refs(app: &Renfort, reference: &str) -> Vec<(i64, i64)> {
    sqlx::query_as::<_, (i64, i64)>(
        "SELECT structure_id, id FROM missions WHERE external_ref = $1 ORDER BY id",
    )
    .bind(reference)
    .fetch_all(app.store.pool())
    .await
    .unwrap()
}

/// Probe: a referent got 409 for another structure's ref, and could take a ref first so that
/// the operator's import later skipped that structure's real mission and said nothing.
#[tokio::test]
async fn a_mission_ref_is_its_structures_own() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let first = Principal::Referent { structure_id: 1 };
        let second = Principal::Referent { structure_id: 2 };

        let theirs = app
            .create_mission(&second, mission("2", "M-12"), NOW)
            .await
            .unwrap();
        // Another structure's ref: created (was 409, "a mission with this ref exists").
        let mine = app
            .create_mission(&first, mission("1", "M-12"), NOW)
            .await
            .unwrap();
        assert_ne!(mine.id, theirs.id);
        // The same structure twice: still a conflict.
        let again = app.create_mission(&first, mission("1", "M-12"), NOW).await;
        assert!(matches!(again, Err(Refused::Conflict(_))), "{again:?}");

        // The operator imports structure 3's M-12 (taken by 1 and 2: it was skipped) and
        // structure 1's (which 1's referent created): the first is written, the second is
        // skipped and named with the mission that holds its ref.
        let rows = vec![(2, mission("3", "M-12")), (3, mission("1", "M-12"))];
        let report = crate::import::missions(&app.store, rows, NOW, false, |_, _, _| {})
            .await
            .unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(report.imported, 1);
        assert_eq!(
            report.skipped,
            vec![SkippedRow {
                line: 3,
                reference: "M-12".into(),
                mission_id: mine.id,
            }]
        );
        let held: Vec<i64> = mission_refs(&app, "M-12")
            .await
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(held, vec![2, 1, 3]);

        // Every lookup by ref is inside a structure.
        let mut tx = app.store.begin().await.unwrap();
        assert_eq!(
            missions::by_ref(&mut tx, 1, "M-12").await.unwrap(),
            Some(mine.id)
        );
        assert_eq!(
            missions::by_ref(&mut tx, 2, "M-12").await.unwrap(),
            Some(theirs.id)
        );
        assert_eq!(missions::by_ref(&mut tx, 4, "M-12").await.unwrap(), None);
        tx.rollback().await.unwrap();
        app.store.close().await;
    }
}

/// A database URL with no migration applied yet, per backend.
async fn bare_databases() -> Vec<String> {
    let path = std::env::temp_dir().join(format!("{}.db", unique("renfort_mig")));
    let mut urls = vec![format!("sqlite://{}?mode=rwc", path.display())];
    if let Ok(admin) = std::env::var("RENFORT_TEST_POSTGRES") {
        sqlx::any::install_default_drivers();
        let name = unique("renfort_mig");
        let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .unwrap();
        conn.close().await.unwrap();
        let (base, _) = admin.rsplit_once('/').unwrap();
        urls.push(format!("{base}/{name}"));
    }
    urls
}

/// A database at migration 17 with missions, an alert on one of them and invitations (one
/// used, one not), brought to this version: SQLite rebuilds `missions`, which must keep its
/// rows, ids, counter, indexes and the alerts pointing at them.
#[tokio::test]
async fn migration_18_keeps_missions_and_voids_clear_invitations() {
    for url in bare_databases().await {
        sqlx::any::install_default_drivers();
        let sqlite = url.starts_with("sqlite:");
        {
            let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
            if sqlite {
                conn.execute("PRAGMA foreign_keys = ON").await.unwrap();
            }
            let migrator = if sqlite {
                &SQLITE_MIGRATIONS
            } else {
                &POSTGRES_MIGRATIONS
            };
            migrator.run_to(17, &mut conn).await.unwrap();
            for sql in [
                "INSERT INTO structures (id, external_ref, name, kind, departement, status, created_at) \
                 VALUES (1, 's-1', 'CCAS', 'ccas', '62', 'validated', 1), \
                 (2, 's-2', 'Croix', 'association', '59', 'validated', 1)",
                "INSERT INTO missions (id, external_ref, structure_id, domain, title, departement, \
                 places, created_at) VALUES (1, 'M-1', 1, 1, 'Tri', '62', 2, 1), \
                 (2, NULL, 1, 2, 'Garde', '62', 1, 1), (3, 'M-3', 2, 1, 'Colis', '59', 3, 1), \
                 (4, 'M-4', 2, 1, 'Gone', '59', 3, 1)",
                "DELETE FROM missions WHERE id = 4",
                "INSERT INTO volunteers (id, created_at) VALUES (1, 1)",
                "INSERT INTO participations (id, volunteer_id, mission_id, status, channel, created_at) \
                 VALUES (1, 1, 3, 'sent', 'sms', 1)",
                "INSERT INTO invites (code, kind, target_id, created_at, used_at) \
                 VALUES ('cleartext1', 'referent', 1, 1, NULL), ('cleartext2', 'referent', 1, 1, 5)",
            ] {
                conn.execute(sql).await.unwrap();
            }
            if !sqlite {
                // Ids written by hand: the sequence is where the application left it.
                conn.execute("SELECT setval(pg_get_serial_sequence('missions', 'id'), 4)")
                    .await
                    .unwrap();
            }
            conn.close().await.unwrap();
        }
        let store = Store::connect(&url).await.unwrap();
        let pool = store.pool();
        let kept: Vec<(i64, Option<String>, i64, String)> = sqlx::query_as(
            "SELECT id, external_ref, structure_id, title FROM missions ORDER BY id",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        assert_eq!(
            kept,
            vec![
                (1, Some("M-1".into()), 1, "Tri".into()),
                (2, None, 1, "Garde".into()),
                (3, Some("M-3".into()), 2, "Colis".into()),
            ]
        );
        // The alert still joins its mission.
        let title: String = sqlx::query_scalar(
            "SELECT m.title FROM participations p JOIN missions m ON m.id = p.mission_id",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(title, "Colis");
        // Old invitations are gone: they were stored in clear and never expired.
        let invites: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invites")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(invites, 0);
        // Structure 1 may now use structure 2's ref; its own twice is still refused.
        sqlx::query(
            "INSERT INTO missions (external_ref, structure_id, domain, title, departement, \
             places, created_at) VALUES ('M-3', 1, 1, 'Tri bis', '62', 2, 1)",
        )
        .execute(pool)
        .await
        .unwrap();
        let twice = sqlx::query(
            "INSERT INTO missions (external_ref, structure_id, domain, title, departement, \
             places, created_at) VALUES ('M-1', 1, 1, 'Tri ter', '62', 2, 1)",
        )
        .execute(pool)
        .await;
        assert!(twice.is_err(), "(structure, ref) stays unique");
        let next: i64 = sqlx::query_scalar("SELECT MAX(id) FROM missions")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(next, 5, "id 4, given once, is not given again");
        if sqlite {
            let mut conn = pool.acquire().await.unwrap();
            let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            assert_eq!(fk, 1, "foreign keys back on");
            let orphans = sqlx::query("PRAGMA foreign_key_check")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
            assert!(orphans.is_empty());
            // The alert's mission is still enforced.
            let dangling = sqlx::query(
                "INSERT INTO participations (volunteer_id, mission_id, status, channel, created_at) \
                 VALUES (1, 999, 'sent', 'sms', 1)",
            )
            .execute(&mut *conn)
            .await;
            assert!(dangling.is_err());
            let indexes: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'missions' \
                 AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name",
            )
            .fetch_all(&mut *conn)
            .await
            .unwrap();
            assert_eq!(indexes, vec!["missions_departement", "missions_open_lat"]);
        }
        store.close().await;
    }
}

async fn invite_reply(app: &Renfort, chat: &str, code: &str, now: i64) -> String {
    let last = app.store.last_message_id().await.unwrap();
    app.redeem_invite(chat, &unique("u"), StaffRole::Referent, code, None, now)
        .await
        .unwrap();
    let out = app.store.messages_after(last).await.unwrap();
    assert_eq!(out.len(), 1, "{out:?}");
    out[0].text.clone()
}

/// Probe: invitation codes never expired and were stored in clear.
#[tokio::test]
async fn invitation_codes_are_stored_hashed_and_expire() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let week = 7 * 86_400;
        sqlx::query("UPDATE referents SET lang = 'en' WHERE id = 2")
            .execute(app.store.pool())
            .await
            .unwrap();
        for (target, code) in [(1, "fr7code2abcd"), (2, "en7code2abcd")] {
            staff::create_invite(
                &app.store,
                StaffRole::Referent,
                target,
                code,
                NOW,
                NOW + week,
            )
            .await
            .unwrap();
        }
        let stored: Vec<String> =
            sqlx::query_scalar("SELECT code_hash FROM invites ORDER BY target_id")
                .fetch_all(app.store.pool())
                .await
                .unwrap();
        assert_eq!(
            stored,
            vec![tokens::hash("fr7code2abcd"), tokens::hash("en7code2abcd")]
        );
        assert!(stored.iter().all(|h| !h.contains("code2abcd")));

        // Past its date: a clear answer in the invited person's language, nothing linked.
        let late = NOW + week;
        let fr = invite_reply(&app, "7001", "fr7code2abcd", late).await;
        assert!(fr.contains("a expiré") && fr.contains("nouveau"), "{fr}");
        let en = invite_reply(&app, "7002", "en7code2abcd", late).await;
        assert!(en.contains("has expired") && en.contains("new one"), "{en}");
        let linked: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM staff_addresses WHERE channel = 'telegram'")
                .fetch_one(app.store.pool())
                .await
                .unwrap();
        assert_eq!(linked, 0);

        // Before its date: linked once; then used.
        let ok = invite_reply(&app, "7001", "fr7code2abcd", late - 1).await;
        assert!(ok.starts_with("C'est fait"), "{ok}");
        let used = invite_reply(&app, "7003", "fr7code2abcd", late - 1).await;
        assert!(used.contains("pas valable ou a déjà servi"), "{used}");
        // A wrong code, or the hash itself as a code: not valid.
        let mut tx = app.store.begin().await.unwrap();
        for guess in ["en7code2abcX", tokens::hash("en7code2abcd").as_str()] {
            let r = staff::redeem_invite(
                &mut tx,
                StaffRole::Referent,
                guess,
                Channel::Telegram,
                "7004",
                None,
                NOW,
            )
            .await
            .unwrap();
            assert_eq!(r, Redeemed::Invalid, "{guess}");
        }
        // The English referent's, still unused, was not consumed by its expired try.
        let r = staff::redeem_invite(
            &mut tx,
            StaffRole::Moderator,
            "en7code2abcd",
            Channel::Telegram,
            "7004",
            None,
            NOW,
        )
        .await
        .unwrap();
        assert_eq!(
            r,
            Redeemed::Invalid,
            "a referent's code is not a moderator's"
        );
        let r = staff::redeem_invite(
            &mut tx,
            StaffRole::Referent,
            "en7code2abcd",
            Channel::Telegram,
            "7004",
            None,
            NOW,
        )
        .await
        .unwrap();
        assert!(matches!(r, Redeemed::Linked(_, Lang::En)), "{r:?}");
        tx.rollback().await.unwrap();
        app.store.close().await;
    }
}

/// Probe: "OK 99999999999999999999" with one alert pending accepted that alert (the number
/// did not parse, so it read as "OK" alone).
#[tokio::test]
async fn numbers_too_large_for_any_id_read_as_unknown_ones() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        sqlx::query("UPDATE departement_settings SET validation = 'auto'")
            .execute(app.store.pool())
            .await
            .unwrap();
        let phone = "+33639980081";
        for text in ["Bonjour", "oui", "Jo", "Arras", "oui", "1 2 3 4", "le soir"] {
            say(&app, phone, text).await;
        }
        say(&app, phone, "MISSIONS").await;
        let alerted = say(&app, phone, "OUI 1").await;
        let referent = alerted
            .iter()
            .find(|m| m.priority == outbox::PRIORITY_ALERT)
            .unwrap()
            .address
            .clone();
        let status = || async {
            sqlx::query_scalar::<_, String>("SELECT status FROM participations")
                .fetch_one(app.store.pool())
                .await
                .unwrap()
        };
        let before = status().await;
        let to = |out: &[OutboxMessage], address: &str| -> Vec<String> {
            out.iter()
                .filter(|m| m.address == address)
                .map(|m| m.text.clone())
                .collect()
        };
        let unknown = to(&say(&app, &referent, "OK 424242").await, &referent);
        assert!(unknown[0].contains("l'alerte 424242 "), "{unknown:?}");
        for (typed, shown) in [
            ("OK 99999999999999999999", "99999999999999999999"),
            ("ok99999999999999999999", "99999999999999999999"),
            ("NON 0099999999999999999999", "99999999999999999999"),
            ("APPELE 9223372036854775808", "9223372036854775808"),
            ("MSG 99999999999999999999 Bonjour", "99999999999999999999"),
            (
                &format!("OK {}", "9".repeat(300)),
                "99999999999999999999...",
            ),
        ] {
            let out = say(&app, &referent, typed).await;
            let reply = to(&out, &referent);
            assert_eq!(reply, vec![unknown[0].replace("424242", shown)], "{typed}");
            assert!(
                to(&out, phone).is_empty(),
                "{typed}: the volunteer hears nothing"
            );
            assert_eq!(status().await, before, "{typed}: nothing recorded");
        }
        // COMPLET with such a number: the answer to any number beyond the list.
        say(&app, &referent, "MES MISSIONS").await;
        let beyond = to(&say(&app, &referent, "COMPLET 999").await, &referent);
        let huge = to(
            &say(&app, &referent, "COMPLET 99999999999999999999").await,
            &referent,
        );
        assert_eq!(huge, beyond);
        // In English too.
        sqlx::query("UPDATE referents SET lang = 'en'")
            .execute(app.store.pool())
            .await
            .unwrap();
        let en = to(
            &say(&app, &referent, "OK 99999999999999999999").await,
            &referent,
        );
        assert!(
            en.len() == 1 && en[0].contains("cannot find alert 99999999999999999999 "),
            "{en:?}"
        );
        assert_eq!(status().await, before);

        // A moderator's VALIDER: the answer to a number beyond the page.
        let moderator = "+33639989901";
        say(&app, moderator, "FILE").await;
        let beyond = to(&say(&app, moderator, "VALIDER 99").await, moderator);
        let huge = to(
            &say(&app, moderator, "VALIDER 99999999999999999999").await,
            moderator,
        );
        assert_eq!(huge, beyond);
        assert!(huge[0].contains("numéro"), "{huge:?}");
        app.store.close().await;
    }
}

/// Probe: database files were created 0644 outside the systemd unit.
#[tokio::test]
async fn sqlite_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let path = std::env::temp_dir().join(format!("{}.db", unique("renfort_mode")));
    let url = format!("sqlite://{}", path.display());
    let side = |suffix: &str| std::path::PathBuf::from(format!("{}{suffix}", path.display()));
    let store = Store::connect(&url).await.unwrap();
    let mut tx = store.begin().await.unwrap();
    sqlx::query("INSERT INTO departement_settings (departement) VALUES ('62')")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    for file in [path.clone(), side("-wal"), side("-shm")] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    store.close().await;
    // Files an older version left readable by others are narrowed at open.
    for file in [path.clone(), side("-wal"), side("-shm")] {
        if file.exists() {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
    let store = Store::connect(&url).await.unwrap();
    for file in [path.clone(), side("-wal"), side("-shm")] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    store.close().await;
}

/// A referent's CSV in the console: only their own structure, every error by line with
/// nothing written, a ref they have already skipped.
#[tokio::test]
async fn a_referents_csv_imports_for_their_structure_only() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let ccas = Principal::Referent { structure_id: 1 };
        let count = || async {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM missions WHERE structure_id = 1")
                .fetch_one(app.store.pool())
                .await
                .unwrap()
        };
        let before = count().await;
        let header =
            "structure,domain,title,description,place,remote,places,schedule,starts_on,ends_on,ref";
        // Line 3 names another structure: refused, and line 2 is not written either.
        let csv = format!("{header}\n,1,Tri,,Arras,no,2,,,,c-1\n2,1,Tri,,Arras,no,2,,,,c-2\n");
        let out = app.import_missions_for(&ccas, 1, &csv, NOW).await.unwrap();
        assert_eq!(out.imported, 0);
        assert_eq!(
            out.errors,
            [(3, "structure: only your own structure".to_string())]
        );
        assert_eq!(count().await, before);
        // A title too long on line 2: named by line.
        let csv = format!("{header}\n1,1,{},,Arras,no,2,,,,c-1\n", "T".repeat(61));
        let out = app.import_missions_for(&ccas, 1, &csv, NOW).await.unwrap();
        assert_eq!(out.errors.len(), 1, "{out:?}");
        assert_eq!(out.errors[0].0, 2);
        // Good rows: written (pending), and the same file again is skipped, not doubled.
        let csv = format!("{header}\n,1,Tri,,Arras,no,2,,,,c-1\n1,2,Garde,,Arras,no,1,,,,c-2\n");
        let out = app.import_missions_for(&ccas, 1, &csv, NOW).await.unwrap();
        assert_eq!((out.imported, out.errors.len()), (2, 0), "{out:?}");
        let again = app.import_missions_for(&ccas, 1, &csv, NOW).await.unwrap();
        assert_eq!((again.imported, again.skipped.clone()), (0, vec![2, 3]));
        assert_eq!(count().await, before + 2);
    }
}
