//! UN/EDIFACT syntax (ISO 9735): UNA service string advice, release character, tokenizing into
//! borrowed segments, UNB/UNG/UNH/UNT/UNE/UNZ envelope checks, and a writer that escapes.

use super::error::{EdiError, EdiWarning, ErrorKind};
use super::segment::{Delimiters, Segment};

/// One message inside an interchange: its UNH data and where its segments are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRef {
    pub reference: String,
    pub msg_type: String,
    pub version: String,
    pub release: String,
    pub agency: String,
    pub assoc: String,
    /// Index of UNH in [`Interchange::segments`].
    pub start: usize,
    /// Index of UNT.
    pub end: usize,
}

/// A parsed interchange. Segments borrow from the input.
#[derive(Debug)]
pub struct Interchange<'a> {
    pub input: &'a str,
    pub delims: Delimiters,
    pub syntax_id: String,
    pub syntax_version: String,
    pub sender: String,
    pub sender_qualifier: String,
    pub recipient: String,
    pub recipient_qualifier: String,
    pub date: String,
    pub time: String,
    pub control_ref: String,
    pub test: bool,
    pub segments: Vec<Segment<'a>>,
    pub messages: Vec<MessageRef>,
    pub warnings: Vec<EdiWarning>,
}

impl<'a> Interchange<'a> {
    /// The segments of a message between UNH and UNT (both excluded).
    pub fn body(&self, m: &MessageRef) -> &[Segment<'a>] {
        self.segments.get(m.start + 1..m.end).unwrap_or(&[])
    }
    pub fn unh(&self, m: &MessageRef) -> Option<&Segment<'a>> {
        self.segments.get(m.start)
    }
}

fn is_tag(t: &[u8]) -> bool {
    (2..=3).contains(&t.len())
        && t.iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Splits `input[pos..]` into segments. Shared by EDIFACT and X12 (which has no release char).
pub(crate) fn tokenize<'a>(
    input: &'a str,
    mut pos: usize,
    delims: Delimiters,
    first_index: u32,
    out: &mut Vec<Segment<'a>>,
) -> Result<(), EdiError> {
    let b = input.as_bytes();
    let term = delims.segment;
    let mut index = first_index;
    loop {
        while pos < b.len() && matches!(b[pos], b'\r' | b'\n' | b'\t' | b' ') && b[pos] != term {
            pos += 1;
        }
        if pos >= b.len() {
            return Ok(());
        }
        let start = pos;
        let mut escaped = false;
        let end = match delims.release {
            Some(rel) => loop {
                match memchr::memchr2(term, rel, &b[pos..]) {
                    Some(i) if b[pos + i] == rel => {
                        escaped = true;
                        pos += i + 2;
                        if pos > b.len() {
                            break None;
                        }
                    }
                    Some(i) => break Some(pos + i),
                    None => break None,
                }
            },
            None => memchr::memchr(term, &b[pos..]).map(|i| pos + i),
        };
        let Some(end) = end else {
            let tag: String = input.get(start..).unwrap_or("").chars().take(3).collect();
            return Err(EdiError::syntax(
                format!("segment terminator {:?}", term as char),
                "end of input",
            )
            .at(index, &tag, start));
        };
        let raw = &b[start..end];
        let tag_len = raw
            .iter()
            .position(|&c| c == delims.element)
            .unwrap_or(raw.len());
        if !is_tag(&raw[..tag_len]) {
            let found = input.get(start..start + tag_len.min(12)).unwrap_or("?");
            return Err(
                EdiError::syntax("segment tag (2–3 upper-case letters or digits)", found)
                    .at(index, found, start),
            );
        }
        // Separators are ASCII, so these slice points are char boundaries.
        let tag = input.get(start..start + tag_len).unwrap_or("");
        let body = if tag_len < raw.len() {
            input.get(start + tag_len + 1..end).unwrap_or("")
        } else {
            ""
        };
        out.push(Segment {
            tag,
            body,
            index,
            offset: start,
            escaped,
            delims,
        });
        index += 1;
        pos = end + 1;
    }
}

/// Reads the separators: from UNA if present, else the defaults. Returns them and where the
/// first real segment starts.
fn service_string(input: &str, start: usize) -> Result<(Delimiters, usize, bool), EdiError> {
    let b = input.as_bytes();
    if !b[start..].starts_with(b"UNA") {
        return Ok((Delimiters::EDIFACT, start, false));
    }
    let Some(una) = b.get(start + 3..start + 9) else {
        return Err(
            EdiError::syntax("UNA followed by 6 service characters", "end of input")
                .at(1, "UNA", start),
        );
    };
    for (i, &c) in una.iter().enumerate() {
        if !c.is_ascii() || (c.is_ascii_alphanumeric() && i != 4) {
            return Err(EdiError::syntax(
                "an ASCII punctuation character",
                (c as char).to_string(),
            )
            .at(1, "UNA", start)
            .el(i as u32 + 1, 0));
        }
    }
    let d = Delimiters {
        component: una[0],
        element: una[1],
        decimal: una[2],
        release: if una[3] == b' ' { None } else { Some(una[3]) },
        repetition: if una[4] == b' ' { None } else { Some(una[4]) },
        segment: una[5],
    };
    let mut distinct = vec![d.component, d.element, d.segment];
    distinct.extend(d.release);
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() != 3 + usize::from(d.release.is_some()) {
        return Err(EdiError::syntax(
            "distinct component, element, release and segment separators",
            String::from_utf8_lossy(una).into_owned(),
        )
        .at(1, "UNA", start));
    }
    Ok((d, start + 9, true))
}

/// Skips a UTF-8 byte order mark and leading whitespace.
pub(crate) fn skip_preamble(input: &str) -> usize {
    let b = input.as_bytes();
    let mut p = if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    while p < b.len() && b[p].is_ascii_whitespace() {
        p += 1;
    }
    p
}

/// Parses an EDIFACT interchange and checks its envelope. All or nothing: any error rejects it.
pub fn parse(input: &str) -> Result<Interchange<'_>, EdiError> {
    parse_inner(input)
        .map_err(|e| e.locate(input.as_bytes()))
        .map(|mut ic| {
            let bytes = input.as_bytes();
            for w in &mut ic.warnings {
                w.locate(bytes);
            }
            ic
        })
}

fn parse_inner(input: &str) -> Result<Interchange<'_>, EdiError> {
    let start = skip_preamble(input);
    let (delims, pos, had_una) = service_string(input, start)?;
    let mut segments = Vec::with_capacity(input.len() / 24 + 4);
    tokenize(
        input,
        pos,
        delims,
        if had_una { 2 } else { 1 },
        &mut segments,
    )?;
    let Some(unb) = segments.first() else {
        return Err(
            EdiError::envelope("UNB interchange header", "end of input").at(1, "", input.len()),
        );
    };
    if unb.tag != "UNB" {
        return Err(unb.error(0, 0, ErrorKind::Envelope, "UNB interchange header", unb.tag));
    }
    let unb = *unb;
    let mut ic = Interchange {
        input,
        delims,
        syntax_id: unb.req(1, 1, "syntax identifier (UNOA…UNOY)")?,
        syntax_version: unb.req(1, 2, "syntax version number")?,
        sender: unb.value(2, 1).trim_ascii().to_owned(),
        sender_qualifier: unb.value(2, 2).trim_ascii().to_owned(),
        recipient: unb.value(3, 1).trim_ascii().to_owned(),
        recipient_qualifier: unb.value(3, 2).trim_ascii().to_owned(),
        date: unb.req(4, 1, "preparation date")?,
        time: unb.req(4, 2, "preparation time")?,
        control_ref: unb.req(5, 1, "interchange control reference")?,
        test: unb.value(11, 1).trim_ascii() == "1",
        segments: Vec::new(),
        messages: Vec::new(),
        warnings: Vec::new(),
    };
    let n = segments.len();
    let mut i = 1;
    let mut groups = 0usize;
    let mut in_group: Option<(Segment<'_>, usize)> = None;
    let mut closed = false;
    // A set, not a scan of the messages so far: interchanges hold tens of thousands of them.
    let mut seen_refs = std::collections::HashSet::new();
    while i < n {
        let s = segments[i];
        match s.tag {
            "UNH" => {
                let reference = s.req(1, 1, "message reference number")?;
                let msg_type = s.req(2, 1, "message type")?;
                let start_i = i;
                let mut j = i + 1;
                // Service segments all start with 'U': test that byte before comparing tags.
                while j < n
                    && !(segments[j].tag.as_bytes()[0] == b'U'
                        && matches!(segments[j].tag, "UNT" | "UNH" | "UNZ" | "UNE" | "UNB"))
                {
                    j += 1;
                }
                let Some(unt) = segments.get(j).filter(|t| t.tag == "UNT") else {
                    let at = segments.get(j).unwrap_or(&s);
                    return Err(at.error(
                        0,
                        0,
                        ErrorKind::Envelope,
                        format!("UNT closing message {reference}"),
                        at.tag,
                    ));
                };
                let count = unt.qty(1, 1, "number of segments in the message")?;
                let actual = (j - start_i + 1) as i64;
                if count.0 != actual {
                    return Err(unt.error(
                        1,
                        1,
                        ErrorKind::Envelope,
                        format!("segment count {actual} (UNH to UNT)"),
                        unt.value(1, 1),
                    ));
                }
                let unt_ref = unt.value(2, 1);
                if unt_ref.trim_ascii() != reference {
                    return Err(unt.error(
                        2,
                        1,
                        ErrorKind::Envelope,
                        format!("message reference {reference} as in UNH"),
                        unt_ref,
                    ));
                }
                if !seen_refs.insert(reference.clone()) {
                    ic.warnings.push(EdiWarning::new(
                        s.index,
                        "UNH",
                        s.offset,
                        format!("message reference {reference} used twice in the interchange"),
                    ));
                }
                ic.messages.push(MessageRef {
                    reference,
                    msg_type,
                    version: s.value(2, 2).trim_ascii().to_owned(),
                    release: s.value(2, 3).trim_ascii().to_owned(),
                    agency: s.value(2, 4).trim_ascii().to_owned(),
                    assoc: s.value(2, 5).trim_ascii().to_owned(),
                    start: start_i,
                    end: j,
                });
                if let Some((_, c)) = &mut in_group {
                    *c += 1;
                }
                i = j + 1;
            }
            "UNG" => {
                if in_group.is_some() {
                    return Err(s.error(
                        0,
                        0,
                        ErrorKind::Envelope,
                        "UNE before the next UNG",
                        "UNG",
                    ));
                }
                in_group = Some((s, 0));
                groups += 1;
                i += 1;
            }
            "UNE" => {
                let Some((ung, count)) = in_group.take() else {
                    return Err(s.error(0, 0, ErrorKind::Envelope, "UNG before UNE", "UNE"));
                };
                let c = s.qty(1, 1, "number of messages in the group")?;
                if c.0 != count as i64 {
                    return Err(s.error(
                        1,
                        1,
                        ErrorKind::Envelope,
                        format!("message count {count}"),
                        s.value(1, 1),
                    ));
                }
                if s.value(2, 1) != ung.value(5, 1) {
                    return Err(s.error(
                        2,
                        1,
                        ErrorKind::Envelope,
                        format!("group reference {} as in UNG", ung.value(5, 1)),
                        s.value(2, 1),
                    ));
                }
                i += 1;
            }
            "UNZ" => {
                if let Some((ung, _)) = in_group {
                    return Err(ung.seg_error(ErrorKind::Envelope, "UNE closing this group"));
                }
                let c = s.qty(1, 1, "interchange control count")?;
                let expected = if groups > 0 {
                    groups
                } else {
                    ic.messages.len()
                };
                if c.0 != expected as i64 {
                    return Err(s.error(
                        1,
                        1,
                        ErrorKind::Envelope,
                        format!(
                            "{} count {expected}",
                            if groups > 0 { "group" } else { "message" }
                        ),
                        s.value(1, 1),
                    ));
                }
                if s.value(2, 1).trim_ascii() != ic.control_ref {
                    return Err(s.error(
                        2,
                        1,
                        ErrorKind::Envelope,
                        format!("interchange control reference {} as in UNB", ic.control_ref),
                        s.value(2, 1),
                    ));
                }
                if let Some(extra) = segments.get(i + 1) {
                    return Err(extra.error(0, 0, ErrorKind::Envelope, "end after UNZ", extra.tag));
                }
                closed = true;
                i += 1;
            }
            _ => {
                return Err(s.error(0, 0, ErrorKind::Envelope, "UNH, UNG, UNE or UNZ", s.tag));
            }
        }
    }
    if !closed {
        let last = segments.last().copied().unwrap_or(unb);
        return Err(
            EdiError::envelope("UNZ interchange trailer", "end of input").at(
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

/// Builds an EDIFACT message segment by segment with standard separators, escaping values and
/// counting segments for UNT.
#[derive(Debug, Default)]
pub struct Writer {
    pub out: String,
    /// Segments since the last UNH (inclusive).
    pub count: usize,
    pub newline: bool,
}

fn escape_into(out: &mut String, v: &str) {
    for ch in v.chars() {
        if matches!(ch, '+' | ':' | '\'' | '?') {
            out.push('?');
        }
        out.push(ch);
    }
}

impl Writer {
    pub fn new(newline: bool) -> Writer {
        Writer {
            out: String::new(),
            count: 0,
            newline,
        }
    }

    /// Writes one segment. `elements` are lists of components; trailing empties are dropped.
    pub fn seg(&mut self, tag: &str, elements: &[&[&str]]) {
        self.out.push_str(tag);
        let last_el = elements
            .iter()
            .rposition(|e| e.iter().any(|c| !c.is_empty()));
        if let Some(last_el) = last_el {
            for e in &elements[..=last_el] {
                self.out.push('+');
                let last_c = e.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
                for (k, c) in e.iter().take(last_c + 1).enumerate() {
                    if k > 0 {
                        self.out.push(':');
                    }
                    escape_into(&mut self.out, c);
                }
            }
        }
        self.out.push('\'');
        if self.newline {
            self.out.push('\n');
        }
        self.count += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn una_changes_separators_and_release_works() {
        let t = "UNA|*.# !UNB*UNOC|3*S*R*260101|1200*7!UNH*1*DELJIT|D|04A|UN!FTX*AAI***a#*b#!c!UNT*3*1!UNZ*1*7!";
        let ic = parse(t).unwrap();
        assert_eq!(ic.control_ref, "7");
        let m = &ic.messages[0];
        assert_eq!(m.msg_type, "DELJIT");
        assert_eq!(m.version, "D");
        let ftx = ic.body(m)[0];
        assert_eq!(ftx.value(4, 1), "a*b!c");
    }

    #[test]
    fn wrong_unt_count_names_the_element() {
        let t = "UNB+UNOC:3+S+R+260101:1200+7'UNH+1+DELJIT:D:04A:UN'BGM+30+1'UNT+9+1'UNZ+1+7'";
        let e = parse(t).unwrap_err();
        assert_eq!((e.segment, e.tag.as_str(), e.element), (4, "UNT", 1));
        assert!(e.to_string().contains("segment count 3"), "{e}");
    }

    #[test]
    fn missing_terminator_is_a_syntax_error() {
        let e = parse("UNB+UNOC:3+S+R+260101:1200+7'UNH+1").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert_eq!(e.segment, 2);
    }
}
