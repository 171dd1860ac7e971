//! Demo data for trying the planning screens: the shared demo commands plus planning
//! parameters on three items. Dispatched through the store only when the URL asks for it
//! (`?demo=1`, used by the end-to-end tests and for showing the app before sync exists).

use crate::store::Store;
use takt_engine::mrp::{MrpCommand, PlanningParams, Policy};
use takt_engine::types::{ItemId, Qty};
use takt_engine::{Command, Day};

/// The demo commands and the planning parameters, in order.
pub fn commands(as_of: Day) -> Vec<Command> {
    let mut out = takt_engine::demo::commands(as_of);
    let mut hr = PlanningParams::new(Policy::FixedReorderQty);
    hr.reorder_point = Qty(300);
    hr.reorder_qty = Qty(250);
    hr.safety_stock = Qty(50);
    hr.max_inventory = Qty(800);
    hr.lead_time_days = 7;
    let mut cp = PlanningParams::new(Policy::LotForLot);
    cp.lead_time_days = 10;
    let mut ar = PlanningParams::new(Policy::LotForLot);
    ar.safety_stock = Qty(20);
    for (item, params) in [("HR-100", hr), ("CP-300", cp), ("AR-200", ar)] {
        out.push(Command::Mrp {
            command: MrpCommand::SetPlanningParams {
                item: ItemId::new(item),
                params,
            },
        });
    }
    out
}

/// Seeds the store with the demo once, if the URL has `demo=1` and the store has no items.
pub fn seed_if_requested(store: Store, as_of: Day) {
    let wanted = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|s| s.contains("demo=1"));
    if wanted && store.with_untracked(|s| s.items.is_empty()) {
        for c in commands(as_of) {
            // A demo command the state already has is rejected and skipped.
            let _ = store.dispatch(c);
        }
    }
}
