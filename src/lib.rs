//! Takt's browser app: the Leptos shell, its pages and components.
//!
//! The app is thin: pages read engine state and send engine commands; planning arithmetic
//! lives in `takt-engine`, where it is tested natively.

pub mod areas;
pub mod components;
pub mod documents;
pub mod i18n;
pub mod i18n_msg;
pub mod i18n_plan;
pub mod ids;
pub mod pages;
pub mod persist;
pub mod session;
pub mod store;

use components::status::{ConnectivityBadge, provide_connectivity};
use components::sync::{RejectionInbox, StoreBanners, SyncBadge, coordinate_tabs};
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

/// The navigation areas (path, i18n key of the label), in the order they appear in the header.
pub const AREAS: [(&str, &str); 4] = [
    ("/jit", "nav.jit"),
    ("/planning", "nav.planning"),
    ("/atp", "nav.atp"),
    ("/vmi", "nav.vmi"),
];

/// The application root: header with navigation and connectivity, and the routed page.
#[component]
pub fn App() -> impl IntoView {
    provide_connectivity();
    i18n::provide_lang();
    let store = store::provide_store();
    coordinate_tabs();
    let signed_in = move || store.session().is_some();
    view! {
        <Router>
            <header class="shell-header">
                <a class="brand" href="/">"Takt"</a>
                <Show when=signed_in>
                    <Nav />
                </Show>
                <i18n::LangSelect />
                <ConnectivityBadge />
                <Show when=signed_in>
                    <SyncBadge />
                    <RejectionInbox />
                    <UserMenu />
                </Show>
            </header>
            <StoreBanners />
            <main id="main" class="shell-main">
                <Show when=signed_in fallback=move || {
                    // A saved session is being checked: neither the form nor data yet.
                    if store.status().loaded {
                        view! { <pages::login::SignIn /> }.into_any()
                    } else {
                        view! { <p class="loading" data-testid="loading">"Loading…"</p> }.into_any()
                    }
                }>
                    <Guard>
                        <Routes fallback=pages::NotFound>
                            <Route path=path!("/") view=pages::Home />
                            <Route path=path!("/jit") view=areas::jit />
                            <Route path=path!("/planning") view=areas::planning />
                            <Route path=path!("/planning/items/:id") view=areas::item_card />
                            <Route path=path!("/planning/import") view=areas::csv_import />
                            <Route path=path!("/atp") view=areas::atp />
                            <Route path=path!("/jit/calls/:id") view=areas::jit_call />
                            <Route path=path!("/vmi") view=areas::vmi />
                            <Route path=path!("/vmi/customer/:id") view=areas::vmi_customer />
                        </Routes>
                    </Guard>
                </Show>
            </main>
        </Router>
    }
}

/// The areas the signed-in user's role may use.
#[component]
fn Nav() -> impl IntoView {
    let store = store::use_store();
    let areas = move || {
        let role = store.session().map(|s| s.user.role);
        AREAS
            .iter()
            .filter(|(href, _)| role.is_some_and(|r| r.may_open(href)))
            .map(|&(href, label)| view! { <A href=href>{move || i18n::t(label)}</A> })
            .collect_view()
    };
    view! { <nav class="shell-nav" aria-label=move || i18n::t("nav.main")>{areas}</nav> }
}

/// Shows a page only to a role that may use it: typing another area's URL gives a refusal,
/// not the page (the data would not be there either: the server sends only what the user
/// may see).
#[component]
fn Guard(children: ChildrenFn) -> impl IntoView {
    let store = store::use_store();
    let location = use_location();
    let allowed = move || {
        let path = location.pathname.get();
        store.session().is_some_and(|s| s.user.role.may_open(&path))
    };
    view! {
        <Show when=allowed fallback=|| view! {
            <h1>{move || i18n::t("role.not_available")}</h1>
            <p>{move || i18n::t("role.not_yours")}</p>
        }>
            {children()}
        </Show>
    }
}

/// The signed-in user and sign-out.
#[component]
fn UserMenu() -> impl IntoView {
    let store = store::use_store();
    let who = move || {
        store
            .session()
            .map(|s| format!("{} ({:?})", s.user.name, s.user.role).to_lowercase())
    };
    view! {
        <span class="user" data-testid="user">{who}</span>
        <button type="button" class="link" data-testid="sign-out" on:click=move |_| store.sign_out()>{move || i18n::t("login.sign_out")}</button>
    }
}
