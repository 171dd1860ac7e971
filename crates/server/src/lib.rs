//! Takt's server: a thin JSON backend. It orders, validates (by applying the same engine as
//! the browser), stores and distributes commands; it does no planning of its own.
//!
//! [`app`] builds the router apart from `main`, so tests drive it in-process.

pub mod batch;
pub mod error;
pub mod spa;
pub mod store;

use axum::extract::State as AxState;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use store::Store;

/// Shared state of the running server.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    /// The built SPA (trunk's `dist/`), served from the same origin as the API.
    pub dist: Option<PathBuf>,
}

/// The whole HTTP surface: `/health`, the versioned JSON API and the SPA.
pub fn app(state: AppState) -> Router {
    let api = Router::new().route("/info", get(info));
    let router = Router::new()
        .route("/health", get(health))
        .nest("/api/v1", api)
        .with_state(state.clone());
    match &state.dist {
        Some(dist) => router.fallback_service(spa::service(dist)),
        None => router,
    }
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

async fn info(AxState(state): AxState<AppState>) -> Result<Json<Info>, error::AppError> {
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
