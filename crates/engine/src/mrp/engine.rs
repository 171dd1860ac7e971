//! The planning engine: one item's supply and demand events in, Business Central planning
//! lines out. Regenerative per item; net change re-runs it for the changed items only.
//!
//! # Rules (Business Central semantics), each with a worked example
//!
//! **Starting availability.** Stock plus supply minus demand dated before the planning start
//! (frozen: treated as received / shipped). Negative → an *emergency* order due the day
//! before the start for exactly the shortfall. Example: stock 10, overdue sale 25 → New 15
//! due S−1.
//!
//! **Safety stock at the start.** Availability below safety stock → an exception order due
//! the start for the difference. Example: stock 5, safety stock 10 → New 5 due S. With
//! "respect planning parameters" the quantity is sized like a regular order instead (reorder
//! quantity multiples / up to maximum inventory, then modifiers): stock 0, maximum
//! inventory 22, safety stock 7 → New 22 due S.
//!
//! **Reorder point (fixed reorder qty., maximum qty.).** Projected inventory is checked at the
//! end of every time bucket (buckets start at the planning start; a dip inside a bucket does
//! not count). Falling *to or below* the reorder point triggers an order scheduled forward
//! from the first day of the next bucket: due = that day + lead time + safety lead time.
//! Existing supply due within [that day, due] is counted first; if it lifts projected
//! inventory above the reorder point there is no order. Example: stock 150, reorder point
//! 100, reorder qty 500, 1-day bucket, sale 50 on S+7 → 100 ≤ 100 → New 500 due
//! S+8+0+1 = S+9. At the start there is one extra check: stock plus supply in the first
//! bucket ≤ reorder point → order from S.
//!
//! **Order quantity.** Fixed: the reorder quantity, in as many multiples as needed to end
//! strictly above the reorder point (projected 7, ROP 14, ROQ 3 → 9). Maximum: maximum
//! inventory − projected − supply within the lead-time window (max 200, projected 51, PO 25
//! in window → 124). Then modifiers: split by maximum order quantity, raise to the minimum,
//! round up to the multiple.
//!
//! **Exceptions at demand dates.** A demand that leaves projected inventory below safety
//! stock (or negative) gets an exception order due on the demand date for the missing
//! quantity: stock 150, safety stock 10, sale 200 → New 60 due on the sale date. Exact
//! unless planning parameters are respected; the maximum order quantity always splits.
//!
//! **Overflow.** With an overflow level set, projected inventory above it at a bucket end
//! reduces (Change Qty.) or cancels the latest flexible existing supply of that bucket.
//!
//! **Lot-for-lot.** Each demand date — or each lot-accumulation window `[first demand, first
//! demand + period]` — gets supply due on its first demand date, sized to bring projected
//! inventory back to safety stock, with modifiers. Existing flexible supply within the
//! rescheduling period of that date is used first: resized (Change Qty.), moved (Reschedule)
//! or both; flexible supply that is earlier than the period and not needed is cancelled,
//! and so is any flexible supply left over at the end. Example: stock 10, safety stock 10,
//! PO 60 and sale 55 on S+14 → Change Qty. 60 → 55. The dampener period keeps an order where
//! it is when it would move out by no more than the period; the dampener quantity keeps an
//! order's quantity when it would decrease by less than that quantity.
//!
//! **Order.** Every demand gets its own supply of exactly its quantity on its date; stock is
//! not used. Existing flexible supply is matched to demands in date order and rescheduled /
//! resized; what is left is cancelled.
//!
//! Purchase or production orders with flexibility None (or with a posted receipt) are counted
//! but never changed.

use super::input::{ItemInput, PlanningData, SupplyEvent};
use super::params::{Diagnostic, Policy, Resolved};
use crate::types::{Day, ItemId, PurchaseOrderId, Qty};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// An existing supply a planning line refers to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum SupplyRef {
    Purchase(PurchaseOrderId),
    Production(String),
    /// A supply of a batch scenario case (position in its `supplies` array).
    Scenario(u32),
}

impl fmt::Display for SupplyRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SupplyRef::Purchase(id) => write!(f, "purchase order {id}"),
            SupplyRef::Production(id) => write!(f, "production order {id}"),
            SupplyRef::Scenario(i) => write!(f, "supply #{i}"),
        }
    }
}

/// Business Central's action message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Action {
    New,
    #[serde(rename = "Change Qty.")]
    ChangeQty,
    Reschedule,
    #[serde(rename = "Resched. & Chg. Qty.")]
    ReschedAndChangeQty,
    Cancel,
}

impl Action {
    /// The label BC shows.
    pub fn label(self) -> &'static str {
        match self {
            Action::New => "New",
            Action::ChangeQty => "Change Qty.",
            Action::Reschedule => "Reschedule",
            Action::ReschedAndChangeQty => "Resched. & Chg. Qty.",
            Action::Cancel => "Cancel",
        }
    }
}

/// Why the engine made a line (also BC's warning category).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// Negative starting availability.
    Emergency,
    /// Safety stock not met at the start or at a demand date.
    SafetyStock,
    /// Demand not covered at its date.
    Shortage,
    /// Reorder point reached.
    ReorderPoint,
    /// Lot-for-lot supply (new or adjusted existing).
    LotForLot,
    /// Order-to-order supply.
    Order,
    /// Projected inventory above the overflow level.
    Overflow,
    /// Supply nobody needs.
    Surplus,
}

/// The facts behind a line, rendered as a sentence by `Display`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub kind: LineKind,
    /// The day the need arises (demand date, bucket end, planning start).
    pub day: Day,
    /// Projected inventory that triggered the line (before it).
    pub projected: i64,
    /// The level that was breached or aimed at (safety stock, reorder point, overflow …).
    pub level: i64,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Reason {
            kind,
            day,
            projected,
            level,
        } = *self;
        match kind {
            LineKind::Emergency => write!(
                f,
                "Emergency: starting availability is {projected}; supply due before the planning start covers the shortfall"
            ),
            LineKind::SafetyStock => write!(
                f,
                "Exception: projected inventory {projected} on {day} is below safety stock {level}"
            ),
            LineKind::Shortage => write!(
                f,
                "Exception: demand on {day} is not covered (projected {projected}, safety stock {level})"
            ),
            LineKind::ReorderPoint => write!(
                f,
                "Projected inventory {projected} at the end of the bucket ending {day} is at or below reorder point {level}"
            ),
            LineKind::LotForLot => write!(
                f,
                "Lot-for-lot: demand from {day} needs supply to keep projected inventory at safety stock {level} (projected before: {projected})"
            ),
            LineKind::Order => write!(f, "Order: demand on {day} gets its own supply"),
            LineKind::Overflow => write!(
                f,
                "Attention: the projected inventory {projected} is higher than the overflow level {level} on {day}"
            ),
            LineKind::Surplus => {
                write!(
                    f,
                    "Surplus: no demand needs this supply (projected {projected} on {day})"
                )
            }
        }
    }
}

/// One planning suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanningLine {
    pub item: ItemId,
    pub action: Action,
    /// The existing order a change refers to; `None` for New.
    pub supply: Option<SupplyRef>,
    /// Due date after the action (the original date for Cancel).
    pub due: Day,
    /// The existing order's due date (`None` for New).
    pub orig_due: Option<Day>,
    /// The existing order's quantity (0 for New).
    pub orig_qty: Qty,
    /// Quantity after the action (0 for Cancel).
    pub qty: Qty,
    pub reason: Reason,
}

impl PlanningLine {
    /// The sentence a planner reads.
    pub fn reason_text(&self) -> String {
        self.reason.to_string()
    }
}

/// The lines and diagnostics of one item.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ItemPlan {
    pub lines: Vec<PlanningLine>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A plan: per planned item, its lines and diagnostics.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Plan {
    pub as_of: Day,
    pub items: BTreeMap<ItemId, ItemPlan>,
}

impl Plan {
    /// All lines, by item then in planning order.
    pub fn lines(&self) -> impl Iterator<Item = &PlanningLine> {
        self.items.values().flat_map(|p| p.lines.iter())
    }

    /// All diagnostics, by item.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.values().flat_map(|p| p.diagnostics.iter())
    }

    /// Replaces one item's plan (net change); an empty plan removes nothing but stays listed.
    pub fn replace_item(&mut self, item: ItemId, plan: ItemPlan) {
        self.items.insert(item, plan);
    }

    /// `self` with the items in `changed` replaced by `fresh`'s (dropped when not in it).
    pub fn merged_with(&self, fresh: Plan, changed: &BTreeSet<ItemId>) -> Plan {
        let mut out = self.clone();
        for item in changed {
            out.items.remove(item);
        }
        out.items.extend(fresh.items);
        out.as_of = fresh.as_of;
        out
    }
}

/// Plans every item of `data`.
pub fn plan_data(data: &PlanningData) -> Plan {
    let mut items = BTreeMap::new();
    let mut scratch = Scratch::default();
    for input in data.items.iter().filter(|i| i.planned) {
        let plan = plan_item_input(input, data.as_of, &mut scratch);
        items.insert(input.item.clone(), plan);
    }
    Plan {
        as_of: data.as_of,
        items,
    }
}

/// Reusable buffers so planning many items allocates per item at most once.
#[derive(Debug, Default)]
pub struct Scratch {
    done: Vec<bool>,
    planned: Vec<(i32, i64)>,
}

/// Plans one item from planning start `start`.
pub fn plan_item_input(input: &ItemInput, start: Day, scratch: &mut Scratch) -> ItemPlan {
    let mut out = Out {
        item: &input.item,
        lines: Vec::new(),
    };
    match input.params.policy {
        Policy::None => {}
        Policy::FixedReorderQty | Policy::MaximumQty => {
            plan_reorder_point(input, start.0, scratch, &mut out)
        }
        Policy::LotForLot => plan_lot_for_lot(input, start.0, scratch, &mut out, false),
        Policy::Order => plan_lot_for_lot(input, start.0, scratch, &mut out, true),
    }
    ItemPlan {
        lines: out.lines,
        diagnostics: input.diagnostics.clone(),
    }
}

struct Out<'a> {
    item: &'a ItemId,
    lines: Vec<PlanningLine>,
}

impl Out<'_> {
    fn new_line(&mut self, due: i32, qty: i64, reason: Reason) {
        self.lines.push(PlanningLine {
            item: self.item.clone(),
            action: Action::New,
            supply: None,
            due: Day(due),
            orig_due: None,
            orig_qty: Qty::ZERO,
            qty: Qty(qty),
            reason,
        });
    }

    /// A change of an existing supply; nothing when date and quantity stay.
    fn change(&mut self, s: &SupplyEvent, due: i32, qty: i64, reason: Reason) {
        let action = match (due != s.day.0, qty != s.qty) {
            _ if qty == 0 => Action::Cancel,
            (false, false) => return,
            (false, true) => Action::ChangeQty,
            (true, false) => Action::Reschedule,
            (true, true) => Action::ReschedAndChangeQty,
        };
        self.lines.push(PlanningLine {
            item: self.item.clone(),
            action,
            supply: Some(s.source.clone()),
            due: if action == Action::Cancel {
                s.day
            } else {
                Day(due)
            },
            orig_due: Some(s.day),
            orig_qty: Qty(s.qty),
            qty: Qty(qty),
            reason,
        });
    }
}

fn reason(kind: LineKind, day: i32, projected: i64, level: i64) -> Reason {
    Reason {
        kind,
        day: Day(day),
        projected,
        level,
    }
}

/// Quantity a reorder-point order needs from projected `p` (supply in the window included).
fn reorder_qty(r: &Resolved, p: i64) -> i64 {
    match r.policy {
        Policy::FixedReorderQty if r.roq > 0 => {
            if p > r.rop {
                0
            } else {
                ((r.rop - p) / r.roq + 1) * r.roq
            }
        }
        Policy::MaximumQty => (r.max_inv - p).max(0),
        _ => 0,
    }
}

/// Exception order (safety stock / shortage) on `day`; returns the quantity added.
fn exception(r: &Resolved, out: &mut Out, day: i32, p: i64, kind: LineKind) -> i64 {
    let need = r.ss - p;
    if need <= 0 {
        return 0;
    }
    let why = reason(kind, day, p, r.ss);
    if r.respect {
        let base = match r.policy {
            Policy::FixedReorderQty | Policy::MaximumQty => reorder_qty(r, p),
            _ => 0,
        };
        r.lots(need.max(base), |q| out.new_line(day, q, why))
    } else {
        r.split_by_max(need, |q| out.new_line(day, q, why))
    }
}

fn emergency(r: &Resolved, out: &mut Out, start: i32, p: i64) -> i64 {
    if p >= 0 {
        return p;
    }
    // Exact deficiency, no modifiers: BC's emergency order.
    let _ = r;
    out.new_line(start - 1, -p, reason(LineKind::Emergency, start - 1, p, 0));
    0
}

/// The next day with an unprocessed supply, demand or planned order (hot loop: plain ints).
#[inline]
fn next_event(
    sup: &[SupplyEvent],
    si: usize,
    dem: &[super::input::DemandEvent],
    di: usize,
    planned: &[(i32, i64)],
    pi: usize,
) -> Option<i32> {
    let a = sup.get(si).map_or(i32::MAX, |x| x.day.0);
    let b = dem.get(di).map_or(i32::MAX, |x| x.day.0);
    let c = planned.get(pi).map_or(i32::MAX, |x| x.0);
    let m = a.min(b).min(c);
    (m != i32::MAX).then_some(m)
}

fn plan_reorder_point(input: &ItemInput, s: i32, scratch: &mut Scratch, out: &mut Out) {
    let r = &input.params;
    let sup = &input.supplies;
    let dem = &input.demands;
    let mut p = emergency(r, out, s, input.starting_availability(Day(s), true));
    let mut si = sup.partition_point(|x| x.day.0 < s);
    // Supply due on the start day is there at the start too (an accepted safety stock
    // order, say): count it before deciding on a safety stock exception.
    let on_start: i64 = sup[si..]
        .iter()
        .take_while(|x| x.day.0 == s)
        .map(|x| x.qty)
        .sum();
    if p + on_start < r.ss {
        p += exception(r, out, s, p + on_start, LineKind::SafetyStock);
    }
    let mut di = dem.partition_point(|x| x.day.0 < s);
    let planned = &mut scratch.planned;
    planned.clear();
    let mut pi = 0usize; // next planned order not yet received
    let b = r.bucket.max(1);
    let can_reorder = !(r.policy == Policy::FixedReorderQty && r.roq == 0);

    // Places a reorder-point order scheduled forward from `from` if the window supply does
    // not already lift projected inventory above the reorder point.
    let try_reorder =
        |from: i32, p: i64, si: usize, planned: &mut Vec<(i32, i64)>, pi: usize, out: &mut Out| {
            let due = from + r.lt + r.slt;
            let mut w = 0;
            for x in &sup[si..] {
                if x.day.0 > due {
                    break;
                }
                if x.day.0 >= from {
                    w += x.qty;
                }
            }
            for &(d, q) in &planned[pi..] {
                if d >= from && d <= due {
                    w += q;
                }
            }
            if p + w > r.rop {
                return;
            }
            let qty = reorder_qty(r, p + w);
            if qty <= 0 {
                return;
            }
            let why = reason(LineKind::ReorderPoint, from - 1, p, r.rop);
            let total = r.lots(qty, |q| out.new_line(due, q, why));
            planned.push((due, total));
        };

    if can_reorder {
        let first_end = s + b - 1;
        let in_first: i64 = sup[si..]
            .iter()
            .take_while(|x| x.day.0 <= first_end)
            .map(|x| x.qty)
            .sum();
        if p + in_first <= r.rop {
            try_reorder(s, p, si, planned, pi, out);
        }
    }

    let mut bucket_start = s;
    while let Some(next_day) = next_event(sup, si, dem, di, planned, pi) {
        if next_day > bucket_start + b - 1 {
            bucket_start = s + (next_day - s) / b * b;
        }
        let bucket_end = bucket_start + b - 1;
        let bucket_first_supply = si;
        // Walk the bucket's days in order.
        while let Some(day) = next_event(sup, si, dem, di, planned, pi).filter(|&d| d <= bucket_end)
        {
            while si < sup.len() && sup[si].day.0 == day {
                p += sup[si].qty;
                si += 1;
            }
            while pi < planned.len() && planned[pi].0 == day {
                p += planned[pi].1;
                pi += 1;
            }
            let mut demand = 0;
            while di < dem.len() && dem[di].day.0 == day {
                demand += dem[di].qty;
                di += 1;
            }
            if demand > 0 {
                p -= demand;
                if p < r.ss {
                    let kind = if p < 0 {
                        LineKind::Shortage
                    } else {
                        LineKind::SafetyStock
                    };
                    p += exception(r, out, day, p, kind);
                }
            }
        }
        if can_reorder && p <= r.rop {
            try_reorder(bucket_end + 1, p, si, planned, pi, out);
        }
        if let Some(level) = r.overflow
            && p > level
        {
            let mut excess = p - level;
            let why = reason(LineKind::Overflow, bucket_end, p, level);
            for x in sup[bucket_first_supply..si].iter().rev() {
                if excess == 0 {
                    break;
                }
                if !x.flexible {
                    continue;
                }
                let cut = excess.min(x.qty);
                out.change(x, x.day.0, x.qty - cut, why);
                excess -= cut;
                p -= cut;
            }
        }
        bucket_start += b;
    }
}

fn plan_lot_for_lot(input: &ItemInput, s: i32, scratch: &mut Scratch, out: &mut Out, order: bool) {
    let r = &input.params;
    let sup = &input.supplies;
    let dem = &input.demands;
    let count_stock = r.include_inventory && !order;
    let ss = if order { 0 } else { r.ss };
    let mut p = emergency(r, out, s, input.starting_availability(Day(s), count_stock));
    let done = &mut scratch.done;
    done.clear();
    done.resize(sup.len(), false);
    let first = sup.partition_point(|x| x.day.0 < s);
    for d in done.iter_mut().take(first) {
        *d = true;
    }
    // How far before a demand an existing order may lie and still be used for it: the
    // rescheduling period, or the dampener period when that is longer (BC keeps orders
    // inside the dampener period where they are).
    let back = r.resched.max(r.damp_period);
    let fwd = r.resched;
    let mut lo = first; // all supplies before `lo` are done

    let ctx = Cover {
        r,
        sup,
        order,
        back,
        fwd,
    };
    // Safety stock missing at the start is a demand on the start date (BC loads it into the
    // demand profile there), grouped with the demand of the start date's window.
    let mut ss_pending = p < ss;
    let mut di = dem.partition_point(|x| x.day.0 < s);
    while di < dem.len() || ss_pending {
        let g = if ss_pending { s } else { dem[di].day.0 };
        ss_pending = false;
        let w = if order { g } else { g + r.lot };
        // Supplies due up to the demand date: fixed ones arrive; flexible ones too early
        // for this demand and not used before are surplus.
        let mut i = lo;
        while i < sup.len() && sup[i].day.0 <= g {
            let x = &sup[i];
            if !done[i] {
                if !x.flexible {
                    p += x.qty;
                    done[i] = true;
                } else if !order && x.day.0 < g - back {
                    out.change(x, x.day.0, 0, reason(LineKind::Surplus, x.day.0, p, ss));
                    done[i] = true;
                }
            }
            i += 1;
        }
        while lo < sup.len() && done[lo] {
            lo += 1;
        }
        let mut demand = 0;
        let mut dj = di;
        while dj < dem.len() && dem[dj].day.0 <= w && (!order || dj == di) {
            demand += dem[dj].qty;
            dj += 1;
        }
        let need = if order { demand } else { ss + demand - p };
        if need > 0 {
            let kind = if order {
                LineKind::Order
            } else {
                LineKind::LotForLot
            };
            let why = reason(kind, g, p, ss);
            let added = ctx.cover(g, need, why, lo, done, out);
            if !order {
                p += added;
            }
        }
        if !order {
            p -= demand;
        }
        di = dj;
        // Fixed supplies inside the window arrive after the lot was sized (BC: the new lot
        // is the earlier supply and absorbs the window's demand).
    }
    for (i, x) in sup.iter().enumerate() {
        if !done[i] && x.flexible {
            out.change(x, x.day.0, 0, reason(LineKind::Surplus, x.day.0, p, ss));
        }
    }
}

struct Cover<'a> {
    r: &'a Resolved,
    sup: &'a [SupplyEvent],
    order: bool,
    back: i32,
    fwd: i32,
}

impl Cover<'_> {
    /// Covers `need` on day `g`: existing flexible supply near `g` first (rescheduled and
    /// resized), then new supply. Returns the quantity that will be there on `g`.
    fn cover(
        &self,
        g: i32,
        need: i64,
        why: Reason,
        lo: usize,
        done: &mut [bool],
        out: &mut Out,
    ) -> i64 {
        let r = self.r;
        let mut rest = need;
        let mut added = 0;
        for (i, x) in self.sup.iter().enumerate().skip(lo) {
            if rest <= 0 {
                break;
            }
            if done[i] || !x.flexible {
                continue;
            }
            if !self.order && x.day.0 > g + self.fwd {
                break;
            }
            if !self.order && x.day.0 < g - self.back {
                continue;
            }
            let target = if self.order { rest } else { r.one_lot(rest) };
            let mut qty = target;
            // Dampener quantity: no decrease smaller than it.
            if x.qty > target && x.qty - target < r.damp_qty {
                qty = x.qty;
            }
            // Dampener period: no rescheduling out by less than it.
            let mut due = g;
            if x.day.0 < g && g - x.day.0 <= r.damp_period {
                due = x.day.0;
            }
            out.change(x, due, qty, why);
            done[i] = true;
            rest -= qty;
            added += qty;
        }
        while rest > 0 {
            let q = if self.order { rest } else { r.one_lot(rest) };
            out.new_line(g, q, why);
            rest -= q;
            added += q;
        }
        added
    }
}
