//! A proposal run's selection with article classifications survives the wire: the command
//! JSON (internally tagged, as the browser queues it and the server reads it) round-trips.

use std::collections::BTreeMap;
use takt_engine::Command;
use takt_engine::types::Day;
use takt_engine::vmi::{SalesOrgId, Selection, VmiCommand};

#[test]
fn a_generate_command_with_classifications_round_trips() {
    let mut selection = Selection::all(SalesOrgId::new("DE"));
    selection.classifications = BTreeMap::from([
        (1, vec!["SEAT".to_owned()]),
        (3, vec!["A".to_owned(), "B".to_owned()]),
    ]);
    let command = Command::Vmi {
        command: VmiCommand::GenerateProposals {
            selection,
            as_of: Day(20_000),
            id_prefix: "VP-".into(),
            first_number: 1,
        },
    };
    let json = serde_json::to_string(&command).unwrap();
    // The shape stays: classification numbers are JSON object keys.
    assert!(
        json.contains(r#""classifications":{"1":["SEAT"],"3":["A","B"]}"#),
        "{json}"
    );
    let back: Command = serde_json::from_str(&json).unwrap();
    assert_eq!(back, command);
    // Also from a serde_json::Value (how a pushed batch is read).
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(serde_json::from_value::<Command>(value).unwrap(), command);
}

#[test]
fn a_classification_key_that_is_not_a_number_is_an_error() {
    let json = r#"{"type":"vmi","command":{"type":"generate_proposals","selection":{"sales_org":"DE","classifications":{"x":["SEAT"]}},"as_of":1,"id_prefix":"VP-","first_number":1}}"#;
    let err = serde_json::from_str::<Command>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("classification number"), "{err}");
}
