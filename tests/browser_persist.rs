//! Browser tests of the IndexedDB snapshot (src/persist.rs): the confirmed state saved as one
//! record loads back equal, an interrupted write leaves the old state, and a snapshot that no
//! longer matches the entity records (an entity write since, or meta written by an older
//! build) is not used.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)] // tests: a failed step should fail the test

use takt_app::persist::{LocalDb, Owner, commit};
use takt_app::session::{Role, User};
use takt_app::store::demo_state;
use takt_engine::Day;
use takt_engine::State;
use takt_engine::model::Customer;
use takt_engine::state::{EntityKind, EntityRef};
use takt_engine::sync::{Change, SyncClient, entity};
use takt_engine::types::{CustomerId, LocationId};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn day() -> Day {
    Day::from_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

/// Every entity of `state` as a sync change (what a full pull brings).
fn changes(state: &State) -> Vec<Change> {
    let mut refs: Vec<EntityRef> = Vec::new();
    refs.extend(
        state
            .items
            .keys()
            .map(|k| EntityRef::new(EntityKind::Item, k.to_string())),
    );
    refs.extend(
        state
            .customers
            .keys()
            .map(|k| EntityRef::new(EntityKind::Customer, k.to_string())),
    );
    refs.extend(
        state
            .sales_orders
            .keys()
            .map(|k| EntityRef::new(EntityKind::SalesOrder, k.to_string())),
    );
    refs.extend(
        state
            .jit
            .calls
            .keys()
            .map(|k| EntityRef::new(EntityKind::JitCall, k.clone())),
    );
    refs.into_iter()
        .filter_map(|r| {
            let (body, _) = entity(state, &r)?;
            Some(Change {
                kind: r.kind,
                id: r.id.to_string(),
                version: 1,
                body: Some(body),
            })
        })
        .collect()
}

/// The opened database of a planner called `name`.
async fn planner_db(name: &str) -> LocalDb {
    let db = LocalDb::open(name).await.unwrap();
    db.set_owner(Owner {
        user: User {
            name: name.into(),
            role: Role::Planner,
            customers: vec![],
        },
        token_check: "check".into(),
    });
    db
}

/// A fresh database of a planner holding `state` at cursor 7: entity records, then (a sync
/// round's closing save) the snapshot.
async fn saved(name: &str, state: &State) -> (LocalDb, SyncClient) {
    let db = planner_db(name).await;
    let mut client = SyncClient::new("snap-client");
    client.confirmed = state.clone();
    client.cursor = 7;
    client.rebuild_view();
    commit(db.save_synced(&client, &changes(state), None).unwrap())
        .await
        .unwrap();
    commit(
        db.save_synced(&client, &[], Some("2026-11-22T10:00:00Z"))
            .unwrap(),
    )
    .await
    .unwrap();
    (db, client)
}

/// A state that only the entity records can give: `state` with one more customer.
fn with_customer(state: &State, id: &str) -> (State, Change) {
    let mut next = state.clone();
    let customer = Customer {
        id: CustomerId::new(id),
        name: "Added after the snapshot".into(),
        shipping_location: Some(LocationId::new("SHIP")),
    };
    next.customers.insert(customer.id.clone(), customer);
    let r = EntityRef::new(EntityKind::Customer, id);
    let (body, _) = entity(&next, &r).unwrap();
    let change = Change {
        kind: r.kind,
        id: r.id.to_string(),
        version: 8,
        body: Some(body),
    };
    (next, change)
}

#[wasm_bindgen_test]
async fn the_snapshot_loads_back_the_same_state() {
    let state = demo_state(day());
    let (db, _) = saved("wasm-snapshot-same", &state).await;
    drop(db);
    let reopened = LocalDb::open("wasm-snapshot-same").await.unwrap();
    let (loaded, last_sync) = reopened.load(None).await.unwrap().unwrap();
    assert_eq!(loaded.confirmed, state);
    assert_eq!(loaded.view(), &state);
    assert_eq!(loaded.cursor, 7);
    assert_eq!(last_sync.as_deref(), Some("2026-11-22T10:00:00Z"));
    // A customer's load still filters record by record: only public data and their own.
    let (mine, _) = reopened
        .load(Some(&["OEM-WOB".to_owned()]))
        .await
        .unwrap()
        .unwrap();
    assert!(
        mine.confirmed
            .customers
            .keys()
            .all(|c| c.as_str() == "OEM-WOB")
    );
    assert!(mine.confirmed.purchase_orders.is_empty());
}

#[wasm_bindgen_test]
async fn an_interrupted_entity_write_leaves_the_old_state() {
    let state = demo_state(day());
    let (db, mut client) = saved("wasm-snapshot-abort", &state).await;
    let (next, change) = with_customer(&state, "C-ABORT");
    client.confirmed = next;
    client.cursor = 8;
    // The write is started, then aborted as a closed tab or a crash would leave it.
    let tx = db.save_synced(&client, &[change], None).unwrap();
    let _ = tx.abort();
    drop(db);
    let reopened = LocalDb::open("wasm-snapshot-abort").await.unwrap();
    let (loaded, _) = reopened.load(None).await.unwrap().unwrap();
    assert_eq!(loaded.cursor, 7);
    assert_eq!(loaded.confirmed, state);
}

#[wasm_bindgen_test]
async fn a_snapshot_behind_the_entity_records_is_not_used() {
    let state = demo_state(day());
    let (db, mut client) = saved("wasm-snapshot-stale", &state).await;
    // A pull page: the entity write drops the snapshot in its own transaction.
    let (next, change) = with_customer(&state, "C-PULLED");
    client.confirmed = next.clone();
    client.cursor = 8;
    commit(db.save_synced(&client, &[change], None).unwrap())
        .await
        .unwrap();
    let reopened = LocalDb::open("wasm-snapshot-stale").await.unwrap();
    let (loaded, _) = reopened.load(None).await.unwrap().unwrap();
    assert_eq!(loaded.confirmed.customers, next.customers);
    assert!(
        loaded
            .confirmed
            .customers
            .contains_key(&CustomerId::new("C-PULLED"))
    );

    // An older build moves the cursor on without knowing snapshots: after the closing save
    // (snapshot at cursor 8) it writes an entity and the meta record, leaving the snapshot.
    commit(reopened.save_synced(&client, &[], None).unwrap())
        .await
        .unwrap();
    drop(reopened);
    let (_, older_change) = with_customer(&next, "C-OLDER-BUILD");
    older_build_write("wasm-snapshot-stale", &older_change, 9).await;
    let (loaded, _) = LocalDb::open("wasm-snapshot-stale")
        .await
        .unwrap()
        .load(None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(loaded.cursor, 9);
    assert!(
        loaded
            .confirmed
            .customers
            .contains_key(&CustomerId::new("C-OLDER-BUILD"))
    );
}

/// The user's IndexedDB database opened directly, as another build would.
async fn raw_db(name: &str) -> idb::Database {
    idb::Factory::new()
        .unwrap()
        .open(&format!("takt-{name}"), None)
        .unwrap()
        .await
        .unwrap()
}

/// What a build from before snapshots wrote for a pull page: the entity record and the meta
/// record with the new cursor, in one transaction, the snapshot untouched.
async fn older_build_write(name: &str, change: &Change, cursor: u64) {
    use idb::TransactionMode;
    use wasm_bindgen::JsValue;
    let db = raw_db(name).await;
    let tx = db
        .transaction(&["meta", "entities"], TransactionMode::ReadWrite)
        .unwrap();
    let meta = tx.object_store("meta").unwrap();
    let raw = meta
        .get(JsValue::from_str("client"))
        .unwrap()
        .await
        .unwrap();
    let mut value: serde_json::Value =
        serde_json::from_str(&raw.unwrap().as_string().unwrap()).unwrap();
    value["cursor"] = cursor.into();
    meta.put(
        &JsValue::from_str(&value.to_string()),
        Some(&JsValue::from_str("client")),
    )
    .unwrap();
    tx.object_store("entities")
        .unwrap()
        .put(
            &JsValue::from_str(&serde_json::to_string(change).unwrap()),
            Some(&JsValue::from_str(&format!("customer|{}", change.id))),
        )
        .unwrap();
    tx.commit().unwrap().await.unwrap();
    db.close();
}

/// Whether the database of `name` holds a snapshot record.
async fn has_snapshot(name: &str) -> bool {
    use idb::TransactionMode;
    use wasm_bindgen::JsValue;
    let db = raw_db(name).await;
    let tx = db
        .transaction(&["meta"], TransactionMode::ReadOnly)
        .unwrap();
    let found = tx
        .object_store("meta")
        .unwrap()
        .get(JsValue::from_str("snapshot"))
        .unwrap()
        .await
        .unwrap()
        .is_some();
    db.close();
    found
}

/// A tab does not write the snapshot with every round: a second sync round right after the
/// first drops it and does not write it again, and the start then reads the entity records,
/// which hold the newer state; once the gap has passed, a closing save writes it again.
#[wasm_bindgen_test]
async fn a_tab_does_not_rewrite_the_snapshot_every_round() {
    let state = demo_state(day());
    let (db, mut client) = saved("wasm-snapshot-throttle", &state).await;
    assert!(has_snapshot("wasm-snapshot-throttle").await);
    let (next, change) = with_customer(&state, "CUST-THROTTLE");
    client.confirmed = next.clone();
    client.cursor = 8;
    client.rebuild_view();
    commit(db.save_synced(&client, &[change], None).unwrap())
        .await
        .unwrap();
    commit(db.save_synced(&client, &[], None).unwrap())
        .await
        .unwrap();
    assert!(!has_snapshot("wasm-snapshot-throttle").await);
    let reopened = LocalDb::open("wasm-snapshot-throttle").await.unwrap();
    let (loaded, _) = reopened.load(None).await.unwrap().unwrap();
    assert_eq!(loaded.cursor, 8);
    assert_eq!(loaded.confirmed.customers, next.customers);
    // A small state encodes in a few ms, so the least gap (2 s) applies: the next round's
    // closing save after it writes the snapshot at the new cursor.
    gloo_timers::future::TimeoutFuture::new(2_100).await;
    commit(db.save_synced(&client, &[], None).unwrap())
        .await
        .unwrap();
    assert!(has_snapshot("wasm-snapshot-throttle").await);
    let reopened = LocalDb::open("wasm-snapshot-throttle").await.unwrap();
    let (loaded, _) = reopened.load(None).await.unwrap().unwrap();
    assert_eq!(loaded.cursor, 8);
    assert_eq!(loaded.confirmed, next);
}

/// Nothing confirmed yet (cursor 0, the start before the first pull): no snapshot is written,
/// so the first sync round's snapshot is not held back by the gap.
#[wasm_bindgen_test]
async fn an_empty_start_writes_no_snapshot() {
    let db = planner_db("wasm-snapshot-empty").await;
    let mut client = SyncClient::new("snap-empty");
    commit(db.save_synced(&client, &[], None).unwrap())
        .await
        .unwrap();
    assert!(!has_snapshot("wasm-snapshot-empty").await);
    let state = demo_state(day());
    client.confirmed = state.clone();
    client.cursor = 3;
    client.rebuild_view();
    commit(db.save_synced(&client, &changes(&state), None).unwrap())
        .await
        .unwrap();
    commit(db.save_synced(&client, &[], None).unwrap())
        .await
        .unwrap();
    assert!(has_snapshot("wasm-snapshot-empty").await);
}
