//! Browser tests (wasm-bindgen-test in headless Chromium): the shell renders from the wasm
//! bundle with its navigation and connectivity badge.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)] // tests: a missing element should fail the test

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

#[wasm_bindgen_test]
fn shell_renders_navigation_and_connectivity() {
    leptos::mount::mount_to_body(takt_app::App);
    let doc = document();
    let nav = doc
        .query_selector("nav.shell-nav")
        .unwrap()
        .expect("the main navigation");
    let labels: Vec<String> = (0..nav.children().length())
        .filter_map(|i| nav.children().item(i))
        .map(|a| a.text_content().unwrap_or_default())
        .collect();
    assert_eq!(labels, ["JIT", "Planning", "ATP", "VMI"]);
    let badge = doc
        .query_selector("[data-testid=connectivity]")
        .unwrap()
        .expect("the badge");
    let text = badge.text_content().unwrap_or_default();
    assert!(text == "Online" || text == "Offline", "badge says {text:?}");
}
