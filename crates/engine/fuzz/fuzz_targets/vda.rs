//! Fuzzes the VDA fixed-record reader (4905, 4913, 4915, 4916).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let kinds: [&[u8]; 4] = [b"51102", b"71103", b"55102", b"56102"];
    let k = kinds[data.first().map_or(0, |b| usize::from(*b) % 4)];
    let mut v = k.to_vec();
    v.extend_from_slice(data.get(1..).unwrap_or(&[]));
    let _ = takt_engine::edi::parse(&v);
    let _ = takt_engine::edi::parse(data);
});
