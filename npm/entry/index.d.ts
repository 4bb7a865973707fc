export * from "../tariff.js";
export { default } from "../tariff.js";
/** Resolved once the engine is instantiated: at once in Node, Deno and workerd; in a browser
 * when the .wasm is fetched and compiled. `await ready` before the first `new Pricing()`. */
export declare const ready: Promise<void>;
