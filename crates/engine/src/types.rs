//! Value types used across the engine: days, quantities and identifiers.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// A calendar day, counted in days since 1970-01-01.
///
/// Planning works in whole days; an integer keeps comparisons and arithmetic cheap and exact
/// on every target. Convert at the edges with [`Day::from_date`] and [`Day::date`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(transparent)]
pub struct Day(pub i32);

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const EPOCH_FROM_CE: i32 = 719_163;

impl Day {
    /// The day of a calendar date.
    pub fn from_date(date: NaiveDate) -> Day {
        Day(date.num_days_from_ce() - EPOCH_FROM_CE)
    }

    /// The calendar date of this day, or `None` far outside the representable range.
    pub fn date(self) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(self.0.checked_add(EPOCH_FROM_CE)?)
    }

    /// A day from year, month and day, or `None` when the date does not exist.
    pub fn ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        NaiveDate::from_ymd_opt(year, month, day).map(Day::from_date)
    }

    /// This day plus `days` (which may be negative).
    pub fn plus(self, days: i32) -> Day {
        Day(self.0.saturating_add(days))
    }

    /// Whole days from `earlier` to `self`.
    pub fn days_since(self, earlier: Day) -> i32 {
        self.0.saturating_sub(earlier.0)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.date() {
            Some(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            None => write!(f, "day {}", self.0),
        }
    }
}

/// A quantity in an item's base unit. Whole units: planning never uses floats, so browser and
/// server compute the same numbers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(transparent)]
pub struct Qty(pub i64);

impl Qty {
    pub const ZERO: Qty = Qty(0);

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The larger of `self` and zero.
    pub fn at_least_zero(self) -> Qty {
        Qty(self.0.max(0))
    }
}

impl fmt::Display for Qty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Add for Qty {
    type Output = Qty;
    fn add(self, rhs: Qty) -> Qty {
        Qty(self.0 + rhs.0)
    }
}

impl Sub for Qty {
    type Output = Qty;
    fn sub(self, rhs: Qty) -> Qty {
        Qty(self.0 - rhs.0)
    }
}

impl Neg for Qty {
    type Output = Qty;
    fn neg(self) -> Qty {
        Qty(-self.0)
    }
}

impl AddAssign for Qty {
    fn add_assign(&mut self, rhs: Qty) {
        self.0 += rhs.0;
    }
}

impl SubAssign for Qty {
    fn sub_assign(&mut self, rhs: Qty) {
        self.0 -= rhs.0;
    }
}

impl Sum for Qty {
    fn sum<I: Iterator<Item = Qty>>(iter: I) -> Qty {
        Qty(iter.map(|q| q.0).sum())
    }
}

/// The text of an identifier: inline up to 24 bytes (every id we make and every id our partners
/// send so far), so a map of ids or a sales line holding one needs no separate allocation; the
/// JSON is a plain string.
pub type IdStr = compact_str::CompactString;

/// Declares a string identifier newtype (item number, customer number, …).
#[macro_export]
macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash,
            ::serde::Serialize, ::serde::Deserialize, Default,
        )]
        #[serde(transparent)]
        pub struct $name(pub $crate::types::IdStr);

        impl $name {
            pub fn new(s: impl Into<$crate::types::IdStr>) -> Self {
                Self(s.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.into())
            }
        }
    };
}

string_id!(
    /// Our item (material, article) number.
    ItemId
);
string_id!(
    /// A customer (sold-to or ship-to party) number.
    CustomerId
);
string_id!(
    /// A storage location in our books.
    LocationId
);
string_id!(
    /// A sales order number.
    SalesOrderId
);
string_id!(
    /// A purchase order number.
    PurchaseOrderId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_round_trips_through_dates() {
        let d = Day::ymd(2026, 11, 22).unwrap();
        assert_eq!(d.0, 20_779);
        assert_eq!(d.to_string(), "2026-11-22");
        assert_eq!(Day(0).to_string(), "1970-01-01");
        assert_eq!(d.plus(10).days_since(d), 10);
    }

    #[test]
    fn qty_arithmetic() {
        let total: Qty = [Qty(3), Qty(-5), Qty(10)].into_iter().sum();
        assert_eq!(total, Qty(8));
        assert_eq!((Qty(2) - Qty(7)).at_least_zero(), Qty::ZERO);
    }
}
