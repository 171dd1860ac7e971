//! Shared EDI fixture for the server tests: master data for customer OEM (material M1 for the
//! customer materials of tests/data/edi/deljit_oem.edi, a DESADV/INVOIC partner profile) and
//! the commands that drive the imported call to goods issue.
#![allow(dead_code)]
#![allow(clippy::unwrap_used)]

use serde_json::Value;
use takt_engine::Command;
use takt_engine::edi::{self, AsnFormat, EdiCommand, InvoiceFormat, PartnerProfile};
use takt_engine::jit::JitCommand;
use takt_engine::jit::model::{LeadTimes, PackingSpec, Price};
use takt_engine::model::{Customer, Item};
use takt_engine::types::{CustomerId, IdStr, ItemId, Qty};

pub const DELJIT: &str = include_str!("../../../engine/tests/data/edi/deljit_oem.edi");
pub const CALL: &str = "EDI-OEMPLANT-4711-001";

pub fn c(cmd: Command) -> Value {
    serde_json::to_value(cmd).unwrap()
}

pub fn jit(cmd: JitCommand) -> Value {
    c(Command::Jit { command: cmd })
}

pub fn setup() -> Vec<Value> {
    let oem = CustomerId::new("OEM");
    vec![
        c(Command::UpsertCustomer {
            customer: Customer {
                id: oem.clone(),
                name: "OEM plant".into(),
                shipping_location: None,
            },
        }),
        c(Command::UpsertItem {
            item: Item {
                id: ItemId::new("M1"),
                description: "Bracket".into(),
                unit: "PCS".into(),
                comparable: vec![],
                classifications: Default::default(),
            },
        }),
        jit(JitCommand::MapCustomerMaterial {
            customer: oem.clone(),
            customer_material: "C-M1".into(),
            material: ItemId::new("M1"),
        }),
        jit(JitCommand::MapCustomerMaterial {
            customer: oem.clone(),
            customer_material: "C-X".into(),
            material: ItemId::new("M1"),
        }),
        jit(JitCommand::SetPackingSpec {
            material: ItemId::new("M1"),
            spec: PackingSpec {
                container: "KLT".into(),
                qty_per_container: Qty(10),
                rack: "RACK".into(),
                containers_per_rack: 2,
            },
        }),
        jit(JitCommand::SetPrice {
            customer: oem.clone(),
            material: ItemId::new("M1"),
            price: Price {
                unit_price_cents: 250,
                per: 1,
                currency: "EUR".into(),
            },
        }),
        jit(JitCommand::SetLeadTimes {
            customer: None,
            lead_times: LeadTimes {
                production_minutes: 60,
                packing_minutes: 30,
                transit_minutes: 60,
            },
        }),
        c(Command::Edi {
            command: EdiCommand::SetPartnerProfile {
                profile: PartnerProfile {
                    customer: oem,
                    ..edi::synth::profile(AsnFormat::Desadv, InvoiceFormat::Invoic)
                },
            },
        }),
    ]
}

pub fn lifecycle() -> Vec<Value> {
    let calls = vec![IdStr::from(CALL)];
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap();
    vec![
        jit(JitCommand::ReleaseToProduction {
            calls: calls.clone(),
        }),
        jit(JitCommand::ConfirmProduction {
            calls: calls.clone(),
        }),
        jit(JitCommand::ReleaseForPacking {
            calls: calls.clone(),
        }),
        jit(JitCommand::Pack {
            calls: calls.clone(),
            sscc: takt_engine::jit::SsccRange {
                extension_digit: 0,
                company_prefix: "4012345".into(),
                serial_from: 1,
                serial_to: 999,
            },
        }),
        jit(JitCommand::CreateDeliveries {
            calls: calls.clone(),
            delivery_prefix: "D".into(),
        }),
        jit(JitCommand::Pick {
            calls: calls.clone(),
        }),
        jit(JitCommand::PostGoodsIssue {
            calls: calls.clone(),
            posted_at: at,
        }),
    ]
}
