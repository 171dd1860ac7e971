//! Model-based property test: random command sequences over many JIT calls keep the
//! invariants — stock is conserved (produced − shipped = stock change), no call skips a
//! step, every call is in exactly one status that matches its components, rejections change
//! nothing, and replaying the same commands gives the same state.

// Helpers outside #[test] fns: a broken expectation should fail loudly.
#![allow(clippy::unwrap_used)]

mod jit_common;

use jit_common::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use takt_engine::jit::model::{CallStatus, ComponentStatus};
use takt_engine::jit::monitor::monitor;
use takt_engine::jit::{JitCommand, NewCall};
use takt_engine::state::{Command, State, apply};
use takt_engine::types::{CustomerId, IdStr, ItemId, Qty};

const CALLS: [&str; 6] = ["A", "B", "C", "Q1", "Q2", "Q3"];

#[derive(Debug, Clone)]
enum Op {
    /// The step that moves calls on from `CallStatus` number `from`.
    Step {
        from: usize,
        mask: u8,
    },
    Cancel {
        mask: u8,
    },
    Reorder {
        mask: u8,
    },
    Reprocess {
        mask: u8,
    },
    NewVersion {
        call: usize,
        qty: i64,
    },
    AcceptChange {
        mask: u8,
    },
    DismissChange {
        mask: u8,
    },
    Split {
        call: usize,
    },
    HandOver {
        call: usize,
    },
    WarehousePick {
        call: usize,
    },
    WarehouseIssue {
        call: usize,
    },
    MapUnknown,
    Block {
        blocked: bool,
    },
    AddRaw {
        qty: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let mask = 1u8..64;
    prop_oneof![
        8 => (0usize..9, mask.clone()).prop_map(|(from, mask)| Op::Step { from, mask }),
        1 => mask.clone().prop_map(|mask| Op::Cancel { mask }),
        1 => mask.clone().prop_map(|mask| Op::Reorder { mask }),
        1 => mask.clone().prop_map(|mask| Op::Reprocess { mask }),
        1 => (0usize..6, 1i64..30).prop_map(|(call, qty)| Op::NewVersion { call, qty }),
        1 => mask.clone().prop_map(|mask| Op::AcceptChange { mask }),
        1 => mask.prop_map(|mask| Op::DismissChange { mask }),
        1 => (0usize..6).prop_map(|call| Op::Split { call }),
        1 => (0usize..6).prop_map(|call| Op::HandOver { call }),
        1 => (0usize..6).prop_map(|call| Op::WarehousePick { call }),
        1 => (0usize..6).prop_map(|call| Op::WarehouseIssue { call }),
        1 => Just(Op::MapUnknown),
        1 => any::<bool>().prop_map(|blocked| Op::Block { blocked }),
        1 => (1i64..40).prop_map(|qty| Op::AddRaw { qty }),
    ]
}

fn selected(mask: u8) -> Vec<IdStr> {
    CALLS
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, c)| IdStr::from(*c))
        .collect()
}

fn incoming(i: usize, version: u32, qty: i64) -> takt_engine::jit::model::IncomingCall {
    let mut c = if i < 3 {
        // C also asks for a customer material without mapping (until MapUnknown).
        let mut comps = vec![comp(10, "C-M1", qty), comp(20, "C-M2", qty % 7 + 1)];
        if i == 2 {
            comps.push(comp(30, "C-X", 2));
        }
        summarized(&format!("E{i}"), at(23, 8 + i as u32, 0), comps)
    } else {
        let mut c = sequenced(&format!("E{i}"), i as u64, at(23, 10, i as u32));
        c.components[0].qty = Qty(qty % 3 + 1);
        c
    };
    c.version = version;
    c
}

/// Turns an abstract operation into a command against the current state.
fn command(op: &Op, state: &State, d: &mut Driver, versions: &mut [u32; 6]) -> Option<JitCommand> {
    let delivery_of = |call: usize| {
        state
            .jit
            .calls
            .get(CALLS[call])
            .and_then(|c| c.delivery.clone())
    };
    Some(match op {
        Op::Step { from, mask } => d.step(CallStatus::ALL[*from], selected(*mask))?,
        Op::Cancel { mask } => JitCommand::Cancel {
            calls: selected(*mask),
            reason: "test".into(),
        },
        Op::Reorder { mask } => {
            d.n += 1;
            JitCommand::Reorder {
                calls: selected(*mask),
                replacement_suffix: format!("-R{}", d.n),
            }
        }
        Op::Reprocess { mask } => JitCommand::ReprocessPostings {
            calls: selected(*mask),
        },
        Op::NewVersion { call, qty } => {
            versions[*call] += 1;
            JitCommand::Receive {
                calls: vec![NewCall {
                    id: CALLS[*call].into(),
                    call: incoming(*call, versions[*call], *qty),
                }],
            }
        }
        Op::AcceptChange { mask } => JitCommand::AcceptChange {
            calls: selected(*mask),
        },
        Op::DismissChange { mask } => JitCommand::DismissChange {
            calls: selected(*mask),
        },
        Op::Split { call } => {
            let del = delivery_of(*call)?;
            d.n += 1;
            JitCommand::SplitDelivery {
                delivery: del.to_string(),
                calls: vec![CALLS[*call].into()],
                new_delivery: format!("SPLIT{}", d.n),
            }
        }
        Op::HandOver { call } => JitCommand::HandOverToWarehouse {
            deliveries: vec![delivery_of(*call)?],
            warehouse: "EWM".into(),
        },
        Op::WarehousePick { call } => JitCommand::ConfirmWarehousePicking {
            deliveries: vec![delivery_of(*call)?],
        },
        Op::WarehouseIssue { call } => JitCommand::ConfirmWarehouseGoodsIssue {
            deliveries: vec![delivery_of(*call)?],
            posted_at: at(23, 6, 0),
        },
        Op::MapUnknown => JitCommand::MapCustomerMaterial {
            customer: CustomerId::new(OEM),
            customer_material: "C-X".into(),
            material: ItemId::new("M2"),
        },
        Op::Block { blocked } => JitCommand::SetMaterialBlocked {
            material: ItemId::new("M1"),
            blocked: *blocked,
        },
        Op::AddRaw { .. } => return None,
    })
}

/// The status changes a command may cause (besides none).
fn allowed(kind: &str, from: CallStatus, to: CallStatus) -> bool {
    use CallStatus::*;
    match kind {
        "release_to_production" => (from, to) == (Received, ReleasedToProduction),
        "confirm_production" | "reprocess_postings" => {
            (from, to) == (ReleasedToProduction, ProductionConfirmed)
        }
        "release_for_packing" => (from, to) == (ProductionConfirmed, ReleasedForPacking),
        "pack" => (from, to) == (ReleasedForPacking, Packed),
        "create_deliveries" => (from, to) == (Packed, DeliveryCreated),
        "pick" | "confirm_warehouse_picking" => (from, to) == (DeliveryCreated, Picked),
        "post_goods_issue" | "confirm_warehouse_goods_issue" => (from, to) == (Picked, GoodsIssued),
        "create_billing" => (from, to) == (GoodsIssued, Billed),
        "complete" => (from, to) == (Billed, Completed),
        "cancel" => from <= Picked && to == Cancelled,
        "reorder" => (ReleasedToProduction..=Packed).contains(&from) && to == Received,
        "accept_change" => from <= Picked && to == Received,
        _ => false,
    }
}

fn check_invariants(state: &State, raw_added: i64) -> Result<(), TestCaseError> {
    // Every call is in exactly one status, the one its components say.
    for c in state.jit.calls.values() {
        prop_assert_eq!(c.status, c.derived_status(), "call {}", c.id);
        if c.status != CallStatus::ReleasedToProduction {
            prop_assert!(
                c.components
                    .iter()
                    .all(|k| k.status != ComponentStatus::PostingFailed)
            );
        }
        // Containers and deliveries point both ways.
        for k in &c.components {
            for h in &k.handling_units {
                let hu = state.jit.handling_units.get(h);
                prop_assert!(hu.is_some_and(|hu| hu.contents.iter().all(|x| x.call == c.id)));
            }
        }
        if let Some(d) = &c.delivery {
            prop_assert!(
                state
                    .jit
                    .deliveries
                    .get(d)
                    .is_some_and(|d| d.calls.contains(&c.id))
            );
        }
    }
    for d in state.jit.deliveries.values() {
        prop_assert!(!d.calls.is_empty());
        for c in &d.calls {
            prop_assert_eq!(state.jit.calls[c].delivery.as_ref(), Some(&d.id));
        }
    }
    let m = monitor(state, at(23, 0, 0));
    prop_assert_eq!(m.counts.values().sum::<u64>(), state.jit.calls.len() as u64);
    // Stock: produced − shipped = stock change; backflushed RAW leaves for good.
    let mut expected: BTreeMap<&str, i64> =
        BTreeMap::from([("M1", 0), ("M2", 0), ("RAW", 100 + raw_added)]);
    for c in state.jit.calls.values() {
        for k in &c.components {
            let Some(m) = &k.material else { continue };
            if k.status.holds_stock() {
                *expected.get_mut(m.as_str()).unwrap() += k.qty.0;
            }
            let consumed = (ComponentStatus::ProductionConfirmed..=ComponentStatus::Completed)
                .contains(&k.status);
            if m.as_str() == "M2" && consumed {
                *expected.get_mut("RAW").unwrap() -= k.qty.0;
            }
        }
    }
    for (item, q) in expected {
        prop_assert_eq!(stock(state, item), Qty(q), "stock of {}", item);
        prop_assert!(q >= 0);
    }
    Ok(())
}

fn run(ops: &[Op]) -> Result<(State, Vec<Command>), TestCaseError> {
    let mut state = fixture();
    let mut log: Vec<Command> = Vec::new();
    let receive = Command::Jit {
        command: JitCommand::Receive {
            calls: (0..6)
                .map(|i| NewCall {
                    id: CALLS[i].into(),
                    call: incoming(i, 1, 10 + i as i64),
                })
                .collect(),
        },
    };
    apply(&mut state, receive.clone()).map_err(|r| TestCaseError::fail(r.to_string()))?;
    log.push(receive);
    let mut d = Driver::default();
    let mut versions = [1u32; 6];
    let mut raw_added = 0;
    for op in ops {
        let cmd = match (op, command(op, &state, &mut d, &mut versions)) {
            (Op::AddRaw { qty }, _) => {
                raw_added += qty;
                Command::AdjustStock {
                    item: ItemId::new("RAW"),
                    location: loc(),
                    delta: Qty(*qty),
                }
            }
            (_, Some(c)) => Command::Jit { command: c },
            (_, None) => continue,
        };
        let kind = match &cmd {
            Command::Jit { command } => command.kind(),
            _ => "adjust_stock",
        };
        let before = state.clone();
        match apply(&mut state, cmd.clone()) {
            Err(_) => prop_assert_eq!(&state, &before, "a rejected {} changed the state", kind),
            Ok(_) => {
                for (id, new) in &state.jit.calls {
                    match before.jit.calls.get(id) {
                        Some(old) => prop_assert!(
                            old.status == new.status || allowed(kind, old.status, new.status),
                            "{kind} moved {id} from {:?} to {:?}",
                            old.status,
                            new.status
                        ),
                        None => {
                            prop_assert_eq!(new.status, CallStatus::Received, "new call {}", id)
                        }
                    }
                }
                prop_assert!(
                    before
                        .jit
                        .calls
                        .keys()
                        .all(|k| state.jit.calls.contains_key(k))
                );
            }
        }
        check_invariants(&state, raw_added)?;
        log.push(cmd);
    }
    Ok((state, log))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_command_sequences_keep_the_invariants(ops in prop::collection::vec(op(), 1..60)) {
        let (state, log) = run(&ops)?;
        // Replaying the same commands gives the same state.
        let mut again = fixture();
        for c in log {
            let _ = apply(&mut again, c);
        }
        prop_assert_eq!(&again, &state);
        // And the state survives serialization.
        let back: State = serde_json::from_str(&serde_json::to_string(&state).unwrap()).unwrap();
        prop_assert_eq!(back, state);
    }
}

#[test]
fn a_long_run_reaches_every_status() {
    // Guards the property test's reach: a fixed sequence that ends with calls completed.
    let ops: Vec<Op> = (0..9)
        .map(|from| Op::Step {
            from,
            mask: 0b11_1111,
        })
        .collect();
    let (state, _) = run(&ops).unwrap();
    let done = state
        .jit
        .calls
        .values()
        .filter(|c| c.status == CallStatus::Completed)
        .count();
    // C's unmapped component keeps it in production; the others complete.
    assert_eq!(done, 5);
}
