//! The batch entry point: run one JIT case (a command list and an as-of time) given as JSON
//! text and return the results, the monitor and the documents as JSON.

use crate::jit::monitor::monitor;
use crate::state::{Command, State, apply};
use chrono::NaiveDateTime;
use serde_json::{Value, json};
use std::fmt;

/// What is wrong with a case's JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseError {
    /// Not JSON at all.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// A field is missing or has the wrong shape; `path` names it (`commands[3]`).
    Field { path: String, message: String },
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseError::Syntax {
                line,
                column,
                message,
            } => {
                write!(f, "line {line}, column {column}: {message}")
            }
            CaseError::Field { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for CaseError {}

/// Runs a case `{"id": …, "as_of": "2026-11-23T06:00:00", "state"?: {…}, "commands": […]}`.
/// Every command is applied in order (a rejection is a result, not an error). Returns
/// `{"id", "results": [{"ok", "applied" | "rejection"}], "monitor", "shipping_notices",
/// "invoices", "mrp_demands"}`.
pub fn run_case(text: &str) -> Result<Value, CaseError> {
    let v: Value = serde_json::from_str(text).map_err(|e| CaseError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let field = |path: &str, message: String| CaseError::Field {
        path: path.to_owned(),
        message,
    };
    let as_of: NaiveDateTime = match v.get("as_of") {
        Some(x) => serde_json::from_value(x.clone()).map_err(|e| field("as_of", e.to_string()))?,
        None => return Err(field("as_of", "missing".into())),
    };
    let mut state: State = match v.get("state") {
        Some(x) => serde_json::from_value(x.clone()).map_err(|e| field("state", e.to_string()))?,
        None => State::default(),
    };
    let commands = v
        .get("commands")
        .and_then(Value::as_array)
        .ok_or_else(|| field("commands", "missing or not a list".into()))?;
    let mut results = Vec::with_capacity(commands.len());
    for (i, c) in commands.iter().enumerate() {
        let command: Command = serde_json::from_value(c.clone())
            .map_err(|e| field(&format!("commands[{i}]"), e.to_string()))?;
        results.push(match apply(&mut state, command) {
            Ok(a) => json!({"ok": true, "applied": a}),
            Err(r) => json!({"ok": false, "rejection": r}),
        });
    }
    let demands: Vec<Value> = crate::jit::mrp_demands(&state)
        .into_iter()
        .map(|(item, day, qty, call)| json!({"item": item, "day": day.to_string(), "qty": qty, "call": call}))
        .collect();
    Ok(json!({
        "id": v.get("id").cloned().unwrap_or(Value::Null),
        "results": results,
        "monitor": monitor(&state, as_of),
        "shipping_notices": state.jit.shipping_notices.values().collect::<Vec<_>>(),
        "invoices": state.jit.invoices.values().collect::<Vec<_>>(),
        "mrp_demands": demands,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_position() {
        assert!(matches!(
            run_case("{"),
            Err(CaseError::Syntax { line: 1, .. })
        ));
        let e = run_case(r#"{"as_of": "2026-11-23T06:00:00", "commands": [{"type": "nope"}]}"#);
        assert!(matches!(e, Err(CaseError::Field { path, .. }) if path == "commands[0]"));
        let e = run_case(r#"{"commands": []}"#);
        assert!(matches!(e, Err(CaseError::Field { path, .. }) if path == "as_of"));
    }

    #[test]
    fn runs_a_small_case() {
        let text = r#"{"id": "x", "as_of": "2026-11-23T06:00:00", "commands": [
            {"type": "upsert_customer", "customer": {"id": "C", "name": "c"}},
            {"type": "jit", "command": {"type": "release_to_production", "calls": ["nope"]}}
        ]}"#;
        let out = run_case(text).unwrap();
        assert_eq!(out["results"][0]["ok"], true);
        assert_eq!(out["results"][1]["ok"], false);
        assert_eq!(out["results"][1]["rejection"]["kind"], "not_found");
    }
}
