//! Batch subcommands of the `takt` binary: the engine's computations on one case file,
//! printed as JSON (or CSV), for scripting and for checking the engine against others' cases.

use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::path::Path;
use takt_engine::mrp::{self, Period};

/// Reads `path` and returns the JSON text of one case: the file itself when it holds one
/// object, or the case named `case` when it holds an array of cases (the scenario files'
/// layout).
pub fn read_case(path: &Path, case: Option<&str>) -> Result<String> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}: line {}, column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    match value {
        Value::Object(_) => Ok(text),
        Value::Array(cases) => {
            let ids: Vec<&str> = cases
                .iter()
                .filter_map(|c| c.get("id").and_then(Value::as_str))
                .collect();
            let Some(wanted) = case else {
                bail!(
                    "{} holds {} cases; choose one with --case ID ({})",
                    path.display(),
                    cases.len(),
                    ids.join(", ")
                );
            };
            let found = cases
                .iter()
                .find(|c| c.get("id").and_then(Value::as_str) == Some(wanted))
                .with_context(|| format!("{} has no case {wanted:?}", path.display()))?;
            Ok(found.to_string())
        }
        _ => bail!(
            "{}: expected a case object or an array of cases",
            path.display()
        ),
    }
}

/// `takt plan FILE`: the planning lines of one case as a JSON array.
pub fn plan(path: &Path, case: Option<&str>) -> Result<String> {
    let text = read_case(path, case)?;
    let lines =
        mrp::plan_case_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(serde_json::to_string_pretty(&lines)?)
}

/// `takt mrp-card FILE`: the MRP card of one case as JSON or CSV.
pub fn mrp_card(path: &Path, case: Option<&str>, period: &str, csv: bool) -> Result<String> {
    let period = match period {
        "day" => Period::Day,
        "week" => Period::Week,
        "month" => Period::Month,
        other => bail!("--period {other:?}: expected day, week or month"),
    };
    let text = read_case(path, case)?;
    let at = |e: mrp::ScenarioError| anyhow::anyhow!("{}: {e}", path.display());
    if csv {
        mrp::mrp_card_case_csv(&text, period).map_err(at)
    } else {
        let card = mrp::mrp_card_case_json(&text, period).map_err(at)?;
        Ok(serde_json::to_string_pretty(&card)?)
    }
}
