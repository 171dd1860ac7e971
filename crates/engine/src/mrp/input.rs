//! The planning input: per item, resolved parameters, starting stock and one sorted vector
//! each of supply and demand events, gathered once from the state (and extra demands).

use super::engine::SupplyRef;
use super::params::{Diagnostic, Replenishment, Resolved};
use super::{Demand, DemandSource, MrpState};
use crate::State;
use crate::model::Flexibility;
use crate::types::{Day, ItemId};
use std::collections::{BTreeMap, BTreeSet};

/// One scheduled receipt: an existing purchase or production order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplyEvent {
    pub day: Day,
    pub qty: i64,
    /// Planning may change it (flexibility Unlimited and nothing received yet).
    pub flexible: bool,
    pub source: SupplyRef,
}

/// One gross requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandEvent {
    pub day: Day,
    pub qty: i64,
    pub source: DemandSource,
}

/// Everything planning needs about one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemInput {
    pub item: ItemId,
    /// Whether the item has planning parameters (unplanned items are gathered for ATP).
    pub planned: bool,
    pub params: Resolved,
    pub diagnostics: Vec<Diagnostic>,
    pub replenishment: Replenishment,
    /// Stock on hand (all locations).
    pub stock: i64,
    /// Sorted by day, then source.
    pub supplies: Vec<SupplyEvent>,
    /// Sorted by day, then source.
    pub demands: Vec<DemandEvent>,
}

/// The planning input of a set of items for one planning start (`as_of`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanningData {
    pub as_of: Day,
    /// Sorted by item id.
    pub items: Vec<ItemInput>,
}

impl PlanningData {
    /// Input for every item with planning parameters.
    pub fn build(state: &State, as_of: Day, extra: &[Demand]) -> Self {
        Self::build_for(state, as_of, extra, None)
    }

    /// Input for the planned items in `only` (all planned items when `None`).
    pub fn build_for(
        state: &State,
        as_of: Day,
        extra: &[Demand],
        only: Option<&BTreeSet<ItemId>>,
    ) -> Self {
        let mrp: &MrpState = &state.mrp;
        // With `only`, unplanned items are gathered too (for ATP and cards); they plan to
        // no lines and `plan_data` leaves them out.
        let wanted = |item: &ItemId| -> bool {
            match only {
                Some(set) => set.contains(item),
                None => mrp.params.contains_key(item),
            }
        };
        let mut supplies: BTreeMap<&ItemId, Vec<SupplyEvent>> = BTreeMap::new();
        for po in state.purchase_orders.values() {
            if wanted(&po.item) && po.outstanding().is_positive() {
                supplies.entry(&po.item).or_default().push(SupplyEvent {
                    day: po.due,
                    qty: po.outstanding().0,
                    flexible: po.flexibility == Flexibility::Unlimited && po.received.is_zero(),
                    source: SupplyRef::Purchase(po.id.clone()),
                });
            }
        }
        for pr in mrp.production_orders.values() {
            if wanted(&pr.item) && pr.outstanding().is_positive() {
                supplies.entry(&pr.item).or_default().push(SupplyEvent {
                    day: pr.due,
                    qty: pr.outstanding().0,
                    flexible: pr.flexibility == Flexibility::Unlimited && pr.finished.is_zero(),
                    source: SupplyRef::Production(pr.id.clone()),
                });
            }
        }
        let mut demands: BTreeMap<&ItemId, Vec<DemandEvent>> = BTreeMap::new();
        for so in state.sales_orders.values() {
            for l in &so.lines {
                if wanted(&l.item) && l.outstanding().is_positive() {
                    demands.entry(&l.item).or_default().push(DemandEvent {
                        day: l.shipping_date,
                        qty: l.outstanding().0,
                        source: DemandSource::SalesLine {
                            order: so.id.clone(),
                            line: l.line,
                        },
                    });
                }
            }
        }
        // Forecasts net of the sales lines shipping in their period.
        for f in mrp.forecasts.values() {
            if !wanted(&f.item) || f.end <= as_of {
                continue;
            }
            let sold: i64 = demands
                .get(&f.item)
                .map(|v| {
                    v.iter()
                        .filter(|d| {
                            matches!(d.source, DemandSource::SalesLine { .. })
                                && d.day >= f.start
                                && d.day < f.end
                        })
                        .map(|d| d.qty)
                        .sum()
                })
                .unwrap_or(0);
            let net = f.qty.0 - sold;
            if net > 0 {
                demands.entry(&f.item).or_default().push(DemandEvent {
                    day: f.start.max(as_of),
                    qty: net,
                    source: DemandSource::Forecast { id: f.id.clone() },
                });
            }
        }
        for d in extra {
            if wanted(&d.item) && d.qty.is_positive() {
                demands.entry(&d.item).or_default().push(DemandEvent {
                    day: d.day,
                    qty: d.qty.0,
                    source: d.source.clone(),
                });
            }
        }
        let mut items = Vec::new();
        let unplanned = super::params::PlanningParams::new(super::params::Policy::None);
        let keys: Vec<&ItemId> = match only {
            Some(set) => set.iter().collect(),
            None => mrp.params.keys().collect(),
        };
        for item in keys {
            let p = mrp.params.get(item).unwrap_or(&unplanned);
            let (params, diagnostics) = p.resolve(item, &mrp.setup);
            let mut s = supplies.remove(item).unwrap_or_default();
            sort_supplies(&mut s);
            let mut d = demands.remove(item).unwrap_or_default();
            d.sort_by(|a, b| (a.day, &a.source).cmp(&(b.day, &b.source)));
            items.push(ItemInput {
                planned: mrp.params.contains_key(item),
                item: item.clone(),
                params,
                diagnostics,
                replenishment: p.replenishment,
                stock: state.stock_of(item).0,
                supplies: s,
                demands: d,
            });
        }
        PlanningData { as_of, items }
    }
}

impl ItemInput {
    /// Starting availability: stock (when counted) plus supply minus demand dated before the
    /// planning start, which BC treats as already received or shipped (frozen).
    pub fn starting_availability(&self, start: Day, count_stock: bool) -> i64 {
        let mut p = if count_stock { self.stock } else { 0 };
        p += self
            .supplies
            .iter()
            .take_while(|s| s.day < start)
            .map(|s| s.qty)
            .sum::<i64>();
        p -= self
            .demands
            .iter()
            .take_while(|d| d.day < start)
            .map(|d| d.qty)
            .sum::<i64>();
        p
    }
}

/// Sorts supply by due date, larger orders first within a day, then by source. Lot-for-lot
/// fills a need from the first candidates, so the largest first keeps an accepted plan
/// stable: the lots it made (maximum order quantity first, remainder last) are met again in
/// the same order.
pub fn sort_supplies(v: &mut [SupplyEvent]) {
    v.sort_by(|a, b| {
        (a.day, std::cmp::Reverse(a.qty), &a.source).cmp(&(
            b.day,
            std::cmp::Reverse(b.qty),
            &b.source,
        ))
    });
}
