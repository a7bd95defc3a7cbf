//! The web console's credentials: one-time login links asked by SMS or Telegram, and the
//! sessions they start. Only SHA-256 hashes of tokens are stored (as for API tokens): a copy
//! of the database opens no session.

use serde::Serialize;
use sqlx::Row;

use super::tokens::hash;
use super::{Result, Store, Tx};
use crate::domain::{Lang, StaffRole};
use crate::principal::Principal;

/// A login link is spent within this time (seconds).
pub const LOGIN_TTL: i64 = 15 * 60;
/// A session not used for this long ends (seconds).
pub const IDLE_TTL: i64 = 12 * 3600;
/// A session ends this long after its login, however used (seconds).
pub const ABSOLUTE_TTL: i64 = 7 * 24 * 3600;
/// `last_seen` is written at most this often per session (a write per page would be waste).
const LAST_SEEN_PRECISION: i64 = 60;

/// Who a console session is: a referent or a moderator, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StaffId {
    pub kind: StaffRole,
    pub id: i64,
}

/// A live session, as a request sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: i64,
    pub staff: StaffId,
    pub principal: Principal,
    /// The staff member's name, shown in the header.
    pub name: String,
    pub lang: Lang,
    /// The token every form of this session carries.
    pub csrf: String,
}

/// What `renfort console sessions` shows of a session: never its token.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionInfo {
    pub id: i64,
    pub staff_kind: StaffRole,
    pub staff_id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_seen: i64,
    pub revoked_at: Option<i64>,
    /// Whether the session still opens pages (not revoked, not expired).
    pub live: bool,
}

fn alive(created_at: i64, last_seen: i64, revoked: Option<i64>, now: i64) -> bool {
    revoked.is_none() && now < created_at + ABSOLUTE_TTL && now < last_seen + IDLE_TTL
}

impl Store {
    /// Stores a new login link's token (hashed) for a staff member.
    pub async fn create_login(
        &self,
        tx: &mut Tx,
        token: &str,
        staff: StaffId,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO console_logins (token_hash, staff_kind, staff_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash(token))
        .bind(staff.kind.as_str())
        .bind(staff.id)
        .bind(now)
        .bind(now + LOGIN_TTL)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Whether a login link may still be spent (shown before the button that spends it).
    pub async fn login_valid(&self, token: &str, now: i64) -> Result<bool> {
        let row: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM console_logins WHERE token_hash = $1 AND used_at IS NULL \
             AND expires_at > $2",
        )
        .bind(hash(token))
        .bind(now)
        .fetch_optional(self.readers())
        .await?;
        Ok(row.is_some())
    }

    /// Spends a login link and opens a session with `session_token` and `csrf`, in one
    /// transaction: a link opens one session at most, even when two clicks race. `None`: the
    /// link is unknown, spent or expired, or its staff member is gone.
    pub async fn spend_login(
        &self,
        token: &str,
        session_token: &str,
        csrf: &str,
        now: i64,
    ) -> Result<Option<i64>> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "UPDATE console_logins SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL \
             AND expires_at > $2 RETURNING staff_kind, staff_id",
        )
        .bind(hash(token))
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let kind: String = row.get(0);
        let staff_id: i64 = row.get(1);
        let Some(kind) = StaffRole::parse(&kind) else {
            return Ok(None);
        };
        let Some((_, _, lang)) = staff_principal(&mut tx, kind, staff_id).await? else {
            tx.commit().await?;
            return Ok(None);
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO console_sessions (token_hash, csrf, staff_kind, staff_id, lang, \
             created_at, last_seen) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(hash(session_token))
        .bind(csrf)
        .bind(kind.as_str())
        .bind(staff_id)
        .bind(lang.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// The live session of a cookie's token, its staff member's scope read now.
    pub async fn session(&self, token: &str, now: i64) -> Result<Option<Session>> {
        let row = sqlx::query(
            "SELECT id, csrf, staff_kind, staff_id, lang, created_at, last_seen, revoked_at \
             FROM console_sessions WHERE token_hash = $1",
        )
        .bind(hash(token))
        .fetch_optional(self.readers())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let (id, last_seen): (i64, i64) = (row.get(0), row.get(6));
        if !alive(row.get(5), last_seen, row.get(7), now) {
            return Ok(None);
        }
        let Some(kind) = StaffRole::parse(&row.get::<String, _>(2)) else {
            return Ok(None);
        };
        let staff_id: i64 = row.get(3);
        let mut conn = self.readers().acquire().await?;
        let Some((principal, name, _)) = staff_principal_conn(&mut conn, kind, staff_id).await?
        else {
            return Ok(None);
        };
        drop(conn);
        if now - last_seen >= LAST_SEEN_PRECISION {
            sqlx::query("UPDATE console_sessions SET last_seen = $2 WHERE id = $1")
                .bind(id)
                .bind(now)
                .execute(self.pool())
                .await?;
        }
        Ok(Some(Session {
            id,
            staff: StaffId { kind, id: staff_id },
            principal,
            name,
            lang: Lang::parse(&row.get::<String, _>(4)),
            csrf: row.get(1),
        }))
    }

    /// Ends a session (logout, or `renfort console revoke`); `false` if there was none live.
    pub async fn revoke_session(&self, id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE console_sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Every session, newest first.
    pub async fn list_sessions(&self, now: i64) -> Result<Vec<SessionInfo>> {
        let rows = sqlx::query(
            "SELECT s.id, s.staff_kind, s.staff_id, COALESCE(r.name, m.name, ''), s.created_at, \
             s.last_seen, s.revoked_at FROM console_sessions s \
             LEFT JOIN referents r ON s.staff_kind = 'referent' AND r.id = s.staff_id \
             LEFT JOIN moderators m ON s.staff_kind = 'moderator' AND m.id = s.staff_id \
             ORDER BY s.id DESC",
        )
        .fetch_all(self.readers())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let revoked_at: Option<i64> = r.get(6);
                SessionInfo {
                    id: r.get(0),
                    staff_kind: StaffRole::parse(&r.get::<String, _>(1))
                        .unwrap_or(StaffRole::Referent),
                    staff_id: r.get(2),
                    name: r.get(3),
                    created_at: r.get(4),
                    last_seen: r.get(5),
                    revoked_at,
                    live: alive(r.get(4), r.get(5), revoked_at, now),
                }
            })
            .collect())
    }
}

async fn staff_principal(
    tx: &mut Tx,
    kind: StaffRole,
    id: i64,
) -> Result<Option<(Principal, String, Lang)>> {
    staff_principal_conn(&mut *tx, kind, id).await
}

/// A staff member's scope, name and language as stored now; `None` if they are gone.
async fn staff_principal_conn(
    conn: &mut sqlx::AnyConnection,
    kind: StaffRole,
    id: i64,
) -> Result<Option<(Principal, String, Lang)>> {
    Ok(match kind {
        StaffRole::Referent => {
            sqlx::query("SELECT structure_id, name, lang FROM referents WHERE id = $1")
                .bind(id)
                .fetch_optional(conn)
                .await?
                .map(|r| {
                    (
                        Principal::Referent {
                            structure_id: r.get(0),
                        },
                        r.get(1),
                        Lang::parse(&r.get::<String, _>(2)),
                    )
                })
        }
        StaffRole::Moderator => {
            sqlx::query("SELECT departements, name, lang FROM moderators WHERE id = $1")
                .bind(id)
                .fetch_optional(conn)
                .await?
                .map(|r| {
                    (
                        Principal::Moderator {
                            departements: r
                                .get::<String, _>(0)
                                .split_whitespace()
                                .map(str::to_string)
                                .collect(),
                        },
                        r.get(1),
                        Lang::parse(&r.get::<String, _>(2)),
                    )
                })
        }
    })
}

/// What waits for a moderator, in their départements.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Waiting {
    /// (count, oldest `created_at`) of pending volunteers, missions, structures.
    pub volunteers: (i64, Option<i64>),
    pub missions: (i64, Option<i64>),
    pub structures: (i64, Option<i64>),
    /// Intents relayed more than 48 hours ago that no referent answered.
    pub unanswered: i64,
    /// Messages to volunteers of these départements that failed for good.
    pub undelivered: i64,
}

/// Something a volunteer wrote or was sent, for their page.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadLine {
    pub at: i64,
    /// `true`: the volunteer wrote it.
    pub inbound: bool,
    pub channel: String,
    pub text: String,
    /// Outbound: the outbox's status (pending, sent, failed…).
    pub status: Option<String>,
    /// Outbound by SMS: what the provider's receipts said (delivered, undelivered…), and
    /// its error code.
    pub delivery: Option<String>,
    pub delivery_error: Option<String>,
}

/// A volunteer as their page shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct VolunteerPage {
    pub volunteer: crate::engine::Volunteer,
    pub departement: Option<String>,
    pub created_at: i64,
    pub channels: Vec<String>,
}

impl Store {
    pub async fn waiting(&self, departements: &[String], now: i64) -> Result<Waiting> {
        let deps = format!(" {} ", departements.join(" "));
        let pair = |r: sqlx::any::AnyRow| (r.get::<i64, _>(0), r.get::<Option<i64>, _>(1));
        let pending = |table: &str| {
            format!(
                "SELECT COUNT(*), MIN(created_at) FROM {table} WHERE status = 'pending' \
                 AND $1 LIKE '% ' || departement || ' %'"
            )
        };
        let mut out = Waiting::default();
        for (table, slot) in [
            ("volunteers", &mut out.volunteers),
            ("missions", &mut out.missions),
            ("structures", &mut out.structures),
        ] {
            let row = sqlx::query(sqlx::AssertSqlSafe(pending(table)))
                .bind(&deps)
                .fetch_one(self.readers())
                .await?;
            *slot = pair(row);
        }
        out.unanswered = sqlx::query_scalar(
            "SELECT COUNT(*) FROM participations p JOIN missions m ON m.id = p.mission_id \
             WHERE p.status = 'sent' AND p.relayed_at < $2 \
             AND $1 LIKE '% ' || m.departement || ' %'",
        )
        .bind(&deps)
        .bind(now - 48 * 3600)
        .fetch_one(self.readers())
        .await?;
        out.undelivered = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox o JOIN contacts c ON c.channel = o.channel \
             AND c.address = o.address JOIN volunteers v ON v.id = c.volunteer_id \
             WHERE (o.status = 'failed' OR o.delivery IN ('undelivered', 'failed')) \
             AND $1 LIKE '% ' || v.departement || ' %'",
        )
        .bind(&deps)
        .fetch_one(self.readers())
        .await?;
        Ok(out)
    }

    /// Volunteer `id` for their page; `None` if there is none.
    pub async fn volunteer_page(&self, id: i64) -> Result<Option<VolunteerPage>> {
        let mut tx = self.readers().begin().await?;
        let created: Option<(i64, Option<String>)> =
            sqlx::query("SELECT created_at, departement FROM volunteers WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| (r.get(0), r.get(1)));
        let Some((created_at, departement)) = created else {
            return Ok(None);
        };
        let volunteer = super::volunteers::load_volunteer(&mut tx, id, false).await?;
        let channels: Vec<String> =
            sqlx::query_scalar("SELECT channel FROM contacts WHERE volunteer_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(Some(VolunteerPage {
            volunteer,
            departement,
            created_at,
            channels,
        }))
    }

    /// The newest `limit` messages to and from volunteer `id`, oldest first.
    pub async fn thread(&self, id: i64, limit: i64) -> Result<Vec<ThreadLine>> {
        let rows = sqlx::query(
            "SELECT at, inbound, channel, text, status, delivery, delivery_error FROM ( \
               SELECT o.created_at AS at, 0 AS inbound, o.channel AS channel, o.text AS text, \
                      o.status AS status, o.delivery AS delivery, \
                      o.delivery_error AS delivery_error, o.id AS k FROM outbox o \
                      JOIN contacts c ON c.channel = o.channel AND c.address = o.address \
                      WHERE c.volunteer_id = $1 \
               UNION ALL \
               SELECT i.received_at, 1, i.channel, COALESCE(i.body, ''), NULL, NULL, NULL, 0 \
                      FROM inbound i \
                      JOIN contacts c ON c.channel = i.channel AND c.address = i.address \
                      WHERE c.volunteer_id = $1 AND i.body IS NOT NULL \
             ) t ORDER BY at DESC, k DESC LIMIT $2",
        )
        .bind(id)
        .bind(limit)
        .fetch_all(self.readers())
        .await?;
        let mut lines: Vec<ThreadLine> = rows
            .into_iter()
            .map(|r| ThreadLine {
                at: r.get(0),
                inbound: r.get::<i64, _>(1) == 1,
                channel: r.get(2),
                text: r.get(3),
                status: r.get(4),
                delivery: r.get(5),
                delivery_error: r.get(6),
            })
            .collect();
        lines.reverse();
        Ok(lines)
    }
}

/// A referent as a structure's page lists them: never their number or chat.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferentLine {
    pub id: i64,
    pub name: String,
    pub lang: Lang,
    /// The channels they are reached by (`sms`, `telegram`).
    pub channels: Vec<String>,
}

impl Store {
    pub async fn referents_of(&self, structure_id: i64) -> Result<Vec<ReferentLine>> {
        let rows = sqlx::query(
            "SELECT r.id, r.name, r.lang, a.channel FROM referents r \
             LEFT JOIN staff_addresses a ON a.staff_kind = 'referent' AND a.staff_id = r.id \
             WHERE r.structure_id = $1 ORDER BY r.id, a.preference",
        )
        .bind(structure_id)
        .fetch_all(self.readers())
        .await?;
        let mut out: Vec<ReferentLine> = Vec::new();
        for r in rows {
            let id: i64 = r.get(0);
            if out.last().is_none_or(|l| l.id != id) {
                out.push(ReferentLine {
                    id,
                    name: r.get(1),
                    lang: Lang::parse(&r.get::<String, _>(2)),
                    channels: Vec::new(),
                });
            }
            if let (Some(line), Some(channel)) = (out.last_mut(), r.get::<Option<String>, _>(3)) {
                line.channels.push(channel);
            }
        }
        Ok(out)
    }
}

/// One message of a relay between a structure and a volunteer, as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayLine {
    pub at: i64,
    /// Written by the structure (to the volunteer), else the volunteer's answer.
    pub from_structure: bool,
    pub text: String,
    pub status: String,
}

impl Store {
    /// The messages relayed for alert `participation`, oldest first: the referents' MSG (and
    /// console messages) and the volunteer's answers (queued once per referent, shown once).
    /// The caller has checked the alert is its structure's.
    pub async fn relay_thread(&self, participation: i64) -> Result<Vec<RelayLine>> {
        let rows = sqlx::query(
            "SELECT created_at, purpose, text, status FROM outbox \
             WHERE purpose IN ('relay', 'relay-back') AND purpose_ref = $1 ORDER BY id",
        )
        .bind(participation)
        .fetch_all(self.readers())
        .await?;
        let mut lines: Vec<RelayLine> = Vec::new();
        for r in rows {
            let line = RelayLine {
                at: r.get(0),
                from_structure: r.get::<String, _>(1) == "relay",
                text: r.get(2),
                status: r.get(3),
            };
            // An erased person's rows are blanked; an answer queued for each referent is
            // shown once.
            let repeated = lines
                .iter()
                .any(|l| !l.from_structure && l.at == line.at && l.text == line.text);
            if line.text.is_empty() || repeated {
                continue;
            }
            lines.push(line);
        }
        Ok(lines)
    }
}
