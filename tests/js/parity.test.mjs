// Native and wasm give byte-identical JSON for the same requests: a generated corpus of
// 1,500+ requests (every model and shape, edge values, bad inputs) through the native CLI
// (`tariff estimate --lines`) and through the wasm package, as JSON text and as JS objects.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
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

test("native CLI and wasm agree byte for byte on the corpus", () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  const corpus = generate(1500);
  assert.ok(corpus.length >= 1000);
  const lines = corpus.map((c) => c.text);
  // --lines skips blank lines; keep them out of both sides.
  const fed = corpus.filter((c) => c.text.trim() !== "");
  const native = execFileSync(cli, ["estimate", "--lines"], { input: fed.map((c) => c.text).join("\n") + "\n", maxBuffer: 1 << 28 })
    .toString()
    .trimEnd()
    .split("\n");
  assert.equal(native.length, fed.length);
  const pricing = new Pricing();
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
  // The corpus exercises both prices and errors, every model included.
  assert.ok(errors > 100 && errors < fed.length - 500, `errors: ${errors}`);
  assert.ok(objects >= 1000);
  console.log(`parity: ${fed.length} requests (${objects} also as JS objects), ${errors} of them errors: identical`);
  assert.ok(lines.length >= 1000);
});
