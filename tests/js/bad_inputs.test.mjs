// The shared bad-input table (tests/data/bad_inputs.json) through the wasm package: the same
// code and field/path as the Rust API and the CLI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Pricing, badInputs, patched } from "./load.mjs";

const pricing = new Pricing();

// {"$js": "NaN"} and the like stand for JS values JSON cannot hold.
function jsValues(v, root) {
  if (Array.isArray(v)) return v.map((x) => jsValues(x, root));
  if (v === null || typeof v !== "object") return v;
  if ("$js" in v) {
    switch (v.$js) {
      case "NaN": return NaN;
      case "Infinity": return Infinity;
      case "-Infinity": return -Infinity;
      case "-0": return -0;
      case "BigInt": return 10n;
      case "function": return () => 5;
      case "Map": return new Map([["input_tokens", 5]]);
      case "InvalidDate": return new Date(NaN);
      case "cycle": return root;
    }
    throw new Error(`unknown $js ${v.$js}`);
  }
  const out = {};
  root ??= out;
  for (const [k, x] of Object.entries(v)) out[k] = jsValues(x, root);
  return out;
}

function run(c) {
  if (c.input_text_fill) {
    const f = c.input_text_fill;
    c.input_text = f.before + f.fill.repeat(f.times) + f.after;
  }
  const input = "input_text" in c ? c.input_text : c.input;
  switch (c.surface) {
    case "request":
      return pricing.estimate(input);
    case "usage":
      return pricing.usage(input);
    case "budget":
      return pricing.checkBudget(input.request, input.budget);
    case "catalog":
      return new Pricing("input_text" in c ? input : patched(badInputs.base_catalog, c));
  }
  throw new Error(`unknown surface ${c.surface}`);
}

test("every bad input gets its code and field through the wasm package", () => {
  assert.ok(badInputs.cases.length >= 60);
  const failures = [];
  for (const c of badInputs.cases) {
    if (c.only && c.only !== "wasm") continue;
    if (c.only === "wasm") c.input = jsValues(c.input);
    if ("ok_micros" in c) {
      assert.equal(pricing.estimate(c.input).total_micros, c.ok_micros, c.name);
      continue;
    }
    // A JS string argument is JSON text: a JSON string value is sent as its text.
    if (c.surface === "request" && typeof c.input === "string") c.input_text = JSON.stringify(c.input);
    try {
      run(c);
      failures.push(`${c.name}: accepted`);
    } catch (e) {
      const key = "path" in c ? "path" : "field";
      if (e.code !== c.code || e[key] !== c[key]) failures.push(`${c.name}: ${e.code} ${e[key]} (expected ${c.code} ${c[key]})`);
      if (c.suggestion && e.suggestions?.[0] !== c.suggestion) failures.push(`${c.name}: suggestions ${e.suggestions}`);
      if (c.allowed) assert.deepEqual(e.allowed, c.allowed, c.name);
    }
  }
  assert.deepEqual(failures, []);
});
