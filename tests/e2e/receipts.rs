//! Delivery receipts end to end: `renfort serve` asks Twilio (the fake, through the real
//! client) for a status callback on every SMS; the fake posts signed reports to
//! `POST /sms/twilio/status`, twice and out of order; each failure does what the README's
//! table says, once. Both backends. Run with `-- --nocapture` to see the table.

use std::time::{Duration, Instant};

use renfort_core::domain::Channel;
use renfort_core::store::{Store, staff};
use sqlx::Row;

use crate::fake_twilio::Created;
use crate::sms::Rig;
use crate::support::{Renfort, databases, unique};

const MODERATOR: &str = "+33639989901";
const OUR_NUMBER: &str = "+33639989999";
const WAIT: Duration = Duration::from_secs(15);
/// A volunteer's journey over the webhook, up to an intent (validation is automatic).
const JOURNEY: [&str; 10] = [
    "Bonjour", "oui", "Marie", "62000", "1", "oui", "1 3", "le soir", "MISSIONS", "OUI 1",
];

/// One row of the table this test prints: the report, and who received what.
struct Row_ {
    failure: &'static str,
    reports: String,
    received: String,
}

struct Check<'a> {
    rig: &'a Rig,
    store: &'a Store,
}

impl Check<'_> {
    fn created(&self) -> Vec<Created> {
        self.rig.fake().created(&self.rig.sid)
    }

    /// The message Twilio created last to `to` whose body contains `needle`.
    fn last_to(&self, to: &str, needle: &str) -> Created {
        self.created()
            .into_iter()
            .rev()
            .find(|c| c.to == to && c.body.contains(needle))
            .unwrap_or_else(|| panic!("no SMS to {to} with {needle:?}"))
    }

    /// Waits for an SMS to `to` containing `needle`, created after the first `after`.
    async fn wait_to(&self, to: &str, needle: &str, after: usize) -> Created {
        let until = Instant::now() + WAIT;
        loop {
            if let Some(m) = self.created()[after..]
                .iter()
                .rev()
                .find(|c| c.to == to && c.body.contains(needle))
            {
                return m.clone();
            }
            assert!(Instant::now() < until, "no SMS to {to} with {needle:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The first alert to a referent (waited for).
    async fn first_alert(&self) -> Created {
        let until = Instant::now() + WAIT;
        loop {
            if let Some(a) = self
                .created()
                .into_iter()
                .find(|m| m.body.contains("veut aider"))
            {
                return a;
            }
            assert!(Instant::now() < until, "no referent alerted");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Posts reports for `message` in this order; every one is answered 200.
    async fn report(&self, message: &Created, reports: &[(&str, Option<u32>)]) -> String {
        for (status, code) in reports {
            let answer = self
                .rig
                .fake()
                .report(&self.rig.sid, message, status, *code, &self.rig.server.base)
                .await;
            assert_eq!(answer, Some(200), "{status} {code:?}");
        }
        reports
            .iter()
            .map(|(s, c)| match c {
                Some(c) => format!("{s} {c}"),
                None => s.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Waits for `n` SMS more than `before` created at the fake; returns the new ones.
    async fn new_sms(&self, before: usize, n: usize) -> Vec<Created> {
        let until = Instant::now() + WAIT;
        loop {
            let all = self.created();
            if all.len() >= before + n || Instant::now() > until {
                // A moment more: anything beyond `n` would be a duplicate.
                tokio::time::sleep(Duration::from_millis(600)).await;
                return self.created()[before..].to_vec();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Telegram rows queued after outbox row `after` (no bot in this test: they wait).
    async fn telegram_after(&self, after: i64) -> Vec<(String, String)> {
        self.store
            .messages_after(after)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.channel == Channel::Telegram)
            .map(|m| (m.address, m.text))
            .collect()
    }

    async fn last_row(&self) -> i64 {
        self.store.last_message_id().await.unwrap()
    }

    async fn delivery_of(&self, provider_id: &str) -> (Option<String>, Option<String>) {
        let r = sqlx::query("SELECT delivery, delivery_error FROM outbox WHERE provider_id = $1")
            .bind(provider_id)
            .fetch_one(self.store.pool())
            .await
            .unwrap();
        (r.get(0), r.get(1))
    }
}

fn describe(sms: &[Created]) -> String {
    if sms.is_empty() {
        return "nothing".into();
    }
    sms.iter()
        .map(|c| {
            let who = match c.to.as_str() {
                MODERATOR => "moderator".to_string(),
                to => format!("…{}", &to[to.len() - 4..]),
            };
            format!("SMS to {who}: {:.60}", c.body)
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The participation number in an alert ("OK 12").
fn code_of(alert: &str) -> i64 {
    let after = alert.split("OK ").nth(1).expect("an alert names its code");
    after
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_each_failure_does_with_reports_twice_and_out_of_order() {
    for db in databases() {
        let log = std::env::temp_dir().join(format!("{}.log", unique("renfort_receipts")));
        let rig = Rig::start_with(
            &db,
            &[
                ("RENFORT_SMS_PRICE", "0.0725".to_string()),
                ("RENFORT_LOG", "info".to_string()),
            ],
            Some(&log),
        )
        .await;
        let store = Store::connect(&db).await.unwrap();
        for sql in [
            "UPDATE departement_settings SET validation = 'auto'",
            "UPDATE missions SET places = 100",
        ] {
            sqlx::query(sql).execute(store.pool()).await.unwrap();
        }
        let c = Check {
            rig: &rig,
            store: &store,
        };
        let mut table: Vec<Row_> = Vec::new();
        let journey = |phone: &'static str| {
            let rig = &rig;
            async move {
                for line in JOURNEY {
                    assert!(!rig.exchange(phone, line, 1).await.is_empty(), "{line}");
                }
            }
        };

        // Every send asked for reports at the public URL.
        let (v1, v2, v3) = ("+33639977101", "+33639977102", "+33639977103");
        journey(v1).await;
        let alert1 = c
            .created()
            .into_iter()
            .find(|m| m.body.contains("veut aider"));
        let alert1 = match alert1 {
            Some(a) => a,
            None => {
                let until = Instant::now() + WAIT;
                loop {
                    if let Some(a) = c
                        .created()
                        .into_iter()
                        .find(|m| m.body.contains("veut aider"))
                    {
                        break a;
                    }
                    assert!(Instant::now() < until, "the referent alerted");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        };
        assert!(
            c.created()
                .iter()
                .all(|m| m.status_callback.as_deref()
                    == Some("https://renfort.test/sms/twilio/status")),
            "StatusCallback on every send"
        );
        let r1 = alert1.to.clone();
        let code1 = code_of(&alert1.body);
        let mut tx = store.begin().await.unwrap();
        let Some(staff::Staff::Referent {
            id: r1_id,
            structure_id,
            ..
        }) = staff::staff_of(&mut tx, Channel::Sms, &r1).await.unwrap()
        else {
            panic!("the alert went to a referent")
        };
        // The referent also has a Telegram chat, after their phone.
        sqlx::query(
            "INSERT INTO staff_addresses (staff_kind, staff_id, channel, address, preference) \
             VALUES ('referent', $1, 'telegram', '4242', 5)",
        )
        .bind(r1_id)
        .execute(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();

        // 1. An alert undelivered: the referent's other channel, once.
        let (before, row) = (c.created().len(), c.last_row().await);
        let reports = c
            .report(
                &alert1,
                &[
                    ("sent", None),
                    ("undelivered", Some(30008)),
                    ("undelivered", Some(30008)),
                    ("sent", None),
                ],
            )
            .await;
        let sms = c.new_sms(before, 0).await;
        let tg = c.telegram_after(row).await;
        assert!(sms.is_empty(), "{sms:?}");
        assert_eq!(tg.len(), 1, "{tg:?}");
        assert_eq!(tg[0].0, "4242");
        assert!(tg[0].1.contains("veut aider"), "{tg:?}");
        assert_eq!(
            c.delivery_of(&alert1.sid).await,
            (Some("undelivered".into()), Some("30008".into()))
        );
        table.push(Row_ {
            failure: "alert undelivered, referent also on Telegram",
            reports,
            received: format!("Telegram to the referent: {:.50}", tg[0].1),
        });
        sqlx::query("DELETE FROM staff_addresses WHERE channel = 'telegram'")
            .execute(store.pool())
            .await
            .unwrap();

        // 2-3. A colleague; both alerts fail: nothing while one may arrive, then the
        // moderators, once.
        let r2 = "+33639989102";
        let mut tx = store.begin().await.unwrap();
        staff::ensure_referent(&mut tx, structure_id, "Paul", Channel::Sms, r2)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let before_v2 = c.created().len();
        journey(v2).await;
        let to_r1 = c.wait_to(&r1, "Marie veut aider", before_v2).await;
        let to_r2 = c.wait_to(r2, "Marie veut aider", before_v2).await;
        let v2_confirmation = c.last_to(v2, "Merci");
        assert_eq!(code_of(&to_r1.body), code_of(&to_r2.body));
        let (before, row) = (c.created().len(), c.last_row().await);
        let reports = c
            .report(&to_r1, &[("failed", Some(30005)), ("sent", None)])
            .await;
        let sms = c.new_sms(before, 0).await;
        assert!(sms.is_empty(), "{sms:?}");
        assert!(c.telegram_after(row).await.is_empty());
        table.push(Row_ {
            failure: "alert failed, a colleague has it too",
            reports,
            received: "nothing (the colleague may answer)".into(),
        });
        let before = c.created().len();
        let reports = c
            .report(
                &to_r2,
                &[
                    ("undelivered", Some(30003)),
                    ("queued", None),
                    ("undelivered", Some(30003)),
                ],
            )
            .await;
        c.report(&to_r1, &[("failed", Some(30005))]).await;
        let sms = c.new_sms(before, 1).await;
        assert_eq!(sms.len(), 1, "{sms:?}");
        assert_eq!(sms[0].to, MODERATOR);
        assert!(sms[0].body.contains("prendre le relais"), "{}", sms[0].body);
        assert!(sms[0].body.contains("06 39 97 71 02"), "{}", sms[0].body);
        table.push(Row_ {
            failure: "alert failed at every referent",
            reports,
            received: describe(&sms),
        });

        // 4-5. A volunteer's phone off: sent once more; off again: unreachable.
        let before_v3 = c.created().len();
        journey(v3).await;
        c.wait_to(r2, "veut aider", before_v3).await;
        let v3_id = store.volunteer_id(Channel::Sms, v3).await.unwrap().unwrap();
        sqlx::query(
            "INSERT INTO contacts (channel, address, volunteer_id, created_at) \
             VALUES ('telegram', '777', $1, 0)",
        )
        .bind(v3_id)
        .execute(store.pool())
        .await
        .unwrap();
        let code3 = code_of(&c.wait_to(&r1, "veut aider", before_v3).await.body);
        let confirmation = c.last_to(v3, "Merci");
        let before = c.created().len();
        let reports = c
            .report(
                &confirmation,
                &[("undelivered", Some(30003)), ("undelivered", Some(30003))],
            )
            .await;
        let sms = c.new_sms(before, 1).await;
        assert_eq!(sms.len(), 1, "{sms:?}");
        assert_eq!((sms[0].to.as_str(), &sms[0].body), (v3, &confirmation.body));
        table.push(Row_ {
            failure: "volunteer's phone unreachable (30003), first time",
            reports,
            received: format!("the same SMS once more: {}", describe(&sms)),
        });
        let resent = sms[0].clone();
        let (before, row) = (c.created().len(), c.last_row().await);
        let reports = c
            .report(
                &resent,
                &[
                    ("sent", None),
                    ("undelivered", Some(30003)),
                    ("undelivered", Some(30003)),
                ],
            )
            .await;
        let sms = c.new_sms(before, 2).await;
        let tg = c.telegram_after(row).await;
        assert_eq!(sms.len(), 2, "{sms:?}");
        assert!(
            sms.iter()
                .all(|m| (m.to == r1 || m.to == r2) && m.body.contains("injoignable par SMS")),
            "{sms:?}"
        );
        assert_eq!(tg.len(), 1, "{tg:?}");
        assert_eq!(tg[0].0, "777");
        assert!(tg[0].1.contains("Nos SMS"), "{tg:?}");
        table.push(Row_ {
            failure: "the resend unreachable too (30003 after a retry)",
            reports,
            received: format!(
                "{} | Telegram to the volunteer: {:.50}",
                describe(&sms),
                tg[0].1
            ),
        });
        // No more SMS to that number: the structure's answer goes to Telegram.
        let (before, row) = (c.created().len(), c.last_row().await);
        let answer = rig.exchange(&r1, &format!("OK {code3}"), 1).await;
        assert!(!answer.is_empty());
        let sms = c.new_sms(before, 1).await;
        assert!(sms.iter().all(|m| m.to != v3), "{sms:?}");
        let tg = c.telegram_after(row).await;
        assert!(tg.iter().any(|(to, _)| to == "777"), "{tg:?}");
        // The number writes again (in a later second): it gets SMS again.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let again = rig.exchange(v3, "AIDE", 1).await;
        assert_eq!(again.len(), 1, "{again:?}");

        // 6. A referent's MSG that fails: its author is told.
        let before = c.created().len();
        let relay = rig
            .exchange(&r1, &format!("MSG {code1} Pouvez-vous venir mardi ?"), 1)
            .await;
        assert!(!relay.is_empty());
        let relayed = c.new_sms(before, 2).await;
        let relayed = relayed
            .iter()
            .find(|m| m.to == v1)
            .expect("relayed to the volunteer")
            .clone();
        let before = c.created().len();
        let reports = c
            .report(
                &relayed,
                &[("failed", Some(30008)), ("failed", Some(30008))],
            )
            .await;
        let sms = c.new_sms(before, 1).await;
        assert_eq!(sms.len(), 1, "{sms:?}");
        assert_eq!(sms[0].to, r1);
        assert!(
            sms[0].body.contains("n'a pas pu lui parvenir"),
            "{}",
            sms[0].body
        );
        table.push(Row_ {
            failure: "a referent's MSG n not delivered",
            reports,
            received: describe(&sms),
        });

        // 7-8. Carrier filtering, queue overflow: a signal, nothing resent.
        for (code, line) in [(30007, "AIDE"), (30001, "PROFIL")] {
            let reply = rig.exchange(v2, line, 1).await;
            let reply = c.last_to(v2, &reply[0].body);
            let before = c.created().len();
            let reports = c
                .report(&reply, &[("undelivered", Some(code)), ("sent", None)])
                .await;
            let sms = c.new_sms(before, 0).await;
            assert!(sms.is_empty(), "{sms:?}");
            table.push(Row_ {
                failure: if code == 30007 {
                    "carrier filtering (30007)"
                } else {
                    "queue overflow (30001)"
                },
                reports,
                received: "nothing; renfort_sms_delivery_signals_total{code} + 1, a log line"
                    .into(),
            });
        }
        let metrics = reqwest::get(format!("{}/metrics", rig.server.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        for code in ["30007", "30001"] {
            assert!(
                metrics.contains(&format!(
                    "renfort_sms_delivery_signals_total{{code=\"{code}\"}} 1"
                )),
                "{metrics}"
            );
        }

        // 9. Delivered, then late and out-of-order reports: it stays delivered, no reaction.
        let reply = v2_confirmation;
        let before = c.created().len();
        let reports = c
            .report(
                &reply,
                &[
                    ("delivered", None),
                    ("sent", None),
                    ("queued", None),
                    ("failed", Some(30005)),
                    ("delivered", None),
                ],
            )
            .await;
        assert_eq!(
            c.delivery_of(&reply.sid).await,
            (Some("delivered".into()), None)
        );
        assert!(c.new_sms(before, 0).await.is_empty());
        table.push(Row_ {
            failure: "delivered (then late/out-of-order reports)",
            reports,
            received: "nothing; stays delivered".into(),
        });

        // A forged report is refused, a report on the SMS URL changes nothing.
        let mut forged = rig.params(v2, "", "SMforged");
        forged.retain(|(k, _)| k != "Body");
        forged.push(("MessageStatus".into(), "failed".into()));
        let (status, _) = rig
            .post_to("/sms/twilio/status", &forged, Some("bm90IHNpZ25lZA=="))
            .await;
        assert_eq!(status, 403);
        let mut misplaced = rig.params(OUR_NUMBER, "", &unique("SM"));
        misplaced.retain(|(k, _)| k != "Body");
        misplaced.push(("MessageStatus".into(), "sent".into()));
        let sig = rig.sign(&misplaced);
        let row = c.last_row().await;
        let (status, twiml) = rig.post(&misplaced, Some(&sig)).await;
        assert_eq!(status, 200, "{twiml}");
        assert_eq!(
            store.volunteer_id(Channel::Sms, OUR_NUMBER).await.unwrap(),
            None
        );
        assert_eq!(c.last_row().await, row, "nothing queued");

        // The figures: undelivered alerts, segments and their cost.
        let out = Renfort {
            database_url: db.clone(),
        }
        .command(&["stats", "--json"])
        .env("RENFORT_SMS_PRICE", "0.0725")
        .output()
        .unwrap();
        let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let sms = &stats["sms"];
        assert_eq!(sms["undelivered_alerts"], 3, "{sms}");
        let segments = sms["segments"].as_i64().unwrap();
        assert!(segments >= c.created().len() as i64, "{sms}");
        let cost = sms["cost"].as_f64().unwrap();
        assert!((cost - segments as f64 * 0.0725).abs() < 1e-6, "{sms}");
        assert_eq!(sms["days"][0]["departement"], "62", "{sms}");
        assert!(
            metrics.contains("renfort_sms_segments_today{departement=\"62\"}"),
            "{metrics}"
        );

        // No full number in the log.
        let logged = std::fs::read_to_string(&log).unwrap();
        for n in [v1, v2, v3, r1.as_str(), r2, MODERATOR] {
            assert!(!logged.contains(n), "{n} in the log");
        }
        let _ = std::fs::remove_file(&log);

        println!("\nFailure → who receives what ({}):", backend(&db));
        println!("| failure | reports (in order) | who received what |");
        println!("|---|---|---|");
        for r in &table {
            println!("| {} | {} | {} |", r.failure, r.reports, r.received);
        }
        println!("stats: {}", sms);
        store.close().await;
    }
}

fn backend(db: &str) -> &'static str {
    if db.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    }
}

/// A structure whose only referent texted STOP: the volunteer is not promised a call, hears
/// it honestly with the way to other missions, and the moderators are told at once (not after
/// the five-day escalation); the alert waits for the referent's START. Printed as the
/// volunteer and the moderator see it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_only_referent_stopped_nobody_is_promised_a_call() {
    for db in databases() {
        let rig = Rig::start_with(&db, &[], None).await;
        let store = Store::connect(&db).await.unwrap();
        for sql in [
            "UPDATE departement_settings SET validation = 'auto'",
            "UPDATE missions SET places = 100",
        ] {
            sqlx::query(sql).execute(store.pool()).await.unwrap();
        }
        let c = Check {
            rig: &rig,
            store: &store,
        };
        let (v1, v2) = ("+33639977201", "+33639977202");
        for line in JOURNEY {
            rig.exchange(v1, line, 1).await;
        }
        let referent = c.first_alert().await.to;
        let stopped = rig.exchange(&referent, "STOP", 1).await;
        assert!(stopped[0].body.contains("START"), "{:?}", stopped[0].body);

        let mut transcript = vec![format!("Referent …{}: STOP", &referent[8..])];
        let before = c.created().len();
        for line in JOURNEY {
            let replies = rig.exchange(v2, line, 1).await;
            transcript.push(format!("Volunteer: {line}"));
            for r in &replies {
                transcript.push(format!("  Renfort → volunteer: {}", r.body));
            }
        }
        let confirmation = c.last_to(v2, "Merci");
        assert!(
            confirmation.body.contains("aucun référent joignable")
                && confirmation.body.contains("MISSIONS"),
            "{}",
            confirmation.body
        );
        assert!(
            !confirmation.body.contains("appeler"),
            "{}",
            confirmation.body
        );
        let to_moderator = c.wait_to(MODERATOR, "aucun référent", before).await;
        assert!(
            to_moderator.body.contains("06 39 97 72 02")
                && to_moderator.body.contains("prendre le relais"),
            "{}",
            to_moderator.body
        );
        transcript.push(format!("  Renfort → moderator: {}", to_moderator.body));
        // Other missions are offered.
        let list = rig.exchange(v2, "MISSIONS", 1).await;
        assert!(list[0].body.contains("1. "), "{}", list[0].body);
        transcript.push("Volunteer: MISSIONS".into());
        transcript.push(format!("  Renfort → volunteer: {}", list[0].body));
        // Nothing reached the referent; START brings the alert that waited.
        assert!(
            c.created()[before..]
                .iter()
                .all(|m| m.to != referent || !m.body.contains("veut aider"))
        );
        let back = rig.exchange(&referent, "START", 2).await;
        assert!(
            back.iter().any(|m| m.body.contains("veut aider")),
            "{back:?}"
        );
        transcript.push(format!("Referent …{}: START", &referent[8..]));
        for m in &back {
            transcript.push(format!("  Renfort → referent: {}", m.body));
        }
        println!(
            "\nThe only referent stopped ({}):\n{}",
            backend(&db),
            transcript.join("\n")
        );
        store.close().await;
    }
}

/// On Telegram, a volunteer without a phone hears one message that says how the structure
/// will reach them, with the button to share the number; not a promised call followed by
/// "without your number, the structure cannot call you".
#[test]
fn on_telegram_without_a_phone_one_coherent_message() {
    for db in databases() {
        let app = Renfort { database_url: db };
        app.run(&["seed", "demo"]);
        let chat = "55501";
        let telegram = |lines: &[&str]| -> Vec<serde_json::Value> {
            let mut child = app
                .command(&["chat", "--from", chat, "--channel", "telegram", "--json"])
                .stdin(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            {
                use std::io::Write;
                let mut stdin = child.stdin.take().unwrap();
                for l in lines {
                    writeln!(stdin, "{l}").unwrap();
                }
            }
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        };
        telegram(&JOURNEY[..9]);
        let id = app
            .run(&["moderation", "list", "--json"])
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .flat_map(|v| match v {
                serde_json::Value::Array(items) => items,
                other => vec![other],
            })
            .find(|i| i["kind"] == "volunteer")
            .and_then(|i| i["id"].as_i64())
            .expect("the volunteer waits for validation");
        app.run(&["moderation", "approve", "volunteer", &id.to_string()]);
        let out = telegram(&["MISSIONS"]);
        assert!(!out.is_empty());
        let out = telegram(&["OUI 1"]);
        let to_volunteer: Vec<&serde_json::Value> =
            out.iter().filter(|m| m["to"] == chat).collect();
        assert_eq!(to_volunteer.len(), 1, "one message: {out:?}");
        let text = to_volunteer[0]["text"].as_str().unwrap();
        assert!(
            text.contains("Partagez votre numéro") && text.contains("écrira ici"),
            "{text}"
        );
        assert!(!text.contains("va vous appeler"), "{text}");
        // The structure is alerted all the same.
        assert!(
            out.iter()
                .any(|m| m["text"].as_str().unwrap_or("").contains("veut aider")),
            "{out:?}"
        );
        println!("Telegram, no phone, OUI 1 → {text}");
    }
}
