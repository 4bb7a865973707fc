// Loads the built package (pkg/, never the sources) the way a Node user does.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pkgDir = process.env.TARIFF_PKG ?? join(root, "pkg");
const mod = await import(join(pkgDir, "tariff.js"));
mod.initSync({ module: readFileSync(join(pkgDir, "tariff_bg.wasm")) });

export const { Pricing, formatUsd, formatUsdCents, parseUsd, isTariffError, lineText } = mod;

/** Another instance of the engine in the same process (its own memory; the bindings' JS
 * modules shared, as two copies of the package in one page share them). */
export async function secondInstance() {
  const other = await import(`${join(pkgDir, "tariff.js")}?instance=2`);
  other.initSync({ module: readFileSync(join(pkgDir, "tariff_bg.wasm")) });
  return other;
}
export const catalogText = readFileSync(join(root, "catalog.json"), "utf8");
export const badInputs = JSON.parse(readFileSync(join(root, "tests/data/bad_inputs.json"), "utf8"));

/** The error as the CLI prints it: {"error": {code, message, ...details in engine order}},
 * which is what a TariffError's toJSON writes (the edge worker uses the same). */
export function errorJson(e) {
  return JSON.parse(JSON.stringify({ error: e }));
}

/** Applies a bad-input case's `set`/`remove` JSON pointers to a copy of the base catalog. */
export function patched(base, c) {
  const doc = structuredClone(base);
  const parent = (ptr) => {
    const parts = ptr.split("/").slice(1);
    const key = parts.pop();
    let node = doc;
    for (const p of parts) node = node[p];
    return [node, key];
  };
  for (const [ptr, value] of Object.entries(c.set ?? {})) {
    const [node, key] = parent(ptr);
    node[Array.isArray(node) ? Number(key) : key] = value;
  }
  for (const ptr of c.remove ?? []) {
    const [node, key] = parent(ptr);
    if (Array.isArray(node)) node.splice(Number(key), 1);
    else delete node[key];
  }
  return doc;
}
