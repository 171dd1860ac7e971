//! Wasm timings of the engine benchmarks' synthetic workloads, run in headless Chromium.
//!
//! Compiled only for wasm32 in an optimised build (`debug_assertions` off), so neither the
//! native tests nor a debug wasm test run it. `cargo xtask bench` runs it as:
//! `cargo test -p takt-engine --target wasm32-unknown-unknown --release --test wasm_bench`
//! (with CHROMEDRIVER and WASM_BINDGEN_TEST_WEBDRIVER_JSON set). It prints timings through
//! `console_log!`; it asserts only that each workload produced something, never a time.
#![cfg(all(target_arch = "wasm32", not(debug_assertions)))]

use std::hint::black_box;
use takt_engine::edi::{self, InboundDoc};
use takt_engine::mrp::engine::{Scratch, plan_data, plan_item_input};
use takt_engine::mrp::{AtpRequest, atp_check};
use takt_engine::state::apply;
use takt_engine::types::{Day, Qty};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Milliseconds from the page's high-resolution clock.
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// Runs `f` `samples` times (each sample `reps` calls) and returns the median per call in ms.
fn median_ms(samples: usize, reps: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..samples)
        .map(|_| {
            let t = now_ms();
            for _ in 0..reps {
                f();
            }
            (now_ms() - t) / reps as f64
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

#[wasm_bindgen_test]
fn jit_sequenced_day_and_monitor() {
    use takt_engine::jit::{monitor, synth};
    let master = synth::master_state(3, 10);
    let commands = synth::sequenced_day(1, 20_000, 3, 1_000);
    let mut samples = Vec::new();
    for _ in 0..5 {
        let (mut state, cmds) = (master.clone(), commands.clone());
        let t = now_ms();
        for cmd in cmds {
            assert!(apply(&mut state, cmd).is_ok());
        }
        samples.push(now_ms() - t);
        black_box(state);
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    console_log!(
        "wasm jit/sequenced_day_20k_calls_x3_receipt_to_completion: {:.1} ms (median of 5)",
        samples[2]
    );
    let state = synth::monitor_state(7, 100_000);
    let as_of = synth::start() + chrono::Duration::hours(6);
    let ms = median_ms(11, 1, || {
        black_box(monitor::monitor(black_box(&state), as_of));
    });
    console_log!("wasm jit/monitor_100k_calls_counts_and_alerts: {ms:.2} ms (median of 11)");
}

#[wasm_bindgen_test]
fn edi_deljit() {
    // 20 MiB instead of 50 MiB: keeps the page's memory (text, segment vector, mapped
    // messages) well under the browser's limits; throughput is per byte either way.
    let (text, n) = edi::synth::deljit_interchange(2026, 20 * 1024 * 1024);
    let mib = text.len() as f64 / (1024.0 * 1024.0);
    let ms = median_ms(5, 1, || {
        let ic = edi::edifact::parse(black_box(&text));
        assert!(ic.is_ok());
        black_box(ic.map(|i| i.segments.len()).unwrap_or_default());
    });
    console_log!(
        "wasm edi_deljit_20mb/segments: {ms:.1} ms, {:.0} MiB/s ({} bytes, {n} messages)",
        mib / (ms / 1000.0),
        text.len()
    );
    let ms = median_ms(5, 1, || {
        let p = edi::parse(black_box(text.as_bytes()));
        assert!(p.is_ok());
        let comps: usize = p
            .map(|p| {
                p.documents
                    .iter()
                    .map(|d| match d {
                        InboundDoc::JitCall(j) => j.calls.iter().map(|c| c.components.len()).sum(),
                        _ => 0,
                    })
                    .sum()
            })
            .unwrap_or_default();
        black_box(comps);
    });
    console_log!(
        "wasm edi_deljit_20mb/segments_and_map: {ms:.1} ms, {:.0} MiB/s",
        mib / (ms / 1000.0)
    );
}

#[wasm_bindgen_test]
fn vmi_proposals() {
    use takt_engine::vmi::{compute_proposals, customer_alerts, synth};
    let state = synth::vmi_workload(&synth::SynthConfig::bench());
    let selection = synth::selection();
    let as_of = synth::as_of();
    let ms = median_ms(7, 1, || {
        let run = compute_proposals(black_box(&state), &selection, as_of);
        assert!(run.is_ok());
        black_box(run.map(|r| r.drafts.len()).unwrap_or_default());
    });
    console_log!("wasm vmi/compute_proposals_100k_rows_1m_lines: {ms:.1} ms (median of 7)");
    let ms = median_ms(7, 1, || {
        black_box(customer_alerts(black_box(&state), &selection, as_of).map(|a| a.len()))
            .unwrap_or_default();
    });
    console_log!("wasm vmi/customer_alerts_100k_rows: {ms:.1} ms (median of 7)");
}

#[wasm_bindgen_test]
fn mrp_plan_net_change_atp() {
    use takt_engine::mrp::synth;
    let as_of = Day(20_779);
    let data = synth::planning_data(42, 10_000, 100, 730, as_of);
    let ms = median_ms(7, 1, || {
        black_box(plan_data(black_box(&data)));
    });
    console_log!("wasm mrp/regenerative_10k_items_1m_events: {ms:.1} ms (median of 7)");

    let mut plan = plan_data(&data);
    let mut edited = data.items[5_000].clone();
    let mut scratch = Scratch::default();
    let mut flip = false;
    let ms = median_ms(11, 1_000, || {
        flip = !flip;
        edited.demands[10].qty = if flip { 75 } else { 5 };
        let fresh = plan_item_input(&edited, as_of, &mut scratch);
        plan.replace_item(edited.item.clone(), fresh);
    });
    console_log!(
        "wasm mrp/net_change_one_sales_line: {:.2} µs (median of 11 × 1000)",
        ms * 1000.0
    );

    let state = synth::state(7, 1, 1_000, 730, as_of);
    let item = state.items.keys().next().cloned();
    assert!(item.is_some());
    let req = AtpRequest {
        item: item.unwrap_or_else(|| takt_engine::types::ItemId::new("none")),
        qty: Qty(40),
        requested: as_of.plus(20),
        as_of,
    };
    let ms = median_ms(11, 1_000, || {
        black_box(atp_check(black_box(&state), &req, &[]));
    });
    console_log!(
        "wasm atp_check_item_with_1000_events: {:.2} µs (median of 11 × 1000)",
        ms * 1000.0
    );
}

#[wasm_bindgen_test]
fn start_snapshot() {
    use takt_engine::{State, jit::synth, snapshot};
    let state = synth::warm_start_state(100_000, 10_000);
    let bytes = snapshot::encode(1, &state).expect("encodes");
    let json = serde_json::to_vec(&state).expect("json");
    let decode = median_ms(5, 1, || {
        let (_, s) = snapshot::decode(black_box(&bytes)).expect("decodes");
        assert_eq!(s.jit.calls.len(), 100_000);
    });
    let parse = median_ms(3, 1, || {
        let s: State = serde_json::from_slice(black_box(&json)).expect("parses");
        assert_eq!(s.jit.calls.len(), 100_000);
    });
    console_log!(
        "wasm snapshot/decode_100k_calls_10k_items: {decode:.0} ms ({} bytes); JSON parse of the same state: {parse:.0} ms ({} bytes)",
        bytes.len(),
        json.len()
    );
}
