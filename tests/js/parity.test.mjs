// Native and wasm give byte-identical JSON for the same requests: a generated corpus of
// 1,500+ requests (every model and shape, edge values, bad inputs) through the native CLI
// (`tariff estimate --lines`) and through the wasm package, as JSON text and as JS objects;
// and 600 more on tests/data/depth_catalog.json (graduated tiers, minimum charges, rounding
// modes, service tiers, price changes).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { Pricing, errorJson, root } from "./load.mjs";
import { generate } from "./corpus.mjs";

const cli = process.env.TARIFF_CLI ?? `${root}/target/release/tariff`;

function wasmLine(pricing, input) {
  try {
    return JSON.stringify(pricing.estimate(input));
  } catch (e) {
    return JSON.stringify(errorJson(e));
  }
}

/** Runs `corpus` through the CLI (with `cliArgs`) and through `pricing`; returns the counts. */
function compare(corpus, pricing, cliArgs) {
  // --lines skips blank lines; keep them out of both sides.
  const fed = corpus.filter((c) => c.text.trim() !== "");
  const native = execFileSync(cli, [...cliArgs, "estimate", "--lines"], { input: fed.map((c) => c.text).join("\n") + "\n", maxBuffer: 1 << 28 })
    .toString()
    .trimEnd()
    .split("\n");
  assert.equal(native.length, fed.length);
  let errors = 0;
  let objects = 0;
  for (let i = 0; i < fed.length; i++) {
    const { text, object } = fed[i];
    const fromText = wasmLine(pricing, text);
    assert.equal(fromText, native[i], `text case ${i}: ${text}`);
    if (object) {
      objects++;
      assert.equal(wasmLine(pricing, JSON.parse(text)), native[i], `object case ${i}: ${text}`);
    }
    if (native[i].startsWith('{"error"')) errors++;
  }
  return { fed: fed.length, errors, objects };
}

test("native CLI and wasm agree byte for byte on the corpus", () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  const corpus = generate(1500);
  assert.ok(corpus.length >= 1000);
  const { fed, errors, objects } = compare(corpus, new Pricing(), []);
  // The corpus exercises both prices and errors, every model included.
  assert.ok(errors > 100 && errors < fed - 500, `errors: ${errors}`);
  assert.ok(objects >= 1000);
  console.log(`parity: ${fed} requests (${objects} also as JS objects), ${errors} of them errors: identical`);
});

test("native CLI and wasm agree on the pricing-depth catalog (tiers, fees, rounding, dates)", () => {
  const path = `${root}/tests/data/depth_catalog.json`;
  const text = readFileSync(path, "utf8");
  const corpus = generate(600, 7, JSON.parse(text));
  const { fed, errors } = compare(corpus, new Pricing(text), ["--catalog", path]);
  assert.ok(errors > 20 && errors < fed - 200, `errors: ${errors} of ${fed}`);
  console.log(`parity (depth catalog): ${fed} requests, ${errors} of them errors: identical`);
});

test("native CLI and wasm agree on budget checks: bounds, reserves, what a budget affords", () => {
  // The corpus's requests with budgets around their prices, on both bases.
  const corpus = generate(700, 11).filter((c) => c.object);
  let state = 7;
  const next = (n) => (state = (state * 1103515245 + 12345) % 2147483648) % n;
  const lines = corpus.map((c) => {
    const budget = { balance_micros: [0, 1000, 100000, 5850000, 20000000, 2 ** 40][next(6)] + next(1000) };
    if (next(3) === 0) budget.limit_micros = next(10_000_000);
    if (next(3) === 0) budget.spent_micros = next(1_000_000);
    if (next(3) === 0) budget.basis = ["bound", "expected"][next(2)];
    return { request: JSON.parse(c.text), budget };
  });
  const native = execFileSync(cli, ["budget", "--lines"], { input: lines.map((l) => JSON.stringify(l)).join("\n") + "\n", maxBuffer: 1 << 28 })
    .toString()
    .trimEnd()
    .split("\n");
  assert.equal(native.length, lines.length);
  const pricing = new Pricing();
  let checks = 0;
  let affordable = 0;
  for (let i = 0; i < lines.length; i++) {
    let wasm;
    try {
      wasm = JSON.stringify(pricing.checkBudget(lines[i].request, lines[i].budget));
    } catch (e) {
      wasm = JSON.stringify(errorJson(e));
    }
    if (native[i].startsWith('{"error"')) {
      // The CLI names a request's field from the document's root (`request.usage...`).
      assert.equal(JSON.parse(wasm).error?.code, JSON.parse(native[i]).error.code, `case ${i}`);
      continue;
    }
    assert.equal(wasm, native[i], `case ${i}: ${JSON.stringify(lines[i])}`);
    checks++;
    if (JSON.parse(native[i]).affordable.some((a) => a.max !== null)) affordable++;
  }
  assert.ok(checks > 300, `checks: ${checks}`);
  assert.ok(affordable > 50, `with an affordable limit: ${affordable}`);
  console.log(`parity (budget checks): ${checks} identical, ${affordable} with an affordable limit`);
});

test("native CLI and wasm agree on usage breakdowns (by model, day and project), listings and budget status", () => {
  // The corpus's requests that price, dated across three days and spread over projects.
  const pricing = new Pricing();
  const records = [];
  const projects = ["web-app", "batch", undefined];
  for (const c of generate(900, 5)) {
    let r;
    try {
      r = JSON.parse(c.text);
      pricing.estimate(r);
    } catch {
      continue;
    }
    if (typeof r !== "object" || r === null || Array.isArray(r)) continue;
    const i = records.length;
    r.at ??= `2026-11-0${1 + (i % 3)}T10:00:00Z`;
    if (projects[i % 3] !== undefined && r.project === undefined) r.project = projects[i % 3];
    records.push(r);
  }
  assert.ok(records.length > 400, `records: ${records.length}`);
  const text = records.map((r) => JSON.stringify(r)).join("\n") + "\n";
  const native = execFileSync(cli, ["usage"], { input: text, maxBuffer: 1 << 28 }).toString().trimEnd();
  assert.equal(JSON.stringify(pricing.usage(text)), native);
  assert.equal(JSON.stringify(pricing.usage(records)), native);
  const b = JSON.parse(native);
  assert.ok(b.by_project.length >= 3);
  assert.equal(b.by_project.reduce((s, p) => s + p.micros, 0), b.total_micros);
  // Listings (price lines, inputs, typical runs, downstream, versions) and budget status.
  assert.equal(JSON.stringify(pricing.models()), execFileSync(cli, ["models"]).toString().trimEnd());
  for (const budget of [
    { balance_micros: 1_000_000_000, limit_micros: 900_000_000, spent_micros: 250_000_000 },
    { balance_micros: 5, spent_micros: 2 ** 40 },
    { balance_micros: 0, limit_micros: 10, spent_micros: 11, early_charge_thresholds_micros: [11, 3, 12] },
  ]) {
    const out = execFileSync(cli, ["budget-status"], { input: JSON.stringify(budget) }).toString().trimEnd();
    assert.equal(JSON.stringify(pricing.budgetStatus(budget)), out);
  }
  console.log(`parity (usage, listings, budget status): ${records.length} records, ${b.by_project.length} projects: identical`);
});
