//! Referents' pages: their structure's missions (create, close, mark complete, places) and
//! the intents of volunteers who offered to help, answered OK / NON / APPELÉ from the page by
//! the same rule as by message. A moderator who opens one gets the page a missing one would
//! give; another structure's mission is missing too.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use maud::html;
use renfort_core::domain::{MissionStatus, ParticipationStatus};
use renfort_core::i18n::Text;
use renfort_core::import::ImportRow;
use renfort_core::service::structures::{Named, Refused};
use renfort_core::text::{Kind, clean};
use serde::Deserialize;

use super::moderator::{missions_table, refused};
use super::page::{ago, domain, signed as frame, t, tx};
use super::{Console, Failure, Page, Signed, checked_form, see_other};

/// A referent's home: the intents waiting for an answer, then the missions.
pub async fn home(State(console): State<Console>, signed: Signed) -> Page {
    let lang = signed.lang();
    let structure = signed.structure()?;
    let s = console
        .app
        .structure_for(&signed.principal, structure)
        .await
        .map_err(refused)?;
    let intents = console
        .app
        .participations_for(&signed.principal, structure)
        .await
        .map_err(refused)?;
    let waiting = intents
        .iter()
        .filter(|p| p.status == ParticipationStatus::Sent)
        .count();
    let open = console
        .app
        .missions_for(&signed.principal, Some(structure), None, None)
        .await
        .map_err(refused)?
        .into_iter()
        .filter(|m| m.status == MissionStatus::Validated)
        .count();
    let main = html! {
        p { (tx(lang, Text::new("console-referent-structure").arg("name", s.name.as_str()))) }
        ul class="counts" {
            li { a href="/console/intents" { (tx(lang, Text::new("console-count-intents").arg("n", waiting))) } }
            li { a href="/console/missions" { (tx(lang, Text::new("console-count-open-missions").arg("n", open))) } }
        }
        p { a href="/console/missions/new" class="button" { (t(lang, "console-mission-new")) } }
    };
    Ok(frame(&signed, &t(lang, "console-home-title"), main).into_response())
}

pub async fn missions(
    State(console): State<Console>,
    signed: Signed,
    Query(q): Query<Answered>,
) -> Page {
    let lang = signed.lang();
    let structure = signed.structure()?;
    let list = console
        .app
        .missions_for(&signed.principal, Some(structure), None, None)
        .await
        .map_err(refused)?;
    let main = html! {
        @if let Some(said) = &q.said {
            p class="notice" role="status" {
                (tx(lang, Text::new(&format!("console-mission-{said}")).arg("n", q.n.unwrap_or(0)).arg("skipped", q.skipped.unwrap_or(0))))
            }
        }
        p {
            a href="/console/missions/new" class="button" { (t(lang, "console-mission-new")) }
            " "
            a href="/console/missions/import" { (t(lang, "console-import-title")) }
        }
        (missions_table(lang, &list))
        @for m in list.iter().filter(|m| matches!(m.status, MissionStatus::Validated | MissionStatus::Pending)) {
            section class="mission" aria-labelledby=(format!("m{}", m.id)) {
                h2 id=(format!("m{}", m.id)) { (m.title) }
                form method="post" action=(format!("/console/missions/{}", m.id)) {
                    input type="hidden" name="csrf" value=(signed.csrf);
                    label for=(format!("places{}", m.id)) { (t(lang, "console-field-places")) }
                    input id=(format!("places{}", m.id)) name="places" type="number" min=(m.places_taken.max(1)) max="500" value=(m.places);
                    button type="submit" name="action" value="places" { (t(lang, "console-save-places")) }
                    " "
                    button type="submit" name="action" value="finished" class="secondary" { (t(lang, "console-mission-finish")) }
                    " "
                    button type="submit" name="action" value="cancelled" class="danger" { (t(lang, "console-mission-cancel")) }
                }
                details {
                    summary { (t(lang, "console-mission-edit")) }
                    form method="post" action=(format!("/console/missions/{}", m.id)) class="stack" {
                        input type="hidden" name="csrf" value=(signed.csrf);
                        label for=(format!("title{}", m.id)) { (t(lang, "console-field-title")) }
                        input id=(format!("title{}", m.id)) name="title" type="text" maxlength="60" required value=(m.title);
                        label for=(format!("description{}", m.id)) { (t(lang, "console-field-description")) }
                        textarea id=(format!("description{}", m.id)) name="description" rows="3" maxlength="500" { (m.description) }
                        button type="submit" name="action" value="text" { (t(lang, "console-mission-save-text")) }
                    }
                }
            }
        }
    };
    Ok(frame(&signed, &t(lang, "console-missions-title"), main).into_response())
}

fn mission_form(signed: &Signed, errors: &[String], form: Option<&super::Form>) -> maud::Markup {
    let lang = signed.lang();
    let v = |name: &str| form.and_then(|f| f.get(name)).unwrap_or("").to_string();
    html! {
        @if !errors.is_empty() {
            div class="errors" role="alert" {
                p { (t(lang, "console-mission-errors")) }
                ul { @for e in errors { li { (e) } } }
            }
        }
        form method="post" action="/console/missions" class="stack" {
            input type="hidden" name="csrf" value=(signed.csrf);
            label for="title" { (t(lang, "console-field-title")) }
            input id="title" name="title" type="text" required maxlength="120" value=(v("title"));
            label for="domain" { (t(lang, "console-field-domain")) }
            select id="domain" name="domain" {
                @for d in 1..=4i64 {
                    option value=(d) selected[v("domain") == d.to_string()] { (domain(lang, d)) }
                }
            }
            label for="description" { (t(lang, "console-field-description")) }
            textarea id="description" name="description" rows="4" maxlength="1000" { (v("description")) }
            label for="place" { (t(lang, "console-field-place")) }
            input id="place" name="place" type="text" aria-describedby="place-help" value=(v("place"));
            p id="place-help" class="help" { (t(lang, "console-field-place-help")) }
            div class="check" {
                input id="remote" name="remote" type="checkbox" value="yes" checked[v("remote") == "yes"];
                label for="remote" { (t(lang, "console-field-remote")) }
            }
            label for="places" { (t(lang, "console-field-places")) }
            input id="places" name="places" type="number" min="1" max="500" required value=(if v("places").is_empty() { "1".to_string() } else { v("places") });
            label for="schedule" { (t(lang, "console-field-schedule")) }
            input id="schedule" name="schedule" type="text" maxlength="120" value=(v("schedule"));
            label for="starts_on" { (t(lang, "console-field-starts")) }
            input id="starts_on" name="starts_on" type="date" value=(v("starts_on"));
            label for="ends_on" { (t(lang, "console-field-ends")) }
            input id="ends_on" name="ends_on" type="date" value=(v("ends_on"));
            button type="submit" { (t(lang, "console-mission-create")) }
        }
    }
}

/// The CSV upload: the import's columns, one mission a line, checked whole before anything is
/// written.
fn import_form(signed: &Signed, errors: &[(u64, String)]) -> maud::Markup {
    let lang = signed.lang();
    html! {
        @if !errors.is_empty() {
            div class="errors" role="alert" {
                p { (t(lang, "console-import-errors")) }
                ul {
                    @for (line, message) in errors {
                        li { (tx(lang, Text::new("console-import-line").arg("line", *line as i64))) " " (message) }
                    }
                }
            }
        }
        p { (t(lang, "console-import-help")) }
        // Spaced so that the line wraps on a phone (the import trims them).
        p { code { "domain, title, description, place, remote, places, schedule, starts_on, ends_on, ref" } }
        form method="post" action="/console/missions/import" enctype="multipart/form-data" class="stack" {
            input type="hidden" name="csrf" value=(signed.csrf);
            label for="file" { (t(lang, "console-import-file")) }
            input id="file" name="file" type="file" accept=".csv,text/csv" required;
            button type="submit" { (t(lang, "console-import-send")) }
        }
    }
}

pub async fn import_page(signed: Signed) -> Page {
    let lang = signed.lang();
    signed.structure()?;
    let main = import_form(&signed, &[]);
    Ok(frame(&signed, &t(lang, "console-import-title"), main).into_response())
}

/// Imports a referent's CSV for their structure: errors by line on the page (nothing
/// written), else back to the missions with how many were added.
pub async fn import_csv(
    State(console): State<Console>,
    signed: Signed,
    headers: HeaderMap,
    mut multipart: axum::extract::Multipart,
) -> Page {
    let lang = signed.lang();
    let mut token = String::new();
    let mut content = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("csrf") => token = field.text().await.unwrap_or_default(),
            Some("file") => content = field.bytes().await.ok(),
            _ => {}
        }
    }
    super::checked_token(&console, &signed, &headers, &token)?;
    let structure = signed.structure()?;
    let outcome = match content.as_deref().map(std::str::from_utf8) {
        Some(Ok(text)) => console
            .app
            .import_missions_for(&signed.principal, structure, text, crate::now())
            .await
            .map_err(refused)?,
        _ => renfort_core::service::missions::CsvImport {
            errors: vec![(1, t(lang, "console-import-not-text"))],
            ..Default::default()
        },
    };
    if outcome.errors.is_empty() {
        return Ok(see_other(&format!(
            "/console/missions?said=imported&n={}&skipped={}",
            outcome.imported,
            outcome.skipped.len()
        )));
    }
    let main = import_form(&signed, &outcome.errors);
    Ok((
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        frame(&signed, &t(lang, "console-import-title"), main),
    )
        .into_response())
}

pub async fn new_mission(signed: Signed) -> Page {
    let lang = signed.lang();
    signed.structure()?;
    let main = mission_form(&signed, &[], None);
    Ok(frame(&signed, &t(lang, "console-mission-new"), main).into_response())
}

/// Creates a mission through the import's checks (the same place resolver, ambiguities
/// listed); errors come back on the form, with what was typed.
pub async fn create_mission(
    State(console): State<Console>,
    signed: Signed,
    headers: HeaderMap,
    body: Bytes,
) -> Page {
    let lang = signed.lang();
    let form = checked_form(&console, &signed, &headers, &body)?;
    let structure = signed.structure()?;
    let field = |name: &str| clean(form.get(name).unwrap_or(""), Kind::Line);
    let row = ImportRow {
        structure: structure.to_string(),
        domain: field("domain"),
        title: field("title"),
        description: clean(form.get("description").unwrap_or(""), Kind::Lines),
        place: field("place"),
        remote: if form.get("remote") == Some("yes") {
            "yes".into()
        } else {
            "no".into()
        },
        places: field("places"),
        schedule: field("schedule"),
        starts_on: field("starts_on"),
        ends_on: field("ends_on"),
        reference: String::new(),
    };
    match console
        .app
        .create_mission(&signed.principal, row, crate::now())
        .await
    {
        Ok(_) => Ok(see_other("/console/missions")),
        Err(Refused::Invalid(errors)) => {
            let main = mission_form(&signed, &errors, Some(&form));
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                frame(&signed, &t(lang, "console-mission-new"), main),
            )
                .into_response())
        }
        Err(e) => Err(refused(e)),
    }
}

pub async fn update_mission(
    State(console): State<Console>,
    signed: Signed,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Page {
    let form = checked_form(&console, &signed, &headers, &body)?;
    signed.structure()?;
    // Title and description: checked as the import checks them, refused whole.
    if form.get("action") == Some("text") {
        let said = match console
            .app
            .edit_mission_text(
                &signed.principal,
                id,
                form.get("title").unwrap_or(""),
                form.get("description").unwrap_or(""),
            )
            .await
        {
            Ok(_) => "text-saved",
            Err(Refused::Invalid(_)) => "text-refused",
            Err(e) => return Err(refused(e)),
        };
        return Ok(see_other(&format!("/console/missions?said={said}")));
    }
    let (status, places) = match form.get("action") {
        Some("places") => (
            None,
            Some(
                form.get("places")
                    .and_then(|p| p.trim().parse::<i64>().ok())
                    .ok_or(Failure::NotFound)?,
            ),
        ),
        Some("finished") => (Some(Named::Known(MissionStatus::Finished)), None),
        Some("cancelled") => (Some(Named::Known(MissionStatus::Cancelled)), None),
        _ => return Err(Failure::NotFound),
    };
    match console
        .app
        .update_mission(&signed.principal, id, status, places)
        .await
    {
        // Places out of range: the field's own limits say so in the browser; a forged
        // value changes nothing.
        Ok(_) | Err(Refused::Invalid(_)) => Ok(see_other("/console/missions")),
        Err(e) => Err(refused(e)),
    }
}

#[derive(Deserialize, Default)]
pub struct Answered {
    said: Option<String>,
    /// After an import: missions added and lines skipped.
    n: Option<i64>,
    skipped: Option<i64>,
}

pub async fn intents(
    State(console): State<Console>,
    signed: Signed,
    Query(q): Query<Answered>,
) -> Page {
    let lang = signed.lang();
    let structure = signed.structure()?;
    let list = console
        .app
        .participations_for(&signed.principal, structure)
        .await
        .map_err(refused)?;
    let now = crate::now();
    // The relay's thread of each open offer (the closed ones' are history).
    let mut threads = std::collections::HashMap::new();
    for p in list
        .iter()
        .filter(|p| ParticipationStatus::OPEN.contains(&p.status))
    {
        threads.insert(p.id, console.app.store.relay_thread(p.id).await?);
    }
    let no_thread = Vec::new();
    let main = html! {
        @if let Some(said) = &q.said {
            p class="notice" role="status" { (t(lang, &format!("console-answered-{said}"))) }
        }
        @if list.is_empty() {
            p { (t(lang, "console-intents-empty")) }
        }
        @for p in list.iter().rev() {
            section class="intent" aria-labelledby=(format!("i{}", p.id)) {
                h2 id=(format!("i{}", p.id)) {
                    (p.first_name.as_deref().unwrap_or("—")) " — " (p.mission_title)
                }
                p class="meta" {
                    (t(lang, &format!("console-intent-{}", p.status.as_str())))
                    " · " (tx(lang, Text::new("console-alert-age").arg("ago", ago(lang, p.relayed_at.unwrap_or(p.created_at), now))))
                }
                @if let Some(phone) = &p.phone {
                    p { a href=(format!("tel:{phone}")) { (tx(lang, Text::new("console-call").arg("phone", renfort_core::domain::display_phone(phone)))) } }
                }
                @let thread = threads.get(&p.id).unwrap_or(&no_thread);
                @if !thread.is_empty() {
                    details {
                        summary { (tx(lang, Text::new("console-relay-thread").arg("n", thread.len()))) }
                        ol class="thread" {
                            @for line in thread {
                                li {
                                    strong { (t(lang, if line.from_structure { "console-relay-from-structure" } else { "console-relay-from-volunteer" })) }
                                    " · " (ago(lang, line.at, now))
                                    @if line.from_structure { " · " (t(lang, &format!("console-delivery-{}", line.status))) }
                                    br;
                                    (line.text)
                                }
                            }
                        }
                    }
                }
                @if ParticipationStatus::OPEN.contains(&p.status) {
                    form method="post" action=(format!("/console/intents/{}/message", p.id)) class="stack" {
                        input type="hidden" name="csrf" value=(signed.csrf);
                        label for=(format!("msg{}", p.id)) { (t(lang, "console-relay-label")) }
                        textarea id=(format!("msg{}", p.id)) name="text" rows="2" maxlength="600" required {}
                        button type="submit" class="secondary" { (t(lang, "console-relay-send")) }
                    }
                }
                @if matches!(p.status, ParticipationStatus::Sent | ParticipationStatus::Contacted) {
                    form method="post" action=(format!("/console/intents/{}", p.id)) class="answers" {
                        input type="hidden" name="csrf" value=(signed.csrf);
                        button type="submit" name="answer" value="accepted" { (t(lang, "console-answer-ok")) }
                        " "
                        button type="submit" name="answer" value="contacted" class="secondary" { (t(lang, "console-answer-called")) }
                        " "
                        button type="submit" name="answer" value="declined" class="danger" { (t(lang, "console-answer-no")) }
                    }
                }
            }
        }
    };
    Ok(frame(&signed, &t(lang, "console-intents-title"), main).into_response())
}

pub async fn answer(
    State(console): State<Console>,
    signed: Signed,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Page {
    let form = checked_form(&console, &signed, &headers, &body)?;
    let structure = signed.structure()?;
    let status = match form.get("answer") {
        Some("accepted") => ParticipationStatus::Accepted,
        Some("contacted") => ParticipationStatus::Contacted,
        Some("declined") => ParticipationStatus::Declined,
        _ => return Err(Failure::NotFound),
    };
    // An alert of another structure reads as unknown to the rule: a missing page here.
    let owned = console
        .app
        .participations_for(&signed.principal, structure)
        .await
        .map_err(refused)?
        .iter()
        .any(|p| p.id == id);
    if !owned {
        return Err(Failure::NotFound);
    }
    console
        .app
        .answer_intent(signed.staff.id, structure, id, status, crate::now())
        .await?;
    Ok(see_other(&format!(
        "/console/intents?said={}",
        status.as_str()
    )))
}

/// A referent writes to the volunteer of an alert, through Renfort (the volunteer's number
/// or chat is never shown); their answer comes back to the referent's phone or chat.
pub async fn message(
    State(console): State<Console>,
    signed: Signed,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Page {
    let form = checked_form(&console, &signed, &headers, &body)?;
    let structure = signed.structure()?;
    let text = clean(form.get("text").unwrap_or(""), Kind::Lines);
    let said = match console
        .app
        .relay_from_console(structure, id, &text, crate::now())
        .await?
    {
        renfort_core::service::staff::Relayed::Sent => "relayed",
        renfort_core::service::staff::Relayed::Unreachable => "unreachable",
        renfort_core::service::staff::Relayed::Refused => "refused",
    };
    Ok(see_other(&format!("/console/intents?said={said}")))
}
