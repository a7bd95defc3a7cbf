//! `/api/v1/stats`: figures per département.

use axum::Json;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use renfort_core::service::Renfort;

use super::schema::{DepQuery, ErrorBody};
use super::{ApiResult, Caller};

/// Figures: structures, missions by domain, volunteers, intents
///
/// Admins: everywhere, or one département. Moderators: their département (one of theirs,
/// named with `?departement=`, if they have several). Referents: refused.
#[utoipa::path(
    get,
    path = "/api/v1/stats",
    tag = "figures",
    security(("bearer" = [])),
    params(DepQuery),
    responses(
        (status = 200, description = "Figures", body = renfort_core::store::stats::Stats),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
        (status = 403, description = "Not for this role, or a département outside the token's scope", body = ErrorBody),
        (status = 422, description = "A moderator of several départements did not name one", body = ErrorBody),
    )
)]
pub(super) async fn stats(
    State(app): State<Renfort>,
    Query(q): Query<DepQuery>,
    caller: Caller,
) -> ApiResult {
    let dep = caller.departements_filter(q.departement)?;
    let stats = app.store.stats(dep.as_deref()).await?;
    Ok(Json(stats.priced(app.config.sms_price)).into_response())
}
