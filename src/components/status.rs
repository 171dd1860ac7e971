//! Connectivity: whether the browser is online, provided once at the root and shown in the
//! header at all times.

use leptos::prelude::*;

/// Copy handle to the connectivity signal.
#[derive(Debug, Clone, Copy)]
pub struct Connectivity {
    pub online: ReadSignal<bool>,
}

/// Reads `navigator.onLine` now and follows the window's `online` / `offline` events.
pub fn provide_connectivity() -> Connectivity {
    let initial = web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true);
    let (online, set_online) = signal(initial);
    let on = window_event_listener(leptos::ev::online, move |_| set_online.set(true));
    let off = window_event_listener(leptos::ev::offline, move |_| set_online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    let handle = Connectivity { online };
    provide_context(handle);
    handle
}

/// The connectivity handle provided by [`provide_connectivity`].
pub fn use_connectivity() -> Option<Connectivity> {
    use_context::<Connectivity>()
}

/// "Online" / "Offline" badge for the header.
#[component]
pub fn ConnectivityBadge() -> impl IntoView {
    let online = use_connectivity().map(|c| c.online);
    let is_online = move || online.map(|s| s.get()).unwrap_or(true);
    view! {
        <span
            class="connectivity"
            class:online=is_online
            class:offline=move || !is_online()
            role="status"
            aria-live="polite"
            data-testid="connectivity"
        >
            {move || if is_online() { "Online" } else { "Offline" }}
        </span>
    }
}
