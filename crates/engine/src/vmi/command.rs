//! VMI commands and their `apply`: each validates completely, then changes the state, so a
//! rejected command leaves the state exactly as it was.

use super::generate::compute_proposals;
use super::proposals::may_count_for_mrp;
use super::stock::ReportEffect;
use super::{
    CustomerStock, OrderLineRef, PlanningData, Proposal, ProposalId, ProposalStatus, SalesOrg,
    SalesOrgId, Selection, StockReport, VmiSettings, validate_org_tree,
};
use crate::model::{SalesLine, SalesOrder};
use crate::state::{Applied, EntityKind, EntityRef, Outcome, Rejection, State};
use crate::types::{CustomerId, Day, ItemId, Qty, SalesOrderId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A change to VMI data. On the wire inside `{"type":"vmi","command":{"type":…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum VmiCommand {
    /// Customizing: default outbound location and the MRP status rule.
    SetSettings { settings: VmiSettings },
    /// Adds or changes one sales organisation; the resulting tree must have no cycle.
    UpsertSalesOrg { org: SalesOrg },
    /// Replaces the whole organisation tree at once (parents may come after children).
    ReplaceSalesOrgs { orgs: Vec<SalesOrg> },
    /// Removes an organisation without children and without planning data.
    RemoveSalesOrg { id: SalesOrgId },
    /// Adds or changes customer-article planning data of one organisation.
    UpsertPlanning { data: PlanningData },
    RemovePlanning {
        sales_org: SalesOrgId,
        customer: CustomerId,
        article: ItemId,
    },
    /// The customer's stock report (customer-visible: a customer may send it for itself).
    /// Older reports than the current one only extend the history; a repeat changes nothing.
    ReportStock { reports: Vec<StockReport> },
    /// A proposal run (§8): ids are `id_prefix` + `first_number`, `first_number + 1`, … in
    /// customer-article order, so the caller decides them and replays give the same ids.
    GenerateProposals {
        selection: Selection,
        as_of: Day,
        id_prefix: String,
        first_number: u64,
    },
    /// Changes quantity and/or date of an open proposal; it becomes `edited`.
    EditProposal {
        id: ProposalId,
        #[serde(default)]
        qty: Option<Qty>,
        #[serde(default)]
        delivery_date: Option<Day>,
    },
    /// Marks open proposals `deleted` (kept, so a later run knows they were dismissed).
    DeleteProposals { ids: Vec<ProposalId> },
    /// Turns open proposals into sales orders: one order per customer (number from
    /// `order_ids`), one line per article, shipping on the proposal's date.
    ConvertProposals {
        ids: Vec<ProposalId>,
        order_ids: BTreeMap<CustomerId, SalesOrderId>,
    },
    /// The customer accepts a proposal for itself (customer-visible).
    AcceptProposal {
        id: ProposalId,
        customer: CustomerId,
    },
}

impl VmiCommand {
    /// The command's type on the wire.
    pub fn kind(&self) -> &'static str {
        match self {
            VmiCommand::SetSettings { .. } => "set_settings",
            VmiCommand::UpsertSalesOrg { .. } => "upsert_sales_org",
            VmiCommand::ReplaceSalesOrgs { .. } => "replace_sales_orgs",
            VmiCommand::RemoveSalesOrg { .. } => "remove_sales_org",
            VmiCommand::UpsertPlanning { .. } => "upsert_planning",
            VmiCommand::RemovePlanning { .. } => "remove_planning",
            VmiCommand::ReportStock { .. } => "report_stock",
            VmiCommand::GenerateProposals { .. } => "generate_proposals",
            VmiCommand::EditProposal { .. } => "edit_proposal",
            VmiCommand::DeleteProposals { .. } => "delete_proposals",
            VmiCommand::ConvertProposals { .. } => "convert_proposals",
            VmiCommand::AcceptProposal { .. } => "accept_proposal",
        }
    }

    /// For commands a customer user may send: the one customer the command acts for. The
    /// server lets a customer user send a command only if this is `Some` of their own id.
    pub fn customer_scope(&self) -> Option<&CustomerId> {
        match self {
            VmiCommand::ReportStock { reports } => {
                let first = &reports.first()?.customer;
                reports
                    .iter()
                    .all(|r| &r.customer == first)
                    .then_some(first)
            }
            VmiCommand::AcceptProposal { customer, .. } => Some(customer),
            _ => None,
        }
    }
}

fn planning_ref(p: &PlanningData) -> EntityRef {
    EntityRef::new(
        EntityKind::VmiPlanning,
        format!("{}/{}/{}", p.sales_org, p.customer, p.article),
    )
}

/// Applies one VMI command. On `Err` the state is exactly as before.
pub fn apply(state: &mut State, command: VmiCommand) -> Result<Applied, Rejection> {
    match command {
        VmiCommand::SetSettings { settings } => {
            if let Some(s) = settings
                .mrp_statuses
                .iter()
                .find(|s| !may_count_for_mrp(**s))
            {
                return Err(Rejection::invalid(
                    "settings.mrp_statuses",
                    format!("{s:?} proposals cannot count as MRP demand"),
                ));
            }
            state.vmi.settings = settings;
            Ok(Applied::new(
                "VMI settings saved",
                vec![EntityRef::new(EntityKind::VmiSettings, "")],
            ))
        }
        VmiCommand::UpsertSalesOrg { org } => {
            let mut orgs = state.vmi.sales_orgs.clone();
            let id = org.id.clone();
            orgs.insert(id.clone(), org);
            validate_org_tree(&orgs)?;
            state.vmi.sales_orgs = orgs;
            Ok(Applied::new(
                format!("sales organisation {id} saved"),
                vec![EntityRef::new(EntityKind::SalesOrg, id.to_string())],
            ))
        }
        VmiCommand::ReplaceSalesOrgs { orgs } => replace_sales_orgs(state, orgs),
        VmiCommand::RemoveSalesOrg { id } => {
            if !state.vmi.sales_orgs.contains_key(&id) {
                return Err(Rejection::not_found("sales organisation", &id));
            }
            if let Some(child) = state
                .vmi
                .sales_orgs
                .values()
                .find(|o| o.parent.as_ref() == Some(&id))
            {
                return Err(Rejection::precondition(
                    &id,
                    format!("organisation {} is below it", child.id),
                ));
            }
            if state.vmi.planning.keys().any(|(o, _, _)| o == &id) {
                return Err(Rejection::precondition(&id, "it still has planning data"));
            }
            state.vmi.sales_orgs.remove(&id);
            Ok(Applied::new(
                format!("sales organisation {id} removed"),
                vec![EntityRef::new(EntityKind::SalesOrg, id.to_string())],
            ))
        }
        VmiCommand::UpsertPlanning { data } => {
            data.validate_in(state)?;
            let touched = planning_ref(&data);
            let msg = format!(
                "planning data for customer {} article {} ({}) saved",
                data.customer, data.article, data.sales_org
            );
            state.vmi.planning.insert(super::Keyed::key(&data), data);
            Ok(Applied::new(msg, vec![touched]))
        }
        VmiCommand::RemovePlanning {
            sales_org,
            customer,
            article,
        } => {
            let key = (sales_org, customer, article);
            match state.vmi.planning.remove(&key) {
                Some(p) => Ok(Applied::new(
                    format!(
                        "planning data for customer {} article {} removed",
                        key.1, key.2
                    ),
                    vec![planning_ref(&p)],
                )),
                None => Err(Rejection::not_found(
                    "planning data",
                    format!("{}/{}/{}", key.0, key.1, key.2),
                )),
            }
        }
        VmiCommand::ReportStock { reports } => report_stock(state, reports),
        VmiCommand::GenerateProposals {
            selection,
            as_of,
            id_prefix,
            first_number,
        } => generate(state, &selection, as_of, &id_prefix, first_number),
        VmiCommand::EditProposal {
            id,
            qty,
            delivery_date,
        } => {
            let Some(p) = state.vmi.proposals.get(&id) else {
                return Err(Rejection::not_found("proposal", &id));
            };
            if !p.status.is_open() {
                return Err(Rejection::precondition(
                    &id,
                    format!("a {:?} proposal cannot be edited", p.status),
                ));
            }
            if qty.is_none() && delivery_date.is_none() {
                return Err(Rejection::invalid("qty", "give a quantity, a date or both"));
            }
            if let Some(q) = qty
                && !q.is_positive()
            {
                return Err(Rejection::invalid(
                    "qty",
                    "must be above zero (delete instead)",
                ));
            }
            if let Some(p) = state.vmi.proposals.get_mut(&id) {
                if let Some(q) = qty {
                    p.qty = q;
                }
                if let Some(d) = delivery_date {
                    p.delivery_date = d;
                }
                p.status = ProposalStatus::Edited;
            }
            Ok(Applied::new(
                format!("proposal {id} edited"),
                vec![EntityRef::new(EntityKind::SalesProposal, id.to_string())],
            ))
        }
        VmiCommand::DeleteProposals { ids } => {
            for id in &ids {
                match state.vmi.proposals.get(id) {
                    None => return Err(Rejection::not_found("proposal", id)),
                    Some(p) if p.status == ProposalStatus::Converted => {
                        return Err(Rejection::precondition(
                            id,
                            "a converted proposal cannot be deleted",
                        ));
                    }
                    Some(_) => {}
                }
            }
            let mut touched = Vec::new();
            for id in &ids {
                if let Some(p) = state.vmi.proposals.get_mut(id)
                    && p.status != ProposalStatus::Deleted
                {
                    p.status = ProposalStatus::Deleted;
                    touched.push(EntityRef::new(EntityKind::SalesProposal, id.to_string()));
                }
            }
            Ok(Applied::new(
                format!("{} proposal(s) deleted", touched.len()),
                touched,
            ))
        }
        VmiCommand::ConvertProposals { ids, order_ids } => convert(state, &ids, &order_ids),
        VmiCommand::AcceptProposal { id, customer } => {
            let Some(p) = state.vmi.proposals.get_mut(&id) else {
                return Err(Rejection::not_found("proposal", &id));
            };
            if p.customer != customer {
                return Err(Rejection::precondition(
                    &id,
                    "the proposal is for another customer",
                ));
            }
            match p.status {
                ProposalStatus::Accepted => Ok(Applied::new(
                    format!("proposal {id} was already accepted"),
                    vec![],
                )),
                ProposalStatus::New | ProposalStatus::Edited => {
                    p.status = ProposalStatus::Accepted;
                    Ok(Applied::new(
                        format!("proposal {id} accepted by {customer}"),
                        vec![EntityRef::new(EntityKind::SalesProposal, id.to_string())],
                    ))
                }
                s => Err(Rejection::precondition(
                    &id,
                    format!("a {s:?} proposal cannot be accepted"),
                )),
            }
        }
    }
}

fn replace_sales_orgs(state: &mut State, orgs: Vec<SalesOrg>) -> Result<Applied, Rejection> {
    let mut map = BTreeMap::new();
    for (i, org) in orgs.into_iter().enumerate() {
        let id = org.id.clone();
        if map.insert(id.clone(), org).is_some() {
            return Err(Rejection::invalid(
                format!("orgs[{i}].id"),
                format!("{id} appears twice"),
            ));
        }
    }
    validate_org_tree(&map)?;
    if let Some((o, c, a)) = state
        .vmi
        .planning
        .keys()
        .find(|(o, _, _)| !map.contains_key(o))
    {
        return Err(Rejection::precondition(
            o,
            format!("planning data for customer {c} article {a} still uses this organisation"),
        ));
    }
    let mut touched: Vec<EntityRef> = map
        .keys()
        .chain(state.vmi.sales_orgs.keys())
        .map(|id| EntityRef::new(EntityKind::SalesOrg, id.to_string()))
        .collect();
    touched.sort();
    touched.dedup();
    let n = map.len();
    state.vmi.sales_orgs = map;
    Ok(Applied::new(
        format!("{n} sales organisation(s) saved"),
        touched,
    ))
}

fn report_stock(state: &mut State, reports: Vec<StockReport>) -> Result<Applied, Rejection> {
    if reports.is_empty() {
        return Err(Rejection::invalid(
            "reports",
            "a stock report needs at least one line",
        ));
    }
    // Work on copies of the affected entries so a bad line leaves everything untouched.
    let mut scratch: BTreeMap<super::StockKey, CustomerStock> = BTreeMap::new();
    let mut outcomes = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        CustomerStock::validate(r).map_err(|e| match e {
            Rejection::Invalid { field, message } => {
                Rejection::invalid(format!("reports[{i}]: {field}"), message)
            }
            other => other,
        })?;
        if !state.customers.contains_key(&r.customer) {
            return Err(Rejection::not_found("customer", &r.customer));
        }
        if !state.items.contains_key(&r.article) {
            return Err(Rejection::not_found("item", &r.article));
        }
        let key = (r.customer.clone(), r.article.clone(), r.location.clone());
        let entry = scratch.entry(key.clone()).or_insert_with(|| {
            state
                .vmi
                .stock
                .get(&key)
                .cloned()
                .unwrap_or_else(|| CustomerStock::empty(r))
        });
        let effect = entry.effect_of(r)?;
        entry.record(r);
        let message = match effect {
            ReportEffect::Current => "applied",
            ReportEffect::History => "older than the current report: kept in the history only",
            ReportEffect::Duplicate => "already applied",
        };
        outcomes.push(Outcome {
            id: format!("{}/{}/{}", r.customer, r.article, r.location).into(),
            ok: true,
            message: message.into(),
        });
    }
    let mut touched = Vec::new();
    for (key, entry) in scratch {
        if state.vmi.stock.get(&key) != Some(&entry) {
            touched.push(EntityRef::new(
                EntityKind::CustomerStock,
                format!("{}/{}/{}", key.0, key.1, key.2),
            ));
            state.vmi.stock.insert(key, entry);
        }
    }
    let mut applied = Applied::new(
        format!("stock report: {} line(s) changed", touched.len()),
        touched,
    );
    applied.outcomes = outcomes;
    Ok(applied)
}

fn generate(
    state: &mut State,
    selection: &Selection,
    as_of: Day,
    id_prefix: &str,
    first_number: u64,
) -> Result<Applied, Rejection> {
    let run = compute_proposals(state, selection, as_of)?;
    let mut new: Vec<Proposal> = Vec::with_capacity(run.drafts.len());
    for (n, d) in (first_number..).zip(&run.drafts) {
        let id = ProposalId(format!("{id_prefix}{n}").into());
        if state.vmi.proposals.contains_key(&id) {
            return Err(Rejection::precondition(
                &id,
                "a proposal with this number exists: choose another prefix or first number",
            ));
        }
        new.push(Proposal {
            id,
            customer: d.customer.clone(),
            article: d.article.clone(),
            qty: d.qty,
            delivery_date: d.delivery_date,
            sales_org: d.sales_org.clone(),
            outbound_location: d.outbound_location.cloned(),
            planner: d.planner.to_owned(),
            status: ProposalStatus::New,
            as_of,
            order_line: None,
        });
    }
    let replaced: Vec<ProposalId> = run.replaced.into_iter().cloned().collect();

    let mut outcomes = Vec::new();
    let mut touched = Vec::new();
    for id in &replaced {
        if let Some(old) = state.vmi.proposals.remove(id) {
            let by = new
                .binary_search_by(|p| (&p.customer, &p.article).cmp(&(&old.customer, &old.article)))
                .ok()
                .and_then(|i| new.get(i))
                .map_or(String::new(), |p| p.id.to_string());
            outcomes.push(Outcome {
                id: id.0.clone(),
                ok: true,
                message: format!("replaced by {by}").into(),
            });
            touched.push(EntityRef::new(EntityKind::SalesProposal, id.to_string()));
        }
    }
    let created = new.len();
    for p in new {
        touched.push(EntityRef::new(EntityKind::SalesProposal, p.id.to_string()));
        outcomes.push(Outcome {
            id: p.id.0.clone(),
            ok: true,
            message: crate::types::IdStr::from(compact_str::format_compact!(
                "{} × {} for {} by {}",
                p.qty,
                p.article,
                p.customer,
                p.delivery_date
            )),
        });
        state.vmi.proposals.insert(p.id.clone(), p);
    }
    let mut applied = Applied::new(
        format!("{created} proposal(s) created, {} replaced", replaced.len()),
        touched,
    );
    applied.outcomes = outcomes;
    Ok(applied)
}

fn convert(
    state: &mut State,
    ids: &[ProposalId],
    order_ids: &BTreeMap<CustomerId, SalesOrderId>,
) -> Result<Applied, Rejection> {
    if ids.is_empty() {
        return Err(Rejection::invalid("ids", "select at least one proposal"));
    }
    // customer → article → proposals (sorted, so lines and their numbers are deterministic)
    let mut plan: BTreeMap<&CustomerId, BTreeMap<&ItemId, Vec<&Proposal>>> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        let Some(p) = state.vmi.proposals.get(id) else {
            return Err(Rejection::not_found("proposal", id));
        };
        if !p.status.is_open() {
            return Err(Rejection::precondition(
                id,
                format!("a {:?} proposal cannot be converted", p.status),
            ));
        }
        if ids[..i].contains(id) {
            return Err(Rejection::invalid(
                format!("ids[{i}]"),
                format!("{id} is listed twice"),
            ));
        }
        if !state.customers.contains_key(&p.customer) {
            return Err(Rejection::not_found("customer", &p.customer));
        }
        if !state.items.contains_key(&p.article) {
            return Err(Rejection::not_found("item", &p.article));
        }
        plan.entry(&p.customer)
            .or_default()
            .entry(&p.article)
            .or_default()
            .push(p);
    }
    for (customer, order) in order_ids {
        if !plan.contains_key(customer) {
            return Err(Rejection::invalid(
                format!("order_ids.{customer}"),
                "no selected proposal is for this customer",
            ));
        }
        if state.sales_orders.contains_key(order) {
            return Err(Rejection::precondition(
                order,
                "a sales order with this number exists",
            ));
        }
        if order_ids.values().filter(|o| *o == order).count() > 1 {
            return Err(Rejection::invalid(
                format!("order_ids.{customer}"),
                format!("order number {order} is given for more than one customer"),
            ));
        }
    }

    let mut orders = Vec::new();
    let mut links: Vec<(ProposalId, OrderLineRef)> = Vec::new();
    for (customer, articles) in &plan {
        let Some(order_id) = order_ids.get(*customer) else {
            return Err(Rejection::invalid(
                format!("order_ids.{customer}"),
                "an order number is needed for this customer",
            ));
        };
        let mut lines = Vec::new();
        for (n, (article, props)) in (1u32..).zip(articles) {
            let qty: Qty = props.iter().map(|p| p.qty).sum();
            let shipping_date = props
                .iter()
                .map(|p| p.delivery_date)
                .min()
                .unwrap_or_default();
            lines.push(SalesLine {
                line: n,
                item: (*article).clone(),
                qty,
                delivered: Qty::ZERO,
                reserved: Qty::ZERO,
                shipping_date,
                location: props.iter().find_map(|p| p.outbound_location.clone()),
            });
            for p in props {
                links.push((
                    p.id.clone(),
                    OrderLineRef {
                        order: order_id.clone(),
                        line: n,
                    },
                ));
            }
        }
        orders.push(SalesOrder {
            id: order_id.clone(),
            customer: (*customer).clone(),
            ship_to: (*customer).clone(),
            lines,
        });
    }

    let n_orders = orders.len();
    let mut touched = Vec::new();
    for o in orders {
        touched.push(EntityRef::new(EntityKind::SalesOrder, o.id.to_string()));
        state.sales_orders.insert(o.id.clone(), o);
    }
    let mut outcomes = Vec::new();
    for (id, link) in links {
        if let Some(p) = state.vmi.proposals.get_mut(&id) {
            p.status = ProposalStatus::Converted;
            outcomes.push(Outcome {
                id: id.0.clone(),
                ok: true,
                message: format!("order {} line {}", link.order, link.line).into(),
            });
            p.order_line = Some(link);
            touched.push(EntityRef::new(EntityKind::SalesProposal, id.to_string()));
        }
    }
    let mut applied = Applied::new(
        format!(
            "{} proposal(s) converted into {n_orders} sales order(s)",
            ids.len()
        ),
        touched,
    );
    applied.outcomes = outcomes;
    Ok(applied)
}
