// The dashboard: pricing page, live calculator and Usage tab, computed in the browser by the
// wasm engine (../pkg) from the same catalog.json the server uses (../catalog.json).
import init, { Pricing, formatUsd, formatUsdCents, isTariffError } from "../pkg/tariff.js";

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children);
  return node;
};
const SURFACES = {
  agentic: ["Agentic skills", "Per token, by the model in skill.yaml"],
  media: ["Media generation", "Per call, second, megapixel or input-conditional, by the slug passed to media.run()"],
  compute: ["Hardware-billed models", "Per second of compute on a hardware tier"],
  reference: ["Provider list prices", "For comparison: cache and long-context rates as the providers publish them"],
};

// The address as opened: the calculator rewrites it as you type.
const opened = { search: new URLSearchParams(location.search), hash: location.hash.slice(1) };

let pricing;
let listing = [];
let bySlug = new Map();

// ---------- start ----------
async function start() {
  try {
    await init();
    const res = await fetch("../catalog.json");
    if (!res.ok) throw new Error(`catalog.json: HTTP ${res.status}`);
    pricing = new Pricing(await res.text());
    listing = pricing.models();
    bySlug = new Map(listing.map((m) => [m.slug, m]));
    $("#catalog-version").textContent = pricing.catalogVersion;
    $("#status").textContent = "";
    renderPricing();
    setupCalculator();
    setupUsage();
    setupTabs();
    document.body.dataset.ready = "true";
  } catch (e) {
    $("#status").textContent = `Could not start the pricing engine: ${e.message ?? e}`;
    $("#status").classList.add("error");
  }
}

// ---------- tabs ----------
function setupTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const show = (tab, focus) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
    }
    if (focus) tab.focus();
    const panel = tab.getAttribute("aria-controls");
    if (panel === "calculator") recompute();
    else history.replaceState(null, "", `${location.pathname}#${panel}`);
  };
  tabs.forEach((t, i) => {
    t.addEventListener("click", () => show(t));
    t.addEventListener("keydown", (e) => {
      const d = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (d) show(tabs[(i + d + tabs.length) % tabs.length], true);
    });
  });
  const wanted = opened.search.has("request") ? "calculator" : opened.hash;
  show(tabs.find((t) => t.getAttribute("aria-controls") === wanted) ?? tabs[0]);
}

// ---------- pricing page ----------
function priceCell(m) {
  const b = m.billing;
  if (b.shape === "per_token") {
    // As the seed prints it: per 1M tokens, rounded to the cent.
    let text = `${cents(b.input_per_million)} input / ${cents(b.output_per_million)} output per 1M tokens`;
    for (const [key, label] of TOKEN_KINDS) {
      if (b[`${key}_per_million`] !== undefined) text += ` · ${cents(b[`${key}_per_million`])} ${label}`;
    }
    for (const t of b.context_tiers?.tiers ?? []) {
      text += ` · above ${t.above_input_tokens.toLocaleString("en")} input tokens (${b.context_tiers.mode}): ${cents(t.input_per_million)} / ${cents(t.output_per_million)}`;
    }
    return text + extrasText(b);
  }
  // Other shapes: the engine's price line, which already names fees, minimum and tiers.
  return m.price;
}

// What any shape may add to its rates: rounding, fees, a minimum, service tiers.
function extrasText(b) {
  let t = "";
  if (b.rounding) t += ` · rounded (${b.rounding.mode}) to steps of ${b.rounding.step}`;
  for (const [k, label] of [["per_request", "request"], ["per_web_search", "web search"], ["per_tool_call", "tool call"]]) {
    if (b.fees?.[k] !== undefined) t += ` · ${formatUsd(b.fees[k])} / ${label}`;
  }
  if (b.minimum_micros !== undefined) t += ` · minimum ${formatUsd(b.minimum_micros)} per call`;
  for (const [name, tier] of Object.entries(b.service_tiers ?? {})) {
    t += ` · ${name}: ${tier.percent !== undefined ? `${tier.percent}%` : "own rates"}`;
  }
  return t;
}

// Token kinds a model may price besides input and output: [rate key prefix, label].
const TOKEN_KINDS = [
  ["reasoning", "reasoning"],
  ["cached_input", "cached input"],
  ["cache_write_5m", "cache write (5 min)"],
  ["cache_write_1h", "cache write (1 h)"],
  ["image_input", "image input"],
  ["audio_input", "audio input"],
];

// Per-token prices to the cent, as the price lists print them: the engine's own rule.
const cents = formatUsdCents;

function renderPricing() {
  const root = $("#model-groups");
  root.replaceChildren();
  const groups = new Map();
  for (const m of listing) {
    if (!groups.has(m.surface)) groups.set(m.surface, new Map());
    const fam = groups.get(m.surface);
    if (!fam.has(m.family)) fam.set(m.family, []);
    fam.get(m.family).push(m);
  }
  for (const [surface, families] of groups) {
    const [title, sub] = SURFACES[surface] ?? [surface, ""];
    const section = el("section", { class: "surface", "data-surface": surface });
    section.append(el("h2", { text: title }), el("p", { class: "muted", text: sub }));
    for (const [family, models] of families) {
      const tbody = el("tbody");
      for (const m of models) {
        const badges = el("span", { class: "badges" });
        if (m.default) badges.append(el("span", { class: "badge default", text: "default" }));
        if (m.indicative) badges.append(el("span", { class: "badge indicative", title: "public list rate; the seeds give no price", text: "indicative" }));
        const row = el("tr", { "data-search": `${m.slug} ${m.name} ${m.family} ${m.provider}`.toLowerCase(), "data-slug": m.slug },
          el("td", {}, el("code", { text: m.slug })),
          el("td", { text: m.name }),
          el("td", { class: "price", text: priceCell(m) }),
          el("td", {}, badges, m.notes ? el("span", { class: "note", text: m.notes }) : "",
            ...(m.price_changes ?? []).map((c) => el("span", { class: "note change", "data-testid": "price-change",
              text: `Price changes on ${c.effective_from.slice(0, 10)}: ${c.price}` }))));
        tbody.append(row);
      }
      const table = el("table", { "aria-label": `${title}: ${family}` },
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Slug" }), el("th", { scope: "col", text: family }),
          el("th", { scope: "col", text: "Price" }), el("th", { scope: "col", text: "Notes" }))),
        tbody);
      section.append(el("div", { class: "table-wrap family", "data-family": family }, table));
    }
    root.append(section);
  }
  const hw = $("#hardware-table tbody");
  hw.replaceChildren(...pricing.hardware().map((h) => el("tr", {},
    el("td", {}, el("code", { text: h.id })), el("td", { text: h.name }),
    el("td", { class: "num", text: formatUsd(h.price_per_second_micros) }),
    el("td", { class: "num", text: formatUsd(h.price_per_hour_micros) }))));
  $("#search").addEventListener("input", (e) => {
    const q = e.target.value.trim().toLowerCase();
    for (const row of root.querySelectorAll("tr[data-search]")) row.hidden = q !== "" && !row.dataset.search.includes(q);
    for (const fam of root.querySelectorAll(".family")) fam.hidden = !fam.querySelector("tr[data-search]:not([hidden])");
    for (const s of root.querySelectorAll(".surface")) s.hidden = !s.querySelector(".family:not([hidden])");
  });
}

// ---------- calculator ----------
// The inputs a model's billing shape needs: [field path, label, kind, default, options].
function fieldsFor(m) {
  const b = m?.billing;
  const out = [];
  const count = (path, label, def) => out.push({ path, label, kind: "number", def });
  switch (b?.shape) {
    case "per_token":
      count("usage.input_tokens", "Input tokens", 10000);
      count("usage.output_tokens", "Output tokens", 2000);
      count("usage.reasoning_tokens", "Reasoning tokens", "");
      for (const [key, label] of TOKEN_KINDS.slice(1)) {
        if (b[`${key}_per_million`] !== undefined) count(`usage.${key}_tokens`, `${label[0].toUpperCase()}${label.slice(1)} tokens`, "");
      }
      break;
    case "per_unit":
      count(`usage.${b.unit}s`, `${b.unit[0].toUpperCase()}${b.unit.slice(1)}s`, 1);
      break;
    case "per_second":
      if (b.basis === "duration") count("inputs.duration", "Duration (seconds)", b.default_duration);
      else count("usage.seconds", "Run time (seconds)", b.typical_seconds);
      break;
    case "hardware":
      count("usage.seconds", `Active time on ${b.hardware} (seconds)`, b.typical_seconds);
      if (b.deployment === "private") {
        count("usage.setup_seconds", "Setup time (seconds)", 0);
        count("usage.idle_seconds", "Idle time (seconds)", 0);
      }
      break;
    case "per_megapixel":
      count("inputs.width", "Width (px)", b.default_width);
      count("inputs.height", "Height (px)", b.default_height);
      count("usage.images", "Images", 1);
      break;
    case "conditional":
      for (const d of b.inputs) {
        if (d.presence_of) out.push({ path: `inputs.${d.presence_of}`, label: `With ${d.name.replace(/_/g, " ")}`, kind: "presence" });
        else out.push({ path: `inputs.${d.name}`, label: d.name.replace(/_/g, " "), kind: "select", def: d.default, options: d.values });
      }
      if (b.per === "second") count("inputs.duration", "Duration (seconds)", b.default_duration);
      else count(`usage.${b.per}s`, `${b.per[0].toUpperCase()}${b.per.slice(1)}s`, 1);
      break;
  }
  if (b?.fees?.per_web_search !== undefined) count("usage.web_searches", "Web searches", "");
  if (b?.fees?.per_tool_call !== undefined) count("usage.tool_calls", "Tool calls", "");
  // Limits: the most the run may use of what it decides (empty: the catalog's cap, shown as
  // the placeholder). The bound prices them.
  const cap = (key) => m?.limits?.[key];
  const limit = (key, label) => out.push({ path: `limits.${key}`, label, kind: "number", def: cap(key) ?? "", placeholder: "no limit" });
  switch (b?.shape) {
    case "per_token":
      limit("output_tokens", "Max output tokens (output + reasoning)");
      limit("input_tokens", "Max prompt tokens");
      break;
    case "hardware":
      if (b.deployment === "private") limit("setup_seconds", "Max setup time (seconds)");
      limit("seconds", "Max run time (seconds)");
      if (b.deployment === "private") limit("idle_seconds", "Max idle time (seconds)");
      break;
    case "per_second":
      if (b.basis === "inference_time") limit("seconds", "Max run time (seconds)");
      break;
  }
  if (b?.fees?.per_web_search !== undefined) limit("web_searches", "Max web searches");
  if (b?.fees?.per_tool_call !== undefined) limit("tool_calls", "Max tool calls");
  const tiers = Object.keys(b?.service_tiers ?? {});
  if (tiers.length) out.push({ path: "service_tier", label: "Service tier", kind: "select", def: "standard", options: ["standard", ...tiers] });
  // A model whose price changes: price it at a chosen time (RFC 3339), or now.
  if (m?.price_changes?.length) out.push({ path: "at", label: "At (RFC 3339 time; empty: now)", kind: "number", def: "" });
  return out;
}

function errorId(path) {
  return `error-${path.replace(/[^a-z0-9_-]/gi, "-")}`;
}

function renderInputs(m, values = {}) {
  const root = $("#calc-inputs");
  root.replaceChildren();
  for (const f of fieldsFor(m)) {
    const id = `in-${f.path.replace(/\W/g, "-")}`;
    const wrap = el("div", { class: "field" });
    let control;
    const given = values[f.path];
    if (f.kind === "select") {
      control = el("select", { id, "data-path": f.path, "data-field": f.path });
      for (const v of f.options) {
        const opt = el("option", { value: JSON.stringify(v), text: String(v) });
        if (JSON.stringify(v) === JSON.stringify(given === undefined ? f.def : given)) opt.selected = true;
        control.append(opt);
      }
      wrap.append(el("label", { for: id, text: f.label }), control);
    } else if (f.kind === "presence") {
      control = el("input", { id, type: "checkbox", "data-path": f.path, "data-field": f.path, "data-kind": "presence" });
      control.checked = given !== undefined && given !== null;
      wrap.classList.add("check");
      wrap.append(control, el("label", { for: id, text: f.label }));
    } else {
      control = el("input", { id, type: "text", inputmode: "decimal", autocomplete: "off", "data-path": f.path, "data-field": f.path });
      if (f.placeholder) control.placeholder = f.placeholder;
      control.value = given === undefined ? String(f.def ?? "") : String(given);
      wrap.append(el("label", { for: id, text: f.label }), control);
    }
    wrap.append(el("p", { class: "error", id: errorId(f.path), role: "alert" }));
    root.append(wrap);
  }
}

function currentModel() {
  const slug = $("#calc-model").value.trim();
  return slug === "" ? undefined : slug;
}

// The request the form describes. Text that is not a number is passed on as text, so the
// engine names the field (never silently dropped or defaulted).
function buildRequest() {
  const req = {};
  const model = currentModel();
  if (model !== undefined) req.model = model;
  for (const c of document.querySelectorAll("#calc-inputs [data-path]")) {
    // `usage.input_tokens`, or a top-level field (`service_tier`, `at`).
    const [group, key] = c.dataset.path.split(".");
    let value;
    if (c.dataset.kind === "presence") value = c.checked ? "https://example.com/reference" : undefined;
    else if (c.tagName === "SELECT") value = JSON.parse(c.value);
    else {
      const t = c.value.trim();
      value = t === "" ? undefined : /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : t;
    }
    if (value === undefined) continue;
    if (key === undefined) req[group] = value;
    else (req[group] ??= {})[key] = value;
  }
  const status = $("#calc-status").value;
  if (status) req.status = status;
  const ds = $("#calc-downstream").value.trim();
  if (ds) {
    try {
      req.downstream = JSON.parse(ds);
    } catch (e) {
      throw { field: "downstream", message: `not valid JSON: ${e.message}` };
    }
  }
  return req;
}

function clearErrors() {
  for (const p of document.querySelectorAll("#calculator .error")) p.replaceChildren();
  for (const c of document.querySelectorAll("#calculator [aria-invalid]")) c.removeAttribute("aria-invalid");
}

function showError(field, message, suggestions) {
  // The nearest shown field: `usage.input_tokens`, else its first segment (`downstream`).
  const candidates = [field, field?.split(".")[0], field?.split("[")[0]].filter(Boolean);
  let target = null;
  for (const f of candidates) {
    target = document.getElementById(errorId(f)) ?? document.getElementById(`error-${f}`);
    if (target) break;
  }
  target ??= document.getElementById("error-model");
  target.replaceChildren(el("span", { text: message }));
  if (suggestions?.length) {
    target.append(" Did you mean ");
    suggestions.forEach((s, i) => {
      const b = el("button", { type: "button", class: "link suggestion", text: s });
      b.addEventListener("click", () => {
        $("#calc-model").value = s;
        onModelChange();
      });
      target.append(i ? ", " : "", b);
    });
    target.append("?");
  }
  const control = document.querySelector(`[data-field="${CSS.escape(candidates[0] ?? "model")}"]`);
  control?.setAttribute("aria-invalid", "true");
}

function recompute() {
  clearErrors();
  const total = $('[data-testid="estimate-total"]');
  const lines = $("#calc-lines tbody");
  let req;
  try {
    req = buildRequest();
  } catch (e) {
    showError(e.field, e.message);
    return;
  }
  const link = `${location.pathname}?request=${encodeURIComponent(JSON.stringify(req))}#calculator`;
  $("#calc-link").href = link;
  // The address follows the calculator only while it is shown.
  if (!$("#calculator").hidden) history.replaceState(null, "", link);
  try {
    const e = pricing.estimate(req);
    total.textContent = e.total_usd;
    total.dataset.micros = String(e.total_micros);
    $("#calc-micros").textContent = `${e.total_micros.toLocaleString("en")} micros`;
    lines.replaceChildren(...e.line_items.map((l) => el("tr", {},
      el("td", {}, el("code", { text: l.model })),
      el("td", { text: l.detail ? `${l.item} (${l.detail})` : l.item }),
      el("td", { class: "num", text: quantityText(l) }),
      el("td", { class: "num", text: rateText(l) }),
      el("td", { class: "num", text: formatUsd(l.micros) }))));
    $("#calc-assumptions").replaceChildren(...e.assumptions.map((a) => el("li", { text: a })));
    renderBound(e);
    renderAfford(req);
    $("#calc-model-hint").textContent = e.defaulted ? `No model given: the catalog default ${e.model} is billed.` : bySlug.get(e.model)?.price ?? "";
  } catch (err) {
    total.textContent = "—";
    total.dataset.micros = "";
    $("#calc-micros").textContent = "";
    lines.replaceChildren();
    $("#calc-assumptions").replaceChildren();
    renderBound(null);
    renderAfford(null);
    if (isTariffError(err)) showError(err.field ?? err.path, err.message, err.suggestions);
    else showError("model", String(err));
  }
}

// "up to $5.85 with 64,000 output tokens": the bound, and the maxima it priced (the engine's
// `open`), beside the known total.
const OPEN_WORDS = { input_tokens: "prompt tokens", output_tokens: "output tokens", seconds: "s of run time",
  setup_seconds: "s of setup", idle_seconds: "s idle", web_searches: "web searches", tool_calls: "tool calls" };
function openText(o) {
  const key = o.field.split("usage.").pop();
  const where = o.field.startsWith("downstream") ? ` (${o.field.slice(0, o.field.indexOf(".usage"))})` : "";
  const from = o.from === "catalog" ? ", the catalog's cap" : "";
  return `${o.max.toLocaleString("en")} ${OPEN_WORDS[key] ?? key}${where}${from}`;
}

function renderBound(e) {
  const bound = $('[data-testid="estimate-bound"]');
  const text = $("#calc-bound-text");
  if (!e || (e.bound_micros === e.total_micros && e.open.length === 0)) {
    bound.textContent = e ? "the same: nothing is left open" : "—";
    bound.dataset.micros = e ? String(e.bound_micros) : "";
    text.textContent = "";
    return;
  }
  if (e.bound_micros === null) {
    bound.textContent = "no bound";
    bound.dataset.micros = "";
    text.textContent = e.unbounded.join("; ");
    return;
  }
  bound.textContent = e.bound_usd;
  bound.dataset.micros = String(e.bound_micros);
  text.textContent = e.open.length ? `with ${e.open.map(openText).join(", ")}` : "";
}

// What the balance affords: the engine's budget check on the bound, and for each open
// quantity the largest limit that still fits (a button sets it).
function renderAfford(req) {
  const out = $('[data-testid="budget-affordable"]');
  out.replaceChildren();
  const balance = dollarsToMicros($("#calc-balance").value);
  if (!req || balance === null) return;
  let check;
  try {
    check = pricing.checkBudget(req, { balance_micros: balance });
  } catch {
    return;
  }
  out.dataset.allowed = String(check.allowed);
  out.append(el("p", { text: check.allowed
    ? `Fits: ${formatUsd(check.reserve_micros)} would be held while it runs.`
    : `Does not fit: ${check.reason}.` }));
  for (const a of check.affordable) {
    const key = a.field.replace("limits.", "");
    const line = el("p", { "data-field": a.field, "data-max": a.max === null ? "" : String(a.max) });
    if (a.max === null) line.textContent = `No ${OPEN_WORDS[key] ?? key} limit makes it fit.`;
    else {
      line.append(`The balance affords up to ${a.max.toLocaleString("en")} ${OPEN_WORDS[key] ?? key}. `);
      const input = document.querySelector(`[data-path="${CSS.escape(a.field)}"]`);
      if (input) {
        const use = el("button", { type: "button", class: "link", text: `Use ${a.max}` });
        use.addEventListener("click", () => {
          input.value = String(a.max);
          recompute();
        });
        line.append(use);
      }
    }
    out.append(line);
  }
}

function quantityText(l) {
  if (l.unit === "millisecond") return `${(l.quantity / 1000).toLocaleString("en", { maximumFractionDigits: 3 })} s`;
  if (l.unit === "pixel") return `${(l.quantity / 1e6).toLocaleString("en", { maximumFractionDigits: 6 })} MP`;
  return `${l.quantity.toLocaleString("en")} ${l.unit}${l.quantity === 1 ? "" : "s"}`;
}

function rateText(l) {
  const per = { token: "1M tokens", millisecond: "second", pixel: "megapixel" }[l.unit] ?? l.unit;
  return `${formatUsd(l.rate_micros)} / ${per}`;
}

function onModelChange(values) {
  const m = bySlug.get(currentModel() ?? pricing.defaultModel);
  renderInputs(m, values);
  recompute();
}

function setupCalculator() {
  $("#slugs").replaceChildren(...listing.map((m) => el("option", { value: m.slug, text: m.name })));
  const form = $("#calc-form");
  form.addEventListener("submit", (e) => e.preventDefault());
  $("#calc-model").addEventListener("input", () => onModelChange());
  form.addEventListener("input", (e) => {
    if (e.target.id !== "calc-model") recompute();
  });
  $("#calc-balance").addEventListener("input", () => recompute());
  form.addEventListener("change", (e) => {
    if (e.target.id !== "calc-model") recompute();
  });
  // A shared link: ?request=<URL-encoded request JSON> restores that estimate.
  const shared = opened.search.get("request");
  let req = null;
  if (shared) {
    try {
      req = JSON.parse(shared);
    } catch {
      req = null;
    }
  }
  if (req && typeof req === "object" && !Array.isArray(req)) {
    $("#calc-model").value = typeof req.model === "string" ? req.model : "";
    const values = {};
    for (const group of ["usage", "inputs", "limits"]) {
      for (const [k, v] of Object.entries(req[group] ?? {})) values[`${group}.${k}`] = v;
    }
    for (const k of ["service_tier", "at"]) if (req[k] !== undefined) values[k] = req[k];
    $("#calc-status").value = req.status ?? "";
    $("#calc-downstream").value = req.downstream ? JSON.stringify(req.downstream) : "";
    const m = bySlug.get(currentModel() ?? pricing.defaultModel);
    renderInputs(m, values);
    // Fields of the shared request that the form shows blank stay absent, as in the link.
    for (const c of document.querySelectorAll("#calc-inputs input[type=text]")) {
      if (!(c.dataset.path in values)) c.value = "";
    }
    recompute();
  } else {
    $("#calc-model").value = pricing.defaultModel;
    onModelChange();
  }
}

// ---------- usage ----------
function setupUsage() {
  const input = $("#usage-file");
  input.addEventListener("change", () => input.files[0] && loadFile(input.files[0]));
  const drop = $("#drop");
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const file = e.dataTransfer?.files?.[0];
    if (file) loadFile(file);
  });
  $("#usage-sample").addEventListener("click", async () => {
    const res = await fetch("sample-usage.jsonl");
    loadFile(new File([await res.blob()], "sample-usage.jsonl"));
  });
  for (const id of ["#budget-balance", "#budget-limit"]) $(id).addEventListener("input", renderBudget);
}

let breakdown = null;

/** Reads the file with progress, then prices it in one wasm call. */
async function loadFile(file) {
  const progress = $("#usage-progress");
  $("#usage-error").textContent = "";
  progress.hidden = false;
  progress.max = file.size || 1;
  progress.value = 0;
  try {
    const reader = file.stream().getReader();
    const decoder = new TextDecoder();
    const parts = [];
    let read = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.byteLength;
      parts.push(decoder.decode(value, { stream: true }));
      progress.value = read;
    }
    parts.push(decoder.decode());
    breakdown = pricing.usage(parts.join(""));
    renderUsage();
  } catch (e) {
    $("#usage-error").textContent = isTariffError(e) ? `${e.field ?? ""}: ${e.message}` : String(e.message ?? e);
  } finally {
    progress.hidden = true;
  }
}

const COLORS = ["#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#9ca3af"];

function renderUsage() {
  const b = breakdown;
  $("#usage-result").hidden = false;
  const total = $('[data-testid="usage-total"]');
  total.textContent = b.total_usd;
  total.dataset.micros = String(b.total_micros);
  $("#usage-calls").textContent = `${b.calls.toLocaleString("en")} (${b.free_calls} free)`;
  $("#usage-records").textContent = b.records.toLocaleString("en");
  $("#usage-models tbody").replaceChildren(...b.by_model.map((m) => el("tr", { "data-model": m.model, "data-micros": String(m.micros) },
    el("td", {}, el("code", { text: m.model })),
    el("td", { class: "num", text: m.calls.toLocaleString("en") }),
    el("td", { class: "num", text: m.free_calls.toLocaleString("en") }),
    el("td", { class: "num", text: formatUsd(m.micros) }),
    el("td", { class: "num", text: b.total_micros ? `${((100 * m.micros) / b.total_micros).toFixed(1)}%` : "—" }))));
  renderChart(b);
  renderBudget();
}

function renderChart(b) {
  const top = b.by_model.slice(0, COLORS.length - 1).map((m) => m.model);
  const series = [...top, "other"];
  const W = 720, H = 260, P = 36;
  const max = Math.max(1, ...b.by_day.map((d) => d.micros));
  const bw = (W - P - 8) / Math.max(1, b.by_day.length);
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H + 40}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Spend by day, stacked by model, ${b.by_day.length} days`);
  const ns = (tag, attrs) => {
    const n = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    return n;
  };
  svg.append(ns("line", { x1: P, y1: H, x2: W, y2: H, stroke: "#9ca3af" }));
  svg.append(Object.assign(ns("text", { x: 0, y: 12, "font-size": 11, fill: "#6b7280" }), { textContent: formatUsd(max) }));
  b.by_day.forEach((d, i) => {
    let y = H;
    const x = P + i * bw + 1;
    const parts = series.map((s) => (s === "other"
      ? d.by_model.filter((m) => !top.includes(m.model)).reduce((a, m) => a + m.micros, 0)
      : d.by_model.find((m) => m.model === s)?.micros ?? 0));
    parts.forEach((v, k) => {
      if (!v) return;
      const h = (v / max) * (H - 16);
      y -= h;
      const r = ns("rect", { x, y, width: Math.max(1, bw - 2), height: h, fill: COLORS[k] });
      r.append(Object.assign(ns("title", {}), { textContent: `${d.day} ${series[k]}: ${formatUsd(v)}` }));
      svg.append(r);
    });
    if (i % Math.ceil(b.by_day.length / 10) === 0) {
      svg.append(Object.assign(ns("text", { x, y: H + 14, "font-size": 10, fill: "#6b7280" }), { textContent: d.day.slice(5) }));
    }
  });
  const legend = el("ul", { class: "legend" }, ...series.map((s, k) => el("li", {}, el("span", { class: "swatch", style: `background:${COLORS[k]}` }), s)));
  $("#usage-chart").replaceChildren(svg, legend);
}

/** Dollars typed by a person to micros, exactly (no float arithmetic): "12.5" -> 12500000. */
function dollarsToMicros(text) {
  const m = /^\s*(\d+)(?:\.(\d{0,6}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 1e6 + Number((m[2] ?? "").padEnd(6, "0"));
}

function renderBudget() {
  if (!breakdown) return;
  const balance = dollarsToMicros($("#budget-balance").value);
  const limit = dollarsToMicros($("#budget-limit").value);
  const text = $("#budget-text");
  if (balance === null || limit === null) {
    text.textContent = "Enter the balance and the limit in dollars (up to six decimals).";
    return;
  }
  const spent = breakdown.total_micros;
  const cap = Math.min(balance, limit);
  const remaining = Math.max(0, cap - spent);
  const used = cap ? Math.min(1, spent / cap) : 1;
  const bar = $("#budget-bar");
  bar.querySelector(".used").style.width = `${(used * 100).toFixed(1)}%`;
  bar.classList.toggle("over", spent > cap);
  bar.setAttribute("aria-label", `Budget used: ${(used * 100).toFixed(1)}%`);
  const crossed = Array.from(pricing.earlyChargeThresholds).filter((t) => t <= spent);
  text.textContent = `Spent ${formatUsd(spent)} of ${formatUsd(cap)}; remaining ${formatUsd(remaining)}` +
    (spent > cap ? ` — over by ${formatUsd(spent - cap)}` : "") +
    `. Early-charge thresholds crossed: ${crossed.length ? crossed.map(formatUsd).join(", ") : "none"}.`;
}

start();
