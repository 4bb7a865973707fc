//! Prepares the embedded catalog at build time: `catalog.json` minified (what the crate
//! embeds: fewer bytes in the wasm package) and the SHA-256 of `catalog.json`'s own bytes
//! (the file the server and the dashboard read), so no build carries hashing code for it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a build script: failing is the answer"
)]

use sha2::{Digest, Sha256};

fn main() {
    println!("cargo:rerun-if-changed=catalog.json");
    // `js_host`: running under JavaScript (wasm32-unknown-unknown, where the bindings give
    // the clock and hash custom catalogs). Other wasm targets (wasm32-wasip1) are hosts with
    // a system clock, like native ones.
    println!("cargo::rustc-check-cfg=cfg(js_host)");
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if arch == "wasm32" && os == "unknown" {
        println!("cargo::rustc-cfg=js_host");
    }
    let bytes = std::fs::read("catalog.json").expect("catalog.json is read at build time");
    let hex: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalog_sha256.txt");
    std::fs::write(out, hex).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&bytes).expect("catalog.json is JSON");
    let min = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalog.min.json");
    std::fs::write(min, serde_json::to_string(&value).unwrap()).unwrap();
}
