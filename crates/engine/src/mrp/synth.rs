//! Deterministic synthetic MRP workloads for benchmarks (seeded xorshift, no rand crate).
