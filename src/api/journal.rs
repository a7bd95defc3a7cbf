//! `/api/v1/journal`: who validated, refused, answered or erased what, and when, through any
//! path (console, SMS, Telegram, CLI, API).

use axum::Json;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use renfort_core::service::Renfort;
use renfort_core::store::journal::Scope;
use serde::Deserialize;
use utoipa::IntoParams;

use super::schema::ErrorBody;
use super::{ApiResult, Caller};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JournalQuery {
    /// Département code; a moderator's own if they have one only.
    #[param(example = "62")]
    pub departement: Option<String>,
    /// Lines older than this line's id (paging backwards).
    pub before: Option<i64>,
    /// At most this many lines (1 to 500, default 100).
    pub limit: Option<i64>,
}

/// The journal, newest first
///
/// Admins: everywhere, or one département. Moderators: their département (one of theirs,
/// named with `?departement=`, if they have several). Referents: refused.
#[utoipa::path(
    get,
    path = "/api/v1/journal",
    tag = "moderation",
    security(("bearer" = [])),
    params(JournalQuery),
    responses(
        (status = 200, description = "Journal lines, newest first", body = Vec<renfort_core::store::journal::Entry>),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
        (status = 403, description = "Not for this role, or a département outside the token's scope", body = ErrorBody),
        (status = 422, description = "A moderator of several départements did not name one", body = ErrorBody),
    )
)]
pub(super) async fn journal(
    State(app): State<Renfort>,
    Query(q): Query<JournalQuery>,
    caller: Caller,
) -> ApiResult {
    let dep = caller.departements_filter(q.departement)?;
    let one;
    let scope = match &dep {
        Some(d) => {
            one = [d.clone()];
            Scope::Departements(&one)
        }
        None => Scope::All,
    };
    let limit = q.limit.unwrap_or(100).clamp(1, 500);
    Ok(Json(app.store.journal(scope, None, q.before, limit).await?).into_response())
}
