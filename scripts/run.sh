#!/usr/bin/env bash
# Builds tariff and runs it with the embedded catalog.
# Usage: ./scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
bin=target/release/tariff
echo "Built $bin"
"$bin" models --table
echo
echo '$ echo '\''{"model":"claude/opus-4-7","usage":{"input_tokens":1234567,"output_tokens":89012}}'\'' | tariff estimate'
echo '{"model":"claude/opus-4-7","usage":{"input_tokens":1234567,"output_tokens":89012}}' | "$bin" estimate --pretty
