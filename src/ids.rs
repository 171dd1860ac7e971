//! Numbers and parameters for the entities the UI creates (delivery and invoice prefixes,
//! SSCC ranges, replacement suffixes, proposal ids, sales order ids): all in one place, each
//! derived from the ids the state already holds so that two runs never collide.
//!
//! The engine takes every id as a parameter; this module is the app's only source of them.

use std::collections::BTreeMap;
use takt_engine::State;
use takt_engine::jit::SsccRange;
use takt_engine::types::{CustomerId, IdStr, SalesOrderId};

/// Defaults of the JIT process the UI passes to commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JitDefaults {
    /// SSCC extension digit.
    pub sscc_extension_digit: u8,
    /// GS1 company prefix of our SSCCs.
    pub sscc_company_prefix: &'static str,
    /// How many SSCCs one packing command may draw.
    pub sscc_block: u64,
    /// External warehouse deliveries are handed to.
    pub warehouse: &'static str,
    /// Start of delivery numbers (`D0001-00001`).
    pub delivery_prefix: &'static str,
    /// Start of invoice numbers (`INV0001-00001`).
    pub invoice_prefix: &'static str,
    /// Start of replacement call suffixes (`-R1`).
    pub replacement_suffix: &'static str,
}

/// The JIT defaults (one settings helper; change numbers here only).
pub const JIT: JitDefaults = JitDefaults {
    sscc_extension_digit: 0,
    sscc_company_prefix: "4012345",
    sscc_block: 100_000,
    warehouse: "EWM-1",
    delivery_prefix: "D",
    invoice_prefix: "INV",
    replacement_suffix: "-R",
};

/// Prefix of VMI proposal ids (`VP-1`, `VP-2`, …).
pub const PROPOSAL_PREFIX: &str = "VP-";
/// Prefix of sales orders converted from proposals (`SO-1006`, …).
pub const SALES_ORDER_PREFIX: &str = "SO-";

/// The largest number `n` among `ids` that read `prefix` + n (digits only).
fn max_number<'a>(ids: impl Iterator<Item = &'a str>, prefix: &str) -> u64 {
    ids.filter_map(|id| id.strip_prefix(prefix))
        .filter_map(|rest| rest.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
}

/// The next free SSCC range: serials after the highest one we used with our prefix.
pub fn next_sscc_range(state: &State) -> SsccRange {
    let d = &JIT;
    let head = format!("{}{}", d.sscc_extension_digit, d.sscc_company_prefix);
    // SSCC = extension + prefix + serial + check digit, 18 digits in all.
    let used = state
        .jit
        .handling_units
        .keys()
        .filter_map(|s| s.strip_prefix(head.as_str()))
        .filter_map(|rest| rest.get(..rest.len().saturating_sub(1)))
        .filter_map(|serial| serial.parse::<u64>().ok())
        .max();
    let serial_digits = 16u32.saturating_sub(d.sscc_company_prefix.len() as u32);
    let max_serial = 10u64.saturating_pow(serial_digits).saturating_sub(1);
    let from = used.map_or(1, |u| u + 1).min(max_serial);
    SsccRange {
        extension_digit: d.sscc_extension_digit,
        company_prefix: d.sscc_company_prefix.to_owned(),
        serial_from: from,
        serial_to: from.saturating_add(d.sscc_block - 1).min(max_serial),
    }
}

/// A prefix `base` + NNNN + "-" that no existing id starts with.
fn fresh_run_prefix<'a>(base: &str, ids: impl Iterator<Item = &'a str> + Clone) -> String {
    let taken = ids
        .clone()
        .filter_map(|id| id.strip_prefix(base))
        .filter_map(|rest| rest.split('-').next())
        .filter_map(|n| n.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    let mut n = taken + 1;
    loop {
        let p = format!("{base}{n:04}-");
        if !ids.clone().any(|id| id.starts_with(&p)) {
            return p;
        }
        n += 1;
    }
}

/// Delivery number prefix for one create-deliveries run.
pub fn next_delivery_prefix(state: &State) -> String {
    fresh_run_prefix(
        JIT.delivery_prefix,
        state.jit.deliveries.keys().map(|k| k.as_str()),
    )
}

/// Invoice number prefix for one billing run.
pub fn next_invoice_prefix(state: &State) -> String {
    fresh_run_prefix(
        JIT.invoice_prefix,
        state.jit.invoices.keys().map(|k| k.as_str()),
    )
}

/// A replacement suffix unused by every selected call.
pub fn next_replacement_suffix(state: &State, calls: &[IdStr]) -> String {
    let mut n = 1u64;
    loop {
        let s = format!("{}{n}", JIT.replacement_suffix);
        if !calls
            .iter()
            .any(|c| state.jit.calls.contains_key(format!("{c}{s}").as_str()))
        {
            return s;
        }
        n += 1;
    }
}

/// The number of a delivery split off `delivery`.
pub fn next_split_delivery(state: &State, delivery: &str) -> String {
    let mut n = 1u64;
    loop {
        let id = format!("{delivery}-S{n}");
        if !state.jit.deliveries.contains_key(id.as_str()) {
            return id;
        }
        n += 1;
    }
}

/// Next internal number for a received call (`JIT` + 7 digits), for tests and manual entry.
pub fn next_call_id(state: &State) -> String {
    let n = max_number(state.jit.calls.keys().map(|k| k.as_str()), "JIT") + 1;
    format!("JIT{n:07}")
}

/// (prefix, first number) for a proposal run.
pub fn next_proposal_numbers(state: &State) -> (String, u64) {
    let n = max_number(
        state.vmi.proposals.keys().map(|p| p.as_str()),
        PROPOSAL_PREFIX,
    );
    (PROPOSAL_PREFIX.to_owned(), n + 1)
}

/// One new sales order number per customer, for converting proposals.
pub fn sales_order_ids(
    state: &State,
    customers: impl IntoIterator<Item = CustomerId>,
) -> BTreeMap<CustomerId, SalesOrderId> {
    let mut n = max_number(
        state.sales_orders.keys().map(|o| o.as_str()),
        SALES_ORDER_PREFIX,
    );
    let mut out = BTreeMap::new();
    for c in customers {
        if out.contains_key(&c) {
            continue;
        }
        n += 1;
        out.insert(c, SalesOrderId::new(format!("{SALES_ORDER_PREFIX}{n}")));
    }
    out
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
        .chain(state.mrp.production_orders.keys().map(|k| k.as_str()));
    let n = max_number(ids, "PO-").max(5000);
    (1..=count as u64)
        .map(|i| format!("PO-{}", n + i))
        .collect()
}
