//! The JIT wire and storage format stays put: the JSON of the demo's JIT state, of a small
//! sequenced day (every command's result and the final state) and of the monitor must be
//! byte for byte what the snapshots in `tests/data/jit/` hold (made before the in-memory model
//! was tuned for speed), and each snapshot must survive a parse → serialise round trip.
//!
//! `TAKT_BLESS=1 cargo test -p takt-engine --test jit_wire` rewrites the snapshots (only after
//! a deliberate change of the format).

// A broken expectation in a test helper should fail loudly.
#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::path::PathBuf;
use takt_engine::demo;
use takt_engine::jit::model::JitState;
use takt_engine::jit::{Monitor, monitor, synth};
use takt_engine::state::{Applied, Rejection, State, apply};
use takt_engine::types::Day;

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/jit")
        .join(name)
}

/// Compares `actual` with the snapshot `name` (or writes it under `TAKT_BLESS`); on a
/// mismatch names the first line that differs.
fn check(name: &str, actual: &str) {
    let p = path(name);
    if std::env::var_os("TAKT_BLESS").is_some() {
        std::fs::write(&p, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    if expected != actual {
        let at = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        let e: Vec<&str> = expected
            .lines()
            .skip(at.saturating_sub(3))
            .take(8)
            .collect();
        let a: Vec<&str> = actual.lines().skip(at.saturating_sub(3)).take(8).collect();
        panic!(
            "{name} differs from line {}:\n--- expected\n{}\n--- actual\n{}",
            at + 1,
            e.join("\n"),
            a.join("\n")
        );
    }
}

fn pretty<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap();
    s.push('\n');
    s
}

/// Results of applying `commands`, as the server would send them.
fn run(state: &mut State, commands: Vec<takt_engine::Command>) -> Vec<Result<Applied, Rejection>> {
    commands.into_iter().map(|c| apply(state, c)).collect()
}

fn demo_state() -> (State, Vec<Result<Applied, Rejection>>) {
    let mut state = State::default();
    let results = run(&mut state, demo::commands(Day(20_000)));
    (state, results)
}

#[test]
fn demo_jit_state_json_is_unchanged() {
    let (state, results) = demo_state();
    assert!(results.iter().all(Result::is_ok));
    let text = pretty(&state.jit);
    check("demo_jit_state.json", &text);
    // Round trip: the stored JSON reads back into the same state and writes the same text.
    let back: JitState = serde_json::from_str(&text).unwrap();
    assert_eq!(back, state.jit);
    assert_eq!(pretty(&back), text);
    let as_of = Day(20_000).date().unwrap().and_hms_opt(8, 0, 0).unwrap();
    let m = monitor(&state, as_of);
    let mtext = pretty(&m);
    check("demo_jit_monitor.json", &mtext);
    let back: Monitor = serde_json::from_str(&mtext).unwrap();
    assert_eq!(back, m);
}

#[test]
fn sequenced_day_results_and_state_json_are_unchanged() {
    let mut state = synth::master_state(3, 4);
    let results = run(&mut state, synth::sequenced_day(3, 12, 3, 6));
    assert!(results.iter().all(Result::is_ok));
    check("sequenced_day_results.json", &pretty(&results));
    let text = pretty(&state.jit);
    check("sequenced_day_jit_state.json", &text);
    let back: JitState = serde_json::from_str(&text).unwrap();
    assert_eq!(back, state.jit);
    // Whole-state JSON reads back too (the form the server's log and IndexedDB store).
    let whole: Value = serde_json::to_value(&state).unwrap();
    let again: State = serde_json::from_value(whole.clone()).unwrap();
    assert_eq!(serde_json::to_value(&again).unwrap(), whole);
}

#[test]
fn monitor_json_is_unchanged() {
    let state = synth::monitor_state(7, 400);
    let as_of = synth::start() + chrono::Duration::hours(6);
    check("monitor_400.json", &pretty(&monitor(&state, as_of)));
}
