//! Local persistence in IndexedDB: the sync client's confirmed entities, its pending commands
//! and its cursor, one database per user. Every write is one IndexedDB transaction, so a reload
//! in the middle of a write leaves either the old or the new data, never a mix.
//!
//! Values are stored as JSON strings: serde_json in wasm is faster than walking JS objects, and
//! the strings are exactly the wire format.
//!
//! Besides one record per entity, the meta store keeps a snapshot: the whole confirmed state as
//! one binary record (`takt_engine::snapshot`, postcard bytes stored as a `Uint8Array`) with the
//! cursor it belongs to (key `snapshot`). Reading 200,000 entity records one by one takes
//! seconds; one byte array decoded straight into typed state does not (JSON text was the
//! format before: the string's trip out of IndexedDB and its parse took 2–3 s). It
//! is written with the meta record once a sync round has brought changes (and on the first
//! start after an upgrade), and dropped in the same transaction as any entity write, so it is
//! only used when it matches the entity records: its cursor must equal the meta record's. A
//! database without it (written before it existed, or mid-sync) is read the old way and the
//! snapshot is then written, so the format stays readable by both older and newer builds.

use crate::session::User;
use idb::{Database, DatabaseEvent, Factory, ObjectStore, TransactionMode};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use takt_engine::state::{EntityKind, EntityRef};
use takt_engine::sync::{Change, Pending, RejectedCommand, Scope, SyncClient, entity, put_entity};
use takt_engine::{State, snapshot};
use wasm_bindgen::{JsCast, JsValue};

const VERSION: u32 = 1;
const META: &str = "meta";
const ENTITIES: &str = "entities";
const PENDING: &str = "pending";
const META_KEY: &str = "client";
const SNAPSHOT_KEY: &str = "snapshot";

/// Why the local store could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersistError {
    /// The browser's storage quota is exhausted: the change was not saved.
    QuotaExceeded,
    /// IndexedDB is not available (private mode in some browsers, or blocked).
    Unavailable(String),
    /// Stored data could not be read back (written by an incompatible version).
    Corrupt(String),
    Other(String),
}

impl std::fmt::Display for PersistError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PersistError::QuotaExceeded => {
                f.write_str("the browser's storage is full: this change was not saved")
            }
            PersistError::Unavailable(e) => write!(f, "local storage is not available: {e}"),
            PersistError::Corrupt(e) => write!(f, "local data cannot be read: {e}"),
            PersistError::Other(e) => write!(f, "local storage failed: {e}"),
        }
    }
}

fn idb_err(e: idb::Error) -> PersistError {
    let text = format!("{e:?}");
    if text.contains("QuotaExceeded") {
        PersistError::QuotaExceeded
    } else {
        PersistError::Other(text)
    }
}

/// What the client keeps besides entities and pending commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Meta {
    client_id: String,
    cursor: u64,
    last_applied: u64,
    acked: u64,
    next_seq: u64,
    #[serde(default)]
    rejected: Vec<RejectedCommand>,
    /// When the last sync finished (RFC 3339, browser clock).
    #[serde(default)]
    last_sync: Option<String>,
    /// Who the data was synced for, as the server said, and with which token.
    #[serde(default)]
    owner: Option<Owner>,
}

/// The user the local data belongs to, as the server described them (login or `/me`), and a
/// fingerprint of the token of that session ([`crate::session::Session::token_check`]). The
/// offline start trusts this, not the user in localStorage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub user: User,
    pub token_check: String,
}

/// The open local database of one user.
#[derive(Debug)]
pub struct LocalDb {
    db: Database,
    /// Written into the meta record with every save (set once the session is verified).
    owner: RefCell<Option<Owner>>,
    /// The cursor of the snapshot this tab knows to be stored (`None`: none, or stale).
    snapshot_cursor: Cell<Option<u64>>,
    /// When this tab last wrote the snapshot and how long encoding it took (ms, browser clock).
    snapshot_written: Cell<Option<(f64, f64)>>,
}

/// How far apart a tab's snapshot writes are, as a multiple of the last write's encoding time:
/// writing one encodes the whole confirmed state on the main thread (a few hundred ms with
/// 100,000 calls), and where other users' changes arrive with every sync round a write per
/// round would stall the page every few seconds. At 100× the snapshot costs at most 1 % of the
/// main thread; between writes a reload reads the entity records (correct, slower).
const SNAPSHOT_GAP_FACTOR: f64 = 100.0;

/// The least time between two snapshot writes, however small the state: the start's own
/// closing save and the first sync round's come seconds apart, and the second must not be
/// skipped for long (the next round, 15 s later, writes it).
const SNAPSHOT_MIN_GAP_MS: f64 = 2_000.0;

/// Whether a snapshot may be written at `now`, given the last write's time and encoding time.
fn snapshot_due(now: f64, last: Option<(f64, f64)>) -> bool {
    last.is_none_or(|(at, took)| now - at >= (took * SNAPSHOT_GAP_FACTOR).max(SNAPSHOT_MIN_GAP_MS))
}

fn entity_key(kind: EntityKind, id: &str) -> JsValue {
    let kind = serde_json::to_string(&kind).unwrap_or_default();
    JsValue::from_str(&format!("{}|{id}", kind.trim_matches('"')))
}

fn json<T: Serialize>(value: &T) -> Result<JsValue, PersistError> {
    serde_json::to_string(value)
        .map(|s| JsValue::from_str(&s))
        .map_err(|e| PersistError::Other(e.to_string()))
}

fn from_json<T: for<'de> Deserialize<'de>>(value: &JsValue) -> Result<T, PersistError> {
    let text = value
        .as_string()
        .ok_or_else(|| PersistError::Corrupt("not a string".into()))?;
    serde_json::from_str(&text).map_err(|e| PersistError::Corrupt(e.to_string()))
}

impl LocalDb {
    /// Opens (creating on first use) the database of `user`.
    pub async fn open(user: &str) -> Result<LocalDb, PersistError> {
        let factory = Factory::new().map_err(|e| PersistError::Unavailable(format!("{e:?}")))?;
        let mut request = factory
            .open(&format!("takt-{user}"), Some(VERSION))
            .map_err(|e| PersistError::Unavailable(format!("{e:?}")))?;
        request.on_upgrade_needed(|event| {
            if let Ok(db) = event.database() {
                for name in [META, ENTITIES, PENDING] {
                    if !db.store_names().iter().any(|n| n == name) {
                        let _ = db.create_object_store(name, idb::ObjectStoreParams::new());
                    }
                }
            }
        });
        let db = request
            .await
            .map_err(|e| PersistError::Unavailable(format!("{e:?}")))?;
        Ok(LocalDb {
            db,
            owner: RefCell::new(None),
            snapshot_cursor: Cell::new(None),
            snapshot_written: Cell::new(None),
        })
    }

    /// Who the stored data was synced for, if it says (`None` on first use or for data saved
    /// before owners were recorded).
    pub async fn stored_owner(&self) -> Result<Option<Owner>, PersistError> {
        Ok(self.meta().await?.and_then(|m| m.owner))
    }

    async fn meta(&self) -> Result<Option<Meta>, PersistError> {
        let tx = self
            .db
            .transaction(&[META], TransactionMode::ReadOnly)
            .map_err(idb_err)?;
        let raw = tx
            .object_store(META)
            .map_err(idb_err)?
            .get(JsValue::from_str(META_KEY))
            .map_err(idb_err)?
            .await
            .map_err(idb_err)?;
        raw.map(|raw| from_json::<Meta>(&raw)).transpose()
    }

    /// Records who the data is for from now on (saved with the next write).
    pub fn set_owner(&self, owner: Owner) {
        *self.owner.borrow_mut() = Some(owner);
    }

    /// Loads the saved client, or `None` on first use. With `customers`, only what users bound
    /// to those customers may see is loaded (public entities and the customers' own): the
    /// server never sends more, so anything else in the database was not put there by sync.
    pub async fn load(
        &self,
        customers: Option<&[String]>,
    ) -> Result<Option<(SyncClient, Option<String>)>, PersistError> {
        mark("takt:load-start");
        let loaded = self.load_inner(customers).await;
        mark("takt:load-end");
        loaded
    }

    async fn load_inner(
        &self,
        customers: Option<&[String]>,
    ) -> Result<Option<(SyncClient, Option<String>)>, PersistError> {
        let tx = self
            .db
            .transaction(&[META, ENTITIES, PENDING], TransactionMode::ReadOnly)
            .map_err(idb_err)?;
        let Some(raw) = meta_store(&tx)?
            .get(JsValue::from_str(META_KEY))
            .map_err(idb_err)?
            .await
            .map_err(idb_err)?
        else {
            return Ok(None);
        };
        let meta: Meta = from_json(&raw)?;
        let visible = |scope: &Scope| match (customers, scope) {
            (None, _) | (_, Scope::Public) => true,
            (Some(_), Scope::Internal) => false,
            (Some(cs), Scope::Customer(c)) => cs.iter().any(|x| x == c.as_str()),
        };
        let mut client = SyncClient::new(meta.client_id.clone());
        client.cursor = meta.cursor;
        client.last_applied = meta.last_applied;
        client.acked = meta.acked;
        client.next_seq = meta.next_seq;
        client.rejected = meta.rejected;
        // A customer's data is filtered record by record below; only our own users' (the large
        // data sets) come from the snapshot.
        let snapshot = match customers {
            None => Self::snapshot(&meta_store(&tx)?, meta.cursor).await?,
            Some(_) => None,
        };
        self.snapshot_cursor
            .set(snapshot.as_ref().map(|_| meta.cursor));
        match snapshot {
            Some(state) => client.confirmed = state,
            None => Self::load_entities(&tx, &mut client, visible, customers.is_some()).await?,
        }
        let pending = tx.object_store(PENDING).map_err(idb_err)?;
        let mut queue: Vec<Pending> = Vec::new();
        for raw in pending
            .get_all(None, None)
            .map_err(idb_err)?
            .await
            .map_err(idb_err)?
        {
            queue.push(from_json(&raw)?);
        }
        queue.sort_by_key(|p| p.seq);
        client.pending = queue;
        client.rebuild_view();
        Ok(Some((client, meta.last_sync)))
    }

    /// The stored snapshot's state when it belongs to `cursor`; `None` when there is none, it
    /// is stale, or it cannot be read (the entity records are then read instead).
    async fn snapshot(meta: &ObjectStore, cursor: u64) -> Result<Option<State>, PersistError> {
        let raw = meta
            .get(JsValue::from_str(SNAPSHOT_KEY))
            .map_err(idb_err)?
            .await
            .map_err(idb_err)?;
        // A JSON string written by an earlier build is not an array: read the records instead.
        let Some(array) = raw.and_then(|r| r.dyn_into::<js_sys::Uint8Array>().ok()) else {
            return Ok(None);
        };
        let bytes = array.to_vec();
        mark("takt:snapshot-read");
        let state = match snapshot::decode(&bytes) {
            Ok((at, state)) if at == cursor => Some(state),
            Ok(_) => None,
            Err(e) => {
                // Another build's or a damaged snapshot: the entity records are the truth.
                leptos::logging::log!("{e}; reading the records instead");
                None
            }
        };
        mark("takt:snapshot-parsed");
        if state.is_some() {
            mark("takt:snapshot-used");
        }
        Ok(state)
    }

    /// Reads the confirmed state record by record, keeping only what `visible` allows when
    /// `filter` is set.
    async fn load_entities(
        tx: &idb::Transaction,
        client: &mut SyncClient,
        visible: impl Fn(&Scope) -> bool,
        filter: bool,
    ) -> Result<(), PersistError> {
        let entities = tx.object_store(ENTITIES).map_err(idb_err)?;
        for raw in entities
            .get_all(None, None)
            .map_err(idb_err)?
            .await
            .map_err(idb_err)?
        {
            let change: Change = from_json(&raw)?;
            let r = EntityRef::new(change.kind, change.id.clone());
            put_entity(&mut client.confirmed, &r, change.body.as_ref())
                .map_err(PersistError::Corrupt)?;
            if filter && entity(&client.confirmed, &r).is_some_and(|(_, scope)| !visible(&scope)) {
                put_entity(&mut client.confirmed, &r, None).map_err(PersistError::Corrupt)?;
            }
        }
        Ok(())
    }

    fn put_meta(
        &self,
        store: &ObjectStore,
        client: &SyncClient,
        last_sync: Option<&str>,
    ) -> Result<(), PersistError> {
        let meta = Meta {
            client_id: client.client_id.clone(),
            cursor: client.cursor,
            last_applied: client.last_applied,
            acked: client.acked,
            next_seq: client.next_seq,
            rejected: client.rejected.clone(),
            last_sync: last_sync.map(str::to_owned),
            owner: self.owner.borrow().clone(),
        };
        store
            .put(&json(&meta)?, Some(&JsValue::from_str(META_KEY)))
            .map_err(idb_err)?;
        Ok(())
    }

    /// Starts saving a newly submitted command together with the client's counters; await
    /// [`commit`] on the result. The values are written before this returns, so the client
    /// need not be kept (or cloned) until the commit finishes.
    pub fn save_submitted(
        &self,
        client: &SyncClient,
        pending: &Pending,
        last_sync: Option<&str>,
    ) -> Result<idb::Transaction, PersistError> {
        let tx = self
            .db
            .transaction(&[META, PENDING], TransactionMode::ReadWrite)
            .map_err(idb_err)?;
        tx.object_store(PENDING)
            .map_err(idb_err)?
            .put(
                &json(pending)?,
                Some(&JsValue::from_f64(pending.seq as f64)),
            )
            .map_err(idb_err)?;
        self.put_meta(&tx.object_store(META).map_err(idb_err)?, client, last_sync)?;
        Ok(tx)
    }

    /// Starts saving the client after a push or pull: changed entities, the pending queue as it
    /// is now (commands no longer pending are removed) and the counters, in one transaction.
    pub fn save_synced(
        &self,
        client: &SyncClient,
        changes: &[Change],
        last_sync: Option<&str>,
    ) -> Result<idb::Transaction, PersistError> {
        let tx = self
            .db
            .transaction(&[META, ENTITIES, PENDING], TransactionMode::ReadWrite)
            .map_err(idb_err)?;
        let meta = meta_store(&tx)?;
        let entities = tx.object_store(ENTITIES).map_err(idb_err)?;
        if !changes.is_empty() {
            // The records move on: the snapshot no longer matches them.
            meta.delete(JsValue::from_str(SNAPSHOT_KEY))
                .map_err(idb_err)?;
            self.snapshot_cursor.set(None);
        } else if client.cursor > 0
            && self.snapshot_cursor.get() != Some(client.cursor)
            && self.keeps_snapshot()
            && snapshot_due(js_sys::Date::now(), self.snapshot_written.get())
        {
            let started = js_sys::Date::now();
            let bytes = snapshot::encode(client.cursor, &client.confirmed)
                .map_err(|e| PersistError::Other(e.to_string()))?;
            let array = js_sys::Uint8Array::from(bytes.as_slice());
            drop(bytes);
            meta.put(&array, Some(&JsValue::from_str(SNAPSHOT_KEY)))
                .map_err(idb_err)?;
            self.snapshot_cursor.set(Some(client.cursor));
            let now = js_sys::Date::now();
            self.snapshot_written.set(Some((now, now - started)));
        }
        for c in changes {
            let key = entity_key(c.kind, &c.id);
            match c.body {
                Some(_) => {
                    entities.put(&json(c)?, Some(&key)).map_err(idb_err)?;
                }
                None => {
                    entities.delete(key).map_err(idb_err)?;
                }
            }
        }
        let pending = tx.object_store(PENDING).map_err(idb_err)?;
        pending.clear().map_err(idb_err)?;
        for p in &client.pending {
            pending
                .put(&json(p)?, Some(&JsValue::from_f64(p.seq as f64)))
                .map_err(idb_err)?;
        }
        self.put_meta(&meta, client, last_sync)?;
        Ok(tx)
    }

    /// Whether snapshots are written: not for customers, whose load filters record by record.
    fn keeps_snapshot(&self) -> bool {
        self.owner
            .borrow()
            .as_ref()
            .is_some_and(|o| o.user.role != crate::session::Role::Customer)
    }
}

fn meta_store(tx: &idb::Transaction) -> Result<ObjectStore, PersistError> {
    tx.object_store(META).map_err(idb_err)
}

/// A performance mark the warm-start benchmark reads (tests/e2e/bench/warm-start.bench.js).
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Commits a transaction started by [`LocalDb::save_submitted`] or [`LocalDb::save_synced`].
pub async fn commit(tx: idb::Transaction) -> Result<(), PersistError> {
    // Keep a handle to read the error name once the transaction has finished.
    let raw: web_sys::IdbTransaction = tx.into();
    let handle = raw.clone();
    let tx = idb::Transaction::from(raw).commit().map_err(idb_err)?;
    match tx.await.map_err(idb_err)? {
        idb::TransactionResult::Committed => Ok(()),
        idb::TransactionResult::Aborted => Err(match handle.error().map(|e| e.name()) {
            Some(name) if name == "QuotaExceededError" => PersistError::QuotaExceeded,
            Some(name) => PersistError::Other(name),
            None => PersistError::Other("the write was aborted".into()),
        }),
    }
}

/// Storage use and quota in bytes, where the browser tells.
pub async fn storage_estimate() -> Option<(u64, u64)> {
    let storage = web_sys::window()?.navigator().storage();
    let estimate = wasm_bindgen_futures::JsFuture::from(storage.estimate().ok()?)
        .await
        .ok()?;
    let get = |k: &str| {
        js_sys::Reflect::get(&estimate, &JsValue::from_str(k))
            .ok()?
            .as_f64()
    };
    Some((get("usage")? as u64, get("quota")? as u64))
}
