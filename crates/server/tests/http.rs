//! The real router on a free port with a real SQLite file: health, info and the SPA with its
//! caching headers and client-side-route fallback.
#![allow(clippy::unwrap_used)] // tests: a failed setup step should stop the test

use std::sync::Arc;
use takt_engine::Day;
use takt_server::{AppState, app, store::Store};

struct Server {
    base: String,
    _dir: tempfile::TempDir,
}

async fn start(with_dist: bool) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("takt.sqlite3")).unwrap();
    store
        .seed_demo_if_empty(Day(20_000), "2026-11-22T08:00:00Z")
        .unwrap();
    let dist = if with_dist {
        let d = dir.path().join("dist");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("index.html"), "<!DOCTYPE html><title>Takt</title>").unwrap();
        std::fs::write(d.join("takt-app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
        Some(d)
    } else {
        None
    };
    let state = AppState {
        store: Arc::new(store),
        dist,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(state)).await.unwrap() });
    Server {
        base: format!("http://{addr}"),
        _dir: dir,
    }
}

#[tokio::test]
async fn health_and_info_report_the_seeded_demo() {
    let s = start(false).await;
    let health: serde_json::Value = reqwest::get(format!("{}/health", s.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let info: serde_json::Value = reqwest::get(format!("{}/api/v1/info", s.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["items"], 6);
    assert_eq!(info["customers"], 3);
}

#[tokio::test]
async fn spa_files_are_cached_by_hash_and_routes_fall_back_to_index() {
    let s = start(true).await;
    let wasm = reqwest::get(format!("{}/takt-app-0123456789abcdef_bg.wasm", s.base))
        .await
        .unwrap();
    assert_eq!(wasm.status(), 200);
    assert_eq!(
        wasm.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let route = reqwest::get(format!("{}/planning", s.base)).await.unwrap();
    assert_eq!(route.status(), 200);
    assert_eq!(route.headers()["cache-control"], "no-cache");
    assert!(route.text().await.unwrap().contains("<title>Takt</title>"));
}
