//! JIT lifecycle: every transition and its rejections, reprocessing, customer changes, both
//! reorder cases, delivery split, the external warehouse and cancellation after each step.

mod jit_common;

use jit_common::*;
use takt_engine::jit::documents::sscc_is_valid;
use takt_engine::jit::model::{
    CallKind, CallStatus, ComponentStatus, PostingFailure, WarehouseStatus,
};
use takt_engine::jit::monitor::{AlertKind, monitor};
use takt_engine::jit::{JitCommand, NewCall, mrp_demands};
use takt_engine::state::{Command, Rejection, State};
use takt_engine::types::{CustomerId, Day, ItemId, Qty};

fn two_summarized() -> State {
    let mut s = fixture();
    receive(
        &mut s,
        "S1",
        summarized(
            "E1",
            at(23, 8, 0),
            vec![comp(10, "C-M1", 25), comp(20, "C-M2", 3)],
        ),
    );
    receive(
        &mut s,
        "S2",
        summarized("E2", at(23, 9, 0), vec![comp(10, "C-M1", 5)]),
    );
    s
}

#[test]
fn summarized_calls_run_from_receipt_to_completion() {
    let mut s = two_summarized();
    let calls = ids(&["S1", "S2"]);
    assert_eq!(s.jit.calls["S1"].status, CallStatus::Received);
    assert_eq!(
        s.jit.calls["S1"].components[0].material,
        Some(ItemId::new("M1"))
    );

    ok(
        &mut s,
        JitCommand::ReleaseToProduction {
            calls: calls.clone(),
        },
    );
    let c = &s.jit.calls["S1"].components[0];
    assert_eq!(c.production_group.as_deref(), Some("M1/A1/2026-11-23"));

    let a = ok(
        &mut s,
        JitCommand::ConfirmProduction {
            calls: calls.clone(),
        },
    );
    assert!(a.outcomes.iter().all(|o| o.ok));
    assert_eq!(
        (stock(&s, "M1"), stock(&s, "M2"), stock(&s, "RAW")),
        (Qty(30), Qty(3), Qty(97))
    );
    assert_eq!(s.jit.calls["S1"].status, CallStatus::ProductionConfirmed);

    ok(
        &mut s,
        JitCommand::ReleaseForPacking {
            calls: calls.clone(),
        },
    );
    let mut d = Driver::default();
    ok(
        &mut s,
        JitCommand::Pack {
            calls: calls.clone(),
            sscc: d.sscc(),
        },
    );
    // M1 25 → 10+10+5 in 2 racks, M2 3 → 3 containers in 2 racks, S2 M1 5 → 1 in 1 rack.
    assert_eq!(s.jit.handling_units.len(), 12);
    assert!(s.jit.handling_units.keys().all(|k| sscc_is_valid(k)));
    let c = &s.jit.calls["S1"].components[0];
    let qtys: Vec<i64> = c
        .handling_units
        .iter()
        .map(|h| s.jit.handling_units[h].contents[0].qty.0)
        .collect();
    assert_eq!(qtys, vec![10, 10, 5]);
    let parent = s.jit.handling_units[&c.handling_units[0]]
        .parent
        .clone()
        .unwrap();
    assert_eq!(s.jit.handling_units[&parent].children.len(), 2);
    assert_eq!(s.jit.handling_units[&parent].packaging_material, "RACK");

    ok(
        &mut s,
        JitCommand::CreateDeliveries {
            calls: calls.clone(),
            delivery_prefix: "D".into(),
        },
    );
    assert_eq!(
        s.jit.deliveries.len(),
        1,
        "same ship-to, unloading point and day: one delivery"
    );
    let del = &s.jit.deliveries["D00001"];
    assert_eq!(del.calls, calls);
    assert_eq!(del.shipping_date, at(23, 0, 0).date());

    ok(
        &mut s,
        JitCommand::Pick {
            calls: calls.clone(),
        },
    );
    ok(
        &mut s,
        JitCommand::PostGoodsIssue {
            calls: ids(&["S1"]),
            posted_at: at(23, 6, 0),
        },
    );
    // Goods issue covers the whole delivery, S2 included.
    assert_eq!(s.jit.calls["S2"].status, CallStatus::GoodsIssued);
    assert_eq!((stock(&s, "M1"), stock(&s, "M2")), (Qty(0), Qty(0)));
    let asn = &s.jit.shipping_notices["D00001"];
    assert_eq!(asn.items.len(), 3);
    assert_eq!(asn.packages.len(), 12);
    assert_eq!(asn.total_qty, Qty(33));
    assert_eq!(asn.items[1].customer_material, "C-M2");
    assert_eq!(asn.expected_arrival, at(23, 7, 0));
    assert!(asn.packages[0].parent.is_none() && asn.packages[1].parent.is_some());
    let line2: i64 = asn
        .packages
        .iter()
        .flat_map(|p| &p.contents)
        .filter(|c| c.item_line == 2)
        .map(|c| c.qty.0)
        .sum();
    assert_eq!(line2, 3);

    ok(
        &mut s,
        JitCommand::CreateBilling {
            calls: calls.clone(),
            invoice_prefix: "INV".into(),
            invoice_date: at(23, 0, 0).date(),
        },
    );
    let inv = &s.jit.invoices["INV00001"];
    let nets: Vec<i64> = inv.lines.iter().map(|l| l.net_cents).collect();
    // 25 × 2.50; 3 × 12.34/10 = 3.702 → 3.70; 5 × 2.50.
    assert_eq!(nets, vec![6250, 370, 1250]);
    assert_eq!(
        (inv.net_cents, inv.tax_cents, inv.total_cents),
        (7870, 1495, 9365)
    );
    assert_eq!(inv.currency, "EUR");
    assert_eq!(s.jit.calls["S1"].status, CallStatus::Billed);

    ok(&mut s, JitCommand::Complete { calls });
    assert!(
        s.jit
            .calls
            .values()
            .all(|c| c.status == CallStatus::Completed)
    );
    assert!(mrp_demands(&s).is_empty());
}

#[test]
fn sequenced_deliveries_follow_the_sequence_and_split_by_rack() {
    let mut s = fixture();
    for seq in [3u64, 1, 5, 2, 4] {
        receive(
            &mut s,
            &format!("Q{seq}"),
            sequenced(&format!("E{seq}"), seq, at(23, 10, seq as u32)),
        );
    }
    let calls: Vec<&str> = vec!["Q3", "Q1", "Q5", "Q2", "Q4"];
    let mut d = Driver::default();
    ok(
        &mut s,
        JitCommand::ReleaseToProduction { calls: ids(&calls) },
    );
    // Package units: racks of 2 vehicles.
    assert_eq!(
        s.jit.calls["Q3"].components[0].production_group.as_deref(),
        Some("OEM/L1/PU1")
    );
    d.drive(&mut s, &calls, CallStatus::Packed);
    // Racks filled in sequence order: (1,2), (3,4), (5).
    let rack_of = |id: &str| {
        let hu = &s.jit.calls[id].components[0].handling_units[0];
        s.jit.handling_units[hu].parent.clone().unwrap()
    };
    assert_eq!(rack_of("Q1"), rack_of("Q2"));
    assert_eq!(rack_of("Q3"), rack_of("Q4"));
    assert_ne!(rack_of("Q2"), rack_of("Q3"));
    ok(
        &mut s,
        JitCommand::CreateDeliveries {
            calls: ids(&calls),
            delivery_prefix: "SEQ".into(),
        },
    );
    let got: Vec<Vec<String>> = s
        .jit
        .deliveries
        .values()
        .map(|d| d.calls.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        got,
        vec![ids(&["Q1", "Q2"]), ids(&["Q3", "Q4"]), ids(&["Q5"])]
    );
}

#[test]
fn every_step_rejects_a_call_in_the_wrong_status() {
    let mut d = Driver::default();
    let statuses = [
        CallStatus::Received,
        CallStatus::ReleasedToProduction,
        CallStatus::ProductionConfirmed,
        CallStatus::ReleasedForPacking,
        CallStatus::Packed,
        CallStatus::DeliveryCreated,
        CallStatus::Picked,
        CallStatus::GoodsIssued,
        CallStatus::Billed,
        CallStatus::Completed,
    ];
    for (i, &at_status) in statuses.iter().enumerate() {
        let mut s = two_summarized();
        d.drive(&mut s, &["S1", "S2"], at_status);
        for &step_from in &statuses[..statuses.len() - 1] {
            if step_from == at_status {
                continue;
            }
            let cmd = d.step(step_from, ids(&["S1"])).unwrap();
            let kind = cmd.kind();
            let before = s.clone();
            match jit(&mut s, cmd) {
                Err(Rejection::Precondition { id, message }) => {
                    assert!(
                        id == "S1" || id.starts_with('D'),
                        "{kind} at {at_status:?}: {id}"
                    );
                    assert!(!message.is_empty());
                }
                other => panic!("{kind} on a call {at_status:?} (#{i}): {other:?}"),
            }
            assert_eq!(s, before, "{kind}: a rejection leaves the state unchanged");
        }
    }
}

#[test]
fn unknown_calls_and_bad_selections_are_rejected() {
    let mut s = two_summarized();
    let r = jit(
        &mut s,
        JitCommand::ReleaseToProduction {
            calls: ids(&["NOPE"]),
        },
    );
    assert!(matches!(r, Err(Rejection::NotFound { .. })));
    let r = jit(&mut s, JitCommand::ReleaseToProduction { calls: vec![] });
    assert!(matches!(r, Err(Rejection::Invalid { .. })));
    let r = jit(
        &mut s,
        JitCommand::ReleaseToProduction {
            calls: ids(&["S1", "S1"]),
        },
    );
    assert!(matches!(r, Err(Rejection::Invalid { .. })));
    // Mixed selection: applied, one outcome per call.
    let a = ok(
        &mut s,
        JitCommand::ReleaseToProduction {
            calls: ids(&["S1", "NOPE", "S2"]),
        },
    );
    let oks: Vec<(String, bool)> = a
        .outcomes
        .iter()
        .map(|o| (o.id.to_string(), o.ok))
        .collect();
    assert_eq!(
        oks,
        vec![
            ("S1".into(), true),
            ("NOPE".into(), false),
            ("S2".into(), true)
        ]
    );
    // All failing: a rejection naming the selection.
    let r = jit(
        &mut s,
        JitCommand::ReleaseToProduction {
            calls: ids(&["S1", "S2"]),
        },
    );
    assert!(matches!(r, Err(Rejection::Precondition { id, .. }) if id == "selection"));
}

#[test]
fn receipt_validates_the_message() {
    let mut s = fixture();
    let mut c = summarized("E1", at(23, 8, 0), vec![comp(10, "C-M1", 0)]);
    let r = jit(
        &mut s,
        JitCommand::Receive {
            calls: vec![NewCall {
                id: "X".into(),
                call: c.clone(),
            }],
        },
    );
    assert!(matches!(r, Err(Rejection::Invalid { field, .. }) if field == "components[0].qty"));
    c.components = vec![comp(10, "C-M1", 1), comp(10, "C-M2", 1)];
    let r = jit(
        &mut s,
        JitCommand::Receive {
            calls: vec![NewCall {
                id: "X".into(),
                call: c.clone(),
            }],
        },
    );
    assert!(
        matches!(r, Err(Rejection::Invalid { field, .. }) if field == "components[1].position")
    );
    c.components = vec![comp(10, "C-M1", 1)];
    c.customer = CustomerId::new("WHO");
    let r = jit(
        &mut s,
        JitCommand::Receive {
            calls: vec![NewCall {
                id: "X".into(),
                call: c.clone(),
            }],
        },
    );
    assert!(matches!(r, Err(Rejection::NotFound { .. })));
    c.customer = CustomerId::new(OEM);
    receive(&mut s, "X", c.clone());
    let mut other = c.clone();
    other.external_id = "E9".into();
    let r = jit(
        &mut s,
        JitCommand::Receive {
            calls: vec![NewCall {
                id: "X".into(),
                call: other,
            }],
        },
    );
    assert!(
        matches!(r, Err(Rejection::Precondition { .. })),
        "internal number already used"
    );
}

#[test]
fn failed_postings_are_reprocessed_by_the_supervisor() {
    let mut s = fixture();
    receive(
        &mut s,
        "F",
        summarized(
            "EF",
            at(23, 8, 0),
            vec![comp(10, "C-M1", 5), comp(20, "C-X", 2)],
        ),
    );
    assert_eq!(s.jit.calls["F"].components[1].material, None);
    ok(
        &mut s,
        JitCommand::ReleaseToProduction { calls: ids(&["F"]) },
    );
    let a = ok(&mut s, JitCommand::ConfirmProduction { calls: ids(&["F"]) });
    assert!(
        a.outcomes[0].message.contains("C-X"),
        "{}",
        a.outcomes[0].message
    );
    let call = &s.jit.calls["F"];
    assert_eq!(
        call.components[0].status,
        ComponentStatus::ProductionConfirmed
    );
    assert_eq!(call.components[1].status, ComponentStatus::PostingFailed);
    assert!(matches!(
        call.components[1].failure.as_deref(),
        Some(PostingFailure::UnknownMaterial { .. })
    ));
    assert_eq!(
        call.status,
        CallStatus::ReleasedToProduction,
        "the call waits for its components"
    );
    assert_eq!(stock(&s, "M1"), Qty(5));
    let m = monitor(&s, at(22, 0, 0));
    assert!(
        m.alerts
            .iter()
            .any(|a| matches!(a.kind, AlertKind::PostingFailed { position: 20, .. }))
    );
    assert!(
        m.alerts
            .iter()
            .any(|a| matches!(a.kind, AlertKind::UnknownMaterial { position: 20, .. }))
    );

    // Nothing left to confirm; reprocessing without a fix fails and changes nothing.
    assert!(jit(&mut s, JitCommand::ConfirmProduction { calls: ids(&["F"]) }).is_err());
    let before = s.clone();
    assert!(jit(&mut s, JitCommand::ReprocessPostings { calls: ids(&["F"]) }).is_err());
    assert_eq!(s, before);

    ok(
        &mut s,
        JitCommand::MapCustomerMaterial {
            customer: CustomerId::new(OEM),
            customer_material: "C-X".into(),
            material: ItemId::new("M2"),
        },
    );
    ok(&mut s, JitCommand::ReprocessPostings { calls: ids(&["F"]) });
    let call = &s.jit.calls["F"];
    assert_eq!(call.status, CallStatus::ProductionConfirmed);
    assert_eq!(call.components[1].material, Some(ItemId::new("M2")));
    assert_eq!((stock(&s, "M2"), stock(&s, "RAW")), (Qty(2), Qty(98)));
    assert!(jit(&mut s, JitCommand::ReprocessPostings { calls: ids(&["F"]) }).is_err());
}

#[test]
fn blocked_material_and_missing_component_stock_fail_the_posting() {
    let mut s = fixture();
    ok(
        &mut s,
        JitCommand::SetMaterialBlocked {
            material: ItemId::new("M1"),
            blocked: true,
        },
    );
    receive(
        &mut s,
        "B",
        summarized("EB", at(23, 8, 0), vec![comp(10, "C-M1", 5)]),
    );
    receive(
        &mut s,
        "R",
        summarized("ER", at(23, 8, 0), vec![comp(10, "C-M2", 150)]),
    );
    ok(
        &mut s,
        JitCommand::ReleaseToProduction {
            calls: ids(&["B", "R"]),
        },
    );
    ok(
        &mut s,
        JitCommand::ConfirmProduction {
            calls: ids(&["B", "R"]),
        },
    );
    assert!(matches!(
        s.jit.calls["B"].components[0].failure.as_deref(),
        Some(PostingFailure::BlockedMaterial { .. })
    ));
    assert!(matches!(
        s.jit.calls["R"].components[0].failure.as_deref(),
        Some(PostingFailure::MissingStock {
            needed: Qty(150),
            available: Qty(100),
            ..
        })
    ));
    assert_eq!(
        (stock(&s, "M1"), stock(&s, "M2"), stock(&s, "RAW")),
        (Qty(0), Qty(0), Qty(100))
    );
    ok(
        &mut s,
        JitCommand::SetMaterialBlocked {
            material: ItemId::new("M1"),
            blocked: false,
        },
    );
    takt_engine::state::apply(
        &mut s,
        Command::AdjustStock {
            item: ItemId::new("RAW"),
            location: loc(),
            delta: Qty(50),
        },
    )
    .unwrap();
    let a = ok(
        &mut s,
        JitCommand::ReprocessPostings {
            calls: ids(&["B", "R"]),
        },
    );
    assert!(a.outcomes.iter().all(|o| o.ok));
    assert_eq!(
        (stock(&s, "M1"), stock(&s, "M2"), stock(&s, "RAW")),
        (Qty(5), Qty(150), Qty(0))
    );
}

#[test]
fn a_new_version_replaces_the_call_before_release_and_waits_after() {
    let mut s = fixture();
    receive(
        &mut s,
        "V",
        summarized("EV", at(23, 8, 0), vec![comp(10, "C-M1", 5)]),
    );
    let mut v2 = summarized("EV", at(23, 9, 0), vec![comp(10, "C-M1", 7)]);
    v2.version = 2;
    // The internal number of a new version is ignored: the call keeps its own.
    receive(&mut s, "IGNORED", v2.clone());
    assert!(!s.jit.calls.contains_key("IGNORED"));
    assert_eq!(
        (s.jit.calls["V"].version, s.jit.calls["V"].components[0].qty),
        (2, Qty(7))
    );
    // Stale versions are refused.
    let r = jit(
        &mut s,
        JitCommand::Receive {
            calls: vec![NewCall {
                id: "V".into(),
                call: v2.clone(),
            }],
        },
    );
    assert!(matches!(r, Err(Rejection::Precondition { .. })));

    let mut d = Driver::default();
    d.drive(&mut s, &["V"], CallStatus::Packed);
    assert_eq!(stock(&s, "M1"), Qty(7));
    let mut v3 = v2.clone();
    v3.version = 3;
    v3.components = vec![comp(10, "C-M1", 9)];
    receive(&mut s, "V", v3);
    assert_eq!(
        s.jit.calls["V"].status,
        CallStatus::Packed,
        "after release the call is kept"
    );
    assert_eq!(s.jit.calls["V"].components[0].qty, Qty(7));
    let m = monitor(&s, at(22, 0, 0));
    assert!(m.alerts.iter().any(|a| matches!(
        a.kind,
        AlertKind::ChangedAfterRelease {
            version: 2,
            new_version: 3
        }
    )));

    // Dismiss once, then a version 4 is accepted: the call is reset and produced anew.
    ok(&mut s, JitCommand::DismissChange { calls: ids(&["V"]) });
    assert!(s.jit.calls["V"].pending_change.is_none());
    assert!(jit(&mut s, JitCommand::AcceptChange { calls: ids(&["V"]) }).is_err());
    let mut v4 = v2.clone();
    v4.version = 4;
    v4.components = vec![comp(10, "C-M1", 4)];
    receive(&mut s, "V", v4);
    ok(&mut s, JitCommand::AcceptChange { calls: ids(&["V"]) });
    let call = &s.jit.calls["V"];
    assert_eq!(
        (call.status, call.version, call.components[0].qty),
        (CallStatus::Received, 4, Qty(4))
    );
    assert_eq!(
        stock(&s, "M1"),
        Qty(0),
        "production of version 2 was reversed"
    );
    assert!(s.jit.handling_units.is_empty());
}

#[test]
fn reorder_before_delivery_resets_the_call() {
    let mut s = fixture();
    receive(
        &mut s,
        "R",
        summarized("ER", at(23, 8, 0), vec![comp(10, "C-M2", 4)]),
    );
    let mut d = Driver::default();
    d.drive(&mut s, &["R"], CallStatus::Packed);
    assert_eq!((stock(&s, "M2"), stock(&s, "RAW")), (Qty(4), Qty(96)));
    let a = ok(
        &mut s,
        JitCommand::Reorder {
            calls: ids(&["R"]),
            replacement_suffix: "-R".into(),
        },
    );
    assert!(a.outcomes[0].message.contains("reset"));
    let call = &s.jit.calls["R"];
    assert_eq!((call.status, call.reorder_count), (CallStatus::Received, 1));
    assert!(call.components[0].handling_units.is_empty());
    assert_eq!((stock(&s, "M2"), stock(&s, "RAW")), (Qty(0), Qty(100)));
    assert!(s.jit.handling_units.is_empty());
    // And it runs again.
    d.drive(&mut s, &["R"], CallStatus::Completed);
    // A received call has nothing to reorder.
    receive(
        &mut s,
        "N",
        summarized("EN", at(23, 8, 0), vec![comp(10, "C-M2", 1)]),
    );
    assert!(
        jit(
            &mut s,
            JitCommand::Reorder {
                calls: ids(&["N"]),
                replacement_suffix: "-R".into()
            }
        )
        .is_err()
    );
}

#[test]
fn reorder_after_delivery_creates_a_linked_replacement() {
    let mut s = fixture();
    receive(
        &mut s,
        "A",
        summarized("EA", at(23, 8, 0), vec![comp(10, "C-M1", 3)]),
    );
    let mut d = Driver::default();
    d.drive(&mut s, &["A"], CallStatus::GoodsIssued);
    ok(
        &mut s,
        JitCommand::Reorder {
            calls: ids(&["A"]),
            replacement_suffix: "-R1".into(),
        },
    );
    let orig = &s.jit.calls["A"];
    assert_eq!(
        orig.status,
        CallStatus::GoodsIssued,
        "the delivered call goes on"
    );
    assert_eq!(orig.replaced_by, ids(&["A-R1"]));
    let rep = &s.jit.calls["A-R1"];
    assert_eq!(
        (rep.status, rep.replaces.as_deref()),
        (CallStatus::Received, Some("A"))
    );
    assert_eq!(rep.components[0].qty, Qty(3));
    assert!(rep.delivery.is_none() && rep.components[0].handling_units.is_empty());
    assert!(
        jit(
            &mut s,
            JitCommand::Reorder {
                calls: ids(&["A"]),
                replacement_suffix: "-R1".into()
            }
        )
        .is_err(),
        "the replacement number exists"
    );
    d.drive(&mut s, &["A-R1"], CallStatus::Completed);
}

#[test]
fn a_delivery_split_moves_calls_to_the_new_delivery() {
    let mut s = two_summarized();
    let mut d = Driver::default();
    d.drive(&mut s, &["S1", "S2"], CallStatus::Packed);
    ok(
        &mut s,
        JitCommand::CreateDeliveries {
            calls: ids(&["S1", "S2"]),
            delivery_prefix: "D".into(),
        },
    );
    let split = |s: &mut State, calls: &[&str], new: &str| {
        jit(
            s,
            JitCommand::SplitDelivery {
                delivery: "D00001".into(),
                calls: ids(calls),
                new_delivery: new.into(),
            },
        )
    };
    assert!(
        split(&mut s, &["S1", "S2"], "D2").is_err(),
        "one call must stay"
    );
    assert!(split(&mut s, &["S3"], "D2").is_err());
    assert!(split(&mut s, &["S2"], "D00001").is_err());
    split(&mut s, &["S2"], "D2").unwrap();
    assert_eq!(s.jit.calls["S2"].delivery.as_deref(), Some("D2"));
    assert_eq!(s.jit.deliveries["D00001"].calls, ids(&["S1"]));
    assert_eq!(s.jit.deliveries["D2"].split_from.as_deref(), Some("D00001"));
    ok(
        &mut s,
        JitCommand::Pick {
            calls: ids(&["S2"]),
        },
    );
    ok(
        &mut s,
        JitCommand::PostGoodsIssue {
            calls: ids(&["S2"]),
            posted_at: at(23, 6, 0),
        },
    );
    assert_eq!(s.jit.calls["S1"].status, CallStatus::DeliveryCreated);
    assert_eq!(s.jit.shipping_notices["D2"].items.len(), 1);
    assert!(split(&mut s, &["S2"], "D3").is_err());
}

#[test]
fn goods_issue_needs_the_whole_delivery_picked() {
    let mut s = two_summarized();
    let mut d = Driver::default();
    d.drive(&mut s, &["S1", "S2"], CallStatus::DeliveryCreated);
    ok(
        &mut s,
        JitCommand::Pick {
            calls: ids(&["S1"]),
        },
    );
    let del = s.jit.calls["S1"].delivery.clone().unwrap();
    let r = jit(
        &mut s,
        JitCommand::PostGoodsIssue {
            calls: ids(&["S1"]),
            posted_at: at(23, 6, 0),
        },
    );
    assert!(matches!(r, Err(Rejection::Precondition { id, .. }) if id == del));
}

#[test]
fn the_external_warehouse_picks_and_issues_summarized_deliveries() {
    let mut s = two_summarized();
    let mut d = Driver::default();
    d.drive(&mut s, &["S1", "S2"], CallStatus::DeliveryCreated);
    let del = s.jit.calls["S1"].delivery.clone().unwrap();
    let dels = vec![del.clone()];
    assert!(
        jit(
            &mut s,
            JitCommand::ConfirmWarehousePicking {
                deliveries: dels.clone()
            }
        )
        .is_err()
    );
    ok(
        &mut s,
        JitCommand::HandOverToWarehouse {
            deliveries: dels.clone(),
            warehouse: "EWM1".into(),
        },
    );
    assert!(
        jit(
            &mut s,
            JitCommand::Pick {
                calls: ids(&["S1"])
            }
        )
        .is_err(),
        "the warehouse picks"
    );
    assert!(
        jit(
            &mut s,
            JitCommand::Cancel {
                calls: ids(&["S1"]),
                reason: "x".into()
            }
        )
        .is_err()
    );
    assert!(
        jit(
            &mut s,
            JitCommand::ConfirmWarehouseGoodsIssue {
                deliveries: dels.clone(),
                posted_at: at(23, 6, 0)
            }
        )
        .is_err(),
        "picking first"
    );
    ok(
        &mut s,
        JitCommand::ConfirmWarehousePicking {
            deliveries: dels.clone(),
        },
    );
    assert_eq!(s.jit.calls["S2"].status, CallStatus::Picked);
    assert!(
        jit(
            &mut s,
            JitCommand::PostGoodsIssue {
                calls: ids(&["S1"]),
                posted_at: at(23, 6, 0)
            }
        )
        .is_err(),
        "goods issue comes from the warehouse"
    );
    ok(
        &mut s,
        JitCommand::ConfirmWarehouseGoodsIssue {
            deliveries: dels,
            posted_at: at(23, 6, 0),
        },
    );
    assert_eq!(s.jit.calls["S1"].status, CallStatus::GoodsIssued);
    assert_eq!(
        s.jit.deliveries[del.as_str()]
            .warehouse
            .as_ref()
            .unwrap()
            .status,
        WarehouseStatus::GoodsIssued
    );
    assert!(s.jit.shipping_notices.contains_key(del.as_str()));
    assert_eq!(stock(&s, "M1"), Qty(0));

    // Sequenced deliveries stay in house.
    let mut s = fixture();
    receive(&mut s, "Q", sequenced("EQ", 1, at(23, 10, 0)));
    d.drive(&mut s, &["Q"], CallStatus::DeliveryCreated);
    let del = s.jit.calls["Q"].delivery.clone().unwrap();
    assert!(
        jit(
            &mut s,
            JitCommand::HandOverToWarehouse {
                deliveries: vec![del],
                warehouse: "EWM1".into()
            }
        )
        .is_err()
    );
}

#[test]
fn cancellation_after_each_step_undoes_it() {
    let mut d = Driver::default();
    for to in [
        CallStatus::Received,
        CallStatus::ReleasedToProduction,
        CallStatus::ProductionConfirmed,
        CallStatus::ReleasedForPacking,
        CallStatus::Packed,
        CallStatus::DeliveryCreated,
        CallStatus::Picked,
    ] {
        let mut s = two_summarized();
        let clean = s.stock.clone();
        d.drive(&mut s, &["S1", "S2"], to);
        ok(
            &mut s,
            JitCommand::Cancel {
                calls: ids(&["S1"]),
                reason: "customer cancelled".into(),
            },
        );
        let c = &s.jit.calls["S1"];
        assert_eq!(c.status, CallStatus::Cancelled, "{to:?}");
        assert!(
            c.components
                .iter()
                .all(|k| k.status == ComponentStatus::Cancelled)
        );
        assert_eq!(c.cancel_reason.as_deref(), Some("customer cancelled"));
        assert!(c.delivery.is_none());
        // Only S2's production (5 × M1) may remain.
        let s2_posted = s.jit.calls["S2"].status.holds_stock();
        assert_eq!(
            stock(&s, "M1"),
            Qty(if s2_posted { 5 } else { 0 }),
            "{to:?}"
        );
        assert_eq!(
            (stock(&s, "M2"), stock(&s, "RAW")),
            (Qty(0), clean_raw(&clean)),
            "{to:?}"
        );
        assert!(
            s.jit
                .handling_units
                .values()
                .all(|h| h.contents.iter().all(|c| c.call == "S2"))
        );
        assert!(
            s.jit
                .deliveries
                .values()
                .all(|d| !d.calls.iter().any(|c| c == "S1"))
        );
        assert!(
            jit(
                &mut s,
                JitCommand::Cancel {
                    calls: ids(&["S1"]),
                    reason: "again".into()
                }
            )
            .is_err()
        );
        // Cancelling S2 too leaves no trace of the process.
        ok(
            &mut s,
            JitCommand::Cancel {
                calls: ids(&["S2"]),
                reason: "x".into(),
            },
        );
        assert_eq!(s.stock, clean_with_zeros(&clean, &s), "{to:?}");
        assert!(
            s.jit.handling_units.is_empty() && s.jit.deliveries.is_empty(),
            "{to:?}"
        );
    }
    for to in [
        CallStatus::GoodsIssued,
        CallStatus::Billed,
        CallStatus::Completed,
    ] {
        let mut s = two_summarized();
        d.drive(&mut s, &["S1", "S2"], to);
        let r = jit(
            &mut s,
            JitCommand::Cancel {
                calls: ids(&["S1"]),
                reason: "late".into(),
            },
        );
        assert!(matches!(r, Err(Rejection::Precondition { .. })), "{to:?}");
    }
}

fn clean_raw(
    clean: &std::collections::BTreeMap<
        ItemId,
        std::collections::BTreeMap<takt_engine::types::LocationId, Qty>,
    >,
) -> Qty {
    clean[&ItemId::new("RAW")][&loc()]
}

/// The clean stock, with the zero entries postings and reversals leave behind.
fn clean_with_zeros(
    clean: &std::collections::BTreeMap<
        ItemId,
        std::collections::BTreeMap<takt_engine::types::LocationId, Qty>,
    >,
    now: &State,
) -> std::collections::BTreeMap<
    ItemId,
    std::collections::BTreeMap<takt_engine::types::LocationId, Qty>,
> {
    let mut out = clean.clone();
    for (item, per) in &now.stock {
        for (l, q) in per {
            if q.is_zero() {
                out.entry(item.clone())
                    .or_default()
                    .entry(l.clone())
                    .or_insert(Qty::ZERO);
            }
        }
    }
    out
}

#[test]
fn packing_needs_a_spec_and_a_free_sscc_range() {
    let mut s = fixture();
    receive(
        &mut s,
        "P",
        summarized("EP", at(23, 8, 0), vec![comp(10, "C-M1", 25)]),
    );
    let mut d = Driver::default();
    d.drive(&mut s, &["P"], CallStatus::ReleasedForPacking);
    let mut r = d.sscc();
    r.serial_to = r.serial_from + 2; // 3 numbers; 3 containers + 2 racks needed
    assert!(matches!(
        jit(
            &mut s,
            JitCommand::Pack {
                calls: ids(&["P"]),
                sscc: r.clone()
            }
        ),
        Err(Rejection::Invalid { .. })
    ));
    r.company_prefix = "12".into();
    assert!(
        matches!(jit(&mut s, JitCommand::Pack { calls: ids(&["P"]), sscc: r }), Err(Rejection::Invalid { field, .. }) if field == "sscc.company_prefix")
    );
    let range = d.sscc();
    ok(
        &mut s,
        JitCommand::Pack {
            calls: ids(&["P"]),
            sscc: range.clone(),
        },
    );
    receive(
        &mut s,
        "P2",
        summarized("EP2", at(23, 8, 0), vec![comp(10, "C-M1", 5)]),
    );
    d.drive(&mut s, &["P2"], CallStatus::ReleasedForPacking);
    let r = jit(
        &mut s,
        JitCommand::Pack {
            calls: ids(&["P2"]),
            sscc: range,
        },
    );
    assert!(
        matches!(r, Err(Rejection::Invalid { message, .. }) if message.contains("already used"))
    );
}

#[test]
fn container_based_calls_pack_the_containers_asked_for() {
    let mut s = fixture();
    let mut c = summarized("EC", at(23, 8, 0), vec![comp(10, "C-M1", 7)]);
    c.kind = CallKind::Summarized {
        basis: takt_engine::jit::model::SummarizedBasis::Containers,
    };
    c.components[0].containers = Some(3);
    receive(&mut s, "K", c);
    let mut d = Driver::default();
    d.drive(&mut s, &["K"], CallStatus::Packed);
    let hus = &s.jit.calls["K"].components[0].handling_units;
    let q: Vec<i64> = hus
        .iter()
        .map(|h| s.jit.handling_units[h].contents[0].qty.0)
        .collect();
    assert_eq!(q, vec![3, 2, 2]);
}

#[test]
fn billing_needs_prices() {
    let mut s = fixture();
    takt_engine::state::apply(
        &mut s,
        Command::UpsertItem {
            item: takt_engine::model::Item {
                id: ItemId::new("M3"),
                description: "no price".into(),
                unit: "PCS".into(),
                comparable: vec![],
                classifications: Default::default(),
            },
        },
    )
    .unwrap();
    ok(
        &mut s,
        JitCommand::SetPackingSpec {
            material: ItemId::new("M3"),
            spec: takt_engine::jit::model::PackingSpec {
                container: "BOX".into(),
                qty_per_container: Qty(5),
                rack: "PAL".into(),
                containers_per_rack: 4,
            },
        },
    );
    let mut c = summarized("E3", at(23, 8, 0), vec![comp(10, "X", 5)]);
    c.components[0].material = Some(ItemId::new("M3"));
    receive(&mut s, "M", c);
    let mut d = Driver::default();
    d.drive(&mut s, &["M"], CallStatus::GoodsIssued);
    let r = jit(
        &mut s,
        JitCommand::CreateBilling {
            calls: ids(&["M"]),
            invoice_prefix: "I".into(),
            invoice_date: at(23, 0, 0).date(),
        },
    );
    assert!(
        matches!(r, Err(Rejection::Precondition { message, .. }) if message.contains("no price"))
    );
}

#[test]
fn the_monitor_counts_and_raises_alerts() {
    let mut s = fixture();
    for seq in [1u64, 2, 2, 5] {
        let id = format!("Q{seq}-{}", s.jit.calls.len());
        receive(&mut s, &id, sequenced(&id, seq, at(23, 10, 0)));
    }
    receive(
        &mut s,
        "S",
        summarized("ES", at(23, 12, 0), vec![comp(10, "C-M1", 1)]),
    );
    // At 07:00 the received calls (3.5 h lead time) still make 10:00 but not at 07:31.
    let m = monitor(&s, at(23, 6, 30));
    assert!(
        !m.alerts
            .iter()
            .any(|a| matches!(a.kind, AlertKind::Late { .. }))
    );
    let m = monitor(&s, at(23, 6, 31));
    let late: Vec<_> = m
        .alerts
        .iter()
        .filter(|a| matches!(a.kind, AlertKind::Late { .. }))
        .collect();
    assert_eq!(late.len(), 4);
    assert!(matches!(
        late[0].kind,
        AlertKind::Late {
            minutes_late: 1,
            ..
        }
    ));
    assert_eq!(m.counts[&CallStatus::Received], 5);
    assert_eq!(m.counts.values().sum::<u64>(), 5);
    assert!(m.alerts.iter().any(|a| matches!(&a.kind, AlertKind::SequenceDuplicate { sequence_no: 2, calls, .. } if calls.len() == 2)));
    assert!(
        m.alerts
            .iter()
            .any(|a| matches!(a.kind, AlertKind::SequenceGap { from: 3, to: 4, .. }))
    );
    assert_eq!(m.progress.len(), 1);
    assert_eq!(m.progress[0].calls, 5);
    // A packed call only needs transit.
    let mut d = Driver::default();
    d.drive(&mut s, &["S"], CallStatus::Packed);
    let m = monitor(&s, at(23, 10, 30));
    assert!(!m.alerts.iter().any(|a| a.call.as_deref() == Some("S")));
    assert_eq!(m.progress[0].produced, 1);
}

#[test]
fn open_demand_for_mrp() {
    let mut s = two_summarized();
    receive(&mut s, "Q", sequenced("EQ", 1, at(24, 1, 0)));
    let d = mrp_demands(&s);
    let day23 = Day::ymd(2026, 11, 23).unwrap();
    // Q is required 01:00 on the 24th: production must be done 1.5 h earlier, on the 23rd.
    assert_eq!(
        d,
        vec![
            (ItemId::new("M1"), day23, Qty(25), "S1".into()),
            (ItemId::new("M1"), day23, Qty(5), "S2".into()),
            (ItemId::new("M2"), day23, Qty(1), "Q".into()),
            (ItemId::new("M2"), day23, Qty(3), "S1".into()),
        ]
    );
    ok(
        &mut s,
        JitCommand::Cancel {
            calls: ids(&["S2"]),
            reason: "x".into(),
        },
    );
    assert_eq!(mrp_demands(&s).len(), 3);
}

#[test]
fn external_systems_report_a_status() {
    let mut s = two_summarized();
    ok(
        &mut s,
        JitCommand::ReportExternalStatus {
            calls: ids(&["S1"]),
            system: "MES".into(),
            status: "in assembly".into(),
            reported_at: at(23, 5, 0),
        },
    );
    let e = s.jit.calls["S1"].external_status.as_ref().unwrap();
    assert_eq!(
        (e.system.as_str(), e.status.as_str()),
        ("MES", "in assembly")
    );
    assert_eq!(
        s.jit.calls["S1"].status,
        CallStatus::Received,
        "an external status moves nothing"
    );
}

#[test]
fn commands_and_state_round_trip_through_json() {
    let text = r#"{"type":"jit","command":{"type":"release_to_production","calls":["C1","C2"]}}"#;
    let c: Command = serde_json::from_str(text).unwrap();
    assert_eq!(
        c,
        Command::Jit {
            command: JitCommand::ReleaseToProduction {
                calls: ids(&["C1", "C2"])
            }
        }
    );
    assert_eq!(serde_json::to_string(&c).unwrap(), text);
    let mut s = two_summarized();
    Driver::default().drive(&mut s, &["S1", "S2"], CallStatus::Billed);
    let back: State = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
}
