//! The demo data set a newcomer meets on `cargo xtask run`: a plausible tier-1 supplier of
//! seat and cockpit parts with OEM customers, items, stock and open orders.
//!
//! Pure: dates are relative to the `as_of` day passed in, so the demo always looks current.

use crate::model::{Customer, Flexibility, Item, PurchaseOrder, SalesLine, SalesOrder};
use crate::state::Command;
use crate::types::{CustomerId, Day, ItemId, LocationId, PurchaseOrderId, Qty, SalesOrderId};

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
        assert_eq!(state.items.len(), 6);
        assert_eq!(state.stock_of(&ItemId::new("HR-100")), Qty(420));
        assert_eq!(state.sales_orders.len(), 5);
    }
}
