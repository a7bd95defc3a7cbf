//! Participations (a volunteer's intent for one mission): creation, withdrawal, relay on
//! validation, referents' answers, and the follow-ups due on unanswered alerts.

use sqlx::{AssertSqlSafe, Row};

use super::{Result, Tx, places, sql_list};
use crate::domain::{Channel, ParticipationStatus};
use crate::engine::Intent;
use crate::engine::followup::FollowUpKind;

pub(super) fn open_statuses() -> String {
    sql_list(&ParticipationStatus::OPEN, ParticipationStatus::as_str)
}

/// Missions the volunteer already offered to help with (not withdrawn), newest first.
pub async fn volunteer_intents(
    conn: &mut sqlx::AnyConnection,
    volunteer_id: i64,
) -> Result<Vec<Intent>> {
    let rows = sqlx::query(
        "SELECT p.mission_id, m.title, s.name, p.status FROM participations p \
         JOIN missions m ON m.id = p.mission_id JOIN structures s ON s.id = m.structure_id \
         WHERE p.volunteer_id = $1 AND p.status <> $2 ORDER BY p.id DESC",
    )
    .bind(volunteer_id)
    .bind(ParticipationStatus::Cancelled.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(Intent {
                mission_id: r.get(0),
                title: r.get(1),
                structure: r.get(2),
                status: ParticipationStatus::parse(&r.get::<String, _>(3))?,
            })
        })
        .collect())
}

pub async fn insert_participation(
    tx: &mut Tx,
    volunteer_id: i64,
    mission_id: i64,
    status: ParticipationStatus,
    channel: Channel,
    now: i64,
) -> Result<i64> {
    let relayed = (status == ParticipationStatus::Sent).then_some(now);
    Ok(sqlx::query_scalar(
        "INSERT INTO participations (volunteer_id, mission_id, status, channel, created_at, relayed_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (volunteer_id, mission_id) DO UPDATE SET status = excluded.status, \
         channel = excluded.channel, created_at = excluded.created_at, \
         relayed_at = excluded.relayed_at, answered_at = NULL \
         RETURNING id",
    )
    .bind(volunteer_id)
    .bind(mission_id)
    .bind(status.as_str())
    .bind(channel.as_str())
    .bind(now)
    .bind(relayed)
    .fetch_one(&mut **tx)
    .await?)
}

/// The volunteer withdraws: the participation is cancelled and its place freed. Returns the
/// participation id and whether the structure had been told (so it hears of it too).
pub async fn withdraw_intent(
    tx: &mut Tx,
    volunteer_id: i64,
    mission_id: i64,
) -> Result<Option<(i64, bool)>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "UPDATE participations SET status = $3 \
         WHERE volunteer_id = $1 AND mission_id = $2 \
         AND status IN ({}) RETURNING id, relayed_at",
        open_statuses()
    )))
    .bind(volunteer_id)
    .bind(mission_id)
    .bind(ParticipationStatus::Cancelled.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    places::free_place(tx, mission_id).await?;
    Ok(Some((row.get(0), row.get::<Option<i64>, _>(1).is_some())))
}

/// The volunteer's open intents that were relayed to a structure: (participation, mission,
/// title), so each structure hears that the volunteer withdrew.
pub async fn relayed_open_of_volunteer(
    tx: &mut Tx,
    volunteer_id: i64,
) -> Result<Vec<(i64, i64, String)>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT p.id, p.mission_id, m.title FROM participations p \
         JOIN missions m ON m.id = p.mission_id WHERE p.volunteer_id = $1 \
         AND p.relayed_at IS NOT NULL AND p.status IN ({}) ORDER BY p.id",
        open_statuses()
    )))
    .bind(volunteer_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect())
}

/// An erased volunteer's open intents are cancelled and their places freed.
pub(super) async fn cancel_open_of_volunteer(tx: &mut Tx, volunteer_id: i64) -> Result<()> {
    let freed: Vec<i64> = sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT mission_id FROM participations WHERE volunteer_id = $1 AND status IN ({})",
        open_statuses()
    )))
    .bind(volunteer_id)
    .fetch_all(&mut **tx)
    .await?;
    for mission in freed {
        places::free_place(tx, mission).await?;
    }
    sqlx::query(AssertSqlSafe(format!(
        "UPDATE participations SET status = $2 WHERE volunteer_id = $1 AND status IN ({})",
        open_statuses()
    )))
    .bind(volunteer_id)
    .bind(ParticipationStatus::Cancelled.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Two identities of one person become one: `drop`'s intents move to `keep` unless `keep`
/// has one for the same mission; the rest go.
pub(super) async fn merge_volunteer(tx: &mut Tx, keep: i64, drop: i64) -> Result<()> {
    sqlx::query(
        "UPDATE participations SET volunteer_id = $1 WHERE volunteer_id = $2 \
         AND mission_id NOT IN (SELECT mission_id FROM participations WHERE volunteer_id = $1)",
    )
    .bind(keep)
    .bind(drop)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM participations WHERE volunteer_id = $1")
        .bind(drop)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A volunteer's held intents: (participation id, mission id).
pub async fn held_intents(tx: &mut Tx, volunteer_id: i64) -> Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT id, mission_id FROM participations WHERE volunteer_id = $1 AND status = $2 \
         ORDER BY id",
    )
    .bind(volunteer_id)
    .bind(ParticipationStatus::Held.as_str())
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// A refused volunteer's held intents, cancelled at `at` (stamped as answered then, which no
/// other path does to a held intent): what an undone refusal puts back.
pub async fn cancel_held_for_refusal(tx: &mut Tx, volunteer_id: i64, at: i64) -> Result<()> {
    sqlx::query(
        "UPDATE participations SET status = $3, answered_at = $4 \
         WHERE volunteer_id = $1 AND status = $2",
    )
    .bind(volunteer_id)
    .bind(ParticipationStatus::Held.as_str())
    .bind(ParticipationStatus::Cancelled.as_str())
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The intents [`cancel_held_for_refusal`] ended at `at`, as (participation, mission).
pub async fn cancelled_by_refusal(
    tx: &mut Tx,
    volunteer_id: i64,
    at: i64,
) -> Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT id, mission_id FROM participations WHERE volunteer_id = $1 AND status = $2 \
         AND relayed_at IS NULL AND answered_at = $3 ORDER BY id",
    )
    .bind(volunteer_id)
    .bind(ParticipationStatus::Cancelled.as_str())
    .bind(at)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// An intent ended by a refusal that was undone: held again.
pub async fn hold_again(tx: &mut Tx, participation: i64) -> Result<()> {
    sqlx::query("UPDATE participations SET status = $2, answered_at = NULL WHERE id = $1")
        .bind(participation)
        .bind(ParticipationStatus::Held.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Moves a held intent on: relayed (`Sent`, stamped now) or cancelled.
pub async fn set_participation(
    tx: &mut Tx,
    id: i64,
    status: ParticipationStatus,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE participations SET status = $2, relayed_at = CASE WHEN $2 = $4 THEN $3 \
         ELSE relayed_at END WHERE id = $1",
    )
    .bind(id)
    .bind(status.as_str())
    .bind(now)
    .bind(ParticipationStatus::Sent.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A participation as a referent of its structure sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForStructure {
    pub volunteer_id: i64,
    pub mission_id: i64,
    pub status: ParticipationStatus,
}

/// A participation a referent may answer, only if the mission belongs to the referent's
/// structure.
pub async fn participation_for_structure(
    tx: &mut Tx,
    participation: i64,
    structure_id: i64,
) -> Result<Option<ForStructure>> {
    let row = sqlx::query(
        "SELECT p.volunteer_id, p.mission_id, p.status FROM participations p \
         JOIN missions m ON m.id = p.mission_id WHERE p.id = $1 AND m.structure_id = $2",
    )
    .bind(participation)
    .bind(structure_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(|r| {
        Some(ForStructure {
            volunteer_id: r.get(0),
            mission_id: r.get(1),
            status: ParticipationStatus::parse(&r.get::<String, _>(2))?,
        })
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

fn follow_up_column(kind: FollowUpKind) -> &'static str {
    match kind {
        FollowUpKind::Reminder => "reminded_at",
        FollowUpKind::Escalation => "escalated_at",
    }
}

/// Relayed alerts still unanswered since `relayed_before`, without this follow-up yet.
pub async fn due_follow_ups(
    store: &super::Store,
    kind: FollowUpKind,
    relayed_before: i64,
) -> Result<Vec<i64>> {
    let column = follow_up_column(kind);
    Ok(sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT id FROM participations WHERE status = $2 AND {column} IS NULL \
         AND relayed_at <= $1 ORDER BY id LIMIT 500"
    )))
    .bind(relayed_before)
    .bind(ParticipationStatus::Sent.as_str())
    .fetch_all(store.pool())
    .await?)
}

/// Claims a follow-up with a conditional update, so that several instances send it once;
/// `false` if another took it or the alert was answered meanwhile.
pub async fn claim_follow_up(tx: &mut Tx, kind: FollowUpKind, id: i64, now: i64) -> Result<bool> {
    let column = follow_up_column(kind);
    Ok(sqlx::query(AssertSqlSafe(format!(
        "UPDATE participations SET {column} = $2 WHERE id = $1 AND {column} IS NULL \
         AND status = $3"
    )))
    .bind(id)
    .bind(now)
    .bind(ParticipationStatus::Sent.as_str())
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// What a follow-up on an alert needs: who, which mission, where, and for which channel the
/// volunteer spoke.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertSubject {
    pub volunteer_id: i64,
    pub mission_id: i64,
    pub channel: Channel,
    pub departement: String,
    pub title: String,
    pub structure: String,
}

pub async fn alert_subject(tx: &mut Tx, participation: i64) -> Result<AlertSubject> {
    let r = sqlx::query(
        "SELECT p.volunteer_id, p.mission_id, p.channel, m.departement, m.title, s.name \
         FROM participations p JOIN missions m ON m.id = p.mission_id \
         JOIN structures s ON s.id = m.structure_id WHERE p.id = $1",
    )
    .bind(participation)
    .fetch_one(&mut **tx)
    .await?;
    Ok(AlertSubject {
        volunteer_id: r.get(0),
        mission_id: r.get(1),
        channel: Channel::parse(&r.get::<String, _>(2)).unwrap_or(Channel::Sms),
        departement: r.get(3),
        title: r.get(4),
        structure: r.get(5),
    })
}

/// A structure's participations as the API lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct StructureParticipation {
    pub id: i64,
    pub mission_id: i64,
    pub mission_title: String,
    pub status: ParticipationStatus,
    pub created_at: i64,
    pub relayed_at: Option<i64>,
    pub answered_at: Option<i64>,
    pub first_name: Option<String>,
    pub phone: Option<String>,
}

pub async fn of_structure(
    store: &super::Store,
    structure_id: i64,
) -> Result<Vec<StructureParticipation>> {
    let rows = sqlx::query(
        "SELECT p.id, p.mission_id, m.title, p.status, p.created_at, p.relayed_at, p.answered_at, \
         v.first_name, (SELECT c.address FROM contacts c WHERE c.volunteer_id = v.id \
         AND c.channel = $2 LIMIT 1) \
         FROM participations p JOIN missions m ON m.id = p.mission_id \
         JOIN volunteers v ON v.id = p.volunteer_id WHERE m.structure_id = $1 ORDER BY p.id",
    )
    .bind(structure_id)
    .bind(Channel::Sms.as_str())
    .fetch_all(store.pool())
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(StructureParticipation {
                id: r.get(0),
                mission_id: r.get(1),
                mission_title: r.get(2),
                status: ParticipationStatus::parse(&r.get::<String, _>(3))?,
                created_at: r.get(4),
                relayed_at: r.get(5),
                answered_at: r.get(6),
                first_name: r.get(7),
                phone: r.get(8),
            })
        })
        .collect())
}

/// The structure's alerts still awaiting an answer (relayed, not accepted or declined),
/// newest first: the one a referent means when they give no number.
pub async fn pending_of_structure(tx: &mut Tx, structure_id: i64) -> Result<Vec<i64>> {
    let waiting = sql_list(
        &[ParticipationStatus::Sent, ParticipationStatus::Contacted],
        ParticipationStatus::as_str,
    );
    Ok(sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT p.id FROM participations p JOIN missions m ON m.id = p.mission_id \
         WHERE m.structure_id = $1 AND p.status IN ({waiting}) ORDER BY p.id DESC LIMIT 20"
    )))
    .bind(structure_id)
    .fetch_all(&mut **tx)
    .await?)
}

/// A structure's alert awaiting an answer, with who and for what: QUI lists them, and a
/// first name picks one ("OK pour Marie").
#[derive(Debug, Clone)]
pub struct PendingNamed {
    pub id: i64,
    pub alert: ForStructure,
    pub first_name: String,
    pub title: String,
}

/// The structure's alerts awaiting an answer, newest first, with names and missions.
pub async fn pending_named_of_structure(
    tx: &mut Tx,
    structure_id: i64,
) -> Result<Vec<PendingNamed>> {
    let waiting = sql_list(
        &[ParticipationStatus::Sent, ParticipationStatus::Contacted],
        ParticipationStatus::as_str,
    );
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT p.id, p.volunteer_id, p.mission_id, p.status, COALESCE(v.first_name, ''), m.title \
         FROM participations p JOIN missions m ON m.id = p.mission_id \
         JOIN volunteers v ON v.id = p.volunteer_id \
         WHERE m.structure_id = $1 AND p.status IN ({waiting}) ORDER BY p.id DESC LIMIT 20"
    )))
    .bind(structure_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(PendingNamed {
                id: r.get(0),
                alert: ForStructure {
                    volunteer_id: r.get(1),
                    mission_id: r.get(2),
                    status: ParticipationStatus::parse(&r.get::<String, _>(3))?,
                },
                first_name: r.get(4),
                title: r.get(5),
            })
        })
        .collect())
}

/// Opens (a referent wrote with MSG) or closes (the volunteer answered) a relay.
pub async fn set_relay(tx: &mut Tx, participation: i64, at: Option<i64>) -> Result<()> {
    sqlx::query("UPDATE participations SET relay_at = $2 WHERE id = $1")
        .bind(participation)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A referent's question now waits for the volunteer's answer. The volunteer's version moves
/// too: a step that read ahead of its transaction that no question was open runs again.
pub async fn open_relay_question(tx: &mut Tx, participation: i64, now: i64) -> Result<()> {
    set_relay(tx, participation, Some(now)).await?;
    sqlx::query(
        "UPDATE volunteers SET version = version + 1 \
         WHERE id = (SELECT volunteer_id FROM participations WHERE id = $1)",
    )
    .bind(participation)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The volunteer's most recent open relay since `since`: (participation, mission).
pub async fn open_relay(tx: &mut Tx, volunteer_id: i64, since: i64) -> Result<Option<(i64, i64)>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT id, mission_id FROM participations WHERE volunteer_id = $1 \
         AND relay_at >= $2 AND status IN ({}) ORDER BY relay_at DESC, id DESC LIMIT 1",
        open_statuses()
    )))
    .bind(volunteer_id)
    .bind(since)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| (r.get(0), r.get(1))))
}

/// A cancelled or finished mission: its intents still in progress close (no more reminders).
pub(super) async fn close_open_of_mission(tx: &mut Tx, mission_id: i64) -> Result<()> {
    let in_progress = sql_list(
        &[
            ParticipationStatus::Held,
            ParticipationStatus::Sent,
            ParticipationStatus::Contacted,
        ],
        ParticipationStatus::as_str,
    );
    sqlx::query(AssertSqlSafe(format!(
        "UPDATE participations SET status = $2, relay_at = NULL \
         WHERE mission_id = $1 AND status IN ({in_progress})"
    )))
    .bind(mission_id)
    .bind(ParticipationStatus::Cancelled.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
