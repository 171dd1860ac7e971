//! A proposal run (seed §4, §8, §10) as a pure function of the state: which customer-article
//! rows a selection covers, their availability, and the proposals that would be created.
//!
//! The run is built for large data: one organisation's planning rows are one sorted range of the
//! planning map, the customer stock is joined to them in one merge walk (both sorted by customer
//! and article), and the open sales lines are folded into the rows in one pass over the orders,
//! finding a row by one hash lookup per order (its ship-to) and a binary search per line
//! (its article among that customer's rows). Nothing is allocated per row or per line.

use super::rules;
use super::{PlanningData, ProposalId, ProposalStatus, SalesOrgId, effective_org};
use crate::state::{Rejection, State};
use crate::types::{CustomerId, Day, ItemId, LocationId, Qty};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::BuildHasherDefault;

/// The selection of a run (§4 "Abfragebereich"). An empty list selects all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    /// The selected sales organisation; the proposals record it (§3.1.2).
    pub sales_org: SalesOrgId,
    #[serde(default)]
    pub articles: Vec<ItemId>,
    #[serde(default)]
    pub customers: Vec<CustomerId>,
    #[serde(default)]
    pub planners: Vec<String>,
    /// Article classification number (1–5) → accepted values. `{2: ["HOME"]}`: classification
    /// 2 must be HOME. Several numbers must all match; an empty list accepts any value.
    #[serde(default, deserialize_with = "classification_keys")]
    pub classifications: BTreeMap<u8, Vec<String>>,
}

/// Reads the classification map whose JSON keys are strings (`{"1": ["SEAT"]}`). Inside an
/// internally tagged command (`{"type": "vmi", "command": {"type": "generate_proposals", …}}`)
/// serde buffers the object and then will not turn the key "1" into a `u8` by itself, so the
/// keys are read as text and parsed here. The JSON shape is unchanged.
fn classification_keys<'de, D>(d: D) -> Result<BTreeMap<u8, Vec<String>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let raw = BTreeMap::<String, Vec<String>>::deserialize(d)?;
    raw.into_iter()
        .map(|(k, v)| {
            k.trim().parse::<u8>().map(|n| (n, v)).map_err(|_| {
                serde::de::Error::custom(format!(
                    "classification number {k:?} is not a number from 1 to 5"
                ))
            })
        })
        .collect()
}

impl Selection {
    /// Everything of one sales organisation.
    pub fn all(sales_org: impl Into<SalesOrgId>) -> Selection {
        Selection {
            sales_org: sales_org.into(),
            articles: Vec::new(),
            customers: Vec::new(),
            planners: Vec::new(),
            classifications: BTreeMap::new(),
        }
    }

    pub fn validate(&self) -> Result<(), Rejection> {
        for k in self.classifications.keys() {
            if !(1..=5).contains(k) {
                return Err(Rejection::invalid(
                    format!("selection.classifications.{k}"),
                    "article classifications are numbered 1 to 5",
                ));
            }
        }
        Ok(())
    }
}

/// One customer-article row of a run with its availability (whether or not it needs a
/// proposal). Borrowed from the state: evaluating rows allocates nothing per row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowEval<'a> {
    pub customer: &'a CustomerId,
    pub article: &'a ItemId,
    pub plan: &'a PlanningData,
    /// Stock at the planning data's storage location, from the newest report (0 without one).
    pub stock: Qty,
    pub reserved: Qty,
    /// Open quantity of sales lines to the customer shipping by `delivery_date`.
    pub open: Qty,
    /// Planned delivery date = as-of + lead time.
    pub delivery_date: Day,
}

impl RowEval<'_> {
    pub fn available(&self) -> Qty {
        rules::available(self.stock, self.reserved, self.open)
    }

    pub fn proposal_qty(&self) -> Qty {
        rules::proposal_qty(self.available(), self.plan)
    }
}

/// A proposal a run would create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draft<'a> {
    pub customer: &'a CustomerId,
    pub article: &'a ItemId,
    pub qty: Qty,
    pub delivery_date: Day,
    /// The selected organisation, recorded on the proposal.
    pub sales_org: &'a SalesOrgId,
    /// The organisation whose planning data was used (may be a higher one, §3.1.2).
    pub planning_org: &'a SalesOrgId,
    pub outbound_location: Option<&'a LocationId>,
    pub planner: &'a str,
    pub available: Qty,
}

/// The result of a run: drafts sorted by customer and article, and the earlier proposals
/// they replace, sorted by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalRun<'a> {
    pub planning_org: Option<&'a SalesOrgId>,
    pub drafts: Vec<Draft<'a>>,
    pub replaced: Vec<&'a ProposalId>,
}

/// The rows a selection covers, evaluated as of `as_of`, sorted by customer and article.
///
/// Planning data comes from [`effective_org`] of the selected organisation; no such
/// organisation → no rows.
pub fn evaluate_rows<'a>(
    state: &'a State,
    selection: &Selection,
    as_of: Day,
) -> Result<(Option<&'a SalesOrgId>, Vec<RowEval<'a>>), Rejection> {
    selection.validate()?;
    let vmi = &state.vmi;
    let Some(org) = effective_org(&vmi.sales_orgs, &selection.sales_org)? else {
        return Ok((None, Vec::new()));
    };
    let filter = RowFilter::new(state, selection);

    // The organisation's rows, joined with the stock in one merge walk. Every key with
    // organisation `org` lies in [(org, "", ""), (org + "\0", "", "")).
    let start = (org.clone(), CustomerId::default(), ItemId::default());
    let end = (
        SalesOrgId(format!("{org}\0")),
        CustomerId::default(),
        ItemId::default(),
    );
    let mut stock = vmi.stock.iter().peekable();
    let mut rows: Vec<RowEval<'a>> = Vec::new();
    // Each customer's rows are one slice (rows are sorted by customer, then article), found
    // by one integer-keyed lookup per order.
    let mut customers: StrMap<'a, CustomerRows> = StrMap::default();
    for ((_, customer, article), plan) in vmi.planning.range(start..end) {
        if !filter.accepts(customer, article, plan) {
            continue;
        }
        let (mut qty, mut reserved) = (Qty::ZERO, Qty::ZERO);
        while let Some(((sc, sa, sl), s)) = stock.peek() {
            match (sc, sa).cmp(&(customer, article)) {
                std::cmp::Ordering::Less => {
                    stock.next();
                }
                std::cmp::Ordering::Equal => {
                    if *sl == plan.storage_location
                        && let Some(p) = s.current()
                    {
                        (qty, reserved) = (p.qty, p.reserved);
                    }
                    stock.next();
                }
                std::cmp::Ordering::Greater => break,
            }
        }
        let n = rows.len();
        let delivery_date = rules::planned_delivery_date(as_of, plan.lead_time_days);
        let entry = customers.get_or_insert(
            customer.as_str(),
            CustomerRows {
                from: n,
                to: n,
                last_cutoff: delivery_date,
            },
        );
        entry.to = n + 1;
        entry.last_cutoff = entry.last_cutoff.max(delivery_date);
        rows.push(RowEval {
            customer,
            article,
            plan,
            stock: qty,
            reserved,
            open: Qty::ZERO,
            delivery_date,
        });
    }

    add_open_orders(state, &customers, &mut rows);
    Ok((Some(org), rows))
}

/// One customer's rows of a run: `rows[from..to]`, and the latest planned delivery date
/// among them (a line shipping after it counts for none of them).
#[derive(Debug, Clone, Copy)]
struct CustomerRows {
    from: usize,
    to: usize,
    last_cutoff: Day,
}

/// Folds the open sales lines into the rows: for each order whose ship-to has rows, each line
/// not fully delivered whose article has a row and whose shipping date is on or before that
/// row's planned delivery date adds its open quantity (§3.3, §9).
fn add_open_orders(state: &State, customers: &StrMap<'_, CustomerRows>, rows: &mut [RowEval<'_>]) {
    if rows.is_empty() {
        return;
    }
    // A compact copy of what the pass reads per line: a customer's slots are a few adjacent
    // cache lines, where scanning the full rows would touch a dozen and follow pointers.
    #[derive(Clone, Copy)]
    struct Slot {
        article: u128,
        cutoff: Day,
        open: i64,
    }
    let mut slots: Vec<Slot> = rows
        .iter()
        .map(|r| Slot {
            article: pack(r.article.as_str()),
            cutoff: r.delivery_date,
            open: 0,
        })
        .collect();
    for order in state.sales_orders.values() {
        let Some(&CustomerRows {
            from,
            to,
            last_cutoff,
        }) = customers.get(order.ship_to.as_str())
        else {
            continue;
        };
        let Some(slice) = slots.get_mut(from..to) else {
            continue;
        };
        for line in &order.lines {
            // Integer checks first: most lines are dismissed without reading their article.
            if line.delivered >= line.qty || !rules::counts_by(line.shipping_date, last_cutoff) {
                continue;
            }
            // A customer has few rows: a linear scan beats anything cleverer.
            let key = pack(line.item.as_str());
            let found = if key != LONG {
                slice.iter().position(|s| s.article == key)
            } else {
                let long = rows.get(from..to).unwrap_or_default();
                slice
                    .iter()
                    .zip(long)
                    .position(|(s, r)| s.article == LONG && *r.article == line.item)
            };
            if let Some(slot) = found.and_then(|k| slice.get_mut(k))
                && rules::counts_by(line.shipping_date, slot.cutoff)
            {
                slot.open = slot.open.saturating_add(rules::open_qty(line).0);
            }
        }
    }
    for (row, slot) in rows.iter_mut().zip(slots) {
        row.open = Qty(slot.open);
    }
}

/// [`pack`]'s value for strings too long to pack.
const LONG: u128 = 0;

/// A string of at most 15 bytes (ids usually are) packed into one integer, so comparing two
/// is one instruction and never reads the heap again; [`LONG`] for longer strings. The last
/// byte holds length + 1: never 0, and "A" and "A\0" stay apart.
#[inline]
fn pack(s: &str) -> u128 {
    let b = s.as_bytes();
    if b.len() > 15 {
        return LONG;
    }
    // Whole-word reads that may overlap (the overlapping bytes are equal, so OR-ing or
    // shifting them out is exact): no memcpy call and no 128-bit shifts on this hot path.
    let len = b.len();
    let word = |at: usize| read_le::<8>(b, at);
    let half = |at: usize| read_le::<4>(b, at);
    let (lo, hi) = if len >= 8 {
        // Bytes 8..len: the last word, shifted down past the bytes already in `lo`.
        let hi = word(len - 8)
            .checked_shr(8 * (16 - len as u32))
            .unwrap_or(0);
        (word(0), hi)
    } else if len >= 4 {
        (half(0) | (half(len - 4) << (8 * (len - 4))), 0)
    } else {
        let mut lo = 0u64;
        for (i, &byte) in b.iter().enumerate() {
            lo |= u64::from(byte) << (8 * i);
        }
        (lo, 0)
    };
    (u128::from(hi | ((len as u64 + 1) << 56)) << 64) | u128::from(lo)
}

/// `N` bytes of `b` from `at` as a little-endian integer (0 when out of range, which the
/// callers rule out). Fixed-size, so it compiles to one load.
#[inline(always)]
fn read_le<const N: usize>(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    if let Some(src) = b.get(at..at + N)
        && let Ok(arr) = <[u8; N]>::try_from(src)
    {
        w[..N].copy_from_slice(&arr);
    }
    u64::from_le_bytes(w)
}

/// A map from strings to values; short strings are looked up by [`pack`], so a lookup hashes
/// and compares one integer and never reads the stored string.
#[derive(Debug)]
struct StrMap<'a, V> {
    short: FxHashMap<u128, V>,
    long: FxHashMap<&'a str, V>,
}

impl<V> Default for StrMap<'_, V> {
    fn default() -> Self {
        StrMap {
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

impl<'a, V> StrMap<'a, V> {
    fn get_or_insert(&mut self, s: &'a str, value: V) -> &mut V {
        match pack(s) {
            LONG => self.long.entry(s).or_insert(value),
            k => self.short.entry(k).or_insert(value),
        }
    }

    #[inline]
    fn get(&self, s: &str) -> Option<&V> {
        match pack(s) {
            LONG => self.long.get(s),
            k => self.short.get(&k),
        }
    }
}

/// Computes a run (§10): one draft per customer and article whose proposal quantity is above
/// zero, and the earlier proposals for the same customer and article that are neither deleted
/// nor converted, which the run replaces.
pub fn compute_proposals<'a>(
    state: &'a State,
    selection: &Selection,
    as_of: Day,
) -> Result<ProposalRun<'a>, Rejection> {
    let (planning_org, rows) = evaluate_rows(state, selection, as_of)?;
    let Some(planning_org) = planning_org else {
        return Ok(ProposalRun {
            planning_org: None,
            drafts: Vec::new(),
            replaced: Vec::new(),
        });
    };
    // The selected organisation's id as stored in the state (it exists: effective_org checked).
    let sales_org = state
        .vmi
        .sales_orgs
        .get_key_value(&selection.sales_org)
        .map_or(planning_org, |(k, _)| k);
    let default_location = state.vmi.settings.default_outbound_location.as_ref();

    let mut drafts = Vec::new();
    let mut last_customer: Option<(&CustomerId, Option<&LocationId>)> = None;
    for row in &rows {
        let qty = row.proposal_qty();
        if !qty.is_positive() {
            continue;
        }
        let customer = row.customer;
        // Rows come sorted by customer: look each customer's shipping data up once.
        let outbound = match last_customer {
            Some((c, loc)) if c == customer => loc,
            _ => {
                let loc = state
                    .customers
                    .get(customer)
                    .and_then(|c| c.shipping_location.as_ref())
                    .or(default_location);
                last_customer = Some((customer, loc));
                loc
            }
        };
        drafts.push(Draft {
            customer,
            article: row.article,
            qty,
            delivery_date: row.delivery_date,
            sales_org,
            planning_org,
            outbound_location: outbound,
            planner: &row.plan.planner,
            available: row.available(),
        });
    }

    let mut replaced = Vec::new();
    if !drafts.is_empty() {
        for (id, p) in &state.vmi.proposals {
            if matches!(
                p.status,
                ProposalStatus::Deleted | ProposalStatus::Converted
            ) {
                continue;
            }
            if drafts
                .binary_search_by(|d| (d.customer, d.article).cmp(&(&p.customer, &p.article)))
                .is_ok()
            {
                replaced.push(id);
            }
        }
    }
    Ok(ProposalRun {
        planning_org: Some(planning_org),
        drafts,
        replaced,
    })
}

/// The non-organisation filters of a selection, prepared once per run.
struct RowFilter<'a> {
    articles: Vec<&'a ItemId>,
    customers: Vec<&'a CustomerId>,
    planners: &'a [String],
    /// `Some`: only these articles pass the classification filter.
    classified: Option<FxHashSet<&'a str>>,
}

impl<'a> RowFilter<'a> {
    fn new(state: &'a State, s: &'a Selection) -> Self {
        let mut articles: Vec<&ItemId> = s.articles.iter().collect();
        articles.sort();
        let mut customers: Vec<&CustomerId> = s.customers.iter().collect();
        customers.sort();
        let active: Vec<(usize, &Vec<String>)> = s
            .classifications
            .iter()
            .filter(|(_, values)| !values.is_empty())
            .map(|(k, v)| (usize::from(*k).saturating_sub(1), v))
            .collect();
        let classified = (!active.is_empty()).then(|| {
            state
                .items
                .values()
                .filter(|item| {
                    active.iter().all(|(k, values)| {
                        item.classifications
                            .get(*k)
                            .and_then(|c| c.as_ref())
                            .is_some_and(|c| values.contains(c))
                    })
                })
                .map(|item| item.id.as_str())
                .collect()
        });
        RowFilter {
            articles,
            customers,
            planners: &s.planners,
            classified,
        }
    }

    fn accepts(&self, customer: &CustomerId, article: &ItemId, plan: &PlanningData) -> bool {
        (self.customers.is_empty() || self.customers.binary_search(&customer).is_ok())
            && (self.articles.is_empty() || self.articles.binary_search(&article).is_ok())
            && (self.planners.is_empty() || self.planners.contains(&plan.planner))
            && self
                .classified
                .as_ref()
                .is_none_or(|set| set.contains(article.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::pack;

    #[test]
    fn pack_is_injective_on_short_strings_and_keeps_lengths_apart() {
        let words = [
            "",
            "A",
            "A\0",
            "AB",
            "ABC",
            "ABCD",
            "ABCDE",
            "ABCDEFG",
            "ABCDEFGH",
            "ABCDEFGHI",
            "ABCDEFGHIJKLMNO",
            "BBCDEFGHIJKLMNO",
            "ABCDEFGHIJKLMNP",
            "K000123",
        ];
        let mut seen = std::collections::BTreeSet::new();
        for w in words {
            let mut expect = [0u8; 16];
            expect[..w.len()].copy_from_slice(w.as_bytes());
            expect[15] = w.len() as u8 + 1;
            assert_eq!(pack(w), u128::from_le_bytes(expect), "{w:?}");
            assert!(seen.insert(pack(w)));
        }
        assert_eq!(pack("ABCDEFGHIJKLMNOP"), super::LONG);
    }
}

/// Deterministic, fast hashing for the per-run indexes (the std hasher is keyed per process
/// and slower; nothing here depends on iteration order of these maps).
type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
type FxHashSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// The multiply-rotate hash rustc uses (FxHash), with a final avalanche.
#[derive(Debug, Default, Clone, Copy)]
struct FxHasher(u64);

impl FxHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    /// Multiplication only carries low bits upward, so ids that differ in their last
    /// characters would differ only in the high bits, while the table indexes with the low
    /// ones: a final avalanche (MurmurHash3's fmix64) spreads every bit over the result.
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}
