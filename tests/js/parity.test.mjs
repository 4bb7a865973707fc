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
  assert.ok(errors > 20 && errors < fed - 300, `errors: ${errors}`);
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
