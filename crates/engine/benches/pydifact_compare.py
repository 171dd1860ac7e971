#!/usr/bin/env python3
"""Times pydifact on the same synthetic DELJIT interchange the Rust bench parses.

    cargo bench -p takt-engine --bench edi   # with TAKT_EDI_BENCH_OUT=/tmp/edi-bench
    /work/targets/edi-venv/bin/python crates/engine/benches/pydifact_compare.py /tmp/edi-bench/deljit_5mb.edi

pydifact builds Segment objects with nested lists; we count them so nothing is lazily skipped.
Prints bytes, segments, best-of-3 seconds and MB/s (MiB/s, like criterion).
"""
import sys
import time

from pydifact.segmentcollection import Interchange


def main() -> None:
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    text = open(path, encoding="latin-1").read()
    best = None
    count = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        ic = Interchange.from_str(text)
        count = sum(1 for _ in ic.segments)
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    mib = len(text) / (1024 * 1024)
    print(f"pydifact: {len(text)} bytes, {count} segments, best {best:.3f} s, {mib / best:.2f} MiB/s")


if __name__ == "__main__":
    main()
