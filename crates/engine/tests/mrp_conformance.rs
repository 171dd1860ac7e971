//! Conformance: every case of `bc-planning.json` (Business Central's regression figures) must
//! plan to exactly the expected lines. Set `TAKT_SCENARIOS` to a directory to run a larger
//! file of the same name.

use serde_json::Value;
use std::path::PathBuf;
use takt_engine::mrp::plan_case_json;

fn scenario_file() -> PathBuf {
    match std::env::var_os("TAKT_SCENARIOS") {
        Some(dir) => PathBuf::from(dir).join("bc-planning.json"),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/bc-planning.json"),
    }
}

/// (action, day, orig_qty, qty) of one line.
type Row = (String, i64, i64, i64);

fn row(v: &Value) -> Row {
    (
        v["action"].as_str().unwrap_or_default().to_owned(),
        v["day"].as_i64().unwrap_or_default(),
        v["orig_qty"].as_i64().unwrap_or_default(),
        v["qty"].as_i64().unwrap_or_default(),
    )
}

/// Compares actual lines with the expected ones; `Err` is a readable diff.
fn check(case: &Value, actual: &[Value]) -> Result<(), String> {
    let mut rest: Vec<Row> = actual.iter().map(row).collect();
    let mut missing = Vec::new();
    let mut sums = Vec::new();
    for e in case["expected"].as_array().into_iter().flatten() {
        let (action, day, orig, qty) = row(e);
        if e["sum_of_lines"].as_bool().unwrap_or(false) {
            sums.push((action, day, orig, qty));
            continue;
        }
        for _ in 0..e["n_lines"].as_u64().unwrap_or(1) {
            let want = (action.clone(), day, orig, qty);
            match rest.iter().position(|r| *r == want) {
                Some(i) => {
                    rest.remove(i);
                }
                None => missing.push(want),
            }
        }
    }
    for (action, day, orig, qty) in sums {
        let total: i64 = rest
            .iter()
            .filter(|r| r.0 == action && r.1 == day)
            .map(|r| r.3)
            .sum();
        if total == qty && total > 0 {
            rest.retain(|r| !(r.0 == action && r.1 == day));
        } else {
            missing.push((format!("{action} (sum of lines)"), day, orig, qty));
        }
    }
    let want_count = case["expected_count"].as_u64().map(|c| c as usize);
    let count_ok = want_count.is_none_or(|c| c == actual.len());
    if missing.is_empty() && rest.is_empty() && count_ok {
        return Ok(());
    }
    let mut msg = format!(
        "case {}: {}\n  why: {}\n",
        case["id"].as_str().unwrap_or("?"),
        case["desc"].as_str().unwrap_or(""),
        case["why"].as_str().unwrap_or("")
    );
    for m in &missing {
        msg += &format!("  - expected, not produced: {m:?}\n");
    }
    for r in &rest {
        msg += &format!("  + produced, not expected: {r:?}\n");
    }
    if !count_ok {
        msg += &format!(
            "  expected_count {want_count:?}, produced {}\n",
            actual.len()
        );
    }
    for a in actual {
        msg += &format!("    line: {a}\n");
    }
    Err(msg)
}

#[test]
fn bc_planning_cases_plan_to_the_expected_lines() {
    let path = scenario_file();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let cases: Vec<Value> = serde_json::from_str(&text).expect("scenario file is a JSON array");
    assert!(!cases.is_empty(), "no cases in {}", path.display());
    let mut failures = Vec::new();
    for case in &cases {
        let json = case.to_string();
        match plan_case_json(&json) {
            Ok(Value::Array(lines)) => {
                if let Err(diff) = check(case, &lines) {
                    failures.push(diff);
                }
            }
            Ok(other) => failures.push(format!("case {}: not an array: {other}", case["id"])),
            Err(e) => failures.push(format!("case {}: {e}", case["id"])),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
