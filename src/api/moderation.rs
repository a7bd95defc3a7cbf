//! `/api/v1/moderation`: the queue of pending volunteers, missions and structures, and the
//! moderators' decisions on them.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use renfort_core::domain::ItemKind;
use renfort_core::service::Renfort;

use super::schema::{DepQuery, ErrorBody, Moderated, ModerationAction, ModerationOutcome};
use super::{ApiError, ApiResult, Caller, now};

/// Pending volunteers, missions and structures
///
/// Admins and moderators (their départements); referents are refused.
#[utoipa::path(
    get,
    path = "/api/v1/moderation/queue",
    tag = "moderation",
    security(("bearer" = [])),
    params(DepQuery),
    responses(
        (status = 200, description = "The queue", body = Vec<renfort_core::store::moderation::QueueItem>),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
        (status = 403, description = "Not for this role, or a département outside the token's scope", body = ErrorBody),
        (status = 422, description = "A moderator of several départements did not name one", body = ErrorBody),
    )
)]
pub(super) async fn queue(
    State(app): State<Renfort>,
    Query(q): Query<DepQuery>,
    caller: Caller,
) -> ApiResult {
    let dep = caller.departements_filter(q.departement)?;
    Ok(Json(app.store.moderation_queue(dep.as_deref()).await?).into_response())
}

/// Validate or refuse a pending item
///
/// Admins and moderators of the item's département; referents are refused. A validated
/// mission is announced to volunteers nearby.
#[utoipa::path(
    post,
    path = "/api/v1/moderation/{kind}/{id}/{action}",
    tag = "moderation",
    security(("bearer" = [])),
    params(("kind" = ItemKind, Path, description = "What is moderated"), ("id" = i64, Path, description = "The item's id"), ("action" = ModerationAction, Path, description = "approve or refuse")),
    responses(
        (status = 200, description = "Done", body = Moderated),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
        (status = 403, description = "Not for this role", body = ErrorBody),
        (status = 404, description = "The item, kind or action: no such one, or one outside the token's scope (answered alike)", body = ErrorBody),
        (status = 409, description = "The item is not pending any more, or another moderator is acting on it", body = ErrorBody),
    )
)]
pub(super) async fn moderate(
    State(app): State<Renfort>,
    Path((kind, id, action)): Path<(String, i64, String)>,
    caller: Caller,
) -> ApiResult {
    let scope = caller.moderation_scope()?;
    let Some(kind) = ItemKind::parse(&kind) else {
        return Err(ApiError::not_found("kind"));
    };
    let Some(action) = ModerationAction::parse(&action) else {
        return Err(ApiError::not_found("action"));
    };
    let approve = action == ModerationAction::Approve;
    let actor = renfort_core::store::journal::Actor {
        kind: caller.role().as_str(),
        id: None,
        path: "api",
    };
    app.moderate_as(kind, id, approve, None, scope, &actor, now())
        .await?;
    let status = if approve {
        ModerationOutcome::Validated
    } else {
        ModerationOutcome::Refused
    };
    Ok(Json(Moderated { kind, id, status }).into_response())
}
