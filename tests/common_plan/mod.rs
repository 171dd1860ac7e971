//! Helpers shared by the planning and ATP browser tests (included with `mod`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use leptos::prelude::*;
use std::time::Duration;
use takt_engine::{Day, State, apply};
use wasm_bindgen::JsCast;

pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// The demo data with planning parameters on three items (applied through the engine).
pub fn planned_demo(day: Day) -> State {
    use takt_engine::mrp::{MrpCommand, PlanningParams, Policy};
    use takt_engine::types::{ItemId, Qty};
    let mut commands = takt_engine::demo::commands(day);
    let mut hr = PlanningParams::new(Policy::FixedReorderQty);
    hr.reorder_point = Qty(300);
    hr.reorder_qty = Qty(250);
    hr.safety_stock = Qty(50);
    hr.max_inventory = Qty(800);
    hr.lead_time_days = 7;
    let mut cp = PlanningParams::new(Policy::LotForLot);
    cp.lead_time_days = 10;
    let mut ar = PlanningParams::new(Policy::LotForLot);
    ar.safety_stock = Qty(20);
    for (item, params) in [("HR-100", hr), ("CP-300", cp), ("AR-200", ar)] {
        commands.push(takt_engine::Command::Mrp {
            command: MrpCommand::SetPlanningParams {
                item: ItemId::new(item),
                params,
            },
        });
    }
    let mut state = State::default();
    for c in commands {
        // Planning parameters an extended demo already sets are replaced, not refused.
        apply(&mut state, c).expect("the demo applies");
    }
    state
}

/// A fresh container in the body, so tests do not see each other's DOM.
pub fn container(id: &str) -> web_sys::HtmlElement {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    el.set_id(id);
    doc.body().unwrap().append_child(&el).unwrap();
    el.dyn_into().unwrap()
}

/// Lets the browser run timers and the reactive system settle once.
pub async fn tick() {
    let (tx, rx) = futures_channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = tx.send(());
        },
        Duration::from_millis(0),
    );
    let _ = rx.await;
}

pub fn q(root: &web_sys::Element, sel: &str) -> web_sys::Element {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no element {sel}"))
}

pub fn q_all(root: &web_sys::Element, sel: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

pub fn text(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

pub fn click(el: &web_sys::Element) {
    el.clone()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
}

/// Sets a select's / input's value and fires `event` ("change" / "input").
pub fn set_value(el: &web_sys::Element, value: &str, event: &str) {
    if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.set_value(value);
    } else if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(value);
    }
    let ev = web_sys::Event::new_with_event_init_dict(event, &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    el.dispatch_event(&ev).unwrap();
}
