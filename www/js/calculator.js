// The calculator: a form built from the engine's description of a model's inputs
// (`models()[i].inputs`), priced by the engine on every keystroke: the expected total, the
// bound, the line items, the assumptions and what a balance affords. Used on its own page
// (any model, the address follows the form) and inline on each model page (one model).
import { formatUsd, parseUsd, isTariffError, lineText } from "../../pkg/tariff.js";
import { $, el, errorText, count } from "./dom.js";

// Example quantities for a per-token model's first view (a form of zeros prices nothing).
const EXAMPLE = { "usage.input_tokens": 10000, "usage.output_tokens": 2000 };

const isPlain = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

export const jobHref = (req) => `#/jobs/estimate?request=${encodeURIComponent(JSON.stringify(req))}`;

/** A line-items table (its own scrolling region, reachable by keyboard). */
export function linesTable(lines, label) {
  return el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": label },
    el("table", {},
      el("thead", {}, el("tr", {}, ...["Model", "Item", "Quantity", "Rate", "Cost"].map((h, i) =>
        el("th", { scope: "col", class: i >= 2 ? "num" : "", text: h })))),
      el("tbody", {}, ...lines.map((l) => {
        // The quantity and rate in the engine's words.
        const words = lineText(l);
        return el("tr", {},
          el("td", {}, el("code", { text: l.model })),
          el("td", { text: l.detail ? `${l.item} (${l.detail})` : l.item }),
          el("td", { class: "num", text: words.quantity }),
          el("td", { class: "num", text: words.rate }),
          el("td", { class: "num", text: formatUsd(l.micros) }));
      }))));
}

const OPEN_WORDS = { input_tokens: "prompt tokens", output_tokens: "output tokens", seconds: "s of run time",
  setup_seconds: "s of setup", idle_seconds: "s idle", web_searches: "web searches", tool_calls: "tool calls" };
function openText(o) {
  const key = o.field.split("usage.").pop();
  const where = o.field.startsWith("downstream") ? ` (${o.field.slice(0, o.field.indexOf(".usage"))})` : "";
  const from = o.from === "catalog" ? ", the catalog's cap" : "";
  return `${count(o.max)} ${OPEN_WORDS[key] ?? key}${where}${from}`;
}

/**
 * Builds a calculator in `root`. `opts.id` prefixes its element ids; `opts.model` fixes the
 * model (a model page); `opts.follow` makes the address follow the form; `opts.testid`
 * prefixes test ids ("" on the calculator page).
 */
export function createCalculator(ctx, root, opts) {
  const { pricing, listing, bySlug } = ctx;
  const id = (s) => `${opts.id}-${s}`;
  const tid = (s) => `${opts.testid ?? ""}${s}`;
  const fixed = opts.model;
  const modelField = fixed ? null : el("input", { id: id("model"), name: "model", list: id("slugs"), autocomplete: "off", spellcheck: "false", "data-field": "model" });
  const form = el("form", { class: "calc-form", novalidate: true },
    fixed ? "" : el("div", { class: "field" },
      el("label", { for: id("model"), text: "Model" }), modelField,
      el("datalist", { id: id("slugs") }, ...listing.map((m) => el("option", { value: m.slug, text: m.name }))),
      el("p", { class: "hint", id: id("model-hint") }),
      el("p", { class: "error", id: id("error-model"), role: "alert" })),
    el("div", { class: "calc-inputs" }),
    el("div", { class: "field" },
      el("label", { for: id("status"), text: "Run status" }),
      el("select", { id: id("status"), "data-field": "status" },
        el("option", { value: "", text: "estimate (succeeded)" }), el("option", { value: "failed", text: "failed" }),
        el("option", { value: "canceled", text: "canceled" })),
      el("p", { class: "error", id: id("error-status"), role: "alert" })),
    el("div", { class: "field" },
      el("label", { for: id("downstream"), text: "Downstream calls (JSON array of requests, optional)" }),
      el("textarea", { id: id("downstream"), rows: "3", spellcheck: "false", "data-field": "downstream", placeholder: '[{"model": "openai/gpt-image-2"}]' }),
      el("p", { class: "error", id: id("error-downstream"), role: "alert" })),
    el("div", { class: "field kept", hidden: true }));
  // Only the figures are announced as they change, not the whole table on every key.
  const result = el("div", { class: "calc-result" },
    el("p", { class: "total", "aria-live": "polite" }, "Expected: ", el("strong", { "data-testid": tid("estimate-total"), "data-micros": "" }, "—"), " ",
      el("span", { class: "muted micros" })),
    el("p", { class: "bound" }, "Up to: ", el("strong", { "data-testid": tid("estimate-bound"), "data-micros": "" }, "—"), " ",
      el("span", { class: "muted bound-text" })),
    el("div", { class: "lines" }),
    el("ul", { class: "assumptions", "aria-label": "Assumptions" }),
    el("div", { class: "field budget-check" },
      el("label", { for: id("balance"), text: "Balance (USD): may it run?" }),
      el("input", { id: id("balance"), type: "text", inputmode: "decimal", autocomplete: "off", placeholder: "e.g. 0.10" })),
    el("div", { "data-testid": tid("budget-affordable"), "aria-live": "polite" }),
    el("p", { class: "muted" }, el("a", { class: "job-link", href: "#" }, "Job detail: the call tree and each call's subtotal"),
      opts.follow ? " · " : "", opts.follow ? el("a", { class: "share-link", href: "#" }, "share this estimate") : ""));
  root.replaceChildren(el("div", { class: "calc" }, form, result));
  const inputsBox = $(".calc-inputs", form);

  const currentSlug = () => fixed ?? (modelField.value.trim() || undefined);
  const currentModel = () => bySlug.get(currentSlug() ?? pricing.defaultModel);

  function renderInputs(values = {}, example = true) {
    const m = currentModel();
    inputsBox.replaceChildren();
    for (const f of m?.inputs ?? []) {
      const cid = id(`in-${f.field.replace(/\W/g, "-")}`);
      const wrap = el("div", { class: "field" });
      const given = values[f.field];
      let control;
      if (f.kind === "choice") {
        control = el("select", { id: cid, "data-path": f.field, "data-field": f.field });
        const chosen = JSON.stringify(given === undefined ? f.default : given);
        // A shared value the table does not list stays chosen (the engine then names it),
        // never replaced by the first option.
        const values = f.options.some((v) => JSON.stringify(v) === chosen) || given === undefined ? f.options : [...f.options, given];
        for (const v of values) {
          const opt = el("option", { value: JSON.stringify(v), text: String(v) });
          if (JSON.stringify(v) === chosen) opt.selected = true;
          control.append(opt);
        }
        wrap.append(el("label", { for: cid, text: f.label }), control);
      } else if (f.kind === "presence") {
        control = el("input", { id: cid, type: "checkbox", "data-path": f.field, "data-field": f.field, "data-kind": "presence" });
        // Absent as the engine reads it: missing, null, false or "".
        control.checked = given !== undefined && given !== null && given !== false && given !== "";
        wrap.classList.add("check");
        wrap.append(control, el("label", { for: cid, text: f.label }));
      } else {
        control = el("input", { id: cid, type: "text", inputmode: f.kind === "time" ? "text" : "decimal", autocomplete: "off", "data-path": f.field, "data-field": f.field });
        if (f.kind === "time") control.placeholder = "now";
        else if (f.optional) control.placeholder = f.default === null ? "no limit" : `${f.default} (the catalog's cap)`;
        else if (f.default !== null) control.placeholder = `${f.default} if empty`;
        const start = given !== undefined ? given : example && !f.optional ? (EXAMPLE[f.field] ?? f.default) : undefined;
        control.value = start === undefined || start === null ? "" : String(start);
        wrap.append(el("label", { for: cid, text: f.label }), control);
      }
      wrap.append(el("p", { class: "error", id: errorId(f.field), role: "alert" }));
      inputsBox.append(wrap);
    }
  }

  function errorId(path) {
    return id(`error-${path.replace(/[^a-z0-9_-]/gi, "-")}`);
  }

  // The request the form describes. Text that is not a number is passed on as text, so the
  // engine names the field (never silently dropped or defaulted).
  function buildRequest() {
    const req = {};
    const slug = currentSlug();
    if (slug !== undefined) req.model = slug;
    for (const c of inputsBox.querySelectorAll("[data-path]")) {
      const [group, key] = c.dataset.path.split(".");
      let value;
      if (c.dataset.kind === "presence") value = c.checked ? "https://example.com/reference" : undefined;
      else if (c.tagName === "SELECT") value = JSON.parse(c.value);
      else {
        const t = c.value.trim();
        value = t === "" ? undefined : /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) && key !== undefined ? Number(t) : t;
      }
      if (value === undefined || (group === "service_tier" && value === "standard")) continue;
      if (key === undefined) req[group] = value;
      else (req[group] ??= {})[key] = value;
    }
    const status = $(`#${id("status")}`, form).value;
    if (status) req.status = status;
    // What a shared request held that the form has no control for, priced as it was given.
    for (const [k, v] of Object.entries(kept)) {
      if (isPlain(v) && isPlain(req[k])) req[k] = { ...v, ...req[k] };
      else if (!(k in req)) req[k] = v;
    }
    const ds = $(`#${id("downstream")}`, form).value.trim();
    if (ds) {
      try {
        req.downstream = JSON.parse(ds);
      } catch (e) {
        throw { field: "downstream", message: `not valid JSON: ${e.message}` };
      }
    }
    return req;
  }

  function showError(field, message, suggestions) {
    const candidates = [field, field?.split(".")[0], field?.split("[")[0]].filter(Boolean);
    let target = null;
    for (const f of candidates) {
      target = root.querySelector(`#${CSS.escape(errorId(f))}`) ?? root.querySelector(`#${CSS.escape(id(`error-${f}`))}`);
      if (target) break;
    }
    target ??= root.querySelector(`#${id("error-model")}`) ?? root.querySelector(".calc-inputs .error") ?? result;
    target.replaceChildren(el("span", { text: message }));
    if (suggestions?.length && modelField) {
      target.append(" Did you mean ");
      suggestions.forEach((s, i) => {
        const b = el("button", { type: "button", class: "link suggestion", text: s });
        b.addEventListener("click", () => {
          modelField.value = s;
          onModelChange();
        });
        target.append(i ? ", " : "", b);
      });
      target.append("?");
    }
    root.querySelector(`[data-field="${CSS.escape(candidates[0] ?? "model")}"]`)?.setAttribute("aria-invalid", "true");
  }

  function recompute() {
    for (const p of root.querySelectorAll(".error")) p.replaceChildren();
    for (const c of root.querySelectorAll("[aria-invalid]")) c.removeAttribute("aria-invalid");
    const total = result.querySelector(`[data-testid="${tid("estimate-total")}"]`);
    let req;
    try {
      req = buildRequest();
    } catch (e) {
      showError(e.field, e.message);
      return;
    }
    $(".job-link", result).href = jobHref(req);
    if (opts.follow) {
      const link = `${location.pathname}#/calculator?request=${encodeURIComponent(JSON.stringify(req))}`;
      $(".share-link", result).href = link;
      if (!root.closest("[data-page]").hidden) history.replaceState(null, "", link);
    }
    try {
      const e = pricing.estimate(req);
      total.textContent = e.total_usd;
      total.dataset.micros = String(e.total_micros);
      $(".micros", result).textContent = `${count(e.total_micros)} micros`;
      $(".lines", result).replaceChildren(linesTable(e.line_items, "Line items"));
      $(".assumptions", result).replaceChildren(...e.assumptions.map((a) => el("li", { text: a })));
      renderBound(e);
      renderAfford(req);
      const hint = root.querySelector(`#${id("model-hint")}`);
      if (hint) hint.textContent = e.defaulted ? `No model given: the catalog default ${e.model} is billed.` : bySlug.get(e.model)?.price ?? "";
    } catch (err) {
      total.textContent = "—";
      total.dataset.micros = "";
      $(".micros", result).textContent = "";
      $(".lines", result).replaceChildren();
      $(".assumptions", result).replaceChildren();
      renderBound(null);
      renderAfford(null);
      if (isTariffError(err)) showError(err.field ?? err.path, err.message, err.suggestions);
      else showError("model", String(err));
    }
  }

  function renderBound(e) {
    const bound = result.querySelector(`[data-testid="${tid("estimate-bound")}"]`);
    const text = $(".bound-text", result);
    if (!e || (e.bound_micros === e.total_micros && e.open.length === 0)) {
      bound.textContent = e ? "the same: nothing is left open" : "—";
      bound.dataset.micros = e ? String(e.bound_micros) : "";
      text.textContent = "";
    } else if (e.bound_micros === null) {
      bound.textContent = "no bound";
      bound.dataset.micros = "";
      text.textContent = e.unbounded.join("; ");
    } else {
      bound.textContent = e.bound_usd;
      bound.dataset.micros = String(e.bound_micros);
      text.textContent = e.open.length ? `with ${e.open.map(openText).join(", ")}` : "with the downstream calls the catalog allows";
    }
  }

  // What the balance affords: the engine's budget check on the bound, and for each open
  // quantity the largest limit that still fits (a button sets it).
  function renderAfford(req) {
    const out = result.querySelector(`[data-testid="${tid("budget-affordable")}"]`);
    out.replaceChildren();
    const typed = root.querySelector(`#${id("balance")}`).value.trim();
    if (!req || typed === "") return;
    let balance;
    try {
      balance = parseUsd(typed);
    } catch (e) {
      out.append(el("p", { class: "error", text: `Balance ${e.message}` }));
      return;
    }
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
        line.append(`The balance affords up to ${count(a.max)} ${OPEN_WORDS[key] ?? key}. `);
        const input = root.querySelector(`[data-path="${CSS.escape(a.field)}"]`);
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

  function onModelChange() {
    renderInputs();
    recompute();
  }

  // What a shared request holds that the form shows no control for (a usage kind the model's
  // form does not list, `project`, `id`, a status spelled otherwise): kept and priced, and
  // listed with a way to leave it out, never dropped without a word.
  let kept = {};
  const keptBox = $(".kept", form);
  function keep(req, statusShown) {
    const rest = JSON.parse(JSON.stringify(req));
    delete rest.model;
    delete rest.downstream;
    if (statusShown) delete rest.status;
    for (const c of inputsBox.querySelectorAll("[data-path]")) {
      const [group, key] = c.dataset.path.split(".");
      if (key === undefined) delete rest[group];
      else if (isPlain(rest[group])) delete rest[group][key];
    }
    for (const [k, v] of Object.entries(rest)) if (isPlain(v) && Object.keys(v).length === 0) delete rest[k];
    kept = rest;
    renderKept();
  }
  function renderKept() {
    const paths = Object.entries(kept).flatMap(([k, v]) => (isPlain(v) ? Object.keys(v).map((c) => `${k}.${c}`) : [k]));
    keptBox.hidden = paths.length === 0;
    const drop = el("button", { type: "button", class: "link", text: "leave them out" });
    drop.addEventListener("click", () => {
      kept = {};
      keptBox.hidden = true;
      recompute();
    });
    keptBox.replaceChildren(el("p", { class: "hint", "data-testid": tid("kept") },
      `Also in this request, priced as given (no control here): ${paths.join(", ")}. `, drop));
  }

  modelField?.addEventListener("input", onModelChange);
  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("input", (e) => e.target !== modelField && recompute());
  form.addEventListener("change", (e) => {
    if (e.target === modelField) return;
    // A status picked in the select replaces one the link gave that it could not show.
    if (e.target.dataset.field === "status" && "status" in kept) {
      delete kept.status;
      renderKept();
    }
    recompute();
  });
  root.querySelector(`#${id("balance")}`).addEventListener("input", recompute);

  /** Opens the form on a shared request's JSON text (or on the default model). */
  function open(shared) {
    let req = null;
    keep({}, true);
    if (shared) {
      try {
        req = JSON.parse(shared);
      } catch {
        req = null;
      }
    }
    if (req && typeof req === "object" && !Array.isArray(req)) {
      if (modelField) modelField.value = typeof req.model === "string" ? req.model : "";
      const values = {};
      for (const group of ["usage", "inputs", "limits"]) {
        for (const [k, v] of Object.entries(req[group] ?? {})) values[`${group}.${k}`] = v;
      }
      for (const k of ["service_tier", "at"]) if (req[k] !== undefined) values[k] = req[k];
      // The select's spellings: "succeeded" is its empty choice, "cancelled" its "canceled".
      const statusSelect = $(`#${id("status")}`, form);
      const status = req.status === "succeeded" ? "" : req.status === "cancelled" ? "canceled" : req.status ?? "";
      statusSelect.value = status;
      $(`#${id("downstream")}`, form).value = req.downstream ? JSON.stringify(req.downstream) : "";
      renderInputs(values, false);
      keep(req, statusSelect.value === status);
    } else if (!open.done) {
      if (modelField) modelField.value = pricing.defaultModel;
      renderInputs();
    }
    open.done = true;
    recompute();
  }
  if (fixed) open(null);
  return { open, recompute, errorText };
}
