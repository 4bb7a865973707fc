// The dashboard end to end, in Debian's headless Chromium driven by playwright-core, against
// the page served on 127.0.0.1 by scripts/serve.mjs. Screenshots go to artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../../scripts/serve.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, ".tools", "package.json"));
const { chromium } = require("playwright-core");
const artifacts = join(root, "artifacts");
mkdirSync(artifacts, { recursive: true });

let browser, server, base, page;
before(async () => {
  ({ server, url: base } = await startServer(0));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (e) => assert.fail(`page error: ${e.message}`));
});
after(async () => {
  await browser?.close();
  server?.close();
});

const cli = (args, input) => JSON.parse(execFileSync(join(root, "target/release/tariff"), args, { input }));

async function open(path = "") {
  await page.goto(base + path);
  await page.waitForSelector("body[data-ready=true]");
}

test("the pricing page shows the seed prices, notes and marks", async () => {
  await open();
  const text = await page.locator("#pricing").innerText();
  for (const s of ["$3.60 input / $18.00 output per 1M tokens", "$18.00 input / $90.00 output per 1M tokens",
    "$0.18 input / $0.72 output per 1M tokens", "$0.02 / megapixel", "$0.196 / second", "$1.12 / prediction",
    "$0.008 / computing second", "$0.002 / video", "Balanced — recommended default", "gpu-h100-8x",
    "$1.40 for the first 5 s, then $0.28 / second of output", "$0.13 cached input · $0.01 / web search · batch: 50% · flex: 50% · priority: own rates",
    "$3.75 cache write (5 min) · $6.00 cache write (1 h)", "above 200,000 input tokens (cliff)"]) {
    assert.ok(text.includes(s), `pricing page shows ${s}`);
  }
  const sonnet = page.locator('tr[data-slug="claude/sonnet-4-6"]');
  assert.match(await sonnet.innerText(), /default/);
  assert.match(await page.locator('tr[data-slug="openai/gpt-image-2"]').innerText(), /indicative/);
  await page.fill("#search", "flux");
  assert.equal(await page.locator('tr[data-slug="claude/opus-4-7"]').isVisible(), false);
  assert.equal(await page.locator('tr[data-slug="black-forest-labs/flux-2-pro-legacy"]').isVisible(), true);
  await page.fill("#search", "");
  await page.screenshot({ path: join(artifacts, "pricing.png"), fullPage: true });
});

test("the calculator's totals equal the engine's micros, from a shared link and as you type", async () => {
  const cases = [
    { model: "claude/opus-4-7", usage: { input_tokens: 1234567, output_tokens: 89012 } },
    { model: "black-forest-labs/flux-2-pro-legacy", inputs: { width: 1024, height: 1024 }, usage: { images: 1 } },
    { model: "google/veo-3-t2v", inputs: { duration: 5, generate_audio: true } },
    { model: "private/llama-3-70b", usage: { setup_seconds: 30, seconds: 20.5, idle_seconds: 60 } },
    // Pricing depth: batch at 50% (625,000 + 500,000); Kling's $1.40 base for 5 s + 3 started
    // extra seconds × $0.28; cache writes (10,000 × $3.75 + 10,000 × $6 per 1M = 97,500).
    { model: "openai/gpt-5", service_tier: "batch", usage: { input_tokens: 1000000, output_tokens: 100000 } },
    { model: "kuaishou/kling-v2.1-master", inputs: { duration: 7.3 } },
    { model: "anthropic/claude-sonnet-4-5", usage: { input_tokens: 0, output_tokens: 0, cache_write_5m_tokens: 10000, cache_write_1h_tokens: 10000 } },
  ];
  const expected = [30233286, 20972, 2000000, 309400, 1125000, 2240000, 97500];
  for (const [i, req] of cases.entries()) {
    await open(`?request=${encodeURIComponent(JSON.stringify(req))}`);
    const total = page.getByTestId("estimate-total");
    assert.equal(await total.getAttribute("data-micros"), String(expected[i]));
    assert.equal(Number(await total.getAttribute("data-micros")), cli(["estimate"], JSON.stringify(req)).total_micros);
  }
  await page.screenshot({ path: join(artifacts, "calculator.png"), fullPage: true });
  // Typing: gpt/4o-mini with 1,001 input tokens and no output = 180 micros.
  await open("#calculator");
  await page.fill("#calc-model", "gpt/4o-mini");
  await page.fill("#in-usage-input_tokens", "1001");
  await page.fill("#in-usage-output_tokens", "0");
  await page.waitForFunction(() => document.querySelector('[data-testid="estimate-total"]').dataset.micros === "180");
  // The address now restores the same estimate.
  const link = page.url();
  await open(link.slice(base.length));
  assert.equal(await page.getByTestId("estimate-total").getAttribute("data-micros"), "180");
  // A bad value is an inline error next to its field, not a price.
  await page.fill("#in-usage-input_tokens", "1.5");
  await page.waitForFunction(() => document.getElementById("error-usage-input_tokens").textContent.includes("fraction"));
  assert.equal(await page.getByTestId("estimate-total").getAttribute("data-micros"), "");
});

test("an unknown slug shows the nearest slugs, and choosing one prices it", async () => {
  await open("#calculator");
  await page.fill("#calc-model", "claude/sonet-4-7");
  const suggestion = page.locator("#error-model button.suggestion").first();
  await suggestion.waitFor();
  assert.equal(await suggestion.innerText(), "claude/sonnet-4-7");
  await suggestion.click();
  await page.waitForFunction(() => document.querySelector('[data-testid="estimate-total"]').dataset.micros !== "");
  // Sonnet 4.7 defaults in the form: 10,000 in ($3.60) + 2,000 out ($18.00) = 72,000.
  assert.equal(await page.getByTestId("estimate-total").getAttribute("data-micros"), "72000");
});

test("the calculator shows the bound beside the expected total, and what a balance affords", async () => {
  // Opus, 5,000 input tokens, output not given: 90,000 expected; output may reach the
  // catalog's 64,000-token cap at $90/1M, so up to 5,850,000.
  const req = { model: "claude/opus-4-7", usage: { input_tokens: 5000 } };
  await open(`?request=${encodeURIComponent(JSON.stringify(req))}#calculator`);
  await page.waitForFunction(() => document.querySelector('[data-testid="estimate-bound"]').dataset.micros !== "");
  assert.equal(await page.getByTestId("estimate-total").getAttribute("data-micros"), "90000");
  const bound = page.getByTestId("estimate-bound");
  assert.equal(await bound.getAttribute("data-micros"), "5850000");
  assert.equal(await bound.innerText(), "$5.85");
  assert.equal(await page.locator("#calc-bound-text").innerText(), "with 64,000 output tokens, the catalog's cap");
  assert.equal(Number(await bound.getAttribute("data-micros")), cli(["estimate"], JSON.stringify(req)).bound_micros);
  // A $0.10 balance: not allowed on the bound; it affords 111 output tokens (10,000 micros
  // left after the input, 90 a token).
  await page.fill("#calc-balance", "0.10");
  const afford = page.locator('[data-testid="budget-affordable"] [data-field="limits.output_tokens"]');
  await afford.waitFor();
  assert.equal(await page.getByTestId("budget-affordable").getAttribute("data-allowed"), "false");
  assert.equal(await afford.getAttribute("data-max"), "111");
  // Using it sets the limit field: the bound is now 90,000 + 111 × 90 = 99,990, and it fits.
  await afford.locator("button").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="estimate-bound"]').dataset.micros === "99990");
  assert.equal(await page.inputValue("#in-limits-output_tokens"), "111");
  await page.waitForFunction(() => document.querySelector('[data-testid="budget-affordable"]').dataset.allowed === "true");
  assert.match(await page.getByTestId("budget-affordable").innerText(), /Fits: \$0\.09999 would be held while it runs/);
  await page.screenshot({ path: join(artifacts, "calculator-bound.png"), fullPage: true });
});

test("the usage tab's totals for the sample file equal `tariff usage`", async () => {
  const native = cli(["usage", join(root, "www/sample-usage.jsonl")]);
  await open("#usage");
  await page.setInputFiles("#usage-file", join(root, "www/sample-usage.jsonl"));
  const total = page.getByTestId("usage-total");
  await page.waitForFunction(() => document.querySelector('[data-testid="usage-total"]').dataset.micros !== "");
  assert.equal(Number(await total.getAttribute("data-micros")), native.total_micros);
  const rows = await page.locator("#usage-models tbody tr").evaluateAll((trs) => trs.map((t) => [t.dataset.model, Number(t.dataset.micros)]));
  assert.deepEqual(rows, native.by_model.map((m) => [m.model, m.micros]));
  assert.equal(await page.locator("#usage-chart svg rect").count() > native.by_day.length, true);
  assert.match(await page.locator("#budget-text").innerText(), /Early-charge thresholds crossed: \$10\.00, \$50\.00, \$100\.00, \$500\.00/);
  await page.screenshot({ path: join(artifacts, "usage.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(artifacts, "usage-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("a 100,000-record export is priced in one call (the longest pause is reported)", async () => {
  // The sample month, repeated to 100,000 records.
  const lines = readFileSync(join(root, "www/sample-usage.jsonl"), "utf8").trim().split("\n");
  const big = Array.from({ length: 100000 }, (_, i) => lines[i % lines.length]).join("\n") + "\n";
  const file = join(mkdtempSync(join(tmpdir(), "tariff-e2e-")), "usage-100k.jsonl");
  writeFileSync(file, big);
  const native = cli(["usage", file]);
  await open("#usage");
  // A timer on the page keeps ticking while the file is read and priced: the longest gap
  // between ticks is how long the page was unresponsive.
  await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    window.__timer = setInterval(() => {
      const now = performance.now();
      window.__gaps.push(now - last);
      last = now;
    }, 10);
  });
  const t0 = Date.now();
  await page.setInputFiles("#usage-file", file);
  await page.waitForFunction((m) => document.querySelector('[data-testid="usage-total"]').dataset.micros === m, String(native.total_micros), { timeout: 60000 });
  const elapsed = Date.now() - t0;
  const worst = await page.evaluate(() => {
    clearInterval(window.__timer);
    return Math.max(...window.__gaps);
  });
  assert.equal(Number(await page.getByTestId("usage-total").getAttribute("data-micros")), native.total_micros);
  console.log(`usage tab: 100,000 records (${(big.length / 1e6).toFixed(1)} MB) priced and shown in ${elapsed} ms; longest pause ${worst.toFixed(0)} ms`);
  // A figure to report, not an assertion: speed is measured, never asserted, in tests.
});
