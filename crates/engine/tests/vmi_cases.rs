//! Data-driven VMI cases: every case of `tests/data/vmi.json` (the shared conformance set) and
//! `tests/data/vmi-more.json` (our own) must produce exactly its `expected` proposals and
//! replaced ids. With `TAKT_SCENARIOS=<dir>`, same-named files there are run instead.

#![allow(clippy::unwrap_used)] // test helpers: a panic is a failed test

use serde_json::Value;
use std::path::PathBuf;
use takt_engine::vmi::vmi_case_json;

/// Reads a case file: from `$TAKT_SCENARIOS` when set and present there, else our copy.
fn load(name: &str) -> (PathBuf, Vec<Value>) {
    let local = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let path = match std::env::var_os("TAKT_SCENARIOS") {
        Some(dir) if PathBuf::from(&dir).join(name).exists() => PathBuf::from(dir).join(name),
        Some(dir) if name == "vmi.json" => {
            panic!(
                "TAKT_SCENARIOS={} has no {name}",
                PathBuf::from(dir).display()
            )
        }
        _ => local,
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let cases: Vec<Value> = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a list of cases: {e}", path.display()));
    (path, cases)
}

/// Sorts proposals by customer and article and the replaced ids, so that only content counts.
fn normalize(v: &Value) -> Value {
    let mut proposals: Vec<Value> = v
        .get("proposals")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    proposals.sort_by_key(|p| (p["customer"].to_string(), p["article"].to_string()));
    let mut replaced: Vec<String> = v
        .get("replaced")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    replaced.sort();
    serde_json::json!({ "proposals": proposals, "replaced": replaced })
}

/// A line diff of two pretty-printed values: `-` expected only, `+` actual only.
fn diff(expected: &Value, actual: &Value) -> String {
    let e = serde_json::to_string_pretty(expected).unwrap_or_default();
    let a = serde_json::to_string_pretty(actual).unwrap_or_default();
    let (el, al): (Vec<&str>, Vec<&str>) = (e.lines().collect(), a.lines().collect());
    // Longest common subsequence, small inputs.
    let mut lcs = vec![vec![0usize; al.len() + 1]; el.len() + 1];
    for i in (0..el.len()).rev() {
        for j in (0..al.len()).rev() {
            lcs[i][j] = if el[i] == al[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < el.len() || j < al.len() {
        if i < el.len() && j < al.len() && el[i] == al[j] {
            out += &format!("   {}\n", el[i]);
            i += 1;
            j += 1;
        } else if i < el.len() && (j == al.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out += &format!(" - {}\n", el[i]);
            i += 1;
        } else {
            out += &format!(" + {}\n", al[j]);
            j += 1;
        }
    }
    out
}

fn check(name: &str) {
    let (path, cases) = load(name);
    assert!(!cases.is_empty(), "{} has no cases", path.display());
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let id = case
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned();
        let expected = normalize(&case["expected"]);
        match vmi_case_json(&case.to_string()) {
            Err(e) => failures.push(format!("case #{i} {id}: error: {e}")),
            Ok(actual) => {
                let actual = normalize(&actual);
                if actual != expected {
                    let why = case.get("why").and_then(Value::as_str).unwrap_or("");
                    failures.push(format!(
                        "case #{i} {id} ({why}): expected (-) vs actual (+)\n{}",
                        diff(&expected, &actual)
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases in {} failed:\n\n{}",
        failures.len(),
        cases.len(),
        path.display(),
        failures.join("\n")
    );
}

#[test]
fn shared_vmi_cases() {
    check("vmi.json");
}

#[test]
fn more_vmi_cases() {
    check("vmi-more.json");
}
