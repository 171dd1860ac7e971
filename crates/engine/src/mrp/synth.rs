//! Deterministic synthetic MRP workloads for benchmarks and tests (seeded xorshift, no rand
//! crate), so the same data can be generated natively and in the browser.

use super::DemandSource;
use super::engine::SupplyRef;
use super::input::{DemandEvent, ItemInput, PlanningData, SupplyEvent};
use super::params::{MrpSetup, PlanningParams, Policy};
use crate::State;
use crate::model::{Customer, Flexibility, Item, PurchaseOrder, SalesLine, SalesOrder};
use crate::types::{CustomerId, Day, ItemId, LocationId, PurchaseOrderId, Qty, SalesOrderId};

/// xorshift64* — small, fast, and the same on every target.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `lo..=hi` (`lo ≤ hi`).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi - lo + 1).max(1) as u64;
        lo + (self.next_u64() % span) as i64
    }
}

/// Parameters of a synthetic item, varied over all policies.
pub fn params(rng: &mut Rng) -> PlanningParams {
    let policy = match rng.range(0, 3) {
        0 => Policy::FixedReorderQty,
        1 => Policy::MaximumQty,
        2 => Policy::LotForLot,
        _ => Policy::Order,
    };
    let mut p = PlanningParams::new(policy);
    p.reorder_point = Qty(rng.range(50, 200));
    p.reorder_qty = Qty(rng.range(100, 500));
    p.max_inventory = Qty(p.reorder_point.0 + rng.range(100, 600));
    p.safety_stock = Qty(rng.range(0, 40));
    p.lead_time_days = rng.range(0, 14) as i32;
    p.time_bucket_days = Some(rng.range(1, 7) as i32);
    p.lot_accumulation_days = rng.range(0, 7) as i32;
    p.rescheduling_days = rng.range(0, 10) as i32;
    p.order_multiple = Qty(if rng.range(0, 1) == 0 { 0 } else { 10 });
    p
}

/// Planning input of `items` items with `events_per_item` supply and demand events each,
/// spread over `days` days from `as_of` (about one event in four is a supply).
pub fn planning_data(
    seed: u64,
    items: usize,
    events_per_item: usize,
    days: i32,
    as_of: Day,
) -> PlanningData {
    let mut rng = Rng::new(seed);
    let setup = MrpSetup::default();
    let mut out = Vec::with_capacity(items);
    for n in 0..items {
        let item = ItemId::new(format!("ITEM-{n:05}"));
        let p = params(&mut rng);
        let (resolved, diagnostics) = p.resolve(&item, &setup);
        let mut supplies = Vec::with_capacity(events_per_item / 4 + 1);
        let mut demands = Vec::with_capacity(events_per_item);
        for e in 0..events_per_item {
            let day = as_of.plus(rng.range(0, days as i64 - 1) as i32);
            if rng.range(0, 3) == 0 {
                supplies.push(SupplyEvent {
                    day,
                    qty: rng.range(20, 200),
                    flexible: rng.range(0, 9) != 0,
                    source: SupplyRef::Scenario(e as u32),
                });
            } else {
                demands.push(DemandEvent {
                    day,
                    qty: rng.range(1, 60),
                    source: DemandSource::Scenario { index: e as u32 },
                });
            }
        }
        super::input::sort_supplies(&mut supplies);
        demands.sort_by(|a, b| (a.day, &a.source).cmp(&(b.day, &b.source)));
        out.push(ItemInput {
            item,
            planned: true,
            params: resolved,
            diagnostics,
            replenishment: p.replenishment,
            stock: rng.range(0, 300),
            supplies,
            demands,
        });
    }
    PlanningData { as_of, items: out }
}

/// A state with `items` planned items, each with `events_per_item` sales lines and purchase
/// orders over `days` days from `as_of`, one customer, and stock.
pub fn state(seed: u64, items: usize, events_per_item: usize, days: i32, as_of: Day) -> State {
    let mut rng = Rng::new(seed);
    let mut st = State::default();
    let cust = CustomerId::new("C1");
    st.customers.insert(
        cust.clone(),
        Customer {
            id: cust.clone(),
            name: "Customer".to_owned(),
            shipping_location: None,
        },
    );
    for n in 0..items {
        let item = ItemId::new(format!("ITEM-{n:05}"));
        st.items.insert(
            item.clone(),
            Item {
                id: item.clone(),
                description: format!("Item {n}"),
                unit: "PCS".to_owned(),
                comparable: Vec::new(),
                classifications: Default::default(),
            },
        );
        st.mrp.params.insert(item.clone(), params(&mut rng));
        st.stock
            .entry(item.clone())
            .or_default()
            .insert(LocationId::new("MAIN"), Qty(rng.range(0, 300)));
        let mut lines = Vec::new();
        for e in 0..events_per_item {
            let day = as_of.plus(rng.range(0, days as i64 - 1) as i32);
            if rng.range(0, 3) == 0 {
                let id = PurchaseOrderId::new(format!("PO-{n:05}-{e:05}"));
                st.purchase_orders.insert(
                    id.clone(),
                    PurchaseOrder {
                        id,
                        vendor: "V1".to_owned(),
                        item: item.clone(),
                        qty: Qty(rng.range(20, 200)),
                        received: Qty::ZERO,
                        due: day,
                        flexibility: if rng.range(0, 9) == 0 {
                            Flexibility::None
                        } else {
                            Flexibility::Unlimited
                        },
                    },
                );
            } else {
                lines.push(SalesLine {
                    line: e as u32 + 1,
                    item: item.clone(),
                    qty: Qty(rng.range(1, 60)),
                    delivered: Qty::ZERO,
                    reserved: Qty::ZERO,
                    shipping_date: day,
                    location: None,
                });
            }
        }
        if !lines.is_empty() {
            let id = SalesOrderId::new(format!("SO-{n:05}"));
            st.sales_orders.insert(
                id.clone(),
                SalesOrder {
                    id,
                    customer: cust.clone(),
                    ship_to: cust.clone(),
                    lines,
                },
            );
        }
    }
    st
}
