// Browsers and bundlers (Vite, webpack, esbuild, Rollup): a browser compiles a module of this
// size only asynchronously, so the .wasm (beside this package's files; bundlers see the
// `new URL(..., import.meta.url)` and ship it) is fetched and instantiated at import, and
// `await ready` before the first `new Pricing()`.
import init from "../tariff.js";

export * from "../tariff.js";
export { default } from "../tariff.js";
export const ready = init({ module_or_path: new URL("../tariff_bg.wasm", import.meta.url) }).then(() => undefined);
