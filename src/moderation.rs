//! `renfort moderation list|approve|refuse`: the operator's view of the queue.

use anyhow::{Result, bail};
use clap::{Subcommand, ValueEnum};
use renfort_core::domain::{ItemKind, StaffRole};
use renfort_core::text::shown;

#[derive(Subcommand)]
pub enum Action {
    /// Pending volunteers, missions and structures, oldest first.
    List {
        #[arg(long)]
        departement: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Validate a pending item.
    Approve { kind: Kind, id: i64 },
    /// Refuse a pending item.
    Refuse { kind: Kind, id: i64 },
    /// A single-use Telegram deep link that links a referent's or moderator's chat.
    Invite {
        who: Invitee,
        id: i64,
        /// Refused after this many days.
        #[arg(long, value_name = "DAYS", default_value_t = 7,
              value_parser = clap::value_parser!(u32).range(1..=90))]
        expires: u32,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Invitee {
    Referent,
    Moderator,
}

/// 12 random characters from the system's random source.
pub(crate) fn invite_code() -> Result<String> {
    // 32 letters: a byte modulo 32 is uniform.
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 12];
    crate::random_bytes(&mut bytes)?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect())
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Volunteer,
    Mission,
    Structure,
}

impl From<Kind> for ItemKind {
    fn from(k: Kind) -> ItemKind {
        match k {
            Kind::Volunteer => ItemKind::Volunteer,
            Kind::Mission => ItemKind::Mission,
            Kind::Structure => ItemKind::Structure,
        }
    }
}

pub async fn run(action: Action) -> Result<()> {
    let app = crate::open().await?;
    match action {
        Action::List { departement, json } => {
            let items = app.store.moderation_queue(departement.as_deref()).await?;
            if json {
                println!("{}", serde_json::to_string(&items)?);
            } else if items.is_empty() {
                println!("nothing to moderate");
            } else {
                for i in items {
                    println!(
                        "{:<9} {:>5}  {:<3} {}",
                        i.kind.as_str(),
                        i.id,
                        shown(&i.departement),
                        // Names and titles come from outside (older rows may predate the
                        // input rules): a terminal shows them, never obeys them.
                        shown(&i.summary)
                    );
                }
            }
        }
        Action::Approve { kind, id } | Action::Refuse { kind, id } => {
            let approve = matches!(action, Action::Approve { .. });
            let kind = ItemKind::from(kind);
            if let Err(e) = app.moderate(kind, id, approve, None, crate::now()).await {
                bail!("{e}");
            }
            let verb = if approve { "approved" } else { "refused" };
            println!("{} {id} {verb}", kind.as_str());
        }
        Action::Invite { who, id, expires } => {
            let (role, prefix) = match who {
                Invitee::Referent => (StaffRole::Referent, "ref"),
                Invitee::Moderator => (StaffRole::Moderator, "mod"),
            };
            let code = invite_code()?;
            let now = crate::now();
            let expires_at = now + i64::from(expires) * 86_400;
            renfort_core::store::staff::create_invite(&app.store, role, id, &code, now, expires_at)
                .await?;
            println!("/start {prefix}-{code}");
            eprintln!("single use, valid for {expires} day(s)");
            if let Ok(bot) = std::env::var("TELEGRAM_BOT_USERNAME") {
                println!("https://t.me/{bot}?start={prefix}-{code}");
            }
        }
    }
    app.store.close().await;
    Ok(())
}
