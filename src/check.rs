//! `renfort check`: the configuration checked against the real services before a volunteer
//! writes. One line per check, `ok`, `FAILED` (with what to fix) or `off` (a service not
//! configured); exit code 0 only when nothing failed. Nothing printed holds a token, a
//! password or a full phone number.

use std::time::Duration;

use anyhow::Result;
use renfort_core::domain::redact_address;
use renfort_core::store::migrations::{self, MigrationStatus};
use renfort_sms::twilio::{Refused, TwilioApi};
use teloxide::prelude::Requester;

use crate::config::Settings;

/// Each service gets this long to answer.
const TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Status {
    Ok,
    Failed,
    /// Not configured, which is allowed (SMS to the log gateway, no bot).
    Off,
    /// Not checked because a check it depends on failed (so never alone).
    Skipped,
}

pub struct Line {
    pub status: Status,
    pub what: &'static str,
    pub says: String,
}

fn ok(what: &'static str, says: impl Into<String>) -> Line {
    Line {
        status: Status::Ok,
        what,
        says: says.into(),
    }
}

fn failed(what: &'static str, says: impl Into<String>) -> Line {
    Line {
        status: Status::Failed,
        what,
        says: says.into(),
    }
}

fn skipped(what: &'static str, says: impl Into<String>) -> Line {
    Line {
        status: Status::Skipped,
        what,
        says: says.into(),
    }
}

fn off(what: &'static str, says: impl Into<String>) -> Line {
    Line {
        status: Status::Off,
        what,
        says: says.into(),
    }
}

pub async fn run() -> Result<()> {
    let settings = Settings::from_env();
    let mut lines = vec![
        public_url(&settings),
        database(&settings.database_url).await,
    ];
    lines.extend(twilio(&settings).await);
    lines.extend(telegram(&settings).await);
    for line in &lines {
        let status = match line.status {
            Status::Ok => "ok",
            Status::Failed => "FAILED",
            Status::Off => "off",
            Status::Skipped => "skipped",
        };
        println!("{status:<8}{}: {}", line.what, line.says);
    }
    let failures = lines.iter().filter(|l| l.status == Status::Failed).count();
    if failures > 0 {
        anyhow::bail!("{failures} of {} checks failed", lines.len());
    }
    Ok(())
}

/// Who calls `RENFORT_PUBLIC_URL` from outside: Twilio (inbound SMS) when it is configured,
/// Telegram in webhook mode.
fn callers(s: &Settings) -> Vec<&'static str> {
    let mut who = Vec::new();
    if s.twilio_auth_token.is_some() {
        who.push("Twilio");
    }
    if s.telegram_token.is_some() && s.telegram_webhook {
        who.push("Telegram");
    }
    who
}

fn is_local(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback() || ip.is_private() || ip.is_unspecified(),
        url::Host::Ipv6(ip) => ip.is_loopback() || ip.is_unspecified(),
    }
}

/// `RENFORT_PUBLIC_URL` as a base URL Renfort can append its paths to: absolute http(s), a
/// host, no credentials, query, fragment or path of Renfort's own; or why not.
fn base_url(raw: &str) -> Result<url::Url, String> {
    let url = match url::Url::parse(raw) {
        Ok(u) => u,
        Err(e) => {
            return Err(format!(
                "RENFORT_PUBLIC_URL is not an absolute URL ({e}): write it as https://host, the address Twilio and Telegram reach"
            ));
        }
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "RENFORT_PUBLIC_URL starts with {}: it must be an https:// URL",
            url.scheme()
        ));
    }
    if url.host().is_none() {
        return Err("RENFORT_PUBLIC_URL has no host name".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "RENFORT_PUBLIC_URL holds a user name or password: remove them (user:password@)".into(),
        );
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("RENFORT_PUBLIC_URL has a ?query or #fragment: give the base URL only, Renfort appends /sms/twilio and /telegram/webhook to it".into());
    }
    let path = url.path().trim_end_matches('/');
    for own in [
        renfort_sms::webhook::PATH,
        renfort_bot::webhook::PATH,
        "/healthz",
    ] {
        if path.ends_with(own) {
            return Err(format!(
                "RENFORT_PUBLIC_URL ends with {own}: give the base URL only ({}), Renfort appends {own} itself",
                raw.trim_end_matches('/').strip_suffix(own).unwrap_or(raw)
            ));
        }
    }
    Ok(url)
}

/// `RENFORT_PUBLIC_URL`: a usable base URL ([`base_url`]), and https on a public host once
/// Twilio or Telegram call it. Whether it answers is not tried: `check` runs before `serve`
/// (Telegram's own record of failed deliveries is read in webhook mode, below).
pub fn public_url(s: &Settings) -> Line {
    const WHAT: &str = "public URL";
    let raw = s.public_url.as_str();
    let url = match base_url(raw) {
        Ok(url) => url,
        Err(why) => return failed(WHAT, why),
    };
    let Some(host) = url.host() else {
        return failed(WHAT, "RENFORT_PUBLIC_URL has no host name");
    };
    let path = url.path().trim_end_matches('/');
    let callers = callers(s);
    if callers.is_empty() {
        return ok(
            WHAT,
            format!("{raw} (not used: no SMS webhook, and Telegram is off or polls)"),
        );
    }
    let who = callers.join(" and ");
    if url.scheme() != "https" {
        return failed(
            WHAT,
            format!(
                "{raw} is not https: {who} call it over the Internet; put Renfort behind an https reverse proxy and give its https:// URL"
            ),
        );
    }
    if is_local(&host) {
        return failed(
            WHAT,
            format!(
                "{raw} is a local address {who} cannot reach: give the public https:// URL of this server"
            ),
        );
    }
    if callers.contains(&"Telegram") {
        // Telegram delivers webhooks to these ports only.
        let port = url.port_or_known_default().unwrap_or(443);
        if ![443, 80, 88, 8443].contains(&port) {
            return failed(
                WHAT,
                format!(
                    "{raw} uses port {port}: Telegram webhooks go to ports 443, 80, 88 or 8443 only"
                ),
            );
        }
    }
    let prefix = if path.is_empty() {
        String::new()
    } else {
        format!("; your proxy must strip the path {path} before passing requests on")
    };
    ok(WHAT, format!("{raw}, called by {who}{prefix}"))
}

/// `DATABASE_URL` without its user name and password: `SQLite <file>` or
/// `PostgreSQL host:port/name`.
fn database_label(url: &str) -> String {
    if let Some(path) = sqlite_path(url) {
        return format!("SQLite {path}");
    }
    match url::Url::parse(url) {
        Ok(u) => format!(
            "PostgreSQL {}:{}{}",
            u.host_str().unwrap_or("localhost"),
            u.port().unwrap_or(5432),
            u.path()
        ),
        Err(_) => "the database".into(),
    }
}

/// The file of an SQLite URL (`sqlite://renfort.db`, `sqlite:///var/lib/x.db?mode=rwc`).
fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    Some(rest.split('?').next().unwrap_or(rest))
}

fn versions(v: &[i64]) -> String {
    v.iter()
        .map(|n| format!("{n:04}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reachable, and migrated exactly as far as this binary: all its migrations applied, none
/// it does not know. Read-only: an SQLite file is not created.
pub async fn database(url: &str) -> Line {
    const WHAT: &str = "database";
    let label = database_label(url);
    if let Some(path) = sqlite_path(url)
        && !path.contains(":memory:")
        && !std::path::Path::new(path).exists()
    {
        return failed(
            WHAT,
            format!(
                "{label} does not exist: run `renfort migrate` to create it (as the user renfort runs as)"
            ),
        );
    }
    let status = match migrations::status(url, TIMEOUT).await {
        Ok(s) => s,
        Err(e) => {
            let hint = if url.starts_with("postgres") {
                "check DATABASE_URL (host, port, user, password, database) and that the server runs"
            } else {
                "check DATABASE_URL and the file's permissions"
            };
            return failed(
                WHAT,
                format!("cannot open {label} ({}): {hint}", redact_db_error(&e)),
            );
        }
    };
    migration_line(&label, &status)
}

/// A database error without the URL's password, should a driver ever quote it.
fn redact_db_error(e: &renfort_core::store::StoreError) -> String {
    let text = e.to_string();
    match std::env::var("DATABASE_URL")
        .ok()
        .and_then(|u| url::Url::parse(&u).ok())
        .and_then(|u| u.password().map(str::to_string))
    {
        Some(password) if !password.is_empty() => text.replace(&password, "***"),
        _ => text,
    }
}

fn migration_line(label: &str, s: &MigrationStatus) -> Line {
    const WHAT: &str = "database";
    if s.up_to_date() {
        return ok(
            WHAT,
            format!("{label} reachable, all {} migrations applied", s.known),
        );
    }
    if let Some(v) = s.dirty {
        return failed(
            WHAT,
            format!(
                "{label}: migration {v:04} failed half-way; repair it by hand (table _sqlx_migrations), then run `renfort migrate`"
            ),
        );
    }
    if !s.unknown.is_empty() {
        return failed(
            WHAT,
            format!(
                "{label} has migration(s) {} that this binary does not know: a newer Renfort migrated it; run that version (going back is not supported)",
                versions(&s.unknown)
            ),
        );
    }
    if !s.changed.is_empty() {
        return failed(
            WHAT,
            format!(
                "{label}: migration(s) {} were applied with another text than this binary's: it was migrated by a different build; use that build",
                versions(&s.changed)
            ),
        );
    }
    if s.applied == 0 {
        return failed(
            WHAT,
            format!(
                "{label} has no Renfort tables (none of {} migrations applied): run `renfort migrate`",
                s.known
            ),
        );
    }
    failed(
        WHAT,
        format!(
            "{label} lacks {} of {} migrations ({}): run `renfort migrate` before starting this version",
            s.missing.len(),
            s.known,
            versions(&s.missing)
        ),
    )
}

/// `AC…1a2b`: enough to tell accounts apart.
fn redact_sid(sid: &str) -> String {
    let n = sid.chars().count();
    if n <= 6 {
        return "AC…".into();
    }
    let head: String = sid.chars().take(2).collect();
    let tail: String = sid.chars().skip(n - 4).collect();
    format!("{head}…{tail}")
}

fn is_e164(phone: &str) -> bool {
    phone
        .strip_prefix('+')
        .is_some_and(|d| (7..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
        && !phone.starts_with("+0")
}

/// The URL Twilio should post a number's SMS to.
pub fn sms_webhook_url(s: &Settings) -> String {
    renfort_sms::signature::called_url(&s.public_url, renfort_sms::webhook::PATH)
}

/// Two URLs a caller treats as the same: scheme and host in any case, the default port
/// written or not.
fn same_url(a: &str, b: &str) -> bool {
    match (url::Url::parse(a), url::Url::parse(b)) {
        (Ok(a), Ok(b)) => {
            let path = |u: &url::Url| u.path().trim_end_matches('/').to_string();
            a.scheme() == b.scheme()
                && a.host_str() == b.host_str()
                && a.port_or_known_default() == b.port_or_known_default()
                && path(&a) == path(&b)
                && a.query() == b.query()
        }
        _ => a == b,
    }
}

/// A URL as printed: without any user name or password in it.
fn shown_url(u: &str) -> String {
    match url::Url::parse(u) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        _ => u.to_string(),
    }
}

const ACCOUNT: &str = "Twilio account";
const NUMBER: &str = "Twilio number";
const BOT: &str = "Telegram bot";
const UPDATES: &str = "Telegram updates";

/// Twilio's lines: the account, then the number unless the account failed.
async fn twilio(s: &Settings) -> Vec<Line> {
    let mut lines = twilio_checks(s).await;
    if let [only] = lines.as_slice()
        && only.what == ACCOUNT
        && only.status == Status::Failed
    {
        lines.push(skipped(
            NUMBER,
            "not checked until Twilio accepts the account (above)",
        ));
    }
    lines
}

async fn twilio_checks(s: &Settings) -> Vec<Line> {
    let (sid, token, from) = match (&s.twilio_account_sid, &s.twilio_auth_token, &s.twilio_from) {
        (None, None, None) => {
            return vec![off(
                "SMS",
                "not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM unset): SMS go to the log gateway and are not sent",
            )];
        }
        (Some(sid), Some(token), Some(from)) => (sid, token, from),
        (sid, token, from) => {
            let missing: Vec<&str> = [
                ("TWILIO_ACCOUNT_SID", sid.is_none()),
                ("TWILIO_AUTH_TOKEN", token.is_none()),
                ("TWILIO_FROM", from.is_none()),
            ]
            .into_iter()
            .filter_map(|(name, absent)| absent.then_some(name))
            .collect();
            return vec![failed(
                "SMS",
                format!(
                    "{} not set: set all three Twilio settings to send SMS, or none to use the log gateway",
                    missing.join(" and ")
                ),
            )];
        }
    };
    if !sid.starts_with("AC") {
        return vec![failed(
            ACCOUNT,
            "TWILIO_ACCOUNT_SID must be the account SID, starting with AC (Twilio console, Account info)",
        )];
    }
    let shown_sid = redact_sid(sid);
    let api = match TwilioApi::new(sid, token, from, TIMEOUT) {
        Ok(api) => api,
        Err(e) => return vec![failed(ACCOUNT, format!("Twilio client: {e}"))],
    };
    let mut lines = Vec::new();
    match api.account().await {
        Ok(account) if account.status == "active" => {
            let trial = if account.kind.eq_ignore_ascii_case("trial") {
                "; trial account: SMS reach verified numbers only"
            } else {
                ""
            };
            lines.push(ok(
                ACCOUNT,
                format!(
                    "{shown_sid} accepted the credentials ({:?}, {}){trial}",
                    account.friendly_name, account.status
                ),
            ));
        }
        Ok(account) => {
            return vec![failed(
                ACCOUNT,
                format!(
                    "{shown_sid} is {}: Twilio sends nothing for it; reactivate it in the Twilio console",
                    account.status
                ),
            )];
        }
        Err(Refused::Status { status: 401, code }) => {
            return vec![failed(
                ACCOUNT,
                format!(
                    "Twilio refused the credentials (HTTP 401{}): check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN against the Twilio console",
                    code.map(|c| format!(", error {c}")).unwrap_or_default()
                ),
            )];
        }
        Err(Refused::Status { status: 404, .. }) => {
            return vec![failed(
                ACCOUNT,
                format!("Twilio knows no account {shown_sid}: check TWILIO_ACCOUNT_SID"),
            )];
        }
        Err(Refused::Status { status, code }) => {
            return vec![failed(
                ACCOUNT,
                format!(
                    "Twilio answered HTTP {status}{} for the account: try again later, or see status.twilio.com",
                    code.map(|c| format!(" (error {c})")).unwrap_or_default()
                ),
            )];
        }
        Err(Refused::Network(why)) => {
            return vec![failed(
                ACCOUNT,
                format!(
                    "api.twilio.com could not be reached ({why}): check this server's DNS, outgoing HTTPS and CA certificates"
                ),
            )];
        }
    }
    let shown_from = redact_address(from);
    if !is_e164(from) {
        lines.push(failed(
            NUMBER,
            format!(
                "TWILIO_FROM ({shown_from}) is not a phone number in international form (+33…): volunteers could not answer it"
            ),
        ));
        return lines;
    }
    let expected = sms_webhook_url(s);
    lines.push(match api.incoming_number(from).await {
        Ok(None) => failed(
            NUMBER,
            format!(
                "the account {shown_sid} does not own TWILIO_FROM (number ending {shown_from}): fix TWILIO_FROM, or buy or port the number into this account"
            ),
        ),
        Ok(Some(n)) if n.sms_application_sid.as_deref().is_some_and(|a| !a.is_empty()) => failed(
            NUMBER,
            format!(
                "SMS to {shown_from} go to a TwiML app, not to Renfort: set the number's \"A message comes in\" webhook to {expected} (HTTP POST)"
            ),
        ),
        Ok(Some(n)) => {
            let url = n.sms_url.clone().unwrap_or_default();
            let method = n.sms_method.clone().unwrap_or_else(|| "POST".into());
            if base_url(&s.public_url).is_err() {
                skipped(
                    NUMBER,
                    format!(
                        "{shown_from} belongs to the account; its SMS webhook ({method} {}) is compared once RENFORT_PUBLIC_URL is fixed (above)",
                        shown_url(&url)
                    ),
                )
            } else if url.trim().is_empty() {
                failed(
                    NUMBER,
                    format!(
                        "{shown_from} has no SMS webhook: set its \"A message comes in\" webhook to {expected} (HTTP POST)"
                    ),
                )
            } else if !same_url(&url, &expected) {
                failed(
                    NUMBER,
                    format!(
                        "Twilio posts SMS to {shown_from} to {}, not to {expected}: set the number's \"A message comes in\" webhook to {expected} (HTTP POST)",
                        shown_url(&url)
                    ),
                )
            } else if !method.eq_ignore_ascii_case("POST") {
                failed(
                    NUMBER,
                    format!(
                        "the SMS webhook of {shown_from} uses HTTP {method}: set it to HTTP POST (Renfort answers POST only)"
                    ),
                )
            } else {
                ok(
                    NUMBER,
                    format!("{shown_from} belongs to the account; its SMS go to POST {expected}"),
                )
            }
        }
        Err(Refused::Status { status, code }) => failed(
            NUMBER,
            format!(
                "Twilio answered HTTP {status}{} when asked for the number: try again later",
                code.map(|c| format!(" (error {c})")).unwrap_or_default()
            ),
        ),
        Err(Refused::Network(why)) => failed(
            NUMBER,
            format!("api.twilio.com could not be reached ({why}): try again"),
        ),
    });
    lines
}

/// The URL Telegram should deliver updates to in webhook mode.
pub fn telegram_webhook_url(s: &Settings) -> String {
    format!(
        "{}{}",
        s.public_url.trim_end_matches('/'),
        renfort_bot::webhook::PATH
    )
}

/// Telegram's lines: the bot, then its updates unless the bot failed.
async fn telegram(s: &Settings) -> Vec<Line> {
    let mut lines = telegram_checks(s).await;
    if let [only] = lines.as_slice()
        && only.what == BOT
        && only.status == Status::Failed
    {
        lines.push(skipped(
            UPDATES,
            "not checked until Telegram accepts the bot (above)",
        ));
    }
    lines
}

async fn telegram_checks(s: &Settings) -> Vec<Line> {
    let bot = match s.telegram_bot() {
        Ok(Some(bot)) => bot,
        Ok(None) => {
            return vec![off(
                "Telegram",
                "not configured (TELEGRAM_BOT_TOKEN unset): the bot is off",
            )];
        }
        Err(e) => return vec![failed(BOT, format!("{e:#}: fix TELEGRAM_API_URL"))],
    };
    let mut lines = Vec::new();
    let me = match tokio::time::timeout(TIMEOUT, bot.get_me()).await {
        Err(_) => {
            return vec![failed(
                BOT,
                format!(
                    "the Bot API did not answer getMe within {} s: check this server's outgoing HTTPS",
                    TIMEOUT.as_secs()
                ),
            )];
        }
        Ok(Err(teloxide::RequestError::Api(teloxide::ApiError::InvalidToken))) => {
            return vec![failed(
                BOT,
                "Telegram refused the bot token (getMe: invalid token): check TELEGRAM_BOT_TOKEN (from @BotFather)",
            )];
        }
        Ok(Err(e)) => {
            return vec![failed(
                BOT,
                format!(
                    "getMe failed ({}): check this server's outgoing HTTPS and TELEGRAM_API_URL",
                    renfort_bot::describe(&e)
                ),
            )];
        }
        Ok(Ok(me)) => me,
    };
    let username = me.username.clone().unwrap_or_default();
    match std::env::var("TELEGRAM_BOT_USERNAME")
        .ok()
        .map(|u| u.trim().trim_start_matches('@').to_string())
        .filter(|u| !u.is_empty())
    {
        Some(configured) if !configured.eq_ignore_ascii_case(&username) => {
            lines.push(failed(
                BOT,
                format!(
                    "the token is @{username}'s but TELEGRAM_BOT_USERNAME is @{configured}: invitation links would open the wrong bot; set TELEGRAM_BOT_USERNAME={username}"
                ),
            ));
        }
        _ => lines.push(ok(BOT, format!("@{username} answers getMe"))),
    }
    let info = match tokio::time::timeout(TIMEOUT, bot.get_webhook_info()).await {
        Err(_) => {
            lines.push(failed(
                UPDATES,
                "the Bot API did not answer getWebhookInfo in time: try again",
            ));
            return lines;
        }
        Ok(Err(e)) => {
            lines.push(failed(
                UPDATES,
                format!(
                    "getWebhookInfo failed ({}): try again",
                    renfort_bot::describe(&e)
                ),
            ));
            return lines;
        }
        Ok(Ok(info)) => info,
    };
    let current = info.url.as_ref().map(|u| u.to_string());
    if !s.telegram_webhook {
        lines.push(ok(
            UPDATES,
            match current {
                None => "long polling (TELEGRAM_MODE=polling); no webhook is set".to_string(),
                Some(url) => format!(
                    "long polling (TELEGRAM_MODE=polling); the webhook set to {} will be deleted by `renfort serve` when it starts (any other deployment using this bot stops getting updates)",
                    shown_url(&url)
                ),
            },
        ));
        return lines;
    }
    if !s
        .telegram_webhook_secret
        .as_deref()
        .is_some_and(crate::serve::valid_secret)
    {
        lines.push(failed(
            UPDATES,
            "TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET: 1-256 of A-Z a-z 0-9 _ - (serve refuses to start without it)",
        ));
        return lines;
    }
    if base_url(&s.public_url).is_err() {
        lines.push(skipped(
            UPDATES,
            match &current {
                Some(url) => format!(
                    "Telegram delivers to {}; compared once RENFORT_PUBLIC_URL is fixed (above)",
                    shown_url(url)
                ),
                None => "no webhook is registered with Telegram; `renfort serve` registers one once RENFORT_PUBLIC_URL is fixed (above)".into(),
            },
        ));
        return lines;
    }
    let expected = telegram_webhook_url(s);
    lines.push(match current {
        None => failed(
            UPDATES,
            format!(
                "TELEGRAM_MODE=webhook but no webhook is registered with Telegram: `renfort serve` registers {expected} when it starts; run check again once it runs"
            ),
        ),
        Some(url) if !same_url(&url, &expected) => failed(
            UPDATES,
            format!(
                "Telegram delivers this bot's updates to {}, not {expected}: another deployment uses this bot token, or RENFORT_PUBLIC_URL changed; `renfort serve` registers {expected} when it starts",
                shown_url(&url)
            ),
        ),
        Some(_) => {
            // Telegram's own record of its last failed delivery: the one reachability test
            // that says what Telegram sees.
            let recent = info
                .last_error_date
                .is_some_and(|at| crate::now() - at.timestamp() < 3600);
            match info.last_error_message {
                Some(error) if recent => failed(
                    UPDATES,
                    format!(
                        "Telegram could not deliver to {expected} within the last hour ({}; {} update(s) waiting): check that this URL reaches `renfort serve` through your proxy",
                        renfort_core::redact::mask_phones(&error),
                        info.pending_update_count
                    ),
                ),
                _ => ok(
                    UPDATES,
                    format!(
                        "webhook {expected}, as TELEGRAM_MODE=webhook expects ({} update(s) waiting)",
                        info.pending_update_count
                    ),
                ),
            }
        }
    });
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_compare_as_callers_see_them() {
        assert!(same_url(
            "https://Renfort.example.org:443/sms/twilio",
            "https://renfort.example.org/sms/twilio"
        ));
        assert!(!same_url(
            "https://renfort.example.org/sms/twilio",
            "https://other.example.org/sms/twilio"
        ));
        assert!(!same_url(
            "http://renfort.example.org/sms/twilio",
            "https://renfort.example.org/sms/twilio"
        ));
    }

    #[test]
    fn nothing_secret_is_shown() {
        assert_eq!(redact_sid("AC0123456789abcdef0123456789abcdef"), "AC…cdef");
        assert_eq!(
            shown_url("https://user:secret@renfort.example.org/sms/twilio"),
            "https://renfort.example.org/sms/twilio"
        );
        assert_eq!(
            database_label("postgres://renfort:secret@db.internal:5433/renfort"),
            "PostgreSQL db.internal:5433/renfort"
        );
        assert_eq!(
            database_label("sqlite:///var/lib/renfort/renfort.db?mode=rwc"),
            "SQLite /var/lib/renfort/renfort.db"
        );
    }

    #[test]
    fn phone_numbers_in_international_form() {
        assert!(is_e164("+33639980001"));
        assert!(!is_e164("0639980001"));
        assert!(!is_e164("Renfort"));
        assert!(!is_e164("+33 6 39"));
    }
}
