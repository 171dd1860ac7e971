//! A browser benchmark, not a test: the JIT monitor over 100,000 calls in headless Chromium —
//! the first render, then scrolling the virtualised list from top to bottom in 200 jumps,
//! each timed from the scroll event until the rows are in the DOM. Compiled only for a release
//! build (`cargo xtask bench` runs it; `cargo xtask test` builds tests without optimisation,
//! where the figures would mean nothing). It prints its figures; what it asserts is that every
//! jump shows the right rows and never more than a screenful.
#![cfg(all(target_arch = "wasm32", not(debug_assertions)))]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark harness: a missing element should fail

use chrono::NaiveDate;
use leptos::prelude::*;
use takt_app::pages::jit::{JitMonitor, ROW_HEIGHT};
use takt_app::store::provide_store_with;
use takt_engine::jit::synth;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn log(s: &str) {
    web_sys::console::log_1(&s.into());
}

async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

#[wasm_bindgen_test]
async fn jit_monitor_with_100k_calls_renders_and_scrolls() {
    const N: usize = 100_000;
    let t0 = now();
    let state = synth::monitor_state(7, N);
    let built = now() - t0;
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(6, 0, 0)
        .unwrap();
    let t1 = now();
    let host: web_sys::HtmlElement = root.clone().dyn_into().unwrap();
    let _mounted = leptos::mount::mount_to(host, move || {
        provide_store_with(state.clone());
        takt_app::i18n::provide_lang();
        view! { <JitMonitor as_of=as_of /> }
    });
    settle().await;
    let first_render = now() - t1;
    let viewport = root.query_selector(".vviewport").unwrap().expect("list");
    let total_rows = N; // every call is shown without a filter
    let mut times = Vec::new();
    for k in 0..200usize {
        let target = k * (total_rows - 20) / 199;
        let t = now();
        viewport.set_scroll_top((target * ROW_HEIGHT) as i32);
        let ev = web_sys::Event::new("scroll").unwrap();
        viewport.dispatch_event(&ev).unwrap();
        settle().await;
        times.push(now() - t);
        let rows = root.query_selector_all(".vspacer .vrow").unwrap().length();
        assert!(
            rows > 5 && rows <= 25,
            "{rows} rows rendered at row {target}"
        );
        let first: usize = root
            .query_selector(".vspacer .vrow")
            .unwrap()
            .unwrap()
            .get_attribute("aria-rowindex")
            .unwrap()
            .parse()
            .unwrap();
        // aria-rowindex counts the header row: the first data row is 2; 5 rows of overscan.
        assert_eq!(first, target.saturating_sub(5) + 2, "first row at {target}");
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[times.len() / 2];
    let p95 = times[times.len() * 95 / 100];
    let max = times[times.len() - 1];
    log(&format!(
        "jit monitor, {N} calls: state built {built:.0} ms; first render {first_render:.0} ms; \
         scroll jump median {median:.1} ms, p95 {p95:.1} ms, max {max:.1} ms (200 jumps)"
    ));
}
