//! JIT commands: every step of the call lifecycle, customer changes, warehouse confirmations
//! and master data. Each step validates a call fully before it changes anything, so a bulk
//! command is all-or-nothing per call and reports one outcome per call.

use crate::jit::documents::{
    AsnItem, AsnPackage, AsnPackageContent, Invoice, InvoiceLine, ShippingNotice, SsccRange,
    mul_div_round,
};
use crate::jit::model::{
    BackflushLine, CallKind, CallStatus, CallType, ComponentStatus, Delivery, ExternalStatus,
    HandlingUnit, HuContent, IncomingCall, IncomingComponent, JitCall, JitComponent, JitMaster,
    JitState, LeadTimes, PackingSpec, PostingFailure, Price, SummarizedBasis, WarehouseRequest,
    WarehouseStatus,
};
use crate::model::Item;
use crate::state::{Applied, EntityKind, EntityRef, Outcome, Rejection, State};
use crate::types::{CustomerId, IdStr, ItemId, LocationId, Qty};
use chrono::{Duration, NaiveDate, NaiveDateTime};
/// `format!` into an inline id (no allocation up to 24 bytes).
macro_rules! format_compact {
    ($($t:tt)*) => {
        IdStr::from(compact_str::format_compact!($($t)*))
    };
}
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// A call to receive under the given internal number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCall {
    /// Internal number for the call (ignored when the message is a new version of a known call).
    pub id: IdStr,
    pub call: IncomingCall,
}

/// Every JIT command. On the wire: `{"type": "jit", "command": {"type": "<snake_case>", …}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum JitCommand {
    // --- master data ---
    MapCustomerMaterial {
        customer: CustomerId,
        customer_material: String,
        material: ItemId,
    },
    SetPackingSpec {
        material: ItemId,
        spec: PackingSpec,
    },
    SetPrice {
        customer: CustomerId,
        material: ItemId,
        price: Price,
    },
    /// Lead times of a customer, or the default ones when `customer` is null.
    SetLeadTimes {
        customer: Option<CustomerId>,
        lead_times: LeadTimes,
    },
    SetBackflush {
        material: ItemId,
        lines: Vec<BackflushLine>,
    },
    SetMaterialBlocked {
        material: ItemId,
        blocked: bool,
    },
    /// Tax rate of a customer, or the default one when `customer` is null.
    SetTaxRate {
        customer: Option<CustomerId>,
        tax_rate_bp: u32,
    },

    // --- the lifecycle ---
    /// Calls from the customer (EDI). A known external number with a higher version is a change.
    Receive {
        calls: Vec<NewCall>,
    },
    ReleaseToProduction {
        calls: Vec<IdStr>,
    },
    /// Posts produced components to stock; a failing posting puts the component in error.
    ConfirmProduction {
        calls: Vec<IdStr>,
    },
    /// Retries failed stock postings (the production supervisor's reprocessing).
    ReprocessPostings {
        calls: Vec<IdStr>,
    },
    ReleaseForPacking {
        calls: Vec<IdStr>,
    },
    Pack {
        calls: Vec<IdStr>,
        sscc: SsccRange,
    },
    /// Deliveries numbered `delivery_prefix` + 00001, 00002, … in group order.
    CreateDeliveries {
        calls: Vec<IdStr>,
        delivery_prefix: String,
    },
    Pick {
        calls: Vec<IdStr>,
    },
    /// Goods issue of the whole deliveries of the selected calls; writes the shipping notices.
    PostGoodsIssue {
        calls: Vec<IdStr>,
        posted_at: NaiveDateTime,
    },
    /// One invoice per delivery, numbered `invoice_prefix` + 00001, …
    CreateBilling {
        calls: Vec<IdStr>,
        invoice_prefix: String,
        invoice_date: NaiveDate,
    },
    Complete {
        calls: Vec<IdStr>,
    },
    Cancel {
        calls: Vec<IdStr>,
        reason: String,
    },

    // --- changes ---
    /// Applies the version received after release (resets the call to received).
    AcceptChange {
        calls: Vec<IdStr>,
    },
    /// Drops the version received after release.
    DismissChange {
        calls: Vec<IdStr>,
    },
    /// Before delivery: reset and produce again. After delivery creation: a replacement call
    /// `<id><replacement_suffix>` linked to the original.
    Reorder {
        calls: Vec<IdStr>,
        replacement_suffix: String,
    },
    /// Moves `calls` of `delivery` into a new delivery `new_delivery`.
    SplitDelivery {
        delivery: String,
        calls: Vec<IdStr>,
        new_delivery: String,
    },
    /// Hands summarized deliveries to an external warehouse (EWM) for picking and goods issue.
    HandOverToWarehouse {
        deliveries: Vec<IdStr>,
        warehouse: String,
    },
    ConfirmWarehousePicking {
        deliveries: Vec<IdStr>,
    },
    ConfirmWarehouseGoodsIssue {
        deliveries: Vec<IdStr>,
        posted_at: NaiveDateTime,
    },
    /// A status reported by an external system (MES); informational, moves no status.
    ReportExternalStatus {
        calls: Vec<IdStr>,
        system: String,
        status: String,
        reported_at: NaiveDateTime,
    },
}

impl JitCommand {
    /// The command's type as it appears on the wire.
    pub fn kind(&self) -> &'static str {
        match self {
            JitCommand::MapCustomerMaterial { .. } => "map_customer_material",
            JitCommand::SetPackingSpec { .. } => "set_packing_spec",
            JitCommand::SetPrice { .. } => "set_price",
            JitCommand::SetLeadTimes { .. } => "set_lead_times",
            JitCommand::SetBackflush { .. } => "set_backflush",
            JitCommand::SetMaterialBlocked { .. } => "set_material_blocked",
            JitCommand::SetTaxRate { .. } => "set_tax_rate",
            JitCommand::Receive { .. } => "receive",
            JitCommand::ReleaseToProduction { .. } => "release_to_production",
            JitCommand::ConfirmProduction { .. } => "confirm_production",
            JitCommand::ReprocessPostings { .. } => "reprocess_postings",
            JitCommand::ReleaseForPacking { .. } => "release_for_packing",
            JitCommand::Pack { .. } => "pack",
            JitCommand::CreateDeliveries { .. } => "create_deliveries",
            JitCommand::Pick { .. } => "pick",
            JitCommand::PostGoodsIssue { .. } => "post_goods_issue",
            JitCommand::CreateBilling { .. } => "create_billing",
            JitCommand::Complete { .. } => "complete",
            JitCommand::Cancel { .. } => "cancel",
            JitCommand::AcceptChange { .. } => "accept_change",
            JitCommand::DismissChange { .. } => "dismiss_change",
            JitCommand::Reorder { .. } => "reorder",
            JitCommand::SplitDelivery { .. } => "split_delivery",
            JitCommand::HandOverToWarehouse { .. } => "hand_over_to_warehouse",
            JitCommand::ConfirmWarehousePicking { .. } => "confirm_warehouse_picking",
            JitCommand::ConfirmWarehouseGoodsIssue { .. } => "confirm_warehouse_goods_issue",
            JitCommand::ReportExternalStatus { .. } => "report_external_status",
        }
    }
}

/// Applies one JIT command. On `Err` the state is exactly as before.
pub fn apply(state: &mut State, command: JitCommand) -> Result<Applied, Rejection> {
    match command {
        JitCommand::MapCustomerMaterial {
            customer,
            customer_material,
            material,
        } => map_customer_material(state, customer, customer_material, material),
        JitCommand::SetPackingSpec { material, spec } => set_packing_spec(state, material, spec),
        JitCommand::SetPrice {
            customer,
            material,
            price,
        } => set_price(state, customer, material, price),
        JitCommand::SetLeadTimes {
            customer,
            lead_times,
        } => set_lead_times(state, customer, lead_times),
        JitCommand::SetBackflush { material, lines } => set_backflush(state, material, lines),
        JitCommand::SetMaterialBlocked { material, blocked } => {
            if !state.items.contains_key(&material) {
                return Err(Rejection::not_found("item", &material));
            }
            if blocked {
                state.jit.master.blocked.insert(material.clone());
            } else {
                state.jit.master.blocked.remove(&material);
            }
            let what = if blocked { "blocked" } else { "unblocked" };
            Ok(master_applied(format!("material {material} {what}")))
        }
        JitCommand::SetTaxRate {
            customer,
            tax_rate_bp,
        } => {
            if tax_rate_bp > 100_000 {
                return Err(Rejection::invalid("tax_rate_bp", "above 1000 %"));
            }
            match customer {
                Some(c) => {
                    if !state.customers.contains_key(&c) {
                        return Err(Rejection::not_found("customer", &c));
                    }
                    state.jit.master.tax_rates.insert(c, tax_rate_bp);
                }
                None => state.jit.master.settings.tax_rate_bp = tax_rate_bp,
            }
            Ok(master_applied("tax rate set"))
        }
        JitCommand::Receive { calls } => receive(state, calls),
        JitCommand::ReleaseToProduction { calls } => release_to_production(state, &calls),
        JitCommand::ConfirmProduction { calls } => confirm_production(state, &calls),
        JitCommand::ReprocessPostings { calls } => reprocess_postings(state, &calls),
        JitCommand::ReleaseForPacking { calls } => release_for_packing(state, &calls),
        JitCommand::Pack { calls, sscc } => pack(state, &calls, &sscc),
        JitCommand::CreateDeliveries {
            calls,
            delivery_prefix,
        } => create_deliveries(state, &calls, &delivery_prefix),
        JitCommand::Pick { calls } => pick(state, &calls),
        JitCommand::PostGoodsIssue { calls, posted_at } => {
            post_goods_issue(state, &calls, posted_at)
        }
        JitCommand::CreateBilling {
            calls,
            invoice_prefix,
            invoice_date,
        } => create_billing(state, &calls, &invoice_prefix, invoice_date),
        JitCommand::Complete { calls } => complete(state, &calls),
        JitCommand::Cancel { calls, reason } => cancel(state, &calls, &reason),
        JitCommand::AcceptChange { calls } => accept_change(state, &calls),
        JitCommand::DismissChange { calls } => dismiss_change(state, &calls),
        JitCommand::Reorder {
            calls,
            replacement_suffix,
        } => reorder(state, &calls, &replacement_suffix),
        JitCommand::SplitDelivery {
            delivery,
            calls,
            new_delivery,
        } => split_delivery(state, &delivery, &calls, &new_delivery),
        JitCommand::HandOverToWarehouse {
            deliveries,
            warehouse,
        } => hand_over_to_warehouse(state, &deliveries, &warehouse),
        JitCommand::ConfirmWarehousePicking { deliveries } => {
            confirm_warehouse_picking(state, &deliveries)
        }
        JitCommand::ConfirmWarehouseGoodsIssue {
            deliveries,
            posted_at,
        } => confirm_warehouse_goods_issue(state, &deliveries, posted_at),
        JitCommand::ReportExternalStatus {
            calls,
            system,
            status,
            reported_at,
        } => report_external_status(state, &calls, system, status, reported_at),
    }
}

// ---------------------------------------------------------------------------------------------
// Bulk bookkeeping

/// Collects per-subject outcomes and touched entities of a bulk command.
struct Bulk {
    what: &'static str,
    outcomes: Vec<Outcome>,
    touched: Vec<EntityRef>,
    stock_items: BTreeSet<ItemId>,
    ok: usize,
    first_error: Option<Rejection>,
}

impl Bulk {
    fn new(what: &'static str, n: usize) -> Self {
        Bulk {
            what,
            outcomes: Vec::with_capacity(n),
            touched: Vec::with_capacity(n),
            stock_items: BTreeSet::new(),
            ok: 0,
            first_error: None,
        }
    }

    fn ok(&mut self, id: &str, message: impl Into<IdStr>) {
        self.ok += 1;
        self.outcomes.push(Outcome {
            id: IdStr::from(id),
            ok: true,
            message: message.into(),
        });
    }

    fn fail(&mut self, id: &str, why: Rejection) {
        self.outcomes.push(Outcome {
            id: IdStr::from(id),
            ok: false,
            message: IdStr::from(compact_str::ToCompactString::to_compact_string(&why)),
        });
        if self.first_error.is_none() {
            self.first_error = Some(why);
        }
    }

    fn touch(&mut self, kind: EntityKind, id: &str) {
        self.touched.push(EntityRef::new(kind, id));
    }

    fn touch_stock(&mut self, item: &ItemId) {
        if !self.stock_items.contains(item) {
            self.stock_items.insert(item.clone());
        }
    }

    /// `Err` when no subject could be processed (then nothing changed); `Applied` otherwise.
    fn finish(mut self) -> Result<Applied, Rejection> {
        if self.ok == 0 {
            let n = self.outcomes.len();
            let first = self
                .first_error
                .take()
                .unwrap_or_else(|| Rejection::invalid("selection", "nothing selected"));
            if n == 1 {
                return Err(first);
            }
            return Err(Rejection::precondition(
                "selection",
                format!(
                    "none of the {n} selected could be processed ({}); first: {first}",
                    self.what
                ),
            ));
        }
        for item in std::mem::take(&mut self.stock_items) {
            self.touched.push(EntityRef::new(EntityKind::Stock, item.0));
        }
        let n = self.outcomes.len();
        let mut applied = Applied::new(
            format!("{}: {} of {} processed", self.what, self.ok, n),
            self.touched,
        );
        applied.outcomes = self.outcomes;
        Ok(applied)
    }
}

fn master_applied(message: impl Into<String>) -> Applied {
    Applied::new(
        message,
        vec![EntityRef::new(EntityKind::JitMasterData, "jit")],
    )
}

/// Rejects an empty selection or one that names a subject twice.
fn check_selection(field: &str, ids: &[IdStr]) -> Result<(), Rejection> {
    if ids.is_empty() {
        return Err(Rejection::invalid(field, "the selection is empty"));
    }
    // Selections usually come sorted (a list view, a batch of numbers): strictly ascending
    // means no duplicates, at one comparison per id instead of hashing every id.
    if ids.windows(2).all(|w| w[0] < w[1]) {
        return Ok(());
    }
    let mut seen: HashSet<&str> = HashSet::with_capacity(ids.len());
    for id in ids {
        if !seen.insert(id.as_str()) {
            return Err(Rejection::invalid(field, format!("{id} is selected twice")));
        }
    }
    Ok(())
}

fn find_call<'a>(jit: &'a JitState, id: &IdStr) -> Result<&'a JitCall, Rejection> {
    jit.calls
        .get(id)
        .ok_or_else(|| Rejection::not_found("JIT call", id))
}

fn wrong_status(call: &JitCall, needs: &str) -> Rejection {
    Rejection::precondition(
        &call.id,
        format!("is {}, needs to be {needs}", call.status.label()),
    )
}

fn expect_status(call: &JitCall, status: CallStatus) -> Result<(), Rejection> {
    if call.status == status {
        Ok(())
    } else {
        Err(wrong_status(call, status.label()))
    }
}

/// Moves a call and all its components to `status`.
fn set_status(call: &mut JitCall, status: CallStatus) {
    call.status = status;
    let c = ComponentStatus::from_call(status);
    for comp in &mut call.components {
        comp.status = c;
    }
}

/// A simple bulk step: check, then change, one call at a time. The check sees the call and
/// the deliveries; each call is looked up once.
fn simple_step(
    state: &mut State,
    calls: &[IdStr],
    what: &'static str,
    check: impl Fn(&BTreeMap<IdStr, Delivery>, &JitCall) -> Result<(), Rejection>,
    change: impl Fn(&mut JitCall) -> &'static str,
) -> Result<Applied, Rejection> {
    check_selection("calls", calls)?;
    let mut bulk = Bulk::new(what, calls.len());
    let JitState {
        calls: all,
        deliveries,
        ..
    } = &mut state.jit;
    for id in calls {
        let Some(call) = all.get_mut(id) else {
            bulk.fail(id, Rejection::not_found("JIT call", id));
            continue;
        };
        match check(deliveries, call) {
            Err(why) => bulk.fail(id, why),
            Ok(()) => {
                let msg = change(call);
                bulk.ok(id, msg);
                bulk.touch(EntityKind::JitCall, id);
            }
        }
    }
    bulk.finish()
}

fn stock_at(
    stock: &BTreeMap<ItemId, BTreeMap<LocationId, Qty>>,
    item: &ItemId,
    loc: &LocationId,
) -> Qty {
    stock
        .get(item)
        .and_then(|m| m.get(loc))
        .copied()
        .unwrap_or_default()
}

fn post_stock(
    stock: &mut BTreeMap<ItemId, BTreeMap<LocationId, Qty>>,
    item: &ItemId,
    loc: &LocationId,
    delta: Qty,
) {
    // Look up before inserting: cloning keys for every posting would dominate bulk steps.
    if let Some(per_loc) = stock.get_mut(item) {
        if let Some(q) = per_loc.get_mut(loc) {
            *q += delta;
        } else {
            per_loc.insert(loc.clone(), delta);
        }
    } else {
        stock
            .entry(item.clone())
            .or_default()
            .insert(loc.clone(), delta);
    }
}

fn lead_times<'a>(master: &'a JitMaster, customer: &CustomerId) -> &'a LeadTimes {
    master
        .lead_times
        .get(customer)
        .unwrap_or(&master.settings.default_lead_times)
}

/// The day goods for a call leave our dock: required time less transit.
pub fn shipping_date(master: &JitMaster, call: &JitCall) -> NaiveDate {
    let lt = lead_times(master, &call.customer);
    call.required_at
        .checked_sub_signed(Duration::minutes(lt.transit_minutes))
        .unwrap_or(call.required_at)
        .date()
}

// ---------------------------------------------------------------------------------------------
// Master data

fn map_customer_material(
    state: &mut State,
    customer: CustomerId,
    customer_material: String,
    material: ItemId,
) -> Result<Applied, Rejection> {
    if !state.customers.contains_key(&customer) {
        return Err(Rejection::not_found("customer", &customer));
    }
    if customer_material.trim().is_empty() {
        return Err(Rejection::invalid("customer_material", "must not be empty"));
    }
    if !state.items.contains_key(&material) {
        return Err(Rejection::not_found("item", &material));
    }
    let msg = format!("{customer} {customer_material} maps to {material}");
    state
        .jit
        .master
        .customer_materials
        .entry(customer)
        .or_default()
        .insert(customer_material.into(), material);
    Ok(master_applied(msg))
}

fn set_packing_spec(
    state: &mut State,
    material: ItemId,
    spec: PackingSpec,
) -> Result<Applied, Rejection> {
    if !state.items.contains_key(&material) {
        return Err(Rejection::not_found("item", &material));
    }
    if spec.container.trim().is_empty() {
        return Err(Rejection::invalid("spec.container", "must not be empty"));
    }
    if !spec.qty_per_container.is_positive() {
        return Err(Rejection::invalid(
            "spec.qty_per_container",
            "must be above zero",
        ));
    }
    if spec.containers_per_rack == 0 {
        return Err(Rejection::invalid(
            "spec.containers_per_rack",
            "must be above zero",
        ));
    }
    let msg = format!("packing specification of {material} saved");
    state.jit.master.packing.insert(material, spec);
    Ok(master_applied(msg))
}

fn set_price(
    state: &mut State,
    customer: CustomerId,
    material: ItemId,
    price: Price,
) -> Result<Applied, Rejection> {
    if !state.customers.contains_key(&customer) {
        return Err(Rejection::not_found("customer", &customer));
    }
    if !state.items.contains_key(&material) {
        return Err(Rejection::not_found("item", &material));
    }
    if price.per == 0 {
        return Err(Rejection::invalid("price.per", "must be above zero"));
    }
    if price.unit_price_cents < 0 {
        return Err(Rejection::invalid(
            "price.unit_price_cents",
            "must not be negative",
        ));
    }
    if price.currency.trim().is_empty() {
        return Err(Rejection::invalid("price.currency", "must not be empty"));
    }
    let msg = format!("price of {material} for {customer} saved");
    state
        .jit
        .master
        .prices
        .entry(customer)
        .or_default()
        .insert(material, price);
    Ok(master_applied(msg))
}

fn set_lead_times(
    state: &mut State,
    customer: Option<CustomerId>,
    lt: LeadTimes,
) -> Result<Applied, Rejection> {
    for (field, v) in [
        ("lead_times.production_minutes", lt.production_minutes),
        ("lead_times.packing_minutes", lt.packing_minutes),
        ("lead_times.transit_minutes", lt.transit_minutes),
    ] {
        // A year in minutes bounds the arithmetic on date-times.
        if !(0..=525_600).contains(&v) {
            return Err(Rejection::invalid(
                field,
                "must be between 0 and 525600 minutes",
            ));
        }
    }
    match customer {
        Some(c) => {
            if !state.customers.contains_key(&c) {
                return Err(Rejection::not_found("customer", &c));
            }
            state.jit.master.lead_times.insert(c, lt);
        }
        None => state.jit.master.settings.default_lead_times = lt,
    }
    Ok(master_applied("lead times saved"))
}

fn set_backflush(
    state: &mut State,
    material: ItemId,
    lines: Vec<BackflushLine>,
) -> Result<Applied, Rejection> {
    if !state.items.contains_key(&material) {
        return Err(Rejection::not_found("item", &material));
    }
    for (i, l) in lines.iter().enumerate() {
        if !state.items.contains_key(&l.item) {
            return Err(Rejection::not_found("item", &l.item));
        }
        if l.item == material {
            return Err(Rejection::invalid(
                format!("lines[{i}].item"),
                "a material cannot consume itself",
            ));
        }
        if !l.qty_per.is_positive() {
            return Err(Rejection::invalid(
                format!("lines[{i}].qty_per"),
                "must be above zero",
            ));
        }
    }
    let msg = format!("backflush of {material} saved");
    if lines.is_empty() {
        state.jit.master.backflush.remove(&material);
    } else {
        state.jit.master.backflush.insert(material, lines);
    }
    Ok(master_applied(msg))
}

// ---------------------------------------------------------------------------------------------
// Receipt and customer changes

fn validate_incoming(state: &State, inc: &IncomingCall) -> Result<(), Rejection> {
    if inc.external_id.trim().is_empty() {
        return Err(Rejection::invalid("external_id", "must not be empty"));
    }
    for c in [&inc.customer, &inc.ship_to] {
        if !state.customers.contains_key(c) {
            return Err(Rejection::not_found("customer", c));
        }
    }
    if inc.version == 0 {
        return Err(Rejection::invalid("version", "starts at 1"));
    }
    if inc.components.is_empty() {
        return Err(Rejection::invalid(
            "components",
            "a call needs at least one component",
        ));
    }
    let containers = matches!(
        inc.kind,
        CallKind::Summarized {
            basis: SummarizedBasis::Containers
        }
    );
    for (i, comp) in inc.components.iter().enumerate() {
        if !comp.qty.is_positive() {
            return Err(Rejection::invalid(
                format!("components[{i}].qty"),
                "must be above zero",
            ));
        }
        if inc.components[..i]
            .iter()
            .any(|o| o.position == comp.position)
        {
            return Err(Rejection::invalid(
                format!("components[{i}].position"),
                format!("position {} appears twice", comp.position),
            ));
        }
        if containers && comp.containers.is_none_or(|n| n == 0) {
            return Err(Rejection::invalid(
                format!("components[{i}].containers"),
                "a container-based call needs a number of containers above zero",
            ));
        }
    }
    Ok(())
}

fn resolve_material(
    master: &JitMaster,
    customer: &CustomerId,
    customer_material: &str,
) -> Option<ItemId> {
    master
        .customer_materials
        .get(customer)
        .and_then(|m| m.get(customer_material))
        .cloned()
}

/// A call's components from the message's; moves the strings (receipt owns the message).
fn components_of(
    master: &JitMaster,
    customer: &CustomerId,
    components: Vec<IncomingComponent>,
) -> Vec<JitComponent> {
    components
        .into_iter()
        .map(|c| JitComponent {
            position: c.position,
            material: c
                .material
                .or_else(|| resolve_material(master, customer, &c.customer_material)),
            customer_material: c.customer_material,
            qty: c.qty,
            unit: c.unit,
            containers: c.containers,
            status: ComponentStatus::Received,
            failure: None,
            production_group: None,
            handling_units: Vec::new(),
        })
        .collect()
}

/// Copies a version's header and components into a call (which must be back at received).
fn take_version(master: &JitMaster, call: &mut JitCall, inc: IncomingCall) {
    call.components = components_of(master, &inc.customer, inc.components);
    call.ship_to = inc.ship_to;
    call.unloading_point = inc.unloading_point;
    call.supply_area = inc.supply_area;
    call.required_at = inc.required_at;
    call.version = inc.version;
    call.kind = inc.kind;
    call.status = CallStatus::Received;
}

fn receive(state: &mut State, calls: Vec<NewCall>) -> Result<Applied, Rejection> {
    if calls.is_empty() {
        return Err(Rejection::invalid("calls", "the selection is empty"));
    }
    let mut seen: HashSet<&str> = HashSet::with_capacity(calls.len());
    for c in &calls {
        if !seen.insert(c.id.as_str()) {
            return Err(Rejection::invalid(
                "calls",
                format!("{} is selected twice", c.id),
            ));
        }
    }
    drop(seen);
    let mut bulk = Bulk::new("receive", calls.len());
    for NewCall { id, call } in calls {
        match receive_one(state, &id, call) {
            Ok((internal, msg)) => {
                bulk.touch(EntityKind::JitCall, &internal);
                bulk.ok(&id, msg);
            }
            Err(why) => bulk.fail(&id, why),
        }
    }
    bulk.finish()
}

fn receive_one(
    state: &mut State,
    id: &str,
    inc: IncomingCall,
) -> Result<(IdStr, IdStr), Rejection> {
    validate_incoming(state, &inc)?;
    let known = state
        .jit
        .external_index
        .get(&inc.customer)
        .and_then(|m| m.get(&inc.external_id));
    let Some(internal) = known.cloned() else {
        if id.trim().is_empty() {
            return Err(Rejection::invalid("id", "must not be empty"));
        }
        if state.jit.calls.contains_key(id) {
            return Err(Rejection::precondition(
                id,
                "the internal number is already used",
            ));
        }
        let call = JitCall {
            id: IdStr::from(id),
            components: components_of(&state.jit.master, &inc.customer, inc.components),
            external_id: inc.external_id,
            customer: inc.customer,
            ship_to: inc.ship_to,
            unloading_point: inc.unloading_point,
            supply_area: inc.supply_area,
            required_at: inc.required_at,
            version: inc.version,
            kind: inc.kind,
            status: CallStatus::Received,
            delivery: None,
            pending_change: None,
            external_status: None,
            reorder_count: 0,
            replaces: None,
            replaced_by: Vec::new(),
            cancel_reason: None,
        };
        // Look the customer up before inserting: a key copy per call is not needed.
        let index = &mut state.jit.external_index;
        if !index.contains_key(&call.customer) {
            index.insert(call.customer.clone(), BTreeMap::new());
        }
        if let Some(by_ext) = index.get_mut(&call.customer) {
            by_ext.insert(call.external_id.clone(), IdStr::from(id));
        }
        state.jit.calls.insert(IdStr::from(id), call);
        return Ok((IdStr::from(id), IdStr::const_new("received")));
    };
    let JitState { calls, master, .. } = &mut state.jit;
    let call = calls
        .get_mut(&internal)
        .ok_or_else(|| Rejection::not_found("JIT call", &internal))?;
    let latest = call
        .pending_change
        .as_ref()
        .map_or(call.version, |p| p.version.max(call.version));
    if inc.version <= latest {
        return Err(Rejection::precondition(
            &internal,
            format!("version {} is not newer than version {latest}", inc.version),
        ));
    }
    if call.kind.call_type() != inc.kind.call_type() {
        return Err(Rejection::invalid(
            "kind",
            "a new version cannot change the call type",
        ));
    }
    if call.status == CallStatus::Cancelled {
        return Err(Rejection::precondition(&internal, "the call is cancelled"));
    }
    if call.status == CallStatus::Received {
        let old = call.version;
        let new = inc.version;
        take_version(master, call, inc);
        call.pending_change = None;
        Ok((
            internal,
            format_compact!("version {new} replaces version {old}"),
        ))
    } else {
        let new = inc.version;
        call.pending_change = Some(Box::new(inc));
        Ok((
            internal,
            format_compact!("version {new} arrived after release; waits for the planner"),
        ))
    }
}

fn accept_change(state: &mut State, calls: &[IdStr]) -> Result<Applied, Rejection> {
    check_selection("calls", calls)?;
    let mut bulk = Bulk::new("accept change", calls.len());
    for id in calls {
        let verdict = find_call(&state.jit, id).and_then(|call| {
            if call.pending_change.is_none() {
                return Err(Rejection::precondition(id, "has no pending change"));
            }
            if call.status >= CallStatus::GoodsIssued {
                return Err(wrong_status(call, "before goods issue (reorder instead)"));
            }
            check_rollback(state, call)
        });
        match verdict {
            Err(why) => bulk.fail(id, why),
            Ok(()) => {
                rollback(state, id, CallStatus::Received, &mut bulk);
                let JitState { calls, master, .. } = &mut state.jit;
                if let Some(call) = calls.get_mut(id)
                    && let Some(pending) = call.pending_change.take()
                {
                    let v = pending.version;
                    take_version(master, call, *pending);
                    bulk.ok(id, format!("version {v} applied; call reset to received"));
                }
            }
        }
    }
    bulk.finish()
}

fn dismiss_change(state: &mut State, calls: &[IdStr]) -> Result<Applied, Rejection> {
    simple_step(
        state,
        calls,
        "dismiss change",
        |_, call| {
            if call.pending_change.is_none() {
                Err(Rejection::precondition(&call.id, "has no pending change"))
            } else {
                Ok(())
            }
        },
        |call| {
            call.pending_change = None;
            "pending change dismissed"
        },
    )
}

fn report_external_status(
    state: &mut State,
    calls: &[IdStr],
    system: String,
    status: String,
    reported_at: NaiveDateTime,
) -> Result<Applied, Rejection> {
    if system.trim().is_empty() {
        return Err(Rejection::invalid("system", "must not be empty"));
    }
    if status.trim().is_empty() {
        return Err(Rejection::invalid("status", "must not be empty"));
    }
    let ext = ExternalStatus {
        system,
        status,
        reported_at,
    };
    simple_step(
        state,
        calls,
        "external status",
        |_, _| Ok(()),
        |call| {
            call.external_status = Some(Box::new(ext.clone()));
            "external status recorded"
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Production

fn release_to_production(state: &mut State, calls: &[IdStr]) -> Result<Applied, Rejection> {
    check_selection("calls", calls)?;
    let mut bulk = Bulk::new("release to production", calls.len());
    let JitState {
        calls: all, master, ..
    } = &mut state.jit;
    for id in calls {
        let Some(call) = all.get_mut(id) else {
            bulk.fail(id, Rejection::not_found("JIT call", id));
            continue;
        };
        if let Err(why) = expect_status(call, CallStatus::Received) {
            bulk.fail(id, why);
            continue;
        }
        match call.kind {
            // Summarized: components are produced per component group material, supply area
            // and day.
            CallKind::Summarized { .. } => {
                let day = call.required_at.date();
                for comp in &mut call.components {
                    let m = comp
                        .material
                        .as_ref()
                        .map_or(comp.customer_material.as_str(), |m| m.as_str());
                    comp.production_group = Some(format_compact!("{m}/{}/{day}", call.supply_area));
                }
            }
            // Sequenced: vehicles are produced in package units, one rack of consecutive
            // sequence numbers each.
            CallKind::Sequenced { sequence_no, .. } => {
                let per_rack = call
                    .components
                    .iter()
                    .filter_map(|c| c.material.as_ref().and_then(|m| master.packing.get(m)))
                    .map(|s| u64::from(s.containers_per_rack))
                    .min()
                    .unwrap_or(1)
                    .max(1);
                let unit = format!(
                    "{}/{}/PU{}",
                    call.customer,
                    call.supply_area,
                    sequence_no / per_rack
                );
                for comp in &mut call.components {
                    comp.production_group = Some(unit.as_str().into());
                }
            }
        }
        set_status(call, CallStatus::ReleasedToProduction);
        bulk.touch(EntityKind::JitCall, id);
        bulk.ok(id, "released to production");
    }
    bulk.finish()
}

/// Checks whether production of `qty` of `material` can be posted.
fn check_posting(
    items: &BTreeMap<ItemId, Item>,
    stock: &BTreeMap<ItemId, BTreeMap<LocationId, Qty>>,
    master: &JitMaster,
    material: Option<&ItemId>,
    customer_material: &str,
    qty: Qty,
) -> Result<(), PostingFailure> {
    let Some(m) = material.filter(|m| items.contains_key(*m)) else {
        return Err(PostingFailure::UnknownMaterial {
            customer_material: customer_material.to_owned(),
        });
    };
    if master.blocked.contains(m) {
        return Err(PostingFailure::BlockedMaterial {
            material: m.clone(),
        });
    }
    if let Some(lines) = master.backflush.get(m) {
        let loc = &master.settings.location;
        for (i, l) in lines.iter().enumerate() {
            // Lines naming the same item add up.
            let needed: Qty = lines[..=i]
                .iter()
                .filter(|o| o.item == l.item)
                .map(|o| Qty(o.qty_per.0 * qty.0))
                .sum();
            let available = stock_at(stock, &l.item, loc);
            if available < needed {
                return Err(PostingFailure::MissingStock {
                    item: l.item.clone(),
                    needed,
                    available,
                });
            }
        }
    }
    Ok(())
}

/// Posts production of `qty` of `material` (sign −1 reverses it), with its backflush.
fn post_production(
    stock: &mut BTreeMap<ItemId, BTreeMap<LocationId, Qty>>,
    master: &JitMaster,
    material: &ItemId,
    qty: Qty,
    sign: i64,
    bulk: &mut Bulk,
) {
    let loc = &master.settings.location;
    post_stock(stock, material, loc, Qty(sign * qty.0));
    bulk.touch_stock(material);
    if let Some(lines) = master.backflush.get(material) {
        for l in lines {
            post_stock(stock, &l.item, loc, Qty(-sign * l.qty_per.0 * qty.0));
            bulk.touch_stock(&l.item);
        }
    }
}

fn confirm_production(state: &mut State, calls: &[IdStr]) -> Result<Applied, Rejection> {
    check_selection("calls", calls)?;
    let mut bulk = Bulk::new("confirm production", calls.len());
    let State {
        items, stock, jit, ..
    } = state;
    let JitState {
        calls: all, master, ..
    } = jit;
    for id in calls {
        let Some(call) = all.get_mut(id) else {
            bulk.fail(id, Rejection::not_found("JIT call", id));
            continue;
        };
        let verdict = expect_status(call, CallStatus::ReleasedToProduction).and_then(|()| {
            if call
                .components
                .iter()
                .any(|k| k.status == ComponentStatus::ReleasedToProduction)
            {
                Ok(())
            } else {
                Err(Rejection::precondition(
                    id,
                    "nothing to confirm: reprocess the failed postings",
                ))
            }
        });
        if let Err(why) = verdict {
            bulk.fail(id, why);
            continue;
        }
        let mut failed: Vec<String> = Vec::new();
        for comp in &mut call.components {
            if comp.status != ComponentStatus::ReleasedToProduction {
                continue;
            }
            match check_posting(
                items,
                stock,
                master,
                comp.material.as_ref(),
                &comp.customer_material,
                comp.qty,
            ) {
                Ok(()) => {
                    if let Some(m) = &comp.material {
                        post_production(stock, master, m, comp.qty, 1, &mut bulk);
                    }
                    comp.status = ComponentStatus::ProductionConfirmed;
                }
                Err(f) => {
                    failed.push(format!("position {}: {f}", comp.position));
                    comp.status = ComponentStatus::PostingFailed;
                    comp.failure = Some(Box::new(f));
                }
            }
        }
        call.status = call.derived_status();
        bulk.touch(EntityKind::JitCall, id);
        if failed.is_empty() {
            bulk.ok(id, "production confirmed");
        } else {
            bulk.ok(
                id,
                format!(
                    "production confirmed; stock posting failed for {}",
                    failed.join("; ")
                ),
            );
        }
    }
    bulk.finish()
}

fn reprocess_postings(state: &mut State, calls: &[IdStr]) -> Result<Applied, Rejection> {
    check_selection("calls", calls)?;
    let mut bulk = Bulk::new("reprocess postings", calls.len());
    for id in calls {
        let verdict = find_call(&state.jit, id).and_then(|c| {
            if c.components
                .iter()
                .any(|k| k.status == ComponentStatus::PostingFailed)
            {
                Ok(())
            } else {
                Err(Rejection::precondition(id, "has no failed stock posting"))
            }
        });
        if let Err(why) = verdict {
            bulk.fail(id, why);
            continue;
        }
        let State {
            items, stock, jit, ..
        } = state;
        let JitState { calls, master, .. } = jit;
        let Some(call) = calls.get_mut(id) else {
            continue;
        };
        // First decide per component in order (earlier postings use backflush stock later ones
        // may need), without changing the call; change it only if something could be posted.
        let mut plan: Vec<(usize, Result<Option<ItemId>, PostingFailure>)> = Vec::new();
        let mut scratch = stock.clone_subset(master, call);
        for (i, comp) in call.components.iter().enumerate() {
            if comp.status != ComponentStatus::PostingFailed {
                continue;
            }
            let material = comp
                .material
                .clone()
                .or_else(|| resolve_material(master, &call.customer, &comp.customer_material));
            match check_posting(
                items,
                &scratch,
                master,
                material.as_ref(),
                &comp.customer_material,
                comp.qty,
            ) {
                Ok(()) => {
                    if let Some(m) = &material {
                        let mut sink = Bulk::new("scratch", 0);
                        post_production(&mut scratch, master, m, comp.qty, 1, &mut sink);
                    }
                    plan.push((i, Ok(material)));
                }
                Err(f) => plan.push((i, Err(f))),
            }
        }
        if !plan.iter().any(|(_, r)| r.is_ok()) {
            let why = plan
                .iter()
                .filter_map(|(i, r)| {
                    r.as_ref()
                        .err()
                        .map(|f| format!("position {}: {f}", call.components[*i].position))
                })
                .collect::<Vec<_>>()
                .join("; ");
            bulk.fail(
                id,
                Rejection::precondition(id, format!("reprocessing failed again: {why}")),
            );
            continue;
        }
        let mut still = 0usize;
        for (i, r) in plan {
            let comp = &mut call.components[i];
            match r {
                Ok(material) => {
                    if let Some(m) = &material {
                        post_production(stock, master, m, comp.qty, 1, &mut bulk);
                    }
                    comp.material = material;
                    comp.failure = None;
                    comp.status = ComponentStatus::ProductionConfirmed;
                }
                Err(f) => {
                    still += 1;
                    comp.failure = Some(Box::new(f));
                }
            }
        }
        call.status = call.derived_status();
        bulk.touch(EntityKind::JitCall, id);
        if still == 0 {
            bulk.ok(id, "failed postings reprocessed");
        } else {
            bulk.ok(id, format!("reprocessed; {still} posting(s) still failing"));
        }
    }
    bulk.finish()
}

/// Stock maps restricted to what one call's postings read, for dry runs.
trait CloneSubset {
    fn clone_subset(&self, master: &JitMaster, call: &JitCall) -> Self;
}

impl CloneSubset for BTreeMap<ItemId, BTreeMap<LocationId, Qty>> {
    fn clone_subset(&self, master: &JitMaster, call: &JitCall) -> Self {
        let mut out = BTreeMap::new();
        let mut add = |item: &ItemId| {
            if let Some(m) = self.get(item) {
                out.insert(item.clone(), m.clone());
            }
        };
        for comp in &call.components {
            let material = comp
                .material
                .clone()
                .or_else(|| resolve_material(master, &call.customer, &comp.customer_material));
            if let Some(m) = material {
                add(&m);
                for l in master.backflush.get(&m).into_iter().flatten() {
                    add(&l.item);
                }
            }
        }
        out
    }
}

fn release_for_packing(state: &mut State, calls: &[IdStr]) -> Result<Applied, Rejection> {
    simple_step(
        state,
        calls,
        "release for packing",
        |_, c| expect_status(c, CallStatus::ProductionConfirmed),
        |c| {
            set_status(c, CallStatus::ReleasedForPacking);
            "released for packing"
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Packing

/// Splits a component into container quantities.
fn container_qtys(comp: &JitComponent, spec: &PackingSpec) -> Vec<Qty> {
    let total = comp.qty.0;
    match comp.containers {
        // Container-based: the customer's number of containers, quantity spread evenly.
        Some(n) if n > 0 => {
            let n = i64::from(n);
            (0..n)
                .map(|i| Qty(total / n + i64::from(i < total % n)))
                .collect()
        }
        _ => {
            let per = spec.qty_per_container.0.max(1);
            let full = total / per;
            let mut v: Vec<Qty> = (0..full).map(|_| Qty(per)).collect();
            if total % per != 0 {
                v.push(Qty(total % per));
            }
            v
        }
    }
}

fn pack(state: &mut State, calls: &[IdStr], range: &SsccRange) -> Result<Applied, Rejection> {
    check_selection("calls", calls)?;
    range
        .validate()
        .map_err(|(f, m)| Rejection::invalid(f, m))?;
    let mut bulk = Bulk::new("pack", calls.len());
    struct Planned<'a, 's> {
        /// The call number as selected (borrowed from the command, not the state).
        id: &'s str,
        call: &'a JitCall,
        /// Per component: container quantities and the spec.
        comps: Vec<(usize, Vec<Qty>, &'a PackingSpec)>,
    }
    let jit = &state.jit;
    let mut planned: Vec<Planned> = Vec::with_capacity(calls.len());
    for id in calls {
        let verdict = find_call(jit, id).and_then(|call| {
            expect_status(call, CallStatus::ReleasedForPacking)?;
            let mut comps = Vec::with_capacity(call.components.len());
            for (i, comp) in call.components.iter().enumerate() {
                let spec = comp
                    .material
                    .as_ref()
                    .and_then(|m| jit.master.packing.get(m))
                    .ok_or_else(|| {
                        Rejection::precondition(
                            id,
                            format!(
                                "no packing specification for material {}",
                                comp.material.as_ref().map_or("?", |m| m.as_str())
                            ),
                        )
                    })?;
                comps.push((i, container_qtys(comp, spec), spec));
            }
            Ok(Planned {
                id: id.as_str(),
                call,
                comps,
            })
        });
        match verdict {
            Ok(p) => planned.push(p),
            Err(why) => bulk.fail(id, why),
        }
    }
    // Outer units: per call and component for summarized calls; for sequenced calls racks
    // filled in sequence order per customer, supply area and material.
    // An inner container is (planned index, component index in plan, container index).
    type Inner = (usize, usize, usize);
    type RackKey<'a> = (&'a CustomerId, &'a str, &'a ItemId);
    type Numbered<'a> = (IdStr, &'a str, Vec<(IdStr, Inner)>);
    let mut outers: Vec<(&str, Vec<Inner>)> = Vec::new();
    let mut seq_groups: BTreeMap<RackKey, Vec<(u64, Inner)>> = BTreeMap::new();
    for (p, plan) in planned.iter().enumerate() {
        for (k, (i, qtys, spec)) in plan.comps.iter().enumerate() {
            let comp = &plan.call.components[*i];
            match (&plan.call.kind, &comp.material) {
                (CallKind::Sequenced { sequence_no, .. }, Some(m)) => {
                    let g = seq_groups
                        .entry((&plan.call.customer, plan.call.supply_area.as_str(), m))
                        .or_default();
                    for c in 0..qtys.len() {
                        g.push((*sequence_no, (p, k, c)));
                    }
                }
                _ => {
                    let per = spec.containers_per_rack.max(1) as usize;
                    let inner: Vec<Inner> = (0..qtys.len()).map(|c| (p, k, c)).collect();
                    for chunk in inner.chunks(per) {
                        outers.push((spec.rack.as_str(), chunk.to_vec()));
                    }
                }
            }
        }
    }
    for ((_, _, material), mut members) in seq_groups {
        members.sort_by_key(|(seq, _)| *seq);
        let spec = jit.master.packing.get(material);
        let per = spec.map_or(1, |s| s.containers_per_rack.max(1) as usize);
        let rack = spec.map_or("", |s| s.rack.as_str());
        for chunk in members.chunks(per) {
            outers.push((rack, chunk.iter().map(|(_, inner)| *inner).collect()));
        }
    }
    let needed: u64 = outers.iter().map(|(_, v)| 1 + v.len() as u64).sum();
    if needed > range.len() {
        return Err(Rejection::invalid(
            "sscc",
            format!(
                "the range holds {} numbers, packing needs {needed}",
                range.len()
            ),
        ));
    }
    // Number and check every SSCC before anything changes.
    let mut n = 0u64;
    let mut numbered: Vec<Numbered> = Vec::with_capacity(outers.len());
    for (rack, inner) in &outers {
        let outer = range.sscc(n);
        n += 1;
        let mut kids = Vec::with_capacity(inner.len());
        for x in inner {
            kids.push((range.sscc(n), *x));
            n += 1;
        }
        numbered.push((outer, rack, kids));
    }
    // Serials are zero-padded behind a fixed prefix, so every SSCC of the used part of the
    // range sorts between its first and last number: one range query finds any collision.
    if needed > 0 {
        let (first, last) = (range.sscc(0), range.sscc(needed - 1));
        if let Some((s, _)) = jit.handling_units.range(first..=last).next() {
            return Err(Rejection::invalid(
                "sscc",
                format!("SSCC {s} is already used"),
            ));
        }
    }
    // Build the handling units from the plan (still reading the calls), then write.
    let mut hus: Vec<HandlingUnit> = Vec::with_capacity(needed as usize);
    // (planned, component index, index of the container in `hus`)
    let mut assign: Vec<(usize, usize, usize)> = Vec::with_capacity(needed as usize);
    for (outer, rack, kids) in numbered {
        let mut children = Vec::with_capacity(kids.len());
        for (sscc, (p, k, c)) in kids {
            let plan = &planned[p];
            let (i, qtys, spec) = &plan.comps[k];
            let comp = &plan.call.components[*i];
            children.push(sscc.clone());
            assign.push((p, *i, hus.len()));
            hus.push(HandlingUnit {
                sscc,
                packaging_material: spec.container.clone(),
                parent: Some(outer.clone()),
                children: Vec::new(),
                contents: vec![HuContent {
                    call: plan.call.id.clone(),
                    position: comp.position,
                    qty: qtys[c],
                }],
            });
        }
        hus.push(HandlingUnit {
            sscc: outer,
            packaging_material: IdStr::from(rack),
            parent: None,
            children,
            contents: Vec::new(),
        });
    }
    // The selection outlives the borrow of the state: no copies of the call numbers.
    let packed_ids: Vec<&str> = planned.iter().map(|p| p.id).collect();
    // Containers stay in the order they were numbered, which is per component in order.
    assign.sort_by_key(|(p, i, _)| (*p, *i));
    let mut assign = assign.into_iter().peekable();
    for (p, id) in packed_ids.iter().enumerate() {
        let Some(call) = state.jit.calls.get_mut(*id) else {
            continue;
        };
        while let Some((_, i, h)) = assign.next_if(|(q, _, _)| *q == p) {
            if let Some(comp) = call.components.get_mut(i) {
                comp.handling_units.push(hus[h].sscc.clone());
            }
        }
        set_status(call, CallStatus::Packed);
        bulk.touch(EntityKind::JitCall, id);
        bulk.ok(id, "packed");
    }
    for hu in hus {
        bulk.touch(EntityKind::HandlingUnit, &hu.sscc);
        state.jit.handling_units.insert(hu.sscc.clone(), hu);
    }
    bulk.finish()
}

// ---------------------------------------------------------------------------------------------
// Deliveries

fn create_deliveries(
    state: &mut State,
    calls: &[IdStr],
    prefix: &str,
) -> Result<Applied, Rejection> {
    check_selection("calls", calls)?;
    if prefix.trim().is_empty() {
        return Err(Rejection::invalid("delivery_prefix", "must not be empty"));
    }
    let mut bulk = Bulk::new("create deliveries", calls.len());
    let jit = &state.jit;
    // Summarized calls combine per customer, ship-to, unloading point and shipping date;
    // sequenced ones additionally per supply area, then go in sequence order split by racks.
    type Key<'a> = (
        CallType,
        &'a CustomerId,
        &'a CustomerId,
        &'a str,
        NaiveDate,
        &'a str,
    );
    let mut groups: BTreeMap<Key, Vec<(u64, NaiveDateTime, &JitCall)>> = BTreeMap::new();
    for id in calls {
        match find_call(jit, id).and_then(|c| expect_status(c, CallStatus::Packed).map(|()| c)) {
            Err(why) => bulk.fail(id, why),
            Ok(call) => {
                let ty = call.call_type();
                let area = if ty == CallType::Sequenced {
                    call.supply_area.as_str()
                } else {
                    ""
                };
                let key = (
                    ty,
                    &call.customer,
                    &call.ship_to,
                    call.unloading_point.as_str(),
                    shipping_date(&jit.master, call),
                    area,
                );
                groups.entry(key).or_default().push((
                    call.kind.sequence_no().unwrap_or(0),
                    call.required_at,
                    call,
                ));
            }
        }
    }
    let mut deliveries: Vec<Delivery> = Vec::new();
    for ((ty, customer, ship_to, unloading_point, day, _), mut members) in groups {
        members.sort_by(|a, b| (a.0, a.1, &a.2.id).cmp(&(b.0, b.1, &b.2.id)));
        let per = if ty == CallType::Sequenced {
            members
                .iter()
                .flat_map(|(_, _, c)| c.components.iter())
                .filter_map(|k| k.material.as_ref().and_then(|m| jit.master.packing.get(m)))
                .map(|s| s.containers_per_rack.max(1) as usize)
                .min()
                .unwrap_or(usize::MAX)
        } else {
            usize::MAX
        };
        for chunk in members.chunks(per.min(members.len()).max(1)) {
            let n = deliveries.len() + 1;
            deliveries.push(Delivery {
                id: format_compact!("{prefix}{n:05}"),
                call_type: ty,
                customer: customer.clone(),
                ship_to: ship_to.clone(),
                unloading_point: IdStr::from(unloading_point),
                shipping_date: day,
                calls: chunk.iter().map(|(_, _, c)| c.id.clone()).collect(),
                split_from: None,
                warehouse: None,
                goods_issued_at: None,
                shipping_notice: None,
                invoice: None,
            });
        }
    }
    if let Some(d) = deliveries
        .iter()
        .find(|d| jit.deliveries.contains_key(&d.id))
    {
        return Err(Rejection::invalid(
            "delivery_prefix",
            format!("delivery {} already exists", d.id),
        ));
    }
    for d in deliveries {
        for id in &d.calls {
            if let Some(call) = state.jit.calls.get_mut(id) {
                set_status(call, CallStatus::DeliveryCreated);
                call.delivery = Some(d.id.clone());
            }
            bulk.touch(EntityKind::JitCall, id);
            bulk.ok(id, format!("in delivery {}", d.id));
        }
        bulk.touch(EntityKind::JitDelivery, &d.id);
        state.jit.deliveries.insert(d.id.clone(), d);
    }
    bulk.finish()
}

fn split_delivery(
    state: &mut State,
    delivery: &str,
    calls: &[IdStr],
    new_delivery: &str,
) -> Result<Applied, Rejection> {
    check_selection("calls", calls)?;
    if new_delivery.trim().is_empty() {
        return Err(Rejection::invalid("new_delivery", "must not be empty"));
    }
    let d = state
        .jit
        .deliveries
        .get(delivery)
        .ok_or_else(|| Rejection::not_found("delivery", delivery))?;
    if state.jit.deliveries.contains_key(new_delivery) {
        return Err(Rejection::precondition(
            new_delivery,
            "a delivery with this number exists",
        ));
    }
    if d.goods_issued_at.is_some() {
        return Err(Rejection::precondition(
            delivery,
            "goods are issued; the delivery cannot be split",
        ));
    }
    if d.warehouse
        .as_ref()
        .is_some_and(|w| w.status != WarehouseStatus::Requested)
    {
        return Err(Rejection::precondition(
            delivery,
            "the warehouse has already picked it",
        ));
    }
    if let Some(c) = calls
        .iter()
        .find(|c| !d.calls.iter().any(|x| x == c.as_str()))
    {
        return Err(Rejection::invalid(
            "calls",
            format!("{c} is not in delivery {delivery}"),
        ));
    }
    if calls.len() >= d.calls.len() {
        return Err(Rejection::invalid(
            "calls",
            "at least one call must stay in the delivery",
        ));
    }
    let moving: HashSet<&str> = calls.iter().map(|c| c.as_str()).collect();
    let mut new = d.clone();
    new.id = IdStr::from(new_delivery);
    new.split_from = Some(IdStr::from(delivery));
    new.calls = d
        .calls
        .iter()
        .filter(|c| moving.contains(c.as_str()))
        .cloned()
        .collect();
    let mut touched = vec![
        EntityRef::new(EntityKind::JitDelivery, delivery),
        EntityRef::new(EntityKind::JitDelivery, new_delivery),
    ];
    for id in &new.calls {
        if let Some(call) = state.jit.calls.get_mut(id) {
            call.delivery = Some(IdStr::from(new_delivery));
        }
        touched.push(EntityRef::new(EntityKind::JitCall, id.as_str()));
    }
    if let Some(old) = state.jit.deliveries.get_mut(delivery) {
        old.calls.retain(|c| !moving.contains(c.as_str()));
    }
    let n = new.calls.len();
    state.jit.deliveries.insert(IdStr::from(new_delivery), new);
    Ok(Applied::new(
        format!("{n} call(s) moved from delivery {delivery} to {new_delivery}"),
        touched,
    ))
}

fn pick(state: &mut State, calls: &[IdStr]) -> Result<Applied, Rejection> {
    simple_step(
        state,
        calls,
        "pick",
        |deliveries, c| {
            expect_status(c, CallStatus::DeliveryCreated)?;
            let d = c.delivery.as_deref().and_then(|d| deliveries.get(d));
            if let Some(w) = d.and_then(|d| d.warehouse.as_ref()) {
                return Err(Rejection::precondition(
                    &c.id,
                    format!(
                        "picking is done by warehouse {}; wait for its confirmation",
                        w.warehouse
                    ),
                ));
            }
            Ok(())
        },
        |c| {
            set_status(c, CallStatus::Picked);
            "picked"
        },
    )
}

/// Groups selected calls by delivery (in delivery number order); calls that cannot be
/// grouped fail in `bulk`.
fn by_delivery<'a>(
    state: &State,
    calls: &'a [IdStr],
    needs: CallStatus,
    bulk: &mut Bulk,
) -> Vec<(String, Vec<&'a str>)> {
    // Borrowed delivery numbers while grouping: one copy per delivery, not per call.
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for id in calls {
        let verdict = find_call(&state.jit, id).and_then(|c| {
            expect_status(c, needs)?;
            c.delivery
                .as_deref()
                .ok_or_else(|| Rejection::precondition(id, "is in no delivery"))
        });
        match verdict {
            Ok(d) => out.entry(d).or_default().push(id),
            Err(why) => bulk.fail(id, why),
        }
    }
    out.into_iter().map(|(d, v)| (d.to_owned(), v)).collect()
}

/// Records the result for a delivery: every selected call, and the delivery's other calls.
fn delivery_outcome(
    state: &State,
    bulk: &mut Bulk,
    delivery: &str,
    selected: &[&str],
    result: Result<&str, Rejection>,
) {
    match result {
        Err(why) => {
            for id in selected {
                bulk.fail(id, why.clone());
            }
        }
        Ok(msg) => {
            bulk.touch(EntityKind::JitDelivery, delivery);
            let all = state
                .jit
                .deliveries
                .get(delivery)
                .map(|d| d.calls.as_slice())
                .unwrap_or(&[]);
            for id in all {
                bulk.touch(EntityKind::JitCall, id);
                if selected.contains(&id.as_str()) {
                    bulk.ok(id, msg);
                } else {
                    bulk.ok(id, format!("{msg} with delivery {delivery}"));
                }
            }
        }
    }
}

fn post_goods_issue(
    state: &mut State,
    calls: &[IdStr],
    at: NaiveDateTime,
) -> Result<Applied, Rejection> {
    check_selection("calls", calls)?;
    let mut bulk = Bulk::new("goods issue", calls.len());
    let groups = by_delivery(state, calls, CallStatus::Picked, &mut bulk);
    for (d, selected) in groups {
        let r = goods_issue(state, &d, at, false, &mut bulk).map(|()| "goods issued");
        delivery_outcome(state, &mut bulk, &d, &selected, r);
    }
    bulk.finish()
}

/// Posts goods issue for a whole delivery and writes its shipping notice.
fn goods_issue(
    state: &mut State,
    delivery: &str,
    at: NaiveDateTime,
    by_warehouse: bool,
    bulk: &mut Bulk,
) -> Result<(), Rejection> {
    let jit = &state.jit;
    let d = jit
        .deliveries
        .get(delivery)
        .ok_or_else(|| Rejection::not_found("delivery", delivery))?;
    if d.goods_issued_at.is_some() {
        return Err(Rejection::precondition(
            delivery,
            "goods are already issued",
        ));
    }
    match (&d.warehouse, by_warehouse) {
        (Some(w), false) => {
            return Err(Rejection::precondition(
                delivery,
                format!("goods issue is posted by warehouse {}", w.warehouse),
            ));
        }
        (Some(w), true) if w.status != WarehouseStatus::Picked => {
            return Err(Rejection::precondition(
                delivery,
                "the warehouse has not confirmed picking",
            ));
        }
        (None, true) => {
            return Err(Rejection::precondition(
                delivery,
                "was not handed to a warehouse",
            ));
        }
        _ => {}
    }
    let mut needs: BTreeMap<&ItemId, Qty> = BTreeMap::new();
    let mut members: Vec<&JitCall> = Vec::with_capacity(d.calls.len());
    for id in &d.calls {
        let call = find_call(jit, id)?;
        if call.status != CallStatus::Picked {
            return Err(Rejection::precondition(
                delivery,
                format!(
                    "call {id} is {}, every call must be picked",
                    call.status.label()
                ),
            ));
        }
        for comp in &call.components {
            let m = comp
                .material
                .as_ref()
                .ok_or_else(|| Rejection::precondition(id, "component without material"))?;
            *needs.entry(m).or_default() += comp.qty;
        }
        members.push(call);
    }
    let loc = &jit.master.settings.location;
    for (m, q) in &needs {
        let have = stock_at(&state.stock, m, loc);
        if have < *q {
            return Err(Rejection::precondition(
                delivery,
                format!("stock of {m} is {have}, goods issue needs {q}"),
            ));
        }
    }
    let notice = shipping_notice(jit, d, &members, at);
    let issue: Vec<(ItemId, Qty)> = needs.into_iter().map(|(m, q)| (m.clone(), q)).collect();
    let State { stock, jit, .. } = state;
    let JitState {
        calls,
        deliveries,
        master,
        shipping_notices,
        ..
    } = jit;
    for (m, q) in issue {
        post_stock(stock, &m, &master.settings.location, -q);
        bulk.touch_stock(&m);
    }
    if let Some(d) = deliveries.get_mut(delivery) {
        for id in &d.calls {
            if let Some(call) = calls.get_mut(id) {
                set_status(call, CallStatus::GoodsIssued);
            }
        }
        d.goods_issued_at = Some(at);
        d.shipping_notice = Some(notice.id.clone());
        if let Some(w) = &mut d.warehouse {
            w.status = WarehouseStatus::GoodsIssued;
        }
    }
    bulk.touch(EntityKind::ShippingNotice, &notice.id);
    shipping_notices.insert(notice.id.clone(), notice);
    Ok(())
}

fn shipping_notice(
    jit: &JitState,
    d: &Delivery,
    members: &[&JitCall],
    at: NaiveDateTime,
) -> ShippingNotice {
    let transit = lead_times(&jit.master, &d.customer).transit_minutes;
    let (n_items, n_hus) = members
        .iter()
        .flat_map(|c| &c.components)
        .fold((0, 0), |(i, h), k| (i + 1, h + k.handling_units.len()));
    let mut packages: Vec<AsnPackage> = Vec::with_capacity(n_hus + n_hus / 4 + 1);
    // Containers of one outer unit mostly follow each other: the last outer unit spares the
    // set a lookup for almost every container.
    let mut seen_outer: HashSet<&str> = HashSet::new();
    let mut last_outer: Option<&str> = None;
    let mut items: Vec<AsnItem> = Vec::with_capacity(n_items);
    let mut total = Qty::ZERO;
    for call in members {
        let (sequence_no, vehicle) = match &call.kind {
            CallKind::Sequenced {
                sequence_no,
                vehicle,
            } => (Some(*sequence_no), Some(vehicle.clone())),
            CallKind::Summarized { .. } => (None, None),
        };
        for comp in &call.components {
            let material = comp.material.clone().unwrap_or_default();
            for sscc in &comp.handling_units {
                let Some(hu) = jit.handling_units.get(sscc) else {
                    continue;
                };
                if let Some(parent) = hu.parent.as_deref()
                    && last_outer != Some(parent)
                {
                    last_outer = Some(parent);
                    if seen_outer.insert(parent)
                        && let Some(outer) = jit.handling_units.get(parent)
                    {
                        packages.push(AsnPackage {
                            sscc: outer.sscc.clone(),
                            packaging_material: outer.packaging_material.clone(),
                            parent: None,
                            contents: Vec::new(),
                        });
                    }
                }
                let line = items.len() as u32 + 1;
                packages.push(AsnPackage {
                    sscc: hu.sscc.clone(),
                    packaging_material: hu.packaging_material.clone(),
                    parent: hu.parent.clone(),
                    contents: hu
                        .contents
                        .iter()
                        .map(|c| AsnPackageContent {
                            item_line: line,
                            qty: c.qty,
                        })
                        .collect(),
                });
            }
            total += comp.qty;
            items.push(AsnItem {
                line: items.len() as u32 + 1,
                call: call.id.clone(),
                external_call: call.external_id.clone(),
                call_version: call.version,
                sequence_no,
                vehicle: vehicle.clone(),
                supply_area: call.supply_area.clone(),
                required_at: call.required_at,
                position: comp.position,
                material,
                customer_material: comp.customer_material.clone(),
                qty: comp.qty,
                unit: comp.unit.clone(),
            });
        }
    }
    ShippingNotice {
        id: d.id.clone(),
        delivery: d.id.clone(),
        call_type: d.call_type,
        customer: d.customer.clone(),
        ship_to: d.ship_to.clone(),
        unloading_point: d.unloading_point.clone(),
        shipping_date: d.shipping_date,
        goods_issued_at: at,
        expected_arrival: at
            .checked_add_signed(Duration::minutes(transit))
            .unwrap_or(at),
        packages,
        items,
        total_qty: total,
    }
}

// ---------------------------------------------------------------------------------------------
// External warehouse

fn delivery_step(
    state: &mut State,
    deliveries: &[IdStr],
    what: &'static str,
    mut step: impl FnMut(&mut State, &str, &mut Bulk) -> Result<&'static str, Rejection>,
) -> Result<Applied, Rejection> {
    check_selection("deliveries", deliveries)?;
    let mut bulk = Bulk::new(what, deliveries.len());
    for d in deliveries {
        match step(state, d, &mut bulk) {
            Ok(msg) => {
                bulk.touch(EntityKind::JitDelivery, d);
                for id in state
                    .jit
                    .deliveries
                    .get(d.as_str())
                    .map(|d| d.calls.as_slice())
                    .unwrap_or(&[])
                {
                    bulk.touch(EntityKind::JitCall, id);
                }
                bulk.ok(d, msg);
            }
            Err(why) => bulk.fail(d, why),
        }
    }
    bulk.finish()
}

fn calls_all(state: &State, d: &Delivery, status: CallStatus) -> Result<(), Rejection> {
    for id in &d.calls {
        let c = find_call(&state.jit, id)?;
        if c.status != status {
            return Err(Rejection::precondition(
                &d.id,
                format!(
                    "call {id} is {}, needs to be {}",
                    c.status.label(),
                    status.label()
                ),
            ));
        }
    }
    Ok(())
}

fn hand_over_to_warehouse(
    state: &mut State,
    deliveries: &[IdStr],
    warehouse: &str,
) -> Result<Applied, Rejection> {
    if warehouse.trim().is_empty() {
        return Err(Rejection::invalid("warehouse", "must not be empty"));
    }
    delivery_step(
        state,
        deliveries,
        "hand over to warehouse",
        |state, id, _| {
            let d = state
                .jit
                .deliveries
                .get(id)
                .ok_or_else(|| Rejection::not_found("delivery", id))?;
            if d.call_type != CallType::Summarized {
                return Err(Rejection::precondition(
                    id,
                    "only deliveries of summarized calls go to the external warehouse",
                ));
            }
            if let Some(w) = &d.warehouse {
                return Err(Rejection::precondition(
                    id,
                    format!("already handed to warehouse {}", w.warehouse),
                ));
            }
            calls_all(state, d, CallStatus::DeliveryCreated)?;
            if let Some(d) = state.jit.deliveries.get_mut(id) {
                d.warehouse = Some(WarehouseRequest {
                    warehouse: IdStr::from(warehouse),
                    status: WarehouseStatus::Requested,
                });
            }
            Ok("handed over to the warehouse")
        },
    )
}

fn confirm_warehouse_picking(
    state: &mut State,
    deliveries: &[IdStr],
) -> Result<Applied, Rejection> {
    delivery_step(state, deliveries, "warehouse picking", |state, id, _| {
        let d = state
            .jit
            .deliveries
            .get(id)
            .ok_or_else(|| Rejection::not_found("delivery", id))?;
        match &d.warehouse {
            Some(w) if w.status == WarehouseStatus::Requested => {}
            Some(_) => return Err(Rejection::precondition(id, "picking is already confirmed")),
            None => return Err(Rejection::precondition(id, "was not handed to a warehouse")),
        }
        calls_all(state, d, CallStatus::DeliveryCreated)?;
        let ids = d.calls.clone();
        for c in &ids {
            if let Some(call) = state.jit.calls.get_mut(c) {
                set_status(call, CallStatus::Picked);
            }
        }
        if let Some(w) = state
            .jit
            .deliveries
            .get_mut(id)
            .and_then(|d| d.warehouse.as_mut())
        {
            w.status = WarehouseStatus::Picked;
        }
        Ok("picking confirmed by the warehouse")
    })
}

fn confirm_warehouse_goods_issue(
    state: &mut State,
    deliveries: &[IdStr],
    at: NaiveDateTime,
) -> Result<Applied, Rejection> {
    delivery_step(
        state,
        deliveries,
        "warehouse goods issue",
        |state, id, bulk| {
            goods_issue(state, id, at, true, bulk)
                .map(|()| "goods issue confirmed by the warehouse")
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Billing and completion

fn create_billing(
    state: &mut State,
    calls: &[IdStr],
    prefix: &str,
    date: NaiveDate,
) -> Result<Applied, Rejection> {
    check_selection("calls", calls)?;
    if prefix.trim().is_empty() {
        return Err(Rejection::invalid("invoice_prefix", "must not be empty"));
    }
    let mut bulk = Bulk::new("billing", calls.len());
    let groups = by_delivery(state, calls, CallStatus::GoodsIssued, &mut bulk);
    let mut invoices: Vec<Invoice> = Vec::new();
    let mut verdicts: Vec<(String, Vec<&str>, Result<(), Rejection>)> = Vec::new();
    for (d, selected) in groups {
        let n = invoices.len() + 1;
        match build_invoice(state, &d, format!("{prefix}{n:05}"), date) {
            Ok(inv) => {
                invoices.push(inv);
                verdicts.push((d, selected, Ok(())));
            }
            Err(why) => verdicts.push((d, selected, Err(why))),
        }
    }
    if let Some(inv) = invoices
        .iter()
        .find(|i| state.jit.invoices.contains_key(&i.id))
    {
        return Err(Rejection::invalid(
            "invoice_prefix",
            format!("invoice {} already exists", inv.id),
        ));
    }
    let mut invoices = invoices.into_iter();
    for (d, selected, verdict) in verdicts {
        let r = match verdict {
            Err(why) => Err(why),
            Ok(()) => {
                if let Some(inv) = invoices.next() {
                    let JitState {
                        calls, deliveries, ..
                    } = &mut state.jit;
                    if let Some(del) = deliveries.get_mut(d.as_str()) {
                        for id in &del.calls {
                            if let Some(call) = calls.get_mut(id) {
                                set_status(call, CallStatus::Billed);
                            }
                        }
                        del.invoice = Some(inv.id.clone());
                    }
                    bulk.touch(EntityKind::Invoice, &inv.id);
                    state.jit.invoices.insert(inv.id.clone(), inv);
                }
                Ok("billed")
            }
        };
        delivery_outcome(state, &mut bulk, &d, &selected, r);
    }
    bulk.finish()
}

fn build_invoice(
    state: &State,
    delivery: &str,
    id: String,
    date: NaiveDate,
) -> Result<Invoice, Rejection> {
    let jit = &state.jit;
    let d = jit
        .deliveries
        .get(delivery)
        .ok_or_else(|| Rejection::not_found("delivery", delivery))?;
    if let Some(inv) = &d.invoice {
        return Err(Rejection::precondition(
            delivery,
            format!("is already billed in {inv}"),
        ));
    }
    let prices = jit.master.prices.get(&d.customer);
    let mut lines: Vec<InvoiceLine> = Vec::new();
    let mut currency: Option<&str> = None;
    let mut net = 0i64;
    let overflow = || Rejection::precondition(delivery, "amount out of range");
    for cid in &d.calls {
        let call = find_call(jit, cid)?;
        if call.status != CallStatus::GoodsIssued {
            return Err(Rejection::precondition(
                delivery,
                format!(
                    "call {cid} is {}, every call must be goods issued",
                    call.status.label()
                ),
            ));
        }
        for comp in &call.components {
            let m = comp
                .material
                .as_ref()
                .ok_or_else(|| Rejection::precondition(cid, "component without material"))?;
            let price = prices.and_then(|p| p.get(m)).ok_or_else(|| {
                Rejection::precondition(
                    delivery,
                    format!("no price for {m} and customer {}", d.customer),
                )
            })?;
            match currency {
                None => currency = Some(&price.currency),
                Some(c) if c != price.currency => {
                    return Err(Rejection::precondition(
                        delivery,
                        format!("prices in {c} and {}", price.currency),
                    ));
                }
                Some(_) => {}
            }
            let amount = mul_div_round(comp.qty.0, price.unit_price_cents, i64::from(price.per))
                .ok_or_else(overflow)?;
            net = net.checked_add(amount).ok_or_else(overflow)?;
            lines.push(InvoiceLine {
                line: lines.len() as u32 + 1,
                call: call.id.clone(),
                external_call: call.external_id.clone(),
                position: comp.position,
                material: m.clone(),
                customer_material: comp.customer_material.clone(),
                qty: comp.qty,
                unit: comp.unit.clone(),
                unit_price_cents: price.unit_price_cents,
                price_unit: price.per,
                net_cents: amount,
            });
        }
    }
    let rate = jit
        .master
        .tax_rates
        .get(&d.customer)
        .copied()
        .unwrap_or(jit.master.settings.tax_rate_bp);
    let tax = mul_div_round(net, i64::from(rate), 10_000).ok_or_else(overflow)?;
    let total = net.checked_add(tax).ok_or_else(overflow)?;
    Ok(Invoice {
        id: id.into(),
        invoice_date: date,
        customer: d.customer.clone(),
        ship_to: d.ship_to.clone(),
        delivery: d.id.clone(),
        shipping_notice: d.shipping_notice.clone().unwrap_or_else(|| d.id.clone()),
        currency: IdStr::from(currency.unwrap_or("")),
        lines,
        net_cents: net,
        tax_rate_bp: rate,
        tax_cents: tax,
        total_cents: total,
    })
}

fn complete(state: &mut State, calls: &[IdStr]) -> Result<Applied, Rejection> {
    simple_step(
        state,
        calls,
        "complete",
        |_, c| expect_status(c, CallStatus::Billed),
        |c| {
            set_status(c, CallStatus::Completed);
            "completed"
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Cancellation and reorder: undoing steps

/// Whether a call's processing can be undone: its delivery is still ours to change and its
/// posted production can be taken back out of stock.
fn check_rollback(state: &State, call: &JitCall) -> Result<(), Rejection> {
    if call.status >= CallStatus::GoodsIssued && call.status != CallStatus::Cancelled {
        return Err(wrong_status(call, "before goods issue"));
    }
    if let Some(d) = call
        .delivery
        .as_deref()
        .and_then(|d| state.jit.deliveries.get(d))
        && let Some(w) = &d.warehouse
    {
        return Err(Rejection::precondition(
            &call.id,
            format!("delivery {} is with warehouse {}", d.id, w.warehouse),
        ));
    }
    let loc = &state.jit.master.settings.location;
    let mut needs: Vec<(&ItemId, Qty)> = Vec::new();
    for comp in call.components.iter().filter(|c| c.status.holds_stock()) {
        if let Some(m) = &comp.material {
            match needs.iter_mut().find(|(x, _)| *x == m) {
                Some((_, q)) => *q += comp.qty,
                None => needs.push((m, comp.qty)),
            }
        }
    }
    for (m, q) in needs {
        let have = stock_at(&state.stock, m, loc);
        if have < q {
            return Err(Rejection::precondition(
                &call.id,
                format!("reversing production needs {q} of {m} in stock, there are {have}"),
            ));
        }
    }
    Ok(())
}

/// Undoes a call's processing back to `to` (received or cancelled): reverses posted production
/// (with its backflush, as the master data now says), removes its containers and takes it out
/// of its delivery. The caller ran [`check_rollback`].
fn rollback(state: &mut State, id: &str, to: CallStatus, bulk: &mut Bulk) {
    let State { stock, jit, .. } = state;
    let JitState {
        calls,
        master,
        handling_units,
        deliveries,
        ..
    } = jit;
    let Some(call) = calls.get_mut(id) else {
        return;
    };
    for comp in &mut call.components {
        if comp.status.holds_stock()
            && let Some(m) = &comp.material
        {
            post_production(stock, master, m, comp.qty, -1, bulk);
        }
        for sscc in comp.handling_units.drain(..) {
            if let Some(hu) = handling_units.remove(&sscc) {
                bulk.touch(EntityKind::HandlingUnit, &sscc);
                if let Some(parent) = hu.parent {
                    let empty = handling_units.get_mut(parent.as_str()).is_some_and(|p| {
                        p.children.retain(|c| *c != sscc);
                        p.children.is_empty()
                    });
                    if empty {
                        handling_units.remove(parent.as_str());
                    }
                    bulk.touch(EntityKind::HandlingUnit, &parent);
                }
            }
        }
        comp.failure = None;
        comp.production_group = None;
    }
    if let Some(d) = call.delivery.take() {
        let empty = deliveries.get_mut(&d).is_some_and(|del| {
            del.calls.retain(|c| c != id);
            del.calls.is_empty()
        });
        if empty {
            deliveries.remove(&d);
        }
        bulk.touch(EntityKind::JitDelivery, &d);
    }
    set_status(call, to);
    bulk.touch(EntityKind::JitCall, id);
}

fn cancel(state: &mut State, calls: &[IdStr], reason: &str) -> Result<Applied, Rejection> {
    check_selection("calls", calls)?;
    let mut bulk = Bulk::new("cancel", calls.len());
    for id in calls {
        let verdict = find_call(&state.jit, id).and_then(|c| {
            if c.status == CallStatus::Cancelled {
                return Err(Rejection::precondition(id, "is already cancelled"));
            }
            check_rollback(state, c)
        });
        match verdict {
            Err(why) => bulk.fail(id, why),
            Ok(()) => {
                rollback(state, id, CallStatus::Cancelled, &mut bulk);
                if let Some(call) = state.jit.calls.get_mut(id) {
                    call.cancel_reason = Some(reason.to_owned());
                    call.pending_change = None;
                }
                bulk.ok(id, "cancelled");
            }
        }
    }
    bulk.finish()
}

fn reorder(state: &mut State, calls: &[IdStr], suffix: &str) -> Result<Applied, Rejection> {
    check_selection("calls", calls)?;
    if suffix.is_empty() {
        return Err(Rejection::invalid(
            "replacement_suffix",
            "must not be empty",
        ));
    }
    let mut bulk = Bulk::new("reorder", calls.len());
    for id in calls {
        let verdict = find_call(&state.jit, id).and_then(|c| match c.status {
            CallStatus::Received | CallStatus::Cancelled => {
                Err(wrong_status(c, "released or further"))
            }
            s if s < CallStatus::DeliveryCreated => check_rollback(state, c).map(|()| None),
            _ => {
                let new_id = format_compact!("{id}{suffix}");
                if state.jit.calls.contains_key(new_id.as_str()) {
                    Err(Rejection::precondition(
                        id,
                        format!("replacement call {new_id} already exists"),
                    ))
                } else {
                    Ok(Some(new_id))
                }
            }
        });
        match verdict {
            Err(why) => bulk.fail(id, why),
            // Before delivery: the call goes back to received and is produced again.
            Ok(None) => {
                rollback(state, id, CallStatus::Received, &mut bulk);
                if let Some(call) = state.jit.calls.get_mut(id) {
                    call.reorder_count += 1;
                }
                bulk.ok(id, "reset to received for reprocessing");
            }
            // After delivery: a new call with the same content, linked to the original.
            Ok(Some(new_id)) => {
                let Some(orig) = state.jit.calls.get_mut(id) else {
                    continue;
                };
                orig.replaced_by.push(new_id.clone());
                let mut copy = orig.clone();
                copy.id = new_id.clone();
                copy.status = CallStatus::Received;
                copy.delivery = None;
                copy.pending_change = None;
                copy.external_status = None;
                copy.reorder_count = 0;
                copy.replaces = Some(IdStr::from(id.as_str()));
                copy.replaced_by = Vec::new();
                copy.cancel_reason = None;
                for comp in &mut copy.components {
                    comp.status = ComponentStatus::Received;
                    comp.failure = None;
                    comp.production_group = None;
                    comp.handling_units = Vec::new();
                }
                state.jit.calls.insert(new_id.clone(), copy);
                bulk.touch(EntityKind::JitCall, id);
                bulk.touch(EntityKind::JitCall, &new_id);
                bulk.ok(id, format!("replacement call {new_id} created"));
            }
        }
    }
    bulk.finish()
}
