//! The planner's commands: accept or reject planning lines, change purchase orders and sales
//! lines, maintain planning parameters, setup, production orders and forecasts.
//!
//! Every command validates completely before it changes anything, so a rejected command
//! leaves the state exactly as it was.

use super::engine::{Action, PlanningLine, SupplyRef};
use super::params::{MrpSetup, PlanningParams, Replenishment, Severity};
use super::{Forecast, ProductionOrder};
use crate::State;
use crate::model::{Flexibility, PurchaseOrder};
use crate::state::{Applied, EntityKind, EntityRef, Outcome, Rejection};
use crate::types::{Day, ItemId, PurchaseOrderId, Qty, SalesOrderId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// An MRP command. On the wire: `{"type": "mrp", "command": {"type": "accept_lines", …}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MrpCommand {
    /// Carries out planning lines. New lines create orders with the ids in `new_ids`, in
    /// the order the New lines appear (a purchase order or production order depending on
    /// the item's replenishment); other lines change or cancel the order they name, which
    /// must still have the line's original date and quantity.
    AcceptLines {
        lines: Vec<PlanningLine>,
        new_ids: Vec<String>,
    },
    /// Declines planning lines: nothing changes (recorded for the log only).
    RejectLines {
        lines: Vec<PlanningLine>,
    },
    /// Sets (replaces) an item's planning parameters.
    SetPlanningParams {
        item: ItemId,
        params: PlanningParams,
    },
    /// Removes an item's planning parameters: the item is no longer planned.
    ClearPlanningParams {
        item: ItemId,
    },
    SetSetup {
        setup: MrpSetup,
    },
    /// Delays / brings forward and / or changes the quantity of a purchase order.
    ChangePurchaseOrder {
        id: PurchaseOrderId,
        #[serde(default)]
        due: Option<Day>,
        #[serde(default)]
        qty: Option<Qty>,
    },
    CancelPurchaseOrder {
        id: PurchaseOrderId,
    },
    /// Changes a sales line's quantity and / or shipment date.
    ChangeSalesLine {
        order: SalesOrderId,
        line: u32,
        #[serde(default)]
        qty: Option<Qty>,
        #[serde(default)]
        shipping_date: Option<Day>,
    },
    PlaceProductionOrder {
        order: ProductionOrder,
    },
    ChangeProductionOrder {
        id: String,
        #[serde(default)]
        due: Option<Day>,
        #[serde(default)]
        qty: Option<Qty>,
    },
    CancelProductionOrder {
        id: String,
    },
    /// Creates or replaces a forecast entry.
    SetForecast {
        forecast: Forecast,
    },
    DeleteForecast {
        id: String,
    },
}

impl MrpCommand {
    /// The command's `type` on the wire.
    pub fn kind(&self) -> &'static str {
        match self {
            MrpCommand::AcceptLines { .. } => "accept_lines",
            MrpCommand::RejectLines { .. } => "reject_lines",
            MrpCommand::SetPlanningParams { .. } => "set_planning_params",
            MrpCommand::ClearPlanningParams { .. } => "clear_planning_params",
            MrpCommand::SetSetup { .. } => "set_setup",
            MrpCommand::ChangePurchaseOrder { .. } => "change_purchase_order",
            MrpCommand::CancelPurchaseOrder { .. } => "cancel_purchase_order",
            MrpCommand::ChangeSalesLine { .. } => "change_sales_line",
            MrpCommand::PlaceProductionOrder { .. } => "place_production_order",
            MrpCommand::ChangeProductionOrder { .. } => "change_production_order",
            MrpCommand::CancelProductionOrder { .. } => "cancel_production_order",
            MrpCommand::SetForecast { .. } => "set_forecast",
            MrpCommand::DeleteForecast { .. } => "delete_forecast",
        }
    }
}

/// Applies an MRP command; on `Err` the state is unchanged.
pub fn apply(state: &mut State, cmd: MrpCommand) -> Result<Applied, Rejection> {
    match cmd {
        MrpCommand::AcceptLines { lines, new_ids } => accept_lines(state, lines, new_ids),
        MrpCommand::RejectLines { lines } => Ok(Applied::new(
            format!("{} planning line(s) rejected; nothing changed", lines.len()),
            Vec::new(),
        )),
        MrpCommand::SetPlanningParams { item, params } => {
            if !state.items.contains_key(&item) {
                return Err(Rejection::not_found("item", &item));
            }
            let (_, diags) = params.resolve(&item, &state.mrp.setup);
            if let Some(e) = diags.iter().find(|d| d.severity == Severity::Error) {
                return Err(Rejection::invalid(
                    format!("params.{}", e.field),
                    e.message.clone(),
                ));
            }
            state.mrp.params.insert(item.clone(), params);
            let mut applied = Applied::new(
                format!("planning parameters of {item} saved"),
                vec![EntityRef::new(EntityKind::PlanningParams, item.to_string())],
            );
            applied.outcomes = diags
                .into_iter()
                .map(|d| Outcome {
                    id: d.field.into(),
                    ok: true,
                    message: d.message.into(),
                })
                .collect();
            Ok(applied)
        }
        MrpCommand::ClearPlanningParams { item } => {
            if state.mrp.params.remove(&item).is_none() {
                return Err(Rejection::not_found("planning parameters", &item));
            }
            Ok(Applied::new(
                format!("{item} is no longer planned"),
                vec![EntityRef::new(EntityKind::PlanningParams, item.to_string())],
            ))
        }
        MrpCommand::SetSetup { setup } => {
            for (field, v) in [
                (
                    "default_safety_lead_time_days",
                    setup.default_safety_lead_time_days,
                ),
                ("atp_period_days", setup.atp_period_days),
                ("look_ahead_days", setup.look_ahead_days),
            ] {
                if v < 0 {
                    return Err(Rejection::invalid(field, "must not be negative"));
                }
            }
            state.mrp.setup = setup;
            Ok(Applied::new(
                "planning setup saved",
                vec![EntityRef::new(EntityKind::MrpSetup, "setup")],
            ))
        }
        MrpCommand::ChangePurchaseOrder { id, due, qty } => {
            let po = state
                .purchase_orders
                .get(&id)
                .ok_or_else(|| Rejection::not_found("purchase order", &id))?;
            if let Some(q) = qty
                && (!q.is_positive() || q < po.received)
            {
                return Err(Rejection::invalid(
                    "qty",
                    format!(
                        "must be above zero and at least the received {}",
                        po.received
                    ),
                ));
            }
            let po = state
                .purchase_orders
                .get_mut(&id)
                .ok_or_else(|| Rejection::not_found("purchase order", &id))?;
            po.due = due.unwrap_or(po.due);
            po.qty = qty.unwrap_or(po.qty);
            Ok(Applied::new(
                format!("purchase order {id} now {} due {}", po.qty, po.due),
                vec![EntityRef::new(EntityKind::PurchaseOrder, id.to_string())],
            ))
        }
        MrpCommand::CancelPurchaseOrder { id } => {
            let po = state
                .purchase_orders
                .get(&id)
                .ok_or_else(|| Rejection::not_found("purchase order", &id))?;
            if po.received.is_positive() {
                return Err(Rejection::precondition(
                    &id,
                    "goods were received; reduce it instead",
                ));
            }
            state.purchase_orders.remove(&id);
            Ok(Applied::new(
                format!("purchase order {id} cancelled"),
                vec![EntityRef::new(EntityKind::PurchaseOrder, id.to_string())],
            ))
        }
        MrpCommand::ChangeSalesLine {
            order,
            line,
            qty,
            shipping_date,
        } => {
            let so = state
                .sales_orders
                .get(&order)
                .ok_or_else(|| Rejection::not_found("sales order", &order))?;
            let l = so
                .lines
                .iter()
                .find(|l| l.line == line)
                .ok_or_else(|| Rejection::not_found("sales line", format!("{order}/{line}")))?;
            if let Some(q) = qty
                && (!q.is_positive() || q < l.delivered)
            {
                return Err(Rejection::invalid(
                    "qty",
                    format!(
                        "must be above zero and at least the delivered {}",
                        l.delivered
                    ),
                ));
            }
            let so = state
                .sales_orders
                .get_mut(&order)
                .ok_or_else(|| Rejection::not_found("sales order", &order))?;
            if let Some(l) = so.lines.iter_mut().find(|l| l.line == line) {
                l.qty = qty.unwrap_or(l.qty);
                l.shipping_date = shipping_date.unwrap_or(l.shipping_date);
            }
            Ok(Applied::new(
                format!("sales line {order}/{line} changed"),
                vec![EntityRef::new(EntityKind::SalesOrder, order.to_string())],
            ))
        }
        MrpCommand::PlaceProductionOrder { order } => {
            if order.id.trim().is_empty() {
                return Err(Rejection::invalid("order.id", "must not be empty"));
            }
            if state.mrp.production_orders.contains_key(&order.id) {
                return Err(Rejection::precondition(
                    &order.id,
                    "a production order with this number exists",
                ));
            }
            if !state.items.contains_key(&order.item) {
                return Err(Rejection::not_found("item", &order.item));
            }
            if !order.qty.is_positive() || order.finished.is_negative() {
                return Err(Rejection::invalid(
                    "order.qty",
                    "must be above zero (finished not negative)",
                ));
            }
            let id = order.id.clone();
            state.mrp.production_orders.insert(id.clone(), order);
            Ok(Applied::new(
                format!("production order {id} placed"),
                vec![EntityRef::new(EntityKind::ProductionOrder, id)],
            ))
        }
        MrpCommand::ChangeProductionOrder { id, due, qty } => {
            let pr = state
                .mrp
                .production_orders
                .get(&id)
                .ok_or_else(|| Rejection::not_found("production order", &id))?;
            if let Some(q) = qty
                && (!q.is_positive() || q < pr.finished)
            {
                return Err(Rejection::invalid(
                    "qty",
                    "must be above zero and at least the finished quantity",
                ));
            }
            if let Some(pr) = state.mrp.production_orders.get_mut(&id) {
                pr.due = due.unwrap_or(pr.due);
                pr.qty = qty.unwrap_or(pr.qty);
            }
            Ok(Applied::new(
                format!("production order {id} changed"),
                vec![EntityRef::new(EntityKind::ProductionOrder, id)],
            ))
        }
        MrpCommand::CancelProductionOrder { id } => {
            if state.mrp.production_orders.remove(&id).is_none() {
                return Err(Rejection::not_found("production order", &id));
            }
            Ok(Applied::new(
                format!("production order {id} cancelled"),
                vec![EntityRef::new(EntityKind::ProductionOrder, id)],
            ))
        }
        MrpCommand::SetForecast { forecast } => {
            if forecast.id.trim().is_empty() {
                return Err(Rejection::invalid("forecast.id", "must not be empty"));
            }
            if !state.items.contains_key(&forecast.item) {
                return Err(Rejection::not_found("item", &forecast.item));
            }
            if forecast.qty.is_negative() {
                return Err(Rejection::invalid("forecast.qty", "must not be negative"));
            }
            if forecast.end <= forecast.start {
                return Err(Rejection::invalid(
                    "forecast.end",
                    "must be after the start",
                ));
            }
            let id = forecast.id.clone();
            state.mrp.forecasts.insert(id.clone(), forecast);
            Ok(Applied::new(
                format!("forecast {id} saved"),
                vec![EntityRef::new(EntityKind::Forecast, id)],
            ))
        }
        MrpCommand::DeleteForecast { id } => {
            if state.mrp.forecasts.remove(&id).is_none() {
                return Err(Rejection::not_found("forecast", &id));
            }
            Ok(Applied::new(
                format!("forecast {id} deleted"),
                vec![EntityRef::new(EntityKind::Forecast, id)],
            ))
        }
    }
}

/// What one accepted line will do, worked out before anything changes.
enum Step {
    NewPurchase(PurchaseOrder),
    NewProduction(ProductionOrder),
    Purchase {
        id: PurchaseOrderId,
        due: Day,
        outstanding: Qty,
    },
    Production {
        id: String,
        due: Day,
        outstanding: Qty,
    },
}

fn accept_lines(
    state: &mut State,
    lines: Vec<PlanningLine>,
    new_ids: Vec<String>,
) -> Result<Applied, Rejection> {
    let n_new = lines.iter().filter(|l| l.action == Action::New).count();
    if n_new != new_ids.len() {
        return Err(Rejection::invalid(
            "new_ids",
            format!(
                "{n_new} New line(s) need as many ids, {} given",
                new_ids.len()
            ),
        ));
    }
    let mut ids = new_ids.into_iter();
    let mut seen_new = BTreeSet::new();
    let mut seen_changed = BTreeSet::new();
    let mut steps = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let field = |f: &str| format!("lines[{i}].{f}");
        if l.action != Action::Cancel && !l.qty.is_positive() {
            return Err(Rejection::invalid(field("qty"), "must be above zero"));
        }
        if l.action == Action::New {
            let id = ids.next().unwrap_or_default();
            if id.trim().is_empty() || !seen_new.insert(id.clone()) {
                return Err(Rejection::invalid(
                    format!("new_ids[{}]", seen_new.len()),
                    "empty or repeated id",
                ));
            }
            let params = state
                .mrp
                .params
                .get(&l.item)
                .ok_or_else(|| Rejection::not_found("planning parameters", &l.item))?;
            match params.replenishment {
                Replenishment::Purchase => {
                    let po_id = PurchaseOrderId::new(id);
                    if state.purchase_orders.contains_key(&po_id) {
                        return Err(Rejection::precondition(
                            &po_id,
                            "a purchase order with this number exists",
                        ));
                    }
                    steps.push(Step::NewPurchase(PurchaseOrder {
                        id: po_id,
                        vendor: params.vendor.clone().unwrap_or_default(),
                        item: l.item.clone(),
                        qty: l.qty,
                        received: Qty::ZERO,
                        due: l.due,
                        flexibility: Flexibility::Unlimited,
                    }));
                }
                Replenishment::Production => {
                    if state.mrp.production_orders.contains_key(&id) {
                        return Err(Rejection::precondition(
                            &id,
                            "a production order with this number exists",
                        ));
                    }
                    steps.push(Step::NewProduction(ProductionOrder {
                        id,
                        item: l.item.clone(),
                        qty: l.qty,
                        finished: Qty::ZERO,
                        due: l.due,
                        flexibility: Flexibility::Unlimited,
                    }));
                }
            }
            continue;
        }
        let supply = l
            .supply
            .as_ref()
            .ok_or_else(|| Rejection::invalid(field("supply"), "a change names its order"))?;
        if !seen_changed.insert(supply.clone()) {
            return Err(Rejection::invalid(
                field("supply"),
                "two lines change the same order",
            ));
        }
        let orig_due = l.orig_due.unwrap_or(l.due);
        let stale = |id: &dyn std::fmt::Display| {
            Rejection::precondition(id, "the order changed since the plan was made; plan again")
        };
        match supply {
            SupplyRef::Purchase(id) => {
                let po = state
                    .purchase_orders
                    .get(id)
                    .ok_or_else(|| Rejection::not_found("purchase order", id))?;
                if po.flexibility == Flexibility::None || po.received.is_positive() {
                    return Err(Rejection::precondition(id, "planning flexibility is None"));
                }
                if po.due != orig_due || po.outstanding() != l.orig_qty {
                    return Err(stale(id));
                }
                steps.push(Step::Purchase {
                    id: id.clone(),
                    due: l.due,
                    outstanding: l.qty,
                });
            }
            SupplyRef::Production(id) => {
                let pr = state
                    .mrp
                    .production_orders
                    .get(id)
                    .ok_or_else(|| Rejection::not_found("production order", id))?;
                if pr.flexibility == Flexibility::None || pr.finished.is_positive() {
                    return Err(Rejection::precondition(id, "planning flexibility is None"));
                }
                if pr.due != orig_due || pr.outstanding() != l.orig_qty {
                    return Err(stale(id));
                }
                steps.push(Step::Production {
                    id: id.clone(),
                    due: l.due,
                    outstanding: l.qty,
                });
            }
            SupplyRef::Scenario(_) => {
                return Err(Rejection::invalid(
                    field("supply"),
                    "scenario supplies are not orders in the state",
                ));
            }
        }
    }
    // Everything checked: now change.
    let mut touched = Vec::new();
    let (mut created, mut changed, mut cancelled) = (0, 0, 0);
    for step in steps {
        match step {
            Step::NewPurchase(po) => {
                touched.push(EntityRef::new(EntityKind::PurchaseOrder, po.id.to_string()));
                state.purchase_orders.insert(po.id.clone(), po);
                created += 1;
            }
            Step::NewProduction(pr) => {
                touched.push(EntityRef::new(EntityKind::ProductionOrder, pr.id.clone()));
                state.mrp.production_orders.insert(pr.id.clone(), pr);
                created += 1;
            }
            Step::Purchase {
                id,
                due,
                outstanding,
            } => {
                touched.push(EntityRef::new(EntityKind::PurchaseOrder, id.to_string()));
                if outstanding.is_zero() {
                    state.purchase_orders.remove(&id);
                    cancelled += 1;
                } else if let Some(po) = state.purchase_orders.get_mut(&id) {
                    po.due = due;
                    po.qty = po.received + outstanding;
                    changed += 1;
                }
            }
            Step::Production {
                id,
                due,
                outstanding,
            } => {
                touched.push(EntityRef::new(EntityKind::ProductionOrder, id.clone()));
                if outstanding.is_zero() {
                    state.mrp.production_orders.remove(&id);
                    cancelled += 1;
                } else if let Some(pr) = state.mrp.production_orders.get_mut(&id) {
                    pr.due = due;
                    pr.qty = pr.finished + outstanding;
                    changed += 1;
                }
            }
        }
    }
    Ok(Applied::new(
        format!("planning lines accepted: {created} new, {changed} changed, {cancelled} cancelled"),
        touched,
    ))
}
