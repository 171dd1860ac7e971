//! Sync end to end on loopback, against the real router and a durable SQLite file:
//! one push of 10,000 commands, one pull of the resulting 10,000+ entities, and a bounded
//! load of 200 concurrent clients polling `pull` (pulls/s and latency percentiles).
//!
//! `cargo bench -p takt-server --bench sync` (env `TAKT_BENCH_CLIENTS`, `TAKT_BENCH_PULLS`
//! override the load: clients, pulls per client).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)] // a bench measures wall time

use serde_json::{Value, json};
use std::time::{Duration, Instant};
use takt_engine::Day;
use takt_server::auth::{Role, hash_password};
use takt_server::store::Store;
use takt_server::{AppState, app};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(run());
}

async fn run() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("takt.sqlite3")).unwrap();
    store.seed_demo_if_empty(Day(20_000), "bench").unwrap();
    let hash = hash_password("pw").unwrap();
    store
        .add_user("bench", Role::Planner, &[], &hash, "bench")
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = app(AppState::new(store, None));
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{base}/api/v1/login"))
        .json(&json!({"name": "bench", "password": "pw"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"].as_str().unwrap().to_owned();

    // One push of 10,000 commands: 5,000 new items and 5,000 stock postings on them.
    let n = 10_000u64;
    let commands: Vec<Value> = (1..=n)
        .map(|seq| {
            let k = seq.div_ceil(2);
            let command = if seq % 2 == 1 {
                json!({"type": "upsert_item", "item": {"id": format!("B-{k}"), "description": "bench item", "unit": "PCS"}})
            } else {
                json!({"type": "adjust_stock", "item": format!("B-{k}"), "location": "MAIN", "delta": 7})
            };
            json!({"seq": seq, "command": command})
        })
        .collect();
    let body = serde_json::to_vec(&json!({"client_id": "bench-1", "commands": commands})).unwrap();
    let t = Instant::now();
    let res: Value = http
        .post(format!("{base}/api/v1/push"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let push = t.elapsed();
    assert_eq!(res["last_applied"], n);
    println!(
        "push: {n} commands ({} KB) in one request: {:.0} ms",
        body.len() / 1024,
        push.as_secs_f64() * 1e3
    );

    // The same push again: all duplicates, answered from the log.
    let t = Instant::now();
    let res: Value = http
        .post(format!("{base}/api/v1/push"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(res["results"][0]["duplicate"], true);
    println!(
        "repeated push of the same {n} commands: {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );

    // One pull of everything (10,000 entities and the demo's).
    let t = Instant::now();
    let page: Value = http
        .get(format!("{base}/api/v1/pull?cursor=0&limit=50000"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let pull = t.elapsed();
    let changes = page["changes"].as_array().unwrap().len();
    assert!(changes >= n as usize);
    println!(
        "pull: {changes} entities from cursor 0 in one page: {:.0} ms",
        pull.as_secs_f64() * 1e3
    );
    let head = page["cursor"].as_u64().unwrap();

    // Load: clients each polling pull, half at the head (nothing new), half for the last
    // 100 changes.
    let clients = env("TAKT_BENCH_CLIENTS", 200);
    let per_client = env("TAKT_BENCH_PULLS", 50);
    let t = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let http = http.clone();
        let url = if c % 2 == 0 {
            format!("{base}/api/v1/pull?cursor={head}")
        } else {
            format!("{base}/api/v1/pull?cursor={}", head - 100)
        };
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(per_client);
            for _ in 0..per_client {
                let t = Instant::now();
                let res = http.get(&url).bearer_auth(&token).send().await.unwrap();
                assert_eq!(res.status(), 200);
                res.bytes().await.unwrap();
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut lat = Vec::new();
    for task in tasks {
        lat.extend(task.await.unwrap());
    }
    let wall = t.elapsed();
    lat.sort();
    println!(
        "load: {clients} concurrent clients x {per_client} pulls = {} pulls in {:.2} s: \
         {:.0} pulls/s, latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        lat.len(),
        wall.as_secs_f64(),
        lat.len() as f64 / wall.as_secs_f64(),
        percentile(&lat, 0.50).as_secs_f64() * 1e3,
        percentile(&lat, 0.99).as_secs_f64() * 1e3,
        lat.last().unwrap().as_secs_f64() * 1e3
    );
}
