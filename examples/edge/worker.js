// tariff at the edge: estimate a job before it is submitted, and turn away what would fail
// or overspend. A Cloudflare Workers module (runs in workerd, Miniflare and wrangler) over
// the wasm package in pkg/, through its workerd entry (what `import ... from "tariff"` resolves
// to under wrangler: the engine is instantiated from the imported .wasm at import).
//
//   POST /v1/estimate   a request (or a list of requests) -> the estimate(s)
//   POST /v1/precheck   {request, budget: {balance_micros, limit_micros?, basis?}} -> 200 / 400 / 402:
//                       decided on the bound (the most the job can cost) unless basis is
//                       "expected"; 200 with reserve_micros (what to hold while it runs), 402
//                       with the shortfall and what the budget affords (affordable).
//   GET  /v1/models     the catalog's models, `/v1/models` style ({data: [...]})
//   GET  /v1/pricing    models and hardware tiers with their prices
//
// Every response is JSON and carries the catalog version (`x-tariff-catalog-version`), so a
// server can reject estimates made from a stale catalog.

import { Pricing, isTariffError } from "../../pkg/entry/workerd.js";

/** Bodies larger than this are refused with 413 before they are parsed. (Not exported: a
 * Worker's named exports must all be handlers.) */
const MAX_BODY_BYTES = 1024 * 1024;

// One Pricing per catalog, built on the first request and reused: loading validates the whole
// catalog. A deployment may supply its own catalog as the CATALOG binding (JSON text or a
// JSON object); otherwise the embedded catalog.json is used.
// A binding that is not a valid catalog is read once too: its error is kept and answered.
let loaded = { source: undefined, pricing: undefined, fault: undefined };

function pricingFor(env) {
  const source = env?.CATALOG;
  if ((loaded.pricing === undefined && loaded.fault === undefined) || loaded.source !== source) {
    loaded = { source, pricing: undefined, fault: undefined };
    try {
      loaded.pricing = source === undefined ? new Pricing() : new Pricing(source);
    } catch (e) {
      loaded.fault = e;
    }
  }
  if (loaded.fault !== undefined) throw loaded.fault;
  return loaded.pricing;
}

function json(status, body, catalog, extra = {}) {
  const headers = { "content-type": "application/json; charset=utf-8", ...extra };
  if (catalog) {
    headers["x-tariff-catalog-version"] = catalog.version;
    headers["x-tariff-catalog-sha256"] = catalog.sha256;
  }
  return new Response(JSON.stringify(body), { status, headers });
}

/** The error as the CLI prints it: {"error": {code, message, ...details}} (a TariffError's
 * toJSON writes it in the engine's order). */
function errorBody(e) {
  return { error: e.toJSON() };
}

function failure(status, code, message, extra = {}) {
  return { status, body: { error: { code, message, ...extra } } };
}

class HttpError extends Error {
  /** `field` for an invalid_request: the body (`$`) unless it says otherwise. */
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field ?? (code === "invalid_request" ? "$" : undefined);
  }

  toJSON() {
    return { code: this.code, message: this.message, ...(this.field === undefined ? {} : { field: this.field }) };
  }
}

/** Past the limit, this much more of a body is read and thrown away before the 413 goes out:
 * a server that answers and closes with request bytes unread makes the client's TCP stack reset
 * the connection, and the client may then see "fetch failed" instead of the 413. Bigger bodies
 * are cut off (the client may see a reset, which is all such a sender gets). */
const MAX_DRAIN_BYTES = 8 * 1024 * 1024;

function tooLarge() {
  return new HttpError(413, "payload_too_large", `the body is larger than ${MAX_BODY_BYTES} bytes`);
}

/** Reads and discards the rest of a refused body, up to MAX_DRAIN_BYTES in all. */
async function drain(reader, read) {
  let size = read;
  while (size <= MAX_DRAIN_BYTES) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
  }
  await reader.cancel();
}

/** The body as text, refusing more than MAX_BODY_BYTES whatever Content-Length says. */
async function readBody(request) {
  const declared = Number(request.headers.get("content-length"));
  if (!request.body) return "";
  const reader = request.body.getReader();
  if (declared > MAX_BODY_BYTES) {
    if (declared <= MAX_DRAIN_BYTES) await drain(reader, 0);
    else await reader.cancel();
    throw tooLarge();
  }
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await drain(reader, size);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, "invalid_request", "the body is not UTF-8 text");
  }
}

/** Parses the body as JSON, or 400 with the parse error. */
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, "invalid_request", `malformed JSON: ${e.message}`);
  }
}

// The JS API reads a string as JSON text; here a string in the body is just a wrong value.
function notText(value, field) {
  return typeof value === "string"
    ? failure(400, "invalid_request", `invalid request: ${field}: must be an object, not a string`, { field })
    : null;
}

function estimate(pricing, body) {
  const value = parseJson(body);
  // A list is priced as a whole by the engine: the first fault names its index, as the CLI's.
  if (Array.isArray(value)) return { status: 200, body: pricing.estimateAll(value) };
  return notText(value, "$") ?? { status: 200, body: pricing.estimate(value) };
}

/** A TariffError of the request inside a precheck body, named as a path into the body, as
 * `tariff budget` names it: `usage.input_tokens` is `request.usage.input_tokens`. */
function inRequest(e) {
  const out = e.toJSON();
  if (typeof out.field !== "string") return out;
  const field = out.field === "$" ? "request" : out.field.startsWith("[") ? `request${out.field}` : `request.${out.field}`;
  // The message names the field after the code's words (`invalid request: usage.x: ...`); a
  // function, so that a `$` in a field's name is not read as a replacement pattern.
  return { ...out, field, message: out.message.replace(`: ${out.field}`, () => `: ${field}`) };
}

function precheck(pricing, body) {
  const value = parseJson(body);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return failure(400, "invalid_request", "the body must be an object {request, budget}", { field: "$" });
  }
  // As `tariff budget` reads the same object: a misplaced key (`basis` beside `budget`) is named,
  // the first in sorted order as its reader names it.
  for (const key of Object.keys(value).sort()) {
    if (key !== "request" && key !== "budget") {
      return failure(400, "invalid_request", `invalid request: ${key}: unknown field; expected one of: request, budget`, { field: key });
    }
  }
  if (!("request" in value)) return failure(400, "invalid_request", "request is required", { field: "request" });
  if (!("budget" in value)) return failure(400, "invalid_request", "budget is required", { field: "budget" });
  const wrong = notText(value.request, "request") ?? notText(value.budget, "budget");
  if (wrong) return wrong;
  // The request first, alone (as `tariff budget` reads it first): its faults are named in it,
  // never mistaken for the budget's (a request's unknown key `budget` is `request.budget`).
  try {
    pricing.estimate(value.request);
  } catch (e) {
    if (!isTariffError(e)) throw e;
    return { status: 400, body: { error: inRequest(e) } };
  }
  const check = pricing.checkBudget(value.request, value.budget);
  if (!check.allowed) {
    return {
      status: 402,
      body: {
        allowed: false,
        error: { code: "insufficient_budget", message: check.reason },
        ...check,
      },
    };
  }
  return { status: 200, body: check };
}

const ROUTES = {
  "/v1/estimate": { POST: (p, body) => estimate(p, body) },
  "/v1/precheck": { POST: (p, body) => precheck(p, body) },
  "/v1/models": {
    GET: (p) => ({ status: 200, body: { object: "list", catalog_version: p.catalogVersion, data: p.models() } }),
  },
  "/v1/pricing": {
    GET: (p) => ({
      status: 200,
      body: { catalog_version: p.catalogVersion, catalog_sha256: p.catalogSha256, default_model: p.defaultModel, models: p.models(), hardware: p.hardware() },
    }),
  },
};

export default {
  async fetch(request, env) {
    let version;
    try {
      const pricing = pricingFor(env);
      version = { version: pricing.catalogVersion, sha256: pricing.catalogSha256 };
      const { pathname } = new URL(request.url);
      // Own keys only: a path or method named like an Object member (`constructor`) is no route.
      const route = Object.hasOwn(ROUTES, pathname) ? ROUTES[pathname] : undefined;
      if (!route) return json(404, { error: { code: "not_found", message: `no route ${pathname}` } }, version);
      const handler = Object.hasOwn(route, request.method) ? route[request.method] : undefined;
      if (!handler) {
        const allow = Object.keys(route).join(", ");
        return json(405, { error: { code: "method_not_allowed", message: `use ${allow}` } }, version, { allow });
      }
      const body = request.method === "POST" ? await readBody(request) : "";
      const { status, body: out } = handler(pricing, body);
      return json(status, out, version);
    } catch (e) {
      if (e instanceof HttpError) return json(e.status, { error: e.toJSON() }, version);
      // invalid_request, unknown_model (with available and suggestions), unsupported_input,
      // overflow, and invalid_catalog for a bad CATALOG binding: the caller's to fix.
      if (isTariffError(e)) return json(e.code === "invalid_catalog" ? 500 : 400, errorBody(e), version);
      return json(500, { error: { code: "internal", message: String(e?.message ?? e) } }, version);
    }
  },
};
