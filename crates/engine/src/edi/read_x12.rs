//! X12 transaction set mappings: 862 and 866 (JIT calls), 830 (forecast), 846 (stock),
//! 856 (ship notice) and 810 (invoice) into the normalized documents.

use super::dates::ccyymmdd_hhmm;
use super::error::{EdiError, EdiWarning, ErrorKind};
use super::model::*;
use super::read_edifact::price_from;
use super::segment::{Segment, parse_decimal};
use super::x12::{Interchange, SetRef};
use crate::types::Qty;

/// Segments we know and deliberately do not map: skipped without a warning.
const IGNORED: &[&str] = &["N2", "N3", "N4", "PER", "CTT", "TD4", "FOB", "SAC", "MEA"];

fn skip(seg: &Segment<'_>, w: &mut Vec<EdiWarning>) {
    if !IGNORED.contains(&seg.tag) {
        w.push(EdiWarning::new(
            seg.index,
            seg.tag,
            seg.offset,
            "segment not used; skipped",
        ));
    }
}

fn date(seg: &Segment<'_>, n: usize, t: Option<usize>, what: &str) -> Result<When, EdiError> {
    let d = seg.value(n, 1);
    let tm = t.map(|t| seg.value(t, 1)).unwrap_or_default();
    ccyymmdd_hhmm(d.trim_ascii(), tm.trim_ascii())
        .ok_or_else(|| seg.error(n, 0, ErrorKind::Content, format!("{what} CCYYMMDD"), &d))
}

/// X12 units to the UN/ECE codes the model uses.
pub(crate) fn ux(u: String) -> String {
    match u.as_str() {
        "EA" | "PC" => "PCE".to_owned(),
        "KG" => "KGM".to_owned(),
        _ => u,
    }
}

/// The model's unit to X12.
pub(crate) fn unit_to_x12(u: &str) -> &str {
    match u {
        "PCE" | "C62" => "EA",
        "KGM" => "KG",
        o => o,
    }
}

fn purpose(code: &str) -> Purpose {
    match code {
        "05" | "04" => Purpose::Replace,
        "01" | "03" => Purpose::Cancel,
        _ => Purpose::Original,
    }
}

/// The id after a qualifier in LIN pairs (LIN02/03, 04/05, …).
fn lin_id(seg: &Segment<'_>, quals: &[&str]) -> Option<String> {
    lin_id_at(seg, 2, quals)
}

/// N1: name (N102), id qualifier (N103) and id (N104).
fn n1_party(seg: &Segment<'_>) -> PartyRef {
    seg.party((4, 1), (3, 1), &[(2, 1)])
}

/// N1 of a message header by its entity code (N101).
fn n1(seg: &Segment<'_>, h: &mut MsgHeader) -> bool {
    let role = match seg.value(1, 1).trim_ascii() {
        "BY" | "MI" | "BT" => PartyRole::Buyer,
        "SU" | "SE" | "SF" | "VN" => PartyRole::Seller,
        "ST" => PartyRole::ShipTo,
        _ => return false,
    };
    h.set_party(role, n1_party(seg));
    true
}

fn header(s: &SetRef) -> MsgHeader {
    MsgHeader {
        message_type: s.id.clone(),
        version: s.version.clone(),
        message_ref: s.control.clone(),
        document_number: String::new(),
        issued: None,
        purpose: Purpose::Original,
        buyer: None,
        seller: None,
        ship_to: None,
    }
}

fn out_of_place(seg: &Segment<'_>, group: &str) -> EdiError {
    seg.seg_error(
        ErrorKind::Content,
        format!("{} inside a {group} loop", seg.tag),
    )
}

/// Reads one transaction set.
pub fn read_set(
    ic: &Interchange<'_>,
    s: &SetRef,
    warnings: &mut Vec<EdiWarning>,
) -> Result<InboundDoc, EdiError> {
    match s.id.as_str() {
        "862" => x862(ic, s, warnings).map(InboundDoc::JitCall),
        "866" => x866(ic, s, warnings).map(InboundDoc::JitCall),
        "830" => x830(ic, s, warnings).map(InboundDoc::Forecast),
        "846" => x846(ic, s, warnings).map(InboundDoc::StockReport),
        "856" => x856(ic, s, warnings).map(InboundDoc::ShippingNotice),
        "810" => x810(ic, s, warnings).map(InboundDoc::Invoice),
        other => Err(ic.segments.get(s.start).map_or_else(
            || EdiError::unsupported("862, 866, 830, 846, 856 or 810", other),
            |st| {
                st.error(
                    1,
                    1,
                    ErrorKind::Unsupported,
                    "862, 866, 830, 846, 856 or 810",
                    other,
                )
            },
        )),
    }
}

fn bss(seg: &Segment<'_>, h: &mut MsgHeader) -> Result<(), EdiError> {
    h.purpose = purpose(seg.value(1, 1).trim_ascii());
    h.document_number = seg.req(2, 1, "reference identification (BSS02)")?;
    h.issued = Some(date(seg, 3, None, "schedule date")?);
    Ok(())
}

fn new_call(number: String, seg: &Segment<'_>) -> Result<(JitCall, String), EdiError> {
    let part = lin_id(seg, &["BP", "PN", "IN"]).ok_or_else(|| {
        seg.error(
            2,
            1,
            ErrorKind::Content,
            "buyer's part number (BP)",
            seg.value(2, 1),
        )
    })?;
    Ok((
        JitCall {
            call_number: number.into(),
            sequence: None,
            plant: None,
            components: Vec::new(),
            cum_received: None,
            last_delivery: None,
        },
        part,
    ))
}

fn shp(
    seg: &Segment<'_>,
    call_cum: &mut Option<Qty>,
    last: &mut Option<LastDelivery>,
) -> Result<(), EdiError> {
    let qty = seg.qty(2, 1, "quantity (SHP02)")?;
    match seg.value(1, 1).trim_ascii() {
        "02" => *call_cum = Some(qty),
        _ => {
            let d = seg.value(4, 1);
            *last = Some(LastDelivery {
                delivery_note: String::new(),
                date: ccyymmdd_hhmm(d.trim_ascii(), "").map(|w| w.day),
                qty,
            })
        }
    }
    Ok(())
}

fn x862(
    ic: &Interchange<'_>,
    s: &SetRef,
    warnings: &mut Vec<EdiWarning>,
) -> Result<JitCallMsg, EdiError> {
    let mut h = header(s);
    let mut calls: Vec<(JitCall, String, String, Option<String>)> = Vec::new();
    for seg in ic.body(s) {
        match seg.tag {
            "BSS" => bss(seg, &mut h)?,
            "N1" if calls.is_empty() => {
                if !n1(seg, &mut h) {
                    skip(seg, warnings);
                }
            }
            "LIN" => {
                let (call, part) = new_call((calls.len() + 1).to_string(), seg)?;
                let ours = lin_id(seg, &["VP"]);
                calls.push((call, part, "PCE".to_owned(), ours));
            }
            "UIT" => {
                let c = calls.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                c.2 = ux(seg.req(1, 1, "unit of measure")?);
            }
            "FST" => {
                let (call, part, unit, ours) =
                    calls.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                let qty = seg.qty(1, 1, "quantity (FST01)")?;
                let required = date(seg, 4, Some(7), "requirement date (FST04)")?;
                call.components.push(JitComponent {
                    customer_material: part.as_str().into(),
                    our_material: ours.as_deref().map(Text::from),
                    qty,
                    unit: unit.as_str().into(),
                    required,
                    supply_area: None,
                    unloading_point: None,
                    order_ref: None,
                    call_ref: seg.opt(9, 1),
                    description: None,
                });
            }
            "SHP" => {
                let (call, ..) = calls.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                shp(seg, &mut call.cum_received, &mut call.last_delivery)?;
            }
            "REF" => {
                let q = seg.value(1, 1);
                match (q.trim_ascii(), calls.last_mut()) {
                    ("SI" | "PK", Some((call, ..))) => {
                        if let Some(ld) = call.last_delivery.as_mut() {
                            ld.delivery_note = seg.value(2, 1).trim_ascii().to_owned();
                        }
                    }
                    ("DK", Some((call, ..))) => {
                        for c in &mut call.components {
                            c.unloading_point = seg.opt(2, 1);
                        }
                    }
                    _ => skip(seg, warnings),
                }
            }
            _ => skip(seg, warnings),
        }
    }
    let doc = h.document_number.clone();
    let single = calls.len() == 1;
    let calls = calls
        .into_iter()
        .map(|(mut c, ..)| {
            c.call_number = if single {
                doc.as_str().into()
            } else {
                format!("{doc}-{}", c.call_number).into()
            };
            c
        })
        .collect();
    Ok(JitCallMsg {
        header: h,
        kind: CallKind::Summarized,
        calls,
    })
}

/// 866 production sequence: each `DTM` starts a vehicle; `REF*JS` is its sequence number,
/// `REF*VT` the vehicle id; `LIN` + `QTY` are its components, due at the DTM time.
fn x866(
    ic: &Interchange<'_>,
    s: &SetRef,
    warnings: &mut Vec<EdiWarning>,
) -> Result<JitCallMsg, EdiError> {
    let mut h = header(s);
    let mut calls: Vec<JitCall> = Vec::new();
    let mut at: Option<When> = None;
    let mut part: Option<(String, Option<String>)> = None;
    for seg in ic.body(s) {
        match seg.tag {
            "BSS" => bss(seg, &mut h)?,
            "N1" if calls.is_empty() => {
                if !n1(seg, &mut h) {
                    skip(seg, warnings);
                }
            }
            "DTM" => {
                let w = date(seg, 2, Some(3), "sequence date (DTM02)")?;
                at = Some(w);
                part = None;
                calls.push(JitCall {
                    call_number: Text::default(),
                    sequence: Some(SequenceInfo {
                        sequence_no: Text::default(),
                        vehicle: None,
                        at: Some(w),
                    }),
                    plant: None,
                    components: Vec::new(),
                    cum_received: None,
                    last_delivery: None,
                });
            }
            "REF" => {
                let c = calls
                    .last_mut()
                    .and_then(|c| c.sequence.as_mut())
                    .ok_or_else(|| out_of_place(seg, "DTM"))?;
                match seg.value(1, 1).trim_ascii() {
                    "JS" => c.sequence_no = seg.req(2, 1, "sequence number")?,
                    "VT" | "VV" => c.vehicle = seg.opt(2, 1),
                    _ => skip(seg, warnings),
                }
            }
            "LIN" => {
                if calls.is_empty() {
                    return Err(out_of_place(seg, "DTM"));
                }
                let p = lin_id(seg, &["BP", "PN", "IN"]).ok_or_else(|| {
                    seg.error(
                        2,
                        1,
                        ErrorKind::Content,
                        "buyer's part number (BP)",
                        seg.value(2, 1),
                    )
                })?;
                part = Some((p, lin_id(seg, &["VP"])));
            }
            "QTY" => {
                let (p, ours) = part.clone().ok_or_else(|| out_of_place(seg, "LIN"))?;
                let c = calls.last_mut().ok_or_else(|| out_of_place(seg, "DTM"))?;
                c.components.push(JitComponent {
                    customer_material: p.into(),
                    our_material: ours.map(Text::from),
                    qty: seg.qty(2, 1, "quantity (QTY02)")?,
                    unit: ux(seg.opt(3, 1).unwrap_or_else(|| "EA".to_owned())).into(),
                    required: at.unwrap_or_default(),
                    supply_area: None,
                    unloading_point: None,
                    order_ref: None,
                    call_ref: None,
                    description: None,
                });
            }
            _ => skip(seg, warnings),
        }
    }
    let doc = h.document_number.clone();
    for (i, c) in calls.iter_mut().enumerate() {
        if let Some(sq) = c.sequence.as_mut() {
            if sq.sequence_no.is_empty() {
                sq.sequence_no = (i + 1).to_string().into();
            }
            c.call_number = format!("{doc}-{}", sq.sequence_no).into();
        }
    }
    Ok(JitCallMsg {
        header: h,
        kind: CallKind::Sequenced,
        calls,
    })
}

fn x830(
    ic: &Interchange<'_>,
    s: &SetRef,
    warnings: &mut Vec<EdiWarning>,
) -> Result<ForecastMsg, EdiError> {
    let mut h = header(s);
    let mut schedules: Vec<ForecastSchedule> = Vec::new();
    for seg in ic.body(s) {
        match seg.tag {
            "BFR" => {
                h.purpose = purpose(seg.value(1, 1).trim_ascii());
                h.document_number = seg.opt(2, 1).or_else(|| seg.opt(3, 1)).ok_or_else(|| {
                    seg.error(
                        2,
                        1,
                        ErrorKind::Content,
                        "reference or release number (BFR02/03)",
                        "",
                    )
                })?;
                h.issued = Some(date(seg, 8, None, "generation date (BFR08)")?);
            }
            "N1" if schedules.is_empty() => {
                if !n1(seg, &mut h) {
                    skip(seg, warnings);
                }
            }
            "LIN" => {
                let part = lin_id(seg, &["BP", "PN", "IN"]).ok_or_else(|| {
                    seg.error(
                        2,
                        1,
                        ErrorKind::Content,
                        "buyer's part number (BP)",
                        seg.value(2, 1),
                    )
                })?;
                schedules.push(ForecastSchedule {
                    customer_material: part,
                    our_material: lin_id(seg, &["VP"]),
                    unit: "PCE".to_owned(),
                    plant: h.ship_to.as_ref().map(|p| p.id.clone()),
                    unloading_point: None,
                    order_ref: lin_id(seg, &["PO"]),
                    schedule_no: Some(h.document_number.clone()),
                    previous_schedule_no: None,
                    cum_received: None,
                    last_delivery: None,
                    production_release: None,
                    material_release: None,
                    lines: Vec::new(),
                });
            }
            _ if schedules.is_empty() => skip(seg, warnings),
            "UIT" => {
                if let Some(sc) = schedules.last_mut() {
                    sc.unit = ux(seg.req(1, 1, "unit of measure")?);
                }
            }
            "ATH" => {
                let sc = schedules
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "LIN"))?;
                let r = Release {
                    until: date(seg, 2, None, "authorization end date (ATH02)")?.day,
                    cum_qty: seg.qty(3, 1, "cumulative quantity (ATH03)")?,
                };
                match seg.value(1, 1).trim_ascii() {
                    "FI" | "PQ" => sc.production_release = Some(r),
                    "MT" => sc.material_release = Some(r),
                    _ => skip(seg, warnings),
                }
            }
            "FST" => {
                let sc = schedules
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "LIN"))?;
                let qty = seg.qty(1, 1, "quantity (FST01)")?;
                let firm = seg.value(2, 1).trim_ascii() == "C";
                let from = date(seg, 4, None, "start date (FST04)")?.day;
                let (period, to) = match seg.value(3, 1).trim_ascii() {
                    "W" => (Period::Week, from.plus(6)),
                    "M" => (Period::Month, from.plus(29)),
                    "F" => (Period::Range, date(seg, 5, None, "end date (FST05)")?.day),
                    _ => (Period::Day, from),
                };
                sc.lines.push(ForecastLine {
                    period,
                    from,
                    to,
                    qty,
                    firm,
                });
            }
            "SHP" => {
                let sc = schedules
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "LIN"))?;
                shp(seg, &mut sc.cum_received, &mut sc.last_delivery)?;
            }
            "REF" => {
                let sc = schedules
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "LIN"))?;
                match seg.value(1, 1).trim_ascii() {
                    "SI" | "PK" => {
                        if let Some(ld) = sc.last_delivery.as_mut() {
                            ld.delivery_note = seg.value(2, 1).trim_ascii().to_owned();
                        }
                    }
                    "DK" => sc.unloading_point = seg.opt(2, 1),
                    _ => skip(seg, warnings),
                }
            }
            _ => skip(seg, warnings),
        }
    }
    Ok(ForecastMsg {
        header: h,
        schedules,
    })
}

fn x846(
    ic: &Interchange<'_>,
    s: &SetRef,
    warnings: &mut Vec<EdiWarning>,
) -> Result<StockReportMsg, EdiError> {
    let mut h = header(s);
    let mut as_of = None;
    let mut lines: Vec<StockLine> = Vec::new();
    for seg in ic.body(s) {
        match seg.tag {
            "BIA" => {
                h.purpose = purpose(seg.value(1, 1).trim_ascii());
                h.document_number = seg.req(3, 1, "reference identification (BIA03)")?;
                let w = date(seg, 4, Some(5), "report date (BIA04)")?;
                h.issued = Some(w);
                as_of = Some(w);
            }
            "N1" if lines.is_empty() => {
                if !n1(seg, &mut h) {
                    skip(seg, warnings);
                }
            }
            "LIN" => lines.push(StockLine {
                customer_material: lin_id(seg, &["BP", "PN", "IN"]).ok_or_else(|| {
                    seg.error(
                        2,
                        1,
                        ErrorKind::Content,
                        "buyer's part number (BP)",
                        seg.value(2, 1),
                    )
                })?,
                our_material: lin_id(seg, &["VP"]),
                location: None,
                on_hand: Qty::ZERO,
                unit: "PCE".to_owned(),
            }),
            "QTY" => {
                let l = lines.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                match seg.value(1, 1).trim_ascii() {
                    "17" | "33" => {
                        l.on_hand = seg.qty(2, 1, "quantity (QTY02)")?;
                        l.unit = seg.opt(3, 1).map(ux).unwrap_or_else(|| l.unit.clone());
                    }
                    _ => skip(seg, warnings),
                }
            }
            "N1" | "REF" => {
                let l = lines.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                match (seg.tag, seg.value(1, 1).trim_ascii()) {
                    ("N1", "WH" | "ST") => l.location = seg.opt(4, 1),
                    ("REF", "WS") => l.location = seg.opt(2, 1),
                    _ => skip(seg, warnings),
                }
            }
            "DTM" => {
                if let Ok(w) = date(seg, 2, Some(3), "date") {
                    as_of = Some(w);
                } else {
                    skip(seg, warnings);
                }
            }
            _ => skip(seg, warnings),
        }
    }
    Ok(StockReportMsg {
        header: h,
        as_of,
        lines,
    })
}

fn x856(
    ic: &Interchange<'_>,
    s: &SetRef,
    warnings: &mut Vec<EdiWarning>,
) -> Result<ShippingNoticeMsg, EdiError> {
    let mut h = header(s);
    let mut n = ShippingNoticeDoc::default();
    // HL id → package id (1..n in document order).
    let mut hl_pkg: Vec<(String, u32)> = Vec::new();
    let mut level = "";
    let mut despatched = None;
    for seg in ic.body(s) {
        match seg.tag {
            "BSN" => {
                h.purpose = purpose(seg.value(1, 1).trim_ascii());
                h.document_number = seg.req(2, 1, "shipment identification (BSN02)")?;
                n.issued = date(seg, 3, Some(4), "notice date (BSN03)")?;
            }
            "HL" => {
                let id = seg.req(1, 1, "hierarchical id (HL01)")?;
                let parent = seg.value(2, 1).trim_ascii().to_owned();
                let parent_pkg = hl_pkg.iter().find(|(h, _)| *h == parent).map(|(_, p)| *p);
                level = seg.element(3);
                match level.trim_ascii() {
                    "S" | "O" => {}
                    "T" | "P" => {
                        let pid = n.packages.len() as u32 + 1;
                        hl_pkg.push((id, pid));
                        n.packages.push(Package {
                            id: pid,
                            parent: parent_pkg,
                            count: 1,
                            package_type: None,
                            qty_per_package: None,
                            label_kind: None,
                            labels: Vec::new(),
                            reference: None,
                        });
                    }
                    "I" => n.lines.push(ShipLine {
                        line_no: n.lines.len() as u32 + 1,
                        customer_material: String::new(),
                        our_material: None,
                        qty: Qty::ZERO,
                        unit: "PCE".to_owned(),
                        order_ref: None,
                        order_line: None,
                        call_ref: None,
                        description: None,
                        origin_country: None,
                        supply_area: None,
                        package: parent_pkg,
                    }),
                    other => {
                        return Err(seg.error(
                            3,
                            1,
                            ErrorKind::Content,
                            "HL level S, O, T, P or I",
                            other,
                        ));
                    }
                }
            }
            "DTM" if level == "S" => {
                let w = date(seg, 2, Some(3), "date (DTM02)")?;
                match seg.value(1, 1).trim_ascii() {
                    "011" => despatched = Some(w),
                    "017" | "002" => n.expected_arrival = Some(w),
                    _ => skip(seg, warnings),
                }
            }
            "TD1" if level == "S" => {
                let v = seg.value(7, 1);
                let kg = parse_decimal(&v)
                    .filter(|(_, sc)| *sc == 0)
                    .map(|(m, _)| m)
                    .ok_or_else(|| seg.error(7, 1, ErrorKind::Content, "weight in whole kg", &v))?;
                match seg.value(6, 1).trim_ascii() {
                    "G" => n.gross_weight_kg = Some(kg),
                    "N" => n.net_weight_kg = Some(kg),
                    _ => skip(seg, warnings),
                }
            }
            "PKG" if matches!(level, "T" | "P") => {
                let p = n
                    .packages
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "HL"))?;
                p.package_type = seg.opt(5, 1);
            }
            "TD1" if matches!(level, "T" | "P") => {
                let p = n
                    .packages
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "HL"))?;
                if let Some(t) = seg.opt(1, 1) {
                    p.package_type = Some(t);
                }
                let c = seg
                    .opt_qty(2, 1, "lading quantity (TD102)")?
                    .unwrap_or(Qty(1));
                p.count = u32::try_from(c.0).map_err(|_| {
                    seg.error(2, 1, ErrorKind::Content, "a package count", seg.value(2, 1))
                })?;
            }
            "TD5" => {
                n.carrier = Some(seg.party((3, 1), (2, 1), &[(5, 1)]));
            }
            "TD3" => n.vehicle = seg.opt(3, 1),
            "REF" => {
                let q = seg.value(1, 1);
                match (level, q.trim_ascii()) {
                    ("S", "BM") => n.transport_ref = seg.opt(2, 1),
                    ("S", "PK") => n.delivery_note = seg.value(2, 1).trim_ascii().to_owned(),
                    ("S", "DK") => n.unloading_point = seg.opt(2, 1),
                    ("T" | "P", "LT") => {
                        if let Some(p) = n.packages.last_mut() {
                            p.reference = seg.opt(2, 1);
                        }
                    }
                    ("T" | "P", "ZZ") => {
                        if let Some(p) = n.packages.last_mut() {
                            p.label_kind = seg.opt(2, 1);
                        }
                    }
                    ("I", "LI") => {
                        if let Some(l) = n.lines.last_mut() {
                            l.order_line = seg.opt(2, 1);
                        }
                    }
                    ("I", "LF") => {
                        if let Some(l) = n.lines.last_mut() {
                            l.supply_area = seg.opt(2, 1);
                        }
                    }
                    _ => skip(seg, warnings),
                }
            }
            "N1" => {
                let p = n1_party(seg);
                match seg.value(1, 1).trim_ascii() {
                    "BY" => n.buyer = p,
                    "SU" | "SF" | "SE" => n.seller = p,
                    "ST" => n.ship_to = p,
                    _ => skip(seg, warnings),
                }
            }
            "PO4" => {
                let p = n
                    .packages
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "HL"))?;
                p.qty_per_package = seg.opt_qty(1, 1, "pack (PO401)")?;
            }
            "MAN" => {
                let p = n
                    .packages
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "HL"))?;
                if let Some(l) = seg.opt(2, 1) {
                    p.labels.push(l);
                }
            }
            "LIN" => {
                let l = n
                    .lines
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "HL I"))?;
                l.customer_material = lin_id(seg, &["BP", "PN", "IN"]).ok_or_else(|| {
                    seg.error(
                        2,
                        1,
                        ErrorKind::Content,
                        "buyer's part number (BP)",
                        seg.value(2, 1),
                    )
                })?;
                l.our_material = lin_id(seg, &["VP"]);
                l.origin_country = lin_id(seg, &["CH"]);
                if let Some(no) = seg.opt::<String>(1, 1).and_then(|v| v.parse().ok()) {
                    l.line_no = no;
                }
            }
            "SN1" => {
                let l = n
                    .lines
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "HL I"))?;
                l.qty = seg.qty(2, 1, "units shipped (SN102)")?;
                l.unit = ux(seg.req(3, 1, "unit of measure (SN103)")?);
            }
            "PRF" => {
                let l = n
                    .lines
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "HL I"))?;
                l.order_ref = seg.opt(1, 1);
                l.call_ref = seg.opt(2, 1);
            }
            "PID" => {
                let l = n
                    .lines
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "HL I"))?;
                l.description = seg.opt(5, 1);
            }
            _ => skip(seg, warnings),
        }
    }
    n.asn_number = h.document_number.clone();
    n.despatched = despatched.unwrap_or(n.issued);
    if n.delivery_note.is_empty() {
        n.delivery_note = n.asn_number.clone();
    }
    h.issued = Some(n.issued);
    h.buyer = Some(n.buyer.clone());
    h.seller = Some(n.seller.clone());
    h.ship_to = Some(n.ship_to.clone());
    Ok(ShippingNoticeMsg {
        header: h,
        notice: n,
    })
}

fn x810(
    ic: &Interchange<'_>,
    s: &SetRef,
    warnings: &mut Vec<EdiWarning>,
) -> Result<InvoiceMsg, EdiError> {
    let mut h = header(s);
    let mut inv = InvoiceDoc {
        currency: "USD".to_owned(),
        ..InvoiceDoc::default()
    };
    let mut last_n1 = String::new();
    let mut total: Option<(Money, Segment<'_>)> = None;
    for seg in ic.body(s) {
        match seg.tag {
            "BIG" => {
                inv.issued = date(seg, 1, None, "invoice date (BIG01)")?;
                inv.invoice_number = seg.req(2, 1, "invoice number (BIG02)")?;
                inv.order_ref = seg.opt(4, 1);
                if seg.value(7, 1).trim_ascii() == "CR" {
                    inv.kind = InvoiceKind::CreditNote;
                }
            }
            "CUR" => inv.currency = seg.req(2, 1, "currency code (CUR02)")?,
            "REF" => match (seg.value(1, 1).trim_ascii(), last_n1.as_str()) {
                ("SI", _) => inv.asn_ref = seg.opt(2, 1),
                ("VX", "SE" | "SU") => inv.seller_vat_id = seg.opt(2, 1),
                ("VX", "BY") => inv.buyer_vat_id = seg.opt(2, 1),
                _ => skip(seg, warnings),
            },
            "N1" => {
                last_n1 = seg.value(1, 1).trim_ascii().to_owned();
                let p = n1_party(seg);
                match last_n1.as_str() {
                    "BY" => inv.buyer = p,
                    "SE" | "SU" => inv.seller = p,
                    "ST" => inv.ship_to = Some(p),
                    _ => skip(seg, warnings),
                }
            }
            "ITD" => {
                if !seg.value(6, 1).trim_ascii().is_empty() {
                    inv.payment_due = Some(date(seg, 6, None, "net due date (ITD06)")?.day);
                }
            }
            "DTM" => {
                if seg.value(1, 1).trim_ascii() == "011" {
                    inv.delivery_date = Some(date(seg, 2, None, "ship date (DTM02)")?.day);
                } else {
                    skip(seg, warnings);
                }
            }
            "IT1" => {
                let v = seg.value(4, 1);
                let basis = match seg.value(5, 1).trim_ascii() {
                    "HP" => Some("100"),
                    "TP" => Some("1000"),
                    _ => None,
                };
                inv.lines.push(InvoiceLine {
                    line_no: seg
                        .opt::<String>(1, 1)
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(inv.lines.len() as u32 + 1),
                    customer_material: lin_id_at(seg, 6, &["BP", "PN", "IN"]).ok_or_else(|| {
                        seg.error(
                            6,
                            1,
                            ErrorKind::Content,
                            "buyer's part number (BP)",
                            seg.value(6, 1),
                        )
                    })?,
                    our_material: lin_id_at(seg, 6, &["VP"]),
                    description: None,
                    qty: seg.qty(2, 1, "quantity invoiced (IT102)")?,
                    unit: ux(seg.req(3, 1, "unit (IT103)")?),
                    price: price_from(&v, basis)
                        .ok_or_else(|| seg.error(4, 1, ErrorKind::Content, "unit price", &v))?,
                });
            }
            "PID" => {
                let l = inv
                    .lines
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "IT1"))?;
                l.description = seg.opt(5, 1);
            }
            "TDS" => {
                let t = seg.qty(1, 1, "total amount in cents (TDS01)")?;
                total = Some((Money(t.0), *seg));
            }
            "TXI" => {
                let r = seg.value(3, 1);
                let (m, sc) = parse_decimal(&r)
                    .filter(|(_, sc)| *sc <= 2)
                    .ok_or_else(|| {
                        seg.error(3, 1, ErrorKind::Content, "tax percent (TXI03)", &r)
                    })?;
                inv.vat_rate_bp = u32::try_from(m * 10i64.pow(2 - sc)).unwrap_or(0);
            }
            _ => skip(seg, warnings),
        }
    }
    if let Some((t, seg)) = total
        && t != inv.gross()
    {
        return Err(seg.error(
            1,
            1,
            ErrorKind::Content,
            format!("total {} cents (lines plus tax)", inv.gross().0),
            t.0.to_string(),
        ));
    }
    h.document_number = inv.invoice_number.clone();
    h.issued = Some(inv.issued);
    Ok(InvoiceMsg {
        header: h,
        invoice: inv,
    })
}

/// Qualifier/id pairs starting at element `start` (IT106/07, 08/09, …).
fn lin_id_at(seg: &Segment<'_>, start: usize, quals: &[&str]) -> Option<String> {
    let mut e = start;
    while e < 31 {
        if quals.contains(&seg.value(e, 1).trim_ascii()) {
            return seg.opt(e + 1, 1);
        }
        e += 2;
    }
    None
}
