//! Volunteers, their contacts (one identity, several channels), missions on offer and intents.

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use super::{Result, Store, Tx};
use crate::domain::{
    Channel, Domain, Domains, Lang, MissionStatus, ParticipationStatus, ValidationRule,
    VolunteerStatus,
};
use crate::engine::{Consent, Conversation, Intent, Offer, Place, Volunteer};
use crate::geo::Point;

/// How many remote missions are considered at most per search: they have no distance to rank
/// by, so the newest come first.
const REMOTE_LIMIT: i64 = 30;
/// Offers handed to the engine: ten pages of three.
const OFFER_LIMIT: usize = 30;

#[derive(Debug, Clone)]
pub struct ContactRow {
    pub volunteer_id: Option<i64>,
    pub stopped: bool,
}

/// A referent (or moderator) to alert, on the channel that reaches them.
#[derive(Debug, Clone)]
pub struct ReferentContact {
    pub channel: Channel,
    pub address: String,
    pub lang: Lang,
}

pub async fn find_contact(
    tx: &mut Tx,
    channel: Channel,
    address: &str,
) -> Result<Option<ContactRow>> {
    let row = sqlx::query(
        "SELECT volunteer_id, stopped_at FROM contacts WHERE channel = $1 AND address = $2",
    )
    .bind(channel.as_str())
    .bind(address)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| ContactRow {
        volunteer_id: r.get::<Option<i64>, _>(0),
        stopped: r.get::<Option<i64>, _>(1).is_some(),
    }))
}

/// Creates a volunteer for a contact seen for the first time (or re-attaches a contact whose
/// volunteer was erased).
pub async fn create_volunteer(
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    now: i64,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO volunteers (status, created_at) VALUES ('registering', $1) RETURNING id",
    )
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    // Two first messages at once: the contact row decides who the person is.
    let owner: Option<i64> = sqlx::query_scalar(
        "INSERT INTO contacts (channel, address, volunteer_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (channel, address) DO UPDATE \
         SET volunteer_id = COALESCE(contacts.volunteer_id, excluded.volunteer_id) \
         RETURNING volunteer_id",
    )
    .bind(channel.as_str())
    .bind(address)
    .bind(id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    match owner {
        Some(existing) if existing != id => {
            sqlx::query("DELETE FROM volunteers WHERE id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await?;
            Ok(existing)
        }
        _ => Ok(id),
    }
}

/// Records an opt-out (or its end) for an address that may not belong to any volunteer yet.
pub async fn set_stopped(
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    stopped_at: Option<i64>,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO contacts (channel, address, stopped_at, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (channel, address) DO UPDATE SET stopped_at = excluded.stopped_at",
    )
    .bind(channel.as_str())
    .bind(address)
    .bind(stopped_at)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
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

/// Saves the volunteer if it is still at `version`; `false` if someone changed it meanwhile.
pub async fn save_volunteer(
    tx: &mut Tx,
    id: i64,
    v: &Volunteer,
    version: i64,
    now: i64,
) -> Result<bool> {
    let place = v.place.as_ref();
    let done = sqlx::query(
        "UPDATE volunteers SET status = $2, first_name = $3, lang = $4, insee = $5, commune = $6, \
         departement = $7, lat = CASE WHEN $5 IS NULL THEN NULL ELSE $8 END, \
         lon = CASE WHEN $5 IS NULL THEN NULL ELSE $9 END, on_site = $10, domains = $11, availability = $12, \
         radius_km = $13, consent_at = $14, terms_version = $15, conversation = $16, \
         registered_at = CASE WHEN registered_at IS NULL AND $2 IN ('pending', 'validated') \
         THEN $17 ELSE registered_at END, \
         validated_at = CASE WHEN validated_at IS NULL AND $2 = 'validated' THEN $17 \
         ELSE validated_at END, version = version + 1 \
         WHERE id = $1 AND version = $18",
    )
    .bind(id)
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
    .bind(now)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Missions the volunteer already offered to help with (not withdrawn), newest first.
pub async fn volunteer_intents(tx: &mut Tx, volunteer_id: i64) -> Result<Vec<Intent>> {
    let rows = sqlx::query(
        "SELECT p.mission_id, m.title, s.name, p.status FROM participations p \
         JOIN missions m ON m.id = p.mission_id JOIN structures s ON s.id = m.structure_id \
         WHERE p.volunteer_id = $1 AND p.status <> 'cancelled' ORDER BY p.id DESC",
    )
    .bind(volunteer_id)
    .fetch_all(&mut **tx)
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

const OFFER_COLUMNS: &str = "m.id, m.title, s.name, m.domain, m.commune, m.lat, m.lon, m.schedule, \
     m.description, m.places - m.places_taken, m.remote";

/// Open missions for this volunteer: matching domains, on site within the radius (if the
/// on-site rule allows), remote ones after; nearest first. A bounding box on an indexed
/// latitude prefilters; the exact great-circle distance decides.
pub async fn offers_for(tx: &mut Tx, v: &Volunteer) -> Result<Vec<Offer>> {
    let Some(place) = &v.place else {
        return Ok(Vec::new());
    };
    let open = "m.status = 'validated' AND s.status = 'validated' AND m.places_taken < m.places";
    let mut offers: Vec<Offer> = Vec::new();
    if v.on_site == Some(true) {
        let radius = f64::from(v.radius_km);
        let b = place.point.bounding_box(radius);
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {OFFER_COLUMNS} FROM missions m JOIN structures s ON s.id = m.structure_id \
             WHERE {open} AND m.remote = 0 AND m.lat BETWEEN $1 AND $2 AND m.lon BETWEEN $3 AND $4"
        )))
        .bind(b.min_lat)
        .bind(b.max_lat)
        .bind(b.min_lon)
        .bind(b.max_lon)
        .fetch_all(&mut **tx)
        .await?;
        for r in rows {
            let Some(o) = offer_from_row(&r, Some(&place.point)) else {
                continue;
            };
            if v.domains.contains(o.domain) && o.distance_km.is_some_and(|d| d <= radius) {
                offers.push(o);
            }
        }
        offers.sort_by(|a, b| {
            a.distance_km
                .total_cmp_opt(b.distance_km)
                .then(a.id.cmp(&b.id))
        });
        offers.truncate(OFFER_LIMIT);
    }
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {OFFER_COLUMNS} FROM missions m JOIN structures s ON s.id = m.structure_id \
         WHERE {open} AND m.remote = 1 ORDER BY m.id DESC LIMIT $1"
    )))
    .bind(REMOTE_LIMIT)
    .fetch_all(&mut **tx)
    .await?;
    for r in rows {
        if let Some(o) = offer_from_row(&r, None)
            && v.domains.contains(o.domain)
            && offers.len() < OFFER_LIMIT
        {
            offers.push(o);
        }
    }
    Ok(offers)
}

trait TotalCmpOpt {
    fn total_cmp_opt(self, other: Self) -> std::cmp::Ordering;
}
impl TotalCmpOpt for Option<f64> {
    fn total_cmp_opt(self, other: Self) -> std::cmp::Ordering {
        self.unwrap_or(f64::MAX)
            .total_cmp(&other.unwrap_or(f64::MAX))
    }
}

fn offer_from_row(r: &AnyRow, from: Option<&Point>) -> Option<Offer> {
    let remote = r.get::<i64, _>(10) != 0;
    let point = match (r.get::<Option<f64>, _>(5), r.get::<Option<f64>, _>(6)) {
        (Some(lat), Some(lon)) => Some(Point::new(lat, lon)),
        _ => None,
    };
    Some(Offer {
        id: r.get(0),
        title: r.get(1),
        structure: r.get(2),
        domain: Domain::from_number(r.get(3))?,
        commune: if remote { None } else { r.get(4) },
        distance_km: match (remote, from, point) {
            (false, Some(f), Some(p)) => Some(f.distance_km(&p)),
            _ => None,
        },
        schedule: r.get(7),
        description: r.get(8),
        places_left: r.get(9),
    })
}

pub async fn validation_rule(tx: &mut Tx, departement: &str) -> Result<ValidationRule> {
    let rule: Option<String> =
        sqlx::query_scalar("SELECT validation FROM departement_settings WHERE departement = $1")
            .bind(departement)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(rule
        .and_then(|r| ValidationRule::parse(&r))
        .unwrap_or(ValidationRule::Required))
}

/// Takes one place if the mission is still open; marks it full when that was the last one.
/// `false` if another volunteer took the last place first.
pub async fn take_place(tx: &mut Tx, mission_id: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE missions SET places_taken = places_taken + 1 \
         WHERE id = $1 AND status = 'validated' AND places_taken < places",
    )
    .bind(mission_id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("UPDATE missions SET status = $2 WHERE id = $1 AND places_taken >= places")
        .bind(mission_id)
        .bind(MissionStatus::Full.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// Gives a place back; a full mission re-opens.
pub async fn free_place(tx: &mut Tx, mission_id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE missions SET places_taken = places_taken - 1, \
         status = CASE WHEN status = 'full' THEN 'validated' ELSE status END \
         WHERE id = $1 AND places_taken > 0",
    )
    .bind(mission_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
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

/// The mission's structure's referents, each on the channel that reaches them: their linked
/// Telegram chat if any, else their phone.
pub async fn referents_of_mission(tx: &mut Tx, mission_id: i64) -> Result<Vec<ReferentContact>> {
    let rows = sqlx::query(
        "SELECT r.phone, r.telegram_chat, r.lang FROM referents r \
         JOIN missions m ON m.structure_id = r.structure_id WHERE m.id = $1 ORDER BY r.id",
    )
    .bind(mission_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            let lang = Lang::parse(&r.get::<String, _>(2));
            match (r.get::<Option<String>, _>(1), r.get::<Option<String>, _>(0)) {
                (Some(chat), _) => Some(ReferentContact {
                    channel: Channel::Telegram,
                    address: chat,
                    lang,
                }),
                (None, Some(phone)) => Some(ReferentContact {
                    channel: Channel::Sms,
                    address: phone,
                    lang,
                }),
                _ => None,
            }
        })
        .collect())
}

/// Name of the structure offering a mission.
pub async fn structure_of_mission(tx: &mut Tx, mission_id: i64) -> Result<String> {
    Ok(sqlx::query_scalar(
        "SELECT s.name FROM structures s JOIN missions m ON m.structure_id = s.id WHERE m.id = $1",
    )
    .bind(mission_id)
    .fetch_one(&mut **tx)
    .await?)
}

/// Mission title (for alerts).
pub async fn mission_title(tx: &mut Tx, mission_id: i64) -> Result<String> {
    Ok(
        sqlx::query_scalar("SELECT title FROM missions WHERE id = $1")
            .bind(mission_id)
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// The contact a structure sees for a volunteer on a channel: a phone number, or a Telegram
/// handle (or chat id when the user has no username).
pub async fn volunteer_contact(
    tx: &mut Tx,
    volunteer_id: i64,
    channel: Channel,
) -> Result<Option<(Channel, String)>> {
    let rows = sqlx::query(
        "SELECT channel, address, handle FROM contacts WHERE volunteer_id = $1 ORDER BY channel",
    )
    .bind(volunteer_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut found: Vec<(Channel, String)> = rows
        .iter()
        .filter_map(|r| {
            let ch = Channel::parse(&r.get::<String, _>(0))?;
            let shown = match ch {
                Channel::Sms => r.get::<String, _>(1),
                Channel::Telegram => r
                    .get::<Option<String>, _>(2)
                    .map(|h| format!("@{h}"))
                    .unwrap_or_else(|| r.get::<String, _>(1)),
            };
            Some((ch, shown))
        })
        .collect();
    // A phone is the easiest to call: prefer it, then the channel the volunteer used.
    found.sort_by_key(|(ch, _)| (*ch != Channel::Sms, *ch != channel));
    Ok(found.into_iter().next())
}

/// Erases a volunteer's personal data, keeping an anonymous row for the counts.
pub async fn erase_volunteer(tx: &mut Tx, id: i64, now: i64) -> Result<()> {
    let freed: Vec<i64> = sqlx::query_scalar(
        "SELECT mission_id FROM participations WHERE volunteer_id = $1 \
         AND status IN ('held', 'sent', 'contacted', 'accepted')",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    for mission in freed {
        free_place(tx, mission).await?;
    }
    sqlx::query(
        "UPDATE participations SET status = 'cancelled' WHERE volunteer_id = $1 \
         AND status IN ('held', 'sent', 'contacted', 'accepted')",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE volunteers SET status = 'erased', first_name = NULL, insee = NULL, commune = NULL, \
         lat = NULL, lon = NULL, availability = NULL, consent_at = NULL, terms_version = NULL, \
         conversation = '{}', erased_at = $2, version = version + 1 WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    // Queued messages to the erased person go nowhere; the contact rows go.
    sqlx::query(
        "UPDATE outbox SET status = 'dropped', error = 'erased' WHERE status = 'pending' \
         AND ignores_stop = 0 AND (channel, address) IN \
         (SELECT channel, address FROM contacts WHERE volunteer_id = $1)",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE inbound SET body = NULL, address = NULL WHERE (channel, address) IN \
         (SELECT channel, address FROM contacts WHERE volunteer_id = $1)",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM contacts WHERE volunteer_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// A volunteer's id by contact, for tools and tests.
    pub async fn volunteer_id(&self, channel: Channel, address: &str) -> Result<Option<i64>> {
        let mut tx = self.begin().await?;
        let c = find_contact(&mut tx, channel, address).await?;
        tx.commit().await?;
        Ok(c.and_then(|c| c.volunteer_id))
    }
}

/// Where to reach volunteer `v` for news they did not ask for just now (validation, a new
/// mission): the most recently attached contact that has not opted out. Used as
/// `(SELECT c.channel {REACH})` and `(SELECT c.address {REACH})` next to a `volunteers v`.
pub const REACH: &str = "FROM contacts c WHERE c.volunteer_id = v.id AND c.stopped_at IS NULL \
     ORDER BY c.created_at DESC, c.channel LIMIT 1";

/// The channel and address of [`REACH`] in a row, at columns `at` and `at + 1`.
pub fn reach_from_row(r: &AnyRow, at: usize) -> Option<(Channel, String)> {
    let channel = Channel::parse(&r.get::<Option<String>, _>(at)?)?;
    Some((channel, r.get::<Option<String>, _>(at + 1)?))
}

pub async fn volunteer_reach(tx: &mut Tx, volunteer_id: i64) -> Result<Option<(Channel, String)>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT (SELECT c.channel {REACH}), (SELECT c.address {REACH}) FROM volunteers v \
         WHERE v.id = $1"
    )))
    .bind(volunteer_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(|r| reach_from_row(&r, 0)))
}

impl Store {
    /// Stops a contact on a provider's report (Twilio 21610, Telegram "bot was blocked").
    pub async fn stop_contact(&self, channel: Channel, address: &str, now: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        set_stopped(&mut tx, channel, address, Some(now), now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The volunteer withdraws: the participation is cancelled and its place freed. Returns the
/// participation id and whether the structure had been told (so it hears of it too).
pub async fn withdraw_intent(
    tx: &mut Tx,
    volunteer_id: i64,
    mission_id: i64,
) -> Result<Option<(i64, bool)>> {
    let row = sqlx::query(
        "UPDATE participations SET status = 'cancelled' \
         WHERE volunteer_id = $1 AND mission_id = $2 \
         AND status IN ('held', 'sent', 'contacted', 'accepted') RETURNING id, relayed_at",
    )
    .bind(volunteer_id)
    .bind(mission_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    free_place(tx, mission_id).await?;
    Ok(Some((row.get(0), row.get::<Option<i64>, _>(1).is_some())))
}
