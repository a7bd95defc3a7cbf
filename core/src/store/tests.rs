//! The store suite: the same scenarios on SQLite and on PostgreSQL.
//!
//! PostgreSQL runs when `RENFORT_TEST_POSTGRES` holds an admin URL (each test creates its own
//! database there); `.ci/run` starts a real server and also sets `RENFORT_REQUIRE_POSTGRES=1`
//! so that a missing server fails the suite instead of skipping it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::{Connection, Executor};

use super::*;
use crate::domain::{Channel, ItemKind};
use crate::engine::Event;
use crate::render::PlainRenderer;
use crate::seed;
use crate::service::{Config, Handled, Renderers, Renfort};

mod answers;
mod fanout;
mod flood;
mod group_commit;
mod outage;
mod staff_addresses;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

async fn sqlite() -> Store {
    let path = std::env::temp_dir().join(format!("{}.db", unique("renfort_test")));
    Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap()
}

async fn postgres() -> Option<Store> {
    let Ok(admin) = std::env::var("RENFORT_TEST_POSTGRES") else {
        assert!(
            std::env::var("RENFORT_REQUIRE_POSTGRES").is_err(),
            "RENFORT_REQUIRE_POSTGRES is set but RENFORT_TEST_POSTGRES is not"
        );
        eprintln!("store suite: RENFORT_TEST_POSTGRES not set, PostgreSQL not tested here");
        return None;
    };
    sqlx::any::install_default_drivers();
    let name = unique("renfort_test");
    let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .unwrap();
    conn.close().await.unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    Some(Store::connect(&format!("{base}/{name}")).await.unwrap())
}

/// Every backend available here.
async fn backends() -> Vec<Renfort> {
    let mut stores = vec![sqlite().await];
    stores.extend(postgres().await);
    stores
        .into_iter()
        .map(|store| {
            let renderers = Renderers {
                sms: Arc::new(PlainRenderer),
                telegram: Arc::new(PlainRenderer),
            };
            let config = Config {
                home_departement: Some("62".into()),
                // Scenarios here send many messages at one instant; the flood test sets its own.
                flood: crate::service::FloodLimit {
                    max_messages: 1000,
                    window: 300,
                    consent_allowance: 1000,
                },
                ..Config::default()
            };
            Renfort::new(store, config, renderers)
        })
        .collect()
}

const NOW: i64 = 1_800_000_000;

/// Sends one SMS and returns every message it caused (and marks them delivered).
async fn say(app: &Renfort, from: &str, text: &str) -> Vec<OutboxMessage> {
    let last = app.store.last_message_id().await.unwrap();
    let id = unique("msg");
    let handled = app
        .handle_inbound(Channel::Sms, from, &id, Event::Text(text.into()), NOW)
        .await
        .unwrap();
    assert_eq!(handled, Handled::Processed);
    let out = app.store.messages_after(last).await.unwrap();
    for m in &out {
        app.store.mark_sent_locally(m, "test", NOW).await.unwrap();
    }
    out
}

/// Registers with the given answers for name and place (a place may take two answers: a
/// postal code, then a number).
async fn register(app: &Renfort, phone: &str, name: &str, place: &str) -> i64 {
    let mut script = vec!["Bonjour", "oui", name];
    script.extend(place.split('|'));
    script.extend(["oui", "1 2 3 4", "soirs"]);
    for text in script {
        say(app, phone, text).await;
    }
    app.store
        .volunteer_id(Channel::Sms, phone)
        .await
        .unwrap()
        .unwrap()
}

async fn scalar(app: &Renfort, sql: &'static str, id: i64) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .bind(id)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn journey_registration_moderation_intent_alert_stop() {
    for app in backends().await {
        let report = seed::demo(&app.store, NOW).await.unwrap();
        assert_eq!(report.structures, 50);
        // Idempotent.
        seed::demo(&app.store, NOW).await.unwrap();
        let structures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM structures")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        assert_eq!(structures, 50);

        let phone = "+33639980001";
        let id = register(&app, phone, "Marie", "62000|1").await;
        let queue = app.store.moderation_queue(Some("62")).await.unwrap();
        assert!(
            queue
                .iter()
                .any(|i| i.kind == ItemKind::Volunteer && i.id == id)
        );
        assert!(
            app.store
                .moderation_queue(Some("59"))
                .await
                .unwrap()
                .is_empty()
        );

        // Moderation: scope is enforced, then the volunteer is validated and told.
        let scope = vec!["59".to_string()];
        assert!(
            app.moderate(ItemKind::Volunteer, id, true, Some(&scope), NOW)
                .await
                .is_err()
        );
        let last = app.store.last_message_id().await.unwrap();
        app.moderate(ItemKind::Volunteer, id, true, None, NOW)
            .await
            .unwrap();
        let told = app.store.messages_after(last).await.unwrap();
        assert_eq!(told.len(), 1);
        assert!(told[0].text.contains("validée"), "{}", told[0].text);
        assert!(
            app.moderate(ItemKind::Volunteer, id, true, None, NOW)
                .await
                .is_err(),
            "not pending twice"
        );

        let list = say(&app, phone, "MISSIONS").await;
        assert_eq!(list.len(), 1);
        let lines: Vec<&str> = list[0].text.lines().collect();
        assert!(
            lines[1].starts_with("1. ") && lines[1].contains("Arras"),
            "{}",
            list[0].text
        );
        let km = |line: &str| -> f64 {
            let s = line.rsplit(' ').nth(1).unwrap().replace(',', ".");
            if s == "<1" { 0.0 } else { s.parse().unwrap() }
        };
        assert!(
            km(lines[1]) <= km(lines[2]) && km(lines[2]) <= km(lines[3]),
            "{lines:?}"
        );

        let first_mission = {
            let c: String = sqlx::query_scalar("SELECT conversation FROM volunteers WHERE id = $1")
                .bind(id)
                .fetch_one(app.store.pool())
                .await
                .unwrap();
            let conv: crate::engine::Conversation = serde_json::from_str(&c).unwrap();
            conv.shown[0]
        };
        let taken_before = scalar(
            &app,
            "SELECT places_taken FROM missions WHERE id = $1",
            first_mission,
        )
        .await;
        let out = say(&app, phone, "OUI 1").await;
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[0].address, phone);
        assert!(
            out[1].address.starts_with("+33639981"),
            "referent alert: {out:?}"
        );
        assert!(out[1].text.contains("Marie") && out[1].text.contains("06 39 98 00 01"));
        assert_eq!(out[1].priority, outbox::PRIORITY_ALERT);
        let taken_after = scalar(
            &app,
            "SELECT places_taken FROM missions WHERE id = $1",
            first_mission,
        )
        .await;
        assert_eq!(taken_after, taken_before + 1);
        let status: String = sqlx::query_scalar(
            "SELECT status FROM participations WHERE volunteer_id = $1 AND mission_id = $2",
        )
        .bind(id)
        .bind(first_mission)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        assert_eq!(status, "sent");

        let stop = say(&app, phone, "STOP").await;
        assert_eq!(stop.len(), 1);
        for text in ["MISSIONS", "OUI 2", "aide"] {
            assert!(say(&app, phone, text).await.is_empty());
        }
        // The STOP confirmation itself still leaves; nothing else does.
        assert!(
            app.store
                .due_messages(None, NOW, 100)
                .await
                .unwrap()
                .is_empty()
        );
        let restarted = say(&app, phone, "START").await;
        assert_eq!(restarted.len(), 1);
        app.store.close().await;
    }
}

#[tokio::test]
async fn replay_is_processed_once() {
    for app in backends().await {
        let first = app
            .handle_inbound(
                Channel::Sms,
                "+33639980005",
                "SM123",
                Event::Text("Bonjour".into()),
                NOW,
            )
            .await
            .unwrap();
        let again = app
            .handle_inbound(
                Channel::Sms,
                "+33639980005",
                "SM123",
                Event::Text("Bonjour".into()),
                NOW,
            )
            .await
            .unwrap();
        assert_eq!((first, again), (Handled::Processed, Handled::Duplicate));
        assert_eq!(app.store.messages_after(0).await.unwrap().len(), 1);
        let body: Option<String> =
            sqlx::query_scalar("SELECT body FROM inbound WHERE external_id = 'SM123'")
                .fetch_one(app.store.pool())
                .await
                .unwrap();
        assert_eq!(
            body.as_deref(),
            Some("Bonjour"),
            "the inbound message is stored"
        );
        assert_eq!(app.store.purge_inbound(NOW + 29 * 86_400).await.unwrap(), 0);
        assert_eq!(app.store.purge_inbound(NOW + 31 * 86_400).await.unwrap(), 1);
    }
}

#[tokio::test]
async fn held_intent_is_relayed_on_validation_and_refusal_frees_places() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let anne = register(&app, "+33639980011", "Anne", "Arras").await;
        say(&app, "+33639980011", "MISSIONS").await;
        let held = say(&app, "+33639980011", "OUI 1").await;
        assert_eq!(held.len(), 1, "no alert while held: {held:?}");
        let status: String =
            sqlx::query_scalar("SELECT status FROM participations WHERE volunteer_id = $1")
                .bind(anne)
                .fetch_one(app.store.pool())
                .await
                .unwrap();
        assert_eq!(status, "held");
        let last = app.store.last_message_id().await.unwrap();
        app.moderate(ItemKind::Volunteer, anne, true, None, NOW)
            .await
            .unwrap();
        let out = app.store.messages_after(last).await.unwrap();
        assert_eq!(out.len(), 2, "alert + news: {out:?}");
        assert!(
            out.iter()
                .any(|m| m.address.starts_with("+33639981") && m.text.contains("Anne"))
        );

        let paul = register(&app, "+33639980012", "Paul", "Arras").await;
        say(&app, "+33639980012", "MISSIONS").await;
        say(&app, "+33639980012", "OUI 1").await;
        let mission: i64 =
            sqlx::query_scalar("SELECT mission_id FROM participations WHERE volunteer_id = $1")
                .bind(paul)
                .fetch_one(app.store.pool())
                .await
                .unwrap();
        let taken = scalar(
            &app,
            "SELECT places_taken FROM missions WHERE id = $1",
            mission,
        )
        .await;
        app.moderate(ItemKind::Volunteer, paul, false, None, NOW)
            .await
            .unwrap();
        assert_eq!(
            scalar(
                &app,
                "SELECT places_taken FROM missions WHERE id = $1",
                mission
            )
            .await,
            taken - 1
        );
    }
}

#[tokio::test]
async fn the_last_place_goes_to_one_volunteer_and_full_missions_are_not_offered() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        sqlx::query("UPDATE departement_settings SET validation = 'auto'")
            .execute(app.store.pool())
            .await
            .unwrap();
        let a = register(&app, "+33639980021", "Alice", "Arras").await;
        let b = register(&app, "+33639980022", "Bruno", "Arras").await;
        say(&app, "+33639980021", "MISSIONS").await;
        say(&app, "+33639980022", "MISSIONS").await;
        // Both look at the same first mission; leave it one place.
        let mission: i64 = {
            let c: String = sqlx::query_scalar("SELECT conversation FROM volunteers WHERE id = $1")
                .bind(a)
                .fetch_one(app.store.pool())
                .await
                .unwrap();
            serde_json::from_str::<crate::engine::Conversation>(&c)
                .unwrap()
                .shown[0]
        };
        sqlx::query("UPDATE missions SET places = places_taken + 1 WHERE id = $1")
            .bind(mission)
            .execute(app.store.pool())
            .await
            .unwrap();
        let (ra, rb) = tokio::join!(
            app.handle_inbound(
                Channel::Sms,
                "+33639980021",
                "race-a",
                Event::Text("OUI 1".into()),
                NOW
            ),
            app.handle_inbound(
                Channel::Sms,
                "+33639980022",
                "race-b",
                Event::Text("OUI 1".into()),
                NOW
            ),
        );
        ra.unwrap();
        rb.unwrap();
        let winners: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM participations WHERE mission_id = $1 AND status = 'sent'",
        )
        .bind(mission)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        assert_eq!(winners, 1);
        let status: String = sqlx::query_scalar("SELECT status FROM missions WHERE id = $1")
            .bind(mission)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        assert_eq!(status, "full");
        // Neither is offered the full mission any more.
        for (vid, phone) in [(a, "+33639980021"), (b, "+33639980022")] {
            say(&app, phone, "MISSIONS").await;
            let c: String = sqlx::query_scalar("SELECT conversation FROM volunteers WHERE id = $1")
                .bind(vid)
                .fetch_one(app.store.pool())
                .await
                .unwrap();
            let conv: crate::engine::Conversation = serde_json::from_str(&c).unwrap();
            assert!(!conv.shown.contains(&mission));
        }
    }
}

#[tokio::test]
async fn stop_drops_messages_already_queued() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        sqlx::query("UPDATE departement_settings SET validation = 'auto'")
            .execute(app.store.pool())
            .await
            .unwrap();
        register(&app, "+33639980031", "Chloé", "Arras").await;
        say(&app, "+33639980031", "MISSIONS").await;
        let last = app.store.last_message_id().await.unwrap();
        app.handle_inbound(
            Channel::Sms,
            "+33639980031",
            "q1",
            Event::Text("OUI 1".into()),
            NOW,
        )
        .await
        .unwrap();
        let alert = app.store.messages_after(last).await.unwrap();
        let referent = alert
            .iter()
            .find(|m| m.address != "+33639980031")
            .unwrap()
            .address
            .clone();
        // The referent opts out before the alert left.
        let mut tx = app.store.begin().await.unwrap();
        contacts::set_stopped(&mut tx, Channel::Sms, &referent, Some(NOW), NOW)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let due = app.store.due_messages(None, NOW, 100).await.unwrap();
        assert!(due.iter().all(|m| m.address != referent), "{due:?}");
        assert_eq!(due.len(), 1, "the volunteer's reply still leaves");
    }
}

#[tokio::test]
async fn erase_keeps_anonymous_counts_and_frees_places() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let phone = "+33639980041";
        for text in ["Bonjour", "oui", "'; DROP TABLE volunteers; --"] {
            say(&app, phone, text).await;
        }
        let id = app
            .store
            .volunteer_id(Channel::Sms, phone)
            .await
            .unwrap()
            .unwrap();
        let v = {
            let mut tx = app.store.begin().await.unwrap();
            let v = volunteers::load_volunteer(&mut tx, id, false)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            v
        };
        assert_eq!(v.first_name, None, "SQL-looking text is not a first name");
        for text in ["Léa", "Arras", "oui", "1", "'); DELETE FROM missions; --"] {
            say(&app, phone, text).await;
        }
        let missions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM missions")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        assert_eq!(missions, 100);
        let stored: String =
            sqlx::query_scalar("SELECT availability FROM volunteers WHERE id = $1")
                .bind(id)
                .fetch_one(app.store.pool())
                .await
                .unwrap();
        assert_eq!(stored, "'); DELETE FROM missions; --");
        say(&app, phone, "MISSIONS").await;
        say(&app, phone, "OUI 1").await;
        let mission: i64 =
            sqlx::query_scalar("SELECT mission_id FROM participations WHERE volunteer_id = $1")
                .bind(id)
                .fetch_one(app.store.pool())
                .await
                .unwrap();
        let taken = scalar(
            &app,
            "SELECT places_taken FROM missions WHERE id = $1",
            mission,
        )
        .await;
        say(&app, phone, "SUPPRIMER").await;
        let bye = say(&app, phone, "OUI").await;
        assert_eq!(bye.len(), 1);
        let row =
            sqlx::query("SELECT status, first_name, availability FROM volunteers WHERE id = $1")
                .bind(id)
                .fetch_one(app.store.pool())
                .await
                .unwrap();
        use sqlx::Row;
        assert_eq!(row.get::<String, _>(0), "erased");
        assert_eq!(row.get::<Option<String>, _>(1), None);
        assert_eq!(row.get::<Option<String>, _>(2), None);
        assert_eq!(
            app.store.volunteer_id(Channel::Sms, phone).await.unwrap(),
            None
        );
        assert_eq!(
            scalar(
                &app,
                "SELECT places_taken FROM missions WHERE id = $1",
                mission
            )
            .await,
            taken - 1
        );
        let kept: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM inbound WHERE address = $1 AND body IS NOT NULL",
        )
        .bind(phone)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        assert_eq!(kept, 0, "inbound bodies erased too");
        // A new message starts afresh.
        let hello = say(&app, phone, "Bonjour").await;
        assert!(hello[0].text.starts_with("Bienvenue"));
    }
}

async fn auto_validation(app: &Renfort) {
    sqlx::query("UPDATE departement_settings SET validation = 'auto'")
        .execute(app.store.pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn reminders_after_48_hours_and_moderators_after_5_days_once_each() {
    use crate::engine::followup::{ESCALATE_AFTER, REMIND_AFTER};
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        register(&app, "+33639980051", "Inès", "Arras").await;
        say(&app, "+33639980051", "MISSIONS").await;
        let alert = say(&app, "+33639980051", "OUI 1").await;
        let referent = alert[1].address.clone();
        // A second volunteer whose alert is answered in time gets no reminder.
        register(&app, "+33639980052", "Hugo", "Arras").await;
        say(&app, "+33639980052", "MISSIONS").await;
        let other = say(&app, "+33639980052", "OUI 2").await;
        let code: i64 = other[1]
            .text
            .lines()
            .next()
            .unwrap()
            .rsplit(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let other_referent = other[1].address.clone();
        say(&app, &other_referent, &format!("OK {code}")).await;

        let last = app.store.last_message_id().await.unwrap();
        assert_eq!(
            app.follow_up(NOW + REMIND_AFTER - 60).await.unwrap(),
            Default::default()
        );
        // Two instances at once: one reminder.
        let (a, b) = tokio::join!(
            app.follow_up(NOW + REMIND_AFTER + 60),
            app.follow_up(NOW + REMIND_AFTER + 60)
        );
        assert_eq!(a.unwrap().reminders + b.unwrap().reminders, 1);
        let out = app.store.messages_after(last).await.unwrap();
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].address, referent);
        assert!(
            out[0]
                .text
                .starts_with("Rappel Renfort : Inès attend votre appel"),
            "{}",
            out[0].text
        );
        assert_eq!(
            app.follow_up(NOW + REMIND_AFTER + 3_600)
                .await
                .unwrap()
                .reminders,
            0
        );

        let last = app.store.last_message_id().await.unwrap();
        let done = app.follow_up(NOW + ESCALATE_AFTER + 60).await.unwrap();
        assert_eq!(done.escalations, 1);
        let out = app.store.messages_after(last).await.unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].address, "+33639989901", "the moderator of 62");
        assert!(out[0].text.contains("sans réponse depuis 5 jours"));
        assert_eq!(
            app.follow_up(NOW + ESCALATE_AFTER + 7_200).await.unwrap(),
            Default::default()
        );
    }
}

async fn pending_mission(app: &Renfort, title: &str, commune: &str, domain: i64) -> i64 {
    pending_mission_in(app, "62", title, commune, domain).await
}

async fn pending_mission_in(
    app: &Renfort,
    departement: &str,
    title: &str,
    commune: &str,
    domain: i64,
) -> i64 {
    let c = match crate::geo::Gazetteer::get().resolve(commune, Some(departement)) {
        crate::geo::Resolution::Found(c) => c,
        other => panic!("{other:?}"),
    };
    sqlx::query_scalar(
        "INSERT INTO missions (structure_id, domain, title, description, remote, insee, commune, \
         departement, lat, lon, schedule, places, status, created_at) \
         VALUES (1, $1, $2, '', 0, $3, $4, $8, $5, $6, '', 3, 'pending', $7) RETURNING id",
    )
    .bind(domain)
    .bind(title)
    .bind(c.insee)
    .bind(c.name)
    .bind(c.point.lat)
    .bind(c.point.lon)
    .bind(NOW)
    .bind(departement)
    .fetch_one(app.store.pool())
    .await
    .unwrap()
}

/// Quiet hours are local: at 22:00 in Paris it is 01:00 in Réunion, whose volunteers hear of
/// a Réunion mission at 09:00 there (05:00 UTC), three hours before Arras's of an Arras one.
#[tokio::test]
async fn new_mission_alerts_wait_for_the_morning_in_the_local_time_zone() {
    // NOW is 2027-01-15 08:00 UTC; NIGHT is 21:00 UTC (22:00 Paris, 01:00 on the 16th in
    // Réunion).
    const NIGHT: i64 = NOW + 13 * 3_600;
    let reunion_nine = NOW + 21 * 3_600;
    let paris_nine = NOW + 24 * 3_600;
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        register(&app, "+33639980081", "Lou", "Arras").await;
        // Far from the number's usual area: the bot asks to confirm the commune.
        let lea = register(&app, "+33639980082", "Léa", "Le Tampon|oui").await;
        // Réunion may have no moderation settings in the demo: validated by hand.
        sqlx::query("UPDATE volunteers SET status = 'validated' WHERE id = $1")
            .bind(lea)
            .execute(app.store.pool())
            .await
            .unwrap();
        let last = app.store.last_message_id().await.unwrap();
        for (dep, commune) in [("974", "Le Tampon"), ("62", "Arras")] {
            let m = pending_mission_in(&app, dep, "Maraude", commune, 1).await;
            app.moderate(ItemKind::Mission, m, true, None, NIGHT)
                .await
                .unwrap();
        }
        let queued = app.store.messages_after(last).await.unwrap();
        let mut to: Vec<&str> = queued.iter().map(|m| m.address.as_str()).collect();
        to.sort_unstable();
        assert_eq!(to, ["+33639980081", "+33639980082"], "{queued:?}");
        let due_at = |t: i64| {
            let app = &app;
            async move {
                let mut to: Vec<String> = app
                    .store
                    .due_messages(None, t, 100)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|m| m.text.contains("Maraude"))
                    .map(|m| m.address)
                    .collect();
                to.sort_unstable();
                to
            }
        };
        assert!(due_at(reunion_nine - 60).await.is_empty());
        assert_eq!(due_at(reunion_nine).await, ["+33639980082"]);
        assert_eq!(due_at(paris_nine).await, ["+33639980081", "+33639980082"]);
        let day: Option<String> =
            sqlx::query_scalar("SELECT last_alert_day FROM volunteers WHERE id = $1")
                .bind(lea)
                .fetch_one(app.store.pool())
                .await
                .unwrap();
        assert_eq!(day.as_deref(), Some("2027-01-16"), "Réunion's own day");
    }
}

#[tokio::test]
async fn new_mission_alerts_wait_for_morning_and_come_once_a_day() {
    // NOW is 09:00 in Paris (winter); NIGHT is 22:00 the same day.
    const NIGHT: i64 = NOW + 13 * 3_600;
    let next_morning = NOW + 86_400;
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        register(&app, "+33639980061", "Lou", "Arras").await;
        register(&app, "+33639980062", "Max", "Calais").await;
        for text in [
            "Bonjour", "oui", "Nina", "Arras", "non", "1 2 3 4", "PASSER",
        ] {
            say(&app, "+33639980063", text).await;
        }
        register(&app, "+33639980064", "Zoé", "Dainville").await;
        say(&app, "+33639980064", "STOP").await;

        let first = pending_mission(&app, "Maraude du soir", "Arras", 1).await;
        let last = app.store.last_message_id().await.unwrap();
        app.moderate(ItemKind::Mission, first, true, None, NIGHT)
            .await
            .unwrap();
        let queued = app.store.messages_after(last).await.unwrap();
        let to: Vec<&str> = queued.iter().map(|m| m.address.as_str()).collect();
        assert_eq!(to, ["+33639980061"], "near, on site, active: {queued:?}");
        assert_eq!(queued[0].priority, outbox::PRIORITY_BULK);
        assert!(queued[0].text.contains("Maraude du soir"));
        // Deferred to 09:00, not dropped.
        assert!(
            app.store
                .due_messages(None, NIGHT, 100)
                .await
                .unwrap()
                .is_empty()
        );
        let due = app
            .store
            .due_messages(None, next_morning, 100)
            .await
            .unwrap();
        assert_eq!(due.len(), 1);

        // A second mission the same day: no second alert.
        let second = pending_mission(&app, "Collecte", "Arras", 1).await;
        let last = app.store.last_message_id().await.unwrap();
        app.moderate(ItemKind::Mission, second, true, None, NIGHT + 60)
            .await
            .unwrap();
        assert!(app.store.messages_after(last).await.unwrap().is_empty());
        // The remote-only volunteer hears of remote missions.
        let remote = pending_mission(&app, "Appels", "Arras", 3).await;
        sqlx::query("UPDATE missions SET remote = 1 WHERE id = $1")
            .bind(remote)
            .execute(app.store.pool())
            .await
            .unwrap();
        let last = app.store.last_message_id().await.unwrap();
        app.moderate(ItemKind::Mission, remote, true, None, NOW)
            .await
            .unwrap();
        let queued = app.store.messages_after(last).await.unwrap();
        let to: Vec<&str> = queued.iter().map(|m| m.address.as_str()).collect();
        assert!(to.contains(&"+33639980063"), "{to:?}");
        assert!(!to.contains(&"+33639980064"), "stopped");
    }
}

/// Celles (Cantal, restored in 2025) has no point of its own in the packages: it is placed by
/// its postal-code neighbours, typically 5 km off; Peyrusse, 3.6 km away, has its town hall.
/// Talizat is 7.4 km from Celles's point and 9.9 km from Peyrusse's: with RAYON 5, the search
/// from Celles is widened by its rule's typical error and finds the mission, shown as
/// approximate; the one from Peyrusse is not widened and does not. Cagnicourt, placed by a rule
/// until its town hall came in, is no longer widened.
#[tokio::test]
async fn a_volunteer_placed_by_a_rule_gets_a_widened_radius_and_approximate_distances() {
    assert!(crate::geo::typical_error_km("15031") >= 3);
    assert_eq!(crate::geo::typical_error_km("15151"), 0);
    assert_eq!(crate::geo::typical_error_km("62192"), 0);
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        // Far from the demo's Pas-de-Calais: the bot asks to confirm the commune.
        let paul = register(&app, "+33639980071", "Paul", "Celles 15|oui").await;
        let lina = register(&app, "+33639980072", "Lina", "Peyrusse 15|oui").await;
        // Cantal has no moderation settings in the demo: validated by hand.
        for id in [paul, lina] {
            sqlx::query("UPDATE volunteers SET status = 'validated' WHERE id = $1")
                .bind(id)
                .execute(app.store.pool())
                .await
                .unwrap();
        }
        for phone in ["+33639980071", "+33639980072"] {
            say(&app, phone, "RAYON 5").await;
        }
        let places: Vec<String> = sqlx::query_scalar("SELECT insee FROM volunteers ORDER BY id")
            .fetch_all(app.store.pool())
            .await
            .unwrap();
        assert!(places.contains(&"15031".to_string()), "{places:?}");
        assert!(places.contains(&"15151".to_string()), "{places:?}");
        let mission = pending_mission_in(&app, "15", "Courses solidaires", "Talizat", 1).await;
        let last = app.store.last_message_id().await.unwrap();
        app.moderate(ItemKind::Mission, mission, true, None, NOW)
            .await
            .unwrap();
        let queued = app.store.messages_after(last).await.unwrap();
        let alerted: Vec<&OutboxMessage> = queued
            .iter()
            .filter(|m| m.text.contains("Courses solidaires"))
            .collect();
        assert_eq!(alerted.len(), 1, "{queued:?}");
        assert_eq!(alerted[0].address, "+33639980071");
        assert!(
            alerted[0].text.contains("(environ 7 km)"),
            "{}",
            alerted[0].text
        );

        let list = say(&app, "+33639980071", "MISSIONS").await;
        assert!(
            list[0]
                .text
                .contains("Courses solidaires - Talizat environ 7 km"),
            "{}",
            list[0].text
        );
        let list = say(&app, "+33639980072", "MISSIONS").await;
        assert!(
            !list[0].text.contains("Courses solidaires"),
            "{}",
            list[0].text
        );
    }
}

#[tokio::test]
async fn moderators_act_only_inside_their_departements() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let mut tx = app.store.begin().await.unwrap();
        staff::ensure_moderator(&mut tx, "Nord", Channel::Sms, "+33639989902", "59")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let id = register(&app, "+33639980071", "Léo", "Arras").await;
        let refused = say(&app, "+33639989902", &format!("mod:approve:volunteer:{id}")).await;
        // Another département's item reads as one that is not there (issue 13).
        let absent = say(&app, "+33639989902", "mod:approve:volunteer:999999").await;
        assert_eq!(
            refused[0].text,
            format!("Le dossier {id} n'est plus en attente."),
        );
        assert_eq!(absent[0].text, "Le dossier 999999 n'est plus en attente.");
        let queue = say(&app, "+33639989902", "/queue").await;
        assert!(
            queue[0].text.starts_with("Rien à valider"),
            "{}",
            queue[0].text
        );
        let queue = say(&app, "+33639989901", "queue").await;
        assert!(queue.iter().any(|m| m.text.contains("Léo")), "{queue:?}");
        let done = say(&app, "+33639989901", &format!("mod:approve:volunteer:{id}")).await;
        assert!(done.iter().any(|m| m.text.starts_with("C'est fait")));
        assert!(
            done.iter()
                .any(|m| m.address == "+33639980071" && m.text.contains("validée"))
        );
    }
}

#[tokio::test]
async fn a_volunteer_withdraws_and_the_place_reopens() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        let id = register(&app, "+33639980081", "Éva", "Arras").await;
        say(&app, "+33639980081", "MISSIONS").await;
        let alert = say(&app, "+33639980081", "OUI 1").await;
        let referent = alert[1].address.clone();
        let mission: i64 =
            sqlx::query_scalar("SELECT mission_id FROM participations WHERE volunteer_id = $1")
                .bind(id)
                .fetch_one(app.store.pool())
                .await
                .unwrap();
        let taken = scalar(
            &app,
            "SELECT places_taken FROM missions WHERE id = $1",
            mission,
        )
        .await;
        let list = say(&app, "+33639980081", "MES MISSIONS").await;
        assert!(
            list[0].text.contains("la structure va appeler"),
            "{}",
            list[0].text
        );
        let out = say(&app, "+33639980081", "ANNULER 1").await;
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(
            out[0]
                .text
                .starts_with("C'est noté, vous ne participez plus")
        );
        assert_eq!(out[1].address, referent);
        assert!(out[1].text.contains("Éva ne peut plus aider"));
        assert_eq!(
            scalar(
                &app,
                "SELECT places_taken FROM missions WHERE id = $1",
                mission
            )
            .await,
            taken - 1
        );
        // Offered again.
        let again = say(&app, "+33639980081", "MISSIONS").await;
        assert!(again[0].text.contains("1. "), "{}", again[0].text);
    }
}

#[tokio::test]
async fn figures_follow_the_activity() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        register(&app, "+33639980091", "Ana", "Arras").await;
        register(&app, "+33639980092", "Bob", "Arras").await;
        say(&app, "+33639980091", "MISSIONS").await;
        let alert = say(&app, "+33639980091", "OUI 1").await;
        say(&app, "+33639980092", "MISSIONS").await;
        say(&app, "+33639980092", "OUI 2").await;
        say(&app, "+33639980092", "MES MISSIONS").await;
        say(&app, "+33639980092", "ANNULER 1").await;
        say(&app, "+33639980092", "STOP").await;
        let code: i64 = alert[1]
            .text
            .lines()
            .next()
            .unwrap()
            .rsplit(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        // The referent answers three hours later.
        let last = app.store.last_message_id().await.unwrap();
        app.handle_inbound(
            Channel::Sms,
            &alert[1].address,
            "late-ok",
            Event::Text(format!("OK {code}")),
            NOW + 3 * 3600,
        )
        .await
        .unwrap();
        assert_eq!(app.store.messages_after(last).await.unwrap().len(), 2);
        let s = app.store.stats(Some("62")).await.unwrap();
        assert_eq!(s.structures.get("validated"), Some(&48));
        assert_eq!(s.volunteers.registered, 2);
        assert_eq!(s.volunteers.validated, 2);
        assert_eq!(s.volunteers.stopped, 1);
        assert_eq!(s.intents.relayed, 2);
        assert_eq!(
            s.intents.answered, 1,
            "a withdrawal is not a structure's answer"
        );
        assert_eq!(s.intents.accepted, 1);
        assert_eq!(s.intents.median_hours_to_first_answer, Some(3.0));
        let total: i64 = s.missions.values().flat_map(|m| m.values()).sum();
        assert_eq!(total, 100);
        assert_eq!(
            app.store
                .stats(Some("59"))
                .await
                .unwrap()
                .volunteers
                .registered,
            0
        );
    }
}

#[tokio::test]
async fn concurrent_messages_from_one_person_are_not_lost() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let phone = "+33639980099";
        let id = register(&app, phone, "Jo", "Arras").await;
        for round in 0..10 {
            let radius = 11 + round;
            let (id_a, id_b) = (unique("race"), unique("race"));
            let (a, b) = tokio::join!(
                app.handle_inbound(
                    Channel::Sms,
                    phone,
                    &id_a,
                    Event::Text(format!("RAYON {radius}")),
                    NOW
                ),
                app.handle_inbound(
                    Channel::Sms,
                    phone,
                    &id_b,
                    Event::Text("PROFIL".into()),
                    NOW
                ),
            );
            assert_eq!(
                (a.unwrap(), b.unwrap()),
                (Handled::Processed, Handled::Processed)
            );
            // PROFIL read the volunteer too: had it saved over RAYON, the radius would be lost.
            assert_eq!(
                scalar(&app, "SELECT radius_km FROM volunteers WHERE id = $1", id).await,
                i64::from(radius as u32),
                "round {round}"
            );
        }
        // A second first message at the same time as the first: one person, not two.
        let newcomer = "+33639980098";
        let (a, b) = tokio::join!(
            app.handle_inbound(
                Channel::Sms,
                newcomer,
                "first-a",
                Event::Text("Bonjour".into()),
                NOW
            ),
            app.handle_inbound(
                Channel::Sms,
                newcomer,
                "first-b",
                Event::Text("Salut".into()),
                NOW
            ),
        );
        a.unwrap();
        b.unwrap();
        let people: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM volunteers v JOIN contacts c ON c.volunteer_id = v.id WHERE c.address = $1",
        )
        .bind(newcomer)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        assert_eq!(people, 1);
        let orphans: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM volunteers v WHERE NOT EXISTS \
             (SELECT 1 FROM contacts c WHERE c.volunteer_id = v.id) AND v.status = 'registering'",
        )
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        assert_eq!(orphans, 0);
    }
}

/// Issue 11 through the store: the availability reaches the referent; a move to another
/// département sends a validated profile back to the moderators while relayed intents stay;
/// paging reaches every mission in reach, remote ones included, and the end says so.
#[tokio::test]
async fn revalidation_availability_and_paging_to_the_end() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let phone = "+33639980031";
        let marie = register(&app, phone, "MARIE", "Arras").await;
        app.moderate(ItemKind::Volunteer, marie, true, None, NOW)
            .await
            .unwrap();
        say(&app, phone, "MISSIONS").await;
        let out = say(&app, phone, "OUI 1").await;
        let alert = out
            .iter()
            .find(|m| m.address.starts_with("+33639981"))
            .expect("referent alerted");
        assert!(
            alert.text.contains("Marie veut aider")
                && alert.text.contains("Ses disponibilités : soirs"),
            "{}",
            alert.text
        );
        let status = |app: &Renfort| {
            let app = app.clone();
            async move {
                sqlx::query_scalar::<_, String>("SELECT status FROM volunteers WHERE id = $1")
                    .bind(marie)
                    .fetch_one(app.store.pool())
                    .await
                    .unwrap()
            }
        };
        // Same département: still validated.
        say(&app, phone, "MODIFIER").await;
        say(&app, phone, "2").await;
        say(&app, phone, "Lens").await;
        assert_eq!(status(&app).await, "validated");
        // Another département, where nobody moderates in the demo: pending again, in the
        // queue for whoever is named there, and told honestly that it is not open.
        say(&app, phone, "MODIFIER").await;
        say(&app, phone, "2").await;
        let told = say(&app, phone, "Amiens").await;
        assert!(
            told.iter()
                .any(|m| m.text.contains("pas encore ouvert dans le 80")),
            "{told:?}"
        );
        assert_eq!(status(&app).await, "pending");
        let queue = app.store.moderation_queue(Some("80")).await.unwrap();
        assert!(
            queue
                .iter()
                .any(|i| i.kind == ItemKind::Volunteer && i.id == marie)
        );
        let relayed: String =
            sqlx::query_scalar("SELECT status FROM participations WHERE volunteer_id = $1")
                .bind(marie)
                .fetch_one(app.store.pool())
                .await
                .unwrap();
        assert_eq!(relayed, "sent", "an intent already relayed stays");

        // Paging from Liévin with RAYON 20: every mission in reach, then the end.
        let phone = "+33639980032";
        register(&app, phone, "Paul", "Liévin").await;
        say(&app, phone, "RAYON 20").await;
        let mut lines = Vec::new();
        let mut page = say(&app, phone, "MISSIONS").await;
        for _ in 0..40 {
            let text = &page[0].text;
            lines.extend(
                text.lines()
                    .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
                    .map(str::to_string),
            );
            if text.contains("Fin de la liste") {
                break;
            }
            page = say(&app, phone, "PLUS").await;
        }
        assert!(lines.len() > 30, "{}", lines.len());
        let first_remote = lines
            .iter()
            .position(|l| l.ends_with("à distance"))
            .expect("remote missions listed");
        assert!(
            first_remote > 0
                && lines[first_remote..]
                    .iter()
                    .all(|l| l.ends_with("à distance")),
            "on site missions first, then remote ones: {lines:?}"
        );
        let end = say(&app, phone, "PLUS").await;
        assert!(
            end[0]
                .text
                .contains(&format!("toute la liste ({} missions)", lines.len())),
            "{}",
            end[0].text
        );
        assert!(end[0].text.contains("RAYON 30"), "{}", end[0].text);
    }
}

/// Issue 13: tokens' lifecycle, erasure, import limits.
mod hardening;
mod hostile_text;
mod security;

/// Queues a plain reply to `address` (as the service does) and returns the row.
async fn queue_plain(
    app: &Renfort,
    address: &str,
    text: &str,
    ignores_stop: bool,
) -> OutboxMessage {
    let mut tx = app.store.begin().await.unwrap();
    let m = Outgoing {
        channel: Channel::Sms,
        address: address.into(),
        rendered: crate::render::Rendered {
            text: text.into(),
            segments: Some(1),
            encoding: Some("GSM-7"),
            choices: Vec::new(),
        },
        priority: outbox::PRIORITY_REPLY,
        ignores_stop,
        not_before: None,
        about: None,
    };
    let id = outbox::enqueue(&mut tx, &m, NOW).await.unwrap();
    tx.commit().await.unwrap();
    let rows = app.store.messages_after(id - 1).await.unwrap();
    rows.into_iter().find(|r| r.id == id).unwrap()
}

#[tokio::test]
async fn claims_are_fenced_on_the_attempt_and_due_time() {
    for app in backends().await {
        let m = queue_plain(&app, "+33639981001", "un", false).await;
        // Two instances read the same batch; one claims, fails, schedules a retry.
        let Claim::Claimed(c) = app.store.claim(&m, NOW, 60).await.unwrap() else {
            panic!("first claim")
        };
        assert_eq!(app.store.claim(&m, NOW, 60).await.unwrap(), Claim::Lost);
        let retry = Settle::Retry {
            error: "busy",
            at: NOW + 30,
        };
        assert!(app.store.settle(&c, retry, NOW).await.unwrap());
        // The other instance's stale copy (attempt 0, due NOW) cannot resend early …
        assert_eq!(app.store.claim(&m, NOW + 1, 60).await.unwrap(), Claim::Lost);
        // … nor can a fresh copy before its due time.
        let fresh = app.store.messages_after(m.id - 1).await.unwrap().remove(0);
        assert_eq!((fresh.attempts, fresh.next_attempt_at), (1, NOW + 30));
        assert_eq!(
            app.store.claim(&fresh, NOW + 29, 60).await.unwrap(),
            Claim::Lost
        );
        let Claim::Claimed(c2) = app.store.claim(&fresh, NOW + 30, 60).await.unwrap() else {
            panic!("due claim")
        };
        // A settled claim cannot settle again (a sender whose lease ended and was replaced).
        let sent = Settle::Sent {
            provider_id: Some("SM1"),
            note: None,
            attempted: true,
        };
        assert!(app.store.settle(&c2, sent.clone(), NOW + 31).await.unwrap());
        assert!(!app.store.settle(&c2, sent, NOW + 31).await.unwrap());
        assert!(
            !app.store
                .settle(
                    &c,
                    Settle::Failed {
                        error: "late",
                        attempted: true
                    },
                    NOW
                )
                .await
                .unwrap()
        );
        let done = app.store.messages_after(m.id - 1).await.unwrap().remove(0);
        assert_eq!((done.status.as_str(), done.attempts), ("sent", 2));
        // A settled row is never claimed again, even by someone holding its current state.
        assert_eq!(
            app.store.claim(&done, NOW + 40, 60).await.unwrap(),
            Claim::Lost
        );
        app.store.close().await;
    }
}

#[tokio::test]
async fn a_dead_senders_claim_is_taken_back_when_its_lease_ends() {
    for app in backends().await {
        let m = queue_plain(&app, "+33639981002", "deux", false).await;
        let Claim::Claimed(_) = app.store.claim(&m, NOW, 60).await.unwrap() else {
            panic!()
        };
        assert!(
            app.store
                .due_messages(None, NOW + 59, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let due = app.store.due_messages(None, NOW + 60, 10).await.unwrap();
        assert_eq!(due.len(), 1);
        assert!(due[0].outcome_unknown(), "interrupted: outcome unknown");
        assert!(matches!(
            app.store.claim(&due[0], NOW + 60, 60).await.unwrap(),
            Claim::Claimed(_)
        ));
        app.store.close().await;
    }
}

#[tokio::test]
async fn the_claim_checks_stop_whatever_the_sender_read() {
    for app in backends().await {
        let phone = "+33639981003";
        let reply = queue_plain(&app, phone, "avant le STOP", false).await;
        let confirmation = queue_plain(&app, phone, "confirmation", true).await;
        // The sender read both before the STOP was recorded.
        app.store
            .stop_contact(Channel::Sms, phone, NOW)
            .await
            .unwrap();
        assert_eq!(
            app.store.claim(&reply, NOW, 60).await.unwrap(),
            Claim::Dropped
        );
        assert!(matches!(
            app.store.claim(&confirmation, NOW, 60).await.unwrap(),
            Claim::Claimed(_)
        ));
        let rows = app.store.messages_after(reply.id - 1).await.unwrap();
        assert_eq!(rows[0].status.as_str(), "dropped");
        // A row whose outcome is unknown is still claimed (to be checked), flagged stopped.
        let phone = "+33639981008";
        let maybe = queue_plain(&app, phone, "peut-etre parti", false).await;
        let Claim::Claimed(c) = app.store.claim(&maybe, NOW, 60).await.unwrap() else {
            panic!()
        };
        assert!(!c.stopped);
        let check = Settle::Check {
            error: "HTTP 502",
            at: NOW + 5,
            attempted: true,
        };
        app.store.settle(&c, check, NOW).await.unwrap();
        app.store
            .stop_contact(Channel::Sms, phone, NOW + 1)
            .await
            .unwrap();
        let checking = app
            .store
            .messages_after(maybe.id - 1)
            .await
            .unwrap()
            .remove(0);
        assert_eq!(checking.status.as_str(), "checking");
        let Claim::Claimed(c) = app.store.claim(&checking, NOW + 5, 60).await.unwrap() else {
            panic!("an unknown outcome is checked even after STOP")
        };
        assert!(c.stopped);
        app.store.close().await;
    }
}

#[tokio::test]
async fn order_is_kept_per_recipient() {
    for app in backends().await {
        let a1 = queue_plain(&app, "+33639981004", "a1", false).await;
        let _a2 = queue_plain(&app, "+33639981004", "a2", false).await;
        let b1 = queue_plain(&app, "+33639981005", "b1", false).await;
        let due = app.store.due_messages(None, NOW, 10).await.unwrap();
        let ids: Vec<i64> = due.iter().map(|m| m.id).collect();
        assert_eq!(ids, vec![a1.id, b1.id], "a2 waits for a1");
        let Claim::Claimed(c) = app.store.claim(&a1, NOW, 60).await.unwrap() else {
            panic!()
        };
        let retry = Settle::Retry {
            error: "busy",
            at: NOW + 10,
        };
        app.store.settle(&c, retry, NOW).await.unwrap();
        let due = app.store.due_messages(None, NOW + 1, 10).await.unwrap();
        assert_eq!(
            due.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![b1.id],
            "a2 does not overtake a1"
        );
        app.store.close().await;
    }
}

#[tokio::test]
async fn two_sqlite_processes_writing_at_once_wait_instead_of_failing() {
    // Two stores on one file stand for two processes (separate connections, separate locks).
    let path = std::env::temp_dir().join(format!("{}.db", unique("renfort_two_writers")));
    let url = format!("sqlite://{}", path.display());
    let first = Store::connect(&url).await.unwrap();
    let second = Store::connect(&url).await.unwrap();
    let write = |store: Store, n: i64| async move {
        for i in 0..40 {
            let mut tx = store.begin().await.unwrap();
            // Read, then write: a deferred transaction fails here with "database is locked"
            // when the other process committed in between.
            let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
                .fetch_one(&mut *tx)
                .await
                .unwrap();
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
            let m = Outgoing {
                channel: Channel::Sms,
                address: format!("+3363998{n}{i:03}"),
                rendered: crate::render::Rendered {
                    text: "x".into(),
                    segments: None,
                    encoding: None,
                    choices: Vec::new(),
                },
                priority: 0,
                ignores_stop: false,
                not_before: None,
                about: None,
            };
            outbox::enqueue(&mut tx, &m, NOW).await.unwrap();
            tx.commit().await.unwrap();
        }
    };
    let a = tokio::spawn(write(first.clone(), 1));
    let b = tokio::spawn(write(second.clone(), 2));
    a.await.unwrap();
    b.await.unwrap();
    assert_eq!(first.last_message_id().await.unwrap(), 80);
}

#[tokio::test]
async fn chat_tracks_the_rows_its_input_created_and_shows_them_before_any_sender() {
    for app in backends().await {
        let (handled, created) = outbox::track_created(app.handle_inbound(
            Channel::Sms,
            "+33639981006",
            "chat-1",
            Event::Text("Bonjour".into()),
            NOW,
        ))
        .await;
        assert_eq!(handled.unwrap(), Handled::Processed);
        // Another process queues meanwhile: not this line's.
        let other = queue_plain(&app, "+33639981007", "autre", false).await;
        assert_eq!(created.len(), 1);
        let due = app
            .store
            .due_for_chat(&created, Channel::Sms, "+33639981006", NOW)
            .await
            .unwrap();
        assert_eq!(due.len(), 1);
        assert_ne!(due[0].id, other.id);
        // A server's sender on the same database leaves the line's row to the terminal for a
        // moment, then sends it (the terminal may have stopped before showing it).
        let sender_sees = async |at: i64| {
            app.store
                .due_messages(Some(Channel::Sms), at, 200)
                .await
                .unwrap()
                .iter()
                .any(|m| m.id == created[0])
        };
        assert!(!sender_sees(NOW).await, "taken from the terminal");
        assert!(sender_sees(NOW + outbox::TERMINAL_GRACE).await, "lost");
        assert!(
            app.store
                .mark_sent_locally(&due[0], "shown", NOW)
                .await
                .unwrap()
        );
        app.store.close().await;
    }
}

#[tokio::test]
async fn a_flooding_contact_gets_one_notice_then_silence_until_it_calms_down() {
    for store in backends().await {
        let app = Renfort::new(
            store.store.clone(),
            Config {
                home_departement: Some("62".into()),
                flood: crate::service::FloodLimit {
                    max_messages: 3,
                    window: 60,
                    consent_allowance: 1,
                },
                ..Config::default()
            },
            Renderers {
                sms: Arc::new(PlainRenderer),
                telegram: Arc::new(PlainRenderer),
            },
        );
        let bot = "+33639982001";
        let mut answers = Vec::new();
        let mut handled = Vec::new();
        for i in 0..8 {
            let last = app.store.last_message_id().await.unwrap();
            let h = app
                .handle_inbound(
                    Channel::Sms,
                    bot,
                    &unique("flood"),
                    Event::Text(format!("auto {i}")),
                    NOW + i,
                )
                .await
                .unwrap();
            handled.push(h);
            answers.push(app.store.messages_after(last).await.unwrap().len());
        }
        assert_eq!(
            answers,
            vec![1, 1, 1, 1, 0, 0, 0, 0],
            "three answers, one notice, then silence"
        );
        assert_eq!(handled[4], Handled::Muted);
        let inbound: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbound WHERE address = $1")
            .bind(bot)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        assert_eq!(inbound, 8, "every message is still recorded");
        // STOP still works while muted.
        let last = app.store.last_message_id().await.unwrap();
        let h = app
            .handle_inbound(
                Channel::Sms,
                bot,
                &unique("flood"),
                Event::Text("STOP".into()),
                NOW + 9,
            )
            .await
            .unwrap();
        assert_eq!(h, Handled::Processed);
        assert_eq!(app.store.messages_after(last).await.unwrap().len(), 1);
        // Calm again a window later: answered.
        let h = app
            .handle_inbound(
                Channel::Sms,
                bot,
                &unique("flood"),
                Event::Text("START".into()),
                NOW + 200,
            )
            .await
            .unwrap();
        assert_eq!(h, Handled::Processed);
        let h = app
            .handle_inbound(
                Channel::Sms,
                bot,
                &unique("flood"),
                Event::Text("AIDE".into()),
                NOW + 201,
            )
            .await
            .unwrap();
        assert_eq!(h, Handled::Processed);
        app.store.close().await;
    }
}

#[tokio::test]
async fn staff_stop_and_start_like_volunteers_alerts_go_to_colleagues_or_wait() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        sqlx::query("UPDATE departement_settings SET validation = 'auto'")
            .execute(app.store.pool())
            .await
            .unwrap();
        // Room for everyone: the three volunteers below pick the same first mission.
        sqlx::query("UPDATE missions SET places = 100")
            .execute(app.store.pool())
            .await
            .unwrap();
        let intent = |phone: &'static str| {
            let app = app.clone();
            async move {
                register(&app, phone, "Jo", "Arras").await;
                say(&app, phone, "MISSIONS").await;
                say(&app, phone, "OUI 1").await
            }
        };
        let first = intent("+33639980061").await;
        let r1 = first
            .iter()
            .find(|m| m.priority == outbox::PRIORITY_ALERT)
            .unwrap()
            .address
            .clone();
        let mut conn = app.store.pool().acquire().await.unwrap();
        let Some(staff::Staff::Referent { structure_id, .. }) =
            staff::staff_of(&mut conn, Channel::Sms, &r1).await.unwrap()
        else {
            panic!("the alert went to a referent")
        };
        drop(conn);
        let r2 = "+33639989101";
        let mut tx = app.store.begin().await.unwrap();
        staff::ensure_referent(&mut tx, structure_id, "Paul", Channel::Sms, r2)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        // A referent texts STOP: one confirmation (not the referents' help text).
        let stop = say(&app, &r1, "STOP").await;
        assert_eq!(stop.len(), 1);
        assert!(stop[0].text.contains("START"), "{}", stop[0].text);
        assert!(say(&app, &r1, "STOP").await.is_empty(), "then nothing");
        // The next alert goes to the colleague only.
        let second = intent("+33639980062").await;
        let alerted: Vec<&str> = second
            .iter()
            .filter(|m| m.priority == outbox::PRIORITY_ALERT)
            .map(|m| m.address.as_str())
            .collect();
        assert_eq!(alerted, vec![r2]);
        // Both stopped: the alert waits for them, the volunteer is not promised a call and
        // the moderators are told at once (issue 22).
        assert_eq!(say(&app, r2, "arret").await.len(), 1);
        let third = intent("+33639980063").await;
        let held: Vec<_> = third
            .iter()
            .filter(|m| m.priority == outbox::PRIORITY_ALERT && m.address != "+33639989901")
            .collect();
        assert_eq!(held.len(), 2);
        assert!(held.iter().all(|m| m.status.as_str() == "held"), "{held:?}");
        let told: Vec<_> = third
            .iter()
            .filter(|m| m.address == "+33639989901")
            .collect();
        assert_eq!(told.len(), 1, "{third:?}");
        assert_eq!(told[0].status.as_str(), "pending");
        assert!(told[0].text.contains("aucun référent"), "{}", told[0].text);
        let confirmation = third.iter().find(|m| m.address == "+33639980063").unwrap();
        assert!(
            confirmation.text.contains("aucun référent joignable")
                && !confirmation.text.contains("appeler"),
            "{}",
            confirmation.text
        );
        let due = app.store.due_messages(None, NOW, 100).await.unwrap();
        assert!(
            due.iter().all(|m| m.address != r1 && m.address != r2),
            "{due:?}"
        );
        // START: confirmed, and what waited is due.
        let start = say(&app, &r1, "START").await;
        assert_eq!(start.len(), 1);
        let due = app.store.due_messages(None, NOW, 100).await.unwrap();
        assert!(
            due.iter()
                .any(|m| m.address == r1 && m.priority == outbox::PRIORITY_ALERT),
            "{due:?}"
        );
        app.store.close().await;
    }
}

#[tokio::test]
async fn withdrawals_reach_referents_closed_missions_stop_reminders_and_sms_moderators_get_a_digest()
 {
    use crate::engine::followup::REMIND_AFTER;
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        // SUPPRIMER after an intent was relayed: the referent hears of it.
        register(&app, "+33639980061", "Inès", "Arras").await;
        say(&app, "+33639980061", "MISSIONS").await;
        let alert = say(&app, "+33639980061", "OUI 1").await;
        let referent = alert
            .iter()
            .find(|m| m.text.contains("veut aider"))
            .unwrap()
            .address
            .clone();
        say(&app, "+33639980061", "SUPPRIMER").await;
        let out = say(&app, "+33639980061", "OUI").await;
        assert!(
            out.iter().any(|m| m.address == referent
                && m.text.contains("a effacé ses données")
                && !m.text.contains("Inès")),
            "{out:?}"
        );

        // A cancelled mission closes its intents: no reminder follows.
        let hugo = register(&app, "+33639980062", "Hugo", "Arras").await;
        say(&app, "+33639980062", "MISSIONS").await;
        say(&app, "+33639980062", "OUI 1").await;
        let mission = scalar(
            &app,
            "SELECT mission_id FROM participations WHERE volunteer_id = $1",
            hugo,
        )
        .await;
        missions::update(
            &app.store,
            mission,
            Some(crate::domain::MissionStatus::Cancelled),
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            app.follow_up(NOW + REMIND_AFTER + 60).await.unwrap(),
            Default::default()
        );

        // The SMS moderator's digest: at 10:00 Paris (NOW is 09:00), once a day.
        assert_eq!(app.send_digests(NOW).await.unwrap(), 0);
        let last = app.store.last_message_id().await.unwrap();
        assert_eq!(app.send_digests(NOW + 3_600).await.unwrap(), 1);
        let out = app.store.messages_after(last).await.unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].address, "+33639989901");
        assert!(
            out[0]
                .text
                .contains("dossiers attendent votre validation (62)"),
            "{}",
            out[0].text
        );
        assert_eq!(app.send_digests(NOW + 7_200).await.unwrap(), 0);
        assert_eq!(app.send_digests(NOW + 86_400 + 3_600).await.unwrap(), 1);
    }
}

#[tokio::test]
async fn the_outbox_depth_counts_open_rows_per_status_and_dates_the_oldest_pending() {
    for app in backends().await {
        assert_eq!(
            app.store.outbox_depth().await.unwrap(),
            outbox::OutboxDepth::default()
        );
        let first = queue_plain(&app, "+33639981201", "un", false).await;
        queue_plain(&app, "+33639981202", "deux", false).await;
        let Claim::Claimed(_) = app.store.claim(&first, NOW + 5, 60).await.unwrap() else {
            panic!("claim")
        };
        let mut depth = app.store.outbox_depth().await.unwrap();
        depth.open.sort();
        assert_eq!(
            depth.open,
            [
                ("sms".to_string(), "pending".to_string(), 1),
                ("sms".to_string(), "sending".to_string(), 1)
            ]
        );
        assert_eq!(depth.oldest_pending_created_at, Some(NOW));
    }
}

/// A pending volunteer's intent is held; by the time a moderator validates them, the
/// structure's only referent has texted STOP: the validation message does not say the
/// structure will call, and the département's moderators are told at once (issue 22).
#[tokio::test]
async fn validation_relaying_to_a_structure_nobody_can_hear_promises_no_call() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let phone = "+33639980071";
        let id = register(&app, phone, "Jo", "Arras").await;
        say(&app, phone, "MISSIONS").await;
        let held = say(&app, phone, "OUI 1").await;
        assert!(held[0].text.contains("validée"), "{}", held[0].text);
        let referents: Vec<String> = sqlx::query_scalar(
            "SELECT a.address FROM participations p JOIN missions m ON m.id = p.mission_id \
             JOIN referents r ON r.structure_id = m.structure_id \
             JOIN staff_addresses a ON a.staff_kind = 'referent' AND a.staff_id = r.id \
             WHERE p.volunteer_id = $1",
        )
        .bind(id)
        .fetch_all(app.store.pool())
        .await
        .unwrap();
        assert_eq!(
            referents.len(),
            1,
            "the demo's structures have one referent"
        );
        say(&app, &referents[0], "STOP").await;
        let last = app.store.last_message_id().await.unwrap();
        app.moderate(ItemKind::Volunteer, id, true, None, NOW)
            .await
            .unwrap();
        let out = app.store.messages_after(last).await.unwrap();
        let told = out.iter().find(|m| m.address == phone).unwrap();
        assert!(
            told.text.contains("aucun référent joignable") && !told.text.contains("appeler"),
            "{}",
            told.text
        );
        assert!(
            out.iter()
                .any(|m| m.address == "+33639989901" && m.text.contains("aucun référent")),
            "{out:?}"
        );
        let alert = out.iter().find(|m| m.address == referents[0]).unwrap();
        assert_eq!(alert.status.as_str(), "held");
        app.store.close().await;
    }
}
