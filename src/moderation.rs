//! `renfort moderation list|approve|refuse`: the operator's view of the queue.

use anyhow::{Result, bail};
use clap::{Subcommand, ValueEnum};

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
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Volunteer,
    Mission,
    Structure,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Volunteer => "volunteer",
            Kind::Mission => "mission",
            Kind::Structure => "structure",
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
                        i.kind, i.id, i.departement, i.summary
                    );
                }
            }
        }
        Action::Approve { kind, id } | Action::Refuse { kind, id } => {
            let approve = matches!(action, Action::Approve { .. });
            if let Err(e) = app
                .moderate(kind.as_str(), id, approve, None, crate::now())
                .await
            {
                bail!("{e}");
            }
            let verb = if approve { "approved" } else { "refused" };
            println!("{} {id} {verb}", kind.as_str());
        }
    }
    app.store.close().await;
    Ok(())
}
