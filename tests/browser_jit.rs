//! Browser tests of the JIT screens: the monitor's counts, alerts and virtualised list over
//! calls this test receives, the language switch, bulk lifecycle steps with per-call outcomes,
//! and the call detail after a full run to the invoice.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a missing element should fail

use chrono::{NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use takt_app::i18n::{Lang, LangSelect, fmt_date, fmt_int, fmt_money};
use takt_app::pages::jit::actions::Step;
use takt_app::pages::jit::{JitCallView, JitMonitor, ROW_HEIGHT};
use takt_app::store::{demo_state, provide_store_with};
use takt_engine::jit::model::{
    CallKind, IncomingCall, IncomingComponent, PackingSpec, Price, SummarizedBasis,
};
use takt_engine::jit::{JitCommand, NewCall};
use takt_engine::types::{CustomerId, ItemId};
use takt_engine::{Command, Day, Qty, State, apply};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn at(h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

fn new_call(id: &str, cm: &str, material: Option<&str>, qty: i64) -> NewCall {
    NewCall {
        id: id.into(),
        call: IncomingCall {
            external_id: format!("EXT-{id}").into(),
            customer: CustomerId::new("OEM-WOB"),
            ship_to: CustomerId::new("OEM-WOB"),
            unloading_point: "UP1".into(),
            supply_area: "SA1".into(),
            required_at: at(6),
            version: 1,
            kind: CallKind::Summarized {
                basis: SummarizedBasis::Quantity,
            },
            components: vec![IncomingComponent {
                position: 1,
                customer_material: cm.into(),
                material: material.map(ItemId::new),
                qty: Qty(qty),
                unit: "PCS".into(),
                containers: None,
            }],
        },
    }
}

fn jit(state: &mut State, command: JitCommand) {
    apply(state, Command::Jit { command }).expect("test command applies");
}

/// Demo data plus JIT master data and `extra` more calls: JIT0000001/2 map to HR-100 (20 and
/// 15 pieces), JIT0000003 has an unmapped customer material (one alert).
fn state_with_calls(extra: usize) -> State {
    let mut s = demo_state(Day::from_date(
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    ));
    // The counts below are this test's own calls: start from the demo without its JIT part.
    s.jit = Default::default();
    jit(
        &mut s,
        JitCommand::SetPackingSpec {
            material: ItemId::new("HR-100"),
            spec: PackingSpec {
                container: "KLT-4315".into(),
                qty_per_container: Qty(10),
                rack: "RACK-1".into(),
                containers_per_rack: 4,
            },
        },
    );
    jit(
        &mut s,
        JitCommand::SetPrice {
            customer: CustomerId::new("OEM-WOB"),
            material: ItemId::new("HR-100"),
            price: Price {
                unit_price_cents: 1250,
                per: 1,
                currency: "EUR".into(),
            },
        },
    );
    let mut calls = vec![
        new_call("JIT0000001", "CM-HR100", Some("HR-100"), 20),
        new_call("JIT0000002", "CM-HR100", Some("HR-100"), 15),
        new_call("JIT0000003", "CM-XX", None, 5),
    ];
    for i in 0..extra {
        calls.push(new_call(
            &format!("JIT1{i:06}"),
            "CM-HR100",
            Some("HR-100"),
            1,
        ));
    }
    jit(&mut s, JitCommand::Receive { calls });
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

async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

fn as_of() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

#[wasm_bindgen_test]
fn numbers_and_dates_per_locale() {
    assert_eq!(fmt_int(Lang::De, 1234), "1.234");
    assert_eq!(fmt_int(Lang::En, 1234), "1,234");
    assert_eq!(fmt_int(Lang::En, -1_234_567), "-1,234,567");
    assert_eq!(fmt_money(Lang::De, 123_450, "EUR"), "1.234,50 EUR");
    let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    assert_eq!(fmt_date(Lang::De, d), "22.11.2026");
    assert_eq!(fmt_date(Lang::En, d), "2026-11-22");
}

#[wasm_bindgen_test]
async fn monitor_counts_alerts_and_a_virtualised_list_in_two_languages() {
    // Start in English whatever an earlier test stored.
    let _ = gloo_storage_clear();
    let state = state_with_calls(2000);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_store_with(state.clone());
        takt_app::i18n::provide_lang();
        view! { <LangSelect /> <JitMonitor as_of=as_of() /> }
    });
    settle().await;
    let root: web_sys::Element = root.into();
    assert_eq!(text(&root, "h1"), "JIT calls");
    assert!(text(&root, "[data-testid=count-received] .n") == "2,003");
    assert_eq!(text(&root, "[data-testid=count-packed] .n"), "0");
    assert_eq!(text(&root, "[data-testid=shown-count]"), "2,003");
    // One alert: the unmapped customer material of JIT0000003.
    assert_eq!(count(&root, "[data-testid=alerts] li.alert"), 1);
    let alert = text(&root, "[data-testid=alerts] li.alert");
    assert!(
        alert.contains("JIT0000003") && alert.contains("CM-XX"),
        "{alert}"
    );
    // Progress: 2,003 calls required on 2026-11-23 by OEM-WOB.
    let progress = text(&root, "[data-testid=progress] tbody tr");
    assert!(
        progress.contains("2026-11-23") && progress.contains("2,003"),
        "{progress}"
    );

    // Virtualised: only the visible rows (plus overscan) are in the DOM.
    let rendered = count(&root, ".vspacer .vrow");
    assert!(rendered > 5 && rendered <= 25, "{rendered} rows rendered");
    let spacer = q(&root, ".vspacer").get_attribute("style").unwrap();
    assert!(
        spacer.contains(&format!("height:{}px", 2003 * ROW_HEIGHT)),
        "{spacer}"
    );
    let viewport = q(&root, ".vviewport");
    viewport.set_scroll_top((1000 * ROW_HEIGHT) as i32);
    fire(&viewport, "scroll");
    settle().await;
    let first = q(&root, ".vspacer .vrow")
        .get_attribute("aria-rowindex")
        .unwrap();
    assert_eq!(first, (1000 - 5 + 2).to_string());
    assert!(count(&root, ".vspacer .vrow") <= 25);

    // Filter: only calls with alerts.
    let alert_box = q(&root, "[data-testid=filter-alert]");
    alert_box
        .clone()
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap()
        .set_checked(true);
    fire(&alert_box, "change");
    settle().await;
    assert_eq!(text(&root, "[data-testid=shown-count]"), "1");

    // German: labels and number formats switch.
    let select = q(&root, "[data-testid=lang-select]");
    select
        .clone()
        .dyn_into::<web_sys::HtmlSelectElement>()
        .unwrap()
        .set_value("de");
    fire(&select, "change");
    settle().await;
    assert_eq!(text(&root, "h1"), "JIT-Abrufe");
    assert_eq!(text(&root, "[data-testid=count-received] .n"), "2.003");
    let progress = text(&root, "[data-testid=progress] tbody tr");
    assert!(progress.contains("23.11.2026"), "{progress}");
    let html_lang = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap()
        .get_attribute("lang");
    assert_eq!(html_lang.as_deref(), Some("de"));
    select
        .clone()
        .dyn_into::<web_sys::HtmlSelectElement>()
        .unwrap()
        .set_value("en");
    fire(&select, "change");
    settle().await;
}

fn gloo_storage_clear() -> Option<()> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .remove_item("takt.lang")
        .ok()
}

#[wasm_bindgen_test]
async fn bulk_steps_show_one_outcome_per_call() {
    let state = state_with_calls(0);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_store_with(state.clone());
        takt_app::i18n::provide_lang();
        view! { <JitMonitor as_of=as_of() /> }
    });
    settle().await;
    let root: web_sys::Element = root.into();
    click(&root, "[data-testid=select-all]");
    settle().await;
    click(&root, "button[data-step=release_to_production]");
    settle().await;
    assert_eq!(count(&root, "[data-testid=outcomes] li[data-ok=true]"), 3);
    assert_eq!(
        text(&root, "[data-testid=count-released_to_production] .n"),
        "3"
    );
    assert_eq!(text(&root, "[data-testid=count-received] .n"), "0");
    // Confirming production: two post, the unmapped one's posting fails (its own outcome
    // says so, and it becomes a "posting failed" alert).
    click(&root, "button[data-step=confirm_production]");
    settle().await;
    assert_eq!(count(&root, "[data-testid=outcomes] li"), 3);
    let outcomes = text(&root, "[data-testid=outcomes]");
    assert!(outcomes.contains("stock posting failed"), "{outcomes}");
    assert_eq!(
        text(&root, "[data-testid=count-production_confirmed] .n"),
        "2"
    );
    assert_eq!(
        text(&root, "[data-testid=count-released_to_production] .n"),
        "1"
    );
    assert!(text(&root, "[data-testid=alerts]").contains("Stock posting failed"));
    // Completing calls not yet billed is rejected as a whole: the rejection is shown.
    click(&root, "button[data-step=complete]");
    settle().await;
    assert!(
        q(&root, "[data-testid=step-result] .rejected")
            .text_content()
            .unwrap()
            .len()
            > 3
    );
}

#[wasm_bindgen_test]
async fn call_detail_shows_units_delivery_and_invoice() {
    let mut state = state_with_calls(0);
    let now = at(2);
    let one = vec!["JIT0000001".to_owned()];
    for step in [
        Step::ReleaseToProduction,
        Step::ConfirmProduction,
        Step::ReleaseForPacking,
        Step::Pack,
        Step::CreateDeliveries,
        Step::Pick,
        Step::PostGoodsIssue,
        Step::CreateBilling,
    ] {
        let command = step.command(&state, one.clone(), now, "");
        jit(&mut state, command);
    }
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_store_with(state.clone());
        takt_app::i18n::provide_lang();
        view! { <JitCallView id="JIT0000001".to_owned() as_of=now /> }
    });
    settle().await;
    let root: web_sys::Element = root.into();
    assert_eq!(text(&root, "[data-testid=call-status]"), "billed");
    // 20 pieces at 10 per container: 2 containers on 1 rack.
    assert_eq!(count(&root, "[data-testid=handling-units] tbody tr"), 3);
    assert!(text(&root, "[data-testid=delivery]").contains("D0001-00001"));
    assert_eq!(count(&root, "[data-testid=documents] li"), 2);
    // 20 × 12.50 EUR.
    assert_eq!(text(&root, "[data-testid=invoice-net]"), "250.00 EUR");
    // OEM-WOB has a partner profile in the demo data: the invoice downloads as EDI too.
    assert!(!q(&root, "[data-testid=download-invoice-edi]").has_attribute("disabled"));
    click(&root, "button[data-step=complete]");
    settle().await;
    assert_eq!(text(&root, "[data-testid=call-status]"), "completed");
    assert_eq!(count(&root, "[data-testid=outcomes] li[data-ok=true]"), 1);
}
