//! MRP through the state machine: accepting and rejecting lines, commands and their
//! validation, net change, the MRP card, ATP, consequences and look-ahead warnings.

use std::collections::BTreeSet;
use takt_engine::model::{Customer, Flexibility, Item, PurchaseOrder, SalesLine, SalesOrder};
use takt_engine::mrp::atp::{atp_table, look_ahead_warnings, po_change_consequences};
use takt_engine::mrp::card::mrp_card;
use takt_engine::mrp::{
    AtpRequest, Demand, DemandSource, Forecast, MrpCommand, Period, PlanningParams, Policy,
    atp_check, plan_all, plan_item, plan_net_change,
};
use takt_engine::state::{Command, Rejection};
use takt_engine::types::{CustomerId, Day, ItemId, LocationId, PurchaseOrderId, Qty, SalesOrderId};
use takt_engine::{State, apply};

const D0: Day = Day(20_779); // 2026-11-22, a Sunday

fn item(id: &str, comparable: &[&str]) -> Item {
    Item {
        id: ItemId::new(id),
        description: id.to_owned(),
        unit: "PCS".to_owned(),
        comparable: comparable.iter().map(|c| ItemId::new(*c)).collect(),
        classifications: Default::default(),
    }
}

fn po(id: &str, item: &str, qty: i64, due: i32, flex: Flexibility) -> PurchaseOrder {
    PurchaseOrder {
        id: PurchaseOrderId::new(id),
        vendor: "V".to_owned(),
        item: ItemId::new(item),
        qty: Qty(qty),
        received: Qty::ZERO,
        due: D0.plus(due),
        flexibility: flex,
    }
}

fn sale(id: &str, lines: &[(&str, i64, i32)]) -> SalesOrder {
    SalesOrder {
        id: SalesOrderId::new(id),
        customer: CustomerId::new("C"),
        ship_to: CustomerId::new("C"),
        lines: lines
            .iter()
            .enumerate()
            .map(|(i, (it, q, d))| SalesLine {
                line: i as u32 + 1,
                item: ItemId::new(*it),
                qty: Qty(*q),
                delivered: Qty::ZERO,
                reserved: Qty::ZERO,
                shipping_date: D0.plus(*d),
                location: None,
            })
            .collect(),
    }
}

fn run(state: &mut State, cmd: Command) {
    // Every command also survives the wire.
    let json = serde_json::to_string(&cmd).expect("serialize");
    let back: Command = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, cmd);
    apply(state, cmd).unwrap_or_else(|e| panic!("{e}"));
}

fn mrp(state: &mut State, c: MrpCommand) -> Result<takt_engine::Applied, Rejection> {
    apply(state, Command::Mrp { command: c })
}

/// A: fixed reorder point 100 / qty 200, stock 150; B comparable to A with stock 500.
fn base() -> State {
    let mut st = State::default();
    run(
        &mut st,
        Command::UpsertCustomer {
            customer: Customer {
                id: CustomerId::new("C"),
                name: "C".into(),
                shipping_location: None,
            },
        },
    );
    run(
        &mut st,
        Command::UpsertItem {
            item: item("A", &["B"]),
        },
    );
    run(
        &mut st,
        Command::UpsertItem {
            item: item("B", &[]),
        },
    );
    for (it, q) in [("A", 150), ("B", 500)] {
        run(
            &mut st,
            Command::AdjustStock {
                item: ItemId::new(it),
                location: LocationId::new("MAIN"),
                delta: Qty(q),
            },
        );
    }
    let mut p = PlanningParams::new(Policy::FixedReorderQty);
    p.reorder_point = Qty(100);
    p.reorder_qty = Qty(200);
    p.lead_time_days = 5;
    p.safety_stock = Qty(10);
    run(
        &mut st,
        Command::Mrp {
            command: MrpCommand::SetPlanningParams {
                item: ItemId::new("A"),
                params: p,
            },
        },
    );
    st
}

#[test]
fn accepting_every_line_leaves_nothing_to_plan() {
    let mut st = base();
    run(
        &mut st,
        Command::PlaceSalesOrder {
            order: sale("S1", &[("A", 60, 3), ("A", 200, 20)]),
        },
    );
    run(
        &mut st,
        Command::PlacePurchaseOrder {
            order: po("P1", "A", 50, 40, Flexibility::Unlimited),
        },
    );
    let plan = plan_all(&st, D0, &[]);
    let lines: Vec<_> = plan.lines().cloned().collect();
    assert!(!lines.is_empty());
    let n_new = lines
        .iter()
        .filter(|l| l.action == takt_engine::mrp::Action::New)
        .count();
    let ids: Vec<String> = (0..n_new).map(|i| format!("NEW-{i}")).collect();
    run(
        &mut st,
        Command::Mrp {
            command: MrpCommand::AcceptLines {
                lines,
                new_ids: ids,
            },
        },
    );
    let again = plan_all(&st, D0, &[]);
    assert_eq!(
        again.lines().count(),
        0,
        "{:#?}",
        again.lines().collect::<Vec<_>>()
    );
}

#[test]
fn rejected_commands_leave_the_state_exactly_unchanged() {
    let mut st = base();
    run(
        &mut st,
        Command::PlaceSalesOrder {
            order: sale("S1", &[("A", 120, 3)]),
        },
    );
    let plan = plan_all(&st, D0, &[]);
    let lines: Vec<_> = plan.lines().cloned().collect();
    let before = st.clone();
    // Too few ids.
    let e = mrp(
        &mut st,
        MrpCommand::AcceptLines {
            lines: lines.clone(),
            new_ids: vec![],
        },
    );
    assert!(
        matches!(e, Err(Rejection::Invalid { ref field, .. }) if field == "new_ids"),
        "{e:?}"
    );
    assert_eq!(st, before);
    // Rejecting lines changes nothing.
    mrp(&mut st, MrpCommand::RejectLines { lines }).expect("reject is fine");
    assert_eq!(st, before);
    // Bad parameters name the field.
    let mut p = PlanningParams::new(Policy::LotForLot);
    p.min_order_qty = Qty(50);
    p.max_order_qty = Qty(10);
    let e = mrp(
        &mut st,
        MrpCommand::SetPlanningParams {
            item: ItemId::new("A"),
            params: p,
        },
    );
    assert!(
        matches!(e, Err(Rejection::Invalid { ref field, .. }) if field == "params.min_order_qty"),
        "{e:?}"
    );
    assert_eq!(st, before);
}

#[test]
fn accepting_a_stale_or_frozen_line_is_refused() {
    let mut st = base();
    let mut p = PlanningParams::new(Policy::LotForLot);
    p.dampener_period_days = 3; // longer than the lot accumulation period 0: adjusted
    let applied = mrp(
        &mut st,
        MrpCommand::SetPlanningParams {
            item: ItemId::new("B"),
            params: p,
        },
    )
    .expect("ok");
    assert!(
        applied
            .outcomes
            .iter()
            .any(|o| o.id == "dampener_period_days"),
        "{applied:?}"
    );
    run(
        &mut st,
        Command::PlacePurchaseOrder {
            order: po("P9", "B", 70, 4, Flexibility::Unlimited),
        },
    );
    let plan = plan_item(&st, &ItemId::new("B"), D0, &[]);
    let cancel: Vec<_> = plan.lines().cloned().collect();
    assert_eq!(cancel.len(), 1);
    assert_eq!(cancel[0].action, takt_engine::mrp::Action::Cancel);
    // Someone moves the PO in the meantime: the line is stale.
    mrp(
        &mut st,
        MrpCommand::ChangePurchaseOrder {
            id: PurchaseOrderId::new("P9"),
            due: Some(D0.plus(6)),
            qty: None,
        },
    )
    .expect("delay");
    let e = mrp(
        &mut st,
        MrpCommand::AcceptLines {
            lines: cancel,
            new_ids: vec![],
        },
    );
    assert!(matches!(e, Err(Rejection::Precondition { .. })), "{e:?}");
    // A PO with flexibility None is never part of a plan.
    run(
        &mut st,
        Command::PlacePurchaseOrder {
            order: po("P10", "B", 70, 4, Flexibility::None),
        },
    );
    let plan = plan_item(&st, &ItemId::new("B"), D0, &[]);
    assert!(plan.lines().all(|l| {
        l.supply
            .as_ref()
            .is_none_or(|s| s.to_string() != "purchase order P10")
    }));
}

#[test]
fn net_change_equals_regenerative_for_the_changed_item() {
    let mut st = base();
    let mut p = PlanningParams::new(Policy::LotForLot);
    p.rescheduling_days = 3;
    run(
        &mut st,
        Command::Mrp {
            command: MrpCommand::SetPlanningParams {
                item: ItemId::new("B"),
                params: p,
            },
        },
    );
    run(
        &mut st,
        Command::PlaceSalesOrder {
            order: sale("S1", &[("A", 80, 3), ("B", 600, 9)]),
        },
    );
    let before = plan_all(&st, D0, &[]);
    run(
        &mut st,
        Command::Mrp {
            command: MrpCommand::ChangeSalesLine {
                order: SalesOrderId::new("S1"),
                line: 2,
                qty: Some(Qty(900)),
                shipping_date: Some(D0.plus(5)),
            },
        },
    );
    let changed: BTreeSet<ItemId> = [ItemId::new("B")].into();
    let net = plan_net_change(&st, &before, &changed, D0, &[]);
    assert_eq!(net, plan_all(&st, D0, &[]));
    assert_ne!(net, before);
}

#[test]
fn extra_demands_and_forecasts_enter_the_plan() {
    let mut st = base();
    let mut p = PlanningParams::new(Policy::LotForLot);
    p.include_inventory = false;
    run(
        &mut st,
        Command::Mrp {
            command: MrpCommand::SetPlanningParams {
                item: ItemId::new("B"),
                params: p,
            },
        },
    );
    run(
        &mut st,
        Command::PlaceSalesOrder {
            order: sale("S1", &[("B", 30, 12)]),
        },
    );
    let f = Forecast {
        id: "F1".into(),
        item: ItemId::new("B"),
        start: D0.plus(10),
        end: D0.plus(20),
        qty: Qty(100),
    };
    run(
        &mut st,
        Command::Mrp {
            command: MrpCommand::SetForecast { forecast: f },
        },
    );
    let jit = Demand {
        item: ItemId::new("B"),
        day: D0.plus(2),
        qty: Qty(7),
        source: DemandSource::JitCall { id: "J1".into() },
    };
    let plan = plan_item(&st, &ItemId::new("B"), D0, &[jit]);
    let got: Vec<(i32, i64)> = plan
        .lines()
        .map(|l| (l.due.days_since(D0), l.qty.0))
        .collect();
    // JIT 7 on day 2; forecast 100 − sales 30 = 70 on day 10; the sale 30 on day 12.
    assert_eq!(got, vec![(2, 7), (10, 70), (12, 30)]);
}

#[test]
fn mrp_card_available_on_date_is_the_lowest_pin_until_the_next_delivery() {
    let mut st = base();
    let mut p = PlanningParams::new(Policy::None);
    p.safety_stock = Qty(0);
    run(
        &mut st,
        Command::Mrp {
            command: MrpCommand::SetPlanningParams {
                item: ItemId::new("B"),
                params: p,
            },
        },
    );
    run(
        &mut st,
        Command::Mrp {
            command: MrpCommand::SetSetup {
                setup: takt_engine::mrp::MrpSetup {
                    atp_period_days: 28,
                    ..Default::default()
                },
            },
        },
    );
    // Stock 500; week 2 sale 500; week 3 receipt 100; week 6 (outside ATP period) sale 50.
    run(
        &mut st,
        Command::PlaceSalesOrder {
            order: sale("S1", &[("B", 500, 8), ("B", 50, 36)]),
        },
    );
    run(
        &mut st,
        Command::PlacePurchaseOrder {
            order: po("P1", "B", 100, 15, Flexibility::Unlimited),
        },
    );
    let card = mrp_card(&st, &ItemId::new("B"), D0, D0.plus(40), Period::Week, &[]).expect("card");
    let pin: Vec<i64> = card.rows.iter().map(|r| r.pin).collect();
    let aod: Vec<i64> = card.rows.iter().map(|r| r.aod).collect();
    // Rows: [Sun 22], [23–29], [30–6], [7–13], [14–20], [21–27], [28–3].
    assert_eq!(pin, vec![500, 500, 0, 100, 100, 100, 50]);
    assert_eq!(aod, vec![0, 0, 0, 100, 100, 100, 50]);
    for r in &card.rows {
        assert_eq!(r.rq, r.s + r.g + r.amq);
        assert_eq!(r.spi, r.pin);
    }
    let csv = card.to_csv();
    assert!(
        csv.starts_with(
            "period_start,period_end,G,S,PI,SPI,AMQ,RQ,SSQ,PIN,AoD\n2026-11-22,2026-11-22,"
        ),
        "{csv}"
    );
    let json = serde_json::to_value(&card).expect("json");
    assert_eq!(json["rows"][2]["G"], -500);
}

#[test]
fn atp_promises_only_what_later_orders_in_the_atp_period_leave() {
    let mut st = base();
    run(
        &mut st,
        Command::PlaceSalesOrder {
            order: sale("S1", &[("A", 80, 10), ("A", 60, 30)]),
        },
    );
    run(
        &mut st,
        Command::PlacePurchaseOrder {
            order: po("P1", "A", 100, 20, Flexibility::Unlimited),
        },
    );
    let req = AtpRequest {
        item: ItemId::new("A"),
        qty: Qty(50),
        requested: D0.plus(3),
        as_of: D0,
    };
    let r = atp_check(&st, &req, &[]);
    // Stock 150 − 80 on day 10 = 70 is the lowest point in the ATP period (28 days).
    assert_eq!(r.available, Qty(70));
    assert!(r.can_promise);
    // Day 30 is just outside the ATP period: 170 − 60 = 110 ≥ 50, no warning.
    assert!(r.warnings.is_empty());
    let big = AtpRequest {
        qty: Qty(120),
        ..req.clone()
    };
    let r = atp_check(&st, &big, &[]);
    assert!(!r.can_promise);
    assert_eq!(r.earliest, Some(D0.plus(20))); // after the receipt: 170
    assert_eq!(
        r.alternatives
            .iter()
            .map(|a| a.item.as_str())
            .collect::<Vec<_>>(),
        vec!["B"]
    );
    assert_eq!(r.ctp_date, D0.plus(6)); // lead time 5 + default safety lead time 1
    // A big order just outside the ATP period that the plain check misses.
    run(
        &mut st,
        Command::PlaceSalesOrder {
            order: sale("S2", &[("A", 120, 31)]),
        },
    );
    let r = atp_check(&st, &req, &[]);
    assert!(r.can_promise);
    assert_eq!(r.warnings.len(), 1, "{r:?}");
    assert_eq!(r.warnings[0].day, D0.plus(31));
}

#[test]
fn atp_table_nets_negative_periods_against_earlier_ones() {
    let mut st = base();
    run(
        &mut st,
        Command::PlaceSalesOrder {
            order: sale("S1", &[("A", 30, 0), ("A", 190, 1)]),
        },
    );
    run(
        &mut st,
        Command::PlacePurchaseOrder {
            order: po("P1", "A", 40, 1, Flexibility::Unlimited),
        },
    );
    let rows = atp_table(&st, &ItemId::new("A"), D0, D0.plus(2), Period::Day, &[]);
    // Opening 150 − 30 = 120; day 1: 40 − 190 = −150 → takes 120 → 0, 0 (30 still short).
    let d: Vec<i64> = rows.iter().map(|r| r.discrete_atp).collect();
    assert_eq!(d, vec![0, 0, 0]);
    assert_eq!(rows[1].projected, -30);
}

#[test]
fn delaying_a_purchase_order_lists_the_sales_lines_it_makes_late() {
    let mut st = base();
    run(
        &mut st,
        Command::PlaceSalesOrder {
            order: sale("S1", &[("A", 100, 5), ("A", 100, 12), ("A", 20, 30)]),
        },
    );
    run(
        &mut st,
        Command::PlacePurchaseOrder {
            order: po("P1", "A", 100, 10, Flexibility::Unlimited),
        },
    );
    let late = po_change_consequences(
        &st,
        D0,
        &PurchaseOrderId::new("P1"),
        Some(D0.plus(20)),
        None,
        &[],
    );
    assert_eq!(late.len(), 1, "{late:?}");
    assert_eq!((late[0].line, late[0].covered_on), (2, Some(D0.plus(20))));
    let reduced = po_change_consequences(
        &st,
        D0,
        &PurchaseOrderId::new("P1"),
        None,
        Some(Qty(40)),
        &[],
    );
    assert_eq!(
        reduced.iter().map(|l| l.line).collect::<Vec<_>>(),
        vec![2, 3]
    );
}

#[test]
fn look_ahead_warns_about_items_reaching_the_reorder_point() {
    let mut st = base();
    run(
        &mut st,
        Command::PlaceSalesOrder {
            order: sale("S1", &[("A", 60, 18)]),
        },
    );
    let w = look_ahead_warnings(&st, D0, 21, &[]);
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].day, w[0].projected), (D0.plus(18), Qty(90)));
    assert!(look_ahead_warnings(&st, D0, 10, &[]).is_empty());
}

#[test]
fn state_round_trips_through_json_with_the_same_plan() {
    let mut st = base();
    run(
        &mut st,
        Command::PlaceSalesOrder {
            order: sale("S1", &[("A", 60, 3), ("A", 200, 20)]),
        },
    );
    let text = serde_json::to_string(&st).expect("serialize");
    let back: State = serde_json::from_str(&text).expect("deserialize");
    assert_eq!(back, st);
    assert_eq!(plan_all(&back, D0, &[]), plan_all(&st, D0, &[]));
}
