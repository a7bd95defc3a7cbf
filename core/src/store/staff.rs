//! Referents and moderators: invitations for Telegram, who a contact is, answers to alerts.

use sqlx::Row;

use super::{Result, Store, Tx};
use crate::domain::{Channel, Lang, ParticipationStatus};

/// Someone who works for Renfort's users rather than a volunteer.
#[derive(Debug, Clone, PartialEq)]
pub enum Staff {
    Referent {
        id: i64,
        structure_id: i64,
        lang: Lang,
    },
    Moderator {
        id: i64,
        departements: Vec<String>,
        lang: Lang,
    },
}

/// Whether this address belongs to a referent or a moderator.
pub async fn staff_of(tx: &mut Tx, channel: Channel, address: &str) -> Result<Option<Staff>> {
    let column = match channel {
        Channel::Sms => "phone",
        Channel::Telegram => "telegram_chat",
    };
    let referent = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, structure_id, lang FROM referents WHERE {column} = $1 ORDER BY id LIMIT 1"
    )))
    .bind(address)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(r) = referent {
        return Ok(Some(Staff::Referent {
            id: r.get(0),
            structure_id: r.get(1),
            lang: Lang::parse(&r.get::<String, _>(2)),
        }));
    }
    let moderator = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, departements, lang FROM moderators WHERE {column} = $1 ORDER BY id LIMIT 1"
    )))
    .bind(address)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(moderator.map(|r| Staff::Moderator {
        id: r.get(0),
        departements: r
            .get::<String, _>(1)
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        lang: Lang::parse(&r.get::<String, _>(2)),
    }))
}

/// Creates a single-use invitation code for a referent or a moderator.
pub async fn create_invite(
    store: &Store,
    kind: &str,
    target_id: i64,
    code: &str,
    now: i64,
) -> Result<()> {
    let exists: Option<i64> = match kind {
        "referent" => sqlx::query_scalar("SELECT id FROM referents WHERE id = $1"),
        _ => sqlx::query_scalar("SELECT id FROM moderators WHERE id = $1"),
    }
    .bind(target_id)
    .fetch_optional(store.pool())
    .await?;
    if exists.is_none() {
        return Err(super::StoreError::Invalid(format!(
            "no {kind} with id {target_id}"
        )));
    }
    sqlx::query("INSERT INTO invites (code, kind, target_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(code)
        .bind(kind)
        .bind(target_id)
        .bind(now)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Redeems an invitation: links the Telegram chat to the referent or moderator. Returns what
/// the person should be told (structure name, or départements), or `None` if the code is
/// unknown, used, or of another kind.
pub async fn redeem_invite(
    tx: &mut Tx,
    kind: &str,
    code: &str,
    chat: &str,
    handle: Option<&str>,
    now: i64,
) -> Result<Option<(String, Lang)>> {
    let target: Option<i64> = sqlx::query_scalar(
        "UPDATE invites SET used_at = $3 WHERE code = $1 AND kind = $2 AND used_at IS NULL \
         RETURNING target_id",
    )
    .bind(code)
    .bind(kind)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = target else { return Ok(None) };
    let row = if kind == "referent" {
        sqlx::query(
            "UPDATE referents SET telegram_chat = $2, telegram_handle = $3 WHERE id = $1 \
             RETURNING (SELECT name FROM structures s WHERE s.id = referents.structure_id), lang",
        )
        .bind(id)
        .bind(chat)
        .bind(handle)
        .fetch_one(&mut **tx)
        .await?
    } else {
        sqlx::query(
            "UPDATE moderators SET telegram_chat = $2 WHERE id = $1 RETURNING departements, lang",
        )
        .bind(id)
        .bind(chat)
        .fetch_one(&mut **tx)
        .await?
    };
    Ok(Some((row.get(0), Lang::parse(&row.get::<String, _>(1)))))
}

/// A participation a referent may answer: (volunteer id, mission id, status), only if the
/// mission belongs to the referent's structure.
pub async fn participation_for_structure(
    tx: &mut Tx,
    participation: i64,
    structure_id: i64,
) -> Result<Option<(i64, i64, ParticipationStatus)>> {
    let row = sqlx::query(
        "SELECT p.volunteer_id, p.mission_id, p.status FROM participations p \
         JOIN missions m ON m.id = p.mission_id WHERE p.id = $1 AND m.structure_id = $2",
    )
    .bind(participation)
    .bind(structure_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(|r| {
        Some((
            r.get(0),
            r.get(1),
            ParticipationStatus::parse(&r.get::<String, _>(2))?,
        ))
    }))
}

pub async fn answer_participation(
    tx: &mut Tx,
    participation: i64,
    status: ParticipationStatus,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE participations SET status = $2, answered_at = COALESCE(answered_at, $3) WHERE id = $1",
    )
    .bind(participation)
    .bind(status.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Links a phone number to the volunteer of a Telegram chat, so that one person is the same
/// by SMS and on Telegram. If the phone already belongs to a volunteer, the identity further
/// along wins and the other (still registering) is dropped.
pub async fn link_phone(tx: &mut Tx, chat: &str, phone: &str, now: i64) -> Result<()> {
    let telegram: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT volunteer_id FROM contacts WHERE channel = 'telegram' AND address = $1",
    )
    .bind(chat)
    .fetch_optional(&mut **tx)
    .await?;
    let sms: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT volunteer_id FROM contacts WHERE channel = 'sms' AND address = $1",
    )
    .bind(phone)
    .fetch_optional(&mut **tx)
    .await?;
    let status = |id: i64| {
        sqlx::query_scalar::<_, String>("SELECT status FROM volunteers WHERE id = $1").bind(id)
    };
    match (telegram.flatten(), sms.flatten()) {
        (Some(t), Some(s)) if t != s => {
            let t_status = status(t).fetch_one(&mut **tx).await?;
            let s_status = status(s).fetch_one(&mut **tx).await?;
            let (keep, drop) = if s_status == "registering" && t_status != "registering" {
                (t, s)
            } else {
                (s, t)
            };
            sqlx::query("UPDATE contacts SET volunteer_id = $1 WHERE volunteer_id = $2")
                .bind(keep)
                .bind(drop)
                .execute(&mut **tx)
                .await?;
            sqlx::query("UPDATE participations SET volunteer_id = $1 WHERE volunteer_id = $2 \
                 AND mission_id NOT IN (SELECT mission_id FROM participations WHERE volunteer_id = $1)")
                .bind(keep)
                .bind(drop)
                .execute(&mut **tx)
                .await?;
            sqlx::query("DELETE FROM participations WHERE volunteer_id = $1")
                .bind(drop)
                .execute(&mut **tx)
                .await?;
            sqlx::query("DELETE FROM volunteers WHERE id = $1")
                .bind(drop)
                .execute(&mut **tx)
                .await?;
        }
        (Some(t), None) => {
            sqlx::query(
                "INSERT INTO contacts (channel, address, volunteer_id, created_at) \
                 VALUES ('sms', $1, $2, $3) \
                 ON CONFLICT (channel, address) DO UPDATE SET volunteer_id = excluded.volunteer_id",
            )
            .bind(phone)
            .bind(t)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        }
        _ => {}
    }
    Ok(())
}

/// Remembers a Telegram @username, shown to structures instead of a chat id.
pub async fn set_handle(tx: &mut Tx, chat: &str, handle: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE contacts SET handle = $2 WHERE channel = 'telegram' AND address = $1")
        .bind(chat)
        .bind(handle)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
