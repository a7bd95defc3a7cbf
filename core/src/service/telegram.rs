//! What only Telegram does: staff invitations (`/start ref-CODE`), a shared phone number
//! that makes one person of a chat and a phone, and @usernames.
//!
//! Invitations and shared contacts answer like any message, so the flood guard counts and
//! mutes them like any message. A muted one is recorded and does nothing: an invitation
//! tried again and again is someone guessing codes, and a phone linked without a word would
//! leave its user wondering; either works again, answered, once the flood has calmed down.

use super::{Handled, Renfort, Result, flood};
use crate::domain::{Channel, Lang, StaffRole};
use crate::engine::Reply;
use crate::engine::flood::Verdict;
use crate::i18n::Text;
use crate::store::Tx;
use crate::store::staff::Redeemed;
use crate::store::{contacts, staff, volunteers};

impl Renfort {
    /// Links a Telegram chat's volunteer to the phone number its user shared.
    pub async fn link_phone(
        &self,
        chat: &str,
        external_id: &str,
        phone: &str,
        own: bool,
        now: i64,
    ) -> Result<Handled> {
        let Some(mut tx) = self
            .begin_inbound(Channel::Telegram, external_id, chat, "[contact]", now)
            .await?
        else {
            return Ok(Handled::Duplicate);
        };
        if self.flood_muted(&mut tx, chat, now).await? {
            tx.commit().await?;
            return Ok(Handled::Muted);
        }
        let volunteer = contacts::find_contact(&mut tx, Channel::Telegram, chat)
            .await?
            .and_then(|c| c.volunteer_id);
        let lang = match volunteer {
            Some(id) => volunteers::load_volunteer(&mut tx, id, false).await?.lang,
            None => Lang::Fr,
        };
        let id = if own {
            if volunteer.is_none() {
                volunteers::create_volunteer(&mut tx, Channel::Telegram, chat, now).await?;
            }
            volunteers::link_phone(&mut tx, chat, &normalize_phone(phone), now).await?;
            "phone-linked"
        } else {
            "contact-not-yours"
        };
        self.outbox
            .reply(
                &mut tx,
                Channel::Telegram,
                chat,
                lang,
                &Reply::text(Text::new(id)),
                now,
            )
            .await?;
        tx.commit().await?;
        Ok(Handled::Processed)
    }

    /// `/start ref-CODE` or `/start mod-CODE`: links this chat to a referent or a moderator.
    pub async fn redeem_invite(
        &self,
        chat: &str,
        external_id: &str,
        role: StaffRole,
        code: &str,
        handle: Option<&str>,
        now: i64,
    ) -> Result<Handled> {
        let Some(mut tx) = self
            .begin_inbound(Channel::Telegram, external_id, chat, "/start", now)
            .await?
        else {
            return Ok(Handled::Duplicate);
        };
        if self.flood_muted(&mut tx, chat, now).await? {
            tx.commit().await?;
            return Ok(Handled::Muted);
        }
        let redeemed =
            staff::redeem_invite(&mut tx, role, code, Channel::Telegram, chat, handle, now).await?;
        let (reply, lang) = match redeemed {
            Redeemed::Linked(what, lang) => match role {
                StaffRole::Referent => (Text::new("referent-linked").arg("structure", what), lang),
                StaffRole::Moderator => (
                    Text::new("moderator-linked").arg("departements", what),
                    lang,
                ),
            },
            Redeemed::Expired(lang) => (Text::new("invite-expired"), lang),
            Redeemed::Invalid => (Text::new("invite-invalid"), Lang::Fr),
        };
        self.outbox
            .reply(
                &mut tx,
                Channel::Telegram,
                chat,
                lang,
                &Reply::text(reply),
                now,
            )
            .await?;
        tx.commit().await?;
        Ok(Handled::Processed)
    }

    /// Whether this chat is flooding: its message is recorded, not acted on.
    async fn flood_muted(&self, tx: &mut Tx, chat: &str, now: i64) -> Result<bool> {
        let kind = flood::Kind::Other;
        let verdict = flood::verdict(self, tx, Channel::Telegram, chat, kind, None, now).await?;
        Ok(verdict != Verdict::Answer)
    }

    /// Remembers a Telegram user's @username for structures to reach them.
    pub async fn set_telegram_handle(&self, chat: &str, handle: Option<&str>) -> Result<()> {
        let mut tx = self.store.begin().await?;
        contacts::set_handle(&mut tx, chat, handle).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Telegram shares numbers with or without "+"; French ones sometimes national.
pub fn normalize_phone(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    if phone.trim_start().starts_with('+') {
        format!("+{digits}")
    } else if digits.len() == 10 && digits.starts_with('0') {
        format!("+33{}", &digits[1..])
    } else {
        format!("+{digits}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shared_phones_normalize() {
        // (as Telegram shares it, stored)
        let table = [
            ("33639980001", "+33639980001"),
            ("+33 6 39 98 00 01", "+33639980001"),
            ("06 39 98 00 01", "+33639980001"),
            ("+447700900123", "+447700900123"),
        ];
        for (shared, stored) in table {
            assert_eq!(super::normalize_phone(shared), stored, "{shared}");
        }
    }
}
