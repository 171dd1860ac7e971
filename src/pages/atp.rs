//! Available to promise (`/atp`, sales, phone first): customer, item, quantity and date in;
//! at once green or red, the quantity available, the earliest date, comparable items and the
//! big-order warnings; then place the sales order. Reads only the local store, so it works
//! offline.

use crate::i18n::{fmt_day, t, use_lang};
use crate::ids::next_sales_order_id;
use crate::pages::planning::outcome_text;
use crate::pages::planning::worksheet::parse_day;
use crate::store::{today, use_store};
use leptos::prelude::*;
use takt_engine::model::{SalesLine, SalesOrder};
use takt_engine::mrp::{self, AtpRequest};
use takt_engine::types::{CustomerId, ItemId, LocationId, Qty, SalesOrderId};
use takt_engine::{Command, Day};

/// The ATP page.
#[component]
pub fn Atp() -> impl IntoView {
    let store = use_store();
    let lang = use_lang();
    let as_of = today();
    let customer: RwSignal<Option<CustomerId>> = RwSignal::new(None);
    let item: RwSignal<Option<ItemId>> = RwSignal::new(None);
    let qty = RwSignal::new(Qty(0));
    let requested = RwSignal::new(as_of.plus(7));
    let status: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let result = Memo::new(move |_| {
        let item = item.get()?;
        let q = qty.get();
        if !q.is_positive() {
            return None;
        }
        let req = AtpRequest {
            item,
            qty: q,
            requested: requested.get(),
            as_of,
        };
        Some(store.with(|s| mrp::atp_check(s, &req, &[])))
    });
    let place = move |day: Day| {
        let (Some(c), Some(i)) = (customer.get_untracked(), item.get_untracked()) else {
            return;
        };
        let id = store.with_untracked(next_sales_order_id);
        let result = store.dispatch(Command::PlaceSalesOrder {
            order: SalesOrder {
                id: SalesOrderId::new(id),
                customer: c.clone(),
                ship_to: c,
                lines: vec![SalesLine {
                    line: 10000,
                    item: i,
                    qty: qty.get_untracked(),
                    delivered: Qty::ZERO,
                    reserved: Qty::ZERO,
                    shipping_date: day,
                    location: Some(LocationId::new("MAIN")),
                }],
            },
        });
        status.set(Some(outcome_text(lang.get_untracked(), &result)));
    };
    view! {
        <div class="page-head">
            <h1>{move || t("atp")}</h1>
        </div>
        <form class="atp-form" on:submit=|ev| ev.prevent_default()>
            <label class="field"><span>{move || t("customer")}</span>
                <select data-testid="atp-customer" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    customer.set((!v.is_empty()).then(|| CustomerId::new(v)));
                }>
                    <option value="">{move || t("choose")}</option>
                    {move || store.with(|s| s.customers.values().map(|c| (c.id.to_string(), c.name.clone())).collect::<Vec<_>>())
                        .into_iter().map(|(v, n)| view! { <option value=v.clone()>{format!("{n} ({v})")}</option> }).collect_view()}
                </select>
            </label>
            <label class="field"><span>{move || t("item")}</span>
                <select data-testid="atp-item" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    item.set((!v.is_empty()).then(|| ItemId::new(v)));
                }>
                    <option value="">{move || t("choose")}</option>
                    {move || store.with(|s| s.items.values().map(|i| (i.id.to_string(), i.description.clone())).collect::<Vec<_>>())
                        .into_iter().map(|(v, d)| view! { <option value=v.clone()>{format!("{v} · {d}")}</option> }).collect_view()}
                </select>
            </label>
            <label class="field"><span>{move || t("qty")}</span>
                <input type="number" min="1" inputmode="numeric" data-testid="atp-qty"
                    on:input=move |ev| qty.set(Qty(event_target_value(&ev).trim().parse::<i64>().unwrap_or(0))) />
            </label>
            <label class="field"><span>{move || t("requested")}</span>
                <input type="date" data-testid="atp-date" prop:value=move || requested.get().to_string()
                    on:input=move |ev| if let Some(d) = parse_day(&event_target_value(&ev)) { requested.set(d) } />
            </label>
        </form>
        {move || result.get().map(|r| {
            let earliest = r.earliest;
            let can = r.can_promise;
            view! {
                <section class="atp-answer" class:ok=can class:bad=!can data-testid="atp-answer" aria-live="polite">
                    <p class="verdict" data-testid="atp-verdict">{move || if can { t("can_promise") } else { t("cannot_promise") }}</p>
                    <dl class="atp-facts">
                        <dt>{move || t("available")}</dt><dd data-testid="atp-available">{r.available.0}</dd>
                        <dt>{move || t("earliest")}</dt>
                        <dd data-testid="atp-earliest">{move || earliest.map(|d| fmt_day(lang.get(), d)).unwrap_or_else(|| "—".into())}</dd>
                        <dt>{move || t("ctp")}</dt><dd>{move || fmt_day(lang.get(), r.ctp_date)}</dd>
                    </dl>
                    <div class="atp-place">
                        <button type="button" data-testid="atp-place-requested"
                            disabled=move || customer.with(Option::is_none)
                            on:click=move |_| place(requested.get_untracked())>
                            {move || format!("{} {}", t("place_order"), fmt_day(lang.get(), requested.get()))}</button>
                        {earliest.filter(|d| *d != r.requested).map(|d| view! {
                            <button type="button" data-testid="atp-place-earliest"
                                disabled=move || customer.with(Option::is_none)
                                on:click=move |_| place(d)>
                                {move || format!("{} {}", t("place_order"), fmt_day(lang.get(), d))}</button>
                        })}
                    </div>
                </section>
                <section aria-labelledby="alt-h">
                    <h2 id="alt-h">{move || t("alternatives")}</h2>
                    {if r.alternatives.is_empty() {
                        view! { <p>{move || t("no_alternatives")}</p> }.into_any()
                    } else {
                        view! { <ul class="alternatives" data-testid="atp-alternatives">
                            {r.alternatives.iter().map(|a| {
                                let id = a.item.clone();
                                let label = id.to_string();
                                view! { <li><button type="button" class="link" on:click=move |_| item.set(Some(id.clone()))>{label}</button>
                                    " · " {move || t("available")} " " {a.available.0}</li> }
                            }).collect_view()}
                        </ul> }.into_any()
                    }}
                </section>
                {(!r.warnings.is_empty()).then(|| view! {
                    <section aria-labelledby="warn-h" class="warnings">
                        <h2 id="warn-h">{move || t("warnings")}</h2>
                        <ul data-testid="atp-warnings">{r.warnings.iter().map(|w| { let m = w.message.clone(); view! { <li>{move || crate::i18n_msg::message_in(lang.get(), &m)}</li> } }).collect_view()}</ul>
                    </section>
                })}
            }
        })}
        {move || status.get().map(|(ok, msg)| view! {
            <p class="notice" class:ok=ok class:bad=!ok role="status" data-testid="atp-status">{msg}</p>
        })}
    }
}
