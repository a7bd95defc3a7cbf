//! Delivery under crashes, provider faults, several instances, STOP, SIGTERM and a terminal on
//! the same database: the real binary, the real twilio-async client (its requests) against the
//! fake Twilio (at `RENFORT_TWILIO_API_URL`), on SQLite and on PostgreSQL.
//!
//! Every scenario ends with one line of counts (run with `-- --nocapture` to see them):
//! inbound accepted / replies queued / delivered / lost / duplicated / sent after STOP, counted
//! from the database and from the messages the fake Twilio created (what recipients get).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use renfort_core::domain::Channel;
use renfort_core::store::{Store, staff};
use renfort_sms::signature;
use sqlx::Row;

use crate::fake_twilio::{Answer, FakeTwilio, Fault};
use crate::support::{Renfort, Server, databases, free_port, unique};

const FROM_NUMBER: &str = "+33639989999";
const PUBLIC_URL: &str = "https://renfort.test";
/// A conversation each simulated volunteer has (every line gets at least one reply).
const LINES: [&str; 5] = ["Bonjour", "oui", "Marie", "AIDE", "62000"];

fn backend(db: &str) -> &'static str {
    if db.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    }
}

/// One Twilio account at the fake, servers of `renfort serve` on one database, and signed
/// webhooks re-posted until answered (what Twilio's retries do).
struct Rig {
    db: String,
    sid: String,
    token: String,
    port: u16,
    extra_env: Vec<(&'static str, String)>,
    client: reqwest::Client,
    /// MessageSids answered 200.
    accepted: Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
    /// Phone, when its STOP was answered, when its START was (if it came back).
    stops: std::sync::Mutex<Vec<(String, Instant, Option<Instant>)>>,
    /// Lines typed into `renfort chat` (inbound too, not through the webhook).
    terminal_lines: std::sync::atomic::AtomicUsize,
}

impl Rig {
    fn new(db: &str, extra_env: &[(&'static str, &str)]) -> Rig {
        Renfort {
            database_url: db.to_string(),
        }
        .run(&["seed", "demo"]);
        let sid = format!("AC{}", unique("d").replace('_', ""));
        let token = unique("token");
        FakeTwilio::get().add_account(&sid, &token);
        Rig {
            db: db.to_string(),
            sid,
            token,
            port: free_port(),
            extra_env: extra_env.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap(),
            accepted: Arc::default(),
            stops: Default::default(),
            terminal_lines: Default::default(),
        }
    }

    fn fake(&self) -> &'static FakeTwilio {
        FakeTwilio::get()
    }

    fn env(&self) -> Vec<(&str, String)> {
        let fake = self.fake();
        let mut env = vec![
            ("TWILIO_ACCOUNT_SID", self.sid.clone()),
            ("TWILIO_AUTH_TOKEN", self.token.clone()),
            ("TWILIO_FROM", FROM_NUMBER.to_string()),
            ("RENFORT_PUBLIC_URL", PUBLIC_URL.to_string()),
            ("RENFORT_SMS_RATE", "100".to_string()),
            // Short delays instead of minutes: a dead sender's claim lasts 2×2+5 s.
            ("RENFORT_SMS_CHECK_AFTER", "1".to_string()),
            ("RENFORT_RETRY_MAX_DELAY", "3".to_string()),
            ("RENFORT_SEND_TIMEOUT", "2".to_string()),
            ("RENFORT_TWILIO_API_URL", fake.url.clone()),
            // The moderator's daily SMS digest (issue 12) would add to the counts.
            ("RENFORT_DIGEST_HOUR", "off".to_string()),
        ];
        for (k, v) in &self.extra_env {
            env.retain(|(e, _)| e != k);
            env.push((k, v.clone()));
        }
        env
    }

    /// `renfort serve` on the rig's port.
    async fn serve(&self) -> Server {
        self.serve_on(self.port).await
    }

    async fn serve_on(&self, port: u16) -> Server {
        Server::start_on(port, &self.db, &self.env(), None, None).await
    }

    fn url(&self, port: u16) -> String {
        format!("http://127.0.0.1:{port}/sms/twilio")
    }

    /// Posts one signed inbound SMS to `port`, again and again (same MessageSid) until it is
    /// answered 200, as Twilio would retry; `false` if it never was within `patience`.
    async fn deliver_inbound(&self, port: u16, from: &str, body: &str, patience: Duration) -> bool {
        let message_sid = crate::support::message_sid();
        let params: Vec<(String, String)> = [
            ("MessageSid", message_sid.as_str()),
            ("AccountSid", self.sid.as_str()),
            ("From", from),
            ("To", FROM_NUMBER),
            ("Body", body),
            ("NumMedia", "0"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let sig = signature::sign(&self.token, &format!("{PUBLIC_URL}/sms/twilio"), &params);
        let form: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter())
            .finish();
        let until = Instant::now() + patience;
        while Instant::now() < until {
            let sent = self
                .client
                .post(self.url(port))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", &sig)
                .body(form.clone())
                .send()
                .await;
            if let Ok(r) = sent
                && r.status() == 200
            {
                self.accepted.lock().unwrap().insert(message_sid);
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }

    /// Records that `phone`'s STOP was answered now (for "sent after STOP").
    fn stopped(&self, phone: &str) {
        self.stops
            .lock()
            .unwrap()
            .push((phone.to_string(), Instant::now(), None));
    }

    /// Records that `phone`'s START is sent now: from then on, messages to it are expected.
    fn resumed(&self, phone: &str) {
        for (p, _, end) in self.stops.lock().unwrap().iter_mut() {
            if p == phone && end.is_none() {
                *end = Some(Instant::now());
            }
        }
    }

    /// `volunteers` numbers each go through `LINES`, all at once, on `port`.
    async fn load(self: &Arc<Self>, port: u16, volunteers: usize, offset: usize) {
        let mut tasks = Vec::new();
        for v in 0..volunteers {
            let rig = self.clone();
            tasks.push(tokio::spawn(async move {
                let phone = format!("+336399{:05}", 50_000 + offset + v);
                for line in LINES {
                    assert!(
                        rig.deliver_inbound(port, &phone, line, Duration::from_secs(90))
                            .await,
                        "an inbound SMS was never accepted"
                    );
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
    }

    /// Waits until no row is open (pending, checking, sending), or `patience` ends.
    async fn settle(&self, patience: Duration) {
        let store = Store::connect(&self.db).await.unwrap();
        let until = Instant::now() + patience;
        loop {
            let open: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM outbox WHERE channel = 'sms' \
                 AND status IN ('pending', 'checking', 'sending')",
            )
            .fetch_one(store.pool())
            .await
            .unwrap();
            if open == 0 || Instant::now() > until {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        store.close().await;
    }

    /// Counts what happened, prints the line of the table and returns it.
    async fn count(&self, scenario: &str) -> Counts {
        let store = Store::connect(&self.db).await.unwrap();
        let inbound: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbound WHERE channel = 'sms'")
            .fetch_one(store.pool())
            .await
            .unwrap();
        let rows = sqlx::query(
            "SELECT address, text, status, ignores_stop, COALESCE(error, '') FROM outbox \
             WHERE channel = 'sms' ORDER BY id",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        store.close().await;
        let created = self.fake().created(&self.sid);
        let mut at_twilio: HashMap<(String, String), usize> = HashMap::new();
        for c in &created {
            *at_twilio.entry((c.to.clone(), c.body.clone())).or_default() += 1;
        }
        let mut counts = Counts {
            scenario: scenario.to_string(),
            backend: backend(&self.db),
            inbound_accepted: inbound as usize,
            queued: rows.len(),
            ..Counts::default()
        };
        let mut confirmations = Vec::new();
        for r in &rows {
            let (to, text, status): (String, String, String) = (r.get(0), r.get(1), r.get(2));
            let ignores_stop: i64 = r.get(3);
            let note: String = r.get(4);
            if ignores_stop == 1 {
                confirmations.push((to.clone(), text.clone()));
            }
            match status.as_str() {
                "sent" if note == "shown by renfort chat" => counts.shown_by_chat += 1,
                "sent" => match at_twilio.get_mut(&(to, text)) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        counts.delivered += 1;
                    }
                    // Marked sent, never at Twilio.
                    _ => counts.lost += 1,
                },
                "dropped" => counts.dropped += 1,
                "held" => counts.held += 1,
                _ => counts.lost += 1,
            }
        }
        counts.duplicated = at_twilio.values().sum();
        for (phone, at, end) in self.stops.lock().unwrap().iter() {
            counts.sent_after_stop += created
                .iter()
                .filter(|c| &c.to == phone && c.at > *at && end.is_none_or(|end| c.at < end))
                .filter(|c| !confirmations.contains(&(c.to.clone(), c.body.clone())))
                .count();
        }
        let answered = self.accepted.lock().unwrap().len()
            + self
                .terminal_lines
                .load(std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            counts.inbound_accepted, answered,
            "every inbound answered 200 is recorded once"
        );
        println!("{counts}");
        counts
    }
}

#[derive(Debug, Default)]
struct Counts {
    scenario: String,
    backend: &'static str,
    inbound_accepted: usize,
    queued: usize,
    delivered: usize,
    /// Rows shown by `renfort chat` (its own), not sent to Twilio.
    shown_by_chat: usize,
    dropped: usize,
    /// Alerts waiting for staff who stopped.
    held: usize,
    lost: usize,
    duplicated: usize,
    sent_after_stop: usize,
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            self.scenario,
            self.backend,
            self.inbound_accepted,
            self.queued,
            {
                let mut d = self.delivered.to_string();
                for (n, what) in [
                    (self.shown_by_chat, "shown by chat"),
                    (self.dropped, "dropped: STOP"),
                    (self.held, "held until START"),
                ] {
                    if n > 0 {
                        d.push_str(&format!(" (+{n} {what})"));
                    }
                }
                d
            },
            self.lost,
            self.duplicated,
            self.sent_after_stop
        )
    }
}

impl Counts {
    fn assert_exact(&self) {
        assert_eq!(self.lost, 0, "nothing lost: {self}");
        assert_eq!(self.duplicated, 0, "nothing twice: {self}");
        assert_eq!(self.sent_after_stop, 0, "nothing after STOP: {self}");
        assert_eq!(
            self.delivered + self.shown_by_chat + self.dropped + self.held,
            self.queued,
            "every reply accounted for: {self}"
        );
    }
}

fn kill(server: &Server, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([signal, &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_three_times_under_load() {
    for db in databases() {
        let rig = Arc::new(Rig::new(&db, &[]));
        let load = tokio::spawn({
            let rig = rig.clone();
            async move { rig.load(rig.port, 24, 0).await }
        });
        let mut server = rig.serve().await;
        for _ in 0..3 {
            tokio::time::sleep(Duration::from_millis(1500)).await;
            server.child.kill().unwrap(); // SIGKILL
            server.child.wait().unwrap();
            server = rig.serve().await;
        }
        load.await.unwrap();
        rig.settle(Duration::from_secs(40)).await;
        let counts = rig.count("kill -9 ×3 under load").await;
        drop(server);
        counts.assert_exact();
        assert_eq!(counts.inbound_accepted, 24 * LINES.len());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provider_faults_html_5xx_empty_429_hang() {
    for db in databases() {
        let rig = Arc::new(Rig::new(&db, &[]));
        let fake = rig.fake();
        fake.faults(
            &rig.sid,
            vec![
                // A proxy's HTML 502 after Twilio took the message: found, not resent.
                Fault::Raw {
                    status: 502,
                    body: "<html><body>502 Bad Gateway</body></html>",
                    taken: true,
                },
                // An HTML 503 before Twilio: not found, sent again.
                Fault::Raw {
                    status: 503,
                    body: "<html><body>503</body></html>",
                    taken: false,
                },
                // An empty 429.
                Fault::Raw {
                    status: 429,
                    body: "",
                    taken: false,
                },
                // No answer within the timeout, but Twilio took it.
                Fault::Hang {
                    seconds: 4,
                    taken: true,
                },
            ],
        );
        fake.script(&rig.sid, vec![Answer::error(500, 20500)]);
        let server = rig.serve().await;
        rig.load(rig.port, 6, 100).await;
        rig.settle(Duration::from_secs(40)).await;
        let counts = rig.count("HTML 502/503, empty 429, hang, JSON 500").await;
        drop(server);
        counts.assert_exact();
        assert!(fake.lists(&rig.sid) >= 4, "unknown outcomes were checked");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_hanging_call_holds_up_nobody_else() {
    let db = &databases()[0];
    let rig = Arc::new(Rig::new(db, &[("RENFORT_SEND_TIMEOUT", "6")]));
    rig.fake().faults(
        &rig.sid,
        vec![Fault::Hang {
            seconds: 5,
            taken: false,
        }],
    );
    let _server = rig.serve().await;
    assert!(
        rig.deliver_inbound(rig.port, "+33639960001", "Bonjour", Duration::from_secs(5))
            .await
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let start = Instant::now();
    assert!(
        rig.deliver_inbound(rig.port, "+33639960002", "Bonjour", Duration::from_secs(5))
            .await
    );
    let other = loop {
        let got = rig
            .fake()
            .created(&rig.sid)
            .into_iter()
            .find(|c| c.to == "+33639960002");
        if let Some(c) = got {
            break c;
        }
        assert!(
            start.elapsed() < Duration::from_secs(4),
            "held up by the hanging call"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(other.at - start < Duration::from_secs(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_while_the_sender_is_blocked() {
    for db in databases() {
        let rig = Arc::new(Rig::new(&db, &[]));
        let me = "+33639970001";
        let _server = rig.serve().await;
        assert!(
            rig.deliver_inbound(rig.port, me, "Bonjour", Duration::from_secs(5))
                .await
        );
        tokio::time::sleep(Duration::from_millis(800)).await;
        // The next reply hangs at Twilio (taken, answer lost); more replies queue behind it,
        // then STOP.
        rig.fake().faults(
            &rig.sid,
            vec![Fault::Hang {
                seconds: 4,
                taken: true,
            }],
        );
        for line in ["oui", "Marie", "AIDE"] {
            assert!(
                rig.deliver_inbound(rig.port, me, line, Duration::from_secs(5))
                    .await
            );
        }
        // The sender is blocked once the hanging send has reached Twilio (on a loaded machine
        // it may leave after the lines above are answered); a send already at Twilio when the
        // STOP comes in is not a send after STOP.
        let until = Instant::now() + Duration::from_secs(10);
        while rig
            .fake()
            .created(&rig.sid)
            .iter()
            .filter(|c| c.to == me)
            .count()
            < 2
        {
            assert!(
                Instant::now() < until,
                "the reply to oui never reached Twilio"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(
            rig.deliver_inbound(rig.port, me, "STOP", Duration::from_secs(5))
                .await
        );
        rig.stopped(me);
        rig.settle(Duration::from_secs(30)).await;
        let counts = rig.count("STOP while a send hangs").await;
        counts.assert_exact();
        assert!(counts.dropped >= 2, "queued replies dropped: {counts}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_postgresql_through_an_outage() {
    let Some(db) = databases().into_iter().find(|d| d.starts_with("postgres")) else {
        eprintln!("PostgreSQL not available: two instances not tested");
        return;
    };
    let rig = Arc::new(Rig::new(&db, &[]));
    let first = rig.serve().await;
    let second_port = free_port();
    let second = rig.serve_on(second_port).await;
    rig.fake().outage(&rig.sid, Duration::from_secs(6));
    let a = tokio::spawn({
        let rig = rig.clone();
        async move { rig.load(rig.port, 10, 200).await }
    });
    let b = tokio::spawn({
        let rig = rig.clone();
        async move { rig.load(second_port, 10, 300).await }
    });
    a.await.unwrap();
    b.await.unwrap();
    rig.settle(Duration::from_secs(60)).await;
    let counts = rig.count("two instances, 6 s Twilio outage").await;
    drop((first, second));
    counts.assert_exact();
    // Backoff and the attempt limit hold across instances: per row, attempts at Twilio are
    // at most 8 and never closer than a second apart.
    let mut per_row: HashMap<(String, String), Vec<Instant>> = HashMap::new();
    for r in rig.fake().received(&rig.sid) {
        per_row.entry((r.to, r.body)).or_default().push(r.at);
    }
    let store = Store::connect(&db).await.unwrap();
    let max_attempts: i64 = sqlx::query_scalar("SELECT MAX(attempts) FROM outbox")
        .fetch_one(store.pool())
        .await
        .unwrap();
    // Attempts are told apart by recipient and text: only where one row has that pair.
    let rows = sqlx::query("SELECT address, text FROM outbox")
        .fetch_all(store.pool())
        .await
        .unwrap();
    store.close().await;
    let mut rows_per_pair: HashMap<(String, String), usize> = HashMap::new();
    for r in &rows {
        *rows_per_pair.entry((r.get(0), r.get(1))).or_default() += 1;
    }
    assert!(max_attempts <= 8, "{max_attempts} attempts");
    let retried: Vec<_> = per_row
        .iter()
        .filter(|(pair, v)| v.len() > 1 && rows_per_pair.get(*pair) == Some(&1))
        .map(|(_, v)| v)
        .collect();
    assert!(!retried.is_empty(), "the outage made retries");
    for attempts in retried {
        for pair in attempts.windows(2) {
            assert!(
                pair[1] - pair[0] >= Duration::from_millis(900),
                "a retry {:?} after the previous one",
                pair[1] - pair[0]
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_and_chat_on_one_database() {
    for db in databases() {
        let rig = Arc::new(Rig::new(&db, &[]));
        let server = rig.serve().await;
        let load = tokio::spawn({
            let rig = rig.clone();
            async move { rig.load(rig.port, 20, 400).await }
        });
        let terminal = Renfort {
            database_url: db.clone(),
        };
        let chat_number = "+33639975555";
        let mut printed = 0;
        for line in LINES {
            let out = tokio::task::spawn_blocking({
                let terminal = Renfort {
                    database_url: terminal.database_url.clone(),
                };
                move || terminal.chat(chat_number, &[line])
            })
            .await
            .unwrap();
            rig.terminal_lines
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            assert!(!out.is_empty(), "the terminal shows its replies");
            assert!(
                out.iter().all(|m| m["to"] == chat_number),
                "only its own: {out:?}"
            );
            printed += out.len();
        }
        load.await.unwrap();
        rig.settle(Duration::from_secs(30)).await;
        let counts = rig.count("serve + chat on one database").await;
        drop(server);
        assert_eq!(counts.shown_by_chat, printed);
        counts.assert_exact();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_a_webhook_in_flight() {
    for db in databases() {
        let rig = Arc::new(Rig::new(&db, &[]));
        let mut server = rig.serve().await;
        // Hold the database so that the next webhook is in flight when SIGTERM comes.
        let store = Store::connect(&db).await.unwrap();
        let mut lock = store.begin().await.unwrap();
        sqlx::query("UPDATE departement_settings SET validation = validation")
            .execute(&mut *lock)
            .await
            .unwrap();
        if db.starts_with("postgres") {
            sqlx::query("LOCK TABLE inbound IN EXCLUSIVE MODE")
                .execute(&mut *lock)
                .await
                .unwrap();
        }
        let in_flight = tokio::spawn({
            let rig = rig.clone();
            async move {
                rig.deliver_inbound(
                    rig.port,
                    "+33639979001",
                    "Bonjour",
                    Duration::from_millis(1),
                )
                .await
            }
        });
        tokio::time::sleep(Duration::from_millis(500)).await;
        kill(&server, "-TERM");
        tokio::time::sleep(Duration::from_millis(500)).await;
        lock.commit().await.unwrap();
        store.close().await;
        assert!(
            in_flight.await.unwrap(),
            "the webhook in flight got its answer"
        );
        let status = server.child.wait().unwrap();
        assert!(status.success(), "exit 0 after SIGTERM: {status:?}");
        // Its reply leaves now or at the next start, never lost.
        server = rig.serve().await;
        rig.settle(Duration::from_secs(20)).await;
        let counts = rig.count("SIGTERM with a webhook in flight").await;
        drop(server);
        counts.assert_exact();
        assert_eq!((counts.inbound_accepted, counts.delivered), (1, 1));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_from_one_number() {
    for db in databases() {
        let rig = Arc::new(Rig::new(
            &db,
            &[("RENFORT_FLOOD_MAX", "5"), ("RENFORT_FLOOD_WINDOW", "120")],
        ));
        let server = rig.serve().await;
        // An auto-responder: 30 messages as fast as the webhook answers.
        let robot = "+33639978001";
        for i in 0..30 {
            let text = format!("Message automatique {i} : je suis absent.");
            assert!(
                rig.deliver_inbound(rig.port, robot, &text, Duration::from_secs(5))
                    .await
            );
        }
        // Someone else at the same time is answered as usual.
        assert!(
            rig.deliver_inbound(rig.port, "+33639978002", "Bonjour", Duration::from_secs(5))
                .await
        );
        rig.settle(Duration::from_secs(20)).await;
        let counts = rig.count("a flood from one number (limit 5)").await;
        counts.assert_exact();
        let to_robot: Vec<_> = rig
            .fake()
            .created(&rig.sid)
            .into_iter()
            .filter(|c| c.to == robot)
            .collect();
        assert_eq!(to_robot.len(), 6, "five answers and one notice");
        assert!(to_robot[5].body.contains("pause"), "{}", to_robot[5].body);
        let metrics = reqwest::get(format!("http://127.0.0.1:{}/metrics", rig.port))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            metrics.contains("renfort_inbound_flood_muted_total 25"),
            "{metrics}"
        );
        drop(server);
    }
}

/// The flood probes of issue 25, measured the same way: 200 inbound SMS, START again and
/// again from one number, STOP/START in turn from another, at the default limit (30
/// messages in 5 minutes). Every confirmation counts: at most the consent allowance of them
/// (3, each at most two SMS), and the one notice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_and_stop_start_floods_stay_within_the_limit() {
    const INBOUND: usize = 200;
    const BOUND: usize = 30 + 1 + 2 * 3;
    for db in databases() {
        let rig = Arc::new(Rig::new(&db, &[]));
        let server = rig.serve().await;
        let starter = "+33639978101";
        let toggler = "+33639978102";
        for i in 0..INBOUND {
            assert!(
                rig.deliver_inbound(rig.port, starter, "START", Duration::from_secs(5))
                    .await
            );
            let word = if i % 2 == 0 { "STOP" } else { "START" };
            assert!(
                rig.deliver_inbound(rig.port, toggler, word, Duration::from_secs(5))
                    .await
            );
        }
        // The last word of the loop was START; a STOP now, far past everything, holds.
        assert!(
            rig.deliver_inbound(rig.port, toggler, "STOP", Duration::from_secs(5))
                .await
        );
        rig.settle(Duration::from_secs(20)).await;
        let counts = rig.count("START x200 and STOP/START x100").await;
        counts.assert_exact();
        let created = rig.fake().created(&rig.sid);
        let to = |phone: &str| created.iter().filter(|c| c.to == phone).count();
        eprintln!(
            "flood probe ({}): START x{INBOUND} -> {} SMS, STOP/START x{} -> {} SMS",
            backend(&db),
            to(starter),
            INBOUND / 2,
            to(toggler)
        );
        assert!(to(starter) <= BOUND, "START: {}", to(starter));
        assert!(to(toggler) <= BOUND, "STOP/START: {}", to(toggler));
        let store = Store::connect(&db).await.unwrap();
        let stopped: Option<i64> =
            sqlx::query_scalar("SELECT stopped_at FROM contacts WHERE address = $1")
                .bind(toggler)
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert!(stopped.is_some(), "the last STOP took effect");
        let recorded: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbound WHERE address = $1")
            .bind(starter)
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(recorded, INBOUND as i64, "nothing lost");
        store.close().await;
        drop(server);
    }
}

/// A volunteer's whole journey over the webhook, up to an intent (validation is automatic).
const JOURNEY: [&str; 10] = [
    "Bonjour", "oui", "Marie", "62000", "1", "oui", "1 3", "le soir", "MISSIONS", "OUI 1",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_referent_texts_stop() {
    for db in databases() {
        let rig = Arc::new(Rig::new(&db, &[]));
        let store = Store::connect(&db).await.unwrap();
        for sql in [
            "UPDATE departement_settings SET validation = 'auto'",
            // Room for everyone: the volunteers below pick the same first mission.
            "UPDATE missions SET places = 100",
        ] {
            sqlx::query(sql).execute(store.pool()).await.unwrap();
        }
        let _server = rig.serve().await;
        let journey = |phone: &'static str| {
            let rig = rig.clone();
            async move {
                for line in JOURNEY {
                    assert!(
                        rig.deliver_inbound(rig.port, phone, line, Duration::from_secs(5))
                            .await
                    );
                }
                rig.settle(Duration::from_secs(10)).await;
            }
        };
        let volunteers = ["+33639977001", "+33639977002", "+33639977003"];
        journey(volunteers[0]).await;
        let alerted = |rig: &Rig| -> Vec<String> {
            rig.fake()
                .created(&rig.sid)
                .into_iter()
                .filter(|c| !volunteers.contains(&c.to.as_str()) && c.body.contains("veut aider"))
                .map(|c| c.to)
                .collect()
        };
        let r1 = alerted(&rig).pop().expect("a referent alerted");
        let r2 = "+33639989102";
        let mut tx = store.begin().await.unwrap();
        let Some(staff::Staff::Referent { structure_id, .. }) =
            staff::staff_of(&mut tx, Channel::Sms, &r1).await.unwrap()
        else {
            panic!("the alert went to a referent")
        };
        staff::ensure_referent(&mut tx, structure_id, "Paul", Channel::Sms, r2)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        store.close().await;

        // The referent texts STOP: the opt-out, not the referents' help text.
        assert!(
            rig.deliver_inbound(rig.port, &r1, "STOP", Duration::from_secs(5))
                .await
        );
        rig.stopped(&r1);
        journey(volunteers[1]).await;
        let alerts = alerted(&rig);
        assert_eq!(
            alerts.last().map(String::as_str),
            Some(r2),
            "the colleague: {alerts:?}"
        );
        // Both stopped: the next alert waits.
        assert!(
            rig.deliver_inbound(rig.port, r2, "arret", Duration::from_secs(5))
                .await
        );
        rig.stopped(r2);
        journey(volunteers[2]).await;
        let counts = rig.count("a referent texts STOP (then a colleague)").await;
        counts.assert_exact();
        assert_eq!(counts.held, 2, "{counts}");
        let to_r1: Vec<_> = rig
            .fake()
            .created(&rig.sid)
            .into_iter()
            .filter(|c| c.to == r1)
            .collect();
        assert!(
            to_r1.last().unwrap().body.contains("START"),
            "{:?}",
            to_r1.last()
        );
        // START: what waited arrives. Its time is taken before it is sent: the alerts it
        // releases may reach Twilio before the webhook's answer reaches this test, and they
        // are not "after STOP" (a race seen once on a loaded clean-clone run).
        rig.resumed(&r1);
        assert!(
            rig.deliver_inbound(rig.port, &r1, "START", Duration::from_secs(5))
                .await
        );
        rig.settle(Duration::from_secs(10)).await;
        let counts = rig.count("… and comes back with START").await;
        counts.assert_exact();
        assert_eq!(counts.held, 1, "the other still stopped: {counts}");
        assert_eq!(alerted(&rig).iter().filter(|a| **a == r1).count(), 2);
    }
}
