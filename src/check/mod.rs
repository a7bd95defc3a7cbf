//! `renfort check`: the configuration checked against the real services before a volunteer
//! writes. One line per check: `ok`, `FAILED` (with what to fix), `skipped` (a check it needs
//! failed) or `off` (a service not configured); exit code 0 only when nothing failed. Nothing
//! printed holds a token, a password or a full phone number.
//!
//! [`public_url`] (the form of `RENFORT_PUBLIC_URL`, and URLs compared as callers see them),
//! [`database`] (reachable, migrated as far as this binary), [`twilio`] (account, number and
//! its SMS webhook), [`telegram`] (bot, updates and `TELEGRAM_MODE`).

mod database;
mod metrics;
mod public_url;
mod telegram;
mod twilio;

use std::time::Duration;

use anyhow::Result;

use crate::config::Settings;

/// Each service gets this long to answer.
const TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Status {
    Ok,
    Failed,
    /// Not configured, which is allowed (SMS to the log gateway, no bot).
    Off,
    /// Not checked because a check it depends on failed (so never alone).
    Skipped,
}

pub struct Line {
    pub status: Status,
    pub what: &'static str,
    pub says: String,
}

fn ok(what: &'static str, says: impl Into<String>) -> Line {
    Line {
        status: Status::Ok,
        what,
        says: says.into(),
    }
}

fn failed(what: &'static str, says: impl Into<String>) -> Line {
    Line {
        status: Status::Failed,
        what,
        says: says.into(),
    }
}

fn skipped(what: &'static str, says: impl Into<String>) -> Line {
    Line {
        status: Status::Skipped,
        what,
        says: says.into(),
    }
}

/// A service's lines from its first check alone (the one the next depends on): that check
/// failed, so `next` is reported skipped rather than left out.
fn next_skipped_if_first_failed(
    mut lines: Vec<Line>,
    first: &'static str,
    next: &'static str,
    says: &str,
) -> Vec<Line> {
    if let [only] = lines.as_slice()
        && only.what == first
        && only.status == Status::Failed
    {
        lines.push(skipped(next, says));
    }
    lines
}

fn off(what: &'static str, says: impl Into<String>) -> Line {
    Line {
        status: Status::Off,
        what,
        says: says.into(),
    }
}

pub async fn run() -> Result<()> {
    let settings = Settings::from_env();
    let mut lines = vec![
        public_url::check(&settings),
        database::check(&settings.database_url).await,
    ];
    lines.extend(metrics::check(&settings));
    lines.extend(twilio::check(&settings).await);
    lines.extend(telegram::check(&settings).await);
    for line in &lines {
        let status = match line.status {
            Status::Ok => "ok",
            Status::Failed => "FAILED",
            Status::Off => "off",
            Status::Skipped => "skipped",
        };
        println!("{status:<8}{}: {}", line.what, line.says);
    }
    let failures = lines.iter().filter(|l| l.status == Status::Failed).count();
    if failures > 0 {
        anyhow::bail!("{failures} of {} checks failed", lines.len());
    }
    Ok(())
}
