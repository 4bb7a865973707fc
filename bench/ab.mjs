// Two or more built npm packages side by side in one Node process, rounds interleaved,
// medians: the only comparison this VM's timings allow (they swing by up to 2x between
// runs). Run: node bench/ab.mjs <pkg dir A> <pkg dir B> ...
// e.g. a package of an earlier commit (git worktree add /tmp/base <commit>, then
// ./scripts/build-pkg.sh there) against this checkout's pkg/.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { perTokenRecords } from "./export.mjs";

const dirs = process.argv.slice(2).map((d) => resolve(d));
if (dirs.length === 0) {
  console.error("usage: node bench/ab.mjs <pkg dir> [<pkg dir> ...]");
  process.exit(2);
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const glue = (d, q = "") => pathToFileURL(`${d}/tariff.js`).href + q;
const packages = [];
for (const d of dirs) {
  const mod = await import(glue(d));
  const bytes = readFileSync(`${d}/tariff_bg.wasm`);
  mod.initSync({ module: bytes });
  packages.push({ d, bytes, p: new mod.Pricing() });
}

// A small per-token call, as bench/peers.mjs', and an export of 100,000 per-token records.
const N = 100_000;
const records = perTokenRecords(N);
const jsonl = records.map((r) => JSON.stringify(r)).join("\n");
const obj = { model: "gpt/4o", usage: { input_tokens: 1001, output_tokens: 999 } };
const text = JSON.stringify(obj);
// Every package must give the same totals before any is timed.
const totals = packages.map(({ p }) => [p.estimate(obj).total_micros, p.usage(jsonl).total_micros, p.usage(records).total_micros].join());
if (new Set(totals).size !== 1) throw new Error(`the packages disagree: ${totals.join(" / ")}`);

const times = {};
const time = (name, x, f, reps) => {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) f();
  (times[name] ??= {})[x.d] ??= [];
  times[name][x.d].push(Number(process.hrtime.bigint() - t0) / reps);
};
for (let round = 0; round < 9; round++) {
  for (const x of packages) {
    time("estimate(object), ns", x, () => x.p.estimate(obj), 20_000);
    time("estimate(JSON text), ns", x, () => x.p.estimate(text), 20_000);
    time("usage(JSON lines), ns a record", x, () => x.p.usage(jsonl), 1);
    time("usage(objects), ns a record", x, () => x.p.usage(records), 1);
  }
}
for (const x of packages) {
  const ts = [];
  for (let i = 0; i < 9; i++) {
    const mod = await import(glue(x.d, `?cold=${i}`));
    const t0 = performance.now();
    mod.initSync({ module: x.bytes });
    new mod.Pricing();
    ts.push(performance.now() - t0);
  }
  (times["initSync + new Pricing(), µs"] ??= {})[x.d] = ts.map((t) => t * 1000);
}
for (const [name, by] of Object.entries(times)) {
  console.log(name);
  for (const [d, xs] of Object.entries(by)) {
    const m = median(xs) / (name.includes("a record") ? N : 1);
    console.log(`  ${m.toFixed(0).padStart(7)}  ${d}`);
  }
}
