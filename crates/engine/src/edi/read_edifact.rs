//! EDIFACT message mappings: DELJIT, DELFOR, INVRPT, DESADV and INVOIC into the normalized
//! documents of [`super::model`]. Unknown segments are skipped with a warning.

use super::dates::{ccyymmdd, hhmm, yymmdd};
use super::edifact::{Message, MessageRef};
use super::error::{EdiError, EdiWarning, ErrorKind};
use super::model::*;
use super::segment::{Segment, parse_decimal};
use crate::types::{Day, Qty};
use chrono::NaiveDate;
use compact_str::format_compact;
use std::borrow::Cow;

/// A DTM value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DtmValue {
    At(When),
    /// A period `from..=to` with its kind.
    Span(Period, Day, Day),
}

impl DtmValue {
    pub(crate) fn start(self) -> When {
        match self {
            DtmValue::At(w) => w,
            DtmValue::Span(_, a, _) => When::day(a),
        }
    }
}

/// The tag as a fixed array: matching arrays compiles to inline byte compares, where matching
/// `&str` calls `memcmp` per arm — measurable when every segment of 50 MB goes through it.
pub(crate) fn tag3(t: &str) -> [u8; 3] {
    let b = t.as_bytes();
    [
        b.first().copied().unwrap_or(0),
        b.get(1).copied().unwrap_or(0),
        b.get(2).copied().unwrap_or(0),
    ]
}

/// Reads DTM C507: qualifier, value, format (102, 203, 204, 101, 718, 616, 610, 719).
pub(crate) fn dtm<'a>(seg: &Segment<'a>) -> Result<(Cow<'a, str>, DtmValue), EdiError> {
    let [q, v, f] = seg.values3(1);
    if q.trim_ascii().is_empty() {
        return Err(seg.error(
            1,
            1,
            ErrorKind::Content,
            "date/time/period qualifier (2005)",
            "",
        ));
    }
    let v = v.trim_ascii();
    if v.is_empty() {
        return Err(seg.error(
            1,
            2,
            ErrorKind::Content,
            "date/time/period value (2380)",
            "",
        ));
    }
    let f = f.trim_ascii();
    let bad = |what: &str| seg.error(1, 2, ErrorKind::Content, what.to_owned(), v);
    // Only digits (and a '-') make a date: refusing other text first keeps the byte slicing
    // below on character boundaries.
    if !v.is_ascii() {
        return Err(bad("a date of digits"));
    }
    let val = match f {
        "102" | "" if v.len() == 8 => {
            DtmValue::At(When::day(ccyymmdd(v).ok_or_else(|| bad("CCYYMMDD"))?))
        }
        "203" | "" if v.len() == 12 => {
            let d = ccyymmdd(&v[..8]).ok_or_else(|| bad("CCYYMMDDHHMM"))?;
            let t = hhmm(&v[8..12]).ok_or_else(|| bad("CCYYMMDDHHMM"))?;
            DtmValue::At(When {
                day: d,
                minute: Some(t),
            })
        }
        "204" if v.len() == 14 => {
            let d = ccyymmdd(&v[..8]).ok_or_else(|| bad("CCYYMMDDHHMMSS"))?;
            let t = hhmm(&v[8..12]).ok_or_else(|| bad("CCYYMMDDHHMMSS"))?;
            DtmValue::At(When {
                day: d,
                minute: Some(t),
            })
        }
        "101" if v.len() == 6 => DtmValue::At(When::day(yymmdd(v).ok_or_else(|| bad("YYMMDD"))?)),
        "718" if v.len() == 17 => {
            let a = ccyymmdd(&v[..8]).ok_or_else(|| bad("CCYYMMDD-CCYYMMDD"))?;
            let b = ccyymmdd(&v[9..17]).ok_or_else(|| bad("CCYYMMDD-CCYYMMDD"))?;
            DtmValue::Span(Period::Range, a, b)
        }
        "719" if v.len() == 25 => {
            let a = ccyymmdd(&v[..8]).ok_or_else(|| bad("CCYYMMDDHHMM-CCYYMMDDHHMM"))?;
            let b = ccyymmdd(&v[13..21]).ok_or_else(|| bad("CCYYMMDDHHMM-CCYYMMDDHHMM"))?;
            DtmValue::Span(Period::Range, a, b)
        }
        "616" if v.len() == 6 => {
            let y: i32 = v[..4].parse().map_err(|_| bad("CCYYWW"))?;
            let w: u32 = v[4..6].parse().map_err(|_| bad("CCYYWW"))?;
            let d = NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon)
                .ok_or_else(|| bad("CCYYWW"))?;
            let a = Day::from_date(d);
            DtmValue::Span(Period::Week, a, a.plus(6))
        }
        "610" if v.len() == 6 => {
            let y: i32 = v[..4].parse().map_err(|_| bad("CCYYMM"))?;
            let m: u32 = v[4..6].parse().map_err(|_| bad("CCYYMM"))?;
            let d = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(|| bad("CCYYMM"))?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)
            }
            .ok_or_else(|| bad("CCYYMM"))?;
            DtmValue::Span(
                Period::Month,
                Day::from_date(d),
                Day::from_date(next).plus(-1),
            )
        }
        _ => {
            return Err(seg.error(
                1,
                3,
                ErrorKind::Content,
                "date format 102, 203, 204, 101, 718, 719, 616 or 610 matching the value",
                format!("{f} {v}"),
            ));
        }
    };
    Ok((q, val))
}

fn purpose(code: &str) -> Purpose {
    match code {
        "5" | "4" => Purpose::Replace,
        "1" | "3" => Purpose::Cancel,
        _ => Purpose::Original,
    }
}

/// NAD: party id (C082 3039), code list agency (3055), name (C080, else C058).
fn party(seg: &Segment<'_>) -> PartyRef {
    seg.party((2, 1), (2, 3), &[(4, 1), (3, 1)])
}

/// Collects what every message has: BGM, DTM+137, NAD. The first letter is tested inline, as
/// every segment of every message comes through here.
#[inline(always)]
fn header_segment(seg: &Segment<'_>, h: &mut MsgHeader) -> Result<bool, EdiError> {
    if !matches!(seg.tag.as_bytes().first(), Some(b'B' | b'N')) {
        return Ok(false);
    }
    header_segment_bn(seg, h)
}

#[inline(never)]
fn header_segment_bn(seg: &Segment<'_>, h: &mut MsgHeader) -> Result<bool, EdiError> {
    match seg.tag {
        "BGM" => {
            h.document_number = seg.req(2, 1, "document number (1004)")?;
            h.purpose = purpose(seg.value(3, 1).trim_ascii());
            Ok(true)
        }
        "NAD" => {
            let role = match seg.value(1, 1).trim_ascii() {
                "BY" => PartyRole::Buyer,
                "SE" | "SU" => PartyRole::Seller,
                "ST" | "CN" => PartyRole::ShipTo,
                _ => return Ok(false),
            };
            h.set_party(role, party(seg));
            Ok(true)
        }
        _ => Ok(false),
    }
}

fn new_header(m: &MessageRef) -> MsgHeader {
    // "D:04A:UN" (+ ":association code"); trailing empty parts are left out.
    let parts = [&m.version, &m.release, &m.agency];
    let used = parts
        .iter()
        .rposition(|p| !p.is_empty())
        .map_or(0, |i| i + 1);
    let mut version = String::with_capacity(16);
    for (i, p) in parts[..used].iter().enumerate() {
        if i > 0 {
            version.push(':');
        }
        version.push_str(p);
    }
    if !m.assoc.is_empty() {
        version.push(':');
        version.push_str(&m.assoc);
    }
    MsgHeader {
        message_type: m.msg_type.to_string(),
        version,
        message_ref: m.reference.to_string(),
        ..MsgHeader::default()
    }
}

fn skip(seg: &Segment<'_>, w: &mut Vec<EdiWarning>) {
    w.push(EdiWarning::new(
        seg.index,
        seg.tag,
        seg.offset,
        "segment not used; skipped",
    ));
}

fn unit<T: for<'s> From<&'s str>>(seg: &Segment<'_>) -> T {
    seg.opt(1, 3).unwrap_or_else(|| T::from("PCE"))
}

/// Reads one message of the interchange by its type.
pub fn read_message(
    msg: Message<'_, '_>,
    warnings: &mut Vec<EdiWarning>,
) -> Result<InboundDoc, EdiError> {
    match msg.info.msg_type.as_str() {
        "DELJIT" => deljit(msg, warnings).map(InboundDoc::JitCall),
        "DELFOR" => delfor(msg, warnings).map(InboundDoc::Forecast),
        "INVRPT" => invrpt(msg, warnings).map(InboundDoc::StockReport),
        "DESADV" => desadv(msg, warnings).map(InboundDoc::ShippingNotice),
        "INVOIC" => invoic(msg, warnings).map(InboundDoc::Invoice),
        other => Err(msg.unh().map_or_else(
            || EdiError::unsupported("DELJIT, DELFOR, INVRPT, DESADV or INVOIC", other),
            |u| {
                u.error(
                    2,
                    1,
                    ErrorKind::Unsupported,
                    "DELJIT, DELFOR, INVRPT, DESADV or INVOIC",
                    other,
                )
            },
        )),
    }
}

// ---------------------------------------------------------------- DELJIT

#[derive(Default)]
struct PendingQty {
    qty: Qty,
    unit: Text,
    required: Option<When>,
    seg_index: usize,
}

struct LineCtx {
    customer_material: Text,
    our_material: Option<Text>,
    supply_area: Option<Text>,
    unloading_point: Option<Text>,
    order_ref: Option<Text>,
    call_ref: Option<Text>,
    description: Option<Text>,
}

/// Turns the line's quantities (`qtys`, emptied; one buffer reused for every line) into
/// components of the call.
fn flush_line(
    body: &[Segment<'_>],
    line: Option<LineCtx>,
    qtys: &mut Vec<PendingQty>,
    call: Option<&mut JitCall>,
) -> Result<(), EdiError> {
    let (Some(mut l), Some(call)) = (line, call) else {
        qtys.clear();
        return Ok(());
    };
    let last = qtys.len().saturating_sub(1);
    for (k, q) in qtys.drain(..).enumerate() {
        let Some(required) = q.required else {
            let s = &body[q.seg_index];
            return Err(s.seg_error(ErrorKind::Content, "DTM (2, 10, 11 or 194) after this QTY"));
        };
        // The last requirement of a line takes the line's strings; earlier ones copy them.
        let take = k == last;
        let pick = |v: &mut Option<Text>| if take { v.take() } else { v.clone() };
        call.components.push(JitComponent {
            customer_material: if take {
                std::mem::take(&mut l.customer_material)
            } else {
                l.customer_material.clone()
            },
            our_material: pick(&mut l.our_material),
            qty: q.qty,
            unit: q.unit,
            required,
            supply_area: pick(&mut l.supply_area),
            unloading_point: pick(&mut l.unloading_point),
            order_ref: pick(&mut l.order_ref),
            call_ref: pick(&mut l.call_ref),
            description: pick(&mut l.description),
        });
    }
    Ok(())
}

fn deljit(msg: Message<'_, '_>, warnings: &mut Vec<EdiWarning>) -> Result<JitCallMsg, EdiError> {
    let body = msg.body();
    let mut h = new_header(msg.info);
    let mut calls: Vec<JitCall> = Vec::new();
    let mut line: Option<LineCtx> = None;
    let mut seq_loc11: Option<Text> = None;
    let mut seq_loc159: Option<Text> = None;
    let mut any_gir = false;
    let mut qtys: Vec<PendingQty> = Vec::new();
    for (k, seg) in body.iter().enumerate() {
        if header_segment(seg, &mut h)? {
            continue;
        }
        match &tag3(seg.tag) {
            b"DTM" if calls.is_empty() => {
                let (q, v) = dtm(seg)?;
                if q == "137" {
                    h.issued = Some(v.start());
                }
            }
            b"SEQ" => {
                flush_line(body, line.take(), &mut qtys, calls.last_mut())?;
                let no: Text = seg
                    .opt(2, 1)
                    .unwrap_or_else(|| format_compact!("{}", calls.len() + 1));
                calls.push(JitCall {
                    call_number: no.clone(),
                    sequence: Some(SequenceInfo {
                        sequence_no: no,
                        vehicle: None,
                        at: None,
                    }),
                    plant: None,
                    components: Vec::new(),
                    cum_received: None,
                    last_delivery: None,
                });
                seq_loc11 = None;
                seq_loc159 = None;
            }
            b"GIR" if line.is_none() => {
                let Some(call) = calls.last_mut() else {
                    return Err(out_of_place(seg, "SEQ"));
                };
                any_gir = true;
                if let Some(s) = call.sequence.as_mut() {
                    s.vehicle = seg.opt(2, 1).or(s.vehicle.take());
                }
            }
            b"DTM" if line.is_none() => {
                let (_, v) = dtm(seg)?;
                if let Some(s) = calls.last_mut().and_then(|c| c.sequence.as_mut()) {
                    s.at = Some(v.start());
                }
            }
            b"LOC" if line.is_none() => {
                let v = seg.opt(2, 1);
                match seg.value(1, 1).trim_ascii() {
                    "11" => seq_loc11 = v,
                    "159" => seq_loc159 = v,
                    "7" | "18" => {
                        if let Some(c) = calls.last_mut() {
                            c.plant = v;
                        }
                    }
                    _ => skip(seg, warnings),
                }
            }
            b"LIN" => {
                if calls.is_empty() {
                    return Err(out_of_place(seg, "SEQ"));
                }
                flush_line(body, line.take(), &mut qtys, calls.last_mut())?;
                line = Some(LineCtx {
                    customer_material: seg.req(3, 1, "item number (7140)")?,
                    our_material: None,
                    supply_area: seq_loc159.clone(),
                    unloading_point: seq_loc11.clone(),
                    order_ref: None,
                    call_ref: None,
                    description: None,
                });
            }
            b"PIA" => {
                let l = line.as_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                // Up to five ids; most PIA carry one: look only at the elements present.
                for e in 2..=seg.element_count().min(6) {
                    if matches!(seg.value(e, 2).trim_ascii(), "SA" | "VP") {
                        l.our_material = seg.opt(e, 1);
                    }
                }
            }
            b"IMD" => {
                let l = line.as_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                l.description = seg.opt(3, 4);
            }
            b"LOC" => {
                let l = line.as_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                match seg.value(1, 1).trim_ascii() {
                    "11" => l.unloading_point = seg.opt(2, 1),
                    "159" => l.supply_area = seg.opt(2, 1),
                    _ => skip(seg, warnings),
                }
            }
            b"RFF" => {
                let l = line.as_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                match seg.value(1, 1).trim_ascii() {
                    "ON" => l.order_ref = seg.opt(1, 2),
                    "AAN" | "AIF" => l.call_ref = seg.opt(1, 2),
                    _ => skip(seg, warnings),
                }
            }
            b"QTY" => {
                line.as_ref().ok_or_else(|| out_of_place(seg, "LIN"))?;
                // Qualifier, quantity and unit of C186 in one pass over the element.
                let [q, amount, u] = seg.values3(1);
                match q.trim_ascii() {
                    "1" | "113" | "12" => qtys.push(PendingQty {
                        qty: seg.qty_in(&amount, 1, 2, "quantity (6060)")?,
                        unit: match u.trim_ascii() {
                            "" => Text::from("PCE"),
                            t => Text::from(t),
                        },
                        required: None,
                        seg_index: k,
                    }),
                    _ => skip(seg, warnings),
                }
            }
            b"SCC" => {}
            b"DTM" => {
                line.as_ref().ok_or_else(|| out_of_place(seg, "LIN"))?;
                let (q, v) = dtm(seg)?;
                if matches!(q.as_ref(), "2" | "10" | "11" | "194" | "63" | "64")
                    && let Some(p) = qtys.last_mut()
                {
                    p.required = Some(v.start());
                }
            }
            _ => skip(seg, warnings),
        }
    }
    flush_line(body, line.take(), &mut qtys, calls.last_mut())?;
    if calls.is_empty() {
        return Err(msg.unh().map_or_else(
            || EdiError::content("at least one SEQ group", ""),
            |u| u.seg_error(ErrorKind::Content, "at least one SEQ group in the message"),
        ));
    }
    let kind = if any_gir {
        CallKind::Sequenced
    } else {
        CallKind::Summarized
    };
    let doc = h.document_number.clone();
    let single = calls.len() == 1;
    for c in &mut calls {
        if kind == CallKind::Summarized {
            c.sequence = None;
            c.call_number = if single {
                Text::from(doc.as_str())
            } else {
                format_compact!("{doc}-{}", c.call_number)
            };
        } else {
            c.call_number = format_compact!("{doc}-{}", c.call_number);
        }
    }
    Ok(JitCallMsg {
        header: h,
        kind,
        calls,
    })
}

fn out_of_place(seg: &Segment<'_>, group: &str) -> EdiError {
    seg.seg_error(
        ErrorKind::Content,
        format!("{} inside a {group} group", seg.tag),
    )
}

// ---------------------------------------------------------------- DELFOR

fn delfor(msg: Message<'_, '_>, warnings: &mut Vec<EdiWarning>) -> Result<ForecastMsg, EdiError> {
    let body = msg.body();
    let mut h = new_header(msg.info);
    let mut schedules: Vec<ForecastSchedule> = Vec::new();
    // The last QTY seen under the current LIN: (qualifier, qty, firm, segment index).
    let mut pending: Option<(String, Qty, bool, usize)> = None;
    let mut last_received: Option<LastDelivery> = None;
    let mut msg_loc11: Option<String> = None;
    let finish_pending = |p: &mut Option<(String, Qty, bool, usize)>| -> Result<(), EdiError> {
        if let Some((q, _, _, idx)) = p.take()
            && (q == "1" || q == "113")
        {
            return Err(body[idx].seg_error(
                ErrorKind::Content,
                "DTM (2, 158/159, 718, 616 or 610) for this QTY",
            ));
        }
        Ok(())
    };
    for seg in body {
        if header_segment(seg, &mut h)? {
            continue;
        }
        match seg.tag {
            "DTM" if schedules.is_empty() => {
                let (q, v) = dtm(seg)?;
                if q == "137" {
                    h.issued = Some(v.start());
                }
            }
            "LOC" if schedules.is_empty() => {
                if seg.value(1, 1).trim_ascii() == "11" {
                    msg_loc11 = seg.opt(2, 1);
                } else {
                    skip(seg, warnings);
                }
            }
            "GIS" | "UNS" | "CNT" => {}
            "LIN" => {
                finish_pending(&mut pending)?;
                if let (Some(ld), Some(s)) = (last_received.take(), schedules.last_mut()) {
                    s.last_delivery = Some(ld);
                }
                schedules.push(ForecastSchedule {
                    customer_material: seg.req(3, 1, "item number (7140)")?,
                    our_material: None,
                    unit: "PCE".to_owned(),
                    plant: h.ship_to.as_ref().map(|p| p.id.clone()),
                    unloading_point: msg_loc11.clone(),
                    order_ref: None,
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
            "PIA" => {
                let s = schedules
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "LIN"))?;
                for e in 2..=6 {
                    if matches!(seg.value(e, 2).trim_ascii(), "SA" | "VP") {
                        s.our_material = seg.opt(e, 1);
                    }
                }
            }
            "LOC" => {
                let s = schedules
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "LIN"))?;
                match seg.value(1, 1).trim_ascii() {
                    "11" => s.unloading_point = seg.opt(2, 1),
                    "7" | "159" => s.plant = seg.opt(2, 1),
                    _ => skip(seg, warnings),
                }
            }
            "RFF" => {
                let s = schedules
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "LIN"))?;
                match seg.value(1, 1).trim_ascii() {
                    "ON" => s.order_ref = seg.opt(1, 2),
                    "AIF" => s.previous_schedule_no = seg.opt(1, 2),
                    "AAK" | "DQ" => {
                        if let Some(ld) = last_received.as_mut() {
                            ld.delivery_note = seg.value(1, 2).trim_ascii().to_owned();
                        }
                    }
                    _ => skip(seg, warnings),
                }
            }
            "QTY" => {
                finish_pending(&mut pending)?;
                let s = schedules
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "LIN"))?;
                let q = seg.value(1, 1).trim_ascii().to_owned();
                let qty = seg.qty(1, 2, "quantity (6060)")?;
                if let Some(u) = seg.opt(1, 3) {
                    s.unit = u;
                }
                match q.as_ref() {
                    "1" | "113" => {
                        pending = Some((q, qty, true, seg.index as usize - body[0].index as usize))
                    }
                    "3" | "70" => s.cum_received = Some(qty),
                    "48" | "12" => {
                        last_received = Some(LastDelivery {
                            delivery_note: String::new(),
                            date: None,
                            qty,
                        })
                    }
                    _ => skip(seg, warnings),
                }
            }
            "SCC" => {
                if let Some(p) = pending.as_mut() {
                    // 1 = firm; 4 = planning/forecast; 2 = commitment for manufacturing.
                    p.2 = matches!(seg.value(1, 1).trim_ascii(), "1" | "2");
                }
            }
            "DTM" => {
                let (q, v) = dtm(seg)?;
                let s = schedules
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "LIN"))?;
                match pending.take() {
                    Some((pq, qty, firm, idx)) => match (q.as_ref(), v) {
                        ("159", DtmValue::At(w)) if pq == "158" => {
                            if let Some(l) = s.lines.last_mut() {
                                l.to = w.day;
                            }
                        }
                        ("158", DtmValue::At(w)) if pq != "158" => {
                            let (from, to) = (w.day, w.day);
                            s.lines.push(ForecastLine {
                                period: Period::Range,
                                from,
                                to,
                                qty,
                                firm,
                            });
                            pending = Some(("158".to_owned(), qty, firm, idx));
                        }
                        (_, DtmValue::At(w)) if pq != "158" => {
                            let (from, to) = (w.day, w.day);
                            s.lines.push(ForecastLine {
                                period: Period::Day,
                                from,
                                to,
                                qty,
                                firm,
                            });
                        }
                        (_, DtmValue::Span(period, from, to)) if pq != "158" => {
                            s.lines.push(ForecastLine {
                                period,
                                from,
                                to,
                                qty,
                                firm,
                            });
                        }
                        _ => {
                            skip(seg, warnings);
                            pending = Some((pq, qty, firm, idx));
                        }
                    },
                    None => match last_received.as_mut() {
                        Some(ld) => ld.date = Some(v.start().day),
                        None => skip(seg, warnings),
                    },
                }
            }
            _ => skip(seg, warnings),
        }
    }
    finish_pending(&mut pending)?;
    if let (Some(ld), Some(s)) = (last_received.take(), schedules.last_mut()) {
        s.last_delivery = Some(ld);
    }
    Ok(ForecastMsg {
        header: h,
        schedules,
    })
}

// ---------------------------------------------------------------- INVRPT

fn invrpt(
    msg: Message<'_, '_>,
    warnings: &mut Vec<EdiWarning>,
) -> Result<StockReportMsg, EdiError> {
    let mut h = new_header(msg.info);
    let mut as_of = None;
    let mut lines: Vec<StockLine> = Vec::new();
    let mut msg_loc: Option<String> = None;
    for seg in msg.body() {
        if header_segment(seg, &mut h)? {
            continue;
        }
        match seg.tag {
            "DTM" => {
                let (q, v) = dtm(seg)?;
                match q.as_ref() {
                    "137" if lines.is_empty() => h.issued = Some(v.start()),
                    "366" | "179" | "90" => as_of = Some(v.start()),
                    _ => skip(seg, warnings),
                }
            }
            "LOC" => {
                let v = seg.opt(2, 1);
                match lines.last_mut() {
                    Some(l) => l.location = v,
                    None => msg_loc = v,
                }
            }
            "LIN" => lines.push(StockLine {
                customer_material: seg.req(3, 1, "item number (7140)")?,
                our_material: None,
                location: msg_loc.clone(),
                on_hand: Qty::ZERO,
                unit: "PCE".to_owned(),
            }),
            "PIA" => {
                let l = lines.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                for e in 2..=6 {
                    if matches!(seg.value(e, 2).trim_ascii(), "SA" | "VP") {
                        l.our_material = seg.opt(e, 1);
                    }
                }
            }
            "INV" => {}
            "QTY" => {
                let l = lines.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                match seg.value(1, 1).trim_ascii() {
                    "145" | "156" | "17" => {
                        l.on_hand = seg.qty(1, 2, "quantity (6060)")?;
                        l.unit = unit(seg);
                    }
                    _ => skip(seg, warnings),
                }
            }
            "UNS" | "CNT" => {}
            _ => skip(seg, warnings),
        }
    }
    Ok(StockReportMsg {
        header: h,
        as_of,
        lines,
    })
}

// ---------------------------------------------------------------- DESADV

fn expand_range(out: &mut Vec<String>, from: &str, to: &str) {
    out.push(from.to_owned());
    if to.is_empty() || to == from {
        return;
    }
    let (Ok(a), Ok(b)) = (from.parse::<u64>(), to.parse::<u64>()) else {
        out.push(to.to_owned());
        return;
    };
    if b <= a || b - a > 10_000 {
        out.push(to.to_owned());
        return;
    }
    let w = from.len();
    for n in a + 1..=b {
        out.push(format!("{n:0w$}"));
    }
}

fn desadv(
    msg: Message<'_, '_>,
    warnings: &mut Vec<EdiWarning>,
) -> Result<ShippingNoticeMsg, EdiError> {
    let mut h = new_header(msg.info);
    let mut n = ShippingNoticeDoc::default();
    let mut issued = None;
    let mut despatched = None;
    let mut in_line = false;
    for seg in msg.body() {
        if header_segment(seg, &mut h)? {
            if seg.tag == "NAD" && matches!(seg.value(1, 1).trim_ascii(), "CA" | "FW") {
                n.carrier = Some(party(seg));
            }
            continue;
        }
        match seg.tag {
            "NAD" if matches!(seg.value(1, 1).trim_ascii(), "CA" | "FW") => {
                n.carrier = Some(party(seg))
            }
            "DTM" if n.packages.is_empty() && n.lines.is_empty() => {
                let (q, v) = dtm(seg)?;
                match q.as_ref() {
                    "137" => issued = Some(v.start()),
                    "11" => despatched = Some(v.start()),
                    "132" | "17" | "2" => n.expected_arrival = Some(v.start()),
                    _ => skip(seg, warnings),
                }
            }
            "RFF" if n.packages.is_empty() && n.lines.is_empty() => {
                match seg.value(1, 1).trim_ascii() {
                    "AAS" | "BM" | "CN" => n.transport_ref = seg.opt(1, 2),
                    "DQ" => n.delivery_note = seg.value(1, 2).trim_ascii().to_owned(),
                    _ => skip(seg, warnings),
                }
            }
            "LOC" if n.packages.is_empty() && n.lines.is_empty() => {
                if seg.value(1, 1).trim_ascii() == "11" {
                    n.unloading_point = seg.opt(2, 1);
                } else {
                    skip(seg, warnings);
                }
            }
            "MEA" if n.packages.is_empty() => {
                let kg = seg
                    .opt::<Text>(3, 2)
                    .and_then(|v| parse_decimal(&v))
                    .filter(|(_, sc)| *sc == 0)
                    .map(|(m, _)| m)
                    .ok_or_else(|| {
                        seg.error(
                            3,
                            2,
                            ErrorKind::Content,
                            "weight in whole kg",
                            seg.value(3, 2),
                        )
                    })?;
                match seg.value(2, 1).trim_ascii() {
                    "G" | "AAD" | "AAB" => n.gross_weight_kg = Some(kg),
                    "N" | "AAA" => n.net_weight_kg = Some(kg),
                    _ => skip(seg, warnings),
                }
            }
            "TDT" => n.vehicle = seg.opt(8, 1).or(n.vehicle.take()),
            "CPS" => {
                in_line = false;
                let id = seg.qty(1, 1, "hierarchical id number (7164)")?;
                let parent = seg.opt_qty(2, 1, "hierarchical parent id (7166)")?;
                n.packages.push(Package {
                    id: u32::try_from(id.0).map_err(|_| {
                        seg.error(1, 1, ErrorKind::Content, "a positive id", seg.value(1, 1))
                    })?,
                    parent: parent.and_then(|p| u32::try_from(p.0).ok()),
                    count: 0,
                    package_type: None,
                    qty_per_package: None,
                    label_kind: None,
                    labels: Vec::new(),
                    reference: None,
                });
            }
            "PAC" => {
                let p = n
                    .packages
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "CPS"))?;
                let c = seg
                    .opt_qty(1, 1, "number of packages (7224)")?
                    .unwrap_or(Qty(1));
                p.count = u32::try_from(c.0).map_err(|_| {
                    seg.error(1, 1, ErrorKind::Content, "a package count", seg.value(1, 1))
                })?;
                p.package_type = seg.opt(3, 1);
            }
            "PCI" if !in_line => {
                let p = n
                    .packages
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "CPS"))?;
                p.label_kind = seg.opt(4, 1);
            }
            "GIN" if !in_line => {
                let p = n
                    .packages
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "CPS"))?;
                for e in 2..=6 {
                    let from = seg.value(e, 1);
                    if !from.trim_ascii().is_empty() {
                        expand_range(
                            &mut p.labels,
                            from.trim_ascii(),
                            seg.value(e, 2).trim_ascii(),
                        );
                    }
                }
            }
            "LIN" => {
                in_line = true;
                let no = match seg.opt_qty(1, 1, "line item number (1082)")? {
                    Some(q) => u32::try_from(q.0).map_err(|_| {
                        seg.error(1, 1, ErrorKind::Content, "a line number", seg.value(1, 1))
                    })?,
                    None => n.lines.len() as u32 + 1,
                };
                n.lines.push(ShipLine {
                    line_no: no,
                    customer_material: seg.req(3, 1, "item number (7140)")?,
                    our_material: None,
                    qty: Qty::ZERO,
                    unit: "PCE".to_owned(),
                    order_ref: None,
                    order_line: None,
                    call_ref: None,
                    description: None,
                    origin_country: None,
                    supply_area: None,
                    package: n.packages.last().map(|p| p.id),
                });
            }
            "QTY" if !in_line => {
                let p = n
                    .packages
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "CPS"))?;
                if seg.value(1, 1).trim_ascii() == "52" {
                    p.qty_per_package = Some(seg.qty(1, 2, "quantity per pack")?);
                } else {
                    skip(seg, warnings);
                }
            }
            "RFF" if !in_line => {
                let p = n
                    .packages
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "CPS"))?;
                p.reference = seg.opt(1, 2);
            }
            _ if !in_line => skip(seg, warnings),
            "PIA" => {
                let l = n.lines.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                for e in 2..=6 {
                    if matches!(seg.value(e, 2).trim_ascii(), "SA" | "VP") {
                        l.our_material = seg.opt(e, 1);
                    }
                }
            }
            "QTY" => {
                let l = n.lines.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                if seg.value(1, 1).trim_ascii() == "12" {
                    l.qty = seg.qty(1, 2, "despatch quantity (6060)")?;
                    l.unit = unit(seg);
                } else {
                    skip(seg, warnings);
                }
            }
            "ALI" => {
                let l = n.lines.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                l.origin_country = seg.opt(1, 1);
            }
            "IMD" => {
                let l = n.lines.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                l.description = seg.opt(3, 4);
            }
            "FTX" => {
                let l = n.lines.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                if l.description.is_none() {
                    l.description = seg.opt(4, 1);
                }
            }
            "RFF" => {
                let l = n.lines.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                match seg.value(1, 1).trim_ascii() {
                    "ON" => {
                        l.order_ref = seg.opt(1, 2);
                        l.order_line = seg.opt(1, 3);
                    }
                    "AAN" => l.call_ref = seg.opt(1, 2),
                    _ => skip(seg, warnings),
                }
            }
            "LOC" => {
                let l = n.lines.last_mut().ok_or_else(|| out_of_place(seg, "LIN"))?;
                if seg.value(1, 1).trim_ascii() == "159" {
                    l.supply_area = seg.opt(2, 1);
                } else {
                    skip(seg, warnings);
                }
            }
            "CNT" => {}
            _ => skip(seg, warnings),
        }
    }
    // A CPS without packaging only groups unpacked lines (that is how we write them).
    let bare: Vec<u32> = n
        .packages
        .iter()
        .filter(|p| {
            p.count == 0
                && p.labels.is_empty()
                && p.package_type.is_none()
                && p.qty_per_package.is_none()
        })
        .map(|p| p.id)
        .collect();
    n.packages.retain(|p| !bare.contains(&p.id));
    for l in &mut n.lines {
        if l.package.is_some_and(|p| bare.contains(&p)) {
            l.package = None;
        }
    }
    n.asn_number = h.document_number.clone();
    if n.delivery_note.is_empty() {
        n.delivery_note = n.asn_number.clone();
    }
    let unh = msg.unh();
    let need = |what: &str| {
        unh.map_or_else(
            || EdiError::content(what.to_owned(), ""),
            |u| u.seg_error(ErrorKind::Content, format!("{what} in the message")),
        )
    };
    n.issued = issued.ok_or_else(|| need("DTM+137 document date"))?;
    n.despatched = despatched.unwrap_or(n.issued);
    n.buyer = h.buyer.clone().ok_or_else(|| need("NAD+BY buyer"))?;
    n.seller = h.seller.clone().ok_or_else(|| need("NAD+SE seller"))?;
    n.ship_to = h.ship_to.clone().unwrap_or_else(|| n.buyer.clone());
    h.issued = Some(n.issued);
    Ok(ShippingNoticeMsg {
        header: h,
        notice: n,
    })
}

// ---------------------------------------------------------------- INVOIC

/// Reads a price C509: amount and basis quantity → exact [`Price`].
pub(crate) fn price_from(amount: &str, basis: Option<&str>) -> Option<Price> {
    let (m, scale) = parse_decimal(amount)?;
    let mut per: u64 = 1;
    let mut cents = m;
    if scale <= 2 {
        cents = m.checked_mul(10i64.checked_pow(2 - scale)?)?;
    } else {
        per = 10u64.checked_pow(scale - 2)?;
    }
    if let Some(b) = basis.filter(|b| !b.trim_ascii().is_empty()) {
        let b = super::segment::parse_qty(b.trim_ascii())?;
        per = per.checked_mul(u64::try_from(b).ok().filter(|b| *b > 0)?)?;
    }
    Some(Price {
        cents,
        per: u32::try_from(per).ok()?,
    })
}

fn money(seg: &Segment<'_>) -> Result<Money, EdiError> {
    let v = seg.value(1, 2);
    let (m, sc) = parse_decimal(&v)
        .filter(|(_, sc)| *sc <= 2)
        .ok_or_else(|| {
            seg.error(
                1,
                2,
                ErrorKind::Content,
                "amount with at most 2 decimals",
                &v,
            )
        })?;
    Ok(Money(m * 10i64.pow(2 - sc)))
}

fn invoic(msg: Message<'_, '_>, warnings: &mut Vec<EdiWarning>) -> Result<InvoiceMsg, EdiError> {
    let mut h = new_header(msg.info);
    let mut inv = InvoiceDoc {
        currency: "EUR".to_owned(),
        ..InvoiceDoc::default()
    };
    let mut last_nad = String::new();
    let mut total: Option<(Money, &Segment<'_>)> = None;
    let mut issued = None;
    let mut in_pat = false;
    let mut summary = false;
    for seg in msg.body() {
        if seg.tag == "BGM" && seg.value(1, 1).trim_ascii() == "381" {
            inv.kind = InvoiceKind::CreditNote;
        }
        if seg.tag == "NAD" {
            last_nad = seg.value(1, 1).trim_ascii().to_owned();
        }
        if header_segment(seg, &mut h)? {
            continue;
        }
        match seg.tag {
            "DTM" => {
                let (q, v) = dtm(seg)?;
                match q.as_ref() {
                    "137" if inv.lines.is_empty() => issued = Some(v.start()),
                    "35" => inv.delivery_date = Some(v.start().day),
                    "13" if in_pat => inv.payment_due = Some(v.start().day),
                    _ => skip(seg, warnings),
                }
            }
            "PAT" | "PYT" => in_pat = true,
            "RFF" => match seg.value(1, 1).trim_ascii() {
                "ON" if inv.lines.is_empty() => inv.order_ref = seg.opt(1, 2),
                "AAK" => inv.asn_ref = seg.opt(1, 2),
                "VA" => match last_nad.as_str() {
                    "SE" => inv.seller_vat_id = seg.opt(1, 2),
                    "BY" => inv.buyer_vat_id = seg.opt(1, 2),
                    _ => skip(seg, warnings),
                },
                _ => skip(seg, warnings),
            },
            "CUX" => {
                if let Some(c) = seg.opt(1, 2) {
                    inv.currency = c;
                }
            }
            "LIN" => {
                in_pat = false;
                let no = seg.qty(1, 1, "line item number (1082)")?;
                inv.lines.push(InvoiceLine {
                    line_no: u32::try_from(no.0).map_err(|_| {
                        seg.error(1, 1, ErrorKind::Content, "a line number", seg.value(1, 1))
                    })?,
                    customer_material: seg.req(3, 1, "item number (7140)")?,
                    our_material: None,
                    description: None,
                    qty: Qty::ZERO,
                    unit: "PCE".to_owned(),
                    price: Price { cents: 0, per: 1 },
                });
            }
            "PIA" => {
                let l = inv
                    .lines
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "LIN"))?;
                for e in 2..=6 {
                    if matches!(seg.value(e, 2).trim_ascii(), "SA" | "VP") {
                        l.our_material = seg.opt(e, 1);
                    }
                }
            }
            "IMD" => {
                let l = inv
                    .lines
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "LIN"))?;
                l.description = seg.opt(3, 4);
            }
            "QTY" => {
                let l = inv
                    .lines
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "LIN"))?;
                l.qty = seg.qty(1, 2, "invoiced quantity (6060)")?;
                l.unit = unit(seg);
            }
            "PRI" => {
                let l = inv
                    .lines
                    .last_mut()
                    .ok_or_else(|| out_of_place(seg, "LIN"))?;
                let v = seg.value(1, 2);
                let basis = seg.value(1, 5);
                l.price = price_from(&v, Some(&basis))
                    .ok_or_else(|| seg.error(1, 2, ErrorKind::Content, "a price", &v))?;
            }
            "TAX" => {
                let r = seg.value(5, 4);
                if let Some((mnt, sc)) = parse_decimal(&r).filter(|(_, sc)| *sc <= 2) {
                    inv.vat_rate_bp = u32::try_from(mnt * 10i64.pow(2 - sc)).unwrap_or(0);
                } else {
                    return Err(seg.error(5, 4, ErrorKind::Content, "VAT rate in percent", &r));
                }
            }
            "UNS" => summary = true,
            "MOA" => {
                if summary && seg.value(1, 1).trim_ascii() == "77" {
                    total = Some((money(seg)?, seg));
                }
            }
            "CNT" => {}
            _ => skip(seg, warnings),
        }
    }
    let unh = msg.unh();
    let need = |what: &str| {
        unh.map_or_else(
            || EdiError::content(what.to_owned(), ""),
            |u| u.seg_error(ErrorKind::Content, format!("{what} in the message")),
        )
    };
    inv.invoice_number = h.document_number.clone();
    inv.issued = issued.ok_or_else(|| need("DTM+137 invoice date"))?;
    inv.buyer = h.buyer.clone().ok_or_else(|| need("NAD+BY buyer"))?;
    inv.seller = h.seller.clone().ok_or_else(|| need("NAD+SE seller"))?;
    inv.ship_to = h.ship_to.clone();
    if let Some((t, seg)) = total
        && t != inv.gross()
    {
        return Err(seg.error(
            1,
            2,
            ErrorKind::Content,
            format!("invoice total {} (lines plus VAT)", inv.gross().decimal()),
            t.decimal(),
        ));
    }
    h.issued = Some(inv.issued);
    Ok(InvoiceMsg {
        header: h,
        invoice: inv,
    })
}
