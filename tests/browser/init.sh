#!/usr/bin/env bash
# Loads pkg/ in headless Chromium from pages served on 127.0.0.1 (the server sends
# application/wasm), and checks the worked example's micros in the DOM.
set -euo pipefail
cd "$(dirname "$0")/../.."
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
timeout 60 python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
# Each page: plain `await init()` of the wasm-bindgen module, and `import ... from "tariff"`
# (the package's browser entry, through an import map) with `await ready`.
for page in init ready; do
  profile=$(mktemp -d)
  dom=$(XDG_CONFIG_HOME="$profile" XDG_CACHE_HOME="$profile" timeout 60 chromium --headless --no-sandbox --disable-gpu \
    --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --virtual-time-budget=10000 --dump-dom "http://127.0.0.1:$port/tests/browser/$page.html" 2>/dev/null)
  rm -rf "$profile"
  if ! grep -q "total_micros=30233286" <<<"$dom"; then
    echo "browser test $page.html failed; page said: $(grep -o '<pre id="out">[^<]*' <<<"$dom")" >&2
    exit 1
  fi
done
echo "2 passed, 0 failed (browser: await init() and import from \"tariff\" + await ready in headless Chromium, 30233286 micros)"
