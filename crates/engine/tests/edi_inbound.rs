//! Inbound formats without a public sample (DELFOR, INVRPT, sequenced DELJIT, X12 830/846/866,
//! VDA 4915/4916) read from hand-made messages; bad input names its position; random bytes never
//! panic.

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use takt_engine::edi::*;
use takt_engine::{Day, Qty};

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::ymd(y, m, d).unwrap()
}

fn one(text: &str) -> (InboundDoc, Vec<EdiWarning>) {
    let p = parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.documents.len(), 1);
    (p.documents.into_iter().next().unwrap(), p.warnings)
}

fn vda(records: &[String]) -> String {
    records.iter().map(|r| format!("{r:<128}\n")).collect()
}

const DELJIT_SEQ: &str = "UNA:+.? '
UNB+UNOC:3+OEM:ZZ+SUP:ZZ+261122:0600+77'
UNH+1+DELJIT:D:04A:UN'
BGM+30+CALL9+9'
DTM+137:202611220600:203'
NAD+BY+OEM01::92'
NAD+SE+SUP77::92'
SEQ++1001'
DTM+194:202611230815:203'
GIR+3+WVWZZZ1KZAW000001:VV'
LOC+11+D4'
LIN+++A100:IN'
PIA+1+M-100:SA'
LOC+159+L07'
QTY+1:1:PCE'
SCC+1'
DTM+2:202611230800:203'
FTX+AAI+++free text?: skipped'
SEQ++1002'
GIR+3+WVWZZZ1KZAW000002:VV'
LIN+++A200:IN'
QTY+1:2:PCE'
DTM+2:202611230830:203'
UNT+22+1'
UNZ+1+77'
";

#[test]
fn sequenced_deljit_reads_vehicles_in_sequence() {
    let (d, w) = one(DELJIT_SEQ);
    let InboundDoc::JitCall(j) = d else { panic!() };
    assert_eq!(j.kind, CallKind::Sequenced);
    assert_eq!(j.header.document_number, "CALL9");
    let seq: Vec<(&str, Option<&str>, &str)> = j
        .calls
        .iter()
        .map(|c| {
            let s = c.sequence.as_ref().unwrap();
            (
                c.call_number.as_str(),
                s.vehicle.as_deref(),
                s.sequence_no.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seq,
        [
            ("CALL9-1001", Some("WVWZZZ1KZAW000001"), "1001"),
            ("CALL9-1002", Some("WVWZZZ1KZAW000002"), "1002")
        ]
    );
    assert_eq!(
        j.calls[0].sequence.as_ref().unwrap().at,
        Some(When::at(day(2026, 11, 23), 8, 15))
    );
    let c = &j.calls[0].components[0];
    assert_eq!(
        (
            c.customer_material.as_str(),
            c.our_material.as_deref(),
            c.qty
        ),
        ("A100", Some("M-100"), Qty(1))
    );
    assert_eq!(c.required, When::at(day(2026, 11, 23), 8, 0));
    assert_eq!(
        (c.unloading_point.as_deref(), c.supply_area.as_deref()),
        (Some("D4"), Some("L07"))
    );
    assert_eq!(j.calls[1].components[0].qty, Qty(2));
    // The unknown optional FTX is skipped with a warning that names it.
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].line, w[0].tag.as_str()), (18, "FTX"));
}

#[test]
fn delfor_reads_firm_and_forecast_periods() {
    let t = "UNB+UNOC:3+OEM+SUP+20261122:0600+5'UNH+1+DELFOR:D:04A:UN'BGM+241+LAB-7+5'DTM+137:20261122:102'NAD+BY+OEM01::92'NAD+SE+SUP77::92'NAD+ST+P3::92'LIN+++A100:IN'PIA+1+M-100:SA'LOC+11+D4'RFF+ON:4500001'QTY+70:12000:PCE'QTY+48:300:PCE'RFF+AAK:LS881'DTM+11:20261120:102'QTY+1:100:PCE'SCC+1'DTM+2:20261124:102'QTY+1:500:PCE'SCC+4'DTM+2:202649:616'QTY+1:900:PCE'SCC+4'DTM+158:20261201:102'DTM+159:20261231:102'UNT+25+1'UNZ+1+5'";
    let (d, _) = one(t);
    let InboundDoc::Forecast(f) = d else { panic!() };
    assert_eq!(f.header.purpose, Purpose::Replace);
    let s = &f.schedules[0];
    assert_eq!(
        (s.customer_material.as_str(), s.our_material.as_deref()),
        ("A100", Some("M-100"))
    );
    assert_eq!(
        (s.plant.as_deref(), s.unloading_point.as_deref()),
        (Some("P3"), Some("D4"))
    );
    assert_eq!(s.order_ref.as_deref(), Some("4500001"));
    assert_eq!(s.cum_received, Some(Qty(12000)));
    assert_eq!(
        s.last_delivery,
        Some(LastDelivery {
            delivery_note: "LS881".into(),
            date: Some(day(2026, 11, 20)),
            qty: Qty(300)
        })
    );
    let lines: Vec<(Period, Day, Day, i64, bool)> = s
        .lines
        .iter()
        .map(|l| (l.period, l.from, l.to, l.qty.0, l.firm))
        .collect();
    assert_eq!(
        lines,
        [
            (Period::Day, day(2026, 11, 24), day(2026, 11, 24), 100, true),
            (
                Period::Week,
                day(2026, 11, 30),
                day(2026, 12, 6),
                500,
                false
            ),
            (
                Period::Range,
                day(2026, 12, 1),
                day(2026, 12, 31),
                900,
                false
            ),
        ]
    );
}

#[test]
fn invrpt_and_846_read_customer_stock() {
    let t = "UNB+UNOC:3+OEM+SUP+261122:0600+6'UNH+1+INVRPT:D:96A:UN'BGM+35+INV-1+9'DTM+137:20261122:102'DTM+366:202611220500:203'NAD+BY+OEM01::92'LIN+++A100:IN'PIA+1+M-100:SA'LOC+18+WH1'QTY+145:340:PCE'LIN+++A200:IN'QTY+145:0:PCE'UNT+12+1'UNZ+1+6'";
    let (d, _) = one(t);
    let InboundDoc::StockReport(r) = d else {
        panic!()
    };
    assert_eq!(r.as_of, Some(When::at(day(2026, 11, 22), 5, 0)));
    let l: Vec<(&str, Option<&str>, i64)> = r
        .lines
        .iter()
        .map(|l| {
            (
                l.customer_material.as_str(),
                l.location.as_deref(),
                l.on_hand.0,
            )
        })
        .collect();
    assert_eq!(l, [("A100", Some("WH1"), 340), ("A200", None, 0)]);

    let x = "ISA*00*          *00*          *ZZ*OEM            *ZZ*SUP            *261122*0600*U*00401*000000012*0*P*>~GS*IB*OEM*SUP*20261122*0600*12*X*004010~ST*846*0001~BIA*00*SI*INV-2*20261122*0500~LIN*1*BP*A100*VP*M-100~QTY*17*340*EA~N1*WH**92*WH1~SE*6*0001~GE*1*12~IEA*1*000000012~";
    let (d, w) = one(x);
    let InboundDoc::StockReport(r) = d else {
        panic!()
    };
    assert!(w.is_empty(), "{w:?}");
    let s = &r.lines[0];
    assert_eq!(
        (
            s.customer_material.as_str(),
            s.our_material.as_deref(),
            s.on_hand,
            s.unit.as_str()
        ),
        ("A100", Some("M-100"), Qty(340), "PCE")
    );
    assert_eq!(s.location.as_deref(), Some("WH1"));
    assert_eq!(r.header.document_number, "INV-2");
}

#[test]
fn x12_830_and_866_read() {
    let t = "ISA*00*          *00*          *ZZ*OEM            *ZZ*SUP            *261122*0600*U*00401*000000013*0*P*>~GS*PS*OEM*SUP*20261122*0600*13*X*004010~ST*830*0001~BFR*00*SCH-1**DL*A*20261123*20270331*20261122~N1*ST**92*P3~LIN**BP*A100*VP*M-100~UIT*EA~ATH*FI*20261213*5000~FST*100*C*D*20261124~FST*400*D*W*20261130~SHP*02*12000*011*20261120~SE*10*0001~GE*1*13~IEA*1*000000013~";
    let (d, _) = one(t);
    let InboundDoc::Forecast(f) = d else { panic!() };
    let s = &f.schedules[0];
    assert_eq!(f.header.document_number, "SCH-1");
    assert_eq!(s.plant.as_deref(), Some("P3"));
    assert_eq!(
        s.production_release,
        Some(Release {
            until: day(2026, 12, 13),
            cum_qty: Qty(5000)
        })
    );
    assert_eq!(s.cum_received, Some(Qty(12000)));
    assert_eq!(
        s.lines[0],
        ForecastLine {
            period: Period::Day,
            from: day(2026, 11, 24),
            to: day(2026, 11, 24),
            qty: Qty(100),
            firm: true
        }
    );
    assert_eq!(
        s.lines[1],
        ForecastLine {
            period: Period::Week,
            from: day(2026, 11, 30),
            to: day(2026, 12, 6),
            qty: Qty(400),
            firm: false
        }
    );

    let t = "ISA*00*          *00*          *ZZ*OEM            *ZZ*SUP            *261122*0600*U*00401*000000014*0*P*>~GS*SS*OEM*SUP*20261122*0600*14*X*004010~ST*866*0001~BSS*00*SEQ-5*20261122*SQ*20261123*20261123~DTM*118*20261123*0815~REF*JS*1001~REF*VT*WVWZZZ1KZAW000001~LIN**BP*A100~QTY*38*1*EA~DTM*118*20261123*0816~REF*JS*1002~LIN**BP*A200~QTY*38*2*EA~SE*12*0001~GE*1*14~IEA*1*000000014~";
    let (d, _) = one(t);
    let InboundDoc::JitCall(j) = d else { panic!() };
    assert_eq!(j.kind, CallKind::Sequenced);
    assert_eq!(j.calls.len(), 2);
    let s0 = j.calls[0].sequence.as_ref().unwrap();
    assert_eq!(
        (s0.sequence_no.as_str(), s0.vehicle.as_deref()),
        ("1001", Some("WVWZZZ1KZAW000001"))
    );
    assert_eq!(j.calls[1].call_number, "SEQ-5-1002");
    assert_eq!(
        j.calls[1].components[0].required,
        When::at(day(2026, 11, 23), 8, 16)
    );
    assert_eq!(j.calls[1].components[0].qty, Qty(2));
}

#[test]
fn vda4915_and_4916_read() {
    let h = |rt: &str| format!("{rt}02OEM01    SUP77    0000400005261122");
    let t = vda(&[
        h("551"),
        format!(
            "55202003{:<9}261122{:<22}{:<22}{:<12}{:<5}ST{:<14}",
            "FAB12", "A100", "M-100", "4500001", "D4", "L07"
        ),
        format!("55302{}{}", "2611230800000000100", "2611231400000000250"),
        "55902".to_owned() + &"0000001".repeat(4),
    ]);
    let (d, w) = one(&t);
    assert!(w.is_empty(), "{w:?}");
    let InboundDoc::JitCall(j) = d else { panic!() };
    assert_eq!(
        (j.kind, j.header.message_type.as_str()),
        (CallKind::Summarized, "VDA4915")
    );
    let c = &j.calls[0];
    assert_eq!(
        (c.call_number.as_str(), c.plant.as_deref()),
        ("FAB12", Some("003"))
    );
    let comps: Vec<(When, i64)> = c.components.iter().map(|c| (c.required, c.qty.0)).collect();
    assert_eq!(
        comps,
        [
            (When::at(day(2026, 11, 23), 8, 0), 100),
            (When::at(day(2026, 11, 23), 14, 0), 250)
        ]
    );
    let c0 = &c.components[0];
    assert_eq!(
        (
            c0.customer_material.as_str(),
            c0.our_material.as_deref(),
            c0.unit.as_str()
        ),
        ("A100", Some("M-100"), "PCE")
    );
    assert_eq!(
        (
            c0.order_ref.as_deref(),
            c0.unloading_point.as_deref(),
            c0.supply_area.as_deref()
        ),
        (Some("4500001"), Some("D4"), Some("L07"))
    );

    let t = vda(&[
        h("561"),
        format!(
            "56202003{:<9}2611230815{:<10}{:<20}{:<5}{:<14}",
            "PAB7", "1001", "WVWZZZ1KZAW000001", "D4", "L07"
        ),
        format!("56302{:<22}{:<22}000000001ST2611230800", "A100", "M-100"),
        format!("56302{:<22}{:<22}000000002ST", "A200", ""),
        "56902".to_owned() + "0000001" + "0000001" + "0000002" + "0000001",
    ]);
    let (d, w) = one(&t);
    assert!(w.is_empty(), "{w:?}");
    let InboundDoc::JitCall(j) = d else { panic!() };
    assert_eq!(j.kind, CallKind::Sequenced);
    let c = &j.calls[0];
    let s = c.sequence.as_ref().unwrap();
    assert_eq!(
        (
            c.call_number.as_str(),
            s.sequence_no.as_str(),
            s.vehicle.as_deref()
        ),
        ("PAB7-1001", "1001", Some("WVWZZZ1KZAW000001"))
    );
    assert_eq!(c.components[0].required, When::at(day(2026, 11, 23), 8, 0));
    // Without its own date a component is due when the vehicle is.
    assert_eq!(c.components[1].required, When::at(day(2026, 11, 23), 8, 15));
    assert_eq!(c.components[1].qty, Qty(2));
}

// ---------------------------------------------------------------- bad input

fn err(text: &str) -> EdiError {
    parse(text.as_bytes()).unwrap_err()
}

#[test]
fn bad_quantity_names_line_segment_element_and_expectation() {
    let t = DELJIT_SEQ.replace("QTY+1:2:PCE", "QTY+1:2x:PCE");
    let e = err(&t);
    assert_eq!(
        (
            e.kind,
            e.line,
            e.segment,
            e.tag.as_str(),
            e.element,
            e.component
        ),
        (ErrorKind::Content, 22, 22, "QTY", 1, 2)
    );
    assert_eq!(
        e.to_string(),
        "line 22, segment 22, QTY element 1.2: expected quantity (6060) (whole number), found \"2x\""
    );
}

#[test]
fn envelope_errors_reject_the_whole_interchange() {
    let e = err(&DELJIT_SEQ.replace("UNT+22+1", "UNT+20+1"));
    assert_eq!(
        (e.kind, e.tag.as_str(), e.element, e.line),
        (ErrorKind::Envelope, "UNT", 1, 24)
    );
    assert!(e.expected.contains("22"), "{e}");
    let e = err(&DELJIT_SEQ.replace("UNZ+1+77", "UNZ+1+78"));
    assert_eq!((e.tag.as_str(), e.element), ("UNZ", 2));
    let e = err(&DELJIT_SEQ.replace("UNZ+1+77'\n", ""));
    assert!(e.expected.contains("UNZ"), "{e}");
    let e = err(&DELJIT_SEQ.replace("DTM+2:202611230830:203", "DTM+2:202613300830:203"));
    assert_eq!((e.tag.as_str(), e.element, e.component), ("DTM", 1, 2));
    // A QTY without its date is not a requirement we could plan.
    let e = err(&DELJIT_SEQ
        .replace("DTM+2:202611230830:203'\n", "")
        .replace("UNT+22+1", "UNT+21+1"));
    assert_eq!((e.tag.as_str(), e.line), ("QTY", 22));
}

#[test]
fn x12_and_vda_errors_name_positions() {
    let x = "ISA*00*          *00*          *ZZ*OEM            *ZZ*SUP            *261122*0600*U*00401*000000012*0*P*>~\nGS*IB*OEM*SUP*20261122*0600*12*X*004010~\nST*846*0001~\nBIA*00*SI*INV-2*20261122~\nLIN*1*BP*A100~\nQTY*17*3.5*EA~\nSE*5*0001~\nGE*1*12~\nIEA*1*000000012~\n";
    let e = err(x);
    assert_eq!((e.line, e.tag.as_str(), e.element), (6, "QTY", 2));
    let e = err(&x.replace("IEA*1*000000012", "IEA*1*000000013"));
    assert_eq!(
        (e.line, e.tag.as_str(), e.element, e.kind),
        (9, "IEA", 2, ErrorKind::Envelope)
    );
    let v = vda(&[
        "55102OEM01    SUP77    0000400005261122".to_owned(),
        format!("55202003{:<9}261122{:<22}", "FAB12", "A100"),
        "55302261123080000000X100".to_owned(),
        "55902".to_owned() + &"0000001".repeat(4),
    ]);
    let e = err(&v);
    assert_eq!(
        (e.line, e.segment, e.tag.as_str(), e.element),
        (3, 3, "553", 16)
    );
    assert!(e.to_string().contains("call-off quantity"), "{e}");
}

#[test]
fn unknown_standard_and_message_are_refused() {
    assert_eq!(err("hello").kind, ErrorKind::Unsupported);
    let t = "UNB+UNOC:3+A+B+261122:0600+1'UNH+1+ORDERS:D:96A:UN'BGM+220+1'UNT+3+1'UNZ+1+1'";
    let e = err(t);
    assert_eq!(
        (e.kind, e.tag.as_str(), e.element),
        (ErrorKind::Unsupported, "UNH", 2)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse(&bytes);
    }

    #[test]
    fn mutated_messages_never_panic(cut in 0usize..800, byte in any::<u8>(), which in 0usize..3) {
        let (base, _) = takt_engine::edi::synth::deljit_interchange(3, 600);
        let x12 = "ISA*00*          *00*          *ZZ*OEM            *ZZ*SUP            *261122*0600*U*00401*000000012*0*P*>~GS*IB*OEM*SUP*20261122*0600*12*X*004010~ST*846*0001~BIA*00*SI*INV-2*20261122~LIN*1*BP*A100~QTY*17*3*EA~SE*5*0001~GE*1*12~IEA*1*000000012~".to_owned();
        let v = vda(&["55102OEM01    SUP77    0000400005261122".to_owned(), format!("55202003{:<9}261122{:<22}", "F", "A"), "5590200000010000001000000000000001".to_owned()]);
        let mut b = [base, x12, v][which].clone().into_bytes();
        let i = cut % b.len().max(1);
        if i < b.len() { b[i] = byte; }
        let _ = parse(&b);
        b.truncate(i);
        let _ = parse(&b);
    }
}

/// A date value with a two-byte character where the date and time meet used to be sliced
/// inside the character: it must be refused as a bad date, not panic.
#[test]
fn a_date_with_a_multibyte_character_is_refused() {
    let t = DELJIT_SEQ.replace("DTM+2:202611230830:203", "DTM+2:2026112\u{e9}830:203");
    let e = err(&t);
    assert_eq!((e.tag.as_str(), e.element, e.component), ("DTM", 1, 2));
}
