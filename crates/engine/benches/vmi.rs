//! VMI benchmark: a proposal run over 100,000 customer-article rows with 1,000,000 open sales
//! order lines (the synthetic workload of `vmi::synth`).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use takt_engine::vmi::{Selection, compute_proposals, customer_alerts, synth};

fn bench(c: &mut Criterion) {
    let state = synth::vmi_workload(&synth::SynthConfig::bench());
    let selection = synth::selection();
    let as_of = synth::as_of();
    let mut g = c.benchmark_group("vmi");
    g.sample_size(20);
    g.bench_function("compute_proposals_100k_rows_1m_lines", |b| {
        b.iter(|| {
            let run = compute_proposals(black_box(&state), &selection, as_of);
            black_box(run.map(|r| r.drafts.len()).unwrap_or_default())
        })
    });
    let mut filtered = Selection::all("ORG-SUB");
    filtered.classifications.insert(1, vec!["METAL".to_owned()]);
    filtered.planners = vec!["P1".to_owned(), "P2".to_owned(), "P3".to_owned()];
    g.bench_function("compute_proposals_filtered", |b| {
        b.iter(|| {
            let run = compute_proposals(black_box(&state), &filtered, as_of);
            black_box(run.map(|r| r.drafts.len()).unwrap_or_default())
        })
    });
    g.bench_function("customer_alerts_100k_rows", |b| {
        b.iter(|| black_box(customer_alerts(black_box(&state), &selection, as_of).map(|a| a.len())))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
