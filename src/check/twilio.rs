//! Twilio: the credentials (the Accounts resource), `TWILIO_FROM` owned by the account, and
//! that number's SMS webhook pointing at Renfort.

use renfort_core::domain::redact_address;
use renfort_sms::twilio::{Refused, TwilioApi};

use super::public_url::{base_url, same_url, shown_url};
use super::{Line, TIMEOUT, failed, next_skipped_if_first_failed, off, ok, skipped};
use crate::config::Settings;

const ACCOUNT: &str = "Twilio account";
const NUMBER: &str = "Twilio number";

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
fn sms_webhook_url(s: &Settings) -> String {
    renfort_sms::signature::called_url(&s.public_url, renfort_sms::webhook::PATH)
}

/// Twilio's lines: the account, then the number unless the account failed.
pub(super) async fn check(s: &Settings) -> Vec<Line> {
    next_skipped_if_first_failed(
        twilio_checks(s).await,
        ACCOUNT,
        NUMBER,
        "not checked until Twilio accepts the account (above)",
    )
}

async fn twilio_checks(s: &Settings) -> Vec<Line> {
    // `serve` refuses to start with it, credentials or not: so does `check`.
    let api_url = match s.twilio_api() {
        Ok(url) => url,
        Err(why) => return vec![failed("SMS", why)],
    };
    // Named only when it is not Twilio's own (a proxy, a test double): who answered matters.
    let (through, unreachable) = if api_url.is_default() {
        (String::new(), "api.twilio.com".to_string())
    } else {
        (
            format!(" at {api_url} (RENFORT_TWILIO_API_URL)"),
            format!("the Twilio API at {api_url} (RENFORT_TWILIO_API_URL)"),
        )
    };
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
    let api = match TwilioApi::new(sid, token, from, &api_url, TIMEOUT) {
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
                    "{shown_sid} accepted the credentials ({:?}, {}){through}{trial}",
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
                    "{unreachable} could not be reached ({why}): check this server's DNS, outgoing HTTPS and CA certificates"
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
            format!("{unreachable} could not be reached ({why}): try again"),
        ),
    });
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sid_is_shortened() {
        assert_eq!(redact_sid("AC0123456789abcdef0123456789abcdef"), "AC…cdef");
    }

    #[test]
    fn phone_numbers_in_international_form() {
        assert!(is_e164("+33639980001"));
        assert!(!is_e164("0639980001"));
        assert!(!is_e164("Renfort"));
        assert!(!is_e164("+33 6 39"));
    }
}
