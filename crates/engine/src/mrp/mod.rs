//! Material requirements planning in Business Central semantics: the MRP data on `State`
//! (planning parameters, setup, production orders, forecasts), regenerative and net-change
//! planning, the MRP card, available-to-promise and the planner's commands.
//!
//! # How the pieces fit
//!
//! * [`MrpState`] is the MRP part of [`crate::State`]: per-item [`PlanningParams`], the
//!   company [`MrpSetup`], production orders and forecasts. Sales lines, purchase orders and
//!   stock live in the shared model.
//! * [`input::PlanningData`] gathers, per item, one sorted vector of supply events and one of
//!   demand events (sales lines, forecasts net of sales, and extra [`Demand`]s that the JIT
//!   and VMI modules hand in). Planning reads only this, so a plan of 10 000 items walks flat
//!   vectors and allocates nothing per event.
//! * [`engine`] turns one item's events into [`PlanningLine`]s (New, Change Qty., Reschedule,
//!   Resched. & Chg. Qty., Cancel). [`plan_all`] / [`plan_item`] are regenerative;
//!   [`plan_net_change`] re-plans only the items a change touched and keeps the other lines.
//! * [`commands`] holds [`MrpCommand`]: accepting lines turns them into purchase / production
//!   orders with ids the caller supplies; other commands edit the MRP data.
//! * [`card`] is the MRP card of seed 002; [`atp`] answers sales' available-to-promise
//!   question and computes consequences of late supply; [`scenario`] is the batch API over
//!   the `bc-planning.json` case schema; [`synth`] generates benchmark workloads.
//!
//! Plans are derived data: pure functions of the state and `as_of`, never stored.

pub mod atp;
pub mod card;
pub mod changes;
pub mod commands;
pub mod engine;
pub mod input;
pub mod params;
pub mod scenario;
pub mod synth;

pub use atp::{
    AtpRequest, AtpResult, atp_check, atp_table, look_ahead_warnings, po_change_consequences,
};
pub use card::{MrpCard, Period, mrp_card};
pub use commands::{MrpCommand, apply};
pub use engine::{Action, LineKind, Plan, PlanningLine, Reason, SupplyRef};
pub use params::{Diagnostic, MrpSetup, PlanningParams, Policy, Replenishment, Severity};
pub use scenario::{ScenarioError, mrp_card_case_csv, mrp_card_case_json, plan_case_json};

use crate::State;
use crate::types::{Day, ItemId, Qty, SalesOrderId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The MRP data kept on [`State`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MrpState {
    /// Company-wide planning setup (Business Central's Manufacturing Setup).
    #[serde(default)]
    pub setup: MrpSetup,
    /// Planning parameters per item; an item without an entry is not planned.
    #[serde(default)]
    pub params: BTreeMap<ItemId, PlanningParams>,
    /// Production orders: supply like purchase orders, made in house.
    #[serde(default)]
    pub production_orders: BTreeMap<String, ProductionOrder>,
    /// Demand forecasts, consumed by sales orders in their period.
    #[serde(default)]
    pub forecasts: BTreeMap<String, Forecast>,
}

/// A production order for one item (BC: firm planned or released production order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductionOrder {
    pub id: String,
    pub item: ItemId,
    pub qty: Qty,
    /// Quantity already finished (posted output).
    #[serde(default)]
    pub finished: Qty,
    /// Due date: the day the output is available.
    pub due: Day,
    #[serde(default)]
    pub flexibility: crate::model::Flexibility,
}

impl ProductionOrder {
    /// Quantity still to come out of production.
    pub fn outstanding(&self) -> Qty {
        (self.qty - self.finished).at_least_zero()
    }
}

/// A forecast quantity for one item over `[start, end)`.
///
/// Sales order lines shipping in the period consume it: only `qty − sales` (never below zero)
/// enters planning, on `max(start, as_of)`. Example: forecast 100 for March, sales lines of 30
/// and 20 shipping in March → forecast demand 50 on 1 March.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    pub id: String,
    pub item: ItemId,
    pub start: Day,
    /// First day after the period.
    pub end: Day,
    pub qty: Qty,
}

/// Where a demand comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DemandSource {
    SalesLine {
        order: SalesOrderId,
        line: u32,
    },
    Forecast {
        id: String,
    },
    JitCall {
        id: String,
    },
    VmiProposal {
        id: String,
    },
    /// A demand of a batch scenario case (position in its `demands` array).
    Scenario {
        index: u32,
    },
}

/// One gross requirement: `qty` of `item` leaving stock on `day`.
///
/// JIT calls and VMI proposals are not in the MRP state; their modules turn them into
/// `Demand`s and pass them to [`plan_all`], [`atp_check`] and friends as `extra` demands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Demand {
    pub item: ItemId,
    pub day: Day,
    pub qty: Qty,
    pub source: DemandSource,
}

/// Regenerative plan of every item that has planning parameters.
pub fn plan_all(state: &State, as_of: Day, extra: &[Demand]) -> Plan {
    let data = input::PlanningData::build(state, as_of, extra);
    engine::plan_data(&data)
}

/// Regenerative plan including the process demand of JIT calls and VMI proposals
/// ([`crate::demand::extra_demands`]): what the UI and the CLI show.
pub fn plan_all_with_process_demand(state: &State, as_of: Day) -> Plan {
    crate::demand::plan_all(state, as_of)
}

/// Regenerative plan of one item.
pub fn plan_item(state: &State, item: &ItemId, as_of: Day, extra: &[Demand]) -> Plan {
    let mut only = BTreeSet::new();
    only.insert(item.clone());
    let data = input::PlanningData::build_for(state, as_of, extra, Some(&only));
    engine::plan_data(&data)
}

/// Net-change plan: re-plans only `changed` items and keeps `previous`'s lines for the rest.
///
/// The result equals a regenerative plan as long as `changed` names every item whose
/// supply, demand, stock or parameters changed since `previous` was made for the same
/// `as_of` (an item no longer planned simply drops out).
pub fn plan_net_change(
    state: &State,
    previous: &Plan,
    changed: &BTreeSet<ItemId>,
    as_of: Day,
    extra: &[Demand],
) -> Plan {
    let data = input::PlanningData::build_for(state, as_of, extra, Some(changed));
    let fresh = engine::plan_data(&data);
    previous.merged_with(fresh, changed)
}
