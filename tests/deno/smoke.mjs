// The --target web files in Deno: `await init()` with the bytes, the worked example, an error.
import init, { Pricing, isTariffError } from "../../pkg/tariff.js";

await init({ module_or_path: await Deno.readFile(new URL("../../pkg/tariff_bg.wasm", import.meta.url)) });
const p = new Pricing();
const e = p.estimate({ model: "claude/opus-4-7", usage: { input_tokens: 1234567, output_tokens: 89012 } });
if (e.total_micros !== 30233286) throw new Error(`deno: ${e.total_micros} != 30233286`);
try {
  p.estimate({ model: "claude/sonet-4-7" });
  throw new Error("deno: expected unknown_model");
} catch (err) {
  if (!isTariffError(err) || err.code !== "unknown_model" || err.suggestions[0] !== "claude/sonnet-4-7") throw err;
}
console.log("1 passed, 0 failed (deno: estimate 30233286 micros, unknown_model with suggestions)");
