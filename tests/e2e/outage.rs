//! Outages (issue 23, and the prompt checks of issue 22): the database away while people
//! write, Twilio's list hanging then failing, a 429 storm, one HTML 502, a kill -9 with sends
//! in flight. The real binary and twilio-async against the fake Twilio, on the backends each
//! fault concerns. Clients behave as Twilio does: one POST per message, given up at 15 s, no
//! retry.
//!
//! Each scenario prints one line of the table (run with `-- --nocapture`): inbound answered /
//! recorded / replies expected / delivered / lost / duplicated / slowest reply. The same
//! scenarios measure another build with `RENFORT_E2E_BIN` (the "before" of the README).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use renfort_sms::signature;
use sqlx::Row;
use tokio::io::AsyncWriteExt;

use crate::fake_twilio::{FakeTwilio, Fault};
use crate::support::{Renfort, Server, databases, free_port, unique};

const FROM_NUMBER: &str = "+33639989999";
const PUBLIC_URL: &str = "https://renfort.test";
/// Twilio gives up on a webhook after 15 s and does not retry an SMS webhook.
const TWILIO_PATIENCE: Duration = Duration::from_secs(15);

/// The backends to run on: all of [`databases`], or only `sqlite` or `postgres` with
/// `RENFORT_E2E_ONLY` (to measure another build on one backend after it failed on the other).
fn backends() -> Vec<String> {
    let only = std::env::var("RENFORT_E2E_ONLY").unwrap_or_default();
    databases()
        .into_iter()
        .filter(|db| only.is_empty() || db.starts_with(&only))
        .collect()
}

fn backend(db: &str) -> &'static str {
    if db.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    }
}

/// A TCP relay in front of PostgreSQL that can play an outage: while down it cuts every
/// connection and refuses new ones, as a restarting server or a lost network does.
struct Relay {
    port: u16,
    down: Arc<AtomicBool>,
    cut: Arc<tokio::sync::Notify>,
}

impl Relay {
    async fn start(target: String) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let down = Arc::new(AtomicBool::new(false));
        let cut = Arc::new(tokio::sync::Notify::new());
        tokio::spawn({
            let (down, cut) = (down.clone(), cut.clone());
            async move {
                while let Ok((mut client, _)) = listener.accept().await {
                    if down.load(Ordering::SeqCst) {
                        let _ = client.shutdown().await;
                        continue;
                    }
                    let target = target.clone();
                    let cut = cut.clone();
                    tokio::spawn(async move {
                        let Ok(mut server) = tokio::net::TcpStream::connect(&target).await else {
                            return;
                        };
                        tokio::select! {
                            _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                            _ = cut.notified() => {}
                        }
                    });
                }
            }
        });
        Relay { port, down, cut }
    }

    fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
        if down {
            self.cut.notify_waiters();
        }
    }
}

/// One Twilio account at the fake and `renfort serve` on one database.
struct Rig {
    db: String,
    sid: String,
    token: String,
    port: u16,
    env: Vec<(&'static str, String)>,
    client: reqwest::Client,
    /// Per person: when their message was posted, and whether it was answered 200.
    sent: std::sync::Mutex<Vec<(String, Instant, bool)>>,
}

impl Rig {
    fn new(db: &str, extra_env: &[(&'static str, &str)]) -> Rig {
        Renfort {
            database_url: db.to_string(),
        }
        .run(&["seed", "demo"]);
        let sid = format!("AC{}", unique("o").replace('_', ""));
        let token = unique("token");
        FakeTwilio::get().add_account(&sid, &token);
        let mut env = vec![
            ("TWILIO_ACCOUNT_SID", sid.clone()),
            ("TWILIO_AUTH_TOKEN", token.clone()),
            ("TWILIO_FROM", FROM_NUMBER.to_string()),
            ("RENFORT_PUBLIC_URL", PUBLIC_URL.to_string()),
            ("RENFORT_TWILIO_API_URL", FakeTwilio::get().url.clone()),
            ("RENFORT_DIGEST_HOUR", "off".to_string()),
            (
                "RENFORT_INBOUND_SPOOL",
                std::env::temp_dir()
                    .join(format!("{}.spool", unique("renfort_spool")))
                    .display()
                    .to_string(),
            ),
        ];
        for (k, v) in extra_env {
            env.retain(|(e, _)| e != k);
            env.push((k, v.to_string()));
        }
        Rig {
            db: db.to_string(),
            sid,
            token,
            port: free_port(),
            env,
            client: reqwest::Client::builder()
                .timeout(TWILIO_PATIENCE)
                .build()
                .unwrap(),
            sent: Default::default(),
        }
    }

    fn fake(&self) -> &'static FakeTwilio {
        FakeTwilio::get()
    }

    async fn serve(&self) -> Server {
        Server::start_on(self.port, &self.db, &self.env, None, None).await
    }

    /// One inbound SMS, posted once as Twilio does (no retry, given up at 15 s).
    async fn text(&self, from: &str, body: &str) -> bool {
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
        let at = Instant::now();
        let answered = self
            .client
            .post(format!("http://127.0.0.1:{}/sms/twilio", self.port))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", &sig)
            .body(form)
            .send()
            .await
            .is_ok_and(|r| r.status() == 200);
        self.sent
            .lock()
            .unwrap()
            .push((from.to_string(), at, answered));
        answered
    }

    /// `people` numbers each text "Bonjour", `spacing` apart, each on its own.
    async fn crowd(self: &Arc<Self>, first: usize, people: usize, spacing: Duration) {
        let mut tasks = Vec::new();
        for i in 0..people {
            let rig = self.clone();
            tasks.push(tokio::spawn(async move {
                rig.text(&format!("+336399{:05}", 70_000 + first + i), "Bonjour")
                    .await
            }));
            tokio::time::sleep(spacing).await;
        }
        for t in tasks {
            t.await.unwrap();
        }
    }

    async fn pool(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&self.db)
            .await
            .unwrap()
    }

    /// Waits until every person's message is recorded and no SMS row is open, or `patience`.
    async fn settle(&self, patience: Duration) {
        let until = Instant::now() + patience;
        let people = self.sent.lock().unwrap().len() as i64;
        loop {
            let pool = self.pool().await;
            let open: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM outbox WHERE channel = 'sms' \
                 AND status IN ('pending', 'checking', 'sending')",
            )
            .fetch_one(&pool)
            .await
            .unwrap_or(1);
            let recorded: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM inbound WHERE channel = 'sms'")
                    .fetch_one(&pool)
                    .await
                    .unwrap_or(0);
            pool.close().await;
            if (open == 0 && recorded >= people) || Instant::now() > until {
                return;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Counts, prints the line of the table and returns it.
    async fn count(&self, scenario: &str) -> Counts {
        let pool = self.pool().await;
        let recorded: Vec<String> =
            sqlx::query_scalar("SELECT address FROM inbound WHERE channel = 'sms'")
                .fetch_all(&pool)
                .await
                .unwrap();
        let rows = sqlx::query(
            "SELECT address, text, status FROM outbox WHERE channel = 'sms' ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        pool.close().await;
        let sent = self.sent.lock().unwrap().clone();
        let people: Vec<&String> = sent.iter().map(|(p, _, _)| p).collect();
        let created = self.fake().created(&self.sid);
        let mut at_twilio: HashMap<(String, String), usize> = HashMap::new();
        for c in created.iter().filter(|c| people.contains(&&c.to)) {
            *at_twilio.entry((c.to.clone(), c.body.clone())).or_default() += 1;
        }
        let mut counts = Counts {
            scenario: scenario.to_string(),
            backend: backend(&self.db),
            answered: sent.iter().filter(|(_, _, ok)| *ok).count(),
            written: sent.len(),
            recorded: recorded.iter().filter(|a| people.contains(a)).count(),
            ..Counts::default()
        };
        // A message never recorded lost its replies too: counted once, as lost.
        counts.lost = sent
            .iter()
            .filter(|(p, _, _)| !recorded.contains(p))
            .count();
        for r in &rows {
            let (to, text, status): (String, String, String) = (r.get(0), r.get(1), r.get(2));
            if !people.contains(&&to) {
                continue;
            }
            counts.expected += 1;
            match at_twilio.get_mut(&(to, text)) {
                Some(n) if *n > 0 && status == "sent" => {
                    *n -= 1;
                    counts.delivered += 1;
                }
                _ => counts.lost += 1,
            }
        }
        counts.duplicated = at_twilio.values().sum();
        // Per person: from their message to the first reply at Twilio.
        counts.slowest = sent
            .iter()
            .filter_map(|(p, at, _)| {
                created
                    .iter()
                    .filter(|c| &c.to == p && c.at >= *at)
                    .map(|c| c.at - *at)
                    .min()
            })
            .max();
        println!("{counts}");
        counts
    }
}

#[derive(Debug, Default)]
struct Counts {
    scenario: String,
    backend: &'static str,
    written: usize,
    answered: usize,
    recorded: usize,
    expected: usize,
    delivered: usize,
    lost: usize,
    duplicated: usize,
    slowest: Option<Duration>,
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "| {} | {} | {}/{} | {} | {} | {} | {} | {} | {} |",
            self.scenario,
            self.backend,
            self.answered,
            self.written,
            self.recorded,
            self.expected,
            self.delivered,
            self.lost,
            self.duplicated,
            self.slowest
                .map_or("-".to_string(), |d| format!("{:.1} s", d.as_secs_f64()))
        )
    }
}

impl Counts {
    fn assert_whole(&self) {
        assert_eq!(self.lost, 0, "nothing lost: {self}");
        assert_eq!(self.duplicated, 0, "nothing twice: {self}");
        assert_eq!(
            self.recorded, self.written,
            "every message recorded: {self}"
        );
        assert_eq!(
            self.delivered, self.expected,
            "every reply delivered: {self}"
        );
        assert!(
            self.expected >= self.written,
            "each message got a reply: {self}"
        );
    }
}

/// `GET /healthz`: status, body, how long it took.
async fn health(rig: &Rig) -> (u16, String, Duration) {
    let at = Instant::now();
    let answer = rig
        .client
        .get(format!("http://127.0.0.1:{}/healthz", rig.port))
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.text().await.unwrap(), at.elapsed())
}

/// Holds SQLite's write lock for `length` from another process (a backup, a stuck tool):
/// the database is there but takes no write.
fn lock_sqlite(db: &str, length: Duration) -> std::process::Child {
    let path = db.trim_start_matches("sqlite://");
    std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys, time\n\
             c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)\n\
             c.execute('BEGIN EXCLUSIVE')\n\
             print('locked', flush=True)\n\
             time.sleep(float(sys.argv[2]))\n\
             c.execute('ROLLBACK')",
            path,
            &length.as_secs_f64().to_string(),
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_away_30_s_while_20_people_write() {
    for db in backends() {
        let away = Duration::from_secs(30);
        let (db, relay) = if db.starts_with("postgres") {
            // PostgreSQL behind a relay that plays the outage.
            let url = url::Url::parse(&db).unwrap();
            let target = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
            let relay = Relay::start(target).await;
            let mut through = url.clone();
            through.set_port(Some(relay.port)).unwrap();
            (through.to_string(), Some(relay))
        } else {
            (db, None)
        };
        let rig = Arc::new(Rig::new(&db, &[]));
        let _server = rig.serve().await;
        // Everyone knows the server works.
        assert!(rig.text("+33639969999", "Bonjour").await);
        rig.sent.lock().unwrap().clear();
        let mut locker = None;
        match &relay {
            Some(relay) => relay.set_down(true),
            None => {
                let mut child = lock_sqlite(&db, away);
                let mut line = String::new();
                std::io::BufRead::read_line(
                    &mut std::io::BufReader::new(child.stdout.take().unwrap()),
                    &mut line,
                )
                .unwrap();
                assert_eq!(line.trim(), "locked");
                locker = Some(child);
            }
        }
        let outage = Instant::now();
        // A load balancer's probe hears of it at once, and does not hang with the database.
        let probe = health(&rig).await;
        assert_eq!(probe.0, 503, "{probe:?}");
        assert!(probe.1.contains("\"database\":false"), "{probe:?}");
        assert!(probe.2 < Duration::from_secs(4), "{probe:?}");
        // Twenty people write during the outage, one every 1.2 s.
        rig.crowd(0, 20, Duration::from_millis(1_200)).await;
        let rest = away.saturating_sub(outage.elapsed());
        tokio::time::sleep(rest).await;
        if let Some(relay) = &relay {
            relay.set_down(false);
        }
        if let Some(mut child) = locker {
            child.wait().unwrap();
        }
        rig.settle(Duration::from_secs(60)).await;
        let probe = health(&rig).await;
        assert_eq!(probe.0, 200, "{probe:?}");
        let counts = rig.count("database away 30 s, 20 people write").await;
        counts.assert_whole();
        assert_eq!(
            counts.answered, 20,
            "every webhook answered within 15 s: {counts}"
        );
    }
}

/// The defaults (a send, or a look in the list, times out after 30 s), but the first check
/// comes after 1 s (the old default of 60 s would wait out the list's fault).
const PROMPT: [(&str, &str); 2] = [("RENFORT_SMS_RATE", "50"), ("RENFORT_SMS_CHECK_AFTER", "1")];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_then_failing_list_holds_up_nobody_else() {
    let db = &backends()[0];
    let rig = Arc::new(Rig::new(db, &PROMPT));
    let fake = rig.fake();
    // Eight people's replies end unknown (a bodiless 504 after 7 s, not taken)…
    fake.faults(
        &rig.sid,
        (0..8)
            .map(|_| Fault::Hang {
                seconds: 7,
                taken: false,
            })
            .collect(),
    );
    // …and Twilio's list hangs for 20 s, then fails for 20 s.
    let _server = rig.serve().await;
    rig.crowd(0, 8, Duration::ZERO).await;
    fake.list_fault(&rig.sid, true, Duration::from_secs(20));
    tokio::time::sleep(Duration::from_secs(8)).await;
    // Twenty other people write while the list hangs, then while it fails.
    rig.crowd(100, 10, Duration::from_millis(300)).await;
    tokio::time::sleep(Duration::from_secs(12)).await;
    fake.list_fault(&rig.sid, false, Duration::from_secs(20));
    rig.crowd(200, 10, Duration::from_millis(300)).await;
    let others: Vec<(String, Instant)> = rig.sent.lock().unwrap()[8..]
        .iter()
        .map(|(p, at, _)| (p.clone(), *at))
        .collect();
    rig.settle(Duration::from_secs(90)).await;
    let counts = rig.count("Twilio list hangs 20 s then fails 20 s").await;
    let created = fake.created(&rig.sid);
    let slowest_other = others
        .iter()
        .filter_map(|(p, at)| {
            created
                .iter()
                .filter(|c| &c.to == p)
                .map(|c| c.at - *at)
                .min()
        })
        .max()
        .unwrap();
    println!("  people not concerned: slowest reply {slowest_other:?}");
    counts.assert_whole();
    // Before: the eight checks held every slot, each for the 30 s of a hanging look.
    assert!(
        slowest_other < Duration::from_secs(2),
        "the checks held up people not concerned: {slowest_other:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_storm_loses_nothing() {
    for db in backends() {
        // A 6-minute storm with the hour-long retry ceiling, compressed: 45 s of 429 with a
        // 3 s ceiling (the old limit of 8 attempts gave up after about 25 s).
        let rig = Arc::new(Rig::new(&db, &[("RENFORT_RETRY_MAX_DELAY", "3")]));
        let _server = rig.serve().await;
        rig.fake()
            .refuse_sends(&rig.sid, 429, Duration::from_secs(45));
        rig.crowd(0, 10, Duration::from_millis(500)).await;
        rig.settle(Duration::from_secs(90)).await;
        let counts = rig.count("429 storm 45 s (retry ceiling 3 s)").await;
        counts.assert_whole();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_html_502_then_a_kill_9_with_sends_in_flight() {
    for db in backends() {
        // Defaults: send timeout 30 s, first check after 5 s.
        let rig = Arc::new(Rig::new(&db, &[]));
        let fake = rig.fake();
        fake.faults(
            &rig.sid,
            vec![Fault::Raw {
                status: 502,
                body: "<html><body>502 Bad Gateway</body></html>",
                taken: false,
            }],
        );
        let mut server = rig.serve().await;
        rig.crowd(0, 1, Duration::ZERO).await;
        rig.settle(Duration::from_secs(70)).await;
        let one = rig.count("one HTML 502 (not taken)").await;
        // Four sends hang (two taken by Twilio, two not), the sender is killed under them.
        fake.faults(
            &rig.sid,
            [true, false, true, false]
                .map(|taken| Fault::Hang { seconds: 25, taken })
                .to_vec(),
        );
        rig.sent.lock().unwrap().clear();
        rig.crowd(10, 8, Duration::from_millis(100)).await;
        tokio::time::sleep(Duration::from_secs(1)).await;
        server.child.kill().unwrap(); // SIGKILL
        server.child.wait().unwrap();
        server = rig.serve().await;
        let restarted = Instant::now();
        rig.settle(Duration::from_secs(120)).await;
        let settled = restarted.elapsed();
        let counts = rig.count("kill -9 with 4 sends hanging").await;
        println!("  every reply at Twilio {settled:?} after the restart");
        drop(server);
        one.assert_whole();
        assert!(
            one.slowest.unwrap() < Duration::from_secs(15),
            "after one HTML 502: {one}"
        );
        counts.assert_whole();
        assert!(
            settled < Duration::from_secs(20),
            "the slowest reply {settled:?} after the restart"
        );
    }
}

/// The burst of the README: 50 new people a second for 10 s, at the default rate. Prints the
/// delay from each message to its first reply at Twilio: median, p99, slowest.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_50_a_second_for_10_s_at_the_default_rate() {
    let db = &backends()[0];
    let rig = Arc::new(Rig::new(db, &[]));
    let _server = rig.serve().await;
    rig.crowd(1_000, 500, Duration::from_millis(20)).await;
    rig.settle(Duration::from_secs(240)).await;
    let counts = rig.count("burst: 50 new people a second for 10 s").await;
    let created = rig.fake().created(&rig.sid);
    let mut delays: Vec<Duration> = rig
        .sent
        .lock()
        .unwrap()
        .iter()
        .filter_map(|(p, at, _)| {
            created
                .iter()
                .filter(|c| &c.to == p && c.at >= *at)
                .map(|c| c.at - *at)
                .min()
        })
        .collect();
    delays.sort();
    let at = |q: f64| delays[((delays.len() - 1) as f64 * q).round() as usize];
    println!(
        "  burst at the default rate: {} replies, median {:.1} s, p99 {:.1} s, slowest {:.1} s",
        counts.expected,
        at(0.5).as_secs_f64(),
        at(0.99).as_secs_f64(),
        delays.last().unwrap().as_secs_f64()
    );
    counts.assert_whole();
    // 500 one-segment replies at 10 a second take 50 s; the last message came at 10 s.
    assert!(at(0.99) < Duration::from_secs(50), "p99 {:?}", at(0.99));
}

/// SQLite's disk fills up under the server (a 4 MB tmpfs in a private mount namespace, filled
/// to the last byte) while 10 people write, then space is freed: their messages wait in the
/// spool (kept on another disk), the store heals without a restart, and every reply leaves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_disk_full_then_freed() {
    let Some(db) = backends().into_iter().find(|d| d.starts_with("sqlite")) else {
        return;
    };
    let dir = std::env::temp_dir().join(unique("renfort_tiny"));
    std::fs::create_dir_all(&dir).unwrap();
    let free = dir.with_extension("free");
    let rig = Arc::new(Rig::new(&db, &[]));
    let inside = format!("sqlite://{}/renfort.db", dir.display());
    // Inside the namespace: the database on the tmpfs, the disk filled, and freed when the
    // test creates `free` (outside the tmpfs, so visible from here).
    let script = "mount -t tmpfs -o size=4m tmpfs \"$TINY\" \\
        && cp \"$SEEDED\" \"$TINY/renfort.db\" || exit 1; \\
        (sleep 3; dd if=/dev/zero of=\"$TINY/filler\" bs=4096 2>/dev/null; \\
            while [ ! -e \"$FREE\" ]; do sleep 0.2; done; rm -f \"$TINY/filler\") & \\
        exec \"$RENFORT_BIN\" serve";
    let seeded = db.trim_start_matches("sqlite://").to_string();
    let mut cmd = std::process::Command::new("unshare");
    cmd.args(["-m", "--propagation", "private", "sh", "-c", script])
        .env("TINY", &dir)
        .env("SEEDED", &seeded)
        .env("FREE", &free)
        .env("RENFORT_BIN", crate::support::bin())
        .env("DATABASE_URL", &inside)
        .env("RENFORT_LISTEN", format!("127.0.0.1:{}", rig.port))
        .env("RENFORT_LOG", "info")
        .env_remove("TELEGRAM_BOT_TOKEN");
    let log = std::fs::File::create(dir.with_extension("log")).unwrap();
    cmd.stdout(log.try_clone().unwrap()).stderr(log);
    for (k, v) in &rig.env {
        cmd.env(k, v);
    }
    let child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return eprintln!("disk full: unshare unavailable ({e}); not tested here"),
    };
    let server = Server {
        base: format!("http://127.0.0.1:{}", rig.port),
        child,
    };
    let mut up = false;
    for _ in 0..100 {
        if reqwest::get(format!("{}/healthz", server.base))
            .await
            .is_ok()
        {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !up {
        return eprintln!(
            "disk full: no private mount namespace here (not root?); not tested here"
        );
    }
    // The database as the server sees it, copied out through its mount namespace (SQLite
    // itself resolves /proc/PID/root back to this namespace's files).
    let inner = format!("/proc/{}/root{}", server.child.id(), dir.display());
    let copies = std::env::temp_dir().join(unique("renfort_tiny_copy"));
    let snapshot = move || {
        let _ = std::fs::remove_dir_all(&copies);
        std::fs::create_dir_all(&copies).unwrap();
        for f in ["renfort.db", "renfort.db-wal", "renfort.db-shm"] {
            let _ = std::fs::copy(format!("{inner}/{f}"), copies.join(f));
        }
        format!("sqlite://{}", copies.join("renfort.db").display())
    };
    // The disk fills up 3 s after the start.
    tokio::time::sleep(Duration::from_secs(4)).await;
    rig.crowd(0, 10, Duration::from_millis(300)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    std::fs::write(&free, b"").unwrap();
    // Every reply at Twilio, or 40 s.
    let until = Instant::now() + Duration::from_secs(40);
    let people: Vec<String> = rig
        .sent
        .lock()
        .unwrap()
        .iter()
        .map(|(p, _, _)| p.clone())
        .collect();
    while Instant::now() < until {
        let created = rig.fake().created(&rig.sid);
        if people.iter().all(|p| created.iter().any(|c| &c.to == p)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rig_seen = Rig {
        db: snapshot(),
        sid: rig.sid.clone(),
        token: rig.token.clone(),
        port: rig.port,
        env: Vec::new(),
        client: rig.client.clone(),
        sent: std::sync::Mutex::new(rig.sent.lock().unwrap().clone()),
    };
    let counts = rig_seen
        .count("SQLite disk full (4 MB tmpfs), then freed")
        .await;
    drop(server);
    let _ = std::fs::remove_file(&free);
    let _ = std::fs::remove_dir(&dir);
    counts.assert_whole();
}
