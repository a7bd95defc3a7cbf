//! Staff: referents of structures and moderators of départements (who a contact is, how to
//! reach them), their Telegram invitations, and each département's validation rule.

use sqlx::Row;

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

/// A referent or moderator to alert, on the channel that reaches them.
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

/// Whether this address belongs to a referent or a moderator (a referent first), in one
/// statement: it runs before every conversation step, mostly to find nobody.
pub async fn staff_of(
    conn: &mut sqlx::AnyConnection,
    channel: Channel,
    address: &str,
) -> Result<Option<Staff>> {
    let column = match channel {
        Channel::Sms => "phone",
        Channel::Telegram => "telegram_chat",
    };
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT kind, id, structure_id, departements, lang FROM ( \
         SELECT * FROM (SELECT CAST(1 AS BIGINT) AS kind, id, structure_id, \
         '' AS departements, lang FROM referents WHERE {column} = $1 ORDER BY id LIMIT 1) r \
         UNION ALL \
         SELECT * FROM (SELECT CAST(2 AS BIGINT) AS kind, id, CAST(0 AS BIGINT) AS structure_id, \
         departements, lang FROM moderators WHERE {column} = $1 ORDER BY id LIMIT 1) m) staff \
         ORDER BY kind LIMIT 1"
    )))
    .bind(address)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| {
        let lang = Lang::parse(&r.get::<String, _>(4));
        match r.get::<i64, _>(0) {
            1 => Staff::Referent {
                id: r.get(1),
                structure_id: r.get(2),
                lang,
            },
            _ => Staff::Moderator {
                id: r.get(1),
                departements: departements(&r.get::<String, _>(3)),
                lang,
            },
        }
    }))
}

/// Their linked Telegram chat if any, else their phone.
fn contact_of(phone: Option<String>, chat: Option<String>, lang: Lang) -> Option<StaffContact> {
    match (chat, phone) {
        (Some(chat), _) => Some(StaffContact {
            channel: Channel::Telegram,
            address: chat,
            lang,
        }),
        (None, Some(phone)) => Some(StaffContact {
            channel: Channel::Sms,
            address: phone,
            lang,
        }),
        _ => None,
    }
}

/// The mission's structure's referents, each on the channel that reaches them.
pub async fn referents_of_mission(tx: &mut Tx, mission_id: i64) -> Result<Vec<StaffContact>> {
    let rows = sqlx::query(
        "SELECT r.phone, r.telegram_chat, r.lang FROM referents r \
         JOIN missions m ON m.structure_id = r.structure_id WHERE m.id = $1 ORDER BY r.id",
    )
    .bind(mission_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| contact_of(r.get(0), r.get(1), Lang::parse(&r.get::<String, _>(2))))
        .collect())
}

/// The département's moderators, each on the channel that reaches them.
pub async fn moderators_of(tx: &mut Tx, departement: &str) -> Result<Vec<StaffContact>> {
    let rows =
        sqlx::query("SELECT phone, telegram_chat, lang, departements FROM moderators ORDER BY id")
            .fetch_all(&mut **tx)
            .await?;
    Ok(rows
        .iter()
        .filter(|r| {
            departements(&r.get::<String, _>(3))
                .iter()
                .any(|d| d == departement)
        })
        .filter_map(|r| contact_of(r.get(0), r.get(1), Lang::parse(&r.get::<String, _>(2))))
        .collect())
}

/// Creates a single-use invitation code for a referent or a moderator.
pub async fn create_invite(
    store: &Store,
    role: StaffRole,
    target_id: i64,
    code: &str,
    now: i64,
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
    sqlx::query("INSERT INTO invites (code, kind, target_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(code)
        .bind(role.as_str())
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
    role: StaffRole,
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
    .bind(role.as_str())
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = target else { return Ok(None) };
    let row = match role {
        StaffRole::Referent => {
            sqlx::query(
                "UPDATE referents SET telegram_chat = $2, telegram_handle = $3 WHERE id = $1 \
             RETURNING (SELECT name FROM structures s WHERE s.id = referents.structure_id), lang",
            )
            .bind(id)
            .bind(chat)
            .bind(handle)
            .fetch_one(&mut **tx)
            .await?
        }
        StaffRole::Moderator => sqlx::query(
            "UPDATE moderators SET telegram_chat = $2 WHERE id = $1 RETURNING departements, lang",
        )
        .bind(id)
        .bind(chat)
        .fetch_one(&mut **tx)
        .await?,
    };
    Ok(Some((row.get(0), Lang::parse(&row.get::<String, _>(1)))))
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

/// The départements that validate volunteers automatically (a short list: most require a
/// moderator), for the engine to apply the rule of the département a volunteer moves to.
pub async fn auto_departements(conn: &mut sqlx::AnyConnection) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT departement FROM departement_settings WHERE validation = $1 ORDER BY departement",
    )
    .bind(ValidationRule::Auto.as_str())
    .fetch_all(conn)
    .await?)
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

/// Adds a moderator unless one has this phone.
pub async fn ensure_moderator(
    tx: &mut Tx,
    name: &str,
    phone: &str,
    departements: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO moderators (name, phone, departements) VALUES ($1, $2, $3) \
         ON CONFLICT (phone) DO NOTHING",
    )
    .bind(name)
    .bind(phone)
    .bind(departements)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds a referent to a structure unless it has one with this phone.
pub async fn ensure_referent(
    tx: &mut Tx,
    structure_id: i64,
    name: &str,
    phone: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO referents (structure_id, name, phone) VALUES ($1, $2, $3) \
         ON CONFLICT (structure_id, phone) DO NOTHING",
    )
    .bind(structure_id)
    .bind(name)
    .bind(phone)
    .execute(&mut **tx)
    .await?;
    Ok(())
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

/// A moderator reached by SMS only, for the daily digest.
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
        "SELECT id, phone, lang, departements, digest_day FROM moderators \
         WHERE telegram_chat IS NULL AND phone IS NOT NULL ORDER BY id",
    )
    .fetch_all(store.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| SmsModerator {
            id: r.get(0),
            phone: r.get(1),
            lang: Lang::parse(&r.get::<String, _>(2)),
            departements: departements(&r.get::<String, _>(3)),
            digest_day: r.get(4),
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
