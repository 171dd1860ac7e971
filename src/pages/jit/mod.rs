//! The JIT monitor (`/jit`): status counts, progress per day, alerts with reason and action,
//! the filtered, virtualised call list with selection and lifecycle steps; the call detail
//! (`/jit/calls/:id`) lives in [`detail`].

pub mod actions;
pub mod detail;
pub mod edi_import;

use crate::components::csv_link::CsvLink;
use crate::i18n::{fmt_date, fmt_datetime, fmt_int, lang, t};
use crate::store::{self, use_store};
use actions::{ActionBar, StepResult};
use chrono::{NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use std::collections::{BTreeSet, HashSet};
use takt_engine::jit::model::{CallStatus, CallType, JitCall};
use takt_engine::jit::monitor::{Alert, AlertKind};
use takt_engine::jit::{self};
use takt_engine::types::IdStr;

pub use detail::{JitCallDetail, JitCallView};

/// Height of one list row in pixels (fixed: the virtual list computes positions from it).
pub const ROW_HEIGHT: usize = 40;
/// Height of the list viewport in pixels.
pub const VIEW_HEIGHT: usize = 480;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 5;
/// Alerts and progress rows shown at most (the rest are counted).
const MAX_SHOWN: usize = 100;

/// i18n key of a call status.
pub fn status_key(s: CallStatus) -> &'static str {
    match s {
        CallStatus::Received => "status.received",
        CallStatus::ReleasedToProduction => "status.released_to_production",
        CallStatus::ProductionConfirmed => "status.production_confirmed",
        CallStatus::ReleasedForPacking => "status.released_for_packing",
        CallStatus::Packed => "status.packed",
        CallStatus::DeliveryCreated => "status.delivery_created",
        CallStatus::Picked => "status.picked",
        CallStatus::GoodsIssued => "status.goods_issued",
        CallStatus::Billed => "status.billed",
        CallStatus::Completed => "status.completed",
        CallStatus::Cancelled => "status.cancelled",
    }
}

/// Wire name of a status (`released_to_production`), used for test ids and select values.
pub fn status_code(s: CallStatus) -> &'static str {
    status_key(s).trim_start_matches("status.")
}

pub fn type_key(t: CallType) -> &'static str {
    match t {
        CallType::Summarized => "jit.type.summarized",
        CallType::Sequenced => "jit.type.sequenced",
    }
}

/// The list's filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub status: Option<CallStatus>,
    pub call_type: Option<CallType>,
    /// Customer id; empty = all.
    pub customer: String,
    /// Required day.
    pub day: Option<NaiveDate>,
    /// Substring of the customer material or our material; empty = all.
    pub material: String,
    pub alert_only: bool,
}

impl Filters {
    fn matches(&self, call: &JitCall, alerted: &HashSet<IdStr>) -> bool {
        self.status.is_none_or(|s| call.status == s)
            && self.call_type.is_none_or(|k| call.call_type() == k)
            && (self.customer.is_empty() || call.customer.as_str() == self.customer)
            && self.day.is_none_or(|d| call.required_at.date() == d)
            && (self.material.is_empty() || {
                let m = self.material.to_lowercase();
                call.components.iter().any(|c| {
                    c.customer_material.to_lowercase().contains(&m)
                        || c.material
                            .as_ref()
                            .is_some_and(|x| x.as_str().to_lowercase().contains(&m))
                })
            })
            && (!self.alert_only || alerted.contains(&call.id))
    }
}

/// Reason, detail and action of an alert, for display.
pub fn describe_alert(a: &Alert, lang: crate::i18n::Lang) -> (&'static str, String, &'static str) {
    use crate::i18n::tr;
    match &a.kind {
        AlertKind::Late {
            required_at,
            expected_at,
            minutes_late,
        } => (
            tr(lang, "alert.late"),
            format!(
                "{} → {} ({} {})",
                fmt_datetime(lang, *required_at),
                fmt_datetime(lang, *expected_at),
                fmt_int(lang, *minutes_late),
                tr(lang, "alert.minutes_late")
            ),
            tr(lang, "alert.late.action"),
        ),
        AlertKind::PostingFailed { position, failure } => (
            tr(lang, "alert.posting_failed"),
            format!("{} {position}: {failure}", tr(lang, "jit.position")),
            tr(lang, "alert.posting_failed.action"),
        ),
        AlertKind::UnknownMaterial {
            position,
            customer_material,
        } => (
            tr(lang, "alert.unknown_material"),
            format!(
                "{} {position}: {customer_material}",
                tr(lang, "jit.position")
            ),
            tr(lang, "alert.unknown_material.action"),
        ),
        AlertKind::SequenceGap {
            customer,
            supply_area,
            from,
            to,
        } => (
            tr(lang, "alert.sequence_gap"),
            format!("{customer} / {supply_area}: {from}–{to}"),
            tr(lang, "alert.sequence_gap.action"),
        ),
        AlertKind::SequenceDuplicate {
            customer,
            supply_area,
            sequence_no,
            calls,
        } => (
            tr(lang, "alert.sequence_duplicate"),
            format!(
                "{customer} / {supply_area}: {sequence_no} ({})",
                calls.join(", ")
            ),
            tr(lang, "alert.sequence_duplicate.action"),
        ),
        AlertKind::ChangedAfterRelease {
            version,
            new_version,
        } => (
            tr(lang, "alert.changed_after_release"),
            format!("{} {version} → {new_version}", tr(lang, "jit.version")),
            tr(lang, "alert.changed_after_release.action"),
        ),
    }
}

/// The `/jit` route.
#[component]
pub fn Jit() -> impl IntoView {
    view! { <JitMonitor /> }
}

/// One visible row of the list.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    index: usize,
    id: String,
    external: String,
    customer: String,
    call_type: CallType,
    required_at: NaiveDateTime,
    status: CallStatus,
    materials: String,
    alert: bool,
}

/// The JIT monitor. `as_of` fixes "now" (tests); otherwise the browser clock at mount.
#[component]
pub fn JitMonitor(#[prop(optional)] as_of: Option<NaiveDateTime>) -> impl IntoView {
    let store = use_store();
    let now = RwSignal::new(as_of.unwrap_or_else(store::now));
    let monitor = Memo::new(move |_| store.with(|s| jit::monitor(s, now.get())));
    let alerted = Memo::new(move |_| {
        monitor.with(|m| {
            m.alerts
                .iter()
                .filter_map(|a| a.call.clone())
                .collect::<HashSet<IdStr>>()
        })
    });
    let filters = RwSignal::new(Filters::default());
    let filtered = Memo::new(move |_| {
        let f = filters.get();
        alerted.with(|al| {
            store.with(|s| {
                s.jit
                    .calls
                    .values()
                    .filter(|c| f.matches(c, al))
                    .map(|c| c.id.clone())
                    .collect::<Vec<IdStr>>()
            })
        })
    });
    // The list's export: the calls the filters show, in the list's order (made on click).
    let list_csv = Signal::derive(move || {
        filtered.with_untracked(|ids| {
            store.with_untracked(|s| {
                takt_engine::csv_io::jit_calls_csv(ids.iter().filter_map(|id| s.jit.calls.get(id)))
            })
        })
    });
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let selected_vec = Signal::derive(move || selected.with(|s| s.iter().cloned().collect()));
    let result = RwSignal::new(None::<StepResult>);
    let first_row = RwSignal::new(0usize);

    let customers = move || {
        store.with(|s| {
            let mut c: BTreeSet<String> = s.customers.keys().map(|c| c.to_string()).collect();
            c.extend(s.jit.calls.values().map(|c| c.customer.to_string()));
            c.into_iter().collect::<Vec<_>>()
        })
    };

    let visible = move || {
        let first = first_row.get().saturating_sub(OVERSCAN);
        let count = VIEW_HEIGHT / ROW_HEIGHT + 2 * OVERSCAN;
        let sel = selected.get();
        filtered.with(|ids| {
            let end = (first + count).min(ids.len());
            let start = first.min(end);
            alerted.with(|al| {
                store.with(|s| {
                    ids[start..end]
                        .iter()
                        .enumerate()
                        .filter_map(|(i, id)| {
                            let c = s.jit.calls.get(id)?;
                            let mut mats: Vec<&str> = c
                                .components
                                .iter()
                                .map(|x| {
                                    x.material
                                        .as_ref()
                                        .map_or(x.customer_material.as_str(), |m| m.as_str())
                                })
                                .collect();
                            mats.dedup();
                            Some((
                                Row {
                                    index: start + i,
                                    id: c.id.to_string(),
                                    external: c.external_id.to_string(),
                                    customer: c.customer.to_string(),
                                    call_type: c.call_type(),
                                    required_at: c.required_at,
                                    status: c.status,
                                    materials: mats.join(", "),
                                    alert: al.contains(&c.id),
                                },
                                sel.contains(c.id.as_str()),
                            ))
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    };

    view! {
        <h1>{move || t("jit.title")}</h1>

        <section aria-labelledby="jit-counts-h" class="panel">
            <h2 id="jit-counts-h">{move || t("jit.counts")}</h2>
            <div class="status-counts" data-testid="status-counts">
                {move || {
                    let l = lang();
                    let current = filters.with(|f| f.status);
                    monitor.with(|m| {
                        m.counts
                            .iter()
                            .map(|(s, n)| {
                                let s = *s;
                                view! {
                                    <button
                                        type="button"
                                        class="count"
                                        data-testid=format!("count-{}", status_code(s))
                                        aria-pressed=(current == Some(s)).to_string()
                                        on:click=move |_| {
                                            filters.update(|f| {
                                                f.status = if f.status == Some(s) { None } else { Some(s) };
                                            });
                                        }
                                    >
                                        <span class="n">{fmt_int(l, i64::try_from(*n).unwrap_or(i64::MAX))}</span>
                                        <span class="label">{crate::i18n::tr(l, status_key(s))}</span>
                                    </button>
                                }
                            })
                            .collect_view()
                    })
                }}
            </div>
        </section>

        <section aria-labelledby="jit-progress-h" class="panel">
            <h2 id="jit-progress-h">{move || t("jit.progress")}</h2>
            <div class="table-wrap" tabindex="0">
                <table class="progress" data-testid="progress">
                    <thead>
                        <tr>
                            <th scope="col">{move || t("jit.day")}</th>
                            <th scope="col">{move || t("common.customer")}</th>
                            <th scope="col" class="num">{move || t("jit.calls")}</th>
                            <th scope="col" class="num">{move || t("jit.produced")}</th>
                            <th scope="col" class="num">{move || t("jit.shipped")}</th>
                            <th scope="col" class="num">{move || t("jit.completed")}</th>
                            <th scope="col" class="num">{move || t("jit.cancelled")}</th>
                            <th scope="col"><span class="visually-hidden">{move || t("jit.progress")}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let l = lang();
                            monitor.with(|m| {
                                m.progress
                                    .iter()
                                    .take(MAX_SHOWN)
                                    .map(|p| {
                                        let live = p.calls.saturating_sub(p.cancelled).max(1) as f64;
                                        let prod = (p.produced as f64 / live * 100.0).round();
                                        let ship = (p.shipped as f64 / live * 100.0).round();
                                        let n = |x: u64| fmt_int(l, i64::try_from(x).unwrap_or(i64::MAX));
                                        view! {
                                            <tr>
                                                <td>{fmt_date(l, p.day)}</td>
                                                <td>{p.customer.to_string()}</td>
                                                <td class="num">{n(p.calls)}</td>
                                                <td class="num">{n(p.produced)}</td>
                                                <td class="num">{n(p.shipped)}</td>
                                                <td class="num">{n(p.completed)}</td>
                                                <td class="num">{n(p.cancelled)}</td>
                                                <td class="bar-cell">
                                                    <div class="bar" aria-hidden="true">
                                                        <span class="produced" style=format!("width:{prod}%")></span>
                                                        <span class="shipped" style=format!("width:{ship}%")></span>
                                                    </div>
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            })
                        }}
                    </tbody>
                </table>
            </div>
            <CsvLink filename="jit-progress.csv" label=Signal::derive(|| t("export_csv"))
                csv=Signal::derive(move || monitor.with_untracked(|m| takt_engine::csv_io::jit_progress_csv(&m.progress))) />
        </section>

        <section aria-labelledby="jit-alerts-h" class="panel">
            <h2 id="jit-alerts-h">
                {move || t("jit.alerts")}" ("{move || fmt_int(lang(), monitor.with(|m| m.alerts.len()) as i64)}")"
            </h2>
            <CsvLink filename="jit-alerts.csv" label=Signal::derive(|| t("export_csv"))
                csv=Signal::derive(move || monitor.with_untracked(|m| takt_engine::csv_io::jit_alerts_csv(&m.alerts))) />
            <ul class="alerts" data-testid="alerts">
                {move || {
                    let l = lang();
                    monitor.with(|m| {
                        if m.alerts.is_empty() {
                            return view! { <li class="empty">{t("jit.no_alerts")}</li> }.into_any();
                        }
                        let more = m.alerts.len().saturating_sub(MAX_SHOWN);
                        view! {
                            {m.alerts
                                .iter()
                                .take(MAX_SHOWN)
                                .map(|a| {
                                    let (reason, detail, action) = describe_alert(a, l);
                                    view! {
                                        <li class="alert">
                                            {a.call.clone().map(|c| view! {
                                                <a href=format!("/jit/calls/{c}")>{c.to_string()}</a>" "
                                            })}
                                            <strong class="reason">{reason}</strong>
                                            " — "{detail}
                                            <div class="action">{crate::i18n::tr(l, "jit.action")}": "{action}</div>
                                        </li>
                                    }
                                })
                                .collect_view()}
                            {(more > 0).then(|| view! {
                                <li class="more">"+ "{fmt_int(l, more as i64)}" "{crate::i18n::tr(l, "common.more")}</li>
                            })}
                        }
                        .into_any()
                    })
                }}
            </ul>
        </section>

        <edi_import::EdiImport />

        <section aria-labelledby="jit-calls-h" class="panel">
            <h2 id="jit-calls-h">{move || t("jit.calls")}</h2>
            <fieldset class="filters">
                <legend>{move || t("jit.filters")}</legend>
                <label class="field">
                    <span>{move || t("common.status")}</span>
                    <select data-testid="filter-status"
                        prop:value=move || filters.with(|f| f.status.map_or("", status_code))
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            filters.update(|f| f.status = CallStatus::ALL.into_iter().find(|s| status_code(*s) == v));
                        }>
                        <option value="">{move || t("common.all")}</option>
                        {CallStatus::ALL.iter().map(|s| view! {
                            <option value=status_code(*s)>{move || t(status_key(*s))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{move || t("common.type")}</span>
                    <select data-testid="filter-type" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        filters.update(|f| f.call_type = match v.as_str() {
                            "summarized" => Some(CallType::Summarized),
                            "sequenced" => Some(CallType::Sequenced),
                            _ => None,
                        });
                    }>
                        <option value="">{move || t("common.all")}</option>
                        <option value="summarized">{move || t("jit.type.summarized")}</option>
                        <option value="sequenced">{move || t("jit.type.sequenced")}</option>
                    </select>
                </label>
                <label class="field">
                    <span>{move || t("common.customer")}</span>
                    <select data-testid="filter-customer" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        filters.update(|f| f.customer = v);
                    }>
                        <option value="">{move || t("common.all")}</option>
                        {move || customers().into_iter().map(|c| view! { <option value=c.clone()>{c.to_string()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{move || t("jit.filter.required_day")}</span>
                    <input type="date" data-testid="filter-day" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        filters.update(|f| f.day = NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok());
                    } />
                </label>
                <label class="field">
                    <span>{move || t("common.material")}</span>
                    <input type="search" data-testid="filter-material" on:input=move |ev| {
                        let v = event_target_value(&ev);
                        filters.update(|f| f.material = v.trim().to_owned());
                    } />
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="filter-alert" on:change=move |ev| {
                        let v = event_target_checked(&ev);
                        filters.update(|f| f.alert_only = v);
                    } />
                    <span>{move || t("jit.filter.alert")}</span>
                </label>
            </fieldset>
            <p class="list-meta">
                <span data-testid="shown-count">{move || fmt_int(lang(), filtered.with(Vec::len) as i64)}</span>
                " "{move || t("jit.shown")}" · "
                <button type="button" data-testid="select-all" on:click=move |_| {
                    let ids = filtered.get_untracked();
                    selected.update(|s| s.extend(ids.iter().map(|id| id.to_string())));
                }>{move || t("common.select_all")}</button>
                " "
                <button type="button" on:click=move |_| selected.set(BTreeSet::new())>
                    {move || t("common.clear_selection")}
                </button>
                " "
                <CsvLink filename="jit-calls.csv" label=Signal::derive(|| t("export_csv")) csv=list_csv />
            </p>
            <div
                class="vlist"
                role="table"
                aria-labelledby="jit-calls-h"
                aria-rowcount=move || (filtered.with(Vec::len) + 1).to_string()
                data-testid="call-list"
            >
                <div class="vrow vhead" role="row" aria-rowindex="1">
                    <span role="columnheader" class="c-sel"><span class="visually-hidden">{move || t("common.select")}</span></span>
                    <span role="columnheader" class="c-id">{move || t("jit.call")}</span>
                    <span role="columnheader" class="c-ext">{move || t("jit.external")}</span>
                    <span role="columnheader" class="c-cust">{move || t("common.customer")}</span>
                    <span role="columnheader" class="c-type">{move || t("common.type")}</span>
                    <span role="columnheader" class="c-req">{move || t("jit.required_at")}</span>
                    <span role="columnheader" class="c-status">{move || t("common.status")}</span>
                    <span role="columnheader" class="c-mat">{move || t("common.material")}</span>
                </div>
                <div
                    class="vviewport"
                    style=format!("height:{VIEW_HEIGHT}px;overflow-y:auto;position:relative")
                    role="rowgroup"
                    tabindex="0"
                    aria-label=move || t("jit.calls")
                    on:scroll=move |ev| {
                        let top = event_target::<web_sys::Element>(&ev).scroll_top().max(0) as usize;
                        let first = top / ROW_HEIGHT;
                        if first != first_row.get_untracked() {
                            first_row.set(first);
                        }
                    }
                >
                    <div class="vspacer" style=move || format!("position:relative;height:{}px", filtered.with(Vec::len) * ROW_HEIGHT)>
                        {move || {
                            let l = lang();
                            let rows = visible();
                            if rows.is_empty() {
                                return view! { <div class="empty" role="row"><span role="cell">{t("jit.none_match")}</span></div> }.into_any();
                            }
                            rows.into_iter()
                                .map(|(r, is_sel)| {
                                    let id = r.id.clone();
                                    let id2 = r.id.clone();
                                    view! {
                                        <div
                                            class="vrow"
                                            class:alerted=r.alert
                                            role="row"
                                            aria-rowindex=(r.index + 2).to_string()
                                            data-call=r.id.clone()
                                            style=format!("position:absolute;left:0;right:0;top:{}px;height:{ROW_HEIGHT}px", r.index * ROW_HEIGHT)
                                        >
                                            <span role="cell" class="c-sel">
                                                <input type="checkbox"
                                                    aria-label=format!("{} {}", crate::i18n::tr(l, "common.select"), id)
                                                    prop:checked=is_sel
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        let id = id2.clone();
                                                        selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                                                    } />
                                            </span>
                                            <span role="cell" class="c-id"><a href=format!("/jit/calls/{id}")>{id.to_string()}</a></span>
                                            <span role="cell" class="c-ext">{r.external}</span>
                                            <span role="cell" class="c-cust">{r.customer}</span>
                                            <span role="cell" class="c-type">{crate::i18n::tr(l, type_key(r.call_type))}</span>
                                            <span role="cell" class="c-req">{fmt_datetime(l, r.required_at)}</span>
                                            <span role="cell" class="c-status" data-status=status_code(r.status)>
                                                {crate::i18n::tr(l, status_key(r.status))}
                                                {r.alert.then(|| view! { <span class="alert-dot" title=crate::i18n::tr(l, "jit.alerts")>" ⚠"</span> })}
                                            </span>
                                            <span role="cell" class="c-mat">{r.materials}</span>
                                        </div>
                                    }
                                })
                                .collect_view()
                                .into_any()
                        }}
                    </div>
                </div>
            </div>
        </section>

        <ActionBar calls=selected_vec now=now result=result />
    }
}
