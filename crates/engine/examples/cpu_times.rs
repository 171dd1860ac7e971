//! CPU time (not wall time) of the benchmark workloads, for A/B comparisons on a shared,
//! loaded machine: each sample reads the thread's own on-CPU time from
//! `/proc/thread-self/schedstat` (Linux), so time spent waiting for a core is excluded.
//! Run: `cargo run -p takt-engine --profile bench --example cpu_times [filter]` (filters: `mrp`,
//! `jit` (`jit/day`, `jit/monitor`), `vmi`, `edi` or `edi/segments`, `edi/map`, `edi/parts`).

use std::hint::black_box;
use takt_engine::edi;
use takt_engine::mrp::engine::{Scratch, plan_data, plan_item_input};
use takt_engine::mrp::{AtpRequest, atp_check};
use takt_engine::state::apply;
use takt_engine::types::{Day, Qty};

/// Nanoseconds this thread has run on a CPU.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .expect("/proc/thread-self/schedstat")
}

/// Median CPU time per call in ms over `samples` samples of `reps` calls each.
fn median_ms(samples: usize, reps: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut v: Vec<f64> = (0..samples)
        .map(|_| {
            let t = cpu_ns();
            for _ in 0..reps {
                f();
            }
            (cpu_ns() - t) as f64 / 1e6 / reps as f64
        })
        .collect();
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let filter = std::env::args().nth(1).unwrap_or_default();
    let on = |name: &str| name.contains(&filter);
    if on("mrp") {
        let as_of = Day(20_779);
        let data = takt_engine::mrp::synth::planning_data(42, 10_000, 100, 730, as_of);
        let ms = median_ms(9, 1, || {
            black_box(plan_data(black_box(&data)));
        });
        println!("mrp/regenerative_10k_items_1m_events       {ms:9.3} ms CPU");
        let mut plan = plan_data(&data);
        let mut edited = data.items[5_000].clone();
        let mut scratch = Scratch::default();
        let mut flip = false;
        let ms = median_ms(9, 10_000, || {
            flip = !flip;
            edited.demands[10].qty = if flip { 75 } else { 5 };
            let fresh = plan_item_input(&edited, as_of, &mut scratch);
            plan.replace_item(edited.item.clone(), fresh);
        });
        println!(
            "mrp/net_change_one_sales_line              {:9.3} µs CPU",
            ms * 1e3
        );
        let state = takt_engine::mrp::synth::state(7, 1, 1_000, 730, as_of);
        let item = state.items.keys().next().cloned().expect("one item");
        let req = AtpRequest {
            item,
            qty: Qty(40),
            requested: as_of.plus(20),
            as_of,
        };
        let ms = median_ms(9, 10_000, || {
            black_box(atp_check(black_box(&state), &req, &[]));
        });
        println!(
            "atp_check_item_with_1000_events            {:9.3} µs CPU",
            ms * 1e3
        );
    }
    if on("jit/day") {
        use takt_engine::jit::synth;
        let master = synth::master_state(3, 10);
        let commands = synth::sequenced_day(1, 20_000, 3, 1_000);
        let mut v = Vec::new();
        // CPU ms per step (command kind), one list of samples each, in command order.
        let mut steps: Vec<(&'static str, Vec<f64>)> = Vec::new();
        for _ in 0..5 {
            let (mut state, cmds) = (master.clone(), commands.clone());
            let mut per: Vec<(&'static str, u64)> = Vec::new();
            let t = cpu_ns();
            for cmd in cmds {
                let kind = match &cmd {
                    takt_engine::Command::Jit { command } => command.kind(),
                    other => other.kind(),
                };
                let s = cpu_ns();
                assert!(apply(&mut state, cmd).is_ok());
                let ns = cpu_ns() - s;
                match per.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, total)) => *total += ns,
                    None => per.push((kind, ns)),
                }
            }
            v.push((cpu_ns() - t) as f64 / 1e6);
            drop(black_box(state));
            for (kind, ns) in per {
                match steps.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, s)) => s.push(ns as f64 / 1e6),
                    None => steps.push((kind, vec![ns as f64 / 1e6])),
                }
            }
        }
        v.sort_by(|a, b| a.total_cmp(b));
        println!(
            "jit/sequenced_day_20k_calls_x3             {:9.3} ms CPU",
            v[2]
        );
        for (kind, mut s) in steps {
            s.sort_by(|a, b| a.total_cmp(b));
            println!("  {kind:<40} {:9.3} ms CPU", s[s.len() / 2]);
        }
    }
    if on("jit/monitor") {
        use takt_engine::jit::{monitor, synth};
        let state = synth::monitor_state(7, 100_000);
        let as_of = synth::start() + chrono::Duration::hours(6);
        let ms = median_ms(9, 10, || {
            black_box(monitor::monitor(black_box(&state), as_of));
        });
        println!("jit/monitor_100k_calls                     {ms:9.3} ms CPU");
        let ms = median_ms(9, 10, || {
            black_box(monitor::counts(black_box(&state)));
        });
        // The floor of any scan of the calls: one status read per call.
        println!("jit/counts_100k_calls                      {ms:9.3} ms CPU");
    }
    if on("vmi") {
        use takt_engine::vmi::{compute_proposals, customer_alerts, synth};
        let state = synth::vmi_workload(&synth::SynthConfig::bench());
        let selection = synth::selection();
        let as_of = synth::as_of();
        let ms = median_ms(9, 1, || {
            let run = compute_proposals(black_box(&state), &selection, as_of);
            black_box(run.map(|r| r.drafts.len()).unwrap_or_default());
        });
        println!("vmi/compute_proposals_100k_rows_1m_lines   {ms:9.3} ms CPU");
        let ms = median_ms(9, 1, || {
            black_box(customer_alerts(black_box(&state), &selection, as_of).map(|a| a.len()))
                .unwrap_or_default();
        });
        println!("vmi/customer_alerts_100k_rows              {ms:9.3} ms CPU");
    }
    if on("edi/segments") || on("edi/map") || on("edi/parts") {
        let (text, _) = edi::synth::deljit_interchange(2026, 50 * 1024 * 1024);
        let mb = text.len() as f64 / 1e6;
        if on("edi/segments") {
            let ms = median_ms(5, 1, || {
                let ic = edi::edifact::parse(black_box(&text)).expect("valid");
                black_box(ic.segments.len());
            });
            println!(
                "edi/segments (50 MiB)                      {ms:9.3} ms CPU = {:.0} MB/s",
                mb / ms * 1e3
            );
        }
        if on("edi/parts") {
            // Where the full read's time goes: the streaming read alone (tokenizer, envelope,
            // one message's segments at a time), then also mapping each message and dropping
            // it at once (the full read keeps every document).
            let ms = median_ms(5, 1, || {
                let mut n = 0usize;
                let ic = edi::edifact::read(
                    black_box(&text),
                    false,
                    &mut |m| {
                        n += m.segments.len();
                        Ok(())
                    },
                    &mut |_| {},
                )
                .expect("valid");
                black_box((ic.message_count, n));
            });
            println!(
                "edi/parts/stream (50 MiB)                  {ms:9.3} ms CPU = {:.0} MB/s",
                mb / ms * 1e3
            );
            let ms = median_ms(5, 1, || {
                let mut warnings = Vec::new();
                let ic = edi::edifact::read(
                    black_box(&text),
                    false,
                    &mut |m| {
                        drop(black_box(edi::read_edifact::read_message(
                            m,
                            &mut warnings,
                        )?));
                        Ok(())
                    },
                    &mut |_| {},
                )
                .expect("valid");
                black_box(ic.message_count);
            });
            println!(
                "edi/parts/map_and_drop (50 MiB)            {ms:9.3} ms CPU = {:.0} MB/s",
                mb / ms * 1e3
            );
        }
        if on("edi/map") {
            let ms = median_ms(5, 1, || {
                let p = edi::parse(black_box(text.as_bytes())).expect("valid");
                let n = edi::synth::jit_components(&p.documents);
                black_box(n);
            });
            println!(
                "edi/map = segments_and_map (50 MiB)        {ms:9.3} ms CPU = {:.0} MB/s",
                mb / ms * 1e3
            );
        }
    }
}
