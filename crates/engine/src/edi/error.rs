//! EDI errors and warnings: every problem names where it is (line, segment or record, element,
//! component) and what was expected there.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of problem an [`EdiError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The bytes do not follow the syntax (separators, record length, tag).
    Syntax,
    /// Envelope control data disagree (counts, references, missing trailer).
    Envelope,
    /// A segment or field has a value the message mapping cannot use.
    Content,
    /// The standard or message type is not one we read or write.
    Unsupported,
    /// The interchange was received before (same partner and control reference).
    Duplicate,
    /// An outbound document cannot be written (missing or too long data).
    Render,
}

/// One problem in an interchange. The whole interchange is rejected when any error occurs.
///
/// Positions are 1-based; 0 means "not applicable". For EDIFACT and X12 `segment` is the
/// segment's position in the interchange (UNA/ISA count as segment 1), `element` the data element
/// position after the tag and `component` the component inside a composite. For VDA `segment` is
/// the record number, `tag` the record type and `element` the first column of the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdiError {
    pub kind: ErrorKind,
    pub line: u32,
    pub segment: u32,
    pub tag: String,
    pub element: u32,
    pub component: u32,
    pub expected: String,
    pub found: String,
    /// Byte offset of the segment in the input; turned into `line` by [`EdiError::locate`].
    #[serde(skip)]
    pub(crate) offset: Option<usize>,
}

impl EdiError {
    /// An error with no position yet.
    pub fn new(kind: ErrorKind, expected: impl Into<String>, found: impl Into<String>) -> Self {
        EdiError {
            kind,
            line: 0,
            segment: 0,
            tag: String::new(),
            element: 0,
            component: 0,
            expected: expected.into(),
            found: found.into(),
            offset: None,
        }
    }

    /// Places the error at a segment/record.
    pub fn at(mut self, segment: u32, tag: &str, offset: usize) -> Self {
        self.segment = segment;
        self.tag = truncate(tag, 16);
        self.offset = Some(offset);
        self
    }

    /// Places the error at an element and component inside its segment.
    pub fn el(mut self, element: u32, component: u32) -> Self {
        self.element = element;
        self.component = component;
        self
    }

    /// Sets the line from the stored byte offset. Computing lines only for errors keeps the
    /// tokenizer's hot loop free of newline counting.
    pub fn locate(mut self, input: &[u8]) -> Self {
        if let Some(off) = self.offset.take() {
            let end = off.min(input.len());
            self.line = 1 + memchr::memchr_iter(b'\n', &input[..end]).count() as u32;
        }
        self
    }

    pub(crate) fn syntax(expected: impl Into<String>, found: impl Into<String>) -> Self {
        EdiError::new(ErrorKind::Syntax, expected, found)
    }
    pub(crate) fn envelope(expected: impl Into<String>, found: impl Into<String>) -> Self {
        EdiError::new(ErrorKind::Envelope, expected, found)
    }
    pub(crate) fn content(expected: impl Into<String>, found: impl Into<String>) -> Self {
        EdiError::new(ErrorKind::Content, expected, found)
    }
    pub(crate) fn unsupported(expected: impl Into<String>, found: impl Into<String>) -> Self {
        EdiError::new(ErrorKind::Unsupported, expected, found)
    }
    pub(crate) fn render(expected: impl Into<String>, found: impl Into<String>) -> Self {
        EdiError::new(ErrorKind::Render, expected, found)
    }
}

/// Shortens text echoed into messages so a garbage input cannot make an error huge.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

impl fmt::Display for EdiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        if self.line > 0 {
            write!(f, "line {}", self.line)?;
            sep = ", ";
        }
        if self.segment > 0 {
            write!(f, "{sep}segment {}", self.segment)?;
            sep = ", ";
        }
        if !self.tag.is_empty() {
            write!(f, "{sep}{}", self.tag)?;
            sep = " ";
        }
        if self.element > 0 {
            write!(f, "{sep}element {}", self.element)?;
            if self.component > 0 {
                write!(f, ".{}", self.component)?;
            }
        }
        if !sep.is_empty() {
            f.write_str(": ")?;
        }
        write!(f, "expected {}", self.expected)?;
        if !self.found.is_empty() || self.kind != ErrorKind::Render {
            write!(f, ", found {:?}", truncate(&self.found, 40))?;
        }
        Ok(())
    }
}

impl std::error::Error for EdiError {}

/// Something the reader skipped or tolerated; the interchange is still accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdiWarning {
    pub line: u32,
    pub segment: u32,
    pub tag: String,
    pub message: String,
    #[serde(skip)]
    pub(crate) offset: usize,
}

impl EdiWarning {
    pub(crate) fn new(segment: u32, tag: &str, offset: usize, message: impl Into<String>) -> Self {
        EdiWarning {
            line: 0,
            segment,
            tag: truncate(tag, 16),
            message: message.into(),
            offset,
        }
    }
}

/// Sets the line of every warning, counting newlines once through the input in offset order
/// (a count from the start per warning is quadratic when every message has one).
pub(crate) fn locate_warnings(ws: &mut [EdiWarning], input: &[u8]) {
    let mut order: Vec<usize> = (0..ws.len()).collect();
    order.sort_by_key(|&i| ws[i].offset);
    let (mut at, mut line) = (0usize, 1u32);
    for i in order {
        let end = ws[i].offset.min(input.len()).max(at);
        line += memchr::memchr_iter(b'\n', &input[at..end]).count() as u32;
        at = end;
        ws[i].line = line;
    }
}

impl fmt::Display for EdiWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, segment {} {}: {}",
            self.line, self.segment, self.tag, self.message
        )
    }
}
