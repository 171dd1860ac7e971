//! The routed screens of each navigation area, and the rejection inbox's panel: loaded when
//! first opened.
//!
//! With the `split` feature (the release bundle trunk builds), each function below is a
//! wasm-split point: `cargo xtask split` (a trunk post-build hook) moves the screen and all
//! code only it reaches (the MRP run, ATP, VMI proposals, the JIT monitor, the EDI writers,
//! CSV export, the charts) into a chunk of its own, which the browser fetches the first time a
//! route of the area is opened. The service worker caches the chunks with the rest of the
//! build, so an area opens offline once the app has been loaded online.
//!
//! A chunk that cannot be fetched (offline before the service worker had cached it, a
//! server gone) shows an error with a retry button in the page; nothing panics and the
//! shell keeps working. Without the feature (browser tests, clippy) the screens are rendered
//! directly.

use leptos::prelude::*;

/// A lazily loaded area's code could not be fetched or instantiated (the browser console
/// has the details).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkError;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// Defines `pub fn $name() -> impl IntoView` for a route: the view `$body` in chunk `$chunk`
/// (one chunk per area; the routes of an area share it).
macro_rules! area {
    ($(#[$doc:meta])* $name:ident, $chunk:ident, $body:expr) => {
        $(#[$doc])*
        pub fn $name() -> impl IntoView {
            #[cfg(feature = "split")]
            {
                /// The screen, in the chunk (only the split point below refers to it).
                fn screen() -> AnyView {
                    $body.into_any()
                }
                // Named after the route: the split point's symbols are derived from the name.
                #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
                fn $name() -> Result<Screen, ChunkError> {
                    Ok(screen)
                }
                fn boxed() -> LoadFuture {
                    Box::pin($name())
                }
                view! { <Lazy load=boxed /> }
            }
            #[cfg(not(feature = "split"))]
            {
                $body
            }
        }
    };
}

/// A screen's constructor, handed out by its chunk once loaded.
#[cfg(feature = "split")]
type Screen = fn() -> AnyView;

#[cfg(feature = "split")]
type LoadFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Screen, ChunkError>>>>;

/// Loads an area's chunk and shows its screen; "Loading…" meanwhile, an error with a retry
/// button when the chunk cannot be loaded (a failed load is not cached: retrying fetches
/// again). A plain signal and a task rather than `<Suspense>`, whose machinery would
/// otherwise be in the main bundle for this alone.
#[cfg(feature = "split")]
#[component]
fn Lazy(load: fn() -> LoadFuture) -> impl IntoView {
    use crate::i18n::t;
    let loaded = RwSignal::new(None::<Result<Screen, ChunkError>>);
    let fetch = move || {
        loaded.set(None);
        leptos::task::spawn_local(async move {
            let result = load().await;
            // The route may have been left meanwhile (the signal is then disposed).
            let _ = loaded.try_set(Some(result));
        });
    };
    fetch();
    move || {
        match loaded.get() {
        None => view! { <p class="loading" data-testid="chunk-loading">{move || t("chunk.loading")}</p> }
            .into_any(),
        Some(Ok(screen)) => screen(),
        Some(Err(ChunkError)) => view! {
            <div class="chunk-error" role="alert" data-testid="chunk-error">
                <p>{move || t("chunk.failed")}</p>
                <button type="button" data-testid="chunk-retry" on:click=move |_| fetch()>
                    {move || t("chunk.retry")}
                </button>
            </div>
        }
        .into_any(),
    }
    }
}

area!(
    /// `/jit`: the JIT monitor with the EDI import panel.
    jit, jit, view! { <crate::pages::Jit /> }
);
area!(
    /// `/jit/calls/:id`: one call.
    jit_call, jit, view! { <crate::pages::jit::JitCallDetail /> }
);
area!(
    /// `/planning`: the MRP worksheet.
    planning, planning, view! { <crate::pages::Planning /> }
);
area!(
    /// `/planning/items/:id`: the item MRP card.
    item_card, planning, view! { <crate::pages::ItemCard /> }
);
area!(
    /// `/planning/import`: the CSV import.
    csv_import, planning, view! { <crate::pages::csv_import::CsvImport /> }
);
area!(
    /// `/atp`: available to promise.
    atp, atp, view! { <crate::pages::Atp /> }
);
area!(
    /// `/vmi`: the VMI planner.
    vmi, vmi, view! { <crate::pages::Vmi /> }
);
area!(
    /// `/vmi/customer/:id`: one customer's VMI view.
    vmi_customer, vmi, view! { <crate::pages::vmi::VmiCustomerRoute /> }
);
area!(
    /// The rejection inbox's panel (the header's button opens it): the refused commands with
    /// their reasons in the user's language (`i18n_msg`).
    inbox_panel, inbox, view! { <crate::components::sync::InboxPanel /> }
);
