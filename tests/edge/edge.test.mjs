// The edge worker in a real edge runtime: workerd on 127.0.0.1, real HTTP requests.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { startWorker, root } from "./start.mjs";

const catalogText = readFileSync(`${root}/catalog.json`, "utf8");
const catalog = JSON.parse(catalogText);
const catalogSha = createHash("sha256").update(catalogText).digest("hex");
let worker;
before(async () => {
  worker = await startWorker();
});
after(async () => {
  await worker?.stop();
});

async function call(path, body, init = {}) {
  const res = await fetch(worker.url + path, {
    method: body === undefined ? "GET" : "POST",
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json" },
    ...init,
  });
  assert.match(res.headers.get("content-type"), /^application\/json/);
  assert.equal(res.headers.get("x-tariff-catalog-version"), catalog.version);
  assert.equal(res.headers.get("x-tariff-catalog-sha256"), catalogSha);
  return { status: res.status, body: await res.json() };
}

function native(request) {
  const out = execFileSync(`${root}/target/release/tariff`, ["estimate"], { input: JSON.stringify(request) });
  return JSON.parse(out);
}

test("hand-worked cases: the same micros as the native engine", async () => {
  const cases = [
    [{ model: "claude/opus-4-7", usage: { input_tokens: 1234567, output_tokens: 89012 } }, 30233286],
    [{ model: "gpt/4o-mini", usage: { input_tokens: 1001 } }, 180],
    [{ model: "black-forest-labs/flux-2-pro-legacy", inputs: { width: 1024, height: 1024 } }, 20972],
    [{ usage: { input_tokens: 1000000, output_tokens: 0 } }, 3600000],
    [{ model: "google/veo-3-t2v", inputs: { duration: 5, generate_audio: true } }, 2000000],
  ];
  for (const [request, micros] of cases) {
    const { status, body } = await call("/v1/estimate", request);
    assert.equal(status, 200);
    assert.equal(body.total_micros, micros);
    assert.deepEqual(body, native(request), "byte-identical to the native engine");
  }
  // A list is priced item by item.
  const list = await call("/v1/estimate", cases.map((c) => c[0]));
  assert.deepEqual(list.body.map((e) => e.total_micros), cases.map((c) => c[1]));
});

test("unknown slug: 400 with the available slugs and suggestions", async () => {
  for (const path of ["/v1/estimate", "/v1/precheck"]) {
    const req = { model: "claude/sonet-4-7" };
    const { status, body } = await call(path, path === "/v1/estimate" ? req : { request: req, budget: { balance_micros: 5 } });
    assert.equal(status, 400);
    assert.equal(body.error.code, "unknown_model");
    assert.equal(body.error.suggestions[0], "claude/sonnet-4-7");
    assert.equal(body.error.available.length, catalog.models.length);
  }
  const bad = await call("/v1/estimate", [{ model: "gpt/4o" }, { model: "gpt/4o", usage: { input_tokens: -1 } }]);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, "[1].usage.input_tokens");
  const unsupported = await call("/v1/precheck", { request: { model: "openai/gpt-image-2", inputs: { quality: "ultra" } }, budget: { balance_micros: 10 } });
  assert.equal(unsupported.status, 400);
  assert.equal(unsupported.body.error.code, "unsupported_input");
});

test("precheck: 200 when it fits, 402 with the shortfall when it does not", async () => {
  // Veo 5 s with audio = 2,000,000 micros.
  const request = { model: "google/veo-3-t2v", inputs: { duration: 5, generate_audio: true } };
  const ok = await call("/v1/precheck", { request, budget: { balance_micros: 5000000 } });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.allowed, true);
  assert.equal(ok.body.estimate.total_micros, 2000000);
  assert.equal(ok.body.remaining_micros, 5000000);
  const short = await call("/v1/precheck", { request, budget: { balance_micros: 1500000 } });
  assert.equal(short.status, 402);
  assert.equal(short.body.allowed, false);
  assert.equal(short.body.shortfall_micros, 500000);
  assert.equal(short.body.error.code, "insufficient_budget");
  // The limit counts too: $10 balance but a $1 limit.
  const limited = await call("/v1/precheck", { request, budget: { balance_micros: 10000000, limit_micros: 1000000 } });
  assert.equal(limited.status, 402);
  assert.equal(limited.body.shortfall_micros, 1000000);
  const missing = await call("/v1/precheck", { request });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.field, "budget");
  const badBudget = await call("/v1/precheck", { request, budget: { balance_micros: -1 } });
  assert.equal(badBudget.status, 400);
  assert.equal(badBudget.body.error.field, "budget.balance_micros");
});

test("precheck decides on the bound: 402 with what the budget affords, 200 with the reserve", async () => {
  // Opus, 5,000 input tokens = 90,000 expected; output may reach the catalog's 64,000-token
  // cap: 5,760,000 more, a bound of 5,850,000.
  const request = { model: "claude/opus-4-7", usage: { input_tokens: 5000 } };
  const short = await call("/v1/precheck", { request, budget: { balance_micros: 100000 } });
  assert.equal(short.status, 402);
  assert.equal(short.body.allowed, false);
  assert.equal(short.body.basis, "bound");
  assert.equal(short.body.estimate_micros, 90000);
  assert.equal(short.body.bound_micros, 5850000);
  assert.equal(short.body.remaining_micros, 100000);
  assert.equal(short.body.shortfall_micros, 5750000);
  assert.equal(short.body.error.message, "the bound of $5.85 is more than the $0.10 that remains");
  // 10,000 micros left after the input, 90 a token: 111 output tokens.
  assert.deepEqual(short.body.affordable, [{ field: "limits.output_tokens", max: 111 }]);
  // Lowering max_tokens to what it affords: 200, holding 99,990.
  const lowered = { ...request, limits: { output_tokens: 111 } };
  const ok = await call("/v1/precheck", { request: lowered, budget: { balance_micros: 100000 } });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.allowed, true);
  assert.equal(ok.body.reserve_micros, 99990);
  assert.equal(ok.body.bound_micros, 99990);
  // On the expected basis the old answer: 200, holding 90,000.
  const expected = await call("/v1/precheck", { request, budget: { balance_micros: 100000, basis: "expected" } });
  assert.equal(expected.status, 200);
  assert.equal(expected.body.reserve_micros, 90000);
  // Unbounded (web searches without a limit): 402, no number to fall short by.
  const open = await call("/v1/precheck", { request: { model: "openai/gpt-5", usage: { input_tokens: 1000 } }, budget: { balance_micros: 100000000 } });
  assert.equal(open.status, 402);
  assert.equal(open.body.bound_micros, null);
  assert.equal(open.body.shortfall_micros, null);
  assert.match(open.body.error.message, /usage\.web_searches: no limit in the request or the catalog/);
  const badBasis = await call("/v1/precheck", { request, budget: { balance_micros: 1, basis: "worst" } });
  assert.equal(badBasis.status, 400);
  assert.equal(badBasis.body.error.field, "budget.basis");
});

test("precheck names each fault as `tariff budget` does for the same body", async () => {
  const bodies = [
    { request: { model: "gpt/4o", usage: { input_tokens: -1 } }, budget: { balance_micros: 1 } },
    { request: null, budget: { balance_micros: 1 } },
    { request: { model: "nope/x" }, budget: { balance_micros: 1 } },
    { request: { model: "gpt/4o", downstream: [{ model: "gpt/4o", usage: { output_tokens: 1.5 } }] }, budget: { balance_micros: 1 } },
    { request: { model: "openai/gpt-image-2", inputs: { quality: "ultra" } }, budget: { balance_micros: 1 } },
    { request: { model: "gpt/4o" }, budget: '{"balance_micros": 1}' },
    { request: { model: "gpt/4o" }, budget: { balance_micros: -1 } },
    // `basis` belongs inside `budget`: beside it, it was ignored and the bound decided.
    { request: { model: "gpt/4o" }, budget: { balance_micros: 10000000 }, basis: "expected" },
    // Two such keys: the first in sorted order, as the CLI's reader names it.
    { zeta: 1, request: { model: "gpt/4o" }, budget: { balance_micros: 1 }, alpha: 2 },
    // A request's own unknown key named `budget`, and one with a `$` in it.
    { request: { model: "gpt/4o", budget: 1 }, budget: { balance_micros: 1 } },
    { request: { model: "gpt/4o", "$&": 1 }, budget: { balance_micros: 1 } },
  ];
  for (const body of bodies) {
    const edge = await call("/v1/precheck", body);
    assert.equal(edge.status, 400, JSON.stringify(body));
    const cli = spawnSync(`${root}/target/release/tariff`, ["budget"], { input: JSON.stringify(body) });
    assert.equal(cli.status, 2, JSON.stringify(body));
    assert.deepEqual(edge.body.error, JSON.parse(cli.stderr).error, JSON.stringify(body));
  }
});

test("oversize bodies get 413, malformed JSON 400, every answer is JSON", async () => {
  const big = JSON.stringify({ model: "gpt/4o", inputs: { prompt: "x".repeat(1024 * 1024) } });
  const tooBig = await call("/v1/estimate", big);
  assert.equal(tooBig.status, 413);
  assert.equal(tooBig.body.error.code, "payload_too_large");
  // Sent in chunks with no Content-Length: refused when the count passes the limit, the rest read
  // and dropped so that the 413 reaches the client.
  const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
  let sent = 0;
  const stream = new ReadableStream({
    pull(controller) {
      if (sent++ < 24) controller.enqueue(chunk);
      else controller.close();
    },
  });
  const streamed = await call("/v1/estimate", undefined, { method: "POST", body: stream, duplex: "half" });
  assert.equal(streamed.status, 413);
  assert.equal(streamed.body.error.code, "payload_too_large");
  const bad = await call("/v1/estimate", '{"model": "gpt/4o",');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, "invalid_request");
  assert.equal(bad.body.error.field, "$");
  assert.match(bad.body.error.message, /malformed JSON/);
  const text = await call("/v1/estimate", '"claude/opus-4-7"');
  assert.equal(text.status, 400);
  const notFound = await call("/v2/nothing");
  assert.equal(notFound.status, 404);
  const wrongMethod = await call("/v1/models", {});
  assert.equal(wrongMethod.status, 405);
  const nan = await call("/v1/estimate", '{"model":"gpt/4o","usage":{"input_tokens":1e400}}');
  assert.equal(nan.status, 400);
});

test("models and pricing listings, with exact micros", async () => {
  const models = await call("/v1/models");
  assert.equal(models.status, 200);
  assert.equal(models.body.data.length, catalog.models.length);
  const truefusion = models.body.data.find((m) => m.slug === "skytells/truefusion");
  assert.deepEqual(truefusion.pricing, { amount: 0.03, currency: "USD", unit: "image", amount_micros: 30000 });
  const pricing = await call("/v1/pricing");
  assert.equal(pricing.body.default_model, "claude/sonnet-4-6");
  assert.equal(pricing.body.hardware.find((h) => h.id === "gpu-h100").price_per_second_micros, 1525);
});

test("a deployment's own catalog (CATALOG binding) and its version header", async () => {
  const custom = structuredClone(catalog);
  custom.version = "edge-custom-7";
  custom.models[0].billing.input_per_million = 36000000;
  const w = await startWorker({ CATALOG: JSON.stringify(custom) });
  try {
    const res = await fetch(`${w.url}/v1/estimate`, {
      method: "POST",
      body: JSON.stringify({ model: "claude/opus-4-7", usage: { input_tokens: 1000000, output_tokens: 0 } }),
    });
    assert.equal(res.headers.get("x-tariff-catalog-version"), "edge-custom-7");
    assert.equal((await res.json()).total_micros, 36000000);
  } finally {
    await w.stop();
  }
});
