//! JIT benchmarks: a day of sequenced supply driven through every step, and the monitor.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use takt_engine::jit::{monitor, synth};
use takt_engine::state::apply;

fn day_of_sequenced_supply(c: &mut Criterion) {
    let master = synth::master_state(3, 10);
    let commands = synth::sequenced_day(1, 20_000, 3, 1_000);
    let mut g = c.benchmark_group("jit");
    g.sample_size(10);
    g.bench_function("sequenced_day_20k_calls_x3_receipt_to_completion", |b| {
        b.iter_batched(
            || (master.clone(), commands.clone()),
            |(mut state, commands)| {
                for cmd in commands {
                    let applied = apply(&mut state, cmd);
                    assert!(applied.is_ok(), "{applied:?}");
                }
                state
            },
            BatchSize::PerIteration,
        )
    });
    let state = synth::monitor_state(7, 100_000);
    let as_of = synth::start() + chrono::Duration::hours(6);
    g.bench_function("monitor_100k_calls_counts_and_alerts", |b| {
        b.iter(|| black_box(monitor::monitor(black_box(&state), as_of)))
    });
    g.finish();
}

criterion_group!(benches, day_of_sequenced_supply);
criterion_main!(benches);
