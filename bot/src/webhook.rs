//! `POST /telegram/webhook`: updates pushed by Telegram, authenticated by the secret token
//! registered with `setWebhook` (header `X-Telegram-Bot-Api-Secret-Token`), compared in
//! constant time whatever its length ([`constant_time_eq`]).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use renfort_core::metrics::Metrics;
use renfort_core::secret::constant_time_eq;
use teloxide::types::Update;

use crate::adapter::Adapter;

pub const PATH: &str = "/telegram/webhook";

pub struct TelegramWebhook {
    pub adapter: Arc<Adapter>,
    pub secret: String,
}

pub fn routes(state: Arc<TelegramWebhook>) -> Router {
    Router::new()
        .route(PATH, post(update))
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .with_state(state)
}

async fn update(
    State(s): State<Arc<TelegramWebhook>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let started = std::time::Instant::now();
    let answer = handle_update(&s, &headers, &body).await;
    s.adapter
        .metrics
        .observe_webhook(renfort_core::domain::Channel::Telegram, started.elapsed());
    answer
}

async fn handle_update(s: &TelegramWebhook, headers: &HeaderMap, body: &[u8]) -> Response {
    let given = headers
        .get("x-telegram-bot-api-secret-token")
        .map(|v| v.as_bytes())
        .unwrap_or(b"");
    if !constant_time_eq(given, s.secret.as_bytes()) {
        Metrics::inc(&s.adapter.metrics.inbound_rejected);
        return (StatusCode::UNAUTHORIZED, "bad secret token").into_response();
    }
    let update: Update = match serde_json::from_slice(body) {
        Ok(u) => u,
        Err(e) => {
            // Telegram would resend it forever; record and drop what cannot be read.
            // Not the error's text: it may quote what the user wrote.
            tracing::warn!(
                line = e.line(),
                column = e.column(),
                "Telegram webhook: unreadable update dropped"
            );
            return StatusCode::OK.into_response();
        }
    };
    match s.adapter.handle(update).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "Telegram webhook: update not processed");
            (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
        }
    }
}
