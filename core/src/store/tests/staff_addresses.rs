//! Migration 0016 moves referents' and moderators' `phone` and `telegram_chat` columns into
//! `staff_addresses`: on a database migrated up to 0015 with staff in it, every address is
//! kept, the chat stays the one alerts go to, and ids are not given twice.

use sqlx::any::AnyPoolOptions;

use super::*;
use crate::domain::{Lang, StaffRole};
use crate::store::staff::{Staff, StaffAddress};

/// A new database on each backend available here, as a URL (nothing applied yet).
async fn urls() -> Vec<(Backend, String)> {
    sqlx::any::install_default_drivers();
    let path = std::env::temp_dir().join(format!("{}.db", unique("renfort_test")));
    let mut urls = vec![(
        Backend::Sqlite,
        format!("sqlite://{}?mode=rwc", path.display()),
    )];
    if let Ok(admin) = std::env::var("RENFORT_TEST_POSTGRES") {
        let name = unique("renfort_test");
        let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .unwrap();
        conn.close().await.unwrap();
        let (base, _) = admin.rsplit_once('/').unwrap();
        urls.push((Backend::Postgres, format!("{base}/{name}")));
    }
    urls
}

fn sms(address: &str) -> StaffAddress {
    StaffAddress {
        channel: Channel::Sms,
        address: address.into(),
    }
}

fn telegram(address: &str) -> StaffAddress {
    StaffAddress {
        channel: Channel::Telegram,
        address: address.into(),
    }
}

#[tokio::test]
async fn migration_0016_keeps_every_staff_phone_and_chat_and_prefers_the_chat() {
    for (backend, url) in urls().await {
        let before = AnyPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await
            .unwrap();
        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run_to(15, &before).await.unwrap();
        for sql in [
            "INSERT INTO structures (id, name, kind, departement, status, created_at) VALUES \
             (1, 'CCAS', 'ccas', '62', 'validated', 0), (2, 'Banque', 'association', '62', \
             'validated', 0)",
            "INSERT INTO missions (id, structure_id, domain, title, departement, places, status, \
             created_at) VALUES (1, 1, 1, 'Colis', '62', 2, 'validated', 0)",
            // Paul linked his chat through an invitation; Anne has a phone only; Paul's phone
            // is also the referent of another structure; a fourth referent was removed.
            "INSERT INTO referents (id, structure_id, name, phone, telegram_chat, \
             telegram_handle, lang) VALUES (1, 1, 'Paul', '+33639980101', '7101', 'paul_ccas', \
             'en'), (2, 1, 'Anne', '+33639980102', NULL, NULL, 'fr'), \
             (3, 2, 'Paul', '+33639980101', NULL, NULL, 'fr'), (4, 2, 'Old', '+33639980104', \
             NULL, NULL, 'fr')",
            "DELETE FROM referents WHERE id = 4",
            "INSERT INTO moderators (id, name, phone, telegram_chat, departements, digest_day) \
             VALUES (1, 'Claire', '+33639980201', '7201', '62', NULL), \
             (2, 'Marc', '+33639980202', NULL, '59 62', '2027-01-01'), \
             (3, 'Lea', NULL, '7203', '62', NULL), (4, 'Nord', '+33639980204', NULL, '59', NULL)",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&before)
                .await
                .unwrap();
        }
        if backend == Backend::Postgres {
            // Explicit ids leave PostgreSQL's sequences behind; the application never gives
            // ids, so bring them where its own inserts would have left them.
            for table in ["referents", "moderators"] {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), 4)"
                )))
                .execute(&before)
                .await
                .unwrap();
            }
        }
        before.close().await;

        // What `serve` or `renfort migrate` does: apply the rest.
        let store = Store::connect(&url).await.unwrap();
        let mut conn = store.pool().acquire().await.unwrap();
        let of = |role, id| (role, id);
        for ((role, id), expected) in [
            (
                of(StaffRole::Referent, 1),
                vec![telegram("7101"), sms("+33639980101")],
            ),
            (of(StaffRole::Referent, 2), vec![sms("+33639980102")]),
            (of(StaffRole::Referent, 3), vec![sms("+33639980101")]),
            (of(StaffRole::Referent, 4), vec![]),
            (
                of(StaffRole::Moderator, 1),
                vec![telegram("7201"), sms("+33639980201")],
            ),
            (of(StaffRole::Moderator, 2), vec![sms("+33639980202")]),
            (of(StaffRole::Moderator, 3), vec![telegram("7203")]),
        ] {
            assert_eq!(
                staff::addresses(&mut conn, role, id).await.unwrap(),
                expected,
                "{role:?} {id}"
            );
        }
        let handle: Option<String> = sqlx::query_scalar(
            "SELECT handle FROM staff_addresses WHERE staff_kind = 'referent' AND staff_id = 1 \
             AND channel = 'telegram'",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        assert_eq!(handle.as_deref(), Some("paul_ccas"));

        // Who writes: by phone or by chat, the first referent, else the moderator.
        let paul = Staff::Referent {
            id: 1,
            structure_id: 1,
            lang: Lang::En,
        };
        for (channel, address) in [(Channel::Sms, "+33639980101"), (Channel::Telegram, "7101")] {
            assert_eq!(
                staff::staff_of(&mut conn, channel, address).await.unwrap(),
                Some(paul.clone())
            );
        }
        assert_eq!(
            staff::staff_of(&mut conn, Channel::Sms, "+33639980202")
                .await
                .unwrap(),
            Some(Staff::Moderator {
                id: 2,
                departements: vec!["59".into(), "62".into()],
                lang: Lang::Fr,
            })
        );
        // A chat id is not a phone: the channel is part of the address.
        assert_eq!(
            staff::staff_of(&mut conn, Channel::Sms, "7201")
                .await
                .unwrap(),
            None
        );
        drop(conn);

        // Alerts: the chat when there is one, else the phone, one per person, in id order.
        let mut tx = store.begin().await.unwrap();
        let to = |contacts: Vec<StaffContact>| {
            contacts
                .into_iter()
                .map(|c| (c.channel, c.address))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            to(staff::referents_of_mission(&mut tx, 1).await.unwrap()),
            vec![
                (Channel::Telegram, "7101".to_string()),
                (Channel::Sms, "+33639980102".to_string())
            ]
        );
        assert_eq!(
            to(staff::moderators_of(&mut tx, "62").await.unwrap()),
            vec![
                (Channel::Telegram, "7201".to_string()),
                (Channel::Sms, "+33639980202".to_string()),
                (Channel::Telegram, "7203".to_string())
            ]
        );
        // The removed referent's id is not given again.
        staff::ensure_referent(&mut tx, 2, "Zoé", Channel::Sms, "+33639980105")
            .await
            .unwrap();
        let zoe: i64 = sqlx::query_scalar("SELECT MAX(id) FROM referents")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        assert_eq!(zoe, 5);
        // The old columns are gone: nothing can read them by mistake.
        for sql in [
            "SELECT phone FROM referents",
            "SELECT telegram_chat FROM moderators",
        ] {
            let gone = sqlx::query(sql).fetch_all(&mut *tx).await;
            assert!(gone.is_err(), "{sql}");
            // PostgreSQL aborts a transaction after an error: start again.
            tx.rollback().await.unwrap();
            tx = store.begin().await.unwrap();
        }
        tx.rollback().await.unwrap();
        let digest: Vec<i64> = staff::sms_moderators(&store)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(digest, vec![2, 4], "the moderators reached by SMS");

        // An invitation redeemed from a chat: Anne is alerted there from then on; a new chat
        // of Paul's takes the place of the old one, which is nobody's any more.
        staff::create_invite(&store, StaffRole::Referent, 2, "anne", NOW, NOW + 60)
            .await
            .unwrap();
        let mut tx = store.begin().await.unwrap();
        let told = staff::redeem_invite(
            &mut tx,
            StaffRole::Referent,
            "anne",
            Channel::Telegram,
            "7102",
            Some("anne62"),
            NOW,
        )
        .await
        .unwrap();
        assert_eq!(told, staff::Redeemed::Linked("CCAS".to_string(), Lang::Fr));
        staff::link_address(
            &mut tx,
            StaffRole::Referent,
            1,
            Channel::Telegram,
            "7111",
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            staff::addresses(&mut tx, StaffRole::Referent, 2)
                .await
                .unwrap(),
            vec![telegram("7102"), sms("+33639980102")]
        );
        assert_eq!(
            staff::addresses(&mut tx, StaffRole::Referent, 1)
                .await
                .unwrap(),
            vec![telegram("7111"), sms("+33639980101")]
        );
        assert_eq!(
            staff::staff_of(&mut tx, Channel::Telegram, "7101")
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            to(staff::referents_of_mission(&mut tx, 1).await.unwrap()),
            vec![
                (Channel::Telegram, "7111".to_string()),
                (Channel::Telegram, "7102".to_string())
            ]
        );
        tx.commit().await.unwrap();
        store.close().await;
    }
}
