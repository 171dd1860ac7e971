//! Browser tests of EDI on the JIT screen: the import preview of the e2e fixture DELJIT
//! (envelope, counts, first calls, the skipped FTX as a warning), a broken file's error with
//! line, segment and element, the all-or-nothing import and the duplicate refusal through the
//! store, and the call driven to the invoice with DESADV / INVOIC downloads rendered.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a missing element should fail

use chrono::NaiveDate;
use leptos::prelude::*;
use std::sync::Arc;
use takt_app::documents::{self, Document};
use takt_app::pages::jit::actions::{Step, StepResult, run_step};
use takt_app::pages::jit::edi_import::{EdiPreview, Outcome, Preview, apply_import};
use takt_app::store::{demo_state, provide_store_with};
use takt_engine::edi::{self, ErrorKind};
use takt_engine::jit::CallStatus;
use takt_engine::{Day, State};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DELJIT: &str = include_str!("e2e/fixtures/deljit_voltawob.edi");
const BROKEN: &str = include_str!("e2e/fixtures/deljit_broken.edi");
const CALL: &str = "EDI-VOLTAWOB-WOB20261122-001";

fn demo() -> State {
    demo_state(Day::from_date(
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    ))
}

fn container() -> web_sys::Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

fn text(root: &web_sys::Element, sel: &str) -> String {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no element {sel}"))
        .text_content()
        .unwrap_or_default()
}

async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

fn preview(state: &State, bytes: &str) -> Preview {
    Preview::build(
        state,
        "deljit.edi".into(),
        bytes.len() as u64,
        edi::parse(bytes.as_bytes()),
    )
}

#[wasm_bindgen_test]
async fn preview_shows_envelope_counts_calls_and_warnings() {
    let state = demo();
    let p = preview(&state, DELJIT);
    assert!(p.ready(), "{:?}", p.errors);
    assert_eq!(p.partner.as_ref().map(|c| c.as_str()), Some("OEM-WOB"));
    assert_eq!(p.commands.len(), 1);
    let root = container();
    let el = root.clone().dyn_into::<web_sys::HtmlElement>().unwrap();
    let p = Arc::new(p);
    let _m = leptos::mount::mount_to(el, move || {
        takt_app::i18n::provide_lang();
        let p = p.clone();
        view! { <EdiPreview preview=Signal::derive(move || p.clone()) /> }
    });
    settle().await;
    assert_eq!(text(&root, "[data-testid=edi-standard]"), "UN/EDIFACT");
    assert_eq!(text(&root, "[data-testid=edi-types]"), "DELJIT × 1");
    assert_eq!(text(&root, "[data-testid=edi-sender]"), "VOLTAWOB (ZZ)");
    assert_eq!(text(&root, "[data-testid=edi-partner]"), "OEM-WOB");
    assert_eq!(text(&root, "[data-testid=edi-control-ref]"), "WOB20261122");
    assert_eq!(text(&root, "[data-testid=edi-messages]"), "1");
    assert_eq!(text(&root, "[data-testid=edi-calls]"), "1");
    assert_eq!(text(&root, "[data-testid=edi-components]"), "1");
    let table = text(&root, "[data-testid=edi-calls-table] tbody");
    for want in [
        "JC778100",
        "5G0-881-901",
        "HR-100",
        "12",
        "PCE",
        "TOR-3 / A1",
    ] {
        assert!(table.contains(want), "{want} in {table}");
    }
    let warnings = text(&root, "[data-testid=edi-warnings]");
    assert!(warnings.contains("line 11"), "{warnings}");
    assert!(warnings.contains("FTX"), "{warnings}");
    assert!(
        root.query_selector("[data-testid=edi-errors]")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
async fn a_broken_file_lists_the_error_with_its_place() {
    let p = preview(&demo(), BROKEN);
    assert!(!p.ready());
    assert_eq!(p.errors.len(), 1);
    let root = container();
    let el = root.clone().dyn_into::<web_sys::HtmlElement>().unwrap();
    let p = Arc::new(p);
    let _m = leptos::mount::mount_to(el, move || {
        takt_app::i18n::provide_lang();
        let p = p.clone();
        view! { <EdiPreview preview=Signal::derive(move || p.clone()) /> }
    });
    settle().await;
    let errors = text(&root, "[data-testid=edi-errors]");
    assert_eq!(
        text(&root, "[data-testid=edi-error-where]"),
        "line 14 · segment 14 QTY · element 1.2"
    );
    assert!(errors.contains("\"1x\""), "{errors}");
}

#[wasm_bindgen_test]
async fn import_is_all_or_nothing_refuses_a_repeat_and_reaches_the_invoice() {
    let state = demo();
    let calls_before = state.jit.calls.len();
    let owner = Owner::new();
    owner.set();
    let store = provide_store_with(state);
    let p = store.with_untracked(|s| preview(s, DELJIT));
    let env = p.summary.as_ref().unwrap().envelope.clone();
    let outcome = apply_import(store, env.clone(), p.commands.clone(), |_| {}).await;
    assert_eq!(
        outcome,
        Outcome::Imported {
            commands: 1,
            calls: vec![CALL.to_owned()]
        }
    );
    assert_eq!(store.pending_count(), 1);
    store.with_untracked(|s| {
        assert_eq!(s.jit.calls.len(), calls_before + 1);
        let c = &s.jit.calls[CALL];
        assert_eq!(c.status, CallStatus::Received);
        assert_eq!(c.external_id, "JC778100");
        assert_eq!(
            c.components[0].material.as_ref().unwrap().as_str(),
            "HR-100"
        );
    });
    // The same file again: refused before anything is applied, in the preview and on import.
    let again = store.with_untracked(|s| preview(s, DELJIT));
    assert_eq!(again.errors.len(), 1);
    assert_eq!(again.errors[0].kind, ErrorKind::Duplicate);
    let o = apply_import(store, env, again.commands.clone(), |_| {}).await;
    assert!(matches!(o, Outcome::Refused(_)), "{o:?}");
    assert_eq!(store.pending_count(), 1);

    let now = NaiveDate::from_ymd_opt(2026, 11, 24)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap();
    for step in [
        Step::ReleaseToProduction,
        Step::ConfirmProduction,
        Step::ReleaseForPacking,
        Step::Pack,
        Step::CreateDeliveries,
        Step::Pick,
        Step::PostGoodsIssue,
        Step::CreateBilling,
    ] {
        let r = run_step(store, step, vec![CALL.to_owned()], now, "");
        match r {
            StepResult::Applied(a) => assert!(a.outcomes.iter().all(|o| o.ok), "{step:?}: {a:?}"),
            StepResult::Rejected(why) => panic!("{step:?}: {why}"),
        }
    }
    store.with_untracked(|s| {
        let d = &s.jit.deliveries[s.jit.calls[CALL].delivery.as_ref().unwrap()];
        let asn = &s.jit.shipping_notices[d.shipping_notice.as_ref().unwrap()];
        let inv = &s.jit.invoices[d.invoice.as_ref().unwrap()];
        let desadv = documents::render_edi(s, Document::ShippingNotice(asn), now).unwrap();
        assert_eq!(desadv.message_type, "DESADV");
        assert!(desadv.body.contains("UNH+"), "{}", desadv.body);
        assert!(desadv.body.contains("DESADV:D:07A:UN"), "{}", desadv.body);
        assert!(desadv.body.contains("5G0-881-901"), "{}", desadv.body);
        // One line per container (4 per KLT): the despatched quantities add up to 12.
        let despatched: i64 = desadv
            .body
            .split("QTY+12:")
            .skip(1)
            .filter_map(|r| r.split(':').next()?.parse::<i64>().ok())
            .sum();
        assert_eq!(despatched, 12, "{}", desadv.body);
        let invoic = documents::render_edi(s, Document::Invoice(inv), now).unwrap();
        assert_eq!(invoic.message_type, "INVOIC");
        assert!(invoic.body.contains("INVOIC:D:07A:UN"), "{}", invoic.body);
        assert!(invoic.body.contains("QTY+47:12"), "{}", invoic.body);
        // 12 × 42.50 EUR.
        assert!(invoic.body.contains("MOA+203:510"), "{}", invoic.body);
        let file =
            documents::render(s, Document::Invoice(inv), documents::Format::Edi, now).unwrap();
        assert!(file.name.ends_with("-INVOIC.edi"), "{}", file.name);
    });
}
