//! The batch subcommands through the real `takt` binary: every case of the planning
//! conformance file gives the expected lines, and bad input gives an error naming the place.
#![allow(clippy::unwrap_used)] // tests: a failed setup step should stop the test

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn takt(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_takt"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn scenarios() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../engine/tests/data/bc-planning.json")
}

#[test]
fn plan_prints_the_expected_lines_for_every_conformance_case() {
    let path = scenarios();
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let (ok, stdout, stderr) = takt(&["plan", path.to_str().unwrap(), "--case", id]);
        assert!(ok, "{id}: {stderr}");
        let lines: Vec<Value> = serde_json::from_str(&stdout).unwrap();
        let expected = case["expected_count"].as_u64().unwrap() as usize;
        assert_eq!(lines.len(), expected, "{id}: {stdout}");
        for line in &lines {
            for field in ["action", "day", "orig_qty", "qty"] {
                assert!(
                    line.get(field).is_some(),
                    "{id}: line without {field}: {line}"
                );
            }
        }
    }
}

#[test]
fn mrp_card_prints_csv_with_the_seed_columns() {
    let path = scenarios();
    let (ok, stdout, stderr) = takt(&[
        "mrp-card",
        path.to_str().unwrap(),
        "--case",
        "TC12ReorderPoint",
        "--period",
        "day",
        "--csv",
    ]);
    assert!(ok, "{stderr}");
    let mut rows = stdout.lines();
    assert_eq!(
        rows.next(),
        Some("period_start,period_end,G,S,PI,SPI,AMQ,RQ,SSQ,PIN,AoD")
    );
    // Day 7: the sale of 50 takes projected inventory from 150 to 100.
    let day7 = rows.nth(7).unwrap();
    let cols: Vec<&str> = day7.split(',').collect();
    assert_eq!((cols[2], cols[4]), ("-50", "100"), "{day7}");
}

#[test]
fn bad_input_names_the_file_and_position() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"item\": {\"policy\": \"fixed_reorder_qty\",\n  \"reorder_point\": }",
    )
    .unwrap();
    let (ok, _, stderr) = takt(&["plan", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        stderr.contains("bad.json") && stderr.contains("line 2"),
        "{stderr}"
    );
    let (ok, _, stderr) = takt(&["plan", scenarios().to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("--case"), "{stderr}");
}
