//! The routed pages, one per navigation area.

use leptos::prelude::*;

pub mod jit;
pub mod vmi;

pub use jit::Jit;
pub use vmi::Vmi;

/// The start page: what each area is for.
#[component]
pub fn Home() -> impl IntoView {
    view! {
        <h1>"Takt"</h1>
        <p class="lead">"Supply planning for suppliers that deliver just in time."</p>
        <ul class="area-cards">
            <li><a href="/jit"><strong>"JIT"</strong>" — calls from receipt to invoice"</a></li>
            <li><a href="/planning"><strong>"Planning"</strong>" — MRP worksheet and MRP card"</a></li>
            <li><a href="/atp"><strong>"ATP"</strong>" — can we promise this order?"</a></li>
            <li><a href="/vmi"><strong>"VMI"</strong>" — customers' stock and sales proposals"</a></li>
        </ul>
    }
}

/// MRP planning.
#[component]
pub fn Planning() -> impl IntoView {
    view! { <h1>"Planning"</h1> }
}

/// Available to promise.
#[component]
pub fn Atp() -> impl IntoView {
    view! { <h1>"Available to promise"</h1> }
}

/// Any path the router does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p><a href="/">"Back to the start page"</a></p>
    }
}
