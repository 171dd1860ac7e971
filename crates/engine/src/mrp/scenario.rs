//! Batch API over one case of the `bc-planning.json` schema (see
//! `shared/scenarios/README.md`): plan it, or show its MRP card as JSON or CSV. Fields the
//! engine does not read (`expected`, `why`, …) are ignored.

use super::DemandSource;
use super::card::{Period, card_for_input};
use super::engine::{Scratch, SupplyRef, plan_item_input};
use super::input::{DemandEvent, ItemInput, SupplyEvent};
use super::params::{MrpSetup, PlanningParams, Policy};
use crate::types::{Day, ItemId, Qty};
use serde::Deserialize;
use serde_json::{Value, json};
use std::fmt;

/// Why a case could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioError {
    /// Not valid JSON or not the case schema; position and serde's reason.
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// A field has a value the engine cannot use.
    Field { field: String, message: String },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Json {
                line,
                column,
                message,
            } => {
                write!(f, "line {line}, column {column}: {message}")
            }
            ScenarioError::Field { field, message } => write!(f, "{field}: {message}"),
        }
    }
}

impl std::error::Error for ScenarioError {}

#[derive(Debug, Deserialize)]
struct CaseItem {
    policy: Policy,
    #[serde(default)]
    reorder_point: i64,
    #[serde(default)]
    reorder_qty: i64,
    #[serde(default)]
    max_inventory: i64,
    #[serde(default)]
    safety_stock: i64,
    #[serde(default)]
    safety_lead_time_days: Option<i32>,
    #[serde(default)]
    lead_time_days: i32,
    #[serde(default)]
    min_order_qty: i64,
    #[serde(default)]
    max_order_qty: i64,
    #[serde(default)]
    order_multiple: i64,
    #[serde(default)]
    time_bucket_days: Option<i32>,
    #[serde(default)]
    lot_accumulation_days: i32,
    #[serde(default)]
    rescheduling_days: i32,
    #[serde(default)]
    dampener_period_days: i32,
    #[serde(default)]
    dampener_qty: i64,
    #[serde(default)]
    overflow_level: i64,
    #[serde(default = "yes")]
    include_inventory: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
struct CaseSetup {
    #[serde(default = "one")]
    default_safety_lead_time_days: i32,
    #[serde(default)]
    respect_planning_parameters: bool,
    #[serde(default)]
    planning_start_day: i32,
    #[serde(default)]
    atp_period_days: Option<i32>,
    #[serde(default)]
    look_ahead_days: Option<i32>,
}

fn one() -> i32 {
    1
}

#[derive(Debug, Deserialize)]
struct Posting {
    qty: i64,
    day: i32,
    #[serde(default)]
    flexibility: Option<crate::model::Flexibility>,
}

#[derive(Debug, Deserialize)]
struct Case {
    #[serde(default)]
    id: Option<String>,
    item: CaseItem,
    setup: CaseSetup,
    #[serde(default)]
    inventory: Vec<Posting>,
    #[serde(default)]
    supplies: Vec<Posting>,
    #[serde(default)]
    demands: Vec<Posting>,
}

/// A case turned into engine input.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub input: ItemInput,
    pub start: Day,
    pub setup: MrpSetup,
}

pub(crate) fn prepare(case_json: &str) -> Result<Prepared, ScenarioError> {
    let case: Case = serde_json::from_str(case_json).map_err(|e| ScenarioError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let it = &case.item;
    let item = ItemId::new(case.id.clone().unwrap_or_else(|| "CASE".to_owned()));
    let params = PlanningParams {
        policy: it.policy,
        reorder_point: Qty(it.reorder_point),
        reorder_qty: Qty(it.reorder_qty),
        max_inventory: Qty(it.max_inventory),
        overflow_level: Qty(it.overflow_level),
        safety_stock: Qty(it.safety_stock),
        safety_lead_time_days: it.safety_lead_time_days,
        lead_time_days: it.lead_time_days,
        min_order_qty: Qty(it.min_order_qty),
        max_order_qty: Qty(it.max_order_qty),
        order_multiple: Qty(it.order_multiple),
        time_bucket_days: it.time_bucket_days,
        lot_accumulation_days: it.lot_accumulation_days,
        rescheduling_days: it.rescheduling_days,
        dampener_period_days: it.dampener_period_days,
        dampener_qty: Qty(it.dampener_qty),
        include_inventory: it.include_inventory,
        replenishment: Default::default(),
        vendor: None,
    };
    let defaults = MrpSetup::default();
    let setup = MrpSetup {
        default_safety_lead_time_days: case.setup.default_safety_lead_time_days,
        respect_planning_parameters: case.setup.respect_planning_parameters,
        atp_period_days: case
            .setup
            .atp_period_days
            .unwrap_or(defaults.atp_period_days),
        look_ahead_days: case
            .setup
            .look_ahead_days
            .unwrap_or(defaults.look_ahead_days),
    };
    let start = Day(case.setup.planning_start_day);
    let (resolved, diagnostics) = params.resolve(&item, &setup);
    let mut stock = 0;
    let mut supplies = Vec::new();
    for (i, p) in case.inventory.iter().enumerate() {
        if p.day < start.0 {
            stock += p.qty;
        } else {
            // A posting dated in the future is fixed supply.
            supplies.push(SupplyEvent {
                day: Day(p.day),
                qty: p.qty,
                flexible: false,
                source: SupplyRef::Scenario(10_000 + i as u32),
            });
        }
    }
    for (i, p) in case.supplies.iter().enumerate() {
        if p.qty <= 0 {
            return Err(ScenarioError::Field {
                field: format!("supplies[{i}].qty"),
                message: format!("must be above zero, is {}", p.qty),
            });
        }
        supplies.push(SupplyEvent {
            day: Day(p.day),
            qty: p.qty,
            flexible: p.flexibility != Some(crate::model::Flexibility::None),
            source: SupplyRef::Scenario(i as u32),
        });
    }
    let mut demands = Vec::new();
    for (i, p) in case.demands.iter().enumerate() {
        if p.qty < 0 {
            return Err(ScenarioError::Field {
                field: format!("demands[{i}].qty"),
                message: format!("must not be negative, is {}", p.qty),
            });
        }
        demands.push(DemandEvent {
            day: Day(p.day),
            qty: p.qty,
            source: DemandSource::Scenario { index: i as u32 },
        });
    }
    super::input::sort_supplies(&mut supplies);
    demands.sort_by(|a, b| (a.day, &a.source).cmp(&(b.day, &b.source)));
    let input = ItemInput {
        planned: true,
        item,
        params: resolved,
        diagnostics,
        replenishment: Default::default(),
        stock,
        supplies,
        demands,
    };
    Ok(Prepared {
        input,
        start,
        setup,
    })
}

/// Plans one case. Returns a JSON array of lines, each with `action`, `day` (due date),
/// `orig_qty`, `qty`, and also `orig_day`, `supply` (index into the case's `supplies`),
/// `kind` and `reason`. Diagnostics are not part of the array (see [`plan_case_report`]).
pub fn plan_case_json(case_json: &str) -> Result<Value, ScenarioError> {
    Ok(plan_case_report(case_json)?["lines"].take())
}

/// Plans one case: `{"lines": [...], "diagnostics": [...]}`.
pub fn plan_case_report(case_json: &str) -> Result<Value, ScenarioError> {
    let prep = prepare(case_json)?;
    let plan = plan_item_input(&prep.input, prep.start, &mut Scratch::default());
    let lines: Vec<Value> = plan
        .lines
        .iter()
        .map(|l| {
            json!({
                "action": l.action.label(),
                "day": l.due.0,
                "orig_qty": l.orig_qty.0,
                "qty": l.qty.0,
                "orig_day": l.orig_due.map(|d| d.0),
                "supply": match &l.supply { Some(SupplyRef::Scenario(i)) => Some(*i), _ => None },
                "kind": l.reason.kind,
                "reason": l.reason.to_string(),
            })
        })
        .collect();
    Ok(json!({ "lines": lines, "diagnostics": plan.diagnostics }))
}

/// The MRP card of one case (planning lines applied as action message quantities), as JSON.
pub fn mrp_card_case_json(case_json: &str, period: Period) -> Result<Value, ScenarioError> {
    let card = case_card(case_json, period)?;
    serde_json::to_value(&card).map_err(|e| ScenarioError::Field {
        field: "card".to_owned(),
        message: e.to_string(),
    })
}

/// The MRP card of one case as CSV (one header line, one line per period).
pub fn mrp_card_case_csv(case_json: &str, period: Period) -> Result<String, ScenarioError> {
    Ok(case_card(case_json, period)?.to_csv())
}

fn case_card(case_json: &str, period: Period) -> Result<super::card::MrpCard, ScenarioError> {
    let prep = prepare(case_json)?;
    let plan = plan_item_input(&prep.input, prep.start, &mut Scratch::default());
    let last = prep
        .input
        .supplies
        .iter()
        .map(|s| s.day)
        .chain(prep.input.demands.iter().map(|d| d.day))
        .chain(plan.lines.iter().map(|l| l.due))
        .max()
        .unwrap_or(prep.start)
        .max(prep.start);
    Ok(card_for_input(
        &prep.input,
        &plan.lines,
        prep.start,
        last,
        period,
        &prep.setup,
    ))
}
