//! Per-customer EDI master data: which format a customer wants and the ids that go into the
//! envelopes.

use super::model::When;
use crate::types::CustomerId;
use serde::{Deserialize, Serialize};

/// How a customer wants shipping notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AsnFormat {
    /// UN/EDIFACT DESADV D.07A.
    Desadv,
    /// VDA 4913 version 03.
    Vda4913,
    /// ANSI X12 856, version 004010.
    X12_856,
}

/// How a customer wants invoices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceFormat {
    /// UN/EDIFACT INVOIC D.07A.
    Invoic,
    /// ANSI X12 810, version 004010.
    X12_810,
}

/// EDI master data of one customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerProfile {
    pub customer: CustomerId,
    pub asn_format: AsnFormat,
    pub invoice_format: InvoiceFormat,
    /// Our interchange id and its qualifier (UNB 0004/0007, ISA06/ISA05, e.g. "ZZ").
    pub our_id: String,
    #[serde(default)]
    pub our_qualifier: Option<String>,
    /// The customer's interchange id and qualifier.
    pub their_id: String,
    #[serde(default)]
    pub their_qualifier: Option<String>,
    /// EDIFACT syntax identifier, "UNOC" unless agreed otherwise.
    #[serde(default = "default_syntax")]
    pub edifact_syntax: String,
    /// Association assigned code in UNH (e.g. "GMI021"), if the customer's guideline has one.
    #[serde(default)]
    pub association_code: Option<String>,
    /// Our supplier number at the customer (VDA 711 sender), at most 9 characters.
    #[serde(default)]
    pub vda_supplier_no: String,
    /// The customer's number for the VDA 711 receiver field, at most 9 characters.
    #[serde(default)]
    pub vda_customer_no: String,
    /// Write interchanges flagged as test (UNB 0035 = 1, ISA15 = T).
    #[serde(default)]
    pub test: bool,
}

fn default_syntax() -> String {
    "UNOC".to_owned()
}

/// Everything [`super::render`] needs besides the document: the partner and the envelope data
/// that the caller owns (control numbers come from the outbox counter, the time from `as_of`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderFormat {
    pub profile: PartnerProfile,
    /// Interchange control number (UNB 0020, ISA13, VDA transmission number).
    pub control_number: u32,
    /// The previous VDA transmission number (VDA 711 "old"); ignored for EDIFACT and X12.
    #[serde(default)]
    pub previous_control_number: u32,
    pub prepared: When,
    /// One segment per line (easier to read, accepted by every parser we know).
    #[serde(default = "yes")]
    pub newline: bool,
}

fn yes() -> bool {
    true
}
