#!/usr/bin/env bash
# Packs pkg/ with `npm pack`, installs the tarball into throwaway projects and imports it by
# name the way each kind of user does, with no set-up call: Node, Deno, workerd (Miniflare)
# and a Vite build of a tiny page loaded in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
tools="$repo/.tools/node_modules"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(cd pkg && npm pack --silent --pack-destination "$work")
tar -tzf "$work/$tarball" > "$work/files.txt"
for f in LICENSE-MIT LICENSE-APACHE README.md tariff_bg.wasm tariff.d.ts entry/node.js entry/workerd.js entry/browser.js entry/index.d.ts; do
  grep -qx "package/$f" "$work/files.txt" || { echo "the npm tarball lacks $f" >&2; exit 1; }
done
passed=0

# A project with the tarball installed, as `npm install tariff` leaves it.
project() {
  mkdir "$work/$1"
  echo '{"name": "fixture", "private": true, "type": "module"}' > "$work/$1/package.json"
  (cd "$work/$1" && npm install --silent --no-audit --no-fund --offline "$work/$tarball" >/dev/null)
}

# The worked example, checked the same way in every runtime.
check='if (e.total_micros !== 30233286 || e.total_usd !== "$30.233286") throw new Error(JSON.stringify(e));'
estimate='new Pricing().estimate({ model: "claude/opus-4-7", usage: { input_tokens: 1234567, output_tokens: 89012 } })'

project app
cd "$work/app"
# Node: a plain import, no init call; the wasm-bindgen module itself stays importable.
cat > node.mjs <<JS
import { Pricing, formatUsd, ready } from "tariff";
import { initSync } from "tariff/tariff.js";
import pkg from "tariff/package.json" with { type: "json" };
await ready;
const e = $estimate;
$check
if (formatUsd(180) !== "\$0.00018" || typeof initSync !== "function") throw new Error("exports");
console.log(\`node: \${pkg.name}@\${pkg.version}, import from "tariff", \${e.total_micros} micros\`);
JS
node node.mjs
passed=$((passed + 1))

# TypeScript, resolving "tariff" through the package's exports as Node does.
cat > types.mts <<'TS'
import { Pricing, ready, type Estimate, type TariffErrorJson } from "tariff";
await ready;
const e: Estimate = new Pricing().estimate({ model: "gpt/4o-mini", usage: { input_tokens: 1001 } });
const micros: number = e.total_micros;
const json: TariffErrorJson | undefined = undefined;
void [micros, json];
TS
# (wasm-bindgen's declarations use Symbol.dispose and the DOM's fetch and WebAssembly types.)
"$tools/.bin/tsc" --noEmit --strict --target es2022 --lib esnext,dom --module nodenext --moduleResolution nodenext types.mts
passed=$((passed + 1))

# Deno, from the same node_modules (its "deno" condition).
cat > deno.mjs <<JS
import { Pricing } from "tariff";
const e = $estimate;
$check
console.log(\`deno: import from "tariff", \${e.total_micros} micros\`);
JS
DENO_NO_UPDATE_CHECK=1 deno run --quiet --allow-read --allow-env --node-modules-dir=manual deno.mjs
passed=$((passed + 1))

# workerd: what "tariff" resolves to under the "workerd" condition (as wrangler resolves it),
# imported by a Worker that Miniflare runs; the .wasm comes in as a compiled module.
entry=$(node --conditions=workerd --input-type=module -e 'console.log(new URL(import.meta.resolve("tariff")).pathname)')
case "$entry" in */entry/workerd.js) ;; *) echo "the workerd condition resolves to $entry" >&2; exit 1 ;; esac
cat > worker.mjs <<JS
import { Pricing } from "./${entry#"$work/app/"}";
export default {
  fetch() {
    const e = $estimate;
    $check
    return new Response(String(e.total_micros));
  },
};
JS
cat > workerd.mjs <<JS
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
const require = createRequire("$repo/.tools/package.json");
const { Miniflare } = await import(pathToFileURL(require.resolve("miniflare")).href);
const mf = new Miniflare({
  modules: true, scriptPath: "worker.mjs", modulesRoot: ".",
  modulesRules: [{ type: "ESModule", include: ["**/*.js", "**/*.mjs"] }, { type: "CompiledWasm", include: ["**/*.wasm"] }],
  compatibilityDate: "2026-04-01", host: "127.0.0.1", port: 0, cf: false,
});
try {
  const res = await mf.dispatchFetch("http://127.0.0.1/");
  const body = await res.text();
  if (body !== "30233286") throw new Error(body);
  console.log(\`workerd: the "workerd" entry of the installed package, \${body} micros\`);
} finally {
  await mf.dispose();
}
JS
node workerd.mjs
passed=$((passed + 1))

# Vite: a tiny page importing "tariff", built for browsers (the .wasm shipped as an asset),
# served on 127.0.0.1 and loaded in headless Chromium.
project vite
cd "$work/vite"
cat > index.html <<'HTML'
<!doctype html>
<meta charset="utf-8">
<pre id="out">pending</pre>
<script type="module" src="./main.js"></script>
HTML
# No top-level await: Vite's default browser targets do not have it.
cat > main.js <<JS
import { Pricing, ready } from "tariff";
const out = document.getElementById("out");
ready
  .then(() => {
    const e = $estimate;
    out.textContent = \`total_micros=\${e.total_micros}\`;
  })
  .catch((err) => {
    out.textContent = \`error: \${err}\`;
  });
JS
"$tools/.bin/vite" build --logLevel warn --emptyOutDir >/dev/null
ls dist/assets/*.wasm >/dev/null || { echo "the Vite build shipped no .wasm" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
timeout 60 python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
profile=$(mktemp -d)
dom=$(XDG_CONFIG_HOME="$profile" XDG_CACHE_HOME="$profile" timeout 60 chromium --headless --no-sandbox --disable-gpu \
  --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --virtual-time-budget=10000 --dump-dom "http://127.0.0.1:$port/" 2>/dev/null || true)
kill $server 2>/dev/null || true
rm -rf "$profile"
grep -q "total_micros=30233286" <<<"$dom" || {
  echo "the Vite page failed; it said: $(grep -o '<pre id="out">[^<]*' <<<"$dom")" >&2
  exit 1
}
echo "vite: a built page importing \"tariff\" in headless Chromium, 30233286 micros"
passed=$((passed + 1))

echo "$passed passed, 0 failed (packaging: $tarball imported by name in Node, TypeScript, Deno, workerd and a Vite build)"
