//! The planning area: the worksheet (`/planning`) with purchase orders, look-ahead warnings
//! and purchase-order change consequences, and the item MRP card (`/planning/items/:id`).

pub mod card;
pub mod worksheet;

pub use card::ItemCard;
pub use worksheet::Planning;

use takt_engine::Rejection;
use takt_engine::state::Applied;

/// What the last command did, for the status line: `Ok` = applied.
pub fn outcome_text(r: &Result<Applied, Rejection>) -> (bool, String) {
    match r {
        Ok(a) => {
            let mut s = a.message.clone();
            for o in &a.outcomes {
                s.push_str(&format!(" · {}: {}", o.id, o.message));
            }
            (true, s)
        }
        Err(e) => (false, e.to_string()),
    }
}
