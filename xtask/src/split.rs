//! `cargo xtask split`, a trunk post-build hook: cuts the app's wasm into the main module and
//! one lazily loaded chunk per area (the `#[wasm_split]` points in src/areas.rs).
//!
//! trunk 0.21 has no step between cargo and wasm-bindgen, and the split must happen on the
//! linker's output (it reads the relocations `--emit-relocs` keeps, see build.rs), before
//! wasm-bindgen. So trunk builds as usual (cargo, wasm-bindgen, no wasm-opt for the app:
//! index.html) and this hook then redoes the app's part from cargo's wasm:
//!
//! 1. `wasm_split_cli_support::transform`: the main module, the chunks and the JS that loads
//!    them (`__wasm_split.js`, which imports `initSync` from the app's JS to reach the main
//!    module's memory, table and exports);
//! 2. wasm-bindgen on the main module, keeping the exports the chunks import;
//! 3. npm's wasm-opt `-Oz` on the main module and on each chunk, npm's esbuild `--minify` on
//!    the app's JS and the loader (trunk's own minifier is not used: this step replaces
//!    trunk's JS after trunk ran);
//! 4. content-hashed names for the chunks, the loader and the app's JS and wasm, written into
//!    the staging directory in place of trunk's app files; trunk's index.html is pointed at
//!    the new names.
//!
//! `cargo xtask sw` runs after this hook and lists every file, chunks included, in the
//! service worker.

use crate::tools::{Tools, cmd, root, run};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// The cargo profile trunk builds the app with (index.html: `data-cargo-profile`).
const PROFILE: &str = "wasm-release";
/// The app's binary (index.html: `data-bin`); trunk names its files `takt-app-<hash>…`.
const BIN: &str = "takt-app";
/// The loader's module name as the main module imports it (replaced by its hashed name).
const LINK_NAME: &str = "./__wasm_split.js";

pub fn split() -> Result<()> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .context(
            "TRUNK_STAGING_DIR is not set: `cargo xtask split` runs as trunk's post-build hook",
        )?;
    let target = cargo_target_dir();
    let input = target.join(format!("wasm32-unknown-unknown/{PROFILE}/{BIN}.wasm"));
    let js_name = staged(&staging, &format!("{BIN}-"), ".js")?;
    let wasm_name = staged(&staging, &format!("{BIN}-"), "_bg.wasm")?;

    let work = target.join("takt-split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let raw = std::fs::read(&input).with_context(|| format!("reading {}", input.display()))?;
    let main_wasm = work.join("main.wasm");
    let main_module = format!("./{js_name}");
    #[allow(clippy::disallowed_methods)] // automation, not the engine: timing the step
    let started = std::time::Instant::now();
    let out = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&raw);
        opts.output_dir = &work;
        opts.main_out_path = &main_wasm;
        opts.link_name = LINK_NAME;
        opts.main_module = &main_module;
        opts
    })
    .map_err(|e| anyhow::anyhow!("{e:?}"))
    .with_context(|| format!("splitting {}", input.display()))?;
    if out.split_modules.is_empty() {
        bail!(
            "{} has no split points: was it built with `--features split` (index.html's \
             data-cargo-features)?",
            input.display()
        );
    }
    println!(
        "xtask: split {} into main + {} chunks in {:.1}s",
        input.display(),
        out.split_modules.len(),
        started.elapsed().as_secs_f64()
    );

    // wasm-bindgen on the main module: the exports the chunks import must stay.
    let bindgen = work.join("bindgen");
    run(cmd("wasm-bindgen")
        .args(["--target=web", "--keep-lld-exports", "--no-demangle"])
        .arg("--no-typescript")
        .arg(format!("--out-name={BIN}"))
        .arg(format!("--out-dir={}", bindgen.display()))
        .arg(&main_wasm))?;

    let tools = Tools::detect();
    let wasm_opt = |from: &Path, to: &Path| {
        run(cmd("wasm-opt")
            .arg("-Oz")
            .arg(from)
            .arg("-o")
            .arg(to)
            .env("PATH", tools.path_with_node_bins()))
    };

    // The chunks under content-hashed names, and the loader pointed at them.
    let link_path = work.join(LINK_NAME.trim_start_matches("./"));
    let mut link = std::fs::read_to_string(&link_path)
        .with_context(|| format!("reading {}", link_path.display()))?;
    let mut chunks = Vec::new();
    for chunk in &out.split_modules {
        let stem = chunk
            .file_stem()
            .and_then(|s| s.to_str())
            .context("chunk without a name")?
            .to_owned();
        let optimized = work.join(format!("{stem}.opt.wasm"));
        wasm_opt(chunk, &optimized)?;
        let bytes = std::fs::read(&optimized)?;
        let name = format!("{BIN}-{stem}-{:016x}.wasm", fnv(&bytes));
        let reference = format!("\"./{stem}.wasm\"");
        if !link.contains(&reference) {
            bail!("{LINK_NAME} does not load {stem}.wasm");
        }
        link = link.replace(&reference, &format!("\"./{name}\""));
        std::fs::write(staging.join(&name), bytes)?;
        chunks.push(name);
    }
    wasm_opt(
        &bindgen.join(format!("{BIN}_bg.wasm")),
        &work.join("main.opt.wasm"),
    )?;
    let main = std::fs::read(work.join("main.opt.wasm"))?;
    let js = std::fs::read_to_string(bindgen.join(format!("{BIN}.js")))?;

    // New names for the app's wasm and JS and for the loader: trunk's hash is of cargo's
    // wasm, so a change in this step alone (a tool's version) would keep trunk's names for
    // new contents, which the server lets browsers cache as immutable. One id for the three,
    // as the app's JS and the loader import each other; it covers the chunks' names too.
    let id = fnv(&[main.as_slice(), js.as_bytes(), link.as_bytes()].concat());
    let (app_js, app_wasm) = (
        format!("{BIN}-{id:016x}.js"),
        format!("{BIN}-{id:016x}_bg.wasm"),
    );
    let link_name = format!("{BIN}-split-{id:016x}.js");

    // The loader imports `initSync` from the app's JS.
    let import = format!("\"{main_module}\"");
    if !link.contains(&import) {
        bail!("{LINK_NAME} does not import {main_module}");
    }
    let link = link.replace(&import, &format!("\"./{app_js}\""));
    std::fs::write(
        staging.join(&link_name),
        minify(&tools, &work, "loader", &link)?,
    )?;

    // The app's JS imports the loader by its name (only the `import … from`; the keys of the
    // imports object must stay the module name the wasm imports).
    let mut replaced = 0;
    let mut js_out = js.clone();
    for quote in ['\'', '"'] {
        let from = format!("from {quote}{LINK_NAME}{quote}");
        replaced += js.matches(&from).count();
        js_out = js_out.replace(&from, &format!("from {quote}./{link_name}{quote}"));
    }
    if replaced == 0 {
        bail!("wasm-bindgen's JS does not import {LINK_NAME}");
    }
    std::fs::write(
        staging.join(&app_js),
        minify(&tools, &work, "app", &js_out)?,
    )?;
    std::fs::write(staging.join(&app_wasm), main)?;

    // trunk's files out, its index.html pointed at the new ones (preloads and start script).
    for old in [&js_name, &wasm_name] {
        if *old != app_js && *old != app_wasm {
            std::fs::remove_file(staging.join(old))?;
        }
    }
    let index = staging.join("index.html");
    let html = std::fs::read_to_string(&index).context("reading index.html in staging")?;
    if !html.contains(&js_name) || !html.contains(&wasm_name) {
        bail!("index.html does not load {js_name} and {wasm_name}");
    }
    std::fs::write(
        &index,
        html.replace(&wasm_name, &app_wasm)
            .replace(&js_name, &app_js),
    )?;
    let snippets = bindgen.join("snippets");
    if snippets.is_dir() {
        bail!(
            "wasm-bindgen wrote JS snippets ({}); the split build does not copy them yet",
            snippets.display()
        );
    }
    println!(
        "xtask: split build in {}: {app_wasm}, {app_js}, {link_name}, {}",
        staging.display(),
        chunks.join(", ")
    );
    Ok(())
}

/// `js` minified by npm's esbuild (an ES module; names of exports and properties stay).
fn minify(tools: &Tools, work: &Path, name: &str, js: &str) -> Result<String> {
    let (from, to) = (
        work.join(format!("{name}.js")),
        work.join(format!("{name}.min.js")),
    );
    std::fs::write(&from, js)?;
    run(cmd("esbuild")
        .arg(&from)
        .args(["--minify", "--format=esm", "--log-level=warning"])
        // wasm-bindgen repeats the key of a module it imports from several times (the same
        // namespace object each time).
        .arg("--log-override:duplicate-object-key=silent")
        .arg(format!("--outfile={}", to.display()))
        .env("PATH", tools.path_with_node_bins()))?;
    std::fs::read_to_string(&to).with_context(|| format!("reading {}", to.display()))
}

/// The one file in `dir` named `{prefix}…{suffix}` (trunk's hashed output).
fn staged(dir: &Path, prefix: &str, suffix: &str) -> Result<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with(prefix) && name.ends_with(suffix) {
            found.push(name);
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => bail!(
            "expected one {prefix}*{suffix} in {}, found {found:?}",
            dir.display()
        ),
    }
}

/// Cargo's target directory as trunk's cargo used it: `CARGO_TARGET_DIR`, else `target/`.
pub fn cargo_target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// FNV-1a, 64 bits: a content hash for cache-busting file names.
pub fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
