// The dashboard: pricing page, model pages, calculator, Usage tab and job detail, computed in
// the browser by the wasm engine (../pkg) from the same catalog.json the server uses. Usage
// exports are read and priced in a Web Worker (worker.js), so the page never stalls.
import init, { Pricing } from "../../pkg/tariff.js";
import { $, $$, errorText } from "./dom.js";
import { renderPricingPage } from "./pricing-page.js";
import { renderModelPage } from "./model-page.js";
import { createCalculator } from "./calculator.js";
import { setupUsage } from "./usage-page.js";
import { renderJobPage } from "./job-page.js";

/** What every page reads: the engine, its listing and the catalog's models by slug. */
export const ctx = { pricing: null, listing: [], bySlug: new Map(), usage: null };

// The page's own engine, for the calculator, model pages and job details: built the first
// time one of them is opened (loading a catalog of thousands of models is a long task; the
// pricing page's listing comes from the worker instead).
let building = null;
export function engine() {
  building ??= (async () => {
    await wasm;
    ctx.pricing = new Pricing(await catalogText());
    ctx.calculator = createCalculator(ctx, $("#calculator-root"), { id: "calc", follow: true });
    return ctx.pricing;
  })().catch((e) => {
    // A failed build (the catalog's fetch, say) is tried again by the next page that needs it.
    building = null;
    throw e;
  });
  return building;
}
ctx.engine = engine;
const wasm = init();
const fetchCatalog = () => fetch("../catalog.json").then((res) => {
  if (!res.ok) throw new Error(`catalog.json: HTTP ${res.status}`);
  return res.text();
});
// Fetched at once (the first model page is then quicker); fetched again after a failure.
let catalogFetch = fetchCatalog();
function catalogText() {
  const f = catalogFetch;
  catalogFetch = f.catch(fetchCatalog);
  return f;
}

/** Says what failed in the page's status line (no fault leaves the page silent). */
export function showFault(e) {
  const status = $("#status");
  status.textContent = `Something failed: ${errorText(e)}`;
  status.classList.add("error");
  status.dataset.fault = "";
}
ctx.showFault = showFault;
addEventListener("unhandledrejection", (e) => showFault(e.reason));

async function start() {
  try {
    ctx.usage = setupUsage(ctx);
    const listed = await ctx.usage.listing();
    ctx.listing = JSON.parse(listed.models);
    ctx.hardware = listed.hardware;
    ctx.defaultModel = listed.defaultModel;
    ctx.bySlug = new Map(ctx.listing.map((m) => [m.slug, m]));
    $("#catalog-version").textContent = listed.version;
    $("#status").textContent = "";
    renderPricingPage(ctx);
    addEventListener("hashchange", () => route().catch(showFault));
    // "Skip to content" moves the focus, not the address (a hash of its own would be a route).
    $("a.skip").addEventListener("click", (e) => {
      e.preventDefault();
      $("#view").focus();
    });
    await route();
    document.body.dataset.ready = "true";
  } catch (e) {
    $("#status").textContent = `Could not start the pricing engine: ${errorText(e)}`;
    $("#status").classList.add("error");
  }
}

/** The page an address names: `#/pricing`, `#/calculator`, `#/usage`, `#/models/<slug>`,
 * `#/jobs/record/<n>`, `#/jobs/estimate?request=…` (older `#usage`-style links too). */
export function parseRoute(hash, search) {
  const h = hash.replace(/^#\/?/, "");
  const [path, query = ""] = h.split("?");
  const params = new URLSearchParams(query || search);
  if (path.startsWith("models/")) {
    let slug = path.slice(7);
    try {
      slug = decodeURIComponent(slug);
    } catch {
      // A malformed escape names no model: the page says so.
    }
    return { page: "model", slug };
  }
  if (path.startsWith("jobs/")) return { page: "job", job: path.slice(5), params };
  if (["calculator", "usage", "pricing"].includes(path)) return { page: path, params };
  if (new URLSearchParams(search).has("request")) return { page: "calculator", params: new URLSearchParams(search) };
  return { page: "pricing", params };
}

async function route() {
  const r = parseRoute(location.hash, location.search);
  if (!["pricing", "usage"].includes(r.page)) await engine();
  // A page that opens clears the fault an earlier one showed.
  const status = $("#status");
  if ("fault" in status.dataset) {
    status.textContent = "";
    status.classList.remove("error");
    delete status.dataset.fault;
  }
  for (const s of $$("[data-page]")) s.hidden = s.dataset.page !== r.page;
  for (const a of $$("nav a")) {
    const on = a.dataset.route === r.page || (r.page === "model" && a.dataset.route === "pricing") ||
      (r.page === "job" && a.dataset.route === "usage");
    if (on) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  if (r.page === "model") renderModelPage(ctx, $("#model-root"), r.slug);
  if (r.page === "job") renderJobPage(ctx, $("#job-root"), r);
  if (r.page === "calculator") ctx.calculator.open(r.params.get("request"));
  const title = $(`[data-page="${r.page}"] h2, [data-page="${r.page}"] h1`);
  document.title = `tariff — ${title?.textContent ?? "models and pricing"}`;
  // Moving between pages moves the focus to the new page (not on the first load).
  if (route.done) $("#view").focus({ preventScroll: false });
  route.done = true;
}

start();
