//! The batch subcommands through the real `takt` binary: every case of the planning
//! conformance file gives the expected lines, and bad input gives an error naming the place.
#![allow(clippy::unwrap_used)] // tests: a failed setup step should stop the test

#[path = "common/edi_fixture.rs"]
mod edi_fixture;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use takt_server::auth::Principal;
use takt_server::store::Store;

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

fn engine_data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../engine/tests/data")
        .join(name)
}

#[test]
fn vmi_prints_proposals_and_replaced() {
    let path = engine_data("vmi.json");
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let id = cases[0]["id"].as_str().unwrap();
    let (ok, stdout, stderr) = takt(&["vmi", path.to_str().unwrap(), "--case", id]);
    assert!(ok, "{stderr}");
    let out: Value = serde_json::from_str(&stdout).unwrap();
    assert!(out["proposals"].is_array(), "{out}");
    assert!(out["replaced"].is_array(), "{out}");
    let (ok, _, stderr) = takt(&["vmi", path.to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("--case"), "{stderr}");
}

#[test]
fn edi_parse_prints_documents_and_errors_name_the_segment() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("deljit.edi");
    std::fs::write(&good, edi_fixture::DELJIT).unwrap();
    let (ok, stdout, stderr) = takt(&["edi", "parse", good.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["envelope"]["control_ref"], "4711");
    assert_eq!(v["documents"][0]["doc"], "jit_call");
    let bad = dir.path().join("bad.edi");
    std::fs::write(&bad, edi_fixture::DELJIT.replace("UNT+15+1'", "UNT+9+1'")).unwrap();
    let (ok, _, stderr) = takt(&["edi", "parse", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        stderr.contains("bad.edi") && stderr.contains("UNT"),
        "{stderr}"
    );
}

fn push_all(data: &Path, commands: Vec<Value>) {
    let store = Store::open(&data.join("takt.sqlite3")).unwrap();
    for c in commands {
        let r = store
            .push_one(
                &Principal::system(),
                serde_json::from_value(c).unwrap(),
                "t",
            )
            .unwrap();
        assert_eq!(
            serde_json::to_value(&r).unwrap()["status"],
            "applied",
            "{r:?}"
        );
    }
}

#[test]
fn edi_import_applies_once_and_render_prints_the_desadv() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    push_all(&data, edi_fixture::setup());
    let file = dir.path().join("deljit.edi");
    std::fs::write(&file, edi_fixture::DELJIT).unwrap();
    let d = data.to_str().unwrap();
    // Partner from the sender's partner profile (OEMPLANT → OEM).
    let (ok, stdout, stderr) = takt(&["edi", "import", file.to_str().unwrap(), "--data-dir", d]);
    assert!(ok, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["status"], "applied");
    assert_eq!(v["results"][0]["status"], "applied");
    // The same interchange again is refused.
    let (ok, _, stderr) = takt(&["edi", "import", file.to_str().unwrap(), "--data-dir", d]);
    assert!(!ok);
    assert!(stderr.contains("applied before"), "{stderr}");
    // A partner that does not exist: refused whole.
    let other = dir.path().join("other.edi");
    std::fs::write(&other, edi_fixture::DELJIT.replace("4711'", "4712'")).unwrap();
    let (ok, _, stderr) = takt(&[
        "edi",
        "import",
        other.to_str().unwrap(),
        "--data-dir",
        d,
        "--partner",
        "NOPE",
    ]);
    assert!(!ok);
    assert!(stderr.contains("NOPE"), "{stderr}");
    {
        let store = Store::open(&data.join("takt.sqlite3")).unwrap();
        let calls = store.read(|i| i.engine.jit.calls.len()).unwrap();
        assert_eq!(calls, 1);
    }
    // Nothing to render before goods issue.
    let (ok, _, stderr) = takt(&[
        "edi",
        "render",
        "--kind",
        "asn",
        "--delivery",
        "D00001",
        "--data-dir",
        d,
    ]);
    assert!(!ok);
    assert!(stderr.contains("D00001"), "{stderr}");
    push_all(&data, edi_fixture::lifecycle());
    let delivery = {
        let store = Store::open(&data.join("takt.sqlite3")).unwrap();
        store
            .read(|i| i.engine.jit.calls[edi_fixture::CALL].delivery.clone())
            .unwrap()
            .unwrap()
    };
    let (ok, stdout, stderr) = takt(&[
        "edi",
        "render",
        "--kind",
        "asn",
        "--delivery",
        &delivery,
        "--data-dir",
        d,
    ]);
    assert!(ok, "{stderr}");
    let p = takt_engine::edi::parse(stdout.trim_end().as_bytes()).unwrap();
    assert_eq!(p.envelope.receiver, "OEMPLANT");
    assert!(matches!(
        &p.documents[..],
        [takt_engine::edi::InboundDoc::ShippingNotice(_)]
    ));
    let (ok, _, stderr) = takt(&[
        "edi",
        "render",
        "--kind",
        "invoice",
        "--delivery",
        &delivery,
        "--data-dir",
        d,
    ]);
    assert!(!ok, "not billed yet");
    assert!(stderr.contains("invoice"), "{stderr}");
}
