//! The console's page frame: language, header and navigation, the stylesheet, and the small
//! formatting rules every page shares.

use axum::http::header;
use axum::response::IntoResponse;
use maud::{DOCTYPE, Markup, html};
use renfort_core::domain::Lang;
use renfort_core::i18n::{I18n, Text};
use renfort_core::principal::Principal;

use super::Signed;

const STYLE: &str = include_str!("style.css");

/// A console message.
pub fn t(lang: Lang, id: &str) -> String {
    I18n::console().format(lang, &Text::new(id))
}

/// A console message with arguments.
pub fn tx(lang: Lang, text: Text) -> String {
    I18n::console().format(lang, &text)
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
}

/// A page without a session (login, errors).
pub fn bare(lang: Lang, title: &str, main: Markup) -> Markup {
    frame(lang, title, html! {}, main)
}

/// A signed-in page: the header names who is signed in, the navigation fits their role.
pub fn signed(signed: &Signed, title: &str, main: Markup) -> Markup {
    let lang = signed.lang();
    let links: Vec<(&str, &str)> = match signed.principal {
        Principal::Referent { .. } => vec![
            ("/console", "console-nav-home"),
            ("/console/missions", "console-nav-missions"),
            ("/console/intents", "console-nav-intents"),
        ],
        _ => vec![
            ("/console", "console-nav-home"),
            ("/console/queue", "console-nav-queue"),
            ("/console/structures", "console-nav-structures"),
            ("/console/figures", "console-nav-figures"),
            ("/console/journal", "console-nav-journal"),
        ],
    };
    let header = html! {
        nav aria-label=(t(lang, "console-nav-label")) {
            ul {
                @for (href, id) in &links {
                    li { a href=(href) { (t(lang, id)) } }
                }
            }
        }
        form method="post" action="/console/logout" class="logout" {
            input type="hidden" name="csrf" value=(signed.csrf);
            span { (signed.name) }
            " "
            button type="submit" { (t(lang, "console-logout")) }
        }
    };
    frame(lang, title, header, main)
}

fn frame(lang: Lang, title: &str, header: Markup, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Renfort" }
                link rel="stylesheet" href="/console/style.css";
            }
            body {
                a class="skip" href="#main" { (t(lang, "console-skip")) }
                header {
                    p class="brand" { "Renfort" }
                    (header)
                }
                main id="main" {
                    h1 { (title) }
                    (main)
                }
            }
        }
    }
}

/// How long ago, in the largest whole unit: "3 j", "5 h", "12 min".
pub fn ago(lang: Lang, then: i64, now: i64) -> String {
    let s = (now - then).max(0);
    let (n, unit) = if s >= 86_400 {
        (s / 86_400, "days")
    } else if s >= 3_600 {
        (s / 3_600, "hours")
    } else if s >= 60 {
        (s / 60, "minutes")
    } else {
        (0, "now")
    };
    tx(lang, Text::new("console-ago").arg("n", n).arg("unit", unit))
}

/// A date and time in Paris ("2026-12-07 17:05").
pub fn when(utc: i64) -> String {
    let local = utc + renfort_core::clock::offset(utc, "75");
    let (y, m, d) = renfort_core::clock::civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// A domain's name.
pub fn domain(lang: Lang, number: i64) -> String {
    I18n::get().format(lang, &Text::new("domain-name").arg("domain", number))
}
