//! JIT data: calls and their components, statuses, deliveries, handling units and the JIT
//! master data (customer-material mapping, packing specifications, prices, lead times).

use crate::jit::documents::{Invoice, ShippingNotice};
use crate::types::{CustomerId, IdStr, ItemId, LocationId, Qty};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Serde for an enum whose JSON form is internally tagged (a tag field beside the variant's
/// fields). Non-self-describing formats such as postcard, which the binary snapshot
/// (`crate::snapshot`) uses, cannot read that form (the reader would have to look ahead for the
/// tag), so the type is written in two forms, chosen by `is_human_readable`: `$json` (the
/// internally tagged wire form, unchanged) and `$compact` (externally tagged), both
/// `#[serde(remote = …)]` definitions of `$ty`.
macro_rules! two_forms {
    ($ty:ident, $json:ident, $compact:ident) => {
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                if s.is_human_readable() {
                    $json::serialize(self, s)
                } else {
                    $compact::serialize(self, s)
                }
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                if d.is_human_readable() {
                    $json::deserialize(d)
                } else {
                    $compact::deserialize(d)
                }
            }
        }
    };
}

/// Everything the JIT process keeps. Ordered maps so that every output is deterministic.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct JitState {
    /// JIT calls by internal number.
    pub calls: BTreeMap<IdStr, JitCall>,
    /// Outbound deliveries by number.
    pub deliveries: BTreeMap<IdStr, Delivery>,
    /// Handling units by SSCC.
    pub handling_units: BTreeMap<IdStr, HandlingUnit>,
    /// Shipping notices (ASN) by number; one per delivery, numbered like the delivery.
    pub shipping_notices: BTreeMap<IdStr, ShippingNotice>,
    /// Billing documents (invoices) by number.
    pub invoices: BTreeMap<IdStr, Invoice>,
    pub master: JitMaster,
    /// Customer → external call number → internal number. Kept by the receive command so that
    /// a new version of a call finds its predecessor without scanning every call.
    pub external_index: BTreeMap<CustomerId, BTreeMap<IdStr, IdStr>>,
}

/// JIT master data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct JitMaster {
    pub settings: JitSettings,
    /// Customer → customer material number → our material.
    pub customer_materials: BTreeMap<CustomerId, BTreeMap<IdStr, ItemId>>,
    /// Packing specification per material.
    pub packing: BTreeMap<ItemId, PackingSpec>,
    /// Customer → material → price for billing.
    pub prices: BTreeMap<CustomerId, BTreeMap<ItemId, Price>>,
    /// Lead times per customer; `settings.default_lead_times` where a customer has none.
    pub lead_times: BTreeMap<CustomerId, LeadTimes>,
    /// Components consumed (backflushed) when production of a material is confirmed.
    pub backflush: BTreeMap<ItemId, Vec<BackflushLine>>,
    /// Materials blocked for stock postings.
    pub blocked: BTreeSet<ItemId>,
    /// Tax rate per customer in basis points (1900 = 19 %); `settings.tax_rate_bp` otherwise.
    pub tax_rates: BTreeMap<CustomerId, u32>,
}

/// Settings of the JIT process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JitSettings {
    /// Storage location that production confirmations post to and goods issues draw from.
    pub location: LocationId,
    pub default_lead_times: LeadTimes,
    /// Default tax rate in basis points.
    pub tax_rate_bp: u32,
}

impl Default for JitSettings {
    fn default() -> Self {
        JitSettings {
            location: LocationId::new("JIT"),
            default_lead_times: LeadTimes::default(),
            tax_rate_bp: 0,
        }
    }
}

/// How a material is packed: into containers, and containers onto racks (pallets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackingSpec {
    /// Packaging material of the container (e.g. "KLT-4315").
    pub container: IdStr,
    /// Pieces per container (quantity-based calls); at least 1.
    pub qty_per_container: Qty,
    /// Packaging material of the outer unit (rack, pallet).
    pub rack: IdStr,
    /// Containers per rack; for sequenced calls also the number of calls per delivery.
    pub containers_per_rack: u32,
}

/// A price: `unit_price_cents` per `per` units of the material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    pub unit_price_cents: i64,
    pub per: u32,
    pub currency: IdStr,
}

/// Lead times in minutes, used to judge whether a call can still make its required time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LeadTimes {
    pub production_minutes: i64,
    pub packing_minutes: i64,
    pub transit_minutes: i64,
}

/// One component consumed per unit of a produced material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackflushLine {
    pub item: ItemId,
    pub qty_per: Qty,
}

/// Summarized or sequenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallType {
    Summarized,
    Sequenced,
}

/// Whether a summarized call asks for pieces or for a number of full containers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SummarizedBasis {
    #[default]
    Quantity,
    Containers,
}

/// The kind of a call with the data only that kind has. In JSON internally tagged
/// (`{"type": "sequenced", …}`); in the binary snapshot externally tagged (see `two_forms!`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallKind {
    /// Grouped per material, supply area and date; no vehicle.
    Summarized { basis: SummarizedBasis },
    /// One vehicle in the customer's production sequence.
    Sequenced { sequence_no: u64, vehicle: IdStr },
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "CallKind", tag = "type", rename_all = "snake_case")]
enum CallKindJson {
    Summarized {
        #[serde(default)]
        basis: SummarizedBasis,
    },
    Sequenced {
        sequence_no: u64,
        vehicle: IdStr,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "CallKind", rename_all = "snake_case")]
enum CallKindCompact {
    Summarized { basis: SummarizedBasis },
    Sequenced { sequence_no: u64, vehicle: IdStr },
}

two_forms!(CallKind, CallKindJson, CallKindCompact);

impl CallKind {
    pub fn call_type(&self) -> CallType {
        match self {
            CallKind::Summarized { .. } => CallType::Summarized,
            CallKind::Sequenced { .. } => CallType::Sequenced,
        }
    }

    pub fn sequence_no(&self) -> Option<u64> {
        match self {
            CallKind::Sequenced { sequence_no, .. } => Some(*sequence_no),
            CallKind::Summarized { .. } => None,
        }
    }
}

/// Processing status of a call: the least advanced status of its components.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    #[default]
    Received,
    ReleasedToProduction,
    ProductionConfirmed,
    ReleasedForPacking,
    Packed,
    DeliveryCreated,
    Picked,
    GoodsIssued,
    Billed,
    Completed,
    Cancelled,
}

impl CallStatus {
    pub const ALL: [CallStatus; 11] = [
        CallStatus::Received,
        CallStatus::ReleasedToProduction,
        CallStatus::ProductionConfirmed,
        CallStatus::ReleasedForPacking,
        CallStatus::Packed,
        CallStatus::DeliveryCreated,
        CallStatus::Picked,
        CallStatus::GoodsIssued,
        CallStatus::Billed,
        CallStatus::Completed,
        CallStatus::Cancelled,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CallStatus::Received => "received",
            CallStatus::ReleasedToProduction => "released to production",
            CallStatus::ProductionConfirmed => "production confirmed",
            CallStatus::ReleasedForPacking => "released for packing",
            CallStatus::Packed => "packed",
            CallStatus::DeliveryCreated => "delivery created",
            CallStatus::Picked => "picked",
            CallStatus::GoodsIssued => "goods issued",
            CallStatus::Billed => "billed",
            CallStatus::Completed => "completed",
            CallStatus::Cancelled => "cancelled",
        }
    }

    /// Produced goods of the call are in our stock (posted, not yet issued).
    pub fn holds_stock(self) -> bool {
        (CallStatus::ProductionConfirmed..=CallStatus::Picked).contains(&self)
    }
}

/// Processing status of one component. Like the call's, plus the error state of a failed
/// stock posting, which the supervisor reprocesses.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    #[default]
    Received,
    ReleasedToProduction,
    /// Production was confirmed but the stock posting failed; see the component's `failure`.
    PostingFailed,
    ProductionConfirmed,
    ReleasedForPacking,
    Packed,
    DeliveryCreated,
    Picked,
    GoodsIssued,
    Billed,
    Completed,
    Cancelled,
}

impl ComponentStatus {
    /// The call status this component status counts as.
    pub fn call_status(self) -> CallStatus {
        match self {
            ComponentStatus::Received => CallStatus::Received,
            ComponentStatus::ReleasedToProduction | ComponentStatus::PostingFailed => {
                CallStatus::ReleasedToProduction
            }
            ComponentStatus::ProductionConfirmed => CallStatus::ProductionConfirmed,
            ComponentStatus::ReleasedForPacking => CallStatus::ReleasedForPacking,
            ComponentStatus::Packed => CallStatus::Packed,
            ComponentStatus::DeliveryCreated => CallStatus::DeliveryCreated,
            ComponentStatus::Picked => CallStatus::Picked,
            ComponentStatus::GoodsIssued => CallStatus::GoodsIssued,
            ComponentStatus::Billed => CallStatus::Billed,
            ComponentStatus::Completed => CallStatus::Completed,
            ComponentStatus::Cancelled => CallStatus::Cancelled,
        }
    }

    /// The component status a whole call moves its components to.
    pub fn from_call(status: CallStatus) -> ComponentStatus {
        match status {
            CallStatus::Received => ComponentStatus::Received,
            CallStatus::ReleasedToProduction => ComponentStatus::ReleasedToProduction,
            CallStatus::ProductionConfirmed => ComponentStatus::ProductionConfirmed,
            CallStatus::ReleasedForPacking => ComponentStatus::ReleasedForPacking,
            CallStatus::Packed => ComponentStatus::Packed,
            CallStatus::DeliveryCreated => ComponentStatus::DeliveryCreated,
            CallStatus::Picked => ComponentStatus::Picked,
            CallStatus::GoodsIssued => ComponentStatus::GoodsIssued,
            CallStatus::Billed => ComponentStatus::Billed,
            CallStatus::Completed => ComponentStatus::Completed,
            CallStatus::Cancelled => ComponentStatus::Cancelled,
        }
    }

    /// Production of this component is posted to stock and not yet issued.
    pub fn holds_stock(self) -> bool {
        self != ComponentStatus::PostingFailed && self.call_status().holds_stock()
    }
}

/// Why a stock posting failed. In JSON internally tagged (`{"reason": "missing_stock", …}`);
/// in the binary snapshot externally tagged (see `two_forms!`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostingFailure {
    /// The customer material has no mapping to one of our materials, or the material is unknown.
    UnknownMaterial { customer_material: String },
    /// The material is blocked for postings.
    BlockedMaterial { material: ItemId },
    /// A backflushed component lacks stock.
    MissingStock {
        item: ItemId,
        needed: Qty,
        available: Qty,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "PostingFailure", tag = "reason", rename_all = "snake_case")]
enum PostingFailureJson {
    UnknownMaterial {
        customer_material: String,
    },
    BlockedMaterial {
        material: ItemId,
    },
    MissingStock {
        item: ItemId,
        needed: Qty,
        available: Qty,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "PostingFailure", rename_all = "snake_case")]
enum PostingFailureCompact {
    UnknownMaterial {
        customer_material: String,
    },
    BlockedMaterial {
        material: ItemId,
    },
    MissingStock {
        item: ItemId,
        needed: Qty,
        available: Qty,
    },
}

two_forms!(PostingFailure, PostingFailureJson, PostingFailureCompact);

impl std::fmt::Display for PostingFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PostingFailure::UnknownMaterial { customer_material } => {
                write!(f, "no material for customer material {customer_material}")
            }
            PostingFailure::BlockedMaterial { material } => {
                write!(f, "material {material} is blocked")
            }
            PostingFailure::MissingStock {
                item,
                needed,
                available,
            } => {
                write!(
                    f,
                    "missing stock of {item}: need {needed}, have {available}"
                )
            }
        }
    }
}

/// A component of a call: one material the customer asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JitComponent {
    pub position: u32,
    pub customer_material: IdStr,
    /// Our material; `None` while the customer material has no mapping.
    pub material: Option<ItemId>,
    pub qty: Qty,
    pub unit: IdStr,
    /// For container-based summarized calls: the number of containers asked for.
    #[serde(default)]
    pub containers: Option<u32>,
    pub status: ComponentStatus,
    /// Why the last stock posting failed (status `posting_failed`). Boxed: rare, and the
    /// monitor streams every component, so the component stays small.
    #[serde(default)]
    pub failure: Option<Box<PostingFailure>>,
    /// The production group (component group material or package unit) it was released in.
    #[serde(default)]
    pub production_group: Option<IdStr>,
    /// SSCCs of the containers holding this component.
    #[serde(default)]
    pub handling_units: Vec<IdStr>,
}

/// A status an external system (a MES, say) reported for a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalStatus {
    pub system: String,
    pub status: String,
    pub reported_at: NaiveDateTime,
}

/// A JIT call as the customer sends it (one version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingCall {
    pub external_id: IdStr,
    pub customer: CustomerId,
    pub ship_to: CustomerId,
    pub unloading_point: IdStr,
    pub supply_area: IdStr,
    pub required_at: NaiveDateTime,
    #[serde(default = "one")]
    pub version: u32,
    pub kind: CallKind,
    pub components: Vec<IncomingComponent>,
}

fn one() -> u32 {
    1
}

/// A component as the customer sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingComponent {
    pub position: u32,
    pub customer_material: IdStr,
    /// Our material if the message carries it; otherwise the customer-material mapping decides.
    #[serde(default)]
    pub material: Option<ItemId>,
    pub qty: Qty,
    pub unit: IdStr,
    #[serde(default)]
    pub containers: Option<u32>,
}

/// A JIT call: header and components.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JitCall {
    /// Internal number.
    pub id: IdStr,
    pub external_id: IdStr,
    pub customer: CustomerId,
    pub ship_to: CustomerId,
    pub unloading_point: IdStr,
    pub supply_area: IdStr,
    pub required_at: NaiveDateTime,
    pub version: u32,
    pub kind: CallKind,
    pub status: CallStatus,
    pub components: Vec<JitComponent>,
    #[serde(default)]
    pub delivery: Option<IdStr>,
    /// A newer version received after release, waiting for the planner.
    #[serde(default)]
    pub pending_change: Option<Box<IncomingCall>>,
    /// Boxed: rare, and the monitor streams every call, so the call stays small.
    #[serde(default)]
    pub external_status: Option<Box<ExternalStatus>>,
    /// How often the call was reset by a reorder before delivery.
    #[serde(default)]
    pub reorder_count: u32,
    /// The call this one replaces (reorder after delivery).
    #[serde(default)]
    pub replaces: Option<IdStr>,
    /// Replacement calls created for this one.
    #[serde(default)]
    pub replaced_by: Vec<IdStr>,
    #[serde(default)]
    pub cancel_reason: Option<String>,
}

impl JitCall {
    /// The status the components say the call is in: the least advanced one.
    pub fn derived_status(&self) -> CallStatus {
        self.components
            .iter()
            .map(|c| c.status.call_status())
            .min()
            .unwrap_or(CallStatus::Cancelled)
    }

    pub fn call_type(&self) -> CallType {
        self.kind.call_type()
    }
}

/// Status of a delivery handed to an external warehouse (EWM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarehouseStatus {
    Requested,
    Picked,
    GoodsIssued,
}

/// A delivery handed to an external warehouse for picking and goods issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarehouseRequest {
    pub warehouse: IdStr,
    pub status: WarehouseStatus,
}

/// An outbound delivery of JIT calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: IdStr,
    pub call_type: CallType,
    pub customer: CustomerId,
    pub ship_to: CustomerId,
    pub unloading_point: IdStr,
    pub shipping_date: NaiveDate,
    /// Calls in delivery order (sequence order for sequenced calls).
    pub calls: Vec<IdStr>,
    #[serde(default)]
    pub split_from: Option<IdStr>,
    #[serde(default)]
    pub warehouse: Option<WarehouseRequest>,
    #[serde(default)]
    pub goods_issued_at: Option<NaiveDateTime>,
    #[serde(default)]
    pub shipping_notice: Option<IdStr>,
    #[serde(default)]
    pub invoice: Option<IdStr>,
}

/// What one container holds: a quantity of one call component (material and customer
/// material are the component's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HuContent {
    pub call: IdStr,
    pub position: u32,
    pub qty: Qty,
}

/// A handling unit: a container with contents, or a rack/pallet holding containers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandlingUnit {
    pub sscc: IdStr,
    pub packaging_material: IdStr,
    #[serde(default)]
    pub parent: Option<IdStr>,
    #[serde(default)]
    pub children: Vec<IdStr>,
    #[serde(default)]
    pub contents: Vec<HuContent>,
}
