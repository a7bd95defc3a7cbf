//! `/api/v1/missions`: missions in scope; any role creates, finishes, cancels or resizes
//! those of its structures.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use renfort_core::domain::MissionStatus;
use renfort_core::import::{ImportRow, from_json};
use renfort_core::service::Renfort;
use serde_json::Value;

use super::schema::{ErrorBody, Mission, MissionPatch, MissionQuery, NewMission};
use super::{ApiError, ApiResult, Caller, now};

/// Missions in scope
///
/// Admins: all; moderators: their départements'; referents: their structure's.
#[utoipa::path(
    get,
    path = "/api/v1/missions",
    tag = "missions",
    security(("bearer" = [])),
    params(MissionQuery),
    responses(
        (status = 200, description = "The missions the token may see", body = Vec<Mission>),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
    )
)]
pub(super) async fn list_missions(
    State(app): State<Renfort>,
    Query(q): Query<MissionQuery>,
    caller: Caller,
) -> ApiResult {
    let visible: Vec<Mission> = app
        .missions_for(
            &caller,
            q.structure,
            q.status.as_deref(),
            q.departement.as_deref(),
        )
        .await?
        .iter()
        .map(Mission::from)
        .collect();
    Ok(Json(visible).into_response())
}

/// One mission
#[utoipa::path(
    get,
    path = "/api/v1/missions/{id}",
    tag = "missions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The mission's id")),
    responses(
        (status = 200, description = "The mission", body = Mission),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
        (status = 404, description = "The mission: no such one, or one outside the token's scope (answered alike)", body = ErrorBody),
    )
)]
pub(super) async fn get_mission(
    State(app): State<Renfort>,
    Path(id): Path<i64>,
    caller: Caller,
) -> ApiResult {
    let r = app.mission_for(&caller, id).await?;
    Ok(Json(Mission::from(&r)).into_response())
}

/// Create a mission
///
/// Same fields as a row of `renfort import missions`. Any role, for a structure in its scope:
/// a referent's mission waits for moderation, a moderator's or admin's is validated.
#[utoipa::path(
    post,
    path = "/api/v1/missions",
    tag = "missions",
    security(("bearer" = [])),
    request_body = NewMission,
    responses(
        (status = 201, description = "Created", body = Mission),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
        (status = 409, description = "A mission of this structure has this `ref` already", body = ErrorBody),
        (status = 422, description = "An unknown structure (or one outside the token's scope), or fields not accepted; the message names them", body = ErrorBody),
    )
)]
pub(super) async fn create_mission(
    State(app): State<Renfort>,
    caller: Caller,
    body: Result<Json<Value>, JsonRejection>,
) -> ApiResult {
    let Json(body) = body?;
    let row: ImportRow = from_json(body).map_err(|e| ApiError::invalid(vec![e]))?;
    let r = app.create_mission(&caller, row, now()).await?;
    Ok((StatusCode::CREATED, Json(Mission::from(&r))).into_response())
}

/// Finish, cancel or change the places of a mission
///
/// Any role, for a mission in its scope.
#[utoipa::path(
    patch,
    path = "/api/v1/missions/{id}",
    tag = "missions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The mission's id")),
    request_body = MissionPatch,
    responses(
        (status = 200, description = "The mission as changed", body = Mission),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
        (status = 404, description = "The mission: no such one, or one outside the token's scope (answered alike)", body = ErrorBody),
        (status = 422, description = "A status other than finished or cancelled, places out of bounds, or a body that is not the JSON expected", body = ErrorBody),
    )
)]
pub(super) async fn update_mission(
    State(app): State<Renfort>,
    Path(id): Path<i64>,
    caller: Caller,
    body: Result<Json<MissionPatch>, JsonRejection>,
) -> ApiResult {
    // Scope before the body: out of scope, even a malformed one reads as absent.
    app.mission_for(&caller, id).await?;
    let Json(patch) = body?;
    let status = patch
        .status
        .as_deref()
        .map(|s| MissionStatus::parse(s).into());
    let r = app
        .update_mission(&caller, id, status, patch.places)
        .await?;
    Ok(Json(Mission::from(&r)).into_response())
}

/// Cancel a mission
///
/// Any role, for a mission in its scope (as `PATCH` with `{"status": "cancelled"}`).
#[utoipa::path(
    delete,
    path = "/api/v1/missions/{id}",
    tag = "missions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The mission's id")),
    responses(
        (status = 200, description = "The mission, cancelled", body = Mission),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
        (status = 404, description = "The mission: no such one, or one outside the token's scope (answered alike)", body = ErrorBody),
    )
)]
pub(super) async fn cancel_mission(
    State(app): State<Renfort>,
    Path(id): Path<i64>,
    caller: Caller,
) -> ApiResult {
    let r = app.cancel_mission(&caller, id).await?;
    Ok(Json(Mission::from(&r)).into_response())
}
