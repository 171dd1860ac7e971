//! Fuzzes the binary start snapshot's reader: arbitrary bytes, and arbitrary bodies behind this
//! build's header (so the fuzzer reaches the postcard decoding of the state).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = takt_engine::snapshot::decode(data);
    let mut v = b"TAKTSNAP".to_vec();
    v.extend_from_slice(takt_engine::snapshot::SCHEMA.as_bytes());
    v.extend_from_slice(data);
    let _ = takt_engine::snapshot::decode(&v);
});
