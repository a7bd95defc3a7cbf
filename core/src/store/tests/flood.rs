//! The flood guard against the probes of issue 25: START again and again, STOP/START in a
//! loop, Telegram's /start, invitation codes and shared contacts, each sent well past the
//! limit at one instant. Every one is recorded, consent takes effect, and what Renfort sends
//! stays within the limit, the one notice and the consent allowance.

use super::*;
use crate::domain::StaffRole;
use crate::service::FloodLimit;

const LIMIT: FloodLimit = FloodLimit {
    max_messages: 5,
    window: 300,
    consent_allowance: 3,
};

/// Well past the limit, and a few times the allowance.
const PROBE: i64 = 40;

async fn flood_backends() -> Vec<Renfort> {
    backends()
        .await
        .into_iter()
        .map(|app| {
            let config = Config {
                flood: LIMIT,
                ..app.config.clone()
            };
            Renfort::new(
                app.store.clone(),
                config,
                Renderers {
                    sms: Arc::new(PlainRenderer),
                    telegram: Arc::new(PlainRenderer),
                },
            )
        })
        .collect()
}

/// Messages queued for this address, ever.
async fn caused(app: &Renfort, channel: Channel, address: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE channel = $1 AND address = $2")
        .bind(channel.as_str())
        .bind(address)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

async fn recorded(app: &Renfort, channel: Channel, address: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM inbound WHERE channel = $1 AND address = $2")
        .bind(channel.as_str())
        .bind(address)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

async fn stopped(app: &Renfort, channel: Channel, address: &str) -> bool {
    let mut tx = app.store.begin().await.unwrap();
    let stopped = contacts::find_contact(&mut tx, channel, address)
        .await
        .unwrap()
        .is_some_and(|c| c.stopped);
    tx.rollback().await.unwrap();
    stopped
}

async fn send(app: &Renfort, channel: Channel, address: &str, text: &str) -> Handled {
    app.handle_inbound(
        channel,
        address,
        &unique("flood"),
        Event::Text(text.into()),
        NOW,
    )
    .await
    .unwrap()
}

/// The bound of every probe: the limit's answers, the notice, the consent allowance (a
/// START while registering is answered with two messages: the confirmation and the
/// pending question).
const BOUND: i64 = LIMIT.max_messages + 1 + 2 * LIMIT.consent_allowance;

#[tokio::test]
async fn start_again_and_again_is_confirmed_within_the_allowance_then_silently() {
    for app in flood_backends().await {
        for (channel, address) in [
            (Channel::Sms, "+33639983001"),
            (Channel::Telegram, "983001"),
        ] {
            // Telegram's /start reaches the engine as START (bot adapter).
            let mut handled = Vec::new();
            for _ in 0..PROBE {
                handled.push(send(&app, channel, address, "START").await);
            }
            let sent = caused(&app, channel, address).await;
            assert!(
                sent <= BOUND,
                "{channel:?}: {sent} messages for {PROBE} START"
            );
            assert!(sent >= 2, "{channel:?}: the first ones are answered");
            assert_eq!(
                recorded(&app, channel, address).await,
                PROBE,
                "nothing lost"
            );
            assert!(handled[PROBE as usize - 1] == Handled::Muted, "{handled:?}");
            assert!(!stopped(&app, channel, address).await);
        }
        app.store.close().await;
    }
}

#[tokio::test]
async fn stop_start_in_a_loop_always_takes_effect_and_is_confirmed_a_few_times() {
    for app in flood_backends().await {
        let phone = "+33639983002";
        say(&app, phone, "Bonjour").await;
        for round in 0..PROBE / 2 {
            send(&app, Channel::Sms, phone, "STOP").await;
            assert!(stopped(&app, Channel::Sms, phone).await, "STOP {round}");
            send(&app, Channel::Sms, phone, "START").await;
            assert!(!stopped(&app, Channel::Sms, phone).await, "START {round}");
        }
        // A last STOP, far past the limit and the allowance: recorded, and it holds.
        send(&app, Channel::Sms, phone, "arret").await;
        assert!(stopped(&app, Channel::Sms, phone).await);
        let sent = caused(&app, Channel::Sms, phone).await;
        // The greeting of "Bonjour", then the bound.
        assert!(sent <= 1 + BOUND, "{sent} messages for {PROBE} STOP/START");
        assert_eq!(recorded(&app, Channel::Sms, phone).await, PROBE + 2);
        app.store.close().await;
    }
}

#[tokio::test]
async fn a_stop_amid_an_auto_responder_loop_takes_effect_and_is_confirmed() {
    for app in flood_backends().await {
        let phone = "+33639983003";
        for i in 0..PROBE {
            send(
                &app,
                Channel::Sms,
                phone,
                &format!("Message automatique {i}"),
            )
            .await;
        }
        let before = caused(&app, Channel::Sms, phone).await;
        assert!(before <= LIMIT.max_messages * 2 + 1, "{before}");
        let last = app.store.last_message_id().await.unwrap();
        assert_eq!(
            send(&app, Channel::Sms, phone, "STOP").await,
            Handled::Processed
        );
        let confirmation = app.store.messages_after(last).await.unwrap();
        assert_eq!(confirmation.len(), 1, "told it worked");
        assert!(
            confirmation[0].text.contains("START"),
            "{}",
            confirmation[0].text
        );
        assert!(stopped(&app, Channel::Sms, phone).await);
        app.store.close().await;
    }
}

#[tokio::test]
async fn a_referent_stop_start_loop_is_bounded_too() {
    for app in flood_backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let structure_id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM structures")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        let referent = "+33639989201";
        let mut tx = app.store.begin().await.unwrap();
        staff::ensure_referent(&mut tx, structure_id, "Paul", Channel::Sms, referent)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        for _ in 0..PROBE / 2 {
            send(&app, Channel::Sms, referent, "STOP").await;
            send(&app, Channel::Sms, referent, "START").await;
        }
        send(&app, Channel::Sms, referent, "STOP").await;
        assert!(
            stopped(&app, Channel::Sms, referent).await,
            "the opt-out holds"
        );
        let sent = caused(&app, Channel::Sms, referent).await;
        assert!(sent <= BOUND, "{sent} messages for {PROBE} STOP/START");
        assert_eq!(recorded(&app, Channel::Sms, referent).await, PROBE + 1);
        app.store.close().await;
    }
}

#[tokio::test]
async fn telegram_invitations_and_shared_contacts_are_counted_and_muted() {
    for app in flood_backends().await {
        let chat = "983004";
        let mut handled = Vec::new();
        for i in 0..PROBE {
            let h = app
                .redeem_invite(
                    chat,
                    &unique("u"),
                    StaffRole::Referent,
                    &format!("guess{i}"),
                    None,
                    NOW,
                )
                .await
                .unwrap();
            handled.push(h);
        }
        let sent = caused(&app, Channel::Telegram, chat).await;
        assert_eq!(
            sent,
            LIMIT.max_messages + 1,
            "the limit's answers, then the notice"
        );
        assert_eq!(handled[LIMIT.max_messages as usize], Handled::Muted);
        assert_eq!(recorded(&app, Channel::Telegram, chat).await, PROBE);

        let sharer = "983005";
        for _ in 0..PROBE {
            app.link_phone(sharer, &unique("u"), "+33639983005", true, NOW)
                .await
                .unwrap();
        }
        let sent = caused(&app, Channel::Telegram, sharer).await;
        assert_eq!(
            sent,
            LIMIT.max_messages + 1,
            "the limit's answers, then the notice"
        );
        assert_eq!(recorded(&app, Channel::Telegram, sharer).await, PROBE);
        // Muted, a share does nothing; calm again a window later, it is answered.
        let later = NOW + LIMIT.window;
        let h = app
            .link_phone(sharer, &unique("u"), "+33639983005", true, later)
            .await
            .unwrap();
        assert_eq!(h, Handled::Processed);
        app.store.close().await;
    }
}
