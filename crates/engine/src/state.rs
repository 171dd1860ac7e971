//! The state machine: [`State`], [`Command`] and the one [`apply`] function every change goes
//! through, on the client (optimistically) and on the server (authoritatively).

use crate::model::{Customer, Item, PurchaseOrder, SalesOrder};
use crate::types::{CustomerId, IdStr, ItemId, LocationId, PurchaseOrderId, Qty, SalesOrderId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Everything the engine knows. Maps are ordered so that every iteration reaching output is
/// deterministic.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct State {
    pub items: BTreeMap<ItemId, Item>,
    pub customers: BTreeMap<CustomerId, Customer>,
    pub sales_orders: BTreeMap<SalesOrderId, SalesOrder>,
    pub purchase_orders: BTreeMap<PurchaseOrderId, PurchaseOrder>,
    /// Stock on hand per item and storage location.
    pub stock: BTreeMap<ItemId, BTreeMap<LocationId, Qty>>,
    /// MRP: planning parameters, setup, production orders, forecasts.
    #[serde(default)]
    pub mrp: crate::mrp::MrpState,
    /// JIT calls, deliveries, handling units, shipping notices, invoices and JIT master data.
    #[serde(default)]
    pub jit: crate::jit::JitState,
    /// Vendor-managed inventory: planning data, customer stock, sales proposals (seed 003).
    #[serde(default)]
    pub vmi: crate::vmi::VmiState,
    #[serde(default)]
    pub edi: crate::edi::EdiState,
}

impl State {
    /// Stock of an item summed over all locations.
    pub fn stock_of(&self, item: &ItemId) -> Qty {
        self.stock
            .get(item)
            .map(|m| m.values().copied().sum())
            .unwrap_or_default()
    }
}

/// A change a user, an EDI message or another system asks for. Commands carry intent, not
/// field values, so that they still make sense after a concurrent change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    UpsertItem {
        item: Item,
    },
    UpsertCustomer {
        customer: Customer,
    },
    PlaceSalesOrder {
        order: SalesOrder,
    },
    PlacePurchaseOrder {
        order: PurchaseOrder,
    },
    /// A stock posting outside any process (inventory count, opening balance).
    AdjustStock {
        item: ItemId,
        location: LocationId,
        delta: Qty,
    },
    /// Material requirements planning: `{"type": "mrp", "command": {"type": "…", …}}`.
    Mrp {
        command: crate::mrp::MrpCommand,
    },
    /// A step of the JIT process (`jit::JitCommand`).
    Jit {
        command: crate::jit::JitCommand,
    },
    /// Vendor-managed inventory (seed 003).
    Vmi {
        command: crate::vmi::VmiCommand,
    },
    Edi {
        command: crate::edi::EdiCommand,
    },
}

impl Command {
    /// The command's type as it appears on the wire (`"type"` field).
    /// The one customer a customer-sendable command acts for (a stock report, a proposal
    /// acceptance); `None` for every other command.
    pub fn customer_scope(&self) -> Option<&CustomerId> {
        match self {
            Command::Vmi { command } => command.customer_scope(),
            _ => None,
        }
    }

    /// The full action name: the wire type, and for a process command also its inner type
    /// (`"vmi.report_stock"`, `"jit.pack"`). Permissions are granted per action.
    pub fn action(&self) -> String {
        match self {
            Command::Mrp { command } => format!("mrp.{}", command.kind()),
            Command::Jit { command } => format!("jit.{}", command.kind()),
            Command::Vmi { command } => format!("vmi.{}", command.kind()),
            Command::Edi { command } => format!("edi.{}", command.kind()),
            other => other.kind().to_owned(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Command::UpsertItem { .. } => "upsert_item",
            Command::UpsertCustomer { .. } => "upsert_customer",
            Command::PlaceSalesOrder { .. } => "place_sales_order",
            Command::PlacePurchaseOrder { .. } => "place_purchase_order",
            Command::AdjustStock { .. } => "adjust_stock",
            Command::Mrp { .. } => "mrp",
            Command::Jit { .. } => "jit",
            Command::Vmi { .. } => "vmi",
            Command::Edi { .. } => "edi",
        }
    }
}

/// The kinds of entity a command can change; with an id they name what sync must send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Item,
    Customer,
    SalesOrder,
    PurchaseOrder,
    Stock,
    PlanningParams,
    MrpSetup,
    ProductionOrder,
    Forecast,
    JitCall,
    JitDelivery,
    HandlingUnit,
    ShippingNotice,
    Invoice,
    JitMasterData,
    VmiSettings,
    SalesOrg,
    VmiPlanning,
    CustomerStock,
    SalesProposal,
    PartnerProfile,
}

/// One changed entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EntityRef {
    pub kind: EntityKind,
    pub id: IdStr,
}

impl EntityRef {
    pub fn new(kind: EntityKind, id: impl AsRef<str>) -> Self {
        EntityRef {
            kind,
            id: IdStr::from(id.as_ref()),
        }
    }
}

/// The outcome for one subject of a bulk command (one JIT call of a selection, say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub id: IdStr,
    pub ok: bool,
    /// Short ("packed") in almost every case: inline, no allocation per subject.
    pub message: IdStr,
}

/// What an applied command did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Applied {
    /// One line a user can read.
    pub message: String,
    /// Entities the command changed, sorted and without duplicates.
    pub touched: Vec<EntityRef>,
    /// Per-subject results of a bulk command; empty otherwise.
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
}

impl Applied {
    pub fn new(message: impl Into<String>, mut touched: Vec<EntityRef>) -> Self {
        touched.sort();
        touched.dedup();
        Applied {
            message: message.into(),
            touched,
            outcomes: Vec::new(),
        }
    }
}

/// Why a command was refused. The state is unchanged when a command is rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rejection {
    /// The command names something that does not exist.
    NotFound { entity: String, id: String },
    /// A field has a value the command cannot accept.
    Invalid { field: String, message: String },
    /// The subject is not in a state that allows the command (wrong status, say).
    Precondition { id: String, message: String },
}

impl Rejection {
    pub fn not_found(entity: &str, id: impl fmt::Display) -> Self {
        Rejection::NotFound {
            entity: entity.to_owned(),
            id: id.to_string(),
        }
    }
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Rejection::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
    pub fn precondition(id: impl fmt::Display, message: impl Into<String>) -> Self {
        Rejection::Precondition {
            id: id.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::NotFound { entity, id } => write!(f, "{entity} {id} does not exist"),
            Rejection::Invalid { field, message } => write!(f, "{field}: {message}"),
            Rejection::Precondition { id, message } => write!(f, "{id}: {message}"),
        }
    }
}

impl std::error::Error for Rejection {}

/// Applies one command. On `Err` the state is exactly as before.
pub fn apply(state: &mut State, command: Command) -> Result<Applied, Rejection> {
    match command {
        Command::UpsertItem { item } => {
            if item.id.as_str().trim().is_empty() {
                return Err(Rejection::invalid("item.id", "must not be empty"));
            }
            let id = item.id.to_string();
            state.items.insert(item.id.clone(), item);
            Ok(Applied::new(
                format!("item {id} saved"),
                vec![EntityRef::new(EntityKind::Item, id)],
            ))
        }
        Command::UpsertCustomer { customer } => {
            if customer.id.as_str().trim().is_empty() {
                return Err(Rejection::invalid("customer.id", "must not be empty"));
            }
            let id = customer.id.to_string();
            state.customers.insert(customer.id.clone(), customer);
            Ok(Applied::new(
                format!("customer {id} saved"),
                vec![EntityRef::new(EntityKind::Customer, id)],
            ))
        }
        Command::Mrp { command } => crate::mrp::apply(state, command),
        Command::PlaceSalesOrder { order } => place_sales_order(state, order),
        Command::Vmi { command } => crate::vmi::apply(state, command),
        Command::Edi { command } => crate::edi::master::apply(state, command),
        Command::PlacePurchaseOrder { order } => place_purchase_order(state, order),
        Command::Jit { command } => crate::jit::apply(state, command),
        Command::AdjustStock {
            item,
            location,
            delta,
        } => {
            if !state.items.contains_key(&item) {
                return Err(Rejection::not_found("item", &item));
            }
            let entry = state
                .stock
                .entry(item.clone())
                .or_default()
                .entry(location)
                .or_default();
            *entry += delta;
            Ok(Applied::new(
                format!("stock of {item} adjusted by {delta}"),
                vec![EntityRef::new(EntityKind::Stock, item.to_string())],
            ))
        }
    }
}

fn place_sales_order(state: &mut State, order: SalesOrder) -> Result<Applied, Rejection> {
    if state.sales_orders.contains_key(&order.id) {
        return Err(Rejection::precondition(
            &order.id,
            "a sales order with this number exists",
        ));
    }
    for c in [&order.customer, &order.ship_to] {
        if !state.customers.contains_key(c) {
            return Err(Rejection::not_found("customer", c));
        }
    }
    if order.lines.is_empty() {
        return Err(Rejection::invalid(
            "lines",
            "a sales order needs at least one line",
        ));
    }
    for (i, l) in order.lines.iter().enumerate() {
        if !state.items.contains_key(&l.item) {
            return Err(Rejection::not_found("item", &l.item));
        }
        if !l.qty.is_positive() {
            return Err(Rejection::invalid(
                format!("lines[{i}].qty"),
                "must be above zero",
            ));
        }
        if l.delivered.is_negative() || l.reserved.is_negative() {
            return Err(Rejection::invalid(
                format!("lines[{i}]"),
                "negative delivered/reserved",
            ));
        }
    }
    let id = order.id.to_string();
    state.sales_orders.insert(order.id.clone(), order);
    Ok(Applied::new(
        format!("sales order {id} placed"),
        vec![EntityRef::new(EntityKind::SalesOrder, id)],
    ))
}

fn place_purchase_order(state: &mut State, order: PurchaseOrder) -> Result<Applied, Rejection> {
    if state.purchase_orders.contains_key(&order.id) {
        return Err(Rejection::precondition(
            &order.id,
            "a purchase order with this number exists",
        ));
    }
    if !state.items.contains_key(&order.item) {
        return Err(Rejection::not_found("item", &order.item));
    }
    if !order.qty.is_positive() {
        return Err(Rejection::invalid("qty", "must be above zero"));
    }
    let id = order.id.to_string();
    state.purchase_orders.insert(order.id.clone(), order);
    Ok(Applied::new(
        format!("purchase order {id} placed"),
        vec![EntityRef::new(EntityKind::PurchaseOrder, id)],
    ))
}
