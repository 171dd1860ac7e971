//! EDI throughput: a seeded 50 MB EDIFACT interchange of DELJIT messages, tokenized with
//! envelope checks, and tokenized plus mapped to `JitCallMsg`. Set TAKT_EDI_BENCH_OUT=DIR to
//! also write the 50 MB and a 5 MB file for benches/pydifact_compare.py.
//!
//! Two groups: `edi_deljit_50mb` in wall time, and `edi_deljit_50mb_cpu`, the same full read in
//! the thread's own CPU time (Linux `/proc/thread-self/schedstat`): on a shared machine the wall
//! time also counts the waits for a core, the CPU time does not.

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
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

/// The calling thread's CPU time in nanoseconds (0 where schedstat is missing).
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Criterion measurement: CPU time of the benchmarking thread, in nanoseconds.
struct ThreadCpu;

static WALL: WallTime = WallTime;

impl Measurement for ThreadCpu {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        cpu_ns().saturating_sub(start)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        // Nanoseconds, shown as times and throughputs like the wall clock's.
        WALL.formatter()
    }
}

fn bench_cpu(c: &mut Criterion<ThreadCpu>) {
    let (text, _) = synth::deljit_interchange(2026, 50 * 1024 * 1024);
    let mut g = c.benchmark_group("edi_deljit_50mb_cpu");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("segments_and_map", |b| {
        b.iter(|| {
            let p = edi::parse(black_box(text.as_bytes())).expect("valid interchange");
            black_box(synth::jit_components(&p.documents))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(ThreadCpu);
    targets = bench_cpu
}
criterion_main!(benches, cpu);
