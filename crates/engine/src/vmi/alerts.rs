//! Customer alerts for supplier-managed inventory: which of a customer's articles are out of
//! stock, or projected below their minimum or above their fill-up level.

use super::generate::{Selection, evaluate_rows};
use crate::state::{Rejection, State};
use crate::types::{CustomerId, Day, ItemId, Qty};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerAlertKind {
    /// Stock less reserved at the storage location is zero or less now.
    OutOfStock,
    /// Projected stock at the planned delivery date is below the minimum stock.
    BelowMinimum,
    /// Projected stock at the planned delivery date is above the fill-up level (set > 0):
    /// the customer holds more than agreed.
    AboveFillUp,
}

/// One alert for one customer's article, borrowed from the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CustomerAlert<'a> {
    pub customer: &'a CustomerId,
    pub article: &'a ItemId,
    pub kind: CustomerAlertKind,
    /// Stock less reserved now.
    pub unreserved: Qty,
    /// Stock less reserved plus sales orders shipping by `date`.
    pub projected: Qty,
    /// The planned delivery date (as-of + lead time) the projection looks to.
    pub date: Day,
    pub min_stock: Qty,
    pub fill_up: Qty,
}

/// The alerts for the rows of `selection` (for a customer user: `customers = [their id]`),
/// sorted by customer, article and kind.
///
/// The projection is the availability of the proposal rule: stock − reserved + open sales
/// order quantity shipping by the planned delivery date. Proposals are not counted: they are
/// not yet promised to anyone.
///
/// Example: min 20, fill-up 120, stock 0 and an order of 150 shipping tomorrow → `out_of_stock`
/// (now 0) and `above_fill_up` (projected 150).
pub fn customer_alerts<'a>(
    state: &'a State,
    selection: &Selection,
    as_of: Day,
) -> Result<Vec<CustomerAlert<'a>>, Rejection> {
    let (_, rows) = evaluate_rows(state, selection, as_of)?;
    let mut out = Vec::new();
    for row in rows {
        let unreserved = row.stock - row.reserved;
        let projected = row.available();
        let p = row.plan;
        let mut push = |kind| {
            out.push(CustomerAlert {
                customer: row.customer,
                article: row.article,
                kind,
                unreserved,
                projected,
                date: row.delivery_date,
                min_stock: p.min_stock,
                fill_up: p.fill_up,
            })
        };
        if !unreserved.is_positive() {
            push(CustomerAlertKind::OutOfStock);
        }
        if projected < p.min_stock {
            push(CustomerAlertKind::BelowMinimum);
        }
        if p.fill_up.is_positive() && projected > p.fill_up {
            push(CustomerAlertKind::AboveFillUp);
        }
    }
    Ok(out)
}
