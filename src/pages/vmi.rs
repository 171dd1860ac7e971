//! Vendor-managed inventory: the planner's view (`/vmi`: planning data, customers' stock,
//! proposal runs, proposals to edit/delete/convert, customer alerts) and the customer's view
//! (`/vmi/customer/:id`: own stock with its history chart, proposals, deliveries on the way,
//! stock report form).

use crate::components::csv_link::CsvLink;
use crate::i18n::{fmt_date, fmt_datetime, fmt_day, fmt_int, fmt_qty, t, tr, use_lang};
use crate::i18n_msg;
use crate::ids;
use crate::store::{self, use_store};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::collections::{BTreeMap, BTreeSet};
use takt_engine::csv_io::{self, CsvKind};
use takt_engine::types::{CustomerId, ItemId, LocationId};
use takt_engine::vmi::{
    self, CustomerAlertKind, ProposalFilter, ProposalId, ProposalStatus, SalesOrgId, Selection,
    StockPoint, StockReport, VmiCommand,
};
use takt_engine::{Command, Day, Qty};

/// Provided by the sign-in when the signed-in user is a customer: `/vmi` then shows that
/// customer's view instead of the planner's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedInCustomer(pub CustomerId);

/// The `/vmi` route.
#[component]
pub fn Vmi() -> impl IntoView {
    // A customer user sees their own view: from the context (tests) or from the session.
    let customer = use_context::<SignedInCustomer>().map(|c| c.0).or_else(|| {
        crate::store::use_store().session().and_then(|s| {
            (s.user.role == crate::session::Role::Customer)
                .then(|| {
                    s.user
                        .customers
                        .first()
                        .map(|c| CustomerId::new(c.as_str()))
                })
                .flatten()
        })
    });
    match customer {
        Some(c) => view! { <VmiCustomerView customer=c /> }.into_any(),
        None => view! { <VmiPlanner /> }.into_any(),
    }
}

/// The `/vmi/customer/:id` route.
#[component]
pub fn VmiCustomerRoute() -> impl IntoView {
    let params = use_params_map();
    let store = crate::store::use_store();
    move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        // A customer user opens only their own customers' pages, by the session the server
        // confirmed (see `Store::trusted_session`), whatever the URL says.
        let allowed = store.session().is_none_or(|s| {
            s.user.role != crate::session::Role::Customer || s.user.customers.contains(&id)
        });
        if !allowed {
            return view! {
                <h1>{move || t("vmi.customer_view")}</h1>
                <p data-testid="not-yours">{move || t("vmi.unknown_customer")}</p>
            }
            .into_any();
        }
        view! { <VmiCustomerView customer=CustomerId::new(id) /> }.into_any()
    }
}

fn pstatus_key(s: ProposalStatus) -> &'static str {
    match s {
        ProposalStatus::New => "vmi.pstatus.new",
        ProposalStatus::Edited => "vmi.pstatus.edited",
        ProposalStatus::Accepted => "vmi.pstatus.accepted",
        ProposalStatus::Converted => "vmi.pstatus.converted",
        ProposalStatus::Deleted => "vmi.pstatus.deleted",
    }
}

fn alert_key(k: CustomerAlertKind) -> &'static str {
    match k {
        CustomerAlertKind::OutOfStock => "vmi.alert.out_of_stock",
        CustomerAlertKind::BelowMinimum => "vmi.alert.below_minimum",
        CustomerAlertKind::AboveFillUp => "vmi.alert.above_fill_up",
    }
}

/// "A, B ,C" → ["A", "B", "C"].
fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

fn n(l: crate::i18n::Lang, x: usize) -> String {
    fmt_int(l, i64::try_from(x).unwrap_or(i64::MAX))
}

/// Outcome line shown after a dispatch.
fn show(
    r: Result<takt_engine::state::Applied, takt_engine::Rejection>,
    l: crate::i18n::Lang,
) -> String {
    match r {
        Ok(a) => format!("{}: {}", tr(l, "common.done"), i18n_msg::applied(l, &a)),
        Err(e) => format!(
            "{}: {}",
            tr(l, "common.rejected"),
            i18n_msg::rejection(l, &e)
        ),
    }
}

/// The selection form's fields.
#[derive(Debug, Clone, Default, PartialEq)]
struct SelForm {
    sales_org: String,
    articles: String,
    customers: String,
    planners: String,
    classes: [String; 5],
    as_of: String,
}

impl SelForm {
    fn selection(&self) -> Selection {
        let mut sel = Selection::all(SalesOrgId::new(self.sales_org.trim()));
        sel.articles = split_list(&self.articles)
            .into_iter()
            .map(ItemId::new)
            .collect();
        sel.customers = split_list(&self.customers)
            .into_iter()
            .map(CustomerId::new)
            .collect();
        sel.planners = split_list(&self.planners);
        for (i, c) in self.classes.iter().enumerate() {
            let v = split_list(c);
            if !v.is_empty() {
                sel.classifications.insert(i as u8 + 1, v);
            }
        }
        sel
    }

    fn as_of(&self, fallback: Day) -> Day {
        chrono::NaiveDate::parse_from_str(&self.as_of, "%Y-%m-%d")
            .map(Day::from_date)
            .unwrap_or(fallback)
    }
}

/// The planner's VMI screen. `as_of` fixes today (tests); otherwise the browser clock.
#[component]
pub fn VmiPlanner(#[prop(optional)] as_of: Option<Day>) -> impl IntoView {
    let lang_sig = use_lang();
    let store = use_store();
    let today = as_of.unwrap_or_else(store::today);
    let first_org = store.with_untracked(|s| {
        s.vmi
            .sales_orgs
            .keys()
            .next()
            .map(|o| o.to_string())
            .unwrap_or_default()
    });
    let form = RwSignal::new(SelForm {
        sales_org: first_org,
        as_of: today
            .date()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        ..SelForm::default()
    });
    let message = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<String>);
    let selected = RwSignal::new(BTreeSet::<ProposalId>::new());
    let edits = RwSignal::new(BTreeMap::<ProposalId, (String, String)>::new());

    let orgs = move || {
        store.with(|s| {
            s.vmi
                .sales_orgs
                .keys()
                .map(|o| o.to_string())
                .collect::<Vec<_>>()
        })
    };

    let do_preview = move |_| {
        let l = lang_sig.get();
        let f = form.get_untracked();
        let text = store.with_untracked(|s| {
            match vmi::compute_proposals(s, &f.selection(), f.as_of(today)) {
                Ok(run) => format!(
                    "{} {} · {}",
                    n(l, run.drafts.len()),
                    tr(l, "vmi.drafts"),
                    run.drafts
                        .iter()
                        .map(|d| format!("{}/{}: {}", d.customer, d.article, fmt_qty(l, d.qty)))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                Err(e) => format!(
                    "{}: {}",
                    tr(l, "common.rejected"),
                    i18n_msg::rejection(l, &e)
                ),
            }
        });
        preview.set(Some(text));
    };
    let do_generate = move |_| {
        let f = form.get_untracked();
        let (id_prefix, first_number) = store.with_untracked(ids::next_proposal_numbers);
        let r = store.dispatch(Command::Vmi {
            command: VmiCommand::GenerateProposals {
                selection: f.selection(),
                as_of: f.as_of(today),
                id_prefix,
                first_number,
            },
        });
        message.set(show(r, lang_sig.get()));
    };
    let do_delete = move |_| {
        let ids: Vec<ProposalId> = selected.get_untracked().into_iter().collect();
        let r = store.dispatch(Command::Vmi {
            command: VmiCommand::DeleteProposals { ids },
        });
        if r.is_ok() {
            selected.set(BTreeSet::new());
        }
        message.set(show(r, lang_sig.get()));
    };
    let do_convert = move |_| {
        let ids: Vec<ProposalId> = selected.get_untracked().into_iter().collect();
        let order_ids = store.with_untracked(|s| {
            let customers = ids
                .iter()
                .filter_map(|i| s.vmi.proposals.get(i))
                .map(|p| p.customer.clone());
            ids::sales_order_ids(s, customers)
        });
        let r = store.dispatch(Command::Vmi {
            command: VmiCommand::ConvertProposals { ids, order_ids },
        });
        if r.is_ok() {
            selected.set(BTreeSet::new());
        }
        message.set(show(r, lang_sig.get()));
    };
    let save_edit = move |id: ProposalId| {
        let (q, d) = edits
            .with_untracked(|e| e.get(&id).cloned())
            .unwrap_or_default();
        let qty = q.trim().parse::<i64>().ok().map(Qty);
        let delivery_date = chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
            .ok()
            .map(Day::from_date);
        let r = store.dispatch(Command::Vmi {
            command: VmiCommand::EditProposal {
                id: id.clone(),
                qty,
                delivery_date,
            },
        });
        if r.is_ok() {
            edits.update(|e| {
                e.remove(&id);
            });
        }
        message.set(show(r, lang_sig.get()));
    };

    let text_field = move |key: &'static str,
                           get: fn(&SelForm) -> String,
                           set: fn(&mut SelForm, String),
                           testid: &'static str| {
        view! {
            <label class="field">
                <span>{move || t(key)}</span>
                <input type="text" data-testid=testid
                    prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); } />
            </label>
        }
    };

    view! {
        <h1>{move || t("vmi.title")}</h1>
        <p class="result" role="status" aria-live="polite" data-testid="vmi-message">{move || message.get()}</p>

        <section class="panel" aria-labelledby="vmi-planning-h">
            <h2 id="vmi-planning-h">{move || t("vmi.planning")}</h2>
            <div class="table-wrap" tabindex="0">
            <table data-testid="vmi-planning">
                <thead><tr>
                    <th scope="col">{move || t("vmi.sales_org")}</th>
                    <th scope="col">{move || t("common.customer")}</th>
                    <th scope="col">{move || t("common.article")}</th>
                    <th scope="col" class="num">{move || t("vmi.reorder_point")}</th>
                    <th scope="col" class="num">{move || t("vmi.min_stock")}</th>
                    <th scope="col" class="num">{move || t("vmi.fill_up")}</th>
                    <th scope="col" class="num">{move || t("vmi.lot_size")}</th>
                    <th scope="col">{move || t("common.planner")}</th>
                    <th scope="col">{move || t("common.location")}</th>
                    <th scope="col" class="num">{move || t("vmi.lead_time")}</th>
                    <th scope="col" class="num">{move || t("vmi.unreserved")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let l = lang_sig.get();
                        store.with(|s| {
                            if s.vmi.planning.is_empty() {
                                return view! { <tr><td colspan="11">{tr(l, "vmi.no_planning")}</td></tr> }.into_any();
                            }
                            s.vmi.planning.values().map(|p| {
                                let stock = s.vmi.stock
                                    .get(&(p.customer.clone(), p.article.clone(), p.storage_location.clone()))
                                    .and_then(|c| c.current())
                                    .map(|c| fmt_qty(l, c.unreserved()))
                                    .unwrap_or_else(|| "—".to_owned());
                                view! {
                                    <tr>
                                        <td>{p.sales_org.to_string()}</td>
                                        <td>{p.customer.to_string()}</td>
                                        <td>{p.article.to_string()}</td>
                                        <td class="num">{fmt_qty(l, p.reorder_point)}</td>
                                        <td class="num">{fmt_qty(l, p.min_stock)}</td>
                                        <td class="num">{fmt_qty(l, p.fill_up)}</td>
                                        <td class="num">{fmt_qty(l, p.lot_size)}</td>
                                        <td>{p.planner.clone()}</td>
                                        <td>{p.storage_location.to_string()}</td>
                                        <td class="num">{p.lead_time_days}</td>
                                        <td class="num">{stock}</td>
                                    </tr>
                                }
                            }).collect_view().into_any()
                        })
                    }}
                </tbody>
            </table>
            </div>
            <CsvLink filename="customer-articles.csv" label=Signal::derive(|| t("export_csv"))
                csv=Signal::derive(move || store.with_untracked(|s| csv_io::export(CsvKind::CustomerArticles, s))) />
        </section>

        <section class="panel" aria-labelledby="vmi-stock-h">
            <h2 id="vmi-stock-h">{move || t("vmi.stock")}</h2>
            <StockTable customer=None />
        </section>

        <section class="panel" aria-labelledby="vmi-gen-h">
            <h2 id="vmi-gen-h">{move || t("vmi.generate")}</h2>
            <form class="selection" on:submit=move |ev| ev.prevent_default()>
                <label class="field">
                    <span>{move || t("vmi.sales_org")}</span>
                    <select data-testid="sel-org" prop:value=move || form.with(|f| f.sales_org.clone())
                        on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.sales_org = v); }>
                        <option value="">"—"</option>
                        {move || orgs().into_iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
                    </select>
                </label>
                {text_field("vmi.articles", |f| f.articles.clone(), |f, v| f.articles = v, "sel-articles")}
                {text_field("vmi.customers", |f| f.customers.clone(), |f, v| f.customers = v, "sel-customers")}
                {text_field("vmi.planners", |f| f.planners.clone(), |f, v| f.planners = v, "sel-planners")}
                {(0..5usize).map(|i| view! {
                    <label class="field">
                        <span>{move || t("vmi.classification")}" "{i + 1}</span>
                        <input type="text" data-testid=format!("sel-class{}", i + 1)
                            prop:value=move || form.with(|f| f.classes[i].clone())
                            on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.classes[i] = v); } />
                    </label>
                }).collect_view()}
                <label class="field">
                    <span>{move || t("vmi.as_of")}</span>
                    <input type="date" data-testid="sel-as-of" prop:value=move || form.with(|f| f.as_of.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.as_of = v); } />
                </label>
                <p class="hint">{move || t("vmi.list_hint")}</p>
                <div class="buttons">
                    <button type="button" data-testid="vmi-preview" on:click=do_preview>{move || t("vmi.preview")}</button>
                    <button type="button" class="primary" data-testid="vmi-generate" on:click=do_generate>{move || t("vmi.run")}</button>
                </div>
                <p data-testid="vmi-preview-text">{move || preview.get()}</p>
            </form>
        </section>

        <section class="panel" aria-labelledby="vmi-prop-h">
            <h2 id="vmi-prop-h">{move || t("vmi.proposals")}</h2>
            <div class="table-wrap" tabindex="0">
            <table data-testid="vmi-proposals">
                <thead><tr>
                    <th scope="col"><span class="visually-hidden">{move || t("common.select")}</span></th>
                    <th scope="col">{move || t("vmi.proposal")}</th>
                    <th scope="col">{move || t("common.customer")}</th>
                    <th scope="col">{move || t("common.article")}</th>
                    <th scope="col" class="num">{move || t("common.qty")}</th>
                    <th scope="col">{move || t("vmi.delivery_date")}</th>
                    <th scope="col">{move || t("common.status")}</th>
                    <th scope="col"></th>
                </tr></thead>
                <tbody>
                    {move || {
                        let l = lang_sig.get();
                        let filter = open_proposals(None);
                        store.with(|s| {
                            let list = vmi::list_proposals(s, &filter);
                            if list.is_empty() {
                                return view! { <tr><td colspan="8">{tr(l, "vmi.no_proposals")}</td></tr> }.into_any();
                            }
                            list.into_iter().map(|p| {
                                let id = p.id.clone();
                                let (id1, id2, id3, id4) = (id.clone(), id.clone(), id.clone(), id.clone());
                                let qty0 = p.qty.0.to_string();
                                let date0 = p.delivery_date.date().map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
                                let is_sel = selected.with_untracked(|s| s.contains(&id));
                                view! {
                                    <tr data-proposal=id.to_string()>
                                        <td><input type="checkbox" prop:checked=is_sel
                                            aria-label=format!("{} {}", tr(l, "common.select"), id)
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let id = id1.clone();
                                                selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                                            } /></td>
                                        <td>{id.to_string()}</td>
                                        <td>{p.customer.to_string()}</td>
                                        <td>{p.article.to_string()}</td>
                                        <td class="num">
                                            <input type="number" class="qty" data-testid="proposal-qty"
                                                aria-label=format!("{} {}", tr(l, "common.qty"), id)
                                                value=qty0.clone()
                                                on:input=move |ev| {
                                                    let v = event_target_value(&ev);
                                                    let id = id2.clone();
                                                    let d0 = date0.clone();
                                                    edits.update(|e| { e.entry(id).or_insert((String::new(), d0)).0 = v; });
                                                } />
                                            <span class="visually-hidden">{fmt_qty(l, p.qty)}</span>
                                        </td>
                                        <td>
                                            <input type="date" aria-label=format!("{} {}", tr(l, "vmi.delivery_date"), id)
                                                value=p.delivery_date.date().map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
                                                on:input=move |ev| {
                                                    let v = event_target_value(&ev);
                                                    let id = id3.clone();
                                                    let q0 = qty0.clone();
                                                    edits.update(|e| { e.entry(id).or_insert((q0, String::new())).1 = v; });
                                                } />
                                        </td>
                                        <td>{tr(l, pstatus_key(p.status))}</td>
                                        <td><button type="button" data-testid="proposal-save" on:click=move |_| save_edit(id4.clone())>{tr(l, "common.save")}</button></td>
                                    </tr>
                                }
                            }).collect_view().into_any()
                        })
                    }}
                </tbody>
            </table>
            </div>
            <div class="buttons">
                <span>{move || n(lang_sig.get(), selected.with(BTreeSet::len))}" "{move || t("common.selected")}</span>
                <button type="button" data-testid="vmi-delete" disabled=move || selected.with(BTreeSet::is_empty) on:click=do_delete>{move || t("common.delete")}</button>
                <button type="button" class="primary" data-testid="vmi-convert" disabled=move || selected.with(BTreeSet::is_empty) on:click=do_convert>{move || t("vmi.convert")}</button>
                <CsvLink filename="sales-proposals.csv" label=Signal::derive(|| t("export_csv"))
                    csv=Signal::derive(move || store.with_untracked(|s| csv_io::vmi_proposals_csv(vmi::list_proposals(s, &open_proposals(None))))) />
            </div>
        </section>

        <section class="panel" aria-labelledby="vmi-alerts-h">
            <h2 id="vmi-alerts-h">{move || t("vmi.alerts")}</h2>
            {move || {
                let f = form.get();
                view! { <AlertList selection=f.selection() as_of=f.as_of(today) /> }
            }}
        </section>
    }
}

/// The proposals the lists show: not yet converted or deleted, of one customer or all.
fn open_proposals(customer: Option<&CustomerId>) -> ProposalFilter {
    ProposalFilter {
        customers: customer.into_iter().cloned().collect(),
        statuses: vec![
            ProposalStatus::New,
            ProposalStatus::Edited,
            ProposalStatus::Accepted,
        ],
        ..ProposalFilter::default()
    }
}

/// Customer alerts for a selection.
#[component]
fn AlertList(selection: Selection, as_of: Day) -> impl IntoView {
    let lang_sig = use_lang();
    let store = use_store();
    move || {
        let l = lang_sig.get();
        // No organisation chosen yet: nothing to check (not an error to show).
        if selection.sales_org.as_str().is_empty() {
            return view! { <p data-testid="vmi-alerts">{tr(l, "vmi.no_alerts")}</p> }.into_any();
        }
        store.with(|s| match vmi::customer_alerts(s, &selection, as_of) {
            Err(e) => view! { <p>{i18n_msg::rejection(l, &e)}</p> }.into_any(),
            Ok(a) if a.is_empty() => view! { <p data-testid="vmi-alerts">{tr(l, "vmi.no_alerts")}</p> }.into_any(),
            Ok(a) => view! {
                <CsvLink filename="vmi-alerts.csv" label=Signal::derive(|| t("export_csv"))
                    csv=Signal::derive({
                        let selection = selection.clone();
                        move || store.with_untracked(|s| {
                            vmi::customer_alerts(s, &selection, as_of)
                                .map(|a| csv_io::customer_alerts_csv(&a))
                                .unwrap_or_default()
                        })
                    }) />
                <ul class="alerts" data-testid="vmi-alerts">
                    {a.iter().map(|x| view! {
                        <li class="alert" data-kind=tr(crate::i18n::Lang::En, alert_key(x.kind))>
                            <strong>{x.customer.to_string()}" / "{x.article.to_string()}": "{tr(l, alert_key(x.kind))}</strong>
                            " — "{tr(l, "vmi.unreserved")}" "{fmt_qty(l, x.unreserved)}
                            " · "{tr(l, "vmi.projected")}" "{fmt_qty(l, x.projected)}" ("{fmt_day(l, x.date)}")"
                            " · "{tr(l, "vmi.min_stock")}" "{fmt_qty(l, x.min_stock)}
                            " · "{tr(l, "vmi.fill_up")}" "{fmt_qty(l, x.fill_up)}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any(),
        })
    }
}

/// Customer stock, all customers or one.
#[component]
fn StockTable(customer: Option<CustomerId>) -> impl IntoView {
    let lang_sig = use_lang();
    let store = use_store();
    let customer_csv = customer.clone();
    view! {
        <div class="table-wrap" tabindex="0">
        <table data-testid="vmi-stock">
            <thead><tr>
                <th scope="col">{move || t("common.customer")}</th>
                <th scope="col">{move || t("common.article")}</th>
                <th scope="col">{move || t("common.location")}</th>
                <th scope="col" class="num">{move || t("common.qty")}</th>
                <th scope="col" class="num">{move || t("vmi.reserved")}</th>
                <th scope="col" class="num">{move || t("vmi.unreserved")}</th>
                <th scope="col">{move || t("vmi.reported_at")}</th>
            </tr></thead>
            <tbody>
                {move || {
                    let l = lang_sig.get();
                    store.with(|s| {
                        let rows: Vec<_> = s.vmi.stock.values()
                            .filter(|c| customer.as_ref().is_none_or(|x| &c.customer == x))
                            .filter_map(|c| Some((c, c.current()?)))
                            .collect();
                        if rows.is_empty() {
                            return view! { <tr><td colspan="7">{tr(l, "vmi.no_stock")}</td></tr> }.into_any();
                        }
                        rows.into_iter().map(|(c, p)| view! {
                            <tr>
                                <td>{c.customer.to_string()}</td>
                                <td>{c.article.to_string()}</td>
                                <td>{c.location.to_string()}</td>
                                <td class="num">{fmt_qty(l, p.qty)}</td>
                                <td class="num">{fmt_qty(l, p.reserved)}</td>
                                <td class="num" data-testid="stock-unreserved">{fmt_qty(l, p.unreserved())}</td>
                                <td>{fmt_datetime(l, p.as_of.naive_utc())}</td>
                            </tr>
                        }).collect_view().into_any()
                    })
                }}
            </tbody>
        </table>
        </div>
        <CsvLink filename="vmi-stock.csv" label=Signal::derive(|| t("export_csv"))
            csv=Signal::derive(move || store.with_untracked(|s| csv_io::customer_stock_csv(s, customer_csv.as_ref()))) />
    }
}

/// Texts of a history chart: its accessible title, the dates under the first and last point,
/// the highest value on the axis and the legend.
struct ChartText {
    title: String,
    first: String,
    last: String,
    max: String,
    qty: String,
    unreserved: String,
}

/// Stock history of one customer article as an SVG line chart (qty and unreserved) with its
/// time axis (first and last report date) and a legend.
fn history_svg(points: &[(i64, i64, i64)], text: &ChartText) -> String {
    // (timestamp seconds, qty, unreserved)
    let (w, h, left, right, top, bottom) = (320.0_f64, 150.0_f64, 40.0, 12.0, 22.0, 26.0);
    if points.is_empty() {
        return String::new();
    }
    let t0 = points.iter().map(|p| p.0).min().unwrap_or(0) as f64;
    let t1 = points.iter().map(|p| p.0).max().unwrap_or(0) as f64;
    let vmax = points
        .iter()
        .map(|p| p.1.max(p.2))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let x = |t: i64| {
        if t1 > t0 {
            left + (t as f64 - t0) / (t1 - t0) * (w - left - right)
        } else {
            (left + w - right) / 2.0
        }
    };
    let base = h - bottom;
    let y = |v: i64| base - (v.max(0) as f64) / vmax * (base - top);
    let line = |f: fn(&(i64, i64, i64)) -> i64| {
        points
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(p.0), y(f(p))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let dots: String = points
        .iter()
        .map(|p| {
            format!(
                r#"<circle cx="{:.1}" cy="{:.1}" r="3" class="dot"/>"#,
                x(p.0),
                y(p.1)
            )
        })
        .collect();
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('"', "&quot;")
    };
    format!(
        concat!(
            r#"<svg viewBox="0 0 {w} {h}" role="img" aria-label="{title}" class="chart">"#,
            r#"<line x1="{left}" y1="{base}" x2="{r}" y2="{base}" class="axis"/>"#,
            r#"<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" class="axis"/>"#,
            r#"<text x="{lx}" y="{ty}" class="tick" text-anchor="end">{max}</text>"#,
            r#"<text x="{lx}" y="{base}" class="tick" text-anchor="end">0</text>"#,
            r#"<text x="{left}" y="{dy}" class="tick">{first}</text>"#,
            r#"<text x="{r}" y="{dy}" class="tick" text-anchor="end">{last}</text>"#,
            r#"<line x1="{left}" y1="9" x2="{l2}" y2="9" class="qty"/><text x="{l3}" y="12" class="tick">{lq}</text>"#,
            r#"<line x1="{m1}" y1="9" x2="{m2}" y2="9" class="unreserved"/><text x="{m3}" y="12" class="tick">{lu}</text>"#,
            r#"<polyline points="{q}" class="qty"/><polyline points="{u}" class="unreserved"/>{dots}</svg>"#
        ),
        w = w,
        h = h,
        left = left,
        top = top,
        base = base,
        dots = dots,
        title = esc(&text.title),
        max = esc(&text.max),
        first = esc(&text.first),
        last = esc(&text.last),
        lq = esc(&text.qty),
        lu = esc(&text.unreserved),
        r = w - right,
        lx = left - 4.0,
        ty = top + 4.0,
        dy = h - 8.0,
        l2 = left + 18.0,
        l3 = left + 22.0,
        m1 = left + 120.0,
        m2 = left + 138.0,
        m3 = left + 142.0,
        q = line(|p| p.1),
        u = line(|p| p.2),
    )
}

/// The customer's own VMI view. Whether the customer is known follows the store: right after
/// a sign-in or a reload the local data arrives after the page is drawn.
#[component]
pub fn VmiCustomerView(
    customer: CustomerId,
    #[prop(optional)] as_of: Option<Day>,
) -> impl IntoView {
    let store = use_store();
    let c = customer.clone();
    let known = Memo::new(move |_| {
        store.with(|s| s.customers.contains_key(&c) || s.vmi.planning.keys().any(|k| k.1 == c))
    });
    move || {
        if known.get() {
            view! { <CustomerBody customer=customer.clone() as_of=as_of /> }.into_any()
        } else {
            view! {
                <h1>{move || t("vmi.customer_view")}</h1>
                <p>{move || t("vmi.unknown_customer")}</p>
            }
            .into_any()
        }
    }
}

/// The customer view of a known customer.
#[component]
fn CustomerBody(customer: CustomerId, as_of: Option<Day>) -> impl IntoView {
    let lang_sig = use_lang();
    let store = use_store();
    // Reserved for the customer's own alerts; the report itself carries the clock's time.
    let _today = as_of.unwrap_or_else(store::today);
    let message = RwSignal::new(String::new());
    let name = store.with_untracked(|s| {
        s.customers
            .get(&customer)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| customer.to_string())
    });
    // Report form: article/location from the customer's planning data.
    let targets = {
        let c = customer.clone();
        store.with_untracked(|s| {
            let mut v: Vec<(ItemId, LocationId)> = s
                .vmi
                .planning
                .values()
                .filter(|p| p.customer == c)
                .map(|p| (p.article.clone(), p.storage_location.clone()))
                .collect();
            v.sort();
            v.dedup();
            v
        })
    };
    let target = RwSignal::new(0usize);
    let qty = RwSignal::new(String::new());
    let reserved = RwSignal::new(String::from("0"));
    let targets_submit = targets.clone();
    let cust_submit = customer.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang_sig.get();
        let Some((article, location)) = targets_submit.get(target.get_untracked()).cloned() else {
            return;
        };
        let (Ok(q), Ok(r)) = (
            qty.get_untracked().trim().parse::<i64>(),
            reserved.get_untracked().trim().parse::<i64>(),
        ) else {
            message.set(format!(
                "{}: {}",
                tr(l, "common.rejected"),
                tr(l, "common.qty")
            ));
            return;
        };
        #[allow(clippy::disallowed_methods)] // the app owns the clock
        let now = chrono::Utc::now();
        let r = store.dispatch(Command::Vmi {
            command: VmiCommand::ReportStock {
                reports: vec![StockReport {
                    customer: cust_submit.clone(),
                    article,
                    location,
                    qty: Qty(q),
                    reserved: Qty(r),
                    as_of: now,
                }],
            },
        });
        message.set(show(r, l));
    };
    let c_chart = customer.clone();
    let c_prop = customer.clone();
    let c_prop_csv = customer.clone();
    let c_way = customer.clone();
    let c_way_csv = customer.clone();
    view! {
        <h1>{move || t("vmi.customer_view")}" — "{name.clone()}</h1>
        <p class="result" role="status" aria-live="polite" data-testid="vmi-message">{move || message.get()}</p>
        <section class="panel" aria-labelledby="vmi-cstock-h">
            <h2 id="vmi-cstock-h">{move || t("vmi.current_stock")}</h2>
            <StockTable customer=Some(customer.clone()) />
        </section>
        <section class="panel" aria-labelledby="vmi-hist-h">
            <h2 id="vmi-hist-h">{move || t("vmi.history")}</h2>
            <div class="charts" data-testid="vmi-charts">
                {move || {
                    let l = lang_sig.get();
                    store.with(|s| {
                        s.vmi.stock.values().filter(|c| c.customer == c_chart).map(|c| {
                            let pts: Vec<(i64, i64, i64)> = c.history.iter()
                                .map(|p| (p.as_of.timestamp(), p.qty.0, p.unreserved().0))
                                .collect();
                            let date_of = |p: Option<&StockPoint>| {
                                p.map(|p| fmt_date(l, p.as_of.date_naive())).unwrap_or_default()
                            };
                            let vmax = pts.iter().map(|p| p.1.max(p.2)).max().unwrap_or(0).max(1);
                            let text = ChartText {
                                title: format!("{} {} / {}", tr(l, "vmi.history"), c.article, c.location),
                                first: date_of(c.history.first()),
                                last: date_of(c.history.last()),
                                max: fmt_int(l, vmax),
                                qty: tr(l, "common.qty").to_owned(),
                                unreserved: tr(l, "vmi.unreserved").to_owned(),
                            };
                            let svg = history_svg(&pts, &text);
                            view! {
                                <figure class="chart-fig">
                                    <figcaption>{c.article.to_string()}" · "{c.location.to_string()}" · "{n(l, pts.len())}</figcaption>
                                    <div inner_html=svg></div>
                                </figure>
                            }
                        }).collect_view()
                    })
                }}
            </div>
        </section>
        <section class="panel" aria-labelledby="vmi-cprop-h">
            <h2 id="vmi-cprop-h">{move || t("vmi.proposals")}</h2>
            <ul data-testid="vmi-customer-proposals">
                {move || {
                    let l = lang_sig.get();
                    let filter = open_proposals(Some(&c_prop));
                    store.with(|s| {
                        let list = vmi::list_proposals(s, &filter);
                        if list.is_empty() {
                            return view! { <li>{tr(l, "vmi.no_proposals")}</li> }.into_any();
                        }
                        list.into_iter().map(|p| {
                            let id = p.id.clone();
                            let cust = p.customer.clone();
                            let can_accept = p.status != ProposalStatus::Accepted;
                            view! {
                                <li>
                                    {p.id.to_string()}": "{p.article.to_string()}" · "{fmt_qty(l, p.qty)}" · "{fmt_day(l, p.delivery_date)}" · "{tr(l, pstatus_key(p.status))}" "
                                    {can_accept.then(|| view! {
                                        <button type="button" on:click=move |_| {
                                            let r = store.dispatch(Command::Vmi { command: VmiCommand::AcceptProposal { id: id.clone(), customer: cust.clone() } });
                                            message.set(show(r, lang_sig.get()));
                                        }>{tr(l, "vmi.accept")}</button>
                                    })}
                                </li>
                            }
                        }).collect_view().into_any()
                    })
                }}
            </ul>
            <CsvLink filename="sales-proposals.csv" label=Signal::derive(|| t("export_csv"))
                csv=Signal::derive({
                    let c = c_prop_csv.clone();
                    move || store.with_untracked(|s| csv_io::vmi_proposals_csv(vmi::list_proposals(s, &open_proposals(Some(&c)))))
                }) />
        </section>
        <section class="panel" aria-labelledby="vmi-way-h">
            <h2 id="vmi-way-h">{move || t("vmi.on_the_way")}</h2>
            <ul data-testid="vmi-on-the-way">
                {move || {
                    let l = lang_sig.get();
                    store.with(|s| {
                        let lines: Vec<String> = vmi::on_the_way(s, &c_way)
                            .into_iter()
                            .map(|x| format!("{} · {}: {} · {}", x.order, x.item, fmt_qty(l, x.open), fmt_day(l, x.shipping_date)))
                            .collect();
                        if lines.is_empty() {
                            return view! { <li>{tr(l, "vmi.nothing_on_the_way")}</li> }.into_any();
                        }
                        lines.into_iter().map(|x| view! { <li>{x}</li> }).collect_view().into_any()
                    })
                }}
            </ul>
            <CsvLink filename="on-the-way.csv" label=Signal::derive(|| t("export_csv"))
                csv=Signal::derive({
                    let c = c_way_csv.clone();
                    move || store.with_untracked(|s| csv_io::on_the_way_csv(&vmi::on_the_way(s, &c)))
                }) />
        </section>
        <section class="panel" aria-labelledby="vmi-report-h">
            <h2 id="vmi-report-h">{move || t("vmi.report")}</h2>
            <form class="selection" on:submit=submit data-testid="vmi-report-form">
                <label class="field">
                    <span>{move || t("common.article")}</span>
                    <select on:change=move |ev| target.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {targets.iter().enumerate().map(|(i, (a, loc))| view! {
                            <option value=i.to_string()>{format!("{a} · {loc}")}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{move || t("common.qty")}</span>
                    <input type="number" min="0" required data-testid="report-qty" prop:value=move || qty.get()
                        on:input=move |ev| qty.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>{move || t("vmi.reserved")}</span>
                    <input type="number" min="0" data-testid="report-reserved" prop:value=move || reserved.get()
                        on:input=move |ev| reserved.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="primary" data-testid="report-submit">{move || t("vmi.send_report")}</button>
            </form>
        </section>
    }
    .into_any()
}
