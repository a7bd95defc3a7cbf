//! Contacts: the phone numbers and Telegram chats through which one volunteer is reached, their
//! opt-outs, and which of them a structure or a notice uses.

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use super::{Result, Store, Tx};
use crate::domain::Channel;
use crate::engine::staff::referent::Reach;

#[derive(Debug, Clone)]
pub struct ContactRow {
    pub volunteer_id: Option<i64>,
    pub stopped: bool,
    /// The provider reported the number unreachable and it has not written since.
    pub unreachable: bool,
}

impl ContactRow {
    /// Nothing can be sent to it now (stopped or unreachable).
    pub fn blocked(&self) -> bool {
        self.stopped || self.unreachable
    }
}

/// The text of [`UNREACHABLE`], for `concat!`.
macro_rules! unreachable_sql {
    () => {
        "(c.unreachable_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM inbound i \
         WHERE i.address = c.address AND i.channel = c.channel \
         AND i.received_at > c.unreachable_at))"
    };
}
pub(crate) use unreachable_sql;

/// A contact `c` (aliased so) reported unreachable (Twilio 30003 twice, 30005, 30006) that
/// has not written to Renfort since: a number that texts again works again, with no write
/// on the path of every inbound message. Since means in a later second: a report often
/// comes within the second of the person's last message, which must not undo it.
pub const UNREACHABLE: &str = unreachable_sql!();

pub async fn find_contact(
    tx: &mut Tx,
    channel: Channel,
    address: &str,
) -> Result<Option<ContactRow>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT c.volunteer_id, c.stopped_at, CASE WHEN {UNREACHABLE} THEN 1 ELSE 0 END \
         FROM contacts c WHERE c.channel = $1 AND c.address = $2"
    )))
    .bind(channel.as_str())
    .bind(address)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| ContactRow {
        volunteer_id: r.get::<Option<i64>, _>(0),
        stopped: r.get::<Option<i64>, _>(1).is_some(),
        unreachable: r.get::<i64, _>(2) != 0,
    }))
}

/// Records that the provider cannot deliver to this number (the contact row is created for
/// a staff number that never wrote).
pub async fn set_unreachable(tx: &mut Tx, channel: Channel, address: &str, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO contacts (channel, address, unreachable_at, created_at) \
         VALUES ($1, $2, $3, $3) \
         ON CONFLICT (channel, address) DO UPDATE SET unreachable_at = excluded.unreachable_at",
    )
    .bind(channel.as_str())
    .bind(address)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Attaches a contact to a new volunteer; if two first messages raced, the contact row decides
/// who the person is. Returns the volunteer that owns the contact, and whether the contact had
/// stopped (a STOP may come before any volunteer).
pub(super) async fn attach(
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    volunteer_id: i64,
    now: i64,
) -> Result<Attached> {
    let (volunteer_id, stopped_at): (Option<i64>, Option<i64>) = sqlx::query_as(
        "INSERT INTO contacts (channel, address, volunteer_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (channel, address) DO UPDATE \
         SET volunteer_id = COALESCE(contacts.volunteer_id, excluded.volunteer_id) \
         RETURNING volunteer_id, stopped_at",
    )
    .bind(channel.as_str())
    .bind(address)
    .bind(volunteer_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(Attached {
        volunteer_id,
        stopped: stopped_at.is_some(),
    })
}

/// What [`attach`] found.
pub(super) struct Attached {
    pub(super) volunteer_id: Option<i64>,
    pub(super) stopped: bool,
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

impl Store {
    /// A volunteer's id by contact, for tools and tests.
    pub async fn volunteer_id(&self, channel: Channel, address: &str) -> Result<Option<i64>> {
        let mut tx = self.begin().await?;
        let c = find_contact(&mut tx, channel, address).await?;
        tx.commit().await?;
        Ok(c.and_then(|c| c.volunteer_id))
    }

    /// Stops a contact on a provider's report (Twilio 21610, Telegram "bot was blocked").
    pub async fn stop_contact(&self, channel: Channel, address: &str, now: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        set_stopped(&mut tx, channel, address, Some(now), now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A volunteer's contacts: (channel, address, stopped).
pub async fn volunteer_contacts(
    tx: &mut Tx,
    volunteer_id: i64,
) -> Result<Vec<(Channel, String, bool)>> {
    let rows = sqlx::query(
        "SELECT channel, address, stopped_at FROM contacts WHERE volunteer_id = $1 ORDER BY channel",
    )
    .bind(volunteer_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some((
                Channel::parse(&r.get::<String, _>(0))?,
                r.get(1),
                r.get::<Option<i64>, _>(2).is_some(),
            ))
        })
        .collect())
}

/// How a structure can reach a volunteer: their phone if Renfort knows one, else their
/// Telegram @username, else only through Renfort (a chat id is never shown).
pub async fn volunteer_contact(tx: &mut Tx, volunteer_id: i64) -> Result<Option<Reach>> {
    let rows = sqlx::query(
        "SELECT channel, address, handle FROM contacts WHERE volunteer_id = $1 ORDER BY channel",
    )
    .bind(volunteer_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut found: Vec<Reach> = rows
        .iter()
        .filter_map(|r| {
            Some(match Channel::parse(&r.get::<String, _>(0))? {
                Channel::Sms => Reach::Phone(r.get(1)),
                Channel::Telegram => match r.get::<Option<String>, _>(2) {
                    Some(h) => Reach::Handle(format!("@{h}")),
                    None => Reach::Relay,
                },
            })
        })
        .collect();
    // A phone is the easiest to call.
    found.sort_by_key(|r| match r {
        Reach::Phone(_) => 0,
        Reach::Handle(_) => 1,
        Reach::Relay => 2,
    });
    Ok(found.into_iter().next())
}

/// Where to reach volunteer `v` for news they did not ask for just now (validation, a new
/// mission): the most recently attached contact that has not opted out. Used as
/// `(SELECT c.channel {REACH})` and `(SELECT c.address {REACH})` next to a `volunteers v`.
pub const REACH: &str = concat!(
    "FROM contacts c WHERE c.volunteer_id = v.id AND c.stopped_at IS NULL AND NOT ",
    unreachable_sql!(),
    " ORDER BY c.created_at DESC, c.channel LIMIT 1"
);

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

/// Forgets every contact of an erased volunteer: what was queued for them goes nowhere, the
/// messages that carry their data are blanked, what they wrote is blanked, and the contact
/// rows go.
pub(super) async fn erase_of_volunteer(tx: &mut Tx, volunteer_id: i64) -> Result<()> {
    super::outbox::erase_for_volunteer(tx, volunteer_id).await?;
    super::blank_inbound_of_volunteer(tx, volunteer_id).await?;
    sqlx::query("DELETE FROM contacts WHERE volunteer_id = $1")
        .bind(volunteer_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Remembers a Telegram @username, shown to structures instead of a chat id.
pub async fn set_handle(tx: &mut Tx, chat: &str, handle: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE contacts SET handle = $2 WHERE channel = $3 AND address = $1")
        .bind(chat)
        .bind(handle)
        .bind(Channel::Telegram.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
