//! The sync endpoints: `POST /push` (a client's numbered commands), `GET /pull` (changes since
//! a cursor, filtered by the user's scope) and `POST /commands` (one command from another
//! system). The wire types live in `takt_engine::sync`; docs/sync.md describes the protocol.

use crate::auth::Principal;
use crate::error::{AppError, JsonBody, QueryParams};
use crate::{AppState, blocking, now_utc};
use axum::extract::State as AxState;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use takt_engine::Command;
use takt_engine::sync::{CommandResult, PullResponse, PushRequest, PushResponse, Status};

/// Default page size of a pull.
pub const DEFAULT_PULL_LIMIT: u64 = 5_000;

/// `/push`, `/pull`, `/commands`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/push", post(push))
        .route("/pull", get(pull))
        .route("/commands", post(command))
}

async fn push(
    AxState(state): AxState<AppState>,
    who: Principal,
    JsonBody(request): JsonBody<PushRequest>,
) -> Result<Json<PushResponse>, AppError> {
    let store = state.store.clone();
    blocking(move || store.push(&who, &request, &now_utc().to_rfc3339()))
        .await
        .map(Json)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PullParams {
    #[serde(default)]
    cursor: u64,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    limit: Option<u64>,
}

async fn pull(
    AxState(state): AxState<AppState>,
    who: Principal,
    QueryParams(p): QueryParams<PullParams>,
) -> Result<Json<PullResponse>, AppError> {
    let store = state.store.clone();
    let limit = p.limit.unwrap_or(DEFAULT_PULL_LIMIT);
    if limit == 0 {
        return Err(AppError::BadRequest("limit must be at least 1".into()));
    }
    blocking(move || store.pull(&who, p.client_id.as_deref(), p.cursor, limit))
        .await
        .map(Json)
}

/// One command, applied at once: 200 with the result when applied, 422 with the result
/// (and the reason) when the engine rejected it.
async fn command(
    AxState(state): AxState<AppState>,
    who: Principal,
    JsonBody(command): JsonBody<Command>,
) -> Result<(StatusCode, Json<CommandResult>), AppError> {
    let store = state.store.clone();
    let result = blocking(move || store.push_one(&who, command, &now_utc().to_rfc3339())).await?;
    let status = match result.status {
        Status::Applied => StatusCode::OK,
        Status::Rejected => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Ok((status, Json(result)))
}
