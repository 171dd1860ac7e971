//! Ids for entities the app creates (sales orders, purchase / production orders from accepted
//! planning lines): prefix + the next number above every id of that prefix in the state, so
//! they are derived from data and never from a client id. The one place ids are made.

use takt_engine::State;

/// Numbers after `prefix` in `ids`; ids with other shapes are ignored.
fn max_number<'a>(ids: impl Iterator<Item = &'a str>, prefix: &str) -> u64 {
    ids.filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
}

/// The next sales order id (`SO-1006` after `SO-1005`).
pub fn next_sales_order_id(state: &State) -> String {
    let n = max_number(state.sales_orders.keys().map(|k| k.as_str()), "SO-");
    format!("SO-{}", n.max(1000) + 1)
}

/// `count` new order ids for accepted New planning lines, unique across purchase and
/// production orders (a line becomes one or the other by the item's replenishment).
pub fn next_order_ids(state: &State, count: usize) -> Vec<String> {
    let ids = state
        .purchase_orders
        .keys()
        .map(|k| k.as_str())
        .chain(state.mrp.production_orders.keys().map(String::as_str));
    let n = max_number(ids, "PO-").max(5000);
    (1..=count as u64)
        .map(|i| format!("PO-{}", n + i))
        .collect()
}
