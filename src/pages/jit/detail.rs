//! One JIT call (`/jit/calls/:id`): header, components, handling units, delivery, documents
//! (shipping notice, invoice: downloads through `crate::documents`) and every lifecycle step.

use super::actions::{ActionBar, StepResult};
use super::{status_key, type_key};
use crate::documents::{self, Document, Format};
use crate::i18n::{fmt_date, fmt_datetime, fmt_money, fmt_qty, lang, t, tr};
use crate::store::{self, use_store};
use chrono::NaiveDateTime;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use takt_engine::jit::model::ComponentStatus;

/// The routed detail page.
#[component]
pub fn JitCallDetail() -> impl IntoView {
    let params = use_params_map();
    move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        view! { <JitCallView id=id /> }
    }
}

fn component_status_key(s: ComponentStatus) -> &'static str {
    match s {
        ComponentStatus::PostingFailed => "status.posting_failed",
        other => status_key(other.call_status()),
    }
}

/// Download buttons for one document: JSON, and EDI in the customer's format (disabled, with
/// the reason, when the customer has no partner profile).
#[component]
fn DownloadButtons(
    /// Document kind: "asn" or "invoice".
    kind: &'static str,
    id: String,
) -> impl IntoView {
    let store = use_store();
    let doc_of = move |s: &'_ takt_engine::State, id: &str, f: &mut dyn FnMut(Document<'_>)| {
        let doc = match kind {
            "asn" => s.jit.shipping_notices.get(id).map(Document::ShippingNotice),
            _ => s.jit.invoices.get(id).map(Document::Invoice),
        };
        if let Some(d) = doc {
            f(d);
        }
    };
    let go = {
        let id = id.clone();
        move |format: Format| {
            let id = id.clone();
            move |_| {
                store.with_untracked(|s| {
                    doc_of(s, &id, &mut |d| {
                        documents::download(s, d, format, store::now());
                    })
                })
            }
        }
    };
    let edi_blocked = {
        let id = id.clone();
        move || {
            let mut why = Some(String::new());
            store.with(|s| doc_of(s, &id, &mut |d| why = documents::edi_available(s, d).err()));
            why
        }
    };
    let edi_blocked2 = edi_blocked.clone();
    view! {
        <span class="downloads">
            <button type="button" data-testid=format!("download-{kind}-json") on:click=go(Format::Json)>
                {move || t("common.download_json")}
            </button>
            <button
                type="button"
                data-testid=format!("download-{kind}-edi")
                disabled=move || edi_blocked().is_some()
                title=move || edi_blocked2().unwrap_or_default()
                on:click=go(Format::Edi)
            >
                {move || t("common.download_edi")}
            </button>
        </span>
    }
}

/// The detail of call `id`.
#[component]
pub fn JitCallView(id: String, #[prop(optional)] as_of: Option<NaiveDateTime>) -> impl IntoView {
    let store = use_store();
    let now = RwSignal::new(as_of.unwrap_or_else(store::now));
    let result = RwSignal::new(None::<StepResult>);
    let id_for_calls = id.clone();
    let calls = Signal::derive(move || vec![id_for_calls.clone()]);
    let exists = {
        let id = id.clone();
        move || store.with(|s| s.jit.calls.contains_key(id.as_str()))
    };
    let id_view = id.clone();
    let body = move || {
        let l = lang();
        let id = id_view.clone();
        store.with(|s| {
            let Some(c) = s.jit.calls.get(id.as_str()) else {
                return view! { <p>{tr(l, "jit.unknown_call")}</p> }.into_any();
            };
            let kind_info = match &c.kind {
                takt_engine::jit::model::CallKind::Sequenced { sequence_no, vehicle } => format!(
                    "{} {sequence_no} · {} {vehicle}",
                    tr(l, "jit.sequence"),
                    tr(l, "jit.vehicle")
                ),
                takt_engine::jit::model::CallKind::Summarized { .. } => String::new(),
            };
            // Handling units of the call: containers and the racks they sit on.
            let mut hus: Vec<&takt_engine::jit::model::HandlingUnit> = Vec::new();
            for comp in &c.components {
                for sscc in &comp.handling_units {
                    if let Some(h) = s.jit.handling_units.get(sscc) {
                        if let Some(parent) = h.parent.as_ref().and_then(|p| s.jit.handling_units.get(p))
                            && !hus.iter().any(|x| x.sscc == parent.sscc)
                        {
                            hus.push(parent);
                        }
                        if !hus.iter().any(|x| x.sscc == h.sscc) {
                            hus.push(h);
                        }
                    }
                }
            }
            let delivery = c.delivery.as_ref().and_then(|d| s.jit.deliveries.get(d));
            let asn = delivery
                .and_then(|d| d.shipping_notice.as_ref())
                .and_then(|n| s.jit.shipping_notices.get(n));
            let invoice = delivery
                .and_then(|d| d.invoice.as_ref())
                .and_then(|n| s.jit.invoices.get(n));
            view! {
                <dl class="facts" data-testid="call-facts">
                    <dt>{tr(l, "common.status")}</dt><dd data-testid="call-status">{tr(l, status_key(c.status))}</dd>
                    <dt>{tr(l, "jit.external")}</dt><dd>{c.external_id.to_string()}</dd>
                    <dt>{tr(l, "jit.version")}</dt><dd>{c.version}</dd>
                    <dt>{tr(l, "common.customer")}</dt><dd>{c.customer.to_string()}</dd>
                    <dt>{tr(l, "jit.ship_to")}</dt><dd>{c.ship_to.to_string()}</dd>
                    <dt>{tr(l, "common.type")}</dt><dd>{tr(l, type_key(c.call_type()))}" "{kind_info}</dd>
                    <dt>{tr(l, "jit.required_at")}</dt><dd>{fmt_datetime(l, c.required_at)}</dd>
                    <dt>{tr(l, "jit.supply_area")}</dt><dd>{c.supply_area.to_string()}</dd>
                    <dt>{tr(l, "jit.unloading_point")}</dt><dd>{c.unloading_point.to_string()}</dd>
                    {c.external_status.as_ref().map(|e| view! {
                        <dt>{tr(l, "jit.external_status")}</dt>
                        <dd>{format!("{}: {} ({})", e.system, e.status, fmt_datetime(l, e.reported_at))}</dd>
                    })}
                    {c.replaces.as_ref().map(|r| view! {
                        <dt>{tr(l, "jit.replaces")}</dt><dd><a href=format!("/jit/calls/{r}")>{r.to_string()}</a></dd>
                    })}
                    {(!c.replaced_by.is_empty()).then(|| view! {
                        <dt>{tr(l, "jit.replaced_by")}</dt>
                        <dd>{c.replaced_by.iter().map(|r| view! { <a href=format!("/jit/calls/{r}")>{r.to_string()}</a>" " }).collect_view()}</dd>
                    })}
                    {c.cancel_reason.as_ref().map(|r| view! {
                        <dt>{tr(l, "jit.cancelled")}</dt><dd>{r.to_string()}</dd>
                    })}
                </dl>
                {c.pending_change.as_ref().map(|p| view! {
                    <p class="notice" data-testid="pending-change">
                        {tr(l, "jit.pending_change")}": "{tr(l, "jit.version")}" "{p.version}
                    </p>
                })}

                <h2>{tr(l, "jit.components")}</h2>
                <div class="table-wrap" tabindex="0">
                <table data-testid="components">
                    <thead><tr>
                        <th scope="col">{tr(l, "jit.position")}</th>
                        <th scope="col">{tr(l, "jit.customer_material")}</th>
                        <th scope="col">{tr(l, "common.material")}</th>
                        <th scope="col" class="num">{tr(l, "common.qty")}</th>
                        <th scope="col">{tr(l, "common.unit")}</th>
                        <th scope="col">{tr(l, "common.status")}</th>
                        <th scope="col">{tr(l, "jit.production_group")}</th>
                        <th scope="col">{tr(l, "jit.handling_units")}</th>
                    </tr></thead>
                    <tbody>
                        {c.components.iter().map(|k| view! {
                            <tr>
                                <td>{k.position}</td>
                                <td>{k.customer_material.to_string()}</td>
                                <td>{k.material.as_ref().map_or_else(|| "—".to_owned(), |m| m.to_string())}</td>
                                <td class="num">{fmt_qty(l, k.qty)}</td>
                                <td>{k.unit.to_string()}</td>
                                <td>
                                    {tr(l, component_status_key(k.status))}
                                    {k.failure.as_ref().map(|f| view! { <div class="failure">{tr(l, "jit.failure")}": "{f.to_string()}</div> })}
                                </td>
                                <td>{k.production_group.as_deref().unwrap_or_default().to_owned()}</td>
                                <td>{k.handling_units.len()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>

                <h2>{tr(l, "jit.handling_units")}</h2>
                <div class="table-wrap" tabindex="0">
                <table data-testid="handling-units">
                    <thead><tr>
                        <th scope="col">{tr(l, "jit.sscc")}</th>
                        <th scope="col">{tr(l, "jit.packaging")}</th>
                        <th scope="col">{tr(l, "jit.parent")}</th>
                        <th scope="col">{tr(l, "jit.contents")}</th>
                    </tr></thead>
                    <tbody>
                        {hus.iter().map(|h| view! {
                            <tr>
                                <td class="mono">{h.sscc.to_string()}</td>
                                <td>{h.packaging_material.to_string()}</td>
                                <td class="mono">{h.parent.as_deref().unwrap_or_default().to_owned()}</td>
                                <td>{h.contents.iter().map(|x| format!("{} / {}: {}", x.call, x.position, fmt_qty(l, x.qty))).collect::<Vec<_>>().join("; ")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>

                <h2>{tr(l, "jit.delivery")}</h2>
                {match delivery {
                    None => view! { <p>{tr(l, "jit.no_delivery")}</p> }.into_any(),
                    Some(d) => view! {
                        <dl class="facts" data-testid="delivery">
                            <dt>{tr(l, "jit.delivery")}</dt><dd>{d.id.to_string()}</dd>
                            <dt>{tr(l, "jit.shipping_date")}</dt><dd>{fmt_date(l, d.shipping_date)}</dd>
                            <dt>{tr(l, "jit.calls")}</dt>
                            <dd>{d.calls.iter().map(|x| view! { <a href=format!("/jit/calls/{x}")>{x.to_string()}</a>" " }).collect_view()}</dd>
                            {d.warehouse.as_ref().map(|w| view! {
                                <dt>{tr(l, "jit.warehouse")}</dt><dd>{format!("{} ({:?})", w.warehouse, w.status)}</dd>
                            })}
                            {d.goods_issued_at.map(|g| view! {
                                <dt>{tr(l, "jit.goods_issued_at")}</dt><dd>{fmt_datetime(l, g)}</dd>
                            })}
                        </dl>
                    }.into_any(),
                }}

                <h2>{tr(l, "jit.documents")}</h2>
                {(asn.is_none() && invoice.is_none()).then(|| view! { <p>{tr(l, "jit.no_documents")}</p> })}
                <ul class="documents" data-testid="documents">
                    {asn.map(|n| view! {
                        <li>
                            <strong>{tr(l, "jit.shipping_notice")}" "{n.id.to_string()}</strong>
                            " · "{fmt_datetime(l, n.goods_issued_at)}" "
                            <DownloadButtons kind="asn" id=n.id.to_string() />
                        </li>
                    })}
                    {invoice.map(|i| view! {
                        <li>
                            <strong>{tr(l, "jit.invoice")}" "{i.id.to_string()}</strong>
                            " · "{tr(l, "jit.net")}" "<span data-testid="invoice-net">{fmt_money(l, i.net_cents, &i.currency)}</span>
                            " · "{tr(l, "jit.tax")}" "{fmt_money(l, i.tax_cents, &i.currency)}" "
                            <DownloadButtons kind="invoice" id=i.id.to_string() />
                        </li>
                    })}
                </ul>
            }
            .into_any()
        })
    };
    view! {
        <p><a href="/jit">"← "{move || t("jit.title")}</a></p>
        <h1>{move || t("jit.detail")}" "{id.to_string()}</h1>
        {body}
        {move || exists().then(|| view! { <ActionBar calls=calls now=now result=result /> })}
    }
}
