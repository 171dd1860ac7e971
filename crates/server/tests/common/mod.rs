//! Test helpers: a real server on a free loopback port over a fresh SQLite file, with the demo
//! data set and one user per role, and a small JSON client.
#![allow(clippy::unwrap_used, dead_code)] // tests: a failed setup step should stop the test

use reqwest::{Client, Method, StatusCode};
use serde_json::Value;
use std::sync::OnceLock;
use takt_engine::Day;
use takt_engine::types::CustomerId;
use takt_server::auth::{Role, hash_password};
use takt_server::{AppState, app, store::Store};

pub struct Server {
    pub base: String,
    pub http: Client,
    pub dir: tempfile::TempDir,
    pub state: AppState,
}

/// The test users: name, role, customers. Every password is `pw`.
pub const USERS: &[(&str, Role, &[&str])] = &[
    ("planner", Role::Planner, &[]),
    ("sales", Role::Sales, &[]),
    ("wob", Role::Customer, &["OEM-WOB"]),
    ("lpz", Role::Customer, &["OEM-LPZ"]),
    ("mes", Role::System, &[]),
];

/// One argon2 hash for all test users (hashing is slow in debug builds).
fn pw_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| hash_password("pw").unwrap())
}

pub fn seeded_store(path: &std::path::Path) -> Store {
    let store = Store::open(path).unwrap();
    store
        .seed_demo_if_empty(Day(20_000), "2026-11-22T08:00:00Z")
        .unwrap();
    for (name, role, customers) in USERS {
        let cs: Vec<CustomerId> = customers.iter().map(|c| CustomerId::new(*c)).collect();
        store.add_user(name, *role, &cs, pw_hash(), "t").unwrap();
    }
    store
}

pub async fn start(with_dist: bool) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(&dir.path().join("takt.sqlite3"));
    let dist = if with_dist {
        let d = dir.path().join("dist");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("index.html"), "<!DOCTYPE html><title>Takt</title>").unwrap();
        std::fs::write(d.join("takt-app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
        Some(d)
    } else {
        None
    };
    let state = AppState::new(store, dist);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(state.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    Server {
        base: format!("http://{addr}"),
        http: Client::new(),
        dir,
        state,
    }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Logs in and returns the token.
    pub async fn login(&self, name: &str) -> String {
        let (status, body) = self
            .json(
                Method::POST,
                "/api/v1/login",
                None,
                Some(serde_json::json!({"name": name, "password": "pw"})),
            )
            .await;
        assert_eq!(status, 200, "login {name}: {body}");
        body["token"].as_str().unwrap().to_owned()
    }

    /// A JSON request; returns the status and the JSON body (Null when there is none).
    pub async fn json(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.http.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

pub fn adjust(item: &str, delta: i64) -> Value {
    serde_json::json!({"type": "adjust_stock", "item": item, "location": "MAIN", "delta": delta})
}

pub fn push_body(client: &str, first: u64, commands: &[Value]) -> Value {
    let cs: Vec<Value> = commands
        .iter()
        .zip(first..)
        .map(|(c, seq)| serde_json::json!({"seq": seq, "command": c}))
        .collect();
    serde_json::json!({"client_id": client, "commands": cs})
}
