//! EDI through the real router with real EDI text: a DELJIT posted to the inbox becomes a
//! received JIT call (all or nothing, a repeated interchange is not applied twice), the call is
//! driven to goods issue and billing by ordinary pushes, and the DESADV and INVOIC the engine
//! rendered wait in the outbox until the partner acknowledges them.
#![allow(clippy::unwrap_used)] // tests: a failed setup step should stop the test

mod common;

use common::{push_body, start};
use reqwest::Method;
use serde_json::Value;
use takt_engine::Command;
use takt_engine::edi::{self, AsnFormat, EdiCommand, InboundDoc, InvoiceFormat, PartnerProfile};
use takt_engine::jit::JitCommand;
use takt_engine::jit::model::{LeadTimes, PackingSpec, Price};
use takt_engine::model::{Customer, Item};
use takt_engine::types::{CustomerId, ItemId, LocationId, Qty};

const DELJIT: &str = include_str!("../../engine/tests/data/edi/deljit_oem.edi");
const CALL: &str = "EDI-OEMPLANT-4711-001";

fn c(cmd: Command) -> Value {
    serde_json::to_value(cmd).unwrap()
}

fn jit(cmd: JitCommand) -> Value {
    c(Command::Jit { command: cmd })
}

fn setup() -> Vec<Value> {
    let oem = CustomerId::new("OEM");
    vec![
        c(Command::UpsertCustomer {
            customer: Customer {
                id: oem.clone(),
                name: "OEM plant".into(),
                shipping_location: None,
            },
        }),
        c(Command::UpsertItem {
            item: Item {
                id: ItemId::new("M1"),
                description: "Bracket".into(),
                unit: "PCS".into(),
                comparable: vec![],
                classifications: Default::default(),
            },
        }),
        jit(JitCommand::MapCustomerMaterial {
            customer: oem.clone(),
            customer_material: "C-M1".into(),
            material: ItemId::new("M1"),
        }),
        jit(JitCommand::MapCustomerMaterial {
            customer: oem.clone(),
            customer_material: "C-X".into(),
            material: ItemId::new("M1"),
        }),
        jit(JitCommand::SetPackingSpec {
            material: ItemId::new("M1"),
            spec: PackingSpec {
                container: "KLT".into(),
                qty_per_container: Qty(10),
                rack: "RACK".into(),
                containers_per_rack: 2,
            },
        }),
        jit(JitCommand::SetPrice {
            customer: oem.clone(),
            material: ItemId::new("M1"),
            price: Price {
                unit_price_cents: 250,
                per: 1,
                currency: "EUR".into(),
            },
        }),
        jit(JitCommand::SetLeadTimes {
            customer: None,
            lead_times: LeadTimes {
                production_minutes: 60,
                packing_minutes: 30,
                transit_minutes: 60,
            },
        }),
        c(Command::Edi {
            command: EdiCommand::SetPartnerProfile {
                profile: PartnerProfile {
                    customer: oem,
                    ..edi::synth::profile(AsnFormat::Desadv, InvoiceFormat::Invoic)
                },
            },
        }),
    ]
}

fn lifecycle() -> Vec<Value> {
    let calls = vec![CALL.to_owned()];
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap();
    vec![
        jit(JitCommand::ReleaseToProduction {
            calls: calls.clone(),
        }),
        jit(JitCommand::ConfirmProduction {
            calls: calls.clone(),
        }),
        jit(JitCommand::ReleaseForPacking {
            calls: calls.clone(),
        }),
        jit(JitCommand::Pack {
            calls: calls.clone(),
            sscc: takt_engine::jit::SsccRange {
                extension_digit: 0,
                company_prefix: "4012345".into(),
                serial_from: 1,
                serial_to: 999,
            },
        }),
        jit(JitCommand::CreateDeliveries {
            calls: calls.clone(),
            delivery_prefix: "D".into(),
        }),
        jit(JitCommand::Pick {
            calls: calls.clone(),
        }),
        jit(JitCommand::PostGoodsIssue {
            calls: calls.clone(),
            posted_at: at,
        }),
    ]
}

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

#[tokio::test]
async fn deljit_in_desadv_and_invoic_out() {
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
    assert!(
        s.state
            .store
            .read(|i| i.engine.jit.calls.is_empty())
            .unwrap()
    );

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
        calls: vec![CALL.to_owned()],
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
