#!/usr/bin/env bash
# Runs every test of tariff: the Rust engine and CLI, the wasm package in Node, Deno and a
# real headless Chromium, native/wasm parity, types and packaging, and the Python package. Installs what it needs
# (idempotently; see scripts/setup.sh) and skips what is already there.
# Usage: ./scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# A CI run builds once, from nothing: incremental data would only fill the disk (0.5 GB).
if [[ "${CI:-}" == true ]]; then export CARGO_INCREMENTAL=0; fi
# Browsers and Deno write caches under these; keep them out of $HOME.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
export DENO_DIR="$scratch/deno" DENO_NO_UPDATE_CHECK=1
export PATH="$PWD/.tools/node_modules/.bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

step "set-up (skips what is installed)"
./scripts/setup.sh wasm browser js

step "format"
cargo fmt --all -- --check

step "clippy, native and wasm32 (no unwrap/expect/panic/indexing/float arithmetic in the library)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --workspace --lib --target wasm32-unknown-unknown -- -D warnings

step "docs"
RUSTDOCFLAGS=-Dwarnings cargo doc --workspace --no-deps --quiet

step "Rust tests: unit, seed prices, properties, bad-input table, schema, CLI"
cargo test --workspace --all-targets
cargo test --workspace --doc

step "the first fault in key order even when a dependency turns on serde_json's preserve_order"
cargo test --package tariff --features serde_json/preserve_order --test bad_inputs --test cli --test rules

step "what a library user compiles: the crate packaged (cargo package) and built alone, without the CLI"
# The verify build takes tariff-request from a registry in target/package, and cargo unpacks it under
# $CARGO_HOME keyed by that registry's path and the version: a copy left by an earlier run at the same
# path (a CI checkout) is reused as it is, stale code under an unchanged version. Drop such copies first.
cargo_home=${CARGO_HOME:-$HOME/.cargo}
rm -rf target/package "$cargo_home"/registry/src/*/tariff-request-* "$cargo_home"/registry/cache/*/tariff-request-*
cargo package --workspace --allow-dirty --offline --quiet
cargo package --package tariff --list --allow-dirty --offline > "$scratch/crate-files.txt"
for f in LICENSE-MIT LICENSE-APACHE CHANGELOG.md README.md catalog.json; do
  grep -qx "$f" "$scratch/crate-files.txt" || { echo "the crate lacks $f" >&2; exit 1; }
done
cargo build --lib --no-default-features --quiet

step "fuzzing: each target for a bounded time (FUZZ_SECONDS, default 30)"
./scripts/fuzz.sh

step "build: the native CLI (release) and the npm package in pkg/"
cargo build --release
./scripts/build-pkg.sh

step "types: the public .d.ts against its golden file, and tsc --strict on a typed use of it"
node tests/types/golden.mjs
tsc --noEmit --strict --target es2022 --module es2022 --moduleResolution bundler \
  --lib esnext,dom tests/types/check.ts
echo "1 passed, 0 failed (tsc --strict tests/types/check.ts)"

step "wasm package in Node: seed prices, every error code, bad JS values, bad-input table, native/wasm parity"
node --test tests/js/

step "wasm build's own tests in headless Chrome (wasm-pack test; must really run there)"
log="$scratch/wasm-browser.log"
wasm-pack test --headless --chrome -- --test wasm_browser 2>&1 | tee "$log" | grep -vE '^\s+Compiling'
grep -q 'Running headless tests in Chrome' "$log" || { echo "the tests did not run in Chrome" >&2; exit 1; }
ran=$(grep -oE 'test result: ok\. [0-9]+ passed' "$log" | grep -oE '[0-9]+' | head -n1)
[ "${ran:-0}" -ge 5 ] || { echo "expected at least 5 browser tests to run, saw ${ran:-0}" >&2; exit 1; }

step "the same files in a browser page with plain await init()"
tests/browser/init.sh

step "the same files in Deno"
deno run --allow-read tests/deno/smoke.mjs

step "dashboard end to end in headless Chromium (playwright-core, axe-core), served on 127.0.0.1; screenshots in artifacts/"
node --test tests/e2e/

step "edge worker in workerd (Miniflare) on 127.0.0.1: real HTTP requests"
node --test tests/edge/

step "packaging: npm pack, install the tarball, import it by name"
tests/packaging/run.sh

step "Python package: the abi3 wheel (maturin, in .venv), pytest (seed prices, errors, bad Python values, bad-input table, parity with the CLI), mypy --strict on a typed use"
(cd crates/python && cargo fmt --check && cargo clippy --quiet -- -D warnings)
./scripts/build-python.sh
# A passing run leaves no temporary files (the Spark dataset is about 150 MB).
.venv/bin/python -m pytest -q -o tmp_path_retention_policy=failed tests/python
.venv/bin/python -m mypy --strict tests/python/typed_example.py
# The typed use also runs: every name the stubs give it exists at run time.
.venv/bin/python tests/python/typed_example.py >/dev/null
