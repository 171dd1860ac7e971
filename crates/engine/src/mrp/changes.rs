//! Which items a net-change plan must re-plan: the items whose planning inputs differ
//! between the state the previous plan was made from and the current state.

use super::{Forecast, PlanningParams, ProductionOrder};
use crate::State;
use crate::model::{PurchaseOrder, SalesLine};
use crate::types::{ItemId, LocationId, Qty};
use std::collections::{BTreeMap, BTreeSet};

/// Everything planning reads about one item (compared, never stored).
#[derive(Default, PartialEq)]
struct Facts<'a> {
    params: Option<&'a PlanningParams>,
    stock: Option<&'a BTreeMap<LocationId, Qty>>,
    purchases: Vec<&'a PurchaseOrder>,
    sales: Vec<&'a SalesLine>,
    production: Vec<&'a ProductionOrder>,
    forecasts: Vec<&'a Forecast>,
}

/// One pass over each collection; the vectors keep the maps' (defined) order.
fn facts(state: &State) -> BTreeMap<&ItemId, Facts<'_>> {
    let mut out: BTreeMap<&ItemId, Facts<'_>> = BTreeMap::new();
    for (item, p) in &state.mrp.params {
        out.entry(item).or_default().params = Some(p);
    }
    for (item, s) in &state.stock {
        out.entry(item).or_default().stock = Some(s);
    }
    for po in state.purchase_orders.values() {
        out.entry(&po.item).or_default().purchases.push(po);
    }
    for so in state.sales_orders.values() {
        for l in &so.lines {
            out.entry(&l.item).or_default().sales.push(l);
        }
    }
    for po in state.mrp.production_orders.values() {
        out.entry(&po.item).or_default().production.push(po);
    }
    for f in state.mrp.forecasts.values() {
        out.entry(&f.item).or_default().forecasts.push(f);
    }
    out
}

/// Items whose planning inputs (parameters, stock, purchase / production orders, sales
/// lines, forecasts) differ between `before` and `after`. A changed planning setup changes
/// every planned item. Feed the result to [`super::plan_net_change`].
pub fn changed_items(before: &State, after: &State) -> BTreeSet<ItemId> {
    if before.mrp.setup != after.mrp.setup {
        return before
            .mrp
            .params
            .keys()
            .chain(after.mrp.params.keys())
            .cloned()
            .collect();
    }
    let (a, b) = (facts(before), facts(after));
    let empty = Facts::default();
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k).unwrap_or(&empty) != b.get(*k).unwrap_or(&empty))
        .map(|k| (*k).clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mrp::{MrpCommand, Policy, plan_all, plan_net_change};
    use crate::types::{Day, PurchaseOrderId};
    use crate::{Command, apply};

    fn demo() -> (State, Day) {
        let as_of = Day::ymd(2026, 11, 22).unwrap();
        let mut s = State::default();
        for c in crate::demo::commands(as_of) {
            apply(&mut s, c).unwrap();
        }
        for item in ["HR-100", "CP-300"] {
            let mut p = PlanningParams::new(Policy::LotForLot);
            p.lead_time_days = 5;
            apply(
                &mut s,
                Command::Mrp {
                    command: MrpCommand::SetPlanningParams {
                        item: ItemId::new(item),
                        params: p,
                    },
                },
            )
            .unwrap();
        }
        (s, as_of)
    }

    #[test]
    fn unchanged_state_changes_nothing() {
        let (s, _) = demo();
        assert!(changed_items(&s, &s.clone()).is_empty());
    }

    #[test]
    fn a_delayed_purchase_order_changes_its_item_and_net_change_equals_regenerative() {
        let (before, as_of) = demo();
        let previous = plan_all(&before, as_of, &[]);
        let mut after = before.clone();
        apply(
            &mut after,
            Command::Mrp {
                command: MrpCommand::ChangePurchaseOrder {
                    id: PurchaseOrderId::new("PO-5001"),
                    due: Some(as_of.plus(30)),
                    qty: None,
                },
            },
        )
        .unwrap();
        let changed = changed_items(&before, &after);
        assert_eq!(
            changed.into_iter().collect::<Vec<_>>(),
            [ItemId::new("HR-100")]
        );
        let net = plan_net_change(
            &after,
            &previous,
            &changed_items(&before, &after),
            as_of,
            &[],
        );
        assert_eq!(net, plan_all(&after, as_of, &[]));
    }
}
