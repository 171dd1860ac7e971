//! The binary start snapshot (`takt_engine::snapshot`): every part of the state comes back
//! exactly, JSON forms stay as they were, and damaged or foreign bytes give an error, never a
//! panic and never a wrong state.

use proptest::prelude::*;
use takt_engine::jit::model::{CallKind, PostingFailure, SummarizedBasis};
use takt_engine::snapshot::{self, SnapshotError};
use takt_engine::vmi::synth::{SynthConfig, vmi_workload};
use takt_engine::{Day, Qty, State, apply, demo, jit, mrp};

/// A state with every process filled: the demo data set, synthetic MRP items, JIT calls (both
/// kinds, every posting failure) and VMI planning data and stock.
fn full_state() -> State {
    let as_of = Day::from_date(jit::synth::start().date());
    let mut state = State::default();
    for c in demo::commands(as_of) {
        apply(&mut state, c).expect("demo command applies");
    }
    let m = mrp::synth::state(42, 200, 10, 365, as_of);
    state.items.extend(m.items);
    state.sales_orders.extend(m.sales_orders);
    state.purchase_orders.extend(m.purchase_orders);
    state.stock.extend(m.stock);
    state.mrp.params.extend(m.mrp.params);
    let j = jit::synth::monitor_state(7, 3_000);
    state.items.extend(j.items);
    state.customers.extend(j.customers);
    state.jit = j.jit;
    let failures = [
        PostingFailure::UnknownMaterial {
            customer_material: "CM-4711".into(),
        },
        PostingFailure::BlockedMaterial {
            material: "ITEM-1".into(),
        },
        PostingFailure::MissingStock {
            item: "ITEM-2".into(),
            needed: Qty(12),
            available: Qty(5),
        },
    ];
    for (call, failure) in state
        .jit
        .calls
        .values_mut()
        .zip(failures.iter().cycle())
        .take(9)
    {
        call.components[0].failure = Some(Box::new(failure.clone()));
    }
    // The synthetic day is sequenced; make every seventh call a summarized one.
    for call in state.jit.calls.values_mut().step_by(7) {
        call.kind = CallKind::Summarized {
            basis: SummarizedBasis::Containers,
        };
    }
    let v = vmi_workload(&SynthConfig {
        seed: 3,
        customers: 20,
        articles_per_customer: 5,
        article_pool: 40,
        open_lines: 300,
        lines_per_order: 3,
    });
    state.vmi = v.vmi;
    state
}

#[test]
fn every_part_of_the_state_comes_back() {
    let state = full_state();
    let kinds: Vec<_> = state.jit.calls.values().map(|c| &c.kind).collect();
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, CallKind::Sequenced { .. }))
    );
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, CallKind::Summarized { .. }))
    );
    assert!(!state.vmi.planning.is_empty() && !state.vmi.stock.is_empty());
    assert!(!state.mrp.params.is_empty() && !state.purchase_orders.is_empty());

    let bytes = snapshot::encode(8_421, &state).expect("encodes");
    let (cursor, back) = snapshot::decode(&bytes).expect("decodes");
    assert_eq!(cursor, 8_421);
    assert!(
        back == state,
        "the decoded state differs from the encoded one"
    );

    // The point of it: far smaller than the JSON the start read before.
    let json = serde_json::to_vec(&state).expect("json");
    assert!(
        bytes.len() * 3 < json.len(),
        "snapshot {} bytes, JSON {} bytes",
        bytes.len(),
        json.len()
    );
}

#[test]
fn json_forms_of_the_two_form_enums_are_unchanged() {
    let seq = CallKind::Sequenced {
        sequence_no: 17,
        vehicle: "VIN-9".into(),
    };
    assert_eq!(
        serde_json::to_string(&seq).expect("json"),
        r#"{"type":"sequenced","sequence_no":17,"vehicle":"VIN-9"}"#
    );
    let sum: CallKind = serde_json::from_str(r#"{"type":"summarized"}"#).expect("default basis");
    assert_eq!(
        sum,
        CallKind::Summarized {
            basis: SummarizedBasis::Quantity
        }
    );
    let f = PostingFailure::MissingStock {
        item: "A".into(),
        needed: Qty(3),
        available: Qty(1),
    };
    let text = serde_json::to_string(&f).expect("json");
    assert_eq!(
        text,
        r#"{"reason":"missing_stock","item":"A","needed":3,"available":1}"#
    );
    let back: PostingFailure = serde_json::from_str(&text).expect("reads back");
    assert_eq!(back, f);
    // Through serde_json::Value as well (the sync code reads entities that way).
    let value = serde_json::to_value(&seq).expect("value");
    assert_eq!(value["type"], "sequenced");
    assert_eq!(
        serde_json::from_value::<CallKind>(value).expect("from value"),
        seq
    );
}

#[test]
fn foreign_and_damaged_bytes_are_refused() {
    let state = full_state();
    let bytes = snapshot::encode(5, &state).expect("encodes");

    assert_eq!(snapshot::decode(b""), Err(SnapshotError::NotASnapshot));
    // The JSON snapshot of earlier builds.
    let old = format!(
        r#"{{"cursor":5,"state":{}}}"#,
        serde_json::to_string(&state).expect("json")
    );
    assert_eq!(
        snapshot::decode(old.as_bytes()),
        Err(SnapshotError::NotASnapshot)
    );

    let mut other = bytes.clone();
    other[8..24].copy_from_slice(b"0123456789abcdef");
    assert!(snapshot::SCHEMA != "0123456789abcdef");
    assert_eq!(
        snapshot::decode(&other),
        Err(SnapshotError::OtherBuild {
            schema: "0123456789abcdef".into()
        })
    );

    // Every cut short of the end fails; so does a stray byte after it.
    for cut in (0..bytes.len()).step_by(bytes.len() / 997 + 1) {
        let r = snapshot::decode(&bytes[..cut]);
        assert!(r.is_err(), "a snapshot cut at byte {cut} decoded");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    match snapshot::decode(&longer) {
        Err(SnapshotError::Corrupt { offset, .. }) => assert_eq!(offset, bytes.len()),
        other => panic!("a trailing byte gave {other:?}"),
    }
}

fn small_state() -> State {
    let mut s = jit::synth::monitor_state(11, 40);
    s.vmi = vmi_workload(&SynthConfig {
        seed: 1,
        customers: 2,
        articles_per_customer: 2,
        article_pool: 4,
        open_lines: 10,
        lines_per_order: 2,
    })
    .vmi;
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Flipped bytes anywhere in the body never panic: the result is an error or a state
    /// (postcard cannot always tell a changed number from a right one).
    #[test]
    fn flipped_bytes_never_panic(flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..8)) {
        let state = small_state();
        let mut bytes = snapshot::encode(1, &state).expect("encodes");
        for (at, x) in flips {
            let i = 24 + at.index(bytes.len() - 24);
            bytes[i] ^= x;
        }
        let _ = snapshot::decode(&bytes);
    }

    /// Any cursor and any subset of the calls comes back as written.
    #[test]
    fn round_trip(cursor in any::<u64>(), keep in prop::collection::vec(any::<bool>(), 40)) {
        let mut state = small_state();
        let ids: Vec<_> = state.jit.calls.keys().cloned().collect();
        for (id, k) in ids.iter().zip(keep) {
            if !k {
                state.jit.calls.remove(id);
            }
        }
        let bytes = snapshot::encode(cursor, &state).expect("encodes");
        let (c, back) = snapshot::decode(&bytes).expect("decodes");
        prop_assert_eq!(c, cursor);
        prop_assert!(back == state);
    }
}
