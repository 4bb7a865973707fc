// A deterministic corpus of pricing requests for the native/wasm parity test: every model,
// every shape, edge values and bad inputs. `generate(n, seed)` returns
// [{ text, object }]: `text` is one JSON line; `object` says whether JSON.parse(text) is the
// same request as the text (so the wasm package can be fed the parsed object as well).
import { readFileSync } from "node:fs";
import { root } from "./load.mjs";

const shipped = JSON.parse(readFileSync(`${root}/catalog.json`, "utf8"));

function rng(seed) {
  // mulberry32: small, fast, deterministic.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ["cached_input", "cache_write_5m", "cache_write_1h", "image_input", "audio_input"];

// `catalog`: the parsed catalog the requests are for (default: the shipped one).
export function generate(n = 1500, seed = 20261122, catalog = shipped) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const int = (max) => Math.floor(r() * (max + 1));
  const chance = (p) => r() < p;
  // Counts: mostly sensible, sometimes at the edges, sometimes invalid.
  const count = () =>
    chance(0.85)
      ? pick([0, 1, 2, 7, 25, 999, 1001, int(5000), int(250000), int(5_000_000), int(2_000_000_000)])
      : pick([2 ** 53 - 1, 2 ** 53, -1, 1.5, -0, 0.5, 1e21, "12", null, true, 3.0]);
  const seconds = () =>
    chance(0.85)
      ? pick([0, 1, 2.5, 5, 8, 0.001, 0.0005, 5.0005, 12.345, 3.333, int(600) + int(999) / 1000, r() * 100])
      : pick([-1, 0.0004, 1e-7, 1e9, "5s", NaN === NaN ? 31622400 : 0, 31622401, null, false]);
  const slugs = catalog.models.map((m) => m.slug);
  const typo = (s) => {
    const i = 1 + int(s.length - 2);
    return pick([s.slice(0, i) + s.slice(i + 1), s.slice(0, i) + "x" + s.slice(i), s.toUpperCase(), s + "-v2"]);
  };

  function request(depth) {
    const m = pick(catalog.models);
    const b = m.billing;
    const req = {};
    if (chance(0.93)) req.model = m.slug;
    const usage = {};
    const inputs = {};
    switch (b.shape) {
      case "per_token":
        if (chance(0.9)) usage.input_tokens = count();
        if (chance(0.9)) usage.output_tokens = count();
        for (const k of KINDS) {
          if (chance(b[`${k}_per_million`] !== undefined ? 0.4 : 0.03)) usage[`${k}_tokens`] = count();
        }
        if (chance(0.25)) usage.reasoning_tokens = count();
        if (b.context_tiers && chance(0.5)) {
          // Around a threshold, the cached prefix sometimes taking part of it.
          const t = pick(b.context_tiers.tiers).above_input_tokens;
          const cached = usage.cached_input_tokens !== undefined && chance(0.5) ? int(t) : 0;
          if (cached) usage.cached_input_tokens = cached;
          usage.input_tokens = Math.max(0, t - cached + pick([-1, 0, 1, 5000]));
        }
        break;
      case "per_unit":
        if (chance(0.7)) usage[b.unit + "s"] = count();
        break;
      case "per_second":
        if (b.basis === "inference_time" && chance(0.8)) usage.seconds = seconds();
        if (b.basis === "duration" && chance(0.8)) inputs.duration = seconds();
        break;
      case "hardware":
        if (chance(0.8)) usage.seconds = seconds();
        if (chance(0.6)) usage.setup_seconds = seconds();
        if (chance(0.6)) usage.idle_seconds = seconds();
        break;
      case "per_megapixel":
        if (chance(0.8)) inputs.width = chance(0.9) ? 1 + int(8000) : pick([0, 100001, 1.5, "1024"]);
        if (chance(0.8)) inputs.height = chance(0.9) ? 1 + int(8000) : pick([0, -5, 2 ** 40]);
        if (chance(0.5)) usage.images = chance(0.9) ? 1 + int(8) : count();
        break;
      case "conditional":
        for (const d of b.inputs) {
          if (d.presence_of) {
            if (chance(0.5)) inputs[d.presence_of] = "https://example.com/ref.mp4";
          } else if (chance(0.75)) {
            inputs[d.name] = chance(0.9) ? pick(d.values) : pick(["ultra", 1, "HIGH", null, 2.5, false]);
          }
        }
        if (b.per === "second" && chance(0.8)) inputs.duration = seconds();
        if (b.per !== "second" && chance(0.6)) usage[b.per + "s"] = 1 + int(4);
        break;
    }
    const fees = b.fees ?? {};
    if (chance(fees.per_web_search !== undefined ? 0.4 : 0.02)) usage.web_searches = chance(0.9) ? int(20) : count();
    if (chance(fees.per_tool_call !== undefined ? 0.4 : 0.02)) usage.tool_calls = chance(0.9) ? int(20) : count();
    const tiers = Object.keys(b.service_tiers ?? {});
    if (chance(tiers.length ? 0.4 : 0.03)) req.service_tier = pick([...tiers, "standard", "turbo", ""]);
    if (m.price_changes && chance(0.6)) {
      req.at = pick([...m.price_changes.map((c) => c.effective_from), "2020-01-01T00:00:00Z", "2026-05-31T23:59:59Z"]);
    }
    if (chance(0.35)) {
      // Limits: on the quantities this shape leaves open, sometimes on others, sometimes bad
      // (negative, fractional, unknown, below what usage gives).
      const limits = {};
      const near = (v) => (typeof v === "number" && v >= 0 && chance(0.5) ? v + pick([0, 0, 1, 1000]) : count());
      if (b.shape === "per_token") {
        if (chance(0.7)) limits.output_tokens = chance(0.1) ? pick([-1, 2.5]) : near(usage.output_tokens);
        if (chance(0.3)) limits.input_tokens = near(usage.input_tokens);
        if (chance(0.15)) limits.reasoning_tokens = count();
        if (chance(0.1)) limits.cached_input_tokens = int(1000);
      }
      if (b.shape === "hardware" || b.basis === "inference_time") {
        if (chance(0.7)) limits.seconds = chance(0.1) ? pick([-1, "5"]) : pick([0.001, 1, 30, 1800, 4000, seconds()]);
        if (chance(0.3)) limits.setup_seconds = seconds();
        if (chance(0.3)) limits.idle_seconds = seconds();
      }
      if (fees.per_web_search !== undefined && chance(0.6)) limits.web_searches = int(10);
      if (fees.per_tool_call !== undefined && chance(0.6)) limits.tool_calls = int(10);
      if (chance(0.1)) limits[pick(["images", "videos", "predictions", "calls"])] = int(4);
      if (chance(0.03)) limits.max_tokens = 100;
      req.limits = chance(0.03) ? pick([5, "x", []]) : limits;
    }
    if (chance(0.15)) inputs.prompt = "a red bicycle";
    if (chance(0.1)) usage[pick(["images", "seconds", "input_tokens"])] = 0;
    if (Object.keys(usage).length || chance(0.2)) req.usage = usage;
    if (Object.keys(inputs).length) req.inputs = inputs;
    if (chance(0.15)) req.status = pick(["succeeded", "failed", "canceled", "cancelled", "done"]);
    if (chance(0.08)) req.project = pick(["web-app", "batch", "research", "web-app", "batch", "", 7]);
    if (req.at === undefined && chance(0.1)) req.at = pick(["2026-11-03T14:05:09Z", "2026-11-03T16:05:09+02:00", "2026-02-30T00:00:00Z", "yesterday"]);
    if (depth < 3 && chance(0.2)) {
      req.downstream = Array.from({ length: 1 + int(2) }, () => request(depth + 1));
    }
    return req;
  }

  const out = [];
  const add = (obj) => out.push({ text: JSON.stringify(obj), object: true });
  // Every model at least three times, with its defaults.
  for (const m of catalog.models) {
    add({ model: m.slug });
    add({ model: m.slug, status: "failed" });
    add({ model: m.slug, usage: {}, inputs: {} });
  }
  if (catalog !== shipped) {
    while (out.length < n) add(request(0));
    return out;
  }
  // Deliberately bad requests.
  for (const s of slugs.slice(0, 20)) add({ model: typo(s) });
  add({ model: "" });
  add({ model: 5 });
  add({ modle: "gpt/4o" });
  add({ model: "gpt/4o", usage: { input_token: 5 } });
  add({ model: "gpt/4o", usage: [1] });
  add({ model: "gpt/4o", inputs: "x" });
  add({ model: "gpt/4o", downstream: {} });
  add({ model: "x".repeat(300) });
  let deep = { model: "gpt/4o" };
  for (let i = 0; i < 9; i++) deep = { model: "gpt/4o", downstream: [deep] };
  add(deep);
  add(["not", "an", "object"]);
  // A string argument is JSON text to the JS API, so this one is compared as text only.
  out.push({ text: JSON.stringify("a string"), object: false });
  add(null);
  while (out.length < n) add(request(0));
  // Text-only cases: what JSON.parse would change or refuse.
  for (const text of ['{"model":"gpt/4o"', "", "   ", '{"model":"gpt/4o","usage":{"input_tokens":1.0}}',
    '{"model":"gpt/4o","usage":{"input_tokens":1e400}}', '{"model":"gpt/4o","usage":{"input_tokens":9007199254740993}}',
    '{"model":"gpt/4o","usage":{"input_tokens":1E3,"output_tokens":2.50e1}}', '{"model":"openai/gpt-image-2","inputs":{"quality":"low","size":"1024x1024"},"usage":{"images":2.0}}',
    '{"model":"gpt/4o"} trailing', '{"model":"gpt/4o","model":"gpt/4o-mini"}', '{"model":"google/veo-3-t2v","inputs":{"duration":5.0005e0}}']) {
    out.push({ text, object: false });
  }
  return out;
}
