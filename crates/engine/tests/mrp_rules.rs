//! Business Central planning rules beyond the shared conformance file: lot-for-lot
//! rescheduling / cancel / lot accumulation with existing supply, order policy, dampener,
//! inflexible orders, emergency orders, overflow, and the batch API's error reporting.

use serde_json::{Value, json};
use takt_engine::mrp::{ScenarioError, plan_case_json};

fn case(item: Value, inventory: i64, supplies: Value, demands: Value) -> String {
    let mut base = json!({
        "policy": "lot_for_lot", "reorder_point": 0, "reorder_qty": 0, "max_inventory": 0,
        "safety_stock": 0, "safety_lead_time_days": 0, "lead_time_days": 0,
        "min_order_qty": 0, "max_order_qty": 0, "order_multiple": 0, "time_bucket_days": null,
        "lot_accumulation_days": 0, "rescheduling_days": 0, "dampener_period_days": 0,
        "dampener_qty": 0, "overflow_level": 0, "include_inventory": true
    });
    for (k, v) in item.as_object().expect("object") {
        base[k] = v.clone();
    }
    json!({
        "id": "T", "item": base,
        "setup": {"default_safety_lead_time_days": 1, "respect_planning_parameters": false, "planning_start_day": 0},
        "inventory": [{"qty": inventory, "day": -5}],
        "supplies": supplies, "demands": demands,
    })
    .to_string()
}

/// (action, day, orig_qty, qty), sorted.
fn lines(case_json: &str) -> Vec<(String, i64, i64, i64)> {
    let v = plan_case_json(case_json).expect("case plans");
    let mut out: Vec<_> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|l| {
            (
                l["action"].as_str().unwrap_or("").to_owned(),
                l["day"].as_i64().unwrap_or(0),
                l["orig_qty"].as_i64().unwrap_or(0),
                l["qty"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    out.sort();
    out
}

fn l(a: &str, day: i64, orig: i64, qty: i64) -> (String, i64, i64, i64) {
    (a.to_owned(), day, orig, qty)
}

#[test]
fn lot_for_lot_reschedules_supply_within_the_rescheduling_period() {
    let c = case(
        json!({"rescheduling_days": 5}),
        0,
        json!([{"qty": 40, "day": 10}]),
        json!([{"qty": 40, "day": 7}]),
    );
    assert_eq!(lines(&c), vec![l("Reschedule", 7, 40, 40)]);
}

#[test]
fn lot_for_lot_reschedules_and_resizes_in_one_line() {
    let c = case(
        json!({"rescheduling_days": 5}),
        0,
        json!([{"qty": 40, "day": 10}]),
        json!([{"qty": 55, "day": 7}]),
    );
    assert_eq!(lines(&c), vec![l("Resched. & Chg. Qty.", 7, 40, 55)]);
}

#[test]
fn lot_for_lot_cancels_supply_outside_the_rescheduling_period_and_orders_new() {
    // PO 20 days later than the demand, rescheduling period 5: too late to move in.
    let c = case(
        json!({"rescheduling_days": 5}),
        0,
        json!([{"qty": 40, "day": 27}]),
        json!([{"qty": 40, "day": 7}]),
    );
    assert_eq!(lines(&c), vec![l("Cancel", 27, 40, 0), l("New", 7, 0, 40)]);
    // Too early: the PO would build up stock for 20 days.
    let c = case(
        json!({"rescheduling_days": 5}),
        0,
        json!([{"qty": 40, "day": 3}]),
        json!([{"qty": 40, "day": 23}]),
    );
    assert_eq!(lines(&c), vec![l("Cancel", 3, 40, 0), l("New", 23, 0, 40)]);
}

#[test]
fn lot_accumulation_resizes_existing_supply_to_the_window_demand() {
    // Window [5, 12]: 10 + 15 + 20 on one PO dated at the first demand.
    let c = case(
        json!({"lot_accumulation_days": 7}),
        0,
        json!([{"qty": 30, "day": 5}]),
        json!([{"qty": 10, "day": 5}, {"qty": 15, "day": 9}, {"qty": 20, "day": 12}, {"qty": 7, "day": 13}]),
    );
    assert_eq!(
        lines(&c),
        vec![l("Change Qty.", 5, 30, 45), l("New", 13, 0, 7)]
    );
}

#[test]
fn supply_no_demand_needs_is_cancelled_but_inflexible_supply_stays() {
    let c = case(
        json!({}),
        100,
        json!([{"qty": 40, "day": 10}, {"qty": 30, "day": 12, "flexibility": "none"}]),
        json!([{"qty": 50, "day": 7}]),
    );
    assert_eq!(lines(&c), vec![l("Cancel", 10, 40, 0)]);
}

#[test]
fn inflexible_supply_is_counted_but_never_changed() {
    // PO 60 (flexibility None) on the demand date; demand only 20 → no Change Qty.
    let c = case(
        json!({}),
        0,
        json!([{"qty": 60, "day": 7, "flexibility": "none"}]),
        json!([{"qty": 20, "day": 7}, {"qty": 30, "day": 9}]),
    );
    assert_eq!(lines(&c), vec![]);
}

#[test]
fn dampener_quantity_blocks_small_decreases_only() {
    let dq = json!({"dampener_qty": 10});
    let c = case(
        dq.clone(),
        0,
        json!([{"qty": 100, "day": 7}]),
        json!([{"qty": 95, "day": 7}]),
    );
    assert_eq!(lines(&c), vec![]);
    let c = case(
        dq.clone(),
        0,
        json!([{"qty": 100, "day": 7}]),
        json!([{"qty": 80, "day": 7}]),
    );
    assert_eq!(lines(&c), vec![l("Change Qty.", 7, 100, 80)]);
    let c = case(
        dq,
        0,
        json!([{"qty": 100, "day": 7}]),
        json!([{"qty": 103, "day": 7}]),
    );
    assert_eq!(lines(&c), vec![l("Change Qty.", 7, 100, 103)]);
}

#[test]
fn dampener_period_keeps_an_order_that_would_move_out_a_little() {
    let p = json!({"dampener_period_days": 5, "lot_accumulation_days": 5, "rescheduling_days": 10});
    let c = case(
        p.clone(),
        0,
        json!([{"qty": 40, "day": 7}]),
        json!([{"qty": 40, "day": 10}]),
    );
    assert_eq!(lines(&c), vec![]);
    // Moving out further than the dampener period is suggested.
    let c = case(
        p,
        0,
        json!([{"qty": 40, "day": 2}]),
        json!([{"qty": 40, "day": 10}]),
    );
    assert_eq!(lines(&c), vec![l("Reschedule", 10, 40, 40)]);
}

#[test]
fn order_policy_gives_each_demand_its_own_supply_and_ignores_stock_and_modifiers() {
    let c = case(
        json!({"policy": "order", "min_order_qty": 50, "safety_stock": 10}),
        500,
        json!([{"qty": 30, "day": 2}]),
        json!([{"qty": 10, "day": 5}, {"qty": 20, "day": 5}]),
    );
    assert_eq!(
        lines(&c),
        vec![l("New", 5, 0, 20), l("Resched. & Chg. Qty.", 5, 30, 10)]
    );
}

#[test]
fn negative_starting_availability_gets_an_emergency_order_the_day_before_the_start() {
    let c = case(
        json!({}),
        0,
        json!([]),
        json!([{"qty": 25, "day": -2}, {"qty": 5, "day": 3}]),
    );
    assert_eq!(lines(&c), vec![l("New", -1, 0, 25), l("New", 3, 0, 5)]);
}

#[test]
fn overflow_level_reduces_existing_supply_above_it() {
    // BC's documented scenario: maximum qty, ROP 50, inventory 80, sale cut from 70 to 40,
    // earlier accepted purchase of 90 → projected 130 > overflow 100 → Change Qty. 90 → 60.
    let c = case(
        json!({"policy": "maximum_qty", "reorder_point": 50, "max_inventory": 100, "overflow_level": 100,
               "time_bucket_days": 7, "safety_lead_time_days": 0}),
        80,
        json!([{"qty": 90, "day": 3}]),
        json!([{"qty": 40, "day": 2}]),
    );
    assert_eq!(lines(&c), vec![l("Change Qty.", 3, 90, 60)]);
}

#[test]
fn respect_planning_parameters_sizes_shortage_exceptions_with_modifiers() {
    let mut v: Value = serde_json::from_str(&case(
        json!({"policy": "fixed_reorder_qty", "reorder_point": 100, "reorder_qty": 500,
               "safety_stock": 10, "time_bucket_days": 1, "safety_lead_time_days": null}),
        150,
        json!([]),
        json!([{"qty": 145, "day": 7}]),
    ))
    .expect("json");
    v["setup"]["respect_planning_parameters"] = json!(true);
    // 5 left < 10: exception sized as a reorder order (500 ends above ROP) → no extra order.
    assert_eq!(lines(&v.to_string()), vec![l("New", 7, 0, 500)]);
}

#[test]
fn a_case_that_is_not_json_names_line_and_column() {
    match plan_case_json("{\"item\": ") {
        Err(ScenarioError::Json { line, column, .. }) => assert_eq!((line, column), (1, 9)),
        other => panic!("expected a JSON error, got {other:?}"),
    }
    let bad = case(json!({}), 0, json!([{"qty": -3, "day": 1}]), json!([]));
    match plan_case_json(&bad) {
        Err(ScenarioError::Field { field, .. }) => assert_eq!(field, "supplies[0].qty"),
        other => panic!("expected a field error, got {other:?}"),
    }
}
