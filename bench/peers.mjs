// tariff beside the cost libraries JavaScript users pick today, in one Node process with
// interleaved rounds (each round times every contender once; medians over the rounds), on the
// same per-token requests and the same 100,000-record export. Installs the peers from npm
// into .tools/ the first time. Run: node bench/peers.mjs   (after ./scripts/build-pkg.sh)
//
// The peers price with their own price lists (floats); only the speed is compared here.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tools = join(root, ".tools");
const PEERS = { "@pydantic/genai-prices": "0.1.8", tokenlens: "1.3.1", "llm-cost": "1.0.5" };
const missing = Object.entries(PEERS).filter(([name]) => !existsSync(join(tools, "node_modules", name, "package.json")));
if (missing.length) {
  console.log(`installing ${missing.map(([n, v]) => `${n}@${v}`).join(" ")} into .tools`);
  execFileSync("npm", ["install", "--prefix", tools, "--no-audit", "--no-fund", "--silent", ...missing.map(([n, v]) => `${n}@${v}`)], { stdio: "inherit" });
}
const require = createRequire(join(tools, "package.json"));
const load = async (name) => import(pathToFileURL(require.resolve(name)).href);
const { calcPrice } = await load("@pydantic/genai-prices");
const { costFromUsage } = await load("tokenlens");
const llmCost = (await load("llm-cost")).default ?? (await load("llm-cost"));
const { Pricing } = await import(pathToFileURL(join(root, "pkg/entry/node.js")).href);
const pricing = new Pricing();

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ROUNDS = Number(process.env.ROUNDS ?? 15);

/** Interleaved rounds of `n` calls of each contender; the median ns per call of each. */
function race(contenders, n) {
  for (const f of Object.values(contenders)) for (let i = 0; i < n; i++) f(i);
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, f] of Object.entries(contenders)) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const v = f(i);
        if (v === undefined) sink++;
      }
      times[k].push(Number(process.hrtime.bigint() - t0) / n);
    }
  }
  if (sink < 0) console.log(sink);
  return Object.fromEntries(Object.entries(times).map(([k, t]) => [k, median(t)]));
}

const show = (ns) => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(ns < 10 ? 1 : 0)} ns`);
const calls = {
  small: { input: 1001, output: 999 },
  big: { input: 1234567, output: 89012 },
};
const table = {};
for (const [name, { input, output }] of Object.entries(calls)) {
  const obj = { model: "gpt/4o", usage: { input_tokens: input, output_tokens: output } };
  const text = JSON.stringify(obj);
  const genaiUsage = { input_tokens: input, output_tokens: output };
  const tlUsage = { input_tokens: input, output_tokens: output };
  // A hand-written lookup and two float multiplications: what crossing nothing costs.
  const rates = { "gpt-4o": [2.5e-6, 10e-6] };
  const bare = () => {
    const r = rates["gpt-4o"];
    return input * r[0] + output * r[1];
  };
  const quote = pricing.quoter({ model: "gpt/4o" }, ["input_tokens", "output_tokens"]);
  table[name] = race({
    "tariff quoter(input, output)": () => quote(input, output),
    "tariff estimate(object)": () => pricing.estimate(obj).total_micros,
    "tariff estimate(JSON text)": () => pricing.estimate(text).total_micros,
    "@pydantic/genai-prices calcPrice": () => calcPrice(genaiUsage, "gpt-4o", { providerId: "openai" })?.total_price,
    "tokenlens costFromUsage": () => costFromUsage({ id: "openai:gpt-4o", usage: tlUsage }),
    "llm-cost estimateCost": () => llmCost.estimateCost({ model: "gpt-4o", inputTokens: input, outputTokens: output }),
    "a JS lookup and two multiplications": bare,
  }, 20000);
}
console.log(`per-token estimate, median of ${ROUNDS} interleaved rounds (ns per call)`);
console.log(`${"".padEnd(38)} ${"small call".padStart(12)} ${"big call".padStart(12)}`);
for (const k of Object.keys(table.small)) {
  console.log(`${k.padEnd(38)} ${show(table.small[k]).padStart(12)} ${show(table.big[k]).padStart(12)}`);
}
const ratio = (a, b) => (table.small[b] / table.small[a]).toFixed(1) + "× / " + (table.big[b] / table.big[a]).toFixed(1) + "×";
console.log(`tariff (object) vs genai-prices: ${ratio("tariff estimate(object)", "@pydantic/genai-prices calcPrice")} faster (small / big)`);
console.log(`tariff (object) vs llm-cost: ${ratio("llm-cost estimateCost", "tariff estimate(object)")} slower (small / big)`);

// A usage export: 100,000 per-token records, 6 models, 30 days.
const MODELS = [["gpt/4o", "gpt-4o"], ["gpt/4o-mini", "gpt-4o-mini"], ["claude/sonnet-4-6", "claude-sonnet-4-20250514"],
  ["claude/haiku-4-5", "claude-3-5-haiku-latest"], ["gemini/2.5-pro", "gemini-2.5-pro"], ["gemini/2.5-flash", "gemini-2.5-flash"]];
const N = 100000;
const records = Array.from({ length: N }, (_, i) => ({
  model: MODELS[i % 6][0], at: `2026-11-${String(1 + (i % 30)).padStart(2, "0")}T10:00:00Z`,
  usage: { input_tokens: 500 + ((i * 7919) % 60000), output_tokens: 50 + ((i * 104729) % 6000) },
}));
const jsonl = records.map((r) => JSON.stringify(r)).join("\n") + "\n";
const genaiLoop = () => {
  const by = new Map();
  for (let i = 0; i < N; i++) {
    const r = records[i];
    const p = calcPrice(r.usage, MODELS[i % 6][1]);
    const key = `${r.model}|${r.at.slice(0, 10)}`;
    by.set(key, (by.get(key) ?? 0) + (p?.total_price ?? 0));
  }
  return by.size;
};
const usageTimes = { "tariff usage(objects)": [], "tariff usage(JSON lines)": [], "genai-prices loop by model and day": [] };
const runs = { "tariff usage(objects)": () => pricing.usage(records).records, "tariff usage(JSON lines)": () => pricing.usage(jsonl).records, "genai-prices loop by model and day": genaiLoop };
for (const f of Object.values(runs)) f();
for (let r = 0; r < Math.max(5, Math.floor(ROUNDS / 3)); r++) {
  for (const [k, f] of Object.entries(runs)) {
    const t0 = process.hrtime.bigint();
    f();
    usageTimes[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
console.log(`\nusage of ${N.toLocaleString("en")} per-token records (6 models, 30 days), median ms and records/s`);
for (const [k, t] of Object.entries(usageTimes)) {
  const ms = median(t);
  console.log(`${k.padEnd(38)} ${ms.toFixed(1).padStart(8)} ms ${((N / ms) * 1000 / 1e6).toFixed(2).padStart(6)} M records/s`);
}
