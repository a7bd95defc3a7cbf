//! The database: reachable, and migrated exactly as far as this binary.

use renfort_core::store::migrations::{self, MigrationStatus};

use super::{Line, TIMEOUT, failed, ok};

/// `DATABASE_URL` without its user name and password: `SQLite <file>` or
/// `PostgreSQL host:port/name`.
fn database_label(url: &str) -> String {
    if let Some(path) = sqlite_path(url) {
        return format!("SQLite {path}");
    }
    match url::Url::parse(url) {
        Ok(u) => format!(
            "PostgreSQL {}:{}{}",
            u.host_str().unwrap_or("localhost"),
            u.port().unwrap_or(5432),
            u.path()
        ),
        Err(_) => "the database".into(),
    }
}

/// The file of an SQLite URL (`sqlite://renfort.db`, `sqlite:///var/lib/x.db?mode=rwc`).
fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    Some(rest.split('?').next().unwrap_or(rest))
}

fn versions(v: &[i64]) -> String {
    v.iter()
        .map(|n| format!("{n:04}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reachable, and migrated exactly as far as this binary: all its migrations applied, none
/// it does not know. Read-only: an SQLite file is not created.
pub(super) async fn check(url: &str) -> Line {
    const WHAT: &str = "database";
    let label = database_label(url);
    if let Some(path) = sqlite_path(url)
        && !path.contains(":memory:")
        && !std::path::Path::new(path).exists()
    {
        return failed(
            WHAT,
            format!(
                "{label} does not exist: run `renfort migrate` to create it (as the user renfort runs as)"
            ),
        );
    }
    let status = match migrations::status(url, TIMEOUT).await {
        Ok(s) => s,
        Err(e) => {
            let hint = if url.starts_with("postgres") {
                "check DATABASE_URL (host, port, user, password, database) and that the server runs"
            } else {
                "check DATABASE_URL and the file's permissions"
            };
            return failed(
                WHAT,
                format!("cannot open {label} ({}): {hint}", redact_db_error(&e)),
            );
        }
    };
    migration_line(&label, &status)
}

/// A database error without the URL's password, should a driver ever quote it.
fn redact_db_error(e: &renfort_core::store::StoreError) -> String {
    let text = e.to_string();
    match std::env::var("DATABASE_URL")
        .ok()
        .and_then(|u| url::Url::parse(&u).ok())
        .and_then(|u| u.password().map(str::to_string))
    {
        Some(password) if !password.is_empty() => text.replace(&password, "***"),
        _ => text,
    }
}

fn migration_line(label: &str, s: &MigrationStatus) -> Line {
    const WHAT: &str = "database";
    if s.up_to_date() {
        return ok(
            WHAT,
            format!("{label} reachable, all {} migrations applied", s.known),
        );
    }
    if let Some(v) = s.dirty {
        return failed(
            WHAT,
            format!(
                "{label}: migration {v:04} failed half-way; repair it by hand (table _sqlx_migrations), then run `renfort migrate`"
            ),
        );
    }
    if !s.unknown.is_empty() {
        return failed(
            WHAT,
            format!(
                "{label} has migration(s) {} that this binary does not know: a newer Renfort migrated it; run that version (going back is not supported)",
                versions(&s.unknown)
            ),
        );
    }
    if !s.changed.is_empty() {
        return failed(
            WHAT,
            format!(
                "{label}: migration(s) {} were applied with another text than this binary's: it was migrated by a different build; use that build",
                versions(&s.changed)
            ),
        );
    }
    if s.applied == 0 {
        return failed(
            WHAT,
            format!(
                "{label} has no Renfort tables (none of {} migrations applied): run `renfort migrate`",
                s.known
            ),
        );
    }
    failed(
        WHAT,
        format!(
            "{label} lacks {} of {} migrations ({}): run `renfort migrate` before starting this version",
            s.missing.len(),
            s.known,
            versions(&s.missing)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_password_is_shown() {
        assert_eq!(
            database_label("postgres://renfort:secret@db.internal:5433/renfort"),
            "PostgreSQL db.internal:5433/renfort"
        );
        assert_eq!(
            database_label("sqlite:///var/lib/renfort/renfort.db?mode=rwc"),
            "SQLite /var/lib/renfort/renfort.db"
        );
    }
}
