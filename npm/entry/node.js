// Node >= 20 and Deno: the package's own .wasm, read and instantiated synchronously at import,
// so `import { Pricing } from "tariff"` is ready to use. `ready` is there for code that also
// runs in browsers (it is already resolved here).
import { readFileSync } from "node:fs";
import { initSync } from "../tariff.js";

initSync({ module: readFileSync(new URL("../tariff_bg.wasm", import.meta.url)) });

export * from "../tariff.js";
export { default } from "../tariff.js";
export const ready = Promise.resolve();
