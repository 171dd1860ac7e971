//! The real router on a free port with a real SQLite file: health, info, the SPA with its
//! caching headers, login, push/pull over HTTP, EDI inbox/outbox, and every kind of bad input
//! answered with the right status and a JSON error body, with nothing half-applied.
#![allow(clippy::unwrap_used)] // tests: a failed setup step should stop the test

mod common;

use common::{adjust, push_body, start};
use reqwest::Method;
use serde_json::{Value, json};

/// Stock in the warehouse MAIN (the demo's JIT production sits at location JIT).
fn main_stock(state: &takt_engine::State, item: &str) -> takt_engine::Qty {
    state
        .stock
        .get(&takt_engine::types::ItemId::new(item))
        .and_then(|m| m.get(&takt_engine::types::LocationId::new("MAIN")))
        .copied()
        .unwrap_or_default()
}

#[tokio::test]
async fn health_and_info_report_the_seeded_demo() {
    let s = start(false).await;
    let health: Value = reqwest::get(s.url("/health"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let info: Value = reqwest::get(s.url("/api/v1/info"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // The demo's six seat and interior parts plus SC-500 and FM-600 (VMI at OEM-WOB).
    assert_eq!(info["items"], 8);
    assert_eq!(info["customers"], 3);
}

#[tokio::test]
async fn spa_files_are_cached_by_hash_and_routes_fall_back_to_index() {
    let s = start(true).await;
    let wasm = reqwest::get(s.url("/takt-app-0123456789abcdef_bg.wasm"))
        .await
        .unwrap();
    assert_eq!(wasm.status(), 200);
    assert_eq!(
        wasm.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let route = reqwest::get(s.url("/planning")).await.unwrap();
    assert_eq!(route.status(), 200);
    assert_eq!(route.headers()["cache-control"], "no-cache");
    assert!(route.text().await.unwrap().contains("<title>Takt</title>"));
    // An unknown API path is a JSON 404, not the SPA's index.html.
    let (status, body) = s.json(Method::GET, "/api/v1/nope", None, None).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "not_found");
}

#[tokio::test]
async fn push_is_exactly_once_and_pull_brings_the_changes() {
    let s = start(false).await;
    let t = s.login("planner").await;
    let batch = push_body("laptop-1", 1, &[adjust("HR-100", 5), adjust("NOPE", 1)]);
    let (status, first) = s
        .json(Method::POST, "/api/v1/push", Some(&t), Some(batch.clone()))
        .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["last_applied"], 2);
    assert_eq!(first["results"][0]["status"], "applied");
    assert_eq!(first["results"][1]["status"], "rejected");
    assert_eq!(first["results"][1]["reason"]["kind"], "not_found");
    // The same push again: the recorded outcomes, nothing applied twice.
    let (status, again) = s
        .json(Method::POST, "/api/v1/push", Some(&t), Some(batch))
        .await;
    assert_eq!(status, 200);
    assert_eq!(again["results"][0]["duplicate"], true);
    assert_eq!(
        again["results"][0]["log_seq"],
        first["results"][0]["log_seq"]
    );
    assert_eq!(again["results"][1]["status"], "rejected");
    let stock = s
        .state
        .store
        .read(|i| main_stock(&i.engine, "HR-100"))
        .unwrap();
    assert_eq!(stock.0, 425);
    // A gap is refused with what the server expects.
    let (status, gap) = s
        .json(
            Method::POST,
            "/api/v1/push",
            Some(&t),
            Some(push_body("laptop-1", 5, &[adjust("HR-100", 1)])),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(gap["expected"], 3);
    // Pull everything, in pages of 4.
    let mut cursor = 0;
    let mut changes = Vec::new();
    let mut pages = 0;
    let mut rejected = Vec::new();
    loop {
        let (status, page) = s
            .json(
                Method::GET,
                &format!("/api/v1/pull?client_id=laptop-1&cursor={cursor}&limit=4"),
                Some(&t),
                None,
            )
            .await;
        assert_eq!(status, 200, "{page}");
        pages += 1;
        changes.extend(page["changes"].as_array().unwrap().clone());
        rejected.extend(page["rejected"].as_array().unwrap().clone());
        cursor = page["cursor"].as_u64().unwrap();
        if page["more"] == false {
            assert_eq!(page["last_applied"], 2);
            break;
        }
    }
    assert!(pages > 3);
    // The rejection is reported by the pull too (for a client whose push answer was lost).
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0]["seq"], 2);
    assert!(
        changes
            .iter()
            .any(|c| c["kind"] == "stock" && c["id"] == "HR-100" && c["body"]["MAIN"] == 425)
    );
    // Nothing new: an empty page at the same cursor.
    let (_, empty) = s
        .json(
            Method::GET,
            &format!("/api/v1/pull?cursor={cursor}"),
            Some(&t),
            None,
        )
        .await;
    assert_eq!(empty["changes"], json!([]));
    assert_eq!(empty["cursor"], cursor);
}

#[tokio::test]
async fn bad_input_gets_json_errors_and_changes_nothing() {
    let s = start(false).await;
    let t = s.login("planner").await;
    let before = s.state.store.read(|i| i.log_len).unwrap();
    let raw = |body: &'static str, ctype: &'static str, token: Option<String>| {
        let mut req = s
            .http
            .post(s.url("/api/v1/push"))
            .header("content-type", ctype)
            .body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    let check = |res: reqwest::Response, want: u16| async move {
        assert_eq!(res.status().as_u16(), want);
        let body: Value = res.json().await.unwrap();
        assert!(body["error"].is_string(), "{body}");
        assert!(body["message"].is_string(), "{body}");
    };
    // Malformed JSON: 400.
    check(
        raw("{\"client_id\": ", "application/json", Some(t.clone()))
            .await
            .unwrap(),
        400,
    )
    .await;
    // An unknown command type in the middle of a batch: 422, and the valid one before it is
    // not applied either.
    let unknown = r#"{"client_id":"x","commands":[
        {"seq":1,"command":{"type":"adjust_stock","item":"HR-100","location":"MAIN","delta":1}},
        {"seq":2,"command":{"type":"launch_rocket"}}]}"#;
    check(
        raw(unknown, "application/json", Some(t.clone()))
            .await
            .unwrap(),
        422,
    )
    .await;
    // Wrong content type: 415.
    check(raw("{}", "text/plain", Some(t.clone())).await.unwrap(), 415).await;
    // No token, a made-up token: 401.
    check(raw("{}", "application/json", None).await.unwrap(), 401).await;
    check(
        raw("{}", "application/json", Some("f".repeat(64)))
            .await
            .unwrap(),
        401,
    )
    .await;
    // Oversized body: 413.
    let big = format!(
        r#"{{"client_id":"x","commands":[],"pad":"{}"}}"#,
        "x".repeat(takt_server::BODY_LIMIT)
    );
    let res = s
        .http
        .post(s.url("/api/v1/push"))
        .bearer_auth(&t)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    check(res, 413).await;
    // Numbers that do not follow each other: 400. Numbering from 0: 400.
    let (status, _) = s
        .json(
            Method::POST,
            "/api/v1/push",
            Some(&t),
            Some(json!({"client_id": "x", "commands": [
                {"seq": 1, "command": adjust("HR-100", 1)},
                {"seq": 3, "command": adjust("HR-100", 1)}]})),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = s
        .json(
            Method::POST,
            "/api/v1/push",
            Some(&t),
            Some(push_body("x", 0, &[adjust("HR-100", 1)])),
        )
        .await;
    assert_eq!(status, 400);
    // Bad query: 400. Wrong password: 401.
    let (status, body) = s
        .json(Method::GET, "/api/v1/pull?cursor=abc", Some(&t), None)
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "bad_request");
    let (status, _) = s
        .json(
            Method::POST,
            "/api/v1/login",
            None,
            Some(json!({"name": "planner", "password": "wrong"})),
        )
        .await;
    assert_eq!(status, 401);
    // A wrong method: 405 with a JSON body.
    let (status, body) = s.json(Method::GET, "/api/v1/push", Some(&t), None).await;
    assert_eq!(status, 405);
    assert_eq!(body["error"], "method_not_allowed");
    // An unknown user: 401 like a wrong password. A reserved client id: 400.
    let (status, _) = s
        .json(
            Method::POST,
            "/api/v1/login",
            None,
            Some(json!({"name": "nobody", "password": "pw"})),
        )
        .await;
    assert_eq!(status, 401);
    for reserved in ["direct:mes", "edi:OEM", "demo-seed"] {
        let (status, _) = s
            .json(
                Method::POST,
                "/api/v1/push",
                Some(&t),
                Some(push_body(reserved, 1, &[adjust("HR-100", 1)])),
            )
            .await;
        assert_eq!(status, 400, "{reserved}");
    }
    // A cursor from another server: 409.
    let (status, _) = s
        .json(Method::GET, "/api/v1/pull?cursor=999999", Some(&t), None)
        .await;
    assert_eq!(status, 409);
    assert_eq!(s.state.store.read(|i| i.log_len).unwrap(), before);
    assert_eq!(
        s.state
            .store
            .read(|i| main_stock(&i.engine, "HR-100"))
            .unwrap()
            .0,
        420
    );
}

#[tokio::test]
async fn logout_ends_the_session() {
    let s = start(false).await;
    let t = s.login("sales").await;
    let (status, me) = s.json(Method::GET, "/api/v1/me", Some(&t), None).await;
    assert_eq!(status, 200);
    assert_eq!(me["role"], "sales");
    let (status, _) = s.json(Method::POST, "/api/v1/logout", Some(&t), None).await;
    assert_eq!(status, 200);
    let (status, _) = s.json(Method::GET, "/api/v1/me", Some(&t), None).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn one_shot_commands_from_a_system_user() {
    let s = start(false).await;
    let t = s.login("mes").await;
    let (status, r) = s
        .json(
            Method::POST,
            "/api/v1/commands",
            Some(&t),
            Some(adjust("AR-200", -5)),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["status"], "applied");
    assert_eq!(r["seq"], 1);
    let (status, r) = s
        .json(
            Method::POST,
            "/api/v1/commands",
            Some(&t),
            Some(adjust("XX", 1)),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(r["status"], "rejected");
    assert_eq!(r["seq"], 2);
}

async fn post_edi(s: &common::Server, t: &str, q: &str, ctype: &str, body: &str) -> (u16, Value) {
    let res = s
        .http
        .post(s.url(&format!("/api/v1/edi/inbound?{q}")))
        .bearer_auth(t)
        .header("content-type", ctype)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn edi_inbound_that_cannot_be_read_is_stored_and_refused_clearly() {
    let s = start(false).await;
    let t = s.login("mes").await;
    let msg = "UNA:+.? 'UNB+UNOC:3+OEM+SUP+261122:0800+42'UNZ+0+42'";
    let (status, body) = post_edi(
        &s,
        &t,
        "partner=OEM&control_ref=42",
        "application/edifact",
        msg,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    // OEM is not a customer of the demo data: the message is read, but nobody to apply it for.
    assert_eq!(
        body["message"],
        "expected a known customer as partner, found \"OEM\""
    );
    assert!(body["id"].as_i64().unwrap() > 0);
    let (status, _) = post_edi(
        &s,
        &t,
        "partner=OEM&control_ref=42",
        "application/json",
        msg,
    )
    .await;
    assert_eq!(status, 415);
    // Without control_ref the envelope's (42) is taken: read, and refused as above.
    let (status, body) = post_edi(&s, &t, "partner=OEM", "text/plain", msg).await;
    assert_eq!(status, 422, "{body}");
    // Without parameters a body that is no interchange cannot be filed in the inbox.
    let (status, body) = post_edi(&s, &t, "", "text/plain", "hello").await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.to_string().contains("envelope cannot be read"),
        "{body}"
    );
}

#[tokio::test]
async fn edi_inbound_with_a_codec_applies_once_and_outbox_is_fetched_and_acked() {
    fn import(bytes: &[u8]) -> Result<Vec<takt_engine::Command>, String> {
        let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
        let qty: i64 = text
            .trim()
            .parse()
            .map_err(|_| format!("not a number: {text}"))?;
        Ok(vec![serde_json::from_value(adjust("CH-400", qty)).unwrap()])
    }
    let mut s = start(false).await;
    // Rebuild the server with a codec over the same store.
    let mut state = s.state.clone();
    state.edi = std::sync::Arc::new(takt_server::edi::FnCodec(import));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    s.base = format!("http://{}", listener.local_addr().unwrap());
    let router = takt_server::app(state);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let t = s.login("mes").await;
    let (status, body) = post_edi(&s, &t, "partner=OEM&control_ref=7", "text/plain", "10").await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["results"][0]["status"], "applied");
    let (status, body) = post_edi(&s, &t, "partner=OEM&control_ref=7", "text/plain", "10").await;
    assert_eq!(status, 200);
    assert_eq!(body["duplicate"], true);
    let stock = s
        .state
        .store
        .read(|i| i.engine.stock_of(&"CH-400".into()))
        .unwrap();
    assert_eq!(stock.0, 910);
    let (status, _) = post_edi(&s, &t, "partner=OEM&control_ref=8", "text/plain", "ten").await;
    assert_eq!(status, 422);
    // A planner may post for the same partner: the partner's client is not the system user's.
    let p = s.login("planner").await;
    let (status, body) = post_edi(&s, &p, "partner=OEM&control_ref=9", "text/plain", "5").await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["results"][0]["seq"], 2);

    let id = s
        .state
        .store
        .outbox_enqueue("OEM", "DESADV", "UNH+1+DESADV:D:96A:UN'", "t")
        .unwrap();
    let (status, out) = s
        .json(
            Method::GET,
            "/api/v1/edi/outbox?partner=OEM",
            Some(&t),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(out["messages"][0]["id"], id);
    assert_eq!(out["messages"][0]["message_type"], "DESADV");
    let ack = format!("/api/v1/edi/outbox/{id}/ack");
    for _ in 0..2 {
        let (status, _) = s.json(Method::POST, &ack, Some(&t), None).await;
        assert_eq!(status, 200);
    }
    // (The demo's own messages are for OEM-WOB.)
    let (_, out) = s
        .json(
            Method::GET,
            "/api/v1/edi/outbox?partner=OEM",
            Some(&t),
            None,
        )
        .await;
    assert_eq!(out["messages"], json!([]));
    let (status, _) = s
        .json(Method::POST, "/api/v1/edi/outbox/999/ack", Some(&t), None)
        .await;
    assert_eq!(status, 404);
}
