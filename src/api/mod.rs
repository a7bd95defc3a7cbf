//! `/api/v1`: structures, missions, moderation, participations and figures for structures,
//! moderators and admins. Bearer tokens (stored hashed) carry a role and a scope: admins see
//! everything, moderators their départements, referents their structure. Errors are JSON with
//! a stable code: `{"error": {"code": "forbidden", "message": "…"}}`.

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use renfort_core::import::{ImportRow, check_one, from_json};
use renfort_core::service::{Renfort, ServiceError};
use renfort_core::store::tokens::Principal;
use serde::Deserialize;
use serde_json::{Value, json};
use sqlx::Row;

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

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        renfort_core::store::StoreError::Db(e).into()
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> ApiError {
        match e {
            ServiceError::NotFound { kind, .. } => ApiError::not_found(&kind),
            ServiceError::OutOfScope { .. } => ApiError::forbidden(e.to_string()),
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
    app.store.principal(token).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "unknown or revoked token",
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
    if !matches!(kind.as_str(), "volunteer" | "mission" | "structure") {
        return Err(ApiError::not_found("kind"));
    }
    let approve = match action.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => return Err(ApiError::not_found("action")),
    };
    app.moderate(&kind, id, approve, scope.as_deref(), now())
        .await?;
    Ok(Json(
        json!({"kind": kind, "id": id, "status": if approve { "validated" } else { "refused" }}),
    )
    .into_response())
}

const STRUCTURE_KINDS: [&str; 6] = [
    "association",
    "ccas",
    "mdph",
    "collectivite",
    "operateur_public",
    "autre",
];

fn structure_json(r: &sqlx::any::AnyRow) -> Value {
    json!({
        "id": r.get::<i64, _>(0),
        "name": r.get::<String, _>(1),
        "kind": r.get::<String, _>(2),
        "departement": r.get::<String, _>(3),
        "insee": r.get::<Option<String>, _>(4),
        "status": r.get::<String, _>(5),
    })
}

async fn list_structures(State(app): State<Renfort>, headers: HeaderMap) -> ApiResult {
    let p = principal(&app, &headers).await?;
    let rows = sqlx::query(
        "SELECT id, name, kind, departement, insee, status FROM structures ORDER BY id",
    )
    .fetch_all(app.store.pool())
    .await?;
    let visible: Vec<Value> = rows
        .iter()
        .filter(|r| match &p {
            Principal::Referent { structure_id } => r.get::<i64, _>(0) == *structure_id,
            other => other.covers(&r.get::<String, _>(3)),
        })
        .map(structure_json)
        .collect();
    Ok(Json(visible).into_response())
}

async fn structure_row(app: &Renfort, id: i64) -> Result<sqlx::any::AnyRow, ApiError> {
    sqlx::query("SELECT id, name, kind, departement, insee, status FROM structures WHERE id = $1")
        .bind(id)
        .fetch_optional(app.store.pool())
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
    if !may_see_structure(&p, id, &r.get::<String, _>(3)) {
        return Err(ApiError::forbidden("outside your scope"));
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
    let Json(patch) = body.map_err(|e| ApiError::invalid(vec![e.body_text()]))?;
    let r = structure_row(&app, id).await?;
    if !p.covers(&r.get::<String, _>(3)) {
        return Err(ApiError::forbidden("outside your scope"));
    }
    let mut errors = Vec::new();
    if let Some(name) = &patch.name
        && !(1..=120).contains(&name.trim().chars().count())
    {
        errors.push("name must have 1 to 120 characters".to_string());
    }
    if let Some(kind) = &patch.kind
        && !STRUCTURE_KINDS.contains(&kind.as_str())
    {
        errors.push(format!(
            "kind must be one of {}",
            STRUCTURE_KINDS.join(", ")
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    sqlx::query(
        "UPDATE structures SET name = COALESCE($2, name), kind = COALESCE($3, kind) WHERE id = $1",
    )
    .bind(id)
    .bind(patch.name.map(|n| n.trim().to_string()))
    .bind(patch.kind)
    .execute(app.store.pool())
    .await?;
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
    let mut errors = Vec::new();
    let name_len = s.name.trim().chars().count();
    if name_len == 0 || name_len > 120 {
        errors.push(format!("name must have 1 to 120 characters ({name_len})"));
    }
    if !STRUCTURE_KINDS.contains(&s.kind.as_str()) {
        errors.push(format!(
            "kind must be one of {}",
            STRUCTURE_KINDS.join(", ")
        ));
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
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    if !p.covers(&s.departement) {
        return Err(ApiError::forbidden(format!(
            "département {} is outside your scope",
            s.departement
        )));
    }
    // Created by a moderator or an admin: validated at once.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO structures (name, kind, departement, insee, status, created_at) \
         VALUES ($1, $2, $3, $4, 'validated', $5) RETURNING id",
    )
    .bind(s.name.trim())
    .bind(&s.kind)
    .bind(&s.departement)
    .bind(s.insee.clone())
    .bind(now())
    .fetch_one(app.store.pool())
    .await?;
    let r = structure_row(&app, id).await?;
    Ok((StatusCode::CREATED, Json(structure_json(&r))).into_response())
}

const MISSION_COLUMNS: &str = "m.id, m.structure_id, m.domain, m.title, m.description, m.remote, \
     m.commune, m.insee, m.departement, m.schedule, m.places, m.places_taken, m.status, \
     m.starts_on, m.ends_on";

fn mission_json(r: &sqlx::any::AnyRow) -> Value {
    json!({
        "id": r.get::<i64, _>(0),
        "structure_id": r.get::<i64, _>(1),
        "domain": r.get::<i64, _>(2),
        "title": r.get::<String, _>(3),
        "description": r.get::<String, _>(4),
        "remote": r.get::<i64, _>(5) != 0,
        "commune": r.get::<Option<String>, _>(6),
        "insee": r.get::<Option<String>, _>(7),
        "departement": r.get::<String, _>(8),
        "schedule": r.get::<String, _>(9),
        "places": r.get::<i64, _>(10),
        "places_taken": r.get::<i64, _>(11),
        "status": r.get::<String, _>(12),
        "starts_on": r.get::<Option<String>, _>(13),
        "ends_on": r.get::<Option<String>, _>(14),
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
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {MISSION_COLUMNS} FROM missions m WHERE ($1 IS NULL OR m.structure_id = $1) \
         AND ($2 IS NULL OR m.status = $2) AND ($3 IS NULL OR m.departement = $3) ORDER BY m.id"
    )))
    .bind(q.structure)
    .bind(q.status)
    .bind(q.departement)
    .fetch_all(app.store.pool())
    .await?;
    let visible: Vec<Value> = rows
        .iter()
        .filter(|r| may_see_structure(&p, r.get::<i64, _>(1), &r.get::<String, _>(8)))
        .map(mission_json)
        .collect();
    Ok(Json(visible).into_response())
}

async fn mission_row(app: &Renfort, id: i64) -> Result<sqlx::any::AnyRow, ApiError> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {MISSION_COLUMNS} FROM missions m WHERE m.id = $1"
    )))
    .bind(id)
    .fetch_optional(app.store.pool())
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
    if !may_see_structure(&p, r.get(1), &r.get::<String, _>(8)) {
        return Err(ApiError::forbidden("outside your scope"));
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
    let draft = match check_one(&app.store, row).await? {
        Ok(d) => d,
        Err(errors) => return Err(ApiError::invalid(errors)),
    };
    if !may_see_structure(&p, draft.structure_id(), draft.departement()) {
        return Err(ApiError::forbidden("this structure is outside your scope"));
    }
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
    let Json(patch) = body.map_err(|e| ApiError::invalid(vec![e.body_text()]))?;
    let r = mission_row(&app, id).await?;
    if !may_see_structure(&p, r.get(1), &r.get::<String, _>(8)) {
        return Err(ApiError::forbidden("outside your scope"));
    }
    if let Some(status) = &patch.status
        && !matches!(status.as_str(), "finished" | "cancelled")
    {
        return Err(ApiError::invalid(vec![
            "status can be set to finished or cancelled".into(),
        ]));
    }
    let taken: i64 = r.get(11);
    if let Some(places) = patch.places
        && !(taken.max(1)..=500).contains(&places)
    {
        return Err(ApiError::invalid(vec![format!(
            "places must be {} to 500",
            taken.max(1)
        )]));
    }
    sqlx::query(
        "UPDATE missions SET status = COALESCE($2, status), places = COALESCE($3, places) WHERE id = $1",
    )
    .bind(id)
    .bind(patch.status)
    .bind(patch.places)
    .execute(app.store.pool())
    .await?;
    // More places re-open a full mission; fewer may fill it.
    sqlx::query(
        "UPDATE missions SET status = CASE WHEN places_taken >= places THEN 'full' ELSE 'validated' END \
         WHERE id = $1 AND status IN ('validated', 'full')",
    )
    .bind(id)
    .execute(app.store.pool())
    .await?;
    Ok(Json(mission_json(&mission_row(&app, id).await?)).into_response())
}

async fn cancel_mission(
    State(app): State<Renfort>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult {
    let patch = MissionPatch {
        status: Some("cancelled".into()),
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
    if !may_see_structure(&p, id, &s.get::<String, _>(3)) {
        return Err(ApiError::forbidden("outside your scope"));
    }
    // Contacts are shown for missions the volunteer chose, and only once relayed.
    let rows = sqlx::query(
        "SELECT p.id, p.mission_id, m.title, p.status, p.created_at, p.relayed_at, p.answered_at, \
         v.first_name, (SELECT c.address FROM contacts c WHERE c.volunteer_id = v.id \
         AND c.channel = 'sms' LIMIT 1) \
         FROM participations p JOIN missions m ON m.id = p.mission_id \
         JOIN volunteers v ON v.id = p.volunteer_id WHERE m.structure_id = $1 ORDER BY p.id",
    )
    .bind(id)
    .fetch_all(app.store.pool())
    .await?;
    let list: Vec<Value> = rows
        .iter()
        .map(|r| {
            let relayed = r.get::<Option<i64>, _>(5).is_some();
            json!({
                "id": r.get::<i64, _>(0),
                "mission_id": r.get::<i64, _>(1),
                "mission_title": r.get::<String, _>(2),
                "status": r.get::<String, _>(3),
                "created_at": r.get::<i64, _>(4),
                "relayed_at": r.get::<Option<i64>, _>(5),
                "answered_at": r.get::<Option<i64>, _>(6),
                "volunteer_first_name": if relayed { r.get::<Option<String>, _>(7) } else { None },
                "volunteer_phone": if relayed { r.get::<Option<String>, _>(8) } else { None },
            })
        })
        .collect();
    Ok(Json(list).into_response())
}
