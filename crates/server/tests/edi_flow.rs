//! EDI through the real router with real EDI text: a DELJIT posted to the inbox becomes a
//! received JIT call (all or nothing, a repeated interchange is not applied twice), the call is
//! driven to goods issue and billing by ordinary pushes, and the DESADV and INVOIC the engine
//! rendered wait in the outbox until the partner acknowledges them.
#![allow(clippy::unwrap_used)] // tests: a failed setup step should stop the test

mod common;
#[path = "common/edi_fixture.rs"]
mod edi_fixture;

use common::{push_body, start};
use edi_fixture::{CALL, DELJIT, jit, lifecycle, setup};
use reqwest::Method;
use serde_json::Value;
use takt_engine::edi::{self, InboundDoc};
use takt_engine::jit::JitCommand;
use takt_engine::types::{ItemId, LocationId, Qty};

async fn post_edi(s: &common::Server, t: &str, q: &str, body: &str) -> (u16, Value) {
    let res = s
        .http
        .post(s.url(&format!("/api/v1/edi/inbound?{q}")))
        .bearer_auth(t)
        .header("content-type", "application/edifact")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn outbox(s: &common::Server, t: &str) -> Vec<Value> {
    let (status, out) = s
        .json(Method::GET, "/api/v1/edi/outbox?partner=OEM", Some(t), None)
        .await;
    assert_eq!(status, 200);
    out["messages"].as_array().unwrap().clone()
}

/// A server with the fixture's master data pushed by the planner: the server, the planner's and
/// the MES user's tokens and the push's answer.
async fn started_with_master_data() -> (common::Server, String, String, Value) {
    let s = start(false).await;
    let planner = s.login("planner").await;
    let mes = s.login("mes").await;
    let (status, r) = s
        .json(
            Method::POST,
            "/api/v1/push",
            Some(&planner),
            Some(push_body("setup", 1, &setup())),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    (s, planner, mes, r)
}

/// A partner system (or its VAN / AS2 gateway) posts just the file: the inbox files it under the
/// envelope's sender and control reference, and the customer comes from the partner profile.
#[tokio::test]
async fn a_file_posted_without_parameters_is_imported_once() {
    let (s, _planner, mes, _) = started_with_master_data().await;
    let calls = || s.state.store.read(|i| i.engine.jit.calls.len()).unwrap();
    let before = calls();

    let (status, body) = post_edi(&s, &mes, "", DELJIT).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["results"][0]["status"], "applied");
    assert_eq!(calls(), before + 1);
    // Resent after a timeout: recognised, nothing applied twice.
    let (status, body) = post_edi(&s, &mes, "", DELJIT).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["duplicate"], true);
    assert_eq!(calls(), before + 1);
    // It is filed under the envelope's sender and control reference (UNB OEMPLANT, 4711).
    let (status, body) = post_edi(&s, &mes, "partner=OEMPLANT&control_ref=4711", DELJIT).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["duplicate"], true);
    assert_eq!(calls(), before + 1);
}

#[tokio::test]
async fn deljit_in_desadv_and_invoic_out() {
    let (s, planner, mes, r) = started_with_master_data().await;
    assert!(
        r["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["status"] == "applied"),
        "{r}"
    );

    // A control reference that is not the interchange's: refused, nothing applied.
    let (status, body) = post_edi(&s, &mes, "partner=OEM&control_ref=9999", DELJIT).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["message"].as_str().unwrap().contains("4711"), "{body}");
    // Unknown partner: the receive would be refused, so nothing is applied.
    let (status, body) = post_edi(&s, &mes, "partner=NOPE&control_ref=4711", DELJIT).await;
    assert_eq!(status, 422, "{body}");
    let calls = || s.state.store.read(|i| i.engine.jit.calls.len()).unwrap();
    // Only the demo's calls (4 in each of the 11 statuses).
    assert_eq!(calls(), 44);

    let (status, body) = post_edi(&s, &mes, "partner=OEM&control_ref=4711", DELJIT).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["results"][0]["status"], "applied");
    let (status, body) = post_edi(&s, &mes, "partner=OEM&control_ref=4711", DELJIT).await;
    assert_eq!(status, 200);
    assert_eq!(body["duplicate"], true);
    let qty = s
        .state
        .store
        .read(|i| {
            i.engine.jit.calls[CALL]
                .components
                .iter()
                .map(|c| c.qty.0)
                .sum::<i64>()
        })
        .unwrap();
    assert_eq!(qty, 25);
    assert_eq!(calls(), 45);
    assert!(outbox(&s, &mes).await.is_empty());

    let (status, r) = s
        .json(
            Method::POST,
            "/api/v1/push",
            Some(&planner),
            Some(push_body("desk", 1, &lifecycle())),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert!(
        r["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["status"] == "applied"),
        "{r}"
    );
    let msgs = outbox(&s, &mes).await;
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert_eq!(msgs[0]["message_type"], "DESADV");
    let text = msgs[0]["body"].as_str().unwrap();
    let p = edi::parse(text.as_bytes()).unwrap();
    let [InboundDoc::ShippingNotice(n)] = &p.documents[..] else {
        panic!("one shipping notice: {text}")
    };
    assert_eq!(n.notice.lines.iter().map(|l| l.qty.0).sum::<i64>(), 25);
    assert_eq!(p.envelope.receiver, "OEMPLANT");

    let billing = jit(JitCommand::CreateBilling {
        calls: vec![CALL.into()],
        invoice_prefix: "INV".into(),
        invoice_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    });
    let (status, r) = s
        .json(
            Method::POST,
            "/api/v1/push",
            Some(&planner),
            Some(push_body("desk", 8, &[billing])),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let msgs = outbox(&s, &mes).await;
    assert_eq!(msgs.len(), 2);
    assert_eq!(msgs[1]["message_type"], "INVOIC");
    let p = edi::parse(msgs[1]["body"].as_str().unwrap().as_bytes()).unwrap();
    let [InboundDoc::Invoice(i)] = &p.documents[..] else {
        panic!("one invoice")
    };
    assert_eq!(i.invoice.net().0, 25 * 250);
    // Two messages, two interchange numbers.
    assert_ne!(
        msgs[0]["body"].as_str().unwrap().lines().nth(1),
        msgs[1]["body"].as_str().unwrap().lines().nth(1)
    );

    for m in &msgs {
        let ack = format!("/api/v1/edi/outbox/{}/ack", m["id"]);
        let (status, _) = s.json(Method::POST, &ack, Some(&mes), None).await;
        assert_eq!(status, 200);
    }
    assert!(outbox(&s, &mes).await.is_empty());
    // Stock: confirmed production then issued.
    let stock = s
        .state
        .store
        .read(|i| {
            i.engine
                .stock
                .get(&ItemId::new("M1"))
                .and_then(|m| m.get(&LocationId::new("JIT")))
                .copied()
                .unwrap_or_default()
        })
        .unwrap();
    assert_eq!(stock, Qty(0));
}
