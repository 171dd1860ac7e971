//! The arithmetic of the replenishment need (seed §3.3, §9, §10), one rule per function, each
//! with a worked example. [`super::generate`] applies them to many rows at once.

use super::PlanningData;
use crate::model::SalesLine;
use crate::types::{Day, Qty};

/// Planned delivery date = as-of date + replenishment lead time in calendar days (§3.1.1).
///
/// ```
/// # use takt_engine::{Day, vmi::rules::planned_delivery_date};
/// let as_of = Day::ymd(2026, 3, 2).unwrap();
/// assert_eq!(planned_delivery_date(as_of, 5), Day::ymd(2026, 3, 7).unwrap());
/// ```
pub fn planned_delivery_date(as_of: Day, lead_time_days: i32) -> Day {
    as_of.plus(lead_time_days.max(0))
}

/// The quantity of a sales order line that still reaches the customer: ordered − delivered −
/// reserved (§3.3: "die Mengen … werden um die reservierten Mengen reduziert"), never
/// negative. A fully delivered line counts nothing (§9).
///
/// ```
/// # use takt_engine::{Day, Qty, model::SalesLine, vmi::rules::open_qty};
/// let line = SalesLine { line: 1, item: "A100".into(), qty: Qty(30), delivered: Qty(10),
///     reserved: Qty(5), shipping_date: Day(0), location: None };
/// assert_eq!(open_qty(&line), Qty(15)); // 30 − 10 delivered − 5 reserved
/// ```
pub fn open_qty(line: &SalesLine) -> Qty {
    open_qty_of(line.qty, line.delivered, line.reserved)
}

/// [`open_qty`] on bare numbers.
pub fn open_qty_of(qty: Qty, delivered: Qty, reserved: Qty) -> Qty {
    if delivered >= qty {
        return Qty::ZERO;
    }
    Qty(qty
        .0
        .saturating_sub(delivered.0)
        .saturating_sub(reserved.0)
        .max(0))
}

/// Whether a line counts toward the customer's availability: its shipping date — the day it is
/// booked as a receipt to the customer (§9) — is on or before the planned delivery date.
/// The line's own storage location plays no part (§9).
///
/// ```
/// # use takt_engine::{Day, vmi::rules::counts_by};
/// let planned = Day::ymd(2026, 3, 7).unwrap();
/// assert!(counts_by(Day::ymd(2026, 3, 7).unwrap(), planned));   // on the day: counts
/// assert!(!counts_by(Day::ymd(2026, 3, 10).unwrap(), planned)); // after: does not
/// ```
pub fn counts_by(shipping_date: Day, planned_delivery: Day) -> bool {
    shipping_date <= planned_delivery
}

/// Available = stock − reserved + open quantity of the counting sales lines (§3.3, §9).
///
/// ```
/// # use takt_engine::{Qty, vmi::rules::available};
/// // 45 at the storage location, 5 reserved, 20 still to ship within the lead time
/// assert_eq!(available(Qty(45), Qty(5), Qty(20)), Qty(60));
/// ```
pub fn available(stock: Qty, reserved: Qty, open: Qty) -> Qty {
    Qty(stock.0.saturating_sub(reserved.0).saturating_add(open.0))
}

/// Whether a proposal is needed: available ≤ reorder point, or — no reorder point set —
/// available < minimum stock.
///
/// ```
/// # use takt_engine::{Qty, vmi::{PlanningData, rules::needs_proposal}};
/// let mut p: PlanningData = serde_json::from_str(r#"{"customer":"K1","article":"A100",
///     "sales_org":"DE","reorder_point":50,"min_stock":20,"fill_up":120,
///     "storage_location":"K1-CONSIGN"}"#).unwrap();
/// assert!(needs_proposal(Qty(50), &p));   // reaching the reorder point triggers
/// assert!(!needs_proposal(Qty(51), &p));
/// p.reorder_point = Qty(0);               // no reorder point: strictly below minimum stock
/// assert!(!needs_proposal(Qty(20), &p));
/// assert!(needs_proposal(Qty(19), &p));
/// ```
pub fn needs_proposal(available: Qty, plan: &PlanningData) -> bool {
    if plan.reorder_point.is_positive() {
        available <= plan.reorder_point
    } else {
        available < plan.min_stock
    }
}

/// The quantity before rounding: up to the fill-up level when that is above the trigger level
/// (the reorder point, or the minimum stock without one), else up to the trigger level itself.
///
/// ```
/// # use takt_engine::{Qty, vmi::{PlanningData, rules::raw_need}};
/// let mut p: PlanningData = serde_json::from_str(r#"{"customer":"K1","article":"A100",
///     "sales_org":"DE","reorder_point":50,"min_stock":20,"fill_up":120,
///     "storage_location":"K1-CONSIGN"}"#).unwrap();
/// assert_eq!(raw_need(Qty(40), &p), Qty(80));  // fill-up 120 − 40
/// p.fill_up = Qty(0);
/// assert_eq!(raw_need(Qty(40), &p), Qty(10));  // reorder point 50 − 40
/// ```
pub fn raw_need(available: Qty, plan: &PlanningData) -> Qty {
    let trigger = plan.trigger_level();
    let target = if plan.fill_up > trigger {
        plan.fill_up
    } else {
        trigger
    };
    Qty(target.0.saturating_sub(available.0))
}

/// Rounds a positive quantity up to a multiple of the lot size (0 = no lot size); the result is
/// at least one lot. Zero or less stays zero: no proposal.
///
/// ```
/// # use takt_engine::{Qty, vmi::rules::round_up_to_lot};
/// assert_eq!(round_up_to_lot(Qty(80), Qty(25)), Qty(100));
/// assert_eq!(round_up_to_lot(Qty(10), Qty(25)), Qty(25));  // at least one lot
/// assert_eq!(round_up_to_lot(Qty(75), Qty(25)), Qty(75));
/// assert_eq!(round_up_to_lot(Qty(80), Qty(0)), Qty(80));   // no lot size
/// assert_eq!(round_up_to_lot(Qty(0), Qty(25)), Qty(0));
/// ```
pub fn round_up_to_lot(qty: Qty, lot: Qty) -> Qty {
    if qty.0 <= 0 {
        return Qty::ZERO;
    }
    if lot.0 <= 0 {
        return qty;
    }
    Qty(((qty.0 - 1) / lot.0 + 1).saturating_mul(lot.0))
}

/// The proposal quantity for one row, 0 when no proposal is made: the trigger of
/// [`needs_proposal`], the need of [`raw_need`], rounded by [`round_up_to_lot`].
///
/// ```
/// # use takt_engine::{Qty, vmi::{PlanningData, rules::proposal_qty}};
/// let mut p: PlanningData = serde_json::from_str(r#"{"customer":"K1","article":"A100",
///     "sales_org":"DE","lot_size":25,"reorder_point":50,"min_stock":20,"fill_up":120,
///     "storage_location":"K1-CONSIGN"}"#).unwrap();
/// assert_eq!(proposal_qty(Qty(40), &p), Qty(100)); // 120 − 40 = 80 → 4 lots of 25
/// assert_eq!(proposal_qty(Qty(70), &p), Qty(0));   // above the reorder point
/// p.fill_up = Qty(0);
/// p.lot_size = Qty(0);
/// assert_eq!(proposal_qty(Qty(50), &p), Qty(0));   // triggered, but nothing is missing
/// ```
pub fn proposal_qty(available: Qty, plan: &PlanningData) -> Qty {
    if !needs_proposal(available, plan) {
        return Qty::ZERO;
    }
    round_up_to_lot(raw_need(available, plan), plan.lot_size)
}
