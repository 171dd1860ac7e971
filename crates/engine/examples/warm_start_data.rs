//! Writes the data set of the browser's warm-start benchmark (tests/e2e/bench/warm-start.bench.js)
//! as sync changes, one JSON object per line — the records the app keeps in IndexedDB: 100,000
//! JIT calls (`jit::synth::monitor_state`) and 10,000 items with their orders, stock and
//! planning parameters (`mrp::synth::state`). Each line also carries `"scope"` as the server's
//! `entities` table stores it (`public`, `internal` or `c:<customer>`), so the benchmark can load
//! the set into a server database (tests/e2e/bench/global-setup.js); readers of `Change` ignore it.
//!
//! `cargo run -p takt-engine --profile server --example warm_start_data -- OUT.ndjson [CALLS] [ITEMS]`

use std::io::Write;
use takt_engine::state::{EntityKind, EntityRef};
use takt_engine::sync::{Change, Scope, entity};
use takt_engine::{State, jit};

fn refs(state: &State) -> Vec<EntityRef> {
    let mut out = Vec::new();
    let mut add = |kind: EntityKind, ids: Vec<String>| {
        out.extend(ids.into_iter().map(|id| EntityRef::new(kind, id)));
    };
    add(
        EntityKind::Item,
        state.items.keys().map(|k| k.to_string()).collect(),
    );
    add(
        EntityKind::Customer,
        state.customers.keys().map(|k| k.to_string()).collect(),
    );
    add(
        EntityKind::SalesOrder,
        state.sales_orders.keys().map(|k| k.to_string()).collect(),
    );
    add(
        EntityKind::PurchaseOrder,
        state
            .purchase_orders
            .keys()
            .map(|k| k.to_string())
            .collect(),
    );
    add(
        EntityKind::Stock,
        state.stock.keys().map(|k| k.to_string()).collect(),
    );
    add(
        EntityKind::PlanningParams,
        state.mrp.params.keys().map(|k| k.to_string()).collect(),
    );
    add(EntityKind::MrpSetup, vec![String::new()]);
    add(
        EntityKind::JitCall,
        state.jit.calls.keys().map(|k| k.to_string()).collect(),
    );
    add(
        EntityKind::JitDelivery,
        state.jit.deliveries.keys().map(|k| k.to_string()).collect(),
    );
    add(
        EntityKind::HandlingUnit,
        state
            .jit
            .handling_units
            .keys()
            .map(|k| k.to_string())
            .collect(),
    );
    add(
        EntityKind::ShippingNotice,
        state
            .jit
            .shipping_notices
            .keys()
            .map(|k| k.to_string())
            .collect(),
    );
    add(
        EntityKind::Invoice,
        state.jit.invoices.keys().map(|k| k.to_string()).collect(),
    );
    add(EntityKind::JitMasterData, vec![String::new()]);
    out
}

/// One line of the output: the change and who may read it.
#[derive(serde::Serialize)]
struct Record {
    #[serde(flatten)]
    change: Change,
    scope: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .ok_or("usage: warm_start_data OUT.ndjson [CALLS] [ITEMS]")?;
    let calls: usize = args.next().map_or(Ok(100_000), |s| s.parse())?;
    let items: usize = args.next().map_or(Ok(10_000), |s| s.parse())?;
    let state = jit::synth::warm_start_state(calls, items);
    let mut w = std::io::BufWriter::new(std::fs::File::create(&out)?);
    let mut n = 0;
    for r in refs(&state) {
        if let Some((body, scope)) = entity(&state, &r) {
            let record = Record {
                change: Change {
                    kind: r.kind,
                    id: r.id.to_string(),
                    version: 1,
                    body: Some(body),
                },
                scope: match scope {
                    Scope::Public => "public".to_owned(),
                    Scope::Internal => "internal".to_owned(),
                    Scope::Customer(c) => format!("c:{c}"),
                },
            };
            serde_json::to_writer(&mut w, &record)?;
            w.write_all(b"\n")?;
            n += 1;
        }
    }
    w.flush()?;
    eprintln!(
        "{n} records ({} JIT calls, {} items, {} sales orders, {} purchase orders) in {out}",
        state.jit.calls.len(),
        state.items.len(),
        state.sales_orders.len(),
        state.purchase_orders.len()
    );
    Ok(())
}
