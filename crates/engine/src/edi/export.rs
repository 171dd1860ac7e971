//! JIT documents → outbound EDI: a [`ShippingNotice`] becomes a [`ShippingNoticeDoc`] and an
//! [`Invoice`] an [`InvoiceDoc`], rendered in the format of the customer's
//! [`PartnerProfile`]. The engine decides what to send after a command ([`outbound_for`]); the
//! caller (server, CLI) only numbers the interchanges and stores the text.

use super::error::{EdiError, ErrorKind};
use super::model::{
    InvoiceDoc, InvoiceKind, InvoiceLine, OutboundDoc, Package, PartyRef, Price, ShipLine,
    ShippingNoticeDoc, When,
};
use super::partner::{AsnFormat, InvoiceFormat, PartnerProfile, RenderFormat};
use super::render;
use crate::jit::documents::{Invoice, ShippingNotice};
use crate::state::{EntityKind, EntityRef, State};
use crate::types::{CustomerId, Day};
use chrono::{NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which outbound document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutKind {
    Asn,
    Invoice,
}

/// One rendered outbound message, ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendered {
    pub partner: CustomerId,
    pub kind: OutKind,
    /// The JIT document id (shipping notice or invoice number).
    pub document: String,
    /// `DESADV`, `VDA4913`, `856`, `INVOIC` or `810`.
    pub message_type: String,
    pub body: String,
}

/// A time as the EDI model wants it.
pub fn when(t: NaiveDateTime) -> When {
    When {
        day: Day::from_date(t.date()),
        minute: Some(u16::try_from(t.hour() * 60 + t.minute()).unwrap_or(0)),
    }
}

fn not_found(what: &str, id: &str) -> EdiError {
    EdiError::new(
        ErrorKind::Render,
        format!("an existing {what}"),
        id.to_owned(),
    )
}

/// The EDI document of a shipping notice. Each container's content is one line under its
/// package (the DESADV/4913 hierarchy: rack → container → line).
pub fn shipping_notice_doc(
    state: &State,
    n: &ShippingNotice,
    profile: &PartnerProfile,
) -> ShippingNoticeDoc {
    let index: BTreeMap<&str, u32> = n
        .packages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.sscc.as_str(), u32::try_from(i + 1).unwrap_or(u32::MAX)))
        .collect();
    let has_children: std::collections::BTreeSet<&str> = n
        .packages
        .iter()
        .filter_map(|p| p.parent.as_deref())
        .collect();
    let packages: Vec<Package> = n
        .packages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let qty: i64 = p.contents.iter().map(|c| c.qty.0).sum();
            Package {
                id: u32::try_from(i + 1).unwrap_or(u32::MAX),
                parent: p.parent.as_deref().and_then(|s| index.get(s).copied()),
                count: 1,
                package_type: Some(p.packaging_material.to_string()),
                qty_per_package: (!p.contents.is_empty()).then_some(crate::types::Qty(qty)),
                label_kind: Some(if has_children.contains(p.sscc.as_str()) {
                    "M".to_owned()
                } else {
                    "S".to_owned()
                }),
                labels: vec![p.sscc.to_string()],
                reference: None,
            }
        })
        .collect();
    let line_of = |item_line: u32, qty: crate::types::Qty, package: Option<u32>, no: u32| {
        n.items
            .iter()
            .find(|a| a.line == item_line)
            .map(|a| ShipLine {
                line_no: no,
                customer_material: a.customer_material.to_string(),
                our_material: Some(a.material.to_string()),
                qty,
                unit: a.unit.to_string(),
                order_ref: None,
                order_line: None,
                call_ref: Some(a.external_call.to_string()),
                description: state.items.get(&a.material).map(|i| i.description.clone()),
                origin_country: None,
                supply_area: (!a.supply_area.is_empty()).then(|| a.supply_area.to_string()),
                package,
            })
    };
    let mut lines = Vec::new();
    let mut packed: BTreeMap<u32, i64> = BTreeMap::new();
    for (i, p) in n.packages.iter().enumerate() {
        for c in &p.contents {
            let no = u32::try_from(lines.len() + 1).unwrap_or(u32::MAX);
            if let Some(l) = line_of(c.item_line, c.qty, u32::try_from(i + 1).ok(), no) {
                *packed.entry(c.item_line).or_default() += c.qty.0;
                lines.push(l);
            }
        }
    }
    // Whatever is not in a package still has to be announced.
    for a in &n.items {
        let rest = a.qty.0 - packed.get(&a.line).copied().unwrap_or(0);
        if rest > 0 {
            let no = u32::try_from(lines.len() + 1).unwrap_or(u32::MAX);
            lines.extend(line_of(a.line, crate::types::Qty(rest), None, no));
        }
    }
    let mut doc = ShippingNoticeDoc {
        asn_number: n.id.to_string(),
        delivery_note: n.delivery.to_string(),
        issued: when(n.goods_issued_at),
        despatched: when(n.goods_issued_at),
        expected_arrival: Some(when(n.expected_arrival)),
        buyer: party(state, &n.customer),
        seller: PartyRef::id(profile.our_id.clone()),
        ship_to: party(state, &n.ship_to),
        carrier: None,
        unloading_point: (!n.unloading_point.is_empty()).then(|| n.unloading_point.to_string()),
        transport_ref: None,
        vehicle: n
            .items
            .iter()
            .find_map(|a| a.vehicle.as_deref().map(str::to_owned)),
        gross_weight_kg: None,
        net_weight_kg: None,
        packages,
        lines,
    };
    match profile.asn_format {
        AsnFormat::Vda4913 => vda_numbers(&mut doc, profile),
        // X12 856 PRF01 (purchase order) is mandatory whenever PRF is written; a JIT call has
        // no order of its own, so the call number is the order and the release.
        AsnFormat::X12_856 => {
            for l in &mut doc.lines {
                if l.order_ref.is_none() {
                    l.order_ref = l.call_ref.clone();
                }
            }
        }
        AsnFormat::Desadv => {}
    }
    doc
}

/// The last `n` digits of `s` (VDA number fields are numeric and short).
fn last_digits(s: &str, n: usize) -> String {
    let d: Vec<char> = s.chars().filter(char::is_ascii_digit).collect();
    d[d.len().saturating_sub(n)..].iter().collect()
}

/// VDA 4913 carries a delivery note of up to 8 digits and labels of up to 9: our delivery
/// numbers and SSCCs are cut to their last digits (the serial part, unique per delivery).
fn vda_numbers(doc: &mut ShippingNoticeDoc, profile: &PartnerProfile) {
    if !profile.vda_supplier_no.is_empty() {
        doc.seller = PartyRef::id(profile.vda_supplier_no.clone());
    }
    doc.delivery_note = last_digits(&doc.delivery_note, 8);
    doc.asn_number = last_digits(&doc.asn_number, 8);
    // Record 713 has 4 characters for the call-off number: its tail identifies it.
    for l in &mut doc.lines {
        if let Some(c) = &mut l.call_ref {
            let n = c.chars().count();
            *c = c.chars().skip(n.saturating_sub(4)).collect();
        }
    }
    for p in &mut doc.packages {
        for l in &mut p.labels {
            *l = last_digits(l, 9);
        }
    }
}

fn party(state: &State, c: &CustomerId) -> PartyRef {
    PartyRef {
        id: c.to_string(),
        qualifier: None,
        name: state.customers.get(c).map(|c| c.name.clone()),
    }
}

/// The EDI document of an invoice.
pub fn invoice_doc(state: &State, inv: &Invoice, profile: &PartnerProfile) -> InvoiceDoc {
    InvoiceDoc {
        invoice_number: inv.id.to_string(),
        kind: InvoiceKind::Invoice,
        issued: When::day(Day::from_date(inv.invoice_date)),
        currency: inv.currency.to_string(),
        buyer: party(state, &inv.customer),
        seller: PartyRef::id(profile.our_id.clone()),
        ship_to: Some(party(state, &inv.ship_to)),
        seller_vat_id: None,
        buyer_vat_id: None,
        order_ref: None,
        asn_ref: Some(inv.shipping_notice.to_string()),
        delivery_date: state
            .jit
            .shipping_notices
            .get(&inv.shipping_notice)
            .map(|n| Day::from_date(n.shipping_date)),
        payment_due: None,
        vat_rate_bp: inv.tax_rate_bp,
        lines: inv
            .lines
            .iter()
            .map(|l| InvoiceLine {
                line_no: l.line,
                customer_material: l.customer_material.to_string(),
                our_material: Some(l.material.to_string()),
                description: state.items.get(&l.material).map(|i| i.description.clone()),
                qty: l.qty,
                unit: l.unit.to_string(),
                price: Price {
                    cents: l.unit_price_cents,
                    per: l.price_unit.max(1),
                },
            })
            .collect(),
    }
}

fn profile_of<'a>(state: &'a State, c: &CustomerId) -> Result<&'a PartnerProfile, EdiError> {
    state
        .edi
        .partners
        .get(c)
        .ok_or_else(|| not_found("partner profile", c.as_str()))
}

fn format(profile: &PartnerProfile, control_number: u32, prepared: When) -> RenderFormat {
    RenderFormat {
        profile: profile.clone(),
        control_number,
        previous_control_number: control_number.saturating_sub(1),
        prepared,
        newline: true,
    }
}

/// Renders stored shipping notice `id` for its customer.
pub fn render_shipping_notice(
    state: &State,
    id: &str,
    control_number: u32,
    prepared: When,
) -> Result<Rendered, EdiError> {
    let n = state
        .jit
        .shipping_notices
        .get(id)
        .ok_or_else(|| not_found("shipping notice", id))?;
    let profile = profile_of(state, &n.customer)?;
    let doc = shipping_notice_doc(state, n, profile);
    let body = render(
        &OutboundDoc::ShippingNotice(doc),
        &format(profile, control_number, prepared),
    )?;
    Ok(Rendered {
        partner: n.customer.clone(),
        kind: OutKind::Asn,
        document: id.to_owned(),
        message_type: match profile.asn_format {
            AsnFormat::Desadv => "DESADV",
            AsnFormat::Vda4913 => "VDA4913",
            AsnFormat::X12_856 => "856",
        }
        .to_owned(),
        body,
    })
}

/// Renders stored invoice `id` for its customer.
pub fn render_invoice(
    state: &State,
    id: &str,
    control_number: u32,
    prepared: When,
) -> Result<Rendered, EdiError> {
    let inv = state
        .jit
        .invoices
        .get(id)
        .ok_or_else(|| not_found("invoice", id))?;
    let profile = profile_of(state, &inv.customer)?;
    let doc = invoice_doc(state, inv, profile);
    let body = render(
        &OutboundDoc::Invoice(doc),
        &format(profile, control_number, prepared),
    )?;
    Ok(Rendered {
        partner: inv.customer.clone(),
        kind: OutKind::Invoice,
        document: id.to_owned(),
        message_type: match profile.invoice_format {
            InvoiceFormat::Invoic => "INVOIC",
            InvoiceFormat::X12_810 => "810",
        }
        .to_owned(),
        body,
    })
}

/// Renders the document of a delivery (its shipping notice or invoice).
pub fn render_for_delivery(
    state: &State,
    kind: OutKind,
    delivery: &str,
    control_number: u32,
    prepared: When,
) -> Result<Rendered, EdiError> {
    let d = state
        .jit
        .deliveries
        .get(delivery)
        .ok_or_else(|| not_found("delivery", delivery))?;
    match kind {
        OutKind::Asn => {
            let id = d
                .shipping_notice
                .as_deref()
                .ok_or_else(|| not_found("shipping notice of the delivery", delivery))?;
            render_shipping_notice(state, id, control_number, prepared)
        }
        OutKind::Invoice => {
            let id = d
                .invoice
                .as_deref()
                .ok_or_else(|| not_found("invoice of the delivery", delivery))?;
            render_invoice(state, id, control_number, prepared)
        }
    }
}

/// What to send after a command touched `touched`: every shipping notice and invoice whose
/// customer has a partner profile, numbered from `first_control_number` in order. Customers
/// without a profile do not exchange EDI, so nothing is sent for them.
pub fn outbound_for(
    state: &State,
    touched: &[EntityRef],
    first_control_number: u32,
    prepared: When,
) -> Result<Vec<Rendered>, EdiError> {
    let mut out = Vec::new();
    let mut next = first_control_number;
    for r in touched {
        let customer = match r.kind {
            EntityKind::ShippingNotice => {
                state.jit.shipping_notices.get(&r.id).map(|n| &n.customer)
            }
            EntityKind::Invoice => state.jit.invoices.get(&r.id).map(|i| &i.customer),
            _ => None,
        };
        let Some(customer) = customer else { continue };
        if !state.edi.partners.contains_key(customer) {
            continue;
        }
        let m = if r.kind == EntityKind::ShippingNotice {
            render_shipping_notice(state, &r.id, next, prepared)?
        } else {
            render_invoice(state, &r.id, next, prepared)?
        };
        next = next.saturating_add(1);
        out.push(m);
    }
    Ok(out)
}
