//! Moderators' pages: what waits ("À traiter"), the queue with its filters and decisions one
//! by one or by selection, structures, figures (and their CSV), the journal, a volunteer's
//! page. Every page is scoped to the moderator's départements; a referent who opens one gets
//! the page a missing one would give.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use maud::{Markup, html};
use renfort_core::domain::{ItemKind, Lang};
use renfort_core::i18n::Text;
use renfort_core::service::ServiceError;
use renfort_core::store::QueueItem;
use renfort_core::store::journal::{Actor, Scope};
use serde::Deserialize;

use super::page::{ago, domain, signed as frame, t, tx, when};
use super::{Console, Failure, Page, Signed, checked_form, see_other};

/// Lines per page of the queue.
pub const QUEUE_PAGE: usize = 50;

fn actor(signed: &Signed) -> Actor {
    Actor {
        kind: signed.staff.kind.as_str(),
        id: Some(signed.staff.id),
        path: "console",
    }
}

pub async fn home(State(console): State<Console>, signed: Signed) -> Page {
    if signed.structure().is_ok() {
        return super::referent::home(State(console), signed).await;
    }
    let lang = signed.lang();
    let deps = signed.departements()?;
    let now = crate::now();
    let w = console.app.store.waiting(deps, now).await?;
    let line = |label: &str, (n, since): (i64, Option<i64>), href: &str| {
        html! {
            li {
                a href=(href) { (tx(lang, Text::new(label).arg("n", n))) }
                @if let Some(since) = since {
                    " — " (tx(lang, Text::new("console-waiting-since").arg("ago", ago(lang, since, now))))
                }
            }
        }
    };
    let main = html! {
        p { (tx(lang, Text::new("console-home-departements").arg("list", deps.join(", ")))) }
        ul class="counts" {
            (line("console-count-volunteers", w.volunteers, "/console/queue?kind=volunteer"))
            (line("console-count-missions", w.missions, "/console/queue?kind=mission"))
            (line("console-count-structures", w.structures, "/console/queue?kind=structure"))
            li { (tx(lang, Text::new("console-count-unanswered").arg("n", w.unanswered))) }
            li { (tx(lang, Text::new("console-count-undelivered").arg("n", w.undelivered))) }
        }
    };
    Ok(frame(&signed, &t(lang, "console-home-title"), main).into_response())
}

#[derive(Deserialize, Default)]
pub struct QueueFilter {
    kind: Option<String>,
    commune: Option<String>,
    domain: Option<String>,
    /// Waiting at least this many days.
    days: Option<String>,
    page: Option<usize>,
    /// What the last action did, for the notice at the top.
    done: Option<String>,
    n: Option<usize>,
    /// A refusal just made (`volunteer:8`): offered to be taken back.
    undo: Option<String>,
}

impl QueueFilter {
    fn keeps(&self, item: &QueueItem, now: i64) -> bool {
        let kind = self.kind.as_deref().filter(|k| !k.is_empty());
        if kind.is_some_and(|k| k != item.kind.as_str()) {
            return false;
        }
        let needle = |s: &str| renfort_core::text::fold(s);
        if let Some(c) = self.commune.as_deref().filter(|c| !c.trim().is_empty()) {
            let commune = item
                .volunteer
                .as_ref()
                .map(|v| v.commune.as_str())
                .unwrap_or(&item.summary);
            if !needle(commune).contains(&needle(c)) {
                return false;
            }
        }
        if let Some(d) = self.domain.as_deref().filter(|d| !d.is_empty()) {
            match &item.volunteer {
                Some(v) if v.domains.split_whitespace().any(|x| x == d) => {}
                _ => return false,
            }
        }
        if let Some(days) = self.days.as_deref().and_then(|d| d.parse::<i64>().ok())
            && now - item.created_at < days * 86_400
        {
            return false;
        }
        true
    }

    fn query(&self, page: usize) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("kind", &self.kind),
            ("commune", &self.commune),
            ("domain", &self.domain),
            ("days", &self.days),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                q.append_pair(k, v);
            }
        }
        q.append_pair("page", &page.to_string());
        q.finish()
    }
}

async fn queue_items(console: &Console, deps: &[String]) -> Result<Vec<QueueItem>, Failure> {
    let mut items = Vec::new();
    for dep in deps {
        items.extend(console.app.store.moderation_queue(Some(dep)).await?);
    }
    items.sort_by_key(|i| (i.created_at, i.id));
    Ok(items)
}

fn kind_label(lang: Lang, kind: ItemKind) -> String {
    t(lang, &format!("console-kind-{}", kind.as_str()))
}

pub async fn queue(
    State(console): State<Console>,
    signed: Signed,
    Query(filter): Query<QueueFilter>,
) -> Page {
    let lang = signed.lang();
    let deps = signed.departements()?.to_vec();
    let now = crate::now();
    let items: Vec<QueueItem> = queue_items(&console, &deps)
        .await?
        .into_iter()
        .filter(|i| filter.keeps(i, now))
        .collect();
    let pages = items.len().div_ceil(QUEUE_PAGE).max(1);
    let page = filter.page.unwrap_or(1).clamp(1, pages);
    let shown = items.iter().skip((page - 1) * QUEUE_PAGE).take(QUEUE_PAGE);
    let selected = |k: &str| filter.kind.as_deref() == Some(k);
    let minutes =
        renfort_core::engine::staff::moderator::window_minutes(console.app.config.undo_window);
    let main = html! {
        @if let (Some(done), Some(n)) = (&filter.done, filter.n) {
            p class="notice" role="status" {
                (tx(lang, Text::new("console-decided")
                    .arg("action", done.as_str())
                    .arg("n", n)
                    .arg("minutes", minutes)))
            }
            @if let Some(item) = filter.undo.as_deref().filter(|_| done == "refused" && n == 1) {
                form method="post" action="/console/queue/undo" class="inline" {
                    input type="hidden" name="csrf" value=(signed.csrf);
                    input type="hidden" name="item" value=(item);
                    button type="submit" class="secondary" {
                        (tx(lang, Text::new("console-undo").arg("minutes", minutes)))
                    }
                }
            }
        }
        form method="get" action="/console/queue" class="filters" {
            label for="kind" { (t(lang, "console-filter-kind")) }
            select id="kind" name="kind" {
                option value="" { (t(lang, "console-filter-all")) }
                @for k in ["volunteer", "mission", "structure"] {
                    option value=(k) selected[selected(k)] { (t(lang, &format!("console-kind-{k}"))) }
                }
            }
            label for="commune" { (t(lang, "console-filter-commune")) }
            input id="commune" name="commune" type="text" value=(filter.commune.as_deref().unwrap_or(""));
            label for="domain" { (t(lang, "console-filter-domain")) }
            select id="domain" name="domain" {
                option value="" { (t(lang, "console-filter-all")) }
                @for d in 1..=4i64 {
                    option value=(d) selected[filter.domain.as_deref() == Some(d.to_string().as_str())] { (domain(lang, d)) }
                }
            }
            label for="days" { (t(lang, "console-filter-days")) }
            input id="days" name="days" type="number" min="0" inputmode="numeric" value=(filter.days.as_deref().unwrap_or(""));
            button type="submit" { (t(lang, "console-filter-apply")) }
        }
        p { (tx(lang, Text::new("console-queue-count").arg("n", items.len()).arg("page", page).arg("pages", pages))) }
        @if items.is_empty() {
            p { (t(lang, "console-queue-empty")) }
        } @else {
            form method="post" action="/console/queue/decide" {
                input type="hidden" name="csrf" value=(signed.csrf);
                input type="hidden" name="back" value=(filter.query(page));
                div class="table" tabindex="0" role="region" aria-label=(t(lang, "console-table-region")) {
                    table {
                        caption { (t(lang, "console-queue-caption")) }
                        thead { tr {
                            th scope="col" { (t(lang, "console-col-select")) }
                            th scope="col" { (t(lang, "console-col-kind")) }
                            th scope="col" { (t(lang, "console-col-who")) }
                            th scope="col" { (t(lang, "console-col-where")) }
                            th scope="col" { (t(lang, "console-col-domains")) }
                            th scope="col" { (t(lang, "console-col-waiting")) }
                        } }
                        tbody {
                            @for item in shown {
                                @let key = format!("{}:{}", item.kind.as_str(), item.id);
                                @let label_id = format!("item-{}-{}", item.kind.as_str(), item.id);
                                tr {
                                    td { input type="checkbox" name="item" value=(key) aria-labelledby=(label_id); }
                                    td { (kind_label(lang, item.kind)) }
                                    @match &item.volunteer {
                                        Some(v) => {
                                            td id=(label_id) {
                                                a href=(format!("/console/volunteers/{}", item.id)) { (if v.first_name.is_empty() { "—" } else { v.first_name.as_str() }) }
                                                @if let Some(age) = v.age { br; (tx(lang, Text::new("console-queue-age").arg("age", i64::from(age)))) }
                                                @if let Some(a) = &v.availability { br; (tx(lang, Text::new("console-queue-availability").arg("availability", a.as_str()))) }
                                            }
                                            td { (v.commune) " (" (item.departement) ")" @if !v.on_site { " — " (t(lang, "console-remote-only")) } }
                                            td { (v.domains.split_whitespace().filter_map(|d| d.parse::<i64>().ok()).map(|d| domain(lang, d)).collect::<Vec<_>>().join(", ")) }
                                        }
                                        None => {
                                            td id=(label_id) colspan="3" { (item.summary) " (" (item.departement) ")" }
                                        }
                                    }
                                    td { (ago(lang, item.created_at, now)) }
                                }
                            }
                        }
                    }
                }
                fieldset {
                    legend { (t(lang, "console-bulk-legend")) }
                    label for="reason" { (t(lang, "console-reason")) }
                    input id="reason" name="reason" type="text" maxlength="300";
                    button type="submit" name="action" value="approve" { (t(lang, "console-validate-selected")) }
                    " "
                    button type="submit" name="action" value="refuse" class="secondary" { (t(lang, "console-refuse-selected")) }
                }
            }
            nav aria-label=(t(lang, "console-pages")) class="pages" {
                @if page > 1 { a href=(format!("/console/queue?{}", filter.query(page - 1))) { (t(lang, "console-previous")) } }
                " "
                @if page < pages { a href=(format!("/console/queue?{}", filter.query(page + 1))) { (t(lang, "console-next")) } }
            }
        }
    };
    Ok(frame(&signed, &t(lang, "console-queue-title"), main).into_response())
}

/// Decides every selected item, each by the same rule as one by one: those decided
/// meanwhile by someone else, or out of scope, are counted and left.
pub async fn decide_many(
    State(console): State<Console>,
    signed: Signed,
    headers: HeaderMap,
    body: Bytes,
) -> Page {
    let form = checked_form(&console, &signed, &headers, &body)?;
    let deps = signed.departements()?.to_vec();
    let approve = match form.get("action") {
        Some("approve") => true,
        Some("refuse") => false,
        _ => return Err(Failure::NotFound),
    };
    let reason = form
        .get("reason")
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| renfort_core::text::clean(r, renfort_core::text::Kind::Line));
    let items: Vec<(ItemKind, i64)> = form
        .all("item")
        .filter_map(|v| {
            let (k, id) = v.split_once(':')?;
            Some((ItemKind::parse(k)?, id.parse().ok()?))
        })
        .collect();
    let decided = console
        .app
        .moderate_many(
            &items,
            approve,
            reason.as_deref(),
            &deps,
            &actor(&signed),
            crate::now(),
        )
        .await?;
    let back = form.get("back").unwrap_or("");
    let action = if approve { "validated" } else { "refused" };
    // One refusal: it can be taken back for a while.
    let undo = match items.as_slice() {
        [(kind, id)] if !approve && decided == 1 => format!("&undo={}:{id}", kind.as_str()),
        _ => String::new(),
    };
    Ok(see_other(&format!(
        "/console/queue?{back}&done={action}&n={decided}{undo}"
    )))
}

/// Validates or refuses one item (from its page).
pub async fn decide_one(
    State(console): State<Console>,
    signed: Signed,
    Path((kind, id)): Path<(String, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> Page {
    let form = checked_form(&console, &signed, &headers, &body)?;
    let deps = signed.departements()?.to_vec();
    let kind = ItemKind::parse(&kind).ok_or(Failure::NotFound)?;
    let approve = match form.get("action") {
        Some("approve") => true,
        Some("refuse") => false,
        _ => return Err(Failure::NotFound),
    };
    let reason = form
        .get("reason")
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| renfort_core::text::clean(r, renfort_core::text::Kind::Line));
    match console
        .app
        .moderate_as(
            kind,
            id,
            approve,
            reason.as_deref(),
            Some(&deps),
            &actor(&signed),
            crate::now(),
        )
        .await
    {
        Ok(()) | Err(ServiceError::NotPending { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    if approve {
        return Ok(see_other("/console/queue?done=validated&n=1"));
    }
    Ok(see_other(&format!(
        "/console/queue?done=refused&n=1&undo={}:{id}",
        kind.as_str()
    )))
}

/// Takes back a refusal just made, as ANNULER does by SMS: the same person, within the
/// window, nobody having decided since.
pub async fn undo(
    State(console): State<Console>,
    signed: Signed,
    headers: HeaderMap,
    body: Bytes,
) -> Page {
    let form = checked_form(&console, &signed, &headers, &body)?;
    let deps = signed.departements()?.to_vec();
    let (kind, id) = form
        .get("item")
        .and_then(|v| v.split_once(':'))
        .and_then(|(k, id)| Some((ItemKind::parse(k)?, id.parse::<i64>().ok()?)))
        .ok_or(Failure::NotFound)?;
    let undone = console
        .app
        .undo_refusal_as(kind, id, &deps, &actor(&signed), crate::now())
        .await?;
    Ok(see_other(&format!(
        "/console/queue?done={}&n=1",
        match undone {
            Some(u) if u.apologised => "undone-heard",
            Some(_) => "undone",
            None => "too-late",
        }
    )))
}

pub async fn volunteer(
    State(console): State<Console>,
    signed: Signed,
    Path(id): Path<i64>,
) -> Page {
    let lang = signed.lang();
    let deps = signed.departements()?;
    let Some(v) = console.app.store.volunteer_page(id).await? else {
        return Err(Failure::NotFound);
    };
    if !v
        .departement
        .as_ref()
        .is_some_and(|d| deps.iter().any(|x| x == d))
    {
        return Err(Failure::NotFound);
    }
    let thread = console.app.store.thread(id, 100).await?;
    let p = &v.volunteer;
    let name = p.first_name.clone().unwrap_or_else(|| "—".into());
    let pending = p.status == renfort_core::domain::VolunteerStatus::Pending;
    let yes_no = |b: Option<bool>| match b {
        Some(true) => t(lang, "console-on-site"),
        Some(false) => t(lang, "console-remote-only"),
        None => "—".into(),
    };
    let main = html! {
        dl {
            dt { (t(lang, "console-field-status")) } dd { (t(lang, &format!("console-status-{}", p.status.as_str()))) }
            dt { (t(lang, "console-field-commune")) } dd { (p.place.as_ref().map(|pl| format!("{} ({})", pl.commune, pl.departement)).unwrap_or_else(|| "—".into())) }
            dt { (t(lang, "console-field-on-site")) } dd { (yes_no(p.on_site)) }
            dt { (t(lang, "console-field-domains")) } dd { (p.domains.iter().map(|d| domain(lang, d.number() as i64)).collect::<Vec<_>>().join(", ")) }
            dt { (t(lang, "console-field-availability")) } dd { (p.availability.as_deref().unwrap_or("—")) }
            dt { (t(lang, "console-field-language")) } dd { (p.lang.as_str()) }
            dt { (t(lang, "console-field-channels")) } dd { (v.channels.join(", ")) }
            dt { (t(lang, "console-field-registered")) } dd { (when(v.created_at)) }
            dt { (t(lang, "console-field-consent")) } dd { (p.consent.as_ref().map(|c| format!("{} ({})", when(c.at), c.terms_version)).unwrap_or_else(|| "—".into())) }
        }
        @if pending {
            form method="post" action=(format!("/console/moderation/volunteer/{id}")) class="decide" {
                input type="hidden" name="csrf" value=(signed.csrf);
                label for="reason" { (t(lang, "console-reason")) }
                input id="reason" name="reason" type="text" maxlength="300";
                button type="submit" name="action" value="approve" { (t(lang, "console-validate")) }
                " "
                button type="submit" name="action" value="refuse" class="secondary" { (t(lang, "console-refuse")) }
            }
        }
        h2 { (t(lang, "console-thread-title")) }
        @if thread.is_empty() {
            p { (t(lang, "console-thread-empty")) }
        } @else {
            ol class="thread" {
                @for line in &thread {
                    li class=(if line.inbound { "in" } else { "out" }) {
                        p class="meta" {
                            (when(line.at)) " · " (line.channel) " · "
                            @if line.inbound { (t(lang, "console-thread-from")) } @else { (t(lang, "console-thread-to")) }
                            @match (&line.delivery, &line.status) {
                                (Some(receipt), _) => {
                                    " · " (t(lang, &format!("console-receipt-{receipt}")))
                                    @if let Some(code) = &line.delivery_error {
                                        " (" (receipt_error(lang, code)) ")"
                                    }
                                }
                                (None, Some(status)) => { " · " (t(lang, &format!("console-delivery-{status}"))) }
                                (None, None) => {}
                            }
                        }
                        p { (line.text) }
                    }
                }
            }
        }
        @if p.status != renfort_core::domain::VolunteerStatus::Erased {
            h2 { (t(lang, "console-erase-title")) }
            form method="post" action=(format!("/console/volunteers/{id}/erase")) {
                input type="hidden" name="csrf" value=(signed.csrf);
                p { (t(lang, "console-erase-body")) }
                input id="confirm" type="checkbox" name="confirm" value="yes" required;
                " "
                label for="confirm" { (t(lang, "console-erase-confirm")) }
                " "
                button type="submit" class="danger" { (t(lang, "console-erase-button")) }
            }
        }
    };
    Ok(frame(
        &signed,
        &tx(lang, Text::new("console-volunteer-title").arg("name", name)),
        main,
    )
    .into_response())
}

/// A provider's error code, explained where it is one people can act on.
fn receipt_error(lang: Lang, code: &str) -> String {
    let text = Text::new("console-receipt-error");
    tx(
        lang,
        match code.parse::<i64>() {
            Ok(n) => text.arg("code", n),
            Err(_) => text.arg("code", code),
        },
    )
}

pub async fn erase_volunteer(
    State(console): State<Console>,
    signed: Signed,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Page {
    let form = checked_form(&console, &signed, &headers, &body)?;
    let deps = signed.departements()?.to_vec();
    if form.get("confirm") != Some("yes") {
        return Ok(see_other(&format!("/console/volunteers/{id}")));
    }
    console
        .app
        .erase_volunteer_as(id, &deps, &actor(&signed), crate::now())
        .await?;
    Ok(see_other(&format!("/console/volunteers/{id}")))
}

pub async fn structures(State(console): State<Console>, signed: Signed) -> Page {
    let lang = signed.lang();
    signed.departements()?;
    let list = console
        .app
        .structures_for(&signed.principal)
        .await
        .map_err(refused)?;
    let main = html! {
        div class="table" tabindex="0" role="region" aria-label=(t(lang, "console-table-region")) {
            table {
                caption { (t(lang, "console-structures-caption")) }
                thead { tr {
                    th scope="col" { (t(lang, "console-col-name")) }
                    th scope="col" { (t(lang, "console-col-kind")) }
                    th scope="col" { (t(lang, "console-col-departement")) }
                    th scope="col" { (t(lang, "console-col-status")) }
                } }
                tbody {
                    @for s in &list {
                        tr {
                            td { a href=(format!("/console/structures/{}", s.id)) { (s.name) } }
                            td { (s.kind.as_str()) }
                            td { (s.departement) }
                            td { (s.status.as_str()) }
                        }
                    }
                }
            }
        }
    };
    Ok(frame(&signed, &t(lang, "console-structures-title"), main).into_response())
}

#[derive(Deserialize, Default)]
pub struct StructureQuery {
    /// An invitation code just made, shown once.
    invited: Option<String>,
}

pub async fn structure(
    State(console): State<Console>,
    signed: Signed,
    Path(id): Path<i64>,
    Query(q): Query<StructureQuery>,
) -> Page {
    let lang = signed.lang();
    signed.departements()?;
    let s = console
        .app
        .structure_for(&signed.principal, id)
        .await
        .map_err(refused)?;
    let missions = console
        .app
        .missions_for(&signed.principal, Some(id), None, None)
        .await
        .map_err(refused)?;
    let referents = console.app.store.referents_of(id).await?;
    let main = html! {
        dl {
            dt { (t(lang, "console-col-kind")) } dd { (s.kind.as_str()) }
            dt { (t(lang, "console-col-departement")) } dd { (s.departement) }
            dt { (t(lang, "console-col-status")) } dd { (s.status.as_str()) }
        }
        @if let Some(code) = &q.invited {
            div class="notice" role="status" {
                p { (t(lang, "console-invite-made")) }
                p { code { "/start ref-" (code) } }
                @if let Ok(bot) = std::env::var("TELEGRAM_BOT_USERNAME") {
                    p { a href=(format!("https://t.me/{bot}?start=ref-{code}")) { "https://t.me/" (bot) "?start=ref-" (code) } }
                }
            }
        }
        h2 { (t(lang, "console-referents-title")) }
        @if referents.is_empty() {
            p { (t(lang, "console-referents-empty")) }
        }
        ul {
            @for r in &referents {
                li {
                    (r.name) " — " (r.lang.as_str()) " — "
                    (if r.channels.is_empty() { "—".to_string() } else { r.channels.join(", ") })
                    form method="post" action=(format!("/console/structures/{id}/referents/{}/invite", r.id)) class="inline" {
                        input type="hidden" name="csrf" value=(signed.csrf);
                        button type="submit" class="secondary" { (tx(lang, Text::new("console-invite").arg("name", r.name.as_str()))) }
                    }
                }
            }
        }
        h2 { (t(lang, "console-nav-missions")) }
        (missions_table(lang, &missions))
    };
    Ok(frame(&signed, &s.name, main).into_response())
}

pub fn missions_table(
    lang: Lang,
    missions: &[renfort_core::store::missions::MissionRecord],
) -> Markup {
    html! {
        @if missions.is_empty() {
            p { (t(lang, "console-missions-empty")) }
        } @else {
            div class="table" tabindex="0" role="region" aria-label=(t(lang, "console-table-region")) {
                table {
                    caption { (t(lang, "console-missions-caption")) }
                    thead { tr {
                        th scope="col" { (t(lang, "console-col-title")) }
                        th scope="col" { (t(lang, "console-col-where")) }
                        th scope="col" { (t(lang, "console-col-places")) }
                        th scope="col" { (t(lang, "console-col-status")) }
                    } }
                    tbody {
                        @for m in missions {
                            tr {
                                td { (m.title) }
                                td { @if m.remote { (t(lang, "console-remote")) } @else { (m.commune.as_deref().unwrap_or("—")) } }
                                td { (m.places_taken) " / " (m.places) }
                                td { (t(lang, &format!("console-mission-{}", m.status.as_str()))) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A service refusal as a page: out of scope and missing alike.
pub fn refused(e: renfort_core::service::structures::Refused) -> Failure {
    use renfort_core::service::structures::Refused as R;
    match e {
        R::Service(e) => e.into(),
        _ => Failure::NotFound,
    }
}

#[derive(Deserialize)]
pub struct FigureQuery {
    departement: Option<String>,
}

/// How long figures are reused before they are counted again (seconds).
pub const FIGURES_TTL: i64 = 60;

/// The figures of the moderator's départements, with the time they were counted.
async fn figures_of(
    console: &Console,
    signed: &Signed,
    q: &FigureQuery,
) -> Result<Vec<(i64, renfort_core::store::stats::Stats)>, Failure> {
    let deps = signed.departements()?;
    let now = crate::now();
    let mut out = Vec::new();
    for dep in deps {
        if q.departement.as_ref().is_some_and(|d| d != dep) {
            continue;
        }
        let cached = console
            .figures
            .lock()
            .ok()
            .and_then(|c| c.get(dep).cloned())
            .filter(|(at, _)| now - at < FIGURES_TTL);
        let figures = match cached {
            Some(f) => f,
            None => {
                let fresh = (now, console.app.store.stats(Some(dep)).await?);
                if let Ok(mut c) = console.figures.lock() {
                    c.insert(dep.clone(), fresh.clone());
                }
                fresh
            }
        };
        out.push(figures);
    }
    Ok(out)
}

/// The figures of `renfort stats`, a line per département, and their CSV.
const FIGURES: [&str; 8] = [
    "registered",
    "validated",
    "pending",
    "stopped",
    "erased",
    "relayed",
    "accepted",
    "declined",
];

fn figure_values(s: &renfort_core::store::stats::Stats) -> [i64; 8] {
    [
        s.volunteers.registered,
        s.volunteers.validated,
        s.volunteers.pending,
        s.volunteers.stopped,
        s.volunteers.erased,
        s.intents.relayed,
        s.intents.accepted,
        s.intents.declined,
    ]
}

pub async fn figures(
    State(console): State<Console>,
    signed: Signed,
    Query(q): Query<FigureQuery>,
) -> Page {
    let lang = signed.lang();
    let all = figures_of(&console, &signed, &q).await?;
    let main = html! {
        div class="table" tabindex="0" role="region" aria-label=(t(lang, "console-table-region")) {
            table {
                caption { (t(lang, "console-figures-caption")) }
                thead { tr {
                    th scope="col" { (t(lang, "console-col-departement")) }
                    @for f in FIGURES { th scope="col" { (t(lang, &format!("console-figure-{f}"))) } }
                } }
                tbody {
                    @for (_, s) in &all {
                        tr {
                            th scope="row" { (s.departement.as_deref().unwrap_or("")) }
                            @for v in figure_values(s) { td { (v) } }
                        }
                    }
                }
            }
        }
        @if let Some(at) = all.iter().map(|(at, _)| *at).min() {
            p class="help" { (tx(lang, Text::new("console-figures-as-of").arg("time", when(at)))) }
        }
        p { a href="/console/figures.csv" download="renfort-figures.csv" { (t(lang, "console-figures-csv")) } }
    };
    Ok(frame(&signed, &t(lang, "console-figures-title"), main).into_response())
}

pub async fn figures_csv(
    State(console): State<Console>,
    signed: Signed,
    Query(q): Query<FigureQuery>,
) -> Page {
    let all = figures_of(&console, &signed, &q).await?;
    let mut csv = format!("departement,{}\n", FIGURES.join(","));
    for (_, s) in &all {
        let values: Vec<String> = figure_values(s).iter().map(i64::to_string).collect();
        csv.push_str(&format!(
            "{},{}\n",
            s.departement.as_deref().unwrap_or(""),
            values.join(",")
        ));
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"renfort-figures.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct JournalQuery {
    before: Option<i64>,
}

pub async fn journal(
    State(console): State<Console>,
    signed: Signed,
    Query(q): Query<JournalQuery>,
) -> Page {
    let lang = signed.lang();
    let deps = signed.departements()?;
    let lines = console
        .app
        .store
        .journal(Scope::Departements(deps), None, q.before, 50)
        .await?;
    let main = html! {
        @if lines.is_empty() {
            p { (t(lang, "console-journal-empty")) }
        } @else {
            div class="table" tabindex="0" role="region" aria-label=(t(lang, "console-table-region")) {
                table {
                    caption { (t(lang, "console-journal-caption")) }
                    thead { tr {
                        th scope="col" { (t(lang, "console-col-when")) }
                        th scope="col" { (t(lang, "console-col-who")) }
                        th scope="col" { (t(lang, "console-col-path")) }
                        th scope="col" { (t(lang, "console-col-action")) }
                        th scope="col" { (t(lang, "console-col-what")) }
                        th scope="col" { (t(lang, "console-col-detail")) }
                    } }
                    tbody {
                        @for l in &lines {
                            tr {
                                td { (when(l.at)) }
                                td { (l.actor_kind) @if let Some(id) = l.actor_id { " #" (id) } }
                                td { (l.path) }
                                td { (t(lang, &format!("console-action-{}", l.action))) }
                                td {
                                    @if l.subject_kind == "volunteer" {
                                        a href=(format!("/console/volunteers/{}", l.subject_id)) { (l.subject_kind) " #" (l.subject_id) }
                                    } @else { (l.subject_kind) " #" (l.subject_id) }
                                }
                                td { (l.detail.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                }
            }
            @if let Some(last) = lines.last() {
                @if lines.len() == 50 {
                    p { a href=(format!("/console/journal?before={}", last.id)) { (t(lang, "console-older")) } }
                }
            }
        }
    };
    Ok(frame(&signed, &t(lang, "console-journal-title"), main).into_response())
}

/// Makes a Telegram invitation for a referent of a structure in the moderator's scope (the
/// same single-use code as `renfort moderation invite referent`, 7 days), shown once.
pub async fn invite_referent(
    State(console): State<Console>,
    signed: Signed,
    Path((id, referent)): Path<(i64, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> Page {
    checked_form(&console, &signed, &headers, &body)?;
    signed.departements()?;
    console
        .app
        .structure_for(&signed.principal, id)
        .await
        .map_err(refused)?;
    if !console
        .app
        .store
        .referents_of(id)
        .await?
        .iter()
        .any(|r| r.id == referent)
    {
        return Err(Failure::NotFound);
    }
    let code = crate::moderation::invite_code().map_err(|_| Failure::Internal)?;
    let now = crate::now();
    renfort_core::store::staff::create_invite(
        &console.app.store,
        renfort_core::domain::StaffRole::Referent,
        referent,
        &code,
        now,
        now + 7 * 86_400,
    )
    .await?;
    tracing::info!(structure = id, referent, "console: referent invited");
    // The code travels in the redirect so that a reload shows it again but nothing stores it
    // in clear; the page is not cached and sends no referrer.
    Ok(see_other(&format!(
        "/console/structures/{id}?invited={code}"
    )))
}
