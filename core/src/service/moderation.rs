//! Moderators' decisions on pending volunteers, missions and structures (from Telegram, the
//! CLI or the API): checked by the staff engine, recorded, and followed through — a validated
//! volunteer's held intents are relayed, a validated mission is announced.

use super::{Renfort, Result, ServiceError, followup};
use crate::domain::{ItemKind, ParticipationStatus};
use crate::engine::staff::moderator::{self, Pending, Refusal};
use crate::i18n::Text;
use crate::store::journal::{self, Actor};
use crate::store::{Tx, contacts, moderation, outbox, participations, places, volunteers};

impl Renfort {
    /// An operator's decision (the CLI): see [`Renfort::moderate_as`].
    pub async fn moderate(
        &self,
        kind: ItemKind,
        id: i64,
        approve: bool,
        scope: Option<&[String]>,
        now: i64,
    ) -> Result<()> {
        self.moderate_as(kind, id, approve, None, scope, &Actor::operator(), now)
            .await
    }

    /// Approves or refuses a pending volunteer, mission or structure. `scope`: the
    /// départements the acting moderator covers (`None`: national admin). `reason`: told to
    /// a refused volunteer. The decision is journaled under `actor`.
    #[allow(clippy::too_many_arguments)]
    pub async fn moderate_as(
        &self,
        kind: ItemKind,
        id: i64,
        approve: bool,
        reason: Option<&str>,
        scope: Option<&[String]>,
        actor: &Actor,
        now: i64,
    ) -> Result<()> {
        // A new mission's audience is chosen on a reader first, so that the writer is held
        // only for the few statements that queue its alerts.
        let plan = match (kind, approve) {
            (ItemKind::Mission, true) => {
                let mut reader = self.store.readers().acquire().await?;
                match followup::alert_plan(&mut reader, id, now).await {
                    Ok(plan) => plan,
                    // Not there: moderate_in says so.
                    Err(ServiceError::Store(crate::store::StoreError::Db(
                        sqlx::Error::RowNotFound,
                    ))) => None,
                    Err(e) => return Err(e),
                }
            }
            _ => None,
        };
        let mut tx = self.store.begin().await?;
        decide_in(
            self, &mut tx, kind, id, approve, reason, scope, actor, plan, now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Renfort {
    /// Decides a selection at once (the console's wave of validations): volunteers and
    /// structures in transactions of up to 100, each item by the same rule as one by one;
    /// missions one by one, since each chooses its audience first. Items decided meanwhile
    /// by someone else, or outside `scope`, are left. Returns how many were decided.
    pub async fn moderate_many(
        &self,
        items: &[(ItemKind, i64)],
        approve: bool,
        reason: Option<&str>,
        scope: &[String],
        actor: &Actor,
        now: i64,
    ) -> Result<usize> {
        let mut decided = 0;
        let (missions, others): (Vec<_>, Vec<_>) =
            items.iter().partition(|(k, _)| *k == ItemKind::Mission);
        for chunk in others.chunks(100) {
            let mut tx = self.store.begin().await?;
            for (kind, id) in chunk {
                match decide_in(
                    self,
                    &mut tx,
                    *kind,
                    *id,
                    approve,
                    reason,
                    Some(scope),
                    actor,
                    None,
                    now,
                )
                .await
                {
                    Ok(()) => decided += 1,
                    // Refused before anything was written: the others go on.
                    Err(
                        ServiceError::NotFound { .. }
                        | ServiceError::OutOfScope { .. }
                        | ServiceError::NotPending { .. },
                    ) => {}
                    Err(e) => return Err(e),
                }
            }
            tx.commit().await?;
        }
        for (kind, id) in missions {
            match self
                .moderate_as(kind, id, approve, reason, Some(scope), actor, now)
                .await
            {
                Ok(()) => decided += 1,
                Err(
                    ServiceError::NotFound { .. }
                    | ServiceError::OutOfScope { .. }
                    | ServiceError::NotPending { .. },
                ) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(decided)
    }

    /// Erases volunteer `id`'s personal data at a moderator's request, if the volunteer is
    /// in `scope` (else: not found, as a missing one).
    pub async fn erase_volunteer_as(
        &self,
        id: i64,
        scope: &[String],
        actor: &Actor,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let departement = volunteers::departement_of(&mut tx, id).await?;
        if !departement.is_some_and(|d| scope.contains(&d)) {
            return Err(ServiceError::NotFound {
                kind: "volunteer".into(),
                id,
            });
        }
        super::volunteer::erase(self, &mut tx, id, actor, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Renfort {
    /// Takes back a refusal from the console: only the newest decision on the item, a
    /// refusal by the same person less than the undo window ago, inside `scope`.
    /// `None`: nothing to take back (too late, decided since, someone else's).
    pub async fn undo_refusal_as(
        &self,
        kind: ItemKind,
        id: i64,
        scope: &[String],
        actor: &Actor,
        now: i64,
    ) -> Result<Option<Undone>> {
        let mut tx = self.store.begin().await?;
        let last = journal::last_about(&mut tx, kind.as_str(), id).await?;
        let theirs = matches!(
            &last,
            Some((action, at, actor_kind, actor_id))
                if action == "refused"
                    && now - at <= self.config.undo_window
                    && actor_kind == actor.kind
                    && *actor_id == actor.id
        );
        if !theirs {
            return Ok(None);
        }
        let undone = undo_refusal_in(self, &mut tx, kind, id, scope, actor, now).await?;
        if undone.is_some() {
            tx.commit().await?;
        }
        Ok(undone)
    }
}

/// `reason`: a refusal's reason, told to a refused volunteer.
#[allow(clippy::too_many_arguments)]
pub(super) async fn decide_in(
    app: &Renfort,
    tx: &mut Tx,
    kind: ItemKind,
    id: i64,
    approve: bool,
    reason: Option<&str>,
    scope: Option<&[String]>,
    actor: &Actor,
    plan: Option<super::followup::AlertPlan>,
    now: i64,
) -> Result<()> {
    let state = moderation::item_state(tx, kind, id).await?;
    let item = state.as_ref().map(|s| Pending {
        pending: s.pending,
        status: &s.status,
        departement: &s.departement,
    });
    let kind_name = || kind.as_str().to_string();
    match moderator::may_decide(item, scope) {
        Ok(()) => {}
        Err(Refusal::NotFound) => {
            return Err(ServiceError::NotFound {
                kind: kind_name(),
                id,
            });
        }
        Err(Refusal::OutOfScope { departement }) => {
            return Err(ServiceError::OutOfScope {
                kind: kind_name(),
                id,
                departement,
            });
        }
        Err(Refusal::NotPending { status }) => {
            return Err(ServiceError::NotPending {
                kind: kind_name(),
                id,
                status,
            });
        }
    }
    moderation::set_decided(tx, kind, id, approve, now).await?;
    let departement = state.as_ref().map(|s| s.departement.as_str());
    journal::record(
        tx,
        actor,
        &journal::Line {
            action: if approve { "validated" } else { "refused" },
            subject_kind: kind.as_str(),
            subject_id: id,
            departement: departement.filter(|d| !d.is_empty()),
            structure_id: None,
            detail: reason,
        },
        now,
    )
    .await?;
    match kind {
        ItemKind::Volunteer => volunteer_decided(app, tx, id, approve, reason, now).await?,
        ItemKind::Mission if approve => {
            let n = match plan {
                Some(plan) => followup::send_alerts(app, tx, Some(plan), now).await?,
                None => followup::announce_mission(app, tx, id, now).await?,
            };
            tracing::info!(mission = id, volunteers = n, "new mission announced");
        }
        // The structure hears of it, with the reason: else it waits for volunteers who
        // never come.
        // It waits out the undo window (see `moderator::refusal_notice_delay`).
        ItemKind::Mission => {
            let title = crate::store::missions::mission_title(tx, id).await?;
            let notice = moderator::mission_refused(&title, reason);
            let ids = app.outbox.alert_structure_ids(tx, id, &notice, now).await?;
            defer_refusal_notice(app, tx, kind, id, &ids, now).await?;
        }
        _ => {}
    }
    Ok(())
}

/// A refusal's notice leaves once the undo window is over, so that an undone refusal was
/// never read.
async fn defer_refusal_notice(
    app: &Renfort,
    tx: &mut Tx,
    kind: ItemKind,
    id: i64,
    rows: &[i64],
    now: i64,
) -> Result<()> {
    let purpose = moderator::refusal_notice_purpose(kind);
    let until = now + moderator::refusal_notice_delay(app.config.undo_window);
    Ok(outbox::defer(tx, rows, until, purpose, id).await?)
}

/// Relays (or cancels) held intents and tells the volunteer.
async fn volunteer_decided(
    app: &Renfort,
    tx: &mut Tx,
    id: i64,
    approved: bool,
    reason: Option<&str>,
    now: i64,
) -> Result<()> {
    let held = participations::held_intents(tx, id).await?;
    let reach = contacts::volunteer_reach(tx, id).await?;
    let status = moderator::held_intents_become(approved);
    // Intents whose structure has no referent who can receive the alert: the volunteer is
    // not told it will call (the moderators are told at once).
    let mut unreached = 0;
    for (participation, mission) in &held {
        if status == ParticipationStatus::Sent {
            participations::set_participation(tx, *participation, status, now).await?;
            if !app
                .outbox
                .alert_referents(tx, id, *mission, *participation, now)
                .await?
            {
                unreached += 1;
            }
        } else {
            places::free_place(tx, *mission).await?;
        }
    }
    if status != ParticipationStatus::Sent {
        // Stamped with the refusal's time, so that an undo finds them.
        participations::cancel_held_for_refusal(tx, id, now).await?;
    }
    let Some((channel, address)) = reach else {
        return Ok(());
    };
    let v = volunteers::load_volunteer(tx, id, false).await?;
    let name = v.first_name.clone().unwrap_or_default();
    let relayed = if approved { held.len() - unreached } else { 0 };
    let mut reply = moderator::volunteer_told(approved, &name, relayed, reason);
    // Reachable on Telegram only: the structures write; nobody is promised a call.
    let phone = matches!(
        contacts::volunteer_contact(tx, id).await?,
        Some(crate::engine::staff::referent::Reach::Phone(_))
    );
    reply.parts[0] = reply.parts[0]
        .clone()
        .arg("phone", if phone { "yes" } else { "no" });
    if approved && unreached > 0 {
        reply
            .parts
            .push(Text::new("validated-no-referent").arg("count", unreached as i64));
    }
    if approved {
        return app
            .outbox
            .reply(tx, channel, &address, v.lang, &reply, now)
            .await;
    }
    let row = app
        .outbox
        .queue(
            tx,
            channel,
            &address,
            v.lang,
            &reply,
            outbox::PRIORITY_REPLY,
            false,
            now,
        )
        .await?;
    defer_refusal_notice(app, tx, ItemKind::Volunteer, id, &[row], now).await
}

/// A refusal taken back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Undone {
    /// The refusal's notice had already left, and whoever read it is now told it was a
    /// mistake. Otherwise it was withdrawn unsent (or there was none: a structure's) and
    /// nobody hears of either.
    pub apologised: bool,
}

/// ANNULER after a refusal (checked by the staff engine): the item is pending again, the
/// journal says so, and whoever heard of the refusal hears it was undone. `None` if the item
/// is no longer refused or is outside `scope` (nothing written).
pub(super) async fn undo_refusal_in(
    app: &Renfort,
    tx: &mut Tx,
    kind: ItemKind,
    id: i64,
    scope: &[String],
    actor: &Actor,
    now: i64,
) -> Result<Option<Undone>> {
    let Some(state) = moderation::item_state(tx, kind, id).await? else {
        return Ok(None);
    };
    if !scope
        .iter()
        .any(|d| *d == state.departement || d == crate::engine::coverage::ALL_DEPARTEMENTS)
    {
        return Ok(None);
    }
    let refused_at = journal::last_about(tx, kind.as_str(), id)
        .await?
        .filter(|(action, ..)| action == "refused")
        .map(|(_, at, ..)| at);
    if !moderation::set_undecided(tx, kind, id).await? {
        return Ok(None);
    }
    // Unsent, the refusal's notice is taken back and nobody hears of it; sent (a refusal
    // older than the notice's delay), whoever read it is told it was a mistake.
    let purpose = moderator::refusal_notice_purpose(kind);
    let withdrawn = outbox::withdraw(tx, purpose, id).await? > 0;
    if kind == ItemKind::Volunteer
        && let Some(at) = refused_at
    {
        restore_intents(tx, id, at).await?;
    }
    journal::record(
        tx,
        actor,
        &journal::Line {
            action: "undone",
            subject_kind: kind.as_str(),
            subject_id: id,
            departement: Some(state.departement.as_str()).filter(|d| !d.is_empty()),
            structure_id: None,
            detail: None,
        },
        now,
    )
    .await?;
    // A structure's refusal tells nobody: nothing to apologise for.
    let apologised = match kind {
        _ if withdrawn => false,
        ItemKind::Volunteer => match contacts::volunteer_reach(tx, id).await? {
            Some((channel, address)) => {
                let v = volunteers::load_volunteer(tx, id, false).await?;
                let name = v.first_name.clone().unwrap_or_default();
                let reply = moderator::refusal_undone_volunteer(&name).about(id);
                app.outbox
                    .reply(tx, channel, &address, v.lang, &reply, now)
                    .await?;
                true
            }
            None => false,
        },
        ItemKind::Mission => {
            let title = crate::store::missions::mission_title(tx, id).await?;
            let notice = moderator::refusal_undone_mission(&title);
            !app.outbox
                .alert_structure_ids(tx, id, &notice, now)
                .await?
                .is_empty()
        }
        ItemKind::Structure => false,
    };
    Ok(Some(Undone { apologised }))
}

/// The offers a refusal ended (held, waiting for the validation) are held again, each with
/// its place if the mission still has one; an offer whose place was taken meanwhile stays
/// ended.
async fn restore_intents(tx: &mut Tx, volunteer_id: i64, refused_at: i64) -> Result<()> {
    for (participation, mission) in
        participations::cancelled_by_refusal(tx, volunteer_id, refused_at).await?
    {
        if places::take_place(tx, mission).await? {
            participations::hold_again(tx, participation).await?;
        }
    }
    Ok(())
}
