//! `renfort outbox [--failed] [--json]` and `renfort outbox requeue ID`: what waits to be
//! sent and what failed, and a failed message sent again. Messages are given up by age
//! (`RENFORT_REPLY_MAX_AGE`, `RENFORT_ALERT_MAX_AGE`), so after a long outage of the provider
//! an operator re-queues what still matters. Never the text (names, relayed words), never a
//! full address.

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use renfort_core::domain::redact_address;
use renfort_core::text::shown;

#[derive(Args)]
pub struct OutboxArgs {
    #[command(subcommand)]
    action: Option<Action>,
    /// Only the failed messages.
    #[arg(long)]
    failed: bool,
    #[arg(long)]
    json: bool,
    /// The newest this many.
    #[arg(long, default_value_t = 100)]
    limit: i64,
}

#[derive(Subcommand)]
enum Action {
    /// Sends a failed message again (by its id from `renfort outbox --failed`): due now, its
    /// age counted from now; still never to a contact who texted STOP.
    Requeue { id: i64 },
}

pub async fn run(args: OutboxArgs) -> Result<()> {
    let app = crate::open().await?;
    let now = crate::now();
    if let Some(Action::Requeue { id }) = args.action {
        if !app.store.requeue(id, now).await? {
            bail!("no failed message {id} (see `renfort outbox --failed`)");
        }
        println!("message {id} re-queued");
        return Ok(());
    }
    let mut rows = app.store.list_outbox(args.failed, args.limit).await?;
    for r in &mut rows {
        r.address = redact_address(&r.address);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    println!(
        "{:>8}  {:<8}  {:<14}  {:<6}  {:<8}  {:>8}  {:>7}  {:>5}  error",
        "id", "channel", "to", "kind", "status", "attempts", "age", "chars"
    );
    for r in &rows {
        let kind = match r.priority {
            0 => "reply",
            1 => "alert",
            _ => "bulk",
        };
        println!(
            "{:>8}  {:<8}  {:<14}  {:<6}  {:<8}  {:>8}  {:>7}  {:>5}  {}",
            r.id,
            r.channel,
            r.address,
            kind,
            r.status,
            r.attempts,
            age(now - r.created_at),
            r.characters,
            // A provider's words: shown, not obeyed.
            shown(r.error.as_deref().unwrap_or("-"))
        );
    }
    Ok(())
}

/// `45s`, `12m`, `3h`, `2d`.
fn age(seconds: i64) -> String {
    match seconds.max(0) {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}
