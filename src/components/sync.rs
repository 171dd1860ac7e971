//! What the header shows about the local store at all times: pending changes, the time of the
//! last sync, sync errors, the inbox of commands the server refused (retry or discard), storage
//! errors, and whether another tab has taken over.

use crate::i18n::{t, tr};
use crate::store::use_store;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Pending count, last sync, errors; a button to sync now.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let store = use_store();
    let pending = move || store.pending_count();
    let status = move || store.status();
    let last = move || {
        status()
            .last_sync
            .map(|t| t.get(11..16).unwrap_or("").to_owned())
            .unwrap_or_else(|| t("sync.never").to_owned())
    };
    view! {
        <span class="sync" data-testid="sync">
            <span data-testid="pending" title=move || t("sync.pending_title")>
                {move || t("sync.pending").replace("{n}", &pending().to_string())}
            </span>
            " · "
            <span data-testid="last-sync" title=move || t("sync.last_title")>
                {move || if status().syncing {
                    t("sync.syncing").to_owned()
                } else {
                    t("sync.synced").replace("{t}", &last())
                }}
            </span>
            <button type="button" class="link" on:click=move |_| store.sync_now() aria-label=move || t("sync.now")>
                "↻"
            </button>
            {move || status().error.map(|e| view! { <span class="sync-error" role="alert">{e}</span> })}
        </span>
    }
}

/// The count of the commands the server refused, and a button that opens the panel with them
/// (the panel and the engine's messages are loaded when it is first opened:
/// `crate::areas::inbox_panel`).
#[component]
pub fn RejectionInbox() -> impl IntoView {
    let store = use_store();
    let (open, set_open) = signal(false);
    let rejected = move || store.rejected();
    view! {
        <span class="inbox">
            <button
                type="button"
                data-testid="inbox-button"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| set_open.update(|o| *o = !*o)
            >
                {move || format!("{}: {}", t("inbox.refused"), rejected().len())}
            </button>
            <Show when=move || open.get()>
                {crate::areas::inbox_panel()}
            </Show>
        </span>
    }
}

/// The refused commands, each with its reason and a way to retry or discard it.
#[component]
pub fn InboxPanel() -> impl IntoView {
    let store = use_store();
    let lang = crate::i18n::use_lang();
    let (note, set_note) = signal(None::<String>);
    let rejected = move || store.rejected();
    view! {
        <div class="inbox-panel" role="dialog" aria-label=move || t("inbox.title") data-testid="inbox">
            <h2>{move || t("inbox.title")}</h2>
            {move || note.get().map(|n| view! { <p role="status">{n}</p> })}
            <ul>
                <For each=rejected key=|r| r.seq let:r>
                    {
                        let seq = r.seq;
                        let (reason, message) = (r.reason.clone(), r.message.clone());
                        // In the current language: by the rejection's structure.
                        let reason = move || match &reason {
                            Some(x) => crate::i18n_msg::rejection(lang.get(), x),
                            None => crate::i18n_msg::message_in(lang.get(), &message),
                        };
                        view! {
                            <li data-testid="rejected">
                                <strong>{r.command.action()}</strong>
                                " — "
                                <span class="reason">{reason}</span>
                                <button type="button" on:click=move |_| {
                                    match store.retry_rejected(seq) {
                                        Ok(_) => set_note.set(Some(tr(lang.get_untracked(), "inbox.sent_again").to_owned())),
                                        Err(e) => set_note.set(Some(crate::i18n_msg::rejection(lang.get_untracked(), &e))),
                                    }
                                }>{move || t("inbox.retry")}</button>
                                <button type="button" on:click=move |_| store.discard_rejected(seq)>{move || t("inbox.discard")}</button>
                            </li>
                        }
                    }
                </For>
            </ul>
        </div>
    }
}

/// A banner for local storage failures and for a tab that another tab has taken over.
#[component]
pub fn StoreBanners() -> impl IntoView {
    let store = use_store();
    view! {
        {move || store.status().storage_error.map(|e| view! {
            <div class="banner bad" role="alert" data-testid="storage-error">
                {e}
                <button type="button" on:click=move |_| store.dismiss_storage_error()>{move || t("banner.dismiss")}</button>
            </div>
        })}
        <Show when=move || !store.status().active>
            <div class="banner" role="alert" data-testid="other-tab">
                {move || t("banner.other_tab")}
                <button type="button" on:click=move |_| {
                    announce_tab();
                    store.set_active(true);
                }>{move || t("banner.use_here")}</button>
            </div>
        </Show>
    }
}

const CHANNEL: &str = "takt-tabs";

/// Tells other tabs of this browser that this tab is now the one that writes.
pub fn announce_tab() {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&wasm_bindgen::JsValue::from_str("hello"));
        channel.close();
    }
}

/// One writer per browser: the newest tab writes; an older tab becomes read-only until the user
/// chooses "Use here" (which hands writing back to it).
pub fn coordinate_tabs() {
    let store = use_store();
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_e: web_sys::MessageEvent| {
            store.set_active(false);
        });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The listener lives as long as the page.
    on_message.forget();
    let _ = channel.post_message(&wasm_bindgen::JsValue::from_str("hello"));
    std::mem::forget(channel);
}
