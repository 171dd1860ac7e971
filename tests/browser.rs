//! Browser tests (wasm-bindgen-test in headless Chromium): the shell rendered from the wasm
//! bundle — sign-in without a session, navigation by role with one — and the IndexedDB store.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)] // tests: a missing element should fail the test

use gloo_storage::Storage;
use takt_app::persist::{LocalDb, Owner};
use takt_app::session::{Role, Session, User};
use takt_engine::state::Command;
use takt_engine::sync::{Pending, SyncClient};
use takt_engine::types::{CustomerId, LocationId};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// Mounts the app into a fresh container; the handle keeps it mounted.
fn mount() -> impl Drop {
    let doc = document();
    let body = doc.body().unwrap();
    // Remove earlier tests' apps, but not the test runner's own output in the page.
    let old = doc.query_selector_all(".test-app").unwrap();
    for i in 0..old.length() {
        if let Some(n) = old.item(i) {
            body.remove_child(&n).unwrap();
        }
    }
    let div: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    div.set_class_name("test-app");
    body.append_child(&div).unwrap();
    leptos::mount::mount_to(div, takt_app::App)
}

fn nav_labels() -> Vec<String> {
    let Some(nav) = document().query_selector("nav.shell-nav").unwrap() else {
        return vec![];
    };
    (0..nav.children().length())
        .filter_map(|i| nav.children().item(i))
        .map(|a| a.text_content().unwrap_or_default())
        .collect()
}

/// Saves a session as sign-in does, and records its user with the local data (what vouches for
/// a saved session when the server cannot be asked: the test runner serves no `/api/v1/me`).
async fn save_session(role: Role, name: &str) {
    let session = Session {
        token: "test-token".into(),
        expires_at: 4_000_000_000,
        user: User {
            name: name.into(),
            role,
            customers: vec![],
        },
    };
    takt_app::session::save(&session);
    let db = LocalDb::open(name).await.unwrap();
    db.set_owner(Owner {
        user: session.user.clone(),
        token_check: session.token_check(),
    });
    let client = SyncClient::new("wasm-client");
    takt_app::persist::commit(db.save_synced(&client, &[], None).unwrap())
        .await
        .unwrap();
}

/// Waits until the shell has checked the saved session and shows its navigation (or gives up
/// after about two seconds and returns what is there).
async fn nav_after_check() -> Vec<String> {
    for _ in 0..40 {
        let labels = nav_labels();
        if !labels.is_empty() {
            return labels;
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    nav_labels()
}

#[wasm_bindgen_test]
fn without_a_session_the_shell_asks_to_sign_in() {
    gloo_storage::LocalStorage::clear();
    let _app = mount();
    let form = document().query_selector("form.sign-in").unwrap();
    assert!(form.is_some(), "sign-in form");
    assert!(
        document()
            .query_selector("input[name=password][type=password]")
            .unwrap()
            .is_some()
    );
    assert!(nav_labels().is_empty());
    let badge = document()
        .query_selector("[data-testid=connectivity]")
        .unwrap()
        .unwrap();
    let text = badge.text_content().unwrap_or_default();
    assert!(text == "Online" || text == "Offline", "badge says {text:?}");
}

#[wasm_bindgen_test]
async fn navigation_follows_the_role() {
    save_session(Role::Planner, "wasm-planner").await;
    {
        let _app = mount();
        assert_eq!(nav_after_check().await, ["JIT", "Planning", "ATP", "VMI"]);
        let pending = document()
            .query_selector("[data-testid=pending]")
            .unwrap()
            .unwrap();
        assert_eq!(pending.text_content().unwrap_or_default(), "0 pending");
    }
    save_session(Role::Sales, "wasm-sales").await;
    {
        let _app = mount();
        assert_eq!(nav_after_check().await, ["ATP"]);
    }
    save_session(Role::Customer, "wasm-customer").await;
    {
        let _app = mount();
        assert_eq!(nav_after_check().await, ["VMI"]);
    }
    // In German (the language kept in localStorage; in this test, as tests share the page's
    // storage): navigation, sign-out and the start page's summary.
    save_session(Role::Planner, "wasm-planner-de").await;
    gloo_storage::LocalStorage::set(takt_app::i18n::STORAGE_KEY, "de").unwrap();
    {
        let _app = mount();
        assert_eq!(nav_after_check().await, ["JIT", "Planung", "ATP", "VMI"]);
        let text = |sel: &str| {
            document()
                .query_selector(sel)
                .unwrap()
                .map(|e| e.text_content().unwrap_or_default())
        };
        assert_eq!(text("[data-testid=sign-out]").as_deref(), Some("Abmelden"));
        if let Some(summary) = text("[data-testid=local-summary]") {
            // Only where the runner's page is the start page (path "/").
            assert_eq!(
                summary,
                "0 Artikel, 0 Kunden, 0 Verkaufsaufträge, 0 Bestellungen, 0 JIT-Abrufe auf diesem Gerät"
            );
        }
    }
    gloo_storage::LocalStorage::clear();
}

#[wasm_bindgen_test]
async fn indexeddb_keeps_pending_commands_and_counters_across_opens() {
    let db = LocalDb::open("wasm-store-test").await.unwrap();
    let mut client = SyncClient::new("client-1");
    let command = Command::UpsertCustomer {
        customer: takt_engine::model::Customer {
            id: CustomerId::new("C-1"),
            name: "Test customer".into(),
            shipping_location: Some(LocationId::new("SHIP")),
        },
    };
    client.submit(command.clone()).unwrap();
    let pending: Pending = client.pending[0].clone();
    takt_app::persist::commit(
        db.save_submitted(&client, &pending, Some("2026-11-22T08:00:00Z"))
            .unwrap(),
    )
    .await
    .unwrap();
    drop(db);
    let reopened = LocalDb::open("wasm-store-test").await.unwrap();
    let (loaded, last_sync) = reopened.load(None).await.unwrap().expect("saved client");
    assert_eq!(loaded.client_id, "client-1");
    assert_eq!(loaded.next_seq, 2);
    assert_eq!(loaded.pending.len(), 1);
    assert_eq!(loaded.pending[0].command, command);
    // The view is the confirmed state with the pending command applied again.
    assert!(
        loaded
            .view()
            .customers
            .contains_key(&CustomerId::new("C-1"))
    );
    assert_eq!(last_sync.as_deref(), Some("2026-11-22T08:00:00Z"));
}
