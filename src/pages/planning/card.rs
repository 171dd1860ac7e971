//! The item MRP card (`/planning/items/:id`): seed 002's columns per period, a chart of
//! projected inventory against reorder point, safety stock and maximum inventory, and the
//! item's planning parameters with an edit form.

use crate::components::csv_link::CsvLink;
use crate::i18n::{fmt_day, t, use_lang};
use crate::pages::planning::outcome_text;
use crate::store::{today, use_store};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use plotters::prelude::*;
use takt_engine::mrp::{self, MrpCard, MrpCommand, Period, PlanningParams, Policy, Replenishment};
use takt_engine::types::{ItemId, Qty};
use takt_engine::{Command, Day};

/// Days the card looks ahead per period length.
fn horizon(period: Period) -> i32 {
    match period {
        Period::Day => 27,
        Period::Week => 83,
        Period::Month => 364,
    }
}

/// The card page.
#[component]
pub fn ItemCard() -> impl IntoView {
    let params = use_params_map();
    let item = Memo::new(move |_| ItemId::new(params.with(|p| p.get("id").unwrap_or_default())));
    view! { {move || view! { <ItemCardFor item=item.get() /> }} }
}

/// The card of one item (mounted directly by the browser tests).
#[component]
pub fn ItemCardFor(item: ItemId) -> impl IntoView {
    let store = use_store();
    let lang = use_lang();
    let as_of = today();
    let period = RwSignal::new(Period::Week);
    let item_c = item.clone();
    let card = Memo::new(move |_| {
        let p = period.get();
        store.with(|s| mrp::mrp_card(s, &item_c, as_of, as_of.plus(horizon(p)), p, &[]))
    });
    let item_p = item.clone();
    let current = Memo::new(move |_| store.with(|s| s.mrp.params.get(&item_p).cloned()));
    let item_d = item.clone();
    let description = move || {
        store.with(|s| {
            s.items
                .get(&item_d)
                .map(|i| i.description.clone())
                .unwrap_or_default()
        })
    };
    let csv =
        Signal::derive(move || card.with(|c| c.as_ref().map(MrpCard::to_csv).unwrap_or_default()));
    view! {
        <div class="page-head">
            <h1>{move || t("mrp_card")} " " <span data-testid="card-item">{item.to_string()}</span></h1>
        </div>
        <p class="lead">{description} " · " {move || t("as_of")} " " {move || fmt_day(lang.get(), as_of)}
            " · " <a href="/planning">{move || t("back")}</a></p>
        <div class="toolbar">
            <label>{move || t("period")} " "
                <select data-testid="period" on:change=move |ev| period.set(match event_target_value(&ev).as_str() {
                    "day" => Period::Day, "month" => Period::Month, _ => Period::Week })>
                    <option value="day">{move || t("per_day")}</option>
                    <option value="week" selected>{move || t("per_week")}</option>
                    <option value="month">{move || t("per_month")}</option>
                </select>
            </label>
            <CsvLink filename="mrp-card.csv" label=Signal::derive(|| t("export_csv")) csv=csv />
        </div>
        {move || match card.get() {
            None => view! { <p class="notice" data-testid="not-planned">{move || t("not_planned")}</p> }.into_any(),
            Some(c) => {
                let svg = current.with(|p| chart_svg(&c, p.as_ref()));
                view! {
                    <figure class="chart">
                        <div inner_html=svg data-testid="card-chart"></div>
                        <figcaption>{move || t("chart_title")}
                            " — PI, PIN, " {move || t("reorder_point")} ", " {move || t("safety_stock")} ", " {move || t("max_inventory")}
                        </figcaption>
                    </figure>
                    {card_table(&c)}
                }.into_any()
            }
        }}
        <ParamsForm item=item.clone() current=current />
    }
}

fn card_table(c: &MrpCard) -> impl IntoView {
    let lang = use_lang();
    let rows = c
        .rows
        .iter()
        .map(|r| {
            let (start, end) = (r.start, r.end);
            view! {
                <tr class:atp=r.in_atp_period data-testid="card-row">
                    <th scope="row">{move || if start == end { fmt_day(lang.get(), start) } else {
                        format!("{} – {}", fmt_day(lang.get(), start), fmt_day(lang.get(), end)) }}</th>
                    <td class="num">{r.g}</td><td class="num">{r.s}</td><td class="num">{r.pi}</td>
                    <td class="num">{r.spi}</td><td class="num">{r.amq}</td><td class="num">{r.rq}</td>
                    <td class="num">{r.ssq}</td><td class="num">{r.pin}</td><td class="num">{r.aod}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
        <table class="grid card" data-testid="card-table">
            <caption>{move || t("mrp_card")} " · " {c.starting_inventory} </caption>
            <thead><tr>
                <th scope="col">{move || t("period")}</th>
                <th scope="col" title="Gross requirement">"G"</th>
                <th scope="col" title="Scheduled receipts">"S"</th>
                <th scope="col" title="Projected inventory">"PI"</th>
                <th scope="col" title="Scheduled projected inventory">"SPI"</th>
                <th scope="col" title="Action message quantity">"AMQ"</th>
                <th scope="col" title="Reorder quantity">"RQ"</th>
                <th scope="col" title="Safety stock quantity">"SSQ"</th>
                <th scope="col" title="Projected inventory, net">"PIN"</th>
                <th scope="col" title="Available on demand">"AoD"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
}

/// The projected inventory chart as SVG text (plotters' SVG backend).
pub fn chart_svg(c: &MrpCard, p: Option<&PlanningParams>) -> String {
    let mut svg = String::new();
    let n = c.rows.len() as i32;
    let mut levels: Vec<(i64, RGBColor, &str)> = Vec::new();
    if let Some(p) = p {
        if p.reorder_point.is_positive() {
            levels.push((p.reorder_point.0, RGBColor(180, 35, 24), "ROP"));
        }
        if p.safety_stock.is_positive() {
            levels.push((p.safety_stock.0, RGBColor(154, 103, 0), "SS"));
        }
        if p.max_inventory.is_positive() {
            levels.push((p.max_inventory.0, RGBColor(26, 127, 55), "MAX"));
        }
    }
    let values = c
        .rows
        .iter()
        .flat_map(|r| [r.pi, r.pin])
        .chain(levels.iter().map(|l| l.0));
    let (lo, hi) = values.fold((0i64, 1i64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = ((hi - lo) / 10).max(1);
    {
        // The SVG scales to its box (about 360 px on a phone, 720 on a desktop): labels are
        // drawn at 18 px of a 600 px wide drawing, so they stay at 11 px or more on a phone.
        let root = SVGBackend::with_string(&mut svg, (600, 300)).into_drawing_area();
        let draw = || -> Result<(), Box<dyn std::error::Error + '_>> {
            root.fill(&WHITE)?;
            let mut chart = ChartBuilder::on(&root)
                .margin(10)
                .x_label_area_size(30)
                .y_label_area_size(60)
                .build_cartesian_2d(0..n.max(1), (lo - pad)..(hi + pad))?;
            let starts: Vec<Day> = c.rows.iter().map(|r| r.start).collect();
            chart
                .configure_mesh()
                .label_style(("sans-serif", 18))
                .x_labels(5)
                .x_label_formatter(&|i| {
                    starts
                        .get(*i as usize)
                        .and_then(|d| d.date())
                        .map(|d| d.format("%m-%d").to_string())
                        .unwrap_or_default()
                })
                .draw()?;
            let series = |f: fn(&mrp::card::CardRow) -> i64| {
                c.rows
                    .iter()
                    .enumerate()
                    .map(move |(i, r)| (i as i32, f(r)))
                    .collect::<Vec<_>>()
            };
            chart
                .draw_series(LineSeries::new(series(|r| r.pi), BLUE.stroke_width(2)))?
                .label("PI")
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLUE.stroke_width(2)));
            chart
                .draw_series(LineSeries::new(series(|r| r.pin), BLACK.stroke_width(2)))?
                .label("PIN")
                .legend(|(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], BLACK.stroke_width(2))
                });
            for (v, colour, label) in levels.iter().copied() {
                chart
                    .draw_series(LineSeries::new(
                        vec![(0, v), (n.max(1), v)],
                        colour.stroke_width(1),
                    ))?
                    .label(label)
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], colour));
            }
            chart
                .configure_series_labels()
                .label_font(("sans-serif", 18))
                .background_style(WHITE.mix(0.9))
                .border_style(BLACK)
                .draw()?;
            root.present()?;
            Ok(())
        };
        let _ = draw();
    }
    svg
}

/// A whole-number field of the parameters form.
#[component]
fn NumField(
    label: &'static str,
    form: RwSignal<PlanningParams>,
    get: fn(&PlanningParams) -> Option<i64>,
    set: fn(&mut PlanningParams, Option<i64>),
    field: &'static str,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{move || t(label)}</span>
            <input type="number" name=field data-field=field
                prop:value=move || form.with(|p| get(p).map(|v| v.to_string()).unwrap_or_default())
                on:change=move |ev| {
                    let v = event_target_value(&ev).trim().parse::<i64>().ok();
                    form.update(|p| set(p, v));
                } />
        </label>
    }
}

/// The planning parameters edit form: sends `SetPlanningParams`, shows the engine's answer
/// (the rejected field, or the diagnostics it adjusted).
#[component]
fn ParamsForm(item: ItemId, current: Memo<Option<PlanningParams>>) -> impl IntoView {
    let store = use_store();
    let lang = use_lang();
    let form = RwSignal::new(
        current
            .get_untracked()
            .unwrap_or_else(|| PlanningParams::new(Policy::LotForLot)),
    );
    let status: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = store.dispatch(Command::Mrp {
            command: MrpCommand::SetPlanningParams {
                item: item.clone(),
                params: form.get_untracked(),
            },
        });
        status.set(Some(outcome_text(lang.get_untracked(), &result)));
    };
    fn q(v: Option<i64>) -> Qty {
        Qty(v.unwrap_or(0))
    }
    fn d(v: Option<i64>) -> i32 {
        v.and_then(|x| i32::try_from(x).ok()).unwrap_or(0)
    }
    view! {
        <section aria-labelledby="params-h">
            <h2 id="params-h">{move || t("params")}</h2>
            <form class="params-form" on:submit=save data-testid="params-form">
                <label class="field">
                    <span>{move || t("policy")}</span>
                    <select name="policy" on:change=move |ev| {
                        let p = match event_target_value(&ev).as_str() {
                            "fixed_reorder_qty" => Policy::FixedReorderQty,
                            "maximum_qty" => Policy::MaximumQty,
                            "order" => Policy::Order,
                            "none" => Policy::None,
                            _ => Policy::LotForLot,
                        };
                        form.update(|f| f.policy = p);
                    }>
                        {[("fixed_reorder_qty", "Fixed Reorder Qty.", Policy::FixedReorderQty),
                          ("maximum_qty", "Maximum Qty.", Policy::MaximumQty),
                          ("lot_for_lot", "Lot-for-Lot", Policy::LotForLot),
                          ("order", "Order", Policy::Order),
                          ("none", "—", Policy::None)]
                            .into_iter()
                            .map(|(v, label, p)| view! {
                                <option value=v selected=move || form.with(|f| f.policy == p)>{label}</option>
                            })
                            .collect_view()}
                    </select>
                </label>
                <NumField label="reorder_point" field="reorder_point" form=form get=|p| Some(p.reorder_point.0) set=|p, v| p.reorder_point = q(v) />
                <NumField label="reorder_qty" field="reorder_qty" form=form get=|p| Some(p.reorder_qty.0) set=|p, v| p.reorder_qty = q(v) />
                <NumField label="max_inventory" field="max_inventory" form=form get=|p| Some(p.max_inventory.0) set=|p, v| p.max_inventory = q(v) />
                <NumField label="overflow_level" field="overflow_level" form=form get=|p| Some(p.overflow_level.0) set=|p, v| p.overflow_level = q(v) />
                <NumField label="safety_stock" field="safety_stock" form=form get=|p| Some(p.safety_stock.0) set=|p, v| p.safety_stock = q(v) />
                <NumField label="lead_time" field="lead_time_days" form=form get=|p| Some(p.lead_time_days as i64) set=|p, v| p.lead_time_days = d(v) />
                <NumField label="safety_lead_time" field="safety_lead_time_days" form=form get=|p| p.safety_lead_time_days.map(i64::from) set=|p, v| p.safety_lead_time_days = v.map(|x| d(Some(x))) />
                <NumField label="min_order_qty" field="min_order_qty" form=form get=|p| Some(p.min_order_qty.0) set=|p, v| p.min_order_qty = q(v) />
                <NumField label="max_order_qty" field="max_order_qty" form=form get=|p| Some(p.max_order_qty.0) set=|p, v| p.max_order_qty = q(v) />
                <NumField label="order_multiple" field="order_multiple" form=form get=|p| Some(p.order_multiple.0) set=|p, v| p.order_multiple = q(v) />
                <NumField label="time_bucket" field="time_bucket_days" form=form get=|p| p.time_bucket_days.map(i64::from) set=|p, v| p.time_bucket_days = v.map(|x| d(Some(x))) />
                <NumField label="lot_accumulation" field="lot_accumulation_days" form=form get=|p| Some(p.lot_accumulation_days as i64) set=|p, v| p.lot_accumulation_days = d(v) />
                <NumField label="rescheduling" field="rescheduling_days" form=form get=|p| Some(p.rescheduling_days as i64) set=|p, v| p.rescheduling_days = d(v) />
                <label class="field">
                    <span>{move || t("vendor")}</span>
                    <input type="text" name="vendor"
                        prop:value=move || form.with(|p| p.vendor.clone().unwrap_or_default())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            form.update(|p| p.vendor = (!v.trim().is_empty()).then(|| v.trim().to_owned()));
                        } />
                </label>
                <label class="field">
                    <span>{move || t("replenishment")}</span>
                    <select name="replenishment" on:change=move |ev| {
                        let r = if event_target_value(&ev) == "production" { Replenishment::Production } else { Replenishment::Purchase };
                        form.update(|p| p.replenishment = r);
                    }>
                        <option value="purchase" selected=move || form.with(|p| p.replenishment == Replenishment::Purchase)>{move || t("replenishment.purchase")}</option>
                        <option value="production" selected=move || form.with(|p| p.replenishment == Replenishment::Production)>{move || t("replenishment.production")}</option>
                    </select>
                </label>
                <div class="form-actions">
                    <button type="submit" data-testid="params-save">{move || t("save")}</button>
                </div>
            </form>
            {move || status.get().map(|(ok, msg)| view! {
                <p class="notice" class:ok=ok class:bad=!ok role="status" data-testid="params-status">{msg}</p>
            })}
        </section>
    }
}
