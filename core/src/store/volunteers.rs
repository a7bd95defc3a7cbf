//! Volunteers: profile, conversation state (versioned, for optimistic concurrency), erasure,
//! and the one-alert-a-day mark.

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use super::{Result, Tx, contacts, participations};
use crate::domain::{Channel, Domains, Lang, VolunteerStatus};
use crate::engine::{Consent, Conversation, Place, Volunteer};
use crate::geo::Point;

/// Creates a volunteer for a contact seen for the first time (or re-attaches a contact whose
/// volunteer was erased).
pub async fn create_volunteer(
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    now: i64,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO volunteers (status, created_at) VALUES ($1, $2) RETURNING id",
    )
    .bind(VolunteerStatus::Registering.as_str())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    // Two first messages at once: the contact row decides who the person is.
    match contacts::attach(tx, channel, address, id, now)
        .await?
        .volunteer_id
    {
        Some(existing) if existing != id => {
            delete(tx, id).await?;
            Ok(existing)
        }
        _ => Ok(id),
    }
}

/// Creates the volunteer of a contact that a step read as unknown ([`Sender::FirstContact`]):
/// its fresh state and version in one statement. `None` if the contact appeared meanwhile
/// (another message created its volunteer, or a STOP came first): the step is stale, and
/// the caller rolls back and runs it again.
pub async fn create_for_first_contact(
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    now: i64,
) -> Result<Option<StepView>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO volunteers (status, created_at) VALUES ($1, $2) \
         RETURNING {VOLUNTEER_COLUMNS}, version, id"
    )))
    .bind(VolunteerStatus::Registering.as_str())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let volunteer_id: i64 = row.get(16);
    let attached = contacts::attach(tx, channel, address, volunteer_id, now).await?;
    if attached.volunteer_id != Some(volunteer_id) || attached.stopped {
        return Ok(None);
    }
    Ok(Some(StepView {
        volunteer: volunteer_from_row(&row, false),
        version: row.get(15),
        volunteer_id,
    }))
}

/// Links a phone number to the volunteer of a Telegram chat, so that one person is the same
/// by SMS and on Telegram. If the phone already belongs to a volunteer, the identity further
/// along wins and the other (still registering) is dropped.
pub async fn link_phone(tx: &mut Tx, chat: &str, phone: &str, now: i64) -> Result<()> {
    let owner = |channel: Channel, address: String| {
        sqlx::query_scalar::<_, Option<i64>>(
            "SELECT volunteer_id FROM contacts WHERE channel = $1 AND address = $2",
        )
        .bind(channel.as_str())
        .bind(address)
    };
    let telegram = owner(Channel::Telegram, chat.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    let sms = owner(Channel::Sms, phone.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    match (telegram.flatten(), sms.flatten()) {
        (Some(t), Some(s)) if t != s => {
            let t_status = status(tx, t).await?;
            let s_status = status(tx, s).await?;
            let registering = Some(VolunteerStatus::Registering);
            let (keep, drop) = if s_status == registering && t_status != registering {
                (t, s)
            } else {
                (s, t)
            };
            sqlx::query("UPDATE contacts SET volunteer_id = $1 WHERE volunteer_id = $2")
                .bind(keep)
                .bind(drop)
                .execute(&mut **tx)
                .await?;
            participations::merge_volunteer(tx, keep, drop).await?;
            delete(tx, drop).await?;
        }
        (Some(t), None) => {
            sqlx::query(
                "INSERT INTO contacts (channel, address, volunteer_id, created_at) \
                 VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (channel, address) DO UPDATE SET volunteer_id = excluded.volunteer_id",
            )
            .bind(Channel::Sms.as_str())
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

/// Deletes a volunteer row that never was anyone (a lost race, an identity merged away).
pub(super) async fn delete(tx: &mut Tx, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM volunteers WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub(super) async fn status(tx: &mut Tx, id: i64) -> Result<Option<VolunteerStatus>> {
    let s: Option<String> = sqlx::query_scalar("SELECT status FROM volunteers WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(s.and_then(|s| VolunteerStatus::parse(&s)))
}

const VOLUNTEER_COLUMNS: &str = "status, first_name, lang, insee, commune, departement, lat, lon, \
     on_site, domains, availability, radius_km, consent_at, terms_version, conversation";

fn volunteer_from_row(r: &AnyRow, stopped: bool) -> Volunteer {
    let place = match (
        r.get::<Option<String>, _>(3),
        r.get::<Option<String>, _>(4),
        r.get::<Option<String>, _>(5),
        r.get::<Option<f64>, _>(6),
        r.get::<Option<f64>, _>(7),
    ) {
        (Some(insee), Some(commune), Some(departement), Some(lat), Some(lon)) => Some(Place {
            insee,
            commune,
            departement,
            point: Point::new(lat, lon),
        }),
        _ => None,
    };
    let conversation: Conversation =
        serde_json::from_str(&r.get::<String, _>(14)).unwrap_or_default();
    Volunteer {
        status: VolunteerStatus::parse(&r.get::<String, _>(0))
            .unwrap_or(VolunteerStatus::Registering),
        first_name: r.get(1),
        lang: Lang::parse(&r.get::<String, _>(2)),
        place,
        on_site: r.get::<Option<i64>, _>(8).map(|v| v != 0),
        domains: Domains(r.get::<i64, _>(9) as u8),
        availability: r.get(10),
        radius_km: r.get::<i64, _>(11) as u32,
        consent: match (r.get::<Option<i64>, _>(12), r.get::<Option<String>, _>(13)) {
            (Some(at), Some(terms_version)) => Some(Consent { at, terms_version }),
            _ => None,
        },
        stopped,
        conversation,
    }
}

pub async fn load_volunteer(tx: &mut Tx, id: i64, stopped: bool) -> Result<Volunteer> {
    Ok(load_versioned(tx, id, stopped).await?.0)
}

/// The volunteer and its version, for [`save_volunteer`].
pub async fn load_versioned(tx: &mut Tx, id: i64, stopped: bool) -> Result<(Volunteer, i64)> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {VOLUNTEER_COLUMNS}, version FROM volunteers WHERE id = $1"
    )))
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    Ok((volunteer_from_row(&row, stopped), row.get(15)))
}

/// What a conversation step of a known volunteer starts from: the contact (and its opt-out)
/// and the volunteer at its version.
#[derive(Debug, Clone)]
pub struct StepView {
    pub volunteer_id: i64,
    pub volunteer: Volunteer,
    pub version: i64,
}

/// Everything a known volunteer's step needs from the database besides intents and offers,
/// read ahead of the write transaction in one statement (each statement is a round trip to
/// the connection's thread, or to PostgreSQL, and the writer is the bottleneck).
#[derive(Debug, Clone)]
pub struct ReadAhead {
    pub sender: Sender,
    /// A referent's question is waiting for this volunteer's answer (then the writer looks at
    /// it again: answering it closes it). Opening one bumps the volunteer's version, so a
    /// relay opened after this read makes the step run again.
    pub relay_open: bool,
    /// Inbound messages from this contact received at or after `flood_since`, the current
    /// one not counted (not recorded yet).
    pub recent_inbound: i64,
    /// Which départements are open, and how they validate volunteers.
    pub coverage: crate::engine::Coverage,
    /// Whether the volunteer has offered to help with any mission (else its intents need no
    /// reading: most messages come from people registering).
    pub has_intents: bool,
}

/// Who wrote, as read ahead.
#[derive(Debug, Clone)]
pub enum Sender {
    Volunteer(Box<StepView>),
    /// A contact seen for the first time: its step creates its volunteer
    /// ([`create_for_first_contact`]).
    FirstContact,
    /// A known contact without a volunteer (it stopped before registering, or its volunteer
    /// was erased): its step gives it a new volunteer ([`create_volunteer`]).
    Orphan,
}

/// The [`ReadAhead`] of the volunteer behind a contact, of a contact seen for the first
/// time, or of a contact without a volunteer; `None` if it is a referent's or a moderator's
/// (staff have their own engine).
pub async fn read_ahead(
    conn: &mut sqlx::AnyConnection,
    channel: Channel,
    address: &str,
    relay_since: i64,
    flood_since: i64,
) -> Result<Option<ReadAhead>> {
    let columns = VOLUNTEER_COLUMNS
        .split(", ")
        .map(|c| format!("v.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let (list, moderated, min_ages) = match conn.backend_name() {
        "PostgreSQL" => (
            "string_agg(departement, ',')",
            "string_agg(departements, ' ')",
            "string_agg(departement || '=' || CAST(min_age AS TEXT), ',')",
        ),
        _ => (
            "group_concat(departement, ',')",
            "group_concat(departements, ' ')",
            "group_concat(departement || '=' || CAST(min_age AS TEXT), ',')",
        ),
    };
    let open = participations::open_statuses();
    let r = sqlx::query(AssertSqlSafe(format!(
        "SELECT {columns}, v.version, v.id, c.stopped_at, \
         CAST(CASE WHEN EXISTS (SELECT 1 FROM staff_addresses s WHERE s.channel = $1 \
         AND s.address = $2) THEN 1 ELSE 0 END AS BIGINT), \
         CAST(CASE WHEN EXISTS (SELECT 1 FROM participations p WHERE p.volunteer_id = v.id \
         AND p.relay_at >= $3 AND p.status IN ({open})) THEN 1 ELSE 0 END AS BIGINT), \
         (SELECT COUNT(*) FROM inbound i WHERE i.address = $2 AND i.channel = $1 \
         AND i.received_at >= $4), \
         (SELECT {list} FROM departement_settings WHERE validation = $5), \
         CAST(CASE WHEN EXISTS (SELECT 1 FROM participations p WHERE p.volunteer_id = v.id \
         AND p.status <> $6) THEN 1 ELSE 0 END AS BIGINT), c.channel, \
         (SELECT {moderated} FROM moderators), \
         (SELECT {list} FROM departement_settings WHERE closed = 1), \
         (SELECT {min_ages} FROM departement_settings WHERE min_age IS NOT NULL) \
         FROM (SELECT 1 AS one) AS sender \
         LEFT JOIN contacts c ON c.channel = $1 AND c.address = $2 \
         LEFT JOIN volunteers v ON v.id = c.volunteer_id"
    )))
    .bind(channel.as_str())
    .bind(address)
    .bind(relay_since)
    .bind(flood_since)
    .bind(crate::domain::ValidationRule::Auto.as_str())
    .bind(crate::domain::ParticipationStatus::Cancelled.as_str())
    // One row always (from `sender`): the contact and its volunteer may be absent.
    .fetch_one(conn)
    .await?;
    if r.get::<i64, _>(18) == 1 {
        return Ok(None);
    }
    let sender = match (r.get::<Option<String>, _>(23), r.get::<Option<i64>, _>(16)) {
        (None, _) => Sender::FirstContact,
        (Some(_), None) => Sender::Orphan,
        (Some(_), Some(volunteer_id)) => Sender::Volunteer(Box::new(StepView {
            volunteer: volunteer_from_row(&r, r.get::<Option<i64>, _>(17).is_some()),
            version: r.get(15),
            volunteer_id,
        })),
    };
    let coverage = crate::store::staff::coverage_from(
        r.get::<Option<String>, _>(21),
        r.get::<Option<String>, _>(24),
        r.get::<Option<String>, _>(25),
        r.get::<Option<String>, _>(26),
    );
    Ok(Some(ReadAhead {
        sender,
        relay_open: r.get::<i64, _>(19) == 1,
        recent_inbound: r.get(20),
        coverage,
        has_intents: r.get::<i64, _>(22) == 1,
    }))
}

/// Saves a volunteer's new state if it is still at `version` (optimistic concurrency):
/// `false` if it changed meanwhile (the step runs again).
pub async fn save_volunteer(
    tx: &mut Tx,
    id: i64,
    v: &Volunteer,
    version: i64,
    now: i64,
) -> Result<bool> {
    let save = VolunteerSave {
        id,
        volunteer: v,
        version,
        now,
    };
    Ok(save_volunteers(tx, std::slice::from_ref(&save)).await? == 1)
}

/// A volunteer's new state, to save if the volunteer is still at `version`.
pub struct VolunteerSave<'a> {
    pub id: i64,
    pub volunteer: &'a Volunteer,
    pub version: i64,
    /// When the step ran: the time of registration or validation, if it is now.
    pub now: i64,
}

/// Columns of one row of [`save_volunteers`]' values, in bind order.
const SAVE_COLUMNS: &str = "id, status, first_name, lang, insee, commune, departement, lat, lon, \
     on_site, domains, availability, radius_km, consent_at, terms_version, conversation, \
     version, now";
const SAVE_PER_ROW: usize = 18;

/// Saves several volunteers in one statement (a group commit's steps), each only if it is
/// still at its version; returns how many were saved. Fewer than given: one changed meanwhile.
pub async fn save_volunteers(tx: &mut Tx, saves: &[VolunteerSave<'_>]) -> Result<u64> {
    let registered = super::sql_list(
        &[VolunteerStatus::Pending, VolunteerStatus::Validated],
        VolunteerStatus::as_str,
    );
    let validated = VolunteerStatus::Validated.as_str();
    let rows = (0..saves.len())
        .map(|i| {
            format!(
                "({})",
                super::fanout::placeholders(i * SAVE_PER_ROW + 1, SAVE_PER_ROW)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    // The new values come as a named row set (a CTE with a column list: the same on SQLite
    // and PostgreSQL); `UPDATE … FROM` joins each to its volunteer at the expected version.
    let mut q = sqlx::query(AssertSqlSafe(format!(
        "WITH n ({SAVE_COLUMNS}) AS (VALUES {rows}) \
         UPDATE volunteers SET status = n.status, first_name = n.first_name, lang = n.lang, \
         insee = n.insee, commune = n.commune, departement = n.departement, \
         lat = CASE WHEN n.insee IS NULL THEN NULL ELSE n.lat END, \
         lon = CASE WHEN n.insee IS NULL THEN NULL ELSE n.lon END, on_site = n.on_site, \
         domains = n.domains, availability = n.availability, radius_km = n.radius_km, \
         consent_at = n.consent_at, terms_version = n.terms_version, \
         conversation = n.conversation, \
         registered_at = CASE WHEN volunteers.registered_at IS NULL \
         AND n.status IN ({registered}) THEN n.now ELSE volunteers.registered_at END, \
         validated_at = CASE WHEN volunteers.validated_at IS NULL AND n.status = '{validated}' \
         THEN n.now ELSE volunteers.validated_at END, version = volunteers.version + 1 \
         FROM n WHERE volunteers.id = n.id AND volunteers.version = n.version"
    )));
    for save in saves {
        let v = save.volunteer;
        let place = v.place.as_ref();
        q = q
            .bind(save.id)
            .bind(v.status.as_str())
            .bind(v.first_name.clone())
            .bind(v.lang.as_str())
            .bind(place.map(|p| p.insee.clone()))
            .bind(place.map(|p| p.commune.clone()))
            .bind(place.map(|p| p.departement.clone()))
            // sqlx 0.9's Any driver declares a NULL DOUBLE as float4 to PostgreSQL, which then
            // rejects the next non-NULL value on the cached statement: never bind a NULL float.
            .bind(place.map(|p| p.point.lat).unwrap_or(0.0))
            .bind(place.map(|p| p.point.lon).unwrap_or(0.0))
            .bind(v.on_site.map(i64::from))
            .bind(i64::from(v.domains.0))
            .bind(v.availability.clone())
            .bind(i64::from(v.radius_km))
            .bind(v.consent.as_ref().map(|c| c.at))
            .bind(v.consent.as_ref().map(|c| c.terms_version.clone()))
            .bind(serde_json::to_string(&v.conversation).expect("conversation serializes"))
            .bind(save.version)
            .bind(save.now);
    }
    Ok(q.execute(&mut **tx).await?.rows_affected())
}

/// A moderator's decision on a pending volunteer (the version moves: a conversation step
/// running meanwhile runs again).
pub(super) async fn set_status(
    tx: &mut Tx,
    id: i64,
    status: VolunteerStatus,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE volunteers SET status = $2, validated_at = CASE WHEN $2 = $4 \
         THEN $3 ELSE validated_at END, version = version + 1 WHERE id = $1",
    )
    .bind(id)
    .bind(status.as_str())
    .bind(now)
    .bind(VolunteerStatus::Validated.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Erases a volunteer's personal data, keeping an anonymous row for the counts.
pub async fn erase_volunteer(tx: &mut Tx, id: i64, now: i64) -> Result<()> {
    participations::cancel_open_of_volunteer(tx, id).await?;
    sqlx::query(
        "UPDATE volunteers SET status = $3, first_name = NULL, insee = NULL, commune = NULL, \
         lat = NULL, lon = NULL, availability = NULL, consent_at = NULL, terms_version = NULL, \
         conversation = '{}', erased_at = $2, version = version + 1 WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .bind(VolunteerStatus::Erased.as_str())
    .execute(&mut **tx)
    .await?;
    contacts::erase_of_volunteer(tx, id).await
}

/// Volunteer `id`'s département, if they gave a place.
pub async fn departement_of(tx: &mut Tx, id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT departement FROM volunteers WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .flatten(),
    )
}

/// A volunteer a moderator may answer: their département and first name; `None` if there is
/// no such volunteer, they gave no place, or they are erased.
pub async fn answerable(tx: &mut Tx, id: i64) -> Result<Option<(String, String)>> {
    let row = sqlx::query(
        "SELECT departement, first_name FROM volunteers WHERE id = $1 AND status <> $2",
    )
    .bind(id)
    .bind(VolunteerStatus::Erased.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(|r| {
        let departement: Option<String> = r.get(0);
        let name: Option<String> = r.get(1);
        Some((departement?, name.unwrap_or_default()))
    }))
}
