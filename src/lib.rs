//! Takt's browser app: the Leptos shell, its pages and components.
//!
//! The app is thin: pages read engine state and send engine commands; planning arithmetic
//! lives in `takt-engine`, where it is tested natively.

pub mod components;
pub mod documents;
pub mod i18n;
pub mod ids;
pub mod pages;
pub mod store;

use components::status::{ConnectivityBadge, provide_connectivity};
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

/// The navigation areas, in the order they appear in the header.
pub const AREAS: [(&str, &str); 4] = [
    ("/jit", "JIT"),
    ("/planning", "Planning"),
    ("/atp", "ATP"),
    ("/vmi", "VMI"),
];

/// The application root: header with navigation and connectivity, and the routed page.
#[component]
pub fn App() -> impl IntoView {
    provide_connectivity();
    i18n::provide_lang();
    store::provide_store();
    view! {
        <Router>
            <header class="shell-header">
                <a class="brand" href="/">"Takt"</a>
                <nav class="shell-nav" aria-label="Main">
                    {AREAS
                        .iter()
                        .map(|(href, label)| view! { <A href=*href>{*label}</A> })
                        .collect_view()}
                </nav>
                <i18n::LangSelect />
                <ConnectivityBadge />
            </header>
            <main id="main" class="shell-main">
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/") view=pages::Home />
                    <Route path=path!("/jit") view=pages::Jit />
                    <Route path=path!("/planning") view=pages::Planning />
                    <Route path=path!("/atp") view=pages::Atp />
                    <Route path=path!("/jit/calls/:id") view=pages::jit::JitCallDetail />
                    <Route path=path!("/vmi") view=pages::Vmi />
                    <Route path=path!("/vmi/customer/:id") view=pages::vmi::VmiCustomerRoute />
                </Routes>
            </main>
        </Router>
    }
}
