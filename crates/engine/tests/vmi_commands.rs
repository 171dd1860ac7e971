//! VMI commands through `apply`: validation, atomic rejection, stock reports, the proposal
//! life cycle (generate → edit/accept → convert), MRP demand and customer alerts.

#![allow(clippy::unwrap_used)] // test helpers: a panic is a failed test

use takt_engine::model::{Customer, Item, SalesLine, SalesOrder};
use takt_engine::state::{Command, Rejection};
use takt_engine::vmi::{
    CustomerAlertKind, OrderLineRef, PlanningData, ProposalFilter, ProposalId, ProposalStatus,
    SalesOrg, Selection, StockReport, VmiCommand, VmiSettings, customer_alerts, list_proposals,
    mrp_demands,
};
use takt_engine::{Day, Qty, State, apply};

fn d(s: &str) -> Day {
    Day::from_date(s.parse().unwrap())
}

fn vmi(state: &mut State, command: VmiCommand) -> Result<takt_engine::Applied, Rejection> {
    apply(state, Command::Vmi { command })
}

fn plan(customer: &str, article: &str) -> PlanningData {
    PlanningData {
        customer: customer.into(),
        article: article.into(),
        sales_org: "DE".into(),
        lot_size: Qty(0),
        reorder_point: Qty(50),
        min_stock: Qty(20),
        fill_up: Qty(120),
        planner: "MEIER".into(),
        storage_location: format!("{customer}-C").as_str().into(),
        lead_time_days: 5,
    }
}

fn report(customer: &str, article: &str, qty: i64, at: &str) -> StockReport {
    StockReport {
        customer: customer.into(),
        article: article.into(),
        location: format!("{customer}-C").as_str().into(),
        qty: Qty(qty),
        reserved: Qty(0),
        as_of: at.parse().unwrap(),
    }
}

/// K1 and K2 with A100 and A200 planned under DE; K1/A100 at 40, K2/A200 at 10.
fn setup() -> State {
    let mut s = State::default();
    for id in ["A100", "A200"] {
        let item = Item {
            id: id.into(),
            description: String::new(),
            unit: "PCS".into(),
            comparable: vec![],
            classifications: Default::default(),
        };
        apply(&mut s, Command::UpsertItem { item }).unwrap();
    }
    for (id, loc) in [("K1", Some("WH-SOUTH")), ("K2", None)] {
        let customer = Customer {
            id: id.into(),
            name: id.into(),
            shipping_location: loc.map(Into::into),
        };
        apply(&mut s, Command::UpsertCustomer { customer }).unwrap();
    }
    let settings = VmiSettings {
        default_outbound_location: Some("WH-MAIN".into()),
        ..Default::default()
    };
    vmi(&mut s, VmiCommand::SetSettings { settings }).unwrap();
    let orgs = vec![
        SalesOrg {
            id: "DE-S".into(),
            parent: Some("DE".into()),
            own_master_data: false,
        },
        SalesOrg {
            id: "DE".into(),
            parent: None,
            own_master_data: true,
        },
    ];
    vmi(&mut s, VmiCommand::ReplaceSalesOrgs { orgs }).unwrap();
    for (c, a) in [("K1", "A100"), ("K1", "A200"), ("K2", "A200")] {
        vmi(&mut s, VmiCommand::UpsertPlanning { data: plan(c, a) }).unwrap();
    }
    let reports = vec![
        report("K1", "A100", 40, "2026-03-01T18:00:00Z"),
        report("K1", "A200", 90, "2026-03-01T18:00:00Z"),
        report("K2", "A200", 10, "2026-03-01T18:00:00Z"),
    ];
    vmi(&mut s, VmiCommand::ReportStock { reports }).unwrap();
    s
}

fn generate(s: &mut State, prefix: &str) -> takt_engine::Applied {
    vmi(
        s,
        VmiCommand::GenerateProposals {
            selection: Selection::all("DE-S"),
            as_of: d("2026-03-02"),
            id_prefix: prefix.into(),
            first_number: 1,
        },
    )
    .unwrap()
}

#[test]
fn command_json_round_trips() {
    let cmd = Command::Vmi {
        command: VmiCommand::GenerateProposals {
            selection: Selection::all("DE"),
            as_of: d("2026-03-02"),
            id_prefix: "VP-".into(),
            first_number: 7,
        },
    };
    let text = serde_json::to_string(&cmd).unwrap();
    assert!(
        text.starts_with(r#"{"type":"vmi","command":{"type":"generate_proposals""#),
        "{text}"
    );
    assert_eq!(serde_json::from_str::<Command>(&text).unwrap(), cmd);
    assert_eq!(cmd.kind(), "vmi");
    let s = setup();
    let state_json = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<State>(&state_json).unwrap(), s);
}

#[test]
fn rejected_commands_leave_the_state_unchanged() {
    let mut s = setup();
    let before = s.clone();
    let bad = PlanningData {
        reorder_point: Qty(10),
        ..plan("K1", "A100")
    };
    let e = vmi(&mut s, VmiCommand::UpsertPlanning { data: bad }).unwrap_err();
    assert!(e.to_string().contains("reorder_point"), "{e}");
    let cyc = SalesOrg {
        id: "DE".into(),
        parent: Some("DE-S".into()),
        own_master_data: true,
    };
    let e = vmi(&mut s, VmiCommand::UpsertSalesOrg { org: cyc }).unwrap_err();
    assert!(e.to_string().contains("cycle"), "{e}");
    // One bad line in a stock report: nothing of it is applied.
    let reports = vec![
        report("K1", "A100", 5, "2026-03-02T08:00:00Z"),
        report("K9", "A100", 1, "2026-03-02T08:00:00Z"),
    ];
    assert!(vmi(&mut s, VmiCommand::ReportStock { reports }).is_err());
    let e = vmi(&mut s, VmiCommand::RemoveSalesOrg { id: "DE".into() }).unwrap_err();
    assert!(matches!(e, Rejection::Precondition { .. }));
    assert_eq!(s, before);
}

#[test]
fn stock_reports_are_idempotent_and_never_overwritten_by_older_ones() {
    let mut s = setup();
    let key = ("K1".into(), "A100".into(), "K1-C".into());
    let newer = vec![report("K1", "A100", 30, "2026-03-02T06:00:00Z")];
    vmi(
        &mut s,
        VmiCommand::ReportStock {
            reports: newer.clone(),
        },
    )
    .unwrap();
    let after_first = s.clone();
    let again = vmi(&mut s, VmiCommand::ReportStock { reports: newer }).unwrap();
    assert!(again.touched.is_empty());
    assert_eq!(s, after_first);
    let older = vec![report("K1", "A100", 999, "2026-02-20T06:00:00Z")];
    vmi(&mut s, VmiCommand::ReportStock { reports: older }).unwrap();
    let stock = &s.vmi.stock[&key];
    assert_eq!(stock.current().unwrap().qty, Qty(30));
    // The history (for the customer's chart) holds all three, oldest first.
    let qtys: Vec<i64> = stock.history.iter().map(|p| p.qty.0).collect();
    assert_eq!(qtys, vec![999, 40, 30]);
}

#[test]
fn generation_records_selected_org_and_replaces_open_proposals() {
    let mut s = setup();
    let first = generate(&mut s, "A-");
    assert_eq!(first.message, "2 proposal(s) created, 0 replaced");
    let p1 = &s.vmi.proposals[&ProposalId::from("A-1")];
    assert_eq!(
        (p1.customer.as_str(), p1.article.as_str(), p1.qty),
        ("K1", "A100", Qty(80))
    );
    assert_eq!(p1.sales_org.as_str(), "DE-S");
    assert_eq!(p1.outbound_location.as_ref().unwrap().as_str(), "WH-SOUTH");
    assert_eq!(p1.delivery_date, d("2026-03-07"));
    let p2 = &s.vmi.proposals[&ProposalId::from("A-2")];
    assert_eq!((p2.customer.as_str(), p2.qty), ("K2", Qty(110)));
    assert_eq!(p2.outbound_location.as_ref().unwrap().as_str(), "WH-MAIN");

    // Same ids again: refused, nothing changes.
    let before = s.clone();
    let e = vmi(
        &mut s,
        VmiCommand::GenerateProposals {
            selection: Selection::all("DE"),
            as_of: d("2026-03-02"),
            id_prefix: "A-".into(),
            first_number: 2,
        },
    )
    .unwrap_err();
    assert!(matches!(e, Rejection::Precondition { .. }));
    assert_eq!(s, before);

    vmi(
        &mut s,
        VmiCommand::DeleteProposals {
            ids: vec!["A-2".into()],
        },
    )
    .unwrap();
    let second = generate(&mut s, "B-");
    assert_eq!(second.message, "2 proposal(s) created, 1 replaced");
    assert!(
        second
            .outcomes
            .iter()
            .any(|o| o.id == "A-1" && o.message == "replaced by B-1")
    );
    assert!(!s.vmi.proposals.contains_key(&ProposalId::from("A-1")));
    assert_eq!(
        s.vmi.proposals[&ProposalId::from("A-2")].status,
        ProposalStatus::Deleted
    );
}

#[test]
fn edit_accept_convert_and_mrp_demand() {
    let mut s = setup();
    generate(&mut s, "P");
    vmi(
        &mut s,
        VmiCommand::EditProposal {
            id: "P1".into(),
            qty: Some(Qty(100)),
            delivery_date: None,
        },
    )
    .unwrap();
    assert_eq!(
        s.vmi.proposals[&ProposalId::from("P1")].status,
        ProposalStatus::Edited
    );
    // A customer may accept only its own proposals.
    let e = vmi(
        &mut s,
        VmiCommand::AcceptProposal {
            id: "P1".into(),
            customer: "K2".into(),
        },
    );
    assert!(e.is_err());
    let accept = VmiCommand::AcceptProposal {
        id: "P2".into(),
        customer: "K2".into(),
    };
    assert_eq!(accept.customer_scope().map(|c| c.as_str()), Some("K2"));
    vmi(&mut s, accept).unwrap();

    let demands = mrp_demands(&s);
    assert_eq!(demands.len(), 2);
    assert_eq!(
        demands[0],
        ("A100".into(), d("2026-03-07"), Qty(100), "P1".to_owned())
    );

    let order_ids = [("K1".into(), "SO-K1".into()), ("K2".into(), "SO-K2".into())].into();
    vmi(
        &mut s,
        VmiCommand::ConvertProposals {
            ids: vec!["P1".into(), "P2".into()],
            order_ids,
        },
    )
    .unwrap();
    let p1 = &s.vmi.proposals[&ProposalId::from("P1")];
    assert_eq!(p1.status, ProposalStatus::Converted);
    assert_eq!(
        p1.order_line,
        Some(OrderLineRef {
            order: "SO-K1".into(),
            line: 1
        })
    );
    let so = &s.sales_orders[&"SO-K1".into()];
    assert_eq!(so.ship_to.as_str(), "K1");
    assert_eq!(so.lines[0].qty, Qty(100));
    assert_eq!(so.lines[0].shipping_date, d("2026-03-07"));
    assert_eq!(so.lines[0].location.as_ref().unwrap().as_str(), "WH-SOUTH");
    // Converted proposals are demand through their order, not here.
    assert!(mrp_demands(&s).is_empty());
    // The converted orders count as open orders: nothing more is needed.
    let third = generate(&mut s, "Q");
    assert_eq!(third.message, "0 proposal(s) created, 0 replaced");
    let listed = list_proposals(
        &s,
        &ProposalFilter {
            statuses: vec![ProposalStatus::Converted],
            ..Default::default()
        },
    );
    assert_eq!(listed.len(), 2);
}

#[test]
fn mrp_status_rule_is_configurable_but_never_counts_converted() {
    let mut s = setup();
    generate(&mut s, "P");
    let only_accepted = VmiSettings {
        default_outbound_location: None,
        mrp_statuses: [ProposalStatus::Accepted].into(),
    };
    vmi(
        &mut s,
        VmiCommand::SetSettings {
            settings: only_accepted,
        },
    )
    .unwrap();
    assert!(mrp_demands(&s).is_empty());
    vmi(
        &mut s,
        VmiCommand::AcceptProposal {
            id: "P1".into(),
            customer: "K1".into(),
        },
    )
    .unwrap();
    assert_eq!(mrp_demands(&s).len(), 1);
    let bad = VmiSettings {
        default_outbound_location: None,
        mrp_statuses: [ProposalStatus::Converted].into(),
    };
    assert!(vmi(&mut s, VmiCommand::SetSettings { settings: bad }).is_err());
}

#[test]
fn customer_alerts_flag_out_of_stock_below_min_and_above_fill_up() {
    let mut s = setup();
    let reports = vec![report("K2", "A200", 0, "2026-03-02T06:00:00Z")];
    vmi(&mut s, VmiCommand::ReportStock { reports }).unwrap();
    let order = SalesOrder {
        id: "SO-1".into(),
        customer: "K1".into(),
        ship_to: "K1".into(),
        lines: vec![SalesLine {
            line: 1,
            item: "A200".into(),
            qty: Qty(100),
            delivered: Qty(0),
            reserved: Qty(0),
            shipping_date: d("2026-03-03"),
            location: None,
        }],
    };
    apply(&mut s, Command::PlaceSalesOrder { order }).unwrap();
    let alerts = customer_alerts(&s, &Selection::all("DE"), d("2026-03-02")).unwrap();
    let kinds: Vec<(&str, &str, CustomerAlertKind)> = alerts
        .iter()
        .map(|a| (a.customer.as_str(), a.article.as_str(), a.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("K1", "A200", CustomerAlertKind::AboveFillUp),
            ("K2", "A200", CustomerAlertKind::OutOfStock),
            ("K2", "A200", CustomerAlertKind::BelowMinimum),
        ]
    );
    // A customer's view: only its own rows.
    let own = Selection {
        customers: vec!["K1".into()],
        ..Selection::all("DE")
    };
    assert_eq!(customer_alerts(&s, &own, d("2026-03-02")).unwrap().len(), 1);
}
