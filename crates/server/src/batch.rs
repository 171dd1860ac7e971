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

/// `takt vmi FILE`: the proposals of one VMI case (`{"proposals": […], "replaced": […]}`).
pub fn vmi(path: &Path, case: Option<&str>) -> Result<String> {
    let text = read_case(path, case)?;
    let out = takt_engine::vmi::vmi_case_json(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(serde_json::to_string_pretty(&out)?)
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

/// `takt edi parse FILE`: the normalized documents of one interchange as JSON.
pub fn edi_parse(path: &Path) -> Result<String> {
    let bytes = read_bytes(path)?;
    let v = takt_engine::edi::parse_to_json(&bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(serde_json::to_string_pretty(&v)?)
}

fn open_store(data_dir: &Path) -> Result<crate::store::Store> {
    let db = data_dir.join("takt.sqlite3");
    anyhow::ensure!(
        db.is_file(),
        "{} does not exist: run `takt serve --data-dir {}` once first",
        db.display(),
        data_dir.display()
    );
    crate::store::Store::open(&db).map_err(|e| anyhow::anyhow!("{}: {e}", db.display()))
}

/// `takt edi import FILE --data-dir D [--partner CUSTOMER]`: the same path as
/// `POST /api/v1/edi/inbound` — the inbox row and the commands in one transaction, all or
/// nothing, a repeated interchange refused. The partner is the customer whose partner profile
/// names the sender, unless given.
pub fn edi_import(path: &Path, data_dir: &Path, partner: Option<&str>) -> Result<String> {
    use takt_engine::edi::{import, parse};
    let bytes = read_bytes(path)?;
    let at = |e: String| anyhow::anyhow!("{}: {e}", path.display());
    let parsed = parse(&bytes).map_err(|e| at(e.to_string()))?;
    let store = open_store(data_dir)?;
    let customer = match partner {
        Some(p) => p.to_owned(),
        None => store
            .read(|i| import::resolve_partner(&i.engine, &parsed, None))
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .map_err(|e| at(e.to_string()))?
            .to_string(),
    };
    let control_ref = parsed.envelope.control_ref.clone();
    let who = crate::auth::Principal {
        name: "cli".into(),
        ..crate::auth::Principal::system()
    };
    let outcome = store
        .edi_inbound(
            &who,
            &customer,
            &control_ref,
            &bytes,
            |state| {
                crate::edi::read_interchange(state, Some(&customer), Some(&control_ref), &bytes)
                    .map(|(_, c)| c)
            },
            &crate::now_utc().to_rfc3339(),
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if let Some(e) = &outcome.error {
        bail!("{}: refused (inbox {}): {e}", path.display(), outcome.id);
    }
    if outcome.duplicate {
        bail!(
            "{}: interchange {control_ref} from {customer} was applied before (inbox {}); nothing applied",
            path.display(),
            outcome.id
        );
    }
    Ok(serde_json::to_string_pretty(&outcome)?)
}

/// `takt edi render --kind asn|invoice --delivery ID --data-dir D`: the shipping notice or
/// invoice of a delivery, rendered from the stored state in the customer's format.
pub fn edi_render(kind: &str, delivery: &str, data_dir: &Path) -> Result<String> {
    use takt_engine::edi::export::{self, OutKind};
    let kind = match kind {
        "asn" => OutKind::Asn,
        "invoice" => OutKind::Invoice,
        other => bail!("--kind {other:?}: expected asn or invoice"),
    };
    let store = open_store(data_dir)?;
    let prepared = export::when(crate::now_utc().naive_utc());
    let rendered = store
        .read(|i| export::render_for_delivery(&i.engine, kind, delivery, 1, prepared))
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .map_err(|e| anyhow::anyhow!("delivery {delivery}: {e}"))?;
    Ok(rendered.body)
}
