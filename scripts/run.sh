#!/usr/bin/env bash
# Builds everything (the native CLI and the npm package in pkg/) and runs the CLI with the
# embedded catalog. Usage: ./scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
./scripts/build-pkg.sh
bin=target/release/tariff
echo
"$bin" models --table
echo
echo '$ echo '\''{"model":"claude/opus-4-7","usage":{"input_tokens":1234567,"output_tokens":89012}}'\'' | tariff estimate --pretty'
echo '{"model":"claude/opus-4-7","usage":{"input_tokens":1234567,"output_tokens":89012}}' | "$bin" estimate --pretty
