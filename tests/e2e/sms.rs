//! SMS over Twilio, end to end: signed webhooks into `renfort serve`, replies through the real
//! client (twilio-async's requests, sent with hyper) to the local fake Twilio, at
//! `RENFORT_TWILIO_API_URL`; one test goes through TLS under Twilio's own host name.

use std::time::Duration;

use renfort_sms::{gsm, signature};

use crate::fake_twilio::{Answer, FakeTwilio, Received};
use crate::support::{Renfort, Server, databases, message_sid, private_hosts, unique};

const FROM_NUMBER: &str = "+33639989999";
const PUBLIC_URL: &str = "https://renfort.test";
const WAIT: Duration = Duration::from_secs(15);

pub(crate) struct Rig {
    pub(crate) server: Server,
    pub(crate) sid: String,
    token: String,
    client: reqwest::Client,
}

impl Rig {
    async fn start(database_url: &str) -> Rig {
        Rig::start_with(database_url, &[], None).await
    }

    /// A rig with more environment, the server's output written to `output`.
    pub(crate) async fn start_with(
        database_url: &str,
        extra: &[(&str, String)],
        output: Option<&std::path::Path>,
    ) -> Rig {
        Rig::start_at(database_url, extra, None, output).await
    }

    /// [`Rig::start_with`], the server run with `hosts` as its /etc/hosts when set.
    async fn start_at(
        database_url: &str,
        extra: &[(&str, String)],
        hosts: Option<&std::path::Path>,
        output: Option<&std::path::Path>,
    ) -> Rig {
        Renfort {
            database_url: database_url.to_string(),
        }
        .run(&["seed", "demo"]);
        let fake = FakeTwilio::get();
        let sid = format!("AC{}", unique("t").replace('_', ""));
        let token = unique("token");
        fake.add_account(&sid, &token);
        let mut env = vec![
            ("TWILIO_ACCOUNT_SID", sid.clone()),
            ("TWILIO_AUTH_TOKEN", token.clone()),
            ("TWILIO_FROM", FROM_NUMBER.to_string()),
            ("RENFORT_PUBLIC_URL", PUBLIC_URL.to_string()),
            ("RENFORT_SMS_RATE", "50".to_string()),
            // Short delays instead of minutes (see retry::Delivery).
            ("RENFORT_SMS_CHECK_AFTER", "1".to_string()),
            ("RENFORT_RETRY_MAX_DELAY", "4".to_string()),
            ("RENFORT_SEND_TIMEOUT", "3".to_string()),
            ("RENFORT_TWILIO_API_URL", fake.url.clone()),
            // The moderator's daily digest would come at any time of the test's day and
            // shift the counts; it is tested in the store suite.
            ("RENFORT_DIGEST_HOUR", "off".to_string()),
        ];
        env.extend(extra.iter().cloned());
        let server = Server::start_logged(database_url, &env, hosts, output).await;
        Rig {
            server,
            sid,
            token,
            client: reqwest::Client::new(),
        }
    }

    pub(crate) fn fake(&self) -> &'static FakeTwilio {
        FakeTwilio::get()
    }

    pub(crate) fn params(
        &self,
        from: &str,
        body: &str,
        message_sid: &str,
    ) -> Vec<(String, String)> {
        [
            ("MessageSid", message_sid),
            ("AccountSid", self.sid.as_str()),
            ("From", from),
            ("To", FROM_NUMBER),
            ("Body", body),
            ("NumMedia", "0"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    pub(crate) async fn post(
        &self,
        params: &[(String, String)],
        signature: Option<&str>,
    ) -> (u16, String) {
        self.post_to("/sms/twilio", params, signature).await
    }

    pub(crate) async fn post_to(
        &self,
        path: &str,
        params: &[(String, String)],
        signature: Option<&str>,
    ) -> (u16, String) {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter())
            .finish();
        let mut req = self
            .client
            .post(format!("{}{path}", self.server.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(sig) = signature {
            req = req.header("X-Twilio-Signature", sig);
        }
        let resp = req.send().await.unwrap();
        (resp.status().as_u16(), resp.text().await.unwrap())
    }

    pub(crate) fn sign(&self, params: &[(String, String)]) -> String {
        signature::sign(&self.token, &format!("{PUBLIC_URL}/sms/twilio"), params)
    }

    /// A signed inbound SMS; returns the webhook's answer.
    pub(crate) async fn sms(&self, from: &str, body: &str) -> (u16, String) {
        let params = self.params(from, body, &message_sid());
        let sig = self.sign(&params);
        self.post(&params, Some(&sig)).await
    }

    /// Sends an SMS and waits for `n` more messages at the fake for `to`.
    pub(crate) async fn exchange(&self, from: &str, body: &str, n: usize) -> Vec<Received> {
        let before = self.to(from).len();
        let (status, twiml) = self.sms(from, body).await;
        assert_eq!(status, 200, "{twiml}");
        assert!(twiml.contains("<Response/>"), "{twiml}");
        let until = std::time::Instant::now() + WAIT;
        loop {
            let got = self.to(from);
            if got.len() >= before + n || std::time::Instant::now() > until {
                return got[before..].to_vec();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub(crate) fn to(&self, phone: &str) -> Vec<Received> {
        self.fake()
            .received(&self.sid)
            .into_iter()
            .filter(|r| r.to == phone)
            .collect()
    }
}

fn check_sent(r: &Received) {
    assert!(r.authorized, "basic auth with the account's token");
    assert_eq!(r.from, FROM_NUMBER);
}

#[tokio::test]
async fn french_registration_over_the_webhook() {
    for db in databases() {
        let rig = Rig::start(&db).await;
        let me = "+33639980101";
        let script: [(&str, &str); 8] = [
            ("Bonjour", "Bienvenue sur Renfort"),
            ("oui", "Merci ! Quel est votre prénom ?"),
            ("Marie", "Merci, Marie !"),
            ("62000", "Plusieurs communes :"),
            ("1", "C'est noté : Arras (62)."),
            ("oui", "Quelles missions ?"),
            ("1 3", "Dernière question"),
            ("le soir", "Merci, Marie ! Votre inscription est faite."),
        ];
        for (input, expected) in script {
            let got = rig.exchange(me, input, 1).await;
            assert_eq!(got.len(), 1, "{input}: {got:?}");
            check_sent(&got[0]);
            assert!(
                got[0].body.starts_with(expected),
                "{input}: {}",
                got[0].body
            );
            let (segments, encoding) = gsm::segments(&got[0].body);
            assert_eq!(
                (segments, encoding),
                (1, gsm::Encoding::Gsm7),
                "{}",
                got[0].body
            );
            eprintln!(
                "> {input}\n< [{segments} {}] {}",
                encoding.as_str(),
                got[0].body.replace('\n', " / ")
            );
        }
    }
}

#[tokio::test]
async fn replay_forgery_and_odd_messages() {
    let db = &databases()[0];
    let rig = Rig::start(db).await;
    let me = "+33639980102";
    rig.exchange(me, "Bonjour", 1).await;

    // A replayed MessageSid: the same answer, nothing processed twice.
    let params = rig.params(me, "oui", "SM000000000000000000000000feed0001");
    let sig = rig.sign(&params);
    let first = rig.post(&params, Some(&sig)).await;
    let again = rig.post(&params, Some(&sig)).await;
    assert_eq!(first, again);
    assert_eq!(first.0, 200);
    let got = rig.fake().wait_for(&rig.sid, 2, WAIT);
    assert!(got[1].body.starts_with("Merci ! Quel est votre prénom ?"));
    let asked = rig.exchange(me, "Marie", 1).await;
    // Had the replay been processed, "oui" would have been taken as the first name.
    assert!(
        asked[0].body.starts_with("Merci, Marie !"),
        "{}",
        asked[0].body
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let all = rig.to(me);
    assert_eq!(
        all.len(),
        3,
        "welcome, name question, place question: {all:?}"
    );

    // Forged, missing or misplaced signatures.
    let params = rig.params(me, "62000", &message_sid());
    assert_eq!(rig.post(&params, None).await.0, 403);
    assert_eq!(
        rig.post(&params, Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA="))
            .await
            .0,
        403
    );
    let wrong_url = signature::sign(&rig.token, "https://evil.example/sms/twilio", &params);
    assert_eq!(rig.post(&params, Some(&wrong_url)).await.0, 403);
    let other_token = signature::sign(
        "not-the-token",
        &format!("{PUBLIC_URL}/sms/twilio"),
        &params,
    );
    assert_eq!(rig.post(&params, Some(&other_token)).await.0, 403);
    let good = rig.sign(&params);
    let mut altered = params.clone();
    altered[4].1 = "62130".into();
    assert_eq!(rig.post(&altered, Some(&good)).await.0, 403);

    // Oversized request bodies.
    let huge = rig.params(me, &"x".repeat(100_000), &message_sid());
    let sig = rig.sign(&huge);
    assert_eq!(rig.post(&huge, Some(&sig)).await.0, 413);

    // Empty, non-text and 1,600-character messages get a clear, short reply.
    let empty = rig.exchange(me, "", 1).await;
    assert!(empty[0].body.contains("code postal"), "{}", empty[0].body);
    let mut mms = rig.params(me, "", &message_sid());
    mms[5].1 = "1".into();
    let sig = rig.sign(&mms);
    let before = rig.to(me).len();
    assert_eq!(rig.post(&mms, Some(&sig)).await.0, 200);
    let got = rig.fake().wait_for(&rig.sid, before + 1, WAIT);
    assert!(
        got.last()
            .unwrap()
            .body
            .starts_with("Je ne lis que les messages écrits")
    );
    let long = rig.exchange(me, &"Arras ".repeat(267), 1).await;
    assert_eq!(gsm::segments(&long[0].body).0, 1, "{}", long[0].body);
    let emoji = rig.exchange(me, "🙂🙂", 1).await;
    assert!(emoji[0].body.contains("code postal"));
    for m in rig.to(me) {
        check_sent(&m);
    }
}

#[tokio::test]
async fn provider_errors_are_retried_and_never_doubled() {
    let db = &databases()[0];
    let rig = Rig::start(db).await;
    let me = "+33639980103";
    // 500, then 201: one message, sent twice over the wire, delivered once.
    rig.fake().script(&rig.sid, vec![Answer::error(500, 20500)]);
    let got = rig.exchange(me, "Bonjour", 2).await;
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].body, got[1].body);
    // 2-3 s of backoff, on a clock counted in whole seconds.
    assert!(
        got[1].at - got[0].at >= Duration::from_secs(1),
        "backoff before the retry"
    );
    // 429 too.
    rig.fake().script(&rig.sid, vec![Answer::error(429, 20429)]);
    let got = rig.exchange(me, "oui", 2).await;
    assert_eq!(got.len(), 2);
    assert!(got[1].body.starts_with("Merci ! Quel est votre prénom ?"));
    // A permanent error is not retried.
    rig.fake().script(&rig.sid, vec![Answer::error(400, 21211)]);
    rig.exchange(me, "Marie", 1).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(rig.to(me).len(), 5, "no retry after a 400");
}

#[tokio::test]
async fn stop_drops_queued_messages_and_21610_stops_the_contact() {
    let db = &databases()[0];
    let rig = Rig::start(db).await;
    let me = "+33639980104";
    rig.exchange(me, "Bonjour", 1).await;
    // The next reply fails once and waits for its retry; STOP arrives meanwhile.
    rig.fake().script(&rig.sid, vec![Answer::error(503, 20503)]);
    let failed = rig.exchange(me, "oui", 1).await;
    assert!(
        failed[0]
            .body
            .starts_with("Merci ! Quel est votre prénom ?")
    );
    let stop = rig.exchange(me, "STOP", 1).await;
    assert!(
        stop[0]
            .body
            .starts_with("Vous ne recevrez plus de messages"),
        "{}",
        stop[0].body
    );
    tokio::time::sleep(Duration::from_secs(5)).await;
    let all = rig.to(me);
    assert_eq!(
        all.len(),
        3,
        "the queued reply was dropped, not retried: {all:?}"
    );
    let (status, _) = rig.sms(me, "MISSIONS").await;
    assert_eq!(status, 200);

    // Twilio says the recipient unsubscribed (21610): the contact is stopped.
    let other = "+33639980105";
    rig.fake().script(&rig.sid, vec![Answer::error(400, 21610)]);
    rig.exchange(other, "Bonjour", 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    rig.sms(other, "oui").await;
    rig.sms(other, "Marie").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(rig.to(other).len(), 1, "nothing more after 21610");
    assert_eq!(rig.to(me).len(), 3, "nothing after STOP either");

    let metrics = reqwest::get(format!("{}/metrics", rig.server.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("renfort_contacts_stopped_by_provider_total 1"),
        "{metrics}"
    );
    // Issue 14: latency histograms after this traffic, the outbox read at scrape time.
    let sample = |name: &str| -> f64 {
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
            .unwrap_or_else(|| panic!("{name} missing:\n{metrics}"))
    };
    assert!(
        sample("renfort_webhook_duration_seconds_count{channel=\"sms\"}") >= 7.0,
        "{metrics}"
    );
    assert!(sample("renfort_webhook_duration_seconds_sum{channel=\"sms\"}") > 0.0);
    assert!(sample("renfort_engine_step_duration_seconds_count") >= 6.0);
    assert!(
        sample("renfort_send_duration_seconds_count{channel=\"sms\",outcome=\"sent\"}") >= 2.0,
        "{metrics}"
    );
    assert_eq!(
        sample("renfort_send_duration_seconds_count{channel=\"sms\",outcome=\"unsubscribed\"}"),
        1.0
    );
    assert_eq!(
        sample(
            "renfort_send_duration_seconds_bucket{le=\"+Inf\",channel=\"sms\",outcome=\"unsubscribed\"}"
        ),
        1.0
    );
    assert_eq!(sample("renfort_opt_outs_total"), 1.0, "one STOP");
    assert_eq!(
        sample("renfort_outbox_oldest_pending_age_seconds"),
        0.0,
        "all sent"
    );
    assert!(
        !metrics.contains("renfort_outbox_open{"),
        "nothing open: {metrics}"
    );
}

/// The one test of the TLS path as in production: the binary's client (hyper, OpenSSL) calls
/// `https://api.twilio.com:{port}`, which a private /etc/hosts resolves to the fake on
/// 127.0.0.1; the fake's certificate for api.twilio.com is signed by a test CA that
/// `SSL_CERT_FILE` names. As root the server runs in a private mount namespace (`unshare -m`),
/// as another user in an unprivileged user namespace where it is root (see
/// `support::private_hosts`). Negative control: with an empty CA file the same send fails
/// certificate verification and nothing reaches the fake.
///
/// Where the kernel allows neither namespace, Twilio's name cannot be pointed at the fake
/// without root: the test then still goes through TLS and both controls, under `localhost`
/// (the certificate names it too), and says on stderr that the host name was not exercised.
#[tokio::test]
async fn twilio_is_reached_over_tls_under_its_own_name() {
    let fake = FakeTwilio::get();
    let (host, hosts) = match private_hosts(&fake.hosts_file) {
        Some(way) => {
            eprintln!(
                "TLS under the name api.twilio.com, the server in `unshare {}`",
                way.join(" ")
            );
            ("api.twilio.com", Some(fake.hosts_file.as_path()))
        }
        None => {
            eprintln!(
                "NOT CHECKED: TLS under the name api.twilio.com (no private /etc/hosts here: \
                 neither `unshare -m` nor an unprivileged user namespace works); TLS checked \
                 under localhost instead"
            );
            ("localhost", None)
        }
    };
    let tls = |ca: &std::path::Path| {
        vec![
            (
                "RENFORT_TWILIO_API_URL",
                format!("https://{host}:{}", fake.tls_port),
            ),
            ("SSL_CERT_FILE", ca.display().to_string()),
            // The machine's own CA directory must not vouch for anything here.
            ("SSL_CERT_DIR", "/nonexistent".to_string()),
        ]
    };

    let rig = Rig::start_at(&databases()[0], &tls(&fake.ca_file), hosts, None).await;
    let me = "+33639980106";
    let got = rig.exchange(me, "Bonjour", 1).await;
    assert_eq!(got.len(), 1, "{got:?}");
    check_sent(&got[0]);
    assert!(got[0].body.starts_with("Bienvenue sur Renfort"), "{got:?}");
    drop(rig);

    let empty_ca = std::env::temp_dir().join(unique("empty-ca"));
    std::fs::write(&empty_ca, "").unwrap();
    let output = std::env::temp_dir().join(unique("tls-refused.log"));
    let rig = Rig::start_at(&databases()[0], &tls(&empty_ca), hosts, Some(&output)).await;
    assert_eq!(rig.sms(me, "Bonjour").await.0, 200);
    let until = std::time::Instant::now() + WAIT;
    let log = loop {
        let log = std::fs::read_to_string(&output).unwrap_or_default();
        if log.contains("certificate verify failed") || std::time::Instant::now() > until {
            break log;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(log.contains("certificate verify failed"), "{log}");
    assert!(fake.received(&rig.sid).is_empty());
}

/// A webhook configured with a query string, and Twilio signing `https://host:443/…` where
/// Renfort is configured with `https://host`: both are genuine and accepted; a signature over
/// another URL still is not.
#[tokio::test]
async fn the_signed_url_is_the_one_twilio_called() {
    let db = &databases()[0];
    let rig = Rig::start(db).await;
    let me = "+33639980107";
    let path = "/sms/twilio?x=1&campaign=renfort";
    for signed in [
        format!("{PUBLIC_URL}{path}"),
        format!("{PUBLIC_URL}:443{path}"),
    ] {
        let params = rig.params(me, "Bonjour", &message_sid());
        let sig = signature::sign(&rig.token, &signed, &params);
        let (status, twiml) = rig.post_to(path, &params, Some(&sig)).await;
        assert_eq!(status, 200, "{signed}: {twiml}");
    }
    for signed in [
        format!("{PUBLIC_URL}/sms/twilio"),
        format!("{PUBLIC_URL}/sms/twilio?x=2&campaign=renfort"),
        format!("{PUBLIC_URL}:8443{path}"),
        format!("http://renfort.test{path}"),
    ] {
        let params = rig.params(me, "Bonjour", &message_sid());
        let sig = signature::sign(&rig.token, &signed, &params);
        assert_eq!(
            rig.post_to(path, &params, Some(&sig)).await.0,
            403,
            "{signed}"
        );
    }
    // And the usual URL with the port Twilio may add.
    let params = rig.params(me, "oui", &message_sid());
    let sig = signature::sign(&rig.token, &format!("{PUBLIC_URL}:443/sms/twilio"), &params);
    assert_eq!(rig.post(&params, Some(&sig)).await.0, 200);
}

/// A full conversation (registration, validation, an intent alerting a referent, STOP) with
/// Twilio refusing and failing sends, its error messages quoting the numbers, logged at trace
/// level: no full number anywhere in the log, and no message text.
#[tokio::test]
async fn a_trace_log_with_provider_errors_holds_no_full_number() {
    let db = &databases()[0];
    let log = std::env::temp_dir().join(format!("{}.log", unique("renfort-trace")));
    let rig = Rig::start_with(db, &[("RENFORT_LOG", "trace".into())], Some(&log)).await;
    let cli = Renfort {
        database_url: db.clone(),
    };
    let me = "+33639980120";
    let quoting = |status: u16, code: u32, number: &str| {
        Answer(
            status,
            serde_json::json!({
                "code": code,
                "message": format!("The 'To' number {number} is not a valid phone number."),
                "more_info": "https://www.twilio.com/docs/errors/21211",
                "status": status
            }),
        )
    };
    // The welcome fails for good, the next reply once (then is retried).
    rig.fake().script(
        &rig.sid,
        vec![
            quoting(400, 21211, me),
            quoting(503, 20503, "+33 6 39 98 01 20"),
        ],
    );
    rig.sms(me, "Bonjour").await;
    rig.fake().wait_for(&rig.sid, 1, WAIT);
    let got = rig.exchange(me, "oui", 1).await;
    assert!(
        got[0].body.starts_with("Merci ! Quel est votre prénom ?"),
        "{got:?}"
    );
    let script = ["Zéphyrine", "62000", "1", "oui", "1 3", "le soir"];
    for input in script {
        rig.exchange(me, input, 1).await;
    }
    let queue: Vec<serde_json::Value> =
        serde_json::from_str(&cli.run(&["moderation", "list", "--json"])).unwrap();
    let id = queue.iter().find(|i| i["kind"] == "volunteer").unwrap()["id"].to_string();
    cli.run(&["moderation", "approve", "volunteer", &id]);
    rig.sms(me, "MISSIONS").await;
    // Everything so far has left (the retried reply included) once the list arrives.
    let until = std::time::Instant::now() + WAIT;
    while !rig
        .to(me)
        .iter()
        .any(|m| m.body.starts_with("Missions près"))
    {
        assert!(std::time::Instant::now() < until, "{:?}", rig.to(me));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The reply and the referent's alert (with the volunteer's number) are refused too,
    // each error quoting its recipient's number.
    rig.fake().script(
        &rig.sid,
        vec![quoting(400, 21211, me), quoting(400, 21211, "+33639981000")],
    );
    let (status, _) = rig.sms(me, "OUI 1").await;
    assert_eq!(status, 200);
    let alerted = |m: &Received| m.to != me && m.body.contains("06 39 98 01 20");
    while !rig.fake().received(&rig.sid).iter().any(alerted) {
        assert!(
            std::time::Instant::now() < until,
            "no alert to the referent"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    rig.exchange(me, "STOP", 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let text = std::fs::read_to_string(&log).unwrap();
    eprintln!(
        "trace log: {} ({} lines)",
        log.display(),
        text.lines().count()
    );
    assert!(text.contains("TRACE"), "trace level is on");
    assert!(text.contains("21211"), "the provider's errors are logged");
    // A 503 is an outcome Twilio may have acted on: checked with Twilio, then sent again.
    assert!(
        text.contains("SMS retry") || text.contains("sending again"),
        "{text}"
    );
    for needle in [
        "639980120",
        "06 39 98 01 20",
        "0639980120",
        "639981000",
        "Zéphyrine",
        "Merci",
        "prénom",
    ] {
        assert!(
            !text.contains(needle),
            "{needle:?} in the trace log {}",
            log.display()
        );
    }
    assert_eq!(
        renfort_core::redact::mask_phones(&text),
        text,
        "a phone-like number is left in {}",
        log.display()
    );
}

/// Issue 25's webhook probes, on every backend (signed requests only): a `From` that is not a
/// phone number makes no volunteer and leaves no number in the log; a missing, empty or
/// made-up `MessageSid` is refused and is no replay key; a NUL in the body is answered the
/// same on SQLite and PostgreSQL (which refuses NUL in text: it was 503 for ever).
#[tokio::test]
async fn senders_message_ids_and_nul_are_read_alike_on_every_backend() {
    for db in databases() {
        let log = std::env::temp_dir().join(format!("{}.log", unique("renfort-senders")));
        let rig = Rig::start_with(&db, &[], Some(&log)).await;
        let huge = format!("+{}", "3".repeat(10_000));
        for from in [
            "whatsapp:+33639980301",
            "abc",
            "",
            "+33639980302\n+33639980303",
            huge.as_str(),
        ] {
            let params = rig.params(from, "Bonjour", &message_sid());
            let sig = rig.sign(&params);
            let (status, twiml) = rig.post(&params, Some(&sig)).await;
            assert_eq!(status, 200, "{from:.40?}: {twiml}");
            assert!(twiml.contains("<Response/>"), "{twiml}");
        }

        let me = "+33639980304";
        let mut no_sid = rig.params(me, "Bonjour", "");
        no_sid.retain(|(k, _)| k != "MessageSid");
        for params in [
            rig.params(me, "Bonjour", ""),
            rig.params(me, "Bonjour", "SM1"),
            rig.params(me, "Bonjour", "SM0123456789abcdef0123456789abcdeg"),
            no_sid,
        ] {
            let sig = rig.sign(&params);
            assert_eq!(rig.post(&params, Some(&sig)).await.0, 400, "{params:?}");
        }
        // An empty id twice is not a replay of anything: refused both times, and the
        // sender's next real message is answered.
        let empty = rig.params(me, "Bonjour", "");
        let sig = rig.sign(&empty);
        assert_eq!(rig.post(&empty, Some(&sig)).await.0, 400);
        let welcome = rig.exchange(me, "Bonjour", 1).await;
        assert!(
            welcome[0].body.starts_with("Bienvenue"),
            "{}",
            welcome[0].body
        );

        // NUL: removed before the store, so both backends answer 200 and the same text.
        let nul = "+33639980305";
        let params = rig.params(nul, "Bon\0jour", &message_sid());
        let sig = rig.sign(&params);
        assert_eq!(rig.post(&params, Some(&sig)).await.0, 200, "{db}");
        let got = rig.fake().wait_for(&rig.sid, welcome.len() + 1, WAIT);
        assert!(got.iter().any(|m| m.to == nul), "{got:?}");
        let again = rig.exchange(nul, "o\0ui", 1).await;
        assert!(again[0].body.starts_with("Merci"), "{}", again[0].body);

        // Only the two phone numbers became volunteers.
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&db)
            .await
            .unwrap();
        let volunteers: Vec<String> = sqlx::query_scalar(
            "SELECT address FROM contacts WHERE volunteer_id IS NOT NULL ORDER BY address",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        assert_eq!(volunteers, vec![me.to_string(), nul.to_string()], "{db}");
        let stored: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM inbound WHERE channel = 'sms' ORDER BY received_at",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        assert!(stored.iter().all(|b| !b.contains('\0')), "{stored:?}");
        drop(rig);
        let logged = std::fs::read_to_string(&log).unwrap();
        assert!(logged.contains("sender is not a phone number"), "{logged}");
        for number in ["639980301", "639980302", "639980303", "33333333333"] {
            assert!(!logged.contains(number), "{number} in {logged}");
        }
    }
}
