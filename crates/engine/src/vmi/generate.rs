//! A proposal run (seed §4, §8, §10) as a pure function of the state: which customer-article
//! rows a selection covers, their availability, and the proposals that would be created.
//!
//! The run is built for large data: one organisation's planning rows are one sorted range of the
//! planning map, the customer stock is joined to them in one merge walk (both sorted by customer
//! and article, compared as packed integers), and the open sales lines are folded into the rows
//! in one pass over the orders, finding a row by one hash lookup per order (its ship-to) and a
//! scan of that customer's few compact slots per line. Nothing is allocated per row or per line.

use super::rules;
use super::{
    CustomerStock, PlanningData, ProposalId, ProposalStatus, SalesOrgId, StockKey, effective_org,
};
use crate::model::SalesOrder;
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
        SalesOrgId(format!("{org}\0").into()),
        CustomerId::default(),
        ItemId::default(),
    );
    let mut stock = StockCursor::new(vmi.stock.iter());
    // At most every planning record is a row: reserving that once avoids growing (copying)
    // a large vector several times per run. Untouched capacity is not memory used.
    let mut rows: Vec<RowEval<'a>> = Vec::with_capacity(vmi.planning.len());
    // What the pass over the sales lines reads per row, packed apart from the wide rows.
    let mut fold = Fold::with_capacity(vmi.planning.len());
    let mut current: Option<(&'a CustomerId, u128)> = None;
    for ((_, customer, article), plan) in vmi.planning.range(start..end) {
        if !filter.accepts(customer, article, plan) {
            continue;
        }
        let customer_key = pack(customer.as_str());
        // Rows come sorted by customer: a new customer starts where the key changes.
        let new_customer = current.is_none_or(|(c, k)| {
            cmp_packed(c.as_str(), k, customer.as_str(), customer_key).is_ne()
        });
        let article_key = pack(article.as_str());
        let (qty, reserved) = stock.find(customer, customer_key, article, article_key, plan);
        let delivery_date = rules::planned_delivery_date(as_of, plan.lead_time_days);
        fold.push(customer.as_str(), new_customer, article_key, delivery_date)?;
        current = Some((customer, customer_key));
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

    fold.add_open_orders(state, &rows);
    for (row, slot) in rows.iter_mut().zip(fold.slots) {
        row.open = Qty(slot.open);
    }
    Ok((Some(org), rows))
}

/// The stock map walked alongside the (sorted) planning rows, each stock key packed once.
struct StockCursor<'a, I: Iterator<Item = (&'a StockKey, &'a CustomerStock)>> {
    iter: I,
    /// The next stock entry not yet passed, with its packed customer and article.
    head: Option<(&'a StockKey, &'a CustomerStock, u128, u128)>,
}

impl<'a, I: Iterator<Item = (&'a StockKey, &'a CustomerStock)>> StockCursor<'a, I> {
    fn new(iter: I) -> Self {
        let mut cursor = StockCursor { iter, head: None };
        cursor.advance();
        cursor
    }

    fn advance(&mut self) {
        self.head = self
            .iter
            .next()
            .map(|(k, s)| (k, s, pack(k.0.as_str()), pack(k.1.as_str())));
    }

    /// Stock and reserved quantity of the newest report for the customer's article at the
    /// plan's storage location (0 and 0 without one), passing every stock entry up to it.
    fn find(
        &mut self,
        customer: &CustomerId,
        customer_key: u128,
        article: &ItemId,
        article_key: u128,
        plan: &PlanningData,
    ) -> (Qty, Qty) {
        let mut found = (Qty::ZERO, Qty::ZERO);
        while let Some(((sc, sa, sl), s, sck, sak)) = self.head {
            let order = cmp_packed(sc.as_str(), sck, customer.as_str(), customer_key)
                .then_with(|| cmp_packed(sa.as_str(), sak, article.as_str(), article_key));
            match order {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => {
                    if *sl == plan.storage_location
                        && let Some(p) = s.current()
                    {
                        found = (p.qty, p.reserved);
                    }
                }
                std::cmp::Ordering::Greater => break,
            }
            self.advance();
        }
        found
    }
}

/// Compares two strings given their [`pack`]s: one integer comparison unless one is long.
#[inline]
fn cmp_packed(a: &str, pa: u128, b: &str, pb: u128) -> std::cmp::Ordering {
    if pa != LONG && pb != LONG {
        pa.cmp(&pb)
    } else {
        a.cmp(b)
    }
}

/// One customer's rows of a run: `rows[from..to]`, and the latest planned delivery date
/// among them (a line shipping after it counts for none of them). `u32` keeps an entry of the
/// customer index at 32 bytes with its key.
#[derive(Debug, Clone, Copy)]
struct CustomerRows {
    from: u32,
    to: u32,
    last_cutoff: Day,
}

/// What the pass over the sales lines reads and writes per row, in a flat array parallel to
/// the rows: a customer's slots are a few adjacent cache lines, where the rows themselves
/// would be a dozen, with pointers to follow.
#[derive(Debug, Clone, Copy)]
struct Slot {
    article: u128,
    cutoff: Day,
    open: i64,
}

struct Fold<'a> {
    customers: StrMap<'a, CustomerRows>,
    slots: Vec<Slot>,
}

impl<'a> Fold<'a> {
    fn with_capacity(n: usize) -> Self {
        Fold {
            customers: StrMap::default(),
            slots: Vec::with_capacity(n),
        }
    }

    /// Adds the next row (rows come sorted by customer; `new_customer` starts a customer).
    fn push(
        &mut self,
        customer: &'a str,
        new_customer: bool,
        article: u128,
        cutoff: Day,
    ) -> Result<(), Rejection> {
        let n = u32::try_from(self.slots.len())
            .map_err(|_| Rejection::invalid("selection", "more than 2^32 planning rows"))?;
        let entry = CustomerRows {
            from: n,
            to: n + 1,
            last_cutoff: cutoff,
        };
        if new_customer {
            self.customers.insert(customer, entry);
        } else if let Some(e) = self.customers.get_mut(customer) {
            e.to = n + 1;
            e.last_cutoff = e.last_cutoff.max(cutoff);
        }
        self.slots.push(Slot {
            article,
            cutoff,
            open: 0,
        });
        Ok(())
    }

    /// Folds the open sales lines into the rows: for each order whose ship-to has rows, each
    /// line not fully delivered whose article has a row and whose shipping date is on or
    /// before that row's planned delivery date adds its open quantity (§3.3, §9).
    fn add_open_orders(&mut self, state: &State, rows: &[RowEval<'_>]) {
        if rows.is_empty() {
            return;
        }
        // Orders go in batches: first every order's ship-to is looked up and its slots are
        // touched, then the batch's lines are folded. The lookups and touches of a batch do
        // not depend on each other, so their cache misses overlap, where one customer per
        // order between long line loops would wait for each miss in turn.
        const BATCH: usize = 32;
        let mut batch: Vec<(&SalesOrder, CustomerRows)> = Vec::with_capacity(BATCH);
        for order in state.sales_orders.values() {
            if let Some(c) = self.customers.get(order.ship_to.as_str()) {
                batch.push((order, *c));
                if batch.len() == BATCH {
                    self.fold_batch(&batch, rows);
                    batch.clear();
                }
            }
        }
        self.fold_batch(&batch, rows);
    }

    fn fold_batch(&mut self, batch: &[(&SalesOrder, CustomerRows)], rows: &[RowEval<'_>]) {
        // One read per cache line of each order's slots (two slots to a line): the value is
        // of no use, the line arriving in the cache is.
        let mut touched = 0u128;
        for (_, c) in batch {
            if let Some(slots) = self.slots.get(c.from as usize..c.to as usize) {
                for s in slots.iter().step_by(2) {
                    touched ^= s.article;
                }
            }
        }
        std::hint::black_box(touched);
        for (order, c) in batch {
            let range = c.from as usize..c.to as usize;
            let Some(slots) = self.slots.get_mut(range.clone()) else {
                continue;
            };
            for line in &order.lines {
                // Integer checks first: most lines are dismissed without reading their article.
                if line.delivered >= line.qty
                    || !rules::counts_by(line.shipping_date, c.last_cutoff)
                {
                    continue;
                }
                // A customer has few rows: a linear scan beats anything cleverer.
                let key = pack(line.item.as_str());
                let found = if key != LONG {
                    slots.iter().position(|s| s.article == key)
                } else {
                    let long = rows.get(range.clone()).unwrap_or_default();
                    slots
                        .iter()
                        .zip(long)
                        .position(|(s, r)| s.article == LONG && *r.article == line.item)
                };
                if let Some(slot) = found.and_then(|k| slots.get_mut(k))
                    && rules::counts_by(line.shipping_date, slot.cutoff)
                {
                    slot.open = slot.open.saturating_add(rules::open_qty(line).0);
                }
            }
        }
    }
}

/// [`pack`]'s value for strings too long to pack.
const LONG: u128 = 0;

/// A string of at most 15 bytes (ids usually are) packed into one integer, so comparing two
/// is one instruction and never reads the heap again; [`LONG`] for longer strings.
///
/// The bytes go big-endian from the top, zero-padded, and the lowest byte holds length + 1
/// (never 0, and "A" and "A\0" stay apart): so packs order like the strings themselves,
/// which lets the stock merge compare keys as integers.
#[inline]
fn pack(s: &str) -> u128 {
    let b = s.as_bytes();
    let len = b.len();
    if len > 15 {
        return LONG;
    }
    // Whole-word reads that may overlap (the overlapping bytes are equal, so OR-ing or
    // shifting them out is exact): no memcpy call and no 128-bit shifts on this hot path.
    let word = |at: usize| read_be::<8>(b, at);
    let half = |at: usize| read_be::<4>(b, at);
    let (hi, lo) = if len >= 8 {
        // Bytes 8..len: the low bytes of the last word, shifted up to the top of `lo`.
        let lo = word(len - 8)
            .checked_shl(8 * (16 - len as u32))
            .unwrap_or(0);
        (word(0), lo)
    } else if len >= 4 {
        ((half(0) << 32) | (half(len - 4) << (8 * (8 - len))), 0)
    } else {
        let mut hi = 0u64;
        for (i, &byte) in b.iter().enumerate() {
            hi |= u64::from(byte) << (56 - 8 * i);
        }
        (hi, 0)
    };
    (u128::from(hi) << 64) | u128::from(lo | (len as u64 + 1))
}

/// `N` bytes of `b` from `at` as a big-endian integer (0 when out of range, which the
/// callers rule out). Fixed-size, so it compiles to one load and a byte swap.
#[inline(always)]
fn read_be<const N: usize>(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    if let Some(src) = b.get(at..at + N)
        && let Ok(arr) = <[u8; N]>::try_from(src)
    {
        w[8 - N..].copy_from_slice(&arr);
    }
    u64::from_be_bytes(w)
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
    fn insert(&mut self, s: &'a str, value: V) {
        match pack(s) {
            LONG => self.long.insert(s, value),
            k => self.short.insert(k, value),
        };
    }

    fn get_mut(&mut self, s: &str) -> Option<&mut V> {
        match pack(s) {
            LONG => self.long.get_mut(s),
            k => self.short.get_mut(&k),
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

    // Rows are many and most need no proposal, but a run is short-lived: one allocation of
    // the upper bound beats growing (copying) a large vector several times.
    let mut drafts = Vec::with_capacity(rows.len());
    let mut shipping = SortedCursor::new(&state.customers);
    let mut last_customer: Option<(&CustomerId, Option<&LocationId>)> = None;
    for row in &rows {
        let qty = row.proposal_qty();
        if !qty.is_positive() {
            continue;
        }
        let customer = row.customer;
        // Rows come sorted by customer: look each customer's shipping data up once, walking
        // the customers in the same order.
        let outbound = match last_customer {
            Some((c, loc)) if c == customer => loc,
            _ => {
                let loc = shipping
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

/// Lookups in a sorted map by keys that come in ascending order: a few steps forward from
/// the last key found, and a fresh search only when the next key is further away. Walking
/// the map's keys in order touches adjacent memory, where one search per key would descend
/// the tree and compare a dozen scattered keys.
struct SortedCursor<'a, K, V> {
    map: &'a BTreeMap<K, V>,
    iter: std::collections::btree_map::Range<'a, K, V>,
    head: Option<(&'a K, &'a V)>,
}

impl<'a, K: Ord, V> SortedCursor<'a, K, V> {
    /// Steps forward before searching afresh.
    const STEPS: usize = 4;

    fn new(map: &'a BTreeMap<K, V>) -> Self {
        let mut iter = map.range::<K, _>(..);
        let head = iter.next();
        SortedCursor { map, iter, head }
    }

    /// The value for `key`; each key must be at least the one asked before.
    fn get(&mut self, key: &K) -> Option<&'a V> {
        for _ in 0..Self::STEPS {
            let (k, v) = self.head?;
            match k.cmp(key) {
                std::cmp::Ordering::Less => self.head = self.iter.next(),
                std::cmp::Ordering::Equal => return Some(v),
                std::cmp::Ordering::Greater => return None,
            }
        }
        use std::ops::Bound::{Included, Unbounded};
        self.iter = self.map.range::<K, _>((Included(key), Unbounded));
        self.head = self.iter.next();
        self.head.filter(|(k, _)| *k == key).map(|(_, v)| v)
    }
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
    use proptest::strategy::Just;

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
            assert_eq!(pack(w), u128::from_be_bytes(expect), "{w:?}");
            assert!(seen.insert(pack(w)));
        }
        assert_eq!(pack("ABCDEFGHIJKLMNOP"), super::LONG);
    }

    proptest::proptest! {
        /// The stock merge compares packs instead of strings: they must order alike.
        #[test]
        fn packs_order_like_their_strings(
            a in proptest::collection::vec(proptest::prop_oneof![Just(0u8), Just(1u8), Just(b'A'), Just(255u8), 0u8..=255], 0..18),
            b in proptest::collection::vec(proptest::prop_oneof![Just(0u8), Just(1u8), Just(b'A'), Just(255u8), 0u8..=255], 0..18),
        ) {
            // Bytes, not chars: invalid UTF-8 cannot reach `pack`, but the order is bytewise.
            let (a, b) = (String::from_utf8_lossy(&a).into_owned(), String::from_utf8_lossy(&b).into_owned());
            let (pa, pb) = (pack(&a), pack(&b));
            proptest::prop_assert_eq!(
                super::cmp_packed(&a, pa, &b, pb),
                a.cmp(&b),
                "{:?} {:?} {:x} {:x}", a, b, pa, pb
            );
            if a.len() <= 15 && b.len() <= 15 {
                proptest::prop_assert_eq!(pa.cmp(&pb), a.cmp(&b));
            }
        }
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
