//! `cargo xtask`: the project's automation, one subcommand per workflow. CI calls the same
//! commands a person types: `setup`, `run`, `test`, `bench`, `dist`.

mod edi_checks;
mod split;
mod tools;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;
use tools::{Tools, cmd, root, run};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  setup              install what this machine lacks (idempotent)
  run [--port P] [--data-dir D]
                     build the app in release mode and serve it on http://127.0.0.1:8080
  test [--no-setup] [--skip-e2e]
                     fmt, clippy (native + wasm32), native tests, browser tests, end-to-end tests
  bench [warm-start] engine benchmarks (criterion) with a summary, the wasm and browser
                     benchmarks, and the offline warm start (`bench warm-start`: that one only)
  dist               build the SPA in release mode and print the bundle size
  post-build         (trunk hook) `split`, then `sw`
  split              (trunk hook) cut the app's wasm into main + lazily loaded chunks
  sw                 (trunk hook) write the build's file list into the service worker";

fn main() {
    if let Err(e) = real_main() {
        eprintln!("xtask: error: {e:#}");
        std::process::exit(1);
    }
}

fn real_main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        println!("{USAGE}");
        return Ok(());
    }
    let task = args.remove(0);
    match task.as_str() {
        "setup" => tools::setup().map(|_| ()),
        "run" => run_app(&args),
        "test" => test(&args),
        "bench" => bench(&args),
        "dist" => {
            let tools = tools::setup()?;
            build_spa(&tools)
        }
        // trunk runs the hooks of one stage concurrently: one hook does both, in order.
        "post-build" => split::split().and_then(|()| service_worker()),
        "split" => split::split(),
        "sw" => service_worker(),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}

fn flag_value(args: &[String], name: &str) -> Result<Option<String>> {
    match args.iter().position(|a| a == name) {
        Some(i) => args
            .get(i + 1)
            .cloned()
            .map(Some)
            .with_context(|| format!("{name} needs a value")),
        None => Ok(None),
    }
}

/// Builds the SPA with trunk in release mode (wasm-opt from npm first on PATH) and prints the
/// bundle size.
fn build_spa(tools: &Tools) -> Result<()> {
    let root = root();
    println!("xtask: building the SPA (release, wasm-opt -Oz)");
    run(cmd("trunk")
        .args(["build", "--release"])
        .current_dir(&root)
        .env("TRUNK_OFFLINE", "true")
        .env("PATH", tools.path_with_node_bins()))?;
    bundle_report(&root.join("dist"))
}

/// Trunk post-build hook: fills `sw.js` in the staging directory with the list of the build's
/// files and a version derived from their names (which carry content hashes).
fn service_worker() -> Result<()> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .context(
            "TRUNK_STAGING_DIR is not set: `cargo xtask sw` runs as trunk's post-build hook",
        )?;
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&staging)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != "sw.js" && entry.file_type()?.is_file() {
            files.push(format!("/{name}"));
        }
    }
    files.sort();
    // The version covers the files' contents too: the EDI worker's files keep their names
    // from build to build (trunk does not hash worker names), so a new worker must still
    // change the cache.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for f in &files {
        let bytes = std::fs::read(staging.join(f.trim_start_matches('/')))?;
        for b in f.bytes().chain(bytes) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    let sw = staging.join("sw.js");
    let template =
        std::fs::read_to_string(&sw).context("reading sw.js in the staging directory")?;
    let list = format!(
        "[{}]",
        files
            .iter()
            .map(|f| format!("{f:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let out = template
        .replace("__TAKT_VERSION__", &format!("{hash:016x}"))
        .replace("__TAKT_ASSETS__", &list);
    std::fs::write(&sw, out)?;
    println!("xtask: service worker lists {} files", files.len());
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?.len())
}

/// Prints raw and gzip sizes of the wasm and JS in `dist`, in three groups: what the browser
/// loads to start the app (the app's JS and main wasm, and the chunk loader the JS imports),
/// the chunks loaded when an area is opened, and the EDI worker (loaded on an import).
fn bundle_report(dist: &Path) -> Result<()> {
    let mut groups: [(&str, Vec<Row>); 4] = [
        ("initial (main wasm, app JS, chunk loader)", vec![]),
        ("lazy chunks (loaded when an area is opened)", vec![]),
        ("EDI worker (loaded on an import)", vec![]),
        ("other", vec![]),
    ];
    for entry in std::fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "wasm" || ext == "js" {
            let bytes = std::fs::read(&path)?;
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("?")
                .to_owned();
            let group = if name.starts_with("takt-edi-worker") {
                2
            } else if name.starts_with("takt-app-") && (ext == "js" || name.ends_with("_bg.wasm")) {
                0
            } else if name.starts_with("takt-app-") {
                1
            } else {
                3
            };
            groups[group].1.push((name, bytes.len(), gzip_len(&bytes)?));
        }
    }
    println!("bundle size (wasm + js, gzip -9):");
    for (title, rows) in &mut groups {
        if rows.is_empty() {
            continue;
        }
        rows.sort();
        println!("  {title}:");
        for (name, a, b) in rows.iter() {
            println!(
                "    {name:<52} {:>8.1} KB raw {:>8.1} KB gzip",
                kb(*a),
                kb(*b)
            );
        }
        let (raw, gz) = rows.iter().fold((0, 0), |(r, g), (_, a, b)| (r + a, g + b));
        println!(
            "    {:<52} {:>8.1} KB raw {:>8.1} KB gzip",
            "total",
            kb(raw),
            kb(gz)
        );
    }
    Ok(())
}

/// A file of the bundle: name, raw bytes, gzip bytes.
type Row = (String, usize, usize);

fn kb(n: usize) -> f64 {
    n as f64 / 1024.0
}

fn run_app(args: &[String]) -> Result<()> {
    let tools = tools::setup()?;
    build_spa(&tools)?;
    let root = root();
    println!("xtask: building the server");
    run(cmd("cargo")
        .args(["build", "-p", "takt-server", "--profile", "server"])
        .current_dir(&root))?;
    let mut serve = Command::new(split::cargo_target_dir().join("server/takt"));
    serve.arg("serve").arg("--dist").arg(root.join("dist"));
    if let Some(port) = flag_value(args, "--port")? {
        serve.args(["--port", &port]);
    }
    if let Some(dir) = flag_value(args, "--data-dir")? {
        serve.args(["--data-dir", &dir]);
    } else if std::env::var_os("TAKT_DATA_DIR").is_none() {
        serve.arg("--data-dir").arg(root.join("data"));
    }
    println!("xtask: starting takt serve (Ctrl-C stops it)");
    exec(serve)
}

/// Replaces this process with `command`, so Ctrl-C reaches the server directly and it shuts
/// down cleanly.
#[cfg(unix)]
fn exec(mut command: Command) -> Result<()> {
    use std::os::unix::process::CommandExt;
    Err(command.exec()).context("starting takt serve")
}

#[cfg(not(unix))]
fn exec(mut command: Command) -> Result<()> {
    let status = command.status().context("starting takt serve")?;
    if !status.success() {
        bail!("takt serve exited with {status}");
    }
    Ok(())
}

fn test(args: &[String]) -> Result<()> {
    let tools = if args.iter().any(|a| a == "--no-setup") {
        Tools::detect()
    } else {
        tools::setup()?
    };
    let root = root();
    #[allow(clippy::disallowed_methods)] // automation, not the engine: timing the steps
    let started = std::time::Instant::now();
    let step = |name: &str| println!("\n==> {name} ({}s)", started.elapsed().as_secs());

    step("cargo fmt --check");
    run(cmd("cargo")
        .args(["fmt", "--all", "--", "--check"])
        .current_dir(&root))?;

    step("clippy, native");
    run(cmd("cargo")
        .args([
            "clippy",
            "--workspace",
            "--exclude",
            "takt-app",
            "--all-targets",
            "--",
        ])
        .args(["-D", "warnings"])
        .current_dir(&root))?;
    step("clippy, wasm32");
    run(cmd("cargo")
        .args([
            "clippy",
            "-p",
            "takt-app",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
        ])
        .args(["--", "-D", "warnings"])
        .current_dir(&root))?;
    // The release bundle's code path: the areas as split points (src/areas.rs).
    run(cmd("cargo")
        .args([
            "clippy",
            "-p",
            "takt-app",
            "--target",
            "wasm32-unknown-unknown",
            "--features",
            "split",
        ])
        .args(["--", "-D", "warnings"])
        .current_dir(&root))?;
    run(cmd("cargo")
        .args([
            "clippy",
            "-p",
            "takt-engine",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
        ])
        .args(["--", "-D", "warnings"])
        .current_dir(&root))?;
    // The EDI worker is a wasm binary (trunk builds it for the browser); natively its
    // library and tests are covered by the workspace steps.
    run(cmd("cargo")
        .args([
            "clippy",
            "-p",
            "takt-edi-worker",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
        ])
        .args(["--", "-D", "warnings"])
        .current_dir(&root))?;

    step("native tests");
    run(cmd("cargo")
        .args(["test", "--workspace", "--exclude", "takt-app"])
        .current_dir(&root))?;

    step("EDI: independent validation of what we write (xtask/tools/edi-validate)");
    edi_checks::validate(&root)?;
    step("fuzz each parser (EDI, snapshot) for 20 s (cargo +nightly fuzz)");
    edi_checks::fuzz(&root)?;

    step("browser tests (wasm-bindgen-test in headless Chromium)");
    run(tools
        .wasm_test_command()
        .args([
            "test",
            "-p",
            "takt-app",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .current_dir(&root))?;

    if args.iter().any(|a| a == "--skip-e2e") {
        println!("xtask: end-to-end tests skipped (--skip-e2e)");
        return Ok(());
    }
    step("end-to-end tests (Playwright against takt serve)");
    build_spa(&tools)?;
    run(cmd("cargo")
        .args(["build", "-p", "takt-server", "--profile", "server"])
        .current_dir(&root))?;
    let e2e = root.join("tests/e2e");
    run(cmd("npx")
        .args(["playwright", "test"])
        .current_dir(&e2e)
        .env("TAKT_BIN", split::cargo_target_dir().join("server/takt"))
        .env("TAKT_DIST", root.join("dist"))
        .env("TAKT_ROOT", &root)
        .env("PATH", tools.path_with_node_bins()))?;
    println!(
        "\nxtask: all tests passed in {}s",
        started.elapsed().as_secs()
    );
    Ok(())
}

fn bench(args: &[String]) -> Result<()> {
    let root = root();
    if args.first().is_some_and(|a| a == "warm-start") {
        return warm_start_bench(&root);
    }
    let mut c = cmd("cargo");
    c.args(["bench", "-p", "takt-engine"]).current_dir(&root);
    if !args.is_empty() {
        c.arg("--").args(args);
    }
    run(&mut c)?;
    summarize_criterion(&root.join("target/criterion"))?;
    // The same workloads compiled to wasm, timed in headless Chromium (prints per workload).
    println!("\nwasm (crates/engine/tests/wasm_bench.rs, headless Chromium):");
    run(cmd("cargo")
        .args([
            "test",
            "-p",
            "takt-engine",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(["--release", "--test", "wasm_bench", "--", "--nocapture"])
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "600")
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            root.join("tests/webdriver.json"),
        )
        .current_dir(&root))?;
    // The JIT monitor's virtualised list over 100,000 calls (tests/browser_bench.rs).
    println!("\nbrowser (tests/browser_bench.rs, headless Chromium):");
    run(cmd("cargo")
        .args([
            "test",
            "-p",
            "takt-app",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(["--release", "--test", "browser_bench", "--", "--nocapture"])
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "600")
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            root.join("tests/webdriver.json"),
        )
        .current_dir(&root))?;
    warm_start_bench(&root)
}

/// The release build's offline warm start with 100,000 JIT calls and 10,000 items stored
/// (tests/e2e/bench/warm-start.bench.js): the data set is generated here, a real server holds
/// it, headless Chromium syncs it once and reloads offline. Prints median and max.
fn warm_start_bench(root: &Path) -> Result<()> {
    println!("\nwarm start (tests/e2e/bench/warm-start.bench.js, Playwright + headless Chromium):");
    let tools = Tools::detect();
    tools::sqlite3()?;
    build_spa(&tools)?;
    run(cmd("cargo")
        .args(["build", "-p", "takt-server", "--profile", "server"])
        .current_dir(root))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let data = target.join("warm-start/data.ndjson");
    std::fs::create_dir_all(target.join("warm-start"))?;
    run(cmd("cargo")
        .args(["run", "-p", "takt-engine", "--profile", "server"])
        .args(["--example", "warm_start_data", "--"])
        .arg(&data)
        .current_dir(root))?;
    run(cmd("npx")
        .args([
            "playwright",
            "test",
            "--config",
            "playwright.bench.config.js",
        ])
        .current_dir(root.join("tests/e2e"))
        .env("TAKT_BIN", target.join("server/takt"))
        .env("TAKT_DIST", root.join("dist"))
        .env("TAKT_WARM_DATA", &data)
        .env("PATH", tools.path_with_node_bins()))
}

/// Prints one line per criterion benchmark: its mean and confidence interval.
fn summarize_criterion(dir: &Path) -> Result<()> {
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    collect_estimates(dir, dir, &mut found)?;
    found.sort();
    println!("\nbenchmark summary (mean, from target/criterion):");
    for (name, path) in found {
        let text = std::fs::read_to_string(&path)?;
        match mean_ns(&text) {
            Some(ns) => println!("  {name:<60} {}", human_time(ns)),
            None => println!("  {name:<60} (no estimate in {})", path.display()),
        }
    }
    Ok(())
}

fn collect_estimates(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            let est = path.join("new/estimates.json");
            if est.is_file() {
                let name = path
                    .strip_prefix(base)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                out.push((name, est));
            } else if path.file_name().is_some_and(|n| n != "report") {
                collect_estimates(base, &path, out)?;
            }
        }
    }
    Ok(())
}

/// The `mean.point_estimate` of a criterion estimates.json, without a JSON dependency.
fn mean_ns(text: &str) -> Option<f64> {
    let rest = &text[text.find("\"mean\"")?..];
    let rest = &rest[rest.find("\"point_estimate\"")? + "\"point_estimate\"".len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let end = rest.find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c)))?;
    rest[..end].parse().ok()
}

fn human_time(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}
