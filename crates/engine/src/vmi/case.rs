//! The batch entry point for VMI scenario cases (`scenarios/vmi.json` schema): build a state
//! from one case through the ordinary commands, run the proposal generation, and report the
//! proposals and replaced ids in the shape of the case's `expected`.

use super::{
    PlanningData, Proposal, ProposalId, ProposalStatus, SalesOrg, SalesOrgId, Selection,
    StockReport, VmiCommand, VmiSettings, compute_proposals,
};
use crate::model::{Customer, Item, SalesLine, SalesOrder};
use crate::state::{Command, Rejection, State, apply};
use crate::types::{CustomerId, Day, ItemId, LocationId, Qty, SalesOrderId};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt;

/// Why a case could not be run. Each variant names where in the case the problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VmiCaseError {
    /// The text is not JSON.
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// A field is missing or has a value of the wrong shape, e.g. `planning[2].lot_size`.
    Field { path: String, message: String },
    /// The engine refused the data at `path` (e.g. a planning record with a reorder point below
    /// the minimum stock).
    Rejected { path: String, rejection: Rejection },
}

impl fmt::Display for VmiCaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VmiCaseError::Json {
                line,
                column,
                message,
            } => {
                write!(
                    f,
                    "not valid JSON at line {line}, column {column}: {message}"
                )
            }
            VmiCaseError::Field { path, message } => write!(f, "{path}: {message}"),
            VmiCaseError::Rejected { path, rejection } => write!(f, "{path}: {rejection}"),
        }
    }
}

impl std::error::Error for VmiCaseError {}

#[derive(Deserialize)]
struct CaseSettings {
    #[serde(default)]
    default_outbound_location: Option<LocationId>,
}

#[derive(Deserialize)]
struct CaseArticle {
    id: ItemId,
    #[serde(default)]
    classifications: Vec<Option<String>>,
}

#[derive(Deserialize)]
struct CaseCustomer {
    id: CustomerId,
    #[serde(default)]
    shipping_location: Option<LocationId>,
}

#[derive(Deserialize)]
struct CaseStock {
    customer: CustomerId,
    article: ItemId,
    location: LocationId,
    qty: Qty,
    #[serde(default)]
    reserved: Option<Qty>,
    as_of: String,
}

#[derive(Deserialize)]
struct CaseOrderLine {
    order: SalesOrderId,
    line: u32,
    ship_to: CustomerId,
    article: ItemId,
    qty: Qty,
    #[serde(default)]
    delivered: Option<Qty>,
    #[serde(default)]
    reserved: Option<Qty>,
    shipping_date: String,
    #[serde(default)]
    location: Option<LocationId>,
}

#[derive(Deserialize)]
struct CaseProposal {
    id: ProposalId,
    customer: CustomerId,
    article: ItemId,
    qty: Qty,
    status: ProposalStatus,
    #[serde(default)]
    delivery_date: Option<String>,
    #[serde(default)]
    sales_org: Option<SalesOrgId>,
}

/// Reads one case (fields `expected`, `why`, `id`, `desc` are ignored), runs the generation
/// and returns `{"proposals": [...], "replaced": [...]}`: proposals sorted by customer and
/// article with `customer`, `article`, `qty`, `delivery_date` (YYYY-MM-DD), `sales_org`,
/// `outbound_location`; replaced proposal ids sorted.
pub fn vmi_case_json(case_json: &str) -> Result<Value, VmiCaseError> {
    let case: Value = serde_json::from_str(case_json).map_err(|e| VmiCaseError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if !case.is_object() {
        return Err(field("(case)", "a case is a JSON object"));
    }
    let as_of = day("as_of", case.get("as_of"))?;
    let settings: CaseSettings = match case.get("settings") {
        None | Some(Value::Null) => CaseSettings {
            default_outbound_location: None,
        },
        Some(v) => parse("settings", v)?,
    };
    let mut state = State::default();
    run(
        &mut state,
        "settings",
        VmiCommand::SetSettings {
            settings: VmiSettings {
                default_outbound_location: settings.default_outbound_location,
                ..VmiSettings::default()
            },
        },
    )?;

    let orgs: Vec<SalesOrg> = list(&case, "sales_orgs")?;
    run(
        &mut state,
        "sales_orgs",
        VmiCommand::ReplaceSalesOrgs { orgs },
    )?;

    for (i, a) in list::<CaseArticle>(&case, "articles")?
        .into_iter()
        .enumerate()
    {
        if a.classifications.len() > 5 {
            return Err(field(
                &format!("articles[{i}].classifications"),
                "at most five classifications",
            ));
        }
        let mut classifications: [Option<String>; 5] = Default::default();
        for (slot, c) in classifications.iter_mut().zip(a.classifications) {
            *slot = c;
        }
        let item = Item {
            id: a.id,
            description: String::new(),
            unit: "PCS".to_owned(),
            comparable: Vec::new(),
            classifications,
        };
        apply_at(
            &mut state,
            &format!("articles[{i}]"),
            Command::UpsertItem { item },
        )?;
    }
    for (i, c) in list::<CaseCustomer>(&case, "customers")?
        .into_iter()
        .enumerate()
    {
        let customer = Customer {
            id: c.id.clone(),
            name: c.id.to_string(),
            shipping_location: c.shipping_location,
        };
        apply_at(
            &mut state,
            &format!("customers[{i}]"),
            Command::UpsertCustomer { customer },
        )?;
    }
    for (i, data) in list::<PlanningData>(&case, "planning")?
        .into_iter()
        .enumerate()
    {
        run(
            &mut state,
            &format!("planning[{i}]"),
            VmiCommand::UpsertPlanning { data },
        )?;
    }
    for (i, s) in list::<CaseStock>(&case, "stock")?.into_iter().enumerate() {
        let at = format!("stock[{i}]");
        let report = StockReport {
            customer: s.customer,
            article: s.article,
            location: s.location,
            qty: s.qty,
            reserved: s.reserved.unwrap_or_default(),
            as_of: timestamp(&format!("{at}.as_of"), &s.as_of)?,
        };
        run(
            &mut state,
            &at,
            VmiCommand::ReportStock {
                reports: vec![report],
            },
        )?;
    }

    // Open order lines, grouped into orders (the ship-to of the first line is the order's).
    let mut orders: BTreeMap<SalesOrderId, (usize, SalesOrder)> = BTreeMap::new();
    for (i, l) in list::<CaseOrderLine>(&case, "open_orders")?
        .into_iter()
        .enumerate()
    {
        let at = format!("open_orders[{i}]");
        let line = SalesLine {
            line: l.line,
            item: l.article,
            qty: l.qty,
            delivered: l.delivered.unwrap_or_default(),
            reserved: l.reserved.unwrap_or_default(),
            shipping_date: parse_day(&format!("{at}.shipping_date"), &l.shipping_date)?,
            location: l.location,
        };
        let (_, order) = orders.entry(l.order.clone()).or_insert_with(|| {
            (
                i,
                SalesOrder {
                    id: l.order.clone(),
                    customer: l.ship_to.clone(),
                    ship_to: l.ship_to.clone(),
                    lines: Vec::new(),
                },
            )
        });
        if order.ship_to != l.ship_to {
            return Err(field(
                &format!("{at}.ship_to"),
                &format!("order {} already ships to {}", l.order, order.ship_to),
            ));
        }
        order.lines.push(line);
    }
    for (_, (first, order)) in orders {
        apply_at(
            &mut state,
            &format!("open_orders[{first}]"),
            Command::PlaceSalesOrder { order },
        )?;
    }

    let selection: Selection = match case.get("selection") {
        Some(v) => parse("selection", v)?,
        None => return Err(field("selection", "missing")),
    };
    for (i, p) in list::<CaseProposal>(&case, "existing_proposals")?
        .into_iter()
        .enumerate()
    {
        let at = format!("existing_proposals[{i}]");
        if state.vmi.proposals.contains_key(&p.id) {
            return Err(field(
                &format!("{at}.id"),
                &format!("{} appears twice", p.id),
            ));
        }
        let delivery_date = match &p.delivery_date {
            Some(d) => parse_day(&format!("{at}.delivery_date"), d)?,
            None => as_of,
        };
        let proposal = Proposal {
            id: p.id.clone(),
            customer: p.customer,
            article: p.article,
            qty: p.qty,
            delivery_date,
            sales_org: p.sales_org.unwrap_or_else(|| selection.sales_org.clone()),
            outbound_location: None,
            planner: String::new(),
            status: p.status,
            as_of,
            order_line: None,
        };
        state.vmi.proposals.insert(p.id, proposal);
    }

    let run = compute_proposals(&state, &selection, as_of).map_err(|rejection| {
        VmiCaseError::Rejected {
            path: "selection".to_owned(),
            rejection,
        }
    })?;
    let proposals: Vec<Value> = run
        .drafts
        .iter()
        .map(|d| {
            json!({
                "customer": d.customer,
                "article": d.article,
                "qty": d.qty,
                "delivery_date": d.delivery_date.to_string(),
                "sales_org": d.sales_org,
                "outbound_location": d.outbound_location,
            })
        })
        .collect();
    Ok(json!({ "proposals": proposals, "replaced": run.replaced }))
}

fn field(path: &str, message: &str) -> VmiCaseError {
    VmiCaseError::Field {
        path: path.to_owned(),
        message: message.to_owned(),
    }
}

fn parse<T: DeserializeOwned>(path: &str, v: &Value) -> Result<T, VmiCaseError> {
    T::deserialize(v).map_err(|e| field(path, &e.to_string()))
}

/// A list field; missing or `null` is an empty list. Elements are parsed one by one so an
/// error names the element.
fn list<T: DeserializeOwned>(case: &Value, key: &str) -> Result<Vec<T>, VmiCaseError> {
    match case.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| parse(&format!("{key}[{i}]"), v))
            .collect(),
        Some(_) => Err(field(key, "must be a list")),
    }
}

fn day(path: &str, v: Option<&Value>) -> Result<Day, VmiCaseError> {
    match v {
        Some(Value::String(s)) => parse_day(path, s),
        Some(_) => Err(field(path, "must be a date YYYY-MM-DD")),
        None => Err(field(path, "missing")),
    }
}

fn parse_day(path: &str, s: &str) -> Result<Day, VmiCaseError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Day::from_date)
        .map_err(|e| field(path, &format!("{s:?} is not a date YYYY-MM-DD ({e})")))
}

/// An RFC 3339 timestamp; a bare date or a date-time without offset is read as UTC.
fn timestamp(path: &str, s: &str) -> Result<DateTime<Utc>, VmiCaseError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
        return Ok(t.and_utc());
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        && let Some(t) = d.and_hms_opt(0, 0, 0)
    {
        return Ok(t.and_utc());
    }
    Err(field(
        path,
        &format!("{s:?} is not a timestamp like 2026-03-01T18:00:00Z"),
    ))
}

fn run(state: &mut State, path: &str, command: VmiCommand) -> Result<(), VmiCaseError> {
    apply_at(state, path, Command::Vmi { command })
}

fn apply_at(state: &mut State, path: &str, command: Command) -> Result<(), VmiCaseError> {
    apply(state, command)
        .map(|_| ())
        .map_err(|rejection| VmiCaseError::Rejected {
            path: path.to_owned(),
            rejection,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_position() {
        let e = vmi_case_json("{").unwrap_err();
        assert!(matches!(e, VmiCaseError::Json { line: 1, .. }), "{e}");
        let e = vmi_case_json(r#"{"as_of":"2026-13-01"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("as_of:"), "{e}");
        let e = vmi_case_json(
            r#"{"as_of":"2026-03-01","sales_orgs":[{"id":"DE","own_master_data":true}],
                "articles":[{"id":"A"}],"customers":[{"id":"K"}],
                "planning":[{"customer":"K","article":"A","sales_org":"DE"}]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("planning[0]: missing field `storage_location`"),
            "{e}"
        );
        let e = vmi_case_json(
            r#"{"as_of":"2026-03-01","sales_orgs":[{"id":"DE","own_master_data":true}],
                "articles":[{"id":"A"}],"customers":[{"id":"K"}],
                "planning":[{"customer":"K","article":"A","sales_org":"DE","reorder_point":5,
                  "min_stock":9,"storage_location":"L"}]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("planning[0]: planning[DE/K/A].reorder_point"),
            "{e}"
        );
    }
}
