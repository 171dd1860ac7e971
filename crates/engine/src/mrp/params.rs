//! Planning parameters per item, the company setup, and their validation into the resolved
//! values the planning engine uses (with diagnostics where a setting is wrong or adjusted).

use crate::types::{ItemId, Qty};
use serde::{Deserialize, Serialize};

/// Business Central's reordering policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Order the reorder quantity (in multiples) when projected inventory falls to or below
    /// the reorder point at the end of a time bucket.
    FixedReorderQty,
    /// Order up to the maximum inventory when the reorder point is reached.
    MaximumQty,
    /// One supply per demand date or lot-accumulation window, sized to the demand.
    LotForLot,
    /// One supply per demand, exactly its quantity (order-to-order).
    Order,
    /// Not planned.
    None,
}

/// Whether new supply is bought or made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Replenishment {
    #[default]
    Purchase,
    Production,
}

/// An item's planning parameters (BC item card, Planning tab). Quantities in base units,
/// periods in days; 0 means "blank" unless said otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanningParams {
    pub policy: Policy,
    #[serde(default)]
    pub reorder_point: Qty,
    #[serde(default)]
    pub reorder_qty: Qty,
    #[serde(default)]
    pub max_inventory: Qty,
    /// Overflow level; 0 = not used (BC's "Use Item/SKU Values Only").
    #[serde(default)]
    pub overflow_level: Qty,
    #[serde(default)]
    pub safety_stock: Qty,
    /// `None` = blank: the setup's default safety lead time applies; `Some(0)` = zero.
    #[serde(default)]
    pub safety_lead_time_days: Option<i32>,
    #[serde(default)]
    pub lead_time_days: i32,
    #[serde(default)]
    pub min_order_qty: Qty,
    /// 0 = no maximum.
    #[serde(default)]
    pub max_order_qty: Qty,
    /// 0 = no rounding.
    #[serde(default)]
    pub order_multiple: Qty,
    /// Time bucket of reorder-point policies; `None` = one day.
    #[serde(default)]
    pub time_bucket_days: Option<i32>,
    #[serde(default)]
    pub lot_accumulation_days: i32,
    #[serde(default)]
    pub rescheduling_days: i32,
    #[serde(default)]
    pub dampener_period_days: i32,
    #[serde(default)]
    pub dampener_qty: Qty,
    /// Lot-for-lot only: whether stock on hand covers demand.
    #[serde(default = "yes")]
    pub include_inventory: bool,
    #[serde(default)]
    pub replenishment: Replenishment,
    /// Vendor for new purchase orders.
    #[serde(default)]
    pub vendor: Option<String>,
}

fn yes() -> bool {
    true
}

impl PlanningParams {
    /// Parameters of the given policy with every other field blank.
    pub fn new(policy: Policy) -> Self {
        PlanningParams {
            policy,
            reorder_point: Qty::ZERO,
            reorder_qty: Qty::ZERO,
            max_inventory: Qty::ZERO,
            overflow_level: Qty::ZERO,
            safety_stock: Qty::ZERO,
            safety_lead_time_days: None,
            lead_time_days: 0,
            min_order_qty: Qty::ZERO,
            max_order_qty: Qty::ZERO,
            order_multiple: Qty::ZERO,
            time_bucket_days: None,
            lot_accumulation_days: 0,
            rescheduling_days: 0,
            dampener_period_days: 0,
            dampener_qty: Qty::ZERO,
            include_inventory: true,
            replenishment: Replenishment::Purchase,
            vendor: None,
        }
    }
}

/// Company planning setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrpSetup {
    /// Used where an item's safety lead time is blank. BC recommends at least one day.
    pub default_safety_lead_time_days: i32,
    /// Whether exception orders (safety stock, shortage) are sized with the reorder quantity,
    /// maximum inventory and order modifiers (true) or get exactly the missing quantity.
    pub respect_planning_parameters: bool,
    /// ATP period: how far ahead the ATP check looks for later demand (seed 002).
    pub atp_period_days: i32,
    /// Look-ahead horizon for warnings and the "big order just outside the ATP period" check.
    pub look_ahead_days: i32,
}

impl Default for MrpSetup {
    fn default() -> Self {
        MrpSetup {
            default_safety_lead_time_days: 1,
            respect_planning_parameters: false,
            atp_period_days: 28,
            look_ahead_days: 21,
        }
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The value was changed for planning, as Business Central does silently.
    Adjusted,
    /// The setting is suspicious but planning proceeds with it.
    Warning,
    /// The setting cannot be used; the named part of planning is skipped.
    Error,
}

/// A finding about an item's planning data, naming item and field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    pub item: ItemId,
    pub field: String,
    pub severity: Severity,
    pub message: String,
}

/// Parameters after validation: what the engine actually plans with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub policy: Policy,
    pub rop: i64,
    pub roq: i64,
    pub max_inv: i64,
    pub overflow: Option<i64>,
    pub ss: i64,
    pub slt: i32,
    pub lt: i32,
    pub min: i64,
    pub max: i64,
    pub mult: i64,
    pub bucket: i32,
    pub lot: i32,
    pub resched: i32,
    pub damp_period: i32,
    pub damp_qty: i64,
    pub include_inventory: bool,
    pub respect: bool,
}

impl PlanningParams {
    /// Checks the parameters and resolves blanks against `setup`.
    ///
    /// Inconsistent values (negative quantities, minimum above maximum order quantity, …)
    /// come back as diagnostics naming the item and the field. Where Business Central
    /// silently adjusts a setting, the same adjustment is made and reported as
    /// [`Severity::Adjusted`]. Example: lot-for-lot with dampener period 7 and lot
    /// accumulation period 3 plans with a dampener period of 3 ("the dampener period is
    /// reduced to match the lot accumulation period").
    pub fn resolve(&self, item: &ItemId, setup: &MrpSetup) -> (Resolved, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let mut diag = |field: &str, severity: Severity, message: String| {
            d.push(Diagnostic {
                item: item.clone(),
                field: field.to_owned(),
                severity,
                message,
            });
        };
        let mut qty = |field: &str, q: Qty| -> i64 {
            if q.is_negative() {
                diag(
                    field,
                    Severity::Error,
                    format!("must not be negative ({q}); 0 is used"),
                );
                0
            } else {
                q.0
            }
        };
        let rop = qty("reorder_point", self.reorder_point);
        let roq = qty("reorder_qty", self.reorder_qty);
        let max_inv = qty("max_inventory", self.max_inventory);
        let overflow_raw = qty("overflow_level", self.overflow_level);
        let ss = qty("safety_stock", self.safety_stock);
        let min = qty("min_order_qty", self.min_order_qty);
        let mut max = qty("max_order_qty", self.max_order_qty);
        let mult = qty("order_multiple", self.order_multiple);
        let damp_qty = qty("dampener_qty", self.dampener_qty);
        let mut days = |field: &str, v: i32| -> i32 {
            if v < 0 {
                diag(
                    field,
                    Severity::Error,
                    format!("must not be negative ({v}); 0 is used"),
                );
                0
            } else {
                v
            }
        };
        let slt = days(
            "safety_lead_time_days",
            self.safety_lead_time_days
                .unwrap_or(setup.default_safety_lead_time_days),
        );
        let lt = days("lead_time_days", self.lead_time_days);
        let bucket_raw = days("time_bucket_days", self.time_bucket_days.unwrap_or(1));
        let lot = days("lot_accumulation_days", self.lot_accumulation_days);
        let resched = days("rescheduling_days", self.rescheduling_days);
        let mut damp_period = days("dampener_period_days", self.dampener_period_days);
        let mut policy = self.policy;

        let mut bucket = bucket_raw;
        if bucket == 0 {
            bucket = 1;
            diag(
                "time_bucket_days",
                Severity::Adjusted,
                "a time bucket of 0 days is planned as 1 day, the smallest bucket".to_owned(),
            );
        }
        if max > 0 && min > max {
            diag(
                "min_order_qty",
                Severity::Error,
                format!(
                    "minimum order quantity {min} is above the maximum order quantity {max}; the maximum is not used"
                ),
            );
            max = 0;
        }
        if max > 0 && mult > 0 && max % mult != 0 {
            diag(
                "order_multiple",
                Severity::Warning,
                format!(
                    "maximum order quantity {max} is not a multiple of the order multiple {mult}: rounded lots may exceed it"
                ),
            );
        }
        if policy == Policy::FixedReorderQty && roq == 0 {
            diag(
                "reorder_qty",
                Severity::Error,
                "fixed reorder quantity policy needs a reorder quantity above 0; item planned without reorder-point orders".to_owned(),
            );
        }
        let mut max_eff = max_inv;
        if policy == Policy::MaximumQty && max_inv <= rop {
            max_eff = rop + 1;
            diag(
                "max_inventory",
                Severity::Adjusted,
                format!(
                    "maximum inventory {max_inv} is not above the reorder point {rop}: orders bring projected inventory just above the reorder point ({max_eff})"
                ),
            );
        }
        if matches!(policy, Policy::FixedReorderQty | Policy::MaximumQty) && rop < ss {
            diag(
                "reorder_point",
                Severity::Warning,
                format!(
                    "reorder point {rop} is below the safety stock {ss}: safety stock exceptions will come before reorder-point orders"
                ),
            );
        }
        if policy == Policy::LotForLot && damp_period > lot {
            diag(
                "dampener_period_days",
                Severity::Adjusted,
                format!(
                    "dampener period {damp_period} is longer than the lot accumulation period {lot}: reduced to {lot}"
                ),
            );
            damp_period = lot;
        }
        let overflow = if overflow_raw > 0
            && matches!(policy, Policy::FixedReorderQty | Policy::MaximumQty)
        {
            let floor = match policy {
                Policy::FixedReorderQty => rop + roq,
                _ => max_eff,
            };
            if overflow_raw < floor {
                diag(
                    "overflow_level",
                    Severity::Adjusted,
                    format!(
                        "overflow level {overflow_raw} is below what a regular order reaches ({floor}); {floor} is used"
                    ),
                );
                Some(floor)
            } else {
                Some(overflow_raw)
            }
        } else {
            None
        };
        if policy == Policy::FixedReorderQty && roq == 0 {
            // Only exception orders remain possible; keep the policy, the engine checks roq.
            policy = Policy::FixedReorderQty;
        }
        (
            Resolved {
                policy,
                rop,
                roq,
                max_inv: max_eff,
                overflow,
                ss,
                slt,
                lt,
                min,
                max,
                mult,
                bucket,
                lot,
                resched,
                damp_period,
                damp_qty,
                include_inventory: self.include_inventory,
                respect: setup.respect_planning_parameters,
            },
            d,
        )
    }
}

impl Resolved {
    /// Splits `total` into order lots with the order modifiers, in BC's order: down to the
    /// maximum order quantity, up to the minimum, up to the next multiple; repeated until
    /// the total is covered. Example: 130 with max 100 / min 25 / multiple 10 → 100 + 30.
    pub fn lots(&self, total: i64, mut f: impl FnMut(i64)) -> i64 {
        let mut rest = total;
        let mut sum = 0;
        while rest > 0 {
            let q = self.one_lot(rest);
            f(q);
            sum += q;
            rest -= q;
        }
        sum
    }

    /// The first lot of `rest` with all modifiers applied.
    pub fn one_lot(&self, rest: i64) -> i64 {
        let mut q = rest;
        if self.max > 0 && q > self.max {
            q = self.max;
        }
        if q < self.min {
            q = self.min;
        }
        if self.mult > 0 && q % self.mult != 0 {
            q = (q / self.mult + 1) * self.mult;
        }
        q
    }

    /// Splits `total` by the maximum order quantity only (exact exception quantities).
    pub fn split_by_max(&self, total: i64, mut f: impl FnMut(i64)) -> i64 {
        let mut rest = total;
        while rest > 0 {
            let q = if self.max > 0 {
                rest.min(self.max)
            } else {
                rest
            };
            f(q);
            rest -= q;
        }
        total.max(0)
    }
}
