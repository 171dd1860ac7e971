//! EDI wired to the engine: a DELJIT becomes received JIT calls (unknown customer materials
//! included, with their alert), forecasts and stock reports become MRP and VMI commands, and a
//! call driven to goods issue and billing renders DESADV / 856 / VDA 4913 and INVOIC / 810 that
//! read back. Rendered messages also go to TAKT_EDI_OUT (for the independent validator).

#![allow(clippy::unwrap_used)]

mod jit_common;

use jit_common::*;
use takt_engine::edi::export::{self, OutKind};
use takt_engine::edi::import::{self, ImportIds, apply_all};
use takt_engine::edi::*;
use takt_engine::jit::monitor::AlertKind;
use takt_engine::jit::{CallStatus, JitCommand};
use takt_engine::mrp::DemandSource;
use takt_engine::state::{Command, State, apply};
use takt_engine::types::{CustomerId, IdStr, ItemId};
use takt_engine::{Day, Qty};

const DELJIT: &str = include_str!("data/edi/deljit_oem.edi");

fn out(name: &str, text: &str) {
    if let Ok(dir) = std::env::var("TAKT_EDI_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/{name}"), text).unwrap();
    }
}

fn profile(asn: AsnFormat, invoice: InvoiceFormat) -> PartnerProfile {
    PartnerProfile {
        customer: CustomerId::new(OEM),
        ..synth::profile(asn, invoice)
    }
}

fn with_profile(asn: AsnFormat, invoice: InvoiceFormat) -> State {
    let mut s = fixture();
    apply(
        &mut s,
        Command::Edi {
            command: EdiCommand::SetPartnerProfile {
                profile: profile(asn, invoice),
            },
        },
    )
    .unwrap();
    s
}

fn imported(s: &mut State) -> Vec<IdStr> {
    let (parsed, partner, cmds) = import::import(DELJIT.as_bytes(), s, None).unwrap();
    assert_eq!(partner, CustomerId::new(OEM), "partner from the UNB sender");
    assert_eq!(parsed.envelope.control_ref, "4711");
    apply_all(s, cmds).unwrap();
    s.jit.calls.keys().cloned().collect()
}

#[test]
fn deljit_becomes_received_calls_with_unknown_material_alert() {
    let mut s = with_profile(AsnFormat::Desadv, InvoiceFormat::Invoic);
    let calls = imported(&mut s);
    assert_eq!(calls, vec!["EDI-OEMPLANT-4711-001".to_owned()]);
    let c = &s.jit.calls[calls[0].as_str()];
    assert_eq!(c.external_id, "CALL1");
    assert_eq!(c.status, CallStatus::Received);
    assert_eq!(c.unloading_point, "G1");
    assert_eq!(c.supply_area, "A1");
    assert_eq!(c.required_at, at(24, 10, 0));
    assert_eq!(c.components.len(), 2);
    assert_eq!(c.components[0].material, Some(ItemId::new("M1")));
    assert_eq!(c.components[0].qty, Qty(20));
    assert_eq!(c.components[1].customer_material, "C-X");
    assert_eq!(c.components[1].material, None, "unmapped is still received");
    let m = takt_engine::jit::monitor(&s, at(22, 8, 0));
    assert!(
        m.alerts
            .iter()
            .any(|a| matches!(a.kind, AlertKind::UnknownMaterial { .. })),
        "{:?}",
        m.alerts
    );
    // The open call is planning demand.
    let extra = takt_engine::demand::extra_demands(&s);
    assert_eq!(extra.len(), 1, "{extra:?}");
    assert_eq!(extra[0].item, ItemId::new("M1"));
    assert_eq!(extra[0].qty, Qty(20));
    assert_eq!(
        extra[0].source,
        DemandSource::JitCall {
            id: calls[0].to_string()
        }
    );
}

#[test]
fn a_resent_call_is_the_next_version_and_a_cancel_cancels() {
    let mut s = with_profile(AsnFormat::Desadv, InvoiceFormat::Invoic);
    let calls = imported(&mut s);
    let again = DELJIT
        .replace("+4711'", "+4712'")
        .replace("C-X:IN'\nQTY+1:5", "C-X:IN'\nQTY+1:7");
    let (_, _, cmds) = import::import(again.as_bytes(), &s, None).unwrap();
    apply_all(&mut s, cmds).unwrap();
    assert_eq!(s.jit.calls.len(), 1);
    let c = &s.jit.calls[calls[0].as_str()];
    assert_eq!(c.version, 2);
    assert_eq!(c.components[1].qty, Qty(7));
    let cancel = DELJIT
        .replace("+4711'", "+4713'")
        .replace("BGM+30+CALL1+9'", "BGM+30+CALL1+1'");
    let (_, _, cmds) = import::import(cancel.as_bytes(), &s, None).unwrap();
    apply_all(&mut s, cmds).unwrap();
    assert_eq!(s.jit.calls[calls[0].as_str()].status, CallStatus::Cancelled);
}

#[test]
fn unknown_sender_and_unknown_customer_are_refused() {
    let s = fixture();
    let e = import::import(DELJIT.as_bytes(), &s, None).unwrap_err();
    assert_eq!(e.tag, "UNB");
    assert!(e.to_string().contains("OEMPLANT"), "{e}");
    let e = import::import(DELJIT.as_bytes(), &s, Some(&CustomerId::new("NOPE"))).unwrap_err();
    assert!(e.to_string().contains("NOPE"), "{e}");
    // An explicit partner works without a profile.
    let (_, p, cmds) = import::import(DELJIT.as_bytes(), &s, Some(&CustomerId::new(OEM))).unwrap();
    assert_eq!(p, CustomerId::new(OEM));
    assert_eq!(cmds.len(), 1);
}

#[test]
fn import_is_all_or_nothing() {
    let mut s = with_profile(AsnFormat::Desadv, InvoiceFormat::Invoic);
    let before = s.clone();
    let parsed = parse(DELJIT.as_bytes()).unwrap();
    // The first command is fine, the second fails: nothing stays.
    let mut cmds = import::commands_for(
        &parsed,
        &s,
        &CustomerId::new(OEM),
        &ImportIds::for_interchange(&parsed),
    )
    .unwrap();
    cmds.push(Command::Jit {
        command: JitCommand::ReleaseToProduction {
            calls: vec!["NO-SUCH-CALL".into()],
        },
    });
    let (i, _) = apply_all(&mut s, cmds).unwrap_err();
    assert_eq!(i, 1);
    assert_eq!(s, before);
}

#[test]
fn forecast_and_stock_report_become_mrp_and_vmi_commands() {
    let s = with_profile(AsnFormat::Desadv, InvoiceFormat::Invoic);
    let header = MsgHeader {
        message_type: "DELFOR".into(),
        document_number: "F1".into(),
        ..MsgHeader::default()
    };
    let d = Day::ymd(2026, 11, 30).unwrap();
    let parsed = Parsed {
        envelope: parse(DELJIT.as_bytes()).unwrap().envelope,
        documents: vec![
            InboundDoc::Forecast(ForecastMsg {
                header: header.clone(),
                schedules: vec![ForecastSchedule {
                    customer_material: "C-M2".into(),
                    our_material: None,
                    unit: "PCE".into(),
                    plant: None,
                    unloading_point: None,
                    order_ref: None,
                    schedule_no: None,
                    previous_schedule_no: None,
                    cum_received: None,
                    last_delivery: None,
                    production_release: None,
                    material_release: None,
                    lines: vec![ForecastLine {
                        period: Period::Week,
                        from: d,
                        to: d.plus(6),
                        qty: Qty(70),
                        firm: false,
                    }],
                }],
            }),
            InboundDoc::StockReport(StockReportMsg {
                header,
                as_of: Some(When::at(d, 6, 0)),
                lines: vec![StockLine {
                    customer_material: "C-M1".into(),
                    our_material: None,
                    location: Some("WH1".into()),
                    on_hand: Qty(33),
                    unit: "PCE".into(),
                }],
            }),
        ],
        warnings: vec![],
    };
    let cmds = import::commands_for(
        &parsed,
        &s,
        &CustomerId::new(OEM),
        &ImportIds::for_interchange(&parsed),
    )
    .unwrap();
    let json = serde_json::to_value(&cmds).unwrap();
    assert_eq!(json[0]["command"]["type"], "set_forecast");
    assert_eq!(json[0]["command"]["forecast"]["item"], "M2");
    assert_eq!(json[0]["command"]["forecast"]["qty"], 70);
    assert_eq!(json[0]["command"]["forecast"]["start"], d.0);
    assert_eq!(json[0]["command"]["forecast"]["end"], d.plus(7).0);
    assert_eq!(json[1]["command"]["type"], "report_stock");
    assert_eq!(json[1]["command"]["reports"][0]["article"], "M1");
    assert_eq!(json[1]["command"]["reports"][0]["qty"], 33);
    let mut s2 = s.clone();
    apply_all(&mut s2, cmds).unwrap();
    assert_eq!(s2.mrp.forecasts.len(), 1);
}

/// Drives the imported call (after mapping C-X) to billing; returns the delivery.
fn to_billing(s: &mut State) -> String {
    let calls = imported(s);
    let mut d = Driver::default();
    ok(
        s,
        JitCommand::ReleaseToProduction {
            calls: calls.clone(),
        },
    );
    ok(
        s,
        JitCommand::ConfirmProduction {
            calls: calls.clone(),
        },
    );
    assert_eq!(
        s.jit.calls[calls[0].as_str()].status,
        CallStatus::ReleasedToProduction
    );
    ok(
        s,
        JitCommand::MapCustomerMaterial {
            customer: CustomerId::new(OEM),
            customer_material: "C-X".into(),
            material: ItemId::new("M2"),
        },
    );
    ok(
        s,
        JitCommand::ReprocessPostings {
            calls: calls.clone(),
        },
    );
    for from in [
        CallStatus::ProductionConfirmed,
        CallStatus::ReleasedForPacking,
        CallStatus::Packed,
        CallStatus::DeliveryCreated,
        CallStatus::Picked,
        CallStatus::GoodsIssued,
    ] {
        assert_eq!(s.jit.calls[calls[0].as_str()].status, from);
        let cmd = d.step(from, calls.clone()).unwrap();
        ok(s, cmd);
    }
    assert_eq!(s.jit.calls[calls[0].as_str()].status, CallStatus::Billed);
    s.jit.calls[calls[0].as_str()]
        .delivery
        .clone()
        .unwrap()
        .to_string()
}

fn check_notice(s: &State, delivery: &str, text: &str) {
    let p = parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let [InboundDoc::ShippingNotice(m)] = &p.documents[..] else {
        panic!("one notice")
    };
    let n = &s.jit.shipping_notices[s.jit.deliveries[delivery].shipping_notice.as_ref().unwrap()];
    let total: i64 = m.notice.lines.iter().map(|l| l.qty.0).sum();
    assert_eq!(total, n.total_qty.0);
    if !text.starts_with("711") {
        assert_eq!(m.notice.asn_number, n.id);
    }
    let mats: std::collections::BTreeSet<&str> = m
        .notice
        .lines
        .iter()
        .map(|l| l.customer_material.as_str())
        .collect();
    assert_eq!(mats, ["C-M1", "C-X"].into_iter().collect());
}

#[test]
fn billed_call_renders_every_asn_and_invoice_format_that_reads_back() {
    for (asn, inv, tag) in [
        (AsnFormat::Desadv, InvoiceFormat::Invoic, "edifact"),
        (AsnFormat::X12_856, InvoiceFormat::X12_810, "x12"),
        (AsnFormat::Vda4913, InvoiceFormat::Invoic, "vda"),
    ] {
        let mut s = with_profile(asn, inv);
        let delivery = to_billing(&mut s);
        let prepared = When::at(Day::ymd(2026, 11, 24).unwrap(), 9, 0);
        let asn_msg =
            export::render_for_delivery(&s, OutKind::Asn, &delivery, 7, prepared).unwrap();
        check_notice(&s, &delivery, &asn_msg.body);
        let inv_msg =
            export::render_for_delivery(&s, OutKind::Invoice, &delivery, 8, prepared).unwrap();
        let p = parse(inv_msg.body.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{}", inv_msg.body));
        let [InboundDoc::Invoice(m)] = &p.documents[..] else {
            panic!("one invoice")
        };
        let i = &s.jit.invoices[s.jit.deliveries[delivery.as_str()]
            .invoice
            .as_ref()
            .unwrap()];
        assert_eq!(m.invoice.net().0, i.net_cents);
        assert_eq!(m.invoice.tax().0, i.tax_cents);
        assert_eq!(m.invoice.gross().0, i.total_cents);
        match tag {
            "edifact" => {
                assert_eq!(asn_msg.message_type, "DESADV");
                assert_eq!(inv_msg.message_type, "INVOIC");
                out("desadv_jit_billed.edi", &asn_msg.body);
                out("invoic_jit_billed.edi", &inv_msg.body);
            }
            "x12" => {
                assert_eq!(asn_msg.message_type, "856");
                assert_eq!(inv_msg.message_type, "810");
                out("x12_856_jit_billed.edi", &asn_msg.body);
                out("x12_810_jit_billed.edi", &inv_msg.body);
            }
            _ => {
                assert_eq!(asn_msg.message_type, "VDA4913");
                assert!(asn_msg.body.lines().all(|l| l.chars().count() == 128));
                out("vda4913_jit_billed.txt", &asn_msg.body);
            }
        }
        // After the goods issue and the billing commands, the engine says what to send.
        let touched = vec![
            takt_engine::state::EntityRef::new(
                takt_engine::state::EntityKind::ShippingNotice,
                asn_msg.document.clone(),
            ),
            takt_engine::state::EntityRef::new(
                takt_engine::state::EntityKind::Invoice,
                inv_msg.document.clone(),
            ),
        ];
        let sent = export::outbound_for(&s, &touched, 7, prepared).unwrap();
        assert_eq!(sent, vec![asn_msg, inv_msg]);
    }
}

#[test]
fn an_open_jit_call_is_planning_demand() {
    use takt_engine::mrp::{MrpCommand, PlanningParams, Policy};
    let mut s = with_profile(AsnFormat::Desadv, InvoiceFormat::Invoic);
    apply(
        &mut s,
        Command::Mrp {
            command: MrpCommand::SetPlanningParams {
                item: ItemId::new("M1"),
                params: PlanningParams::new(Policy::LotForLot),
            },
        },
    )
    .unwrap();
    let as_of = Day::ymd(2026, 11, 22).unwrap();
    let lines = |p: &takt_engine::mrp::Plan| p.items[&ItemId::new("M1")].lines.len();
    assert_eq!(
        lines(&takt_engine::mrp::plan_all_with_process_demand(&s, as_of)),
        0
    );
    imported(&mut s);
    // Without process demand MRP sees nothing; with it, the call's 20 pieces need supply.
    assert_eq!(lines(&takt_engine::mrp::plan_all(&s, as_of, &[])), 0);
    let plan = takt_engine::mrp::plan_all_with_process_demand(&s, as_of);
    assert_eq!(lines(&plan), 1, "{plan:?}");
    assert_eq!(plan.items[&ItemId::new("M1")].lines[0].qty, Qty(20));
}

#[test]
fn a_repeated_interchange_is_recognised_from_its_call_ids() {
    let mut s = with_profile(AsnFormat::Desadv, InvoiceFormat::Invoic);
    let parsed = parse(DELJIT.as_bytes()).unwrap();
    assert!(!import::imported_before(&s, &parsed.envelope));
    imported(&mut s);
    assert!(import::imported_before(&s, &parsed.envelope));
    // Another control reference of the same sender, and a reference that only shares a prefix
    // ("471" vs "4711"), are new.
    let mut other = parsed.envelope.clone();
    other.control_ref = "4712".into();
    assert!(!import::imported_before(&s, &other));
    other.control_ref = "471".into();
    assert!(!import::imported_before(&s, &other));
}
