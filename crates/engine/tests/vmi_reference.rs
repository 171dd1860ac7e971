//! The fast proposal run (packed ids, merge walks, per-customer slots, batched order pass)
//! against a plain reference written straight from the rules: one map lookup per row and a
//! scan of every sales line. Ids mix short ones with ones too long to pack, shared prefixes,
//! customers without master data, stock at other locations and orders for unplanned
//! customers, so every fallback path of the fast run is taken.

#![allow(clippy::unwrap_used)] // test helpers: a panic is a failed test

use proptest::prelude::*;
use takt_engine::model::{Customer, SalesLine, SalesOrder};
use takt_engine::types::{CustomerId, ItemId, LocationId, SalesOrderId};
use takt_engine::vmi::{
    CustomerStock, PlanningData, SalesOrg, Selection, StockPoint, compute_proposals,
    customer_alerts, effective_org, rules,
};
use takt_engine::{Day, Qty, State};

const AS_OF: Day = Day(20_514);

/// Short, exactly 15 and 16 bytes, long, and prefixes of each other.
const CUSTOMERS: [&str; 6] = [
    "K1",
    "K10",
    "K123456789ABCDE",
    "K123456789ABCDEF",
    "KUNDE-MIT-LANGER-NUMMER-1",
    "KUNDE-MIT-LANGER-NUMMER-10",
];
const ARTICLES: [&str; 6] = [
    "A",
    "A\u{e9}",
    "A0",
    "ARTIKEL-0123456",
    "ARTIKEL-01234567",
    "ARTIKEL-MIT-LANGEM-NAMEN",
];
const LOCATIONS: [&str; 2] = ["C", "CONSIGNMENT-STORE-1"];

#[derive(Debug, Clone)]
struct Plan {
    reorder: i64,
    min: i64,
    fill: i64,
    lot: i64,
    lead: i32,
    location: usize,
}

#[derive(Debug, Clone)]
struct Stock {
    customer: usize,
    article: usize,
    location: usize,
    qty: i64,
    reserved: i64,
}

#[derive(Debug, Clone)]
struct Line {
    article: usize,
    qty: i64,
    delivered: i64,
    reserved: i64,
    ship_in: i32,
}

fn plan() -> impl Strategy<Value = Plan> {
    (0i64..50, 0i64..50, 0i64..150, 0usize..3, 0i32..8, 0usize..2).prop_map(
        |(a, b, fill, lot, lead, location)| Plan {
            reorder: a.max(b),
            min: a.min(b),
            fill,
            lot: [0, 5, 25][lot],
            lead,
            location,
        },
    )
}

fn stock() -> impl Strategy<Value = Stock> {
    (0usize..6, 0usize..6, 0usize..2, 0i64..120, 0i64..10).prop_map(
        |(customer, article, location, qty, reserved)| Stock {
            customer,
            article,
            location,
            qty,
            reserved: reserved.min(qty),
        },
    )
}

fn line() -> impl Strategy<Value = Line> {
    (0usize..6, 1i64..60, 0i64..70, 0i64..10, -3i32..12).prop_map(
        |(article, qty, delivered, reserved, ship_in)| Line {
            article,
            qty,
            delivered: delivered.min(qty + 3),
            reserved,
            ship_in,
        },
    )
}

/// `plans[c * 6 + a]` plans customer c's article a (None: not planned) for organisation DE,
/// which DE-SUB (selected) falls back to. Orders name a ship-to index; 6 is a customer with
/// no planning at all.
fn build(
    plans: &[Option<Plan>],
    stocks: &[Stock],
    orders: &[(usize, Vec<Line>)],
    master: &[Option<bool>],
) -> State {
    let mut s = State::default();
    for (id, parent, own) in [("DE", None, true), ("DE-SUB", Some("DE"), false)] {
        s.vmi.sales_orgs.insert(
            id.into(),
            SalesOrg {
                id: id.into(),
                parent: parent.map(Into::into),
                own_master_data: own,
            },
        );
    }
    s.vmi.settings.default_outbound_location = Some("WH".into());
    for (c, m) in master.iter().enumerate() {
        // None: no customer record; Some(true): with its own shipping location.
        if let Some(own) = m {
            let id = CustomerId::from(CUSTOMERS[c]);
            let shipping_location = own.then(|| LocationId::from(format!("WH-{c}").as_str()));
            s.customers.insert(
                id.clone(),
                Customer {
                    id,
                    name: String::new(),
                    shipping_location,
                },
            );
        }
    }
    for (i, p) in plans.iter().enumerate() {
        let Some(p) = p else { continue };
        let (c, a) = (CUSTOMERS[i / 6], ARTICLES[i % 6]);
        let data = PlanningData {
            customer: c.into(),
            article: a.into(),
            sales_org: "DE".into(),
            lot_size: Qty(p.lot),
            reorder_point: Qty(p.reorder),
            min_stock: Qty(p.min),
            fill_up: Qty(p.fill),
            planner: String::new(),
            storage_location: LOCATIONS[p.location].into(),
            lead_time_days: p.lead,
        };
        s.vmi
            .planning
            .insert(("DE".into(), c.into(), a.into()), data);
    }
    let at: chrono::DateTime<chrono::Utc> = "2026-03-01T18:00:00Z".parse().unwrap();
    for st in stocks {
        let (c, a, l) = (
            CUSTOMERS[st.customer],
            ARTICLES[st.article],
            LOCATIONS[st.location],
        );
        s.vmi.stock.insert(
            (c.into(), a.into(), l.into()),
            CustomerStock {
                customer: c.into(),
                article: a.into(),
                location: l.into(),
                history: vec![StockPoint {
                    as_of: at,
                    qty: Qty(st.qty),
                    reserved: Qty(st.reserved),
                }],
            },
        );
    }
    for (o, (ship_to, lines)) in orders.iter().enumerate() {
        let ship_to = CustomerId::from(CUSTOMERS.get(*ship_to).copied().unwrap_or("KX"));
        let id = SalesOrderId::from(format!("SO{o:03}").as_str());
        let lines = lines
            .iter()
            .enumerate()
            .map(|(n, l)| SalesLine {
                line: n as u32 + 1,
                item: ItemId::from(ARTICLES[l.article]),
                qty: Qty(l.qty),
                delivered: Qty(l.delivered),
                reserved: Qty(l.reserved),
                shipping_date: AS_OF.plus(l.ship_in),
                location: None,
            })
            .collect();
        s.sales_orders.insert(
            id.clone(),
            SalesOrder {
                id,
                customer: ship_to.clone(),
                ship_to,
                lines,
            },
        );
    }
    s
}

/// (customer, article, stock, reserved, open, delivery date) per row, straight from the rules.
type RefRow = (String, String, Qty, Qty, Qty, Day);

fn reference_rows(s: &State) -> Vec<RefRow> {
    let org = effective_org(&s.vmi.sales_orgs, &"DE-SUB".into())
        .unwrap()
        .unwrap();
    let mut out = Vec::new();
    for ((o, c, a), plan) in &s.vmi.planning {
        if o != org {
            continue;
        }
        let (stock, reserved) = s
            .vmi
            .stock
            .get(&(c.clone(), a.clone(), plan.storage_location.clone()))
            .and_then(|st| st.current())
            .map_or((Qty(0), Qty(0)), |p| (p.qty, p.reserved));
        let date = rules::planned_delivery_date(AS_OF, plan.lead_time_days);
        let mut open = Qty(0);
        for order in s.sales_orders.values() {
            if order.ship_to != *c {
                continue;
            }
            for line in &order.lines {
                if line.item == *a && rules::counts_by(line.shipping_date, date) {
                    open = Qty(open.0.saturating_add(rules::open_qty(line).0));
                }
            }
        }
        out.push((c.to_string(), a.to_string(), stock, reserved, open, date));
    }
    out
}

proptest! {
    #[test]
    fn fast_run_matches_the_reference(
        plans in proptest::collection::vec(proptest::option::of(plan()), 36),
        stocks in proptest::collection::vec(stock(), 0..30),
        orders in proptest::collection::vec(
            (0usize..7, proptest::collection::vec(line(), 1..6)), 0..25),
        master in proptest::collection::vec(proptest::option::of(any::<bool>()), 6),
    ) {
        let s = build(&plans, &stocks, &orders, &master);
        let reference = reference_rows(&s);
        let run = compute_proposals(&s, &Selection::all("DE-SUB"), AS_OF).unwrap();
        let mut expected = Vec::new();
        for (c, a, stock, reserved, open, date) in &reference {
            let plan = &s.vmi.planning[&("DE".into(), c.as_str().into(), a.as_str().into())];
            let available = rules::available(*stock, *reserved, *open);
            let qty = rules::proposal_qty(available, plan);
            if qty.is_positive() {
                let outbound = s
                    .customers
                    .get(&CustomerId::from(c.as_str()))
                    .and_then(|k| k.shipping_location.clone())
                    .or_else(|| Some("WH".into()));
                expected.push((c.clone(), a.clone(), qty, *date, outbound, available));
            }
        }
        let actual: Vec<_> = run
            .drafts
            .iter()
            .map(|d| {
                (
                    d.customer.to_string(),
                    d.article.to_string(),
                    d.qty,
                    d.delivery_date,
                    d.outbound_location.cloned(),
                    d.available,
                )
            })
            .collect();
        prop_assert_eq!(actual, expected);

        // The alerts read the same rows: their projections must match too.
        let alerts = customer_alerts(&s, &Selection::all("DE-SUB"), AS_OF).unwrap();
        for alert in alerts {
            let row = reference
                .iter()
                .find(|r| r.0 == alert.customer.as_str() && r.1 == alert.article.as_str())
                .unwrap();
            prop_assert_eq!(alert.unreserved, row.2 - row.3);
            prop_assert_eq!(alert.projected, rules::available(row.2, row.3, row.4));
            prop_assert_eq!(alert.date, row.5);
        }
    }
}
