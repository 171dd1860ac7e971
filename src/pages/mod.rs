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
    let store = crate::store::use_store();
    let summary = move || {
        store.with(|s| {
            format!(
                "{} items, {} customers, {} sales orders, {} purchase orders, {} JIT calls on this device",
                s.items.len(),
                s.customers.len(),
                s.sales_orders.len(),
                s.purchase_orders.len(),
                s.jit.calls.len()
            )
        })
    };
    view! {
        <h1>"Takt"</h1>
        <p class="lead">"Supply planning for suppliers that deliver just in time."</p>
        <p data-testid="local-summary">{summary}</p>
        <ul class="area-cards">
            <li><a href="/jit"><strong>"JIT"</strong>" — calls from receipt to invoice"</a></li>
            <li><a href="/planning"><strong>"Planning"</strong>" — MRP worksheet and MRP card"</a></li>
            <li><a href="/atp"><strong>"ATP"</strong>" — can we promise this order?"</a></li>
            <li><a href="/vmi"><strong>"VMI"</strong>" — customers' stock and sales proposals"</a></li>
        </ul>
    }
}

/// Any path the router does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p><a href="/">"Back to the start page"</a></p>
    }
}
