//! Shared fixture for the JIT integration tests: master data and a driver that moves calls
//! through the lifecycle with fresh number ranges.
#![allow(dead_code)]
// Test helpers: a failed setup should stop the test loudly.
#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, NaiveDateTime};
use takt_engine::jit::model::{
    BackflushLine, CallKind, CallStatus, IncomingCall, IncomingComponent, LeadTimes, PackingSpec,
    Price, SummarizedBasis,
};
use takt_engine::jit::{JitCommand, NewCall, SsccRange};
use takt_engine::model::{Customer, Item};
use takt_engine::state::{Applied, Command, Rejection, State, apply};
use takt_engine::types::{CustomerId, IdStr, ItemId, LocationId, Qty};

pub const OEM: &str = "OEM";

pub fn at(day: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

pub fn jit(state: &mut State, command: JitCommand) -> Result<Applied, Rejection> {
    apply(state, Command::Jit { command })
}

pub fn ok(state: &mut State, command: JitCommand) -> Applied {
    let kind = command.kind();
    match jit(state, command) {
        Ok(a) => a,
        Err(r) => panic!("{kind} rejected: {r}"),
    }
}

pub fn ids(v: &[&str]) -> Vec<IdStr> {
    v.iter().map(|s| IdStr::from(*s)).collect()
}

pub fn loc() -> LocationId {
    LocationId::new("JIT")
}

pub fn stock(state: &State, item: &str) -> Qty {
    state
        .stock
        .get(&ItemId::new(item))
        .and_then(|m| m.get(&loc()))
        .copied()
        .unwrap_or_default()
}

fn item(id: &str) -> Command {
    Command::UpsertItem {
        item: Item {
            id: ItemId::new(id),
            description: id.to_owned(),
            unit: "PCS".into(),
            comparable: vec![],
            classifications: Default::default(),
        },
    }
}

/// Customer OEM (and ship-to OEM2); materials M1 (10 per container, 2 containers per rack),
/// M2 (1 per container, 2 per rack, backflushes 1 RAW each), RAW with 100 in stock; customer
/// materials C-M1 → M1, C-M2 → M2 (C-X unmapped); prices M1 2.50 €/pc, M2 12.34 € per 10;
/// lead times 2 h production, 30 min packing, 1 h transit; tax 19 %.
pub fn fixture() -> State {
    let mut s = State::default();
    for c in [OEM, "OEM2"] {
        apply(
            &mut s,
            Command::UpsertCustomer {
                customer: Customer {
                    id: CustomerId::new(c),
                    name: c.into(),
                    shipping_location: None,
                },
            },
        )
        .unwrap();
    }
    for i in ["M1", "M2", "RAW"] {
        apply(&mut s, item(i)).unwrap();
    }
    apply(
        &mut s,
        Command::AdjustStock {
            item: ItemId::new("RAW"),
            location: loc(),
            delta: Qty(100),
        },
    )
    .unwrap();
    for (cm, m) in [("C-M1", "M1"), ("C-M2", "M2")] {
        ok(
            &mut s,
            JitCommand::MapCustomerMaterial {
                customer: CustomerId::new(OEM),
                customer_material: cm.into(),
                material: ItemId::new(m),
            },
        );
    }
    for (m, per) in [("M1", 10), ("M2", 1)] {
        ok(
            &mut s,
            JitCommand::SetPackingSpec {
                material: ItemId::new(m),
                spec: PackingSpec {
                    container: "KLT".into(),
                    qty_per_container: Qty(per),
                    rack: "RACK".into(),
                    containers_per_rack: 2,
                },
            },
        );
    }
    ok(
        &mut s,
        JitCommand::SetBackflush {
            material: ItemId::new("M2"),
            lines: vec![BackflushLine {
                item: ItemId::new("RAW"),
                qty_per: Qty(1),
            }],
        },
    );
    for (m, cents, per) in [("M1", 250, 1), ("M2", 1234, 10)] {
        ok(
            &mut s,
            JitCommand::SetPrice {
                customer: CustomerId::new(OEM),
                material: ItemId::new(m),
                price: Price {
                    unit_price_cents: cents,
                    per,
                    currency: "EUR".into(),
                },
            },
        );
    }
    ok(
        &mut s,
        JitCommand::SetLeadTimes {
            customer: None,
            lead_times: LeadTimes {
                production_minutes: 120,
                packing_minutes: 30,
                transit_minutes: 60,
            },
        },
    );
    ok(
        &mut s,
        JitCommand::SetTaxRate {
            customer: None,
            tax_rate_bp: 1900,
        },
    );
    s
}

pub fn comp(position: u32, customer_material: &str, qty: i64) -> IncomingComponent {
    IncomingComponent {
        position,
        customer_material: customer_material.into(),
        material: None,
        qty: Qty(qty),
        unit: "PCS".into(),
        containers: None,
    }
}

/// A summarized call for OEM at gate G1, supply area A1, required at `required`.
pub fn summarized(
    ext: &str,
    required: NaiveDateTime,
    comps: Vec<IncomingComponent>,
) -> IncomingCall {
    IncomingCall {
        external_id: ext.into(),
        customer: CustomerId::new(OEM),
        ship_to: CustomerId::new(OEM),
        unloading_point: "G1".into(),
        supply_area: "A1".into(),
        required_at: required,
        version: 1,
        kind: CallKind::Summarized {
            basis: SummarizedBasis::Quantity,
        },
        components: comps,
    }
}

/// A sequenced call for vehicle `seq` on line L1 with one M2 seat.
pub fn sequenced(ext: &str, seq: u64, required: NaiveDateTime) -> IncomingCall {
    IncomingCall {
        external_id: ext.into(),
        customer: CustomerId::new(OEM),
        ship_to: CustomerId::new(OEM),
        unloading_point: "G2".into(),
        supply_area: "L1".into(),
        required_at: required,
        version: 1,
        kind: CallKind::Sequenced {
            sequence_no: seq,
            vehicle: format!("VIN{seq}").into(),
        },
        components: vec![comp(10, "C-M2", 1)],
    }
}

pub fn receive(state: &mut State, id: &str, call: IncomingCall) -> Applied {
    ok(
        state,
        JitCommand::Receive {
            calls: vec![NewCall {
                id: id.into(),
                call,
            }],
        },
    )
}

/// Hands out fresh number ranges so that repeated steps never collide.
#[derive(Debug, Default)]
pub struct Driver {
    pub n: u64,
}

impl Driver {
    pub fn sscc(&mut self) -> SsccRange {
        self.n += 1;
        SsccRange {
            extension_digit: 0,
            company_prefix: "4012345".into(),
            serial_from: self.n * 1000,
            serial_to: self.n * 1000 + 999,
        }
    }

    pub fn prefix(&mut self, p: &str) -> String {
        self.n += 1;
        format!("{p}{}-", self.n)
    }

    /// The command that moves calls in `from` one step on.
    pub fn step(&mut self, from: CallStatus, calls: Vec<IdStr>) -> Option<JitCommand> {
        Some(match from {
            CallStatus::Received => JitCommand::ReleaseToProduction { calls },
            CallStatus::ReleasedToProduction => JitCommand::ConfirmProduction { calls },
            CallStatus::ProductionConfirmed => JitCommand::ReleaseForPacking { calls },
            CallStatus::ReleasedForPacking => JitCommand::Pack {
                calls,
                sscc: self.sscc(),
            },
            CallStatus::Packed => JitCommand::CreateDeliveries {
                calls,
                delivery_prefix: self.prefix("D"),
            },
            CallStatus::DeliveryCreated => JitCommand::Pick { calls },
            CallStatus::Picked => JitCommand::PostGoodsIssue {
                calls,
                posted_at: at(23, 5, 0),
            },
            CallStatus::GoodsIssued => JitCommand::CreateBilling {
                calls,
                invoice_prefix: self.prefix("I"),
                invoice_date: at(23, 0, 0).date(),
            },
            CallStatus::Billed => JitCommand::Complete { calls },
            CallStatus::Completed | CallStatus::Cancelled => return None,
        })
    }

    /// Drives `calls` (all in the same status) until they reach `to`.
    pub fn drive(&mut self, state: &mut State, calls: &[&str], to: CallStatus) {
        loop {
            let now = state.jit.calls[calls[0]].status;
            if now >= to {
                return;
            }
            let cmd = self.step(now, ids(calls)).unwrap();
            ok(state, cmd);
        }
    }
}
