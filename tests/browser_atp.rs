//! Browser tests of the ATP page: the engine's answer (green / red, available, earliest
//! date, comparable items) appears as the user types, and the order is placed from there.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common_plan;

use common_plan::*;
use leptos::prelude::*;
use takt_app::pages::atp::Atp;
use takt_app::store::{Store, provide_store_with, today};
use takt_engine::mrp::{self, AtpRequest};
use takt_engine::types::{ItemId, Qty, SalesOrderId};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn atp_answers_at_once_and_places_the_order() {
    let day = today();
    let state = planned_demo(day);
    let requested = day.plus(7);
    let ask = |item: &str, qty: i64| {
        mrp::atp_check(
            &state,
            &AtpRequest {
                item: ItemId::new(item),
                qty: Qty(qty),
                requested,
                as_of: day,
            },
            &[],
        )
    };
    let small = ask("CH-400", 50);
    // One more than the engine says is available: the smallest order that cannot be promised.
    let big_qty = ask("HR-100", 1).available.0.max(0) + 1;
    let big = ask("HR-100", big_qty);
    assert!(
        small.can_promise && !big.can_promise,
        "test data: 50 CH-400 promisable, {big_qty} HR-100 not"
    );
    let expected_id = takt_app::ids::next_sales_order_id(&state);

    let root = container("atp-test");
    let st = state.clone();
    let store_cell: std::rc::Rc<std::cell::Cell<Option<Store>>> = Default::default();
    let cell = store_cell.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        cell.set(Some(provide_store_with(st)));
        view! { <Atp /> }
    });
    let root: web_sys::Element = root.into();
    set_value(&q(&root, "[data-testid=atp-customer]"), "OEM-WOB", "change");
    set_value(&q(&root, "[data-testid=atp-item]"), "HR-100", "change");
    set_value(
        &q(&root, "[data-testid=atp-date]"),
        &requested.to_string(),
        "input",
    );
    set_value(
        &q(&root, "[data-testid=atp-qty]"),
        &big_qty.to_string(),
        "input",
    );
    tick().await;
    let answer = q(&root, "[data-testid=atp-answer]");
    assert!(answer.class_list().contains("bad"));
    assert_eq!(
        text(&q(&root, "[data-testid=atp-verdict]")),
        "Cannot promise"
    );
    assert_eq!(
        text(&q(&root, "[data-testid=atp-available]")),
        big.available.0.to_string()
    );
    let earliest = text(&q(&root, "[data-testid=atp-earliest]"));
    assert_eq!(
        earliest,
        big.earliest
            .map(|d| d.to_string())
            .unwrap_or_else(|| "—".into())
    );
    for a in &big.alternatives {
        assert!(text(&q(&root, "[data-testid=atp-alternatives]")).contains(a.item.as_str()));
    }

    set_value(&q(&root, "[data-testid=atp-item]"), "CH-400", "change");
    set_value(&q(&root, "[data-testid=atp-qty]"), "50", "input");
    tick().await;
    assert!(
        q(&root, "[data-testid=atp-answer]")
            .class_list()
            .contains("ok")
    );
    assert_eq!(
        text(&q(&root, "[data-testid=atp-available]")),
        small.available.0.to_string()
    );
    click(&q(&root, "[data-testid=atp-place-requested]"));
    tick().await;
    let msg = text(&q(&root, "[data-testid=atp-status]"));
    assert!(msg.contains(&expected_id), "{msg}");
    let store = store_cell.get().unwrap();
    let placed = store.with_untracked(|s| {
        s.sales_orders
            .get(&SalesOrderId::new(expected_id.as_str()))
            .cloned()
    });
    let placed = placed.expect("the order is in the local store");
    assert_eq!(placed.lines[0].qty, Qty(50));
    assert_eq!(placed.lines[0].shipping_date, requested);
    handle.forget();
}
