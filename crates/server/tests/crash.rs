//! Crash safety of the real binary: `takt user add`, then `takt serve` on a free port while a
//! client streams pushes; the server is killed with SIGKILL mid-stream and restarted on the
//! same data directory, three times. Every push the server acknowledged is there after the
//! restart, the client resumes without a gap or a double application, and the SQLite file
//! passes `PRAGMA integrity_check`.
#![allow(clippy::unwrap_used)] // tests: a failed setup step should stop the test

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

const TAKT: &str = env!("CARGO_BIN_EXE_takt");

/// Starts `takt serve` and returns the child and its base URL, read from its first line.
fn serve(data: &Path) -> (Child, String) {
    serve_with(data, &["--no-demo"])
}

#[allow(clippy::zombie_processes)] // the caller kills and waits for the child it gets back
fn serve_with(data: &Path, extra: &[&str]) -> (Child, String) {
    let mut child = Command::new(TAKT)
        .args(["serve", "--port", "0"])
        .args(extra)
        .arg("--data-dir")
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "takt serve ended");
        if let Some(rest) = line.split("serving on ").nth(1) {
            let url = rest.split_whitespace().next().unwrap().to_owned();
            // Keep draining stdout so the child never blocks on a full pipe.
            std::thread::spawn(move || for _ in out.lines() {});
            return (child, url);
        }
    }
}

fn item(n: u64) -> Value {
    json!({"type": "upsert_item", "item": {"id": format!("CRASH-{n}"), "description": "x", "unit": "PCS"}})
}

/// Pushes batches of 3 from `next` on until the server goes away; records the highest
/// acknowledged number.
async fn stream(
    http: reqwest::Client,
    url: String,
    token: String,
    next: u64,
    acked: Arc<AtomicU64>,
) {
    let mut next = next;
    loop {
        let commands: Vec<Value> = (next..next + 3)
            .map(|seq| json!({"seq": seq, "command": item(seq)}))
            .collect();
        let res = http
            .post(format!("{url}/api/v1/push"))
            .bearer_auth(&token)
            .json(&json!({"client_id": "crash-client", "commands": commands}))
            .send()
            .await;
        let Ok(res) = res else { return };
        if res.status() != 200 {
            return;
        }
        let Ok(body) = res.json::<Value>().await else {
            return;
        };
        let last = body["last_applied"].as_u64().unwrap();
        acked.fetch_max(last, Ordering::SeqCst);
        next = last + 1;
    }
}

#[test]
fn acknowledged_pushes_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut add = Command::new(TAKT)
        .args([
            "user",
            "add",
            "--name",
            "mes",
            "--role",
            "system",
            "--password-stdin",
            "--data-dir",
        ])
        .arg(&data)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    add.stdin.take().unwrap().write_all(b"pw\n").unwrap();
    assert!(add.wait().unwrap().success());

    let rt = tokio::runtime::Runtime::new().unwrap();
    let http = reqwest::Client::new();
    let (mut child, url) = serve(&data);
    let token: String = rt.block_on(async {
        let r: Value = http
            .post(format!("{url}/api/v1/login"))
            .json(&json!({"name": "mes", "password": "pw"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        r["token"].as_str().unwrap().to_owned()
    });
    let acked = Arc::new(AtomicU64::new(0));
    let mut url = url;
    for round in 1..=3u64 {
        let from = acked.load(Ordering::SeqCst) + 1;
        let task = rt.spawn(stream(
            http.clone(),
            url.clone(),
            token.clone(),
            from,
            acked.clone(),
        ));
        // Kill once this round's pushes are well under way, with more in flight.
        while acked.load(Ordering::SeqCst) < round * 150 {
            assert!(
                !task.is_finished(),
                "the push stream stopped before the kill"
            );
            std::thread::yield_now();
        }
        child.kill().unwrap();
        child.wait().unwrap();
        rt.block_on(task).unwrap();
        let acked_before = acked.load(Ordering::SeqCst);

        (child, url) = serve(&data);
        // The session survived the restart; the server has every acknowledged command, and
        // perhaps a few more whose answer the kill cut off.
        let last: u64 = rt.block_on(async {
            let page: Value = http
                .get(format!(
                    "{url}/api/v1/pull?client_id=crash-client&cursor=0&limit=50000"
                ))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let ids: std::collections::BTreeSet<String> = page["changes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_str().unwrap().to_owned())
                .collect();
            let last = page["last_applied"].as_u64().unwrap();
            assert!(
                last >= acked_before,
                "acknowledged {acked_before}, server has {last}"
            );
            for n in 1..=last {
                assert!(ids.contains(&format!("CRASH-{n}")), "CRASH-{n} lost");
            }
            assert_eq!(ids.len() as u64, last);
            last
        });
        // The client resumes from what it knows was acknowledged: the server answers the
        // overlap as duplicates and accepts the rest, no gap.
        rt.block_on(async {
            let seq = acked_before + 1;
            let res: Value = http
                .post(format!("{url}/api/v1/push"))
                .bearer_auth(&token)
                .json(&json!({"client_id": "crash-client",
                    "commands": [{"seq": seq, "command": item(seq)}]}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(
                res["last_applied"].as_u64().unwrap(),
                last.max(seq),
                "{res}"
            );
            acked.fetch_max(last.max(seq), Ordering::SeqCst);
        });
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let conn = rusqlite::Connection::open(data.join("takt.sqlite3")).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let (n, max): (i64, i64) = conn
        .query_row(
            "SELECT count(*), max(client_seq) FROM commands WHERE client_id = 'crash-client'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(n, max, "every number once");
    assert!(n as u64 >= acked.load(Ordering::SeqCst));
}

#[test]
fn the_demo_has_one_user_per_role_and_the_customer_sees_only_its_orders() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url) = serve_with(dir.path(), &[]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let http = reqwest::Client::new();
    rt.block_on(async {
        for (name, role) in [
            ("planner", "planner"),
            ("sales", "sales"),
            ("customer", "customer"),
            ("mes", "system"),
        ] {
            let r: Value = http
                .post(format!("{url}/api/v1/login"))
                .json(&json!({"name": name, "password": name}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(r["user"]["role"], role, "{r}");
            if name == "customer" {
                let page: Value = http
                    .get(format!("{url}/api/v1/pull?cursor=0"))
                    .bearer_auth(r["token"].as_str().unwrap())
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                let orders: Vec<&Value> = page["changes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|c| c["kind"] == "sales_order")
                    .collect();
                assert_eq!(orders.len(), 2);
                assert!(orders.iter().all(|o| o["body"]["customer"] == "OEM-WOB"));
            }
        }
    });
    child.kill().unwrap();
    child.wait().unwrap();
}
