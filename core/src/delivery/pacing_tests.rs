//! Checks and retries that pace themselves (issue 23), on SQLite and on PostgreSQL (when
//! `RENFORT_TEST_POSTGRES` is set), with the real clock: a provider whose record hangs or
//! fails never holds more than a share of the send slots, its checks back off from the time
//! the look ended, and a message is given up by age, then re-queued by an operator.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use sqlx::{Connection, Executor};

use super::*;
use crate::domain::OutboxStatus;
use crate::render::Rendered;
use crate::store::outbox::{Outgoing, PRIORITY_REPLY, enqueue_many};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

async fn stores() -> Vec<Store> {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let name = format!("renfort_pacing_{}_{n}", std::process::id());
    let path = std::env::temp_dir().join(format!("{name}.db"));
    let mut stores = vec![
        Store::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap(),
    ];
    if let Ok(admin) = std::env::var("RENFORT_TEST_POSTGRES") {
        let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .unwrap();
        conn.close().await.unwrap();
        let (base, _) = admin.rsplit_once('/').unwrap();
        stores.push(Store::connect(&format!("{base}/{name}")).await.unwrap());
    } else {
        assert!(
            std::env::var("RENFORT_REQUIRE_POSTGRES").is_err(),
            "RENFORT_REQUIRE_POSTGRES is set but RENFORT_TEST_POSTGRES is not"
        );
    }
    stores
}

/// A provider with a record (like Twilio): "lost …" ends unknown (and was not taken), "busy …"
/// is refused while `busy` holds, anything else is taken. Its record hangs `list_hang`, then
/// fails.
struct Flaky {
    sent: Arc<Mutex<Vec<(String, Instant)>>>,
    busy: Arc<AtomicBool>,
    list_hang: Duration,
    /// Looks in the record now under way, and the most at once.
    looking: Arc<AtomicUsize>,
    most_looking: Arc<AtomicUsize>,
    /// (row id, unix second the look ended).
    looks: Arc<Mutex<Vec<(i64, i64)>>>,
}

impl Flaky {
    fn new(list_hang: Duration) -> Flaky {
        Flaky {
            sent: Arc::default(),
            busy: Arc::new(AtomicBool::new(true)),
            list_hang,
            looking: Arc::default(),
            most_looking: Arc::default(),
            looks: Arc::default(),
        }
    }
}

impl Provider for Flaky {
    const CHANNEL: Channel = Channel::Sms;
    const NAME: &'static str = "Flaky";
    const KEEPS_RECORD: bool = true;

    fn pacing(&self) -> Pacing {
        Pacing::per_second(1000)
    }

    async fn send(&self, m: &OutboxMessage) -> Outcome {
        self.sent
            .lock()
            .unwrap()
            .push((m.text.clone(), Instant::now()));
        match m.text.split(' ').next().unwrap_or_default() {
            "lost" => Outcome::Unknown("answer unreadable".into()),
            "busy" if self.busy.load(Ordering::SeqCst) => Outcome::Retry("429".into(), None),
            _ => Outcome::Sent(Some(format!("SM{}", m.id))),
        }
    }

    async fn find(&self, m: &OutboxMessage, _: &HashSet<String>) -> Result<Found, String> {
        let at_once = self.looking.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_looking.fetch_max(at_once, Ordering::SeqCst);
        tokio::time::sleep(self.list_hang).await;
        self.looking.fetch_sub(1, Ordering::SeqCst);
        self.looks.lock().unwrap().push((m.id, now()));
        Err("listing messages: HTTP 503".into())
    }
}

fn reply(address: &str, text: &str) -> Outgoing {
    Outgoing {
        channel: Channel::Sms,
        address: address.into(),
        rendered: Rendered {
            text: text.into(),
            segments: Some(1),
            encoding: None,
            choices: vec![],
        },
        priority: PRIORITY_REPLY,
        ignores_stop: false,
        not_before: None,
        about: None,
    }
}

async fn queue(store: &Store, rows: &[Outgoing]) {
    let mut tx = store.begin().await.unwrap();
    enqueue_many(&mut tx, rows, now()).await.unwrap();
    tx.commit().await.unwrap();
}

fn scheduler(store: &Store, provider: Flaky, delivery: Delivery) -> Scheduler<Flaky> {
    Scheduler {
        store: store.clone(),
        provider,
        heartbeat: Heartbeat::default(),
        claims: Claims::default(),
        wake: Arc::new(Notify::new()),
        metrics: Arc::new(Metrics::default()),
        delivery,
        clock: now,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hanging_checks_take_a_share_of_the_slots_and_back_off_from_when_they_ended() {
    for store in stores().await {
        let backend = store.backend();
        // Eight recipients whose message ends unknown, and a record that hangs 2 s then fails.
        let lost: Vec<Outgoing> = (0..8)
            .map(|i| reply(&format!("+3363998100{i}"), &format!("lost {i}")))
            .collect();
        queue(&store, &lost).await;
        let provider = Flaky::new(Duration::from_secs(2));
        let (sent, most_looking, looks) = (
            provider.sent.clone(),
            provider.most_looking.clone(),
            provider.looks.clone(),
        );
        let delivery = Delivery {
            in_flight: 8,
            check_after: 1,
            max_delay: 60,
            ..Delivery::default()
        };
        let (stop, shutdown) = watch::channel(false);
        let running = tokio::spawn(scheduler(&store, provider, delivery).run(shutdown));
        // The checks are due and hanging: new replies to twenty other people go out at once.
        tokio::time::sleep(Duration::from_millis(2_500)).await;
        let fresh: Vec<Outgoing> = (0..20)
            .map(|i| reply(&format!("+336399820{i:02}"), &format!("ok {i}")))
            .collect();
        let queued = Instant::now();
        queue(&store, &fresh).await;
        let deadline = queued + Duration::from_secs(10);
        let slowest = loop {
            let out: Vec<Instant> = sent
                .lock()
                .unwrap()
                .iter()
                .filter(|(t, _)| t.starts_with("ok "))
                .map(|(_, at)| *at)
                .collect();
            if out.len() == fresh.len() {
                break out.into_iter().max().unwrap() - queued;
            }
            assert!(
                Instant::now() < deadline,
                "{backend:?}: replies held up by hanging checks: {} of 20 sent",
                out.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        // Before: every slot held by a check hanging 2 s, so replies waited for them.
        assert!(
            slowest < Duration::from_millis(1_500),
            "{backend:?}: slowest reply {slowest:?}"
        );
        tokio::time::sleep(Duration::from_secs(6)).await;
        stop.send(true).unwrap();
        running.await.unwrap();
        assert_eq!(
            most_looking.load(Ordering::SeqCst),
            2,
            "{backend:?}: checks took at most a quarter of the 8 slots"
        );
        // Each failed look's next one was set from when it ended, and waits longer each time.
        let looks = looks.lock().unwrap().clone();
        for row in store.messages_after(0).await.unwrap() {
            if !row.text.starts_with("lost") {
                assert_eq!(row.status, OutboxStatus::Sent, "{backend:?}: {row:?}");
                continue;
            }
            let ended: Vec<i64> = looks
                .iter()
                .filter(|(id, _)| *id == row.id)
                .map(|(_, at)| *at)
                .collect();
            assert_eq!(row.checks as usize, ended.len(), "{backend:?}: {row:?}");
            if let Some(last) = ended.last() {
                let step = [1, 3, 12][(row.checks as usize - 1).min(2)];
                assert!(
                    row.next_attempt_at >= last + step,
                    "{backend:?}: check {} of row {} due at {} though the look ended at {last}",
                    row.checks,
                    row.id,
                    row.next_attempt_at
                );
            }
            assert!(ended.len() <= 3, "{backend:?}: looks backed off: {ended:?}");
        }
        assert!(
            looks.len() >= 8,
            "{backend:?}: every unknown outcome was looked up: {looks:?}"
        );
        store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_is_given_up_by_age_not_attempts_then_requeued() {
    for store in stores().await {
        let backend = store.backend();
        queue(&store, &[reply("+33639983001", "busy a")]).await;
        let provider = Flaky::new(Duration::ZERO);
        let (sent, busy) = (provider.sent.clone(), provider.busy.clone());
        // Retries every second or two; a reply is given up after 4 s.
        let delivery = Delivery {
            max_delay: 1,
            reply_max_age: 4,
            ..Delivery::default()
        };
        let (stop, shutdown) = watch::channel(false);
        let running = tokio::spawn(scheduler(&store, provider, delivery).run(shutdown));
        let deadline = Instant::now() + Duration::from_secs(15);
        let failed = loop {
            let rows = store.messages_after(0).await.unwrap();
            if rows[0].status == OutboxStatus::Failed {
                break rows[0].clone();
            }
            assert!(
                Instant::now() < deadline,
                "{backend:?}: never given up: {rows:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let tried = sent.lock().unwrap().len();
        assert!(
            tried >= 2,
            "{backend:?}: retried until its age, {tried} attempt(s)"
        );
        assert!(
            now() - failed.created_at >= 3,
            "{backend:?}: given up by age, after {} s",
            now() - failed.created_at
        );
        let listed = store.list_outbox(true, 10).await.unwrap();
        assert_eq!(listed.len(), 1, "{backend:?}: {listed:?}");
        assert_eq!(
            (listed[0].id, listed[0].status.as_str()),
            (failed.id, "failed")
        );
        // The provider takes messages again; an operator re-queues it.
        busy.store(false, Ordering::SeqCst);
        assert!(store.requeue(failed.id, now()).await.unwrap());
        assert!(
            !store.requeue(failed.id, now()).await.unwrap(),
            "only a failed message"
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let row = store.messages_after(0).await.unwrap().remove(0);
            if row.status == OutboxStatus::Sent {
                assert_eq!(row.attempts as usize, tried + 1, "{backend:?}");
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{backend:?}: not sent after requeue: {row:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        stop.send(true).unwrap();
        running.await.unwrap();
        assert!(store.list_outbox(true, 10).await.unwrap().is_empty());
        store.close().await;
    }
}
