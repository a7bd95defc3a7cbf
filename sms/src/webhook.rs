//! `POST /sms/twilio`: Twilio's inbound SMS webhook. Verifies the signature (403 otherwise),
//! records the message and runs the engine in one transaction (a replayed `MessageSid` gets the
//! same answer and changes nothing), answers an empty TwiML `<Response/>` and wakes the sender,
//! which sends the replies through the outbox.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, OriginalUri, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use renfort_core::domain::{Channel, redact_address};
use renfort_core::engine::Event;
use renfort_core::metrics::Metrics;
use renfort_core::service::{Handled, Renfort};
use renfort_core::text::{Kind, clean};
use tokio::sync::Notify;

use crate::signature;
use crate::spool::{Spool, Spooled};

pub const PATH: &str = "/sms/twilio";
/// Twilio's form posts are a few kilobytes; anything much larger is not Twilio.
pub const MAX_BODY: usize = 64 * 1024;
const EMPTY_TWIML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

pub struct SmsWebhook {
    pub app: Renfort,
    pub auth_token: String,
    /// The public base URL Twilio calls (`RENFORT_PUBLIC_URL`); the signed URL is this plus
    /// the request's path and query string ([`signature::called_url`]).
    pub public_url: String,
    pub wake: Arc<Notify>,
    pub metrics: Arc<Metrics>,
    /// Where a message goes when the database has not taken it within `db_wait`; `None`:
    /// the webhook waits for the database and answers 503 when it fails.
    pub spool: Option<Arc<Spool>>,
    /// `RENFORT_INBOUND_DB_WAIT`: how long a message waits for the database before it is
    /// spooled (well under Twilio's 15 s).
    pub db_wait: std::time::Duration,
    /// Renfort's own number (`TWILIO_FROM`), when known: what it sends is never taken for a
    /// person writing in.
    pub our_number: Option<String>,
}

pub fn routes(state: Arc<SmsWebhook>) -> Router {
    Router::new()
        .route(PATH, post(inbound))
        .route(crate::receipts::PATH, post(crate::receipts::status))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

/// Checks `X-Twilio-Signature` over the URL Twilio called and the form; the form's
/// parameters, or `None` for a forgery (answered with [`forbidden`]).
pub(crate) fn signed_params(
    s: &SmsWebhook,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    default_path: &str,
) -> Option<Vec<(String, String)>> {
    let params: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let signature = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let path_and_query = uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or(default_path);
    let url = signature::called_url(&s.public_url, path_and_query);
    if !signature::verify(&s.auth_token, &url, &params, signature) {
        Metrics::inc(&s.metrics.inbound_rejected);
        tracing::warn!(
            has_signature = !signature.is_empty(),
            path = default_path,
            "SMS webhook: bad signature"
        );
        return None;
    }
    Some(params)
}

pub(crate) fn forbidden() -> Response {
    (StatusCode::FORBIDDEN, "invalid signature").into_response()
}

/// A delivery report rather than a message: Twilio posts one to the number's SMS URL when the
/// status callback was set there by mistake. It carries `MessageStatus` and no `Body`, and
/// comes `From` Renfort's own number; taken for a message, it would register that number as
/// a volunteer and queue a reply to it.
pub fn is_status_callback(params: &[(String, String)], our_number: Option<&str>) -> bool {
    let has = |name: &str| params.iter().any(|(k, _)| k == name);
    let from_us = our_number.is_some_and(|ours| {
        params
            .iter()
            .any(|(k, v)| k == "From" && v.trim() == ours.trim())
    });
    (has("MessageStatus") && !has("Body")) || from_us
}

fn twiml() -> Response {
    (
        [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        EMPTY_TWIML,
    )
        .into_response()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// What the webhook takes from Twilio's form.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundSms {
    pub sid: String,
    pub from: String,
    pub event: Event,
}

/// Why a signed request carries no message Renfort can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unfit {
    /// No `MessageSid` (nor `SmsSid`), or not Twilio's shape (`SM`/`MM` and 32 hex digits).
    /// Twilio always sends one: it is also the replay key, so an empty or made-up one must
    /// not be recorded (an empty one would make every later empty one a "replay").
    MessageSid,
    /// No `From`.
    NoSender,
    /// A `From` that is not a phone number (`whatsapp:+33…`, an alphanumeric sender, a
    /// short code, several lines): nobody Renfort can answer by SMS, so not a volunteer.
    NotAPhone,
}

/// Twilio's message ids: `SM` (or `MM` for MMS) and 32 hexadecimal digits.
pub fn is_message_sid(sid: &str) -> bool {
    sid.len() == 34
        && (sid.starts_with("SM") || sid.starts_with("MM"))
        && sid[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A phone number as Twilio writes senders: `+`, then 8 to 15 digits, the first not 0
/// (E.164).
pub fn is_phone_number(from: &str) -> bool {
    let Some(digits) = from.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && !digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The message in Twilio's form parameters: `MessageSid` (or `SmsSid`), `From`, and the body
/// as text, or [`Event::Unsupported`] for a picture without text.
pub fn read_message(params: &[(String, String)]) -> Result<InboundSms, Unfit> {
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let sid = get("MessageSid")
        .or(get("SmsSid"))
        .filter(|s| is_message_sid(s))
        .ok_or(Unfit::MessageSid)?;
    let from = get("From").ok_or(Unfit::NoSender)?;
    if !is_phone_number(from) {
        return Err(Unfit::NotAPhone);
    }
    // The body as text, without what is not text (escapes, bidi controls, zero-width, NUL…):
    // the same text reaches SQLite and PostgreSQL, which refuses NUL in text.
    let text = clean(get("Body").unwrap_or(""), Kind::Lines);
    let media: u32 = get("NumMedia").and_then(|n| n.parse().ok()).unwrap_or(0);
    let event = if text.is_empty() && media > 0 {
        Event::Unsupported
    } else {
        Event::Text(text)
    };
    Ok(InboundSms {
        sid: sid.to_string(),
        from: from.to_string(),
        event,
    })
}

/// What the logs may say of a sender that is not a phone number: its shape, never itself.
fn sender_shape(from: &str) -> &'static str {
    if from.is_empty() {
        "empty"
    } else if from.contains(':') {
        "prefixed channel address"
    } else if from.contains(['\n', '\r']) {
        "several lines"
    } else if from.bytes().any(|b| b.is_ascii_alphabetic()) {
        "alphanumeric"
    } else {
        "not E.164"
    }
}

async fn inbound(
    State(s): State<Arc<SmsWebhook>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let started = std::time::Instant::now();
    let answer = handle_inbound(&s, &uri, &headers, &body).await;
    s.metrics.observe_webhook(Channel::Sms, started.elapsed());
    answer
}

async fn handle_inbound(s: &SmsWebhook, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Response {
    let Some(params) = signed_params(s, uri, headers, body, PATH) else {
        return forbidden();
    };
    if is_status_callback(&params, s.our_number.as_deref()) {
        // Answered so that Twilio does not retry, and nothing else: the number's status
        // callback belongs at /sms/twilio/status.
        tracing::warn!(
            "SMS webhook: a delivery report (or our own number) posted to {PATH}, ignored; \
             set the status callback to {}",
            crate::receipts::PATH
        );
        return twiml();
    }
    let InboundSms { sid, from, event } = match read_message(&params) {
        Ok(message) => message,
        // A sender Renfort cannot answer by SMS (Twilio does post WhatsApp and alphanumeric
        // senders to a number's webhook): 200 and an empty answer, as for any message
        // handled, so that Twilio neither reports an error nor calls the fallback URL; no
        // volunteer is created. The log says what it was, not who.
        Err(Unfit::NotAPhone) => {
            let from = params
                .iter()
                .find(|(k, _)| k == "From")
                .map_or("", |(_, v)| v.as_str());
            tracing::warn!(
                sender = sender_shape(from),
                chars = from.chars().count(),
                "SMS in: sender is not a phone number, ignored"
            );
            return twiml();
        }
        // Twilio always sends both: whoever signed this is not Twilio's messaging, and
        // should hear that it is wrong.
        Err(why @ (Unfit::MessageSid | Unfit::NoSender)) => {
            tracing::warn!(?why, "SMS in: malformed request");
            return (
                StatusCode::BAD_REQUEST,
                "MessageSid (SM + 32 hex digits) and From are required",
            )
                .into_response();
        }
    };
    let (sid, from) = (sid.as_str(), from.as_str());
    let chars = match &event {
        Event::Text(text) => text.chars().count(),
        _ => 0,
    };
    let received_at = now();
    let handled = match &s.spool {
        None => {
            s.app
                .handle_inbound(Channel::Sms, from, sid, event, received_at)
                .await
        }
        Some(spool) => {
            let step = s
                .app
                .handle_inbound(Channel::Sms, from, sid, event.clone(), received_at);
            match tokio::time::timeout(s.db_wait, step).await {
                Ok(Ok(handled)) => Ok(handled),
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "SMS in: the database refused it; spooling");
                    return spooled(spool, sid, from, event, received_at).await;
                }
                // The step may still commit later: the replay then finds it by its
                // MessageSid and does nothing.
                Err(_) => {
                    tracing::warn!(
                        wait_s = s.db_wait.as_secs(),
                        "SMS in: the database did not answer in time; spooling"
                    );
                    return spooled(spool, sid, from, event, received_at).await;
                }
            }
        }
    };
    match handled {
        Ok(Handled::Processed) => {
            Metrics::inc(&s.metrics.inbound_processed);
            tracing::info!(from = %redact_address(from), chars, "SMS in");
            s.wake.notify_one();
            twiml()
        }
        Ok(Handled::Muted) => {
            Metrics::inc(&s.metrics.inbound_flood_muted);
            tracing::warn!(from = %redact_address(from), "SMS in: flooding, recorded, not answered");
            s.wake.notify_one();
            twiml()
        }
        Ok(Handled::Duplicate) => {
            Metrics::inc(&s.metrics.inbound_duplicate);
            tracing::info!(from = %redact_address(from), "SMS replayed, already processed");
            twiml()
        }
        Err(e) => {
            // Not acknowledged: Twilio reports the failure; nothing was half-written.
            tracing::error!(error = %e, "SMS in: not processed");
            (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
        }
    }
}

/// Appends the message to the spool (fsynced) and acknowledges it: it is replayed when the
/// database answers again. 503 if even the spool cannot take it (Twilio's fallback URL then
/// may).
async fn spooled(
    spool: &Arc<Spool>,
    sid: &str,
    from: &str,
    event: Event,
    received_at: i64,
) -> Response {
    let line = Spooled {
        sid: sid.to_string(),
        from: from.to_string(),
        text: match event {
            Event::Text(text) => Some(text),
            _ => None,
        },
        received_at,
    };
    let spool = spool.clone();
    match tokio::task::spawn_blocking(move || spool.append(&line)).await {
        Ok(Ok(())) => {
            tracing::info!(from = %redact_address(from), "SMS in: spooled until the database answers");
            twiml()
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "SMS in: not processed and not spooled");
            (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "SMS in: spooling panicked");
            (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    //! Property tests of the form parsing, bounded (a fixed number of cases) so that CI runs
    //! them in a few seconds: whatever bytes arrive, nothing panics; whatever a genuine
    //! request holds, the signature still verifies after the trip through the wire format and
    //! the body reaches the engine as text cleaned by the one rule, nothing else changed.

    use proptest::prelude::*;

    use super::*;

    /// Text as people and providers send it: any Unicode, and the characters that matter to a
    /// form encoding.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[&=+%; a-zA-Z0-9éà€🙂\\n\\r\\t{}$]{0,40}",]
    }

    #[test]
    fn hostile_bodies_reach_the_engine_as_plain_text() {
        let read = |body: &str| {
            let params = [
                ("MessageSid", "SM0123456789abcdef0123456789abcdef"),
                ("From", "+33639980001"),
                ("Body", body),
                ("NumMedia", "1"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()));
            read_message(&params).unwrap().event
        };
        // (body as sent, event)
        for (body, event) in [
            (
                "le soir\u{1b}]8;;https://x.test\u{1b}\\ici\u{1b}]8;;\u{1b}\\",
                Event::Text("le soirici".into()),
            ),
            ("\u{202e}STOP", Event::Text("STOP".into())),
            // NUL: stored on SQLite, refused by PostgreSQL; removed before either sees it.
            ("OK\u{0}1", Event::Text("OK1".into())),
            ("\u{feff}OK\u{200b} 12", Event::Text("OK 12".into())),
            (
                "Bonjour\u{2028}à mardi",
                Event::Text("Bonjour\nà mardi".into()),
            ),
            ("Hello\r\nsee you", Event::Text("Hello\nsee you".into())),
            // Nothing but invisible characters with a picture: the picture.
            ("\u{200b}\u{2066}", Event::Unsupported),
        ] {
            assert_eq!(read(body), event, "{body:?}");
        }
    }

    /// Senders and ids as Twilio's own test cases and the outside probe sent them.
    #[test]
    fn only_phone_senders_and_twilio_message_ids_are_messages() {
        let read = |sid: &str, from: &str| {
            let params = [("MessageSid", sid), ("From", from), ("Body", "Bonjour")]
                .map(|(k, v)| (k.to_string(), v.to_string()));
            read_message(&params).map(|m| m.from)
        };
        let sid = "SM0123456789abcdef0123456789ABCDEF";
        // (MessageSid, From, read as)
        let table: [(&str, &str, Result<&str, Unfit>); 14] = [
            (sid, "+33639980001", Ok("+33639980001")),
            (sid, "+14155550100", Ok("+14155550100")),
            (
                "MM0123456789abcdef0123456789abcdef",
                "+33639980001",
                Ok("+33639980001"),
            ),
            (sid, "whatsapp:+33639980001", Err(Unfit::NotAPhone)),
            (sid, "abc", Err(Unfit::NotAPhone)),
            (sid, "", Err(Unfit::NotAPhone)),
            (sid, "+33639980001\n+33639980002", Err(Unfit::NotAPhone)),
            (sid, "33639980001", Err(Unfit::NotAPhone)),
            (sid, "+0639980001", Err(Unfit::NotAPhone)),
            (sid, "36179", Err(Unfit::NotAPhone)),
            ("", "+33639980001", Err(Unfit::MessageSid)),
            ("SM1", "+33639980001", Err(Unfit::MessageSid)),
            (
                "SM0123456789abcdef0123456789abcde\0",
                "+33639980001",
                Err(Unfit::MessageSid),
            ),
            (
                "XX0123456789abcdef0123456789abcdef",
                "+33639980001",
                Err(Unfit::MessageSid),
            ),
        ];
        for (sid, from, expected) in table {
            assert_eq!(
                read(sid, from),
                expected.map(str::to_string),
                "{sid:?} {from:?}"
            );
        }
        let huge = format!("+{}", "3".repeat(10_000));
        assert_eq!(read(sid, &huge), Err(Unfit::NotAPhone));
        let no_from = [("MessageSid", sid)].map(|(k, v)| (k.to_string(), v.to_string()));
        assert_eq!(read_message(&no_from).map(|m| m.from), Err(Unfit::NoSender));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn any_bytes_are_read_without_panicking(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let params: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
            let _ = read_message(&params);
            prop_assert!(!signature::verify("token", "https://renfort.test/sms/twilio", &params, "AAAA"));
        }

        #[test]
        fn genuine_requests_survive_the_wire(
            body in value(),
            from in "\\+[1-9][0-9]{7,14}",
            sid in "SM[0-9a-f]{32}",
            extra in proptest::collection::vec((value(), value()), 0..6),
            media in 0u32..3,
            query in "(\\?[a-z]{1,5}=[a-z0-9%+]{0,8})?",
        ) {
            let mut params = vec![
                ("MessageSid".to_string(), sid.clone()),
                ("From".to_string(), from.clone()),
                ("Body".to_string(), body.clone()),
                ("NumMedia".to_string(), media.to_string()),
            ];
            params.extend(extra.into_iter().filter(|(k, _)| !matches!(k.as_str(), "MessageSid" | "SmsSid" | "From" | "Body" | "NumMedia")));
            let url = signature::called_url("https://renfort.test", &format!("{PATH}{query}"));
            let sig = signature::sign("token", &url, &params);
            let wire: String = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(params.iter())
                .finish();
            let received: Vec<(String, String)> =
                form_urlencoded::parse(wire.as_bytes()).into_owned().collect();
            prop_assert!(signature::verify("token", &url, &received, &sig));
            let m = read_message(&received).unwrap();
            prop_assert_eq!((m.sid, m.from), (sid, from));
            let text = clean(&body, Kind::Lines);
            if text.is_empty() && media > 0 {
                prop_assert_eq!(m.event, Event::Unsupported);
            } else {
                prop_assert_eq!(m.event, Event::Text(text));
            }
        }
    }
}
