//! CSV import and export (`/planning/import`): pick a list and a file, preview the rows with
//! the engine's per-row errors, import the good rows as commands; export every list.
//! Parsing and validation live in the engine (`takt_engine::csv_io`).

use crate::components::csv_link::CsvLink;
use crate::i18n::t;
use crate::store::use_store;
use leptos::prelude::*;
use takt_engine::csv_io::{self, CsvKind, Import};
use wasm_bindgen::JsCast;

fn kind_name(k: CsvKind) -> &'static str {
    match k {
        CsvKind::Items => "items",
        CsvKind::Customers => "customers",
        CsvKind::PlanningParams => "planning-params",
        CsvKind::SalesOrders => "sales-orders",
        CsvKind::PurchaseOrders => "purchase-orders",
        CsvKind::Stock => "stock",
        CsvKind::CustomerArticles => "customer-articles",
    }
}

fn file_name(k: CsvKind) -> &'static str {
    match k {
        CsvKind::Items => "items.csv",
        CsvKind::Customers => "customers.csv",
        CsvKind::PlanningParams => "planning-params.csv",
        CsvKind::SalesOrders => "sales-orders.csv",
        CsvKind::PurchaseOrders => "purchase-orders.csv",
        CsvKind::Stock => "stock.csv",
        CsvKind::CustomerArticles => "customer-articles.csv",
    }
}

/// The import / export page.
#[component]
pub fn CsvImport() -> impl IntoView {
    let store = use_store();
    let lang = crate::i18n::use_lang();
    let kind = RwSignal::new(CsvKind::Items);
    let text = RwSignal::new(String::new());
    let preview = Memo::new(move |_| {
        let txt = text.get();
        (!txt.trim().is_empty()).then(|| store.with(|s| csv_io::import(kind.get(), &txt, s)))
    });
    let results: RwSignal<Vec<(usize, bool, String)>> = RwSignal::new(Vec::new());
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(v) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                text.set(v.as_string().unwrap_or_default());
                results.set(Vec::new());
            }
        });
    };
    let run_import = move |_| {
        let Some(imp) = preview.get_untracked() else {
            return;
        };
        let l = lang.get_untracked();
        let out = imp
            .commands
            .into_iter()
            .map(|(line, c)| match store.dispatch(c) {
                Ok(a) => (line, true, crate::i18n_msg::applied(l, &a)),
                Err(e) => (line, false, crate::i18n_msg::rejection(l, &e)),
            })
            .collect();
        results.set(out);
    };
    view! {
        <div class="page-head">
            <h1>{move || t("import")}</h1>
        </div>
        <section aria-labelledby="exp-h">
            <h2 id="exp-h">{move || t("export_csv")}</h2>
            <ul class="export-list">
                {CsvKind::ALL.into_iter().map(|k| {
                    let csv = Signal::derive(move || store.with(|s| csv_io::export(k, s)));
                    view! { <li>{kind_name(k)} " " <CsvLink filename=file_name(k) label=Signal::derive(|| t("export_csv")) csv=csv /></li> }
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="imp-h">
            <h2 id="imp-h">{move || t("import")}</h2>
            <div class="form-row">
                <label>{move || t("csv_list")} " "
                    <select data-testid="csv-kind" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(k) = CsvKind::ALL.into_iter().find(|k| kind_name(*k) == v) { kind.set(k); }
                    }>
                        {CsvKind::ALL.into_iter().map(|k| view! { <option value=kind_name(k)>{kind_name(k)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{move || t("csv_file")} " " <input type="file" accept=".csv,text/csv" data-testid="csv-file" on:change=on_file /></label>
            </div>
            <p class="hint">{move || format!("{}: {}", t("csv_columns"), kind.get().columns().join(", "))}</p>
            {move || preview.get().map(|imp| preview_table(imp, run_import))}
            {move || (!results.with(Vec::is_empty)).then(|| view! {
                <ul class="import-results" data-testid="csv-results">
                    {results.get().into_iter().map(|(line, ok, msg)| view! {
                        <li class:ok=ok class:bad=!ok>{format!("{} {line}: {msg}", t("csv_line"))}</li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

fn preview_table(
    imp: Import,
    run_import: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let lang = crate::i18n::use_lang().get_untracked();
    let errors = imp.errors.clone();
    let good = imp.commands.len();
    let header = imp.header;
    let rows = imp
        .rows
        .into_iter()
        .map(|(line, fields)| {
            let errs: Vec<String> = errors
                .iter()
                .filter(|e| e.line == line)
                .map(|e| {
                    format!(
                        "{}: {}",
                        e.column,
                        crate::i18n_msg::message_in(lang, &e.message)
                    )
                })
                .collect();
            let bad = !errs.is_empty();
            view! {
                <tr class:bad=bad data-testid="csv-row">
                    <th scope="row">{line}</th>
                    {fields.into_iter().map(|f| view! { <td>{f}</td> }).collect_view()}
                    <td class="row-error">{errs.join("; ")}</td>
                </tr>
            }
        })
        .collect_view();
    let file_errors: Vec<String> = errors
        .iter()
        .filter(|e| e.line == 1)
        .map(|e| e.to_string())
        .collect();
    view! {
        {(!file_errors.is_empty()).then(|| view! {
            <ul class="notice bad" data-testid="csv-file-errors">{file_errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
        })}
        <div class="table-wrap" tabindex="0">
            <table class="grid" data-testid="csv-preview">
                <thead><tr>
                    <th scope="col">{move || t("csv_line")}</th>
                    {header.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                    <th scope="col">{move || t("csv_errors")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <button type="button" data-testid="csv-import" disabled=good == 0 on:click=run_import>
            {format!("{} ({good})", t("import"))}
        </button>
    }
}
