//! From Telegram updates to engine events. Each update is handled once (deduped on its
//! `update_id` in the same transaction as its effects) and in order within its chat.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use renfort_core::domain::{Channel, StaffRole, redact_address};
use renfort_core::engine::Event;
use renfort_core::geo::Point;
use renfort_core::metrics::Metrics;
use renfort_core::service::{Handled, Renfort, ServiceError};
use renfort_core::text::{Kind, clean};
use teloxide::prelude::*;
use teloxide::types::{
    CallbackQuery, ChatMemberUpdated, InlineKeyboardMarkup, Message, Update, UpdateKind,
};
use tokio::sync::{Notify, watch};

use crate::keyboard;

pub struct Adapter {
    pub app: Renfort,
    pub bot: Bot,
    pub wake: Arc<Notify>,
    pub metrics: Arc<Metrics>,
    pub clock: fn() -> i64,
    chats: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
}

/// Bot commands map to the keywords every channel understands.
fn command(text: &str) -> Option<&'static str> {
    let cmd = text.split_whitespace().next()?.split('@').next()?;
    Some(match cmd {
        "/start" => "START",
        "/help" | "/aide" => "AIDE",
        "/missions" => "MISSIONS",
        "/stop" => "STOP",
        "/profile" | "/profil" => "PROFIL",
        // The menu command switches to the other language.
        "/language" | "/langue" => "LANG",
        "/delete" | "/supprimer" => "SUPPRIMER",
        _ => return None,
    })
}

impl Adapter {
    pub fn new(
        app: Renfort,
        bot: Bot,
        wake: Arc<Notify>,
        metrics: Arc<Metrics>,
        clock: fn() -> i64,
    ) -> Adapter {
        Adapter {
            app,
            bot,
            wake,
            metrics,
            clock,
            chats: Mutex::new(HashMap::new()),
        }
    }

    fn chat_lock(&self, chat: i64) -> Arc<tokio::sync::Mutex<()>> {
        self.chats.lock().unwrap().entry(chat).or_default().clone()
    }

    /// Handles one update. An error means it was not processed and may be delivered again.
    pub async fn handle(&self, update: Update) -> Result<(), ServiceError> {
        let external = format!("u{}", update.id.0);
        let chat = match &update.kind {
            UpdateKind::Message(m) => m.chat.id.0,
            UpdateKind::CallbackQuery(q) => q.from.id.0 as i64,
            UpdateKind::MyChatMember(u) => u.chat.id.0,
            _ => return Ok(()),
        };
        let lock = self.chat_lock(chat);
        let _in_order = lock.lock().await;
        let handled = match update.kind {
            UpdateKind::Message(m) if m.chat.is_private() => self.message(&m, &external).await?,
            UpdateKind::CallbackQuery(q) => self.callback(&q, &external).await?,
            UpdateKind::MyChatMember(u) => self.membership(&u).await?,
            _ => Handled::Processed,
        };
        match handled {
            Handled::Processed => Metrics::inc(&self.metrics.inbound_processed),
            Handled::Duplicate => Metrics::inc(&self.metrics.inbound_duplicate),
            Handled::Muted => Metrics::inc(&self.metrics.inbound_flood_muted),
        }
        self.wake.notify_one();
        Ok(())
    }

    async fn event(
        &self,
        chat: &str,
        external: &str,
        event: Event,
    ) -> Result<Handled, ServiceError> {
        self.app
            .handle_inbound(Channel::Telegram, chat, external, event, (self.clock)())
            .await
    }

    async fn message(&self, m: &Message, external: &str) -> Result<Handled, ServiceError> {
        let chat = m.chat.id.0.to_string();
        let username = m.from.as_ref().and_then(|u| u.username.clone());
        let now = (self.clock)();
        let handled = if let Some(text) = m.text() {
            let payload = text.strip_prefix("/start").map(str::trim);
            let invite = payload
                .and_then(|p| p.split_once('-'))
                .and_then(|(prefix, code)| match prefix {
                    "ref" => Some((StaffRole::Referent, code)),
                    "mod" => Some((StaffRole::Moderator, code)),
                    _ => None,
                });
            match invite {
                Some((role, code)) => {
                    self.app
                        .redeem_invite(&chat, external, role, code, username.as_deref(), now)
                        .await?
                }
                _ => {
                    // As text, without what is not text (escapes, bidi controls, zero-width…).
                    let text = command(text).map_or_else(|| clean(text, Kind::Lines), Into::into);
                    self.event(&chat, external, Event::Text(text)).await?
                }
            }
        } else if let Some(l) = m.location() {
            self.event(
                &chat,
                external,
                Event::Location(Point::new(l.latitude, l.longitude)),
            )
            .await?
        } else if let Some(c) = m.contact() {
            let own = c.user_id.is_some() && c.user_id == m.from.as_ref().map(|u| u.id);
            self.app
                .link_phone(&chat, external, &c.phone_number, own, now)
                .await?
        } else {
            self.event(&chat, external, Event::Unsupported).await?
        };
        if handled == Handled::Processed {
            self.app
                .set_telegram_handle(&chat, username.as_deref())
                .await?;
        }
        Ok(handled)
    }

    async fn callback(&self, q: &CallbackQuery, external: &str) -> Result<Handled, ServiceError> {
        // Clients spin until the query is answered: answer first, whatever follows.
        if let Err(e) = self.bot.answer_callback_query(q.id.clone()).await {
            tracing::warn!(error = %crate::describe(&e), "answerCallbackQuery");
        }
        let chat = q.from.id.0.to_string();
        let data = q.data.clone().unwrap_or_default();
        let message = q.regular_message();
        let markup = message.and_then(|m| m.reply_markup()).cloned();
        if data.starts_with(keyboard::MULTI) && data != keyboard::MULTI_DONE {
            if let (Some(m), Some(k)) = (message, markup) {
                self.edit_markup(m, keyboard::toggle(&k, &data)).await;
            }
            return Ok(Handled::Processed);
        }
        let answer = if data == keyboard::MULTI_DONE {
            markup.as_ref().map(keyboard::ticked).unwrap_or_default()
        } else {
            data
        };
        // One tap, one answer: the keyboard goes once used.
        if let Some(m) = message {
            self.edit_markup(m, InlineKeyboardMarkup::new(Vec::<Vec<_>>::new()))
                .await;
        }
        // Callback data is the client's to send: held to the same rule as typed text.
        let answer = clean(&answer, Kind::Line);
        self.event(&chat, external, Event::Text(answer)).await
    }

    async fn edit_markup(&self, m: &Message, markup: InlineKeyboardMarkup) {
        if let Err(e) = self
            .bot
            .edit_message_reply_markup(m.chat.id, m.id)
            .reply_markup(markup)
            .await
        {
            tracing::warn!(error = %crate::describe(&e), "editMessageReplyMarkup");
        }
    }

    /// Blocked or kicked: the contact is stopped (only START resumes it).
    async fn membership(&self, u: &ChatMemberUpdated) -> Result<Handled, ServiceError> {
        if u.new_chat_member.is_banned() || u.new_chat_member.is_left() {
            let chat = u.chat.id.0.to_string();
            tracing::info!(chat = %redact_address(&chat), "Telegram: bot blocked, contact stopped");
            Metrics::inc(&self.metrics.contacts_stopped_by_provider);
            self.app
                .store
                .stop_contact(Channel::Telegram, &chat, (self.clock)())
                .await?;
        }
        Ok(Handled::Processed)
    }

    /// Long polling until `shutdown`. An update that fails is fetched again (dedupe makes
    /// that safe), so none is lost.
    pub async fn poll(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        if let Err(e) = self.bot.delete_webhook().await {
            tracing::warn!(error = %crate::describe(&e), "deleteWebhook before polling");
        }
        let mut offset: i32 = 0;
        loop {
            let request = self.bot.get_updates().offset(offset).timeout(10);
            let updates = tokio::select! {
                _ = shutdown.changed() => return,
                r = request.send() => r,
            };
            match updates {
                Ok(updates) => {
                    for u in updates {
                        let id = u.id.0 as i32;
                        if let Err(e) = self.handle(u).await {
                            tracing::error!(error = %e, "Telegram update not processed; retrying");
                            tokio::time::sleep(Duration::from_secs(1)).await;
                            break;
                        }
                        offset = id + 1;
                    }
                }
                Err(teloxide::RequestError::RetryAfter(s)) => {
                    tokio::time::sleep(s.duration()).await
                }
                Err(e) => {
                    tracing::warn!(error = %crate::describe(&e), "getUpdates");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }
}
