//! Outbound writers: DESADV and INVOIC (EDIFACT D.07A), VDA 4913, X12 856 and 810; plus a
//! DELJIT writer used by the synthetic generator and the round-trip tests.

use super::edifact::Writer as EWriter;
use super::error::EdiError;
use super::model::*;
use super::partner::RenderFormat;
use super::read_vda::unit_to_vda;
use super::read_x12::unit_to_x12;
use super::vda::RecordBuf;
use super::x12::{Writer as XWriter, check_value, pad};

fn dt203(w: &When) -> String {
    format!("{}{}", w.ccyymmdd(), w.hhmm())
}

fn dtm(w: &mut EWriter, q: &str, when: &When) {
    if when.minute.is_some() {
        w.seg("DTM", &[&[q, &dt203(when), "203"]]);
    } else {
        w.seg("DTM", &[&[q, &when.ccyymmdd(), "102"]]);
    }
}

fn nad(w: &mut EWriter, q: &str, p: &PartyRef) {
    let agency = p.qualifier.as_deref().unwrap_or("92");
    let name = p.name.as_deref().unwrap_or("");
    w.seg("NAD", &[&[q], &[&p.id, "", agency], &[], &[name]]);
}

/// Price as an exact decimal (and a basis quantity when the divisor is not a power of ten).
pub(crate) fn price_text(p: &Price) -> Result<(String, Option<u32>), EdiError> {
    let per = p.per.max(1);
    let mut k = 0u32;
    let mut x = per;
    while x.is_multiple_of(10) {
        x /= 10;
        k += 1;
    }
    let sign = if p.cents < 0 { "-" } else { "" };
    let a = p.cents.unsigned_abs();
    let scale = k + 2;
    let div = 10u64.pow(scale);
    let frac = format!("{:0w$}", a % div, w = scale as usize);
    let frac = frac.trim_end_matches('0');
    let int = a / div;
    let text = if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    };
    Ok((text, if x == 1 { None } else { Some(x) }))
}

fn percent(bp: u32) -> String {
    if bp.is_multiple_of(100) {
        (bp / 100).to_string()
    } else {
        let f = format!("{:02}", bp % 100);
        format!("{}.{}", bp / 100, f.trim_end_matches('0'))
    }
}

fn unb(w: &mut EWriter, f: &RenderFormat) {
    let p = &f.profile;
    let ctrl = f.control_number.to_string();
    let date = f.prepared.yymmdd();
    let time = f.prepared.hhmm();
    let test = if p.test { "1" } else { "" };
    w.seg(
        "UNB",
        &[
            &[&p.edifact_syntax, "3"],
            &[&p.our_id, p.our_qualifier.as_deref().unwrap_or("")],
            &[&p.their_id, p.their_qualifier.as_deref().unwrap_or("")],
            &[&date, &time],
            &[&ctrl],
            &[],
            &[],
            &[],
            &[],
            &[],
            &[test],
        ],
    );
}

fn envelope_edifact(
    f: &RenderFormat,
    msg_type: &str,
    body: impl FnOnce(&mut EWriter) -> Result<(), EdiError>,
) -> Result<String, EdiError> {
    let mut w = EWriter::new(f.newline);
    w.out.push_str("UNA:+.? '");
    if f.newline {
        w.out.push('\n');
    }
    unb(&mut w, f);
    w.count = 0;
    let assoc = f.profile.association_code.as_deref().unwrap_or("");
    w.seg("UNH", &[&["1"], &[msg_type, "D", "07A", "UN", assoc]]);
    body(&mut w)?;
    let n = (w.count + 1).to_string();
    w.seg("UNT", &[&[&n], &["1"]]);
    w.seg("UNZ", &[&["1"], &[&f.control_number.to_string()]]);
    Ok(w.out)
}

fn need(field: &str, v: &str) -> Result<(), EdiError> {
    if v.trim_ascii().is_empty() {
        return Err(EdiError::render(format!("{field} (must not be empty)"), ""));
    }
    Ok(())
}

// ---------------------------------------------------------------- DESADV

pub fn desadv(doc: &ShippingNoticeDoc, f: &RenderFormat) -> Result<String, EdiError> {
    need("asn_number", &doc.asn_number)?;
    for l in &doc.lines {
        if let Some(p) = l.package
            && !doc.packages.iter().any(|k| k.id == p)
        {
            return Err(EdiError::render(
                format!("line {} package to exist", l.line_no),
                p.to_string(),
            ));
        }
    }
    envelope_edifact(f, "DESADV", |w| {
        w.seg("BGM", &[&["351"], &[&doc.asn_number], &["9"]]);
        dtm(w, "137", &doc.issued);
        dtm(w, "11", &doc.despatched);
        if let Some(a) = &doc.expected_arrival {
            dtm(w, "132", a);
        }
        if let Some(kg) = doc.gross_weight_kg {
            w.seg("MEA", &[&["AAX"], &["G"], &["KGM", &kg.to_string()]]);
        }
        if let Some(kg) = doc.net_weight_kg {
            w.seg("MEA", &[&["AAX"], &["N"], &["KGM", &kg.to_string()]]);
        }
        if let Some(t) = &doc.transport_ref {
            w.seg("RFF", &[&["AAS", t]]);
        }
        w.seg("RFF", &[&["DQ", &doc.delivery_note]]);
        nad(w, "BY", &doc.buyer);
        nad(w, "SE", &doc.seller);
        nad(w, "ST", &doc.ship_to);
        if let Some(u) = &doc.unloading_point {
            w.seg("LOC", &[&["11"], &[u]]);
        }
        if let Some(c) = &doc.carrier {
            nad(w, "CA", c);
        }
        let vehicle = doc.vehicle.as_deref().unwrap_or("");
        w.seg(
            "TDT",
            &[&["12"], &[], &["30"], &[], &[], &[], &[], &[vehicle]],
        );
        let write_lines = |w: &mut EWriter, pkg: Option<u32>| {
            for l in doc.lines.iter().filter(|l| l.package == pkg) {
                let no = l.line_no.to_string();
                w.seg("LIN", &[&[&no], &[], &[&l.customer_material, "IN"]]);
                if let Some(o) = &l.our_material {
                    w.seg("PIA", &[&["1"], &[o, "SA"]]);
                }
                if let Some(d) = &l.description {
                    w.seg("IMD", &[&["F"], &[], &["", "", "", d]]);
                }
                w.seg("QTY", &[&["12", &l.qty.0.to_string(), &l.unit]]);
                if let Some(c) = &l.origin_country {
                    w.seg("ALI", &[&[c]]);
                }
                if let Some(o) = &l.order_ref {
                    w.seg("RFF", &[&["ON", o, l.order_line.as_deref().unwrap_or("")]]);
                }
                if let Some(c) = &l.call_ref {
                    w.seg("RFF", &[&["AAN", c]]);
                }
                if let Some(a) = &l.supply_area {
                    w.seg("LOC", &[&["159"], &[a]]);
                }
            }
        };
        for p in &doc.packages {
            let id = p.id.to_string();
            let parent = p.parent.map(|x| x.to_string()).unwrap_or_default();
            w.seg("CPS", &[&[&id], &[&parent]]);
            let ty = p.package_type.as_deref().unwrap_or("");
            w.seg("PAC", &[&[&p.count.to_string()], &[], &[ty]]);
            if let Some(q) = p.qty_per_package {
                w.seg("QTY", &[&["52", &q.0.to_string(), "PCE"]]);
            }
            if p.label_kind.is_some() || p.reference.is_some() || !p.labels.is_empty() {
                let kind = p.label_kind.as_deref().unwrap_or("");
                w.seg("PCI", &[&["17"], &[], &[], &[kind]]);
                if let Some(r) = &p.reference {
                    w.seg("RFF", &[&["ACI", r]]);
                }
                for chunk in p.labels.chunks(5) {
                    let mut els: Vec<[&str; 1]> = vec![["ML"]];
                    for l in chunk {
                        els.push([l.as_str()]);
                    }
                    let refs: Vec<&[&str]> = els.iter().map(|e| &e[..]).collect();
                    w.seg("GIN", &refs);
                }
            }
            write_lines(w, Some(p.id));
        }
        if doc.lines.iter().any(|l| l.package.is_none()) {
            let id = doc.packages.iter().map(|p| p.id).max().unwrap_or(0) + 1;
            w.seg("CPS", &[&[&id.to_string()]]);
            write_lines(w, None);
        }
        Ok(())
    })
}

// ---------------------------------------------------------------- INVOIC

pub fn invoic(doc: &InvoiceDoc, f: &RenderFormat) -> Result<String, EdiError> {
    need("invoice_number", &doc.invoice_number)?;
    need("currency", &doc.currency)?;
    envelope_edifact(f, "INVOIC", |w| {
        let code = if doc.kind == InvoiceKind::CreditNote {
            "381"
        } else {
            "380"
        };
        w.seg("BGM", &[&[code], &[&doc.invoice_number], &["9"]]);
        dtm(w, "137", &When::day(doc.issued.day));
        if let Some(d) = doc.delivery_date {
            dtm(w, "35", &When::day(d));
        }
        if let Some(o) = &doc.order_ref {
            w.seg("RFF", &[&["ON", o]]);
        }
        if let Some(a) = &doc.asn_ref {
            w.seg("RFF", &[&["AAK", a]]);
        }
        nad(w, "SE", &doc.seller);
        if let Some(v) = &doc.seller_vat_id {
            w.seg("RFF", &[&["VA", v]]);
        }
        nad(w, "BY", &doc.buyer);
        if let Some(v) = &doc.buyer_vat_id {
            w.seg("RFF", &[&["VA", v]]);
        }
        if let Some(s) = &doc.ship_to {
            nad(w, "ST", s);
        }
        w.seg("CUX", &[&["2", &doc.currency, "4"]]);
        if let Some(d) = doc.payment_due {
            // D.07A names the payment terms segment PYT (PAT before D.01B).
            w.seg("PYT", &[&["1"]]);
            dtm(w, "13", &When::day(d));
        }
        for l in &doc.lines {
            w.seg(
                "LIN",
                &[
                    &[&l.line_no.to_string()],
                    &[],
                    &[&l.customer_material, "IN"],
                ],
            );
            if let Some(o) = &l.our_material {
                w.seg("PIA", &[&["1"], &[o, "SA"]]);
            }
            if let Some(d) = &l.description {
                w.seg("IMD", &[&["F"], &[], &["", "", "", d]]);
            }
            w.seg("QTY", &[&["47", &l.qty.0.to_string(), &l.unit]]);
            w.seg("MOA", &[&["203", &l.amount().decimal()]]);
            let (p, basis) = price_text(&l.price)?;
            let basis = basis.map(|b| b.to_string()).unwrap_or_default();
            let unit = if basis.is_empty() {
                ""
            } else {
                l.unit.as_str()
            };
            w.seg("PRI", &[&["AAA", &p, "", "", &basis, unit]]);
        }
        w.seg("UNS", &[&["S"]]);
        w.seg("CNT", &[&["2", &doc.lines.len().to_string()]]);
        w.seg("MOA", &[&["77", &doc.gross().decimal()]]);
        w.seg("MOA", &[&["79", &doc.net().decimal()]]);
        w.seg("MOA", &[&["125", &doc.net().decimal()]]);
        w.seg("MOA", &[&["176", &doc.tax().decimal()]]);
        w.seg(
            "TAX",
            &[
                &["7"],
                &["VAT"],
                &[],
                &[],
                &["", "", "", &percent(doc.vat_rate_bp)],
                &["S"],
            ],
        );
        w.seg("MOA", &[&["124", &doc.tax().decimal()]]);
        Ok(())
    })
}

// ---------------------------------------------------------------- DELJIT (synthetic input)

/// Writes a DELJIT message body (UNH…UNT) into `w`; used by [`super::synth`] and tests.
pub fn deljit_message(w: &mut EWriter, msg_ref: &str, m: &JitCallMsg) {
    w.count = 0;
    w.seg("UNH", &[&[msg_ref], &["DELJIT", "D", "04A", "UN"]]);
    let purpose = match m.header.purpose {
        Purpose::Original => "9",
        Purpose::Replace => "5",
        Purpose::Cancel => "1",
    };
    w.seg("BGM", &[&["30"], &[&m.header.document_number], &[purpose]]);
    if let Some(i) = &m.header.issued {
        dtm(w, "137", i);
    }
    for (q, p) in [
        ("BY", &m.header.buyer),
        ("SE", &m.header.seller),
        ("ST", &m.header.ship_to),
    ] {
        if let Some(p) = p {
            nad(w, q, p);
        }
    }
    for (k, c) in m.calls.iter().enumerate() {
        let seq = c
            .sequence
            .as_ref()
            .map(|s| s.sequence_no.to_string())
            .unwrap_or((k + 1).to_string());
        w.seg("SEQ", &[&[], &[&seq]]);
        if let Some(s) = &c.sequence {
            if let Some(at) = &s.at {
                dtm(w, "194", at);
            }
            if let Some(v) = &s.vehicle {
                w.seg("GIR", &[&["3"], &[v, "VV"]]);
            }
        }
        for comp in &c.components {
            w.seg("LIN", &[&[], &[], &[&comp.customer_material, "IN"]]);
            if let Some(o) = &comp.our_material {
                w.seg("PIA", &[&["1"], &[o, "SA"]]);
            }
            if let Some(u) = &comp.unloading_point {
                w.seg("LOC", &[&["11"], &[u]]);
            }
            if let Some(a) = &comp.supply_area {
                w.seg("LOC", &[&["159"], &[a]]);
            }
            if let Some(o) = &comp.order_ref {
                w.seg("RFF", &[&["ON", o]]);
            }
            w.seg("QTY", &[&["1", &comp.qty.0.to_string(), &comp.unit]]);
            w.seg("SCC", &[&["1"]]);
            dtm(w, "2", &comp.required);
        }
    }
    let n = (w.count + 1).to_string();
    w.seg("UNT", &[&[&n], &[msg_ref]]);
}

// ---------------------------------------------------------------- VDA 4913

pub fn vda4913(doc: &ShippingNoticeDoc, f: &RenderFormat) -> Result<String, EdiError> {
    let p = &f.profile;
    let mut out = String::new();
    let mut counts = [0i64; 9];
    let mut put = |r: RecordBuf, idx: usize, out: &mut String| {
        counts[idx] += 1;
        r.finish(out);
    };
    let note = doc.delivery_note.trim_ascii();
    if note.is_empty() || note.len() > 8 || !note.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EdiError::render(
            "delivery_note: 1–8 digits for VDA 4913",
            note.to_owned(),
        ));
    }
    let mut r = RecordBuf::new("711", "03");
    r.text(6, 14, &p.vda_customer_no, "customer number")?;
    r.text(15, 23, &p.vda_supplier_no, "supplier number")?;
    r.num(
        24,
        28,
        i64::from(f.previous_control_number % 100_000),
        "old transmission number",
    )?;
    r.num(
        29,
        33,
        i64::from(f.control_number % 100_000),
        "new transmission number",
    )?;
    r.text(34, 39, &f.prepared.yymmdd(), "transmission date")?;
    put(r, 0, &mut out);

    let mut r = RecordBuf::new("712", "03");
    r.text(
        6,
        13,
        doc.transport_ref.as_deref().unwrap_or(note),
        "transport reference",
    )?;
    r.text(
        17,
        30,
        doc.carrier.as_ref().map(|c| c.id.as_str()).unwrap_or(""),
        "carrier",
    )?;
    r.text(31, 36, &doc.despatched.yymmdd(), "handover date")?;
    r.text(37, 40, &doc.despatched.hhmm(), "handover time")?;
    r.num(41, 47, doc.gross_weight_kg.unwrap_or(0), "gross weight")?;
    r.num(48, 54, doc.net_weight_kg.unwrap_or(0), "net weight")?;
    let pkgs: i64 = doc.packages.iter().map(|p| i64::from(p.count)).sum();
    r.num(58, 61, pkgs.min(9999), "number of packages")?;
    if let Some(v) = &doc.vehicle {
        r.text(76, 77, "01", "means of transport key")?;
        r.text(78, 102, v, "licence plate")?;
    }
    if let Some(a) = &doc.expected_arrival {
        r.text(112, 117, &a.yymmdd(), "arrival date")?;
        r.text(118, 121, &a.hhmm(), "arrival time")?;
    }
    put(r, 1, &mut out);

    let first = doc.lines.first();
    let mut r = RecordBuf::new("713", "03");
    r.num(6, 13, note.parse().unwrap_or(0), "delivery note number")?;
    r.text(14, 19, &doc.issued.yymmdd(), "despatch date")?;
    r.text(
        20,
        24,
        doc.unloading_point.as_deref().unwrap_or(""),
        "unloading point",
    )?;
    r.text(
        31,
        42,
        first.and_then(|l| l.order_ref.as_deref()).unwrap_or(""),
        "order number",
    )?;
    r.text(49, 51, &doc.ship_to.id, "customer plant")?;
    r.text(77, 85, &doc.seller.id, "supplier id")?;
    r.text(
        86,
        99,
        first.and_then(|l| l.supply_area.as_deref()).unwrap_or(""),
        "point of use",
    )?;
    r.text(
        100,
        103,
        first.and_then(|l| l.call_ref.as_deref()).unwrap_or(""),
        "call-off number",
    )?;
    put(r, 2, &mut out);

    for l in &doc.lines {
        let mut r = RecordBuf::new("714", "03");
        r.text(6, 27, &l.customer_material, "customer part number")?;
        r.text(
            28,
            49,
            l.our_material.as_deref().unwrap_or(""),
            "supplier part number",
        )?;
        r.text(
            50,
            52,
            l.origin_country.as_deref().unwrap_or(""),
            "country of origin",
        )?;
        r.num(53, 65, l.qty.0.saturating_mul(1000), "delivery quantity")?;
        r.text(66, 67, unit_to_vda(&l.unit), "unit")?;
        r.num(87, 89, i64::from(l.line_no), "line item number")?;
        put(r, 3, &mut out);
        if let Some(pid) = l.package {
            let Some(p) = doc.packages.iter().find(|p| p.id == pid) else {
                return Err(EdiError::render(
                    format!("line {} package to exist", l.line_no),
                    pid.to_string(),
                ));
            };
            let mut r = RecordBuf::new("715", "03");
            r.text(
                6,
                27,
                p.package_type.as_deref().unwrap_or(""),
                "package type",
            )?;
            r.num(50, 62, i64::from(p.count), "number of packages")?;
            r.num(63, 65, i64::from(l.line_no), "line item number")?;
            if let Some(q) = p.qty_per_package {
                r.num(66, 78, q.0.saturating_mul(1000), "quantity per package")?;
            }
            if !p.labels.is_empty() {
                let nums: Option<Vec<u64>> = p.labels.iter().map(|x| x.parse().ok()).collect();
                let ok = nums.as_ref().is_some_and(|n| {
                    n.len() == p.count as usize
                        && n.windows(2).all(|w| w[1] == w[0] + 1)
                        && n.iter().all(|x| *x < 1_000_000_000)
                });
                let (Some(n), true) = (nums, ok) else {
                    return Err(EdiError::render(
                        "VDA 4913 labels: one run of consecutive numbers (≤ 9 digits), one per package",
                        p.labels.join(","),
                    ));
                };
                r.num(79, 87, n[0] as i64, "package number from")?;
                r.num(88, 96, n[n.len() - 1] as i64, "package number to")?;
            }
            r.text(110, 124, p.reference.as_deref().unwrap_or(""), "reference")?;
            r.text(
                125,
                125,
                p.label_kind.as_deref().unwrap_or(""),
                "label indicator",
            )?;
            put(r, 4, &mut out);
        }
    }
    counts[7] = 1;
    let mut r = RecordBuf::new("719", "03");
    for (k, col) in [6usize, 13, 20, 27, 34, 41, 48, 55, 62].iter().enumerate() {
        let c = match k {
            0..=4 => counts[k],
            7 => 1,
            _ => 0,
        };
        r.num(*col, col + 6, c, "record counter")?;
    }
    r.finish(&mut out);
    Ok(out)
}

// ---------------------------------------------------------------- X12

fn isa_gs(w: &mut XWriter, f: &RenderFormat, functional_id: &str) -> Result<(), EdiError> {
    let p = &f.profile;
    for (n, v) in [("our_id", &p.our_id), ("their_id", &p.their_id)] {
        check_value(n, v)?;
        if v.len() > 15 {
            return Err(EdiError::render(
                format!("{n}: at most 15 characters for ISA"),
                v.clone(),
            ));
        }
    }
    let ctrl = format!("{:09}", f.control_number);
    let oq = p.our_qualifier.as_deref().unwrap_or("ZZ");
    let tq = p.their_qualifier.as_deref().unwrap_or("ZZ");
    let usage = if p.test { "T" } else { "P" };
    w.seg(
        "ISA",
        &[
            "00",
            "          ",
            "00",
            "          ",
            oq,
            &pad(&p.our_id, 15),
            tq,
            &pad(&p.their_id, 15),
            &f.prepared.yymmdd(),
            &f.prepared.hhmm(),
            "U",
            "00401",
            &ctrl,
            "0",
            usage,
            ">",
        ],
    );
    let g = f.control_number.to_string();
    w.seg(
        "GS",
        &[
            functional_id,
            &p.our_id,
            &p.their_id,
            &f.prepared.ccyymmdd(),
            &f.prepared.hhmm(),
            &g,
            "X",
            "004010",
        ],
    );
    Ok(())
}

fn x12_close(w: &mut XWriter, f: &RenderFormat) {
    let n = (w.count + 1).to_string();
    w.seg("SE", &[&n, "0001"]);
    w.seg("GE", &["1", &f.control_number.to_string()]);
    w.seg("IEA", &["1", &format!("{:09}", f.control_number)]);
}

fn x12_n1(w: &mut XWriter, q: &str, p: &PartyRef) -> Result<(), EdiError> {
    check_value("party id", &p.id)?;
    let name = p.name.as_deref().unwrap_or("");
    check_value("party name", name)?;
    w.seg(
        "N1",
        &[q, name, p.qualifier.as_deref().unwrap_or("92"), &p.id],
    );
    Ok(())
}

/// Checks every text of a document for X12 separators before writing anything.
fn x12_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Result<(), EdiError> {
    for t in texts {
        check_value("text", t)?;
    }
    Ok(())
}

pub fn x856(doc: &ShippingNoticeDoc, f: &RenderFormat) -> Result<String, EdiError> {
    need("asn_number", &doc.asn_number)?;
    x12_texts(
        [doc.asn_number.as_str(), doc.delivery_note.as_str()]
            .into_iter()
            .chain(doc.transport_ref.as_deref())
            .chain(doc.vehicle.as_deref())
            .chain(doc.unloading_point.as_deref())
            .chain(doc.lines.iter().flat_map(|l| {
                [
                    Some(l.customer_material.as_str()),
                    l.our_material.as_deref(),
                    l.order_ref.as_deref(),
                    l.call_ref.as_deref(),
                    l.description.as_deref(),
                    l.supply_area.as_deref(),
                    l.order_line.as_deref(),
                ]
                .into_iter()
                .flatten()
            }))
            .chain(doc.packages.iter().flat_map(|p| {
                p.labels
                    .iter()
                    .map(|s| s.as_str())
                    .chain(p.package_type.as_deref())
                    .chain(p.reference.as_deref())
                    .chain(p.label_kind.as_deref())
            })),
    )?;
    let mut w = XWriter::new(f.newline);
    isa_gs(&mut w, f, "SH")?;
    w.count = 0;
    w.seg("ST", &["856", "0001"]);
    w.seg(
        "BSN",
        &[
            "00",
            &doc.asn_number,
            &doc.issued.ccyymmdd(),
            &doc.issued.hhmm(),
        ],
    );
    let mut hl = 1u32;
    w.seg("HL", &["1", "", "S"]);
    if let Some(kg) = doc.gross_weight_kg {
        w.seg("TD1", &["", "", "", "", "", "G", &kg.to_string(), "KG"]);
    }
    if let Some(kg) = doc.net_weight_kg {
        w.seg("TD1", &["", "", "", "", "", "N", &kg.to_string(), "KG"]);
    }
    if let Some(c) = &doc.carrier {
        x12_texts([c.id.as_str()].into_iter().chain(c.name.as_deref()))?;
        w.seg(
            "TD5",
            &[
                "B",
                c.qualifier.as_deref().unwrap_or("2"),
                &c.id,
                "",
                c.name.as_deref().unwrap_or(""),
            ],
        );
    }
    if let Some(v) = &doc.vehicle {
        w.seg("TD3", &["TL", "", v]);
    }
    if let Some(t) = &doc.transport_ref {
        w.seg("REF", &["BM", t]);
    }
    w.seg("REF", &["PK", &doc.delivery_note]);
    if let Some(u) = &doc.unloading_point {
        w.seg("REF", &["DK", u]);
    }
    w.seg(
        "DTM",
        &["011", &doc.despatched.ccyymmdd(), &doc.despatched.hhmm()],
    );
    if let Some(a) = &doc.expected_arrival {
        w.seg("DTM", &["017", &a.ccyymmdd(), &a.hhmm()]);
    }
    x12_n1(&mut w, "BY", &doc.buyer)?;
    x12_n1(&mut w, "SU", &doc.seller)?;
    x12_n1(&mut w, "ST", &doc.ship_to)?;
    let items = |w: &mut XWriter, hl: &mut u32, parent: u32, pkg: Option<u32>| {
        for l in doc.lines.iter().filter(|l| l.package == pkg) {
            *hl += 1;
            w.seg("HL", &[&hl.to_string(), &parent.to_string(), "I"]);
            let no = l.line_no.to_string();
            let mut lin: Vec<&str> = vec![&no, "BP", &l.customer_material];
            if let Some(o) = &l.our_material {
                lin.extend(["VP", o]);
            }
            if let Some(c) = &l.origin_country {
                lin.extend(["CH", c]);
            }
            w.seg("LIN", &lin);
            w.seg("SN1", &["", &l.qty.0.to_string(), unit_to_x12(&l.unit)]);
            if l.order_ref.is_some() || l.call_ref.is_some() {
                w.seg(
                    "PRF",
                    &[
                        l.order_ref.as_deref().unwrap_or(""),
                        l.call_ref.as_deref().unwrap_or(""),
                    ],
                );
            }
            if let Some(d) = &l.description {
                w.seg("PID", &["F", "", "", "", d]);
            }
            if let Some(o) = &l.order_line {
                w.seg("REF", &["LI", o]);
            }
            if let Some(a) = &l.supply_area {
                w.seg("REF", &["LF", a]);
            }
        }
    };
    items(&mut w, &mut hl, 1, None);
    let mut hl_of: Vec<(u32, u32)> = Vec::new();
    for p in &doc.packages {
        hl += 1;
        let me = hl;
        hl_of.push((p.id, me));
        let parent = match p.parent {
            Some(pid) => hl_of
                .iter()
                .find(|(id, _)| *id == pid)
                .map(|(_, h)| *h)
                .ok_or_else(|| {
                    EdiError::render(
                        format!("package {} parent listed before it", p.id),
                        pid.to_string(),
                    )
                })?,
            None => 1,
        };
        w.seg("HL", &[&me.to_string(), &parent.to_string(), "P"]);
        if let Some(q) = p.qty_per_package {
            w.seg("PO4", &[&q.0.to_string()]);
        }
        // TD101 is a 5-character packaging code; the customer's package number goes in PKG05.
        if let Some(t) = &p.package_type {
            w.seg("PKG", &["F", "", "", "", t]);
        }
        w.seg("TD1", &["", &p.count.to_string()]);
        if let Some(r) = &p.reference {
            w.seg("REF", &["LT", r]);
        }
        if let Some(k) = &p.label_kind {
            w.seg("REF", &["ZZ", k]);
        }
        for l in &p.labels {
            w.seg("MAN", &["GM", l]);
        }
        items(&mut w, &mut hl, me, Some(p.id));
    }
    w.seg("CTT", &[&hl.to_string()]);
    x12_close(&mut w, f);
    Ok(w.out)
}

pub fn x810(doc: &InvoiceDoc, f: &RenderFormat) -> Result<String, EdiError> {
    need("invoice_number", &doc.invoice_number)?;
    x12_texts(
        [doc.invoice_number.as_str(), doc.currency.as_str()]
            .into_iter()
            .chain(doc.order_ref.as_deref())
            .chain(doc.asn_ref.as_deref())
            .chain(doc.seller_vat_id.as_deref())
            .chain(doc.buyer_vat_id.as_deref())
            .chain(doc.lines.iter().flat_map(|l| {
                [
                    Some(l.customer_material.as_str()),
                    l.our_material.as_deref(),
                    l.description.as_deref(),
                ]
                .into_iter()
                .flatten()
            })),
    )?;
    let mut w = XWriter::new(f.newline);
    isa_gs(&mut w, f, "IN")?;
    w.count = 0;
    w.seg("ST", &["810", "0001"]);
    let tt = if doc.kind == InvoiceKind::CreditNote {
        "CR"
    } else {
        "DI"
    };
    w.seg(
        "BIG",
        &[
            &doc.issued.ccyymmdd(),
            &doc.invoice_number,
            "",
            doc.order_ref.as_deref().unwrap_or(""),
            "",
            "",
            tt,
        ],
    );
    w.seg("CUR", &["SE", &doc.currency]);
    if let Some(a) = &doc.asn_ref {
        w.seg("REF", &["SI", a]);
    }
    x12_n1(&mut w, "SE", &doc.seller)?;
    if let Some(v) = &doc.seller_vat_id {
        w.seg("REF", &["VX", v]);
    }
    x12_n1(&mut w, "BY", &doc.buyer)?;
    if let Some(v) = &doc.buyer_vat_id {
        w.seg("REF", &["VX", v]);
    }
    if let Some(s) = &doc.ship_to {
        x12_n1(&mut w, "ST", s)?;
    }
    if let Some(d) = doc.payment_due {
        w.seg("ITD", &["01", "3", "", "", "", &When::day(d).ccyymmdd()]);
    }
    if let Some(d) = doc.delivery_date {
        w.seg("DTM", &["011", &When::day(d).ccyymmdd()]);
    }
    for l in &doc.lines {
        let (p, basis) = price_text(&l.price)?;
        let code = match basis {
            None => "PE",
            Some(100) => "HP",
            Some(1000) => "TP",
            Some(b) => {
                return Err(EdiError::render(
                    "X12 price basis each, per hundred or per thousand",
                    b.to_string(),
                ));
            }
        };
        let p = if basis.is_some() {
            // HP/TP: the price is per 100/1000 units, i.e. cents / 100 with basis applied.
            Money(l.price.cents).decimal()
        } else {
            p
        };
        let no = l.line_no.to_string();
        let mut it1: Vec<&str> = vec![&no];
        let q = l.qty.0.to_string();
        it1.extend([
            q.as_str(),
            unit_to_x12(&l.unit),
            &p,
            code,
            "BP",
            &l.customer_material,
        ]);
        if let Some(o) = &l.our_material {
            it1.extend(["VP", o]);
        }
        w.seg("IT1", &it1);
        if let Some(d) = &l.description {
            w.seg("PID", &["F", "", "", "", d]);
        }
    }
    w.seg("TDS", &[&doc.gross().0.to_string()]);
    w.seg(
        "TXI",
        &["VA", &doc.tax().decimal(), &percent(doc.vat_rate_bp)],
    );
    w.seg("CTT", &[&doc.lines.len().to_string()]);
    x12_close(&mut w, f);
    Ok(w.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_exact_decimals() {
        assert_eq!(
            price_text(&Price {
                cents: 1234,
                per: 1
            })
            .unwrap(),
            ("12.34".into(), None)
        );
        assert_eq!(
            price_text(&Price {
                cents: 1234,
                per: 100
            })
            .unwrap(),
            ("0.1234".into(), None)
        );
        assert_eq!(
            price_text(&Price { cents: 100, per: 3 }).unwrap(),
            ("1".into(), Some(3))
        );
        assert_eq!(percent(1900), "19");
        assert_eq!(percent(750), "7.5");
    }
}
