//! Just-in-time supply to customer (SAP scope item 2EM): JIT calls from receipt through
//! production, packing, delivery, goods issue (shipping notice) and billing (invoice) to
//! completion, with customer changes, reorders, delivery splits, an external warehouse,
//! the monitor and the open demand MRP plans against.
//!
//! Code map: [`model`] the data, [`commands`] every state change, [`documents`] the shipping
//! notice and invoice, [`monitor`] the read-only monitor, [`synth`] deterministic workloads,
//! [`case`] the batch entry point. The status machine is described in `docs/jit.md`.

pub mod case;
pub mod commands;
pub mod documents;
pub mod model;
pub mod monitor;
pub mod synth;

pub use commands::{JitCommand, NewCall, apply};
pub use documents::{Invoice, ShippingNotice, SsccRange};
pub use model::{CallStatus, ComponentStatus, JitCall, JitState};
pub use monitor::{Monitor, monitor};

use crate::state::State;
use crate::types::{Day, ItemId, Qty};
use chrono::Duration;
use std::collections::BTreeMap;

/// Open JIT call demand for MRP: per material, day, quantity and call, for every component
/// of a live call whose goods are not issued yet (produced goods still count: they sit in
/// stock, which MRP nets against this demand). The day is the one production must be done
/// by: required time less packing and transit lead time. Components without a known
/// material are left out (the monitor reports them). Sorted by material, day and call.
pub fn mrp_demands(state: &State) -> Vec<(ItemId, Day, Qty, String)> {
    let jit = &state.jit;
    let mut out: BTreeMap<(&ItemId, Day, &str), Qty> = BTreeMap::new();
    for call in jit.calls.values() {
        if call.status >= CallStatus::GoodsIssued {
            continue;
        }
        let lt = jit
            .master
            .lead_times
            .get(&call.customer)
            .unwrap_or(&jit.master.settings.default_lead_times);
        let due = call
            .required_at
            .checked_sub_signed(Duration::minutes(lt.packing_minutes + lt.transit_minutes))
            .unwrap_or(call.required_at);
        let day = Day::from_date(due.date());
        for comp in &call.components {
            if let Some(m) = &comp.material
                && comp.status != ComponentStatus::Cancelled
            {
                *out.entry((m, day, call.id.as_str())).or_default() += comp.qty;
            }
        }
    }
    out.into_iter()
        .map(|((m, d, c), q)| (m.clone(), d, q, c.to_owned()))
        .collect()
}
