//! `renfort departement set|moderator`: where Renfort is open. A département is open when its
//! volunteers are validated automatically or a moderator covers it, unless it is closed; the
//! engine tells people elsewhere at once rather than promising a moderator.

use anyhow::{Result, bail};
use clap::{Subcommand, ValueEnum};
use renfort_core::domain::{Channel, ValidationRule};
use renfort_core::store::staff;

#[derive(Subcommand)]
pub enum Action {
    /// Open or close a département, set how it validates volunteers and its minimum age.
    Set {
        departement: String,
        /// Close it: its volunteers are told Renfort is not open there, whatever else holds.
        #[arg(long, conflicts_with = "open")]
        close: bool,
        /// Open it again (it is open once automatic, or covered by a moderator).
        #[arg(long)]
        open: bool,
        #[arg(long)]
        validation: Option<Validation>,
        /// The minimum age to take a mission (18 unless set).
        #[arg(long, value_parser = clap::value_parser!(u32).range(14..=99))]
        min_age: Option<u32>,
    },
    /// Name a moderator (reached by SMS at PHONE) for some départements ("59 62") or all ("*").
    Moderator {
        #[arg(long)]
        name: String,
        #[arg(long)]
        phone: String,
        #[arg(long)]
        departements: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Validation {
    /// A moderator validates each volunteer.
    Required,
    /// Volunteers are validated as they finish registering.
    Auto,
}

/// A département number as the gazetteer writes them: "62", "2A", "974".
fn departement_number(d: &str) -> bool {
    (2..=3).contains(&d.len())
        && d.chars()
            .all(|c| c.is_ascii_digit() || c == 'A' || c == 'B')
}

pub async fn run(action: Action) -> Result<()> {
    let app = crate::open().await?;
    let mut tx = app.store.begin().await?;
    match action {
        Action::Set {
            departement,
            close,
            open,
            validation,
            min_age,
        } => {
            if !departement_number(&departement) {
                bail!("not a département number: {departement}");
            }
            let closed = if close {
                Some(true)
            } else {
                open.then_some(false)
            };
            let rule = validation.map(|v| match v {
                Validation::Required => ValidationRule::Required,
                Validation::Auto => ValidationRule::Auto,
            });
            staff::set_departement(&mut tx, &departement, closed, rule, min_age).await?;
            tx.commit().await?;
        }
        Action::Moderator {
            name,
            phone,
            departements,
        } => {
            let list: Vec<&str> = departements.split_whitespace().collect();
            if list.is_empty() || !list.iter().all(|d| *d == "*" || departement_number(d)) {
                bail!("départements: numbers separated by spaces, or \"*\" for all");
            }
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            let phone = match digits.strip_prefix('0') {
                Some(national) if !phone.trim_start().starts_with('+') && digits.len() == 10 => {
                    format!("+33{national}")
                }
                _ => format!("+{digits}"),
            };
            if !phone.starts_with('+') || phone.len() < 8 {
                bail!("phone: an international number, +33…");
            }
            let name = renfort_core::text::clean(&name, renfort_core::text::Kind::Line);
            let id = staff::name_moderator(&mut tx, &name, Channel::Sms, &phone, &list.join(" "))
                .await?;
            tx.commit().await?;
            println!("moderator {id}: {}", list.join(" "));
        }
    }
    let c = app.store.stats(None).await?.coverage;
    println!(
        "open: {}{}",
        c.open_departements.join(" "),
        if c.moderated_everywhere {
            " (and every other: a moderator covers all)"
        } else {
            ""
        }
    );
    Ok(())
}
