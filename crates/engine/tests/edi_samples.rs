//! The public sample messages (copied byte for byte from shared/edi-samples) read field by field.
//! If TAKT_EDI_SAMPLES is set, the same-named files are read from that directory instead.

#![allow(clippy::unwrap_used)]

use takt_engine::Day;
use takt_engine::Qty;
use takt_engine::edi::*;

fn sample(name: &str) -> Vec<u8> {
    let dir = std::env::var("TAKT_EDI_SAMPLES")
        .unwrap_or_else(|_| format!("{}/tests/data/edi", env!("CARGO_MANIFEST_DIR")));
    std::fs::read(format!("{dir}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::ymd(y, m, d).unwrap()
}

#[test]
fn edifact_desadv_sample_reads_packages_labels_and_lines() {
    let p = parse(&sample("edifact_desadv_d07a.edi")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.envelope.standard, Standard::Edifact);
    assert_eq!(p.envelope.control_ref, "000000128");
    assert_eq!(p.envelope.sender, "");
    assert_eq!(
        p.envelope.prepared,
        Some(When::at(day(2018, 1, 23), 11, 27))
    );
    assert_eq!(p.documents.len(), 2);
    for d in &p.documents {
        let InboundDoc::ShippingNotice(m) = d else {
            panic!("expected a shipping notice")
        };
        assert_eq!(m.header.message_ref, "2266");
        assert_eq!(m.header.version, "D:07A:UN:GMI021");
        let n = &m.notice;
        assert_eq!(n.asn_number, "20171229");
        assert_eq!(n.issued, When::at(day(2018, 1, 9), 10, 27));
        assert_eq!(n.despatched, When::at(day(2018, 1, 24), 10, 27));
        assert_eq!(n.expected_arrival, Some(When::day(day(2018, 1, 16))));
        assert_eq!(n.transport_ref.as_deref(), Some("0011418"));
        assert_eq!(
            (n.buyer.id.as_str(), n.buyer.qualifier.as_deref()),
            ("104", Some("91"))
        );
        assert_eq!(n.seller.id, "0048202147");
        assert_eq!(n.ship_to.id, "3630");
        assert_eq!(n.unloading_point.as_deref(), Some("3630"));
        assert_eq!(n.carrier.as_ref().map(|c| c.id.as_str()), Some("1"));
        // Eight CPS levels: two masters (M) with lot labels, six single-label packages.
        let ids: Vec<u32> = n.packages.iter().map(|p| p.id).collect();
        assert_eq!(ids, [1, 2, 3, 4, 5, 6, 7, 8]);
        let p1 = &n.packages[0];
        assert_eq!((p1.count, p1.label_kind.as_deref()), (1, Some("M")));
        assert_eq!(p1.labels, ["LOT NO. 1-3"]);
        let p2 = &n.packages[1];
        assert_eq!((p2.count, p2.qty_per_package), (3, Some(Qty(294))));
        assert_eq!(p2.label_kind.as_deref(), Some("S"));
        assert_eq!(p2.reference.as_deref(), Some("LOT NO. 1-3"));
        assert_eq!(
            p2.labels,
            ["S1975362171229-9", "S1975362171229-11", "S1975362171229-15"]
        );
        assert_eq!(
            n.packages[2].labels,
            ["S1975362171229-10", "S1975362171229-12"]
        );
        assert_eq!(n.packages[3].labels, ["LOT NO. 2-3"]);
        assert_eq!(n.packages[4].labels.len(), 3);
        assert_eq!(n.packages[7].labels, ["S1975362171229-3"]);
        let lines: Vec<(&str, i64, Option<u32>)> = n
            .lines
            .iter()
            .map(|l| (l.customer_material.as_str(), l.qty.0, l.package))
            .collect();
        assert_eq!(
            lines,
            [
                ("197.536-21", 600, Some(2)),
                ("197.536-22", 300, Some(3)),
                ("197.536-20", 500, Some(5)),
                ("197.536-20", 100, Some(6)),
                ("197.536-21", 400, Some(7)),
                ("197.536-23", 100, Some(8)),
            ]
        );
        let l = &n.lines[0];
        assert_eq!(l.our_material.as_deref(), Some("0048202147"));
        assert_eq!(l.unit, "PCE");
        assert_eq!(l.order_ref.as_deref(), Some("5500011089"));
        assert_eq!(l.order_line.as_deref(), Some("00010"));
        assert_eq!(l.origin_country.as_deref(), Some("CN"));
        assert_eq!(l.description.as_deref(), Some("BRACKET"));
        assert_eq!(l.supply_area.as_deref(), Some("3630"));
    }
    // The sample reuses message reference 2266: tolerated, but reported.
    assert!(
        p.warnings
            .iter()
            .any(|w| w.message.contains("2266") && w.line == 104),
        "{:?}",
        p.warnings
    );
}

#[test]
fn vda4905_sample_reads_call_off_history_and_releases() {
    let p = parse(&sample("vda4905_calloff.txt")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.envelope.standard, Standard::Vda);
    assert_eq!(p.envelope.control_ref, "00001");
    assert_eq!(p.envelope.prepared, Some(When::day(day(2025, 1, 24))));
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let [InboundDoc::Forecast(f)] = &p.documents[..] else {
        panic!("one forecast")
    };
    assert_eq!(f.header.message_type, "VDA4905");
    assert_eq!(f.header.document_number, "187");
    assert_eq!(f.header.issued, Some(When::day(day(2012, 11, 15))));
    let s = &f.schedules[0];
    assert_eq!(s.customer_material, "1514280009100");
    assert_eq!(s.our_material, None);
    assert_eq!(s.plant.as_deref(), Some("030"));
    assert_eq!(s.schedule_no.as_deref(), Some("187"));
    assert_eq!(s.previous_schedule_no.as_deref(), Some("186"));
    assert_eq!(s.order_ref.as_deref(), Some("CGF-56026482"));
    assert_eq!(s.unloading_point.as_deref(), Some("A 13"));
    assert_eq!(s.unit, "PCE");
    assert_eq!(s.cum_received, Some(Qty(19427)));
    let ld = s.last_delivery.as_ref().unwrap();
    assert_eq!((ld.delivery_note.as_str(), ld.qty), ("432701", Qty(346)));
    assert_eq!(ld.date, Some(day(2012, 11, 13)));
    assert_eq!(
        s.production_release,
        Some(Release {
            until: day(2013, 2, 13),
            cum_qty: Qty(0)
        })
    );
    assert_eq!(
        s.material_release,
        Some(Release {
            until: day(2013, 3, 15),
            cum_qty: Qty(0)
        })
    );
    assert_eq!(
        s.lines,
        [ForecastLine {
            period: Period::Day,
            from: day(2012, 11, 15),
            to: day(2012, 11, 15),
            qty: Qty(0),
            firm: true
        }]
    );
}

#[test]
fn vda4913_sample_reads_transport_note_and_item() {
    let p = parse(&sample("vda4913_delivery_note.txt")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.envelope.control_ref, "00002");
    let [InboundDoc::ShippingNotice(m)] = &p.documents[..] else {
        panic!("one notice")
    };
    let n = &m.notice;
    assert_eq!(n.delivery_note, "00021910");
    assert_eq!(n.issued, When::day(day(2018, 1, 19)));
    assert_eq!(n.despatched, When::at(day(2018, 1, 19), 10, 45));
    assert_eq!(n.expected_arrival, Some(When::at(day(2018, 1, 19), 11, 30)));
    assert_eq!(n.transport_ref.as_deref(), Some("13533302"));
    assert_eq!(n.carrier.as_ref().map(|c| c.id.as_str()), Some("11825429"));
    assert_eq!(n.unloading_point.as_deref(), Some("AP4E"));
    assert_eq!(n.ship_to.id, "054");
    assert_eq!(n.seller.id, "15445489A");
    assert_eq!(
        n.vehicle, None,
        "means of transport key 02 is a bordero number, not a plate"
    );
    let l = &n.lines[0];
    assert_eq!(l.customer_material, "A1567350110");
    assert_eq!(l.our_material.as_deref(), Some("48200TDR3SGTN"));
    assert_eq!((l.qty, l.unit.as_str(), l.line_no), (Qty(12), "PCE", 1));
    assert_eq!(l.supply_area.as_deref(), Some("541"));
    // The sample's 715 records carry version "87", which no VDA 4913 layout defines, and its
    // trailer counts do not match: both are reported, not fatal.
    let v87: Vec<u32> = p
        .warnings
        .iter()
        .filter(|w| w.message.contains("\"87\""))
        .map(|w| w.line)
        .collect();
    assert_eq!(v87, [6, 7]);
    assert!(
        p.warnings
            .iter()
            .any(|w| w.tag == "719" && w.message.contains("714"))
    );
    assert!(n.packages.is_empty());
}

#[test]
fn x12_862_sample_reads_firm_lines_and_cumulatives() {
    let p = parse(&sample("x12_862_shipping_schedule.edi")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.envelope.standard, Standard::X12);
    assert_eq!(
        (p.envelope.sender.as_str(), p.envelope.receiver.as_str()),
        ("SENDER", "RECEIVER")
    );
    assert_eq!(p.envelope.control_ref, "000000001");
    assert_eq!(
        p.envelope.prepared,
        Some(When::at(day(2023, 10, 14), 12, 0))
    );
    let [InboundDoc::JitCall(j)] = &p.documents[..] else {
        panic!("one call")
    };
    assert_eq!(j.header.message_type, "862");
    assert_eq!(j.header.version, "004010");
    assert_eq!(j.header.purpose, Purpose::Replace);
    assert_eq!(j.header.document_number, "12345");
    assert_eq!(j.header.issued, Some(When::day(day(2023, 4, 14))));
    let buyer = j.header.buyer.as_ref().unwrap();
    assert_eq!(
        (buyer.id.as_str(), buyer.name.as_deref()),
        ("00000085", Some("SEEBURGER AG"))
    );
    assert_eq!(j.header.seller.as_ref().unwrap().id, "11222333");
    assert_eq!(j.kind, CallKind::Summarized);
    let c = &j.calls[0];
    assert_eq!(c.call_number, "12345");
    let comps: Vec<(&str, i64, Day, Option<&str>)> = c
        .components
        .iter()
        .map(|c| {
            (
                c.customer_material.as_str(),
                c.qty.0,
                c.required.day,
                c.call_ref.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        comps,
        [
            ("MATERIAL1", 13, day(2023, 10, 29), Some("12345-1")),
            ("MATERIAL1", 77, day(2023, 11, 19), Some("12345-2")),
            ("MATERIAL1", 68, day(2023, 12, 3), Some("12345-3")),
        ]
    );
    assert!(c.components.iter().all(|c| c.unit == "PCE"));
    assert_eq!(c.cum_received, Some(Qty(8557)));
    let ld = c.last_delivery.as_ref().unwrap();
    assert_eq!(
        (ld.qty, ld.date, ld.delivery_note.as_str()),
        (Qty(927), Some(day(2023, 10, 14)), "Q5880")
    );
}

#[test]
fn parse_to_json_names_the_document_kind() {
    let v = parse_to_json(&sample("x12_862_shipping_schedule.edi")).unwrap();
    assert_eq!(v["documents"][0]["doc"], "jit_call");
    assert_eq!(v["documents"][0]["calls"][0]["components"][1]["qty"], 77);
    assert_eq!(v["envelope"]["standard"], "x12");
}
