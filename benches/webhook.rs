//! Webhook throughput and latency, and SMS segments per conversation:
//! `cargo bench --bench webhook`. A real axum server on loopback with the SMS webhook, a
//! SQLite file, signed requests from concurrent clients; each request is a full engine step
//! with its transaction and outbox writes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use renfort_core::service::{Config, Renderers, Renfort};
use renfort_core::store::Store;
use renfort_sms::webhook::{self, SmsWebhook};
use renfort_sms::{gsm, signature};
use tokio::sync::Notify;

const TOKEN: &str = "bench-token";
const PUBLIC: &str = "https://renfort.bench";
const SCRIPT: [&str; 10] = [
    "Bonjour", "oui", "Marie", "62000", "1", "oui", "1 3", "le soir", "MISSIONS", "2",
];

fn percentile(v: &mut [Duration], q: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 * q) as usize).min(v.len() - 1)]
}

#[tokio::main]
async fn main() {
    let path = std::env::temp_dir().join(format!("renfort-bench-{}.db", std::process::id()));
    let store = Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    renfort_core::seed::demo(&store, 1_800_000_000)
        .await
        .unwrap();
    sqlx::query("UPDATE departement_settings SET validation = 'auto'")
        .execute(store.pool())
        .await
        .unwrap();
    let renderers = Renderers {
        sms: Arc::new(renfort_sms::SmsRenderer),
        telegram: Arc::new(renfort_bot::TelegramRenderer),
    };
    let app = Renfort::new(store.clone(), Config::default(), renderers);
    let router = webhook::routes(Arc::new(SmsWebhook {
        app,
        auth_token: TOKEN.into(),
        public_url: PUBLIC.into(),
        wake: Arc::new(Notify::new()),
        metrics: Arc::default(),
        spool: None,
        db_wait: std::time::Duration::from_secs(5),
        our_number: None,
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms/twilio", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let volunteers = 200;
    let clients = 8;
    let client = reqwest::Client::new();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (client, url) = (client.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            for v in (c..volunteers).step_by(clients) {
                let from = format!("+3363998{:04}", 5000 + v);
                for (i, body) in SCRIPT.iter().enumerate() {
                    let params: Vec<(String, String)> = [
                        ("MessageSid", format!("SM{v:030}{i:02}")),
                        ("From", from.clone()),
                        ("To", "+33639989999".into()),
                        ("Body", body.to_string()),
                    ]
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect();
                    let sig = signature::sign(TOKEN, &format!("{PUBLIC}/sms/twilio"), &params);
                    let form = form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(params.iter())
                        .finish();
                    let t = Instant::now();
                    let r = client
                        .post(&url)
                        .header("X-Twilio-Signature", sig)
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(form)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 200);
                    latencies.push(t.elapsed());
                }
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    println!(
        "SMS webhook, SQLite, {clients} clients: {} requests in {:.2?} = {:.0} req/s; latency p50 {:?} p99 {:?}",
        latencies.len(),
        elapsed,
        latencies.len() as f64 / elapsed.as_secs_f64(),
        percentile(&mut latencies, 0.5),
        percentile(&mut latencies, 0.99)
    );

    // Segments per conversation: what the outbox holds for one volunteer's ten messages.
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT address, text FROM outbox WHERE address = '+33639985000' ORDER BY id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let segments: usize = rows.iter().map(|(_, t)| gsm::segments(t).0).sum();
    let ucs2 = rows
        .iter()
        .filter(|(_, t)| gsm::encoding(t) == gsm::Encoding::Ucs2)
        .count();
    println!(
        "one conversation ({} inbound: registration, MISSIONS, details): {} replies, {} SMS segments, {} in UCS-2",
        SCRIPT.len(),
        rows.len(),
        segments,
        ucs2
    );
    store.close().await;
    let _ = std::fs::remove_file(&path);
}
