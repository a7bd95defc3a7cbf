//! `renfort token create|list|revoke`: bearer tokens for /api/v1. A token is printed once, at
//! creation; only its hash is stored, so `list` shows everything but the token.

use anyhow::{Result, anyhow, bail};
use clap::Subcommand;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use renfort_core::domain::Role;
use renfort_core::principal::Principal;
use renfort_core::store::tokens::TokenInfo;
use renfort_core::text::{Kind, first_unwanted, shown};

/// `--role`: the core's roles, offered by their stored names.
fn role_parser() -> impl TypedValueParser<Value = Role> {
    PossibleValuesParser::new([Role::Admin, Role::Moderator, Role::Referent].map(Role::as_str))
        .map(|word| Role::parse(&word).expect("one of the possible values"))
}

#[derive(Subcommand)]
pub enum Action {
    /// Creates a bearer token for /api/v1 and prints it once (only its hash is stored).
    Create {
        #[arg(long, value_parser = role_parser())]
        role: Role,
        /// Moderators: their départements, e.g. "59 62".
        #[arg(long)]
        departements: Option<String>,
        /// Referents: their structure's id.
        #[arg(long)]
        structure: Option<i64>,
        #[arg(long, default_value = "")]
        label: String,
        /// Refused after this many days (default: until revoked).
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=3650))]
        expires: Option<u32>,
    },
    /// Every token: id, role, scope, label, created, last used, expiry, revocation. Never the
    /// token itself.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Revokes a token by its id (from `token list`): refused (401) from now on.
    Revoke { id: i64 },
}

/// `YYYY-MM-DD HH:MM` UTC, for operators' tables.
pub fn when(at: Option<i64>) -> String {
    let Some(at) = at else {
        return "-".into();
    };
    let (y, m, d) = renfort_core::clock::civil_from_days(at.div_euclid(86_400));
    let secs = at.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60
    )
}

fn print_table(tokens: &[TokenInfo], now: i64) {
    println!(
        "{:>4}  {:<9}  {:<14}  {:<16}  {:<16}  {:<16}  {:<8}  label",
        "id", "role", "scope", "created (UTC)", "last used", "expires", "state"
    );
    for t in tokens {
        let state = if t.revoked_at.is_some() {
            "revoked"
        } else if t.expires_at.is_some_and(|at| at <= now) {
            "expired"
        } else {
            "active"
        };
        println!(
            "{:>4}  {:<9}  {:<14}  {:<16}  {:<16}  {:<16}  {:<8}  {}",
            t.id,
            t.role.as_str(),
            shown(&t.scope),
            when(Some(t.created_at)),
            when(t.last_used_at),
            when(t.expires_at),
            state,
            // Labels stored before labels were checked may hold anything: shown, not obeyed.
            shown(&t.label)
        );
    }
}

pub async fn run(action: Action) -> Result<()> {
    let app = crate::open().await?;
    let now = crate::now();
    match action {
        Action::Create {
            role,
            departements,
            structure,
            label,
            expires,
        } => {
            let principal = match role {
                Role::Admin => Principal::Admin,
                Role::Moderator => Principal::Moderator {
                    departements: departements
                        .unwrap_or_default()
                        .split_whitespace()
                        .map(str::to_string)
                        .collect(),
                },
                Role::Referent => Principal::Referent {
                    structure_id: structure
                        .ok_or_else(|| anyhow!("--structure is required for a referent"))?,
                },
            };
            // A label is read back in terminals: one line of text, nothing hidden in it.
            if let Some(c) = first_unwanted(&label, Kind::Line) {
                bail!("--label holds a control character (U+{:04X})", u32::from(c));
            }
            let token = format!("rft_{}", crate::random_hex(24)?);
            let expires_at = expires.map(|days| now + i64::from(days) * 86_400);
            let id = app
                .store
                .create_token(&token, &principal, &label, expires_at, now)
                .await?;
            println!("{token}");
            eprintln!(
                "token {id} created{}; it is shown only now",
                expires_at
                    .map(|at| format!(", valid until {} UTC", when(Some(at))))
                    .unwrap_or_default()
            );
        }
        Action::List { json } => {
            let tokens = app.store.list_tokens().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&tokens)?);
            } else {
                print_table(&tokens, now);
            }
        }
        Action::Revoke { id } => {
            if !app.store.revoke_token(id, now).await? {
                bail!("no active token {id} (see `renfort token list`)");
            }
            println!("token {id} revoked");
        }
    }
    Ok(())
}
