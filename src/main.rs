//! `renfort`: one binary for the server, the terminal conversation and the operators' tools.

mod api;
mod chat;
mod check;
mod config;
mod console;
mod departement;
mod http_server;
mod moderation;
mod outbox;
mod progress;
mod serve;
mod token;

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
    /// Check the configuration against the database, Twilio and Telegram: one line per
    /// check; exit code 0 only when all hold.
    Check,
    /// Create the database or bring it up to this version (what `serve` also does at start).
    Migrate,
    /// Talk to the conversation engine from the terminal, one inbound message per line.
    Chat(chat::ChatArgs),
    /// Load data.
    Seed {
        #[command(subcommand)]
        what: SeedWhat,
    },
    /// Web console sessions: list, revoke.
    Console {
        #[command(subcommand)]
        action: ConsoleAction,
    },
    /// API tokens: create, list, revoke.
    Token {
        #[command(subcommand)]
        action: token::Action,
    },
    /// Import data.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Figures per département: structures, missions by domain, volunteers, intents.
    Stats {
        #[arg(long)]
        departement: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Where Renfort is open: open or close a département, its validation and minimum age,
    /// moderators for several départements or all.
    Departement {
        #[command(subcommand)]
        action: departement::Action,
    },
    /// The moderation queue: list, approve, refuse.
    Moderation {
        #[command(subcommand)]
        action: moderation::Action,
    },
    /// Messages waiting to be sent and failed ones (`--failed`); `requeue ID` sends a failed
    /// one again.
    Outbox(outbox::OutboxArgs),
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Missions from a CSV (header row) or JSON (array) file; columns in the README.
    /// All or nothing: any error is reported with its line and nothing is imported.
    Missions {
        file: std::path::PathBuf,
        /// Read the file as JSON (default: by extension, else CSV).
        #[arg(long)]
        json: bool,
        /// Accept missions located outside their structure's département (they are then
        /// moderated by the département where they take place).
        #[arg(long)]
        allow_outside: bool,
    },
}

#[derive(Subcommand)]
enum ConsoleAction {
    /// Every console session: id, who, opened, last seen, whether it still opens pages.
    Sessions {
        #[arg(long)]
        json: bool,
    },
    /// Ends a session at once (its next page asks to sign in again).
    Revoke { id: i64 },
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
    open_with(None).await
}

/// `console_url`: where this process serves the web console (`serve` only), for CONSOLE's
/// login links.
pub async fn open_with(console_url: Option<String>) -> Result<Renfort> {
    let mut settings = config::Settings::from_env();
    settings.core.console_url = console_url;
    let store = Store::connect(&settings.database_url).await?;
    let renderers = Renderers {
        sms: Arc::new(renfort_sms::SmsRenderer),
        telegram: Arc::new(renfort_bot::TelegramRenderer),
    };
    Ok(Renfort::new(store, settings.core, renderers))
}

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        // One clear line for operators, not a backtrace.
        eprintln!("renfort: {e:#}");
        std::process::exit(1);
    }
}

async fn run() -> Result<()> {
    let cli = Cli::parse();
    let default_filter = if matches!(cli.command, Command::Serve) {
        "info"
    } else {
        "warn"
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colours for a terminal only: log files and journald get plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RENFORT_LOG")
                .unwrap_or_else(|_| default_filter.into()),
        )
        .init();
    match cli.command {
        Command::Serve => serve::run().await,
        Command::Chat(args) => chat::run(args).await,
        Command::Check => check::run().await,
        Command::Migrate => {
            let settings = config::Settings::from_env();
            let store = Store::connect(&settings.database_url).await?;
            store.close().await;
            let status = renfort_core::store::migrations::status(
                &settings.database_url,
                std::time::Duration::from_secs(30),
            )
            .await?;
            println!(
                "database up to date: {} of {} migrations applied",
                status.applied, status.known
            );
            Ok(())
        }
        Command::Seed {
            what: SeedWhat::Demo,
        } => {
            let app = open().await?;
            let mut bar: Option<progress::Progress> = None;
            let r = renfort_core::seed::demo_with_progress(&app.store, now(), |done, total| {
                bar.get_or_insert_with(|| progress::Progress::new("demo structures", total))
                    .set(done)
            })
            .await?;
            if let Some(bar) = bar {
                bar.finish();
            }
            println!(
                "demo data: {} structures, {} missions, {} referents (Pas-de-Calais)",
                r.structures, r.missions, r.referents
            );
            Ok(())
        }
        Command::Moderation { action } => moderation::run(action).await,
        Command::Departement { action } => departement::run(action).await,
        Command::Outbox(args) => outbox::run(args).await,
        Command::Import {
            what:
                ImportWhat::Missions {
                    file,
                    json,
                    allow_outside,
                },
        } => import_missions(&file, json, allow_outside).await,
        Command::Token { action } => token::run(action).await,
        Command::Console { action } => console_sessions(action).await,
        Command::Stats { departement, json } => {
            let app = open().await?;
            let stats = app
                .store
                .stats(departement.as_deref())
                .await?
                .priced(app.config.sms_price);
            if json {
                println!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                print_stats(&stats);
            }
            Ok(())
        }
    }
}

async fn console_sessions(action: ConsoleAction) -> Result<()> {
    let app = open().await?;
    let now = now();
    match action {
        ConsoleAction::Sessions { json } => {
            let sessions = app.store.list_sessions(now).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&sessions)?);
                return Ok(());
            }
            if sessions.is_empty() {
                println!("no console session");
            }
            for s in sessions {
                println!(
                    "{:>4}  {:<9} {:>4}  {:<20}  opened {}  last seen {}  {}",
                    s.id,
                    s.staff_kind.as_str(),
                    s.staff_id,
                    renfort_core::text::shown(&s.name),
                    token::when(Some(s.created_at)),
                    token::when(Some(s.last_seen)),
                    if s.live {
                        "live"
                    } else if s.revoked_at.is_some() {
                        "revoked"
                    } else {
                        "expired"
                    }
                );
            }
            Ok(())
        }
        ConsoleAction::Revoke { id } => {
            if app.store.revoke_session(id, now).await? {
                println!("console session {id} revoked");
                Ok(())
            } else {
                anyhow::bail!("no live console session {id}")
            }
        }
    }
}

fn print_stats(s: &renfort_core::store::stats::Stats) {
    println!(
        "Renfort figures{}",
        s.departement
            .as_ref()
            .map(|d| format!(" for {d}"))
            .unwrap_or_default()
    );
    println!("structures: {:?}", s.structures);
    for (domain, by_status) in &s.missions {
        println!("missions, domain {domain}: {by_status:?}");
    }
    let v = &s.volunteers;
    println!(
        "volunteers: {} registered, {} validated, {} pending, {} stopped, {} erased",
        v.registered, v.validated, v.pending, v.stopped, v.erased
    );
    let i = &s.intents;
    println!(
        "intents: {} relayed, {} held, {} answered ({} accepted, {} declined); median first answer: {}",
        i.relayed,
        i.held,
        i.answered,
        i.accepted,
        i.declined,
        i.median_hours_to_first_answer
            .map(|h| format!("{h:.1} h"))
            .unwrap_or_else(|| "-".into())
    );
    let c = &s.coverage;
    match (c.open, &c.validation) {
        (Some(open), Some(validation)) => println!(
            "open: {} (validation {validation}, {} moderator(s), minimum age {})",
            if open { "yes" } else { "no" },
            c.moderators.unwrap_or(0),
            c.min_age.unwrap_or(18)
        ),
        _ => println!(
            "open départements: {}{}",
            if c.open_departements.is_empty() {
                "none named".to_string()
            } else {
                c.open_departements.join(" ")
            },
            if c.moderated_everywhere {
                " (a moderator covers every département)"
            } else {
                ""
            }
        ),
    }
    let b = &s.alert_budget;
    println!(
        "new-mission alerts: at most {} per place, {} per mission",
        b.per_place, b.max
    );
    let sms = &s.sms;
    let price = |cost: Option<f64>| cost.map(|c| format!(", cost {c:.2}")).unwrap_or_default();
    println!(
        "SMS, last {} days: {} segments{}{}",
        renfort_core::store::stats::SMS_DAYS,
        sms.segments,
        sms.price_per_segment
            .map(|p| format!(" at {p} per segment"))
            .unwrap_or_else(|| " (no RENFORT_SMS_PRICE)".into()),
        price(sms.cost)
    );
    for d in &sms.days {
        println!(
            "  {} {:>3}: {} SMS, {} segments{}",
            d.day,
            d.departement,
            d.messages,
            d.segments,
            price(d.cost)
        );
    }
    println!(
        "SMS delivery reports: {:?}; alerts to referents not delivered: {}",
        sms.delivery, sms.undelivered_alerts
    );
}

/// At most this many error lines are printed; the rest are counted.
const IMPORT_ERRORS_SHOWN: usize = 50;

async fn import_missions(file: &std::path::Path, json: bool, allow_outside: bool) -> Result<()> {
    use renfort_core::import::ImportStep;
    let content =
        std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let json = json
        || file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let rows = renfort_core::import::parse(&content, json)
        .map_err(|e| anyhow::anyhow!("{}:{}: {}", file.display(), e.line, e.message))?;
    let app = open().await?;
    let total = rows.len();
    // One bar (or plain lines) per pass: checking the rows, then writing them.
    let mut bar: Option<(ImportStep, progress::Progress)> = None;
    let report =
        renfort_core::import::missions(&app.store, rows, now(), allow_outside, |step, done, of| {
            if bar.as_ref().is_none_or(|(s, _)| *s != step) {
                if let Some((_, previous)) = bar.take() {
                    previous.finish();
                }
                let what = match step {
                    ImportStep::Checking => "checking rows",
                    ImportStep::Writing => "writing missions",
                };
                bar = Some((step, progress::Progress::new(what, of)));
            }
            if let Some((_, p)) = bar.as_mut() {
                p.set(done);
            }
        })
        .await?;
    if let Some((_, p)) = bar {
        p.finish();
    }
    if !report.errors.is_empty() {
        for e in report.errors.iter().take(IMPORT_ERRORS_SHOWN) {
            eprintln!("{}:{}: {}", file.display(), e.line, e.message);
        }
        if report.errors.len() > IMPORT_ERRORS_SHOWN {
            eprintln!(
                "{}: … and {} more error(s) not shown",
                file.display(),
                report.errors.len() - IMPORT_ERRORS_SHOWN
            );
        }
        anyhow::bail!(
            "{} error(s) in {} rows: nothing imported",
            report.errors.len(),
            total
        );
    }
    // A skipped row is listed, not an error: importing the same file again (a provider's
    // daily export) is meant to add only what is new, and must keep exiting 0. Each one
    // names the mission that holds its ref, so an operator can see one taken by someone
    // else of the same structure.
    for s in report.skipped.iter().take(IMPORT_ERRORS_SHOWN) {
        eprintln!(
            "{}:{}: skipped: ref {:?} is mission {} of this structure already",
            file.display(),
            s.line,
            s.reference,
            s.mission_id
        );
    }
    if report.skipped.len() > IMPORT_ERRORS_SHOWN {
        eprintln!(
            "{}: … and {} more skipped row(s) not shown",
            file.display(),
            report.skipped.len() - IMPORT_ERRORS_SHOWN
        );
    }
    println!(
        "{} missions imported (pending validation), {} skipped (ref already there)",
        report.imported,
        report.skipped.len()
    );
    Ok(())
}

/// Fills `bytes` from the operating system's random source (getrandom(2) on Linux: no file
/// to open, works in a chroot or a container without /dev).
pub fn random_bytes(bytes: &mut [u8]) -> Result<()> {
    getrandom::fill(bytes).map_err(|e| anyhow::anyhow!("the system's random source failed: {e}"))
}

/// `n` random bytes from the system, as hex.
pub fn random_hex(n: usize) -> Result<String> {
    let mut bytes = vec![0u8; n];
    random_bytes(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
