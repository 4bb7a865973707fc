//! What depending on the crate brings in: the library without default features compiles no
//! argument parser (clap is the CLI's, behind the `cli` feature).

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failing test"
)]

use std::process::Command;

/// The crate names of `tariff`'s normal dependency tree, with `args` added.
fn tree(args: &[&str]) -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--package",
            "tariff",
            "--edges",
            "normal",
        ])
        .args(["--prefix", "none", "--format", "{p}"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn the_library_alone_has_no_clap() {
    let lib = tree(&["--no-default-features"]);
    assert!(lib.iter().any(|c| c == "serde_json"), "{lib:?}");
    assert!(!lib.iter().any(|c| c.starts_with("clap")), "{lib:?}");
    // The binary's build does have it: the check above is not vacuous.
    let cli = tree(&[]);
    assert!(cli.iter().any(|c| c == "clap"), "{cli:?}");
}
