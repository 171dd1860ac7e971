//! The normalized EDI documents: what every inbound format is read into and every outbound
//! format is written from, independent of EDIFACT, X12 or VDA.

use crate::types::{Day, Qty};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A short text value of a JIT call (part numbers, references, units). Inline up to 24 bytes
/// (12 in wasm32), so reading the hundreds of thousands of components of a large DELJIT
/// interchange does not allocate per field; serialises exactly like `String`.
pub type Text = compact_str::CompactString;

/// A day with an optional time of day (minutes after midnight). EDI dates often carry no time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct When {
    pub day: Day,
    pub minute: Option<u16>,
}

impl When {
    pub fn day(day: Day) -> When {
        When { day, minute: None }
    }
    pub fn at(day: Day, hour: u16, minute: u16) -> When {
        When {
            day,
            minute: Some(hour * 60 + minute),
        }
    }
    /// "HHMM" of the time, or "0000" when there is none.
    pub fn hhmm(&self) -> String {
        let m = self.minute.unwrap_or(0);
        format!("{:02}{:02}", m / 60, m % 60)
    }
    /// "CCYYMMDD".
    pub fn ccyymmdd(&self) -> String {
        self.day
            .date()
            .map(|d| d.format("%Y%m%d").to_string())
            .unwrap_or_default()
    }
    /// "YYMMDD".
    pub fn yymmdd(&self) -> String {
        self.day
            .date()
            .map(|d| d.format("%y%m%d").to_string())
            .unwrap_or_default()
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.day)?;
        if let Some(m) = self.minute {
            write!(f, "T{:02}:{:02}", m / 60, m % 60)?;
        }
        Ok(())
    }
}

impl Serialize for When {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<When, D::Error> {
        let s = String::deserialize(d)?;
        parse_when(&s).ok_or_else(|| serde::de::Error::custom("expected YYYY-MM-DD[THH:MM]"))
    }
}

fn parse_when(s: &str) -> Option<When> {
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let minute = match time {
        Some(t) => {
            let (h, m) = t.split_once(':')?;
            let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
            if h > 23 || m > 59 {
                return None;
            }
            Some(h * 60 + m)
        }
        None => None,
    };
    Some(When {
        day: Day::from_date(d),
        minute,
    })
}

/// An amount of money in cents (minor units of the document currency).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    /// "1234.50" style text with two decimals.
    pub fn decimal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }
}

/// A unit price: `cents` for every `per` units (EDI's price basis quantity). 0.1234 EUR per
/// piece is `{ cents: 1234, per: 100 }`, exact without floats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Price {
    pub cents: i64,
    pub per: u32,
}

impl Price {
    /// The amount for `qty` units, rounded half away from zero to whole cents.
    pub fn amount(&self, qty: Qty) -> Money {
        let per = i128::from(self.per.max(1));
        let num = i128::from(qty.0) * i128::from(self.cents);
        let q = (num.abs() * 2 + per) / (2 * per);
        let q = if num < 0 { -q } else { q };
        Money(q.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
    }
}

/// A party as the message names it: its id, the code list that id belongs to, and a name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PartyRef {
    pub id: String,
    /// Code list responsible agency (EDIFACT 3055, e.g. "92" = assigned by buyer) or the X12
    /// identification code qualifier (e.g. "92").
    #[serde(default)]
    pub qualifier: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

impl PartyRef {
    pub fn id(id: impl Into<String>) -> PartyRef {
        PartyRef {
            id: id.into(),
            qualifier: None,
            name: None,
        }
    }
}

/// The standard an interchange is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standard {
    Edifact,
    X12,
    Vda,
}

/// The envelope of one interchange (UNB, ISA or the VDA header record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvelopeInfo {
    pub standard: Standard,
    pub sender: String,
    #[serde(default)]
    pub sender_qualifier: Option<String>,
    pub receiver: String,
    #[serde(default)]
    pub receiver_qualifier: Option<String>,
    /// Interchange control reference (UNB 0020, ISA13, VDA new transmission number).
    pub control_ref: String,
    #[serde(default)]
    pub prepared: Option<When>,
    #[serde(default)]
    pub test: bool,
}

/// Whether a message is new, replaces an earlier one or cancels it (BGM 1225 / BSS01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    #[default]
    Original,
    Replace,
    Cancel,
}

/// What every inbound message carries about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MsgHeader {
    /// "DELJIT", "DELFOR", "INVRPT", "DESADV", "INVOIC", "862", "866", "830", "846", "856",
    /// "810", "VDA4905", "VDA4913", "VDA4915", "VDA4916".
    pub message_type: String,
    /// Message version as sent ("D:04A:UN", "004010", "02").
    pub version: String,
    /// UNH 0062 / ST02 / VDA transmission number.
    pub message_ref: String,
    /// BGM 1004 / BSS02 / BFR02 / BIA03 / call-off number.
    pub document_number: String,
    #[serde(default)]
    pub issued: Option<When>,
    #[serde(default)]
    pub purpose: Purpose,
    #[serde(default)]
    pub buyer: Option<PartyRef>,
    #[serde(default)]
    pub seller: Option<PartyRef>,
    #[serde(default)]
    pub ship_to: Option<PartyRef>,
}

/// The parties a message header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartyRole {
    Buyer,
    Seller,
    ShipTo,
}

impl MsgHeader {
    pub(crate) fn set_party(&mut self, role: PartyRole, p: PartyRef) {
        *match role {
            PartyRole::Buyer => &mut self.buyer,
            PartyRole::Seller => &mut self.seller,
            PartyRole::ShipTo => &mut self.ship_to,
        } = Some(p);
    }
}

// ---------------------------------------------------------------- inbound: JIT calls

/// Summarized (quantity per part and time, no vehicle) or sequenced (per vehicle, in the
/// customer's production sequence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    #[default]
    Summarized,
    Sequenced,
}

/// A JIT call message (DELJIT, VDA 4915/4916, X12 862/866): one or more calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JitCallMsg {
    pub header: MsgHeader,
    pub kind: CallKind,
    pub calls: Vec<JitCall>,
}

/// One call: for a sequenced message one vehicle, for a summarized message one group of
/// components (DELJIT SEQ group, X12 LIN loop, VDA call header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JitCall {
    /// The customer's call number (BGM document number or VDA call-off number), plus the
    /// sequence number where the call is sequenced, so that it is unique per message.
    pub call_number: Text,
    #[serde(default)]
    pub sequence: Option<SequenceInfo>,
    #[serde(default)]
    pub plant: Option<Text>,
    pub components: Vec<JitComponent>,
    /// Cumulative quantity received by the customer (X12 SHP 02 / VDA Fortschrittszahl).
    #[serde(default)]
    pub cum_received: Option<Qty>,
    #[serde(default)]
    pub last_delivery: Option<LastDelivery>,
}

/// Where a sequenced call stands in the customer's production.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceInfo {
    /// Production sequence number (SEQ 1050, REF*JS, VDA sequence field), as sent.
    pub sequence_no: Text,
    /// Vehicle identification (GIR VIN / body number, REF*VT).
    #[serde(default)]
    pub vehicle: Option<Text>,
    /// When the vehicle reaches the assembly point (DTM in the SEQ group).
    #[serde(default)]
    pub at: Option<When>,
}

/// One component of a call: what to deliver, how much and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JitComponent {
    /// The customer's material number (LIN 7140 with IN/BP).
    pub customer_material: Text,
    /// Our material number where the customer sends it (PIA SA / VP).
    #[serde(default)]
    pub our_material: Option<Text>,
    pub qty: Qty,
    pub unit: Text,
    pub required: When,
    /// Supply area / point of use at the line (LOC+159, VDA point of use).
    #[serde(default)]
    pub supply_area: Option<Text>,
    /// Unloading point / dock (LOC+11).
    #[serde(default)]
    pub unloading_point: Option<Text>,
    /// The customer's order or contract (RFF+ON, FST10, VDA order number).
    #[serde(default)]
    pub order_ref: Option<Text>,
    /// A reference of this one requirement (FST10 "12345-1"), if the customer sends one.
    #[serde(default)]
    pub call_ref: Option<Text>,
    #[serde(default)]
    pub description: Option<Text>,
}

/// The customer's record of the last delivery received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastDelivery {
    pub delivery_note: String,
    #[serde(default)]
    pub date: Option<Day>,
    pub qty: Qty,
}

// ---------------------------------------------------------------- inbound: forecasts

/// A delivery schedule / forecast (DELFOR, VDA 4905, X12 830).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastMsg {
    pub header: MsgHeader,
    pub schedules: Vec<ForecastSchedule>,
}

/// The schedule of one customer part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastSchedule {
    pub customer_material: String,
    #[serde(default)]
    pub our_material: Option<String>,
    pub unit: String,
    #[serde(default)]
    pub plant: Option<String>,
    #[serde(default)]
    pub unloading_point: Option<String>,
    #[serde(default)]
    pub order_ref: Option<String>,
    /// Call-off (schedule) number and the previous one it replaces.
    #[serde(default)]
    pub schedule_no: Option<String>,
    #[serde(default)]
    pub previous_schedule_no: Option<String>,
    #[serde(default)]
    pub cum_received: Option<Qty>,
    #[serde(default)]
    pub last_delivery: Option<LastDelivery>,
    /// Production (fabrication) released up to this day with this cumulative quantity.
    #[serde(default)]
    pub production_release: Option<Release>,
    /// Material released up to this day with this cumulative quantity.
    #[serde(default)]
    pub material_release: Option<Release>,
    pub lines: Vec<ForecastLine>,
}

/// An authorisation horizon (VDA 515, X12 ATH).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    pub until: Day,
    pub cum_qty: Qty,
}

/// The time slice a forecast quantity is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    Week,
    Month,
    /// Overdue quantity (VDA date 222222).
    Backlog,
    /// Needed at once (VDA date 333333).
    Immediate,
    /// A range `from..=to`.
    Range,
}

/// One forecast quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastLine {
    pub period: Period,
    /// First day of the period (the document date for backlog / immediate).
    pub from: Day,
    /// Last day of the period.
    pub to: Day,
    pub qty: Qty,
    /// Firm (binding) or planning (forecast) quantity.
    pub firm: bool,
}

// ---------------------------------------------------------------- inbound: stock reports

/// The customer's stock report (INVRPT, X12 846).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockReportMsg {
    pub header: MsgHeader,
    #[serde(default)]
    pub as_of: Option<When>,
    pub lines: Vec<StockLine>,
}

/// Stock of one part at one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockLine {
    pub customer_material: String,
    #[serde(default)]
    pub our_material: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    pub on_hand: Qty,
    pub unit: String,
}

// ---------------------------------------------------------------- outbound: shipping notice

/// A shipping notice (DESADV, VDA 4913, X12 856). What we send and what we read back.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShippingNoticeDoc {
    /// The notice number (BGM 1004, BSN02). For VDA 4913 the delivery note number is used.
    pub asn_number: String,
    /// Delivery note number (RFF+AAK / VDA 713 / REF*PK). Up to 8 digits for VDA 4913.
    pub delivery_note: String,
    pub issued: When,
    pub despatched: When,
    #[serde(default)]
    pub expected_arrival: Option<When>,
    pub buyer: PartyRef,
    pub seller: PartyRef,
    pub ship_to: PartyRef,
    #[serde(default)]
    pub carrier: Option<PartyRef>,
    #[serde(default)]
    pub unloading_point: Option<String>,
    /// Transport document (consignment / bill of lading) number (RFF+AAS, REF*BM, VDA 712).
    #[serde(default)]
    pub transport_ref: Option<String>,
    /// Licence plate or other means-of-transport id.
    #[serde(default)]
    pub vehicle: Option<String>,
    #[serde(default)]
    pub gross_weight_kg: Option<i64>,
    #[serde(default)]
    pub net_weight_kg: Option<i64>,
    /// Handling units, outer before inner; `parent` links a package to its outer package.
    pub packages: Vec<Package>,
    pub lines: Vec<ShipLine>,
}

/// A level of packaging (DESADV CPS/PAC, VDA 715, X12 HL P).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    /// Hierarchy id (CPS 7164), unique in the notice.
    pub id: u32,
    #[serde(default)]
    pub parent: Option<u32>,
    /// Number of packages of this kind (PAC 7224).
    pub count: u32,
    /// Package type (customer's packaging number, e.g. "0000FAS" or a returnable bin id).
    #[serde(default)]
    pub package_type: Option<String>,
    /// Quantity per package (QTY+52).
    #[serde(default)]
    pub qty_per_package: Option<Qty>,
    /// Label type: "M" master, "S" single, "G" mixed (PCI 4233 / VDA 715 label indicator).
    #[serde(default)]
    pub label_kind: Option<String>,
    /// Package (label) numbers (GIN+ML, VDA package number from..to, MAN*GM).
    pub labels: Vec<String>,
    /// A reference printed on the label, e.g. a lot (RFF+ACI).
    #[serde(default)]
    pub reference: Option<String>,
}

/// A delivered part (DESADV LIN, VDA 714, X12 HL I).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipLine {
    pub line_no: u32,
    pub customer_material: String,
    #[serde(default)]
    pub our_material: Option<String>,
    pub qty: Qty,
    pub unit: String,
    #[serde(default)]
    pub order_ref: Option<String>,
    #[serde(default)]
    pub order_line: Option<String>,
    /// The JIT call or call-off this delivers against.
    #[serde(default)]
    pub call_ref: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub origin_country: Option<String>,
    /// Point of use / supply area (LOC+159, VDA 713 point of consumption).
    #[serde(default)]
    pub supply_area: Option<String>,
    /// The package (by [`Package::id`]) this line is packed in.
    #[serde(default)]
    pub package: Option<u32>,
}

// ---------------------------------------------------------------- outbound: invoice

/// Invoice or credit note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    #[default]
    Invoice,
    CreditNote,
}

/// An invoice (INVOIC, X12 810). Totals are computed from the lines, never stored, so they
/// cannot disagree.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InvoiceDoc {
    pub invoice_number: String,
    #[serde(default)]
    pub kind: InvoiceKind,
    pub issued: When,
    pub currency: String,
    pub buyer: PartyRef,
    pub seller: PartyRef,
    #[serde(default)]
    pub ship_to: Option<PartyRef>,
    #[serde(default)]
    pub seller_vat_id: Option<String>,
    #[serde(default)]
    pub buyer_vat_id: Option<String>,
    #[serde(default)]
    pub order_ref: Option<String>,
    /// The shipping notice this invoice bills (RFF+AAK, REF*SI… as BSN number).
    #[serde(default)]
    pub asn_ref: Option<String>,
    #[serde(default)]
    pub delivery_date: Option<Day>,
    #[serde(default)]
    pub payment_due: Option<Day>,
    /// VAT rate in basis points: 1900 = 19 %.
    pub vat_rate_bp: u32,
    pub lines: Vec<InvoiceLine>,
}

/// One invoiced part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub line_no: u32,
    pub customer_material: String,
    #[serde(default)]
    pub our_material: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub qty: Qty,
    pub unit: String,
    pub price: Price,
}

impl InvoiceLine {
    pub fn amount(&self) -> Money {
        self.price.amount(self.qty)
    }
}

impl InvoiceDoc {
    /// Sum of the line amounts.
    pub fn net(&self) -> Money {
        Money(self.lines.iter().map(|l| l.amount().0).sum())
    }
    /// VAT on the net amount, rounded half away from zero.
    pub fn tax(&self) -> Money {
        let n = i128::from(self.net().0) * i128::from(self.vat_rate_bp);
        let q = (n.abs() * 2 + 10_000) / 20_000;
        Money((if n < 0 { -q } else { q }) as i64)
    }
    pub fn gross(&self) -> Money {
        Money(self.net().0 + self.tax().0)
    }
}

// ---------------------------------------------------------------- containers

/// A shipping notice as read, with its header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingNoticeMsg {
    pub header: MsgHeader,
    pub notice: ShippingNoticeDoc,
}

/// An invoice as read, with its header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceMsg {
    pub header: MsgHeader,
    pub invoice: InvoiceDoc,
}

/// One message read from an interchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "doc", rename_all = "snake_case")]
pub enum InboundDoc {
    JitCall(JitCallMsg),
    Forecast(ForecastMsg),
    StockReport(StockReportMsg),
    ShippingNotice(ShippingNoticeMsg),
    Invoice(InvoiceMsg),
}

impl InboundDoc {
    /// The message header (type, number, parties, dates), whatever the document.
    pub fn header(&self) -> &MsgHeader {
        match self {
            InboundDoc::JitCall(m) => &m.header,
            InboundDoc::Forecast(m) => &m.header,
            InboundDoc::StockReport(m) => &m.header,
            InboundDoc::ShippingNotice(m) => &m.header,
            InboundDoc::Invoice(m) => &m.header,
        }
    }
}

/// A document to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "doc", rename_all = "snake_case")]
pub enum OutboundDoc {
    ShippingNotice(ShippingNoticeDoc),
    Invoice(InvoiceDoc),
}
