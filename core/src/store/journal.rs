//! The journal: who validated, refused, changed or erased what, and when, whatever the path
//! (console, SMS, Telegram, CLI, API). Written in the same transaction as the change it
//! records, so a change is never without its line nor a line without its change.

use serde::Serialize;
use sqlx::Row;

use super::{Result, Store, Tx};

/// Who acted, and by which path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// `moderator`, `referent`, `token` (an API token), `operator` (the CLI) or `volunteer`.
    pub kind: &'static str,
    pub id: Option<i64>,
    /// `console`, `sms`, `telegram`, `cli` or `api`.
    pub path: &'static str,
}

impl Actor {
    pub fn operator() -> Actor {
        Actor {
            kind: "operator",
            id: None,
            path: "cli",
        }
    }
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entry {
    pub id: i64,
    pub at: i64,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub path: String,
    /// `validated`, `refused`, `undone` (a refusal taken back), `created`, `changed`,
    /// `closed`, `erased`, `answered`.
    pub action: String,
    /// `volunteer`, `mission`, `structure`, `participation`.
    pub subject_kind: String,
    pub subject_id: i64,
    pub departement: Option<String>,
    pub structure_id: Option<i64>,
    /// A short detail (a refusal's reason, a new status): never a phone number or a body.
    pub detail: Option<String>,
}

/// What happened to what.
pub struct Line<'a> {
    pub action: &'a str,
    pub subject_kind: &'a str,
    pub subject_id: i64,
    pub departement: Option<&'a str>,
    pub structure_id: Option<i64>,
    pub detail: Option<&'a str>,
}

pub async fn record(tx: &mut Tx, actor: &Actor, line: &Line<'_>, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO journal (at, actor_kind, actor_id, path, action, subject_kind, subject_id, \
         departement, structure_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(now)
    .bind(actor.kind)
    .bind(actor.id)
    .bind(actor.path)
    .bind(line.action)
    .bind(line.subject_kind)
    .bind(line.subject_id)
    .bind(line.departement)
    .bind(line.structure_id)
    .bind(line.detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Which lines a reader may see.
pub enum Scope<'a> {
    All,
    Departements(&'a [String]),
    Structure(i64),
}

impl Store {
    /// The newest lines first, `limit` of them before `before` (an id; `None`: the newest).
    pub async fn journal(
        &self,
        scope: Scope<'_>,
        subject: Option<(&str, i64)>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Entry>> {
        let (deps, structure) = match scope {
            Scope::All => (None, None),
            // Départements are short codes checked at login ("62", "2A", "974"): joined, they
            // are matched in SQL as one space-separated list.
            Scope::Departements(d) => (Some(format!(" {} ", d.join(" "))), None),
            Scope::Structure(s) => (None, Some(s)),
        };
        let rows = sqlx::query(
            "SELECT id, at, actor_kind, actor_id, path, action, subject_kind, subject_id, \
             departement, structure_id, detail FROM journal \
             WHERE ($1 IS NULL OR (departement IS NOT NULL AND \
                    $1 LIKE '% ' || departement || ' %')) \
             AND ($2 IS NULL OR structure_id = $2) \
             AND ($3 IS NULL OR (subject_kind = $3 AND subject_id = $4)) \
             AND ($5 IS NULL OR id < $5) ORDER BY id DESC LIMIT $6",
        )
        .bind(deps)
        .bind(structure)
        .bind(subject.map(|s| s.0.to_string()))
        .bind(subject.map(|s| s.1))
        .bind(before)
        .bind(limit)
        .fetch_all(self.readers())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| Entry {
                id: r.get(0),
                at: r.get(1),
                actor_kind: r.get(2),
                actor_id: r.get(3),
                path: r.get(4),
                action: r.get(5),
                subject_kind: r.get(6),
                subject_id: r.get(7),
                departement: r.get(8),
                structure_id: r.get(9),
                detail: r.get(10),
            })
            .collect())
    }
}

/// The newest journal line about an item: its action, when, and by whom (`actor_kind`,
/// `actor_id`).
pub async fn last_about(
    tx: &mut Tx,
    subject_kind: &str,
    subject_id: i64,
) -> Result<Option<(String, i64, String, Option<i64>)>> {
    let row = sqlx::query(
        "SELECT action, at, actor_kind, actor_id FROM journal \
         WHERE subject_kind = $1 AND subject_id = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(subject_kind)
    .bind(subject_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))))
}
