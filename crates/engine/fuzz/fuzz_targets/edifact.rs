//! Fuzzes the EDIFACT tokenizer, envelope checks and message mappings: no input may panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Start with a valid header more often than chance would, so the mappers get exercised.
    let mut v = b"UNB+UNOC:3+A+B+261122:0600+1'UNH+1+DELJIT:D:04A:UN'".to_vec();
    v.extend_from_slice(data);
    let _ = takt_engine::edi::parse(&v);
    let _ = takt_engine::edi::parse(data);
});
