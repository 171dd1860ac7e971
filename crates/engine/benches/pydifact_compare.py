#!/usr/bin/env python3
"""Times pydifact on the same synthetic DELJIT interchange the Rust bench parses.

    cargo bench -p takt-engine --bench edi   # with TAKT_EDI_BENCH_OUT=/tmp/edi-bench
    /work/targets/edi-venv/bin/python crates/engine/benches/pydifact_compare.py /tmp/edi-bench/deljit_5mb.edi

pydifact builds Segment objects with nested lists; we count them so nothing is lazily skipped.
Prints bytes, segments, best-of-3 seconds and MB/s (MiB/s, like criterion), for wall time and
for the process's CPU time (`time.process_time`, comparable with `examples/cpu_times.rs`).
"""
import sys
import time

from pydifact.segmentcollection import Interchange


def main() -> None:
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    text = open(path, encoding="latin-1").read()
    best = None
    best_cpu = None
    count = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        c0 = time.process_time()
        ic = Interchange.from_str(text)
        count = sum(1 for _ in ic.segments)
        dt = time.perf_counter() - t0
        dc = time.process_time() - c0
        best = dt if best is None else min(best, dt)
        best_cpu = dc if best_cpu is None else min(best_cpu, dc)
    mib = len(text) / (1024 * 1024)
    mb = len(text) / 1e6
    print(f"pydifact: {len(text)} bytes, {count} segments, best {best:.3f} s, {mib / best:.2f} MiB/s")
    print(f"pydifact CPU: best {best_cpu:.3f} s, {mb / best_cpu:.2f} MB/s")


if __name__ == "__main__":
    main()
