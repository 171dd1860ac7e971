//! VDA record mappings: 4905 (call-off/forecast), 4913 (delivery note, read back), 4915
//! (detailed JIT call) and 4916 (production-synchronous call) into the normalized documents.

use super::error::{EdiError, EdiWarning};
use super::model::*;
use super::vda::{Record, check_counters, records};
use crate::types::{Day, Qty};

/// VDA unit codes to the UN/ECE codes the model uses.
pub(crate) fn unit_from_vda<T: for<'s> From<&'s str>>(u: Option<&str>) -> T {
    T::from(match u {
        None | Some("ST") => "PCE",
        Some("KG") => "KGM",
        Some("M") => "MTR",
        Some("L") => "LTR",
        Some(o) => o,
    })
}

/// The model's unit to VDA.
pub(crate) fn unit_to_vda(u: &str) -> &str {
    match u {
        "PCE" | "C62" | "EA" => "ST",
        "KGM" => "KG",
        "MTR" => "M",
        "LTR" => "L",
        o => o,
    }
}

/// Which VDA message a file holds, from its first record.
pub fn message_of(first: &str) -> Option<&'static str> {
    match first {
        "511" => Some("VDA4905"),
        "551" => Some("VDA4915"),
        "561" => Some("VDA4916"),
        "711" => Some("VDA4913"),
        _ => None,
    }
}

/// A parsed VDA transmission.
#[derive(Debug)]
pub struct VdaFile {
    pub envelope: EnvelopeInfo,
    pub documents: Vec<InboundDoc>,
    pub warnings: Vec<EdiWarning>,
}

/// The header record. In call-offs (4905/4915/4916) the customer sends, and columns 6–14 hold
/// the customer's number; in 4913 the supplier sends and 6–14 hold the receiver (customer).
fn header_record(r: &Record<'_>, rt: &str) -> Result<EnvelopeInfo, EdiError> {
    if r.rtype != rt {
        return Err(r.error(1, format!("header record {rt}"), r.rtype));
    }
    let new = r
        .text(29, 33)
        .ok_or_else(|| r.error(29, "new transmission number (29–33)", ""))?;
    let date = r.date(34, "transmission date")?;
    Ok(EnvelopeInfo {
        standard: Standard::Vda,
        sender: r.text(6, 14).unwrap_or_default(),
        sender_qualifier: None,
        receiver: r.text(15, 23).unwrap_or_default(),
        receiver_qualifier: None,
        control_ref: new,
        prepared: date.map(When::day),
        test: false,
    })
}

fn require_trailer<'a>(recs: &'a [Record<'a>], rt: &str) -> Result<&'a Record<'a>, EdiError> {
    match recs.last() {
        Some(r) if r.rtype == rt => Ok(r),
        Some(r) => Err(r.error(1, format!("trailer record {rt} at the end"), r.rtype)),
        None => Err(EdiError::syntax(
            format!("trailer record {rt}"),
            "end of input",
        )),
    }
}

/// Parses a VDA file. All or nothing; counter mismatches in the trailer are warnings.
pub fn parse(input: &str) -> Result<VdaFile, EdiError> {
    parse_inner(input)
        .map_err(|e| e.locate(input.as_bytes()))
        .map(|mut f| {
            super::error::locate_warnings(&mut f.warnings, input.as_bytes());
            f
        })
}

fn parse_inner(input: &str) -> Result<VdaFile, EdiError> {
    let recs = records(input)?;
    let first = recs
        .first()
        .ok_or_else(|| EdiError::syntax("a VDA header record", "empty input"))?;
    let mut warnings = Vec::new();
    match message_of(first.rtype) {
        Some("VDA4905") => vda4905(&recs, &mut warnings),
        Some("VDA4913") => vda4913(&recs, &mut warnings),
        Some("VDA4915") => vda4915(&recs, &mut warnings),
        Some("VDA4916") => vda4916(&recs, &mut warnings),
        _ => Err(first.error(1, "header record 511, 551, 561 or 711", first.rtype)),
    }
    .map(|(envelope, documents)| VdaFile {
        envelope,
        documents,
        warnings,
    })
}

fn unknown(r: &Record<'_>, w: &mut Vec<EdiWarning>) {
    w.push(EdiWarning::new(
        r.index,
        r.rtype,
        r.offset,
        format!(
            "record {} version {:?} not used; skipped",
            r.rtype, r.version
        ),
    ));
}

fn hdr(
    env: &EnvelopeInfo,
    ty: &str,
    version: &str,
    number: String,
    issued: Option<When>,
) -> MsgHeader {
    MsgHeader {
        message_type: ty.to_owned(),
        version: version.to_owned(),
        message_ref: env.control_ref.clone(),
        document_number: number,
        issued,
        purpose: Purpose::Original,
        buyer: Some(PartyRef::id(env.sender.clone())),
        seller: Some(PartyRef::id(env.receiver.clone())),
        ship_to: None,
    }
}

// ---------------------------------------------------------------- 4905

/// A 4905 call-off date: a day, backlog (222222) or immediate (333333); 000000 ends the list.
fn calloff_line(
    r: &Record<'_>,
    col: usize,
    qty_to: usize,
    interval: &str,
    issued: Day,
) -> Result<Option<ForecastLine>, EdiError> {
    let raw = r.cols(col, col + 5).trim_ascii().to_owned();
    if raw.is_empty() || raw == "000000" {
        return Ok(None);
    }
    let qty = r.qty(col + 6, qty_to, "call-off quantity")?;
    let (period, from, to) = match raw.as_str() {
        "222222" => (Period::Backlog, issued, issued),
        "333333" => (Period::Immediate, issued, issued),
        _ => {
            let d = r.date(col, "call-off date")?.unwrap_or(issued);
            match interval {
                "W" => (Period::Week, d, d.plus(6)),
                "M" => {
                    let next = d
                        .date()
                        .and_then(|nd| nd.checked_add_months(chrono::Months::new(1)));
                    (
                        Period::Month,
                        d,
                        next.map(|n| Day::from_date(n).plus(-1)).unwrap_or(d),
                    )
                }
                _ => (Period::Day, d, d),
            }
        }
    };
    Ok(Some(ForecastLine {
        period,
        from,
        to,
        qty,
        firm: false,
    }))
}

fn vda4905(
    recs: &[Record<'_>],
    w: &mut Vec<EdiWarning>,
) -> Result<(EnvelopeInfo, Vec<InboundDoc>), EdiError> {
    let env = header_record(&recs[0], "511")?;
    let trailer = require_trailer(recs, "519")?;
    check_counters(
        recs,
        trailer,
        &[
            ("511", 6),
            ("512", 13),
            ("513", 20),
            ("514", 27),
            ("517", 34),
            ("518", 41),
            ("519", 48),
            ("515", 55),
        ],
        w,
    )?;
    let mut schedules: Vec<ForecastSchedule> = Vec::new();
    let mut interval = String::new();
    let mut issued = env.prepared.map(|p| p.day).unwrap_or_default();
    let mut first_issued = None;
    for r in &recs[1..recs.len() - 1] {
        match r.rtype {
            "512" => {
                interval = r.text(106, 106).unwrap_or_default();
                let d = r.date(18, "new call-off date")?;
                if let Some(d) = d {
                    issued = d;
                    first_issued.get_or_insert(d);
                }
                schedules.push(ForecastSchedule {
                    customer_material: r
                        .text(39, 60)
                        .ok_or_else(|| r.error(39, "customer part number (39–60)", ""))?,
                    our_material: r.text(61, 82),
                    unit: unit_from_vda(r.field(104, 105)),
                    plant: r.text(6, 8),
                    unloading_point: r.text(95, 99),
                    order_ref: r.text(83, 94),
                    schedule_no: r.text(9, 17),
                    previous_schedule_no: r.text(24, 32),
                    cum_received: None,
                    last_delivery: None,
                    production_release: None,
                    material_release: None,
                    lines: Vec::new(),
                });
            }
            "513" => {
                let s = schedules
                    .last_mut()
                    .ok_or_else(|| r.error(1, "record 512 before 513", r.rtype))?;
                let note = r.text(12, 19);
                // Quantity of the last delivery: 12 digits, the last 3 decimals.
                let q = r.num(26, 37, "quantity of last delivery")?;
                if q % 1000 != 0 {
                    return Err(r.error(26, "whole quantity (3 implied decimals)", r.cols(26, 37)));
                }
                if let Some(note) = note {
                    s.last_delivery = Some(LastDelivery {
                        delivery_note: note,
                        date: r
                            .date(20, "delivery note date")?
                            .or(r.date(6, "receipt date")?),
                        qty: Qty(q / 1000),
                    });
                }
                s.cum_received = Some(r.qty(38, 47, "cumulative quantity received")?);
                for k in 0..5 {
                    let c = 48 + k * 15;
                    match calloff_line(r, c, c + 14, &interval, issued)? {
                        Some(l) => s.lines.push(l),
                        None => break,
                    }
                }
            }
            "514" => {
                let s = schedules
                    .last_mut()
                    .ok_or_else(|| r.error(1, "record 512 before 514", r.rtype))?;
                for k in 0..8 {
                    let c = 6 + k * 15;
                    match calloff_line(r, c, c + 14, &interval, issued)? {
                        Some(l) => s.lines.push(l),
                        None => break,
                    }
                }
            }
            "515" => {
                let s = schedules
                    .last_mut()
                    .ok_or_else(|| r.error(1, "record 512 before 515", r.rtype))?;
                if let Some(until) = r.date(12, "production release end")? {
                    s.production_release = Some(Release {
                        until,
                        cum_qty: r.qty(18, 27, "production release quantity")?,
                    });
                }
                if let Some(until) = r.date(34, "material release end")? {
                    s.material_release = Some(Release {
                        until,
                        cum_qty: r.qty(40, 49, "material release quantity")?,
                    });
                }
            }
            "517" | "518" => {}
            _ => unknown(r, w),
        }
    }
    // Firm are the quantities inside the production release horizon.
    for s in &mut schedules {
        if let Some(r) = &s.production_release {
            for l in &mut s.lines {
                l.firm = l.from <= r.until;
            }
        }
    }
    let h = hdr(
        &env,
        "VDA4905",
        recs[0].version,
        schedules
            .first()
            .and_then(|s| s.schedule_no.clone())
            .unwrap_or_default(),
        first_issued.map(When::day),
    );
    Ok((
        env,
        vec![InboundDoc::Forecast(ForecastMsg {
            header: h,
            schedules,
        })],
    ))
}

// ---------------------------------------------------------------- 4913

struct Transport {
    transport_ref: Option<String>,
    carrier: Option<PartyRef>,
    despatched: Option<When>,
    gross: Option<i64>,
    net: Option<i64>,
    vehicle: Option<String>,
    arrival: Option<When>,
}

fn when_at(r: &Record<'_>, dcol: usize, tcol: usize, what: &str) -> Result<Option<When>, EdiError> {
    Ok(r.date(dcol, what)?.map(|day| When {
        day,
        minute: r.time(tcol, what).ok().flatten(),
    }))
}

fn vda4913(
    recs: &[Record<'_>],
    w: &mut Vec<EdiWarning>,
) -> Result<(EnvelopeInfo, Vec<InboundDoc>), EdiError> {
    let mut env = header_record(&recs[0], "711")?;
    std::mem::swap(&mut env.sender, &mut env.receiver);
    let trailer = require_trailer(recs, "719")?;
    check_counters(
        recs,
        trailer,
        &[
            ("711", 6),
            ("712", 13),
            ("713", 20),
            ("714", 27),
            ("715", 34),
            ("716", 41),
            ("718", 48),
            ("719", 55),
            ("717", 62),
        ],
        w,
    )?;
    let mut t: Option<Transport> = None;
    let mut notes: Vec<ShippingNoticeDoc> = Vec::new();
    let mut line_order: (Option<String>, Option<String>, Option<String>) = (None, None, None);
    for r in &recs[1..recs.len() - 1] {
        match r.rtype {
            "712" | "713" | "714" | "715" if r.version != "03" => unknown(r, w),
            "712" => {
                let key: String = r.text(76, 77).unwrap_or_default();
                t = Some(Transport {
                    transport_ref: r.text(6, 13),
                    carrier: r.field(17, 30).map(PartyRef::id),
                    despatched: when_at(r, 31, 37, "handover date")?,
                    gross: Some(r.num(41, 47, "gross weight")?).filter(|v| *v > 0),
                    net: Some(r.num(48, 54, "net weight")?).filter(|v| *v > 0),
                    vehicle: if key == "01" { r.text(78, 102) } else { None },
                    arrival: when_at(r, 112, 118, "required arrival date")?,
                });
            }
            "713" => {
                let tr = t
                    .as_ref()
                    .ok_or_else(|| r.error(1, "record 712 before 713", r.rtype))?;
                let note: String = r
                    .text(6, 13)
                    .ok_or_else(|| r.error(6, "delivery note number (6–13)", ""))?;
                let issued = r
                    .date(14, "despatch date")?
                    .or(env.prepared.map(|p| p.day))
                    .unwrap_or_default();
                line_order = (r.text(31, 42), r.text(86, 99), r.text(100, 103));
                let seller = r.text(77, 85).unwrap_or_else(|| env.sender.clone());
                notes.push(ShippingNoticeDoc {
                    asn_number: note.clone(),
                    delivery_note: note,
                    issued: When::day(issued),
                    despatched: tr.despatched.unwrap_or(When::day(issued)),
                    expected_arrival: tr.arrival,
                    buyer: PartyRef::id(env.receiver.clone()),
                    seller: PartyRef::id(seller),
                    ship_to: PartyRef::id(r.field(49, 51).unwrap_or_default()),
                    carrier: tr.carrier.clone(),
                    unloading_point: r.text(20, 24),
                    transport_ref: tr.transport_ref.clone(),
                    vehicle: tr.vehicle.clone(),
                    gross_weight_kg: tr.gross,
                    net_weight_kg: tr.net,
                    packages: Vec::new(),
                    lines: Vec::new(),
                });
            }
            "714" => {
                let n = notes
                    .last_mut()
                    .ok_or_else(|| r.error(1, "record 713 before 714", r.rtype))?;
                // Delivery quantity: 13 digits, the last 3 decimals.
                let q = r.num(53, 65, "delivery quantity")?;
                if q % 1000 != 0 {
                    return Err(r.error(53, "whole quantity (3 implied decimals)", r.cols(53, 65)));
                }
                n.lines.push(ShipLine {
                    line_no: u32::try_from(r.num(87, 89, "line item number")?).unwrap_or(0),
                    customer_material: r
                        .text(6, 27)
                        .ok_or_else(|| r.error(6, "customer part number (6–27)", ""))?,
                    our_material: r.text(28, 49),
                    qty: Qty(q / 1000),
                    unit: unit_from_vda(r.field(66, 67)),
                    order_ref: line_order.0.clone(),
                    order_line: None,
                    call_ref: line_order.2.clone(),
                    description: None,
                    origin_country: r.text(50, 52).filter(|c| c != "000"),
                    supply_area: line_order.1.clone(),
                    package: None,
                });
            }
            "715" => {
                let n = notes
                    .last_mut()
                    .ok_or_else(|| r.error(1, "record 713 before 715", r.rtype))?;
                let count = u32::try_from(r.num(50, 62, "number of packages")?).unwrap_or(0);
                let from = r.field(79, 87);
                let to = r.field(88, 96);
                let mut labels = Vec::new();
                if let Some(f) = from {
                    let a: u64 = f
                        .parse()
                        .map_err(|_| r.error(79, "package number (digits)", f))?;
                    let b: u64 = match &to {
                        Some(t) => t
                            .parse()
                            .map_err(|_| r.error(88, "package number (digits)", t))?,
                        None => a,
                    };
                    if b < a || b - a > 10_000 {
                        return Err(r.error(
                            88,
                            "package number to ≥ from (at most 10000 labels)",
                            r.cols(88, 96),
                        ));
                    }
                    labels = (a..=b).map(|n| format!("{n:09}")).collect();
                }
                let id = n.packages.len() as u32 + 1;
                let max = r.num(66, 78, "quantity per package")?;
                n.packages.push(Package {
                    id,
                    parent: None,
                    count,
                    package_type: r.text(6, 27),
                    qty_per_package: if max > 0 { Some(Qty(max / 1000)) } else { None },
                    label_kind: r.text(125, 125),
                    labels,
                    reference: r.text(110, 124),
                });
                if let Some(l) = n.lines.last_mut()
                    && l.package.is_none()
                {
                    l.package = Some(id);
                }
            }
            "716" | "717" | "718" => {}
            _ => unknown(r, w),
        }
    }
    let docs = notes
        .into_iter()
        .map(|n| {
            let mut h = hdr(
                &env,
                "VDA4913",
                recs[0].version,
                n.asn_number.clone(),
                Some(n.issued),
            );
            h.buyer = Some(n.buyer.clone());
            h.seller = Some(n.seller.clone());
            h.ship_to = Some(n.ship_to.clone());
            InboundDoc::ShippingNotice(ShippingNoticeMsg {
                header: h,
                notice: n,
            })
        })
        .collect();
    Ok((env, docs))
}

// ---------------------------------------------------------------- 4915

fn vda4915(
    recs: &[Record<'_>],
    w: &mut Vec<EdiWarning>,
) -> Result<(EnvelopeInfo, Vec<InboundDoc>), EdiError> {
    let env = header_record(&recs[0], "551")?;
    let trailer = require_trailer(recs, "559")?;
    check_counters(
        recs,
        trailer,
        &[("551", 6), ("552", 13), ("553", 20), ("559", 27)],
        w,
    )?;
    let mut calls: Vec<JitCall> = Vec::new();
    let mut tmpl: Option<JitComponent> = None;
    let mut issued = None;
    for r in &recs[1..recs.len() - 1] {
        match r.rtype {
            "552" => {
                let no = r
                    .text(9, 17)
                    .ok_or_else(|| r.error(9, "call-off number (9–17)", ""))?;
                let d = r.date(18, "call-off date")?;
                if issued.is_none() {
                    issued = d.map(When::day);
                }
                calls.push(JitCall {
                    call_number: no,
                    sequence: None,
                    plant: r.text(6, 8),
                    components: Vec::new(),
                    cum_received: None,
                    last_delivery: None,
                });
                tmpl = Some(JitComponent {
                    customer_material: r
                        .text(24, 45)
                        .ok_or_else(|| r.error(24, "customer part number (24–45)", ""))?,
                    our_material: r.text(46, 67),
                    qty: Qty::ZERO,
                    unit: unit_from_vda(r.field(85, 86)),
                    required: When::default(),
                    supply_area: r.text(87, 100),
                    unloading_point: r.text(80, 84),
                    order_ref: r.text(68, 79),
                    call_ref: None,
                    description: None,
                });
            }
            "553" => {
                let (Some(c), Some(t)) = (calls.last_mut(), tmpl.as_ref()) else {
                    return Err(r.error(1, "record 552 before 553", r.rtype));
                };
                for k in 0..6 {
                    let col = 6 + k * 19;
                    let Some(day) = r.date(col, "required date")? else {
                        break;
                    };
                    let minute = r.time(col + 6, "required time")?;
                    let qty = r.qty(col + 10, col + 18, "call-off quantity")?;
                    c.components.push(JitComponent {
                        qty,
                        required: When { day, minute },
                        ..t.clone()
                    });
                }
            }
            _ => unknown(r, w),
        }
    }
    let h = hdr(
        &env,
        "VDA4915",
        recs[0].version,
        env.control_ref.clone(),
        issued,
    );
    Ok((
        env,
        vec![InboundDoc::JitCall(JitCallMsg {
            header: h,
            kind: CallKind::Summarized,
            calls,
        })],
    ))
}

// ---------------------------------------------------------------- 4916

fn vda4916(
    recs: &[Record<'_>],
    w: &mut Vec<EdiWarning>,
) -> Result<(EnvelopeInfo, Vec<InboundDoc>), EdiError> {
    let env = header_record(&recs[0], "561")?;
    let trailer = require_trailer(recs, "569")?;
    check_counters(
        recs,
        trailer,
        &[("561", 6), ("562", 13), ("563", 20), ("569", 27)],
        w,
    )?;
    let mut calls: Vec<JitCall> = Vec::new();
    let mut ctx: Option<(When, Option<String>, Option<String>)> = None;
    let mut issued = None;
    for r in &recs[1..recs.len() - 1] {
        match r.rtype {
            "562" => {
                let no: String = r
                    .text(9, 17)
                    .ok_or_else(|| r.error(9, "call number (9–17)", ""))?;
                let at = when_at(r, 18, 24, "sequence date")?
                    .ok_or_else(|| r.error(18, "sequence date YYMMDD", r.cols(18, 23)))?;
                issued.get_or_insert(When::day(at.day));
                let seq: String = r
                    .text(28, 37)
                    .ok_or_else(|| r.error(28, "sequence number (28–37)", ""))?;
                calls.push(JitCall {
                    call_number: format!("{no}-{seq}").into(),
                    sequence: Some(SequenceInfo {
                        sequence_no: seq.into(),
                        vehicle: r.text(38, 57),
                        at: Some(at),
                    }),
                    plant: r.text(6, 8),
                    components: Vec::new(),
                    cum_received: None,
                    last_delivery: None,
                });
                ctx = Some((at, r.text(58, 62), r.text(63, 76)));
            }
            "563" => {
                let (Some(c), Some((at, unload, area))) = (calls.last_mut(), ctx.as_ref()) else {
                    return Err(r.error(1, "record 562 before 563", r.rtype));
                };
                let required = when_at(r, 61, 67, "required date")?.unwrap_or(*at);
                c.components.push(JitComponent {
                    customer_material: r
                        .text(6, 27)
                        .ok_or_else(|| r.error(6, "customer part number (6–27)", ""))?,
                    our_material: r.text(28, 49),
                    qty: r.qty(50, 58, "quantity")?,
                    unit: unit_from_vda(r.field(59, 60)),
                    required,
                    supply_area: area.as_deref().map(Text::from),
                    unloading_point: unload.as_deref().map(Text::from),
                    order_ref: None,
                    call_ref: None,
                    description: None,
                });
            }
            _ => unknown(r, w),
        }
    }
    if calls.is_empty() {
        return Err(recs[0]
            .error(1, "at least one record 562", recs[0].rtype)
            .el(0, 0));
    }
    let h = hdr(
        &env,
        "VDA4916",
        recs[0].version,
        env.control_ref.clone(),
        issued,
    );
    Ok((
        env,
        vec![InboundDoc::JitCall(JitCallMsg {
            header: h,
            kind: CallKind::Sequenced,
            calls,
        })],
    ))
}
