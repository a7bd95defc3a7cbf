//! A local fake of Twilio's REST API for the real twilio-async client: HTTPS on
//! 127.0.0.1:443 with a certificate for api.twilio.com signed by a test CA. The binary under
//! test runs in a private mount namespace whose /etc/hosts maps api.twilio.com to 127.0.0.1,
//! with `SSL_CERT_FILE` pointing at the CA (see field notes). One server serves every test;
//! each test has its own account SID, so answers are scripted and requests recorded per
//! account.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use base64::Engine;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

#[derive(Debug, Clone)]
pub struct Received {
    pub authorized: bool,
    pub to: String,
    pub from: String,
    pub body: String,
    pub at: Instant,
}

/// One scripted answer: HTTP status and JSON body.
#[derive(Debug, Clone)]
pub struct Answer(pub u16, pub serde_json::Value);

impl Answer {
    pub fn error(status: u16, code: u32) -> Answer {
        Answer(
            status,
            serde_json::json!({"code": code, "message": "scripted error", "more_info": "", "status": status}),
        )
    }
}

#[derive(Default)]
struct Account {
    token: String,
    script: VecDeque<Answer>,
    received: Vec<Received>,
}

pub struct FakeTwilio {
    /// PEM of the test CA, for `SSL_CERT_FILE`.
    pub ca_file: PathBuf,
    /// A hosts file mapping api.twilio.com to 127.0.0.1.
    pub hosts_file: PathBuf,
    accounts: Arc<Mutex<HashMap<String, Account>>>,
}

impl FakeTwilio {
    /// The shared fake, started on first use.
    pub fn get() -> &'static FakeTwilio {
        static FAKE: OnceLock<FakeTwilio> = OnceLock::new();
        FAKE.get_or_init(start)
    }

    pub fn add_account(&self, sid: &str, token: &str) {
        self.accounts.lock().unwrap().insert(
            sid.to_string(),
            Account {
                token: token.to_string(),
                ..Account::default()
            },
        );
    }

    /// Answers for the next requests of this account (then 201 again).
    pub fn script(&self, sid: &str, answers: Vec<Answer>) {
        self.accounts
            .lock()
            .unwrap()
            .get_mut(sid)
            .unwrap()
            .script
            .extend(answers);
    }

    pub fn received(&self, sid: &str) -> Vec<Received> {
        self.accounts.lock().unwrap()[sid].received.clone()
    }

    /// Waits until at least `n` requests arrived for `sid`.
    pub fn wait_for(&self, sid: &str, n: usize, timeout: Duration) -> Vec<Received> {
        let until = Instant::now() + timeout;
        loop {
            let got = self.received(sid);
            if got.len() >= n || Instant::now() > until {
                return got;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The loopback address the fake listens on: 127.0.0.1 unless `RENFORT_TEST_TWILIO_IP` names
/// another one (127.0.0.0/8 is all loopback), so that two checkouts can run their suites at once.
fn fake_ip() -> std::net::Ipv4Addr {
    std::env::var("RENFORT_TEST_TWILIO_IP")
        .ok()
        .and_then(|ip| ip.parse().ok())
        .unwrap_or(std::net::Ipv4Addr::LOCALHOST)
}

fn start() -> FakeTwilio {
    let dir = std::env::temp_dir().join(format!("renfort-fake-twilio-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Renfort test CA");
    ca_params.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
    ];
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_params = rcgen::CertificateParams::new(vec!["api.twilio.com".to_string()]).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &ca, &ca_key).unwrap();

    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, ca.pem()).unwrap();
    let hosts_file = dir.join("hosts");
    std::fs::write(
        &hosts_file,
        format!("127.0.0.1 localhost\n{} api.twilio.com\n", fake_ip()),
    )
    .unwrap();

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
        )
        .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));

    let accounts: Arc<Mutex<HashMap<String, Account>>> = Arc::default();
    let shared = accounts.clone();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = match tokio::net::TcpListener::bind((fake_ip(), 443)).await {
                Ok(l) => l,
                Err(e) => {
                    ready_tx
                        .send(Err(format!(
                            "the fake Twilio needs {}:443 (run as root): {e}",
                            fake_ip()
                        )))
                        .unwrap();
                    return;
                }
            };
            ready_tx.send(Ok(())).unwrap();
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    continue;
                };
                let acceptor = acceptor.clone();
                let accounts = shared.clone();
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let service = hyper::service::service_fn(move |req| {
                        let accounts = accounts.clone();
                        async move { Ok::<_, Infallible>(handle(req, &accounts).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(tls), service)
                        .await;
                });
            }
        });
    });
    ready_rx.recv().unwrap().unwrap();
    FakeTwilio {
        ca_file,
        hosts_file,
        accounts,
    }
}

async fn handle(
    req: Request<Incoming>,
    accounts: &Mutex<HashMap<String, Account>>,
) -> Response<Full<Bytes>> {
    let path = req.uri().path().to_string();
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let form: HashMap<String, String> = url_form(&body);
    let sid = path
        .strip_prefix("/2010-04-01/Accounts/")
        .and_then(|rest| rest.strip_suffix("/Messages.json"))
        .unwrap_or("")
        .to_string();
    let reply = |status: u16, json: serde_json::Value| {
        Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(json.to_string())))
            .unwrap()
    };
    let mut accounts = accounts.lock().unwrap();
    let Some(account) = accounts.get_mut(&sid) else {
        return reply(
            404,
            serde_json::json!({"code": 20404, "message": "not found", "status": 404}),
        );
    };
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{sid}:{}", account.token))
    );
    let authorized = auth == expected;
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    account.received.push(Received {
        authorized,
        to: get("To"),
        from: get("From"),
        body: get("Body"),
        at: Instant::now(),
    });
    if !authorized {
        return reply(
            401,
            serde_json::json!({"code": 20003, "message": "Authenticate", "status": 401}),
        );
    }
    if let Some(Answer(status, json)) = account.script.pop_front() {
        return reply(status, json);
    }
    let n = account.received.len();
    reply(
        201,
        serde_json::json!({
            "sid": format!("SM{n:032}"),
            "from": get("From"),
            "to": get("To"),
            "body": get("Body"),
            "status": "queued",
            "media_url": null,
            "price": null,
            "price_unit": "EUR",
            "uri": format!("/2010-04-01/Accounts/{sid}/Messages/SM{n:032}.json"),
            "date_created": "Sun, 29 Nov 2026 05:00:00 +0000",
            "date_sent": null,
            "date_updated": "Sun, 29 Nov 2026 05:00:00 +0000"
        }),
    )
}

fn url_form(body: &[u8]) -> HashMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}
