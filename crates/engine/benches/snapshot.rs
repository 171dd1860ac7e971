//! The browser's start snapshot: writing and reading the warm-start data set (100,000 JIT calls
//! and 10,000 items) as the binary snapshot, beside the JSON the snapshot used to be.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use takt_engine::jit::synth;
use takt_engine::{State, snapshot};

fn start_snapshot(c: &mut Criterion) {
    let state = synth::warm_start_state(100_000, 10_000);
    let bytes = snapshot::encode(1, &state).expect("encodes");
    let json = serde_json::to_vec(&state).expect("json");
    println!(
        "snapshot: {} bytes binary, {} bytes JSON",
        bytes.len(),
        json.len()
    );
    let mut g = c.benchmark_group("snapshot");
    g.sample_size(10);
    g.bench_function("decode_100k_calls_10k_items", |b| {
        b.iter(|| black_box(snapshot::decode(black_box(&bytes)).expect("decodes")))
    });
    g.bench_function("encode_100k_calls_10k_items", |b| {
        b.iter(|| black_box(snapshot::encode(1, black_box(&state)).expect("encodes")))
    });
    g.bench_function("json_parse_100k_calls_10k_items", |b| {
        b.iter(|| black_box(serde_json::from_slice::<State>(black_box(&json)).expect("parses")))
    });
    g.finish();
}

criterion_group!(benches, start_snapshot);
criterion_main!(benches);
