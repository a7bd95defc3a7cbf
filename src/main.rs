//! `renfort`: one binary for the server, the terminal conversation and the operators' tools.

mod chat;
mod config;
mod moderation;
mod serve;

use std::sync::Arc;

use anyhow::Result;
use clap::{Parser, Subcommand};
use renfort_core::service::{Renderers, Renfort};
use renfort_core::store::Store;

#[derive(Parser)]
#[command(
    name = "renfort",
    version,
    about = "Renfort: volunteering by SMS and Telegram"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server: SMS webhook, health and metrics, outbox senders.
    Serve,
    /// Talk to the conversation engine from the terminal, one inbound message per line.
    Chat(chat::ChatArgs),
    /// Load data.
    Seed {
        #[command(subcommand)]
        what: SeedWhat,
    },
    /// The moderation queue: list, approve, refuse.
    Moderation {
        #[command(subcommand)]
        action: moderation::Action,
    },
}

#[derive(Subcommand)]
enum SeedWhat {
    /// Demo data for Pas-de-Calais (idempotent).
    Demo,
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub async fn open() -> Result<Renfort> {
    let settings = config::Settings::from_env();
    let store = Store::connect(&settings.database_url).await?;
    let renderers = Renderers {
        sms: Arc::new(renfort_sms::SmsRenderer),
        telegram: Arc::new(renfort_bot::TelegramRenderer),
    };
    Ok(Renfort::new(store, settings.core, renderers))
}

#[tokio::main]
async fn main() -> Result<()> {
    let cli = Cli::parse();
    let default_filter = if matches!(cli.command, Command::Serve) {
        "info"
    } else {
        "warn"
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RENFORT_LOG")
                .unwrap_or_else(|_| default_filter.into()),
        )
        .init();
    match cli.command {
        Command::Serve => serve::run().await,
        Command::Chat(args) => chat::run(args).await,
        Command::Seed {
            what: SeedWhat::Demo,
        } => {
            let app = open().await?;
            let r = renfort_core::seed::demo(&app.store, now()).await?;
            println!(
                "demo data: {} structures, {} missions, {} referents (Pas-de-Calais)",
                r.structures, r.missions, r.referents
            );
            Ok(())
        }
        Command::Moderation { action } => moderation::run(action).await,
    }
}
