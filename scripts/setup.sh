#!/usr/bin/env bash
# Installs what tariff's builds and tests need, idempotently: each step checks first and
# skips what is already there at the right version. Everything comes from the package
# registries (crates.io, npm, Debian); no tool may download a binary from anywhere else.
#   ./scripts/setup.sh wasm      wasm32 target, wasm-pack, wasm-bindgen-cli (= Cargo.lock), wasm-opt (npm binaryen)
#   ./scripts/setup.sh browser   Debian's chromium + chromium-driver
#   ./scripts/setup.sh fuzz      cargo-fuzz (fuzzing with libFuzzer on the nightly toolchain)
#   ./scripts/setup.sh js        npm tools for the JS tests (typescript, deno, miniflare,
#                                playwright-core, vite, axe-core) in .tools/
#   ./scripts/setup.sh python    a project-local virtual environment (.venv) with maturin,
#                                pytest, mypy, pyarrow, pyspark and pandas from PyPI (Spark needs Java 17)
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.tools"
WASM_PACK_VERSION=0.15.1
BINARYEN_VERSION=132.0.0

say() { printf '  setup: %s\n' "$*"; }

wasm_bindgen_version() {
  # The exact version the crate resolved: the CLI must match it byte for byte.
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

setup_wasm() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]; then
    say "installing wasm-pack $WASM_PACK_VERSION from crates.io (a few minutes)"
    cargo install wasm-pack --locked --version "$WASM_PACK_VERSION"
  fi
  [ -f Cargo.lock ] || cargo generate-lockfile
  local want
  want=$(wasm_bindgen_version)
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    # Without --locked: a locked dependency of the CLI is not served by this registry mirror.
    say "installing wasm-bindgen-cli $want from crates.io (a few minutes)"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
  if [ "$("$TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
    # npm's binaryen, not Debian's (version 108, whose output fails to load).
    say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into .tools"
    npm install --prefix "$TOOLS" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
  fi
}

setup_fuzz() {
  # libFuzzer needs the nightly toolchain, which this kind of machine has.
  if ! cargo fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz from crates.io (a few minutes)"
    cargo install cargo-fuzz
  fi
}

setup_browser() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

setup_js() {
  if [ ! -f "$TOOLS/package.json" ]; then
    echo '{"private": true}' > "$TOOLS/package.json"
  fi
  local need=()
  [ -x "$TOOLS/node_modules/.bin/tsc" ] || need+=("typescript@5")
  [ -x "$TOOLS/node_modules/.bin/deno" ] || need+=("deno@2")
  # Miniflare embeds workerd, the open-source Workers runtime (its binary is an npm package).
  [ -f "$TOOLS/node_modules/miniflare/package.json" ] || need+=("miniflare@4")
  # Drives Debian's chromium; its own browser download is never used.
  [ -f "$TOOLS/node_modules/playwright-core/package.json" ] || need+=("playwright-core@1")
  # Builds the packaging test's tiny page, as a user's bundler would.
  [ -x "$TOOLS/node_modules/.bin/vite" ] || need+=("vite@6")
  # Accessibility rules for the dashboard's end-to-end test (run in the page).
  [ -f "$TOOLS/node_modules/axe-core/axe.min.js" ] || need+=("axe-core@4")
  if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]} into .tools"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$TOOLS" --no-audit --no-fund --silent "${need[@]}"
  fi
}

# The Python tools, pinned, in .venv (never the system's site-packages).
PY_TOOLS=("maturin==1.16.0" "pytest==9.2.0" "mypy==2.4.1" "typing_extensions==4.16.0" "pyarrow==26.0.1" "pyspark==4.3.0" "pandas==3.1.1")
setup_python() {
  local venv="$PWD/.venv"
  if [ ! -x "$venv/bin/python" ]; then
    say "making the Python virtual environment .venv"
    python3 -m venv "$venv"
  fi
  local missing=()
  for req in "${PY_TOOLS[@]}"; do
    local name=${req%%==*} want=${req##*==}
    local have
    have=$("$venv/bin/python" -c "import importlib.metadata as m; print(m.version('$name'))" 2>/dev/null || true)
    [ "$have" = "$want" ] || missing+=("$req")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} into .venv (PyPI)"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${missing[@]}"
  fi
}

mkdir -p "$TOOLS"
for what in "${@:-wasm}"; do
  case "$what" in
    wasm) setup_wasm ;;
    browser) setup_browser ;;
    js) setup_js ;;
    fuzz) setup_fuzz ;;
    python) setup_python ;;
    *) echo "setup: unknown part $what" >&2; exit 2 ;;
  esac
done
