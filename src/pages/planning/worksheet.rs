//! The planning worksheet: run a regenerative or net-change plan (in chunks, with progress),
//! accept or reject lines, purchase orders with their flexibility, look-ahead warnings, and
//! the sales lines a delayed purchase order would make late.

use crate::components::csv_link::CsvLink;
use crate::i18n::{fmt_day, t, use_lang};
use crate::ids::next_order_ids;
use crate::pages::planning::outcome_text;
use crate::store::{today, use_store};
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::time::Duration;
use takt_engine::model::Flexibility;
use takt_engine::mrp::engine::ItemPlan;
use takt_engine::mrp::{self, MrpCommand, Plan, PlanningLine, SupplyRef};
use takt_engine::types::{ItemId, PurchaseOrderId, Qty};
use takt_engine::{Command, Day, State, csv_io};

/// Items planned per chunk before the page yields to the browser.
const CHUNK: usize = 250;

/// Yields to the browser's event loop (a zero timeout), so it can paint the progress.
async fn yield_now() {
    let (tx, rx) = futures_channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = tx.send(());
        },
        Duration::from_millis(0),
    );
    let _ = rx.await;
}

/// Where a planning run is.
#[derive(Debug, Clone, PartialEq)]
enum RunState {
    Idle,
    Running { done: usize, total: usize },
    Done { items: usize, lines: usize },
}

/// The worksheet page.
#[component]
pub fn Planning() -> impl IntoView {
    let store = use_store();
    let lang = use_lang();
    let as_of = today();
    let plan: RwSignal<Option<Plan>> = RwSignal::new(None);
    // The state the current plan was made from: net change re-plans what differs from it.
    let planned_from: StoredValue<Option<State>> = StoredValue::new(None);
    let run = RwSignal::new(RunState::Idle);
    let selected: RwSignal<BTreeSet<usize>> = RwSignal::new(BTreeSet::new());
    let status: RwSignal<Option<(bool, String)>> = RwSignal::new(None);

    // The plan shown is derived data: the last run brought up to date with every change of
    // the store since (a sales order placed on the ATP page, a pull from the server) — only
    // the items whose planning inputs changed are planned again (net change), and only when
    // the store's state changes (the memo tracks it), so it stays fast.
    let shown: Memo<Option<Plan>> = Memo::new(move |_| {
        let running = matches!(run.get(), RunState::Running { .. });
        plan.with(|base| {
            let base = base.as_ref()?;
            store.with(|state| {
                let changed = planned_from
                    .with_value(|b| b.as_ref().map(|b| mrp::changes::changed_items(b, state)))
                    .unwrap_or_default();
                if changed.is_empty() || running {
                    return Some(base.clone());
                }
                Some(mrp::plan_net_change(state, base, &changed, as_of, &[]))
            })
        })
    });

    // Plans `items` of `state` in chunks on top of `base`, showing progress between chunks.
    let run_plan = move |state: State, base: Plan, items: Vec<ItemId>| {
        leptos::task::spawn_local(async move {
            let total = items.len();
            run.set(RunState::Running { done: 0, total });
            yield_now().await;
            let mut current = base;
            for (k, chunk) in items.chunks(CHUNK).enumerate() {
                let set: BTreeSet<ItemId> = chunk.iter().cloned().collect();
                current = mrp::plan_net_change(&state, &current, &set, as_of, &[]);
                run.set(RunState::Running {
                    done: ((k + 1) * CHUNK).min(total),
                    total,
                });
                yield_now().await;
            }
            let lines = current.lines().count();
            run.set(RunState::Done {
                items: total,
                lines,
            });
            selected.set(BTreeSet::new());
            plan.set(Some(current));
            planned_from.set_value(Some(state));
        });
    };
    let regenerative = move |_| {
        let state = store.with_untracked(State::clone);
        let items: Vec<ItemId> = state.mrp.params.keys().cloned().collect();
        let empty = Plan {
            as_of,
            items: Default::default(),
        };
        run_plan(state, empty, items);
    };
    let net_change = move |_| {
        let state = store.with_untracked(State::clone);
        let Some(base) = shown.get_untracked() else {
            return;
        };
        let changed = planned_from
            .with_value(|b| b.as_ref().map(|b| mrp::changes::changed_items(b, &state)))
            .unwrap_or_default();
        run_plan(state, base, changed.into_iter().collect());
    };

    // Accepting / rejecting: dispatch, then re-plan the touched items at once.
    let act = move |indices: Vec<usize>, accept: bool| {
        let Some(p) = shown.get_untracked() else {
            return;
        };
        let all: Vec<PlanningLine> = p.lines().cloned().collect();
        let lines: Vec<PlanningLine> = indices
            .iter()
            .filter_map(|i| all.get(*i).cloned())
            .collect();
        if lines.is_empty() {
            return;
        }
        let command = if accept {
            let new_count = lines
                .iter()
                .filter(|l| l.action == mrp::Action::New)
                .count();
            let new_ids = store.with_untracked(|s| next_order_ids(s, new_count));
            MrpCommand::AcceptLines {
                lines: lines.clone(),
                new_ids,
            }
        } else {
            MrpCommand::RejectLines {
                lines: lines.clone(),
            }
        };
        let result = store.dispatch(Command::Mrp { command });
        let ok = result.is_ok();
        status.set(Some(outcome_text(lang.get_untracked(), &result)));
        if !ok {
            return;
        }
        let state = store.with_untracked(State::clone);
        let mut next = p;
        if accept {
            let items: BTreeSet<ItemId> = lines.iter().map(|l| l.item.clone()).collect();
            next = mrp::plan_net_change(&state, &next, &items, as_of, &[]);
        } else {
            // A rejected line leaves the data as it was; it only leaves the worksheet.
            for l in &lines {
                if let Some(ip) = next.items.get_mut(&l.item) {
                    ip.lines.retain(|x| x != l);
                }
            }
        }
        selected.set(BTreeSet::new());
        plan.set(Some(next));
        planned_from.set_value(Some(state));
    };

    let lines_csv = Signal::derive(move || {
        shown.with(|p| p.as_ref().map(csv_io::plan_lines_csv).unwrap_or_default())
    });

    view! {
        <div class="page-head">
            <h1>{move || t("planning")}</h1>
        </div>
        <p class="lead">{move || t("as_of")} ": " <span data-testid="as-of">{move || fmt_day(lang.get(), as_of)}</span></p>
        <div class="toolbar">
            <button type="button" on:click=regenerative
                disabled=move || matches!(run.get(), RunState::Running { .. })
                data-testid="run-regen">{move || t("run_regen")}</button>
            <button type="button" on:click=net_change
                disabled=move || plan.with(Option::is_none) || matches!(run.get(), RunState::Running { .. })
                data-testid="run-net">{move || t("run_net")}</button>
            <a class="button" href="/planning/import">{move || t("import")} " / " {move || t("export_csv")}</a>
            <span role="status" aria-live="polite" class="run-status" data-testid="run-status">
                {move || match run.get() {
                    RunState::Idle => t("no_plan").to_owned(),
                    RunState::Running { done, total } => format!("{} {done} / {total}", t("planning_busy")),
                    RunState::Done { items, lines } => format!("{items} {} · {lines} {}", t("items_planned"), t("lines")),
                }}
                {move || matches!(run.get(), RunState::Running { .. }).then(|| view! {
                    <progress max=move || match run.get() { RunState::Running { total, .. } => total.max(1), _ => 1 }
                        value=move || match run.get() { RunState::Running { done, .. } => done, _ => 0 }></progress>
                })}
            </span>
        </div>
        {move || status.get().map(|(ok, msg)| view! {
            <p class="notice" class:ok=ok class:bad=!ok role="status" data-testid="command-status">{msg}</p>
        })}
        <section aria-labelledby="lines-h">
            <h2 id="lines-h">{move || t("lines")}</h2>
            {move || plan.with(|p| p.is_some()).then(|| view! {
                <div class="toolbar">
                    <button type="button" data-testid="accept-selected"
                        disabled=move || selected.with(BTreeSet::is_empty)
                        on:click=move |_| act(selected.get_untracked().into_iter().collect(), true)>
                        {move || t("accept_selected")}</button>
                    <button type="button"
                        disabled=move || selected.with(BTreeSet::is_empty)
                        on:click=move |_| act(selected.get_untracked().into_iter().collect(), false)>
                        {move || t("reject_selected")}</button>
                    <CsvLink filename="planning-lines.csv" label=Signal::derive(|| t("export_csv")) csv=lines_csv />
                </div>
            })}
            {move || shown.get().map(|p| lines_table(&p, selected, act))}
            {move || shown.get().map(|p| diagnostics(&p))}
        </section>
        <PurchaseOrders />
        <LookAhead as_of=as_of />
        <PoChange as_of=as_of />
    }
}

fn supply_text(s: &Option<SupplyRef>) -> String {
    match s {
        Some(SupplyRef::Purchase(id)) => id.to_string(),
        Some(SupplyRef::Production(id)) => id.clone(),
        Some(SupplyRef::Scenario(i)) => format!("#{i}"),
        None => String::new(),
    }
}

fn lines_table(
    p: &Plan,
    selected: RwSignal<BTreeSet<usize>>,
    act: impl Fn(Vec<usize>, bool) + Copy + 'static,
) -> AnyView {
    let lang = use_lang();
    let lines: Vec<PlanningLine> = p.lines().cloned().collect();
    if lines.is_empty() {
        return view! { <p data-testid="no-lines">{move || t("no_lines")}</p> }.into_any();
    }
    let rows = lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let href = format!("/planning/items/{}", l.item);
            let item = l.item.to_string();
            let check_label = format!("{} {} {}", l.item, l.action.label(), l.qty);
            let orig_due = l.orig_due;
            let due = l.due;
            let reason = l.reason;
            view! {
                <tr data-testid="plan-line">
                    <td><input type="checkbox" aria-label=check_label
                        prop:checked=move || selected.with(|s| s.contains(&i))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| { if on { s.insert(i); } else { s.remove(&i); } });
                        } /></td>
                    <td><a href=href>{item}</a></td>
                    <td>{l.action.label()}</td>
                    <td>{supply_text(&l.supply)}</td>
                    <td>{move || orig_due.map(|d| fmt_day(lang.get(), d)).unwrap_or_default()}</td>
                    <td>{move || fmt_day(lang.get(), due)}</td>
                    <td class="num">{l.orig_qty.0}</td>
                    <td class="num" data-testid="line-qty">{l.qty.0}</td>
                    <td class="reason">{move || crate::i18n_msg::reason(lang.get(), &reason)}</td>
                    <td class="actions">
                        <button type="button" on:click=move |_| act(vec![i], true)>{move || t("accept")}</button>
                        <button type="button" on:click=move |_| act(vec![i], false)>{move || t("reject")}</button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="grid" data-testid="plan-lines">
                <thead><tr>
                    <th scope="col">{move || t("select")}</th>
                    <th scope="col">{move || t("item")}</th>
                    <th scope="col">{move || t("action")}</th>
                    <th scope="col">{move || t("supply")}</th>
                    <th scope="col">{move || t("orig_due")}</th>
                    <th scope="col">{move || t("due")}</th>
                    <th scope="col">{move || t("orig_qty")}</th>
                    <th scope="col">{move || t("qty")}</th>
                    <th scope="col">{move || t("reason")}</th>
                    <th scope="col"><span class="sr-only">{move || t("action")}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn diagnostics(p: &Plan) -> Option<AnyView> {
    let lang = use_lang().get_untracked();
    let d: Vec<String> = p
        .items
        .values()
        .flat_map(|ip: &ItemPlan| ip.diagnostics.iter())
        .map(|d| {
            format!(
                "{} · {}: {}",
                d.item,
                d.field,
                crate::i18n_msg::message_in(lang, &d.message)
            )
        })
        .collect();
    (!d.is_empty()).then(|| {
        view! {
            <h3>{move || t("diagnostics")}</h3>
            <ul class="diagnostics">{d.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
        }
        .into_any()
    })
}

/// Purchase orders with their planning flexibility.
#[component]
fn PurchaseOrders() -> impl IntoView {
    let store = use_store();
    let lang = use_lang();
    let csv = Signal::derive(move || store.with(csv_io::purchase_orders_csv));
    view! {
        <section aria-labelledby="po-h">
            <h2 id="po-h">{move || t("purchase_orders")}</h2>
            <CsvLink filename="purchase-orders.csv" label=Signal::derive(|| t("export_csv")) csv=csv />
            <div class="table-wrap" tabindex="0">
            <table class="grid" data-testid="purchase-orders">
                <thead><tr>
                    <th scope="col">{move || t("purchase_order")}</th>
                    <th scope="col">{move || t("vendor")}</th>
                    <th scope="col">{move || t("item")}</th>
                    <th scope="col">{move || t("qty")}</th>
                    <th scope="col">{move || t("received")}</th>
                    <th scope="col">{move || t("due")}</th>
                    <th scope="col">{move || t("flexibility")}</th>
                </tr></thead>
                <tbody>
                    {move || store.with(|s| s.purchase_orders.values().cloned().collect::<Vec<_>>())
                        .into_iter()
                        .map(|po| {
                            let frozen = po.flexibility == Flexibility::None;
                            view! {
                                <tr>
                                    <td>{po.id.to_string()}</td>
                                    <td>{po.vendor.clone()}</td>
                                    <td><a href=format!("/planning/items/{}", po.item)>{po.item.to_string()}</a></td>
                                    <td class="num">{po.qty.0}</td>
                                    <td class="num">{po.received.0}</td>
                                    <td>{fmt_day(lang.get(), po.due)}</td>
                                    <td class:frozen=frozen>{if frozen { t("flex_none") } else { t("flex_unlimited") }}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}

/// Items reaching their reorder point within a selectable horizon.
#[component]
fn LookAhead(as_of: Day) -> impl IntoView {
    let store = use_store();
    let lang = use_lang();
    let horizon = RwSignal::new(21i32);
    let warnings =
        Memo::new(move |_| store.with(|s| mrp::look_ahead_warnings(s, as_of, horizon.get(), &[])));
    let csv = Signal::derive(move || warnings.with(|w| csv_io::look_ahead_csv(w)));
    view! {
        <section aria-labelledby="la-h">
            <h2 id="la-h">{move || t("look_ahead")}</h2>
            <div class="toolbar">
                <label>{move || t("horizon")} " "
                    <input type="number" min="1" max="365" data-testid="horizon"
                        prop:value=move || horizon.get().to_string()
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<i32>() { horizon.set(v.clamp(1, 365)); }
                        } />
                </label>
                <CsvLink filename="look-ahead.csv" label=Signal::derive(|| t("export_csv")) csv=csv />
            </div>
            {move || {
                let w = warnings.get();
                if w.is_empty() {
                    return view! { <p>{move || t("no_warnings")}</p> }.into_any();
                }
                view! {
                    <div class="table-wrap" tabindex="0">
                    <table class="grid" data-testid="look-ahead">
                        <thead><tr>
                            <th scope="col">{move || t("item")}</th>
                            <th scope="col">{move || t("day")}</th>
                            <th scope="col">{move || t("projected")}</th>
                            <th scope="col">{move || t("reorder_point")}</th>
                        </tr></thead>
                        <tbody>{w.into_iter().map(|w| view! {
                            <tr>
                                <td><a href=format!("/planning/items/{}", w.item)>{w.item.to_string()}</a></td>
                                <td>{fmt_day(lang.get(), w.day)}</td>
                                <td class="num">{w.projected.0}</td>
                                <td class="num">{w.reorder_point.0}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// Pick a purchase order, type a new date / quantity, see the sales lines that would ship
/// late, and apply the change.
#[component]
fn PoChange(as_of: Day) -> impl IntoView {
    let store = use_store();
    let lang = use_lang();
    let po: RwSignal<Option<PurchaseOrderId>> = RwSignal::new(None);
    let new_due: RwSignal<Option<Day>> = RwSignal::new(None);
    let new_qty: RwSignal<Option<Qty>> = RwSignal::new(None);
    let status: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let late = Memo::new(move |_| {
        let Some(id) = po.get() else {
            return Vec::new();
        };
        store
            .with(|s| mrp::po_change_consequences(s, as_of, &id, new_due.get(), new_qty.get(), &[]))
    });
    let csv = Signal::derive(move || late.with(|l| csv_io::late_lines_csv(l)));
    let customer_of = move |order: &takt_engine::types::SalesOrderId| {
        store.with_untracked(|s| {
            s.sales_orders
                .get(order)
                .and_then(|o| s.customers.get(&o.customer).map(|c| c.name.clone()))
                .unwrap_or_default()
        })
    };
    let apply = move |_| {
        let Some(id) = po.get_untracked() else { return };
        let result = store.dispatch(Command::Mrp {
            command: MrpCommand::ChangePurchaseOrder {
                id,
                due: new_due.get_untracked(),
                qty: new_qty.get_untracked(),
            },
        });
        status.set(Some(outcome_text(lang.get_untracked(), &result)));
        if result.is_ok() {
            new_due.set(None);
            new_qty.set(None);
        }
    };
    view! {
        <section aria-labelledby="pc-h" class="po-change">
            <h2 id="pc-h">{move || t("po_change")}</h2>
            <div class="form-row">
                <label>{move || t("purchase_order")}
                    <select data-testid="po-select" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        po.set((!v.is_empty()).then(|| PurchaseOrderId::new(v)));
                        new_due.set(None);
                        new_qty.set(None);
                    }>
                        <option value="">{move || t("choose")}</option>
                        {move || store.with(|s| s.purchase_orders.values()
                            .map(|p| (p.id.to_string(), format!("{} · {} · {} · {}", p.id, p.item, p.qty, p.due)))
                            .collect::<Vec<_>>())
                            .into_iter()
                            .map(|(v, label)| view! { <option value=v>{label}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>{move || t("new_due")}
                    <input type="date" data-testid="po-new-due"
                        prop:value=move || new_due.get().map(|d| d.to_string()).unwrap_or_default()
                        on:change=move |ev| new_due.set(parse_day(&event_target_value(&ev))) />
                </label>
                <label>{move || t("new_qty")}
                    <input type="number" min="1" data-testid="po-new-qty"
                        prop:value=move || new_qty.get().map(|q| q.0.to_string()).unwrap_or_default()
                        on:change=move |ev| new_qty.set(event_target_value(&ev).parse::<i64>().ok().map(Qty)) />
                </label>
                <button type="button" data-testid="po-apply"
                    disabled=move || po.with(Option::is_none) || (new_due.with(Option::is_none) && new_qty.with(Option::is_none))
                    on:click=apply>{move || t("apply_change")}</button>
            </div>
            {move || status.get().map(|(ok, msg)| view! {
                <p class="notice" class:ok=ok class:bad=!ok role="status">{msg}</p>
            })}
            {move || po.with(Option::is_some).then(|| {
                let l = late.get();
                if l.is_empty() {
                    return view! { <p data-testid="no-late">{move || t("no_late_lines")}</p> }.into_any();
                }
                view! {
                    <h3>{move || t("late_lines")}</h3>
                    <CsvLink filename="late-sales-lines.csv" label=Signal::derive(|| t("export_csv")) csv=csv />
                    <div class="table-wrap" tabindex="0">
                    <table class="grid" data-testid="late-lines">
                        <thead><tr>
                            <th scope="col">{move || t("order")}</th>
                            <th scope="col">{move || t("line")}</th>
                            <th scope="col">{move || t("customer")}</th>
                            <th scope="col">{move || t("shipping_date")}</th>
                            <th scope="col">{move || t("qty")}</th>
                            <th scope="col">{move || t("covered_on")}</th>
                        </tr></thead>
                        <tbody>{l.into_iter().map(|x| view! {
                            <tr>
                                <td>{x.order.to_string()}</td>
                                <td class="num">{x.line}</td>
                                <td>{customer_of(&x.order)}</td>
                                <td>{fmt_day(lang.get(), x.shipping_date)}</td>
                                <td class="num">{x.qty.0}</td>
                                <td>{x.covered_on.map(|d| fmt_day(lang.get(), d)).unwrap_or_else(|| t("never").to_owned())}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                    </div>
                }.into_any()
            })}
        </section>
    }
}

/// `yyyy-mm-dd` from a date input.
pub fn parse_day(s: &str) -> Option<Day> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(Day::from_date)
}
