//! A local fake of the Telegram Bot API for the real teloxide client: a getUpdates queue, and
//! recorders for sendMessage, answerCallbackQuery, editMessageReplyMarkup and setWebhook.
//! Method names are matched case-insensitively (teloxide sends `SendMessage`).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;
use serde_json::{Value, json};

pub const BOT_ID: i64 = 777_000_001;

#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    /// JSON body, or `{"raw": "..."}` for multipart requests.
    pub body: Value,
    pub at: Instant,
}

#[derive(Default)]
struct Inner {
    updates: Vec<Value>,
    next_update: i64,
    next_message: i64,
    calls: Vec<Call>,
    /// Error answers for the next sendMessage calls.
    send_errors: VecDeque<Value>,
    /// Raw HTTP answers (a proxy's 502 page) for the next sendMessage calls.
    send_faults: VecDeque<(u16, &'static str)>,
    /// The webhook URL set with setWebhook (getWebhookInfo), cleared by deleteWebhook.
    webhook: Option<String>,
    /// getWebhookInfo's record of the last failed delivery: unix time and message.
    webhook_error: Option<(i64, String)>,
    /// Bot tokens answered 401 Unauthorized, as Telegram answers a revoked token.
    refused_tokens: Vec<String>,
}

#[derive(Clone)]
pub struct FakeTelegram {
    pub url: String,
    inner: Arc<Mutex<Inner>>,
}

fn ok(result: Value) -> Value {
    json!({"ok": true, "result": result})
}

fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "Renfort", "username": "renfort_test_bot"})
}

/// Users of chats from `NO_USERNAME` on have no @username, like many real ones.
pub const NO_USERNAME: i64 = 8_000_000;

pub fn user(chat: i64, name: &str) -> Value {
    if chat >= NO_USERNAME {
        return json!({"id": chat, "is_bot": false, "first_name": name, "language_code": "fr"});
    }
    json!({"id": chat, "is_bot": false, "first_name": name, "username": format!("{}_{chat}", name.to_lowercase()), "language_code": "fr"})
}

fn private_chat(chat: i64) -> Value {
    json!({"id": chat, "type": "private", "first_name": "Test"})
}

impl FakeTelegram {
    pub async fn start() -> FakeTelegram {
        let inner = Arc::new(Mutex::new(Inner {
            next_update: 1000,
            next_message: 1,
            ..Inner::default()
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let router = Router::new()
            .route("/{bot}/{method}", post(api))
            .with_state(inner.clone());
        tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        FakeTelegram { url, inner }
    }

    fn push(&self, mut update: Value) -> i64 {
        let mut inner = self.inner.lock().unwrap();
        inner.next_update += 1;
        let id = inner.next_update;
        update["update_id"] = json!(id);
        inner.updates.push(update);
        id
    }

    /// A full update (for the webhook), without queueing it.
    pub fn make(&self, mut update: Value) -> Value {
        let mut inner = self.inner.lock().unwrap();
        inner.next_update += 1;
        update["update_id"] = json!(inner.next_update);
        update
    }

    fn message(&self, chat: i64, name: &str, extra: Value) -> Value {
        let id = {
            let mut inner = self.inner.lock().unwrap();
            inner.next_message += 1;
            inner.next_message
        };
        let mut m = json!({
            "message_id": id,
            "date": 1_795_900_000,
            "chat": private_chat(chat),
            "from": user(chat, name),
        });
        for (k, v) in extra.as_object().unwrap() {
            m[k] = v.clone();
        }
        json!({"message": m})
    }

    pub fn text_update(&self, chat: i64, text: &str) -> Value {
        self.message(chat, "Marie", json!({"text": text}))
    }

    pub fn send_text(&self, chat: i64, text: &str) -> i64 {
        let u = self.text_update(chat, text);
        self.push(u)
    }

    pub fn send_location(&self, chat: i64, lat: f64, lon: f64) -> i64 {
        let u = self.message(
            chat,
            "Marie",
            json!({"location": {"latitude": lat, "longitude": lon}}),
        );
        self.push(u)
    }

    pub fn send_contact(&self, chat: i64, phone: &str, user_id: i64) -> i64 {
        let u = self.message(
            chat,
            "Marie",
            json!({"contact": {"phone_number": phone, "first_name": "Marie", "user_id": user_id}}),
        );
        self.push(u)
    }

    pub fn send_sticker_like(&self, chat: i64) -> i64 {
        let u = self.message(chat, "Marie", json!({"dice": {"emoji": "🎲", "value": 3}}));
        self.push(u)
    }

    /// A tap on an inline button of a message the bot sent (as recorded).
    pub fn tap(&self, chat: i64, sent: &Value, data: &str) -> i64 {
        let id = format!("cb{}", self.inner.lock().unwrap().next_update + 1);
        let update = json!({
            "callback_query": {
                "id": id,
                "from": user(chat, "Marie"),
                "message": sent,
                "chat_instance": "ci",
                "data": data,
            }
        });
        self.push(update)
    }

    pub fn kicked(&self, chat: i64) -> i64 {
        let update = json!({
            "my_chat_member": {
                "chat": private_chat(chat),
                "from": user(chat, "Marie"),
                "date": 1_795_900_000,
                "old_chat_member": {"user": bot_user(), "status": "member"},
                "new_chat_member": {"user": bot_user(), "status": "kicked", "until_date": 0},
            }
        });
        self.push(update)
    }

    /// The next sendMessage answers with this error.
    pub fn fail_next_send(&self, error: Value) {
        self.inner.lock().unwrap().send_errors.push_back(error);
    }

    /// The next sendMessage is answered with this HTTP status and raw body (not the Bot
    /// API's JSON: what a proxy in front of it says).
    pub fn fault_next_send(&self, status: u16, body: &'static str) {
        self.inner
            .lock()
            .unwrap()
            .send_faults
            .push_back((status, body));
    }

    /// The webhook Telegram has for the bot, as if set with setWebhook (`None`: none).
    pub fn set_webhook(&self, url: Option<&str>) {
        self.inner.lock().unwrap().webhook = url.map(str::to_string);
    }

    /// getWebhookInfo reports this failed delivery (unix time, Telegram's message).
    pub fn set_webhook_error(&self, at: i64, message: &str) {
        self.inner.lock().unwrap().webhook_error = Some((at, message.to_string()));
    }

    /// Requests with this bot token get 401 Unauthorized.
    pub fn refuse_token(&self, token: &str) {
        self.inner
            .lock()
            .unwrap()
            .refused_tokens
            .push(token.to_string());
    }

    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().unwrap().calls.clone()
    }

    /// Messages sent to `chat` (the recorded sendMessage results, with reply_markup).
    pub fn sent_to(&self, chat: i64) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(chat))
            .collect()
    }

    /// Waits for at least `n` messages to `chat`; returns them all.
    pub async fn wait_sent(&self, chat: i64, n: usize) -> Vec<Call> {
        let until = Instant::now() + Duration::from_secs(15);
        loop {
            let got = self.sent_to(chat);
            if got.len() >= n || Instant::now() > until {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn wait_method(&self, method: &str, n: usize) -> Vec<Call> {
        let until = Instant::now() + Duration::from_secs(15);
        loop {
            let got: Vec<Call> = self
                .calls()
                .into_iter()
                .filter(|c| c.method == method)
                .collect();
            if got.len() >= n || Instant::now() > until {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The message object as the client saw it (for building a callback on it).
    pub fn as_message(call: &Call) -> Value {
        call.body["__result"].clone()
    }
}

async fn api(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path((bot, method)): Path<(String, String)>,
    body: Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let refused = {
        let inner = inner.lock().unwrap();
        bot.strip_prefix("bot")
            .is_some_and(|token| inner.refused_tokens.iter().any(|t| t == token))
    };
    if refused {
        return (
            axum::http::StatusCode::UNAUTHORIZED,
            axum::Json(json!({"ok": false, "error_code": 401, "description": "Unauthorized"})),
        )
            .into_response();
    }
    let method = method.to_lowercase();
    let mut parsed: Value = serde_json::from_slice(&body)
        .unwrap_or_else(|_| json!({"raw": String::from_utf8_lossy(&body)}));
    if method == "getupdates" {
        let offset = parsed["offset"].as_i64().unwrap_or(0);
        let until = Instant::now() + Duration::from_millis(500);
        loop {
            let pending: Vec<Value> = inner
                .lock()
                .unwrap()
                .updates
                .iter()
                .filter(|u| u["update_id"].as_i64().unwrap() >= offset)
                .cloned()
                .collect();
            if !pending.is_empty() || Instant::now() > until {
                return axum::Json(ok(json!(pending))).into_response();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let mut inner = inner.lock().unwrap();
    let answer = match method.as_str() {
        "getme" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Renfort", "username": "renfort_test_bot",
            "can_join_groups": false, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "has_main_web_app": false
        })),
        "sendmessage" => {
            if let Some((status, body)) = inner.send_faults.pop_front() {
                parsed["__error"] = json!(status);
                inner.calls.push(Call {
                    method,
                    body: parsed,
                    at: Instant::now(),
                });
                let status = axum::http::StatusCode::from_u16(status).unwrap();
                return (status, body).into_response();
            }
            if let Some(error) = inner.send_errors.pop_front() {
                parsed["__error"] = error.clone();
                inner.calls.push(Call {
                    method,
                    body: parsed,
                    at: Instant::now(),
                });
                return axum::Json(error).into_response();
            }
            inner.next_message += 1;
            let mut message = json!({
                "message_id": inner.next_message,
                "date": 1_795_900_000,
                "chat": private_chat(parsed["chat_id"].as_i64().unwrap_or(0)),
                "from": bot_user(),
                "text": parsed["text"].clone(),
            });
            if parsed["reply_markup"]["inline_keyboard"].is_array() {
                message["reply_markup"] = parsed["reply_markup"].clone();
            }
            parsed["__result"] = message.clone();
            ok(message)
        }
        "editmessagereplymarkup" => {
            let message = json!({
                "message_id": parsed["message_id"].clone(),
                "date": 1_795_900_000,
                "chat": private_chat(parsed["chat_id"].as_i64().unwrap_or(0)),
                "from": bot_user(),
                "text": "…",
                "reply_markup": parsed["reply_markup"].clone(),
            });
            parsed["__result"] = message.clone();
            ok(message)
        }
        "answercallbackquery" => ok(json!(true)),
        "setwebhook" => {
            inner.webhook = form_field(&parsed, "url");
            ok(json!(true))
        }
        "deletewebhook" => {
            inner.webhook = None;
            ok(json!(true))
        }
        "getwebhookinfo" => {
            let mut info = json!({
                "url": inner.webhook.clone().unwrap_or_default(),
                "has_custom_certificate": false,
                "pending_update_count": 0,
            });
            if let Some((at, message)) = &inner.webhook_error {
                info["last_error_date"] = json!(at);
                info["last_error_message"] = json!(message);
                info["pending_update_count"] = json!(3);
            }
            ok(info)
        }
        _ => {
            json!({"ok": false, "error_code": 400, "description": "Bad Request: method not faked"})
        }
    };
    inner.calls.push(Call {
        method,
        body: parsed,
        at: Instant::now(),
    });
    axum::Json(answer).into_response()
}

/// A field of a request: from its JSON body, or from a multipart form (teloxide sends
/// setWebhook as multipart, for its optional certificate).
fn form_field(parsed: &Value, name: &str) -> Option<String> {
    if let Some(v) = parsed[name].as_str() {
        return Some(v.to_string());
    }
    let raw = parsed["raw"].as_str()?;
    let (_, rest) = raw.split_once(&format!("name=\"{name}\""))?;
    let (_, value) = rest.split_once("\r\n\r\n")?;
    Some(value.split("\r\n").next()?.to_string())
}
