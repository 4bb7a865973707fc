// Cloudflare Workers (workerd, wrangler, Miniflare): the runtime gives the .wasm as a compiled
// WebAssembly.Module, instantiated synchronously at import. `ready` is already resolved.
import wasm from "../tariff_bg.wasm";
import { initSync } from "../tariff.js";

initSync({ module: wasm });

export * from "../tariff.js";
export { default } from "../tariff.js";
export const ready = Promise.resolve();
