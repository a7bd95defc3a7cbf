//! A local fake of Twilio's REST API for the real client (twilio-async's requests, sent with
//! hyper): one server for every test, on free loopback ports, so no root is needed. The binary
//! under test reaches it through `RENFORT_TWILIO_API_URL`: plain HTTP at [`FakeTwilio::url`]
//! for nearly every test; HTTPS on [`FakeTwilio::tls_port`] with a certificate for
//! api.twilio.com (and localhost) signed by a test CA for the one test of the TLS path, which
//! resolves api.twilio.com to 127.0.0.1 with [`FakeTwilio::hosts_file`] (see
//! `support::private_hosts`). Each test has its own account SID, so answers are scripted and
//! requests recorded per account.

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

/// What the fake does with one send request, beyond a JSON answer: the faults seen in front
/// of the real Twilio.
#[derive(Debug, Clone)]
pub enum Fault {
    /// A status and a raw body (a proxy's HTML page, nothing at all); `taken`: Twilio had
    /// created the message before the proxy answered.
    Raw {
        status: u16,
        body: &'static str,
        taken: bool,
    },
    /// No answer for this long (the client times out first); `taken` as above.
    Hang { seconds: u64, taken: bool },
}

/// A message Twilio created (what its Messages list shows).
#[derive(Debug, Clone)]
pub struct Created {
    pub sid: String,
    pub to: String,
    pub body: String,
    /// Unix seconds.
    pub created: i64,
    pub at: Instant,
    /// Taken while the answer was lost (a fault): still queued at Twilio, with no send date
    /// yet, so a `DateSent` filter does not list it.
    pub queued: bool,
    /// The `StatusCallback` the send asked for: where Twilio posts its delivery reports.
    pub status_callback: Option<String>,
}

enum Scripted {
    Answer(Answer),
    Fault(Fault),
}

#[derive(Default)]
struct Account {
    token: String,
    script: VecDeque<Scripted>,
    received: Vec<Received>,
    created: Vec<Created>,
    lists: usize,
    /// Every request is answered 503 with an HTML page until then (nothing created).
    outage_until: Option<Instant>,
    /// Sends are refused with this status and Twilio's JSON error until then (a 429 storm).
    refuse_sends: Option<(Instant, u16)>,
    /// The Messages list hangs (`true`) or fails with an HTML 503 until then.
    list_fault: Option<(Instant, bool)>,
    /// The Account resource's `status`: active (by default), suspended or closed.
    status: Option<String>,
    /// Numbers the account owns (its IncomingPhoneNumbers).
    numbers: Vec<Number>,
    /// The `From` of its last send (what its delivery reports carry).
    from: String,
}

/// A phone number an account owns, and where Twilio posts the SMS it receives.
#[derive(Debug, Clone)]
pub struct Number {
    pub phone: String,
    pub sms_url: String,
    pub sms_method: String,
}

pub struct FakeTwilio {
    /// `http://127.0.0.1:{port}`, for `RENFORT_TWILIO_API_URL`.
    pub url: String,
    /// The same API over TLS, on 127.0.0.1.
    pub tls_port: u16,
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

    /// The account owns `number` (for `IncomingPhoneNumbers.json`).
    pub fn add_number(&self, sid: &str, number: Number) {
        self.accounts
            .lock()
            .unwrap()
            .get_mut(sid)
            .unwrap()
            .numbers
            .push(number);
    }

    /// The Account resource's `status` from now on (`suspended`, `closed`).
    pub fn set_status(&self, sid: &str, status: &str) {
        self.accounts.lock().unwrap().get_mut(sid).unwrap().status = Some(status.to_string());
    }

    /// Answers for the next send requests of this account (then 201 again).
    pub fn script(&self, sid: &str, answers: Vec<Answer>) {
        self.accounts
            .lock()
            .unwrap()
            .get_mut(sid)
            .unwrap()
            .script
            .extend(answers.into_iter().map(Scripted::Answer));
    }

    /// Faults for the next send requests of this account.
    pub fn faults(&self, sid: &str, faults: Vec<Fault>) {
        self.accounts
            .lock()
            .unwrap()
            .get_mut(sid)
            .unwrap()
            .script
            .extend(faults.into_iter().map(Scripted::Fault));
    }

    /// Every request (sends and lists) fails with an HTML 503 for this long from now.
    pub fn outage(&self, sid: &str, length: Duration) {
        self.accounts
            .lock()
            .unwrap()
            .get_mut(sid)
            .unwrap()
            .outage_until = Some(Instant::now() + length);
    }

    /// Every send is refused with `status` (429: Twilio's "Too Many Requests", code 20429)
    /// for this long from now; nothing is created.
    pub fn refuse_sends(&self, sid: &str, status: u16, length: Duration) {
        self.accounts
            .lock()
            .unwrap()
            .get_mut(sid)
            .unwrap()
            .refuse_sends = Some((Instant::now() + length, status));
    }

    /// The Messages list hangs (no answer for a minute) or, with `hang` false, answers an
    /// HTML 503, for this long from now; sends work.
    pub fn list_fault(&self, sid: &str, hang: bool, length: Duration) {
        self.accounts
            .lock()
            .unwrap()
            .get_mut(sid)
            .unwrap()
            .list_fault = Some((Instant::now() + length, hang));
    }

    /// Send requests received (every attempt, whatever became of it).
    pub fn received(&self, sid: &str) -> Vec<Received> {
        self.accounts.lock().unwrap()[sid].received.clone()
    }

    /// Messages Twilio created (each one reaches the recipient once).
    pub fn created(&self, sid: &str) -> Vec<Created> {
        self.accounts.lock().unwrap()[sid].created.clone()
    }

    /// Requests for the Messages list (checks of unknown outcomes).
    pub fn lists(&self, sid: &str) -> usize {
        self.accounts.lock().unwrap()[sid].lists
    }

    /// Posts Twilio's delivery report on `message` as Twilio would: to the `StatusCallback` the
    /// send asked for, signed with the account's token over that URL, but delivered to
    /// `base` (the server under test listens on loopback, not at its public URL). `status`:
    /// Twilio's `MessageStatus`; `code`: its `ErrorCode`. Returns the HTTP status, or `None`
    /// when the send asked for no report.
    pub async fn report(
        &self,
        sid: &str,
        message: &Created,
        status: &str,
        code: Option<u32>,
        base: &str,
    ) -> Option<u16> {
        let callback = message.status_callback.clone()?;
        let (token, from) = {
            let accounts = self.accounts.lock().unwrap();
            let account = &accounts[sid];
            (account.token.clone(), account.from.clone())
        };
        let mut params: Vec<(String, String)> = [
            ("MessageSid", message.sid.as_str()),
            ("SmsSid", message.sid.as_str()),
            ("AccountSid", sid),
            ("MessageStatus", status),
            ("SmsStatus", status),
            ("To", message.to.as_str()),
            ("From", from.as_str()),
            ("ApiVersion", "2010-04-01"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        if let Some(code) = code {
            params.push(("ErrorCode".into(), code.to_string()));
        }
        let signature = renfort_sms::signature::sign(&token, &callback, &params);
        let path = callback
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
            .unwrap_or_default();
        let form: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter())
            .finish();
        let status = reqwest::Client::new()
            .post(format!("{base}{path}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", signature)
            .body(form)
            .send()
            .await
            .unwrap()
            .status();
        Some(status.as_u16())
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
    // localhost too: where no private /etc/hosts can be made, the TLS test still goes
    // through TLS under that name (see sms::twilio_is_reached_over_tls_under_its_own_name).
    let leaf_params =
        rcgen::CertificateParams::new(vec!["api.twilio.com".into(), "localhost".into()]).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &ca, &ca_key).unwrap();

    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, ca.pem()).unwrap();
    let hosts_file = dir.join("hosts");
    std::fs::write(
        &hosts_file,
        "127.0.0.1 localhost\n127.0.0.1 api.twilio.com\n",
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
            // Port 0: the kernel picks a free port, so two suites never collide.
            let plain = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let tls = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            ready_tx
                .send((
                    plain.local_addr().unwrap().port(),
                    tls.local_addr().unwrap().port(),
                ))
                .unwrap();
            let plain_accounts = shared.clone();
            tokio::spawn(async move {
                loop {
                    let Ok((tcp, _)) = plain.accept().await else {
                        continue;
                    };
                    tokio::spawn(serve(TokioIo::new(tcp), plain_accounts.clone()));
                }
            });
            loop {
                let Ok((tcp, _)) = tls.accept().await else {
                    continue;
                };
                let acceptor = acceptor.clone();
                let accounts = shared.clone();
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    serve(TokioIo::new(tls), accounts).await;
                });
            }
        });
    });
    let (port, tls_port) = ready_rx.recv().unwrap();
    FakeTwilio {
        url: format!("http://127.0.0.1:{port}"),
        tls_port,
        ca_file,
        hosts_file,
        accounts,
    }
}

/// Answers one connection, plain or TLS, until it closes.
async fn serve<IO>(io: TokioIo<IO>, accounts: Arc<Mutex<HashMap<String, Account>>>)
where
    IO: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |req| {
        let accounts = accounts.clone();
        async move { Ok::<_, Infallible>(handle(req, &accounts).await) }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .serve_connection(io, service)
        .await;
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Twilio's date format, e.g. `Sun, 29 Nov 2026 05:00:00 +0000`.
fn rfc2822(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let date = renfort_sms::twilio::civil_date(unix);
    let (y, rest) = date.split_once('-').unwrap();
    let (m, d) = rest.split_once('-').unwrap();
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][m.parse::<usize>().unwrap() - 1];
    format!(
        "{weekday}, {d} {month} {y} {:02}:{:02}:{:02} +0000",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn message_json(account: &str, c: &Created, from: &str) -> serde_json::Value {
    serde_json::json!({
        "sid": c.sid,
        "from": from,
        "to": c.to,
        "body": c.body,
        "status": "queued",
        "direction": "outbound-api",
        "media_url": null,
        "price": null,
        "price_unit": "EUR",
        "uri": format!("/2010-04-01/Accounts/{account}/Messages/{}.json", c.sid),
        "date_created": rfc2822(c.created),
        "date_sent": rfc2822(c.created),
        "date_updated": rfc2822(c.created),
    })
}

async fn handle(
    req: Request<Incoming>,
    accounts: &Mutex<HashMap<String, Account>>,
) -> Response<Full<Bytes>> {
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let method = req.method().clone();
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
    // `Accounts/{sid}.json` (the account) or `Accounts/{sid}/{resource}`.
    let rest = path.strip_prefix("/2010-04-01/Accounts/").unwrap_or("");
    let (sid, resource) = match rest.split_once('/') {
        Some((sid, resource)) => (sid.to_string(), resource.to_string()),
        None => (
            rest.strip_suffix(".json").unwrap_or("").to_string(),
            String::new(),
        ),
    };
    let reply = |status: u16, json: serde_json::Value| {
        Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(json.to_string())))
            .unwrap()
    };
    let raw = |status: u16, body: &'static str| {
        Response::builder()
            .status(status)
            .header("content-type", "text/html")
            .body(Full::new(Bytes::from_static(body.as_bytes())))
            .unwrap()
    };
    let mut list_hangs = false;
    let (answer, hang) = {
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
        if !authorized {
            if method == hyper::Method::POST {
                account.received.push(Received {
                    authorized,
                    to: String::new(),
                    from: String::new(),
                    body: String::new(),
                    at: Instant::now(),
                });
            }
            // Twilio's own answer to credentials it does not accept.
            return reply(
                401,
                serde_json::json!({
                    "code": 20003,
                    "message": "Authenticate",
                    "more_info": "https://www.twilio.com/docs/errors/20003",
                    "status": 401,
                }),
            );
        }
        if account.outage_until.is_some_and(|t| Instant::now() < t) {
            if method == hyper::Method::POST {
                let get = |k: &str| form.get(k).cloned().unwrap_or_default();
                account.received.push(Received {
                    authorized,
                    to: get("To"),
                    from: get("From"),
                    body: get("Body"),
                    at: Instant::now(),
                });
            }
            return raw(
                503,
                "<html><body><h1>503 Service Unavailable</h1></body></html>",
            );
        }
        if method == hyper::Method::GET && resource.is_empty() {
            return reply(200, account_json(&sid, account));
        }
        if method == hyper::Method::GET && resource == "IncomingPhoneNumbers.json" {
            return reply(200, numbers(&sid, account, &query));
        }
        if resource != "Messages.json" {
            return reply(
                404,
                serde_json::json!({"code": 20404, "message": "The requested resource was not found", "status": 404}),
            );
        }
        if method == hyper::Method::GET {
            account.lists += 1;
            match account.list_fault {
                Some((until, true)) if Instant::now() < until => {
                    // Answered after the lock is released (a minute later).
                    list_hangs = true;
                }
                Some((until, false)) if Instant::now() < until => {
                    return raw(503, "<html><body>503 Service Unavailable</body></html>");
                }
                _ => return reply(200, list(&sid, account, &query)),
            }
        }
        let get = |k: &str| form.get(k).cloned().unwrap_or_default();
        if list_hangs {
            (None, 60)
        } else if let Some((until, status)) = account.refuse_sends
            && Instant::now() < until
        {
            account.received.push(Received {
                authorized,
                to: get("To"),
                from: get("From"),
                body: get("Body"),
                at: Instant::now(),
            });
            return reply(
                status,
                serde_json::json!({
                    "code": if status == 429 { 20429 } else { 20500 },
                    "message": "Too Many Requests",
                    "more_info": "https://www.twilio.com/docs/errors/20429",
                    "status": status,
                }),
            );
        } else {
            account.received.push(Received {
                authorized,
                to: get("To"),
                from: get("From"),
                body: get("Body"),
                at: Instant::now(),
            });
            account.from = get("From");
            let scripted = account.script.pop_front();
            let take = |account: &mut Account, queued: bool| {
                let n = account.created.len() + 1;
                let created = Created {
                    sid: format!("SM{n:032}"),
                    to: get("To"),
                    body: get("Body"),
                    created: now_unix(),
                    at: Instant::now(),
                    queued,
                    status_callback: form.get("StatusCallback").cloned(),
                };
                account.created.push(created.clone());
                created
            };
            match scripted {
                Some(Scripted::Answer(Answer(status, json))) => return reply(status, json),
                Some(Scripted::Fault(Fault::Raw {
                    status,
                    body,
                    taken,
                })) => {
                    if taken {
                        take(account, true);
                    }
                    return raw(status, body);
                }
                Some(Scripted::Fault(Fault::Hang { seconds, taken })) => {
                    if taken {
                        take(account, true);
                    }
                    (None, seconds)
                }
                None => {
                    let created = take(account, false);
                    (Some(message_json(&sid, &created, &get("From"))), 0)
                }
            }
        }
    };
    match answer {
        Some(json) => reply(201, json),
        None => {
            tokio::time::sleep(Duration::from_secs(hang)).await;
            raw(504, "")
        }
    }
}

/// `GET Accounts/{sid}.json`, shaped like Twilio's (its auth token included, as Twilio
/// returns it: `renfort check` must not print it).
fn account_json(sid: &str, account: &Account) -> serde_json::Value {
    serde_json::json!({
        "sid": sid,
        "owner_account_sid": sid,
        "friendly_name": "Renfort test account",
        "status": account.status.as_deref().unwrap_or("active"),
        "type": "Full",
        "auth_token": account.token,
        "date_created": rfc2822(now_unix() - 86_400),
        "date_updated": rfc2822(now_unix() - 86_400),
        "uri": format!("/2010-04-01/Accounts/{sid}.json"),
        "subresource_uris": {
            "messages": format!("/2010-04-01/Accounts/{sid}/Messages.json"),
            "incoming_phone_numbers": format!("/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers.json"),
        },
    })
}

/// `GET IncomingPhoneNumbers.json[?PhoneNumber=+33…]`: the account's numbers, one page.
fn numbers(sid: &str, account: &Account, query: &str) -> serde_json::Value {
    let q: HashMap<String, String> = url_form(query.as_bytes());
    let listed: Vec<serde_json::Value> = account
        .numbers
        .iter()
        .filter(|n| q.get("PhoneNumber").is_none_or(|p| &n.phone == p))
        .enumerate()
        .map(|(i, n)| {
            serde_json::json!({
                "sid": format!("PN{i:032}"),
                "account_sid": sid,
                "friendly_name": n.phone,
                "phone_number": n.phone,
                "sms_url": n.sms_url,
                "sms_method": n.sms_method,
                "sms_fallback_url": "",
                "sms_fallback_method": "POST",
                "sms_application_sid": "",
                "voice_url": "",
                "status": "in-use",
                "capabilities": {"sms": true, "voice": true, "mms": false, "fax": false},
                "uri": format!("/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers/PN{i:032}.json"),
            })
        })
        .collect();
    serde_json::json!({
        "incoming_phone_numbers": listed,
        "page": 0,
        "page_size": 50,
        "start": 0,
        "end": listed.len().saturating_sub(1),
        "uri": format!("/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers.json"),
        "first_page_uri": format!("/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers.json?PageSize=50&Page=0"),
        "next_page_uri": null,
        "previous_page_uri": null,
    })
}

/// `GET Messages.json?To=…[&DateSent>=YYYY-MM-DD]&PageSize=n&Page=p`: newest first, paged.
fn list(sid: &str, account: &Account, query: &str) -> serde_json::Value {
    let q: HashMap<String, String> = url_form(query.as_bytes());
    let since = q.get("DateSent>").cloned().unwrap_or_default();
    let size: usize = q.get("PageSize").and_then(|p| p.parse().ok()).unwrap_or(50);
    let page: usize = q.get("Page").and_then(|p| p.parse().ok()).unwrap_or(0);
    let matching: Vec<&Created> = account
        .created
        .iter()
        .rev()
        .filter(|c| q.get("To").is_none_or(|to| &c.to == to))
        .filter(|c| {
            since.is_empty() || (!c.queued && renfort_sms::twilio::civil_date(c.created) >= since)
        })
        .collect();
    let messages: Vec<serde_json::Value> = matching
        .iter()
        .skip(page * size)
        .take(size)
        .map(|c| message_json(sid, c, ""))
        .collect();
    let next = (matching.len() > (page + 1) * size).then(|| {
        let mut next: Vec<(String, String)> = q
            .iter()
            .filter(|(k, _)| k.as_str() != "Page")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        next.push(("Page".into(), (page + 1).to_string()));
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(next)
            .finish();
        format!("/2010-04-01/Accounts/{sid}/Messages.json?{query}")
    });
    serde_json::json!({
        "messages": messages,
        "page": page,
        "page_size": size,
        "uri": format!("/2010-04-01/Accounts/{sid}/Messages.json"),
        "next_page_uri": next,
        "previous_page_uri": null,
    })
}

fn url_form(body: &[u8]) -> HashMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}
