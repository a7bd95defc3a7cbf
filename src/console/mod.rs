//! `/console`: the web console of referents and moderators, beside `/api/v1` and through the
//! same services and scope rules (the session gives a [`Principal`]; something outside it
//! answers 404, exactly as something missing).
//!
//! Server-rendered HTML (maud), every word from the console's Fluent bundle, CSS shipped in
//! the binary, no script: every action is a form POST answered 303 to a GET. Login without a
//! password: a staff member sends CONSOLE by SMS or Telegram and opens the one-time link it
//! brings back (see [`login`]).
//!
//! Every response carries a strict Content-Security-Policy (nothing but this origin's own
//! stylesheet and forms), refuses framing and is not cached. Every POST is checked against
//! cross-site forgery twice: the browser's `Origin` or `Sec-Fetch-Site` must say it came from
//! here, and a session's forms carry the session's own token.
//!
//! [`Principal`]: renfort_core::principal::Principal

mod login;
mod moderator;
mod page;
mod referent;

use axum::Router;
use axum::body::Bytes;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use renfort_core::domain::Lang;
use renfort_core::principal::Principal;
use renfort_core::secret::constant_time_eq;
use renfort_core::service::Renfort;
use renfort_core::store::console::Session;

pub use page::t;

/// What every console handler reads.
#[derive(Clone)]
pub struct Console {
    pub app: Renfort,
    /// `RENFORT_PUBLIC_URL` without its trailing slash: links and the expected `Origin`.
    pub public_url: String,
    /// Cookies are `__Host-` and Secure over https; over plain http (loopback only) they
    /// cannot be either.
    pub secure: bool,
    /// Figures per département, as computed at most [`moderator::FIGURES_TTL`] ago: counting a
    /// million volunteers takes longer than a page may (and the figures need not be live).
    pub figures: std::sync::Arc<
        std::sync::Mutex<
            std::collections::HashMap<String, (i64, renfort_core::store::stats::Stats)>,
        >,
    >,
}

impl Console {
    /// Whether the console may be served at this public address: a session cookie may cross
    /// a network only over https.
    pub fn new_check(public_url: &str) -> Result<(), String> {
        let url = url::Url::parse(public_url.trim_end_matches('/')).map_err(|e| e.to_string())?;
        let loopback = match url.host() {
            Some(url::Host::Domain(d)) => d == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        if url.scheme() != "https" && !loopback {
            return Err(format!(
                "the console needs https: RENFORT_PUBLIC_URL is {} (plain http is allowed on \
                 loopback only)",
                url.scheme()
            ));
        }
        Ok(())
    }

    /// The console for a public address (see [`Console::new_check`]).
    pub fn new(app: Renfort, public_url: &str) -> Result<Console, String> {
        Self::new_check(public_url)?;
        let public_url = public_url.trim_end_matches('/').to_string();
        let secure = public_url.starts_with("https://");
        Ok(Console {
            app,
            public_url,
            secure,
            figures: Default::default(),
        })
    }

    fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-renfort"
        } else {
            "renfort"
        }
    }

    fn origin(&self) -> String {
        match url::Url::parse(&self.public_url) {
            Ok(u) => u.origin().ascii_serialization(),
            Err(_) => String::new(),
        }
    }
}

/// Every console route.
pub fn routes(console: Console) -> Router {
    Router::new()
        .route("/console", get(moderator::home))
        .route("/console/style.css", get(page::stylesheet))
        .route(
            "/console/login/{token}",
            get(login::show).post(login::spend),
        )
        .route("/console/logout", post(login::logout))
        .route("/console/queue", get(moderator::queue))
        .route("/console/queue/decide", post(moderator::decide_many))
        .route("/console/queue/undo", post(moderator::undo))
        .route(
            "/console/moderation/{kind}/{id}",
            post(moderator::decide_one),
        )
        .route("/console/volunteers/{id}", get(moderator::volunteer))
        .route(
            "/console/volunteers/{id}/erase",
            post(moderator::erase_volunteer),
        )
        .route("/console/structures", get(moderator::structures))
        .route("/console/structures/{id}", get(moderator::structure))
        .route(
            "/console/structures/{id}/referents/{referent}/invite",
            post(moderator::invite_referent),
        )
        .route("/console/figures", get(moderator::figures))
        .route("/console/figures.csv", get(moderator::figures_csv))
        .route("/console/journal", get(moderator::journal))
        .route(
            "/console/missions",
            get(referent::missions).post(referent::create_mission),
        )
        .route("/console/missions/new", get(referent::new_mission))
        .route(
            "/console/missions/import",
            get(referent::import_page).post(referent::import_csv),
        )
        .route("/console/missions/{id}", post(referent::update_mission))
        .route("/console/intents", get(referent::intents))
        .route("/console/intents/{id}", post(referent::answer))
        .route("/console/intents/{id}/message", post(referent::message))
        .layer(axum::middleware::from_fn_with_state(
            console.clone(),
            refuse_cross_site,
        ))
        .layer(axum::middleware::map_response(headers))
        .with_state(console)
}

/// A POST from another site is refused before anything else is read: 403, whether or not
/// the browser sent the session's cookie with it (SameSite=Lax keeps it from doing so).
async fn refuse_cross_site(
    axum::extract::State(console): axum::extract::State<Console>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if request.method() == axum::http::Method::POST && !same_origin(request.headers(), &console) {
        tracing::warn!("console: a cross-site POST refused");
        return Failure::Forbidden.into_response();
    }
    next.run(request).await
}

/// Headers on every console answer: what the page may load (its own stylesheet, nothing
/// else), no framing, no referrer leaving with a login token in it, no caching of pages that
/// hold people's names.
async fn headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// What went wrong, as a page.
#[derive(Debug)]
pub enum Failure {
    /// No live session: how to get one.
    SignedOut,
    /// Missing, or outside the session's scope: the same page.
    NotFound,
    /// A forged or stale form.
    Forbidden,
    Internal,
}

impl From<renfort_core::store::StoreError> for Failure {
    fn from(e: renfort_core::store::StoreError) -> Failure {
        tracing::error!(error = %e, "console: store");
        Failure::Internal
    }
}

impl From<renfort_core::service::ServiceError> for Failure {
    fn from(e: renfort_core::service::ServiceError) -> Failure {
        use renfort_core::service::ServiceError as E;
        match e {
            E::NotFound { .. } | E::OutOfScope { .. } => Failure::NotFound,
            E::NotPending { .. } | E::Busy => Failure::NotFound,
            E::Store(e) => e.into(),
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        // The language of a failure page: French, the console's first language (the
        // session, if any, is not read again for an error).
        let lang = Lang::Fr;
        let (status, title, body) = match self {
            Failure::SignedOut => (
                StatusCode::UNAUTHORIZED,
                "console-signed-out-title",
                "console-signed-out-body",
            ),
            Failure::NotFound => (
                StatusCode::NOT_FOUND,
                "console-not-found-title",
                "console-not-found-body",
            ),
            Failure::Forbidden => (
                StatusCode::FORBIDDEN,
                "console-forbidden-title",
                "console-forbidden-body",
            ),
            Failure::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "console-internal-title",
                "console-internal-body",
            ),
        };
        let markup = page::bare(lang, &t(lang, title), maud::html! { p { (t(lang, body)) } });
        (status, markup).into_response()
    }
}

pub type Page = Result<Response, Failure>;

/// A signed-in staff member. A handler taking it runs only for a live session.
pub struct Signed(pub Session);

impl std::ops::Deref for Signed {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.0
    }
}

impl Signed {
    pub fn lang(&self) -> Lang {
        self.0.lang
    }
    /// The moderator's départements; `NotFound` for a referent (the page is not theirs, and
    /// says no more than a missing one would).
    pub fn departements(&self) -> Result<&[String], Failure> {
        match &self.0.principal {
            Principal::Moderator { departements } => Ok(departements),
            _ => Err(Failure::NotFound),
        }
    }
    /// The referent's structure; `NotFound` for a moderator.
    pub fn structure(&self) -> Result<i64, Failure> {
        match self.0.principal {
            Principal::Referent { structure_id } => Ok(structure_id),
            _ => Err(Failure::NotFound),
        }
    }
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl FromRequestParts<Console> for Signed {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, console: &Console) -> Result<Signed, Failure> {
        let Some(token) = cookie_value(&parts.headers, console.cookie_name()) else {
            return Err(Failure::SignedOut);
        };
        console
            .app
            .store
            .session(token, crate::now())
            .await?
            .map(Signed)
            .ok_or(Failure::SignedOut)
    }
}

/// Whether a POST came from one of this console's own pages, by what the browser says of
/// its origin: `Sec-Fetch-Site` (every current browser), else `Origin`. A request with
/// neither is not a browser's cross-site form (those carry both), and still needs the
/// session's form token.
fn same_origin(headers: &HeaderMap, console: &Console) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => origin == console.origin(),
        None => true,
    }
}

/// A POSTed form's fields, in order, repeated names kept (a selection of checkboxes).
pub struct Form(pub Vec<(String, String)>);

impl Form {
    pub fn parse(body: &Bytes) -> Form {
        Form(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A signed-in staff member's form, checked: from this origin and with the session's token.
pub fn checked_form(
    console: &Console,
    signed: &Signed,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Form, Failure> {
    let form = Form::parse(body);
    let token = form.get("csrf").unwrap_or("");
    if !same_origin(headers, console) || !constant_time_eq(token.as_bytes(), signed.csrf.as_bytes())
    {
        tracing::warn!("console: a form from another origin or without its token refused");
        return Err(Failure::Forbidden);
    }
    Ok(form)
}

/// The same rule as [`checked_form`] for a form sent as multipart (a file upload): the
/// origin, and the session's token read from the form's `csrf` field.
pub fn checked_token(
    console: &Console,
    signed: &Signed,
    headers: &HeaderMap,
    token: &str,
) -> Result<(), Failure> {
    if !same_origin(headers, console) || !constant_time_eq(token.as_bytes(), signed.csrf.as_bytes())
    {
        tracing::warn!("console: an upload from another origin or without its token refused");
        return Err(Failure::Forbidden);
    }
    Ok(())
}

/// After a POST, the page to show next (303: the browser GETs it, and a reload does not
/// post again).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}
