//! MRP and ATP benchmarks: regenerative plan of 10 000 items / 1 000 000 events over two
//! years, net change after one sales line edit, one ATP check on an item with 1 000 events.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use takt_engine::mrp::engine::{Scratch, plan_data, plan_item_input};
use takt_engine::mrp::{AtpRequest, atp_check, synth};
use takt_engine::types::{Day, Qty};

fn benches(c: &mut Criterion) {
    let as_of = Day(20_779);
    let data = synth::planning_data(42, 10_000, 100, 730, as_of);
    let events: usize = data
        .items
        .iter()
        .map(|i| i.supplies.len() + i.demands.len())
        .sum();
    assert_eq!(events, 1_000_000);
    let mut g = c.benchmark_group("mrp");
    g.sample_size(10);
    g.bench_function("regenerative_10k_items_1m_events", |b| {
        b.iter(|| black_box(plan_data(&data)))
    });

    // Net change: one sales line of one item changes; re-plan that item, swap its lines.
    let mut plan = plan_data(&data);
    let mut edited = data.items[5_000].clone();
    let mut scratch = Scratch::default();
    let mut flip = false;
    g.bench_function("net_change_one_sales_line", |b| {
        b.iter(|| {
            flip = !flip;
            edited.demands[10].qty = if flip { 75 } else { 5 };
            let fresh = plan_item_input(&edited, as_of, &mut scratch);
            plan.replace_item(edited.item.clone(), fresh);
        })
    });
    g.finish();

    let state = synth::state(7, 1, 1_000, 730, as_of);
    let item = state.items.keys().next().cloned().expect("one item");
    let req = AtpRequest {
        item,
        qty: Qty(40),
        requested: as_of.plus(20),
        as_of,
    };
    c.bench_function("atp_check_item_with_1000_events", |b| {
        b.iter(|| black_box(atp_check(&state, &req, &[])))
    });
}

criterion_group!(mrp, benches);
criterion_main!(mrp);
