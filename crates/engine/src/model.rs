//! Master data and orders shared by all three processes: items, customers, sales orders,
//! purchase orders and stock. Each process adds its own data in its module (`mrp`, `vmi`,
//! `jit`); what more than one of them reads lives here.

use crate::types::{CustomerId, Day, ItemId, LocationId, PurchaseOrderId, Qty, SalesOrderId};
use serde::{Deserialize, Serialize};

/// An item (material, article) we sell, buy or make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: ItemId,
    pub description: String,
    /// Base unit of measure, e.g. "PCS".
    pub unit: String,
    /// Items sales may offer instead when this one cannot be promised (seed 002).
    #[serde(default)]
    pub comparable: Vec<ItemId>,
    /// Article classifications 1–5 (seed 003 §4), `None` where unset.
    #[serde(default)]
    pub classifications: [Option<String>; 5],
}

/// A customer: sold-to and ship-to party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: CustomerId,
    pub name: String,
    /// The outbound storage location from the customer's shipping data (seed 003 §10).
    #[serde(default)]
    pub shipping_location: Option<LocationId>,
}

/// A sales order: one customer, one ship-to, many lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesOrder {
    pub id: SalesOrderId,
    pub customer: CustomerId,
    pub ship_to: CustomerId,
    pub lines: Vec<SalesLine>,
}

/// A sales order line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesLine {
    pub line: u32,
    pub item: ItemId,
    pub qty: Qty,
    /// Quantity already delivered.
    #[serde(default)]
    pub delivered: Qty,
    /// Quantity reserved against stock.
    #[serde(default)]
    pub reserved: Qty,
    /// Shipment date: the day the goods leave our warehouse.
    pub shipping_date: Day,
    #[serde(default)]
    pub location: Option<LocationId>,
}

impl SalesLine {
    /// Quantity still to deliver: ordered − delivered, never negative.
    pub fn outstanding(&self) -> Qty {
        (self.qty - self.delivered).at_least_zero()
    }
}

/// Whether planning may change a purchase order (Business Central's "Planning Flexibility").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Flexibility {
    #[default]
    Unlimited,
    None,
}

/// A purchase order line for one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseOrder {
    pub id: PurchaseOrderId,
    pub vendor: String,
    pub item: ItemId,
    pub qty: Qty,
    #[serde(default)]
    pub received: Qty,
    /// Expected receipt date.
    pub due: Day,
    #[serde(default)]
    pub flexibility: Flexibility,
}

impl PurchaseOrder {
    /// Quantity still to receive.
    pub fn outstanding(&self) -> Qty {
        (self.qty - self.received).at_least_zero()
    }
}
