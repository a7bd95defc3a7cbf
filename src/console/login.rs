//! Signing in without a password: CONSOLE by SMS or Telegram brings a one-time link
//! (`/console/login/{token}`, 160 random bits, stored hashed, 15 minutes). Opening it shows
//! a button; only the button's POST spends the link, so a messaging app's link preview (a
//! GET) cannot. The session that starts lasts 12 hours idle, 7 days at most, and is ended
//! by logout or by `renfort console revoke`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use maud::html;
use renfort_core::domain::Lang;
use renfort_core::secret::random_token;
use renfort_core::store::console::ABSOLUTE_TTL;

use super::page::{bare, t};
use super::{Console, Failure, Page, Signed, checked_form, same_origin, see_other};

/// The language a visitor's browser asks for, before any session says it.
fn browser_lang(headers: &HeaderMap) -> Lang {
    let first = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .unwrap_or("fr");
    if first.trim().to_ascii_lowercase().starts_with("en") {
        Lang::En
    } else {
        Lang::Fr
    }
}

/// A link that cannot open a session (spent, expired, unknown): how to get another.
fn link_gone(lang: Lang) -> axum::response::Response {
    let markup = bare(
        lang,
        &t(lang, "console-link-gone-title"),
        html! { p { (t(lang, "console-link-gone-body")) } },
    );
    (StatusCode::GONE, markup).into_response()
}

pub async fn show(
    State(console): State<Console>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Page {
    let lang = browser_lang(&headers);
    if !console.app.store.login_valid(&token, crate::now()).await? {
        return Ok(link_gone(lang));
    }
    let markup = bare(
        lang,
        &t(lang, "console-login-title"),
        html! {
            p { (t(lang, "console-login-body")) }
            form method="post" {
                button type="submit" { (t(lang, "console-login-button")) }
            }
        },
    );
    Ok(markup.into_response())
}

pub async fn spend(
    State(console): State<Console>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Page {
    let lang = browser_lang(&headers);
    if !same_origin(&headers, &console) {
        return Err(Failure::Forbidden);
    }
    let (Ok(session), Ok(csrf)) = (random_token(), random_token()) else {
        return Err(Failure::Internal);
    };
    let Some(id) = console
        .app
        .store
        .spend_login(&token, &session, &csrf, crate::now())
        .await?
    else {
        return Ok(link_gone(lang));
    };
    tracing::info!(session = id, "console: signed in");
    let mut cookie = format!(
        "{}={session}; Path=/; HttpOnly; SameSite=Lax; Max-Age={ABSOLUTE_TTL}",
        console.cookie_name()
    );
    if console.secure {
        cookie.push_str("; Secure");
    }
    let mut response = see_other("/console");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

pub async fn logout(
    State(console): State<Console>,
    signed: Signed,
    headers: HeaderMap,
    body: Bytes,
) -> Page {
    checked_form(&console, &signed, &headers, &body)?;
    console
        .app
        .store
        .revoke_session(signed.id, crate::now())
        .await?;
    let mut cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
        console.cookie_name()
    );
    if console.secure {
        cookie.push_str("; Secure");
    }
    let mut response = see_other("/console");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}
