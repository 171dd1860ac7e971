//! Available-to-promise for sales, MPS-style discrete and cumulative ATP, consequences of
//! late or reduced supply (pegging) and reorder-point look-ahead warnings.
//!
//! ATP looks at committed supply and demand only (stock, purchase and production orders,
//! sales lines, forecasts, extra demands) — not at planning suggestions, which purchasing
//! has not accepted yet (seed 002: "for sales, the AMQ is not taken into account").
//!
//! **Available at a date** inside the ATP period is the lowest projected inventory from that
//! date to the end of the ATP period, so that a promise never takes goods already promised
//! to a later order in the period. Outside the ATP period it is the projected inventory of
//! the date. Example: stock 100, sale of 80 on day 10, ATP period 28 days: available on
//! day 3 is min(100, 20) = 20, not 100.
//!
//! **The big order just outside the ATP period.** Sales' plain check does not see a large
//! demand just after the ATP period. The check looks `look_ahead_days` further and warns
//! when the promise would leave that later demand short. Example: stock 100, ATP period 28
//! days, a sale of 90 on day 30: a request of 50 on day 5 passes the plain check (100 ≥ 50)
//! but gets a warning, because 100 − 50 − 90 < 0.

use super::input::PlanningData;
use super::params::Policy;
use super::{Demand, DemandSource};
use crate::State;
use crate::model::Flexibility;
use crate::types::{Day, ItemId, PurchaseOrderId, Qty, SalesOrderId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// An ATP question: can `qty` of `item` ship on `requested`?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtpRequest {
    pub item: ItemId,
    pub qty: Qty,
    pub requested: Day,
    pub as_of: Day,
}

/// A comparable item sales may offer instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    pub item: ItemId,
    pub available: Qty,
}

/// A later demand the promise would leave short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtpWarning {
    pub day: Day,
    /// The demand's quantity.
    pub qty: Qty,
    pub source: DemandSource,
    /// Projected inventory on `day` if the requested quantity is promised.
    pub projected_after: Qty,
    pub message: String,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtpResult {
    pub item: ItemId,
    pub requested: Day,
    pub qty: Qty,
    /// Available to promise on the requested date (never negative).
    pub available: Qty,
    pub can_promise: bool,
    /// Earliest date on or after the requested one with enough available, if any.
    pub earliest: Option<Day>,
    /// Comparable items that can be promised in full on the requested date.
    pub alternatives: Vec<Alternative>,
    /// Capable to promise: the date new supply ordered today could arrive
    /// (`as_of` + lead time + safety lead time), never before the requested date.
    pub ctp_date: Day,
    /// Demands just outside the ATP period that this promise would leave short.
    pub warnings: Vec<AtpWarning>,
}

/// One dated change of the committed projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ev {
    pub day: Day,
    /// Signed: receipts positive, demands negative.
    pub qty: i64,
    /// Index into [`Profile::sources`] for demands, `u32::MAX` for receipts.
    pub src: u32,
    seq: u32,
}

/// Where a demand of a profile comes from, borrowed from the state where possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Src<'a> {
    Sales(&'a SalesOrderId, u32),
    Other(DemandSource),
}

impl Src<'_> {
    pub fn to_source(&self) -> DemandSource {
        match self {
            Src::Sales(order, line) => DemandSource::SalesLine {
                order: (*order).clone(),
                line: *line,
            },
            Src::Other(s) => s.clone(),
        }
    }
}

/// One item's committed projection: opening availability and dated changes, sorted by day
/// with receipts before demands (goods arriving in the morning ship the same day).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile<'a> {
    pub opening: i64,
    pub events: Vec<Ev>,
    pub sources: Vec<Src<'a>>,
}

impl<'a> Profile<'a> {
    /// The committed projection of `item` from `as_of`.
    pub fn of(state: &'a State, item: &ItemId, as_of: Day, extra: &[Demand]) -> Profile<'a> {
        let mut pr = Profile {
            opening: state.stock_of(item).0,
            events: Vec::new(),
            sources: Vec::new(),
        };
        for po in state.purchase_orders.values().filter(|p| &p.item == item) {
            pr.add(as_of, po.due, po.outstanding().0, None);
        }
        for o in state
            .mrp
            .production_orders
            .values()
            .filter(|p| &p.item == item)
        {
            pr.add(as_of, o.due, o.outstanding().0, None);
        }
        for so in state.sales_orders.values() {
            for l in so.lines.iter().filter(|l| &l.item == item) {
                pr.add(
                    as_of,
                    l.shipping_date,
                    -l.outstanding().0,
                    Some(Src::Sales(&so.id, l.line)),
                );
            }
        }
        for d in extra.iter().filter(|d| &d.item == item) {
            pr.add(as_of, d.day, -d.qty.0, Some(Src::Other(d.source.clone())));
        }
        // Forecasts net of sales, as planning sees them.
        if state.mrp.forecasts.values().any(|f| &f.item == item) {
            let mut only = BTreeSet::new();
            only.insert(item.clone());
            let data = PlanningData::build_for(state, as_of, &[], Some(&only));
            for input in &data.items {
                for d in &input.demands {
                    if matches!(d.source, DemandSource::Forecast { .. }) {
                        pr.add(as_of, d.day, -d.qty, Some(Src::Other(d.source.clone())));
                    }
                }
            }
        }
        pr.sort_events();
        pr
    }

    /// Sorts by (day, receipts first, insertion order). Events span few days compared with
    /// their number, so a counting sort over (day, kind) is used when it is cheaper.
    fn sort_events(&mut self) {
        let ev = &mut self.events;
        let (Some(lo), Some(hi)) = (
            ev.iter().map(|e| e.day.0).min(),
            ev.iter().map(|e| e.day.0).max(),
        ) else {
            return;
        };
        let span = (hi as i64 - lo as i64 + 1) as usize;
        if span > 8 * ev.len() + 1024 {
            // Keys are unique (seq), so the unstable sort is deterministic.
            ev.sort_unstable_by_key(|e| (e.day, e.qty < 0, e.seq));
            return;
        }
        let key = |e: &Ev| (e.day.0 - lo) as usize * 2 + usize::from(e.qty < 0);
        let mut start = vec![0u32; span * 2 + 1];
        for e in ev.iter() {
            start[key(e) + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut sorted = vec![ev[0]; ev.len()];
        for e in ev.iter() {
            let k = key(e);
            sorted[start[k] as usize] = *e;
            start[k] += 1;
        }
        *ev = sorted;
    }

    fn add(&mut self, as_of: Day, day: Day, qty: i64, src: Option<Src<'a>>) {
        if day < as_of {
            self.opening += qty;
            return;
        }
        if qty == 0 {
            return;
        }
        let src = match src {
            Some(s) => {
                self.sources.push(s);
                self.sources.len() as u32 - 1
            }
            None => u32::MAX,
        };
        let seq = self.events.len() as u32;
        self.events.push(Ev { day, qty, src, seq });
    }

    /// The source of a demand event.
    pub fn source(&self, e: &Ev) -> Option<&Src<'a>> {
        self.sources.get(e.src as usize)
    }

    /// (day, projected inventory at the end of that day) for each day with events.
    pub fn daily(&self) -> Vec<(Day, i64)> {
        let mut out: Vec<(Day, i64)> = Vec::with_capacity(self.events.len());
        let mut p = self.opening;
        for e in &self.events {
            p += e.qty;
            match out.last_mut() {
                Some(last) if last.0 == e.day => last.1 = p,
                _ => out.push((e.day, p)),
            }
        }
        out
    }
}

/// Available quantity per candidate date: `(day, available)` for `from` and each later
/// event day, where inside the ATP period (`day ≤ atp_end`) available is the lowest
/// projection from the day through `atp_end`, outside it the projection of the day.
fn availability(daily: &[(Day, i64)], opening: i64, from: Day, atp_end: Day) -> Vec<(Day, i64)> {
    // Projection at `from`.
    let k = daily.partition_point(|d| d.0 <= from);
    let at_from = if k == 0 { opening } else { daily[k - 1].1 };
    let mut points = vec![(from, at_from)];
    points.extend(daily[k..].iter().copied());
    // Suffix minimum over points inside the ATP period.
    let mut out = vec![(Day(0), 0); points.len()];
    let mut run = i64::MAX;
    for i in (0..points.len()).rev() {
        let (day, p) = points[i];
        if day <= atp_end {
            run = run.min(p);
            out[i] = (day, run.max(0));
        } else {
            out[i] = (day, p.max(0));
        }
    }
    out
}

/// Checks a sales request. See the module documentation for the rules.
pub fn atp_check(state: &State, req: &AtpRequest, extra: &[Demand]) -> AtpResult {
    let setup = &state.mrp.setup;
    let atp_end = req.as_of.plus(setup.atp_period_days - 1);
    let profile = Profile::of(state, &req.item, req.as_of, extra);
    let daily = profile.daily();
    let from = req.requested.max(req.as_of);
    let avail = availability(&daily, profile.opening, from, atp_end);
    let available = avail.first().map_or(0, |a| a.1);
    let can_promise = available >= req.qty.0;
    let earliest = avail.iter().find(|a| a.1 >= req.qty.0).map(|a| a.0);

    let alternatives = state
        .items
        .get(&req.item)
        .map(|it| {
            it.comparable
                .iter()
                .filter(|c| **c != req.item)
                .filter_map(|c| {
                    let p = Profile::of(state, c, req.as_of, extra);
                    let a = availability(&p.daily(), p.opening, from, atp_end)
                        .first()
                        .map_or(0, |a| a.1);
                    (a >= req.qty.0).then(|| Alternative {
                        item: c.clone(),
                        available: Qty(a),
                    })
                })
                .collect()
        })
        .unwrap_or_default();

    let (lt, slt) = match state.mrp.params.get(&req.item) {
        Some(p) => (
            p.lead_time_days,
            p.safety_lead_time_days
                .unwrap_or(setup.default_safety_lead_time_days),
        ),
        None => (0, setup.default_safety_lead_time_days),
    };
    let ctp_date = req.as_of.plus(lt.max(0) + slt.max(0)).max(req.requested);

    // Demands after the ATP period within the look-ahead that the promise would starve.
    let mut warnings = Vec::new();
    if can_promise && from <= atp_end {
        let horizon = atp_end.plus(setup.look_ahead_days);
        let mut p = profile.opening;
        for e in &profile.events {
            let (day, q) = (&e.day, &e.qty);
            p += q;
            if *day > horizon {
                break;
            }
            if *day > atp_end
                && *q < 0
                && p - req.qty.0 < 0
                && let Some(src) = profile.source(e)
            {
                warnings.push(AtpWarning {
                    day: *day,
                    qty: Qty(-q),
                    source: src.to_source(),
                    projected_after: Qty(p - req.qty.0),
                    message: format!(
                        "a demand of {} on {day}, just after the ATP period (ends {atp_end}), would be short by {} if {} are promised",
                        -q,
                        req.qty.0 - p,
                        req.qty.0
                    ),
                });
            }
        }
    }
    AtpResult {
        item: req.item.clone(),
        requested: req.requested,
        qty: req.qty,
        available: Qty(available),
        can_promise,
        earliest,
        alternatives,
        ctp_date,
        warnings,
    }
}

/// One period of the MPS view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtpRow {
    pub start: Day,
    pub end: Day,
    pub receipts: i64,
    /// Committed demand (positive).
    pub demand: i64,
    pub projected: i64,
    /// Discrete ATP after look-ahead netting.
    pub discrete_atp: i64,
    pub cumulative_atp: i64,
}

/// Discrete and cumulative ATP per period with look-ahead (the MPS view).
///
/// Discrete ATP of a period with receipts (and of the first period, which also holds the
/// opening stock) is its supply minus the demand up to the next period with receipts.
/// Look-ahead: a negative discrete ATP is taken from earlier periods' ATP, latest first,
/// and set to zero. Cumulative ATP is the running sum. Example: opening 50; period 1
/// demand 30; period 2 receipt 40, demand 70 → discrete 20 and −30 → look-ahead → 0 and 0,
/// cumulative 0, 0.
pub fn atp_table(
    state: &State,
    item: &ItemId,
    as_of: Day,
    through: Day,
    period: super::card::Period,
    extra: &[Demand],
) -> Vec<AtpRow> {
    let profile = Profile::of(state, item, as_of, extra);
    let mut rows: Vec<AtpRow> = Vec::new();
    let mut start = as_of;
    loop {
        let end = period.end_of(start).max(start);
        rows.push(AtpRow {
            start,
            end,
            receipts: 0,
            demand: 0,
            projected: 0,
            discrete_atp: 0,
            cumulative_atp: 0,
        });
        if end >= through {
            break;
        }
        start = end.plus(1);
    }
    for e in &profile.events {
        let i = rows.partition_point(|r| r.end < e.day);
        if let Some(r) = rows.get_mut(i) {
            if e.qty > 0 {
                r.receipts += e.qty;
            } else {
                r.demand -= e.qty;
            }
        }
    }
    let mut p = profile.opening;
    for r in rows.iter_mut() {
        p += r.receipts - r.demand;
        r.projected = p;
    }
    // Discrete ATP per receipt period.
    let n = rows.len();
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && rows[j].receipts == 0 {
            j += 1;
        }
        let supply = rows[i].receipts + if i == 0 { profile.opening } else { 0 };
        let demand: i64 = rows[i..j].iter().map(|r| r.demand).sum();
        if i == 0 || rows[i].receipts > 0 {
            rows[i].discrete_atp = supply - demand;
        }
        i = j;
    }
    // Look-ahead netting of negative ATP against earlier periods.
    for k in 0..n {
        if rows[k].discrete_atp < 0 {
            let mut short = -rows[k].discrete_atp;
            rows[k].discrete_atp = 0;
            for e in (0..k).rev() {
                if short == 0 {
                    break;
                }
                let take = short.min(rows[e].discrete_atp.max(0));
                rows[e].discrete_atp -= take;
                short -= take;
            }
        }
    }
    let mut cum = 0;
    for r in rows.iter_mut() {
        cum += r.discrete_atp;
        r.cumulative_atp = cum;
    }
    rows
}

/// A sales line that will no longer ship on time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateSalesLine {
    pub order: SalesOrderId,
    pub line: u32,
    pub shipping_date: Day,
    pub qty: Qty,
    /// When committed supply covers it (first-come first-served), if ever.
    pub covered_on: Option<Day>,
}

/// Pegs committed supply to demand first-come first-served and returns, per demand, the day
/// it is covered (`None` = never).
fn peg(profile: &Profile) -> Vec<(usize, Option<Day>)> {
    let mut receipts: Vec<(Day, i64)> = Vec::new();
    let mut out = Vec::new();
    let mut cum_supply = profile.opening;
    let mut cum_demand = 0;
    for e in &profile.events {
        if e.qty > 0 {
            receipts.push((e.day, e.qty));
        }
    }
    let mut ri = 0;
    for (k, e) in profile.events.iter().enumerate() {
        let (day, q) = (&e.day, e.qty);
        if q >= 0 {
            continue;
        }
        cum_demand += -q;
        // Supply arrived by the demand date.
        while ri < receipts.len() && receipts[ri].0 <= *day {
            cum_supply += receipts[ri].1;
            ri += 1;
        }
        if cum_supply >= cum_demand {
            out.push((k, Some(*day)));
        } else {
            let mut s = cum_supply;
            let mut when = None;
            for r in &receipts[ri..] {
                s += r.1;
                if s >= cum_demand {
                    when = Some(r.0);
                    break;
                }
            }
            out.push((k, when));
        }
    }
    out
}

/// Sales lines that ship on time today but not after `po` is delayed to `new_due` and / or
/// reduced to `new_qty` (seed 002: purchasing tells sales which customers to inform).
pub fn po_change_consequences(
    state: &State,
    as_of: Day,
    po: &PurchaseOrderId,
    new_due: Option<Day>,
    new_qty: Option<Qty>,
    extra: &[Demand],
) -> Vec<LateSalesLine> {
    let Some(order) = state.purchase_orders.get(po) else {
        return Vec::new();
    };
    let mut changed = state.clone();
    if let Some(o) = changed.purchase_orders.get_mut(po) {
        o.due = new_due.unwrap_or(o.due);
        o.qty = new_qty.unwrap_or(o.qty);
    }
    let before = Profile::of(state, &order.item, as_of, extra);
    let after = Profile::of(&changed, &order.item, as_of, extra);
    let on_time_before: BTreeSet<(SalesOrderId, u32)> = peg(&before)
        .into_iter()
        .filter(|(k, when)| when.is_some_and(|w| w <= before.events[*k].day))
        .filter_map(|(k, _)| match before.source(&before.events[k]) {
            Some(Src::Sales(order, line)) => Some(((*order).clone(), *line)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for (k, when) in peg(&after) {
        let e = &after.events[k];
        if when.is_some_and(|w| w <= e.day) {
            continue;
        }
        if let Some(Src::Sales(order, line)) = after.source(e)
            && on_time_before.contains(&((*order).clone(), *line))
        {
            out.push(LateSalesLine {
                order: (*order).clone(),
                line: *line,
                shipping_date: e.day,
                qty: Qty(-e.qty),
                covered_on: when,
            });
        }
    }
    out
}

/// An item whose committed projection reaches its reorder point soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookAheadWarning {
    pub item: ItemId,
    /// First day the projection is at or below the reorder point.
    pub day: Day,
    pub projected: Qty,
    pub reorder_point: Qty,
}

/// Items with a reorder-point policy whose committed projection (without suggestions)
/// reaches the reorder point within `horizon_days` from `as_of` — the items purchasing
/// evaluates early (seed 002: "about three weeks").
pub fn look_ahead_warnings(
    state: &State,
    as_of: Day,
    horizon_days: i32,
    extra: &[Demand],
) -> Vec<LookAheadWarning> {
    let end = as_of.plus(horizon_days);
    let mut out = Vec::new();
    let data = PlanningData::build(state, as_of, extra);
    for input in &data.items {
        let r = &input.params;
        if !matches!(r.policy, Policy::FixedReorderQty | Policy::MaximumQty) {
            continue;
        }
        let mut p = input.starting_availability(as_of, true);
        let mut hit = (p <= r.rop).then_some(as_of);
        let (mut si, mut di) = (
            input.supplies.partition_point(|s| s.day < as_of),
            input.demands.partition_point(|d| d.day < as_of),
        );
        while hit.is_none() {
            let day = match (input.supplies.get(si), input.demands.get(di)) {
                (None, None) => break,
                (Some(s), None) => s.day,
                (None, Some(d)) => d.day,
                (Some(s), Some(d)) => s.day.min(d.day),
            };
            if day > end {
                break;
            }
            while input.supplies.get(si).is_some_and(|s| s.day == day) {
                p += input.supplies[si].qty;
                si += 1;
            }
            while input.demands.get(di).is_some_and(|d| d.day == day) {
                p -= input.demands[di].qty;
                di += 1;
            }
            if p <= r.rop {
                hit = Some(day);
            }
        }
        if let Some(day) = hit {
            out.push(LookAheadWarning {
                item: input.item.clone(),
                day,
                projected: Qty(p),
                reorder_point: Qty(r.rop),
            });
        }
    }
    out
}

/// Purchase orders planning may not touch, for display next to the plan.
pub fn frozen_purchase_orders(state: &State) -> Vec<PurchaseOrderId> {
    state
        .purchase_orders
        .values()
        .filter(|p| p.flexibility == Flexibility::None || p.received.is_positive())
        .map(|p| p.id.clone())
        .collect()
}
