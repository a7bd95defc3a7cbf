//! Group commit: steps that wait for the writer share one transaction; a replay in
//! the same batch is still processed once; a second message of one person runs alone; a step
//! that loses a race rolls its batch back and every step of it runs alone, none lost, none
//! twice.

use super::*;

/// `renfort_<name>` of the metrics' text: a counter's total, or a histogram's count or sum.
fn metric(app: &Renfort, name: &str) -> f64 {
    let text = app.metrics.render();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("renfort_{name} ")))
        .map(|v| v.trim().parse().unwrap())
        .unwrap_or(0.0)
}

/// What another writer does while the messages wait.
enum Meanwhile {
    Nothing,
    /// This volunteer's version moves, as a moderator's decision would.
    Changes(Option<i64>),
    /// A first message from this number is handled elsewhere (another instance): its contact
    /// and volunteer appear.
    FirstContact(String),
}

/// Sends every message at once while the test holds the writer (SQLite's write lock; on
/// PostgreSQL a lock on `inbound` that lets reads through and makes inserts wait), so that they
/// all wait for it, then does `meanwhile` and lets the writer go.
async fn at_once_behind_the_writer(
    app: &Renfort,
    messages: Vec<(String, String, &'static str)>,
    meanwhile: Meanwhile,
) -> Vec<Handled> {
    behind_the_writer(app, messages, Vec::new(), meanwhile).await
}

/// The same, `late` sent 100 ms after `first`: the writer task has taken one of `first` as
/// its next batch by then, and `late` joins the batch after it.
async fn behind_the_writer(
    app: &Renfort,
    first: Vec<(String, String, &'static str)>,
    late: Vec<(String, String, &'static str)>,
    meanwhile: Meanwhile,
) -> Vec<Handled> {
    let mut held = app.store.begin().await.unwrap();
    if app.store.backend() == Backend::Postgres {
        sqlx::query("LOCK TABLE inbound IN SHARE MODE")
            .execute(&mut *held)
            .await
            .unwrap();
    }
    let send = |messages: Vec<(String, String, &'static str)>| -> Vec<_> {
        messages
            .into_iter()
            .map(|(phone, id, text)| {
                let app = app.clone();
                tokio::spawn(async move {
                    app.handle_inbound(Channel::Sms, &phone, &id, Event::Text(text.into()), NOW)
                        .await
                        .unwrap()
                })
            })
            .collect()
    };
    let mut tasks = send(first);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    tasks.extend(send(late));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    match meanwhile {
        Meanwhile::Changes(id) => {
            sqlx::query("UPDATE volunteers SET version = version + 1 WHERE id = $1")
                .bind(id)
                .execute(&mut *held)
                .await
                .unwrap();
            held.commit().await.unwrap();
        }
        Meanwhile::FirstContact(phone) => {
            volunteers::create_volunteer(&mut held, Channel::Sms, &phone, NOW)
                .await
                .unwrap();
            held.commit().await.unwrap();
        }
        Meanwhile::Nothing => held.rollback().await.unwrap(),
    }
    let mut handled = Vec::new();
    for task in tasks {
        handled.push(task.await.unwrap());
    }
    handled
}

async fn replies_to(app: &Renfort, phone: &str, after: i64) -> usize {
    app.store
        .messages_after(after)
        .await
        .unwrap()
        .iter()
        .filter(|m| m.address == phone)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steps_waiting_for_the_writer_share_a_commit_and_a_lost_race_runs_alone() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        let phones: Vec<String> = (0..12).map(|i| format!("+336399871{i:02}")).collect();
        for phone in &phones {
            register(&app, phone, "Lou", "Arras").await;
        }
        let batches_before = metric(&app, "group_commit_steps_count");

        // Twelve volunteers at once: processed once each, in fewer commits than steps.
        let last = app.store.last_message_id().await.unwrap();
        let messages = phones
            .iter()
            .map(|p| (p.clone(), unique("gc"), "PROFIL"))
            .collect();
        let handled = at_once_behind_the_writer(&app, messages, Meanwhile::Nothing).await;
        assert!(
            handled.iter().all(|h| *h == Handled::Processed),
            "{handled:?}"
        );
        for phone in &phones {
            assert_eq!(replies_to(&app, phone, last).await, 1, "{phone}");
        }
        let batches = metric(&app, "group_commit_steps_count") - batches_before;
        assert!(
            (1.0..12.0).contains(&batches),
            "12 steps waiting for the writer took {batches} commits"
        );
        assert_eq!(metric(&app, "group_commits_rolled_back_total"), 0.0);

        // A replay and two messages from one volunteer in the same wait (the second runs
        // alone), and a volunteer changed by someone else meanwhile: its step finds it changed
        // since it was read, the batch rolls back, every step runs alone: the replay once,
        // both messages of the one volunteer applied, the changed volunteer answered.
        let last = app.store.last_message_id().await.unwrap();
        let replayed = unique("gc");
        let mut messages: Vec<_> = phones[2..]
            .iter()
            .map(|p| (p.clone(), unique("gc"), "PROFIL"))
            .collect();
        messages.push((phones[0].clone(), replayed.clone(), "PROFIL"));
        messages.push((phones[0].clone(), replayed, "PROFIL"));
        messages.push((phones[1].clone(), unique("gc"), "RAYON 17"));
        messages.push((phones[1].clone(), unique("gc"), "PROFIL"));
        let changed = app
            .store
            .volunteer_id(Channel::Sms, &phones[2])
            .await
            .unwrap();
        let handled = at_once_behind_the_writer(&app, messages, Meanwhile::Changes(changed)).await;
        let duplicates = handled.iter().filter(|h| **h == Handled::Duplicate).count();
        let processed = handled.iter().filter(|h| **h == Handled::Processed).count();
        assert_eq!((duplicates, processed), (1, 13), "{handled:?}");
        assert_eq!(replies_to(&app, &phones[0], last).await, 1, "the replay");
        assert_eq!(replies_to(&app, &phones[1], last).await, 2);
        for phone in &phones[2..] {
            assert_eq!(replies_to(&app, phone, last).await, 1, "{phone}");
        }
        let id = app
            .store
            .volunteer_id(Channel::Sms, &phones[1])
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            scalar(&app, "SELECT radius_km FROM volunteers WHERE id = $1", id).await,
            17
        );
        let inbound: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbound")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        let distinct: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT external_id) FROM inbound")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        assert_eq!(inbound, distinct, "each message recorded once");
        let rolled_back = metric(&app, "group_commits_rolled_back_total");
        assert!(rolled_back >= 1.0);

        // Someone who types two messages in a row among others: the second runs alone, and no
        // batch is rolled back for it.
        let last = app.store.last_message_id().await.unwrap();
        let others: Vec<_> = phones[4..]
            .iter()
            .map(|p| (p.clone(), unique("gc"), "PROFIL"))
            .collect();
        let twice = vec![
            (phones[3].clone(), unique("gc"), "RAYON 12"),
            (phones[3].clone(), unique("gc"), "PROFIL"),
        ];
        let handled = behind_the_writer(&app, others, twice, Meanwhile::Nothing).await;
        assert!(
            handled.iter().all(|h| *h == Handled::Processed),
            "{handled:?}"
        );
        assert_eq!(replies_to(&app, &phones[3], last).await, 2);
        assert_eq!(
            metric(&app, "group_commits_rolled_back_total"),
            rolled_back,
            "no batch rolled back for a person's second message"
        );
    }
}

/// A group commit writes its plain steps' volunteers in one statement: each row only at the
/// version its step read, with its own step's time; a stale one, or one volunteer twice (two
/// channels), saves one row fewer than given, which rolls the batch back.
#[tokio::test]
async fn volunteers_saved_together_each_at_its_version_and_time() {
    for app in backends().await {
        let mut tx = app.store.begin().await.unwrap();
        let a = volunteers::create_volunteer(&mut tx, Channel::Sms, "+33639987201", NOW)
            .await
            .unwrap();
        let b = volunteers::create_volunteer(&mut tx, Channel::Sms, "+33639987202", NOW)
            .await
            .unwrap();
        let (mut va, version_a) = volunteers::load_versioned(&mut tx, a, false).await.unwrap();
        let (mut vb, version_b) = volunteers::load_versioned(&mut tx, b, false).await.unwrap();
        va.status = crate::domain::VolunteerStatus::Pending;
        va.first_name = Some("Zoé".into());
        vb.status = crate::domain::VolunteerStatus::Validated;
        vb.radius_km = 25;
        let saves = [
            volunteers::VolunteerSave {
                id: a,
                volunteer: &va,
                version: version_a,
                now: NOW + 10,
            },
            volunteers::VolunteerSave {
                id: b,
                volunteer: &vb,
                version: version_b,
                now: NOW + 20,
            },
        ];
        assert_eq!(
            volunteers::save_volunteers(&mut tx, &saves).await.unwrap(),
            2
        );
        const TIMES: &str =
            "SELECT registered_at, validated_at, version FROM volunteers WHERE id = $1";
        for (id, expected) in [
            (a, (Some(NOW + 10), None, version_a + 1)),
            (b, (Some(NOW + 20), Some(NOW + 20), version_b + 1)),
        ] {
            let times = sqlx::query_as::<_, (Option<i64>, Option<i64>, i64)>(TIMES)
                .bind(id)
                .fetch_one(&mut *tx)
                .await
                .unwrap();
            assert_eq!(times, expected);
        }
        let (saved_a, _) = volunteers::load_versioned(&mut tx, a, false).await.unwrap();
        let (saved_b, _) = volunteers::load_versioned(&mut tx, b, false).await.unwrap();
        assert_eq!(saved_a.first_name.as_deref(), Some("Zoé"));
        assert_eq!(saved_b.radius_km, 25);

        // `a` at the version read before the save above: stale.
        let stale = [
            volunteers::VolunteerSave {
                id: a,
                volunteer: &va,
                version: version_a,
                now: NOW + 30,
            },
            volunteers::VolunteerSave {
                id: b,
                volunteer: &vb,
                version: version_b + 1,
                now: NOW + 30,
            },
        ];
        assert_eq!(
            volunteers::save_volunteers(&mut tx, &stale).await.unwrap(),
            1
        );
        // One volunteer twice at the same version: one row saved of two.
        let twice = [
            volunteers::VolunteerSave {
                id: a,
                volunteer: &va,
                version: version_a + 1,
                now: NOW + 40,
            },
            volunteers::VolunteerSave {
                id: a,
                volunteer: &va,
                version: version_a + 1,
                now: NOW + 40,
            },
        ];
        assert_eq!(
            volunteers::save_volunteers(&mut tx, &twice).await.unwrap(),
            1
        );
        tx.rollback().await.unwrap();
    }
}

/// In one batch, plain steps leave their writes to its end while steps with effects (an
/// intent, a STOP) write at once: every state is saved, every reply queued once, the intent
/// alerts the structure, the STOP confirmation still leaves, and nothing rolls back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_steps_and_steps_with_effects_share_a_batch() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        let phones: Vec<String> = (0..8).map(|i| format!("+336399873{i:02}")).collect();
        for phone in &phones {
            register(&app, phone, "Lou", "Arras").await;
        }
        // The intent's volunteer has seen the list, so that "OUI 1" names a mission.
        say(&app, &phones[7], "MISSIONS").await;
        let batches_before = metric(&app, "group_commit_steps_count");
        let last = app.store.last_message_id().await.unwrap();
        let mut messages: Vec<_> = phones[..5]
            .iter()
            .map(|p| (p.clone(), unique("gc"), "PROFIL"))
            .collect();
        messages.push((phones[5].clone(), unique("gc"), "RAYON 23"));
        messages.push((phones[6].clone(), unique("gc"), "STOP"));
        messages.push((phones[7].clone(), unique("gc"), "OUI 1"));
        let handled = at_once_behind_the_writer(&app, messages, Meanwhile::Nothing).await;
        assert!(
            handled.iter().all(|h| *h == Handled::Processed),
            "{handled:?}"
        );
        let batches = metric(&app, "group_commit_steps_count") - batches_before;
        assert!(batches < 8.0, "8 steps took {batches} commits");
        assert_eq!(metric(&app, "group_commits_rolled_back_total"), 0.0);

        let out = app.store.messages_after(last).await.unwrap();
        for phone in &phones {
            let to = out.iter().filter(|m| &m.address == phone).count();
            assert_eq!(to, 1, "{phone}: {out:?}");
        }
        assert!(out.iter().all(|m| m.created_at == NOW), "{out:?}");
        let alerts = out
            .iter()
            .filter(|m| m.priority == outbox::PRIORITY_ALERT)
            .count();
        assert!(alerts >= 1, "the intent alerts the structure: {out:?}");
        let id = |phone: &str| {
            let phone = phone.to_string();
            let app = app.clone();
            async move {
                app.store
                    .volunteer_id(Channel::Sms, &phone)
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        let radius = scalar(
            &app,
            "SELECT radius_km FROM volunteers WHERE id = $1",
            id(&phones[5]).await,
        )
        .await;
        assert_eq!(radius, 23);
        let intents = scalar(
            &app,
            "SELECT COUNT(*) FROM participations WHERE volunteer_id = $1",
            id(&phones[7]).await,
        )
        .await;
        assert_eq!(intents, 1);
        let stopped: Option<i64> = sqlx::query_scalar(
            "SELECT stopped_at FROM contacts WHERE channel = 'sms' AND address = $1",
        )
        .bind(&phones[6])
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        assert_eq!(stopped, Some(NOW));
    }
}

/// People writing for the first time at once share commits too; a first contact whose number
/// another instance registered meanwhile rolls its batch back and runs again: one volunteer
/// per number, each welcomed once, no volunteer without its contact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_contacts_share_a_commit_and_one_registered_elsewhere_runs_again() {
    for app in backends().await {
        let phones: Vec<String> = (0..10).map(|i| format!("+336399874{i:02}")).collect();
        let batches_before = metric(&app, "group_commit_steps_count");
        let messages = phones[1..]
            .iter()
            .map(|p| (p.clone(), unique("gc"), "Bonjour"))
            .collect();
        let handled = at_once_behind_the_writer(&app, messages, Meanwhile::Nothing).await;
        assert!(
            handled.iter().all(|h| *h == Handled::Processed),
            "{handled:?}"
        );
        let batches = metric(&app, "group_commit_steps_count") - batches_before;
        assert!(
            (1.0..9.0).contains(&batches),
            "9 first contacts took {batches} commits"
        );
        assert_eq!(metric(&app, "group_commits_rolled_back_total"), 0.0);

        let last = app.store.last_message_id().await.unwrap();
        let messages = vec![
            (phones[0].clone(), unique("gc"), "Bonjour"),
            (phones[1].clone(), unique("gc"), "oui"),
        ];
        let handled =
            at_once_behind_the_writer(&app, messages, Meanwhile::FirstContact(phones[0].clone()))
                .await;
        assert_eq!(handled, vec![Handled::Processed, Handled::Processed]);
        assert!(metric(&app, "group_commits_rolled_back_total") >= 1.0);
        assert_eq!(replies_to(&app, &phones[0], last).await, 1);
        assert_eq!(replies_to(&app, &phones[1], last).await, 1);
        let volunteers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM volunteers")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        let contacts: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT volunteer_id) FROM contacts")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        assert_eq!((volunteers, contacts), (10, 10));
    }
}

/// On PostgreSQL two batches run at once: one that waits for a volunteer's row (locked by a
/// moderator's transaction, say) does not hold up everyone else's messages, and it goes on
/// once the row is free. (SQLite has one writer: batches take turns.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_a_batch_waiting_for_a_row_does_not_hold_up_the_next() {
    for app in backends().await {
        if app.store.backend() != Backend::Postgres {
            continue;
        }
        seed::demo(&app.store, NOW).await.unwrap();
        auto_validation(&app).await;
        let phones: Vec<String> = (0..4).map(|i| format!("+336399875{i:02}")).collect();
        for phone in &phones {
            register(&app, phone, "Lou", "Arras").await;
        }
        let locked = app
            .store
            .volunteer_id(Channel::Sms, &phones[0])
            .await
            .unwrap()
            .unwrap();
        let mut held = app.store.begin().await.unwrap();
        sqlx::query("SELECT id FROM volunteers WHERE id = $1 FOR UPDATE")
            .bind(locked)
            .fetch_one(&mut *held)
            .await
            .unwrap();
        let waiting = tokio::spawn({
            let app = app.clone();
            let phone = phones[0].clone();
            async move {
                app.handle_inbound(
                    Channel::Sms,
                    &phone,
                    &unique("gc"),
                    Event::Text("PROFIL".into()),
                    NOW,
                )
                .await
                .unwrap()
            }
        });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        for phone in &phones[1..] {
            let handled = tokio::time::timeout(
                std::time::Duration::from_secs(5),
                app.handle_inbound(
                    Channel::Sms,
                    phone,
                    &unique("gc"),
                    Event::Text("PROFIL".into()),
                    NOW,
                ),
            )
            .await
            .expect("held up behind the waiting batch")
            .unwrap();
            assert_eq!(handled, Handled::Processed);
        }
        assert!(!waiting.is_finished(), "the row was free");
        held.rollback().await.unwrap();
        assert_eq!(waiting.await.unwrap(), Handled::Processed);
    }
}
