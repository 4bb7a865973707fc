// The dashboard end to end, in Debian's headless Chromium driven by playwright-core, against
// the page served on 127.0.0.1 by scripts/serve.mjs. Figures are hand-worked or the CLI's;
// screenshots at 1280 and 390 px go to artifacts/. Speed is printed, never asserted.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync, openSync, writeSync, closeSync, statSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../../scripts/serve.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, ".tools", "package.json"));
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const artifacts = join(root, "artifacts");
mkdirSync(artifacts, { recursive: true });
const sample = join(root, "www/sample-usage.jsonl");
// The big exports the tests write (about 150 MB in all), removed when the file ends.
const scratch = mkdtempSync(join(tmpdir(), "tariff-e2e-"));

let browser, server, base, page;
before(async () => {
  ({ server, url: base } = await startServer(0));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await newPage();
});
after(async () => {
  await browser?.close();
  server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A page that records Content-Security-Policy violations and main-thread long tasks. */
async function newPage(viewport = { width: 1280, height: 900 }) {
  const p = await browser.newPage({ viewport, acceptDownloads: true });
  p.on("pageerror", (e) => assert.fail(`page error: ${e.message}`));
  await p.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const t of list.getEntries()) window.__longest = Math.max(window.__longest, t.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  return p;
}

const cli = (args, input) => JSON.parse(execFileSync(join(root, "target/release/tariff"), args, { input, maxBuffer: 1 << 28 }));
/** Micros as dollars, by the engine (`tariff format-usd`). */
const formatUsd = (micros) => execFileSync(join(root, "target/release/tariff"), ["format-usd", String(micros)]).toString().trim();

async function open(path = "", p = page) {
  await p.goto(base + path);
  await p.waitForSelector("body[data-ready=true]");
  // A route change after load (same document) needs the page shown.
  await p.waitForFunction(() => [...document.querySelectorAll("[data-page]")].some((s) => !s.hidden));
}

/** axe-core in the page: the serious and critical violations, as `rule: targets`. */
async function axe(p = page) {
  await p.evaluate(axeSource + "\n;0");
  const found = await p.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  return found;
}

/** The page fits its width: nothing wider than the viewport (tables scroll in their box). */
async function fits(p = page) {
  return p.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

/** What is cut off: an element that clips its content (hidden overflow, an ellipsis, a clamp)
 * while the content is larger than its box, or a table cell hidden by a narrow layout.
 * Content larger than a box that scrolls is not cut off: it scrolls inside its card. */
async function cutOff(p = page) {
  return p.evaluate(() => {
    const name = (e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${e.className && typeof e.className === "string" ? `.${e.className.trim().split(/\s+/).join(".")}` : ""} "${e.textContent.trim().slice(0, 40)}"`;
    const out = [];
    for (const e of document.querySelectorAll("body *")) {
      if (e.closest(".sr-only, .skip, [hidden], svg, option, select, input") || !e.getClientRects().length) continue;
      const cs = getComputedStyle(e);
      const clips = (v) => v === "hidden" || v === "clip";
      if ((clips(cs.overflowX) && e.scrollWidth > e.clientWidth + 1) || (clips(cs.overflowY) && e.scrollHeight > e.clientHeight + 1)) out.push(name(e));
    }
    for (const e of document.querySelectorAll("td, th, [role=cell], [role=columnheader]")) {
      if (!e.closest("[hidden]") && e.closest("table, [role=table]")?.getClientRects().length && getComputedStyle(e).display === "none") out.push(`hidden: ${name(e)}`);
    }
    return out.slice(0, 8);
  });
}

async function shots(name, p = page) {
  await p.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  assert.deepEqual(await cutOff(p), [], `${name}: nothing cut off at ${p.viewportSize().width} px`);
  const size = p.viewportSize();
  await p.setViewportSize({ width: 390, height: 844 });
  assert.ok(await fits(p), `${name} fits 390 px`);
  // Rows of virtual lists are drawn on the next frame after a resize.
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.deepEqual(await cutOff(p), [], `${name}: nothing cut off at 390 px`);
  assert.deepEqual(await axe(p), [], `${name}: axe at 390 px`);
  await p.screenshot({ path: join(artifacts, `${name}-phone.png`), fullPage: true });
  await p.setViewportSize(size);
  assert.ok(await fits(p), `${name} fits ${size.width} px`);
}

async function loadSample(p = page) {
  await open("#/usage", p);
  await p.setInputFiles("#usage-file", sample);
  await p.waitForFunction(() => document.querySelector('[data-testid="usage-total"]').dataset.micros !== "");
  await p.waitForFunction(() => document.getElementById("calls").dataset.count !== undefined);
}

async function downloaded(p, click) {
  const [d] = await Promise.all([p.waitForEvent("download"), click()]);
  return readFileSync(await d.path(), "utf8");
}

const csvRows = (text) => text.trim().split("\r\n").slice(1).map((l) => l.split(","));

test("the pricing page lists every model, searchable, each row linking to its page", async () => {
  await open();
  const row = (slug) => page.locator(`[data-slug="${slug}"]`);
  await page.fill("#search", "opus-4-7");
  assert.deepEqual(await row("claude/opus-4-7").locator(".price li").allInnerTexts(), ["$18.00 / 1M input tokens", "$90.00 / 1M output tokens"]);
  await page.fill("#search", "sonnet-4-6");
  assert.match(await row("claude/sonnet-4-6").innerText(), /default/);
  await page.fill("#search", "gpt-image-2");
  assert.match(await row("openai/gpt-image-2").innerText(), /indicative/);
  // Sub-cent rates exactly: GPT-5's cached input is $0.125 per 1M tokens, not "$0.13".
  await page.fill("#search", "openai/gpt-5");
  assert.match(await row("openai/gpt-5").innerText(), /\$0\.125 \/ 1M cached input tokens/);
  await page.fill("#search", "flux");
  assert.equal(await row("claude/opus-4-7").count(), 0);
  assert.equal(await row("black-forest-labs/flux-2-pro-legacy").count(), 1);
  await row("black-forest-labs/flux-2-pro-legacy").locator("a").click();
  await page.waitForFunction(() => location.hash === "#/models/black-forest-labs%2Fflux-2-pro-legacy");
  assert.match(await page.locator("#model-root").innerText(), /\$0\.02 \/ megapixel/);
  await open();
  assert.match(await page.locator("#hardware-table").innerText(), /gpu-h100-8x/);
  assert.deepEqual(await axe(), []);
  await shots("pricing");
  // The whole list, a screen at a time at phone width: every row shows all of its price lines
  // (the engine's, whole), and nothing in any row is cut off.
  const listed = new Map(cli(["models"]).map((m) => [m.slug, m.price_lines]));
  await page.setViewportSize({ width: 390, height: 844 });
  const seen = new Map();
  for (let y = 0; ; y += 400) {
    const more = await page.$eval("#model-list", (box, y) => {
      box.scrollTop = y;
      return box.scrollTop + box.clientHeight < box.scrollHeight;
    }, y);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    for (const [slug, lines] of await page.$$eval("#model-list .vitem.model", (rows) => rows.map((r) => [r.dataset.slug, [...r.querySelectorAll(".price li")].map((l) => l.textContent)]))) seen.set(slug, lines);
    assert.deepEqual(await cutOff(), [], `nothing cut off at 390 px, scrolled to ${y}`);
    if (!more) break;
  }
  assert.deepEqual(seen, listed);
  assert.ok(listed.get("openai/gpt-image-2").length >= 6, "a model with many price lines is in the list");
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("a hardware model's page: its tier, typical run, what a run costs and runs per dollar", async () => {
  // SDXL: public on gpu-l40s at $0.000975/s, typical 6 s: 6 × 975 = 5,850 micros a run;
  // $1 = 1,000,000 micros buys 1,000,000 / 5,850 = 170.9 -> 170 whole runs.
  await open(`#/models/${encodeURIComponent("community/sdxl")}`);
  assert.equal(await page.getByTestId("run-cost").getAttribute("data-micros"), "5850");
  assert.equal(await page.getByTestId("run-cost").innerText(), "$0.00585");
  assert.equal(await page.getByTestId("runs-per-dollar").innerText(), "170");
  assert.match(await page.getByTestId("deployment-rule").innerText(), /active time only/);
  assert.match(await page.locator("#model-root").innerText(), /gpu-l40s Nvidia L40S/);
  // The private Llama: 20 s on 2× A100 at $0.0028/s = 56,000 micros; 1,000,000 / 56,000 =
  // 17.9 -> 17 runs; setup, active and idle time billed.
  await open(`#/models/${encodeURIComponent("private/llama-3-70b")}`);
  assert.equal(await page.getByTestId("run-cost").getAttribute("data-micros"), "56000");
  assert.equal(await page.getByTestId("runs-per-dollar").innerText(), "17");
  assert.match(await page.getByTestId("deployment-rule").innerText(), /setup, active and idle/);
  // The inline calculator prices the model: 20 typical seconds = 56,000 micros.
  assert.equal(await page.getByTestId("model-estimate-total").getAttribute("data-micros"), "56000");
  await shots("model-hardware");
  // A fine-tune's versions, the fast-booting one labeled.
  await open(`#/models/${encodeURIComponent("finetune/flux-dev-lora")}`);
  assert.match(await page.locator('[data-version="f0e1d2c3"]').innerText(), /fast booting/);
  assert.doesNotMatch(await page.locator('[data-version="b2c4e6a8"]').innerText(), /fast booting/);
  assert.deepEqual(await axe(), []);
});

test("model pages show exact sub-cent rates, worked examples and the downstream models", async () => {
  // GPT-5's cached input is $0.125 per 1M tokens (the one-line price rounds it to $0.13).
  await open(`#/models/${encodeURIComponent("openai/gpt-5")}`);
  const lines = await page.getByTestId("price-lines").innerText();
  assert.match(lines, /\$0\.125 \/ 1M cached input tokens/);
  assert.match(lines, /\$1\.25 \/ 1M input tokens/);
  // Worked example: 1,000 × $1.25 + 500 × $10.00 per 1M = 1,250 + 5,000 = 6,250 micros.
  const first = page.getByTestId("examples").locator("tr").first().locator("td[data-micros]");
  assert.equal(await first.getAttribute("data-micros"), "6250");
  await open(`#/models/${encodeURIComponent("community/storyboard")}`);
  const text = await page.locator("#model-root").innerText();
  assert.match(text, /Downstream models/);
  assert.match(await page.locator('.downstream [data-model="claude/haiku-4-5"]').innerText(), /up to 1 call a run/);
  assert.match(await page.locator('.downstream [data-model="openai/gpt-image-2"]').innerText(), /up to 4 calls a run, each within 2 images/);
  // Its estimate is bounded from the catalog. The form gives the typical 30 s (30 × 100 =
  // 3,000); Haiku at its entry's limits: 8,000 × $0.30 + 2,000 × $1.50 per 1M + 1 micro for
  // the output/reasoning split = 5,401; GPT Image 2 at its dearest cell: 4 calls × 2 images ×
  // 250,000. Bound: 3,000 + 5,401 + 2,000,000.
  assert.equal(await page.getByTestId("model-estimate-total").getAttribute("data-micros"), "3000");
  assert.equal(await page.getByTestId("model-estimate-bound").getAttribute("data-micros"), "2008401");
  assert.deepEqual(await axe(), []);
  await shots("model-downstream");
});

test("a failed run with a downstream call: its job detail shows each call's own subtotal", async () => {
  // Storyboard failed after 12 s on CPU: 12 × 100 = 1,200. It had called GPT Image 2 for 2
  // high 1024x1024 images (2 × 167,000 = 334,000), which called Haiku 4.5 (1,000 in × $0.30 +
  // 100 out × $1.50 per 1M = 450). Total 335,650.
  const req = { model: "community/storyboard", status: "failed", usage: { seconds: 12 },
    downstream: [{ model: "openai/gpt-image-2", usage: { images: 2 },
      downstream: [{ model: "claude/haiku-4-5", usage: { input_tokens: 1000, output_tokens: 100 } }] }] };
  await open(`?request=${encodeURIComponent(JSON.stringify(req))}`);
  await page.locator("#calculator .job-link").click();
  await page.waitForSelector('[data-testid="job-total"]');
  const subtotals = await page.getByTestId("call-subtotal").evaluateAll((els) => els.map((e) => [e.dataset.path, Number(e.dataset.micros)]));
  assert.deepEqual(subtotals, [["", 1200], ["downstream[0]", 334000], ["downstream[0].downstream[0]", 450]]);
  assert.equal(await page.getByTestId("job-total").getAttribute("data-micros"), "335650");
  const rolled = await page.getByTestId("call-total").evaluateAll((els) => els.map((e) => [e.dataset.path, Number(e.dataset.micros)]));
  assert.deepEqual(rolled, [["", 335650], ["downstream[0]", 334450]]);
  // Why, in the engine's words: the 12 s it ran and the call it made before it stopped.
  assert.deepEqual(await page.locator('li.call[data-path=""] > .why li').allInnerTexts(),
    ["Billed for the 12 s it ran", "Billed for the downstream call it made before it stopped"]);
  // Each call lists its own assumptions (the image call's defaults), no other call's. (The
  // Haiku call the storyboard's catalog entry expects is made, by the image call: nothing
  // to say of it.)
  const assumed = (path) => page.locator(`li.call[data-path="${path}"] > ul.assumptions li`).allInnerTexts();
  assert.deepEqual(await assumed("downstream[0]"), ['downstream[0].inputs.quality: not given; default "high" used', 'downstream[0].inputs.size: not given; default "1024x1024" used']);
  assert.deepEqual(await assumed(""), []);
  assert.deepEqual(await assumed("downstream[0].downstream[0]"), []);
  // Each call's quantity and rate in the engine's words: 12 s at $0.0001 / second; 2 images
  // at $0.167 each; Haiku's tokens.
  const cells = (path) => page.locator(`li.call[data-path="${path}"] > .table-wrap tbody tr`).evaluateAll((rows) =>
    rows.map((r) => [...r.cells].slice(2).map((c) => c.textContent)));
  assert.deepEqual(await cells(""), [["12 s", "$0.0001 / second", "$0.0012"]]);
  assert.deepEqual(await cells("downstream[0].downstream[0]"), [["1,000 tokens", "$0.30 / 1M tokens", "$0.0003"], ["100 tokens", "$1.50 / 1M tokens", "$0.00015"]]);
  assert.deepEqual(await axe(), []);
  await shots("job-failed");
});

test("the usage tab: totals, by model and by project equal `tariff usage`; CSV exports equal the breakdown", async () => {
  const native = cli(["usage", sample]);
  await loadSample();
  assert.equal(Number(await page.getByTestId("usage-total").getAttribute("data-micros")), native.total_micros);
  const rows = await page.locator("#usage-models tbody tr").evaluateAll((trs) => trs.map((t) => [t.dataset.model, Number(t.dataset.micros)]));
  assert.deepEqual(rows, native.by_model.map((m) => [m.model, m.micros]));
  assert.equal(Number(await page.locator("#calls").getAttribute("data-count")), native.calls);
  const byModel = csvRows(await downloaded(page, () => page.click('button[data-csv="by_model"]')));
  assert.deepEqual(byModel.map((r) => [r[0], Number(r[1]), Number(r[2]), Number(r[3])]), native.by_model.map((m) => [m.model, m.calls, m.free_calls, m.micros]));
  const byDay = csvRows(await downloaded(page, () => page.click('button[data-csv="by_day"]')));
  assert.deepEqual(byDay.map((r) => [r[0], Number(r[1]), Number(r[2])]), native.by_day.map((d) => [d.day, d.calls, d.micros]));
  const byProject = csvRows(await downloaded(page, () => page.click('button[data-csv="by_project"]')));
  assert.deepEqual(byProject.map((r) => [r[0] || null, Number(r[1]), Number(r[2]), Number(r[3])]), native.by_project.map((p) => [p.project, p.records, p.calls, p.micros]));
  // Every call, as `tariff usage --calls` lists them (sorted the same way: oldest first).
  const calls = csvRows(await downloaded(page, () => page.click('button[data-csv="calls"]')));
  assert.equal(calls.length, native.calls);
  const nativeCalls = execFileSync(join(root, "target/release/tariff"), ["usage", "--calls", sample]).toString().trim().split("\n").map((l) => JSON.parse(l));
  const key = (r, micros, model) => `${r}|${model}|${micros}`;
  assert.deepEqual(calls.map((c) => key(c[0], c[5], c[2])).sort(), nativeCalls.map((c) => key(c.record, c.subtotal_micros, c.model)).sort());
  assert.deepEqual(await axe(), []);
  await shots("usage");
});

test("filtering the calls by a day (a bar of the chart) shows that day's calls, adding up to the bar", async () => {
  const native = cli(["usage", sample]);
  await loadSample();
  const day = native.by_day[7];
  const bar = page.locator(`#usage-chart g.bar[data-day="${day.day}"]`);
  assert.equal(Number(await bar.getAttribute("data-micros")), day.micros);
  // By keyboard: focus shows the day's figures, Enter filters the calls. (The mouse is moved
  // off the chart first: a bar drawn under it would show its own figures.)
  await page.mouse.move(0, 0);
  await bar.focus();
  assert.match(await page.locator("#usage-chart .tip").innerText(), new RegExp(`${day.day}: \\$`));
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.getElementById("calls").dataset.count === String(n), day.calls);
  assert.equal(await page.inputValue("#f-day"), day.day);
  const shown = csvRows(await downloaded(page, () => page.click('button[data-csv="calls"]')));
  assert.equal(shown.length, day.calls);
  assert.ok(shown.every((r) => r[1].startsWith(day.day)));
  assert.equal(shown.reduce((s, r) => s + Number(r[5]), 0), day.micros);
  // A mouse click on another bar filters to that day too; hovering shows its figures.
  const day2 = native.by_day[12];
  const bar2 = page.locator(`#usage-chart g.bar[data-day="${day2.day}"]`);
  await bar2.hover();
  assert.match(await page.locator("#usage-chart .tip").innerText(), new RegExp(`^${day2.day}: ${formatUsd(day2.micros).replace(/[$.]/g, "\\$&")} · ${day2.calls} calls`));
  await bar2.click();
  await page.waitForFunction((n) => document.getElementById("calls").dataset.count === String(n), day2.calls);
  assert.equal(await page.inputValue("#f-day"), day2.day);
  // The axis: ticks from $0.00 up, evenly spaced, the top one at or above the dearest day.
  const ticks = await page.locator("#usage-chart svg > text").evaluateAll((ts) => ts.map((t) => t.textContent).filter((t) => t.startsWith("$")));
  const tickMicros = ticks.map((t) => Math.round(Number(t.slice(1)) * 1e6));
  assert.equal(tickMicros[0], 0);
  assert.ok(tickMicros.length >= 3, ticks.join(" "));
  assert.ok(tickMicros.every((t, i) => i === 0 || t - tickMicros[i - 1] === tickMicros[1]), ticks.join(" "));
  assert.ok(tickMicros.at(-1) >= Math.max(...native.by_day.map((d) => d.micros)), ticks.join(" "));
  await bar.click();
  await page.waitForFunction((n) => document.getElementById("calls").dataset.count === String(n), day.calls);
  // A second filter narrows it; status failed shows only failed calls.
  await page.selectOption("#f-status", "1");
  await page.waitForFunction(() => document.getElementById("calls").dataset.count !== undefined);
  const failed = csvRows(await downloaded(page, () => page.click('button[data-csv="calls"]')));
  assert.ok(failed.every((r) => r[4] === "failed" && r[1].startsWith(day.day)));
  // Sorted by cost: the first row is the dearest call of the selection.
  await page.selectOption("#f-status", "");
  await page.selectOption("#f-sort", "-cost");
  await page.waitForFunction(() => document.querySelector("#calls .vbody .vrow[data-micros]"));
  const firstRow = Number(await page.locator("#calls .vbody .vrow[data-micros]").first().getAttribute("data-micros"));
  assert.equal(firstRow, Math.max(...shown.map((r) => Number(r[5]))));
  // By model and by project (all days): the calls and spend of the breakdown's rows.
  await page.selectOption("#f-day", "");
  await page.selectOption("#f-sort", "time");
  for (const m of [native.by_model[0], native.by_model.at(-1)]) {
    await page.selectOption("#f-model", m.model);
    await page.waitForFunction((n) => document.getElementById("calls").dataset.count === String(n), m.calls);
    const rows = csvRows(await downloaded(page, () => page.click('button[data-csv="calls"]')));
    assert.ok(rows.every((r) => r[2] === m.model), m.model);
    assert.equal(rows.reduce((s, r) => s + Number(r[5]), 0), m.micros, m.model);
  }
  await page.selectOption("#f-model", "");
  for (const pr of native.by_project) {
    await page.selectOption("#f-project", pr.project === null ? "none" : `p:${pr.project}`);
    await page.waitForFunction((n) => document.getElementById("calls").dataset.count === String(n), pr.calls);
    const rows = csvRows(await downloaded(page, () => page.click('button[data-csv="calls"]')));
    assert.ok(rows.every((r) => r[3] === (pr.project ?? "")), String(pr.project));
    assert.equal(rows.reduce((s, r) => s + Number(r[5]), 0), pr.micros, String(pr.project));
  }
  await page.selectOption("#f-project", "");
  await page.selectOption("#f-sort", "-cost");
  await page.waitForFunction(() => document.querySelector("#calls .vbody .vrow[data-micros]"));
  // Clicking a call opens its job detail, priced by the engine: its total is the record's.
  await page.locator("#calls .vbody .vrow a").first().click();
  await page.waitForSelector('[data-testid="job-total"]');
  const record = Number(page.url().split("#/jobs/record/")[1]);
  const line = readFileSync(sample, "utf8").trim().split("\n")[record];
  assert.equal(Number(await page.getByTestId("job-total").getAttribute("data-micros")), cli(["estimate"], line).total_micros);
  assert.deepEqual(await axe(), []);
  // An address naming no record of the export says so (never the whole file as one job).
  for (const bad of ["-1", "1.5", "abc", "99999999"]) {
    await page.evaluate((h) => (location.hash = h), `#/jobs/record/${bad}`);
    await page.waitForFunction(() => document.querySelector("#job-root .error")?.textContent.includes("not in the loaded export"));
  }
});

test("each project's remaining budget is the engine's for the same figures", async () => {
  const native = cli(["usage", sample]);
  await loadSample();
  await page.fill("#budget-balance", "250");
  await page.fill("#budget-limit", "200.5");
  await page.waitForFunction(() => document.querySelector("#usage-projects tbody tr")?.dataset.remaining !== undefined);
  const rows = await page.locator("#usage-projects tbody tr").evaluateAll((trs) => trs.map((t) => [t.dataset.project, Number(t.dataset.remaining), t.innerText]));
  assert.equal(rows.length, native.by_project.length);
  for (const [i, p] of native.by_project.entries()) {
    const s = cli(["budget-status"], JSON.stringify({ balance_micros: 250_000_000, limit_micros: 200_500_000, spent_micros: p.micros }));
    assert.equal(rows[i][0], p.project ?? "(no project)");
    assert.equal(rows[i][1], s.remaining_micros, p.project);
    for (const t of s.early_charge_thresholds_crossed) assert.ok(rows[i][2].includes(`$${t / 1e6}.00`), `${p.project} crossed ${t}`);
  }
  // A project with its own limit: web-app at $150 (the others keep $200.50).
  const web = page.locator('#usage-projects tr[data-project="web-app"]');
  await web.locator("input.limit").fill("150");
  await page.waitForFunction(() => document.querySelector('#usage-projects tr[data-project="web-app"]').dataset.limit === "150000000");
  const spentWeb = native.by_project.find((p) => p.project === "web-app").micros;
  const own = cli(["budget-status"], JSON.stringify({ balance_micros: 250_000_000, limit_micros: 150_000_000, spent_micros: spentWeb }));
  assert.equal(Number(await web.getAttribute("data-remaining")), own.remaining_micros);
  const other = native.by_project.find((p) => p.project !== "web-app");
  const shared = cli(["budget-status"], JSON.stringify({ balance_micros: 250_000_000, limit_micros: 200_500_000, spent_micros: other.micros }));
  assert.equal(Number(await page.locator(`#usage-projects tr[data-project="${other.project ?? "(no project)"}"]`).getAttribute("data-remaining")), shared.remaining_micros);
  // Typed badly, it says what is wrong instead of a figure.
  await web.locator("input.limit").fill("1,50");
  await page.waitForFunction(() => document.querySelector('#usage-projects tr[data-project="web-app"] input').getAttribute("aria-invalid") === "true");
  assert.equal(await web.getAttribute("data-remaining"), null);
  // A limit typed badly is an error naming what is wrong, not a figure.
  await page.fill("#budget-limit", "12.3456789");
  await page.waitForFunction(() => document.getElementById("budget-error").textContent.includes("six decimals"));
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
    assert.equal(await total.getAttribute("data-micros"), String(expected[i]), JSON.stringify(req));
    assert.equal(Number(await total.getAttribute("data-micros")), cli(["estimate"], JSON.stringify(req)).total_micros);
  }
  // Typing: gpt/4o-mini with 1,001 input tokens and no output = 180 micros.
  await open("#/calculator");
  await page.fill("#calc-model", "gpt/4o-mini");
  await page.fill("#calc-in-usage-input_tokens", "1001");
  await page.fill("#calc-in-usage-output_tokens", "0");
  await page.waitForFunction(() => document.querySelector('[data-testid="estimate-total"]').dataset.micros === "180");
  // The address now restores the same estimate.
  await open(page.url().slice(base.length));
  assert.equal(await page.getByTestId("estimate-total").getAttribute("data-micros"), "180");
  // A bad value is an inline error next to its field, not a price.
  await page.fill("#calc-in-usage-input_tokens", "1.5");
  await page.waitForFunction(() => document.getElementById("calc-error-usage-input_tokens").textContent.includes("fraction"));
  assert.equal(await page.getByTestId("estimate-total").getAttribute("data-micros"), "");
  // An unknown slug suggests the nearest; choosing one prices it (10,000 in at $3.60 +
  // 2,000 out at $18.00 per 1M = 72,000).
  await page.fill("#calc-model", "claude/sonet-4-7");
  const suggestion = page.locator("#calc-error-model button.suggestion").first();
  await suggestion.waitFor();
  assert.equal(await suggestion.innerText(), "claude/sonnet-4-7");
  await suggestion.click();
  await page.waitForFunction(() => document.querySelector('[data-testid="estimate-total"]').dataset.micros === "72000");
  assert.deepEqual(await axe(), []);
  await shots("calculator");
});

test("the calculator shows the bound beside the expected total, and what a balance affords", async () => {
  // Opus, 5,000 input tokens, output not given: 90,000 expected; output may reach the
  // catalog's 64,000-token cap at $90/1M, so up to 5,850,000.
  const req = { model: "claude/opus-4-7", usage: { input_tokens: 5000 } };
  await open(`#/calculator?request=${encodeURIComponent(JSON.stringify(req))}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="estimate-bound"]').dataset.micros !== "");
  assert.equal(await page.getByTestId("estimate-total").getAttribute("data-micros"), "90000");
  const bound = page.getByTestId("estimate-bound");
  assert.equal(await bound.getAttribute("data-micros"), "5850000");
  assert.equal(await bound.innerText(), "$5.85");
  assert.equal(await page.locator("#calculator .bound-text").innerText(), "with 64,000 output tokens, the catalog's cap");
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
  assert.equal(await page.inputValue("#calc-in-limits-output_tokens"), "111");
  await page.waitForFunction(() => document.querySelector('[data-testid="budget-affordable"]').dataset.allowed === "true");
  assert.match(await page.getByTestId("budget-affordable").innerText(), /Fits: \$0\.09999 would be held while it runs/);
});

test("a model page lists the price changes to come, each as exact lines", async () => {
  // Opus 4.7 gets two changes: one past (not listed: it is the price in force) and one to come.
  const doc = JSON.parse(readFileSync(join(root, "catalog.json"), "utf8"));
  const opus = doc.models.find((m) => m.slug === "claude/opus-4-7");
  opus.price_changes = [
    { effective_from: "2026-01-01T00:00:00Z", billing: { shape: "per_token", input_per_million: 18000000, output_per_million: 90000000 } },
    { effective_from: "2099-01-01T00:00:00Z", billing: { shape: "per_token", input_per_million: 12500000, output_per_million: 62500000, cached_input_per_million: 1250000 } },
  ];
  opus.billing = { shape: "per_token", input_per_million: 20000000, output_per_million: 100000000 };
  const p = await newPage();
  await p.route("**/catalog.json", (r) => r.fulfill({ contentType: "application/json", body: JSON.stringify(doc) }));
  await open(`#/models/${encodeURIComponent("claude/opus-4-7")}`, p);
  await p.waitForSelector('[data-testid="price-change"]');
  const changes = await p.getByTestId("price-change").evaluateAll((els) => els.map((e) => [e.firstChild.textContent, [...e.querySelectorAll("li")].map((l) => l.textContent)]));
  assert.deepEqual(changes, [["From 2099-01-01T00:00:00Z:", ["$12.50 / 1M input tokens", "$62.50 / 1M output tokens", "$1.25 / 1M cached input tokens"]]]);
  // The price in force is the change of 2026-01-01, not the catalog's first billing.
  assert.deepEqual(await p.getByTestId("price-lines").locator("li").allInnerTexts(), ["$18.00 / 1M input tokens", "$90.00 / 1M output tokens"]);
  assert.deepEqual(await axe(p), []);
  await p.close();
});

test("a 4,000-model catalog: the pricing page renders one screenful and finds any model", async () => {
  const doc = JSON.parse(readFileSync(join(root, "catalog.json"), "utf8"));
  for (let i = 0; doc.models.length < 4000; i++) {
    doc.models.push({ slug: `bulk/model-${i}`, name: `Bulk ${i}`, family: `Family ${i % 40}`, provider: "Bulk", surface: "reference",
      kind: "text", billing: { shape: "per_token", input_per_million: 1000 + i, output_per_million: 3000 + i } });
  }
  const p = await newPage();
  await p.route("**/catalog.json", (r) => r.fulfill({ contentType: "application/json", body: JSON.stringify(doc) }));
  const t0 = Date.now();
  await open("", p);
  const ms = Date.now() - t0;
  const rendered = await p.locator("#model-list [role=listitem]").count();
  assert.ok(rendered < 60, `rows in the page: ${rendered}`);
  await p.fill("#search", "model-3900");
  // 1,000 + 3,900 = 4,900 micros per 1M input tokens: $0.0049, exactly.
  assert.deepEqual(await p.locator('[data-slug="bulk/model-3900"] .price li').allInnerTexts(), ["$0.0049 / 1M input tokens", "$0.0069 / 1M output tokens"]);
  assert.match(await p.locator("#search-count").innerText(), /^1 of 4000 models/);
  const longest = await p.evaluate(() => window.__longest);
  console.log(`pricing page, 4,000 models: ready in ${ms} ms, ${rendered} rows in the page, longest main-thread task ${longest ? `${longest.toFixed(0)} ms` : "under 50 ms"}`);
  await p.close();
});

test("a 100,000-record export is read and priced in the worker (the page's longest task is reported)", async () => {
  const lines = readFileSync(sample, "utf8").trim().split("\n");
  const big = Array.from({ length: 100000 }, (_, i) => lines[i % lines.length]).join("\n") + "\n";
  const file = join(scratch, "usage-100k.jsonl");
  writeFileSync(file, big);
  const native = cli(["usage", file]);
  const p = await newPage();
  // The page's own thread never reads an export's bytes (only the worker does): every way of
  // reading a Blob counted.
  await p.addInitScript(() => {
    window.__read = 0;
    for (const m of ["text", "arrayBuffer", "stream", "bytes"]) {
      const f = Blob.prototype[m];
      if (f) Blob.prototype[m] = function (...a) { window.__read++; return f.apply(this, a); };
    }
    for (const m of ["readAsArrayBuffer", "readAsText", "readAsDataURL", "readAsBinaryString"]) {
      const r = FileReader.prototype[m];
      FileReader.prototype[m] = function (...a) { window.__read++; return r.apply(this, a); };
    }
    const R = window.Response;
    window.Response = function (body, init) { if (body instanceof Blob) window.__read++; return new R(body, init); };
    window.Response.prototype = R.prototype;
  });
  await open("#/usage", p);
  await p.evaluate(() => (window.__longest = 0));
  const t0 = Date.now();
  await p.setInputFiles("#usage-file", file);
  await p.waitForFunction((m) => document.querySelector('[data-testid="usage-total"]').dataset.micros === m, String(native.total_micros), { timeout: 120000 });
  await p.waitForFunction(() => document.getElementById("calls").dataset.count !== undefined);
  const elapsed = Date.now() - t0;
  // The worker priced it (its own record of what it read), not the page's thread.
  const workers = p.workers();
  assert.equal(workers.length, 1);
  const priced = await workers[0].evaluate(() => self.tariffPriced);
  assert.deepEqual(priced, { records: 100000, calls: native.calls, bytes: Buffer.byteLength(big) });
  assert.equal(await p.evaluate(() => window.__read), 0, "the page's thread read none of the export");
  assert.equal(Number(await p.locator("#calls").getAttribute("data-count")), native.calls);
  // Scrolling the calls table to its end shows the last calls.
  await p.locator("#calls").evaluate((e) => (e.scrollTop = e.scrollHeight));
  await p.waitForFunction((n) => document.querySelector(`#calls .vrow[aria-rowindex="${n + 1}"][data-micros]`), native.calls);
  const longest = await p.evaluate(() => window.__longest);
  console.log(`usage tab: 100,000 records (${(big.length / 1e6).toFixed(1)} MB) read, priced in the worker and shown in ${elapsed} ms; main-thread long tasks (over 50 ms): ${longest ? `the longest ${longest.toFixed(0)} ms` : "none"}`);
  await p.close();
});

test("an export given as one JSON array has every call too, and each call its job detail", async () => {
  const lines = readFileSync(sample, "utf8").trim().split("\n");
  const file = join(scratch, "usage-array.json");
  writeFileSync(file, `[\n${lines.join(",\n")}\n]\n`);
  const native = cli(["usage", file]);
  await open("#/usage");
  await page.setInputFiles("#usage-file", file);
  await page.waitForFunction((m) => document.querySelector('[data-testid="usage-total"]').dataset.micros === m, String(native.total_micros));
  await page.waitForFunction((n) => document.getElementById("calls").dataset.count === String(n), native.calls);
  // The dearest call's job detail: its record's own estimate.
  await page.selectOption("#f-sort", "-cost");
  await page.waitForFunction(() => document.querySelector("#calls .vbody .vrow[data-micros]"));
  await page.locator("#calls .vbody .vrow a").first().click();
  await page.waitForSelector('[data-testid="job-total"]');
  const record = Number(page.url().split("#/jobs/record/")[1]);
  assert.equal(Number(await page.getByTestId("job-total").getAttribute("data-micros")), cli(["estimate"], lines[record]).total_micros);
});

test("a 1,000,000-record export is read as a stream and priced in chunks, in bounded memory", async () => {
  // 1,000,000 records (about 100 MB): every shape of the sample month, repeated.
  const lines = readFileSync(sample, "utf8").trim().split("\n");
  const file = join(scratch, "usage-1m.jsonl");
  const out = openSync(file, "w");
  for (let i = 0; i < 1_000_000; i += 10_000) {
    writeSync(out, Array.from({ length: 10_000 }, (_, k) => lines[(i + k) % lines.length]).join("\n") + "\n");
  }
  closeSync(out);
  const size = statSync(file).size;
  const native = cli(["usage", file]);
  const p = await newPage();
  await open("#/usage", p);
  const t0 = Date.now();
  await p.setInputFiles("#usage-file", file);
  await p.waitForFunction((m) => document.querySelector('[data-testid="usage-total"]').dataset.micros === m, String(native.total_micros), { timeout: 300000 });
  await p.waitForFunction(() => document.getElementById("calls").dataset.count !== undefined);
  const elapsed = Date.now() - t0;
  // Equal to the CLI's breakdown, every call in the table (a page of it at a time).
  assert.equal(Number(await p.locator("#calls").getAttribute("data-count")), native.calls);
  assert.match(await p.locator(".pager").innerText(), /calls 1–400,000 of /);
  const worker = p.workers()[0];
  // What the worker holds: no text of the export, a few numbers per record and per call.
  const held = await worker.evaluate(() => {
    const { calls, recs } = self.tariffHeld();
    const bytes = (cols) => Object.values(cols).reduce((s, c) => s + c.a.byteLength, 0);
    return { calls: bytes(calls), records: bytes(recs) };
  });
  const heap = await p.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  const perRecord = (held.calls + held.records) / 1e6;
  console.log(`usage tab: 1,000,000 records (${(size / 1e6).toFixed(0)} MB) streamed and priced in the worker in ${elapsed} ms; the worker holds ${(held.calls / 1e6).toFixed(1)} MB of call columns and ${(held.records / 1e6).toFixed(1)} MB of record columns (${perRecord.toFixed(0)} bytes a record, the file is ${(size / 1e6).toFixed(0)} bytes a record); the page's heap ${(heap / 1e6).toFixed(1)} MB`);
  // Exactly the numbers kept: 17 bytes a call (record, model, status, cost), 32 a record
  // (time, project, day, where it is in the file).
  assert.deepEqual(held, { calls: 17 * native.calls, records: 32 * 1_000_000 });
  await p.close();
});

test("records without a time are shown and can be picked; a formula-like project is exported inert; a failed load clears the figures", async () => {
  const formula = '=HYPERLINK("http://x","a")';
  // gpt/4o at $3 and $12 per 1M tokens: 3,000 + 12,000 = 15,000 on 2 November; 6,000 and 12,000
  // without a time: 33,000 in all.
  const records = [
    { model: "gpt/4o", at: "2026-11-02T10:00:00Z", project: formula, usage: { input_tokens: 1000, output_tokens: 1000 } },
    { model: "gpt/4o", usage: { input_tokens: 2000, output_tokens: 0 } },
    { model: "gpt/4o", usage: { input_tokens: 0, output_tokens: 1000 } },
  ];
  const file = join(scratch, "undated.jsonl");
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
  await open("#/usage");
  await page.setInputFiles("#usage-file", file);
  await page.waitForFunction(() => document.querySelector('[data-testid="usage-total"]').dataset.micros === "33000");
  await page.waitForFunction(() => document.getElementById("calls").dataset.count === "3");
  const undated = page.locator("#usage-undated");
  assert.ok(await undated.isVisible());
  assert.equal(await undated.getAttribute("data-micros"), "18000");
  assert.equal(await undated.innerText(), "$0.018 (2 calls)");
  // The by-day CSV adds up to the total: the calls without a time close it with an empty day.
  const byDay = csvRows(await downloaded(page, () => page.click('button[data-csv="by_day"]')));
  assert.deepEqual(byDay.map((r) => [r[0], Number(r[1]), Number(r[2])]), [["2026-11-02", 1, 15000], ["", 2, 18000]]);
  // A spreadsheet would run the project's name as a formula: it starts with an apostrophe.
  const projects = await downloaded(page, () => page.click('button[data-csv="by_project"]'));
  assert.ok(projects.includes(`"'=HYPERLINK(""http://x"",""a"")",1,1,15000,`), projects);
  const calls = await downloaded(page, () => page.click('button[data-csv="calls"]'));
  assert.ok(calls.includes(`"'=HYPERLINK(""http://x"",""a"")"`), calls);
  // The calls without a time, picked by the day filter.
  await page.selectOption("#f-day", "none");
  await page.waitForFunction(() => document.getElementById("calls").dataset.count === "2");
  // An export that fails leaves none of the last one's figures on screen.
  const bad = join(scratch, "bad.jsonl");
  writeFileSync(bad, `${JSON.stringify(records[0])}\n{"model": \n`);
  await page.setInputFiles("#usage-file", bad);
  await page.waitForFunction(() => document.getElementById("usage-error").textContent !== "");
  assert.match(await page.locator("#usage-error").innerText(), /^records\[1\]/);
  assert.equal(await page.locator("#usage-result").isHidden(), true);
});

test("the skip link moves the focus and not the page; a shared request is priced whole; record numbers are digits", async () => {
  await open("#/usage");
  await page.focus("a.skip");
  await page.keyboard.press("Enter");
  assert.equal(new URL(page.url()).hash, "#/usage");
  assert.equal(await page.evaluate(() => document.activeElement.id), "view");
  assert.ok(await page.locator("#usage").isVisible());
  // "cancelled" is the select's "canceled": a canceled image bills nothing, as the engine says.
  const canceled = { model: "openai/gpt-image-2", status: "cancelled" };
  assert.equal(cli(["estimate"], JSON.stringify(canceled)).total_micros, 0);
  await open(`#/calculator?request=${encodeURIComponent(JSON.stringify(canceled))}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="estimate-total"]').dataset.micros === "0");
  // What the form has no control for is kept, priced and listed: an unknown status is the
  // engine's error at `status`, not a succeeded run ($0.167).
  const odd = { model: "openai/gpt-image-2", status: "paused", project: "web" };
  await open(`#/calculator?request=${encodeURIComponent(JSON.stringify(odd))}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="estimate-total"]').dataset.micros === "");
  assert.match(await page.locator("#calc-error-status").innerText(), /status/);
  assert.match(await page.getByTestId("kept").innerText(), /status, project/);
  // A status picked in the select replaces the one it could not show: failed, no image made.
  await page.selectOption("#calc-status", "failed");
  await page.waitForFunction(() => document.querySelector('[data-testid="estimate-total"]').dataset.micros === "0");
  assert.match(await page.getByTestId("kept").innerText(), /: project\. /);
  await page.selectOption("#calc-status", "");
  // Left out, the rest is priced: one high 1024x1024 image, $0.167.
  await page.getByTestId("kept").getByRole("button", { name: "leave them out" }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="estimate-total"]').dataset.micros === "167000");
  assert.ok(await page.getByTestId("kept").isHidden());
  // A presence input given as false is absent, as the engine reads it: Seedance 2 r2v, 5 s
  // without a reference video at 302,400 a second = 1,512,000.
  const noVideo = { model: "bytedance/seedance-2-r2v", inputs: { duration: 5, video_url: false } };
  await open(`#/calculator?request=${encodeURIComponent(JSON.stringify(noVideo))}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="estimate-total"]').dataset.micros === "1512000");
  assert.ok(await page.getByTestId("kept").isHidden());
  for (const n of ["0x10", "", "1e3"]) {
    await open(`#/jobs/record/${n}`);
    assert.match(await page.locator("#job-root .error").innerText(), /^record "[^"]*" is not in the loaded export: records are numbered/, n);
  }
});

test("the server answers only for the dashboard's files, and only to loopback names", async () => {
  const root = new URL("..", base);
  for (const [path, status] of [["www/", 200], ["pkg/tariff.js", 200], ["catalog.json", 200], [".git/config", 404], ["Cargo.toml", 404], ["target/", 404]]) {
    assert.equal((await fetch(new URL(path, root))).status, status, path);
  }
  const { request } = await import("node:http");
  const status = (host) => new Promise((resolve, reject) => {
    request(new URL("www/", root), { headers: { host } }, (r) => resolve(r.statusCode)).on("error", reject).end();
  });
  assert.equal(await status(`localhost:${root.port}`), 200);
  assert.equal(await status(`rebound.example:${root.port}`), 421);
});

test("no page breaks its Content-Security-Policy", async () => {
  await open();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  // The server sends the same policy as a header, with what only a header can say (framing),
  // for the page and for the worker's script.
  for (const path of ["", "js/worker.js"]) {
    const header = (await fetch(base + path)).headers.get("content-security-policy");
    assert.equal(header, `${csp}; frame-ancestors 'none'`, path);
  }
  for (const path of ["", `#/models/${encodeURIComponent("community/storyboard")}`, "#/calculator"]) {
    await open(path);
    assert.deepEqual(await page.evaluate(() => window.__csp), [], path);
  }
  await loadSample();
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
});
