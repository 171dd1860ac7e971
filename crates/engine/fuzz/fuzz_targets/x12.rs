//! Fuzzes the X12 ISA separator detection, envelopes and transaction set mappings.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut v = b"ISA*00*          *00*          *ZZ*A              *ZZ*B              *261122*0600*U*00401*000000001*0*P*>~GS*SH*A*B*20261122*0600*1*X*004010~ST*856*0001~".to_vec();
    v.extend_from_slice(data);
    let _ = takt_engine::edi::parse(&v);
    let _ = takt_engine::edi::parse(data);
});
