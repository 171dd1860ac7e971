//! Seeded synthetic EDI workloads (a tiny xorshift, no `rand`): DELJIT interchanges of any size
//! for benchmarks, and sample outbound documents for tests and the validator run.

use super::edifact::Writer;
use super::model::*;
use super::partner::{AsnFormat, InvoiceFormat, PartnerProfile, RenderFormat};
use super::write::deljit_message;
use crate::types::{CustomerId, Day, Qty};

/// xorshift64*: deterministic, good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// A JIT call message: sequenced (one vehicle per call, with GIR) or summarized.
pub fn jit_call(rng: &mut Rng, number: u64, base: Day) -> JitCallMsg {
    let sequenced = rng.below(3) != 0;
    let ncalls = if sequenced {
        1 + rng.below(8) as usize
    } else {
        1
    };
    let mut calls = Vec::with_capacity(ncalls);
    for c in 0..ncalls {
        let day = base.plus(rng.below(5) as i32);
        let minute = (rng.below(24 * 4) * 15) as u16;
        let at = When {
            day,
            minute: Some(minute),
        };
        let ncomp = 1 + rng.below(6) as usize;
        let components = (0..ncomp)
            .map(|_| {
                let part = rng.below(5000);
                JitComponent {
                    customer_material: format!("A{part:07}").into(),
                    our_material: Some(format!("M-{part:05}").into()),
                    qty: Qty(1 + rng.below(if sequenced { 2 } else { 400 }) as i64),
                    unit: "PCE".to_owned().into(),
                    required: at,
                    supply_area: Some(format!("L{:02}", rng.below(40)).into()),
                    unloading_point: Some(format!("D{}", rng.below(9)).into()),
                    order_ref: Some(format!("55000{:05}", rng.below(100_000)).into()),
                    call_ref: None,
                    description: None,
                }
            })
            .collect();
        let seq_no = format!("{}", number * 10 + c as u64);
        calls.push(JitCall {
            call_number: format!("{number}-{seq_no}").into(),
            sequence: sequenced.then(|| SequenceInfo {
                sequence_no: seq_no.clone().into(),
                vehicle: Some(format!("WVWZZZ1KZ{:08}", rng.below(100_000_000)).into()),
                at: Some(at),
            }),
            plant: None,
            components,
            cum_received: None,
            last_delivery: None,
        });
    }
    if !sequenced {
        calls[0].call_number = number.to_string().into();
    }
    JitCallMsg {
        header: MsgHeader {
            message_type: "DELJIT".to_owned(),
            version: "D:04A:UN".to_owned(),
            message_ref: String::new(),
            document_number: number.to_string(),
            issued: Some(When {
                day: base,
                minute: Some(6 * 60),
            }),
            purpose: Purpose::Original,
            buyer: Some(PartyRef {
                id: "OEM01".to_owned(),
                qualifier: Some("92".to_owned()),
                name: None,
            }),
            seller: Some(PartyRef {
                id: "SUP77".to_owned(),
                qualifier: Some("92".to_owned()),
                name: None,
            }),
            ship_to: Some(PartyRef {
                id: "PLANT3".to_owned(),
                qualifier: Some("92".to_owned()),
                name: None,
            }),
        },
        kind: if sequenced {
            CallKind::Sequenced
        } else {
            CallKind::Summarized
        },
        calls,
    }
}

/// One EDIFACT interchange of DELJIT messages of at least `target_bytes` bytes. Returns the text
/// and the number of messages.
pub fn deljit_interchange(seed: u64, target_bytes: usize) -> (String, usize) {
    let mut rng = Rng::new(seed);
    let base = Day::ymd(2026, 11, 23).unwrap_or_default();
    let mut w = Writer::new(true);
    w.out.reserve(target_bytes + 4096);
    w.out.push_str("UNA:+.? '\n");
    w.seg(
        "UNB",
        &[
            &["UNOC", "3"],
            &["OEM01", "ZZ"],
            &["SUP77", "ZZ"],
            &["261122", "0600"],
            &["4711"],
        ],
    );
    let mut n = 0usize;
    while w.out.len() < target_bytes {
        n += 1;
        let m = jit_call(&mut rng, 100_000 + n as u64, base);
        deljit_message(&mut w, &n.to_string(), &m);
    }
    w.seg("UNZ", &[&[&n.to_string()], &["4711"]]);
    (w.out, n)
}

/// The number of JIT call components in a parse result: what the benchmarks read back so the
/// mapping cannot be optimised away.
pub fn jit_components(docs: &[InboundDoc]) -> usize {
    docs.iter()
        .map(|d| match d {
            InboundDoc::JitCall(j) => j.calls.iter().map(|c| c.components.len()).sum(),
            _ => 0,
        })
        .sum()
}
/// A partner profile for tests.
pub fn profile(asn: AsnFormat, invoice: InvoiceFormat) -> PartnerProfile {
    PartnerProfile {
        customer: CustomerId::new("C100"),
        asn_format: asn,
        invoice_format: invoice,
        our_id: "TAKTSUPPLIER".to_owned(),
        our_qualifier: Some("ZZ".to_owned()),
        their_id: "OEMPLANT".to_owned(),
        their_qualifier: Some("ZZ".to_owned()),
        edifact_syntax: "UNOC".to_owned(),
        association_code: None,
        vda_supplier_no: "15445489".to_owned(),
        vda_customer_no: "OEM01".to_owned(),
        test: false,
    }
}

/// Envelope data for tests.
pub fn render_format(asn: AsnFormat, invoice: InvoiceFormat, control: u32) -> RenderFormat {
    RenderFormat {
        profile: profile(asn, invoice),
        control_number: control,
        previous_control_number: control.saturating_sub(1),
        prepared: When::at(Day::ymd(2026, 11, 22).unwrap_or_default(), 14, 30),
        newline: true,
    }
}

/// A shipping notice with packages and labels that every outbound format can carry.
pub fn shipping_notice(seed: u64) -> ShippingNoticeDoc {
    let mut rng = Rng::new(seed);
    let day = Day::ymd(2026, 11, 22).unwrap_or_default();
    let nlines = 1 + rng.below(4) as u32;
    let mut packages = Vec::new();
    let mut lines = Vec::new();
    let mut label = 100_000 + rng.below(800_000);
    for i in 1..=nlines {
        let count = 1 + rng.below(4) as u32;
        let per = 10 * (1 + rng.below(20) as i64);
        let labels: Vec<String> = (0..count)
            .map(|k| format!("{:09}", label + u64::from(k)))
            .collect();
        label += u64::from(count);
        packages.push(Package {
            id: i,
            parent: None,
            count,
            package_type: Some(format!("000{}BOX", rng.below(9))),
            qty_per_package: Some(Qty(per)),
            label_kind: Some("S".to_owned()),
            labels,
            reference: None,
        });
        lines.push(ShipLine {
            line_no: i,
            customer_material: format!("A{:07}", rng.below(5000)),
            our_material: Some(format!("M-{:05}", rng.below(5000))),
            qty: Qty(per * i64::from(count)),
            unit: "PCE".to_owned(),
            order_ref: Some("5500011089".to_owned()),
            order_line: None,
            call_ref: Some("4711".to_owned()),
            description: None,
            origin_country: None,
            supply_area: Some("L07".to_owned()),
            package: Some(i),
        });
    }
    ShippingNoticeDoc {
        asn_number: format!("{}", 20_000_000 + rng.below(9_000_000)),
        delivery_note: String::new(),
        issued: When::day(day),
        despatched: When::at(day, 10, 45),
        expected_arrival: Some(When::at(day, 11, 30)),
        buyer: PartyRef {
            id: "OEM01".to_owned(),
            qualifier: None,
            name: None,
        },
        seller: PartyRef {
            id: "15445489".to_owned(),
            qualifier: None,
            name: None,
        },
        ship_to: PartyRef {
            id: "054".to_owned(),
            qualifier: None,
            name: None,
        },
        carrier: Some(PartyRef {
            id: "11825429".to_owned(),
            qualifier: None,
            name: None,
        }),
        unloading_point: Some("AP4E".to_owned()),
        transport_ref: Some("13533302".to_owned()),
        vehicle: Some("KA-XY-123".to_owned()),
        gross_weight_kg: Some(120 + rng.below(500) as i64),
        net_weight_kg: Some(100),
        packages,
        lines,
    }
    .with_note()
}

impl ShippingNoticeDoc {
    fn with_note(mut self) -> Self {
        self.delivery_note = self.asn_number.clone();
        self
    }
}

/// An invoice for tests.
pub fn invoice(seed: u64) -> InvoiceDoc {
    let mut rng = Rng::new(seed);
    let day = Day::ymd(2026, 11, 22).unwrap_or_default();
    let lines = (1..=1 + rng.below(4) as u32)
        .map(|i| InvoiceLine {
            line_no: i,
            customer_material: format!("A{:07}", rng.below(5000)),
            our_material: Some(format!("M-{:05}", rng.below(5000))),
            description: Some("BRACKET".to_owned()),
            qty: Qty(1 + rng.below(1000) as i64),
            unit: "PCE".to_owned(),
            price: if rng.below(2) == 0 {
                Price {
                    cents: 1 + rng.below(99_999) as i64,
                    per: 1,
                }
            } else {
                Price {
                    cents: 1 + 10 * rng.below(99_999) as i64,
                    per: 100,
                }
            },
        })
        .collect();
    InvoiceDoc {
        invoice_number: format!("RE{}", 900_000 + rng.below(99_999)),
        kind: InvoiceKind::Invoice,
        issued: When::day(day),
        currency: "EUR".to_owned(),
        buyer: PartyRef {
            id: "OEM01".to_owned(),
            qualifier: Some("92".to_owned()),
            name: Some("OEM AG".to_owned()),
        },
        seller: PartyRef {
            id: "15445489".to_owned(),
            qualifier: Some("92".to_owned()),
            name: Some("Takt Supplier GmbH".to_owned()),
        },
        ship_to: Some(PartyRef {
            id: "054".to_owned(),
            qualifier: Some("92".to_owned()),
            name: None,
        }),
        seller_vat_id: Some("DE123456789".to_owned()),
        buyer_vat_id: Some("DE987654321".to_owned()),
        order_ref: Some("5500011089".to_owned()),
        asn_ref: Some("20171229".to_owned()),
        delivery_date: Some(day),
        payment_due: Some(day.plus(30)),
        vat_rate_bp: 1900,
        lines,
    }
}
