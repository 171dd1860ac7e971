//! The delimited-segment view shared by EDIFACT and X12: a segment borrows its text from the
//! input, so tokenizing allocates nothing per value. Short segments without release characters
//! carry bit masks of their element and component separators, set by the tokenizer's one pass;
//! reading a value selects bits instead of scanning. Other segments are scanned on demand.

use super::error::{EdiError, ErrorKind};
use super::model::PartyRef;
use crate::types::Qty;
use std::borrow::Cow;

/// The separators of one interchange (from UNA or the ISA segment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delimiters {
    pub element: u8,
    pub component: u8,
    pub segment: u8,
    /// EDIFACT release (escape) character; X12 has none.
    pub release: Option<u8>,
    pub repetition: Option<u8>,
    pub decimal: u8,
}

impl Delimiters {
    /// EDIFACT defaults used when there is no UNA (ISO 9735 level B / UNOB–UNOY).
    pub const EDIFACT: Delimiters = Delimiters {
        element: b'+',
        component: b':',
        segment: b'\'',
        release: Some(b'?'),
        repetition: None,
        decimal: b'.',
    };
    /// What our X12 writer uses.
    pub const X12: Delimiters = Delimiters {
        element: b'*',
        component: b'>',
        segment: b'~',
        release: None,
        repetition: None,
        decimal: b'.',
    };
}

/// One segment: tag plus the raw text of its elements, borrowed from the input.
#[derive(Debug, Clone, Copy)]
pub struct Segment<'a> {
    pub tag: &'a str,
    /// Everything after the tag and its element separator ("" when the segment has no elements).
    pub body: &'a str,
    /// 1-based position in the interchange.
    pub index: u32,
    /// Byte offset in the input (for line numbers in errors).
    pub offset: usize,
    /// Whether `body` contains the release character (then values need unescaping).
    pub escaped: bool,
    /// Whether `elements` and `components` mark every separator of `body` (set by the
    /// tokenizer for bodies of at most 64 bytes without release characters); when not, the
    /// accessors scan the body.
    pub marked: bool,
    /// Bit `i` set: byte `i` of `body` is an element separator (when `marked`).
    pub elements: u64,
    /// Bit `i` set: byte `i` of `body` is a component separator (when `marked`).
    pub components: u64,
    pub delims: Delimiters,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The high bit of every byte of `w` that equals the byte `c` repeats (`c_repeated` is
/// `c` times 0x0101…01); the other bits clear. Exact: no borrow from one byte to the next.
#[inline(always)]
pub(crate) fn eq_bytes(w: u64, c_repeated: u64) -> u64 {
    let x = w ^ c_repeated;
    // High bit of a byte set iff the byte is not zero.
    let nonzero = ((x & LOW7).wrapping_add(LOW7)) | x;
    !nonzero & !LOW7
}

/// `c` in every byte of a word.
#[inline(always)]
pub(crate) fn repeated(c: u8) -> u64 {
    ONES * u64::from(c)
}

/// The high bits of the 8 bytes of [`eq_bytes`] as bits 0..8 (bit `i` for byte `i`), gathered
/// with shifts (a multiply, the usual trick, is spread over vector lanes by the compiler,
/// which have no 64-bit multiply).
#[inline(always)]
pub(crate) fn pack(high_bits: u64) -> u64 {
    let mut x = high_bits >> 7;
    x |= x >> 7;
    x |= x >> 14;
    x |= x >> 28;
    x & 0xff
}

/// One bit per byte of `w` (little-endian) that equals `c`: bit `i` for byte `i`.
#[inline(always)]
fn eq_bits(w: u64, c: u8) -> u64 {
    pack(eq_bytes(w, repeated(c)))
}

/// The 8 bytes of `b` at `p` as a little-endian word, 0 past the end.
#[inline(always)]
pub(crate) fn word(b: &[u8], p: usize) -> u64 {
    b.get(p..)
        .and_then(|s| s.first_chunk::<8>())
        .map_or(0, |w| u64::from_le_bytes(*w))
}

/// Bits below `n` (n ≤ 64).
#[inline(always)]
pub(crate) fn below(n: usize) -> u64 {
    1u64.checked_shl(n as u32).map_or(u64::MAX, |v| v - 1)
}

/// Marks of the element and component separators of `b[start..start + len]` (one bit per
/// byte), found a word at a time in the tokenizer's one pass, so that reading a value is a few
/// bit operations instead of a scan. `None` for bodies longer than 64 bytes.
#[inline]
pub(crate) fn separator_marks(
    b: &[u8],
    start: usize,
    len: usize,
    element: u8,
    component: u8,
) -> Option<(u64, u64)> {
    if len > 64 {
        return None;
    }
    let (mut e, mut c) = (0u64, 0u64);
    if len <= 24 && start + 24 <= b.len() {
        // Almost all segments: three words, always, so there is no loop exit to mispredict.
        let (w0, w1, w2) = (word(b, start), word(b, start + 8), word(b, start + 16));
        e = eq_bits(w0, element) | eq_bits(w1, element) << 8 | eq_bits(w2, element) << 16;
        c = eq_bits(w0, component) | eq_bits(w1, component) << 8 | eq_bits(w2, component) << 16;
    } else if start + 8 * len.div_ceil(8) <= b.len() {
        for k in 0..len.div_ceil(8) {
            let w = word(b, start + 8 * k);
            e |= eq_bits(w, element) << (8 * k);
            c |= eq_bits(w, component) << (8 * k);
        }
    } else {
        for (i, &x) in b.get(start..start + len)?.iter().enumerate() {
            e |= u64::from(x == element) << i;
            c |= u64::from(x == component) << i;
        }
    }
    let keep = below(len);
    Some((e & keep, c & keep))
}

/// Part `n` (0-based) of `from..to`, whose separators are the bits of `marks` (none outside
/// the range): its start and end.
#[inline(always)]
fn marked_part(mut marks: u64, from: usize, to: usize, n: usize) -> Option<(usize, usize)> {
    let mut start = from;
    for _ in 0..n {
        if marks == 0 {
            return None;
        }
        start = marks.trailing_zeros() as usize + 1;
        marks &= marks - 1;
    }
    let end = if marks == 0 {
        to
    } else {
        marks.trailing_zeros() as usize
    };
    Some((start, end))
}

/// The `n`-th (0-based) part of `s` split at `sep`, honouring the release character.
#[inline]
fn nth_part(s: &str, sep: u8, rel: Option<u8>, n: usize) -> Option<&str> {
    let b = s.as_bytes();
    let mut start = 0;
    let mut idx = 0;
    match rel {
        // Most segments have no release character: a plain scan, no escape test per byte.
        None => {
            for (i, &c) in b.iter().enumerate() {
                if c == sep {
                    if idx == n {
                        return s.get(start..i);
                    }
                    idx += 1;
                    start = i + 1;
                }
            }
        }
        Some(rel) => {
            let mut i = 0;
            while i < b.len() {
                let c = b[i];
                if c == rel {
                    i += 2;
                    continue;
                }
                if c == sep {
                    if idx == n {
                        return s.get(start..i);
                    }
                    idx += 1;
                    start = i + 1;
                }
                i += 1;
            }
        }
    }
    if idx == n {
        s.get(start.min(b.len())..)
    } else {
        None
    }
}

fn count_parts(s: &str, sep: u8, rel: Option<u8>) -> usize {
    if s.is_empty() {
        return 0;
    }
    let b = s.as_bytes();
    let mut n = 1;
    let mut i = 0;
    while i < b.len() {
        if Some(b[i]) == rel {
            i += 2;
            continue;
        }
        if b[i] == sep {
            n += 1;
        }
        i += 1;
    }
    n
}

/// Removes release characters: `?+` becomes `+`.
pub(crate) fn unescape(s: &str, rel: u8) -> Cow<'_, str> {
    if !s.as_bytes().contains(&rel) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut released = false;
    for ch in s.chars() {
        if !released && ch as u32 == rel as u32 {
            released = true;
            continue;
        }
        released = false;
        out.push(ch);
    }
    Cow::Owned(out)
}

impl<'a> Segment<'a> {
    /// Start and end of element `n` (1-based) in `body`, from the marks (`marked` only).
    #[inline(always)]
    fn element_span(&self, n: usize) -> Option<(usize, usize)> {
        marked_part(self.elements, 0, self.body.len(), n.checked_sub(1)?)
    }

    /// Start and end of component `m` (1-based, 0 read as 1) of the element at `from..to`.
    #[inline(always)]
    fn component_span(&self, (from, to): (usize, usize), m: usize) -> Option<(usize, usize)> {
        let marks = self.components & below(to) & !below(from);
        marked_part(marks, from, to, m.saturating_sub(1))
    }

    #[inline(always)]
    fn body_at(&self, (from, to): (usize, usize)) -> &'a str {
        self.body.get(from..to).unwrap_or("")
    }

    /// Raw text of element `n` (1-based), "" when absent.
    #[inline]
    pub fn element(&self, n: usize) -> &'a str {
        if n == 0 {
            return "";
        }
        if self.marked {
            return self.element_span(n).map_or("", |sp| self.body_at(sp));
        }
        let rel = if self.escaped {
            self.delims.release
        } else {
            None
        };
        nth_part(self.body, self.delims.element, rel, n - 1).unwrap_or("")
    }

    /// Number of elements present.
    pub fn element_count(&self) -> usize {
        if self.marked {
            return if self.body.is_empty() {
                0
            } else {
                self.elements.count_ones() as usize + 1
            };
        }
        let rel = if self.escaped {
            self.delims.release
        } else {
            None
        };
        count_parts(self.body, self.delims.element, rel)
    }

    /// Raw text of component `m` (1-based) of element `n`, "" when absent.
    #[inline]
    pub fn raw(&self, n: usize, m: usize) -> &'a str {
        if self.marked {
            return self
                .element_span(n)
                .and_then(|e| self.component_span(e, m))
                .map_or("", |sp| self.body_at(sp));
        }
        let e = self.element(n);
        let rel = if self.escaped {
            self.delims.release
        } else {
            None
        };
        nth_part(e, self.delims.component, rel, m.saturating_sub(1)).unwrap_or("")
    }

    /// Values of the first three components of element `n` ("" when absent), split in one
    /// pass: for segments read three components at a time (DTM, QTY) instead of scanning
    /// the element once per component.
    pub fn values3(&self, n: usize) -> [Cow<'a, str>; 3] {
        if self.escaped {
            return [self.value(n, 1), self.value(n, 2), self.value(n, 3)];
        }
        if self.marked {
            let Some(e) = self.element_span(n) else {
                return [Cow::Borrowed(""), Cow::Borrowed(""), Cow::Borrowed("")];
            };
            let marks = self.components & below(e.1) & !below(e.0);
            let at = |k| marked_part(marks, e.0, e.1, k).map_or("", |sp| self.body_at(sp));
            return [at(0), at(1), at(2)].map(Cow::Borrowed);
        }
        let e = self.element(n);
        let sep = self.delims.component;
        let mut out = [""; 3];
        let (mut start, mut k) = (0, 0);
        for (i, &c) in e.as_bytes().iter().enumerate() {
            if c == sep {
                out[k] = e.get(start..i).unwrap_or("");
                k += 1;
                start = i + 1;
                if k == out.len() {
                    break;
                }
            }
        }
        if let Some(slot) = out.get_mut(k) {
            *slot = e.get(start..).unwrap_or("");
        }
        out.map(Cow::Borrowed)
    }

    /// Value of element `n`, component `m`, with release characters removed.
    #[inline]
    pub fn value(&self, n: usize, m: usize) -> Cow<'a, str> {
        let r = self.raw(n, m);
        match (self.escaped, self.delims.release) {
            (true, Some(rel)) => unescape(r, rel),
            _ => Cow::Borrowed(r),
        }
    }

    /// The value, trimmed, as an owned string (`String` or the inline [`super::model::Text`]),
    /// or `None` when empty.
    pub fn opt<T: for<'s> From<&'s str>>(&self, n: usize, m: usize) -> Option<T> {
        let v = self.value(n, m);
        let t = v.trim_ascii();
        if t.is_empty() { None } else { Some(T::from(t)) }
    }

    /// The value, which must not be empty.
    pub fn req<T: for<'s> From<&'s str>>(
        &self,
        n: usize,
        m: usize,
        what: &str,
    ) -> Result<T, EdiError> {
        self.opt(n, m)
            .ok_or_else(|| self.error(n, m, ErrorKind::Content, what, ""))
    }

    /// A whole quantity (a fraction of zeros is accepted: "12.000").
    pub fn qty(&self, n: usize, m: usize, what: &str) -> Result<Qty, EdiError> {
        self.qty_in(&self.value(n, m), n, m, what)
    }

    /// `v`, the value of element `n` component `m` already read, as a whole quantity.
    pub fn qty_in(&self, v: &str, n: usize, m: usize, what: &str) -> Result<Qty, EdiError> {
        parse_qty(v.trim_ascii()).map(Qty).ok_or_else(|| {
            self.error(
                n,
                m,
                ErrorKind::Content,
                format!("{what} (whole number)"),
                v,
            )
        })
    }

    /// An optional whole quantity.
    pub fn opt_qty(&self, n: usize, m: usize, what: &str) -> Result<Option<Qty>, EdiError> {
        if self.raw(n, m).trim_ascii().is_empty() {
            Ok(None)
        } else {
            self.qty(n, m, what).map(Some)
        }
    }

    /// A party (NAD, N1): its id, the code list of the id and the first name found at
    /// `names`; positions are (element, component).
    pub fn party(
        &self,
        id: (usize, usize),
        qualifier: (usize, usize),
        names: &[(usize, usize)],
    ) -> PartyRef {
        PartyRef {
            id: self.value(id.0, id.1).trim_ascii().to_owned(),
            qualifier: self.opt(qualifier.0, qualifier.1),
            name: names.iter().find_map(|&(n, m)| self.opt(n, m)),
        }
    }

    /// Checks a trailer's count (element 1: UNT, UNE, UNZ, SE, GE, IEA) against what the
    /// reader counted. `what` names the element, `expected` says what it should have been.
    pub(crate) fn check_count(
        &self,
        what: &str,
        counted: usize,
        expected: impl FnOnce() -> String,
    ) -> Result<(), EdiError> {
        if self.qty(1, 1, what)?.0 != counted as i64 {
            return Err(self.error(1, 1, ErrorKind::Envelope, expected(), self.value(1, 1)));
        }
        Ok(())
    }

    /// Checks that a trailer repeats its header's reference (element 2).
    pub(crate) fn check_reference(
        &self,
        reference: &str,
        expected: impl FnOnce() -> String,
    ) -> Result<(), EdiError> {
        let r = self.value(2, 1);
        if r.trim_ascii() != reference.trim_ascii() {
            return Err(self.error(2, 1, ErrorKind::Envelope, expected(), r));
        }
        Ok(())
    }

    /// An error located at element `n`, component `m` of this segment.
    pub fn error(
        &self,
        n: usize,
        m: usize,
        kind: ErrorKind,
        expected: impl Into<String>,
        found: impl AsRef<str>,
    ) -> EdiError {
        EdiError::new(kind, expected, found.as_ref())
            .at(self.index, self.tag, self.offset)
            .el(n as u32, m as u32)
    }

    /// An error about the segment as a whole.
    pub fn seg_error(&self, kind: ErrorKind, expected: impl Into<String>) -> EdiError {
        EdiError::new(kind, expected, self.tag).at(self.index, self.tag, self.offset)
    }
}

/// Parses "600", "-5", "12.000", "12,0" into a whole number; a non-zero fraction is refused.
pub(crate) fn parse_qty(s: &str) -> Option<i64> {
    let (int, frac) = match s.find(['.', ',']) {
        Some(p) => (&s[..p], &s[p + 1..]),
        None => (s, ""),
    };
    if !frac.bytes().all(|b| b == b'0') {
        return None;
    }
    let digits = int.strip_prefix('-').unwrap_or(int);
    if digits.is_empty() || digits.len() > 17 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i64 = digits.parse().ok()?;
    Some(if int.starts_with('-') { -v } else { v })
}

/// Parses a decimal into (mantissa, scale): "12.345" → (12345, 3).
pub(crate) fn parse_decimal(s: &str) -> Option<(i64, u32)> {
    let s = s.trim_ascii();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (int, frac) = match s.find(['.', ',']) {
        Some(p) => (&s[..p], &s[p + 1..]),
        None => (s, ""),
    };
    if (int.is_empty() && frac.is_empty()) || int.len() + frac.len() > 17 {
        return None;
    }
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    let mut m: i64 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        m = m.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    Some((if neg { -m } else { m }, frac.len() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(body: &'static str) -> Segment<'static> {
        Segment {
            tag: "TST",
            body,
            index: 1,
            offset: 0,
            escaped: body.contains('?'),
            marked: false,
            elements: 0,
            components: 0,
            delims: Delimiters::EDIFACT,
        }
    }

    /// The segment as the tokenizer hands it out: marked when it can be.
    fn marked(body: &'static str) -> Segment<'static> {
        let mut s = seg(body);
        if !s.escaped
            && let Some((e, c)) = separator_marks(body.as_bytes(), 0, body.len(), b'+', b':')
        {
            (s.marked, s.elements, s.components) = (true, e, c);
        }
        s
    }

    #[test]
    fn marked_and_scanned_segments_read_the_same() {
        let bodies = [
            "",
            "+",
            "++",
            ":",
            "a",
            "a+b",
            "a:b:c+d::e+",
            "+:+:",
            "1+M-01234:SA",
            "11+D3",
            "ON:5500012345",
            "2:202611231200:203",
            "1:2:PCE",
            "UNOC:3+OEM01:ZZ+SUP77:ZZ+261122:0600+4711++++++1",
            "0123456789012345678901234567890+:+0123456789012345678901234567+::",
            "01234567890123456789012345678901234567890123456789012345678901+:",
            "a?+b+c",
        ];
        for body in bodies {
            let (m, s) = (marked(body), seg(body));
            assert_eq!(m.marked, body.len() <= 64 && !body.contains('?'), "{body}");
            assert_eq!(m.element_count(), s.element_count(), "{body}");
            for n in 0..10 {
                assert_eq!(m.element(n), s.element(n), "{body} {n}");
                assert_eq!(m.values3(n), s.values3(n), "{body} {n}");
                for k in 0..6 {
                    assert_eq!(m.raw(n, k), s.raw(n, k), "{body} {n} {k}");
                }
            }
        }
    }

    #[test]
    fn marks_are_found_a_word_at_a_time_and_near_the_end() {
        let text = b"xx+y:z+++::0123456789+:abcdefghij+";
        for start in 0..text.len() {
            for len in 0..=text.len() - start {
                let (e, c) = separator_marks(text, start, len, b'+', b':').expect("short");
                let part = &text[start..start + len];
                for (i, &x) in part.iter().enumerate() {
                    assert_eq!(e >> i & 1 == 1, x == b'+', "{start} {len} {i}");
                    assert_eq!(c >> i & 1 == 1, x == b':', "{start} {len} {i}");
                }
                assert_eq!(e >> len.min(63) >> 1, 0);
            }
        }
    }

    #[test]
    fn elements_and_components_honour_the_release_character() {
        let s = seg("a?+b+c:d?:e:f++g");
        assert_eq!(s.value(1, 1), "a+b");
        assert_eq!(s.value(2, 1), "c");
        assert_eq!(s.value(2, 2), "d:e");
        assert_eq!(s.value(2, 3), "f");
        assert_eq!(s.value(3, 1), "");
        assert_eq!(s.value(4, 1), "g");
        assert_eq!(s.value(5, 1), "");
        assert_eq!(s.element_count(), 4);
    }

    #[test]
    fn quantities_are_whole() {
        assert_eq!(parse_qty("600"), Some(600));
        assert_eq!(parse_qty("12.000"), Some(12));
        assert_eq!(parse_qty("-3"), Some(-3));
        assert_eq!(parse_qty("1.5"), None);
        assert_eq!(parse_qty(""), None);
        assert_eq!(parse_decimal("12.340"), Some((1234, 2)));
        assert_eq!(parse_decimal("0.1234"), Some((1234, 4)));
    }
}
