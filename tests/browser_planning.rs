//! Browser tests of the planning worksheet and the item MRP card: mounted on the demo data
//! plus planning parameters, they check that the numbers the engine computes reach the DOM.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common_plan;

use common_plan::*;
use leptos::prelude::*;
use takt_app::pages::planning::Planning;
use takt_app::pages::planning::card::ItemCardFor;
use takt_app::store::{provide_store_with, today};
use takt_engine::mrp::{self, Period};
use takt_engine::types::{CustomerId, ItemId, Qty, SalesOrderId};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn worksheet_runs_the_plan_and_accepting_a_line_creates_the_order() {
    let day = today();
    let state = planned_demo(day);
    let expected = mrp::plan_all(&state, day, &[]);
    let expected_lines: Vec<_> = expected.lines().cloned().collect();
    assert!(
        !expected_lines.is_empty(),
        "the test data must need planning"
    );
    let root = container("planning-test");
    let st = state.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let store = provide_store_with(st);
        provide_context(store);
        view! { <Planning /> }
    });
    let root: web_sys::Element = root.into();
    click(&q(&root, "[data-testid=run-regen]"));
    for _ in 0..50 {
        tick().await;
        if root
            .query_selector("[data-testid=plan-lines]")
            .unwrap()
            .is_some()
        {
            break;
        }
    }
    let rows = q_all(&root, "[data-testid=plan-line]");
    assert_eq!(rows.len(), expected_lines.len());
    for (row, line) in rows.iter().zip(&expected_lines) {
        let t = text(row);
        assert!(t.contains(line.item.as_str()), "{t}");
        assert!(t.contains(line.action.label()), "{t}");
        assert_eq!(
            text(&q(row, "[data-testid=line-qty]")),
            line.qty.0.to_string()
        );
        assert!(t.contains(&line.reason_text()), "{t}");
    }
    let status = text(&q(&root, "[data-testid=run-status]"));
    assert!(
        status.contains(&format!("{} lines", expected_lines.len()))
            || status.contains(&expected_lines.len().to_string()),
        "{status}"
    );

    // Purchase orders with flexibility: PO-5002 is frozen in the demo.
    let pos = text(&q(&root, "[data-testid=purchase-orders]"));
    assert!(
        pos.contains("PO-5001") && pos.contains("PO-5002") && pos.contains("None (frozen)"),
        "{pos}"
    );

    // Accept the first line: the engine's message appears, the plan is re-planned.
    let first_new = expected_lines
        .iter()
        .position(|l| l.action == mrp::Action::New);
    assert!(first_new.is_some(), "the test data needs a New line");
    if let Some(i) = first_new {
        let accept = q_all(&rows[i], "button")[0].clone();
        click(&accept);
        tick().await;
        let msg = text(&q(&root, "[data-testid=command-status]"));
        assert!(!msg.is_empty());
        assert!(
            msg.contains("PO-5003") || msg.to_lowercase().contains("accepted"),
            "{msg}"
        );
        let pos = text(&q(&root, "[data-testid=purchase-orders]"));
        assert!(
            pos.contains("PO-5003"),
            "the accepted New line became PO-5003: {pos}"
        );
    }
    handle.forget();
}

#[wasm_bindgen_test]
async fn look_ahead_and_po_delay_show_engine_results() {
    let day = today();
    let mut state = planned_demo(day);
    // A sales line only PO-5001 covers: delaying the order makes it late.
    takt_engine::apply(
        &mut state,
        takt_engine::Command::PlaceSalesOrder {
            order: takt_engine::model::SalesOrder {
                id: SalesOrderId::new("SO-2001"),
                customer: CustomerId::new("DLR-NORD"),
                ship_to: CustomerId::new("DLR-NORD"),
                lines: vec![takt_engine::model::SalesLine {
                    line: 10000,
                    item: ItemId::new("HR-100"),
                    qty: Qty(200),
                    delivered: Qty(0),
                    reserved: Qty(0),
                    shipping_date: day.plus(20),
                    location: None,
                }],
            },
        },
    )
    .unwrap();
    let warnings = mrp::look_ahead_warnings(&state, day, 21, &[]);
    let late = mrp::po_change_consequences(
        &state,
        day,
        &takt_engine::types::PurchaseOrderId::new("PO-5001"),
        Some(day.plus(40)),
        None,
        &[],
    );
    let root = container("lookahead-test");
    let st = state.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_store_with(st);
        view! { <Planning /> }
    });
    let root: web_sys::Element = root.into();
    tick().await;
    if warnings.is_empty() {
        assert!(
            root.query_selector("[data-testid=look-ahead]")
                .unwrap()
                .is_none()
        );
    } else {
        let t = text(&q(&root, "[data-testid=look-ahead]"));
        for w in &warnings {
            assert!(
                t.contains(w.item.as_str()) && t.contains(&w.projected.0.to_string()),
                "{t}"
            );
        }
    }
    set_value(&q(&root, "[data-testid=po-select]"), "PO-5001", "change");
    tick().await;
    set_value(
        &q(&root, "[data-testid=po-new-due]"),
        &day.plus(40).to_string(),
        "change",
    );
    tick().await;
    if late.is_empty() {
        q(&root, "[data-testid=no-late]");
    } else {
        let t = text(&q(&root, "[data-testid=late-lines]"));
        for l in &late {
            assert!(
                t.contains(l.order.as_str()) && t.contains(&l.qty.0.to_string()),
                "{t}"
            );
        }
    }
    click(&q(&root, "[data-testid=po-apply]"));
    tick().await;
    let t = text(&q(&root, "[data-testid=purchase-orders]"));
    assert!(t.contains(&day.plus(40).to_string()), "PO-5001 moved: {t}");
    handle.forget();
}

#[wasm_bindgen_test]
async fn mrp_card_shows_the_engine_card_and_saves_parameters() {
    let day = today();
    let state = planned_demo(day);
    let item = ItemId::new("HR-100");
    let card = mrp::mrp_card(&state, &item, day, day.plus(83), Period::Week, &[]).unwrap();
    let root = container("card-test");
    let st = state.clone();
    let it = item.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_store_with(st);
        view! { <ItemCardFor item=it /> }
    });
    let root: web_sys::Element = root.into();
    tick().await;
    let rows = q_all(&root, "[data-testid=card-row]");
    assert_eq!(rows.len(), card.rows.len());
    for (row, r) in rows.iter().zip(&card.rows) {
        let cells: Vec<String> = q_all(row, "td").iter().map(text).collect();
        let want: Vec<String> = [r.g, r.s, r.pi, r.spi, r.amq, r.rq, r.ssq, r.pin, r.aod]
            .iter()
            .map(|v| v.to_string())
            .collect();
        assert_eq!(cells, want);
    }
    let svg = q(&root, "[data-testid=card-chart]").inner_html();
    assert!(
        svg.contains("<svg") && svg.contains("PIN") && svg.contains("ROP"),
        "chart"
    );

    // A wrong parameter: the engine's rejection names the field.
    let input = q(&root, "input[name=reorder_qty]");
    set_value(&input, "-5", "change");
    click(&q(&root, "[data-testid=params-save]"));
    tick().await;
    let msg = text(&q(&root, "[data-testid=params-status]"));
    assert!(msg.contains("reorder_qty"), "{msg}");
    // A valid change is saved and the card follows.
    set_value(&input, "400", "change");
    click(&q(&root, "[data-testid=params-save]"));
    tick().await;
    let msg = text(&q(&root, "[data-testid=params-status]"));
    assert!(msg.contains("saved"), "{msg}");
    handle.forget();
}
