//! EDI codecs: read JIT calls, forecasts and stock reports (EDIFACT, X12, VDA) into normalized
//! documents, and write shipping notices and invoices. Pure: bytes in, values out.
//!
//! Layers: `segment`/`edifact`/`x12`/`vda` are the syntax (tokenizing, envelopes, writers);
//! `read_*` map messages to [`model`]; `write` renders [`model`] documents; [`parse`],
//! [`parse_to_json`] and [`render`] are the entry points. An interchange is all or nothing: any
//! error rejects it whole; segments we do not use are skipped with a warning.

mod dates;
pub mod edifact;
pub mod error;
pub mod export;
pub mod import;
pub mod master;
pub mod model;
pub mod partner;
pub mod read_edifact;
pub mod read_vda;
pub mod read_x12;
pub mod segment;
pub mod synth;
pub mod vda;
pub mod write;
pub mod x12;

pub use error::{EdiError, EdiWarning, ErrorKind};
pub use master::{EdiCommand, EdiState};
pub use model::*;
pub use partner::{AsnFormat, InvoiceFormat, PartnerProfile, RenderFormat};

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Everything read from one interchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parsed {
    pub envelope: EnvelopeInfo,
    pub documents: Vec<InboundDoc>,
    pub warnings: Vec<EdiWarning>,
}

/// What an interchange holds, as an import preview shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Messages per message type, in the order the types first appear.
    pub message_types: Vec<(String, usize)>,
    /// JIT calls in all JIT call messages.
    pub calls: usize,
    /// Components of those calls.
    pub components: usize,
}

impl Parsed {
    /// Counts messages per type, JIT calls and their components.
    pub fn counts(&self) -> Counts {
        let mut out = Counts::default();
        for doc in &self.documents {
            let t = &doc.header().message_type;
            match out.message_types.iter_mut().find(|(x, _)| x == t) {
                Some((_, n)) => *n += 1,
                None => out.message_types.push((t.clone(), 1)),
            }
            if let InboundDoc::JitCall(m) = doc {
                out.calls += m.calls.len();
                out.components += m.calls.iter().map(|c| c.components.len()).sum::<usize>();
            }
        }
        out
    }
}

/// Decodes the input: UTF-8 as is (zero-copy); anything else as ISO 8859-1, which is what
/// UNOC/UNOD and most VDA files use.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| b as char).collect()),
    }
}

/// Which standard the input is written in, from its first characters.
pub fn detect(text: &str) -> Result<Standard, EdiError> {
    let start = edifact::skip_preamble(text);
    let head = text.get(start..).unwrap_or("");
    if head.starts_with("UNA") || head.starts_with("UNB") {
        Ok(Standard::Edifact)
    } else if head.starts_with("ISA") {
        Ok(Standard::X12)
    } else if head.get(0..3).and_then(read_vda::message_of).is_some() {
        Ok(Standard::Vda)
    } else {
        let found: String = head.chars().take(12).collect();
        Err(EdiError::unsupported(
            "an EDIFACT (UNA/UNB), X12 (ISA) or VDA (511, 551, 561, 711) interchange",
            found,
        )
        .at(1, "", start)
        .locate(text.as_bytes()))
    }
}

/// Parses one interchange of any supported standard and message type.
pub fn parse(bytes: &[u8]) -> Result<Parsed, EdiError> {
    parse_with_progress(bytes, &mut |_, _| {})
}

/// [`parse`], telling `on_progress(bytes read, total bytes)` how far it got: about every MiB
/// of input (never decreasing) and once at the end with `(total, total)` when the interchange
/// was read. For a progress bar in the browser import; pure, no clock.
pub fn parse_with_progress(
    bytes: &[u8],
    on_progress: &mut dyn FnMut(usize, usize),
) -> Result<Parsed, EdiError> {
    let total = bytes.len();
    let text = decode(bytes);
    let text = text.as_ref();
    // Positions are in the decoded text, which is longer than the input where ISO 8859-1 bytes
    // became two-byte UTF-8: scale them back to input bytes.
    let decoded = text.len().max(1);
    let mut last = 0usize;
    let mut report = |pos: usize| {
        let done = ((pos as u128 * total as u128) / decoded as u128).min(total as u128) as usize;
        if done > last && done < total {
            last = done;
            on_progress(done, total);
        }
    };
    let parsed = match detect(text)? {
        Standard::Edifact => read_edifact_interchange(text, &mut report)?,
        Standard::X12 => read_x12_interchange(text)?,
        Standard::Vda => {
            let f = read_vda::parse(text)?;
            Parsed {
                envelope: f.envelope,
                documents: f.documents,
                warnings: f.warnings,
            }
        }
    };
    on_progress(total, total);
    Ok(parsed)
}

fn opt_owned(s: &str) -> Option<String> {
    if s.is_empty() {
        None
    } else {
        Some(s.to_owned())
    }
}

/// Maps each message while the tokenizer reads on, so the segments of only one message are
/// held at a time.
fn read_edifact_interchange(text: &str, report: &mut dyn FnMut(usize)) -> Result<Parsed, EdiError> {
    let mut documents = Vec::new();
    let mut mapped = Vec::new();
    let ic = edifact::read(
        text,
        false,
        &mut |m| {
            documents.push(read_edifact::read_message(m, &mut mapped)?);
            Ok(())
        },
        report,
    )
    .map_err(|e| e.locate(text.as_bytes()))?;
    error::locate_warnings(&mut mapped, text.as_bytes());
    let envelope = edifact_envelope(&ic);
    let mut warnings = ic.warnings;
    warnings.append(&mut mapped);
    Ok(Parsed {
        envelope,
        documents,
        warnings,
    })
}

fn edifact_envelope(ic: &edifact::Interchange<'_>) -> EnvelopeInfo {
    EnvelopeInfo {
        standard: Standard::Edifact,
        sender: ic.sender.clone(),
        sender_qualifier: opt_owned(&ic.sender_qualifier),
        receiver: ic.recipient.clone(),
        receiver_qualifier: opt_owned(&ic.recipient_qualifier),
        control_ref: ic.control_ref.clone(),
        prepared: dates::prepared(&ic.date, &ic.time),
        test: ic.test,
    }
}

fn x12_envelope(ic: &x12::Interchange<'_>) -> EnvelopeInfo {
    EnvelopeInfo {
        standard: Standard::X12,
        sender: ic.sender.clone(),
        sender_qualifier: opt_owned(&ic.sender_qualifier),
        receiver: ic.receiver.clone(),
        receiver_qualifier: opt_owned(&ic.receiver_qualifier),
        control_ref: ic.control.clone(),
        prepared: dates::prepared(&ic.date, &ic.time),
        test: ic.test,
    }
}

/// Only the envelope of an interchange (UNB, ISA or the VDA header), reading no further than
/// it for EDIFACT and X12: who sent it and its control reference, to file and recognise an
/// interchange before reading it whole. VDA files are read whole (they are small and their
/// header is spread over the first records).
pub fn envelope(bytes: &[u8]) -> Result<EnvelopeInfo, EdiError> {
    let text = decode(bytes);
    let text = text.as_ref();
    match detect(text)? {
        Standard::Edifact => edifact::header(text).map(|ic| edifact_envelope(&ic)),
        Standard::X12 => x12::header(text).map(|ic| x12_envelope(&ic)),
        Standard::Vda => read_vda::parse(text).map(|f| f.envelope),
    }
}

fn read_x12_interchange(text: &str) -> Result<Parsed, EdiError> {
    let ic = x12::parse(text)?;
    let mut warnings = ic.warnings.clone();
    let mut documents = Vec::with_capacity(ic.sets.len());
    for s in &ic.sets {
        documents.push(
            read_x12::read_set(&ic, s, &mut warnings).map_err(|e| e.locate(text.as_bytes()))?,
        );
    }
    error::locate_warnings(&mut warnings, text.as_bytes());
    Ok(Parsed {
        envelope: x12_envelope(&ic),
        documents,
        warnings,
    })
}

/// The batch entry point for the CLI: detects the standard and message types and returns the
/// [`Parsed`] value as JSON (`{"envelope": …, "documents": [{"doc": "jit_call", …}], "warnings": […]}`).
pub fn parse_to_json(bytes: &[u8]) -> Result<serde_json::Value, EdiError> {
    let p = parse(bytes)?;
    serde_json::to_value(&p).map_err(|e| EdiError::render("serializable documents", e.to_string()))
}

/// Writes a document in the format the partner wants (from its [`PartnerProfile`]).
pub fn render(doc: &OutboundDoc, format: &RenderFormat) -> Result<String, EdiError> {
    match doc {
        OutboundDoc::ShippingNotice(n) => match format.profile.asn_format {
            AsnFormat::Desadv => write::desadv(n, format),
            AsnFormat::Vda4913 => write::vda4913(n, format),
            AsnFormat::X12_856 => write::x856(n, format),
        },
        OutboundDoc::Invoice(i) => match format.profile.invoice_format {
            InvoiceFormat::Invoic => write::invoic(i, format),
            InvoiceFormat::X12_810 => write::x810(i, format),
        },
    }
}

/// The key that identifies an interchange for duplicate detection: (sender, control reference).
pub fn interchange_key(env: &EnvelopeInfo) -> (String, String) {
    (env.sender.clone(), env.control_ref.clone())
}

/// Refuses an interchange whose (sender, control reference) was seen before: partners resend
/// after timeouts, and applying a JIT call twice would double the demand.
pub fn check_duplicate(
    env: &EnvelopeInfo,
    seen: &BTreeSet<(String, String)>,
) -> Result<(), EdiError> {
    let key = interchange_key(env);
    if seen.contains(&key) {
        let mut e = EdiError::new(
            ErrorKind::Duplicate,
            "an interchange control reference not received before from this sender",
            format!("{} from {:?}", key.1, key.0),
        );
        e.segment = 1;
        e.tag = match env.standard {
            Standard::Edifact => "UNB",
            Standard::X12 => "ISA",
            Standard::Vda => "header",
        }
        .to_owned();
        return Err(e);
    }
    Ok(())
}
