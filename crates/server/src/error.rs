//! One error type for every handler, mapped to a status code and a JSON body. A 500 never
//! echoes internals: the detail goes to the server log, the client gets a reference text.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A push skipped numbers: the server expects `expected` next.
    #[error("command {got} cannot be applied before {expected}: push from {expected}")]
    SeqGap { expected: u64, got: u64 },
    #[error("internal error: {0}")]
    Internal(String),
}

#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<u64>,
}

impl AppError {
    fn status(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            AppError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            AppError::Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
            AppError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            AppError::UnsupportedMediaType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            AppError::SeqGap { .. } => (StatusCode::CONFLICT, "sequence_gap"),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status();
        let message = match &self {
            AppError::Internal(detail) => {
                eprintln!("takt: internal error: {detail}");
                "the server could not complete the request".to_owned()
            }
            other => other.to_string(),
        };
        (
            status,
            Json(ErrorBody {
                error: code,
                message,
                expected: match self {
                    AppError::SeqGap { expected, .. } => Some(expected),
                    _ => None,
                },
            }),
        )
            .into_response()
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::Internal(format!("database: {e}"))
    }
}

impl AppError {
    /// An error for a rejected extractor (axum's JSON, query and body extractors), keeping
    /// its status but answering with the JSON error body.
    pub fn from_rejection(status: StatusCode, text: String) -> AppError {
        match status {
            StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge(text),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedMediaType(text),
            StatusCode::UNPROCESSABLE_ENTITY => AppError::Unprocessable(text),
            _ => AppError::BadRequest(text),
        }
    }
}

/// `axum::Json` whose rejections (malformed JSON 400, unknown command type 422, wrong content
/// type 415, too large 413) answer with the JSON error body.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(JsonBody(v)),
            Err(r) => Err(AppError::from_rejection(r.status(), r.body_text())),
        }
    }
}

/// `axum::extract::Query` answering a bad query string with the JSON error body.
#[derive(Debug)]
pub struct QueryParams<T>(pub T);

impl<S, T> FromRequestParts<S> for QueryParams<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(QueryParams(v)),
            Err(r) => Err(AppError::BadRequest(r.body_text())),
        }
    }
}

/// The raw body (EDI messages), answering a too-large body with the JSON error body.
#[derive(Debug)]
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match Bytes::from_request(req, state).await {
            Ok(b) => Ok(RawBody(b)),
            Err(r) => Err(AppError::from_rejection(r.status(), r.body_text())),
        }
    }
}
