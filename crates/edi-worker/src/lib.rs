//! The EDI worker's logic, free of the browser: parse an interchange and turn the result into
//! the messages the worker posts to the page (progress, header, document chunks, done or the
//! error). `main.rs` is only the Web Worker glue around [`run`].
//!
//! Protocol (worker → page), one JSON text per message, `type` first:
//! - `{"type":"ready"}` once the worker listens (the page posts the file only then)
//! - `{"type":"progress","phase":"reading"|"parsing","done":n,"total":n}`
//! - `{"type":"header","envelope":{…},"warnings":[…],"documents":n}`
//! - `{"type":"documents","docs":[InboundDoc…]}` — whole documents, about [`CHUNK_BYTES`] each
//! - `{"type":"calls","calls":[JitCall…]}` — more calls of the last JIT call document (a single
//!   huge DELJIT message is sent in pieces too)
//! - `{"type":"done"}` or `{"type":"error","error":EdiError}`
//!
//! Page → worker: the `File` (or an `ArrayBuffer`) to parse.

use takt_engine::edi::{self, EdiError, InboundDoc, Parsed};

/// Target size of one posted chunk of documents (JSON text). Small enough that the page
/// deserialises one between two frames.
pub const CHUNK_BYTES: usize = 512 * 1024;

/// A progress message.
pub fn progress(phase: &str, done: u64, total: u64) -> String {
    format!(r#"{{"type":"progress","phase":"{phase}","done":{done},"total":{total}}}"#)
}

/// Parses `bytes`, reporting progress as `(bytes done, bytes total)`: at the start, about every
/// MiB of input while the engine reads (EDIFACT; X12 and VDA report at the end), and at the end.
pub fn parse_with_progress(
    bytes: &[u8],
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Parsed, EdiError> {
    progress(0, bytes.len() as u64);
    edi::parse_with_progress(bytes, &mut |done, total| {
        progress(done as u64, total as u64)
    })
}

/// Parses `bytes` and posts every message of the protocol through `post`, in order.
pub fn run(bytes: &[u8], post: &mut dyn FnMut(String)) {
    let parsed = {
        let mut report = |done: u64, total: u64| post(progress("parsing", done, total));
        parse_with_progress(bytes, &mut report)
    };
    match parsed {
        Ok(p) => {
            for m in messages(&p) {
                post(m);
            }
        }
        Err(e) => post(error_message(&e)),
    }
}

/// The error message for `e`.
pub fn error_message(e: &EdiError) -> String {
    match serde_json::to_string(e) {
        Ok(json) => format!(r#"{{"type":"error","error":{json}}}"#),
        Err(_) => r#"{"type":"error","error":{"kind":"render","line":0,"segment":0,"tag":"","element":0,"component":0,"expected":"a result the worker can send","found":""}}"#.to_owned(),
    }
}

/// Header, document chunks and `done` for a parsed interchange.
pub fn messages(p: &Parsed) -> Vec<String> {
    let mut out = Vec::new();
    let header = serde_json::json!({
        "type": "header",
        "envelope": p.envelope,
        "warnings": p.warnings,
        "documents": p.documents.len(),
    });
    out.push(header.to_string());
    let mut chunk: Vec<String> = Vec::new();
    let mut size = 0;
    let flush = |chunk: &mut Vec<String>, size: &mut usize, out: &mut Vec<String>| {
        if !chunk.is_empty() {
            out.push(format!(
                r#"{{"type":"documents","docs":[{}]}}"#,
                chunk.join(",")
            ));
            chunk.clear();
            *size = 0;
        }
    };
    for doc in &p.documents {
        // A JIT call message with very many calls goes as its head plus pieces of calls.
        if let InboundDoc::JitCall(m) = doc
            && m.calls.len() > 1
        {
            let json = match serde_json::to_string(doc) {
                Ok(j) => j,
                Err(e) => return vec![error_message(&serialise_error(&e))],
            };
            if json.len() > CHUNK_BYTES {
                flush(&mut chunk, &mut size, &mut out);
                let per = (m.calls.len() * CHUNK_BYTES / json.len()).max(1);
                let mut head = m.clone();
                head.calls.truncate(per);
                match serde_json::to_string(&InboundDoc::JitCall(head)) {
                    Ok(j) => out.push(format!(r#"{{"type":"documents","docs":[{j}]}}"#)),
                    Err(e) => return vec![error_message(&serialise_error(&e))],
                }
                for piece in m.calls[per..].chunks(per) {
                    match serde_json::to_string(piece) {
                        Ok(j) => out.push(format!(r#"{{"type":"calls","calls":{j}}}"#)),
                        Err(e) => return vec![error_message(&serialise_error(&e))],
                    }
                }
                continue;
            }
            size += json.len();
            chunk.push(json);
        } else {
            match serde_json::to_string(doc) {
                Ok(j) => {
                    size += j.len();
                    chunk.push(j);
                }
                Err(e) => return vec![error_message(&serialise_error(&e))],
            }
        }
        if size >= CHUNK_BYTES {
            flush(&mut chunk, &mut size, &mut out);
        }
    }
    flush(&mut chunk, &mut size, &mut out);
    out.push(r#"{"type":"done"}"#.to_owned());
    out
}

fn serialise_error(e: &serde_json::Error) -> EdiError {
    EdiError::new(
        edi::ErrorKind::Render,
        "documents the worker can serialise",
        e.to_string(),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::Value;

    const DELJIT: &str = include_str!("../../engine/tests/data/edi/deljit_oem.edi");

    fn kinds(msgs: &[String]) -> Vec<String> {
        msgs.iter()
            .map(|m| {
                let v: Value = serde_json::from_str(m).unwrap();
                v["type"].as_str().unwrap().to_owned()
            })
            .collect()
    }

    #[test]
    fn a_small_interchange_is_progress_header_one_chunk_done() {
        let mut out = Vec::new();
        run(DELJIT.as_bytes(), &mut |m| out.push(m));
        assert_eq!(
            kinds(&out),
            ["progress", "progress", "header", "documents", "done"]
        );
        let header: Value = serde_json::from_str(&out[2]).unwrap();
        assert_eq!(header["envelope"]["sender"], "OEMPLANT");
        assert_eq!(header["envelope"]["control_ref"], "4711");
        assert_eq!(header["documents"], 1);
        let docs: Value = serde_json::from_str(&out[3]).unwrap();
        let back: Vec<InboundDoc> = serde_json::from_value(docs["docs"].clone()).unwrap();
        assert_eq!(back, edi::parse(DELJIT.as_bytes()).unwrap().documents);
        let last: Value = serde_json::from_str(&out[1]).unwrap();
        assert_eq!(last["done"], DELJIT.len());
    }

    #[test]
    fn an_error_names_its_place() {
        let broken = DELJIT.replace("QTY+1:20:PCE", "QTY+1:2x:PCE");
        let mut out = Vec::new();
        run(broken.as_bytes(), &mut |m| out.push(m));
        // The engine reports no progress past a failure: the start, then the error.
        assert_eq!(kinds(&out), ["progress", "error"]);
        let e: Value = serde_json::from_str(&out[1]).unwrap();
        assert_eq!(e["error"]["tag"], "QTY");
        assert_eq!(e["error"]["line"], 12);
        let back: EdiError = serde_json::from_value(e["error"].clone()).unwrap();
        assert_eq!(back.found, "2x");
    }

    #[test]
    fn a_large_interchange_reports_progress_while_parsing() {
        let (big, _) = edi::synth::deljit_interchange(3, 3 << 20);
        let mut out = Vec::new();
        run(big.as_bytes(), &mut |m| out.push(m));
        let done: Vec<u64> = out
            .iter()
            .map(|m| serde_json::from_str::<Value>(m).unwrap())
            .filter(|v| v["type"] == "progress")
            .map(|v| v["done"].as_u64().unwrap())
            .collect();
        // 0, about every MiB of the 3 MiB, and the total; never backwards.
        assert!(done.len() >= 4, "{done:?}");
        assert!(done.windows(2).all(|w| w[0] <= w[1]), "{done:?}");
        assert_eq!(done.first(), Some(&0));
        assert_eq!(done.last(), Some(&(big.len() as u64)));
    }

    #[test]
    fn large_interchanges_come_in_chunks_that_reassemble() {
        // Many messages (chunks of documents) and one message with many calls (pieces).
        let (many, _) = edi::synth::deljit_interchange(7, 2 * CHUNK_BYTES);
        let parsed = edi::parse(many.as_bytes()).unwrap();
        let msgs = messages(&parsed);
        assert!(msgs.len() > 4, "{} messages", msgs.len());
        let mut docs: Vec<InboundDoc> = Vec::new();
        for m in &msgs {
            let v: Value = serde_json::from_str(m).unwrap();
            assert!(
                m.len() <= 2 * CHUNK_BYTES + 4096,
                "chunk of {} bytes",
                m.len()
            );
            match v["type"].as_str().unwrap() {
                "documents" => docs
                    .extend(serde_json::from_value::<Vec<InboundDoc>>(v["docs"].clone()).unwrap()),
                "calls" => {
                    let calls: Vec<edi::JitCall> =
                        serde_json::from_value(v["calls"].clone()).unwrap();
                    match docs.last_mut() {
                        Some(InboundDoc::JitCall(m)) => m.calls.extend(calls),
                        _ => panic!("calls without a JIT call document"),
                    }
                }
                _ => {}
            }
        }
        assert_eq!(docs, parsed.documents);

        let mut one = parsed.documents[0].clone();
        if let InboundDoc::JitCall(m) = &mut one {
            let c = m.calls[0].clone();
            m.calls = vec![c; 6_000];
        }
        let big = Parsed {
            documents: vec![one.clone()],
            ..parsed
        };
        let msgs = messages(&big);
        assert!(kinds(&msgs).iter().filter(|k| *k == "calls").count() > 1);
        let mut back: Option<InboundDoc> = None;
        for m in &msgs {
            let v: Value = serde_json::from_str(m).unwrap();
            match v["type"].as_str().unwrap() {
                "documents" => {
                    back = serde_json::from_value::<Vec<InboundDoc>>(v["docs"].clone())
                        .unwrap()
                        .pop()
                }
                "calls" => {
                    if let Some(InboundDoc::JitCall(m)) = &mut back {
                        m.calls.extend(
                            serde_json::from_value::<Vec<edi::JitCall>>(v["calls"].clone())
                                .unwrap(),
                        );
                    }
                }
                _ => {}
            }
        }
        assert_eq!(back, Some(one));
    }
}
