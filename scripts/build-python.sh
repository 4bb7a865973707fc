#!/usr/bin/env bash
# Builds the Python package (an abi3 wheel, crates/python) with maturin from .venv and installs
# it there: `.venv/bin/python -c "import tariff"` then works. The wheel is in target/wheels/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh python
rm -f target/wheels/tariff-*.whl
.venv/bin/maturin build --release --quiet -m crates/python/Cargo.toml -o target/wheels
.venv/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps target/wheels/tariff-*.whl
ls target/wheels/tariff-*.whl
