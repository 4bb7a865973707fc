// The wasm package in Node: hand-worked prices, every error code with its fields, JS values
// that are not valid requests, and a Pricing object that survives thousands of bad calls.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Pricing, formatUsd, isTariffError, catalogText, errorJson, secondInstance } from "./load.mjs";

const pricing = new Pricing();
const total = (req) => pricing.estimate(req).total_micros;

function throwsCode(fn, code, fields = {}) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, "expected a throw");
  assert.ok(caught instanceof Error, "a real Error");
  assert.equal(caught.name, "TariffError");
  assert.ok(isTariffError(caught));
  assert.equal(caught.code, code, `${caught.code}: ${caught.message}`);
  for (const [k, v] of Object.entries(fields)) assert.deepEqual(caught[k], v, k);
  return caught;
}

test("hand-worked seed prices give the engine's micros", () => {
  // 1,234,567 × $18/1M + 89,012 × $90/1M = 22,222,206 + 8,011,080.
  const e = pricing.estimate({ model: "claude/opus-4-7", usage: { input_tokens: 1234567, output_tokens: 89012 } });
  assert.equal(e.total_micros, 30233286);
  assert.equal(e.total_usd, "$30.233286");
  assert.deepEqual(e.line_items.map((l) => l.micros), [22222206, 8011080]);
  // 1,001 × 0.18 = 180.18 -> 180.
  assert.equal(total({ model: "gpt/4o-mini", usage: { input_tokens: 1001 } }), 180);
  // 25 × 0.18 = 4.5 -> 5 (half-up).
  assert.equal(total({ model: "gpt/4o-mini", usage: { input_tokens: 25, output_tokens: 0 } }), 5);
  // 1024 × 1024 px × $0.02/MP = 20,971.52 -> 20,972.
  assert.equal(total({ model: "black-forest-labs/flux-2-pro-legacy", inputs: { width: 1024, height: 1024 }, usage: { images: 1 } }), 20972);
  // No model: Sonnet 4.6, 1M input = $3.60.
  const d = pricing.estimate({ usage: { input_tokens: 1000000, output_tokens: 0 } });
  assert.equal(d.model, "claude/sonnet-4-6");
  assert.equal(d.defaulted, true);
  assert.equal(d.total_micros, 3600000);
  // Veo 3, 5 s with audio = $2.00; GPT Image 2 default high@1024 = $0.167.
  assert.equal(total({ model: "google/veo-3-t2v", inputs: { duration: 5, generate_audio: true } }), 2000000);
  assert.equal(total({ model: "openai/gpt-image-2" }), 167000);
  // JSON text works too.
  assert.equal(total('{"model":"openai/sora-2","usage":{"videos":1}}'), 2000);
  // Dates are accepted for `at` in usage records.
  assert.equal(pricing.usage([{ model: "openai/sora-2", at: new Date(Date.UTC(2026, 10, 3)) }]).by_day[0].day, "2026-11-03");
});

test("every error code is thrown with its fields", () => {
  const e = throwsCode(() => pricing.estimate({ model: "claude/sonet-4-7" }), "unknown_model", { field: "model", model: "claude/sonet-4-7" });
  assert.equal(e.suggestions[0], "claude/sonnet-4-7");
  assert.ok(e.available.includes("gemini/2.0-flash"));
  throwsCode(() => pricing.estimate({ model: "gpt/4o", usage: { input_tokens: -1 } }), "invalid_request", { field: "usage.input_tokens" });
  throwsCode(() => pricing.estimate({ model: "openai/gpt-image-2", inputs: { quality: "ultra" } }), "unsupported_input",
    { field: "inputs.quality", value: "ultra", allowed: ["low", "medium", "high"] });
  throwsCode(() => pricing.estimate({ model: "claude/opus-4-7", usage: { output_tokens: 2 ** 53 - 1 } }), "overflow", { field: "output_tokens" });
  const cat = JSON.parse(catalogText);
  cat.models[1].slug = cat.models[0].slug;
  throwsCode(() => new Pricing(cat), "invalid_catalog", { path: "models[1].slug" });
  throwsCode(() => new Pricing(JSON.stringify(cat)), "invalid_catalog", { path: "models[1].slug" });
  throwsCode(() => new Pricing("{"), "invalid_catalog", { path: "$" });
  throwsCode(() => pricing.checkBudget({ model: "gpt/4o" }, { balance_micros: -1 }), "invalid_request", { field: "budget.balance_micros" });
  throwsCode(() => pricing.usage([{ model: "gpt/4o" }, { model: "nope/x" }]), "unknown_model", { field: "records[1].model" });
  // The thrown error prints like the CLI's.
  assert.deepEqual(Object.keys(errorJson(e).error).slice(0, 3), ["code", "message", "field"]);
  assert.equal(isTariffError(new Error("x")), false);
  assert.equal(isTariffError({ code: "overflow" }), false);
});

test("JS values that are not valid requests are invalid_request, never a price", () => {
  const bad = [
    [{ model: "gpt/4o", usage: { input_tokens: NaN } }, "usage.input_tokens"],
    [{ model: "gpt/4o", usage: { input_tokens: Infinity } }, "usage.input_tokens"],
    [{ model: "gpt/4o", usage: { output_tokens: -Infinity } }, "usage.output_tokens"],
    [{ model: "gpt/4o", usage: { input_tokens: "100" } }, "usage.input_tokens"],
    [{ model: "gpt/4o", usage: { input_tokens: 1.5 } }, "usage.input_tokens"],
    [{ model: "gpt/4o", usage: { input_tokens: 2 ** 53 } }, "usage.input_tokens"],
    [{ model: "gpt/4o", usage: { input_tokens: 10n } }, "usage.input_tokens"],
    [{ model: "gpt/4o", usage: { input_tokens: () => 5 } }, "usage.input_tokens"],
    [{ model: "gpt/4o", usage: { input_tokens: Symbol("x") } }, "usage.input_tokens"],
    [{ model: "google/veo-3-t2v", inputs: { duration: NaN } }, "inputs.duration"],
    [{ model: "gpt/4o", at: new Date(NaN) }, "at"],
    [{ model: "gpt/4o", usage: new Map([["input_tokens", 5]]) }, "usage"],
    [null, "$"],
    [42, "$"],
    [[], "$"],
  ];
  for (const [req, field] of bad) {
    throwsCode(() => pricing.estimate(req), "invalid_request", { field });
  }
  // An object that contains itself is an error, not a stack overflow.
  const cyclic = { model: "gpt/4o", inputs: {} };
  cyclic.inputs.self = cyclic;
  throwsCode(() => pricing.estimate(cyclic), "invalid_request", { field: "inputs.self" });
  const deep = { model: "gpt/4o", inputs: {} };
  let node = deep.inputs;
  for (let i = 0; i < 200; i++) node = node.next = {};
  throwsCode(() => pricing.estimate(deep), "invalid_request");
  // A getter that throws is an error value too.
  const hostile = { model: "gpt/4o", get usage() { throw new Error("boom"); } };
  throwsCode(() => pricing.estimate(hostile), "invalid_request", { field: "usage" });
  // -0 is zero; undefined is absent (as JSON.stringify treats them).
  assert.equal(total({ model: "gpt/4o", usage: { input_tokens: -0, output_tokens: undefined } }), 0);
});

test("a throwing getter, toJSON or Proxy anywhere is a coded error, and the Pricing stays usable", () => {
  // Each of these threw a plain Error through the engine, which left the Pricing borrowed:
  // free() then threw, and every later estimate built a spare wire.
  const p = new Pricing();
  const item = [];
  Object.defineProperty(item, 0, { enumerable: true, get() { throw new Error("item"); } });
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const noProto = new Proxy({}, { getPrototypeOf() { throw new Error("proto"); } });
  const badLength = new Proxy([], { get(t, k) { if (k === "length") throw new Error("length"); return t[k]; } });
  const request = (extra) => ({ model: "gpt/4o", usage: { input_tokens: 1001, output_tokens: 999 }, ...extra });
  const cases = [
    [() => p.estimate(request({ downstream: item })), "downstream[0]"],
    [() => p.estimate(request({ inputs: { get toJSON() { throw new Error("toJSON"); } } })), "inputs"],
    [() => p.estimate(request({ inputs: revoked.proxy })), "inputs"],
    [() => p.estimate(request({ inputs: noProto })), "inputs"],
    [() => p.estimateAll(item), "[0]"],
    [() => p.usage(item), "records[0]"],
    [() => p.usage(revoked.proxy), "records"],
    [() => p.usage(badLength), "records"],
    [() => p.checkBudget(request({}), { balance_micros: 5, early_charge_thresholds_micros: item }), "budget.early_charge_thresholds_micros[0]"],
    [() => p.quoter(request({}), item), "fields[0]"],
    [() => p.quoter(request({}), revoked.proxy), "fields"],
  ];
  for (const [call, field] of cases) throwsCode(call, "invalid_request", { field });
  throwsCode(() => new Pricing({ models: item }), "invalid_catalog", { path: "models[0]" });
  assert.equal(isTariffError(noProto), false);
  assert.equal(isTariffError(revoked.proxy), false);
  // 1,001 × $3/1M + 999 × $12/1M = 3,003 + 11,988.
  assert.equal(p.estimate(request({})).total_micros, 14991);
  p.free();
});

test("estimates one after another keep nothing of the one before", () => {
  // One Pricing reads each request into the same kept request: a model, limits, an open
  // quantity or a fault of one request must not reach the next one.
  const p = new Pricing();
  const opus = { model: "claude/opus-4-7", usage: { input_tokens: 1234567, output_tokens: 89012 } };
  const whole = (e) => {
    // 1,234,567 × $18/1M + 89,012 × $90/1M, nothing open: the bound is the total.
    assert.equal(e.total_micros, 30233286);
    assert.equal(e.bound_micros, 30233286);
    assert.equal(e.bound_usd, "$30.233286");
    assert.equal(e.defaulted, false);
    assert.deepEqual(e.assumptions, []);
    assert.deepEqual(e.open, []);
    assert.deepEqual(e.calls.map((c) => [c.path, c.model, c.status, c.subtotal_micros, c.first_line, c.line_count]),
      [["", "claude/opus-4-7", "succeeded", 30233286, 0, 2]]);
    assert.deepEqual(e.line_items.map((l) => [l.item, l.quantity, l.rate_micros, l.micros]),
      [["input_tokens", 1234567, 18000000, 22222206], ["output_tokens", 89012, 90000000, 8011080]]);
  };
  whole(p.estimate(opus));
  // No model: the default (Sonnet 4.6, $3.60 / 1M input), said in the assumptions.
  const d = p.estimate({ usage: { input_tokens: 1000000, output_tokens: 0 } });
  assert.equal(d.model, "claude/sonnet-4-6");
  assert.equal(d.defaulted, true);
  assert.equal(d.total_micros, 3600000);
  assert.ok(d.assumptions.some((a) => a.startsWith("model: not given")), d.assumptions.join("; "));
  // Output open: 5,000 × $18/1M = $0.09 now, and at most $5.85 (64,000 output tokens).
  const open = p.estimate({ model: "claude/opus-4-7", usage: { input_tokens: 5000 } });
  assert.equal(open.total_micros, 90000);
  assert.equal(open.bound_micros, 5850000);
  assert.deepEqual(open.open, [{ field: "usage.output_tokens", max: 64000, from: "catalog" }]);
  whole(p.estimate(JSON.stringify(opus)));
  // Nothing of that usage stays: GPT-4o with none given is $0 now, and at most its caps,
  // 128,000 × $3/1M + 16,384 × $12/1M = 384,000 + 196,608.
  const none = p.estimate({ model: "gpt/4o" });
  assert.equal(none.total_micros, 0);
  assert.equal(none.bound_micros, 580608);
  assert.deepEqual(none.line_items.map((l) => l.quantity), [0, 0]);
  throwsCode(() => p.estimate({ model: "claude/opus-4-7", usage: { input_tokens: -1, output_tokens: 1 } }), "invalid_request",
    { field: "usage.input_tokens" });
  // No model after a fault: the default again.
  assert.equal(p.estimate({ usage: { input_tokens: 1000000, output_tokens: 0 } }).defaulted, true);
  whole(p.estimate(opus));
  // The direct path writes the input and output lines, then finds cached tokens Opus has no
  // rate for and leaves the call to the walk, which names them: none of those lines stays.
  throwsCode(() => p.estimate({ model: "claude/opus-4-7", usage: { ...opus.usage, cached_input_tokens: 100 } }),
    "invalid_request", { field: "usage.cached_input_tokens" });
  whole(p.estimate(opus));
  // A limit of 10 output tokens: 1,234,567 × $18/1M + 10 × $90/1M = 22,222,206 + 900.
  const limited = p.estimate({ ...opus, usage: { input_tokens: 1234567 }, limits: { output_tokens: 10 } });
  assert.equal(limited.bound_micros, 22223106);
  assert.deepEqual(limited.open, [{ field: "usage.output_tokens", max: 10, from: "request" }]);
  whole(p.estimate(opus));
});

test("after thousands of bad calls the same Pricing still answers correctly", () => {
  const cyclic = { model: "gpt/4o" };
  cyclic.downstream = [cyclic];
  const bad = [
    { model: "gpt/4o", usage: { input_tokens: NaN } }, cyclic, { model: "claude/sonet-4-7" },
    "{", { model: "openai/gpt-image-2", inputs: { quality: 1 } }, { model: "claude/opus-4-7", usage: { output_tokens: 2 ** 53 - 1 } },
    { model: "gpt/4o", get usage() { throw new Error("boom"); } }, 10n,
  ];
  let thrown = 0;
  for (let i = 0; i < 5000; i++) {
    try {
      pricing.estimate(bad[i % bad.length]);
    } catch (e) {
      assert.ok(isTariffError(e), String(e));
      thrown++;
    }
    try {
      pricing.usage([bad[i % bad.length]]);
    } catch (e) {
      assert.ok(isTariffError(e), String(e));
      thrown++;
    }
  }
  assert.equal(thrown, 10000, "every bad call threw a TariffError");
  assert.equal(total({ model: "claude/opus-4-7", usage: { input_tokens: 1234567, output_tokens: 89012 } }), 30233286);
  assert.equal(pricing.models().length > 20, true);
});

test("models, hardware, usage, checkBudget, catalogVersion, formatUsd", () => {
  const models = pricing.models();
  const sonnet = models.find((m) => m.slug === "claude/sonnet-4-7");
  assert.equal(sonnet.price, "$3.60 / 1M input tokens · $18.00 / 1M output tokens");
  assert.deepEqual(sonnet.pricing, { amount: 3.6, currency: "USD", unit: "1M input tokens", amount_micros: 3600000 });
  assert.equal(models.find((m) => m.default).slug, "claude/sonnet-4-6");
  assert.equal(pricing.hardware().find((h) => h.id === "gpu-a100-large").per_hour, "$5.04 / hour");
  assert.equal(pricing.catalogVersion, JSON.parse(catalogText).version);
  assert.equal(pricing.defaultModel, "claude/sonnet-4-6");
  // 15,000 + 60,000 + 2,000 from an array and from JSON lines.
  const recs = [
    { model: "gpt/4o", at: "2026-11-01T10:00:00Z", usage: { input_tokens: 1000, output_tokens: 1000 } },
    { model: "skytells/truefusion", at: "2026-11-02T10:00:00Z", usage: { images: 2 } },
    { model: "openai/sora-2", at: "2026-11-02T11:00:00Z" },
  ];
  const b = pricing.usage(recs);
  assert.equal(b.total_micros, 77000);
  assert.deepEqual(b.by_day.map((d) => [d.day, d.micros]), [["2026-11-01", 15000], ["2026-11-02", 62000]]);
  assert.deepEqual(pricing.usage(recs.map((r) => JSON.stringify(r)).join("\n")), b);
  const check = pricing.checkBudget({ model: "google/veo-3-t2v", inputs: { duration: 5 } }, { balance_micros: 1000000 });
  assert.deepEqual([check.allowed, check.estimate_micros, check.shortfall_micros], [false, 2000000, 1000000]);
  assert.equal(formatUsd(30233286), "$30.233286");
  assert.equal(formatUsd(3600000), "$3.60");
  assert.equal(formatUsd(20000), "$0.02");
  assert.equal(formatUsd(123), "$0.000123");
  throwsCode(() => formatUsd(1.5), "invalid_request", { field: "micros" });
  throwsCode(() => formatUsd(-1), "invalid_request", { field: "micros" });
  throwsCode(() => formatUsd(2 ** 53), "invalid_request", { field: "micros" });
  throwsCode(() => formatUsd(NaN), "invalid_request", { field: "micros" });
  // A custom catalog, as an object.
  const cat = JSON.parse(catalogText);
  cat.version = "custom-1";
  cat.models[0].billing.input_per_million = 36000000;
  const custom = new Pricing(cat);
  assert.equal(custom.catalogVersion, "custom-1");
  assert.equal(custom.estimate({ model: "claude/opus-4-7", usage: { input_tokens: 1000000, output_tokens: 0 } }).total_micros, 36000000);
});

test("long texts (over 4,096 characters) cross exactly, ASCII or not", () => {
  // gpt/4o (seed catalog): 1,000 in at $3/1M + 1,000 out at $12/1M = 15,000 micros a record.
  const rec = (id) => ({ id, model: "gpt/4o", at: "2026-11-01T10:00:00Z", usage: { input_tokens: 1000, output_tokens: 1000 } });
  const ascii = Array.from({ length: 200 }, (_, i) => rec(`call-${i}`));
  const wide = Array.from({ length: 200 }, (_, i) => rec(`café ☕ 𝄞 ${i}`));
  for (const recs of [ascii, wide]) {
    const lines = recs.map((r) => JSON.stringify(r)).join("\n");
    assert.ok(lines.length > 4096);
    assert.equal(pricing.usage(recs).total_micros, 3000000);
    assert.equal(pricing.usage(lines).total_micros, 3000000);
    assert.equal(pricing.usage(JSON.stringify(recs)).total_micros, 3000000);
  }
  // Text past the first non-ASCII character arrives intact, and a lone surrogate as U+FFFD
  // (as wasm-bindgen's own string passing gives it).
  const bad = [...wide, { model: "café/ünknown-☕" }];
  throwsCode(() => pricing.usage(bad), "unknown_model", { model: "café/ünknown-☕" });
  const asciiLines = ascii.map((r) => JSON.stringify(r)).join("\n");
  throwsCode(() => pricing.usage(`${asciiLines}\n{"model":"x\uD800y"}`), "unknown_model", { model: "x\uFFFDy" });
  assert.equal(pricing.usage(ascii).records, 200);
});

test("the catalog's SHA-256 is the same as the server's, for the embedded and custom catalogs", () => {
  const sha = (text) => createHash("sha256").update(text, "utf8").digest("hex");
  assert.equal(pricing.catalogSha256, sha(catalogText));
  assert.equal(pricing.estimate({ model: "gpt/4o" }).catalog_sha256, sha(catalogText));
  assert.equal(pricing.usage([{ model: "gpt/4o" }]).catalog_sha256, sha(catalogText));
  // A custom catalog as text hashes its bytes (UTF-8: the catalog has an em dash); as an
  // object, its JSON.stringify text.
  const cat = JSON.parse(catalogText);
  cat.version = "hash-test-1";
  const text = JSON.stringify(cat, null, 1);
  assert.equal(new Pricing(text).catalogSha256, sha(text));
  assert.equal(new Pricing(cat).catalogSha256, sha(JSON.stringify(cat)));
  assert.notEqual(new Pricing(text).catalogSha256, pricing.catalogSha256);
});

test("estimateAll prices a list whole and names the item at fault, as the CLI does", () => {
  // gpt/4o-mini 1,001 in = 180.18 -> 180; gpt/4o 1,000 in × $3 = 3,000 + 500 out × $12 = 6,000.
  const list = [
    { model: "gpt/4o-mini", usage: { input_tokens: 1001, output_tokens: 0 } },
    { model: "gpt/4o", usage: { input_tokens: 1000, output_tokens: 500 } },
  ];
  const all = pricing.estimateAll(list);
  assert.deepEqual(all.map((e) => e.total_micros), [180, 9000]);
  assert.deepEqual(pricing.estimateAll(JSON.stringify(list)), all);
  assert.deepEqual(all[1], pricing.estimate(list[1]));
  throwsCode(() => pricing.estimateAll([list[0], { model: "gpt/4o", usage: { input_tokens: -1 } }]), "invalid_request", { field: "[1].usage.input_tokens" });
  throwsCode(() => pricing.estimateAll([list[0], { model: "gpt/40" }]), "unknown_model", { field: "[1].model" });
  throwsCode(() => pricing.estimateAll(list[0]), "invalid_request", { field: "$" });
});

test("formatUsdCents rounds half-up to the cent, for display", async () => {
  const { formatUsdCents } = await import("./load.mjs");
  // 3,600,000 micros = $3.60; 4,999 = $0.004999 -> $0.00; 5,000 = $0.005 -> $0.01 (half-up).
  assert.deepEqual([3600000, 4999, 5000, 90000, 0].map(formatUsdCents), ["$3.60", "$0.00", "$0.01", "$0.09", "$0.00"]);
  throwsCode(() => formatUsdCents(1.5), "invalid_request", { field: "micros" });
});

test("lineText: a line item's quantity and rate in words, as the engine writes them", async () => {
  const { lineText } = await import("./load.mjs");
  const e = pricing.estimate({ model: "claude/opus-4-7", usage: { input_tokens: 123456, output_tokens: 1 } });
  // Opus 4.7 (the seed): $18 / 1M input tokens, $90 / 1M output tokens.
  assert.deepEqual(e.line_items.map(lineText), [
    { quantity: "123,456 tokens", rate: "$18.00 / 1M tokens" },
    { quantity: "1 token", rate: "$90.00 / 1M tokens" },
  ]);
  assert.deepEqual(lineText({ unit: "millisecond", quantity: 12500, rate_micros: 1400, rate_per: 1000 }), { quantity: "12.5 s", rate: "$0.0014 / second" });
  assert.deepEqual(lineText({ unit: "pixel", quantity: 2097152, rate_micros: 30000, rate_per: 1000000 }), { quantity: "2.097152 MP", rate: "$0.03 / megapixel" });
  throwsCode(() => lineText({ unit: "furlong", quantity: 1, rate_micros: 1, rate_per: 1 }), "invalid_request", { field: "line.unit" });
  throwsCode(() => lineText({ unit: "token", quantity: -1, rate_micros: 1, rate_per: 1 }), "invalid_request", { field: "line.quantity" });
  throwsCode(() => lineText({ unit: "token", quantity: 1, rate_micros: 1 }), "invalid_request", { field: "line.rate_per" });
});

test("a usage tally priced in chunks equals one usage() of the whole export, with every call", async () => {
  const { readFileSync } = await import("node:fs");
  const { root } = await import("./load.mjs");
  const text = readFileSync(`${root}/www/sample-usage.jsonl`, "utf8");
  const lines = text.trimEnd().split("\n");
  const whole = pricing.usage(text);
  const tally = pricing.tally();
  let records = 0;
  const perDay = new Map();
  let calls = 0;
  for (let i = 0; i < lines.length; i += 700) {
    const part = lines.slice(i, i + 700).join("\n") + "\n";
    const chunk = tally.add(part);
    assert.equal(chunk.records, Math.min(700, lines.length - i));
    // Each record's byte range is its line (the sample is ASCII: bytes are characters).
    assert.equal(chunk.bytes, part.length);
    for (let k = 0; k < chunk.records; k++) assert.equal(part.slice(chunk.start[k], chunk.end[k]), lines[i + k]);
    assert.ok(chunk.calls.micros instanceof Float64Array);
    for (let k = 0; k < chunk.calls.record.length; k++) {
      const r = chunk.calls.record[k];
      assert.ok(r >= records && r < records + chunk.records, "records counted from the export's first");
      const day = new Date(chunk.at[r - records]).toISOString().slice(0, 10);
      // The engine's day of the record is the UTC day of its time.
      assert.equal(tally.days()[chunk.day[r - records] - 1], day);
      perDay.set(day, (perDay.get(day) ?? 0) + chunk.calls.micros[k]);
      calls++;
    }
    records += chunk.records;
  }
  assert.deepEqual(tally.finish(), whole);
  assert.equal(calls, whole.calls);
  // Each day's calls add up to the day's spend.
  for (const d of whole.by_day) assert.equal(perDay.get(d.day), d.micros, d.day);
  // A fault in a later chunk names the record and line in the whole export.
  const t2 = pricing.tally();
  t2.add('{"model":"gpt/4o"}\n{"model":"gpt/4o","project":"web"}\n');
  assert.deepEqual(t2.projects(), ["web"]);
  // A chunk that is not text (bytes, a number) is a coded error, and the tally goes on.
  for (const bad of [new TextEncoder().encode('{"model":"gpt/4o"}\n'), 42, null]) {
    throwsCode(() => t2.add(bad), "invalid_request", { field: "records" });
  }
  assert.equal(t2.add('{"model":"gpt/4o"}\n').records, 1);
  throwsCode(() => t2.add('{"model":"gpt/4o"}\n{"model":"nope/x"}\n'), "unknown_model", { field: "records[4].model" });
  throwsCode(() => t2.add('{"model":"gpt/4o"}\n'), "invalid_request", { field: "records" });
  // Ranges are of the trimmed, non-blank lines, in UTF-8 bytes; a record without a time has
  // day 0.
  const t4 = pricing.tally();
  const c4 = t4.add(' {"model":"gpt/4o","project":"é"} \r\n\n\u00a0\n{"model":"gpt/4o","at":"2026-11-30T23:59:59-01:00"}');
  assert.deepEqual([...c4.start], [1, 41]);
  assert.deepEqual([...c4.end], [34, 92]);
  assert.equal(c4.bytes, 92);
  assert.deepEqual([...c4.day], [0, 1]);
  assert.deepEqual(t4.days(), ["2026-12-01"]);
  // The whole export as one JSON array, in one chunk: each item a record at its place.
  const t5 = pricing.tally();
  const arrayText = ' [{"model":"gpt/4o","usage":{"input_tokens":1000}},\n {"model":"gpt/4o","project":"x"}]';
  const c5 = t5.add(arrayText);
  assert.equal(c5.records, 2);
  assert.deepEqual([...c5.start], [2, 53]);
  assert.deepEqual([...c5.end], [50, 85]);
  assert.deepEqual([...c5.project], [0, 1]);
  throwsCode(() => t5.add('{"model":"gpt/4o"}\n'), "invalid_request", { field: "records" });
  assert.deepEqual(t5.finish(), pricing.usage(arrayText));
  const t3 = pricing.tally();
  t3.add('{"model":"gpt/4o"}\n\n');
  const e = throwsCode(() => t3.add('{"model":"gpt/4o"}\n{"model": \n'), "invalid_request", { field: "records[2]" });
  assert.match(e.message, /\(line 4\)$/);
});

test("budgetStatus and parseUsd follow the engine's rules", async () => {
  // min($1,000, $900 − $250) = $650; thresholds $10, $50, $100 crossed.
  assert.deepEqual(pricing.budgetStatus({ balance_micros: 1_000_000_000, limit_micros: 900_000_000, spent_micros: 250_000_000 }), {
    balance_micros: 1_000_000_000, limit_micros: 900_000_000, spent_micros: 250_000_000, remaining_micros: 650_000_000,
    over_limit_micros: 0, early_charge_thresholds_crossed: [10_000_000, 50_000_000, 100_000_000],
  });
  throwsCode(() => pricing.budgetStatus({ limit_micros: 5 }), "invalid_request", { field: "budget.balance_micros" });
  const { parseUsd } = await import("./load.mjs");
  assert.equal(parseUsd("12.5"), 12_500_000);
  assert.equal(parseUsd("$0.000125"), 125);
  for (const bad of ["-1", "1,000", "0.0000001", "abc", ""]) throwsCode(() => parseUsd(bad), "invalid_request", { field: "usd" });
  // Only text: a number (an input's valueAsNumber) is refused with a code, not read as dollars.
  for (const bad of [12.5, undefined, { toString: () => "1" }]) throwsCode(() => parseUsd(bad), "invalid_request", { field: "usd" });
});

test("a prepared quote gives the estimate's total_micros, and the same coded errors", () => {
  const q = pricing.quoter({ model: "claude/opus-4-7" }, ["input_tokens", "output_tokens"]);
  assert.equal(typeof q, "function");
  // The seed's example: 1,234,567 × $18 + 89,012 × $90 per 1M = 30,233,286 micros.
  assert.equal(q(1234567, 89012), 30233286);
  for (const [i, o] of [[0, 0], [1, 1], [1001, 999], [999999, 3]]) {
    assert.equal(q(i, o), total({ model: "claude/opus-4-7", usage: { input_tokens: i, output_tokens: o } }));
  }
  // Seconds as seconds: SDXL 7.5 s × 975 micros/s = 7,312.5 -> 7,313.
  const s = pricing.quoter('{"model":"community/sdxl"}', ["seconds"]);
  assert.equal(s(7.5), 7313);
  // Finer than a millisecond rounds to the nearest, as a request's seconds do: 7.0001 s is
  // 7,000 ms, 6,825 micros.
  assert.equal(s(7.0001), 6825);
  assert.equal(s(7.0001), total({ model: "community/sdxl", usage: { seconds: 7.0001 } }));
  throwsCode(() => s(), "invalid_request", { field: "values" });
  for (const bad of [NaN, -1, 1.5, 2 ** 53, Infinity]) throwsCode(() => q(bad, 0), "invalid_request", { field: "usage.input_tokens" });
  throwsCode(() => q(0, "5"), "invalid_request", { field: "usage.output_tokens" });
  throwsCode(() => pricing.quoter({ model: "gpt/4o" }, ["tokens"]), "invalid_request", { field: "fields[0]" });
  throwsCode(() => pricing.quoter({ model: "gpt/4o" }, "input_tokens"), "invalid_request", { field: "fields" });
  throwsCode(() => pricing.quoter({ model: "nope/x" }, ["input_tokens"]), "unknown_model", { field: "model" });
  const four = pricing.quoter({ model: "openai/gpt-5" }, ["input_tokens", "output_tokens", "cached_input_tokens", "web_searches"]);
  assert.equal(four(1000, 100, 100, 1), total({ model: "openai/gpt-5", usage: { input_tokens: 1000, output_tokens: 100, cached_input_tokens: 100, web_searches: 1 } }));
  throwsCode(() => four(1, 2), "invalid_request", { field: "values" });
});

test("two instances of the engine in one process keep their own memory and names", async () => {
  const other = await secondInstance();
  const custom = JSON.parse(catalogText);
  custom.version = "second-instance";
  custom.models[0].billing.input_per_million = 36000000;
  const a = new Pricing();
  const b = new other.Pricing(JSON.stringify(custom));
  const request = { model: "claude/opus-4-7", usage: { input_tokens: 1000000, output_tokens: 0 } };
  // Interleaved, each with a first estimate after the other's: $18 and $36 per 1M input.
  for (let i = 0; i < 3; i++) {
    const ea = a.estimate(request);
    const eb = b.estimate(JSON.stringify(request));
    assert.equal(ea.total_micros, 18000000);
    assert.equal(eb.total_micros, 36000000);
    assert.equal(eb.catalog_version, "second-instance");
    assert.deepEqual(ea.line_items.map((l) => [l.item, l.unit]), [["input_tokens", "token"], ["output_tokens", "token"]]);
    assert.deepEqual(eb.line_items.map((l) => [l.item, l.unit]), [["input_tokens", "token"], ["output_tokens", "token"]]);
    const failed = b.estimate({ model: "community/sdxl", status: "failed", usage: { seconds: 2 } });
    assert.equal(failed.calls[0].status, "failed");
  }
});

test("a request whose getter makes the engine's memory grow is still read exactly", () => {
  // Pricing a large export inside the getter grows the engine's memory while the request is
  // being written into it: the written bytes are lost with the old view, so the exact way reads it.
  const big = Array.from({ length: 40000 }, (_, i) => JSON.stringify({ model: "gpt/4o", usage: { input_tokens: i, output_tokens: 1 } })).join("\n");
  const before = pricing.usage(big).total_micros;
  let calls = 0;
  const grow = {
    model: "claude/opus-4-7",
    get usage() {
      calls++;
      const p2 = new Pricing();
      assert.equal(p2.usage(big).total_micros, before);
      return { input_tokens: 1000000, output_tokens: 0 };
    },
  };
  assert.equal(pricing.estimate(grow).total_micros, 18000000);
  assert.ok(calls >= 1);
});
