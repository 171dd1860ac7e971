//! Stored sales proposals (Vertriebsvorschläge): their statuses, the list query, and the
//! proposals MRP counts as demand (§3.3).

use super::{ProposalId, SalesOrgId};
use crate::state::State;
use crate::types::{CustomerId, Day, ItemId, LocationId, Qty, SalesOrderId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Where a proposal stands.
///
/// `new` → (`edited`) → (`accepted` by the customer) → `converted` into a sales order;
/// or `deleted` at any point before conversion. A later run replaces (removes) proposals for
/// the same customer and article that are neither `deleted` nor `converted` (§10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalStatus {
    New,
    Edited,
    Accepted,
    Converted,
    Deleted,
}

impl ProposalStatus {
    /// Still open for editing, acceptance, conversion and replacement.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ProposalStatus::New | ProposalStatus::Edited | ProposalStatus::Accepted
        )
    }
}

/// The sales order line a converted proposal became.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OrderLineRef {
    pub order: SalesOrderId,
    pub line: u32,
}

/// A sales proposal: deliver `qty` of `article` to `customer` by `delivery_date`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: ProposalId,
    pub customer: CustomerId,
    pub article: ItemId,
    pub qty: Qty,
    /// Planned delivery date; it becomes the sales line's shipping date on conversion.
    pub delivery_date: Day,
    /// The organisation selected for the run (§3.1.2), not necessarily the data's owner.
    pub sales_org: SalesOrgId,
    /// Planned outbound location (§10).
    #[serde(default)]
    pub outbound_location: Option<LocationId>,
    #[serde(default)]
    pub planner: String,
    pub status: ProposalStatus,
    /// The as-of date of the run that made it.
    #[serde(default)]
    pub as_of: Day,
    /// Set when converted.
    #[serde(default)]
    pub order_line: Option<OrderLineRef>,
}

/// Which proposals the list shows. Empty fields select all.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProposalFilter {
    #[serde(default)]
    pub customers: Vec<CustomerId>,
    #[serde(default)]
    pub articles: Vec<ItemId>,
    #[serde(default)]
    pub planners: Vec<String>,
    #[serde(default)]
    pub statuses: Vec<ProposalStatus>,
}

/// Proposals matching `filter`, sorted by customer, article and id.
pub fn list_proposals<'a>(state: &'a State, filter: &ProposalFilter) -> Vec<&'a Proposal> {
    let mut out: Vec<&Proposal> = state
        .vmi
        .proposals
        .values()
        .filter(|p| filter.customers.is_empty() || filter.customers.contains(&p.customer))
        .filter(|p| filter.articles.is_empty() || filter.articles.contains(&p.article))
        .filter(|p| filter.planners.is_empty() || filter.planners.contains(&p.planner))
        .filter(|p| filter.statuses.is_empty() || filter.statuses.contains(&p.status))
        .collect();
    out.sort_by(|a, b| (&a.customer, &a.article, &a.id).cmp(&(&b.customer, &b.article, &b.id)));
    out
}

/// Statuses that may be configured to count as MRP demand: converted proposals are demand
/// through their sales order already, deleted ones are not demand at all.
pub fn may_count_for_mrp(status: ProposalStatus) -> bool {
    status.is_open()
}

/// The proposals MRP counts as demand under the configured status rule
/// (`settings.mrp_statuses`): `(article, delivery date, qty, proposal id)`, sorted by article,
/// date and id. The MRP module wraps these into its demand lines.
///
/// Example: with the default rule {new, edited, accepted}, a `new` proposal P1 of 80 × A100 for
/// 2026-03-07 gives `("A100", 2026-03-07, 80, "P1")`; once converted it gives nothing here (its
/// sales order line is the demand).
pub fn mrp_demands(state: &State) -> Vec<(ItemId, Day, Qty, String)> {
    let statuses: &BTreeSet<ProposalStatus> = &state.vmi.settings.mrp_statuses;
    let mut out: Vec<(ItemId, Day, Qty, String)> = state
        .vmi
        .proposals
        .values()
        .filter(|p| may_count_for_mrp(p.status) && statuses.contains(&p.status))
        .filter(|p| p.qty.is_positive())
        .map(|p| (p.article.clone(), p.delivery_date, p.qty, p.id.to_string()))
        .collect();
    out.sort();
    out
}

/// One sales line on its way to a customer: ordered, not yet delivered in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnTheWay<'a> {
    pub order: &'a SalesOrderId,
    pub line: u32,
    pub item: &'a ItemId,
    /// Ordered less delivered.
    pub open: Qty,
    pub shipping_date: Day,
}

/// What is on its way to `customer` (the customer's view of deliveries): every sales line of
/// the customer's orders with an open quantity, by order and line.
pub fn on_the_way<'a>(state: &'a State, customer: &CustomerId) -> Vec<OnTheWay<'a>> {
    state
        .sales_orders
        .values()
        .filter(|o| &o.customer == customer)
        .flat_map(|o| {
            o.lines.iter().filter_map(move |l| {
                let open = l.qty - l.delivered;
                open.is_positive().then_some(OnTheWay {
                    order: &o.id,
                    line: l.line,
                    item: &l.item,
                    open,
                    shipping_date: l.shipping_date,
                })
            })
        })
        .collect()
}
