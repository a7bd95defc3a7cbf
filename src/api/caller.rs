//! The caller of an API request, from its bearer token. The console will produce the same
//! [`Principal`] from its session cookie; the scope rules are the principal's, not this
//! file's.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use renfort_core::principal::Principal;
use renfort_core::service::Renfort;

use super::ApiError;
use super::schema::ErrorCode;

/// Who calls: a handler taking a `Caller` runs only for a known, unrevoked, unexpired token;
/// any other request is answered 401 with the API's JSON error before the handler runs.
pub struct Caller(pub Principal);

impl std::ops::Deref for Caller {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.0
    }
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, message)
}

impl FromRequestParts<Renfort> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Renfort) -> Result<Caller, ApiError> {
        let token = parts
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or("");
        if token.is_empty() {
            return Err(unauthorized("bearer token required"));
        }
        app.store
            .principal(token, super::now())
            .await?
            .map(Caller)
            .ok_or_else(|| unauthorized("unknown, revoked or expired token"))
    }
}
