//! `renfort check`, end to end: the binary against the fake Twilio (at
//! `RENFORT_TWILIO_API_URL`, through the real hyper client) and the fake Bot API (through
//! teloxide), a good deployment and broken ones, each broken one with its message and a
//! non-zero exit.

use sqlx::Connection;

use crate::fake_telegram::FakeTelegram;
use crate::fake_twilio::{FakeTwilio, Number};
use crate::support::{Renfort, Server, databases, free_port, unique};

const PUBLIC_URL: &str = "https://renfort.example.org";
const FROM: &str = "+33639989990";
const BOT_TOKEN: &str = "123456:CHECK-token";
const SECRET: &str = "check-secret_1";

/// Settings a test runner's own environment must not lend to `check`.
const SETTINGS: [&str; 13] = [
    "TWILIO_ACCOUNT_SID",
    "RENFORT_METRICS_TOKEN",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_FROM",
    "RENFORT_TWILIO_API_URL",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_URL",
    "TELEGRAM_MODE",
    "TELEGRAM_WEBHOOK_SECRET",
    "TELEGRAM_BOT_USERNAME",
    "RENFORT_PUBLIC_URL",
    "RENFORT_LISTEN",
    "TELOXIDE_TOKEN",
];

/// A deployment as an operator configures it: a migrated database, a Twilio account owning
/// the number whose SMS webhook points at Renfort, a bot whose webhook is Renfort's.
struct Deployment {
    renfort: Renfort,
    sid: String,
    token: String,
    telegram: FakeTelegram,
    env: Vec<(&'static str, String)>,
}

struct Checked {
    success: bool,
    stdout: String,
    stderr: String,
}

impl Checked {
    fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// The line of the check named `what`.
    fn line(&self, what: &str) -> &str {
        self.stdout
            .lines()
            .find(|l| {
                l.split_once(": ")
                    .is_some_and(|(head, _)| head.ends_with(what))
            })
            .unwrap_or_else(|| panic!("no {what:?} line in:\n{}", self.stdout))
    }

    /// `check` failed, and the line `what` says FAILED and `says`.
    fn failed(&self, what: &str, says: &str) {
        assert!(!self.success, "check should fail:\n{}", self.stdout);
        let line = self.line(what);
        assert!(
            line.starts_with("FAILED ") && line.contains(says),
            "{what}: expected FAILED … {says:?}, got:\n{}",
            self.stdout
        );
        assert!(
            self.stderr.contains("checks failed"),
            "stderr: {}",
            self.stderr
        );
    }
}

impl Deployment {
    async fn good(db: &str) -> Deployment {
        Deployment::with_database(db, true).await
    }

    /// [`Deployment::good`], the database migrated by `renfort migrate` or left as it is.
    async fn with_database(db: &str, migrate: bool) -> Deployment {
        let renfort = Renfort {
            database_url: db.to_string(),
        };
        if migrate {
            renfort.run(&["migrate"]);
        }
        let fake = FakeTwilio::get();
        let sid = format!("AC{}", unique("c").replace('_', ""));
        let token = unique("twiliotoken");
        fake.add_account(&sid, &token);
        fake.add_number(
            &sid,
            Number {
                phone: FROM.into(),
                sms_url: format!("{PUBLIC_URL}/sms/twilio"),
                sms_method: "POST".into(),
            },
        );
        let telegram = FakeTelegram::start().await;
        telegram.set_webhook(Some(&format!("{PUBLIC_URL}/telegram/webhook")));
        let env = vec![
            ("TWILIO_ACCOUNT_SID", sid.clone()),
            ("TWILIO_AUTH_TOKEN", token.clone()),
            ("TWILIO_FROM", FROM.to_string()),
            ("RENFORT_TWILIO_API_URL", fake.url.clone()),
            ("RENFORT_PUBLIC_URL", PUBLIC_URL.to_string()),
            ("TELEGRAM_BOT_TOKEN", BOT_TOKEN.to_string()),
            ("TELEGRAM_API_URL", telegram.url.clone()),
            ("TELEGRAM_MODE", "webhook".to_string()),
            ("TELEGRAM_WEBHOOK_SECRET", SECRET.to_string()),
        ];
        Deployment {
            renfort,
            sid,
            token,
            telegram,
            env,
        }
    }

    /// Sets (or with `None` removes) one setting.
    fn set(&mut self, name: &'static str, value: Option<&str>) {
        self.env.retain(|(k, _)| *k != name);
        if let Some(v) = value {
            self.env.push((name, v.to_string()));
        }
    }

    async fn check(&self) -> Checked {
        let mut command = self.renfort.command(&["check"]);
        for name in SETTINGS {
            command.env_remove(name);
        }
        for (k, v) in &self.env {
            command.env(k, v);
        }
        // The fake Bot API runs on this test's runtime: wait for the binary off it.
        let out = tokio::task::spawn_blocking(move || command.output().expect("renfort runs"))
            .await
            .unwrap();
        let checked = Checked {
            success: out.status.success(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        };
        // Whatever the outcome: no secret and no full phone number is printed.
        let all = format!("{}{}", checked.stdout, checked.stderr);
        for secret in [self.token.as_str(), BOT_TOKEN, SECRET, FROM, &FROM[1..]] {
            assert!(!all.contains(secret), "{secret:?} printed:\n{all}");
        }
        assert!(
            !all.contains(&self.sid),
            "the full account SID printed:\n{all}"
        );
        checked
    }
}

/// The versions of the migrations in the repository (the same for both backends), sorted.
fn migrations() -> Vec<i64> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    let mut versions: Vec<i64> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.split('_').next()?.parse().ok()
        })
        .collect();
    versions.sort();
    versions
}

/// `db` migrated up to `version` only, with the repository's migrations (what an older
/// Renfort left).
async fn old_database(db: &str, version: i64) {
    sqlx::any::install_default_drivers();
    let (folder, url) = match db.strip_prefix("sqlite:") {
        Some(_) => ("sqlite", format!("{db}?mode=rwc")),
        None => ("postgres", db.to_string()),
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(folder);
    let migrator = sqlx::migrate::Migrator::new(dir).await.unwrap();
    let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
    migrator.run_to(version, &mut conn).await.unwrap();
    conn.close().await.unwrap();
}

async fn exec(db: &str, sql: &str) {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(db).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_configuration_passes_every_check() {
    for db in databases() {
        let d = Deployment::good(&db).await;
        let c = d.check().await;
        assert!(c.success, "{}\n{}", c.stdout, c.stderr);
        let lines = c.lines();
        assert_eq!(lines.len(), 6, "{}", c.stdout);
        assert!(lines.iter().all(|l| l.starts_with("ok ")), "{}", c.stdout);
        assert!(
            c.line("database").contains(&format!(
                "reachable, all {} migrations applied",
                migrations().len()
            )),
            "{}",
            c.stdout
        );
        // The API is not Twilio's own: check says which it asked.
        assert!(
            c.line("Twilio account").contains(&format!(
                "accepted the credentials (\"Renfort test account\", active) at {} (RENFORT_TWILIO_API_URL)",
                FakeTwilio::get().url
            )),
            "{}",
            c.stdout
        );
        assert!(
            c.line("Twilio number")
                .contains("…90 belongs to the account; its SMS go to POST https://renfort.example.org/sms/twilio"),
            "{}",
            c.stdout
        );
        assert!(
            c.line("Telegram bot")
                .contains("@renfort_test_bot answers getMe")
        );
        assert!(
            c.line("Telegram updates")
                .contains("webhook https://renfort.example.org/telegram/webhook"),
            "{}",
            c.stdout
        );
        // check only reads: it registered nothing with Telegram.
        assert!(
            d.telegram
                .calls()
                .iter()
                .all(|call| ["getme", "getwebhookinfo"].contains(&call.method.as_str())),
            "{:?}",
            d.telegram.calls()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn services_left_out_are_off_not_failed() {
    let db = databases().remove(0);
    let mut d = Deployment::good(&db).await;
    for name in SETTINGS {
        d.set(name, None);
    }
    let c = d.check().await;
    assert!(c.success, "{}\n{}", c.stdout, c.stderr);
    assert!(c.line("SMS").starts_with("off ") && c.line("SMS").contains("log gateway"));
    assert!(c.line("Telegram").starts_with("off ") && c.line("Telegram").contains("bot is off"));

    // Polling with a webhook still set at Telegram: serve deletes it, check says so.
    d.set("TELEGRAM_BOT_TOKEN", Some(BOT_TOKEN));
    d.set("TELEGRAM_API_URL", Some(&d.telegram.url.clone()));
    d.telegram
        .set_webhook(Some("https://old.example.org/telegram/webhook"));
    let c = d.check().await;
    assert!(c.success, "{}", c.stdout);
    assert!(
        c.line("Telegram updates")
            .contains("will be deleted by `renfort serve`"),
        "{}",
        c.stdout
    );

    // A Twilio API URL that is no URL fails even without credentials, as `serve` refuses to
    // start with it (before it opens the database).
    d.set("RENFORT_TWILIO_API_URL", Some("ftp://api.twilio.com"));
    let c = d.check().await;
    c.failed(
        "SMS",
        "RENFORT_TWILIO_API_URL (\"ftp://api.twilio.com\") is neither http nor https: it must be an absolute http or https URL",
    );
    let mut serve = d.renfort.command(&["serve"]);
    for name in SETTINGS {
        serve.env_remove(name);
    }
    let mut child = serve
        .env("RENFORT_LISTEN", format!("127.0.0.1:{}", free_port()))
        .env("RENFORT_TWILIO_API_URL", "ftp://api.twilio.com")
        .spawn()
        .expect("renfort runs");
    // A server that did start is stopped, not waited for.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() && std::time::Instant::now() < until {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "serve started: {stderr}");
    assert!(
        stderr.contains(
            "RENFORT_TWILIO_API_URL (\"ftp://api.twilio.com\") is neither http nor https"
        ),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twilio_credentials_number_and_webhook_are_checked() {
    let db = databases().remove(0);
    let mut d = Deployment::good(&db).await;

    // A wrong auth token: Twilio's 401.
    d.set(
        "TWILIO_AUTH_TOKEN",
        Some("0123456789abcdef0123456789abcdef"),
    );
    let c = d.check().await;
    c.failed(
        "Twilio account",
        "Twilio refused the credentials (HTTP 401, error 20003): check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
    );
    assert!(
        c.line("Twilio number")
            .starts_with("skipped Twilio number: not checked until Twilio accepts the account"),
        "{}",
        c.stdout
    );
    let token = d.token.clone();
    d.set("TWILIO_AUTH_TOKEN", Some(&token));

    // A number the account does not own.
    d.set("TWILIO_FROM", Some("+33639989991"));
    let c = d.check().await;
    c.failed(
        "Twilio number",
        "does not own TWILIO_FROM (number ending …91): fix TWILIO_FROM, or buy or port the number into this account",
    );
    assert!(!c.stdout.contains("33639989991"), "{}", c.stdout);
    d.set("TWILIO_FROM", Some(FROM));

    // Its SMS webhook points elsewhere; then at the right URL (written differently), by GET.
    let fake = FakeTwilio::get();
    for (n, sms_url, method, says) in [
        (
            1,
            "https://old-host.example.org/sms/twilio",
            "POST",
            "Twilio posts SMS to …90 to https://old-host.example.org/sms/twilio, not to https://renfort.example.org/sms/twilio: set the number's \"A message comes in\" webhook to https://renfort.example.org/sms/twilio (HTTP POST)",
        ),
        (
            2,
            "https://RENFORT.example.org:443/sms/twilio",
            "GET",
            "the SMS webhook of …90 uses HTTP GET: set it to HTTP POST",
        ),
        (
            3,
            "",
            "POST",
            "…90 has no SMS webhook: set its \"A message comes in\" webhook to https://renfort.example.org/sms/twilio",
        ),
    ] {
        let sid = format!("{}{n}", d.sid);
        fake.add_account(&sid, &token);
        fake.add_number(
            &sid,
            Number {
                phone: FROM.into(),
                sms_url: sms_url.into(),
                sms_method: method.into(),
            },
        );
        d.set("TWILIO_ACCOUNT_SID", Some(&sid));
        d.check().await.failed("Twilio number", says);
    }
    let sid = d.sid.clone();
    d.set("TWILIO_ACCOUNT_SID", Some(&sid));
    assert!(d.check().await.success);

    // Twilio's API elsewhere: named in what to fix, as the setting that put it there.
    let nobody = format!("http://127.0.0.1:{}", free_port());
    d.set("RENFORT_TWILIO_API_URL", Some(&nobody));
    d.check().await.failed(
        "Twilio account",
        &format!("the Twilio API at {nobody} (RENFORT_TWILIO_API_URL) could not be reached"),
    );
    d.set("RENFORT_TWILIO_API_URL", Some("api.twilio.com"));
    d.check().await.failed(
        "SMS",
        "RENFORT_TWILIO_API_URL (\"api.twilio.com\") has no scheme: it must be an absolute http or https URL such as https://api.twilio.com",
    );
    let api = FakeTwilio::get().url.clone();
    d.set("RENFORT_TWILIO_API_URL", Some(&api));

    // A suspended account.
    FakeTwilio::get().set_status(&d.sid, "suspended");
    let c = d.check().await;
    c.failed("Twilio account", "is suspended");

    // Only some of the three settings.
    d.set("TWILIO_FROM", None);
    let c = d.check().await;
    c.failed("SMS", "TWILIO_FROM not set: set all three Twilio settings");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_token_and_webhook_are_checked() {
    let db = databases().remove(0);
    let mut d = Deployment::good(&db).await;

    // Webhook mode, another deployment's webhook registered.
    d.telegram
        .set_webhook(Some("https://staging.example.org/telegram/webhook"));
    let c = d.check().await;
    c.failed(
        "Telegram updates",
        "Telegram delivers this bot's updates to https://staging.example.org/telegram/webhook, not https://renfort.example.org/telegram/webhook",
    );
    assert!(c.line("Telegram bot").starts_with("ok "), "{}", c.stdout);

    // Webhook mode, none registered.
    d.telegram.set_webhook(None);
    let c = d.check().await;
    c.failed(
        "Telegram updates",
        "TELEGRAM_MODE=webhook but no webhook is registered with Telegram: `renfort serve` registers https://renfort.example.org/telegram/webhook when it starts",
    );

    // As it says: once `renfort serve` has started, the webhook is Renfort's.
    let server = Server::start(&d.renfort.database_url, &d.env, None).await;
    d.telegram.wait_method("setwebhook", 1).await;
    let c = d.check().await;
    assert!(c.success, "{}", c.stdout);
    drop(server);

    // The right webhook, but Telegram failed to deliver to it a minute ago.
    d.telegram
        .set_webhook(Some(&format!("{PUBLIC_URL}/telegram/webhook")));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    d.telegram
        .set_webhook_error(now - 60, "Wrong response from the webhook: 502 Bad Gateway");
    let c = d.check().await;
    c.failed(
        "Telegram updates",
        "Telegram could not deliver to https://renfort.example.org/telegram/webhook within the last hour (Wrong response from the webhook: 502 Bad Gateway; 3 update(s) waiting)",
    );
    // An old failure is history, not a fault.
    d.telegram
        .set_webhook_error(now - 86_400, "Connection refused");
    assert!(d.check().await.success);

    // No secret in webhook mode: serve would refuse to start.
    d.set("TELEGRAM_WEBHOOK_SECRET", None);
    d.check().await.failed(
        "Telegram updates",
        "TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET",
    );
    d.set("TELEGRAM_WEBHOOK_SECRET", Some(SECRET));

    // Another bot's username for invitation links.
    d.set("TELEGRAM_BOT_USERNAME", Some("@renfort_prod_bot"));
    d.check().await.failed(
        "Telegram bot",
        "the token is @renfort_test_bot's but TELEGRAM_BOT_USERNAME is @renfort_prod_bot",
    );
    d.set("TELEGRAM_BOT_USERNAME", None);

    // A revoked token.
    d.telegram.refuse_token(BOT_TOKEN);
    let c = d.check().await;
    c.failed(
        "Telegram bot",
        "Telegram refused the bot token (getMe: invalid token): check TELEGRAM_BOT_TOKEN",
    );
    assert!(
        c.line("Telegram updates").starts_with("skipped "),
        "{}",
        c.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_not_migrated_is_reported() {
    for db in databases() {
        // A database of the previous version: every migration but the newest applied.
        let known = migrations();
        old_database(&db, known[known.len() - 2]).await;
        let d = Deployment::with_database(&db, false).await;
        let c = d.check().await;
        c.failed(
            "database",
            &format!(
                "lacks 1 of {} migrations ({:04}): run `renfort migrate` before starting this version",
                known.len(),
                known.last().unwrap()
            ),
        );
        // `renfort migrate` is what it asks for, and fixes it.
        let n = known.len();
        assert!(
            d.renfort
                .run(&["migrate"])
                .contains(&format!("up to date: {n} of {n} migrations applied"))
        );
        assert!(d.check().await.success);

        // A migration this binary does not know (a newer Renfort migrated the database).
        exec(
            &db,
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             SELECT 9999, 'from the future', success, checksum, execution_time \
             FROM _sqlx_migrations WHERE version = 1",
        )
        .await;
        d.check().await.failed(
            "database",
            "has migration(s) 9999 that this binary does not know: a newer Renfort migrated it",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_or_absent_database_is_reported() {
    let mut d = Deployment::good(&databases().remove(0)).await;
    // An SQLite file that is not there: check does not create it.
    let missing = std::env::temp_dir().join(format!("{}.db", unique("renfort_check_absent")));
    d.renfort.database_url = format!("sqlite://{}", missing.display());
    d.check().await.failed(
        "database",
        "does not exist: run `renfort migrate` to create it",
    );
    assert!(!missing.exists(), "check created the file");
    // An empty file (or another program's database).
    std::fs::write(&missing, b"").unwrap();
    d.check().await.failed(
        "database",
        &format!(
            "has no Renfort tables (none of {} migrations applied): run `renfort migrate`",
            migrations().len()
        ),
    );
    // An empty PostgreSQL database, then one that does not answer.
    if let Some(pg) = databases().into_iter().nth(1) {
        d.renfort.database_url = pg.clone();
        d.check().await.failed(
            "database",
            &format!(
                "has no Renfort tables (none of {} migrations applied)",
                migrations().len()
            ),
        );
        let scheme = pg.split_once("://").unwrap().0;
        d.renfort.database_url = format!("{scheme}://renfort:s3cret-pw@127.0.0.1:9/renfort");
        let c = d.check().await;
        c.failed("database", "cannot open PostgreSQL 127.0.0.1:9/renfort (");
        assert!(!c.stdout.contains("s3cret-pw"), "{}", c.stdout);
    }
    let _ = std::fs::remove_file(missing);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_public_url_is_reported() {
    let mut d = Deployment::good(&databases().remove(0)).await;
    // Unusable as a base URL: the webhooks are not compared with it.
    for (url, says) in [
        (
            "renfort.example.org",
            "RENFORT_PUBLIC_URL is not an absolute URL",
        ),
        (
            "https://renfort.example.org/sms/twilio",
            "RENFORT_PUBLIC_URL ends with /sms/twilio: give the base URL only (https://renfort.example.org)",
        ),
        (
            "https://renfort.example.org/?x=1",
            "has a ?query or #fragment",
        ),
    ] {
        d.set("RENFORT_PUBLIC_URL", Some(url));
        let c = d.check().await;
        c.failed("public URL", says);
        assert!(
            c.line("Twilio number").starts_with(
                "skipped Twilio number: …90 belongs to the account; its SMS webhook (POST https://renfort.example.org/sms/twilio) is compared once RENFORT_PUBLIC_URL is fixed"
            ),
            "{}",
            c.stdout
        );
        assert!(
            c.line("Telegram updates").starts_with("skipped "),
            "{}",
            c.stdout
        );
    }
    // Well formed, but not what Twilio and Telegram can call.
    let cases = [
        (
            "http://renfort.example.org",
            "http://renfort.example.org is not https: Twilio and Telegram call it over the Internet",
        ),
        (
            "https://127.0.0.1:8080",
            "https://127.0.0.1:8080 is a local address Twilio and Telegram cannot reach",
        ),
        (
            "https://renfort.example.org:9443",
            "uses port 9443: Telegram webhooks go to ports 443, 80, 88 or 8443 only",
        ),
    ];
    for (url, says) in cases {
        d.set("RENFORT_PUBLIC_URL", Some(url));
        d.check().await.failed("public URL", says);
    }
    // Unset: the default (the listen address) cannot be what Twilio calls.
    d.set("RENFORT_PUBLIC_URL", None);
    d.check()
        .await
        .failed("public URL", "http://127.0.0.1:8080 is not https");
}

/// Probe: a blank `RENFORT_METRICS_TOKEN` left `/metrics` open without a word. `check` fails
/// on it; `serve` treats it as unset (an env file's empty line) and says so in its log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blank_metrics_token_fails_check_and_is_warned_by_serve() {
    let db = databases().remove(0);
    let mut d = Deployment::good(&db).await;
    let c = d.check().await;
    assert!(c.success, "{}", c.stdout);
    assert!(!c.stdout.contains("metrics token"), "absent: no line");
    for blank in ["", "   ", "\t"] {
        d.set("RENFORT_METRICS_TOKEN", Some(blank));
        d.check()
            .await
            .failed("metrics token", "RENFORT_METRICS_TOKEN is set but blank");
    }
    d.set("RENFORT_METRICS_TOKEN", Some("metrics-s3cret"));
    let c = d.check().await;
    assert!(c.success, "{}", c.stdout);
    assert!(c.line("metrics token").starts_with("ok "), "{}", c.stdout);
    assert!(!c.stdout.contains("metrics-s3cret"));

    let log = std::env::temp_dir().join(format!("{}.log", unique("renfort-metrics")));
    let server = Server::start_logged(
        &db,
        &[("RENFORT_METRICS_TOKEN", " ".to_string())],
        None,
        Some(&log),
    )
    .await;
    let status = reqwest::get(format!("{}/metrics", server.base))
        .await
        .unwrap()
        .status();
    assert_eq!(status, 200, "treated as unset: open");
    drop(server);
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged.contains("RENFORT_METRICS_TOKEN is set but blank: treated as unset"),
        "{logged}"
    );
}
