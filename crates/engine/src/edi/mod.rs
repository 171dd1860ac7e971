//! EDI codecs: read JIT calls, forecasts and stock reports (EDIFACT, X12, VDA) into normalized
//! documents, and write shipping notices and invoices. Pure: bytes in, values out.
//!
//! Layers: `segment`/`edifact`/`x12`/`vda` are the syntax (tokenizing, envelopes, writers);
//! `read_*` map messages to [`model`]; `write` renders [`model`] documents; [`parse`],
//! [`parse_to_json`] and [`render`] are the entry points. An interchange is all or nothing: any
//! error rejects it whole; segments we do not use are skipped with a warning.

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

fn yymmdd_hhmm(date: &str, time: &str) -> Option<When> {
    let d = match date.len() {
        6 => vda::yymmdd(date)?,
        8 => read_edifact::when_x12(date, "")?.day,
        _ => return None,
    };
    Some(When {
        day: d,
        minute: vda::hhmm(time.get(..4).unwrap_or("")),
    })
}

/// Parses one interchange of any supported standard and message type.
pub fn parse(bytes: &[u8]) -> Result<Parsed, EdiError> {
    let text = decode(bytes);
    let text = text.as_ref();
    match detect(text)? {
        Standard::Edifact => {
            let ic = edifact::parse(text)?;
            let mut warnings = ic.warnings.clone();
            let mut documents = Vec::with_capacity(ic.messages.len());
            for m in &ic.messages {
                documents.push(
                    read_edifact::read_message(&ic, m, &mut warnings)
                        .map_err(|e| e.locate(text.as_bytes()))?,
                );
            }
            for w in &mut warnings {
                w.locate(text.as_bytes());
            }
            let opt = |s: &str| {
                if s.is_empty() {
                    None
                } else {
                    Some(s.to_owned())
                }
            };
            Ok(Parsed {
                envelope: EnvelopeInfo {
                    standard: Standard::Edifact,
                    sender: ic.sender.clone(),
                    sender_qualifier: opt(&ic.sender_qualifier),
                    receiver: ic.recipient.clone(),
                    receiver_qualifier: opt(&ic.recipient_qualifier),
                    control_ref: ic.control_ref.clone(),
                    prepared: yymmdd_hhmm(&ic.date, &ic.time),
                    test: ic.test,
                },
                documents,
                warnings,
            })
        }
        Standard::X12 => {
            let ic = x12::parse(text)?;
            let mut warnings = ic.warnings.clone();
            let mut documents = Vec::with_capacity(ic.sets.len());
            for s in &ic.sets {
                documents.push(
                    read_x12::read_set(&ic, s, &mut warnings)
                        .map_err(|e| e.locate(text.as_bytes()))?,
                );
            }
            for w in &mut warnings {
                w.locate(text.as_bytes());
            }
            let opt = |s: &str| {
                if s.is_empty() {
                    None
                } else {
                    Some(s.to_owned())
                }
            };
            Ok(Parsed {
                envelope: EnvelopeInfo {
                    standard: Standard::X12,
                    sender: ic.sender.clone(),
                    sender_qualifier: opt(&ic.sender_qualifier),
                    receiver: ic.receiver.clone(),
                    receiver_qualifier: opt(&ic.receiver_qualifier),
                    control_ref: ic.control.clone(),
                    prepared: yymmdd_hhmm(&ic.date, &ic.time),
                    test: ic.test,
                },
                documents,
                warnings,
            })
        }
        Standard::Vda => {
            let f = read_vda::parse(text)?;
            Ok(Parsed {
                envelope: f.envelope,
                documents: f.documents,
                warnings: f.warnings,
            })
        }
    }
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
