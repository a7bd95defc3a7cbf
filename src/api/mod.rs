//! `/api/v1`: structures, missions, moderation, participations and figures for structures,
//! moderators and admins. Bearer tokens (stored hashed) carry a role and a scope: admins see
//! everything, moderators their départements, referents their structure. Errors are JSON with
//! a stable code: `{"error": {"code": "forbidden", "message": "…"}}`.
//!
//! Something outside the caller's scope is answered exactly as if it did not exist (404, same
//! body), and scope is checked before the request's content: an error never tells a caller
//! what exists in another département or structure.
//!
//! The OpenAPI document served at `/api/v1/openapi.json` is generated from these handlers
//! (`#[utoipa::path]`) and the types of [`schema`]; [`routes`] registers each handler through
//! `utoipa_axum::routes!`, which mounts it and documents it in one step.

pub mod schema;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use renfort_core::domain::{ItemKind, MissionStatus, StructureKind, StructureStatus};
use renfort_core::import::{ImportRow, check_one, from_json};
use renfort_core::service::{Renfort, ServiceError};
use renfort_core::store::missions::{self, MissionRecord};
use renfort_core::store::participations;
use renfort_core::store::structures::{self, StructureRecord};
use renfort_core::store::tokens::Principal;
use serde_json::Value;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use schema::{
    ApiDoc, DepQuery, ErrorBody, ErrorCode, ErrorDetail, Mission, MissionPatch, MissionQuery,
    Moderated, ModerationAction, ModerationOutcome, NewMission, NewStructure, Participation,
    Structure, StructurePatch,
};

pub struct ApiError {
    status: StatusCode,
    code: ErrorCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
    fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
    }
    fn not_found(what: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("{what} not found"),
        )
    }
    fn invalid(messages: Vec<String>) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Invalid,
            messages.join("; "),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
            },
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<renfort_core::store::StoreError> for ApiError {
    fn from(e: renfort_core::store::StoreError) -> ApiError {
        tracing::error!(error = %e, "api: store");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "internal error",
        )
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> ApiError {
        match e {
            ServiceError::NotFound { kind, .. } => ApiError::not_found(&kind),
            // Out of scope reads as absent: the caller learns nothing of what exists elsewhere.
            ServiceError::OutOfScope { kind, .. } => ApiError::not_found(&kind),
            ServiceError::NotPending { .. } => {
                ApiError::new(StatusCode::CONFLICT, ErrorCode::Conflict, e.to_string())
            }
            ServiceError::Busy => {
                ApiError::new(StatusCode::CONFLICT, ErrorCode::Conflict, e.to_string())
            }
            ServiceError::Store(e) => e.into(),
        }
    }
}

type ApiResult = Result<Response, ApiError>;

fn now() -> i64 {
    crate::now()
}

async fn principal(app: &Renfort, headers: &HeaderMap) -> Result<Principal, ApiError> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    if token.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "bearer token required",
        ));
    }
    app.store.principal(token, now()).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "unknown, revoked or expired token",
        )
    })
}

fn moderator_scope(p: &Principal) -> Result<Option<Vec<String>>, ApiError> {
    match p {
        Principal::Admin => Ok(None),
        Principal::Moderator { departements } => Ok(Some(departements.clone())),
        Principal::Referent { .. } => Err(ApiError::forbidden("moderators and admins only")),
    }
}

/// Every `/api/v1` route, each mounted and documented by the same `routes!` call. Mount the
/// result's router with [`Document`] as an extension (`/api/v1/openapi.json` serves it).
pub fn routes() -> OpenApiRouter<Renfort> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(openapi))
        .routes(routes!(stats))
        .routes(routes!(queue))
        .routes(routes!(moderate))
        .routes(routes!(list_structures, create_structure))
        .routes(routes!(get_structure, update_structure))
        .routes(routes!(participations))
        .routes(routes!(list_missions, create_mission))
        .routes(routes!(get_mission, update_mission, cancel_mission))
}

/// The OpenAPI document as served: serialized once, when the server starts.
#[derive(Clone)]
pub struct Document(Bytes);

impl Document {
    pub fn new(doc: &utoipa::openapi::OpenApi) -> Document {
        Document(Bytes::from(
            doc.to_pretty_json()
                .expect("the OpenAPI document serializes"),
        ))
    }
}

/// This document (OpenAPI 3.1), generated from the handlers.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "document",
    security(()),
    responses((status = 200, description = "This OpenAPI document", content_type = "application/json"))
)]
async fn openapi(Extension(doc): Extension<Document>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], doc.0).into_response()
}

/// The département a request is about: given, or the moderator's only one.
fn scoped_departement(p: &Principal, asked: Option<String>) -> Result<Option<String>, ApiError> {
    match (moderator_scope(p)?, asked) {
        (None, asked) => Ok(asked),
        (Some(scope), Some(d)) if scope.contains(&d) => Ok(Some(d)),
        (Some(_), Some(d)) => Err(ApiError::forbidden(format!(
            "département {d} is outside your scope"
        ))),
        (Some(scope), None) if scope.len() == 1 => Ok(Some(scope[0].clone())),
        (Some(_), None) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Invalid,
            "several départements: give ?departement=",
        )),
    }
}

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
async fn stats(
    State(app): State<Renfort>,
    headers: HeaderMap,
    Query(q): Query<DepQuery>,
) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let dep = scoped_departement(&p, q.departement)?;
    Ok(Json(app.store.stats(dep.as_deref()).await?).into_response())
}

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
async fn queue(
    State(app): State<Renfort>,
    headers: HeaderMap,
    Query(q): Query<DepQuery>,
) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let dep = scoped_departement(&p, q.departement)?;
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
async fn moderate(
    State(app): State<Renfort>,
    headers: HeaderMap,
    Path((kind, id, action)): Path<(String, i64, String)>,
) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let scope = moderator_scope(&p)?;
    let Some(kind) = ItemKind::parse(&kind) else {
        return Err(ApiError::not_found("kind"));
    };
    let Some(action) = ModerationAction::parse(&action) else {
        return Err(ApiError::not_found("action"));
    };
    let approve = action == ModerationAction::Approve;
    app.moderate(kind, id, approve, scope.as_deref(), now())
        .await?;
    let status = if approve {
        ModerationOutcome::Validated
    } else {
        ModerationOutcome::Refused
    };
    Ok(Json(Moderated { kind, id, status }).into_response())
}

const STRUCTURE_KINDS: [StructureKind; 6] = [
    StructureKind::Association,
    StructureKind::Ccas,
    StructureKind::Mdph,
    StructureKind::Collectivite,
    StructureKind::OperateurPublic,
    StructureKind::Autre,
];

fn structure_kinds() -> String {
    STRUCTURE_KINDS.map(StructureKind::as_str).join(", ")
}

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
async fn list_structures(State(app): State<Renfort>, headers: HeaderMap) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let visible: Vec<Structure> = structures::list(&app.store)
        .await?
        .iter()
        .filter(|r| may_see_structure(&p, r.id, &r.departement))
        .map(Structure::from)
        .collect();
    Ok(Json(visible).into_response())
}

async fn structure_row(app: &Renfort, id: i64) -> Result<StructureRecord, ApiError> {
    structures::get(&app.store, id)
        .await?
        .ok_or_else(|| ApiError::not_found("structure"))
}

fn may_see_structure(p: &Principal, id: i64, departement: &str) -> bool {
    match p {
        Principal::Referent { structure_id } => *structure_id == id,
        other => other.covers(departement),
    }
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
async fn get_structure(
    State(app): State<Renfort>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let r = structure_row(&app, id).await?;
    if !may_see_structure(&p, id, &r.departement) {
        return Err(ApiError::not_found("structure"));
    }
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
async fn update_structure(
    State(app): State<Renfort>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    body: Result<Json<StructurePatch>, axum::extract::rejection::JsonRejection>,
) -> ApiResult {
    let p = principal(&app, &headers).await?;
    moderator_scope(&p)?;
    let r = structure_row(&app, id).await?;
    if !p.covers(&r.departement) {
        return Err(ApiError::not_found("structure"));
    }
    let Json(patch) = body.map_err(|e| ApiError::invalid(vec![e.body_text()]))?;
    let mut errors = Vec::new();
    if let Some(name) = &patch.name
        && !(1..=120).contains(&name.trim().chars().count())
    {
        errors.push("name must have 1 to 120 characters".to_string());
    }
    let kind = patch.kind.as_deref().map(StructureKind::parse);
    if kind == Some(None) {
        errors.push(format!("kind must be one of {}", structure_kinds()));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let name = patch.name.as_deref().map(str::trim);
    structures::update(&app.store, id, name, kind.flatten()).await?;
    Ok(Json(Structure::from(&structure_row(&app, id).await?)).into_response())
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
async fn create_structure(
    State(app): State<Renfort>,
    headers: HeaderMap,
    body: Result<Json<NewStructure>, axum::extract::rejection::JsonRejection>,
) -> ApiResult {
    let p = principal(&app, &headers).await?;
    moderator_scope(&p)?;
    let Json(s) = body.map_err(|e| ApiError::invalid(vec![e.body_text()]))?;
    // Scope first: the checks below would otherwise speak of another département's communes.
    if !p.covers(&s.departement) {
        return Err(ApiError::forbidden(format!(
            "département {} is outside your scope",
            s.departement
        )));
    }
    let mut errors = Vec::new();
    let name_len = s.name.trim().chars().count();
    if name_len == 0 || name_len > 120 {
        errors.push(format!("name must have 1 to 120 characters ({name_len})"));
    }
    let kind = StructureKind::parse(&s.kind);
    if kind.is_none() {
        errors.push(format!("kind must be one of {}", structure_kinds()));
    }
    let g = renfort_core::geo::Gazetteer::get();
    if !g.communes().iter().any(|c| c.departement == s.departement) {
        errors.push(format!("unknown département {:?}", s.departement));
    }
    if let Some(insee) = &s.insee
        && g.by_insee(insee)
            .is_none_or(|c| c.departement != s.departement)
    {
        errors.push(format!(
            "commune {insee:?} is not in département {}",
            s.departement
        ));
    }
    let Some(kind) = kind.filter(|_| errors.is_empty()) else {
        return Err(ApiError::invalid(errors));
    };
    // Created by a moderator or an admin: validated at once.
    let new = structures::NewStructure {
        external_ref: None,
        name: s.name.trim().to_string(),
        kind,
        departement: s.departement.clone(),
        insee: s.insee.clone(),
        status: StructureStatus::Validated,
    };
    let id = structures::create(&app.store, &new, now()).await?;
    let r = structure_row(&app, id).await?;
    Ok((StatusCode::CREATED, Json(Structure::from(&r))).into_response())
}

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
async fn list_missions(
    State(app): State<Renfort>,
    headers: HeaderMap,
    Query(q): Query<MissionQuery>,
) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let list = missions::list(
        &app.store,
        q.structure,
        q.status.as_deref(),
        q.departement.as_deref(),
    )
    .await?;
    let visible: Vec<Mission> = list
        .iter()
        .filter(|r| may_see_structure(&p, r.structure_id, &r.departement))
        .map(Mission::from)
        .collect();
    Ok(Json(visible).into_response())
}

async fn mission_row(app: &Renfort, id: i64) -> Result<MissionRecord, ApiError> {
    missions::get(&app.store, id)
        .await?
        .ok_or_else(|| ApiError::not_found("mission"))
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
async fn get_mission(
    State(app): State<Renfort>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let r = mission_row(&app, id).await?;
    if !may_see_structure(&p, r.structure_id, &r.departement) {
        return Err(ApiError::not_found("mission"));
    }
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
async fn create_mission(
    State(app): State<Renfort>,
    headers: HeaderMap,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let Json(body) = body.map_err(|e| ApiError::invalid(vec![e.body_text()]))?;
    let row: ImportRow = from_json(body).map_err(|e| ApiError::invalid(vec![e]))?;
    // The structure and the caller's scope first, with one answer for "no such structure"
    // and "not yours"; the mission's content is checked only then, inside the structure's
    // département.
    let visible = match structures::by_reference(&app.store, &row.structure).await? {
        Some((id, departement)) => may_see_structure(&p, id, &departement),
        None => false,
    };
    if !visible {
        return Err(ApiError::invalid(vec!["unknown structure".into()]));
    }
    let draft = match check_one(&app.store, row).await? {
        Ok(d) => d,
        Err(errors) => return Err(ApiError::invalid(errors)),
    };
    // A referent's mission waits for the département's moderators.
    let validated = !matches!(p, Principal::Referent { .. });
    let Some(id) = app.create_mission(&draft, validated, now()).await? else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::Conflict,
            "a mission with this ref exists",
        ));
    };
    let r = mission_row(&app, id).await?;
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
async fn update_mission(
    State(app): State<Renfort>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    body: Result<Json<MissionPatch>, axum::extract::rejection::JsonRejection>,
) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let r = mission_row(&app, id).await?;
    if !may_see_structure(&p, r.structure_id, &r.departement) {
        return Err(ApiError::not_found("mission"));
    }
    let Json(patch) = body.map_err(|e| ApiError::invalid(vec![e.body_text()]))?;
    let status = match patch.status.as_deref().map(MissionStatus::parse) {
        None => None,
        Some(Some(s @ (MissionStatus::Finished | MissionStatus::Cancelled))) => Some(s),
        Some(_) => {
            return Err(ApiError::invalid(vec![
                "status can be set to finished or cancelled".into(),
            ]));
        }
    };
    let taken = r.places_taken;
    if let Some(places) = patch.places
        && !(taken.max(1)..=500).contains(&places)
    {
        return Err(ApiError::invalid(vec![format!(
            "places must be {} to 500",
            taken.max(1)
        )]));
    }
    missions::update(&app.store, id, status, patch.places).await?;
    Ok(Json(Mission::from(&mission_row(&app, id).await?)).into_response())
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
async fn cancel_mission(
    State(app): State<Renfort>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult {
    let patch = MissionPatch {
        status: Some(MissionStatus::Cancelled.as_str().into()),
        places: None,
    };
    update_mission(State(app), headers, Path(id), Ok(Json(patch))).await
}

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
async fn participations(
    State(app): State<Renfort>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let s = structure_row(&app, id).await?;
    if !may_see_structure(&p, id, &s.departement) {
        return Err(ApiError::not_found("structure"));
    }
    let list: Vec<Participation> = participations::of_structure(&app.store, id)
        .await?
        .into_iter()
        .map(Participation::from)
        .collect();
    Ok(Json(list).into_response())
}
