// Size and speed of the wasm package from JS, with the native CLI doing the same work.
// Run: node bench/wasm.mjs   (after ./scripts/build-pkg.sh and cargo build --release)
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { tmpdir } from "node:os";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wasmPath = join(root, "pkg/tariff_bg.wasm");
const bytes = readFileSync(wasmPath);
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, unit) => `${n.toFixed(n < 10 ? 2 : 1)} ${unit}`;

// Size.
const gz = gzipSync(bytes, { level: 9 }).length;
const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
console.log(`size    tariff_bg.wasm ${(bytes.length / 1000).toFixed(1)} KB raw, ${(gz / 1000).toFixed(1)} KB gzip, ${(br / 1000).toFixed(1)} KB brotli (limit 100 KB gzip)`);

// init + new Pricing(): each round imports a fresh copy of the glue (a new module instance).
const inits = [];
for (let i = 0; i < 15; i++) {
  const mod = await import(`${join(root, "pkg/tariff.js")}?round=${i}`);
  const t0 = performance.now();
  mod.initSync({ module: bytes });
  const p = new mod.Pricing();
  inits.push(performance.now() - t0);
  p.free();
}
console.log(`init    initSync + new Pricing() (compile, instantiate, load+validate catalog): median ${fmt(median(inits), "ms")} over ${inits.length} fresh instances (limit 5 ms)`);
const compiled = new WebAssembly.Module(bytes);
const warm = [];
for (let i = 0; i < 15; i++) {
  const mod = await import(`${join(root, "pkg/tariff.js")}?warm=${i}`);
  const t0 = performance.now();
  mod.initSync({ module: compiled });
  new mod.Pricing().free();
  warm.push(performance.now() - t0);
}
console.log(`init    same, from an already compiled WebAssembly.Module: median ${fmt(median(warm), "ms")}`);

// The first instance in a new process: what a page, a worker or an edge isolate pays once.
// The figures above are of instances after the first in one process, where V8 reuses the
// module's compiled code; a new process compiles lazily, on each function's first call, and
// runs the catalog load in baseline (Liftoff) code before any function is optimized.
const firstScript = `
  const { readFileSync } = await import("node:fs");
  const bytes = readFileSync(${JSON.stringify(wasmPath)});
  const mod = await import(${JSON.stringify(join(root, "pkg/tariff.js"))});
  const t0 = performance.now();
  const m = new WebAssembly.Module(bytes);
  const t1 = performance.now();
  mod.initSync({ module: m });
  const t2 = performance.now();
  new mod.Pricing();
  const t3 = performance.now();
  new mod.Pricing();
  const t4 = performance.now();
  console.log(JSON.stringify([t1 - t0, t2 - t1, t3 - t2, t4 - t3]));`;
const firsts = [];
for (let i = 0; i < 7; i++) {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", firstScript], { encoding: "utf8" });
  firsts.push(JSON.parse(out));
}
const col = (k) => median(firsts.map((r) => r[k]));
const whole = median(firsts.map((r) => r[0] + r[1] + r[2]));
console.log(`init    first instance in a new process: median ${fmt(whole, "ms")} (compile ${fmt(col(0), "ms")}, instantiate ${fmt(col(1), "ms")}, new Pricing() ${fmt(col(2), "ms")}; a second new Pricing() ${fmt(col(3), "ms")}) over ${firsts.length} processes`);

const { initSync, Pricing } = await import(join(root, "pkg/tariff.js"));
initSync({ module: bytes });
const pricing = new Pricing();

// One estimate across the boundary.
const req = { model: "claude/opus-4-7", usage: { input_tokens: 1234567, output_tokens: 89012 } };
// Median µs per call over 30 rounds of 5,000 calls, after 20,000 to warm up.
const perCall = (arg) => {
  for (let i = 0; i < 20000; i++) pricing.estimate(arg);
  const rounds = [];
  for (let round = 0; round < 30; round++) {
    const n = 5000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) pricing.estimate(arg);
    rounds.push(((performance.now() - t0) * 1000) / n);
  }
  return median(rounds);
};
const per = perCall(req);
console.log(`estimate  per-token object -> result object: median ${fmt(per, "µs")} per call (limit 5 µs, aim 1 µs)`);
const text = JSON.stringify(req);
const perText = perCall(text);
console.log(`estimate  per-token JSON text -> result object: median ${fmt(perText, "µs")} per call`);

// Usage over 100,000 records: as objects, and as the JSON-lines text of an export.
const kinds = [
  { model: "claude/sonnet-4-6", usage: { input_tokens: 12345, output_tokens: 2345 } },
  { model: "gpt/4o-mini", usage: { input_tokens: 1001, output_tokens: 250 } },
  { model: "claude/opus-4-7", usage: { input_tokens: 80000, output_tokens: 4000 },
    downstream: [{ model: "openai/gpt-image-2", inputs: { quality: "medium", size: "1024x1024" }, usage: { images: 1 } }] },
  { model: "google/veo-3-t2v", inputs: { duration: 5, generate_audio: true } },
  { model: "black-forest-labs/flux-2-pro-legacy", inputs: { width: 1024, height: 768 }, usage: { images: 1 } },
  { model: "skytells/truefusion-optima", usage: { seconds: 3.2 } },
  { model: "private/llama-3-70b", usage: { setup_seconds: 0, seconds: 14.5, idle_seconds: 2 } },
  { model: "gemini/2.5-flash", usage: { input_tokens: 40000, output_tokens: 900 } },
];
const N = 100000;
const records = Array.from({ length: N }, (_, i) => ({
  ...kinds[i % kinds.length],
  at: `2026-10-${String(1 + Math.floor((i * 30) / N)).padStart(2, "0")}T${String(i % 24).padStart(2, "0")}:00:00Z`,
}));
const jsonl = records.map((r) => JSON.stringify(r)).join("\n");
// Each usage call is timed from a collected heap (a page calls usage once per export; without
// this, a run pays the garbage of the runs before it): one warm-up, then the median of 7.
v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");
const timeIt = (fn) => {
  const ts = [];
  let out = fn();
  for (let i = 0; i < 7; i++) {
    gc();
    const t0 = performance.now();
    out = fn();
    ts.push(performance.now() - t0);
  }
  return [median(ts), out, Math.min(...ts)];
};
const [objMs, b1, objBest] = timeIt(() => pricing.usage(records));
const [textMs, b2, textBest] = timeIt(() => pricing.usage(jsonl));
const rate = (ms) => Math.round((N / ms) * 1000).toLocaleString("en");
if (b1.total_micros !== b2.total_micros) throw new Error("usage results differ");
console.log(`usage   ${N} records as objects: median ${fmt(objMs, "ms")} = ${rate(objMs)} records/s, best ${rate(objBest)}/s (limit > 500,000/s)`);
console.log(`usage   ${N} records as JSON lines: median ${fmt(textMs, "ms")} = ${rate(textMs)} records/s, best ${rate(textBest)}/s`);

// The native CLI doing the same work (process start included).
const cli = join(root, "target/release/tariff");
const dir = mkdtempSync(join(tmpdir(), "tariff-bench-"));
try {
  writeFileSync(join(dir, "usage.jsonl"), jsonl);
  const lines = Array.from({ length: 100000 }, () => text).join("\n");
  writeFileSync(join(dir, "estimates.jsonl"), lines);
  const run = (args) => timeIt(() => execFileSync(cli, args, { maxBuffer: 1 << 30 }))[0];
  const nativeUsage = run(["usage", join(dir, "usage.jsonl")]);
  const nativeEst = run(["estimate", "--lines", join(dir, "estimates.jsonl")]);
  console.log(`native  tariff usage, same ${N} records (JSON lines, process included): ${fmt(nativeUsage, "ms")} = ${Math.round(N / nativeUsage * 1000).toLocaleString("en")} records/s`);
  console.log(`native  tariff estimate --lines, 100,000 requests (parse + price + print, process included): ${fmt(nativeEst / 100, "µs")} per request`);
} catch (e) {
  console.log(`native  skipped (${cli} not built: cargo build --release)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
