//! Authorization: every endpoint and every command kind tried as each role (planner, sales,
//! two customers bound to different customers, a system user, and nobody), expecting exactly
//! the documented answers — including a customer trying to read another customer's data and
//! to use another user's client id. A refused request changes nothing.
#![allow(clippy::unwrap_used)] // tests: a failed setup step should stop the test

mod common;

use common::{Server, adjust, push_body, start};
use reqwest::Method;
use serde_json::{Value, json};

/// One command of each kind the engine has today.
fn commands() -> Vec<(&'static str, Value)> {
    vec![
        (
            "upsert_item",
            json!({"type": "upsert_item", "item": {"id": "AZ-1", "description": "x", "unit": "PCS"}}),
        ),
        (
            "upsert_customer",
            json!({"type": "upsert_customer", "customer": {"id": "OEM-WOB", "name": "renamed"}}),
        ),
        (
            "place_sales_order",
            json!({"type": "place_sales_order", "order": {"id": "SO-AZ", "customer": "OEM-WOB", "ship_to": "OEM-WOB",
            "lines": [{"line": 1, "item": "HR-100", "qty": 1, "shipping_date": 20010}]}}),
        ),
        (
            "place_purchase_order",
            json!({"type": "place_purchase_order", "order": {"id": "PO-AZ", "vendor": "v", "item": "HR-100", "qty": 1, "due": 20010}}),
        ),
        ("adjust_stock", adjust("HR-100", 1)),
        (
            "mrp.change_sales_line",
            json!({"type": "mrp", "command": {"type": "change_sales_line", "order": "SO-1001", "line": 10000, "qty": 250}}),
        ),
        (
            "jit.set_tax_rate",
            json!({"type": "jit", "command": {"type": "set_tax_rate", "customer": null, "tax_rate_bp": 1900}}),
        ),
        (
            "vmi.report_stock",
            json!({"type": "vmi", "command": {"type": "report_stock", "reports": [{"customer": "OEM-WOB",
            "article": "HR-100", "location": "CONSIGN-WOB", "qty": 40, "reserved": 5, "as_of": "2026-11-22T06:00:00Z"}]}}),
        ),
    ]
}

/// May this role send this kind? The expectation, written out independently of the policy.
fn allowed(user: &str, kind: &str) -> bool {
    match user {
        "planner" | "mes" => true,
        "sales" => matches!(
            kind,
            "upsert_customer" | "place_sales_order" | "mrp.change_sales_line"
        ),
        // The report is for OEM-WOB: its own customer may send it, another may not.
        "wob" => kind == "vmi.report_stock",
        _ => false,
    }
}

async fn fresh() -> (Server, Vec<(&'static str, String)>) {
    let s = start(false).await;
    let mut tokens = Vec::new();
    for (name, _, _) in common::USERS {
        tokens.push((*name, s.login(name).await));
    }
    (s, tokens)
}

#[tokio::test]
async fn every_command_kind_as_every_role() {
    let (s, tokens) = fresh().await;
    for (kind, command) in commands() {
        for (user, token) in &tokens {
            let before = s
                .state
                .store
                .read(|i| (i.log_len, i.engine.clone()))
                .unwrap();
            let (status, body) = s
                .json(
                    Method::POST,
                    "/api/v1/push",
                    Some(token),
                    Some(push_body(
                        &format!("{user}-{kind}"),
                        1,
                        std::slice::from_ref(&command),
                    )),
                )
                .await;
            let (one, one_body) = s
                .json(
                    Method::POST,
                    "/api/v1/commands",
                    Some(token),
                    Some(command.clone()),
                )
                .await;
            if allowed(user, kind) {
                // Applied, or rejected by the engine because an earlier user placed the same
                // order number — but never refused.
                assert_eq!(status, 200, "{user} {kind}: {body}");
                let r = &body["results"][0];
                assert!(
                    r["status"] == "applied" || r["reason"]["kind"] == "precondition",
                    "{user} {kind}: {body}"
                );
                assert!(one == 200 || one == 422, "{user} {kind}: {one} {one_body}");
                assert!(one_body["status"].is_string(), "{user} {kind}: {one_body}");
            } else {
                assert_eq!(status, 403, "{user} {kind}: {body}");
                assert_eq!(body["error"], "forbidden");
                assert_eq!(one, 403, "{user} {kind}: {one_body}");
                let after = s
                    .state
                    .store
                    .read(|i| (i.log_len, i.engine.clone()))
                    .unwrap();
                assert_eq!(
                    before, after,
                    "{user} {kind}: a refused command changed something"
                );
            }
        }
        let (status, _) = s
            .json(
                Method::POST,
                "/api/v1/push",
                None,
                Some(push_body("anon", 1, &[command])),
            )
            .await;
        assert_eq!(status, 401);
    }
}

fn ids(page: &Value, kind: &str) -> Vec<String> {
    page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == kind)
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn customers_read_only_their_own_customers_data() {
    let (s, tokens) = fresh().await;
    let token = |u: &str| tokens.iter().find(|(n, _)| *n == u).unwrap().1.clone();
    let pull = |t: String, q: &'static str| {
        let s = &s;
        async move {
            s.json(Method::GET, &format!("/api/v1/pull?{q}"), Some(&t), None)
                .await
        }
    };
    let (status, wob) = pull(token("wob"), "cursor=0&client_id=wob-phone").await;
    assert_eq!(status, 200);
    assert_eq!(ids(&wob, "sales_order"), ["SO-1001", "SO-1004"]);
    assert_eq!(ids(&wob, "customer"), ["OEM-WOB"]);
    // The server seeds the demo data set (crates/engine/src/demo.rs).
    let mut demo = takt_engine::State::default();
    for c in takt_engine::demo::commands(takt_engine::Day(20_000)) {
        takt_engine::apply(&mut demo, c).unwrap();
    }
    assert_eq!(
        ids(&wob, "item").len(),
        demo.items.len(),
        "items are public"
    );
    assert!(ids(&wob, "stock").is_empty());
    assert!(ids(&wob, "purchase_order").is_empty());
    let (_, lpz) = pull(token("lpz"), "cursor=0").await;
    assert_eq!(ids(&lpz, "sales_order"), ["SO-1002", "SO-1005"]);
    assert_eq!(ids(&lpz, "customer"), ["OEM-LPZ"]);
    // Our own users see everything.
    for u in ["planner", "sales", "mes"] {
        let (_, all) = pull(token(u), "cursor=0").await;
        assert_eq!(ids(&all, "sales_order").len(), 5, "{u}");
        assert_eq!(ids(&all, "stock").len(), demo.stock.len(), "{u}");
    }
    // A change to another customer's order never reaches the customer, even paged.
    let (status, _) = s
        .json(
            Method::POST,
            "/api/v1/commands",
            Some(&token("planner")),
            Some(
                json!({"type": "place_sales_order", "order": {"id": "SO-LPZ-2",
                "customer": "OEM-LPZ", "ship_to": "OEM-LPZ",
                "lines": [{"line": 1, "item": "HR-100", "qty": 1, "shipping_date": 20010}]}}),
            ),
        )
        .await;
    assert_eq!(status, 200);
    let cursor = wob["cursor"].as_u64().unwrap();
    let (_, later) = s
        .json(
            Method::GET,
            &format!("/api/v1/pull?cursor={cursor}&limit=1"),
            Some(&token("wob")),
            None,
        )
        .await;
    assert_eq!(later["changes"], json!([]));
    assert_eq!(later["more"], false);
    // Another user's client id: refused for pull and push.
    let (status, _) = s
        .json(
            Method::POST,
            "/api/v1/push",
            Some(&token("planner")),
            Some(push_body("sales-laptop", 1, &[adjust("HR-100", 1)])),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = s
        .json(
            Method::POST,
            "/api/v1/push",
            Some(&token("sales")),
            Some(push_body(
                "sales-laptop",
                2,
                &[json!({"type": "upsert_customer",
                "customer": {"id": "X", "name": "x"}})],
            )),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = s
        .json(
            Method::GET,
            "/api/v1/pull?cursor=0&client_id=sales-laptop",
            Some(&token("wob")),
            None,
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn edi_endpoints_are_for_systems_and_planners() {
    let (s, tokens) = fresh().await;
    let id = s
        .state
        .store
        .outbox_enqueue("OEM", "DESADV", "UNH'", "t")
        .unwrap();
    for (user, token) in &tokens {
        let may = matches!(*user, "planner" | "mes");
        let res = s
            .http
            .post(s.url(&format!(
                "/api/v1/edi/inbound?partner=OEM&control_ref={user}"
            )))
            .bearer_auth(token)
            .header("content-type", "application/edifact")
            .body("UNB'")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), if may { 422 } else { 403 }, "{user} inbound");
        let (status, _) = s
            .json(Method::GET, "/api/v1/edi/outbox", Some(token), None)
            .await;
        assert_eq!(status, if may { 200 } else { 403 }, "{user} outbox");
        if !may {
            let (status, _) = s
                .json(
                    Method::POST,
                    &format!("/api/v1/edi/outbox/{id}/ack"),
                    Some(token),
                    None,
                )
                .await;
            assert_eq!(status, 403, "{user} ack");
        }
    }
    for path in ["/api/v1/edi/outbox", "/api/v1/me", "/api/v1/pull"] {
        let (status, body) = s.json(Method::GET, path, None, None).await;
        assert_eq!(status, 401, "{path}");
        assert_eq!(body["error"], "unauthorized");
    }
    let (status, _) = s
        .json(
            Method::POST,
            &format!("/api/v1/edi/outbox/{id}/ack"),
            None,
            None,
        )
        .await;
    assert_eq!(status, 401);
    // The outbox message is still unacknowledged: nobody refused could ack it. (The demo's
    // goods issues and billings left 3 DESADV and 2 INVOIC for OEM-WOB there too.)
    let open = s.state.store.outbox(None, 100).unwrap();
    assert_eq!(open.len(), 6);
    assert!(open.iter().any(|m| m.id == id));
}
