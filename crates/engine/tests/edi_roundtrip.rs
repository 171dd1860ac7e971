//! What we write we read back to the same data, for every outbound format; plus the inbound
//! formats we can build by hand. If TAKT_EDI_OUT is set, every rendered outbound message is
//! also written there (for the independent validator, see docs/edi.md).

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use takt_engine::edi::synth::{self, render_format};
use takt_engine::edi::*;
use takt_engine::{Day, Qty};

fn out(name: &str, text: &str) {
    if let Ok(dir) = std::env::var("TAKT_EDI_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/{name}"), text).unwrap();
    }
}

fn notice_back(text: &str) -> ShippingNoticeDoc {
    let p = parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let [InboundDoc::ShippingNotice(m)] = &p.documents[..] else {
        panic!("one notice")
    };
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    m.notice.clone()
}

fn invoice_back(text: &str) -> InvoiceDoc {
    let p = parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let [InboundDoc::Invoice(m)] = &p.documents[..] else {
        panic!("one invoice")
    };
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    m.invoice.clone()
}

#[test]
fn desadv_round_trips_for_many_seeds() {
    for seed in 1..=20u64 {
        let doc = synth::shipping_notice(seed);
        let f = render_format(AsnFormat::Desadv, InvoiceFormat::Invoic, 1000 + seed as u32);
        let text = render(&OutboundDoc::ShippingNotice(doc.clone()), &f).unwrap();
        if seed <= 3 {
            out(&format!("desadv_{seed}.edi"), &text);
        }
        let back = notice_back(&text);
        // DESADV carries party qualifiers; the writer fills the default agency 92.
        let mut expected = doc.clone();
        for p in [
            &mut expected.buyer,
            &mut expected.seller,
            &mut expected.ship_to,
        ] {
            p.qualifier = Some("92".into());
        }
        if let Some(c) = expected.carrier.as_mut() {
            c.qualifier = Some("92".into());
        }
        assert_eq!(back, expected, "seed {seed}\n{text}");
    }
}

#[test]
fn desadv_with_nested_and_unpacked_lines_round_trips() {
    let mut doc = synth::shipping_notice(7);
    doc.packages.push(Package {
        id: 50,
        parent: None,
        count: 1,
        package_type: Some("PALLET".into()),
        qty_per_package: None,
        label_kind: Some("M".into()),
        labels: vec!["MASTER?+:'1".into()],
        reference: Some("LOT 1".into()),
    });
    doc.packages[0].parent = Some(50);
    doc.lines[0].description = Some("BRACKET + NUT: 'M8'".into());
    doc.lines[0].order_line = Some("00010".into());
    doc.lines[0].origin_country = Some("DE".into());
    doc.lines.push(ShipLine {
        package: None,
        line_no: 99,
        ..doc.lines[0].clone()
    });
    let f = render_format(AsnFormat::Desadv, InvoiceFormat::Invoic, 77);
    let text = render(&OutboundDoc::ShippingNotice(doc.clone()), &f).unwrap();
    out("desadv_nested.edi", &text);
    let back = notice_back(&text);
    assert_eq!(back.packages, doc.packages);
    assert_eq!(back.lines, doc.lines, "{text}");
}

#[test]
fn x12_856_round_trips() {
    for seed in 1..=20u64 {
        let doc = synth::shipping_notice(seed);
        let f = render_format(
            AsnFormat::X12_856,
            InvoiceFormat::X12_810,
            2000 + seed as u32,
        );
        let text = render(&OutboundDoc::ShippingNotice(doc.clone()), &f).unwrap();
        if seed <= 3 {
            out(&format!("x12_856_{seed}.edi"), &text);
        }
        let back = notice_back(&text);
        let mut expected = doc.clone();
        for p in [
            &mut expected.buyer,
            &mut expected.seller,
            &mut expected.ship_to,
        ] {
            p.qualifier = Some("92".into());
        }
        if let Some(c) = expected.carrier.as_mut() {
            c.qualifier = Some("2".into());
        }
        // BSN04 (time) is mandatory: a notice without a time is sent at 00:00.
        expected.issued.minute.get_or_insert(0);
        assert_eq!(back, expected, "seed {seed}\n{text}");
    }
}

#[test]
fn vda4913_round_trips() {
    for seed in 1..=20u64 {
        let mut doc = synth::shipping_notice(seed);
        // VDA 4913 delivery notes are numeric, 8 digits; one order/call/point of use per note.
        doc.delivery_note = format!("{:08}", 21_910 + seed);
        doc.asn_number = doc.delivery_note.clone();
        let f = render_format(AsnFormat::Vda4913, InvoiceFormat::Invoic, 3 + seed as u32);
        let text = render(&OutboundDoc::ShippingNotice(doc.clone()), &f).unwrap();
        assert!(text.lines().all(|l| l.len() == 128), "{text}");
        if seed <= 3 {
            out(&format!("vda4913_{seed}.txt"), &text);
        }
        let back = notice_back(&text);
        let mut expected = doc.clone();
        expected.buyer.id = f.profile.vda_customer_no.clone();
        assert_eq!(back, expected, "seed {seed}\n{text}");
    }
}

#[test]
fn invoic_and_810_round_trip() {
    for seed in 1..=20u64 {
        let doc = synth::invoice(seed);
        for (fmt, name) in [
            (InvoiceFormat::Invoic, "invoic"),
            (InvoiceFormat::X12_810, "x12_810"),
        ] {
            let f = render_format(AsnFormat::Desadv, fmt, 4000 + seed as u32);
            let text = render(&OutboundDoc::Invoice(doc.clone()), &f).unwrap();
            if seed <= 3 {
                out(&format!("{name}_{seed}.edi"), &text);
            }
            let back = invoice_back(&text);
            assert_eq!(back, doc, "{name} seed {seed}\n{text}");
            assert_eq!(back.gross(), doc.gross());
        }
    }
}

#[test]
fn invoice_totals_are_exact() {
    let mut doc = synth::invoice(1);
    doc.lines.truncate(1);
    doc.lines[0].qty = Qty(3);
    doc.lines[0].price = Price {
        cents: 1234,
        per: 100,
    }; // 0.1234 per piece
    doc.vat_rate_bp = 1900;
    assert_eq!(doc.net(), Money(37)); // 0.3702 → 0.37
    assert_eq!(doc.tax(), Money(7)); // 0.0703 → 0.07
    assert_eq!(doc.gross().decimal(), "0.44");
    let f = render_format(AsnFormat::Desadv, InvoiceFormat::Invoic, 1);
    let text = render(&OutboundDoc::Invoice(doc), &f).unwrap();
    assert!(text.contains("PRI+AAA:0.1234'"), "{text}");
    assert!(text.contains("MOA+77:0.44'"), "{text}");
}

#[test]
fn deljit_round_trips_sequenced_and_summarized() {
    let (text, n) = synth::deljit_interchange(42, 20_000);
    out("deljit_synth.edi", &text);
    let p = parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.documents.len(), n);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let mut rng = synth::Rng::new(42);
    let base = Day::ymd(2026, 11, 23).unwrap();
    for (k, d) in p.documents.iter().enumerate() {
        let InboundDoc::JitCall(got) = d else {
            panic!("jit call")
        };
        let mut want = synth::jit_call(&mut rng, 100_001 + k as u64, base);
        want.header.message_ref = (k + 1).to_string();
        assert_eq!(got, &want, "message {}", k + 1);
    }
    assert!(
        p.documents
            .iter()
            .any(|d| matches!(d, InboundDoc::JitCall(j) if j.kind == CallKind::Summarized))
    );
    assert!(
        p.documents
            .iter()
            .any(|d| matches!(d, InboundDoc::JitCall(j) if j.kind == CallKind::Sequenced))
    );
}

#[test]
fn repeated_interchange_is_recognised() {
    let (text, _) = synth::deljit_interchange(1, 500);
    let p = parse(text.as_bytes()).unwrap();
    let mut seen = BTreeSet::new();
    assert!(check_duplicate(&p.envelope, &seen).is_ok());
    seen.insert(interchange_key(&p.envelope));
    let e = check_duplicate(&p.envelope, &seen).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Duplicate);
    assert!(e.to_string().contains("4711"), "{e}");
    // Same reference from another sender is a different interchange.
    let other = EnvelopeInfo {
        sender: "OTHER".into(),
        ..p.envelope.clone()
    };
    assert!(check_duplicate(&other, &seen).is_ok());
}

#[test]
fn render_refuses_what_the_format_cannot_carry() {
    let mut doc = synth::shipping_notice(3);
    doc.delivery_note = "DN-1".into();
    let f = render_format(AsnFormat::Vda4913, InvoiceFormat::Invoic, 1);
    let e = render(&OutboundDoc::ShippingNotice(doc.clone()), &f).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Render);
    assert!(e.to_string().contains("delivery_note"), "{e}");
    doc.asn_number = "A*B".into();
    let f = render_format(AsnFormat::X12_856, InvoiceFormat::X12_810, 1);
    let e = render(&OutboundDoc::ShippingNotice(doc), &f).unwrap_err();
    assert!(e.to_string().contains("X12 separators"), "{e}");
}

/// The text fields of JIT calls are inline strings now (`edi::Text`): their JSON (the batch
/// CLI's output, the browser import's input) must stay plain strings, field for field.
#[test]
fn jit_call_json_keeps_plain_string_fields() {
    let json = r#"{"call_number":"4711-1","sequence":{"sequence_no":"1","vehicle":"WVWZZZ1KZ00000001-LONGER-THAN-24","at":"2026-11-23T08:30"},"plant":"P3","components":[{"customer_material":"A1","our_material":"M-1","qty":2,"unit":"PCE","required":"2026-11-23T08:30","supply_area":"L1","unloading_point":"D1","order_ref":"55","call_ref":null,"description":null}],"cum_received":null,"last_delivery":null}"#;
    let call: JitCall = serde_json::from_str(json).unwrap();
    assert_eq!(call.components[0].customer_material, "A1");
    assert_eq!(serde_json::to_string(&call).unwrap(), json);
}
