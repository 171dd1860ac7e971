//! CSV import and export of master data and orders: CSV text → commands (with per-row
//! errors naming line and column) and state / derived lists → CSV text. Pure: the app reads
//! the file and dispatches the commands; nothing here touches the state.
//!
//! Format: first line is the header (column names as in the exports, any order, extra
//! columns ignored); separator `,` or `;` (whichever the header uses; German spreadsheets
//! write `;`); fields may be quoted with `"` and `""` escapes a quote; dates `YYYY-MM-DD`.

use crate::jit::JitCall;
use crate::jit::model::CallKind;
use crate::jit::monitor::{Alert, Progress};
use crate::model::{Customer, Flexibility, Item, PurchaseOrder, SalesLine, SalesOrder};
use crate::mrp::atp::{LateSalesLine, LookAheadWarning};
use crate::mrp::{MrpCommand, Plan, PlanningParams, Policy, Replenishment};
use crate::state::{Command, State};
use crate::types::{CustomerId, Day, ItemId, LocationId, PurchaseOrderId, Qty, SalesOrderId};
use crate::vmi::alerts::CustomerAlert;
use crate::vmi::{PlanningData, Proposal, SalesOrgId, VmiCommand};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Which list a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CsvKind {
    Items,
    Customers,
    PlanningParams,
    SalesOrders,
    PurchaseOrders,
    Stock,
    /// Customer-article planning data of VMI (lot size, reorder point, min stock, fill-up).
    CustomerArticles,
}

impl CsvKind {
    pub const ALL: [CsvKind; 7] = [
        CsvKind::Items,
        CsvKind::Customers,
        CsvKind::PlanningParams,
        CsvKind::SalesOrders,
        CsvKind::PurchaseOrders,
        CsvKind::Stock,
        CsvKind::CustomerArticles,
    ];

    /// The header the export writes and the import expects (required columns first).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            CsvKind::Items => &[
                "id",
                "description",
                "unit",
                "comparable",
                "class1",
                "class2",
                "class3",
                "class4",
                "class5",
            ],
            CsvKind::Customers => &["id", "name", "shipping_location"],
            CsvKind::PlanningParams => &PARAM_COLUMNS,
            CsvKind::SalesOrders => &[
                "order",
                "customer",
                "ship_to",
                "line",
                "item",
                "qty",
                "shipping_date",
                "location",
                "delivered",
            ],
            CsvKind::PurchaseOrders => &[
                "id",
                "vendor",
                "item",
                "qty",
                "due",
                "flexibility",
                "received",
            ],
            CsvKind::Stock => &["item", "location", "qty"],
            CsvKind::CustomerArticles => &[
                "customer",
                "article",
                "sales_org",
                "storage_location",
                "lot_size",
                "reorder_point",
                "min_stock",
                "fill_up",
                "planner",
                "lead_time_days",
            ],
        }
    }

    /// Columns that must be present and non-empty.
    fn required(self) -> &'static [&'static str] {
        match self {
            CsvKind::Items => &["id"],
            CsvKind::Customers => &["id", "name"],
            CsvKind::PlanningParams => &["item", "policy"],
            CsvKind::SalesOrders => &["order", "customer", "line", "item", "qty", "shipping_date"],
            CsvKind::PurchaseOrders => &["id", "vendor", "item", "qty", "due"],
            CsvKind::Stock => &["item", "location", "qty"],
            CsvKind::CustomerArticles => &["customer", "article", "sales_org", "storage_location"],
        }
    }
}

const PARAM_COLUMNS: [&str; 20] = [
    "item",
    "policy",
    "reorder_point",
    "reorder_qty",
    "max_inventory",
    "overflow_level",
    "safety_stock",
    "safety_lead_time_days",
    "lead_time_days",
    "min_order_qty",
    "max_order_qty",
    "order_multiple",
    "time_bucket_days",
    "lot_accumulation_days",
    "rescheduling_days",
    "dampener_period_days",
    "dampener_qty",
    "include_inventory",
    "replenishment",
    "vendor",
];

/// A row that could not become a command. `line` is the 1-based line of the file (the
/// header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: usize,
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// The result of reading a file: the table (for a preview), the commands of the good rows
/// (with the line they come from) and the errors of the bad ones.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Import {
    pub header: Vec<String>,
    /// Data rows with their file line.
    pub rows: Vec<(usize, Vec<String>)>,
    pub commands: Vec<(usize, Command)>,
    pub errors: Vec<RowError>,
}

/// Splits CSV text into records (with their 1-based line) honouring quotes.
pub fn parse_records(text: &str) -> Vec<(usize, Vec<String>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let sep = if first.contains(';') && !first.contains(',') {
        ';'
    } else {
        ','
    };
    let mut out = Vec::new();
    let mut field = String::new();
    let mut record: Vec<String> = Vec::new();
    let (mut line, mut start_line) = (1usize, 1usize);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c == sep => record.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                if record.iter().any(|f| !f.trim().is_empty()) {
                    out.push((start_line, std::mem::take(&mut record)));
                }
                record.clear();
                line += 1;
                start_line = line;
            }
            _ => field.push(c),
        }
    }
    record.push(field);
    if record.iter().any(|f| !f.trim().is_empty()) {
        out.push((start_line, record));
    }
    out
}

/// One data row with named access and typed parsing that records the failing column.
struct Row<'a> {
    line: usize,
    index: &'a BTreeMap<String, usize>,
    fields: &'a [String],
}

impl Row<'_> {
    fn err(&self, column: &str, message: impl Into<String>) -> RowError {
        RowError {
            line: self.line,
            column: column.to_owned(),
            message: message.into(),
        }
    }
    fn get(&self, column: &str) -> &str {
        self.index
            .get(column)
            .and_then(|i| self.fields.get(*i))
            .map(|s| s.trim())
            .unwrap_or("")
    }
    fn req(&self, column: &str) -> Result<&str, RowError> {
        let v = self.get(column);
        if v.is_empty() {
            Err(self.err(column, "is empty"))
        } else {
            Ok(v)
        }
    }
    fn int(&self, column: &str) -> Result<i64, RowError> {
        let v = self.get(column);
        if v.is_empty() {
            return Ok(0);
        }
        v.parse::<i64>()
            .map_err(|_| self.err(column, format!("{v:?} is not a whole number")))
    }
    fn qty(&self, column: &str) -> Result<Qty, RowError> {
        self.int(column).map(Qty)
    }
    fn days(&self, column: &str) -> Result<i32, RowError> {
        let v = self.int(column)?;
        i32::try_from(v).map_err(|_| self.err(column, "out of range"))
    }
    fn opt_days(&self, column: &str) -> Result<Option<i32>, RowError> {
        if self.get(column).is_empty() {
            Ok(None)
        } else {
            self.days(column).map(Some)
        }
    }
    fn day(&self, column: &str) -> Result<Day, RowError> {
        let v = self.req(column)?;
        chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Day::from_date)
            .map_err(|_| self.err(column, format!("{v:?} is not a date YYYY-MM-DD")))
    }
    fn opt(&self, column: &str) -> Option<String> {
        let v = self.get(column);
        (!v.is_empty()).then(|| v.to_owned())
    }
}

/// Reads `text` as a `kind` list into commands. `state` is read for stock (the file holds
/// counted quantities; the commands post the difference) and never changed.
pub fn import(kind: CsvKind, text: &str, state: &State) -> Import {
    let mut records = parse_records(text).into_iter();
    let Some((_, header)) = records.next() else {
        return Import {
            errors: vec![RowError {
                line: 1,
                column: String::new(),
                message: "the file is empty".into(),
            }],
            ..Import::default()
        };
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let index: BTreeMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.clone(), i))
        .collect();
    let mut out = Import {
        header: header.clone(),
        rows: records.collect(),
        ..Import::default()
    };
    let missing: Vec<&str> = kind
        .required()
        .iter()
        .copied()
        .filter(|c| !index.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        out.errors = missing
            .into_iter()
            .map(|c| RowError {
                line: 1,
                column: c.to_owned(),
                message: "column missing in the header".into(),
            })
            .collect();
        return out;
    }
    // Sales lines of one order may span several rows: collect, then one command per order.
    let mut orders: BTreeMap<String, (usize, SalesOrder)> = BTreeMap::new();
    for (line, fields) in &out.rows {
        let row = Row {
            line: *line,
            index: &index,
            fields,
        };
        let result = match kind {
            CsvKind::Items => item_row(&row).map(Some),
            CsvKind::Customers => customer_row(&row).map(Some),
            CsvKind::PlanningParams => params_row(&row).map(Some),
            CsvKind::PurchaseOrders => purchase_row(&row).map(Some),
            CsvKind::Stock => stock_row(&row, state),
            CsvKind::SalesOrders => sales_row(&row, &mut orders).map(|_| None),
            CsvKind::CustomerArticles => article_row(&row).map(Some),
        };
        match result {
            Ok(Some(c)) => out.commands.push((*line, c)),
            Ok(None) => {}
            Err(e) => out.errors.push(e),
        }
    }
    for (_, (line, order)) in orders {
        out.commands
            .push((line, Command::PlaceSalesOrder { order }));
    }
    out.commands.sort_by_key(|(l, _)| *l);
    out
}

fn item_row(r: &Row) -> Result<Command, RowError> {
    let id = r.req("id")?;
    let classes = ["class1", "class2", "class3", "class4", "class5"].map(|c| r.opt(c));
    Ok(Command::UpsertItem {
        item: Item {
            id: ItemId::new(id),
            description: r.get("description").to_owned(),
            unit: r.opt("unit").unwrap_or_else(|| "PCS".into()),
            comparable: r
                .get("comparable")
                .split(['|', ' '])
                .filter(|s| !s.is_empty())
                .map(ItemId::new)
                .collect(),
            classifications: classes,
        },
    })
}

fn customer_row(r: &Row) -> Result<Command, RowError> {
    Ok(Command::UpsertCustomer {
        customer: Customer {
            id: CustomerId::new(r.req("id")?),
            name: r.req("name")?.to_owned(),
            shipping_location: r.opt("shipping_location").map(LocationId::new),
        },
    })
}

fn policy(r: &Row) -> Result<Policy, RowError> {
    let v = r.req("policy")?;
    serde_json::from_value(serde_json::Value::String(v.to_lowercase())).map_err(|_| {
        r.err(
            "policy",
            format!("{v:?} is not one of fixed_reorder_qty, maximum_qty, lot_for_lot, order, none"),
        )
    })
}

fn params_row(r: &Row) -> Result<Command, RowError> {
    let item = ItemId::new(r.req("item")?);
    let include = r.get("include_inventory").to_lowercase();
    let params = PlanningParams {
        policy: policy(r)?,
        reorder_point: r.qty("reorder_point")?,
        reorder_qty: r.qty("reorder_qty")?,
        max_inventory: r.qty("max_inventory")?,
        overflow_level: r.qty("overflow_level")?,
        safety_stock: r.qty("safety_stock")?,
        safety_lead_time_days: r.opt_days("safety_lead_time_days")?,
        lead_time_days: r.days("lead_time_days")?,
        min_order_qty: r.qty("min_order_qty")?,
        max_order_qty: r.qty("max_order_qty")?,
        order_multiple: r.qty("order_multiple")?,
        time_bucket_days: r.opt_days("time_bucket_days")?,
        lot_accumulation_days: r.days("lot_accumulation_days")?,
        rescheduling_days: r.days("rescheduling_days")?,
        dampener_period_days: r.days("dampener_period_days")?,
        dampener_qty: r.qty("dampener_qty")?,
        include_inventory: match include.as_str() {
            "" | "true" | "yes" | "1" => true,
            "false" | "no" | "0" => false,
            _ => return Err(r.err("include_inventory", "must be true or false")),
        },
        replenishment: match r.get("replenishment").to_lowercase().as_str() {
            "" | "purchase" => Replenishment::Purchase,
            "production" => Replenishment::Production,
            other => {
                return Err(r.err(
                    "replenishment",
                    format!("{other:?} is not purchase or production"),
                ));
            }
        },
        vendor: r.opt("vendor"),
    };
    Ok(Command::Mrp {
        command: MrpCommand::SetPlanningParams { item, params },
    })
}

fn article_row(r: &Row) -> Result<Command, RowError> {
    let data = PlanningData {
        customer: CustomerId::new(r.req("customer")?),
        article: ItemId::new(r.req("article")?),
        sales_org: SalesOrgId::new(r.req("sales_org")?),
        lot_size: r.qty("lot_size")?,
        reorder_point: r.qty("reorder_point")?,
        min_stock: r.qty("min_stock")?,
        fill_up: r.qty("fill_up")?,
        planner: r.get("planner").to_owned(),
        storage_location: LocationId::new(r.req("storage_location")?),
        lead_time_days: r.days("lead_time_days")?,
    };
    Ok(Command::Vmi {
        command: VmiCommand::UpsertPlanning { data },
    })
}

fn flexibility(r: &Row) -> Result<Flexibility, RowError> {
    match r.get("flexibility").to_lowercase().as_str() {
        "" | "unlimited" => Ok(Flexibility::Unlimited),
        "none" => Ok(Flexibility::None),
        other => Err(r.err("flexibility", format!("{other:?} is not unlimited or none"))),
    }
}

fn purchase_row(r: &Row) -> Result<Command, RowError> {
    let qty = r.qty("qty")?;
    if !qty.is_positive() {
        return Err(r.err("qty", "must be above zero"));
    }
    Ok(Command::PlacePurchaseOrder {
        order: PurchaseOrder {
            id: PurchaseOrderId::new(r.req("id")?),
            vendor: r.req("vendor")?.to_owned(),
            item: ItemId::new(r.req("item")?),
            qty,
            received: r.qty("received")?,
            due: r.day("due")?,
            flexibility: flexibility(r)?,
        },
    })
}

fn stock_row(r: &Row, state: &State) -> Result<Option<Command>, RowError> {
    let item = ItemId::new(r.req("item")?);
    let location = LocationId::new(r.req("location")?);
    let counted = r.qty("qty")?;
    let current = state
        .stock
        .get(&item)
        .and_then(|m| m.get(&location))
        .copied()
        .unwrap_or(Qty::ZERO);
    let delta = counted - current;
    // An unchanged count needs no posting.
    Ok((!delta.is_zero()).then_some(Command::AdjustStock {
        item,
        location,
        delta,
    }))
}

fn sales_row(r: &Row, orders: &mut BTreeMap<String, (usize, SalesOrder)>) -> Result<(), RowError> {
    let id = r.req("order")?.to_owned();
    let customer = CustomerId::new(r.req("customer")?);
    let ship_to = r
        .opt("ship_to")
        .map(CustomerId::new)
        .unwrap_or_else(|| customer.clone());
    let line = u32::try_from(r.int("line")?).map_err(|_| r.err("line", "out of range"))?;
    let qty = r.qty("qty")?;
    if !qty.is_positive() {
        return Err(r.err("qty", "must be above zero"));
    }
    let sales_line = SalesLine {
        line,
        item: ItemId::new(r.req("item")?),
        qty,
        delivered: r.qty("delivered")?,
        reserved: Qty::ZERO,
        shipping_date: r.day("shipping_date")?,
        location: r.opt("location").map(LocationId::new),
    };
    let entry = orders.entry(id.clone()).or_insert_with(|| {
        (
            r.line,
            SalesOrder {
                id: SalesOrderId::new(id),
                customer: customer.clone(),
                ship_to,
                lines: Vec::new(),
            },
        )
    });
    if entry.1.customer != customer {
        return Err(r.err("customer", "differs from the order's earlier rows"));
    }
    if entry.1.lines.iter().any(|l| l.line == line) {
        return Err(r.err("line", format!("line {line} appears twice")));
    }
    entry.1.lines.push(sales_line);
    Ok(())
}

/// One CSV field, quoted when it needs to be.
fn field(s: &str) -> String {
    if s.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// CSV text from a header and rows.
pub fn to_csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = header.join(",");
    out.push('\n');
    for r in rows {
        let line: Vec<String> = r.iter().map(|f| field(f)).collect();
        let _ = writeln!(out, "{}", line.join(","));
    }
    out
}

fn opt_num(v: Option<i32>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// Export of one list of the state, readable by [`import`] of the same kind.
pub fn export(kind: CsvKind, state: &State) -> String {
    let cols = kind.columns();
    match kind {
        CsvKind::Items => to_csv(
            cols,
            state.items.values().map(|i| {
                let mut r = vec![
                    i.id.to_string(),
                    i.description.clone(),
                    i.unit.clone(),
                    i.comparable
                        .iter()
                        .map(|c| c.to_string())
                        .collect::<Vec<_>>()
                        .join("|"),
                ];
                r.extend(
                    i.classifications
                        .iter()
                        .map(|c| c.clone().unwrap_or_default()),
                );
                r
            }),
        ),
        CsvKind::Customers => to_csv(
            cols,
            state.customers.values().map(|c| {
                vec![
                    c.id.to_string(),
                    c.name.clone(),
                    c.shipping_location
                        .as_ref()
                        .map(|l| l.to_string())
                        .unwrap_or_default(),
                ]
            }),
        ),
        CsvKind::PlanningParams => to_csv(
            cols,
            state.mrp.params.iter().map(|(item, p)| {
                let policy = serde_json::to_value(p.policy)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                vec![
                    item.to_string(),
                    policy,
                    p.reorder_point.0.to_string(),
                    p.reorder_qty.0.to_string(),
                    p.max_inventory.0.to_string(),
                    p.overflow_level.0.to_string(),
                    p.safety_stock.0.to_string(),
                    opt_num(p.safety_lead_time_days),
                    p.lead_time_days.to_string(),
                    p.min_order_qty.0.to_string(),
                    p.max_order_qty.0.to_string(),
                    p.order_multiple.0.to_string(),
                    opt_num(p.time_bucket_days),
                    p.lot_accumulation_days.to_string(),
                    p.rescheduling_days.to_string(),
                    p.dampener_period_days.to_string(),
                    p.dampener_qty.0.to_string(),
                    p.include_inventory.to_string(),
                    match p.replenishment {
                        Replenishment::Purchase => "purchase".into(),
                        Replenishment::Production => "production".into(),
                    },
                    p.vendor.clone().unwrap_or_default(),
                ]
            }),
        ),
        CsvKind::SalesOrders => to_csv(
            cols,
            state.sales_orders.values().flat_map(|o| {
                o.lines.iter().map(move |l| {
                    vec![
                        o.id.to_string(),
                        o.customer.to_string(),
                        o.ship_to.to_string(),
                        l.line.to_string(),
                        l.item.to_string(),
                        l.qty.0.to_string(),
                        l.shipping_date.to_string(),
                        l.location
                            .as_ref()
                            .map(|x| x.to_string())
                            .unwrap_or_default(),
                        l.delivered.0.to_string(),
                    ]
                })
            }),
        ),
        CsvKind::PurchaseOrders => purchase_orders_csv(state),
        CsvKind::CustomerArticles => to_csv(
            cols,
            state.vmi.planning.values().map(|d| {
                vec![
                    d.customer.to_string(),
                    d.article.to_string(),
                    d.sales_org.to_string(),
                    d.storage_location.to_string(),
                    d.lot_size.0.to_string(),
                    d.reorder_point.0.to_string(),
                    d.min_stock.0.to_string(),
                    d.fill_up.0.to_string(),
                    d.planner.clone(),
                    d.lead_time_days.to_string(),
                ]
            }),
        ),
        CsvKind::Stock => to_csv(
            cols,
            state.stock.iter().flat_map(|(item, m)| {
                m.iter()
                    .map(move |(loc, q)| vec![item.to_string(), loc.to_string(), q.0.to_string()])
            }),
        ),
    }
}

/// The purchase orders with their planning flexibility.
pub fn purchase_orders_csv(state: &State) -> String {
    to_csv(
        CsvKind::PurchaseOrders.columns(),
        state.purchase_orders.values().map(|p| {
            vec![
                p.id.to_string(),
                p.vendor.clone(),
                p.item.to_string(),
                p.qty.0.to_string(),
                p.due.to_string(),
                match p.flexibility {
                    Flexibility::Unlimited => "unlimited".into(),
                    Flexibility::None => "none".into(),
                },
                p.received.0.to_string(),
            ]
        }),
    )
}

/// The planning worksheet's lines.
pub fn plan_lines_csv(plan: &Plan) -> String {
    to_csv(
        &[
            "item", "action", "supply", "orig_due", "due", "orig_qty", "qty", "reason",
        ],
        plan.lines().map(|l| {
            vec![
                l.item.to_string(),
                l.action.label().to_owned(),
                l.supply.as_ref().map(|s| s.to_string()).unwrap_or_default(),
                l.orig_due.map(|d| d.to_string()).unwrap_or_default(),
                l.due.to_string(),
                l.orig_qty.0.to_string(),
                l.qty.0.to_string(),
                l.reason_text(),
            ]
        }),
    )
}

/// Look-ahead warnings.
pub fn look_ahead_csv(w: &[LookAheadWarning]) -> String {
    to_csv(
        &["item", "day", "projected", "reorder_point"],
        w.iter().map(|w| {
            vec![
                w.item.to_string(),
                w.day.to_string(),
                w.projected.0.to_string(),
                w.reorder_point.0.to_string(),
            ]
        }),
    )
}

/// Sales lines a purchase-order change makes late.
pub fn late_lines_csv(l: &[LateSalesLine]) -> String {
    to_csv(
        &["order", "line", "shipping_date", "qty", "covered_on"],
        l.iter().map(|x| {
            vec![
                x.order.to_string(),
                x.line.to_string(),
                x.shipping_date.to_string(),
                x.qty.0.to_string(),
                x.covered_on.map(|d| d.to_string()).unwrap_or_default(),
            ]
        }),
    )
}

/// The name a value has in the JSON wire format (`"goods_issued"`, `"new"`), for CSV cells.
fn wire_name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The JIT calls a list shows, one row per component (what a planner filters and sums in a
/// spreadsheet), in the order given.
pub fn jit_calls_csv<'a>(calls: impl IntoIterator<Item = &'a JitCall>) -> String {
    to_csv(
        &[
            "call",
            "external_number",
            "type",
            "sequence_no",
            "vehicle",
            "customer",
            "ship_to",
            "unloading_point",
            "supply_area",
            "required_at",
            "call_status",
            "delivery",
            "position",
            "customer_material",
            "material",
            "qty",
            "unit",
            "component_status",
        ],
        calls.into_iter().flat_map(|c| {
            let (sequence_no, vehicle) = match &c.kind {
                CallKind::Sequenced {
                    sequence_no,
                    vehicle,
                } => (sequence_no.to_string(), vehicle.to_string()),
                CallKind::Summarized { .. } => (String::new(), String::new()),
            };
            let head = [
                c.id.to_string(),
                c.external_id.to_string(),
                wire_name(&c.call_type()),
                sequence_no,
                vehicle,
                c.customer.to_string(),
                c.ship_to.to_string(),
                c.unloading_point.to_string(),
                c.supply_area.to_string(),
                c.required_at.format("%Y-%m-%d %H:%M").to_string(),
                wire_name(&c.status),
                c.delivery
                    .as_ref()
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ];
            c.components.iter().map(move |k| {
                let mut row = head.to_vec();
                row.extend([
                    k.position.to_string(),
                    k.customer_material.to_string(),
                    k.material
                        .as_ref()
                        .map(|m| m.to_string())
                        .unwrap_or_default(),
                    k.qty.0.to_string(),
                    k.unit.to_string(),
                    wire_name(&k.status),
                ]);
                row
            })
        }),
    )
}

/// The JIT monitor's progress per day and customer, all rows (the screen shows the first 100).
pub fn jit_progress_csv(progress: &[Progress]) -> String {
    to_csv(
        &[
            "day",
            "customer",
            "calls",
            "produced",
            "shipped",
            "completed",
            "cancelled",
        ],
        progress.iter().map(|p| {
            vec![
                p.day.format("%Y-%m-%d").to_string(),
                p.customer.to_string(),
                p.calls.to_string(),
                p.produced.to_string(),
                p.shipped.to_string(),
                p.completed.to_string(),
                p.cancelled.to_string(),
            ]
        }),
    )
}

/// Detail columns of JIT alerts: each alert fills those its kind has (names as in the JSON).
const ALERT_FIELDS: [&str; 14] = [
    "required_at",
    "expected_at",
    "minutes_late",
    "position",
    "customer_material",
    "failure",
    "customer",
    "supply_area",
    "from",
    "to",
    "sequence_no",
    "calls",
    "version",
    "new_version",
];

/// The JIT monitor's alerts, all of them (the screen shows the first 100): the call, the
/// kind and its details, one column per detail.
pub fn jit_alerts_csv(alerts: &[Alert]) -> String {
    let mut header = vec!["call", "alert"];
    header.extend(ALERT_FIELDS);
    to_csv(
        &header,
        alerts.iter().map(|a| {
            let v = serde_json::to_value(&a.kind).unwrap_or_default();
            let cell = |f: &str| match v.get(f) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Array(xs)) => xs
                    .iter()
                    .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join("|"),
                Some(other) => other.to_string(),
            };
            let mut row = vec![
                a.call.as_deref().unwrap_or_default().to_owned(),
                cell("alert"),
            ];
            row.extend(ALERT_FIELDS.iter().map(|f| cell(f)));
            row
        }),
    )
}

/// What is on its way to a customer ([`crate::vmi::on_the_way`]).
pub fn on_the_way_csv(lines: &[crate::vmi::OnTheWay<'_>]) -> String {
    to_csv(
        &[
            "sales_order",
            "line",
            "article",
            "open_qty",
            "shipping_date",
        ],
        lines.iter().map(|l| {
            vec![
                l.order.to_string(),
                l.line.to_string(),
                l.item.to_string(),
                l.open.0.to_string(),
                l.shipping_date.to_string(),
            ]
        }),
    )
}

/// VMI sales proposals as a list shows them.
pub fn vmi_proposals_csv<'a>(list: impl IntoIterator<Item = &'a Proposal>) -> String {
    to_csv(
        &[
            "proposal",
            "customer",
            "article",
            "qty",
            "delivery_date",
            "sales_org",
            "outbound_location",
            "planner",
            "status",
            "as_of",
        ],
        list.into_iter().map(|p| {
            vec![
                p.id.to_string(),
                p.customer.to_string(),
                p.article.to_string(),
                p.qty.0.to_string(),
                p.delivery_date.to_string(),
                p.sales_org.to_string(),
                p.outbound_location
                    .as_ref()
                    .map(|l| l.to_string())
                    .unwrap_or_default(),
                p.planner.clone(),
                wire_name(&p.status),
                p.as_of.to_string(),
            ]
        }),
    )
}

/// Customers' current VMI stock (the last report per customer, article and location), all
/// customers or one.
pub fn customer_stock_csv(state: &State, customer: Option<&CustomerId>) -> String {
    to_csv(
        &[
            "customer",
            "article",
            "location",
            "qty",
            "reserved",
            "unreserved",
            "reported_at",
        ],
        state
            .vmi
            .stock
            .values()
            .filter(|c| customer.is_none_or(|x| &c.customer == x))
            .filter_map(|c| {
                let p = c.current()?;
                Some(vec![
                    c.customer.to_string(),
                    c.article.to_string(),
                    c.location.to_string(),
                    p.qty.0.to_string(),
                    p.reserved.0.to_string(),
                    p.unreserved().0.to_string(),
                    p.as_of.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                ])
            }),
    )
}

/// VMI customer alerts as the list shows them.
pub fn customer_alerts_csv(alerts: &[CustomerAlert<'_>]) -> String {
    to_csv(
        &[
            "customer",
            "article",
            "alert",
            "unreserved",
            "projected",
            "date",
            "min_stock",
            "fill_up",
        ],
        alerts.iter().map(|a| {
            vec![
                a.customer.to_string(),
                a.article.to_string(),
                wire_name(&a.kind),
                a.unreserved.0.to_string(),
                a.projected.0.to_string(),
                a.date.to_string(),
                a.min_stock.0.to_string(),
                a.fill_up.0.to_string(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply;

    fn demo() -> State {
        let as_of = Day::ymd(2026, 11, 22).unwrap();
        let mut s = State::default();
        for c in crate::demo::commands(as_of) {
            apply(&mut s, c).unwrap();
        }
        let mut p = PlanningParams::new(Policy::FixedReorderQty);
        p.reorder_point = Qty(100);
        p.reorder_qty = Qty(250);
        p.safety_lead_time_days = Some(2);
        apply(
            &mut s,
            Command::Mrp {
                command: MrpCommand::SetPlanningParams {
                    item: ItemId::new("HR-100"),
                    params: p,
                },
            },
        )
        .unwrap();
        s
    }

    #[test]
    fn every_export_imports_back_into_the_same_state() {
        let s = demo();
        for kind in CsvKind::ALL {
            if kind == CsvKind::CustomerArticles {
                // Planning data needs its sales organisations first; the import of this
                // kind is tested on its own below.
                continue;
            }
            let text = export(kind, &s);
            let mut fresh = if kind == CsvKind::Stock {
                // Stock imports post differences: start from no stock at all.
                let mut f = s.clone();
                f.stock.clear();
                f
            } else {
                s.clone()
            };
            let imp = import(kind, &text, &fresh);
            assert!(imp.errors.is_empty(), "{kind:?}: {:?}", imp.errors);
            assert!(!imp.commands.is_empty(), "{kind:?} exported nothing");
            if kind == CsvKind::Stock {
                for (_, c) in imp.commands {
                    apply(&mut fresh, c).unwrap();
                }
                assert_eq!(fresh.stock, s.stock);
            } else if kind == CsvKind::Items
                || kind == CsvKind::Customers
                || kind == CsvKind::PlanningParams
            {
                // Upserts of identical data leave the state as it was.
                for (_, c) in imp.commands {
                    apply(&mut fresh, c).unwrap();
                }
                assert_eq!(fresh, s, "{kind:?}");
            } else {
                // Orders already exist: re-export of the parsed commands equals the file.
                let mut empty = s.clone();
                empty.sales_orders.clear();
                empty.purchase_orders.clear();
                for (_, c) in imp.commands {
                    apply(&mut empty, c).unwrap();
                }
                assert_eq!(export(kind, &empty), text, "{kind:?}");
            }
        }
    }

    #[test]
    fn row_errors_name_line_and_column() {
        let s = demo();
        let text = "item;policy;reorder_qty;lead_time_days\nHR-100;lot_for_lot;12;3\nAR-200;sometimes;;\nCP-300;order;x;\n";
        let imp = import(CsvKind::PlanningParams, text, &s);
        assert_eq!(imp.commands.len(), 1);
        assert_eq!(imp.commands[0].0, 2);
        assert_eq!(
            imp.errors
                .iter()
                .map(|e| (e.line, e.column.as_str()))
                .collect::<Vec<_>>(),
            [(3, "policy"), (4, "reorder_qty")]
        );
        assert_eq!(imp.rows.len(), 3);
    }

    #[test]
    fn customer_article_rows_become_vmi_planning_commands() {
        let s = demo();
        let text = "customer,article,sales_org,storage_location,lot_size,min_stock,fill_up\nOEM-WOB,HR-100,DE01,VMI-WOB,24,100,400\nOEM-WOB,HR-110,,VMI-WOB,x,,\n";
        let imp = import(CsvKind::CustomerArticles, text, &s);
        assert_eq!(
            imp.errors
                .iter()
                .map(|e| (e.line, e.column.as_str()))
                .collect::<Vec<_>>(),
            [(3, "sales_org")]
        );
        match &imp.commands[..] {
            [
                (
                    2,
                    Command::Vmi {
                        command: VmiCommand::UpsertPlanning { data },
                    },
                ),
            ] => {
                assert_eq!(
                    (data.lot_size, data.min_stock, data.fill_up),
                    (Qty(24), Qty(100), Qty(400))
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn missing_columns_and_quotes() {
        let s = demo();
        let imp = import(CsvKind::PurchaseOrders, "id,vendor\nX,Y\n", &s);
        assert_eq!(
            imp.errors
                .iter()
                .map(|e| e.column.as_str())
                .collect::<Vec<_>>(),
            ["item", "qty", "due"]
        );
        let recs = parse_records("a,b\n\"x, \"\"y\"\"\",2\r\n");
        assert_eq!(recs[1].1, ["x, \"y\"", "2"]);
        let sales = "order,customer,line,item,qty,shipping_date\nSO-9,OEM-WOB,1,HR-100,5,2026-12-01\nSO-9,OEM-WOB,2,AR-200,3,2026-13-01\nSO-9,OEM-WOB,3,AR-200,3,2026-12-02\n";
        let imp = import(CsvKind::SalesOrders, sales, &s);
        assert_eq!(imp.errors.len(), 1);
        assert_eq!(
            (imp.errors[0].line, imp.errors[0].column.as_str()),
            (3, "shipping_date")
        );
        match &imp.commands[..] {
            [(2, Command::PlaceSalesOrder { order })] => assert_eq!(order.lines.len(), 2),
            other => panic!("unexpected {other:?}"),
        }
    }

    /// A list export read back field by field: one record per shown row (per component for
    /// JIT calls), the values of the entities in the list's order.
    #[test]
    fn list_exports_hold_what_the_lists_show() {
        let s = demo();
        // A JIT list filtered to the sequenced calls, newest first (any order the list shows).
        let calls: Vec<&JitCall> = s
            .jit
            .calls
            .values()
            .rev()
            .filter(|c| matches!(c.kind, CallKind::Sequenced { .. }))
            .collect();
        assert!(calls.len() >= 2);
        let rows = parse_records(&jit_calls_csv(calls.iter().copied()));
        let (_, header) = &rows[0];
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let components: usize = calls.iter().map(|c| c.components.len()).sum();
        assert_eq!(rows.len(), 1 + components);
        let mut r = rows[1..].iter().map(|(_, r)| r);
        for c in &calls {
            for k in &c.components {
                let row = r.next().unwrap();
                assert_eq!(row[col("call")], c.id.to_string());
                assert_eq!(row[col("type")], "sequenced");
                assert_eq!(
                    row[col("sequence_no")],
                    c.kind.sequence_no().unwrap().to_string()
                );
                assert_eq!(
                    row[col("customer_material")],
                    k.customer_material.to_string()
                );
                assert_eq!(row[col("qty")], k.qty.0.to_string());
                assert_eq!(row[col("call_status")], wire_name(&c.status));
                assert_eq!(
                    row[col("required_at")],
                    c.required_at.format("%Y-%m-%d %H:%M").to_string()
                );
            }
        }

        // The monitor's progress and alerts, every row.
        let as_of = Day::ymd(2026, 11, 22)
            .and_then(|d| d.date())
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        let m = crate::jit::monitor(&s, as_of);
        let rows = parse_records(&jit_progress_csv(&m.progress));
        assert_eq!(rows.len(), 1 + m.progress.len());
        for ((_, row), p) in rows[1..].iter().zip(&m.progress) {
            assert_eq!(row[2], p.calls.to_string());
            assert_eq!(row[3], p.produced.to_string());
        }
        assert!(!m.alerts.is_empty());
        let rows = parse_records(&jit_alerts_csv(&m.alerts));
        assert_eq!(rows.len(), 1 + m.alerts.len());
        let header = &rows[0].1;
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        for ((_, row), a) in rows[1..].iter().zip(&m.alerts) {
            assert_eq!(row[col("call")], a.call.clone().unwrap_or_default());
            match &a.kind {
                crate::jit::monitor::AlertKind::Late { minutes_late, .. } => {
                    assert_eq!(row[col("alert")], "late");
                    assert_eq!(row[col("minutes_late")], minutes_late.to_string());
                }
                crate::jit::monitor::AlertKind::SequenceGap { from, to, .. } => {
                    assert_eq!(row[col("alert")], "sequence_gap");
                    assert_eq!(
                        (row[col("from")].as_str(), row[col("to")].as_str()),
                        (from.to_string().as_str(), to.to_string().as_str())
                    );
                }
                crate::jit::monitor::AlertKind::UnknownMaterial {
                    customer_material, ..
                } => {
                    assert_eq!(row[col("customer_material")], *customer_material);
                }
                _ => assert!(!row[col("alert")].is_empty()),
            }
        }

        // VMI: proposals, stock of one customer, alerts.
        let proposals: Vec<_> = s.vmi.proposals.values().collect();
        let rows = parse_records(&vmi_proposals_csv(proposals.iter().copied()));
        assert_eq!(rows.len(), 1 + proposals.len());
        for ((_, row), p) in rows[1..].iter().zip(&proposals) {
            assert_eq!(
                (row[0].as_str(), row[3].as_str(), row[8].as_str()),
                (p.id.as_str(), p.qty.0.to_string().as_str(), "new")
            );
        }
        let wob = CustomerId::new("OEM-WOB");
        let rows = parse_records(&customer_stock_csv(&s, Some(&wob)));
        // The demo's OEM-WOB reports: FM-600 140 − 5 × 12 = 80, SC-500 260 − 5 × 40 = 60.
        let got: Vec<_> = rows[1..]
            .iter()
            .map(|(_, r)| (r[1].as_str(), r[2].as_str(), r[5].as_str()))
            .collect();
        assert_eq!(
            got,
            [("FM-600", "WOB-LAGER", "80"), ("SC-500", "WOB-LAGER", "60")]
        );
        // On its way to OEM-WOB: the demo's SO-1001 (HR-100, 240) and SO-1004 (AR-200, 60).
        let way = crate::vmi::on_the_way(&s, &wob);
        let rows = parse_records(&on_the_way_csv(&way));
        let got: Vec<_> = rows[1..]
            .iter()
            .map(|(_, r)| (r[0].as_str(), r[2].as_str(), r[3].as_str()))
            .collect();
        assert_eq!(
            got,
            [("SO-1001", "HR-100", "240"), ("SO-1004", "AR-200", "60")]
        );
        let all = parse_records(&customer_stock_csv(&s, None));
        assert_eq!(all.len(), 1 + s.vmi.stock.len());
        let selection = crate::vmi::Selection::all(SalesOrgId::new("DE"));
        let alerts =
            crate::vmi::alerts::customer_alerts(&s, &selection, Day::ymd(2026, 11, 22).unwrap())
                .unwrap();
        let rows = parse_records(&customer_alerts_csv(&alerts));
        assert_eq!(rows.len(), 1 + alerts.len());
        for ((_, row), a) in rows[1..].iter().zip(&alerts) {
            assert_eq!(row[0], a.customer.to_string());
            assert_eq!(row[3], a.unreserved.0.to_string());
        }
    }
}
