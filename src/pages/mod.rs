//! The routed pages, one per navigation area.

use leptos::prelude::*;

pub mod atp;
pub mod csv_import;
pub mod jit;
pub mod login;
pub mod planning;
pub mod vmi;

pub use atp::Atp;
pub use jit::Jit;
pub use planning::{ItemCard, Planning};
pub use vmi::Vmi;

/// The start page: what each area is for, and what this device holds.
#[component]
pub fn Home() -> impl IntoView {
    use crate::i18n::{fmt_int, lang, t};
    let store = crate::store::use_store();
    let calls = move || store.with(|s| s.jit.calls.len());
    let summary = move || {
        let l = lang();
        let n = |x: usize| fmt_int(l, x as i64);
        store.with(|s| {
            t("home.summary")
                .replace("{items}", &n(s.items.len()))
                .replace("{customers}", &n(s.customers.len()))
                .replace("{orders}", &n(s.sales_orders.len()))
                .replace("{pos}", &n(s.purchase_orders.len()))
                .replace("{calls}", &n(s.jit.calls.len()))
        })
    };
    view! {
        <h1>"Takt"</h1>
        <p class="lead">{move || t("home.lead")}</p>
        <p data-testid="local-summary" data-jit-calls=move || calls().to_string()>{summary}</p>
        <ul class="area-cards">
            <li><a href="/jit"><strong>"JIT"</strong>" — "{move || t("home.jit")}</a></li>
            <li><a href="/planning"><strong>{move || t("nav.planning")}</strong>" — "{move || t("home.planning")}</a></li>
            <li><a href="/atp"><strong>"ATP"</strong>" — "{move || t("home.atp")}</a></li>
            <li><a href="/vmi"><strong>"VMI"</strong>" — "{move || t("home.vmi")}</a></li>
        </ul>
    }
}

/// Any path the router does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    use crate::i18n::t;
    view! {
        <h1>{move || t("home.not_found")}</h1>
        <p><a href="/">{move || t("home.back")}</a></p>
    }
}
