//! Finding and installing the tools a fresh machine lacks. Every step checks before it
//! installs and says what it does, so `cargo xtask setup` is cheap to repeat.

use anyhow::{Context, Result, bail};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The trunk release known to install and work with this toolchain (0.22 needs rustc ≥ 1.96).
const TRUNK_VERSION: &str = "0.21.14";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// npm projects whose packages the build and the tests use: wasm-opt (binaryen), esbuild
/// (minifies the app's JS after the code splitting) and Playwright. Their `node_modules/.bin` go first on PATH.
const NODE_PROJECTS: [&str; 2] = ["xtask/node", "tests/e2e"];

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// A command with inherited stdio.
pub fn cmd(program: &str) -> Command {
    Command::new(program)
}

/// Runs a command, failing with the command line when it fails.
pub fn run(command: &mut Command) -> Result<()> {
    let line = format!("{command:?}");
    let status = command
        .status()
        .with_context(|| format!("starting {line}"))?;
    if !status.success() {
        bail!("{line} failed with {status}");
    }
    Ok(())
}

/// A command's stdout when it runs and succeeds, else `None`.
fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Where the tools are, once set up.
#[derive(Debug)]
pub struct Tools {
    root: PathBuf,
}

impl Tools {
    /// Tools as found, without installing anything.
    pub fn detect() -> Tools {
        Tools { root: root() }
    }

    /// PATH with the npm projects' `node_modules/.bin` in front (npm's wasm-opt must win over
    /// any older system binaryen, which produces wasm that fails in Chromium).
    pub fn path_with_node_bins(&self) -> OsString {
        let mut dirs: Vec<PathBuf> = NODE_PROJECTS
            .iter()
            .map(|p| self.root.join(p).join("node_modules/.bin"))
            .collect();
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        std::env::join_paths(dirs).unwrap_or_default()
    }

    /// `cargo` set up to run wasm-bindgen-test in headless Chromium.
    pub fn wasm_test_command(&self) -> Command {
        let mut c = cmd("cargo");
        c.env("CHROMEDRIVER", CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
            .env(
                "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                self.root.join("tests/webdriver.json"),
            );
        c
    }
}

/// Installs whatever is missing and returns the tools.
pub fn setup() -> Result<Tools> {
    let root = root();
    wasm_target()?;
    trunk()?;
    wasm_bindgen(&root)?;
    chromium()?;
    for project in NODE_PROJECTS {
        node_packages(&root.join(project))?;
    }
    python_venv()?;
    cargo_fuzz()?;
    Ok(Tools { root })
}

/// The EDI validator (xtask/tools/edi-validate) makes a venv with `python3 -m venv`; Debian's
/// python3 needs the python3-venv package for that (pyenv's CPython has it built in).
fn python_venv() -> Result<()> {
    let works = || {
        let probe = std::env::temp_dir().join("takt-xtask-venv-probe");
        let _ = std::fs::remove_dir_all(&probe);
        let ok = Command::new("python3")
            .args(["-m", "venv", "--without-pip"])
            .arg(&probe)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        let _ = std::fs::remove_dir_all(&probe);
        ok
    };
    if works() {
        println!("setup: python3 -m venv: works");
        return Ok(());
    }
    println!("setup: python3 -m venv does not work: installing python3-venv with apt-get");
    run(cmd("apt-get").args(["install", "-y", "python3-venv"]))?;
    if !works() {
        bail!("python3 -m venv still fails after installing python3-venv");
    }
    Ok(())
}

/// cargo-fuzz for the EDI fuzz targets, when the nightly toolchain is present.
fn cargo_fuzz() -> Result<()> {
    if output("cargo", &["+nightly", "fuzz", "--version"]).is_some() {
        println!("setup: cargo-fuzz: present");
        return Ok(());
    }
    let nightly = output("rustup", &["toolchain", "list"])
        .unwrap_or_default()
        .lines()
        .any(|l| l.starts_with("nightly"));
    if !nightly {
        println!(
            "setup: cargo-fuzz: SKIPPED, no nightly toolchain (rustup toolchain install nightly)"
        );
        return Ok(());
    }
    println!("setup: installing cargo-fuzz (cargo +nightly install cargo-fuzz)");
    run(cmd("cargo").args(["+nightly", "install", "cargo-fuzz"]))
}

fn wasm_target() -> Result<()> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        println!("setup: wasm32-unknown-unknown target: present");
        return Ok(());
    }
    println!("setup: adding the wasm32-unknown-unknown target");
    run(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result<()> {
    let want = format!("trunk {TRUNK_VERSION}");
    if output("trunk", &["--version"]).is_some_and(|v| v == want) {
        println!("setup: {want}: present");
        return Ok(());
    }
    println!("setup: installing {want} (about 10 minutes on 2 cores)");
    run(cmd("cargo").args(["install", "--locked", &format!("trunk@{TRUNK_VERSION}")]))
}

/// The wasm-bindgen version pinned in Cargo.lock; the CLI must match it exactly.
pub fn locked_wasm_bindgen(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(v.trim_matches('"').to_owned());
        }
    }
    bail!("Cargo.lock has no wasm-bindgen package")
}

fn wasm_bindgen(root: &Path) -> Result<()> {
    let version = locked_wasm_bindgen(root)?;
    let want = format!("wasm-bindgen {version}");
    let have = output("wasm-bindgen", &["--version"]);
    let runner = output("wasm-bindgen-test-runner", &["--version"]);
    if have.as_deref() == Some(want.as_str()) && runner.is_some() {
        println!("setup: {want} (with wasm-bindgen-test-runner): present");
        return Ok(());
    }
    println!("setup: installing wasm-bindgen-cli {version} (about 3 minutes)");
    // Not --locked: the locked build asks for a dependency version the registry does not serve.
    run(cmd("cargo").args(["install", "--force", &format!("wasm-bindgen-cli@{version}")]))
}

/// `apt-get` with `args`, through sudo when not root.
fn apt(args: &[&str]) -> Result<()> {
    let is_root = output("id", &["-u"]).is_some_and(|u| u == "0");
    let mut c = if is_root { cmd("apt-get") } else { cmd("sudo") };
    if !is_root {
        c.arg("apt-get");
    }
    c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    run(&mut c)
}

fn chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        println!("setup: chromium and chromedriver: present");
        return Ok(());
    }
    println!("setup: installing Debian's chromium and chromium-driver");
    apt(&["update"])?;
    apt(&["install", "-y", "chromium", "chromium-driver"])
}

/// The sqlite3 shell, which the warm-start benchmark loads its data set with (Debian's).
pub fn sqlite3() -> Result<()> {
    if output("sqlite3", &["-version"]).is_some() {
        return Ok(());
    }
    println!(
        "setup: installing Debian's sqlite3 (the warm-start benchmark loads its data with it)"
    );
    apt(&["update"])?;
    apt(&["install", "-y", "sqlite3"])
}

fn node_packages(project: &Path) -> Result<()> {
    let lock = project.join("package-lock.json");
    let stamp = project.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&stamp)) {
        (Ok(l), Ok(s)) => match (l.modified(), s.modified()) {
            (Ok(l), Ok(s)) => s >= l,
            _ => false,
        },
        _ => false,
    };
    let name = project.display();
    if fresh {
        println!("setup: node packages in {name}: present");
        return Ok(());
    }
    println!("setup: installing node packages in {name} (npm ci)");
    run(cmd("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(project))
}
