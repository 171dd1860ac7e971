//! Browser tests of engine messages in the user's language (a known rejection renders in
//! German on the VMI page; rejections, reasons and warnings translate by structure and template)
//! and of the planning worksheet following the store (a sales order placed elsewhere re-plans).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common_plan;

use common_plan::*;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use takt_app::i18n::{Lang, LangCtx};
use takt_app::i18n_msg;
use takt_app::pages::planning::Planning;
use takt_app::pages::vmi::VmiPlanner;
use takt_app::store::{Store, provide_store_with, today};
use takt_engine::model::{SalesLine, SalesOrder};
use takt_engine::mrp::{self, engine::LineKind, engine::Reason};
use takt_engine::types::{CustomerId, ItemId, LocationId, Qty, SalesOrderId};
use takt_engine::vmi::ProposalStatus;
use takt_engine::{Command, Day, Rejection};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    for _ in 0..4 {
        tick().await;
    }
}

#[wasm_bindgen_test]
async fn a_rejected_proposal_edit_renders_in_german() {
    let day = today();
    let state = planned_demo(day);
    // The demo's proposal run leaves open proposals to edit.
    let first = state
        .vmi
        .proposals
        .values()
        .find(|p| p.status == ProposalStatus::New)
        .map(|p| p.id.clone())
        .expect("the demo has an open proposal");
    let root = container("messages-de");
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_store_with(state);
        provide_context(LangCtx(RwSignal::new(Lang::De)));
        view! { <VmiPlanner as_of=day /> }
    });
    let root: web_sys::Element = root.into();
    settle().await;
    let row = q(&root, &format!("tr[data-proposal='{first}']"));
    set_value(&q(&row, "[data-testid=proposal-qty]"), "0", "input");
    click(&q(&row, "[data-testid=proposal-save]"));
    settle().await;
    // EditProposal with qty 0: Rejection::Invalid { field: "qty", message: "must be above zero
    // (delete instead)" } — the field stays, the message is German.
    assert_eq!(
        text(&q(&root, "[data-testid=vmi-message]")),
        "Abgelehnt: qty: muss über null liegen (sonst löschen)"
    );
    handle.forget();
}

#[wasm_bindgen_test]
fn rejections_translate_by_structure() {
    let not_found = Rejection::not_found("sales organisation", "XX");
    assert_eq!(
        i18n_msg::rejection(Lang::De, &not_found),
        "Vertriebsorganisation XX existiert nicht"
    );
    assert_eq!(
        i18n_msg::rejection(Lang::En, &not_found),
        "sales organisation XX does not exist"
    );
    // A status word and a number inside a template.
    let pre = Rejection::precondition("VP-7", "a Converted proposal cannot be edited");
    assert_eq!(
        i18n_msg::rejection(Lang::De, &pre),
        "VP-7: ein umgesetzter Vorschlag kann nicht bearbeitet werden"
    );
    let stock =
        Rejection::precondition("HR-100", "stock of HR-100 is 1200, goods issue needs 1500");
    assert_eq!(
        i18n_msg::rejection(Lang::De, &stock),
        "HR-100: Bestand von HR-100 ist 1.200, der Warenausgang braucht 1.500"
    );
    // Unknown text stays English rather than disappear.
    let other = Rejection::invalid("x", "something new");
    assert_eq!(i18n_msg::rejection(Lang::De, &other), "x: something new");
    // ATP warning: dates and numbers in the German locale.
    assert_eq!(
        i18n_msg::message_in(
            Lang::De,
            "a demand of 1500 on 2026-12-01, just after the ATP period (ends 2026-11-29), would be short by 300 if 200 are promised"
        ),
        "ein Bedarf von 1.500 am 01.12.2026, kurz nach dem ATP-Zeitraum (endet 29.11.2026), wäre um 300 unterdeckt, wenn 200 zugesagt werden"
    );
    // A planning line's reason by its kind.
    let r = Reason {
        kind: LineKind::ReorderPoint,
        day: Day::from_date(chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()),
        projected: 1250,
        level: 1300,
    };
    assert_eq!(
        i18n_msg::reason(Lang::De, &r),
        "Voraussichtlicher Bestand 1.250 am Ende der Periode bis 04.12.2026 liegt auf oder unter dem Meldebestand 1.300"
    );
    assert_eq!(i18n_msg::reason(Lang::En, &r), r.to_string());
}

#[wasm_bindgen_test]
async fn the_worksheet_replans_when_the_store_changes() {
    let day = today();
    let state = planned_demo(day);
    let before = mrp::plan_all(&state, day, &[]);
    let cell: Rc<Cell<Option<Store>>> = Rc::new(Cell::new(None));
    let c = cell.clone();
    let root = container("worksheet-follows");
    let st = state.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        c.set(Some(provide_store_with(st)));
        view! { <Planning /> }
    });
    let root: web_sys::Element = root.into();
    click(&q(&root, "[data-testid=run-regen]"));
    for _ in 0..50 {
        tick().await;
        if root
            .query_selector("[data-testid=plan-lines]")
            .unwrap()
            .is_some()
        {
            break;
        }
    }
    let qtys = |root: &web_sys::Element| {
        q_all(root, "[data-testid=line-qty]")
            .iter()
            .map(text)
            .collect::<Vec<_>>()
    };
    let as_text = |p: &mrp::Plan| p.lines().map(|l| l.qty.0.to_string()).collect::<Vec<_>>();
    assert_eq!(qtys(&root), as_text(&before));

    // A large HR-100 order placed elsewhere (the ATP page, a pull): no button pressed here.
    let store = cell.get().expect("the store");
    store
        .dispatch(Command::PlaceSalesOrder {
            order: SalesOrder {
                id: SalesOrderId::new("SO-9001"),
                customer: CustomerId::new("OEM-LPZ"),
                ship_to: CustomerId::new("OEM-LPZ"),
                lines: vec![SalesLine {
                    line: 10000,
                    item: ItemId::new("HR-100"),
                    qty: Qty(2000),
                    delivered: Qty::ZERO,
                    reserved: Qty::ZERO,
                    shipping_date: day.plus(10),
                    location: Some(LocationId::new("MAIN")),
                }],
            },
        })
        .expect("the order is placed");
    settle().await;
    let after = store.with_untracked(|s| mrp::plan_all(s, day, &[]));
    assert_ne!(
        as_text(&before),
        as_text(&after),
        "the order must change the plan"
    );
    assert_eq!(qtys(&root), as_text(&after));
    handle.forget();
}
