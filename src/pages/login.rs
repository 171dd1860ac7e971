//! Sign-in: once online; afterwards the session and the user's data stay available offline.

use crate::i18n::t;
use crate::session;
use crate::store::use_store;
use leptos::prelude::*;

#[component]
pub fn SignIn() -> impl IntoView {
    let store = use_store();
    let (name, set_name) = signal(String::new());
    let (password, set_password) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let (busy, set_busy) = signal(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_busy.set(true);
        set_error.set(None);
        let (n, p) = (name.get_untracked(), password.get_untracked());
        leptos::task::spawn_local(async move {
            match session::sign_in(&n, &p).await {
                Ok(s) => {
                    session::save(&s);
                    store.start(s, true);
                }
                Err(e) => set_error.set(Some(e)),
            }
            set_busy.set(false);
        });
    };
    view! {
        <form class="sign-in" on:submit=submit aria-label=move || t("login.sign_in")>
            <h1>{move || t("login.sign_in")}</h1>
            <label>{move || t("login.name")}" " <input name="name" autocomplete="username" required
                prop:value=name on:input=move |e| set_name.set(event_target_value(&e)) /></label>
            <label>{move || t("login.password")}" " <input name="password" type="password" autocomplete="current-password" required
                prop:value=password on:input=move |e| set_password.set(event_target_value(&e)) /></label>
            <button type="submit" disabled=move || busy.get()>{move || t("login.sign_in")}</button>
            {move || error.get().or_else(|| store.status().error).map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </form>
    }
}
