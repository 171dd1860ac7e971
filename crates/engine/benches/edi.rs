//! EDI throughput: a seeded 50 MB EDIFACT interchange of DELJIT messages, tokenized with
//! envelope checks, and tokenized plus mapped to `JitCallMsg`. Set TAKT_EDI_BENCH_OUT=DIR to
//! also write the 50 MB and a 5 MB file for benches/pydifact_compare.py.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use takt_engine::edi::{self, synth};

fn bench(c: &mut Criterion) {
    let (text, n) = synth::deljit_interchange(2026, 50 * 1024 * 1024);
    if let Ok(dir) = std::env::var("TAKT_EDI_BENCH_OUT") {
        std::fs::create_dir_all(&dir).expect("bench out dir");
        std::fs::write(format!("{dir}/deljit_50mb.edi"), &text).expect("write 50 MB file");
        let (small, _) = synth::deljit_interchange(2026, 5 * 1024 * 1024);
        std::fs::write(format!("{dir}/deljit_5mb.edi"), &small).expect("write 5 MB file");
    }
    eprintln!("DELJIT interchange: {} bytes, {n} messages", text.len());
    let mut g = c.benchmark_group("edi_deljit_50mb");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("segments", |b| {
        b.iter(|| {
            let ic = edi::edifact::parse(black_box(&text)).expect("valid interchange");
            black_box(ic.segments.len())
        })
    });
    g.bench_function("segments_and_map", |b| {
        b.iter(|| {
            let p = edi::parse(black_box(text.as_bytes())).expect("valid interchange");
            let comps = synth::jit_components(&p.documents);
            black_box(comps)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
