//! Process demand for MRP from the other domains, in one place: open JIT calls and VMI sales
//! proposals become [`mrp::Demand`]s that every planning entry point adds to the sales orders
//! and forecasts the planner already reads from the state.

use crate::mrp::{self, Demand, DemandSource, Plan};
use crate::state::State;
use crate::types::{Day, ItemId};
use std::collections::BTreeSet;

/// Demand of JIT calls not yet goods issued (due on required time − packing − transit) and of
/// VMI proposals in the statuses the VMI settings count for MRP, sorted by item, day, source.
pub fn extra_demands(state: &State) -> Vec<Demand> {
    let jit = crate::jit::mrp_demands(state)
        .into_iter()
        .map(|(item, day, qty, id)| Demand {
            item,
            day,
            qty,
            source: DemandSource::JitCall { id },
        });
    let vmi = crate::vmi::mrp_demands(state)
        .into_iter()
        .map(|(item, day, qty, id)| Demand {
            item,
            day,
            qty,
            source: DemandSource::VmiProposal { id },
        });
    let mut out: Vec<Demand> = jit.chain(vmi).collect();
    out.sort_by(|a, b| (&a.item, a.day, &a.source).cmp(&(&b.item, b.day, &b.source)));
    out
}

/// Regenerative plan of every planned item including JIT and VMI demand.
pub fn plan_all(state: &State, as_of: Day) -> Plan {
    mrp::plan_all(state, as_of, &extra_demands(state))
}

/// Plan of one item including JIT and VMI demand.
pub fn plan_item(state: &State, item: &ItemId, as_of: Day) -> Plan {
    let extra: Vec<Demand> = extra_demands(state)
        .into_iter()
        .filter(|d| &d.item == item)
        .collect();
    mrp::plan_item(state, item, as_of, &extra)
}

/// Net-change plan including JIT and VMI demand.
pub fn plan_net_change(
    state: &State,
    previous: &Plan,
    changed: &BTreeSet<ItemId>,
    as_of: Day,
) -> Plan {
    mrp::plan_net_change(state, previous, changed, as_of, &extra_demands(state))
}
