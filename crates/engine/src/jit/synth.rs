//! Deterministic JIT workloads for benchmarks and tests (seeded xorshift, no RNG crate), so
//! the same data can run natively and in the browser.

use crate::jit::commands::{JitCommand, NewCall};
use crate::jit::documents::SsccRange;
use crate::jit::model::{CallKind, IncomingCall, IncomingComponent, LeadTimes, PackingSpec, Price};
use crate::model::{Customer, Item};
use crate::state::{Command, State, apply};
use crate::types::{CustomerId, IdStr, ItemId, Qty};
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// xorshift64*: tiny, deterministic.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
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

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// The customer of the synthetic workloads.
pub const CUSTOMER: &str = "OEM1";

/// Materials per component position in the synthetic workloads.
pub const VARIANTS: usize = 8;

fn wrap(command: JitCommand) -> Command {
    Command::Jit { command }
}

/// The day the synthetic calls start: 2026-11-23 06:00.
pub fn start() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(6, 0, 0))
        .unwrap_or_default()
}

/// Master data: one customer, `components × VARIANTS` materials with customer material
/// mappings, packing specs (one piece per container, `per_rack` containers per rack), prices
/// and lead times.
pub fn master_state(components: usize, per_rack: u32) -> State {
    let mut state = State::default();
    let mut cmds = vec![Command::UpsertCustomer {
        customer: Customer {
            id: CustomerId::new(CUSTOMER),
            name: "OEM plant 1".into(),
            shipping_location: None,
        },
    }];
    for p in 0..components {
        for v in 0..VARIANTS {
            let id = ItemId::new(format!("M{p}-{v}"));
            cmds.push(Command::UpsertItem {
                item: Item {
                    id: id.clone(),
                    description: format!("part {p} variant {v}"),
                    unit: "PCS".into(),
                    comparable: Vec::new(),
                    classifications: Default::default(),
                },
            });
            cmds.push(wrap(JitCommand::MapCustomerMaterial {
                customer: CustomerId::new(CUSTOMER),
                customer_material: format!("C{p}-{v}"),
                material: id.clone(),
            }));
            cmds.push(wrap(JitCommand::SetPackingSpec {
                material: id.clone(),
                spec: PackingSpec {
                    container: "KLT".into(),
                    qty_per_container: Qty(1),
                    rack: "RACK".into(),
                    containers_per_rack: per_rack,
                },
            }));
            cmds.push(wrap(JitCommand::SetPrice {
                customer: CustomerId::new(CUSTOMER),
                material: id,
                price: Price {
                    unit_price_cents: 1000 + (p * 100 + v) as i64,
                    per: 1,
                    currency: "EUR".into(),
                },
            }));
        }
    }
    cmds.push(wrap(JitCommand::SetLeadTimes {
        customer: None,
        lead_times: LeadTimes {
            production_minutes: 120,
            packing_minutes: 30,
            transit_minutes: 60,
        },
    }));
    cmds.push(wrap(JitCommand::SetTaxRate {
        customer: None,
        tax_rate_bp: 1900,
    }));
    for c in cmds {
        // Master data built here is valid by construction; a rejection would show in tests.
        let _ = apply(&mut state, c);
    }
    state
}

/// `n` sequenced calls on two supply areas, one vehicle every 4 seconds from [`start`], each
/// with `components` components of a random variant.
pub fn sequenced_calls(seed: u64, n: usize, components: usize) -> Vec<NewCall> {
    let mut rng = Rng::new(seed);
    let t0 = start();
    (0..n)
        .map(|i| {
            let area = i % 2;
            let comps = (0..components)
                .map(|p| IncomingComponent {
                    position: (p as u32 + 1) * 10,
                    customer_material: format!("C{p}-{}", rng.below(VARIANTS as u64)).into(),
                    material: None,
                    qty: Qty(1),
                    unit: "PCS".into(),
                    containers: None,
                })
                .collect();
            NewCall {
                id: format!("C{i:07}").into(),
                call: IncomingCall {
                    external_id: format!("E{i:07}").into(),
                    customer: CustomerId::new(CUSTOMER),
                    ship_to: CustomerId::new(CUSTOMER),
                    unloading_point: format!("GATE{area}").into(),
                    supply_area: format!("LINE{area}").into(),
                    required_at: t0 + Duration::seconds(4 * i as i64),
                    version: 1,
                    kind: CallKind::Sequenced {
                        sequence_no: (i / 2) as u64 + 1,
                        vehicle: format!("V{i:07}").into(),
                    },
                    components: comps,
                },
            }
        })
        .collect()
}

/// The command stream of a day of sequenced supply: every call driven from receipt to
/// completion, in bulk selections of `batch` calls.
pub fn sequenced_day(seed: u64, n: usize, components: usize, batch: usize) -> Vec<Command> {
    let calls = sequenced_calls(seed, n, components);
    let mut out = Vec::new();
    let posted_at = start();
    for (b, chunk) in calls.chunks(batch.max(1)).enumerate() {
        let ids: Vec<IdStr> = chunk.iter().map(|c| c.id.clone()).collect();
        out.push(wrap(JitCommand::Receive {
            calls: chunk.to_vec(),
        }));
        out.push(wrap(JitCommand::ReleaseToProduction { calls: ids.clone() }));
        out.push(wrap(JitCommand::ConfirmProduction { calls: ids.clone() }));
        out.push(wrap(JitCommand::ReleaseForPacking { calls: ids.clone() }));
        let from = b as u64 * 10_000_000;
        out.push(wrap(JitCommand::Pack {
            calls: ids.clone(),
            sscc: SsccRange {
                extension_digit: 3,
                company_prefix: "4012345".into(),
                serial_from: from,
                serial_to: from + 9_999_999,
            },
        }));
        out.push(wrap(JitCommand::CreateDeliveries {
            calls: ids.clone(),
            delivery_prefix: format!("D{b:04}-"),
        }));
        out.push(wrap(JitCommand::Pick { calls: ids.clone() }));
        out.push(wrap(JitCommand::PostGoodsIssue {
            calls: ids.clone(),
            posted_at,
        }));
        out.push(wrap(JitCommand::CreateBilling {
            calls: ids.clone(),
            invoice_prefix: format!("I{b:04}-"),
            invoice_date: posted_at.date(),
        }));
        out.push(wrap(JitCommand::Complete { calls: ids }));
    }
    out
}

/// A state with `n` sequenced calls spread over the lifecycle for the monitor: some released,
/// some confirmed (with failed postings of a blocked material), some packed; a few unknown
/// customer materials, sequence gaps, duplicates and changes after release.
pub fn monitor_state(seed: u64, n: usize) -> State {
    let components = 3;
    let mut state = master_state(components, 10);
    let mut calls = sequenced_calls(seed, n, components);
    let mut rng = Rng::new(seed ^ 0xABCD);
    for (i, c) in calls.iter_mut().enumerate() {
        match rng.below(1000) {
            0 => c.call.components[0].customer_material = format!("UNKNOWN-{i}").into(),
            1 => {
                // A duplicate of the previous vehicle's sequence number.
                if let CallKind::Sequenced { sequence_no, .. } = &mut c.call.kind {
                    *sequence_no = sequence_no.saturating_sub(1);
                }
            }
            2 => {
                if let CallKind::Sequenced { sequence_no, .. } = &mut c.call.kind {
                    *sequence_no += 1_000_000;
                }
            }
            _ => {}
        }
    }
    let ids: Vec<IdStr> = calls.iter().map(|c| c.id.clone()).collect();
    let changed: Vec<NewCall> = calls
        .iter()
        .step_by(997)
        .map(|c| {
            let mut c = c.clone();
            c.call.version = 2;
            c
        })
        .collect();
    let _ = apply(&mut state, wrap(JitCommand::Receive { calls }));
    let _ = apply(
        &mut state,
        wrap(JitCommand::SetMaterialBlocked {
            material: ItemId::new("M2-7"),
            blocked: true,
        }),
    );
    let released = &ids[..n * 6 / 10];
    let confirmed = &ids[..n * 4 / 10];
    let packed = &ids[..n * 2 / 10];
    let _ = apply(
        &mut state,
        wrap(JitCommand::ReleaseToProduction {
            calls: released.to_vec(),
        }),
    );
    let _ = apply(
        &mut state,
        wrap(JitCommand::ConfirmProduction {
            calls: confirmed.to_vec(),
        }),
    );
    let _ = apply(
        &mut state,
        wrap(JitCommand::ReleaseForPacking {
            calls: packed.to_vec(),
        }),
    );
    let _ = apply(
        &mut state,
        wrap(JitCommand::Pack {
            calls: packed.to_vec(),
            sscc: SsccRange {
                extension_digit: 0,
                company_prefix: "4012345".into(),
                serial_from: 1,
                serial_to: 999_999_999,
            },
        }),
    );
    let _ = apply(&mut state, wrap(JitCommand::Receive { calls: changed }));
    state
}

/// The browser's warm-start data set: `calls` JIT calls over the lifecycle (`monitor_state`)
/// and `items` MRP items with their orders, stock and planning parameters
/// (`mrp::synth::state`). The benchmarks use 100,000 calls and 10,000 items.
pub fn warm_start_state(calls: usize, items: usize) -> State {
    let as_of = crate::Day::from_date(start().date());
    let mut state = crate::mrp::synth::state(42, items, 10, 730, as_of);
    let j = monitor_state(7, calls);
    state.items.extend(j.items);
    state.customers.extend(j.customers);
    state.jit = j.jit;
    state
}
