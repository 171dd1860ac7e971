//! The date and time fields every standard shares: CCYYMMDD and YYMMDD dates, HHMM times, and
//! the envelope's preparation date and time. One home for EDIFACT, X12 and VDA readers.

use super::model::When;
use crate::types::Day;

/// The value of `N` ASCII digits, `None` if any byte is not a digit.
fn digits(t: &[u8]) -> Option<u32> {
    t.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// CCYYMMDD.
pub(crate) fn ccyymmdd(t: &str) -> Option<Day> {
    let b = t.as_bytes();
    if b.len() != 8 {
        return None;
    }
    let y = i32::try_from(digits(&b[0..4])?).ok()?;
    Day::ymd(y, digits(&b[4..6])?, digits(&b[6..8])?)
}

/// YYMMDD with the century window 00–69 → 20xx, 70–99 → 19xx.
pub(crate) fn yymmdd(t: &str) -> Option<Day> {
    let b = t.as_bytes();
    if b.len() != 6 {
        return None;
    }
    let y = i32::try_from(digits(&b[0..2])?).ok()?;
    Day::ymd(
        if y < 70 { 2000 + y } else { 1900 + y },
        digits(&b[2..4])?,
        digits(&b[4..6])?,
    )
}

/// HHMM as minutes after midnight; 2400 is midnight.
pub(crate) fn hhmm(t: &str) -> Option<u16> {
    let b = t.as_bytes();
    if b.len() != 4 {
        return None;
    }
    let (h, m) = (digits(&b[0..2])?, digits(&b[2..4])?);
    if h > 24 || m > 59 || (h == 24 && m > 0) {
        return None;
    }
    u16::try_from((h % 24) * 60 + m).ok()
}

/// CCYYMMDD and an optional HHMM(SS) as X12 writes them.
pub(crate) fn ccyymmdd_hhmm(date: &str, time: &str) -> Option<When> {
    let day = ccyymmdd(date)?;
    let minute = if time.trim_ascii().is_empty() {
        None
    } else {
        Some(hhmm(time.get(..4)?)?)
    };
    Some(When { day, minute })
}

/// An envelope's preparation date (YYMMDD or CCYYMMDD) and time (HHMM).
pub(crate) fn prepared(date: &str, time: &str) -> Option<When> {
    let day = match date.len() {
        6 => yymmdd(date)?,
        8 => ccyymmdd(date)?,
        _ => return None,
    };
    Some(When {
        day,
        minute: hhmm(time.get(..4).unwrap_or("")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_read_or_refuse() {
        assert_eq!(ccyymmdd("20261123"), Day::ymd(2026, 11, 23));
        assert_eq!(ccyymmdd("2026112x"), None);
        assert_eq!(ccyymmdd("20261332"), None);
        assert_eq!(yymmdd("261123"), Day::ymd(2026, 11, 23));
        assert_eq!(yymmdd("991231"), Day::ymd(1999, 12, 31));
        assert_eq!(hhmm("0815"), Some(8 * 60 + 15));
        assert_eq!(hhmm("2400"), Some(0));
        assert_eq!(hhmm("2401"), None);
        assert_eq!(hhmm("08:1"), None);
        assert_eq!(
            ccyymmdd_hhmm("20261123", "081500"),
            Some(When {
                day: Day::ymd(2026, 11, 23).unwrap_or_default(),
                minute: Some(8 * 60 + 15)
            })
        );
        assert_eq!(
            prepared("261122", "0600"),
            ccyymmdd_hhmm("20261122", "0600")
        );
    }
}
