// Starts the edge worker in workerd (through Miniflare, from .tools/) on 127.0.0.1 and
// returns its URL and a stop function. Used by the edge tests and bench/edge.mjs.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, ".tools", "package.json"));
const { Miniflare } = await import(pathToFileURL(require.resolve("miniflare")).href);

export async function startWorker(bindings = {}) {
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(root, "examples/edge/worker.js"),
    // The worker imports ../../pkg: module names are resolved from the repository root.
    modulesRoot: root,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2026-04-01",
    bindings,
    host: "127.0.0.1",
    port: 0,
    cf: false,
  });
  const url = await mf.ready;
  return { url: url.href.replace(/\/$/, ""), stop: () => mf.dispose() };
}
