//! `renfort serve`: the HTTP server (SMS webhook, health, metrics) and the outbox senders.

use std::sync::Arc;

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use renfort_core::delivery::Heartbeat;
use renfort_core::domain::Channel;
use renfort_core::metrics::{self, Metrics};
use renfort_core::secret::constant_time_eq;
use renfort_core::service::Renfort;
use renfort_sms::sender::{Gateway, Sms, SmsSender};
use renfort_sms::spool::Spool;
use renfort_sms::webhook::{self, SmsWebhook};
use tokio::sync::{Notify, watch};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use renfort_bot::adapter::Adapter;
use renfort_bot::sender::{Telegram, TelegramSender};
use renfort_bot::webhook::{self as bot_webhook, TelegramWebhook};
use teloxide::payloads::SetWebhookSetters;
use teloxide::prelude::Requester;

use crate::config::Settings;

#[derive(Clone)]
struct Shared {
    app: Renfort,
    metrics: Arc<Metrics>,
    /// `RENFORT_METRICS_TOKEN`: the bearer token `/metrics` asks for, if any.
    metrics_token: Option<Arc<str>>,
    /// The senders this process runs, for `/healthz`.
    senders: Arc<Vec<(Channel, Heartbeat)>>,
    /// `RENFORT_HEALTH_MAX_DUE_AGE`: seconds a message may wait past its due time while its
    /// sender starts nothing before `/healthz` calls that sender stuck.
    max_due_age: i64,
}

/// How long `/healthz` waits for the database: a load balancer's probe must get an answer
/// while the database is away, not hang with it.
const HEALTH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// A sender that started a send this recently is moving, however old the rows it has not
/// reached yet (a burst of alerts drained at the provider's rate).
const RECENT_START: i64 = 10;

/// What `/healthz` says.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Health {
    /// `ok`, or `unhealthy` (then the status code is 503).
    status: &'static str,
    /// Whether the database took a write transaction within 2 s.
    database: bool,
    senders: Vec<SenderHealth>,
}

/// One sender of this process.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct SenderHealth {
    /// `sms` or `telegram`.
    channel: &'static str,
    /// Seconds the longest-waiting message this sender could send now has waited past its
    /// due time (0: none waits); `null` when the database did not answer.
    oldest_due_age_seconds: Option<i64>,
    /// Seconds since this sender last started a send (`null`: not since the process started).
    last_send_started_seconds_ago: Option<i64>,
    /// Nothing has waited past `RENFORT_HEALTH_MAX_DUE_AGE`, or a send started in the last
    /// 10 s.
    moving: bool,
}

/// Health: the database answers and every sender is moving
///
/// For a load balancer or a monitor: 200 when the database took a write transaction within
/// 2 s and no sender of this process is stuck (messages waiting past their due time for more
/// than `RENFORT_HEALTH_MAX_DUE_AGE` seconds while it starts nothing), 503 otherwise. Never
/// waits more than a few seconds, whatever the database does.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    security(()),
    responses(
        (status = 200, description = "Healthy", body = Health),
        (status = 503, description = "The database does not answer, or a sender is stuck", body = Health),
    )
)]
async fn healthz(State(s): State<Shared>) -> impl IntoResponse {
    let store = &s.app.store;
    let database = matches!(
        tokio::time::timeout(HEALTH_TIMEOUT, store.answers()).await,
        Ok(Ok(()))
    );
    let now = crate::now();
    let oldest = if database {
        match tokio::time::timeout(HEALTH_TIMEOUT, store.oldest_due(now)).await {
            Ok(Ok(rows)) => Some(rows),
            _ => None,
        }
    } else {
        None
    };
    let senders: Vec<SenderHealth> = s
        .senders
        .iter()
        .map(|(channel, heartbeat)| {
            let age = oldest.as_ref().map(|rows| {
                rows.iter()
                    .find(|(c, _)| c == channel)
                    .map_or(0, |(_, due)| (now - due).max(0))
            });
            let since = heartbeat.last().map(|t| (now - t).max(0));
            SenderHealth {
                channel: channel.as_str(),
                oldest_due_age_seconds: age,
                last_send_started_seconds_ago: since,
                moving: age.is_none_or(|a| a <= s.max_due_age)
                    || since.is_some_and(|t| t <= RECENT_START),
            }
        })
        .collect();
    let healthy = database && oldest.is_some() && senders.iter().all(|x| x.moving);
    let code = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let health = Health {
        status: if healthy { "ok" } else { "unhealthy" },
        database,
        senders,
    };
    (code, axum::Json(health))
}

/// Metrics in the Prometheus text format
///
/// Counters, latency histograms and outbox gauges. Asks for `RENFORT_METRICS_TOKEN` as a
/// bearer token when the operator set one.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    security((), ("metrics_token" = [])),
    responses(
        (status = 200, description = "The metrics", body = String, content_type = "text/plain"),
        (status = 401, description = "`RENFORT_METRICS_TOKEN` is set and was not given", body = String, content_type = "text/plain"),
    )
)]
async fn metrics_text(State(s): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(expected) = &s.metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.as_bytes().strip_prefix(b"Bearer "))
            .unwrap_or(b"");
        if !constant_time_eq(given, expected.as_bytes()) {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                "metrics: bearer token required (RENFORT_METRICS_TOKEN)",
            )
                .into_response();
        }
    }
    // The outbox gauges are read now, from the store, so every instance reports the same depth.
    match s.app.store.outbox_depth().await {
        Ok(depth) => s.metrics.set_outbox(&depth, crate::now()),
        Err(e) => tracing::error!(error = %e, "metrics: reading the outbox depth"),
    }
    // Today's SMS segments per département and their cost: the relay's public budget.
    match s.app.store.sms_segments_today(crate::now()).await {
        Ok(today) => s.metrics.set_sms_today(&today, s.app.config.sms_price),
        Err(e) => tracing::error!(error = %e, "metrics: reading today's SMS segments"),
    }
    (
        [(header::CONTENT_TYPE, metrics::CONTENT_TYPE)],
        s.metrics.render(),
    )
        .into_response()
}

/// New request ids: 16 random letters. Not UUIDs: their digit runs read as phone numbers
/// to the log checks (`redact::mask_phones`), and logs must not look like they hold one.
#[derive(Clone, Copy)]
struct LetterRequestId;

impl MakeRequestId for LetterRequestId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let mut bytes = [0u8; 16];
        crate::random_bytes(&mut bytes).ok()?;
        let id: String = bytes.iter().map(|b| (b'a' + b % 26) as char).collect();
        axum::http::HeaderValue::from_str(&id)
            .ok()
            .map(RequestId::new)
    }
}

/// A caller's `x-request-id` is kept (in the response and the logs) only in a plain shape:
/// 1 to 64 of `A-Z a-z 0-9 _ . -` with nothing that reads as a phone number. Anything else is
/// the caller's data, not an id, and must not reach the logs (a number, a token, escape
/// sequences): it is dropped, and the request gets a fresh id like one that came without.
fn plain_request_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && renfort_core::redact::mask_phones(id) == id
}

async fn drop_odd_request_id(mut request: Request<axum::body::Body>) -> Request<axum::body::Body> {
    let odd = request
        .headers()
        .get_all("x-request-id")
        .iter()
        .any(|v| !v.to_str().is_ok_and(plain_request_id))
        || request.headers().get_all("x-request-id").iter().count() > 1;
    if odd {
        request.headers_mut().remove("x-request-id");
    }
    request
}

/// The span each request's logs are in: its id (`x-request-id`, given by the caller or 16 new
/// letters, and sent back in the response), method and path. Never the query string or the
/// body, which may hold phone numbers.
fn request_span<B>(request: &Request<B>) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    // Only plain ids get here (see `drop_odd_request_id`); this is the last guard.
    let id = if plain_request_id(id) { id } else { "-" };
    tracing::info_span!(
        "http",
        request_id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}

/// Middleware around every route (the outermost last): a request id set first and returned
/// in the response, the trace span and a log line per response (at DEBUG: at hundreds of
/// webhooks a second an INFO line each would cost more than the work, and /metrics has the
/// latencies), and a deadline for the
/// whole request, body included (a slow client or a stuck handler gets a 503 and frees the
/// connection's resources).
fn with_http_layers(router: Router, timeout: std::time::Duration) -> Router {
    router
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::DEBUG)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(LetterRequestId))
        .layer(axum::middleware::map_request(drop_odd_request_id))
}

/// Every route `renfort serve` mounts. The documented ones are registered with
/// `utoipa_axum::routes!`, which mounts a handler and adds it to the OpenAPI document in one
/// step; the document is then served at `/api/v1/openapi.json`. The provider webhooks
/// (Twilio's SMS, Telegram's updates) are left out of it on purpose: their requests are
/// defined by those providers, signed with their secrets, and no API user calls them.
fn http_routes(
    shared: Shared,
    sms: Option<Arc<SmsWebhook>>,
    telegram: Option<Arc<TelegramWebhook>>,
    console: Option<crate::console::Console>,
) -> Router {
    let operations = OpenApiRouter::default()
        .routes(routes!(healthz))
        .routes(routes!(metrics_text))
        .with_state(shared.clone());
    let (router, document) = crate::api::routes()
        .with_state(shared.app.clone())
        .merge(operations)
        .split_for_parts();
    let mut router = router.layer(Extension(crate::api::Document::new(&document)));
    router = match sms {
        Some(webhook) => router.merge(webhook::routes(webhook)),
        None => router.route(webhook::PATH, post(sms_disabled)),
    };
    if let Some(webhook) = telegram {
        router = router.merge(bot_webhook::routes(webhook));
    }
    if let Some(console) = console {
        router = router.merge(crate::console::routes(console));
    }
    // One line at start: what this instance serves (the route-coverage test reads it).
    tracing::info!("HTTP routes: {}", served_routes(&router).join(", "));
    router
}

/// `METHOD /path` for each route of `router`, sorted. axum has no API listing its routes; its
/// `Debug` output names each route's path (`paths: {RouteId(n): "/path"}`) and, per route, the
/// method handlers set (`get: Route`) or not (`get: None`). Reading that keeps the list the
/// router's own, whoever added a route and however; a change of that format empties the list,
/// which fails the route-coverage test loudly rather than passing it.
fn served_routes(router: &Router) -> Vec<String> {
    const METHODS: [&str; 9] = [
        "get", "head", "delete", "options", "patch", "post", "put", "trace", "connect",
    ];
    let debug = format!("{router:?}");
    // The path router only: the fallback router has no routes of its own.
    let debug = debug.split("fallback_router:").next().unwrap_or("");
    let (endpoints, paths) = debug.split_once("node: Node").unwrap_or(("", ""));
    let path_of = |id: &str| {
        paths.split("RouteId(").find_map(|entry| {
            let (n, rest) = entry.split_once("): \"")?;
            (n == id).then(|| rest.split('"').next().unwrap_or("").to_string())
        })
    };
    let mut routes = Vec::new();
    for entry in endpoints.split("RouteId(").skip(1) {
        let Some((id, endpoint)) = entry.split_once("): ") else {
            continue;
        };
        let Some(path) = path_of(id) else { continue };
        let methods: Vec<&str> = if endpoint.starts_with("MethodRouter(") {
            METHODS
                .into_iter()
                .filter(|m| {
                    [format!("{{ {m}: "), format!(", {m}: ")]
                        .iter()
                        .any(|field| {
                            endpoint
                                .split_once(field.as_str())
                                .is_some_and(|(_, value)| !value.starts_with("None"))
                        })
                })
                .collect()
        } else {
            // A service mounted with `route_service` answers every method.
            vec!["any"]
        };
        for m in methods {
            routes.push(format!("{} {path}", m.to_uppercase()));
        }
    }
    routes.sort();
    routes
}

async fn sms_disabled() -> impl IntoResponse {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "SMS webhook off: TWILIO_AUTH_TOKEN is not set",
    )
}

/// How often the spool is looked at while the database is away.
const SPOOL_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Replays the SMS spooled while the database was away, as soon as it answers again (at
/// start too: what a previous run spooled).
async fn replay_spool(
    spool: Arc<Spool>,
    app: Renfort,
    wake: Arc<Notify>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        if spool.pending() && app.store.answers().await.is_ok() {
            match spool.replay(&app).await {
                Ok(done) => {
                    tracing::info!(
                        processed = done.processed,
                        duplicates = done.duplicates,
                        waiting = done.waiting,
                        "inbound spool replayed"
                    );
                    wake.notify_one();
                }
                Err(e) => {
                    tracing::error!(error = %e, path = %spool.path().display(), "inbound spool: replay")
                }
            }
        }
        if *stop.borrow() {
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(SPOOL_EVERY) => {}
            _ = stop.changed() => {}
        }
    }
}

pub async fn run() -> Result<()> {
    let settings = Settings::from_env();
    // Refused before anything starts, even without Twilio's credentials: a mistyped setting
    // is not left to be found the day they are added.
    let twilio_api = settings.twilio_api().map_err(anyhow::Error::msg)?;
    crate::config::public_url_without_credentials(&settings.public_url)
        .map_err(anyhow::Error::msg)?;
    // The console needs https, or plain http on loopback: elsewhere it is off, and CONSOLE
    // answers so rather than sending a link a session cookie could not safely follow.
    let console_url = format!("{}/console", settings.public_url.trim_end_matches('/'));
    let console_ok = match crate::console::Console::new_check(&settings.public_url) {
        Ok(()) => true,
        Err(why) => {
            tracing::warn!("web console off: {why}");
            false
        }
    };
    let app = crate::open_with(console_ok.then_some(console_url)).await?;
    // The commune table is parsed once per process (~160 ms): now, not inside the first
    // conversation step that resolves a place, which would hold the writer meanwhile.
    tokio::task::spawn_blocking(renfort_core::geo::Gazetteer::get).await?;
    let metrics = app.metrics.clone();
    let (stop_tx, stop_rx) = watch::channel(false);
    let sms_wake = Arc::new(Notify::new());

    let sms_heartbeat = Heartbeat::default();
    let telegram_heartbeat = Heartbeat::default();
    let mut senders = vec![(Channel::Sms, sms_heartbeat.clone())];
    if settings.telegram_token.is_some() {
        senders.push((Channel::Telegram, telegram_heartbeat.clone()));
    }
    if settings.metrics_token_blank {
        // Treated as unset rather than refused: an env file's empty line is a common way to
        // say "none", and refusing would stop the service over its metrics. Said loudly,
        // since it may also be a token that failed to be filled in.
        tracing::warn!(
            "RENFORT_METRICS_TOKEN is set but blank: treated as unset, GET /metrics is open to anyone who reaches the server"
        );
    }
    let shared = Shared {
        app: app.clone(),
        metrics: metrics.clone(),
        metrics_token: settings.metrics_token.as_deref().map(Arc::from),
        senders: Arc::new(senders),
        max_due_age: settings.health_max_due_age,
    };
    let spool = settings.inbound_spool.as_ref().map(Spool::new);
    let replayer = spool.clone().map(|spool| {
        tokio::spawn(replay_spool(
            spool,
            app.clone(),
            sms_wake.clone(),
            stop_rx.clone(),
        ))
    });
    let sms_webhook = settings.twilio_auth_token.as_ref().map(|token| {
        tracing::info!(url = %format!("{}{}", settings.public_url, webhook::PATH), "SMS webhook on");
        Arc::new(SmsWebhook {
            app: app.clone(),
            auth_token: token.clone(),
            public_url: settings.public_url.clone(),
            wake: sms_wake.clone(),
            metrics: metrics.clone(),
            spool: spool.clone(),
            db_wait: settings.inbound_db_wait,
            our_number: settings.twilio_from.clone(),
        })
    });
    if sms_webhook.is_none() {
        tracing::warn!("TWILIO_AUTH_TOKEN not set: the SMS webhook is off");
    }
    let mut telegram_webhook = None;

    let gateway = match (
        &settings.twilio_account_sid,
        &settings.twilio_auth_token,
        &settings.twilio_from,
    ) {
        (Some(sid), Some(token), Some(from)) => Gateway::twilio(
            sid,
            token,
            from,
            &twilio_api,
            settings.delivery.timeout,
            settings.status_callback_url(),
        )
        .map_err(anyhow::Error::msg)
        .context("Twilio client")?,
        _ => {
            tracing::warn!(
                "Twilio credentials incomplete (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM): \
                 SMS go to the log gateway and are NOT sent"
            );
            Gateway::Log
        }
    };
    let sender = SmsSender {
        store: app.store.clone(),
        provider: Sms {
            gateway,
            rate: settings.twilio_rate,
        },
        heartbeat: sms_heartbeat,
        claims: Default::default(),
        wake: sms_wake,
        metrics: metrics.clone(),
        delivery: settings.delivery.clone(),
        clock: crate::now,
    };
    let sender = tokio::spawn(sender.run(stop_rx.clone()));

    // Reminders and escalations: every minute; safe with several instances (claims).
    let scheduler = tokio::spawn({
        let app = app.clone();
        let mut stop = stop_rx.clone();
        async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stop.changed() => return,
                }
                // Delivery reports that came before their message's SID was recorded.
                if let Err(e) = app.apply_waiting_receipts(crate::now()).await {
                    tracing::error!(error = %e, "SMS delivery reports kept waiting");
                }
                match app.send_digests(crate::now()).await {
                    Ok(n) if n > 0 => tracing::info!(digests = n, "moderation digests"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "moderation digests"),
                }
                match app.follow_up(crate::now()).await {
                    Ok(done) if done.reminders + done.escalations > 0 => {
                        tracing::info!(
                            reminders = done.reminders,
                            escalations = done.escalations,
                            "follow-up"
                        )
                    }
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "follow-up"),
                }
            }
        }
    });
    let mut telegram_tasks = vec![scheduler];
    match &settings.telegram_token {
        None => tracing::warn!("TELEGRAM_BOT_TOKEN not set: the Telegram bot is off"),
        Some(_) => {
            let bot = settings.telegram_bot()?.context("TELEGRAM_BOT_TOKEN")?;
            let wake = Arc::new(Notify::new());
            let adapter = Arc::new(Adapter::new(
                app.clone(),
                bot.clone(),
                wake.clone(),
                metrics.clone(),
                crate::now,
            ));
            let sender = TelegramSender {
                store: app.store.clone(),
                provider: Telegram { bot: bot.clone() },
                heartbeat: telegram_heartbeat,
                claims: Default::default(),
                wake,
                metrics: metrics.clone(),
                delivery: settings.delivery.clone(),
                clock: crate::now,
            };
            telegram_tasks.push(tokio::spawn(sender.run(stop_rx.clone())));
            if settings.telegram_webhook {
                let secret = settings
                    .telegram_webhook_secret
                    .clone()
                    .filter(|s| crate::config::valid_webhook_secret(s))
                    .context("TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET: 1-256 of A-Z a-z 0-9 _ -")?;
                let url = settings.telegram_webhook_url();
                bot.set_webhook(url.parse().context("RENFORT_PUBLIC_URL")?)
                    .secret_token(secret.clone())
                    .await
                    .context("setWebhook")?;
                telegram_webhook = Some(Arc::new(TelegramWebhook { adapter, secret }));
                tracing::info!("Telegram bot on (webhook)");
            } else {
                telegram_tasks.push(tokio::spawn(adapter.poll(stop_rx.clone())));
                tracing::info!("Telegram bot on (long polling)");
            }
        }
    }

    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .with_context(|| format!("binding {}", settings.listen))?;
    tracing::info!(listen = %listener.local_addr()?, "renfort serving");
    tokio::spawn({
        let stop_tx = stop_tx.clone();
        async move {
            // SIGTERM is what systemd, docker and Kubernetes send: it drains like Ctrl-C
            // (stop accepting, finish the requests and sends in flight, exit 0).
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("SIGTERM handler");
            let signal = tokio::select! {
                r = tokio::signal::ctrl_c() => r.ok().map(|()| "SIGINT"),
                r = term.recv() => r.map(|()| "SIGTERM"),
            };
            if let Some(signal) = signal {
                tracing::info!(signal, "stopping: draining requests and sends in flight");
                let _ = stop_tx.send(true);
            }
        }
    });
    let console = console_ok
        .then(|| crate::console::Console::new(app.clone(), &settings.public_url).ok())
        .flatten();
    let router = http_routes(shared, sms_webhook, telegram_webhook, console);
    let router = with_http_layers(router, settings.request_timeout);
    let limits = crate::http_server::Limits {
        header_timeout: settings.header_timeout,
        max_connections: settings.max_connections,
    };
    let served = crate::http_server::serve(listener, router, limits, stop_rx.clone()).await;
    let _ = stop_tx.send(true);
    if let Some(replayer) = replayer {
        let _ = replayer.await;
    }
    let _ = sender.await;
    for task in telegram_tasks {
        let _ = task.await;
    }
    app.store.close().await;
    served.context("HTTP server")
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::routing::{get, post};

    use super::served_routes;

    #[test]
    fn only_plain_request_ids_are_kept() {
        for kept in ["ops-check-42", "slow-body-7", "abcdefghijklmnop", "a.b_c-D"] {
            assert!(super::plain_request_id(kept), "{kept}");
        }
        let long = "x".repeat(65);
        for dropped in [
            "",
            "+33612345678",
            "0612345678",
            "06 12 34 56 78",
            "id=secret;token",
            "\u{1b}[31mred",
            "caf\u{e9}",
            long.as_str(),
        ] {
            assert!(!super::plain_request_id(dropped), "{dropped:?}");
        }
    }

    #[test]
    fn served_routes_lists_each_method_of_each_path() {
        let router: Router = Router::new()
            .route("/healthz", get(|| async { "ok" }))
            .route(
                "/api/v1/missions/{id}",
                get(|| async {}).patch(|| async {}).delete(|| async {}),
            )
            .merge(Router::new().route("/sms/twilio", post(|| async {})));
        assert_eq!(
            served_routes(&router),
            [
                "DELETE /api/v1/missions/{id}",
                "GET /api/v1/missions/{id}",
                "GET /healthz",
                "PATCH /api/v1/missions/{id}",
                "POST /sms/twilio",
            ]
        );
    }
}
