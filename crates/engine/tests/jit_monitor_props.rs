//! Property test of the monitor's sequence check against a plain reference: gaps and
//! duplicates per customer and supply area, for dense numbers (one per vehicle, the monitor
//! counts them in a table) and sparse ones (it sorts them), with cancelled calls that fill a
//! gap but are no duplicate.

// Helpers outside #[test] fns: a broken expectation should fail loudly.
#![allow(clippy::unwrap_used)]

mod jit_common;

use jit_common::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use takt_engine::jit::JitCommand;
use takt_engine::jit::model::CallStatus;
use takt_engine::jit::monitor::{AlertKind, sequence_alerts};
use takt_engine::types::IdStr;

/// The reference: per (customer, supply area), the numbers in order; for each number the live
/// calls carrying it (in id order) if there are two or more, then the gap up to the next one.
/// Per (customer, supply area), per number: the calls carrying it and whether each is live.
type Groups = BTreeMap<(String, String), BTreeMap<u64, Vec<(IdStr, bool)>>>;

fn reference(state: &takt_engine::state::State) -> Vec<AlertKind> {
    let mut groups: Groups = BTreeMap::new();
    for call in state.jit.calls.values() {
        if let takt_engine::jit::model::CallKind::Sequenced { sequence_no, .. } = call.kind
            && call.replaces.is_none()
        {
            groups
                .entry((call.customer.to_string(), call.supply_area.to_string()))
                .or_default()
                .entry(sequence_no)
                .or_default()
                .push((call.id.clone(), call.status != CallStatus::Cancelled));
        }
    }
    let mut out = Vec::new();
    for ((customer, area), numbers) in groups {
        let list: Vec<_> = numbers.into_iter().collect();
        for (i, (no, calls)) in list.iter().enumerate() {
            let live: Vec<IdStr> = calls
                .iter()
                .filter(|(_, live)| *live)
                .map(|(id, _)| id.clone())
                .collect();
            if calls.len() > 1 && live.len() > 1 {
                out.push(AlertKind::SequenceDuplicate {
                    customer: customer.as_str().into(),
                    supply_area: area.as_str().into(),
                    sequence_no: *no,
                    calls: live,
                });
            }
            if let Some((next, _)) = list.get(i + 1)
                && *next > no + 1
            {
                out.push(AlertKind::SequenceGap {
                    customer: customer.as_str().into(),
                    supply_area: area.as_str().into(),
                    from: no + 1,
                    to: next - 1,
                });
            }
        }
    }
    out
}

/// A vehicle: its sequence number, whether it is on the second line, whether it is cancelled.
fn vehicles() -> impl Strategy<Value = Vec<(u64, bool, bool)>> {
    let dense = (0u64..60, any::<bool>(), prop::bool::weighted(0.15));
    // Far apart numbers (beyond the counting table's reach) and the edge of the number range.
    let sparse = (
        prop_oneof![0u64..60, 1_000_000_000u64..1_000_000_100, Just(u64::MAX)],
        any::<bool>(),
        prop::bool::weighted(0.15),
    );
    prop_oneof![
        prop::collection::vec(dense, 0..80),
        prop::collection::vec(sparse, 0..40),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn sequence_alerts_match_the_reference(vehicles in vehicles()) {
        let mut state = fixture();
        for (i, (seq, second_line, cancelled)) in vehicles.iter().enumerate() {
            let id = format!("Q{i:03}");
            let mut call = sequenced(&id, *seq, at(23, 10, 0));
            if *second_line {
                call.supply_area = "L2".into();
            }
            receive(&mut state, &id, call);
            if *cancelled {
                ok(&mut state, JitCommand::Cancel { calls: ids(&[&id]), reason: "test".into() });
            }
        }
        let got: Vec<AlertKind> = sequence_alerts(&state).into_iter().map(|a| a.kind).collect();
        prop_assert_eq!(got, reference(&state));
    }
}
