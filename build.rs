//! With the `split` feature on wasm32, the linker keeps its relocations in the app binary
//! (`--emit-relocs`): `cargo xtask split` reads them to cut the binary into lazily loaded chunks.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg-bin=takt-app=--emit-relocs");
    }
}
