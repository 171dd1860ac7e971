//! UN/EDIFACT syntax (ISO 9735): UNA service string advice, release character, tokenizing into
//! borrowed segments, UNB/UNG/UNH/UNT/UNE/UNZ envelope checks, and a writer that escapes.
//!
//! The reader streams: [`read`] tokenizes one segment at a time, checks the envelope as it goes
//! and hands each message (UNH to UNT) to a callback as soon as its trailer checks out, so a
//! caller that maps messages needs memory for one message's segments, not the interchange's.

use super::error::{EdiError, EdiWarning, ErrorKind};
use super::model::Text;
use super::segment::{Delimiters, Segment, below, eq_bytes, pack, repeated, separator_marks};
use std::collections::HashSet;

/// One message inside an interchange: its UNH data and where its segments are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRef {
    pub reference: Text,
    pub msg_type: Text,
    pub version: Text,
    pub release: Text,
    pub agency: Text,
    pub assoc: Text,
    /// Index of UNH in [`Interchange::segments`].
    pub start: usize,
    /// Index of UNT.
    pub end: usize,
}

/// One message's segments, UNH to UNT inclusive, as handed to a mapping.
#[derive(Debug, Clone, Copy)]
pub struct Message<'s, 'a> {
    pub info: &'s MessageRef,
    pub segments: &'s [Segment<'a>],
}

impl<'s, 'a> Message<'s, 'a> {
    /// The segments between UNH and UNT (both excluded).
    pub fn body(&self) -> &'s [Segment<'a>] {
        self.segments
            .get(1..self.segments.len().saturating_sub(1))
            .unwrap_or(&[])
    }
    pub fn unh(&self) -> Option<&'s Segment<'a>> {
        self.segments.first()
    }
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
    /// All segments, UNB to UNZ ([`parse`]); empty when [`read`] streamed the messages.
    pub segments: Vec<Segment<'a>>,
    /// The messages ([`parse`]); empty when [`read`] streamed them.
    pub messages: Vec<MessageRef>,
    /// Number of messages (also when streamed).
    pub message_count: usize,
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
    /// A message of [`Interchange::messages`] with its segments.
    pub fn message<'s>(&'s self, m: &'s MessageRef) -> Message<'s, 'a> {
        Message {
            info: m,
            segments: self.segments.get(m.start..=m.end).unwrap_or(&[]),
        }
    }
}

fn is_tag(t: &[u8]) -> bool {
    (2..=3).contains(&t.len())
        && t.iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Splits the input into segments one at a time. Shared by EDIFACT and X12 (which has no
/// release character).
#[derive(Debug, Clone)]
pub(crate) struct Tokenizer<'a> {
    input: &'a str,
    pos: usize,
    delims: Delimiters,
    index: u32,
    /// The terminator, release (NUL without one), element and component separators, each
    /// repeated over a word, for [`Tokenizer::short_segment`].
    words: [u64; 4],
}

impl<'a> Tokenizer<'a> {
    pub(crate) fn new(input: &'a str, pos: usize, delims: Delimiters, first_index: u32) -> Self {
        // Without a release character NUL stands in: a segment with one takes the general path.
        let words = [
            delims.segment,
            delims.release.unwrap_or(0),
            delims.element,
            delims.component,
        ]
        .map(repeated);
        Tokenizer {
            input,
            pos,
            delims,
            index: first_index,
            words,
        }
    }

    /// Byte offset of the next unread byte.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// The segment at `start` when it is well-formed, ends within 64 bytes and has no release
    /// character (almost all segments), read a word (8 bytes) at a time: one pass finds its
    /// terminator and marks its element and component separators. `None` sends the segment to
    /// the general path of [`Tokenizer::next_segment`], which also reports the errors.
    #[inline(always)]
    fn short_segment(&mut self, start: usize) -> Option<Segment<'a>> {
        let input = self.input;
        let b = input.as_bytes();
        let d = self.delims;
        // The 64 bytes at `start` as one array: the words below need no bounds checks.
        let block = b.get(start..)?.first_chunk::<64>()?;
        let [term, rel, el, comp] = self.words;
        let (mut e, mut c) = (0u64, 0u64);
        let mut len = None;
        for k in 0..8 {
            let w = u64::from_le_bytes(*block[8 * k..].first_chunk::<8>()?);
            let t = eq_bytes(w, term);
            let r = eq_bytes(w, rel);
            e |= pack(eq_bytes(w, el)) << (8 * k);
            c |= pack(eq_bytes(w, comp)) << (8 * k);
            if t | r != 0 {
                // A release character before the terminator: the general path unescapes.
                if r & (t ^ t.wrapping_sub(1)) != 0 {
                    return None;
                }
                len = Some(8 * k + (t.trailing_zeros() / 8) as usize);
                break;
            }
        }
        let len = len?;
        let keep = below(len);
        let (e, c) = (e & keep, c & keep);
        // The tag ends at the first element separator or at the terminator; 2–3 characters.
        let tag_len = (e.trailing_zeros() as usize).min(len);
        if tag_len > 3 || !is_tag(b.get(start..start + tag_len)?) {
            return None;
        }
        let end = start + len;
        let tag = input.get(start..start + tag_len)?;
        let body = input.get((start + tag_len + 1).min(end)..end)?;
        let shift = (tag_len + 1) as u32;
        let index = self.index;
        self.index += 1;
        self.pos = end + 1;
        Some(Segment {
            tag,
            body,
            index,
            offset: start,
            escaped: false,
            marked: true,
            elements: e.checked_shr(shift).unwrap_or(0),
            components: c.checked_shr(shift).unwrap_or(0),
            delims: d,
        })
    }

    /// The next segment, `None` at the end of the input. Inlined, so that the word-at-a-time
    /// path builds the segment in the caller (returning it through memory stalled the loads).
    #[inline(always)]
    pub(crate) fn next_segment(&mut self) -> Result<Option<Segment<'a>>, EdiError> {
        let input = self.input;
        let b = input.as_bytes();
        let delims = self.delims;
        let term = delims.segment;
        let mut pos = self.pos;
        while pos < b.len() && matches!(b[pos], b'\r' | b'\n' | b'\t' | b' ') && b[pos] != term {
            pos += 1;
        }
        if pos >= b.len() {
            self.pos = pos;
            return Ok(None);
        }
        match self.short_segment(pos) {
            Some(seg) => Ok(Some(seg)),
            None => self.general_segment(pos).map(Some),
        }
    }

    /// The segment at `start` (not whitespace, not the end), any length, with release
    /// characters, or the error that it is not a segment.
    #[inline(never)]
    fn general_segment(&mut self, start: usize) -> Result<Segment<'a>, EdiError> {
        let input = self.input;
        let b = input.as_bytes();
        let delims = self.delims;
        let term = delims.segment;
        let mut pos = start;
        // The tag is at most 3 bytes: find its end with a short scan rather than searching the
        // whole segment for the element separator.
        let mut tag_len = 0;
        while tag_len < 4
            && start + tag_len < b.len()
            && b[start + tag_len] != delims.element
            && b[start + tag_len] != term
        {
            tag_len += 1;
        }
        let mut escaped = false;
        let end = match delims.release {
            Some(rel) => loop {
                match memchr::memchr2(term, rel, b.get(pos..).unwrap_or(&[])) {
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
            None => memchr::memchr(term, b.get(pos..).unwrap_or(&[])).map(|i| pos + i),
        };
        let index = self.index;
        let Some(end) = end else {
            let tag: String = input.get(start..).unwrap_or("").chars().take(3).collect();
            return Err(EdiError::syntax(
                format!("segment terminator {:?}", term as char),
                "end of input",
            )
            .at(index, &tag, start));
        };
        // A release character inside the tag does not end it; the tag check below refuses it.
        let tag_len = tag_len.min(end - start);
        if !is_tag(&b[start..start + tag_len]) || (tag_len == 4) {
            let raw = &b[start..end];
            let full = raw
                .iter()
                .position(|&c| c == delims.element)
                .unwrap_or(raw.len());
            let found = input.get(start..start + full.min(12)).unwrap_or("?");
            return Err(
                EdiError::syntax("segment tag (2–3 upper-case letters or digits)", found)
                    .at(index, found, start),
            );
        }
        // Separators are ASCII, so these slice points are char boundaries.
        let tag = input.get(start..start + tag_len).unwrap_or("");
        let body_start = (start + tag_len + 1).min(end);
        let body = input.get(body_start..end).unwrap_or("");
        let marks = if escaped {
            None
        } else {
            separator_marks(b, body_start, body.len(), delims.element, delims.component)
        };
        self.index += 1;
        self.pos = end + 1;
        Ok(Segment {
            tag,
            body,
            index,
            offset: start,
            escaped,
            marked: marks.is_some(),
            elements: marks.map_or(0, |m| m.0),
            components: marks.map_or(0, |m| m.1),
            delims,
        })
    }
}

/// Splits `input[pos..]` into segments.
pub(crate) fn tokenize<'a>(
    input: &'a str,
    pos: usize,
    delims: Delimiters,
    first_index: u32,
    out: &mut Vec<Segment<'a>>,
) -> Result<(), EdiError> {
    let mut t = Tokenizer::new(input, pos, delims, first_index);
    while let Some(s) = t.next_segment()? {
        out.push(s);
    }
    Ok(())
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

/// Parses an EDIFACT interchange and checks its envelope, keeping every segment. All or
/// nothing: any error rejects it.
pub fn parse(input: &str) -> Result<Interchange<'_>, EdiError> {
    read(input, true, &mut |_| Ok(()), &mut |_| {})
}

/// Whether the segment ends a message (or the group or interchange around it). Service segments
/// all start with 'U': test that byte before comparing tags.
fn ends_message(tag: &str) -> bool {
    tag.as_bytes().first() == Some(&b'U') && matches!(tag, "UNT" | "UNH" | "UNZ" | "UNE" | "UNB")
}

/// How far apart progress reports are, in bytes of input.
pub(crate) const PROGRESS_STEP: usize = 1 << 20;

/// Tokenizes and checks the envelope of an interchange in one pass, calling `on_message` with
/// each message as soon as its UNT checks out and `on_progress` with the bytes read about every
/// [`PROGRESS_STEP`] bytes. With `keep` all segments and messages stay in the result (as
/// [`parse`] returns them); without, only one message's segments are held at a time. Errors and
/// warnings carry their line.
pub fn read<'a>(
    input: &'a str,
    keep: bool,
    on_message: &mut dyn FnMut(Message<'_, 'a>) -> Result<(), EdiError>,
    on_progress: &mut dyn FnMut(usize),
) -> Result<Interchange<'a>, EdiError> {
    let bytes = input.as_bytes();
    read_inner(input, keep, on_message, on_progress)
        .map_err(|e| e.locate(bytes))
        .map(|mut ic| {
            super::error::locate_warnings(&mut ic.warnings, bytes);
            ic
        })
}

/// Reads the UNA and UNB: the separators and the interchange header, and the tokenizer
/// positioned after UNB.
fn open(input: &str) -> Result<(Interchange<'_>, Tokenizer<'_>, Segment<'_>), EdiError> {
    let start = skip_preamble(input);
    let (delims, pos, had_una) = service_string(input, start)?;
    let mut tokens = Tokenizer::new(input, pos, delims, if had_una { 2 } else { 1 });
    let Some(unb) = tokens.next_segment()? else {
        return Err(
            EdiError::envelope("UNB interchange header", "end of input").at(1, "", input.len()),
        );
    };
    if unb.tag != "UNB" {
        return Err(unb.error(0, 0, ErrorKind::Envelope, "UNB interchange header", unb.tag));
    }
    let ic = Interchange {
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
        message_count: 0,
        warnings: Vec::new(),
    };
    Ok((ic, tokens, unb))
}

/// Only the interchange header (UNA, UNB), without reading further: who sent it and its
/// control reference, e.g. to recognise a resent interchange before reading it.
pub fn header(input: &str) -> Result<Interchange<'_>, EdiError> {
    open(input)
        .map(|(ic, ..)| ic)
        .map_err(|e| e.locate(input.as_bytes()))
}

fn read_inner<'a>(
    input: &'a str,
    keep: bool,
    on_message: &mut dyn FnMut(Message<'_, 'a>) -> Result<(), EdiError>,
    on_progress: &mut dyn FnMut(usize),
) -> Result<Interchange<'a>, EdiError> {
    let (mut ic, mut tokens, unb) = open(input)?;
    // Kept: every segment. Streamed: the current message's, reused from message to message.
    let mut segments = if keep {
        Vec::with_capacity(input.len() / 24 + 4)
    } else {
        Vec::with_capacity(256)
    };
    if keep {
        segments.push(unb);
    }
    let mut groups = 0usize;
    let mut in_group: Option<(Segment<'_>, usize)> = None;
    let mut closed = false;
    let mut last = unb;
    let mut next_report = PROGRESS_STEP;
    let mut tick = |pos: usize| {
        if pos >= next_report {
            on_progress(pos);
            next_report = pos + PROGRESS_STEP;
        }
    };
    // A set, not a scan of the messages so far: interchanges hold tens of thousands of them.
    let mut seen_refs: HashSet<Text> = HashSet::new();
    while let Some(s) = tokens.next_segment()? {
        tick(tokens.pos());
        last = s;
        if closed {
            return Err(s.error(0, 0, ErrorKind::Envelope, "end after UNZ", s.tag));
        }
        match s.tag {
            "UNH" => {
                let reference: Text = s.req(1, 1, "message reference number")?;
                let msg_type: Text = s.req(2, 1, "message type")?;
                if !keep {
                    segments.clear();
                }
                let start_i = segments.len();
                segments.push(s);
                let unt = loop {
                    let Some(t) = tokens.next_segment()? else {
                        return Err(s.error(
                            0,
                            0,
                            ErrorKind::Envelope,
                            format!("UNT closing message {reference}"),
                            s.tag,
                        ));
                    };
                    segments.push(t);
                    tick(tokens.pos());
                    if ends_message(t.tag) {
                        break t;
                    }
                };
                last = unt;
                if unt.tag != "UNT" {
                    return Err(unt.error(
                        0,
                        0,
                        ErrorKind::Envelope,
                        format!("UNT closing message {reference}"),
                        unt.tag,
                    ));
                }
                let end_i = segments.len() - 1;
                let actual = end_i - start_i + 1;
                unt.check_count("number of segments in the message", actual, || {
                    format!("segment count {actual} (UNH to UNT)")
                })?;
                unt.check_reference(&reference, || {
                    format!("message reference {reference} as in UNH")
                })?;
                if !seen_refs.insert(reference.clone()) {
                    ic.warnings.push(EdiWarning::new(
                        s.index,
                        "UNH",
                        s.offset,
                        format!("message reference {reference} used twice in the interchange"),
                    ));
                }
                let info = MessageRef {
                    reference,
                    msg_type,
                    version: s.opt(2, 2).unwrap_or_default(),
                    release: s.opt(2, 3).unwrap_or_default(),
                    agency: s.opt(2, 4).unwrap_or_default(),
                    assoc: s.opt(2, 5).unwrap_or_default(),
                    start: start_i,
                    end: end_i,
                };
                on_message(Message {
                    info: &info,
                    segments: &segments[start_i..],
                })?;
                if keep {
                    ic.messages.push(info);
                }
                ic.message_count += 1;
                if let Some((_, c)) = &mut in_group {
                    *c += 1;
                }
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
            }
            "UNE" => {
                let Some((ung, count)) = in_group.take() else {
                    return Err(s.error(0, 0, ErrorKind::Envelope, "UNG before UNE", "UNE"));
                };
                s.check_count("number of messages in the group", count, || {
                    format!("message count {count}")
                })?;
                let group_ref = ung.value(5, 1);
                s.check_reference(&group_ref, || {
                    format!("group reference {group_ref} as in UNG")
                })?;
            }
            "UNZ" => {
                if let Some((ung, _)) = in_group {
                    return Err(ung.seg_error(ErrorKind::Envelope, "UNE closing this group"));
                }
                let (what, expected) = if groups > 0 {
                    ("group", groups)
                } else {
                    ("message", ic.message_count)
                };
                s.check_count("interchange control count", expected, || {
                    format!("{what} count {expected}")
                })?;
                s.check_reference(&ic.control_ref, || {
                    format!("interchange control reference {} as in UNB", ic.control_ref)
                })?;
                closed = true;
            }
            _ => {
                return Err(s.error(0, 0, ErrorKind::Envelope, "UNH, UNG, UNE or UNZ", s.tag));
            }
        }
        if keep && s.tag != "UNH" {
            segments.push(s);
        }
    }
    if !closed {
        return Err(
            EdiError::envelope("UNZ interchange trailer", "end of input").at(
                last.index + 1,
                "",
                input.len(),
            ),
        );
    }
    if keep {
        ic.segments = segments;
    }
    tick(input.len());
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

    /// Every segment the word-at-a-time path reads is the one the general path reads, down to
    /// the separator marks; where it declines, the general path reads or refuses the segment.
    fn same_segments(input: &str, delims: Delimiters) -> usize {
        let mut t = Tokenizer::new(input, 0, delims, 1);
        let mut fast_ones = 0;
        loop {
            let b = input.as_bytes();
            let mut p = t.pos;
            while p < b.len()
                && matches!(b[p], b'\r' | b'\n' | b'\t' | b' ')
                && b[p] != delims.segment
            {
                p += 1;
            }
            if p >= b.len() {
                break;
            }
            let mut general = t.clone();
            let slow = general.general_segment(p);
            match t.short_segment(p) {
                Some(fast) => {
                    let slow = slow.expect("the general path reads it too");
                    assert_eq!(
                        (fast.tag, fast.body, fast.index, fast.offset, fast.escaped),
                        (slow.tag, slow.body, slow.index, slow.offset, slow.escaped),
                        "{input:?}"
                    );
                    assert!(fast.marked && slow.marked, "{input:?}");
                    assert_eq!(
                        (fast.elements, fast.components),
                        (slow.elements, slow.components)
                    );
                    assert_eq!(t.pos, general.pos);
                    fast_ones += 1;
                }
                None => match slow {
                    Ok(_) => t = general,
                    Err(_) => break,
                },
            }
        }
        fast_ones
    }

    proptest::proptest! {
        #[test]
        fn word_at_a_time_segments_match_the_general_path(
            s in "[A-Z0-9+:?' \n]{0,300}",
        ) {
            same_segments(&s, Delimiters::EDIFACT);
            same_segments(&s, Delimiters { release: None, ..Delimiters::EDIFACT });
        }
    }

    #[test]
    fn word_at_a_time_segments_on_typical_text() {
        let mut s = String::new();
        for i in 0..40 {
            s.push_str(&format!(
                "LIN+++A{i:07}:IN'\nPIA+1+M-0{i}:SA'QTY+1:{i}:PCE'DTM+2:20261123{i:04}:203'\n"
            ));
            s.push_str(&format!("FTX+AAI+++{}'", "x".repeat(i * 2)));
        }
        // All but the long FTX and the last segments (within 64 bytes of the end).
        assert!(same_segments(&s, Delimiters::EDIFACT) > 150);
    }

    #[test]
    fn missing_terminator_is_a_syntax_error() {
        let e = parse("UNB+UNOC:3+S+R+260101:1200+7'UNH+1").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert_eq!(e.segment, 2);
    }
}
