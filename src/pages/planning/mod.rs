//! The planning area: the worksheet (`/planning`) with purchase orders, look-ahead warnings
//! and purchase-order change consequences, and the item MRP card (`/planning/items/:id`).

pub mod card;
pub mod worksheet;

pub use card::ItemCard;
pub use worksheet::Planning;

use crate::i18n::Lang;
use crate::i18n_msg;
use takt_engine::Rejection;
use takt_engine::state::Applied;

/// What the last command did, for the status line, in `lang`: `Ok` = applied.
pub fn outcome_text(lang: Lang, r: &Result<Applied, Rejection>) -> (bool, String) {
    match r {
        Ok(a) => (true, i18n_msg::applied(lang, a)),
        Err(e) => (false, i18n_msg::rejection(lang, e)),
    }
}
