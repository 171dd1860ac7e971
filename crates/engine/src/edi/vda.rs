//! VDA fixed-length syntax: 128-character records, each starting with a 3-digit record type
//! and a 2-digit version; field access by column; and a record writer that pads and checks.

pub(crate) use super::dates::{hhmm, yymmdd};
use super::error::{EdiError, EdiWarning, ErrorKind};
use crate::types::{Day, Qty};

pub const RECORD_LEN: usize = 128;

/// One record, borrowed from the input.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub rtype: &'a str,
    pub version: &'a str,
    pub raw: &'a str,
    /// 1-based record number in the file.
    pub index: u32,
    pub offset: usize,
    ascii: bool,
}

impl<'a> Record<'a> {
    /// Columns `from..=to` (1-based, inclusive), untrimmed; missing columns read as "".
    pub fn cols(&self, from: usize, to: usize) -> &'a str {
        if from == 0 || to < from {
            return "";
        }
        if self.ascii {
            let end = to.min(self.raw.len());
            return self.raw.get(from - 1..end).unwrap_or("");
        }
        // Non-ASCII (latin-1 decoded umlauts): columns are characters, not bytes.
        let mut it = self
            .raw
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(self.raw.len()));
        let a = it.nth(from - 1);
        let b = it.nth(to - from);
        match (a, b) {
            (Some(a), Some(b)) => self.raw.get(a..b).unwrap_or(""),
            (Some(a), None) => self.raw.get(a..).unwrap_or(""),
            _ => "",
        }
    }

    /// Trimmed text of the field, `None` if blank.
    /// The field trimmed, as `String` or [`super::model::Text`]; `None` when blank.
    pub fn text<T: for<'s> From<&'s str>>(&self, from: usize, to: usize) -> Option<T> {
        self.field(from, to).map(T::from)
    }

    /// The field trimmed, borrowed; `None` when blank.
    pub fn field(&self, from: usize, to: usize) -> Option<&str> {
        let t = self.cols(from, to).trim_ascii();
        if t.is_empty() { None } else { Some(t) }
    }

    pub fn error(&self, from: usize, expected: impl Into<String>, found: &str) -> EdiError {
        EdiError::new(ErrorKind::Content, expected, found)
            .at(self.index, self.rtype, self.offset)
            .el(from as u32, 0)
    }

    /// A numeric field (all digits; blanks read as zero).
    pub fn num(&self, from: usize, to: usize, what: &str) -> Result<i64, EdiError> {
        let raw = self.cols(from, to);
        let t = raw.trim_ascii();
        if t.is_empty() {
            return Ok(0);
        }
        if t.len() > 17 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.error(from, format!("{what}: digits in columns {from}–{to}"), raw));
        }
        t.parse()
            .map_err(|_| self.error(from, format!("{what}: a number"), raw))
    }

    pub fn qty(&self, from: usize, to: usize, what: &str) -> Result<Qty, EdiError> {
        self.num(from, to, what).map(Qty)
    }

    /// A date YYMMDD; `None` for 000000 or blanks.
    pub fn date(&self, from: usize, what: &str) -> Result<Option<Day>, EdiError> {
        let raw = self.cols(from, from + 5);
        let t = raw.trim_ascii();
        if t.is_empty() || t == "000000" {
            return Ok(None);
        }
        yymmdd(t)
            .map(Some)
            .ok_or_else(|| self.error(from, format!("{what}: date YYMMDD"), raw))
    }

    /// A time HHMM as minutes; `None` for blanks.
    pub fn time(&self, from: usize, what: &str) -> Result<Option<u16>, EdiError> {
        let raw = self.cols(from, from + 3);
        if raw.trim_ascii().is_empty() {
            return Ok(None);
        }
        hhmm(raw)
            .map(Some)
            .ok_or_else(|| self.error(from, format!("{what}: time HHMM"), raw))
    }
}

/// Splits a VDA file into records. Files with line breaks have one record per line (shorter
/// lines are accepted: trailing blanks are often stripped); files without are cut every 128
/// characters.
pub fn records(input: &str) -> Result<Vec<Record<'_>>, EdiError> {
    let mut out = Vec::with_capacity(input.len() / 129 + 1);
    let body = input.strip_prefix('\u{feff}').unwrap_or(input);
    let base = input.len() - body.len();
    fn push<'a>(
        input: &str,
        raw: &'a str,
        offset: usize,
        out: &mut Vec<Record<'a>>,
    ) -> Result<(), EdiError> {
        let index = out.len() as u32 + 1;
        let n = raw.chars().count();
        if n > RECORD_LEN {
            return Err(EdiError::syntax(
                format!("a record of at most {RECORD_LEN} characters"),
                format!("{n} characters"),
            )
            .at(index, raw.get(0..3).unwrap_or(""), offset)
            .locate(input.as_bytes()));
        }
        let rt = raw
            .get(0..3)
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()));
        let Some(rtype) = rt else {
            return Err(EdiError::syntax(
                "a 3-digit record type in columns 1–3",
                raw.chars().take(3).collect::<String>(),
            )
            .at(index, "", offset)
            .el(1, 0)
            .locate(input.as_bytes()));
        };
        out.push(Record {
            rtype,
            version: raw.get(3..5).unwrap_or(""),
            raw,
            index,
            offset,
            ascii: raw.is_ascii(),
        });
        Ok(())
    }
    if body.contains('\n') {
        let mut off = base;
        for line in body.split('\n') {
            let l = line.strip_suffix('\r').unwrap_or(line);
            if !l.trim_ascii().is_empty() {
                push(input, l, off, &mut out)?;
            }
            off += line.len() + 1;
        }
    } else {
        let mut rest = body.trim_end_matches(['\r', '\u{1a}']);
        let mut off = base;
        while !rest.is_empty() {
            let cut = rest
                .char_indices()
                .nth(RECORD_LEN)
                .map(|(i, _)| i)
                .unwrap_or(rest.len());
            let (rec, tail) = rest.split_at(cut);
            push(input, rec, off, &mut out)?;
            off += cut;
            rest = tail;
        }
    }
    Ok(out)
}

/// Checks a trailer's record counters. Mismatches are warnings: trailers in the field (and the
/// public samples) are often computed differently, and the content is already fully checked.
pub(crate) fn check_counters(
    recs: &[Record<'_>],
    trailer: &Record<'_>,
    fields: &[(&str, usize)],
    warnings: &mut Vec<EdiWarning>,
) -> Result<(), EdiError> {
    for &(rt, col) in fields {
        let claimed = trailer.num(col, col + 6, &format!("counter of record {rt}"))?;
        let actual = recs.iter().filter(|r| r.rtype == rt).count() as i64;
        if claimed != actual {
            warnings.push(EdiWarning::new(
                trailer.index,
                trailer.rtype,
                trailer.offset,
                format!("counter of record {rt} (column {col}) says {claimed}, file has {actual}"),
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- writer

/// Builds one 128-character record from fields placed at fixed columns.
#[derive(Debug)]
pub struct RecordBuf {
    buf: Vec<u8>,
    rtype: &'static str,
}

impl RecordBuf {
    pub fn new(rtype: &'static str, version: &str) -> RecordBuf {
        let mut buf = vec![b' '; RECORD_LEN];
        buf[0..3].copy_from_slice(rtype.as_bytes());
        for (i, b) in version.bytes().take(2).enumerate() {
            buf[3 + i] = b;
        }
        RecordBuf { buf, rtype }
    }

    /// Left-aligned text in columns `from..=to`. Only printable ASCII fits the fixed layout.
    pub fn text(&mut self, from: usize, to: usize, v: &str, field: &str) -> Result<(), EdiError> {
        let w = to + 1 - from;
        if v.len() > w || !v.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return Err(EdiError::render(
                format!(
                    "{field}: at most {w} printable ASCII characters (record {})",
                    self.rtype
                ),
                v.to_owned(),
            ));
        }
        self.buf[from - 1..from - 1 + v.len()].copy_from_slice(v.as_bytes());
        Ok(())
    }

    /// Zero-padded number in columns `from..=to`.
    pub fn num(&mut self, from: usize, to: usize, v: i64, field: &str) -> Result<(), EdiError> {
        let w = to + 1 - from;
        let s = format!("{:0w$}", v);
        if v < 0 || s.len() > w {
            return Err(EdiError::render(
                format!(
                    "{field}: a number of at most {w} digits (record {})",
                    self.rtype
                ),
                v.to_string(),
            ));
        }
        self.text(from, to, &s, field)
    }

    pub fn finish(self, out: &mut String) {
        out.push_str(&String::from_utf8_lossy(&self.buf));
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_split_by_lines_or_every_128() {
        let a = format!("{:<128}", "51102X");
        let b = format!("{:<128}", "51901Y");
        let text = format!("{a}\r\n{b}\r\n");
        let lines = records(&text).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].rtype, "519");
        assert_eq!(lines[0].cols(6, 6), "X");
        let text = format!("{a}{b}");
        let flat = records(&text).unwrap();
        assert_eq!(flat.len(), 2);
        assert_eq!(flat[1].version, "01");
    }

    #[test]
    fn too_long_record_names_line_and_length() {
        let long = format!("511{}", "x".repeat(200));
        let text = format!("{long}\n");
        let e = records(&text).unwrap_err();
        assert_eq!((e.line, e.segment), (1, 1));
        assert!(e.to_string().contains("at most 128"));
    }
}
