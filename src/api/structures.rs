//! `/api/v1/structures`: structures in scope; moderators and admins create and change them.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use renfort_core::domain::Role;
use renfort_core::service::Renfort;
use renfort_core::service::structures::{StructureChange, StructureDraft};

use super::schema::{ErrorBody, NewStructure, Structure, StructurePatch};
use super::{ApiResult, Caller, now};

/// Structures in scope
///
/// Admins: all; moderators: their départements'; referents: their own.
#[utoipa::path(
    get,
    path = "/api/v1/structures",
    tag = "structures",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The structures the token may see", body = Vec<Structure>),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
    )
)]
pub(super) async fn list_structures(State(app): State<Renfort>, caller: Caller) -> ApiResult {
    let visible: Vec<Structure> = app
        .structures_for(&caller)
        .await?
        .iter()
        .map(Structure::from)
        .collect();
    Ok(Json(visible).into_response())
}

/// One structure
#[utoipa::path(
    get,
    path = "/api/v1/structures/{id}",
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The structure's id")),
    responses(
        (status = 200, description = "The structure", body = Structure),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
        (status = 404, description = "The structure: no such one, or one outside the token's scope (answered alike)", body = ErrorBody),
    )
)]
pub(super) async fn get_structure(
    State(app): State<Renfort>,
    Path(id): Path<i64>,
    caller: Caller,
) -> ApiResult {
    let r = app.structure_for(&caller, id).await?;
    Ok(Json(Structure::from(&r)).into_response())
}

/// Rename or re-kind a structure
///
/// Moderators of its département and admins; referents are refused.
#[utoipa::path(
    patch,
    path = "/api/v1/structures/{id}",
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The structure's id")),
    request_body = StructurePatch,
    responses(
        (status = 200, description = "The structure as changed", body = Structure),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
        (status = 403, description = "Not for this role", body = ErrorBody),
        (status = 404, description = "The structure: no such one, or one outside the token's scope (answered alike)", body = ErrorBody),
        (status = 422, description = "A name or kind out of bounds, or a body that is not the JSON expected", body = ErrorBody),
    )
)]
pub(super) async fn update_structure(
    State(app): State<Renfort>,
    Path(id): Path<i64>,
    caller: Caller,
    body: Result<Json<StructurePatch>, JsonRejection>,
) -> ApiResult {
    // Role and scope before the body: out of scope, even a malformed one reads as absent.
    caller.require(Role::Moderator)?;
    app.structure_for(&caller, id).await?;
    let Json(patch) = body?;
    let change = StructureChange {
        name: patch.name,
        kind: patch.kind,
    };
    let r = app.update_structure(&caller, id, &change).await?;
    Ok(Json(Structure::from(&r)).into_response())
}

/// Create a structure, validated at once
///
/// Moderators (in their départements) and admins; referents are refused.
#[utoipa::path(
    post,
    path = "/api/v1/structures",
    tag = "structures",
    security(("bearer" = [])),
    request_body = NewStructure,
    responses(
        (status = 201, description = "Created", body = Structure),
        (status = 401, description = "No token, or an unknown, revoked or expired one", body = ErrorBody),
        (status = 403, description = "Not for this role, or a département outside the token's scope", body = ErrorBody),
        (status = 422, description = "A name, kind, département or commune not accepted, or a body that is not the JSON expected", body = ErrorBody),
    )
)]
pub(super) async fn create_structure(
    State(app): State<Renfort>,
    caller: Caller,
    body: Result<Json<NewStructure>, JsonRejection>,
) -> ApiResult {
    // The role before the body: a referent is refused whatever they send.
    caller.require(Role::Moderator)?;
    let Json(s) = body?;
    let draft = StructureDraft {
        name: s.name,
        kind: s.kind,
        departement: s.departement,
        insee: s.insee,
    };
    let r = app.create_structure(&caller, &draft, now()).await?;
    Ok((StatusCode::CREATED, Json(Structure::from(&r))).into_response())
}
