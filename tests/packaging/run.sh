#!/usr/bin/env bash
# Packs pkg/ with `npm pack`, installs the tarball into a throwaway project and imports it by
# name, the way a user does: exports, files and the .wasm must all be in the tarball.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(cd pkg && npm pack --silent --pack-destination "$work")
tar -tzf "$work/$tarball" > "$work/files.txt"
for f in LICENSE-MIT LICENSE-APACHE README.md tariff_bg.wasm tariff.d.ts; do
  grep -qx "package/$f" "$work/files.txt" || { echo "the npm tarball lacks $f" >&2; exit 1; }
done
mkdir "$work/app"
cd "$work/app"
echo '{"name": "fixture", "private": true, "type": "module"}' > package.json
npm install --silent --no-audit --no-fund --offline "$work/$tarball" >/dev/null
cat > main.mjs <<'JS'
import { readFileSync } from "node:fs";
import { initSync, Pricing, formatUsd } from "tariff";
import pkg from "tariff/package.json" with { type: "json" };
initSync({ module: readFileSync(new URL(import.meta.resolve("tariff/tariff_bg.wasm"))) });
const e = new Pricing().estimate({ model: "gpt/4o-mini", usage: { input_tokens: 1001 } });
if (e.total_micros !== 180 || formatUsd(e.total_micros) !== "$0.00018") throw new Error(JSON.stringify(e));
console.log(`1 passed, 0 failed (packaging: ${pkg.name}@${pkg.version} from its tarball, 180 micros)`);
JS
node main.mjs
