#!/usr/bin/env bash
# Builds everything (the native CLI, the npm package in pkg/, the Python wheel into .venv) and
# serves the dashboard on 127.0.0.1 with the embedded catalog.json. Usage: ./scripts/run.sh [port]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
./scripts/build-pkg.sh
./scripts/build-python.sh
echo
echo '$ echo '\''{"model":"claude/opus-4-7","usage":{"input_tokens":1234567,"output_tokens":89012}}'\'' | tariff estimate'
echo '{"model":"claude/opus-4-7","usage":{"input_tokens":1234567,"output_tokens":89012}}' | target/release/tariff estimate
echo
exec node scripts/serve.mjs "${1:-8080}"
