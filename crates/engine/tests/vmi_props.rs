//! Property tests of proposal generation: a second run replaces the first one-for-one with the
//! same quantities; converting proposals and running again does not duplicate supply.

#![allow(clippy::unwrap_used)] // test helpers: a panic is a failed test

use proptest::prelude::*;
use std::collections::BTreeMap;
use takt_engine::model::{Customer, Item, SalesLine, SalesOrder};
use takt_engine::state::Command;
use takt_engine::vmi::{
    PlanningData, ProposalId, ProposalStatus, SalesOrg, Selection, StockReport, VmiCommand,
};
use takt_engine::{Day, Qty, State, apply};

const AS_OF: Day = Day(20_514); // 2026-03-02

#[derive(Debug, Clone)]
struct Row {
    lot: i64,
    reorder: i64,
    min: i64,
    fill: i64,
    lead: i32,
    stock: i64,
    reserved: i64,
}

fn row() -> impl Strategy<Value = Row> {
    (
        0i64..4,
        0i64..60,
        0i64..60,
        0i64..200,
        0i32..10,
        0i64..150,
        0i64..20,
    )
        .prop_map(|(lot, a, b, fill, lead, stock, reserved)| {
            // Reorder point 0 = unset; when set it is not below the minimum stock.
            let (min, reorder) = if a == 0 { (b, 0) } else { (a.min(b), a.max(b)) };
            Row {
                lot: [0, 1, 10, 25][lot as usize],
                reorder,
                min,
                fill,
                lead,
                stock,
                reserved,
            }
        })
}

#[derive(Debug, Clone)]
struct Line {
    customer: usize,
    article: usize,
    qty: i64,
    delivered: i64,
    reserved: i64,
    ship_in: i32,
}

fn line() -> impl Strategy<Value = Line> {
    (
        0usize..3,
        0usize..3,
        1i64..80,
        0i64..100,
        0i64..20,
        -5i32..15,
    )
        .prop_map(
            |(customer, article, qty, delivered, reserved, ship_in)| Line {
                customer,
                article,
                qty,
                delivered: delivered.min(qty + 5),
                reserved,
                ship_in,
            },
        )
}

fn vmi(state: &mut State, command: VmiCommand) -> takt_engine::Applied {
    apply(state, Command::Vmi { command }).unwrap()
}

/// Three customers × three articles; `rows[c * 3 + a]` plans customer c's article a (None:
/// not planned).
fn build(rows: &[Option<Row>], lines: &[Line]) -> State {
    let mut s = State::default();
    for a in 0..3 {
        let item = Item {
            id: format!("A{a}").as_str().into(),
            description: String::new(),
            unit: "PCS".into(),
            comparable: vec![],
            classifications: Default::default(),
        };
        apply(&mut s, Command::UpsertItem { item }).unwrap();
    }
    for c in 0..3 {
        let customer = Customer {
            id: format!("K{c}").as_str().into(),
            name: String::new(),
            shipping_location: None,
        };
        apply(&mut s, Command::UpsertCustomer { customer }).unwrap();
    }
    let orgs = vec![SalesOrg {
        id: "DE".into(),
        parent: None,
        own_master_data: true,
    }];
    vmi(&mut s, VmiCommand::ReplaceSalesOrgs { orgs });
    for (i, r) in rows.iter().enumerate() {
        let Some(r) = r else { continue };
        let (c, a) = (format!("K{}", i / 3), format!("A{}", i % 3));
        let data = PlanningData {
            customer: c.as_str().into(),
            article: a.as_str().into(),
            sales_org: "DE".into(),
            lot_size: Qty(r.lot),
            reorder_point: Qty(r.reorder),
            min_stock: Qty(r.min),
            fill_up: Qty(r.fill),
            planner: String::new(),
            storage_location: "C".into(),
            lead_time_days: r.lead,
        };
        vmi(&mut s, VmiCommand::UpsertPlanning { data });
        let report = StockReport {
            customer: c.as_str().into(),
            article: a.as_str().into(),
            location: "C".into(),
            qty: Qty(r.stock),
            reserved: Qty(r.reserved),
            as_of: "2026-03-01T18:00:00Z".parse().unwrap(),
        };
        vmi(
            &mut s,
            VmiCommand::ReportStock {
                reports: vec![report],
            },
        );
    }
    for (i, l) in lines.iter().enumerate() {
        let c = format!("K{}", l.customer);
        let order = SalesOrder {
            id: format!("SO-{i}").as_str().into(),
            customer: c.as_str().into(),
            ship_to: c.as_str().into(),
            lines: vec![SalesLine {
                line: 1,
                item: format!("A{}", l.article).as_str().into(),
                qty: Qty(l.qty),
                delivered: Qty(l.delivered),
                reserved: Qty(l.reserved),
                shipping_date: AS_OF.plus(l.ship_in),
                location: None,
            }],
        };
        apply(&mut s, Command::PlaceSalesOrder { order }).unwrap();
    }
    s
}

fn run(s: &mut State, prefix: &str) -> takt_engine::Applied {
    vmi(
        s,
        VmiCommand::GenerateProposals {
            selection: Selection::all("DE"),
            as_of: AS_OF,
            id_prefix: prefix.into(),
            first_number: 1,
        },
    )
}

/// (customer, article) → qty of the open proposals.
fn open_proposals(s: &State) -> BTreeMap<(String, String), (String, Qty)> {
    s.vmi
        .proposals
        .values()
        .filter(|p| p.status.is_open())
        .map(|p| {
            (
                (p.customer.to_string(), p.article.to_string()),
                (p.id.to_string(), p.qty),
            )
        })
        .collect()
}

proptest! {
    #[test]
    fn generation_is_idempotent(
        rows in proptest::collection::vec(proptest::option::of(row()), 9),
        lines in proptest::collection::vec(line(), 0..12),
    ) {
        let mut s = build(&rows, &lines);
        run(&mut s, "A");
        let first = open_proposals(&s);
        let second_run = run(&mut s, "B");
        let second = open_proposals(&s);
        // Same customer-article pairs, same quantities, new ids.
        let q1: Vec<_> = first.iter().map(|(k, (_, q))| (k.clone(), *q)).collect();
        let q2: Vec<_> = second.iter().map(|(k, (_, q))| (k.clone(), *q)).collect();
        prop_assert_eq!(q1, q2);
        // Every proposal of the first run was replaced, one-for-one by the new one.
        let mut replaced: Vec<String> = second_run
            .outcomes
            .iter()
            .filter(|o| o.message.starts_with("replaced by"))
            .map(|o| o.id.to_string())
            .collect();
        replaced.sort();
        let mut first_ids: Vec<String> = first.values().map(|(id, _)| id.clone()).collect();
        first_ids.sort();
        prop_assert_eq!(replaced, first_ids);
        for (k, (id, _)) in &first {
            prop_assert!(!s.vmi.proposals.contains_key(&ProposalId::from(id.as_str())));
            let by = &second[k].0;
            let want = format!("replaced by {by}");
            prop_assert!(second_run.outcomes.iter().any(|o| o.id == *id && o.message == want));
        }
        prop_assert!(second.values().all(|(_, q)| q.is_positive()));
    }

    #[test]
    fn converting_then_regenerating_does_not_duplicate_supply(
        rows in proptest::collection::vec(proptest::option::of(row()), 9),
        lines in proptest::collection::vec(line(), 0..12),
        convert_mask in proptest::collection::vec(any::<bool>(), 9),
    ) {
        let mut s = build(&rows, &lines);
        run(&mut s, "A");
        let first = open_proposals(&s);
        // Convert a subset (by customer-article position).
        let chosen: Vec<(String, String)> = first
            .keys()
            .filter(|(c, a)| {
                let i = c[1..].parse::<usize>().unwrap() * 3 + a[1..].parse::<usize>().unwrap();
                convert_mask[i]
            })
            .cloned()
            .collect();
        if !chosen.is_empty() {
            let ids = chosen.iter().map(|k| first[k].0.as_str().into()).collect();
            let order_ids = chosen
                .iter()
                .map(|(c, _)| (c.as_str().into(), format!("SO-VMI-{c}").as_str().into()))
                .collect();
            vmi(&mut s, VmiCommand::ConvertProposals { ids, order_ids });
        }
        run(&mut s, "B");
        let second = open_proposals(&s);
        for k in &chosen {
            // Converted supply counts as an open order: nothing more is proposed.
            prop_assert!(!second.contains_key(k), "{:?} proposed again after conversion", k);
            let converted = s.vmi.proposals.values().filter(|p| p.status == ProposalStatus::Converted
                && (p.customer.to_string(), p.article.to_string()) == *k).count();
            prop_assert_eq!(converted, 1);
        }
        // What was not converted is proposed again with the same quantity.
        for (k, (_, q)) in &first {
            if !chosen.contains(k) {
                prop_assert_eq!(second.get(k).map(|(_, q)| *q), Some(*q));
            }
        }
        prop_assert_eq!(second.len() + chosen.len(), first.len());
    }
}
