// Where one estimate from a JS object goes, and what no engine can go below while requests
// cross as JSON text (the quick reader is the one reader of a plain request) and results are
// built as JS objects. In one Node process, interleaved rounds, medians:
// - the whole: `estimate(object)` and `estimate(JSON text)`;
// - the package's own JS writer alone (`wireWrite` of the object into a wasm memory);
// - the package's own result builder alone (`wireEstimate` of the same estimate laid out in a
//   memory as the engine lays it out; checked equal to the engine's result first);
// - one call into the engine and back (a compiled quote: two numbers in, one out);
// - the engine's part of an estimate from text, by difference;
// and for `usage` of 100,000 records as objects: the JS writer alone, a record at a time.
// Run: node bench/floor.mjs   (after ./scripts/build-pkg.sh)
import { readFileSync, readdirSync } from "node:fs";
import { deepStrictEqual } from "node:assert";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { perTokenRecords } from "./export.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const snippet = readdirSync(join(pkg, "snippets")).map((d) => join(pkg, "snippets", d, "src/wasm/js/wire.js"));
const W = await import(pathToFileURL(snippet[0]).href);
const { initSync, Pricing } = await import(pathToFileURL(join(pkg, "tariff.js")).href);
initSync({ module: readFileSync(join(pkg, "tariff_bg.wasm")) });
const pricing = new Pricing();

const obj = { model: "gpt/4o", usage: { input_tokens: 1001, output_tokens: 999 } };
const text = JSON.stringify(obj);
const real = pricing.estimate(obj);

// The same estimate laid out as src/wasm/wire.rs writes it: 13 head numbers, 9 a line, 8 a
// call; the dollars as text after the numbers.
const memory = new WebAssembly.Memory({ initial: 1 });
const ctx = W.wireContext(memory, [real.catalog_version, real.catalog_sha256, real.model]);
const names = [];
const name = (s) => {
  if (!names.includes(s)) W.wireName(ctx, names.push(s) - 1, s);
  return names.indexOf(s);
};
const nums = [real.total_micros, real.bound_micros, 0, 0, 0, real.total_usd.length, -2, 0,
  real.line_items.length, real.calls.length, 0, 0, 0];
for (const l of real.line_items) {
  nums.push(0, name(l.item), l.quantity, name(l.unit), l.rate_micros, l.rate_per, -1, 0, l.micros);
}
for (const c of real.calls) {
  nums.push(0, 0, 0, name(c.status), c.subtotal_micros, c.total_micros, c.first_line, c.line_count);
}
new Float64Array(memory.buffer).set(nums);
const textAt = nums.length * 8;
new TextEncoder().encodeInto(real.total_usd, new Uint8Array(memory.buffer, textAt));
deepStrictEqual(W.wireEstimate(ctx, 0, textAt), real, "the laid-out estimate builds the engine's result");
// The writer's own buffer, as the engine gives it.
const input = new WebAssembly.Memory({ initial: 1 });
const writeCtx = W.wireContext(input, [real.catalog_version, real.catalog_sha256, real.model]);
if (W.wireWrite(writeCtx, obj, 0, 4096) !== text.length) throw new Error("the writer wrote other text");
const dest = new Uint8Array(input.buffer, 0, 4096);
const encoder = new TextEncoder();
const quote = pricing.quoter({ model: "gpt/4o" }, ["input_tokens", "output_tokens"]);
if (quote(1001, 999) !== real.total_micros) throw new Error("the quote differs");

const parts = {
  "estimate(object), whole": () => pricing.estimate(obj),
  "estimate(JSON text), whole": () => pricing.estimate(text),
  "the JS writer alone (object -> text in memory)": () => W.wireWrite(writeCtx, obj, 0, 4096),
  "encodeInto of the JSON text alone": () => encoder.encodeInto(text, dest),
  "the result object alone (from the engine's numbers)": () => W.wireEstimate(ctx, 0, textAt),
  "one call into the engine and back (quoter)": () => quote(1001, 999),
};
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = Object.fromEntries(Object.keys(parts).map((k) => [k, []]));
const sink = new Array(16);
for (let round = 0; round < 15; round++) {
  for (const [k, f] of Object.entries(parts)) {
    const n = 20000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink[i & 15] = f();
    times[k].push(Number(process.hrtime.bigint() - t0) / n);
  }
}
const m = Object.fromEntries(Object.entries(times).map(([k, t]) => [k, median(t)]));
const ns = (x) => `${x.toFixed(0).padStart(6)} ns`;
console.log("a per-token estimate (gpt/4o, 1,001 in / 999 out), median of 15 interleaved rounds");
for (const [k, v] of Object.entries(m)) console.log(`${ns(v)}  ${k}`);
const engine = m["estimate(JSON text), whole"] - m["encodeInto of the JSON text alone"] -
  m["the result object alone (from the engine's numbers)"];
console.log(`${ns(engine)}  the engine's part from text (read, price, write out; by difference)`);
const floor = m["the JS writer alone (object -> text in memory)"] + m["the result object alone (from the engine's numbers)"] +
  m["one call into the engine and back (quoter)"];
console.log(`${ns(floor)}  writer + result object + one call: estimate(object) with an engine that took no time`);
console.log(`${ns(Math.max(0, 500 - floor))}  what a 500 ns estimate(object) would leave the engine`);

// usage(objects): the records are written as one JSON array by the same writer, then read and
// priced as text; the writer alone, per record, against the whole.
const N = 100_000;
const records = perTokenRecords(N);
const big = new WebAssembly.Memory({ initial: 256 });
const bigCtx = W.wireContext(big, [real.catalog_version, real.catalog_sha256, real.model]);
const room = big.buffer.byteLength;
if (W.wireWrite(bigCtx, records, 0, room) !== JSON.stringify(records).length) throw new Error("the writer wrote other text");
const usageParts = {
  "usage(objects), whole": () => pricing.usage(records),
  "the JS writer alone (the array -> text in memory)": () => W.wireWrite(bigCtx, records, 0, room),
};
const usageTimes = Object.fromEntries(Object.keys(usageParts).map((k) => [k, []]));
for (let round = 0; round < 7; round++) {
  for (const [k, f] of Object.entries(usageParts)) {
    const t0 = process.hrtime.bigint();
    sink[0] = f();
    usageTimes[k].push(Number(process.hrtime.bigint() - t0) / N);
  }
}
console.log(`\nusage of ${N.toLocaleString("en")} per-token records as objects, median of 7 interleaved rounds, a record`);
for (const [k, t] of Object.entries(usageTimes)) {
  const v = median(t);
  console.log(`${ns(v)}  ${k} (${(1000 / v).toFixed(2)} M records/s)`);
}
console.log(`   333 ns  a record at 3 M records/s`);
