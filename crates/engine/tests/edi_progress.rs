//! `edi::parse_with_progress`: the browser import's progress bar. Reports grow, come about every
//! MiB, end at the total, and the result is the one `parse` gives.

use proptest::prelude::*;
use takt_engine::edi::{self, synth};

fn progress_of(bytes: &[u8]) -> (Result<edi::Parsed, edi::EdiError>, Vec<(usize, usize)>) {
    let mut seen = Vec::new();
    let r = edi::parse_with_progress(bytes, &mut |done, total| seen.push((done, total)));
    (r, seen)
}

/// Reports increase strictly, all name the input's length as total, and the last one is
/// `(total, total)`.
fn check_reports(seen: &[(usize, usize)], total: usize) {
    assert!(seen.iter().all(|&(_, t)| t == total), "{seen:?}");
    assert!(
        seen.windows(2).all(|w| w[0].0 < w[1].0),
        "not increasing: {seen:?}"
    );
    assert_eq!(seen.last(), Some(&(total, total)), "{seen:?}");
}

#[test]
fn a_large_interchange_reports_about_every_mib_and_ends_at_the_total() {
    let (text, _) = synth::deljit_interchange(11, 2 * 1024 * 1024 + 300_000);
    let (r, seen) = progress_of(text.as_bytes());
    let parsed = r.expect("valid interchange");
    check_reports(&seen, text.len());
    // 2.3 MiB: two reports on the way (one per MiB read) and the final one.
    assert_eq!(seen.len(), 3, "{seen:?}");
    let mib = 1 << 20;
    for (k, &(done, _)) in seen[..2].iter().enumerate() {
        assert!(
            done >= (k + 1) * mib && done < (k + 1) * mib + 64 * 1024,
            "report {k} at {done}"
        );
    }
    assert_eq!(parsed, edi::parse(text.as_bytes()).expect("valid"));
}

#[test]
fn a_small_interchange_of_every_standard_reports_once_at_the_end() {
    let (edifact, _) = synth::deljit_interchange(5, 2_000);
    let x12 = "ISA*00*          *00*          *ZZ*OEM            *ZZ*SUP            *261122*0600*U*00401*000000012*0*P*>~GS*IB*OEM*SUP*20261122*0600*12*X*004010~ST*846*0001~BIA*00*SI*INV-2*20261122~LIN*1*BP*A100~QTY*17*3*EA~SE*5*0001~GE*1*12~IEA*1*000000012~";
    let vda = include_str!("data/edi/vda4905_calloff.txt");
    for input in [edifact.as_str(), x12, vda] {
        let (r, seen) = progress_of(input.as_bytes());
        let p = r.expect("valid interchange");
        assert_eq!(seen, vec![(input.len(), input.len())]);
        assert_eq!(p, edi::parse(input.as_bytes()).expect("valid"));
    }
}

#[test]
fn latin1_input_reports_input_bytes_not_decoded_bytes() {
    // Every 'ä' (one ISO 8859-1 byte) becomes two bytes of UTF-8 in the decoded text; the
    // reports still count input bytes and end at the input's length.
    let (text, _) = synth::deljit_interchange(2, 2 * 1024 * 1024);
    let bytes: Vec<u8> = text
        .replace("LOC+159+L", "LOC+159+\u{e4}")
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    assert!(std::str::from_utf8(&bytes).is_err());
    let (r, seen) = progress_of(&bytes);
    let p = r.expect("valid interchange");
    check_reports(&seen, bytes.len());
    assert!(seen.len() >= 2, "{seen:?}");
    assert_eq!(p, edi::parse(&bytes).expect("valid"));
}

#[test]
fn an_error_stops_the_reports_before_the_end() {
    let (text, _) = synth::deljit_interchange(3, 1024 * 1024 + 100_000);
    let broken = text.replacen("QTY+1:", "QTY+1:x", 1);
    let (r, seen) = progress_of(broken.as_bytes());
    assert!(r.is_err());
    assert!(seen.iter().all(|&(d, t)| d < t), "{seen:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn reports_grow_and_end_at_the_total(seed in 0u64..1_000, kib in 1usize..1_500) {
        let (text, _) = synth::deljit_interchange(seed, kib * 1024);
        let (r, seen) = progress_of(text.as_bytes());
        let p = r.expect("valid interchange");
        check_reports(&seen, text.len());
        prop_assert!(seen.len() <= text.len() / (1 << 20) + 1);
        prop_assert_eq!(p, edi::parse(text.as_bytes()).expect("valid"));
    }
}

#[test]
fn counts_add_up_the_messages_calls_and_components_read() {
    let (text, _) = synth::deljit_interchange(5, 200_000);
    let parsed = edi::parse(text.as_bytes()).unwrap();
    let c = parsed.counts();
    assert_eq!(
        c.message_types,
        [("DELJIT".to_owned(), parsed.documents.len())]
    );
    assert!(parsed.documents.len() > 10);
    let calls: usize = parsed
        .documents
        .iter()
        .map(|d| match d {
            edi::InboundDoc::JitCall(m) => m.calls.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(c.calls, calls);
    assert_eq!(c.components, synth::jit_components(&parsed.documents));
    assert!(c.components > c.calls);
}
