//! `POST /sms/twilio`: Twilio's inbound SMS webhook. Verifies the signature (403 otherwise),
//! records the message and runs the engine in one transaction (a replayed `MessageSid` gets the
//! same answer and changes nothing), answers an empty TwiML `<Response/>` and wakes the sender,
//! which sends the replies through the outbox.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, OriginalUri, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use renfort_core::domain::{Channel, redact_address};
use renfort_core::engine::Event;
use renfort_core::metrics::Metrics;
use renfort_core::service::{Handled, Renfort};
use tokio::sync::Notify;

use crate::signature;

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
}

pub fn routes(state: Arc<SmsWebhook>) -> Router {
    Router::new()
        .route(PATH, post(inbound))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
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

async fn inbound(
    State(s): State<Arc<SmsWebhook>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let signature = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or(PATH);
    let url = signature::called_url(&s.public_url, path_and_query);
    if !signature::verify(&s.auth_token, &url, &params, signature) {
        Metrics::inc(&s.metrics.inbound_rejected);
        tracing::warn!(
            has_signature = !signature.is_empty(),
            "SMS webhook: bad signature"
        );
        return (StatusCode::FORBIDDEN, "invalid signature").into_response();
    }
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (Some(sid), Some(from)) = (get("MessageSid").or(get("SmsSid")), get("From")) else {
        return (StatusCode::BAD_REQUEST, "MessageSid and From are required").into_response();
    };
    let text = get("Body").unwrap_or("");
    let media: u32 = get("NumMedia").and_then(|n| n.parse().ok()).unwrap_or(0);
    let event = if text.trim().is_empty() && media > 0 {
        Event::Unsupported
    } else {
        Event::Text(text.to_string())
    };
    match s
        .app
        .handle_inbound(Channel::Sms, from, sid, event, now())
        .await
    {
        Ok(Handled::Processed) => {
            Metrics::inc(&s.metrics.inbound_processed);
            tracing::info!(from = %redact_address(from), chars = text.chars().count(), "SMS in");
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
