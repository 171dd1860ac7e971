//! Browser tests of the VMI screens: planning data and customer stock this test creates, a
//! proposal run with the engine's quantity, conversion to a sales order, and the customer view
//! with its stock chart and a stock report.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a missing element should fail

use chrono::{NaiveDate, TimeZone, Utc};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use takt_app::pages::vmi::{VmiCustomerView, VmiPlanner};
use takt_app::store::{Store, demo_state, provide_store_with};
use takt_engine::types::{CustomerId, ItemId, LocationId, SalesOrderId};
use takt_engine::vmi::{
    self, PlanningData, SalesOrg, SalesOrgId, Selection, StockReport, VmiCommand,
};
use takt_engine::{Command, Day, Qty, State, apply};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn today() -> Day {
    Day::from_date(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

fn vmi_cmd(state: &mut State, command: VmiCommand) {
    apply(state, Command::Vmi { command }).expect("test command applies");
}

fn report(qty: i64, reserved: i64, day: u32) -> StockReport {
    StockReport {
        customer: CustomerId::new("OEM-WOB"),
        article: ItemId::new("HR-100"),
        location: LocationId::new("WOB-CONS"),
        qty: Qty(qty),
        reserved: Qty(reserved),
        as_of: Utc.with_ymd_and_hms(2026, 11, day, 8, 0, 0).unwrap(),
    }
}

/// Demo data, sales org DE01, planning OEM-WOB/HR-100 (reorder 50, min 20, fill-up 120, lead
/// time 2 days) and two stock reports (60 on the 18th, 30 with 5 reserved on the 20th).
fn vmi_state() -> State {
    let mut s = demo_state(today());
    // The figures below are this test's own VMI data: start from the demo without its VMI part.
    s.vmi = Default::default();
    vmi_cmd(
        &mut s,
        VmiCommand::UpsertSalesOrg {
            org: SalesOrg {
                id: SalesOrgId::new("DE01"),
                parent: None,
                own_master_data: true,
            },
        },
    );
    vmi_cmd(
        &mut s,
        VmiCommand::UpsertPlanning {
            data: PlanningData {
                customer: CustomerId::new("OEM-WOB"),
                article: ItemId::new("HR-100"),
                sales_org: SalesOrgId::new("DE01"),
                lot_size: Qty(0),
                reorder_point: Qty(50),
                min_stock: Qty(20),
                fill_up: Qty(120),
                planner: "P1".into(),
                storage_location: LocationId::new("WOB-CONS"),
                lead_time_days: 2,
            },
        },
    );
    vmi_cmd(
        &mut s,
        VmiCommand::ReportStock {
            reports: vec![report(60, 0, 18)],
        },
    );
    vmi_cmd(
        &mut s,
        VmiCommand::ReportStock {
            reports: vec![report(30, 5, 20)],
        },
    );
    s
}

fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.dyn_into().unwrap()
}

fn q(root: &web_sys::Element, sel: &str) -> web_sys::Element {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no element {sel}"))
}

fn text(root: &web_sys::Element, sel: &str) -> String {
    q(root, sel).text_content().unwrap_or_default()
}

fn count(root: &web_sys::Element, sel: &str) -> u32 {
    root.query_selector_all(sel).unwrap().length()
}

fn click(root: &web_sys::Element, sel: &str) {
    q(root, sel)
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
}

fn fire(el: &web_sys::Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

fn set_input(root: &web_sys::Element, sel: &str, value: &str) {
    let el = q(root, sel);
    el.clone()
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap()
        .set_value(value);
    fire(&el, "input");
}

async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

#[wasm_bindgen_test]
async fn planner_generates_and_converts_a_proposal() {
    let state = vmi_state();
    // The quantity the engine proposes: available 30 − 5 = 25 ≤ reorder point 50, filled up
    // to 120 → 95.
    let expected = vmi::compute_proposals(&state, &Selection::all("DE01"), today())
        .unwrap()
        .drafts
        .first()
        .map(|d| d.qty)
        .unwrap();
    assert_eq!(expected, Qty(95));
    let handle: Rc<Cell<Option<Store>>> = Rc::new(Cell::new(None));
    let h = handle.clone();
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        h.set(Some(provide_store_with(state.clone())));
        takt_app::i18n::provide_lang();
        view! { <VmiPlanner as_of=today() /> }
    });
    settle().await;
    let store = handle.get().unwrap();
    let root: web_sys::Element = root.into();
    let planning = text(&root, "[data-testid=vmi-planning] tbody tr");
    assert!(
        planning.contains("OEM-WOB") && planning.contains("120"),
        "{planning}"
    );
    assert_eq!(text(&root, "[data-testid=stock-unreserved]"), "25");

    click(&root, "[data-testid=vmi-preview]");
    settle().await;
    assert!(text(&root, "[data-testid=vmi-preview-text]").starts_with("1 would be proposed"));

    click(&root, "[data-testid=vmi-generate]");
    settle().await;
    assert_eq!(
        count(&root, "[data-testid=vmi-proposals] tbody tr[data-proposal]"),
        1
    );
    let row = q(&root, "[data-testid=vmi-proposals] tbody tr[data-proposal]");
    assert_eq!(row.get_attribute("data-proposal").as_deref(), Some("VP-1"));
    let qty_input: web_sys::HtmlInputElement =
        q(&row, "[data-testid=proposal-qty]").dyn_into().unwrap();
    assert_eq!(qty_input.value(), "95");

    // Edit the quantity to 100.
    set_input(&row, "[data-testid=proposal-qty]", "100");
    click(&row, "[data-testid=proposal-save]");
    settle().await;
    assert!(
        text(&root, "[data-testid=vmi-message]").starts_with("Done"),
        "{}",
        text(&root, "[data-testid=vmi-message]")
    );
    let qty_now = store.with_untracked(|s| s.vmi.proposals.values().next().map(|p| p.qty));
    assert_eq!(qty_now, Some(Qty(100)));

    // Select and convert: one sales order after the demo's SO-1005.
    let row = q(&root, "[data-testid=vmi-proposals] tbody tr[data-proposal]");
    let check = q(&row, "input[type=checkbox]");
    check
        .clone()
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap()
        .set_checked(true);
    fire(&check, "change");
    settle().await;
    click(&root, "[data-testid=vmi-convert]");
    settle().await;
    let order =
        store.with_untracked(|s| s.sales_orders.get(&SalesOrderId::new("SO-1006")).cloned());
    let order = order.expect("converted order SO-1006");
    assert_eq!(order.lines[0].qty, Qty(100));
    assert_eq!(
        count(&root, "[data-testid=vmi-proposals] tbody tr[data-proposal]"),
        0
    );
}

#[wasm_bindgen_test]
async fn customer_sees_stock_history_and_reports_stock() {
    let state = vmi_state();
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_store_with(state.clone());
        takt_app::i18n::provide_lang();
        view! { <VmiCustomerView customer=CustomerId::new("OEM-WOB") as_of=today() /> }
    });
    settle().await;
    let root: web_sys::Element = root.into();
    assert_eq!(text(&root, "[data-testid=stock-unreserved]"), "25");
    assert_eq!(count(&root, "[data-testid=vmi-charts] svg"), 1);
    assert_eq!(count(&root, "[data-testid=vmi-charts] svg circle"), 2);
    // The demo's open sales order SO-1001 (240 HR-100) is on its way.
    assert!(text(&root, "[data-testid=vmi-on-the-way]").contains("SO-1001"));

    set_input(&root, "[data-testid=report-qty]", "1234");
    set_input(&root, "[data-testid=report-reserved]", "4");
    click(&root, "[data-testid=report-submit]");
    settle().await;
    assert_eq!(text(&root, "[data-testid=stock-unreserved]"), "1,230");
    assert_eq!(count(&root, "[data-testid=vmi-charts] svg circle"), 3);
}
