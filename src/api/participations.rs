//! `/api/v1/structures/{id}/participations`: volunteers' intents for a structure's missions.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use renfort_core::service::Renfort;

use super::schema::{ErrorBody, Participation};
use super::{ApiResult, Caller};

/// Intents for a structure's missions
///
/// The volunteer's first name and phone are given once the intent was relayed.
#[utoipa::path(
    get,
    path = "/api/v1/structures/{id}/participations",
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The structure's id")),
    responses(
        (status = 200, description = "The intents, oldest first", body = Vec<Participation>),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
        (status = 404, description = "The structure: no such one, or one outside the token's scope (answered alike)", body = ErrorBody),
    )
)]
pub(super) async fn participations(
    State(app): State<Renfort>,
    Path(id): Path<i64>,
    caller: Caller,
) -> ApiResult {
    let list: Vec<Participation> = app
        .participations_for(&caller, id)
        .await?
        .into_iter()
        .map(Participation::from)
        .collect();
    Ok(Json(list).into_response())
}
