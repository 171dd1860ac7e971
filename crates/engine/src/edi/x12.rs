//! ANSI ASC X12 syntax: separators taken from the ISA segment, ISA/GS/ST/SE/GE/IEA envelopes
//! with control numbers and counts, and a writer.

use super::edifact::{skip_preamble, tokenize};
use super::error::{EdiError, EdiWarning, ErrorKind};
use super::segment::{Delimiters, Segment};

/// One transaction set (ST…SE).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetRef {
    pub id: String,
    pub control: String,
    /// GS08 of the enclosing group (e.g. "004010").
    pub version: String,
    /// Index of ST in [`Interchange::segments`].
    pub start: usize,
    /// Index of SE.
    pub end: usize,
}

/// A parsed X12 interchange.
#[derive(Debug)]
pub struct Interchange<'a> {
    pub input: &'a str,
    pub delims: Delimiters,
    pub sender_qualifier: String,
    pub sender: String,
    pub receiver_qualifier: String,
    pub receiver: String,
    pub date: String,
    pub time: String,
    pub version: String,
    pub control: String,
    pub test: bool,
    pub segments: Vec<Segment<'a>>,
    pub sets: Vec<SetRef>,
    pub warnings: Vec<EdiWarning>,
}

impl<'a> Interchange<'a> {
    /// Segments between ST and SE, both excluded.
    pub fn body(&self, s: &SetRef) -> &[Segment<'a>] {
        self.segments.get(s.start + 1..s.end).unwrap_or(&[])
    }
}

/// Parses an X12 interchange. All or nothing.
pub fn parse(input: &str) -> Result<Interchange<'_>, EdiError> {
    parse_inner(input)
        .map_err(|e| e.locate(input.as_bytes()))
        .map(|mut ic| {
            super::error::locate_warnings(&mut ic.warnings, input.as_bytes());
            ic
        })
}

/// Reads the ISA segment: separators and interchange header. Returns them, the ISA segment and
/// where the next segment starts.
fn open(input: &str) -> Result<(Interchange<'_>, Segment<'_>, usize), EdiError> {
    let start = skip_preamble(input);
    let b = input.as_bytes();
    if !b[start..].starts_with(b"ISA") || b.len() < start + 4 {
        return Err(
            EdiError::envelope("ISA interchange header", input.get(start..).unwrap_or(""))
                .at(1, "ISA", start),
        );
    }
    let el = b[start + 3];
    if el.is_ascii_alphanumeric() || !el.is_ascii() || el == b' ' {
        return Err(
            EdiError::syntax("an element separator after ISA", (el as char).to_string())
                .at(1, "ISA", start),
        );
    }
    // ISA has 16 elements; the one after the 16th separator is the component separator and
    // the byte after that terminates the segment.
    let mut seps = 0;
    let mut p = start + 3;
    while p < b.len() && seps < 16 {
        if b[p] == el {
            seps += 1;
        }
        p += 1;
    }
    let (Some(&comp), Some(&term)) = (b.get(p), b.get(p + 1)) else {
        return Err(
            EdiError::syntax("16 ISA elements and a segment terminator", "end of input")
                .at(1, "ISA", start),
        );
    };
    if !comp.is_ascii() || !term.is_ascii() || comp == el || term == el || term == comp {
        return Err(EdiError::syntax(
            "distinct element, component and segment separators",
            format!("{}{}{}", el as char, comp as char, term as char),
        )
        .at(1, "ISA", start)
        .el(16, 0));
    }
    let mut delims = Delimiters {
        element: el,
        component: comp,
        segment: term,
        release: None,
        repetition: None,
        decimal: b'.',
    };
    let isa = Segment {
        tag: "ISA",
        body: input.get(start + 4..p + 1).unwrap_or(""),
        index: 1,
        offset: start,
        escaped: false,
        marked: false,
        elements: 0,
        components: 0,
        delims,
    };
    let rep = isa.value(11, 1);
    if rep.len() == 1 && rep != "U" && !rep.as_bytes()[0].is_ascii_alphanumeric() {
        delims.repetition = Some(rep.as_bytes()[0]);
    }
    let ic = Interchange {
        input,
        delims,
        sender_qualifier: isa.value(5, 1).trim_ascii().to_owned(),
        sender: isa.value(6, 1).trim_ascii().to_owned(),
        receiver_qualifier: isa.value(7, 1).trim_ascii().to_owned(),
        receiver: isa.value(8, 1).trim_ascii().to_owned(),
        date: isa.req(9, 1, "interchange date YYMMDD")?,
        time: isa.req(10, 1, "interchange time HHMM")?,
        version: isa.req(12, 1, "interchange control version")?,
        control: isa.req(13, 1, "interchange control number")?,
        test: isa.value(15, 1).trim_ascii() == "T",
        segments: Vec::new(),
        sets: Vec::new(),
        warnings: Vec::new(),
    };
    Ok((ic, isa, p + 2))
}

/// Only the interchange header (ISA), without reading further.
pub fn header(input: &str) -> Result<Interchange<'_>, EdiError> {
    open(input)
        .map(|(ic, ..)| ic)
        .map_err(|e| e.locate(input.as_bytes()))
}

fn parse_inner(input: &str) -> Result<Interchange<'_>, EdiError> {
    let (mut ic, isa, next) = open(input)?;
    let mut segments = Vec::with_capacity(input.len() / 24 + 4);
    segments.push(isa);
    tokenize(input, next, ic.delims, 2, &mut segments)?;
    let n = segments.len();
    let mut i = 1;
    let mut groups = 0usize;
    let mut closed = false;
    while i < n {
        let s = segments[i];
        match s.tag {
            "GS" => {
                groups += 1;
                let gs = s;
                let version = gs.value(8, 1).trim_ascii().to_owned();
                let mut sets = 0usize;
                i += 1;
                loop {
                    let Some(t) = segments.get(i).copied() else {
                        return Err(gs.seg_error(ErrorKind::Envelope, "GE closing this group"));
                    };
                    match t.tag {
                        "ST" => {
                            let id = t.req(1, 1, "transaction set identifier code")?;
                            let control: String = t.req(2, 1, "transaction set control number")?;
                            let st = i;
                            let mut j = i + 1;
                            while j < n && !matches!(segments[j].tag, "SE" | "ST" | "GE" | "IEA") {
                                j += 1;
                            }
                            let Some(se) = segments.get(j).filter(|x| x.tag == "SE") else {
                                let at = segments.get(j).unwrap_or(&t);
                                return Err(at.error(
                                    0,
                                    0,
                                    ErrorKind::Envelope,
                                    format!("SE closing transaction set {control}"),
                                    at.tag,
                                ));
                            };
                            let actual = j - st + 1;
                            se.check_count("number of included segments", actual, || {
                                format!("segment count {actual} (ST to SE)")
                            })?;
                            se.check_reference(&control, || {
                                format!("control number {control} as in ST02")
                            })?;
                            ic.sets.push(SetRef {
                                id,
                                control,
                                version: version.clone(),
                                start: st,
                                end: j,
                            });
                            sets += 1;
                            i = j + 1;
                        }
                        "GE" => {
                            t.check_count("number of transaction sets included", sets, || {
                                format!("transaction set count {sets}")
                            })?;
                            let group = gs.value(6, 1);
                            t.check_reference(&group, || {
                                format!("group control number {group} as in GS06")
                            })?;
                            i += 1;
                            break;
                        }
                        other => {
                            return Err(t.error(0, 0, ErrorKind::Envelope, "ST or GE", other));
                        }
                    }
                }
            }
            "IEA" => {
                s.check_count("number of included functional groups", groups, || {
                    format!("group count {groups}")
                })?;
                s.check_reference(&ic.control, || {
                    format!("interchange control number {} as in ISA13", ic.control)
                })?;
                if let Some(extra) = segments.get(i + 1) {
                    return Err(extra.error(0, 0, ErrorKind::Envelope, "end after IEA", extra.tag));
                }
                closed = true;
                i += 1;
            }
            "TA1" => i += 1,
            other => return Err(s.error(0, 0, ErrorKind::Envelope, "GS or IEA", other)),
        }
    }
    if !closed {
        let last = segments.last().copied().unwrap_or(isa);
        return Err(
            EdiError::envelope("IEA interchange trailer", "end of input").at(
                last.index + 1,
                "",
                input.len(),
            ),
        );
    }
    ic.segments = segments;
    Ok(ic)
}

// ---------------------------------------------------------------- writer

/// Builds X12 segments with `*`, `>` and `~`, counting segments for SE.
#[derive(Debug, Default)]
pub struct Writer {
    pub out: String,
    pub count: usize,
    pub newline: bool,
}

impl Writer {
    pub fn new(newline: bool) -> Writer {
        Writer {
            out: String::new(),
            count: 0,
            newline,
        }
    }

    /// Writes a segment; trailing empty elements are dropped. Values must not contain
    /// separators (X12 has no escape), which [`check_value`] guards.
    pub fn seg(&mut self, tag: &str, elements: &[&str]) {
        self.out.push_str(tag);
        let last = elements.iter().rposition(|e| !e.is_empty());
        if let Some(last) = last {
            for e in &elements[..=last] {
                self.out.push('*');
                self.out.push_str(e);
            }
        }
        self.out.push('~');
        if self.newline {
            self.out.push('\n');
        }
        self.count += 1;
    }
}

/// X12 cannot escape separators: refuse values containing them.
pub(crate) fn check_value(field: &str, v: &str) -> Result<(), EdiError> {
    if v.contains(['*', '>', '~', '\n', '\r']) {
        return Err(EdiError::render(
            format!("{field} without X12 separators (* > ~)"),
            v.to_owned(),
        ));
    }
    Ok(())
}

/// ISA06/ISA08 are 15 characters, left-aligned.
pub(crate) fn pad(v: &str, n: usize) -> String {
    format!("{v:<n$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_come_from_isa() {
        let t = "ISA|00|          |00|          |ZZ|A              |ZZ|B              |260101|1200|U|00401|000000005|0|P|^\nGS|SH|A|B|20260101|1200|9|X|004010\nST|856|0001\nBSN|00|X^Y\nSE|3|0001\nGE|1|9\nIEA|1|000000005\n";
        let ic = parse(t).unwrap();
        assert_eq!(ic.delims.element, b'|');
        assert_eq!(ic.delims.segment, b'\n');
        let set = &ic.sets[0];
        assert_eq!(set.id, "856");
        assert_eq!(ic.body(set)[0].value(2, 2), "Y");
    }

    #[test]
    fn wrong_ge_count_names_the_element() {
        let t = "ISA*00*          *00*          *ZZ*A              *ZZ*B              *260101*1200*U*00401*000000005*0*P*>~GS*SH*A*B*20260101*1200*9*X*004010~ST*856*0001~SE*2*0001~GE*2*9~IEA*1*000000005~";
        let e = parse(t).unwrap_err();
        assert_eq!((e.tag.as_str(), e.element), ("GE", 1));
    }
}
