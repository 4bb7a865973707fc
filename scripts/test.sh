#!/usr/bin/env bash
# Runs every test of tariff. Installs what it needs (idempotently) and skips what is there.
# Usage: ./scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "clippy (no unwrap/expect/panic/indexing/float arithmetic in the library)"
cargo clippy --all-targets -- -D warnings

step "docs"
RUSTDOCFLAGS=-Dwarnings cargo doc --no-deps --quiet

step "Rust tests: unit, seed prices, properties, bad-input table, schema, CLI"
cargo test --all-targets
cargo test --doc
