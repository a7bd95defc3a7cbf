//! `/api/v1`: structures, missions, moderation, participations and figures for structures,
//! moderators and admins. Bearer tokens (stored hashed) carry a role and a scope: admins see
//! everything, moderators their départements, referents their structure. Errors are JSON with
//! a stable code: `{"error": {"code": "forbidden", "message": "…"}}`.
//!
//! Something outside the caller's scope is answered exactly as if it did not exist (404, same
//! body), and scope is checked before the request's content: an error never tells a caller
//! what exists in another département or structure.

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use renfort_core::domain::{ItemKind, MissionStatus, StructureKind, StructureStatus};
use renfort_core::import::{ImportRow, check_one, from_json};
use renfort_core::service::{Renfort, ServiceError};
use renfort_core::store::missions::{self, MissionRecord};
use renfort_core::store::participations;
use renfort_core::store::structures::{self, StructureRecord};
use renfort_core::store::tokens::Principal;
use serde::Deserialize;
use serde_json::{Value, json};

const OPENAPI: &str = include_str!("openapi.json");

pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
    fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }
    fn not_found(what: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }
    fn invalid(messages: Vec<String>) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            messages.join("; "),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.code, "message": self.message}});
        (self.status, Json(body)).into_response()
    }
}

impl From<renfort_core::store::StoreError> for ApiError {
    fn from(e: renfort_core::store::StoreError) -> ApiError {
        tracing::error!(error = %e, "api: store");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
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
                ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string())
            }
            ServiceError::Busy => ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string()),
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
            "unauthorized",
            "bearer token required",
        ));
    }
    app.store.principal(token, now()).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
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

pub fn routes(app: Renfort) -> Router {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/stats", get(stats))
        .route("/api/v1/moderation/queue", get(queue))
        .route("/api/v1/moderation/{kind}/{id}/{action}", post(moderate))
        .route(
            "/api/v1/structures",
            get(list_structures).post(create_structure),
        )
        .route(
            "/api/v1/structures/{id}",
            get(get_structure).patch(update_structure),
        )
        .route(
            "/api/v1/structures/{id}/participations",
            get(participations),
        )
        .route("/api/v1/missions", get(list_missions).post(create_mission))
        .route(
            "/api/v1/missions/{id}",
            get(get_mission)
                .patch(update_mission)
                .delete(cancel_mission),
        )
        .with_state(app)
}

async fn openapi() -> Response {
    ([("content-type", "application/json")], OPENAPI).into_response()
}

#[derive(Deserialize)]
struct DepQuery {
    departement: Option<String>,
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
            "invalid",
            "several départements: give ?departement=",
        )),
    }
}

async fn stats(
    State(app): State<Renfort>,
    headers: HeaderMap,
    Query(q): Query<DepQuery>,
) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let dep = scoped_departement(&p, q.departement)?;
    Ok(Json(app.store.stats(dep.as_deref()).await?).into_response())
}

async fn queue(
    State(app): State<Renfort>,
    headers: HeaderMap,
    Query(q): Query<DepQuery>,
) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let dep = scoped_departement(&p, q.departement)?;
    Ok(Json(app.store.moderation_queue(dep.as_deref()).await?).into_response())
}

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
    let approve = match action.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => return Err(ApiError::not_found("action")),
    };
    app.moderate(kind, id, approve, scope.as_deref(), now())
        .await?;
    // The API's word for a refusal, whatever the item's stored status becomes.
    let outcome = if approve { "validated" } else { "refused" };
    Ok(Json(json!({"kind": kind, "id": id, "status": outcome})).into_response())
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

fn structure_json(r: &StructureRecord) -> Value {
    json!({
        "id": r.id,
        "name": r.name,
        "kind": r.kind,
        "departement": r.departement,
        "insee": r.insee,
        "status": r.status,
    })
}

async fn list_structures(State(app): State<Renfort>, headers: HeaderMap) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let visible: Vec<Value> = structures::list(&app.store)
        .await?
        .iter()
        .filter(|r| may_see_structure(&p, r.id, &r.departement))
        .map(structure_json)
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
    Ok(Json(structure_json(&r)).into_response())
}

#[derive(Deserialize)]
struct StructurePatch {
    name: Option<String>,
    kind: Option<String>,
}

/// Renames or re-kinds a structure (moderators in scope, admins).
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
    Ok(Json(structure_json(&structure_row(&app, id).await?)).into_response())
}

#[derive(Deserialize)]
struct NewStructure {
    name: String,
    kind: String,
    departement: String,
    insee: Option<String>,
}

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
    Ok((StatusCode::CREATED, Json(structure_json(&r))).into_response())
}

fn mission_json(r: &MissionRecord) -> Value {
    json!({
        "id": r.id,
        "structure_id": r.structure_id,
        "domain": r.domain,
        "title": r.title,
        "description": r.description,
        "remote": r.remote,
        "commune": r.commune,
        "insee": r.insee,
        "departement": r.departement,
        "schedule": r.schedule,
        "places": r.places,
        "places_taken": r.places_taken,
        "status": r.status,
        "starts_on": r.starts_on,
        "ends_on": r.ends_on,
    })
}

#[derive(Deserialize)]
struct MissionQuery {
    structure: Option<i64>,
    status: Option<String>,
    departement: Option<String>,
}

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
    let visible: Vec<Value> = list
        .iter()
        .filter(|r| may_see_structure(&p, r.structure_id, &r.departement))
        .map(mission_json)
        .collect();
    Ok(Json(visible).into_response())
}

async fn mission_row(app: &Renfort, id: i64) -> Result<MissionRecord, ApiError> {
    missions::get(&app.store, id)
        .await?
        .ok_or_else(|| ApiError::not_found("mission"))
}

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
    Ok(Json(mission_json(&r)).into_response())
}

/// Same fields as an import row (see `renfort import missions`); `structure` may be the id.
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
            "conflict",
            "a mission with this ref exists",
        ));
    };
    let r = mission_row(&app, id).await?;
    Ok((StatusCode::CREATED, Json(mission_json(&r))).into_response())
}

#[derive(Deserialize)]
struct MissionPatch {
    status: Option<String>,
    places: Option<i64>,
}

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
    Ok(Json(mission_json(&mission_row(&app, id).await?)).into_response())
}

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
    // Contacts are shown for missions the volunteer chose, and only once relayed.
    let list: Vec<Value> = participations::of_structure(&app.store, id)
        .await?
        .into_iter()
        .map(|r| {
            let relayed = r.relayed_at.is_some();
            json!({
                "id": r.id,
                "mission_id": r.mission_id,
                "mission_title": r.mission_title,
                "status": r.status,
                "created_at": r.created_at,
                "relayed_at": r.relayed_at,
                "answered_at": r.answered_at,
                "volunteer_first_name": if relayed { r.first_name } else { None },
                "volunteer_phone": if relayed { r.phone } else { None },
            })
        })
        .collect();
    Ok(Json(list).into_response())
}
