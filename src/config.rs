//! Settings from the environment (PRODUCT.md §7).

use renfort_core::retry::Delivery;
use renfort_core::service::Config as CoreConfig;
use renfort_sms::twilio::ApiUrl;

pub struct Settings {
    pub database_url: String,
    pub core: CoreConfig,
    pub listen: String,
    /// The base URL Twilio and Telegram call; signatures are computed over it.
    pub public_url: String,
    /// `RENFORT_PUBLIC_URL` was given (not the default): Twilio can reach Renfort, so sends
    /// ask it for delivery reports.
    pub public_url_set: bool,
    pub twilio_account_sid: Option<String>,
    pub twilio_auth_token: Option<String>,
    pub twilio_from: Option<String>,
    /// `RENFORT_TWILIO_API_URL` as set (Twilio's own when unset): read by
    /// [`Settings::twilio_api`].
    pub twilio_api_url: Option<String>,
    /// `RENFORT_SMS_RATE` (default 10): SMS segments per second at most, per sender.
    pub twilio_rate: u32,
    pub telegram_token: Option<String>,
    pub telegram_api_url: Option<String>,
    /// `TELEGRAM_MODE=webhook` (default: long polling).
    pub telegram_webhook: bool,
    pub telegram_webhook_secret: Option<String>,
    /// `RENFORT_METRICS_TOKEN`: when set, `GET /metrics` needs `Authorization: Bearer <it>`.
    pub metrics_token: Option<String>,
    /// `RENFORT_METRICS_TOKEN` is in the environment but blank (`RENFORT_METRICS_TOKEN=` in
    /// an env file): treated as unset, so `/metrics` is open; `serve` warns, `check` fails.
    pub metrics_token_blank: bool,
    /// Senders' pacing: sends in flight, timeout, retry ceiling, when unknown outcomes are
    /// checked.
    pub delivery: Delivery,
    /// `RENFORT_REQUEST_TIMEOUT` (seconds, default 30): an HTTP request not answered by then,
    /// body included, gets a 503.
    pub request_timeout: std::time::Duration,
    /// `RENFORT_HEADER_TIMEOUT` (seconds, default 10): a connection whose request headers are
    /// not complete by then is closed.
    pub header_timeout: std::time::Duration,
    /// `RENFORT_MAX_CONNECTIONS` (default 1024, or 3/4 of the file limit when lower): HTTP
    /// connections open at once; past it new ones are closed at once.
    pub max_connections: usize,
    /// `RENFORT_HEALTH_MAX_DUE_AGE` (seconds, default 300): `/healthz` calls a sender stuck
    /// when a message has waited past its due time this long and it started nothing lately.
    pub health_max_due_age: i64,
    /// `RENFORT_INBOUND_SPOOL`: the file where SMS wait while the database is away (default:
    /// `inbound.spool` beside the SQLite file, or in the working directory on PostgreSQL);
    /// `off`: none, the webhook answers 503 instead.
    pub inbound_spool: Option<std::path::PathBuf>,
    /// `RENFORT_INBOUND_DB_WAIT` (seconds, default 5): how long an SMS waits for the database
    /// before it is spooled.
    pub inbound_db_wait: std::time::Duration,
}

/// `RENFORT_SMS_PRICE`: the price of one SMS segment (a decimal, point or comma), none by
/// default; a value that is not a positive number is ignored with a warning.
fn sms_price() -> Option<f64> {
    let raw = env("RENFORT_SMS_PRICE")?;
    match raw.trim().replace(',', ".").parse::<f64>() {
        Ok(p) if p.is_finite() && p >= 0.0 => Some(p),
        _ => {
            tracing::warn!("RENFORT_SMS_PRICE is not a price per segment (e.g. 0.0725): ignored");
            None
        }
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Settings {
    pub fn from_env() -> Settings {
        let defaults = CoreConfig::default();
        let listen = env("RENFORT_LISTEN").unwrap_or_else(|| "127.0.0.1:8080".into());
        Settings {
            public_url: env("RENFORT_PUBLIC_URL").unwrap_or_else(|| format!("http://{listen}")),
            public_url_set: env("RENFORT_PUBLIC_URL").is_some(),
            listen,
            twilio_account_sid: env("TWILIO_ACCOUNT_SID"),
            twilio_auth_token: env("TWILIO_AUTH_TOKEN"),
            twilio_from: env("TWILIO_FROM"),
            twilio_api_url: env("RENFORT_TWILIO_API_URL"),
            twilio_rate: env("RENFORT_SMS_RATE")
                .and_then(|r| r.parse().ok())
                .unwrap_or(10),
            telegram_token: env("TELEGRAM_BOT_TOKEN"),
            telegram_api_url: env("TELEGRAM_API_URL"),
            telegram_webhook: env("TELEGRAM_MODE")
                .is_some_and(|m| m.eq_ignore_ascii_case("webhook")),
            telegram_webhook_secret: env("TELEGRAM_WEBHOOK_SECRET"),
            metrics_token: env("RENFORT_METRICS_TOKEN"),
            metrics_token_blank: std::env::var_os("RENFORT_METRICS_TOKEN")
                .is_some_and(|v| v.to_string_lossy().trim().is_empty()),
            delivery: delivery(),
            request_timeout: std::time::Duration::from_secs(
                number("RENFORT_REQUEST_TIMEOUT").unwrap_or(30),
            ),
            header_timeout: std::time::Duration::from_secs(
                number("RENFORT_HEADER_TIMEOUT").unwrap_or(10).max(1),
            ),
            max_connections: number("RENFORT_MAX_CONNECTIONS")
                .unwrap_or_else(default_max_connections)
                .max(1),
            health_max_due_age: number("RENFORT_HEALTH_MAX_DUE_AGE").unwrap_or(300),
            inbound_spool: inbound_spool(),
            inbound_db_wait: std::time::Duration::from_secs(
                number("RENFORT_INBOUND_DB_WAIT").unwrap_or(5),
            ),
            database_url: env("DATABASE_URL").unwrap_or_else(|| "sqlite://renfort.db".into()),
            core: CoreConfig {
                terms_version: env("RENFORT_TERMS_VERSION").unwrap_or(defaults.terms_version),
                terms_url: env("RENFORT_TERMS_URL").unwrap_or(defaults.terms_url),
                home_departement: env("RENFORT_DEPARTEMENT").or(Some("62".into())),
                sms_price: sms_price(),
                flood: renfort_core::service::FloodLimit {
                    max_messages: number("RENFORT_FLOOD_MAX")
                        .unwrap_or(defaults.flood.max_messages),
                    window: number("RENFORT_FLOOD_WINDOW").unwrap_or(defaults.flood.window),
                    ..defaults.flood
                },
                // Outside quiet hours (20:00-09:00) whatever is asked.
                digest_hour: match env("RENFORT_DIGEST_HOUR") {
                    Some(off) if off.eq_ignore_ascii_case("off") => None,
                    Some(h) => h.parse::<u32>().ok().map(|h| h.clamp(9, 19)),
                    None => defaults.digest_hour,
                },
                // `serve` sets it: only a running server has a console to link to.
                console_url: None,
                // At least a second; at most a day (a refusal's notice waits that long).
                undo_window: number("RENFORT_UNDO_WINDOW")
                    .map(|s: u64| (s as i64).clamp(1, 86_400))
                    .unwrap_or(defaults.undo_window),
            },
        }
    }
}

impl Settings {
    /// Where Twilio's REST API is: `RENFORT_TWILIO_API_URL`, else Twilio's own; an error
    /// that names the setting when it is not an absolute http(s) URL.
    pub fn twilio_api(&self) -> Result<ApiUrl, String> {
        self.twilio_api_url
            .as_deref()
            .map_or_else(|| Ok(ApiUrl::default()), ApiUrl::parse)
    }

    /// The Telegram bot of `TELEGRAM_BOT_TOKEN` (`None` without it), at `TELEGRAM_API_URL`
    /// when that is set.
    pub fn telegram_bot(&self) -> anyhow::Result<Option<teloxide::Bot>> {
        let Some(token) = &self.telegram_token else {
            return Ok(None);
        };
        let mut bot = teloxide::Bot::new(token);
        if let Some(url) = &self.telegram_api_url {
            // A trailing slash would double the one teloxide adds before "bot<token>".
            let url = url.trim_end_matches('/');
            bot = bot.set_api_url(anyhow::Context::context(url.parse(), "TELEGRAM_API_URL")?);
        }
        Ok(Some(bot))
    }

    /// The URL Telegram should deliver updates to in webhook mode.
    pub fn telegram_webhook_url(&self) -> String {
        format!(
            "{}{}",
            self.public_url.trim_end_matches('/'),
            renfort_bot::webhook::PATH
        )
    }

    /// Where Twilio posts delivery reports, asked for on every SMS: only with a public URL
    /// (Twilio cannot call the default loopback address).
    pub fn status_callback_url(&self) -> Option<String> {
        self.public_url_set.then(|| {
            format!(
                "{}{}",
                self.public_url.trim_end_matches('/'),
                renfort_sms::receipts::PATH
            )
        })
    }
}

/// 1024 connections, or three quarters of the process's file limit when that is lower, so
/// that a crowd of connections never takes the descriptors the database, the providers and
/// the logs need (a container's limit may be 256).
fn default_max_connections() -> usize {
    let soft_limit = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|limits| {
            let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
            line.split_whitespace().nth(3)?.parse::<usize>().ok()
        });
    match soft_limit {
        Some(limit) => (limit * 3 / 4).clamp(1, 1024),
        None => 1024,
    }
}

/// Refuses a `RENFORT_PUBLIC_URL` that holds a user name or password: it is logged at start
/// and shown by `renfort check`, and no caller (Twilio, Telegram) needs one. The error does
/// not repeat the URL.
pub fn public_url_without_credentials(raw: &str) -> Result<(), String> {
    match url::Url::parse(raw) {
        Ok(u) if !u.username().is_empty() || u.password().is_some() => Err(
            "RENFORT_PUBLIC_URL holds a user name or password: remove them (user:password@)".into(),
        ),
        _ => Ok(()),
    }
}

/// Telegram accepts 1-256 characters of A-Z, a-z, 0-9, _ and - as a webhook secret.
pub fn valid_webhook_secret(s: &str) -> bool {
    (1..=256).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn number<T: std::str::FromStr>(name: &str) -> Option<T> {
    env(name).and_then(|v| v.trim().parse().ok())
}

/// `RENFORT_INBOUND_SPOOL`, or `inbound.spool` beside the SQLite file (the state directory
/// of the systemd unit), or in the working directory.
fn inbound_spool() -> Option<std::path::PathBuf> {
    match env("RENFORT_INBOUND_SPOOL") {
        Some(off) if off.eq_ignore_ascii_case("off") => None,
        Some(path) => Some(path.into()),
        None => {
            let db = env("DATABASE_URL").unwrap_or_else(|| "sqlite://renfort.db".into());
            let dir = db
                .strip_prefix("sqlite://")
                .or_else(|| db.strip_prefix("sqlite:"))
                .map(|f| f.split('?').next().unwrap_or(f))
                .and_then(|f| std::path::Path::new(f).parent().map(|p| p.to_path_buf()))
                .unwrap_or_default();
            Some(dir.join("inbound.spool"))
        }
    }
}

fn delivery() -> Delivery {
    let d = Delivery::default();
    Delivery {
        in_flight: number("RENFORT_SEND_IN_FLIGHT").unwrap_or(d.in_flight),
        timeout: number("RENFORT_SEND_TIMEOUT")
            .map(std::time::Duration::from_secs)
            .unwrap_or(d.timeout),
        max_delay: number("RENFORT_RETRY_MAX_DELAY").unwrap_or(d.max_delay),
        check_after: number("RENFORT_SMS_CHECK_AFTER").unwrap_or(d.check_after),
        reply_max_age: number("RENFORT_REPLY_MAX_AGE").unwrap_or(d.reply_max_age),
        alert_max_age: number("RENFORT_ALERT_MAX_AGE").unwrap_or(d.alert_max_age),
    }
}
