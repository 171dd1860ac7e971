//! The demo data set a newcomer meets on `cargo xtask run`: a plausible tier-1 supplier of
//! seat and cockpit parts with OEM customers, items, stock and open orders.
//!
//! Pure: dates are relative to the `as_of` day passed in, so the demo always looks current.

use crate::model::{Customer, Flexibility, Item, PurchaseOrder, SalesLine, SalesOrder};
use crate::state::Command;
use crate::types::{
    CustomerId, Day, IdStr, ItemId, LocationId, PurchaseOrderId, Qty, SalesOrderId,
};

fn item(id: &str, description: &str, comparable: &[&str], class1: &str) -> Command {
    Command::UpsertItem {
        item: Item {
            id: ItemId::new(id),
            description: description.to_owned(),
            unit: "PCS".to_owned(),
            comparable: comparable.iter().map(|c| ItemId::new(*c)).collect(),
            classifications: [Some(class1.to_owned()), None, None, None, None],
        },
    }
}

fn customer(id: &str, name: &str, shipping_location: Option<&str>) -> Command {
    Command::UpsertCustomer {
        customer: Customer {
            id: CustomerId::new(id),
            name: name.to_owned(),
            shipping_location: shipping_location.map(LocationId::new),
        },
    }
}

/// The demo commands, in the order they must be applied.
pub fn commands(as_of: Day) -> Vec<Command> {
    let mut out = vec![
        item("HR-100", "Headrest, leather, black", &["HR-110"], "SEAT"),
        item("HR-110", "Headrest, fabric, black", &["HR-100"], "SEAT"),
        item("AR-200", "Armrest, front centre", &[], "SEAT"),
        item("CP-300", "Cockpit cross-car beam", &[], "COCKPIT"),
        item("CH-400", "Cup holder insert", &["CH-410"], "INTERIOR"),
        item(
            "CH-410",
            "Cup holder insert, chrome",
            &["CH-400"],
            "INTERIOR",
        ),
        // Held on consignment at OEM-WOB's plant (VMI only): what the demo customer user sees.
        item("SC-500", "Seat cover set, grey fabric", &[], "SEAT"),
        item("FM-600", "Floor mat set, rubber", &[], "INTERIOR"),
        customer("OEM-WOB", "Volta Motors, plant Wolfsburg", Some("SHIP-1")),
        customer("OEM-LPZ", "Volta Motors, plant Leipzig", None),
        customer("DLR-NORD", "Autohaus Nord (spare parts)", Some("SHIP-2")),
    ];
    for (item, qty) in [
        ("HR-100", 420),
        ("HR-110", 160),
        ("AR-200", 75),
        ("CP-300", 40),
        ("CH-400", 900),
        ("SC-500", 240),
        ("FM-600", 180),
    ] {
        out.push(Command::AdjustStock {
            item: ItemId::new(item),
            location: LocationId::new("MAIN"),
            delta: Qty(qty),
        });
    }
    let orders = [
        ("SO-1001", "OEM-WOB", "HR-100", 240, 3),
        ("SO-1002", "OEM-LPZ", "HR-100", 180, 9),
        ("SO-1003", "DLR-NORD", "CH-400", 300, 5),
        ("SO-1004", "OEM-WOB", "AR-200", 60, 12),
        ("SO-1005", "OEM-LPZ", "CP-300", 55, 16),
    ];
    for (id, cust, item, qty, days) in orders {
        out.push(Command::PlaceSalesOrder {
            order: SalesOrder {
                id: SalesOrderId::new(id),
                customer: CustomerId::new(cust),
                ship_to: CustomerId::new(cust),
                lines: vec![SalesLine {
                    line: 10000,
                    item: ItemId::new(item),
                    qty: Qty(qty),
                    delivered: Qty::ZERO,
                    reserved: Qty::ZERO,
                    shipping_date: as_of.plus(days),
                    location: Some(LocationId::new("MAIN")),
                }],
            },
        });
    }
    let purchases = [
        (
            "PO-5001",
            "Lederwerk GmbH",
            "HR-100",
            300,
            14,
            Flexibility::Unlimited,
        ),
        (
            "PO-5002",
            "Metallbau Süd AG",
            "CP-300",
            50,
            21,
            Flexibility::None,
        ),
    ];
    for (id, vendor, item, qty, days, flexibility) in purchases {
        out.push(Command::PlacePurchaseOrder {
            order: PurchaseOrder {
                id: PurchaseOrderId::new(id),
                vendor: vendor.to_owned(),
                item: ItemId::new(item),
                qty: Qty(qty),
                received: Qty::ZERO,
                due: as_of.plus(days),
                flexibility,
            },
        });
    }
    out.extend(planning(as_of));
    out.extend(jit(as_of));
    out.extend(vmi(as_of));
    out
}

/// VMI: a sales org DE with the branch DE-NORD, customer-article planning data for OEM-LPZ,
/// DLR-NORD and OEM-WOB (the demo customer user's own: SC-500 runs low and gets a proposal,
/// FM-600 is healthy), weekly stock reports of the last six weeks, and one proposal run today.
fn vmi(as_of: Day) -> Vec<Command> {
    use crate::vmi::{PlanningData, SalesOrg, SalesOrgId, Selection, StockReport, VmiCommand};
    use chrono::{TimeZone, Utc};
    let v = |command: VmiCommand| Command::Vmi { command };
    let mut out = vec![
        v(VmiCommand::UpsertSalesOrg {
            org: SalesOrg {
                id: SalesOrgId::new("DE"),
                parent: None,
                own_master_data: true,
            },
        }),
        v(VmiCommand::UpsertSalesOrg {
            org: SalesOrg {
                id: SalesOrgId::new("DE-NORD"),
                parent: Some(SalesOrgId::new("DE")),
                own_master_data: false,
            },
        }),
    ];
    // (customer, article, location, reorder point, fill-up, lot, stock six weeks ago, weekly use)
    let rows = [
        ("OEM-LPZ", "CH-400", "LPZ-VMI", 120, 400, 50, 380, 45),
        ("OEM-LPZ", "HR-110", "LPZ-VMI", 40, 120, 10, 100, 8),
        ("DLR-NORD", "CH-400", "NORD-LAGER", 60, 200, 25, 210, 30),
        ("DLR-NORD", "CH-410", "NORD-LAGER", 20, 80, 10, 70, 3),
        ("OEM-WOB", "SC-500", "WOB-LAGER", 80, 240, 20, 260, 40),
        ("OEM-WOB", "FM-600", "WOB-LAGER", 50, 150, 25, 140, 12),
    ];
    let date = as_of.date().unwrap_or_default();
    for (customer, article, location, rop, fill, lot, start, use_per_week) in rows {
        out.push(v(VmiCommand::UpsertPlanning {
            data: PlanningData {
                customer: CustomerId::new(customer),
                article: ItemId::new(article),
                sales_org: SalesOrgId::new("DE"),
                lot_size: Qty(lot),
                reorder_point: Qty(rop),
                min_stock: Qty(rop / 2),
                fill_up: Qty(fill),
                planner: "anna".into(),
                storage_location: LocationId::new(location),
                lead_time_days: 3,
            },
        }));
        let reports = (0..6i64)
            .map(|week| {
                let day = date
                    .checked_sub_signed(chrono::Duration::days(7 * (5 - week)))
                    .unwrap_or(date);
                StockReport {
                    customer: CustomerId::new(customer),
                    article: ItemId::new(article),
                    location: LocationId::new(location),
                    qty: Qty((start - use_per_week * week).max(0)),
                    reserved: Qty::ZERO,
                    as_of: Utc.from_utc_datetime(&day.and_hms_opt(6, 0, 0).unwrap_or_default()),
                }
            })
            .collect();
        out.push(v(VmiCommand::ReportStock { reports }));
    }
    out.push(v(VmiCommand::GenerateProposals {
        selection: Selection::all(SalesOrgId::new("DE")),
        as_of,
        id_prefix: "VP-".into(),
        first_number: 1,
    }));
    out
}

/// Planning parameters: HR-100 and CH-400 are reorder-point items whose projected inventory
/// falls below the reorder point (MRP proposes orders); AR-200 is lot-for-lot; CP-300's only
/// purchase order (PO-5002, not reschedulable) arrives after SO-1005 ships, so that line is late.
fn planning(_as_of: Day) -> Vec<Command> {
    use crate::mrp::{MrpCommand, PlanningParams, Policy};
    let p = |item: &str, params: PlanningParams| Command::Mrp {
        command: MrpCommand::SetPlanningParams {
            item: ItemId::new(item),
            params,
        },
    };
    vec![
        p(
            "HR-100",
            PlanningParams {
                reorder_point: Qty(150),
                reorder_qty: Qty(300),
                lead_time_days: 10,
                ..PlanningParams::new(Policy::FixedReorderQty)
            },
        ),
        p(
            "CH-400",
            PlanningParams {
                reorder_point: Qty(700),
                reorder_qty: Qty(500),
                lead_time_days: 7,
                ..PlanningParams::new(Policy::FixedReorderQty)
            },
        ),
        p(
            "AR-200",
            PlanningParams {
                lead_time_days: 5,
                ..PlanningParams::new(Policy::LotForLot)
            },
        ),
        p(
            "CP-300",
            PlanningParams {
                lead_time_days: 21,
                ..PlanningParams::new(Policy::LotForLot)
            },
        ),
    ]
}

/// How many demo JIT calls end in each status, in lifecycle order (cancelled last).
pub const JIT_CALLS_PER_STATUS: usize = 4;

/// JIT master data for OEM-WOB (customer materials, packing, prices, lead times, EDI partner
/// profile) and 4 calls in every status, moved there by the real lifecycle commands. Received
/// calls are required yesterday (late); one released call has an unmapped customer material
/// (posting failed); the sequenced calls skip sequence number 4 (a gap).
fn jit(as_of: Day) -> Vec<Command> {
    use crate::edi::{AsnFormat, EdiCommand, InvoiceFormat, PartnerProfile};
    use crate::jit::model::{
        CallKind, CallStatus, IncomingCall, IncomingComponent, LeadTimes, PackingSpec, Price,
        SummarizedBasis,
    };
    use crate::jit::{JitCommand, NewCall, SsccRange};
    let wob = CustomerId::new("OEM-WOB");
    let j = |command: JitCommand| Command::Jit { command };
    let mut out = vec![
        j(JitCommand::MapCustomerMaterial {
            customer: wob.clone(),
            customer_material: "5G0-881-901".into(),
            material: ItemId::new("HR-100"),
        }),
        j(JitCommand::MapCustomerMaterial {
            customer: wob.clone(),
            customer_material: "5G0-864-207".into(),
            material: ItemId::new("AR-200"),
        }),
    ];
    for (item, per, cents) in [("HR-100", 4, 4250), ("AR-200", 6, 1890)] {
        out.push(j(JitCommand::SetPackingSpec {
            material: ItemId::new(item),
            spec: PackingSpec {
                container: "KLT-6280".into(),
                qty_per_container: Qty(per),
                rack: "GLT-1".into(),
                containers_per_rack: 8,
            },
        }));
        out.push(j(JitCommand::SetPrice {
            customer: wob.clone(),
            material: ItemId::new(item),
            price: Price {
                unit_price_cents: cents,
                per: 1,
                currency: "EUR".into(),
            },
        }));
    }
    out.push(j(JitCommand::SetLeadTimes {
        customer: Some(wob.clone()),
        lead_times: LeadTimes {
            production_minutes: 240,
            packing_minutes: 60,
            transit_minutes: 180,
        },
    }));
    out.push(j(JitCommand::SetTaxRate {
        customer: None,
        tax_rate_bp: 1900,
    }));
    out.push(Command::Edi {
        command: EdiCommand::SetPartnerProfile {
            profile: PartnerProfile {
                customer: wob.clone(),
                asn_format: AsnFormat::Desadv,
                invoice_format: InvoiceFormat::Invoic,
                our_id: "TAKTSEATS".into(),
                our_qualifier: Some("ZZ".into()),
                their_id: "VOLTAWOB".into(),
                their_qualifier: Some("ZZ".into()),
                edifact_syntax: "UNOC".into(),
                association_code: None,
                vda_supplier_no: "4711".into(),
                vda_customer_no: "WOB".into(),
                test: true,
            },
        },
    });
    let date = as_of.date().unwrap_or_default();
    let at = |days: i32, hour: u32| {
        date.checked_add_signed(chrono::Duration::days(i64::from(days)))
            .unwrap_or(date)
            .and_hms_opt(hour, 0, 0)
            .unwrap_or_default()
    };
    // Statuses in lifecycle order; the calls of status k are received and stepped k times.
    let targets: Vec<CallStatus> = CallStatus::ALL.to_vec();
    let mut calls = Vec::new();
    let mut groups: Vec<(CallStatus, Vec<IdStr>)> = Vec::new();
    let mut n = 0;
    for (k, status) in targets.iter().enumerate() {
        let mut ids = Vec::new();
        for i in 0..JIT_CALLS_PER_STATUS {
            n += 1;
            let id = IdStr::from(format!("JC-{n:04}"));
            // Open calls are due in the coming days, finished ones were due in the past;
            // received calls were due yesterday afternoon (late).
            let day_offset = match status {
                CallStatus::Received => -1,
                s if *s >= CallStatus::GoodsIssued && *s != CallStatus::Cancelled => -3,
                _ => 1 + (k as i32 % 3),
            };
            let sequenced =
                *status == CallStatus::Received || *status == CallStatus::ReleasedToProduction;
            let (kind, supply_area) = if sequenced && i < 3 {
                // Sequence numbers 1, 2, 3, 5, 6, 7 …: number 4 never arrived.
                let base = if *status == CallStatus::Received {
                    1
                } else {
                    5
                };
                let seq = base + i as u64;
                (
                    CallKind::Sequenced {
                        sequence_no: seq,
                        vehicle: format!("WVWZZZ1K{seq:06}").into(),
                    },
                    "SEQ-L1".into(),
                )
            } else {
                (
                    CallKind::Summarized {
                        basis: SummarizedBasis::Quantity,
                    },
                    format!("A{}", 1 + i % 2).into(),
                )
            };
            // One released call has a customer material nobody mapped: posting fails.
            let customer_material = if *status == CallStatus::ReleasedToProduction && i == 3 {
                "5G0-999-999"
            } else if i % 2 == 0 {
                "5G0-881-901"
            } else {
                "5G0-864-207"
            };
            calls.push(NewCall {
                id: id.as_str().into(),
                call: IncomingCall {
                    external_id: format!("DELJIT-{:06}", 1000 + n).into(),
                    customer: wob.clone(),
                    ship_to: wob.clone(),
                    unloading_point: "TOR-3".into(),
                    supply_area,
                    required_at: at(day_offset, 14),
                    version: 1,
                    kind,
                    components: vec![IncomingComponent {
                        position: 10,
                        customer_material: customer_material.into(),
                        material: None,
                        qty: Qty(8 + 4 * (n as i64 % 3)),
                        unit: "PCE".into(),
                        containers: None,
                    }],
                },
            });
            ids.push(id);
        }
        groups.push((*status, ids));
    }
    out.push(j(JitCommand::Receive { calls }));
    // Production stock for the confirmations.
    for (g, (status, ids)) in groups.into_iter().enumerate() {
        let steps: Vec<JitCommand> = if status == CallStatus::Cancelled {
            vec![JitCommand::Cancel {
                calls: ids,
                reason: "cancelled by the customer".into(),
            }]
        } else {
            let mut v = Vec::new();
            let reached = |s: CallStatus| status >= s;
            if reached(CallStatus::ReleasedToProduction) {
                v.push(JitCommand::ReleaseToProduction { calls: ids.clone() });
                v.push(JitCommand::ConfirmProduction { calls: ids.clone() });
            }
            if reached(CallStatus::ReleasedForPacking) {
                v.push(JitCommand::ReleaseForPacking { calls: ids.clone() });
            }
            if reached(CallStatus::Packed) {
                v.push(JitCommand::Pack {
                    calls: ids.clone(),
                    sscc: SsccRange {
                        extension_digit: 0,
                        company_prefix: "4012345".into(),
                        serial_from: (g as u64 + 1) * 1000,
                        serial_to: (g as u64 + 1) * 1000 + 999,
                    },
                });
            }
            if reached(CallStatus::DeliveryCreated) {
                v.push(JitCommand::CreateDeliveries {
                    calls: ids.clone(),
                    delivery_prefix: format!("80{:02}", g),
                });
            }
            if reached(CallStatus::Picked) {
                v.push(JitCommand::Pick { calls: ids.clone() });
            }
            if reached(CallStatus::GoodsIssued) {
                v.push(JitCommand::PostGoodsIssue {
                    calls: ids.clone(),
                    posted_at: at(-4, 6),
                });
            }
            if reached(CallStatus::Billed) {
                v.push(JitCommand::CreateBilling {
                    calls: ids.clone(),
                    invoice_prefix: format!("90{:02}", g),
                    invoice_date: at(-4, 0).date(),
                });
            }
            if reached(CallStatus::Completed) {
                v.push(JitCommand::Complete { calls: ids });
            }
            // Production confirmation stops at released-to-production for that group.
            if status == CallStatus::ReleasedToProduction {
                v.truncate(1);
                v.push(JitCommand::ConfirmProduction {
                    calls: vec![format!("JC-{:04}", (g + 1) * JIT_CALLS_PER_STATUS).into()],
                });
            }
            v
        };
        out.extend(steps.into_iter().map(j));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{State, apply};

    #[test]
    fn every_demo_command_applies() {
        let mut state = State::default();
        for (i, c) in commands(Day(20_000)).into_iter().enumerate() {
            if let Err(r) = apply(&mut state, c) {
                panic!("demo command {i} rejected: {r}");
            }
        }
        assert_eq!(state.items.len(), 8);
        // MAIN is the warehouse; JIT production posts to the JIT location.
        assert_eq!(
            state.stock[&ItemId::new("HR-100")][&LocationId::new("MAIN")],
            Qty(420)
        );
        assert_eq!(state.sales_orders.len(), 5);
        // Every JIT status is on the monitor, with the alerts the demo promises.
        use crate::jit::CallStatus;
        use crate::jit::monitor::AlertKind;
        for s in CallStatus::ALL {
            let n = state.jit.calls.values().filter(|c| c.status == s).count();
            assert_eq!(n, JIT_CALLS_PER_STATUS, "{s:?}");
        }
        let as_of = Day(20_000).date().unwrap().and_hms_opt(8, 0, 0).unwrap();
        let m = crate::jit::monitor(&state, as_of);
        let has = |f: fn(&AlertKind) -> bool| m.alerts.iter().any(|a| f(&a.kind));
        assert!(
            has(|k| matches!(k, AlertKind::Late { .. })),
            "{:?}",
            m.alerts
        );
        assert!(has(|k| matches!(k, AlertKind::PostingFailed { .. })));
        assert!(has(|k| matches!(k, AlertKind::UnknownMaterial { .. })));
        assert!(has(|k| matches!(k, AlertKind::SequenceGap { .. })));
        assert_eq!(state.jit.invoices.len(), 2, "billed + completed deliveries");
        assert!(state.jit.shipping_notices.len() >= 3);
        assert_eq!(state.edi.partners.len(), 1);
        // VMI: three customers with planning data, six weeks of stock history, proposals.
        assert_eq!(state.vmi.sales_orgs.len(), 2);
        assert_eq!(state.vmi.planning.len(), 6);
        let customers: std::collections::BTreeSet<_> = state
            .vmi
            .planning
            .values()
            .map(|p| p.customer.as_str())
            .collect();
        assert_eq!(
            customers.into_iter().collect::<Vec<_>>(),
            ["DLR-NORD", "OEM-LPZ", "OEM-WOB"]
        );
        // The demo customer user's own (OEM-WOB): SC-500's last report is 260 − 5 × 40 = 60 ≤
        // the reorder point 80, no open sales lines → fill-up 240 − 60 = 180, nine lots of 20;
        // FM-600 is at 140 − 5 × 12 = 80 > 50 and gets none.
        let wob: Vec<_> = state
            .vmi
            .proposals
            .values()
            .filter(|p| p.customer.as_str() == "OEM-WOB")
            .map(|p| (p.article.as_str(), p.qty))
            .collect();
        assert_eq!(wob, [("SC-500", Qty(180))]);
        assert!(
            state
                .vmi
                .stock
                .values()
                .all(|s| serde_json::to_value(s).unwrap()["history"]
                    .as_array()
                    .map_or(0, Vec::len)
                    >= 6),
            "{:?}",
            state.vmi.stock.values().next()
        );
        assert!(!state.vmi.proposals.is_empty());
        // MRP proposes orders for the reorder-point items.
        let plan = crate::demand::plan_all(&state, Day(20_000));
        for item in ["HR-100", "CH-400"] {
            assert!(
                plan.items
                    .get(&ItemId::new(item))
                    .is_some_and(|p| !p.lines.is_empty()),
                "{item}: {:?}",
                plan.items.get(&ItemId::new(item))
            );
        }
    }
}
