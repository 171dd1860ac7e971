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
///
/// Ordered like `str` (bytewise), but compared eight bytes at a time in registers: maps keyed
/// by ids (calls, handling units, items, stock) spend most of a lookup comparing short keys
/// that share a prefix, and a `memcmp` call per comparison cost more than the comparison.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IdStr(compact_str::CompactString);

impl PartialEq for IdStr {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        eq_str_bytes(self.0.as_bytes(), other.0.as_bytes())
    }
}

impl Eq for IdStr {}

/// Hashes like `str` (required by `Borrow<str>`).
impl std::hash::Hash for IdStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.as_str().hash(state);
    }
}

impl IdStr {
    /// An id from a string literal, without copying it.
    pub const fn const_new(s: &'static str) -> Self {
        IdStr(compact_str::CompactString::const_new(s))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// Bytewise order of two strings, eight bytes per step (big-endian words compare like bytes).
#[inline]
pub fn cmp_str_bytes(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let (u, v) = (word_be(a, i), word_be(b, i));
        if u != v {
            return u.cmp(&v);
        }
        i += 8;
    }
    if i < n {
        if n >= 8 {
            // The last word overlaps bytes already found equal, so it orders by the rest.
            let (u, v) = (word_be(a, n - 8), word_be(b, n - 8));
            if u != v {
                return u.cmp(&v);
            }
        } else {
            // Both cut to the common length, which orders by that prefix.
            let (u, v) = (short_key(&a[..n]), short_key(&b[..n]));
            if u != v {
                return u.cmp(&v);
            }
        }
    }
    a.len().cmp(&b.len())
}

/// The eight bytes of `s` from `at` as a big-endian word; the caller keeps `at + 8 <= s.len()`.
#[inline(always)]
fn word_be(s: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&s[at..at + 8]);
    u64::from_be_bytes(w)
}

/// Equality of two byte strings, a word at a time (the last word overlapping). Short ones
/// compare as two overlapping four-byte words, or, under four bytes, as their first, middle
/// and last byte: no loop and no `memcmp` call for the ids that fill a JIT call.
#[inline]
fn eq_str_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        return short_key(a) == short_key(b);
    }
    let mut i = 0;
    while i + 8 < n {
        if word_be(a, i) != word_be(b, i) {
            return false;
        }
        i += 8;
    }
    word_be(a, n - 8) == word_be(b, n - 8)
}

/// A string of fewer than eight bytes as one word that orders like the bytes for strings of
/// the same length: two overlapping big-endian four-byte words from 4 bytes on, the first,
/// middle and last byte below that (which are all of its bytes).
#[inline(always)]
fn short_key(s: &[u8]) -> u64 {
    let n = s.len();
    if n >= 4 {
        let mut hi = [0u8; 4];
        let mut lo = [0u8; 4];
        hi.copy_from_slice(&s[..4]);
        lo.copy_from_slice(&s[n - 4..n]);
        (u64::from(u32::from_be_bytes(hi)) << 32) | u64::from(u32::from_be_bytes(lo))
    } else if n > 0 {
        (u64::from(s[0]) << 16) | (u64::from(s[n / 2]) << 8) | u64::from(s[n - 1])
    } else {
        0
    }
}

impl Ord for IdStr {
    #[inline]
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        cmp_str_bytes(self.0.as_bytes(), other.0.as_bytes())
    }
}

impl PartialOrd for IdStr {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::ops::Deref for IdStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl std::borrow::Borrow<str> for IdStr {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for IdStr {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for IdStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl fmt::Debug for IdStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.as_str(), f)
    }
}

impl From<&str> for IdStr {
    fn from(s: &str) -> Self {
        IdStr(s.into())
    }
}

impl From<&String> for IdStr {
    fn from(s: &String) -> Self {
        IdStr(s.as_str().into())
    }
}

impl From<String> for IdStr {
    fn from(s: String) -> Self {
        IdStr(s.into())
    }
}

impl From<compact_str::CompactString> for IdStr {
    fn from(s: compact_str::CompactString) -> Self {
        IdStr(s)
    }
}

impl From<IdStr> for String {
    fn from(s: IdStr) -> Self {
        s.0.into()
    }
}

impl PartialEq<str> for IdStr {
    fn eq(&self, other: &str) -> bool {
        self.0.as_str() == other
    }
}

impl PartialEq<&str> for IdStr {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

impl PartialEq<IdStr> for &str {
    fn eq(&self, other: &IdStr) -> bool {
        *self == other.0.as_str()
    }
}

impl PartialEq<IdStr> for String {
    fn eq(&self, other: &IdStr) -> bool {
        self.as_str() == other.0.as_str()
    }
}

impl PartialEq<String> for IdStr {
    fn eq(&self, other: &String) -> bool {
        self.0.as_str() == other.as_str()
    }
}

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

    #[test]
    fn ids_order_like_their_text() {
        // Shared prefixes, prefixes of each other, word boundaries at 8 and 16 bytes, bytes
        // above 0x7f (UTF-8) and ids longer than the 24 inline bytes.
        let ids = [
            "",
            "A",
            "AB",
            "C0000001",
            "C0000002",
            "C00000010",
            "C0000001X",
            "00340123450000000017",
            "00340123450000000024",
            "0034012345000000002",
            "Zürich",
            "Zz",
            "é",
            "JIT-2026-000000000001-R1",
            "JIT-2026-000000000001-R10",
            "JIT-2026-000000000001-R2",
        ];
        for a in ids {
            for b in ids {
                assert_eq!(
                    IdStr::from(a).cmp(&IdStr::from(b)),
                    a.cmp(b),
                    "{a:?} vs {b:?}"
                );
                let (x, y) = (IdStr::from(a), IdStr::from(b));
                assert_eq!(x == y, a == b, "{a:?} == {b:?}");
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn id_order_is_the_order_of_strings(a in "[0-9A-Z\\-é]{0,40}", b in "[0-9A-Z\\-é]{0,40}") {
            proptest::prop_assert_eq!(IdStr::from(a.as_str()).cmp(&IdStr::from(b.as_str())), a.cmp(&b));
            // A common prefix, so that the comparison reaches the later words.
            let (p, q) = (format!("C00000000{a}"), format!("C00000000{b}"));
            proptest::prop_assert_eq!(IdStr::from(p.as_str()).cmp(&IdStr::from(q.as_str())), p.cmp(&q));
            let (x, y, z) = (IdStr::from(p.as_str()), IdStr::from(q.as_str()), IdStr::from(p.as_str()));
            proptest::prop_assert_eq!(x == y, p == q);
            proptest::prop_assert!(x == z);
        }

        /// Short ids of a two-letter alphabet: equal lengths and equal strings are common, so
        /// the short-string paths (under eight bytes) meet every case.
        #[test]
        fn short_ids_compare_like_strings(a in "[AB\u{e9}]{0,8}", b in "[AB\u{e9}]{0,8}") {
            let (x, y) = (IdStr::from(a.as_str()), IdStr::from(b.as_str()));
            proptest::prop_assert_eq!(x.cmp(&y), a.cmp(&b));
            proptest::prop_assert_eq!(x == y, a == b);
        }
    }
}
