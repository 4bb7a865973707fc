#!/usr/bin/env bash
# Builds the npm package in pkg/ (wasm-pack build --profile wasm --target web: Cargo.toml's
# size-first profile), gives it a proper
# package.json and README, and prints the .wasm's raw, gzip and brotli sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh wasm
export PATH="$PWD/.tools/node_modules/.bin:$PATH"
wasm-pack build --profile wasm --target web
node scripts/finish-pkg.mjs
