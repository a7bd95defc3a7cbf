//! Staff: referents of structures and moderators of départements (who a contact is, how to
//! reach them), their Telegram invitations, and each département's validation rule.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Result, Store, StoreError, Tx};
use crate::domain::{Channel, Lang, StaffRole, ValidationRule};

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

/// A referent or moderator to alert, at the address that reaches them.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffContact {
    pub channel: Channel,
    pub address: String,
    pub lang: Lang,
}

fn table(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Referent => "referents",
        StaffRole::Moderator => "moderators",
    }
}

fn departements(list: &str) -> Vec<String> {
    list.split_whitespace().map(str::to_string).collect()
}

/// Whether this address belongs to a referent or a moderator (the first referent, else the
/// first moderator), in one statement: it runs before every conversation step, mostly to find
/// nobody.
pub async fn staff_of(
    conn: &mut sqlx::AnyConnection,
    channel: Channel,
    address: &str,
) -> Result<Option<Staff>> {
    let row = sqlx::query(
        "SELECT a.staff_kind, a.staff_id, r.structure_id, m.departements, \
         COALESCE(r.lang, m.lang) FROM staff_addresses a \
         LEFT JOIN referents r ON a.staff_kind = $3 AND r.id = a.staff_id \
         LEFT JOIN moderators m ON a.staff_kind = $4 AND m.id = a.staff_id \
         WHERE a.channel = $1 AND a.address = $2 AND (r.id IS NOT NULL OR m.id IS NOT NULL) \
         ORDER BY CASE WHEN a.staff_kind = $3 THEN 0 ELSE 1 END, a.staff_id LIMIT 1",
    )
    .bind(channel.as_str())
    .bind(address)
    .bind(StaffRole::Referent.as_str())
    .bind(StaffRole::Moderator.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| {
        let lang = Lang::parse(&r.get::<String, _>(4));
        match StaffRole::parse(&r.get::<String, _>(0)) {
            Some(StaffRole::Referent) => Staff::Referent {
                id: r.get(1),
                structure_id: r.get(2),
                lang,
            },
            _ => Staff::Moderator {
                id: r.get(1),
                departements: departements(&r.get::<Option<String>, _>(3).unwrap_or_default()),
                lang,
            },
        }
    }))
}

/// One way to reach a referent or a moderator.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffAddress {
    pub channel: Channel,
    pub address: String,
}

/// A referent's or moderator's addresses, the preferred one first.
pub async fn addresses(
    conn: &mut sqlx::AnyConnection,
    role: StaffRole,
    id: i64,
) -> Result<Vec<StaffAddress>> {
    let rows = sqlx::query(
        "SELECT channel, address FROM staff_addresses WHERE staff_kind = $1 AND staff_id = $2 \
         ORDER BY preference",
    )
    .bind(role.as_str())
    .bind(id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(StaffAddress {
                channel: Channel::parse(&r.get::<String, _>(0))?,
                address: r.get(1),
            })
        })
        .collect())
}

/// Gives a referent or moderator `address` on `channel`, in place of any other they had on
/// that channel, and makes it the one they are alerted on: a person links a channel (a
/// Telegram chat through an invitation) to be reached there rather than where they were.
pub async fn link_address(
    tx: &mut Tx,
    role: StaffRole,
    id: i64,
    channel: Channel,
    address: &str,
    handle: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "DELETE FROM staff_addresses WHERE staff_kind = $1 AND staff_id = $2 AND channel = $3",
    )
    .bind(role.as_str())
    .bind(id)
    .bind(channel.as_str())
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE staff_addresses SET preference = preference + 1 \
         WHERE staff_kind = $1 AND staff_id = $2",
    )
    .bind(role.as_str())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO staff_addresses (staff_kind, staff_id, channel, address, handle, preference) \
         VALUES ($1, $2, $3, $4, $5, 0)",
    )
    .bind(role.as_str())
    .bind(id)
    .bind(channel.as_str())
    .bind(address)
    .bind(handle)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Rows of `(person id, channel, address, …)` ordered by person, then preference: each
/// person's first address on a channel this binary knows (one from a newer binary is passed
/// over), with its row. One alert per person: they are not alerted on every channel at once.
fn preferred(rows: &[AnyRow]) -> Vec<(&AnyRow, Channel)> {
    let mut last = None;
    rows.iter()
        .filter_map(|r| {
            let id: i64 = r.get(0);
            let channel = Channel::parse(&r.get::<String, _>(1))?;
            (last != Some(id)).then(|| {
                last = Some(id);
                (r, channel)
            })
        })
        .collect()
}

fn contact(row: &AnyRow, channel: Channel, lang_column: usize) -> StaffContact {
    StaffContact {
        channel,
        address: row.get(2),
        lang: Lang::parse(&row.get::<String, _>(lang_column)),
    }
}

/// The mission's structure's referents, each on the address that reaches them.
pub async fn referents_of_mission(tx: &mut Tx, mission_id: i64) -> Result<Vec<StaffContact>> {
    let rows = sqlx::query(
        "SELECT r.id, a.channel, a.address, r.lang FROM referents r \
         JOIN missions m ON m.structure_id = r.structure_id \
         JOIN staff_addresses a ON a.staff_kind = $2 AND a.staff_id = r.id \
         WHERE m.id = $1 ORDER BY r.id, a.preference",
    )
    .bind(mission_id)
    .bind(StaffRole::Referent.as_str())
    .fetch_all(&mut **tx)
    .await?;
    Ok(preferred(&rows)
        .into_iter()
        .map(|(r, channel)| contact(r, channel, 3))
        .collect())
}

/// The département's moderators, each on the address that reaches them.
pub async fn moderators_of(tx: &mut Tx, departement: &str) -> Result<Vec<StaffContact>> {
    let rows = sqlx::query(
        "SELECT m.id, a.channel, a.address, m.lang, m.departements FROM moderators m \
         JOIN staff_addresses a ON a.staff_kind = $1 AND a.staff_id = m.id \
         ORDER BY m.id, a.preference",
    )
    .bind(StaffRole::Moderator.as_str())
    .fetch_all(&mut **tx)
    .await?;
    Ok(preferred(&rows)
        .into_iter()
        .filter(|(r, _)| {
            departements(&r.get::<String, _>(4))
                .iter()
                .any(|d| d == departement || d == crate::engine::coverage::ALL_DEPARTEMENTS)
        })
        .map(|(r, channel)| contact(r, channel, 3))
        .collect())
}

/// Creates a single-use invitation code for a referent or a moderator, valid until
/// `expires_at`. Only its SHA-256 is stored, like an API token's: the database does not hold
/// a code that would link a chat to a structure's alerts.
pub async fn create_invite(
    store: &Store,
    role: StaffRole,
    target_id: i64,
    code: &str,
    now: i64,
    expires_at: i64,
) -> Result<()> {
    let exists: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM {} WHERE id = $1",
        table(role)
    )))
    .bind(target_id)
    .fetch_optional(store.pool())
    .await?;
    if exists.is_none() {
        return Err(StoreError::Invalid(format!(
            "no {} with id {target_id}",
            role.as_str()
        )));
    }
    sqlx::query(
        "INSERT INTO invites (code_hash, kind, target_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(super::tokens::hash(code))
    .bind(role.as_str())
    .bind(target_id)
    .bind(now)
    .bind(expires_at)
    .execute(store.pool())
    .await?;
    Ok(())
}

/// What redeeming an invitation did.
#[derive(Debug, Clone, PartialEq)]
pub enum Redeemed {
    /// The chat is linked: what the person should be told (structure name, or
    /// départements), in their language.
    Linked(String, Lang),
    /// A real code, unused, but past its date: the person (whose language is known) asks
    /// for a new one.
    Expired(Lang),
    /// Unknown, used, or of another kind.
    Invalid,
}

/// Redeems an invitation: links the address it came from (a Telegram chat) to the referent
/// or moderator, who is alerted there from then on.
pub async fn redeem_invite(
    tx: &mut Tx,
    role: StaffRole,
    code: &str,
    channel: Channel,
    address: &str,
    handle: Option<&str>,
    now: i64,
) -> Result<Redeemed> {
    let code_hash = super::tokens::hash(code);
    let target: Option<i64> = sqlx::query_scalar(
        "UPDATE invites SET used_at = $3 WHERE code_hash = $1 AND kind = $2 AND used_at IS NULL \
         AND expires_at > $3 RETURNING target_id",
    )
    .bind(&code_hash)
    .bind(role.as_str())
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    let told = match role {
        StaffRole::Referent => {
            "SELECT s.name, r.lang FROM referents r JOIN structures s ON s.id = r.structure_id \
             WHERE r.id = $1"
        }
        StaffRole::Moderator => "SELECT departements, lang FROM moderators WHERE id = $1",
    };
    let Some(id) = target else {
        let expired: Option<i64> = sqlx::query_scalar(
            "SELECT target_id FROM invites WHERE code_hash = $1 AND kind = $2 \
             AND used_at IS NULL AND expires_at <= $3",
        )
        .bind(&code_hash)
        .bind(role.as_str())
        .bind(now)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(id) = expired else {
            return Ok(Redeemed::Invalid);
        };
        let row = sqlx::query(told).bind(id).fetch_optional(&mut **tx).await?;
        let lang = row.map_or(Lang::Fr, |r| Lang::parse(&r.get::<String, _>(1)));
        return Ok(Redeemed::Expired(lang));
    };
    let row = sqlx::query(told).bind(id).fetch_one(&mut **tx).await?;
    link_address(tx, role, id, channel, address, handle).await?;
    Ok(Redeemed::Linked(
        row.get(0),
        Lang::parse(&row.get::<String, _>(1)),
    ))
}

/// Whether the département's moderators validate each volunteer (the default) or not.
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

/// Which départements are open and how they validate volunteers (a short read: most
/// départements have no settings row and a handful of moderators), for the engine to apply the
/// rule of the département a volunteer registers in, or moves to.
pub async fn coverage(conn: &mut sqlx::AnyConnection) -> Result<crate::engine::Coverage> {
    let settings =
        sqlx::query("SELECT departement, validation, closed, min_age FROM departement_settings")
            .fetch_all(&mut *conn)
            .await?;
    let lists: Vec<String> = sqlx::query_scalar("SELECT departements FROM moderators")
        .fetch_all(&mut *conn)
        .await?;
    let mut c =
        crate::engine::Coverage::default().with_moderator_lists(lists.iter().map(String::as_str));
    for r in settings {
        let dep: String = r.get(0);
        if r.get::<String, _>(1) == ValidationRule::Auto.as_str() {
            c.auto.push(dep.clone());
        }
        if r.get::<i64, _>(2) == 1 {
            c.closed.push(dep.clone());
        }
        if let Some(age) = r.get::<Option<i64>, _>(3) {
            c.min_ages.push((dep, age.clamp(0, 120) as u32));
        }
    }
    c.auto.sort();
    c.closed.sort();
    Ok(c)
}

/// A coverage from the lists the read-ahead statement aggregates: automatic and closed
/// départements (comma-separated), the moderators' lists (space-separated) and minimum ages
/// ("62=16", comma-separated).
pub fn coverage_from(
    auto: Option<String>,
    moderated: Option<String>,
    closed: Option<String>,
    min_ages: Option<String>,
) -> crate::engine::Coverage {
    let split = |s: Option<String>| -> Vec<String> {
        let mut v: Vec<String> = s
            .unwrap_or_default()
            .split(',')
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect();
        v.sort();
        v
    };
    let moderated = moderated.unwrap_or_default();
    crate::engine::Coverage {
        auto: split(auto),
        closed: split(closed),
        min_ages: split(min_ages)
            .iter()
            .filter_map(|p| {
                let (d, a) = p.split_once('=')?;
                Some((d.to_string(), a.parse().ok()?))
            })
            .collect(),
        ..crate::engine::Coverage::default()
    }
    .with_moderator_lists([moderated.as_str()])
}

/// Opens or closes a département, sets how it validates volunteers and its minimum age
/// (each left as it is when `None`).
pub async fn set_departement(
    tx: &mut Tx,
    departement: &str,
    closed: Option<bool>,
    rule: Option<ValidationRule>,
    min_age: Option<u32>,
) -> Result<()> {
    ensure_validation_rule(tx, departement, ValidationRule::Required).await?;
    if let Some(closed) = closed {
        sqlx::query("UPDATE departement_settings SET closed = $2 WHERE departement = $1")
            .bind(departement)
            .bind(i64::from(closed))
            .execute(&mut **tx)
            .await?;
    }
    if let Some(rule) = rule {
        sqlx::query("UPDATE departement_settings SET validation = $2 WHERE departement = $1")
            .bind(departement)
            .bind(rule.as_str())
            .execute(&mut **tx)
            .await?;
    }
    if let Some(age) = min_age {
        sqlx::query("UPDATE departement_settings SET min_age = $2 WHERE departement = $1")
            .bind(departement)
            .bind(i64::from(age))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Sets a département's rule unless it has one.
pub async fn ensure_validation_rule(
    tx: &mut Tx,
    departement: &str,
    rule: ValidationRule,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO departement_settings (departement, validation) VALUES ($1, $2) \
         ON CONFLICT (departement) DO NOTHING",
    )
    .bind(departement)
    .bind(rule.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Names the moderator reached at `address` for `departements` ("59 62", or "*" for every
/// département), adding them if no moderator has that address; returns their id.
pub async fn name_moderator(
    tx: &mut Tx,
    name: &str,
    channel: Channel,
    address: &str,
    departements: &str,
) -> Result<i64> {
    ensure_moderator(tx, name, channel, address, departements).await?;
    let id: i64 = sqlx::query_scalar(
        "SELECT staff_id FROM staff_addresses \
         WHERE staff_kind = $1 AND channel = $2 AND address = $3 LIMIT 1",
    )
    .bind(StaffRole::Moderator.as_str())
    .bind(channel.as_str())
    .bind(address)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("UPDATE moderators SET departements = $2 WHERE id = $1")
        .bind(id)
        .bind(departements)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// Adds a moderator reached at `address` unless a moderator has it.
pub async fn ensure_moderator(
    tx: &mut Tx,
    name: &str,
    channel: Channel,
    address: &str,
    departements: &str,
) -> Result<()> {
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT staff_id FROM staff_addresses \
         WHERE staff_kind = $1 AND channel = $2 AND address = $3 LIMIT 1",
    )
    .bind(StaffRole::Moderator.as_str())
    .bind(channel.as_str())
    .bind(address)
    .fetch_optional(&mut **tx)
    .await?;
    if exists.is_some() {
        return Ok(());
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO moderators (name, departements) VALUES ($1, $2) RETURNING id",
    )
    .bind(name)
    .bind(departements)
    .fetch_one(&mut **tx)
    .await?;
    link_address(tx, StaffRole::Moderator, id, channel, address, None).await
}

/// Adds a referent reached at `address` to a structure unless one of its referents has it.
pub async fn ensure_referent(
    tx: &mut Tx,
    structure_id: i64,
    name: &str,
    channel: Channel,
    address: &str,
) -> Result<()> {
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT r.id FROM referents r \
         JOIN staff_addresses a ON a.staff_kind = $1 AND a.staff_id = r.id \
         WHERE r.structure_id = $2 AND a.channel = $3 AND a.address = $4 LIMIT 1",
    )
    .bind(StaffRole::Referent.as_str())
    .bind(structure_id)
    .bind(channel.as_str())
    .bind(address)
    .fetch_optional(&mut **tx)
    .await?;
    if exists.is_some() {
        return Ok(());
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO referents (structure_id, name) VALUES ($1, $2) RETURNING id",
    )
    .bind(structure_id)
    .bind(name)
    .fetch_one(&mut **tx)
    .await?;
    link_address(tx, StaffRole::Referent, id, channel, address, None).await
}

/// What a referent or moderator was last shown (JSON, see the staff engine's views).
pub async fn load_view<T: serde::de::DeserializeOwned + Default>(
    tx: &mut Tx,
    staff: &Staff,
) -> Result<T> {
    let (table, id) = match staff {
        Staff::Referent { id, .. } => ("referents", *id),
        Staff::Moderator { id, .. } => ("moderators", *id),
    };
    let json: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT conversation FROM {table} WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

pub async fn save_view<T: serde::Serialize>(tx: &mut Tx, staff: &Staff, view: &T) -> Result<()> {
    let (table, id) = match staff {
        Staff::Referent { id, .. } => ("referents", *id),
        Staff::Moderator { id, .. } => ("moderators", *id),
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE {table} SET conversation = $2 WHERE id = $1"
    )))
    .bind(id)
    .bind(serde_json::to_string(view).expect("views serialize"))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A moderator reached by SMS (their preferred address), for the daily digest.
#[derive(Debug, Clone, PartialEq)]
pub struct SmsModerator {
    pub id: i64,
    pub phone: String,
    pub lang: Lang,
    pub departements: Vec<String>,
    pub digest_day: Option<String>,
}

pub async fn sms_moderators(store: &Store) -> Result<Vec<SmsModerator>> {
    let rows = sqlx::query(
        "SELECT m.id, a.channel, a.address, m.lang, m.departements, m.digest_day \
         FROM moderators m JOIN staff_addresses a ON a.staff_kind = $1 AND a.staff_id = m.id \
         ORDER BY m.id, a.preference",
    )
    .bind(StaffRole::Moderator.as_str())
    .fetch_all(store.pool())
    .await?;
    Ok(preferred(&rows)
        .into_iter()
        .filter(|(_, channel)| *channel == Channel::Sms)
        .map(|(r, _)| SmsModerator {
            id: r.get(0),
            phone: r.get(2),
            lang: Lang::parse(&r.get::<String, _>(3)),
            departements: departements(&r.get::<String, _>(4)),
            digest_day: r.get(5),
        })
        .collect())
}

/// Takes a moderator's digest of `day`; `false` if another instance took it.
pub async fn claim_digest(tx: &mut Tx, moderator_id: i64, day: &str) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE moderators SET digest_day = $2 WHERE id = $1 \
         AND (digest_day IS NULL OR digest_day <> $2)",
    )
    .bind(moderator_id)
    .bind(day)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}
