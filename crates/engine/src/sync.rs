//! The sync wire format and the pure client side of sync: which entity a `(kind, id)` names,
//! who may see it, and the client's queue of pending commands with its rebase on a pull.
//!
//! The server (crates/server) and the browser app share these types, so the JSON on the wire is
//! defined once. Everything here is pure: the client model takes responses as values and never
//! does I/O, so it runs the same in the browser and in the server's simulation tests.
//!
//! Adding an entity kind: add one arm to [`entity`] (how to read it and who may see it) and one
//! to [`put_entity`] (how a pulled body is written back). The compiler points at both.

use crate::state::{Applied, Command, EntityKind, EntityRef, Rejection, State, apply};
use crate::types::{CustomerId, IdStr, ItemId, LocationId, PurchaseOrderId, SalesOrderId};
use crate::vmi::{ProposalId, SalesOrgId};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Who may read an entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "scope", content = "customer", rename_all = "snake_case")]
pub enum Scope {
    /// Every signed-in user, customers included (item master data a customer's orders name).
    Public,
    /// Our own users only: planners, sales, systems.
    Internal,
    /// Our own users and the users bound to this customer.
    Customer(CustomerId),
}

/// The current JSON of an entity and who may see it, or `None` when it does not exist (a
/// deleted entity: sync sends a tombstone).
pub fn entity(state: &State, r: &EntityRef) -> Option<(Value, Scope)> {
    match r.kind {
        EntityKind::Item => read(&state.items, &ItemId::new(r.id.as_str()), |_| Scope::Public),
        EntityKind::Customer => read(&state.customers, &CustomerId::new(r.id.as_str()), |c| {
            Scope::Customer(c.id.clone())
        }),
        // The sold-to party owns the order; a different ship-to does not see it.
        EntityKind::SalesOrder => read(
            &state.sales_orders,
            &SalesOrderId::new(r.id.as_str()),
            |o| Scope::Customer(o.customer.clone()),
        ),
        EntityKind::PurchaseOrder => read(
            &state.purchase_orders,
            &PurchaseOrderId::new(r.id.as_str()),
            |_| Scope::Internal,
        ),
        // Our own warehouse stock per item; a customer's stock (VMI) is its own entity kind.
        EntityKind::Stock => read(&state.stock, &ItemId::new(r.id.as_str()), |_| {
            Scope::Internal
        }),
        // Planning (MRP) is purchasing's business.
        EntityKind::PlanningParams => read(&state.mrp.params, &ItemId::new(r.id.as_str()), |_| {
            Scope::Internal
        }),
        EntityKind::MrpSetup => whole(&state.mrp.setup, Scope::Internal),
        EntityKind::ProductionOrder => {
            read(&state.mrp.production_orders, &r.id.to_string(), |_| {
                Scope::Internal
            })
        }
        EntityKind::Forecast => read(&state.mrp.forecasts, &r.id.to_string(), |_| Scope::Internal),
        // JIT: a call, its delivery and the documents sent to the customer are the customer's
        // to see; handling units and master data stay internal.
        EntityKind::JitCall => read(&state.jit.calls, &r.id, |c| {
            Scope::Customer(c.customer.clone())
        }),
        EntityKind::JitDelivery => read(&state.jit.deliveries, &r.id, |d| {
            Scope::Customer(d.customer.clone())
        }),
        EntityKind::HandlingUnit => read(&state.jit.handling_units, &r.id, |_| Scope::Internal),
        EntityKind::ShippingNotice => read(&state.jit.shipping_notices, &r.id, |n| {
            Scope::Customer(n.customer.clone())
        }),
        EntityKind::Invoice => read(&state.jit.invoices, &r.id, |i| {
            Scope::Customer(i.customer.clone())
        }),
        EntityKind::JitMasterData => whole(&state.jit.master, Scope::Internal),
        // VMI: the customer sees their own planning data, stock and proposals.
        EntityKind::VmiSettings => whole(&state.vmi.settings, Scope::Internal),
        EntityKind::SalesOrg => read(
            &state.vmi.sales_orgs,
            &SalesOrgId::new(r.id.as_str()),
            |_| Scope::Internal,
        ),
        EntityKind::VmiPlanning => {
            let [org, customer, article] = key3(&r.id)?;
            let key = (
                SalesOrgId::new(org),
                CustomerId::new(customer),
                ItemId::new(article),
            );
            read(&state.vmi.planning, &key, |p| {
                Scope::Customer(p.customer.clone())
            })
        }
        EntityKind::CustomerStock => {
            let [customer, article, location] = key3(&r.id)?;
            let key = (
                CustomerId::new(customer),
                ItemId::new(article),
                LocationId::new(location),
            );
            read(&state.vmi.stock, &key, |s| {
                Scope::Customer(s.customer.clone())
            })
        }
        EntityKind::SalesProposal => {
            read(&state.vmi.proposals, &ProposalId::new(r.id.as_str()), |p| {
                Scope::Customer(p.customer.clone())
            })
        }
        // EDI partner profiles are integration master data.
        EntityKind::PartnerProfile => {
            read(&state.edi.partners, &CustomerId::new(r.id.as_str()), |_| {
                Scope::Internal
            })
        }
    }
}

/// The three parts of a composite id `a/b/c` (VMI planning data and customer stock).
fn key3(id: &str) -> Option<[&str; 3]> {
    let mut parts = id.splitn(3, '/');
    Some([parts.next()?, parts.next()?, parts.next()?])
}

/// A singleton entity (a settings record): always present.
fn whole<V: Serialize>(v: &V, scope: Scope) -> Option<(Value, Scope)> {
    Some((serde_json::to_value(v).ok()?, scope))
}

/// Writes a pulled entity into a state: `Some(body)` replaces it, `None` (a tombstone) removes
/// it. An error names the entity and why its body does not fit.
pub fn put_entity(state: &mut State, r: &EntityRef, body: Option<&Value>) -> Result<(), String> {
    let result = match r.kind {
        EntityKind::Item => write(&mut state.items, ItemId::new(r.id.as_str()), body),
        EntityKind::Customer => write(&mut state.customers, CustomerId::new(r.id.as_str()), body),
        EntityKind::SalesOrder => write(
            &mut state.sales_orders,
            SalesOrderId::new(r.id.as_str()),
            body,
        ),
        EntityKind::PurchaseOrder => write(
            &mut state.purchase_orders,
            PurchaseOrderId::new(r.id.as_str()),
            body,
        ),
        EntityKind::Stock => write(&mut state.stock, ItemId::new(r.id.as_str()), body),
        EntityKind::PlanningParams => {
            write(&mut state.mrp.params, ItemId::new(r.id.as_str()), body)
        }
        EntityKind::MrpSetup => put_whole(&mut state.mrp.setup, body),
        EntityKind::ProductionOrder => {
            write(&mut state.mrp.production_orders, r.id.to_string(), body)
        }
        EntityKind::Forecast => write(&mut state.mrp.forecasts, r.id.to_string(), body),
        EntityKind::JitCall => put_jit_call(state, &r.id, body),
        EntityKind::JitDelivery => write(&mut state.jit.deliveries, r.id.clone(), body),
        EntityKind::HandlingUnit => write(&mut state.jit.handling_units, r.id.clone(), body),
        EntityKind::ShippingNotice => write(&mut state.jit.shipping_notices, r.id.clone(), body),
        EntityKind::Invoice => write(&mut state.jit.invoices, r.id.clone(), body),
        EntityKind::JitMasterData => put_whole(&mut state.jit.master, body),
        EntityKind::VmiSettings => put_whole(&mut state.vmi.settings, body),
        EntityKind::SalesOrg => write(
            &mut state.vmi.sales_orgs,
            SalesOrgId::new(r.id.as_str()),
            body,
        ),
        EntityKind::VmiPlanning => {
            let Some([org, customer, article]) = key3(&r.id) else {
                return Err(format!(
                    "{:?} {}: expected org/customer/article",
                    r.kind, r.id
                ));
            };
            let key = (
                SalesOrgId::new(org),
                CustomerId::new(customer),
                ItemId::new(article),
            );
            write(&mut state.vmi.planning, key, body)
        }
        EntityKind::CustomerStock => {
            let Some([customer, article, location]) = key3(&r.id) else {
                return Err(format!(
                    "{:?} {}: expected customer/article/location",
                    r.kind, r.id
                ));
            };
            let key = (
                CustomerId::new(customer),
                ItemId::new(article),
                LocationId::new(location),
            );
            write(&mut state.vmi.stock, key, body)
        }
        EntityKind::SalesProposal => write(
            &mut state.vmi.proposals,
            ProposalId::new(r.id.as_str()),
            body,
        ),
        EntityKind::PartnerProfile => write(
            &mut state.edi.partners,
            CustomerId::new(r.id.as_str()),
            body,
        ),
    };
    result.map_err(|e| format!("{:?} {}: {e}", r.kind, r.id))
}

/// Replaces a singleton entity; a tombstone resets it to its default.
fn put_whole<V: DeserializeOwned + Default>(
    target: &mut V,
    body: Option<&Value>,
) -> Result<(), serde_json::Error> {
    *target = match body {
        Some(b) => V::deserialize(b)?,
        None => V::default(),
    };
    Ok(())
}

/// Writes a JIT call and keeps the JIT module's index (customer, external number → call), by
/// which a new version of a call finds its predecessor, true for calls written by a pull.
fn put_jit_call(
    state: &mut State,
    id: &str,
    body: Option<&Value>,
) -> Result<(), serde_json::Error> {
    let new = body
        .map(crate::jit::model::JitCall::deserialize)
        .transpose()?;
    if let Some(old) = state.jit.calls.remove(id)
        && let Some(by_ext) = state.jit.external_index.get_mut(&old.customer)
        && by_ext.get(&old.external_id).map(IdStr::as_str) == Some(id)
    {
        by_ext.remove(&old.external_id);
    }
    if let Some(call) = new {
        state
            .jit
            .external_index
            .entry(call.customer.clone())
            .or_default()
            .insert(call.external_id.clone(), call.id.clone());
        state.jit.calls.insert(IdStr::from(id), call);
    }
    Ok(())
}

fn read<K: Ord, V: Serialize>(
    map: &BTreeMap<K, V>,
    key: &K,
    scope: impl FnOnce(&V) -> Scope,
) -> Option<(Value, Scope)> {
    let v = map.get(key)?;
    // Serializing plain data structs with string keys cannot fail; a failure would be a bug in
    // a model type, and a missing body is the honest answer then.
    let body = serde_json::to_value(v).ok()?;
    Some((body, scope(v)))
}

fn write<K: Ord, V: DeserializeOwned>(
    map: &mut BTreeMap<K, V>,
    key: K,
    body: Option<&Value>,
) -> Result<(), serde_json::Error> {
    match body {
        None => {
            map.remove(&key);
        }
        Some(b) => {
            map.insert(key, V::deserialize(b)?);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Wire format (`/api/v1/push`, `/api/v1/pull`). See docs/sync.md.

/// One command numbered by its client: 1, 2, 3… per client, never reused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Numbered {
    pub seq: u64,
    pub command: Command,
}

/// A batch of a client's commands, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    pub client_id: String,
    pub commands: Vec<Numbered>,
}

/// What the server did with one command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Applied,
    Rejected,
}

/// The outcome of one pushed command. A repeated push gets the recorded outcome again, with
/// `duplicate: true`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandResult {
    /// The client's number of the command.
    pub seq: u64,
    pub status: Status,
    /// The command's place in the server's log.
    pub log_seq: u64,
    /// One line for the user: what was done, or why not.
    pub message: String,
    /// Why the command was rejected, as the engine says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Rejection>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub duplicate: bool,
}

/// The answer to a push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub client_id: String,
    /// The highest number of this client the server has processed (applied or rejected).
    pub last_applied: u64,
    pub results: Vec<CommandResult>,
}

/// One changed entity: its current JSON, or `body: null` when it was deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub kind: EntityKind,
    pub id: String,
    /// The log sequence number of the entity's last change.
    pub version: u64,
    pub body: Option<Value>,
}

/// One page of a pull.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    /// The cursor this page starts after (the request's `cursor`).
    pub since: u64,
    /// Pass this as `cursor` on the next pull.
    pub cursor: u64,
    /// More changes wait: pull again at once with the new cursor.
    pub more: bool,
    /// The highest number of the pulling client the server has processed, as of this page.
    pub last_applied: u64,
    pub changes: Vec<Change>,
    /// The pulling client's commands rejected in the log range this page covers.
    #[serde(default)]
    pub rejected: Vec<CommandResult>,
}

// ---------------------------------------------------------------------------------------------
// The client.

/// A command the client created and the server has not yet confirmed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub seq: u64,
    pub command: Command,
}

/// A command of this client the server refused; the UI shows it until the user dismisses it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectedCommand {
    pub seq: u64,
    pub command: Command,
    pub message: String,
    pub reason: Option<Rejection>,
}

/// Why a pull page could not be taken in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncError {
    /// A change's body does not fit the entity kind (server and client versions differ).
    BadBody(String),
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::BadBody(e) => write!(f, "pulled entity does not fit: {e}"),
        }
    }
}

impl std::error::Error for SyncError {}

/// The client side of sync: the state confirmed by the server, the commands still pending,
/// and the view the user sees (confirmed state with the pending commands re-applied).
///
/// The whole struct is plain data: persist it (serde) after each change and load it on start;
/// an interrupted request is simply repeated, the server makes that harmless.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncClient {
    pub client_id: String,
    /// The server's state as of `cursor`, restricted to what this user may see.
    pub confirmed: State,
    /// What the user sees when commands are pending: `confirmed` plus the pending commands
    /// applied in order. `None` while nothing is pending, when the view is `confirmed` itself:
    /// no second copy of the state to build at start or after a sync round (with 100,000 JIT
    /// calls the copy took 0.1–0.4 s in the browser). Read it through [`SyncClient::view`].
    #[serde(default)]
    view: Option<State>,
    pub cursor: u64,
    /// The highest own number whose effect `confirmed` includes.
    pub last_applied: u64,
    /// The highest own number the server has acknowledged by a push response.
    pub acked: u64,
    /// The number the next command gets.
    pub next_seq: u64,
    pub pending: Vec<Pending>,
    pub rejected: Vec<RejectedCommand>,
}

impl SyncClient {
    pub fn new(client_id: impl Into<String>) -> Self {
        SyncClient {
            client_id: client_id.into(),
            confirmed: State::default(),
            view: None,
            cursor: 0,
            last_applied: 0,
            acked: 0,
            next_seq: 1,
            pending: Vec::new(),
            rejected: Vec::new(),
        }
    }

    /// Applies a command optimistically to the view and queues it. A command the local engine
    /// rejects is not queued: the user sees the reason at once.
    pub fn submit(&mut self, command: Command) -> Result<Applied, Rejection> {
        // The first pending command makes the view a state of its own.
        let view = self.view.get_or_insert_with(|| self.confirmed.clone());
        let applied = match apply(view, command.clone()) {
            Ok(applied) => applied,
            Err(rejection) => {
                if self.pending.is_empty() {
                    self.view = None;
                }
                return Err(rejection);
            }
        };
        self.pending.push(Pending {
            seq: self.next_seq,
            command,
        });
        self.next_seq += 1;
        Ok(applied)
    }

    /// The next push: up to `max` pending commands the server has not acknowledged, or `None`
    /// when there is nothing to send.
    pub fn push_request(&self, max: usize) -> Option<PushRequest> {
        let commands: Vec<Numbered> = self
            .pending
            .iter()
            .filter(|p| p.seq > self.acked)
            .take(max)
            .map(|p| Numbered {
                seq: p.seq,
                command: p.command.clone(),
            })
            .collect();
        (!commands.is_empty()).then(|| PushRequest {
            client_id: self.client_id.clone(),
            commands,
        })
    }

    /// Takes in a push response: rejected commands leave the queue (and the view); applied
    /// ones stay pending until a pull brings their effect into the confirmed state.
    pub fn on_push_response(&mut self, response: &PushResponse) {
        self.acked = self.acked.max(response.last_applied);
        let mut changed = false;
        for r in &response.results {
            changed |= self.note_result(r);
        }
        if changed {
            self.rebuild_view();
        }
    }

    /// Takes in one pull page. On the last page (`more: false`) the client rebases: commands
    /// the server has processed leave the queue, and the view becomes the confirmed state with
    /// the remaining pending commands applied again, in order. A pending command that no longer
    /// applies locally stays queued: the server decides.
    ///
    /// A page that does not start at the client's cursor is a stale answer (a repeated or
    /// overtaken request) and is ignored: taking it in could bring back older bodies.
    pub fn on_pull(&mut self, page: &PullResponse) -> Result<(), SyncError> {
        if page.since != self.cursor {
            return Ok(());
        }
        // Check every body first so that a bad page changes nothing.
        let mut next = self.confirmed.clone();
        for c in &page.changes {
            let r = EntityRef::new(c.kind, c.id.clone());
            put_entity(&mut next, &r, c.body.as_ref()).map_err(SyncError::BadBody)?;
        }
        self.confirmed = next;
        self.cursor = page.cursor;
        for r in &page.rejected {
            self.note_result(r);
        }
        if !page.more {
            self.last_applied = self.last_applied.max(page.last_applied);
            self.acked = self.acked.max(self.last_applied);
            let done = self.last_applied;
            self.pending.retain(|p| p.seq > done);
        }
        self.rebuild_view();
        Ok(())
    }

    /// Records a rejection reported by the server; true when a pending command left the queue.
    fn note_result(&mut self, r: &CommandResult) -> bool {
        if r.status != Status::Rejected {
            return false;
        }
        let Some(pos) = self.pending.iter().position(|p| p.seq == r.seq) else {
            return false;
        };
        let p = self.pending.remove(pos);
        self.rejected.push(RejectedCommand {
            seq: p.seq,
            command: p.command,
            message: r.message.clone(),
            reason: r.reason.clone(),
        });
        true
    }

    /// What the user sees: the confirmed state with the pending commands applied in order.
    pub fn view(&self) -> &State {
        self.view.as_ref().unwrap_or(&self.confirmed)
    }

    /// Recomputes the view from the confirmed state and the pending queue (no copy while the
    /// queue is empty).
    pub fn rebuild_view(&mut self) {
        if self.pending.is_empty() {
            self.view = None;
            return;
        }
        let mut view = self.confirmed.clone();
        for p in &self.pending {
            // A pending command that fails locally is shown as not applied; it stays queued.
            let _ = apply(&mut view, p.command.clone());
        }
        self.view = Some(view);
    }

    /// Forgets the shown rejections (the user has read them).
    pub fn dismiss_rejections(&mut self) {
        self.rejected.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Item;
    use crate::types::{LocationId, Qty};

    fn item(id: &str) -> Command {
        Command::UpsertItem {
            item: Item {
                id: ItemId::new(id),
                description: id.to_owned(),
                unit: "PCS".into(),
                comparable: vec![],
                classifications: Default::default(),
            },
        }
    }

    #[test]
    fn every_entity_round_trips_through_put_entity() {
        let mut server = State::default();
        let mut touched = Vec::new();
        for c in crate::demo::commands(crate::Day(20_000)) {
            touched.extend(apply(&mut server, c).unwrap().touched);
        }
        touched.sort();
        touched.dedup();
        let mut client = State::default();
        for r in &touched {
            let (body, _) = entity(&server, r).unwrap();
            put_entity(&mut client, r, Some(&body)).unwrap();
        }
        assert_eq!(client, server);
        let so = EntityRef::new(EntityKind::SalesOrder, "SO-1001");
        assert_eq!(
            entity(&server, &so).unwrap().1,
            Scope::Customer(CustomerId::new("OEM-WOB"))
        );
        put_entity(&mut client, &so, None).unwrap();
        assert!(entity(&client, &so).is_none());
    }

    #[test]
    fn rebase_keeps_unprocessed_commands_on_top_of_the_pulled_state() {
        let mut c = SyncClient::new("c1");
        c.submit(item("A")).unwrap();
        c.submit(Command::AdjustStock {
            item: ItemId::new("A"),
            location: LocationId::new("MAIN"),
            delta: Qty(5),
        })
        .unwrap();
        assert_eq!(c.push_request(10).unwrap().commands.len(), 2);
        // The server processed command 1 only; the pull brings its effect.
        let mut server = State::default();
        apply(&mut server, item("A")).unwrap();
        let r = EntityRef::new(EntityKind::Item, "A");
        let page = PullResponse {
            since: 0,
            cursor: 7,
            more: false,
            last_applied: 1,
            changes: vec![Change {
                kind: r.kind,
                id: r.id.to_string(),
                version: 7,
                body: Some(entity(&server, &r).unwrap().0),
            }],
            rejected: vec![],
        };
        c.on_pull(&page).unwrap();
        assert_eq!(c.pending.len(), 1);
        assert_eq!(c.confirmed, server);
        assert_eq!(c.view().stock_of(&ItemId::new("A")), Qty(5));
        assert_eq!(c.push_request(10).unwrap().commands[0].seq, 2);
    }

    #[test]
    fn the_view_is_the_confirmed_state_while_nothing_is_pending() {
        let mut c = SyncClient::new("c1");
        let mut server = State::default();
        apply(&mut server, item("A")).unwrap();
        let refs = [
            EntityRef::new(EntityKind::Item, "A"),
            EntityRef::new(EntityKind::Stock, "A"),
        ];
        let pull = |cursor, last_applied, state: &State| PullResponse {
            since: cursor - 1,
            cursor,
            more: false,
            last_applied,
            changes: refs
                .iter()
                .map(|r| Change {
                    kind: r.kind,
                    id: r.id.to_string(),
                    version: cursor,
                    body: entity(state, r).map(|(body, _)| body),
                })
                .collect(),
            rejected: vec![],
        };
        c.on_pull(&pull(1, 0, &server)).unwrap();
        // No second copy: the view is the confirmed state itself.
        assert!(c.view.is_none());
        assert!(std::ptr::eq(c.view(), &c.confirmed));
        // A command rejected locally keeps it that way.
        let unknown = Command::AdjustStock {
            item: ItemId::new("NOPE"),
            location: LocationId::new("MAIN"),
            delta: Qty(1),
        };
        assert!(c.submit(unknown).is_err());
        assert!(c.view.is_none());
        // A pending command gives the view its own state, ahead of the confirmed one.
        c.submit(Command::AdjustStock {
            item: ItemId::new("A"),
            location: LocationId::new("MAIN"),
            delta: Qty(4),
        })
        .unwrap();
        assert_eq!(c.view().stock_of(&ItemId::new("A")), Qty(4));
        assert_eq!(c.confirmed.stock_of(&ItemId::new("A")), Qty(0));
        // The server processed it: the pull brings its effect and the copy goes again.
        let cmd = c.pending[0].command.clone();
        apply(&mut server, cmd).unwrap();
        c.on_pull(&pull(2, 1, &server)).unwrap();
        assert!(c.pending.is_empty());
        assert!(c.view.is_none());
        assert_eq!(c.view().stock_of(&ItemId::new("A")), Qty(4));
        // A restarted client (serde round trip) shows the same.
        let back: SyncClient = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back.view(), c.view());
    }

    #[test]
    fn a_stale_page_is_ignored() {
        let mut c = SyncClient::new("c1");
        let page = |since, cursor, body: Option<Value>| PullResponse {
            since,
            cursor,
            more: false,
            last_applied: 0,
            changes: vec![Change {
                kind: EntityKind::Item,
                id: "A".into(),
                version: cursor,
                body,
            }],
            rejected: vec![],
        };
        let mut state = State::default();
        apply(&mut state, item("A")).unwrap();
        let r = EntityRef::new(EntityKind::Item, "A");
        let body = entity(&state, &r).unwrap().0;
        c.on_pull(&page(0, 5, Some(body))).unwrap();
        assert_eq!(c.cursor, 5);
        // An older answer to a request from cursor 0 arrives late: it must not bring back
        // the past (here: the item before it existed).
        c.on_pull(&page(0, 3, None)).unwrap();
        assert_eq!(c.cursor, 5);
        assert_eq!(c.confirmed, state);
    }

    #[test]
    fn a_rejection_leaves_the_queue_and_is_shown() {
        let mut c = SyncClient::new("c1");
        c.submit(item("A")).unwrap();
        c.on_push_response(&PushResponse {
            client_id: "c1".into(),
            last_applied: 1,
            results: vec![CommandResult {
                seq: 1,
                status: Status::Rejected,
                log_seq: 3,
                message: "no".into(),
                reason: None,
                duplicate: false,
            }],
        });
        assert!(c.pending.is_empty());
        assert_eq!(c.rejected.len(), 1);
        assert!(c.view().items.is_empty());
        assert!(c.push_request(10).is_none());
    }
}
