//! The JIT lifecycle steps as buttons, for one call or a selection: builds each step's command
//! (ids and ranges from `crate::ids`), dispatches it and shows the result with one outcome per
//! call (`Applied.outcomes`) or the rejection.

use crate::i18n::{t, tr};
use crate::ids;
use crate::store::{Store, use_store};
use chrono::NaiveDateTime;
use leptos::prelude::*;
use takt_engine::jit::JitCommand;
use takt_engine::state::Applied;
use takt_engine::types::IdStr;
use takt_engine::{Command, State};

/// A lifecycle step the UI offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    ReleaseToProduction,
    ConfirmProduction,
    ReprocessPostings,
    ReleaseForPacking,
    Pack,
    CreateDeliveries,
    Pick,
    HandOverToWarehouse,
    ConfirmWarehousePicking,
    ConfirmWarehouseGoodsIssue,
    PostGoodsIssue,
    CreateBilling,
    Complete,
    AcceptChange,
    DismissChange,
    Reorder,
    Cancel,
}

impl Step {
    pub const ALL: [Step; 17] = [
        Step::ReleaseToProduction,
        Step::ConfirmProduction,
        Step::ReprocessPostings,
        Step::ReleaseForPacking,
        Step::Pack,
        Step::CreateDeliveries,
        Step::Pick,
        Step::HandOverToWarehouse,
        Step::ConfirmWarehousePicking,
        Step::ConfirmWarehouseGoodsIssue,
        Step::PostGoodsIssue,
        Step::CreateBilling,
        Step::Complete,
        Step::AcceptChange,
        Step::DismissChange,
        Step::Reorder,
        Step::Cancel,
    ];

    /// Wire name of the step (also the i18n key after `step.` and the test id).
    pub fn code(self) -> &'static str {
        match self {
            Step::ReleaseToProduction => "release_to_production",
            Step::ConfirmProduction => "confirm_production",
            Step::ReprocessPostings => "reprocess_postings",
            Step::ReleaseForPacking => "release_for_packing",
            Step::Pack => "pack",
            Step::CreateDeliveries => "create_deliveries",
            Step::Pick => "pick",
            Step::HandOverToWarehouse => "hand_over_to_warehouse",
            Step::ConfirmWarehousePicking => "confirm_warehouse_picking",
            Step::ConfirmWarehouseGoodsIssue => "confirm_warehouse_goods_issue",
            Step::PostGoodsIssue => "post_goods_issue",
            Step::CreateBilling => "create_billing",
            Step::Complete => "complete",
            Step::AcceptChange => "accept_change",
            Step::DismissChange => "dismiss_change",
            Step::Reorder => "reorder",
            Step::Cancel => "cancel",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Step::ReleaseToProduction => "step.release_to_production",
            Step::ConfirmProduction => "step.confirm_production",
            Step::ReprocessPostings => "step.reprocess_postings",
            Step::ReleaseForPacking => "step.release_for_packing",
            Step::Pack => "step.pack",
            Step::CreateDeliveries => "step.create_deliveries",
            Step::Pick => "step.pick",
            Step::HandOverToWarehouse => "step.hand_over_to_warehouse",
            Step::ConfirmWarehousePicking => "step.confirm_warehouse_picking",
            Step::ConfirmWarehouseGoodsIssue => "step.confirm_warehouse_goods_issue",
            Step::PostGoodsIssue => "step.post_goods_issue",
            Step::CreateBilling => "step.create_billing",
            Step::Complete => "step.complete",
            Step::AcceptChange => "step.accept_change",
            Step::DismissChange => "step.dismiss_change",
            Step::Reorder => "step.reorder",
            Step::Cancel => "step.cancel",
        }
    }

    /// The command for this step on `calls`, with ids and ranges from [`crate::ids`].
    pub fn command(
        self,
        state: &State,
        calls: Vec<String>,
        now: NaiveDateTime,
        reason: &str,
    ) -> JitCommand {
        let calls: Vec<IdStr> = calls.into_iter().map(IdStr::from).collect();
        // Warehouse steps act on deliveries: those of the selected calls.
        let deliveries = |calls: &[IdStr]| -> Vec<IdStr> {
            let mut d: Vec<IdStr> = calls
                .iter()
                .filter_map(|c| state.jit.calls.get(c)?.delivery.clone())
                .collect();
            d.sort();
            d.dedup();
            d
        };
        match self {
            Step::ReleaseToProduction => JitCommand::ReleaseToProduction { calls },
            Step::ConfirmProduction => JitCommand::ConfirmProduction { calls },
            Step::ReprocessPostings => JitCommand::ReprocessPostings { calls },
            Step::ReleaseForPacking => JitCommand::ReleaseForPacking { calls },
            Step::Pack => JitCommand::Pack {
                calls,
                sscc: ids::next_sscc_range(state),
            },
            Step::CreateDeliveries => JitCommand::CreateDeliveries {
                calls,
                delivery_prefix: ids::next_delivery_prefix(state),
            },
            Step::Pick => JitCommand::Pick { calls },
            Step::HandOverToWarehouse => JitCommand::HandOverToWarehouse {
                deliveries: deliveries(&calls),
                warehouse: ids::JIT.warehouse.to_owned(),
            },
            Step::ConfirmWarehousePicking => JitCommand::ConfirmWarehousePicking {
                deliveries: deliveries(&calls),
            },
            Step::ConfirmWarehouseGoodsIssue => JitCommand::ConfirmWarehouseGoodsIssue {
                deliveries: deliveries(&calls),
                posted_at: now,
            },
            Step::PostGoodsIssue => JitCommand::PostGoodsIssue {
                calls,
                posted_at: now,
            },
            Step::CreateBilling => JitCommand::CreateBilling {
                calls,
                invoice_prefix: ids::next_invoice_prefix(state),
                invoice_date: now.date(),
            },
            Step::Complete => JitCommand::Complete { calls },
            Step::AcceptChange => JitCommand::AcceptChange { calls },
            Step::DismissChange => JitCommand::DismissChange { calls },
            Step::Reorder => {
                let replacement_suffix = ids::next_replacement_suffix(state, &calls);
                JitCommand::Reorder {
                    calls,
                    replacement_suffix,
                }
            }
            Step::Cancel => JitCommand::Cancel {
                calls,
                reason: reason.to_owned(),
            },
        }
    }
}

/// What the last dispatch did.
#[derive(Debug, Clone, PartialEq)]
pub enum StepResult {
    Applied(Applied),
    Rejected(String),
}

/// Dispatches `step` on `calls`.
pub fn run_step(
    store: Store,
    step: Step,
    calls: Vec<String>,
    now: NaiveDateTime,
    reason: &str,
) -> StepResult {
    let command = store.with_untracked(|s| step.command(s, calls, now, reason));
    match store.dispatch(Command::Jit { command }) {
        Ok(a) => StepResult::Applied(a),
        Err(r) => StepResult::Rejected(r.to_string()),
    }
}

/// The result panel: message and per-call outcomes, announced politely.
#[component]
pub fn ResultPanel(result: RwSignal<Option<StepResult>>) -> impl IntoView {
    view! {
        <div class="result" role="status" aria-live="polite" data-testid="step-result">
            {move || match result.get() {
                None => ().into_any(),
                Some(StepResult::Rejected(msg)) => view! {
                    <p class="rejected"><strong>{t("common.rejected")}": "</strong>{msg}</p>
                }
                .into_any(),
                Some(StepResult::Applied(a)) => view! {
                    <p class="applied"><strong>{t("common.done")}": "</strong>{a.message.to_string()}</p>
                    <ul class="outcomes" data-testid="outcomes">
                        {a.outcomes
                            .iter()
                            .map(|o| {
                                let ok = o.ok;
                                view! {
                                    <li class:ok=ok class:failed=!ok data-ok=ok.to_string()>
                                        <span aria-hidden="true">{if ok { "✔ " } else { "✘ " }}</span>
                                        <a href=format!("/jit/calls/{}", o.id)>{o.id.to_string()}</a>
                                        ": "
                                        {o.message.to_string()}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </div>
    }
}

/// Every lifecycle step as a button acting on `calls`.
#[component]
pub fn ActionBar(
    #[prop(into)] calls: Signal<Vec<String>>,
    #[prop(into)] now: Signal<NaiveDateTime>,
    result: RwSignal<Option<StepResult>>,
) -> impl IntoView {
    let store = use_store();
    let reason = RwSignal::new(String::new());
    let empty = move || calls.with(Vec::is_empty);
    view! {
        <section class="action-bar" aria-labelledby="jit-actions-h">
            <h2 id="jit-actions-h">
                {move || t("jit.actions")}
                " ("
                {move || calls.with(Vec::len)}
                " "
                {move || t("common.selected")}
                ")"
            </h2>
            <div class="buttons">
                {Step::ALL
                    .iter()
                    .map(|step| {
                        let step = *step;
                        view! {
                            <button
                                type="button"
                                data-step=step.code()
                                class:danger=step == Step::Cancel
                                disabled=empty
                                on:click=move |_| {
                                    let c = calls.get_untracked();
                                    let r = reason.get_untracked();
                                    let reason = if r.trim().is_empty() {
                                        tr(crate::i18n::Lang::En, "step.cancel")
                                    } else {
                                        r.trim()
                                    };
                                    result.set(Some(run_step(store, step, c, now.get_untracked(), reason)));
                                }
                            >
                                {move || t(step.label_key())}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <label class="field">
                <span>{move || t("jit.cancel_reason")}</span>
                <input type="text" prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev)) />
            </label>
            <ResultPanel result=result />
        </section>
    }
}
