//! Fingerprints the engine's source for the binary snapshot (`src/snapshot.rs`).
//!
//! The snapshot is written with postcard, which is not self-describing: a snapshot is only
//! readable by a build with exactly the same types. Rather than a version number someone must
//! remember to raise, the snapshot carries a hash of every source file of this crate; a
//! snapshot from any other build of the engine is not read (the app then loads the entity
//! records, as on a first start, and writes a new snapshot).

use std::fs;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn main() {
    let src = Path::new("src");
    println!("cargo:rerun-if-changed=src");
    let mut paths = Vec::new();
    files(src, &mut paths);
    paths.sort();
    // FNV-1a, 64 bits: stable across Rust versions (std's hasher is not).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for p in &paths {
        // Separators in paths differ between systems; the relative name with '/' does not.
        let name: Vec<String> = p
            .strip_prefix(src)
            .unwrap_or(p)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        feed(name.join("/").as_bytes());
        feed(&[0]);
        match fs::read(p) {
            Ok(bytes) => feed(&bytes),
            Err(e) => panic!("build.rs: cannot read {}: {e}", p.display()),
        }
        feed(&[0]);
    }
    println!("cargo:rustc-env=TAKT_ENGINE_SCHEMA={h:016x}");
}
