//! Telegram: the bot token (getMe), and getWebhookInfo consistent with `TELEGRAM_MODE`.

use teloxide::prelude::Requester;

use super::public_url::{base_url, same_url, shown_url};
use super::{Line, TIMEOUT, failed, next_skipped_if_first_failed, off, ok, skipped};
use crate::config::Settings;

const BOT: &str = "Telegram bot";
const UPDATES: &str = "Telegram updates";

/// Telegram's lines: the bot, then its updates unless the bot failed.
pub(super) async fn check(s: &Settings) -> Vec<Line> {
    next_skipped_if_first_failed(
        telegram_checks(s).await,
        BOT,
        UPDATES,
        "not checked until Telegram accepts the bot (above)",
    )
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
        .is_some_and(crate::config::valid_webhook_secret)
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
    let expected = s.telegram_webhook_url();
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
