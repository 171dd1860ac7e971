//! A deterministic VMI workload generator (seeded xorshift, no `rand`), so benchmarks and
//! browser demos run on the same data natively and in wasm.

use super::{
    CustomerStock, PlanningData, SalesOrg, SalesOrgId, Selection, StockPoint, VmiSettings,
};
use crate::model::{Customer, Item, SalesLine, SalesOrder};
use crate::state::State;
use crate::types::{CustomerId, Day, ItemId, LocationId, Qty, SalesOrderId};
use chrono::{DateTime, Utc};

/// Size and seed of a workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthConfig {
    pub seed: u64,
    pub customers: usize,
    /// Planning rows per customer (distinct articles); rows = customers × this.
    pub articles_per_customer: usize,
    /// Articles to choose from (at least `articles_per_customer`).
    pub article_pool: usize,
    /// Open sales order lines in total.
    pub open_lines: usize,
    pub lines_per_order: usize,
}

impl SynthConfig {
    /// The benchmark size: 100,000 customer-article rows, 1,000,000 open order lines.
    pub fn bench() -> SynthConfig {
        SynthConfig {
            seed: 42,
            customers: 10_000,
            articles_per_customer: 10,
            article_pool: 2_000,
            open_lines: 1_000_000,
            lines_per_order: 10,
        }
    }
}

/// xorshift64*: tiny, fast and good enough for test data.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform-ish in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below(hi.saturating_sub(lo).saturating_add(1).max(1) as u64) as i64
    }
}

/// The as-of date of every synthetic workload.
pub fn as_of() -> Day {
    Day(20_779) // 2026-11-22
}

/// The selection that covers the whole workload: organisation `ORG-SUB`, which may not keep
/// its own data, so the run also exercises the fallback to `ORG`.
pub fn selection() -> Selection {
    Selection::all("ORG-SUB")
}

fn article(i: usize) -> ItemId {
    ItemId(format!("A{i:05}").into())
}

fn customer(i: usize) -> CustomerId {
    CustomerId(format!("K{i:06}").into())
}

/// Builds the workload state directly (it is valid data: every command would accept it).
pub fn vmi_workload(cfg: &SynthConfig) -> State {
    let mut rng = Rng::new(cfg.seed);
    let mut state = State::default();
    let pool = cfg.article_pool.max(cfg.articles_per_customer).max(1);
    let classes = ["METAL", "RUBBER", "PLASTIC"];
    for a in 0..pool {
        let id = article(a);
        let c1 = classes[a % classes.len()].to_owned();
        state.items.insert(
            id.clone(),
            Item {
                id,
                description: String::new(),
                unit: "PCS".to_owned(),
                comparable: Vec::new(),
                classifications: [Some(c1), None, None, None, None],
            },
        );
    }
    let org = SalesOrgId::from("ORG");
    for (id, parent, own) in [("ORG", None, true), ("ORG-SUB", Some("ORG"), false)] {
        state.vmi.sales_orgs.insert(
            SalesOrgId::from(id),
            SalesOrg {
                id: id.into(),
                parent: parent.map(SalesOrgId::from),
                own_master_data: own,
            },
        );
    }
    state.vmi.settings = VmiSettings {
        default_outbound_location: Some("WH".into()),
        ..VmiSettings::default()
    };
    let reported: DateTime<Utc> = DateTime::from_timestamp(1_795_305_600, 0).unwrap_or_default();

    let stride = pool / cfg.articles_per_customer.max(1);
    let mut planned: Vec<Vec<ItemId>> = Vec::with_capacity(cfg.customers);
    for c in 0..cfg.customers {
        let cid = customer(c);
        state.customers.insert(
            cid.clone(),
            Customer {
                id: cid.clone(),
                name: String::new(),
                shipping_location: (c % 2 == 0).then(|| LocationId::from("WH-SOUTH")),
            },
        );
        let start = rng.below(pool as u64) as usize;
        let loc = LocationId(format!("{cid}-C").into());
        let mut mine = Vec::with_capacity(cfg.articles_per_customer);
        for j in 0..cfg.articles_per_customer {
            let art = article((start + j * stride) % pool);
            let min = rng.range(0, 40);
            let reorder = min + rng.range(0, 40);
            let plan = PlanningData {
                customer: cid.clone(),
                article: art.clone(),
                sales_org: org.clone(),
                lot_size: Qty([0, 10, 25][rng.below(3) as usize]),
                reorder_point: Qty(reorder),
                min_stock: Qty(min),
                fill_up: Qty(reorder + rng.range(0, 200)),
                planner: format!("P{}", c % 7),
                storage_location: loc.clone(),
                lead_time_days: rng.range(0, 14) as i32,
            };
            state
                .vmi
                .planning
                .insert((org.clone(), cid.clone(), art.clone()), plan);
            let qty = rng.range(0, 200);
            state.vmi.stock.insert(
                (cid.clone(), art.clone(), loc.clone()),
                CustomerStock {
                    customer: cid.clone(),
                    article: art.clone(),
                    location: loc.clone(),
                    history: vec![StockPoint {
                        as_of: reported,
                        qty: Qty(qty),
                        reserved: Qty(rng.range(0, qty.min(10))),
                    }],
                },
            );
            mine.push(art);
        }
        planned.push(mine);
    }

    let per = cfg.lines_per_order.max(1);
    let n_orders = cfg.open_lines.div_ceil(per);
    let mut left = cfg.open_lines;
    for o in 0..n_orders {
        let c = rng.below(cfg.customers.max(1) as u64) as usize;
        let ship_to = customer(c);
        let n = per.min(left);
        left -= n;
        let mut lines = Vec::with_capacity(n);
        for l in 0..n {
            // Most lines are for articles the customer is planned for.
            let item = match planned.get(c) {
                Some(mine) if !mine.is_empty() && rng.below(10) < 7 => {
                    mine[rng.below(mine.len() as u64) as usize].clone()
                }
                _ => article(rng.below(pool as u64) as usize),
            };
            let qty = rng.range(1, 60);
            lines.push(SalesLine {
                line: (l + 1) as u32,
                item,
                qty: Qty(qty),
                delivered: Qty(if rng.below(4) == 0 {
                    rng.range(0, qty)
                } else {
                    0
                }),
                reserved: Qty(if rng.below(8) == 0 {
                    rng.range(0, 5)
                } else {
                    0
                }),
                shipping_date: as_of().plus(rng.range(-5, 30) as i32),
                location: None,
            });
        }
        let id = SalesOrderId(format!("SO{o:07}").into());
        state.sales_orders.insert(
            id.clone(),
            SalesOrder {
                id,
                customer: ship_to.clone(),
                ship_to,
                lines,
            },
        );
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_workload() {
        let cfg = SynthConfig {
            seed: 7,
            customers: 20,
            articles_per_customer: 3,
            article_pool: 10,
            open_lines: 95,
            lines_per_order: 10,
        };
        let a = vmi_workload(&cfg);
        assert_eq!(a, vmi_workload(&cfg));
        assert_eq!(a.vmi.planning.len(), 60);
        assert_eq!(
            a.sales_orders
                .values()
                .map(|o| o.lines.len())
                .sum::<usize>(),
            95
        );
        for p in a.vmi.planning.values() {
            assert!(p.validate().is_ok(), "{p:?}");
        }
        let run = super::super::compute_proposals(&a, &selection(), as_of()).unwrap();
        assert!(!run.drafts.is_empty());
    }
}
