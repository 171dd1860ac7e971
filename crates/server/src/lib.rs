//! Takt's server: a thin JSON backend. It orders, validates (by applying the same engine as
//! the browser), stores and distributes commands; it does no planning of its own.
//!
//! [`app`] builds the router apart from `main`, so tests drive it in-process. Each module
//! contributes its routes: [`auth`] (login), [`api`] (sync), [`edi`] (inbox/outbox).

pub mod api;
pub mod auth;
pub mod batch;
pub mod edi;
pub mod error;
pub mod spa;
pub mod store;

use axum::extract::DefaultBodyLimit;
use axum::extract::State as AxState;
use axum::routing::get;
use axum::{Json, Router};
use error::AppError;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use store::Store;

/// The largest request body accepted (a push of many commands, an EDI message).
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// Shared state of the running server.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    /// The built SPA (trunk's `dist/`), served from the same origin as the API.
    pub dist: Option<PathBuf>,
    /// Reads inbound EDI messages: the engine's codecs ([`edi::EngineCodec`]).
    pub edi: Arc<dyn edi::EdiCodec>,
}

impl AppState {
    /// A server over `store`, reading EDI with the engine's codecs.
    pub fn new(store: Store, dist: Option<PathBuf>) -> AppState {
        AppState {
            store: Arc::new(store),
            dist,
            edi: Arc::new(edi::EngineCodec),
        }
    }
}

/// The whole HTTP surface: `/health`, the versioned JSON API and the SPA.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/info", get(info))
        .merge(auth::router())
        .merge(api::router())
        .merge(edi::router())
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_wrong_method)
        .layer(DefaultBodyLimit::max(BODY_LIMIT));
    let router = Router::new()
        .route("/health", get(health))
        .nest("/api/v1", api)
        .with_state(state.clone());
    match &state.dist {
        Some(dist) => router.fallback_service(spa::service(dist)),
        None => router,
    }
}

async fn api_not_found(uri: axum::http::Uri) -> AppError {
    AppError::NotFound(format!("no endpoint {}", uri.path()))
}

async fn api_wrong_method(method: axum::http::Method, uri: axum::http::Uri) -> AppError {
    AppError::MethodNotAllowed(format!("{} does not take {method}", uri.path()))
}

/// Runs blocking store work (SQLite, argon2) off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::Internal(format!("blocking task: {e}")))?
}

/// The current time; the server, not the engine, owns the clock.
#[allow(clippy::disallowed_methods)]
pub fn now_utc() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// The current time in Unix seconds (session expiry).
pub fn now_unix() -> i64 {
    now_utc().timestamp()
}

#[derive(Debug, Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

#[derive(Debug, Serialize)]
struct Info {
    version: &'static str,
    commands: u64,
    items: usize,
    customers: usize,
}

async fn info(AxState(state): AxState<AppState>) -> Result<Json<Info>, AppError> {
    let (commands, items, customers) = state
        .store
        .read(|s| (s.log_len, s.engine.items.len(), s.engine.customers.len()))?;
    Ok(Json(Info {
        version: env!("CARGO_PKG_VERSION"),
        commands,
        items,
        customers,
    }))
}
