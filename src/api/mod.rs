//! `/api/v1`: structures, missions, moderation, participations and figures for structures,
//! moderators and admins. Bearer tokens (stored hashed) stand for a [`Principal`]: admins see
//! everything, moderators their départements, referents their structure. Errors are JSON with
//! a stable code: `{"error": {"code": "forbidden", "message": "…"}}`.
//!
//! Something outside the caller's scope is answered exactly as if it did not exist (404, same
//! body), and scope is checked before the request's content: an error never tells a caller
//! what exists in another département or structure. The scope rules are the
//! [`Principal`]'s and the service's (`renfort_core::service::structures`); the handlers, one
//! file per resource, only translate between HTTP and those calls, the caller coming from the
//! [`Caller`] extractor. Handlers take it after their path and query, so that those are
//! read first, as they always were (a malformed id is a 400 whoever asks).
//!
//! The OpenAPI document served at `/api/v1/openapi.json` is generated from these handlers
//! (`#[utoipa::path]`) and the types of [`schema`]; [`routes`] registers each handler through
//! `utoipa_axum::routes!`, which mounts it and documents it in one step.
//!
//! [`Principal`]: renfort_core::principal::Principal

mod caller;
mod journal;
mod missions;
mod moderation;
mod participations;
pub mod schema;
mod stats;
mod structures;

use axum::Json;
use axum::body::Bytes;
use axum::extract::Extension;
use axum::extract::rejection::JsonRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use renfort_core::principal::Denied;
use renfort_core::service::structures::Refused;
use renfort_core::service::{Renfort, ServiceError};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use caller::Caller;
use schema::{ApiDoc, ErrorBody, ErrorCode, ErrorDetail};

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
    fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, ErrorCode::Conflict, message)
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
            ServiceError::NotPending { .. } | ServiceError::Busy => {
                ApiError::conflict(e.to_string())
            }
            ServiceError::Store(e) => e.into(),
        }
    }
}

impl From<Denied> for ApiError {
    fn from(e: Denied) -> ApiError {
        match e {
            Denied::Forbidden(message) => {
                ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
            }
            Denied::DepartementNeeded => ApiError::invalid(vec![e.to_string()]),
        }
    }
}

impl From<Refused> for ApiError {
    fn from(e: Refused) -> ApiError {
        match e {
            Refused::Denied(e) => e.into(),
            Refused::NotFound(what) => ApiError::not_found(what),
            Refused::Invalid(messages) => ApiError::invalid(messages),
            Refused::Conflict(message) => ApiError::conflict(message),
            Refused::Service(e) => e.into(),
        }
    }
}

/// A body that is not the JSON a handler expects, answered like any field not accepted.
impl From<JsonRejection> for ApiError {
    fn from(e: JsonRejection) -> ApiError {
        ApiError::invalid(vec![e.body_text()])
    }
}

type ApiResult = Result<Response, ApiError>;

fn now() -> i64 {
    crate::now()
}

/// Every `/api/v1` route, each mounted and documented by the same `routes!` call. Mount the
/// result's router with [`Document`] as an extension (`/api/v1/openapi.json` serves it).
pub fn routes() -> OpenApiRouter<Renfort> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(openapi))
        .routes(routes!(stats::stats))
        .routes(routes!(journal::journal))
        .routes(routes!(moderation::queue))
        .routes(routes!(moderation::moderate))
        .routes(routes!(
            structures::list_structures,
            structures::create_structure
        ))
        .routes(routes!(
            structures::get_structure,
            structures::update_structure
        ))
        .routes(routes!(participations::participations))
        .routes(routes!(missions::list_missions, missions::create_mission))
        .routes(routes!(
            missions::get_mission,
            missions::update_mission,
            missions::cancel_mission
        ))
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
