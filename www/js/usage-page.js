// The Usage tab: an export is read and priced in the worker (progress as it goes), then the
// page shows the engine's breakdown: totals, spend by day (a chart with ticks, a value on
// hover and on keyboard focus; a bar filters the calls to its day), by model, by project
// against each project's budget (the engine's budget rules), and every billable call in a
// virtual table (filters, sorting, a job detail per call). CSV exports of each.
import { formatUsd, parseUsd } from "../../pkg/tariff.js";
import { $, el, count, download, csvLine, errorText } from "./dom.js";
import { virtualList } from "./vlist.js";
import { modelHref } from "./pricing-page.js";

// Measures text for the calls table's column widths.
const measure = document.createElement("canvas").getContext("2d");

const COLORS = ["#1d4ed8", "#15803d", "#b45309", "#b91c1c", "#6d28d9", "#0e7490", "#4b5563"];

/** A model's share of the total, to a tenth of a percent (a display figure, not money); a
 * share that rounds to nothing but is not nothing says so. */
export function share(part, total) {
  if (!total) return "—";
  const tenths = Math.round((1000 * part) / total);
  return part > 0 && tenths === 0 ? "<0.1%" : `${(tenths / 10).toFixed(1)}%`;
}

export function setupUsage(ctx) {
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  let seq = 0;
  const waiting = new Map();
  let broken = null;
  const ask = (msg) => new Promise((resolve, reject) => {
    if (broken) return reject(broken);
    const id = ++seq;
    waiting.set(id, { resolve, reject });
    worker.postMessage({ ...msg, id });
  });
  // A worker that cannot load (its script, the package) or dies fails every question asked of
  // it, and says so, rather than leaving the page waiting.
  const workerFailed = (e) => {
    e.preventDefault?.();
    broken = new Error(`the pricing worker failed: ${e.message || "it could not be loaded"}`);
    for (const w of waiting.values()) w.reject(broken);
    waiting.clear();
    progress.hidden = true;
    $("#usage-error").textContent = errorText(broken);
  };
  worker.addEventListener("error", workerFailed);
  worker.addEventListener("messageerror", workerFailed);
  /** A fault of a query after loading (a filter, the budgets) shown where the export's are. */
  const showError = (e) => ($("#usage-error").textContent = errorText(e));
  let breakdown = null;
  let hasCalls = false;
  let rows = new Map();
  let selected = 0;
  let selectionId = 0;

  const progress = $("#usage-progress");
  const progressText = $("#usage-progress-text");
  worker.onmessage = ({ data }) => {
    if (data.type === "progress") {
      progress.hidden = false;
      progress.max = data.size || 1;
      progress.value = data.read;
      progressText.textContent = `Read ${count(data.read)} of ${count(data.size)} bytes; ${count(data.records)} records priced`;
    } else if (data.type === "done") {
      progress.hidden = true;
      progressText.textContent = `${count(data.breakdown.records)} records priced in ${Math.round(data.ms)} ms (in a worker).`;
      breakdown = data.breakdown;
      hasCalls = data.calls;
      render().catch(showError);
    } else if (data.type === "error" && !data.id) {
      progress.hidden = true;
      progressText.textContent = "";
      $("#usage-error").textContent = errorText(data.error);
    } else {
      const w = waiting.get(data.id);
      if (!w) return;
      waiting.delete(data.id);
      if (data.type === "error") w.reject(data.error);
      else w.resolve(data);
    }
  };

  const start = (msg) => {
    // Everything shown so far belongs to the export being replaced: none of it stays on screen
    // (or in a CSV) if the new one fails.
    selectionId++;
    hasCalls = false;
    breakdown = null;
    $("#usage-result").hidden = true;
    rows = new Map();
    selected = 0;
    pageStart = 0;
    list.reset(0);
    limits = new Map();
    delete table.dataset.count;
    $("#usage-error").textContent = "";
    progress.hidden = false;
    progress.value = 0;
    progressText.textContent = "Reading…";
    worker.postMessage(msg);
  };
  const input = $("#usage-file");
  input.addEventListener("change", () => input.files[0] && start({ type: "load", file: input.files[0] }));
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
    if (file) start({ type: "load", file });
  });
  $("#usage-sample").addEventListener("click", () => start({ type: "load-url", url: new URL("../sample-usage.jsonl", import.meta.url).href }));
  for (const id of ["#budget-balance", "#budget-limit"]) $(id).addEventListener("input", () => renderProjects().catch(showError));

  // ---------- the calls table ----------
  const table = $("#calls");
  const list = virtualList(table, {
    rowHeight: 40,
    body: $(".vbody", table),
    renderRow(i) {
      const r = rows.get(pageStart + i);
      if (!r) {
        want();
        return el("div", { class: "vrow", role: "row", "aria-rowindex": pageStart + i + 2, "data-pending": "" }, el("span", { role: "cell", class: "muted", text: "…" }));
      }
      const a = el("a", { href: `#/jobs/record/${r.record}`, title: `Job detail of record ${r.record}` }, r.at ?? "(no time)");
      return el("div", { class: `vrow ${r.status}`, role: "row", "aria-rowindex": pageStart + i + 2, "data-record": r.record, "data-micros": String(r.micros), "data-model": r.model },
        el("span", { role: "cell" }, a),
        el("span", { role: "cell" }, el("code", { text: r.model })),
        el("span", { role: "cell", text: r.project ?? "—" }),
        el("span", { role: "cell", text: r.status }),
        el("span", { role: "cell", class: "num", text: r.usd }));
    },
  });
  let wanting = false;
  function want() {
    if (wanting) return;
    wanting = true;
    requestAnimationFrame(async () => {
      wanting = false;
      const [from, to] = list.range();
      const id = selectionId;
      const missing = [];
      for (let i = pageStart + from; i < pageStart + to; i++) if (!rows.has(i)) missing.push(i);
      if (!missing.length) return;
      try {
        const got = await ask({ type: "rows", from: missing[0], to: missing[missing.length - 1] + 1 });
        if (id !== selectionId) return;
        got.rows.forEach((r, k) => rows.set(got.from + k, r));
        list.refresh();
      } catch {
        // A new export is being read: its own selection follows.
      }
    });
  }
  // Browsers cap an element's height (about 17.9M px in Firefox): past PAGE calls the table
  // shows a page at a time.
  const PAGE = 400000;
  let pageStart = 0;
  const pager = el("p", { class: "pager", hidden: true },
    el("button", { type: "button", class: "button", "data-step": "-1", text: "← previous calls" }), " ",
    el("span", { class: "muted" }), " ",
    el("button", { type: "button", class: "button", "data-step": "1", text: "next calls →" }));
  table.after(pager);
  function showPage() {
    const n = Math.min(PAGE, selected - pageStart);
    pager.hidden = selected <= PAGE;
    $("span", pager).textContent = `calls ${count(pageStart + 1)}–${count(pageStart + n)} of ${count(selected)}`;
    list.reset(Math.max(0, n));
  }
  pager.addEventListener("click", (e) => {
    const step = Number(e.target.dataset?.step ?? 0);
    if (!step) return;
    const next = pageStart + step * PAGE;
    if (next < 0 || next >= selected) return;
    pageStart = next;
    showPage();
  });
  const filter = () => ({ model: $("#f-model").value, day: $("#f-day").value, project: $("#f-project").value, status: $("#f-status").value });
  async function reselect() {
    if (!hasCalls) return;
    const id = ++selectionId;
    const got = await ask({ type: "select", filter: filter(), sort: $("#f-sort").value });
    if (id !== selectionId) return;
    rows = new Map();
    selected = got.count;
    pageStart = 0;
    table.setAttribute("aria-rowcount", String(selected + 1));
    $("#calls-count").textContent = `${count(selected)} call${selected === 1 ? "" : "s"}`;
    table.dataset.count = String(selected);
    showPage();
  }
  for (const id of ["#f-model", "#f-day", "#f-project", "#f-status", "#f-sort"]) $(id).addEventListener("change", () => reselect().catch(showError));

  // ---------- rendering ----------
  const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));
  // Drawn in steps, each its own task, so none is long.
  async function render() {
    const b = breakdown;
    $("#usage-result").hidden = false;
    const total = $('[data-testid="usage-total"]');
    total.textContent = b.total_usd;
    total.dataset.micros = String(b.total_micros);
    $("#usage-calls").textContent = `${count(b.calls)} (${count(b.free_calls)} free)`;
    $("#usage-records").textContent = count(b.records);
    // Records without a time are in the totals but on no day: said, not left out of sight.
    const undated = $("#usage-undated");
    undated.closest(".card").hidden = b.undated_calls === 0;
    undated.textContent = `${formatUsd(b.undated_micros)} (${count(b.undated_calls)} call${b.undated_calls === 1 ? "" : "s"})`;
    undated.dataset.micros = String(b.undated_micros);
    $("#usage-models tbody").replaceChildren(...b.by_model.map((m) => el("tr", { "data-model": m.model, "data-micros": String(m.micros) },
      el("td", {}, el("a", { href: modelHref(m.model) }, el("code", { text: m.model }))),
      el("td", { class: "num", text: count(m.calls) }),
      el("td", { class: "num", text: count(m.free_calls) }),
      el("td", { class: "num", text: formatUsd(m.micros) }),
      el("td", { class: "num", text: share(m.micros, b.total_micros) }))));
    // The calls table's model and project columns, as wide as the longest name in them.
    const widest = (texts, like) => {
      measure.font = getComputedStyle(like).font;
      let w = 0;
      for (const t of texts) w = Math.max(w, measure.measureText(t).width);
      return Math.ceil(w);
    };
    table.style.setProperty("--model-w", `${widest(b.by_model.map((m) => m.model), $("#usage-models code") ?? table) + 8}px`);
    table.style.setProperty("--project-w", `${Math.max(widest(b.by_project.map((p) => p.project ?? "—"), $(".vrow.head span", table)), 60) + 8}px`);
    const options = (sel, values) => sel.replaceChildren(el("option", { value: "", text: "all" }), ...values.map(([v, t]) => el("option", { value: v, text: t })));
    options($("#f-model"), b.by_model.map((m) => [m.model, m.model]));
    options($("#f-day"), [...b.by_day.map((d) => [d.day, d.day]), ...(b.undated_calls ? [["none", "(no time)"]] : [])]);
    // `p:` before a name: no project's name can be mistaken for "none" or "all".
    options($("#f-project"), b.by_project.map((p) => [p.project === null ? "none" : `p:${p.project}`, p.project ?? "(no project)"]));
    await yieldToPage();
    renderChart(b);
    await yieldToPage();
    await renderProjects();
    await yieldToPage();
    await reselect();
  }

  // Each project's own monthly limit as typed (empty: the limit above), by project (null for
  // records without one); a new export starts without them.
  let limits = new Map();
  async function renderProjects() {
    if (!breakdown) return;
    await ctx.engine();
    const err = $("#budget-error");
    err.textContent = "";
    let balance, limit;
    try {
      balance = parseUsd($("#budget-balance").value);
      limit = parseUsd($("#budget-limit").value);
    } catch (e) {
      err.textContent = `Balance and limit: ${e.message}`;
      return;
    }
    $("#usage-projects tbody").replaceChildren(...breakdown.by_project.map((p) => projectRow(p, balance, limit)));
  }

  /** A project's row: its spend against its own limit (or the shared one), by the engine's
   * budget rules; typing its limit updates the row in place. */
  function projectRow(p, balance, shared) {
    const name = p.project ?? "(no project)";
    const input = el("input", { type: "text", inputmode: "decimal", class: "limit", value: limits.get(p.project) ?? "",
      placeholder: formatUsd(shared), "aria-label": `Monthly limit of ${name} (USD); empty for the limit above` });
    const meter = el("meter", { min: "0" });
    const over = el("span", { class: "error" });
    const remaining = el("td", { class: "num", "data-testid": "project-remaining" });
    const crossed = el("td");
    const tr = el("tr", { "data-project": name, "data-micros": String(p.micros) },
      el("th", { scope: "row", text: name }),
      el("td", { class: "num", text: count(p.records) }),
      el("td", { class: "num", text: formatUsd(p.micros) }),
      el("td", {}, input),
      el("td", {}, meter, over),
      remaining, crossed);
    const update = () => {
      limits.set(p.project, input.value);
      let limit = shared;
      try {
        if (input.value.trim() !== "") limit = parseUsd(input.value);
        input.removeAttribute("aria-invalid");
      } catch (e) {
        // No figure from a limit that is not one: the row says what is wrong instead.
        input.setAttribute("aria-invalid", "true");
        delete tr.dataset.remaining;
        delete tr.dataset.limit;
        meter.removeAttribute("value");
        over.textContent = "";
        crossed.textContent = "";
        remaining.textContent = e.message;
        return;
      }
      const s = ctx.pricing.budgetStatus({ balance_micros: balance, limit_micros: limit, spent_micros: p.micros });
      tr.dataset.remaining = String(s.remaining_micros);
      tr.dataset.limit = String(limit);
      // The meter shows spend against the limit (a meter caps its value at its max itself).
      meter.max = limit || 1;
      meter.value = p.micros;
      meter.setAttribute("aria-label", `${name}: ${formatUsd(p.micros)} of ${formatUsd(limit)}`);
      over.textContent = s.over_limit_micros ? ` over by ${formatUsd(s.over_limit_micros)}` : "";
      remaining.textContent = formatUsd(s.remaining_micros);
      crossed.textContent = s.early_charge_thresholds_crossed.length ? s.early_charge_thresholds_crossed.map(formatUsd).join(", ") : "none";
    };
    input.addEventListener("input", update);
    update();
    return tr;
  }

  function renderChart(b) {
    const top = b.by_model.slice(0, COLORS.length - 1).map((m) => m.model);
    const series = [...top, "other"];
    const W = 760, H = 240, L = 64, T = 10;
    const max = Math.max(1, ...b.by_day.map((d) => d.micros));
    // Axis ticks at a round step of dollars (the axis's scale, not a price).
    const steps = [1, 2, 5].flatMap((k) => [1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10].map((p) => k * p)).sort((x, y) => x - y);
    const step = steps.find((s) => max / s <= 5) ?? steps[steps.length - 1];
    // From $0 to the first tick at or above the dearest day, which tops the axis.
    const ticks = Array.from({ length: Math.ceil(max / step) + 1 }, (_, k) => k * step);
    const top_ = ticks[ticks.length - 1];
    const y = (v) => T + H - (v / top_) * H;
    const ns = (tag, attrs = {}, text) => {
      const n = document.createElementNS("http://www.w3.org/2000/svg", tag);
      for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
      if (text !== undefined) n.textContent = text;
      return n;
    };
    const svg = ns("svg", { viewBox: `0 0 ${W} ${H + T + 30}`, role: "group", "shape-rendering": "crispEdges", "aria-label": `Spend by day, stacked by model, ${b.by_day.length} days` });
    for (const t of ticks) {
      svg.append(ns("line", { x1: L, x2: W, y1: y(t), y2: y(t), stroke: "#e5e7eb" }));
      svg.append(ns("text", { x: L - 6, y: y(t) + 4, "text-anchor": "end", "font-size": 11, fill: "#4b5563" }, formatUsd(t)));
    }
    const bw = (W - L - 4) / Math.max(1, b.by_day.length);
    const tip = el("div", { class: "tip", role: "status", hidden: true });
    b.by_day.forEach((d, i) => {
      const x = L + 2 + i * bw;
      const g = ns("g", { class: "bar", tabindex: "0", role: "button", "data-day": d.day, "data-micros": String(d.micros),
        "aria-label": `${d.day}: ${formatUsd(d.micros)}, ${d.calls} calls. Show that day's calls.` });
      let acc = 0;
      const parts = series.map((s) => (s === "other"
        ? d.by_model.filter((m) => !top.includes(m.model))
        : d.by_model.filter((m) => m.model === s)));
      parts.forEach((ms, k) => {
        for (const m of ms) {
          const y0 = y(acc);
          acc += m.micros;
          g.append(ns("rect", { x, y: y(acc), width: Math.max(1, bw - 2), height: Math.max(0, y0 - y(acc)), fill: COLORS[k] }));
        }
      });
      g.append(ns("rect", { x, y: T, width: Math.max(1, bw - 2), height: H, fill: "transparent", class: "hit" }));
      const show = () => {
        tip.hidden = false;
        tip.replaceChildren(el("strong", { text: `${d.day}: ${formatUsd(d.micros)}` }), ` · ${count(d.calls)} calls`,
          el("br"), ...d.by_model.slice(0, 4).map((m, k) => el("span", { text: `${k ? " · " : ""}${m.model} ${formatUsd(m.micros)}` })));
      };
      g.addEventListener("mouseenter", show);
      g.addEventListener("focus", show);
      g.addEventListener("mouseleave", () => (tip.hidden = true));
      g.addEventListener("blur", () => (tip.hidden = true));
      const pick = () => {
        $("#f-day").value = d.day;
        reselect();
        $("#calls").scrollIntoView({ block: "nearest" });
      };
      g.addEventListener("click", pick);
      g.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          pick();
        }
      });
      svg.append(g);
      if (i % Math.ceil(b.by_day.length / 10) === 0) {
        svg.append(ns("text", { x, y: T + H + 16, "font-size": 11, fill: "#4b5563" }, d.day.slice(5)));
      }
    });
    const legend = el("ul", { class: "legend" }, ...series.map((s, k) => el("li", {}, el("span", { class: `swatch c${k}` }), s)));
    $("#usage-chart").replaceChildren(svg, tip, legend);
  }

  // ---------- exports ----------
  async function exportCsv(what) {
    const b = breakdown;
    if (!b) return;
    let text;
    if (what === "by_model") text = csvLine(["model", "calls", "free_calls", "micros", "usd"]) + b.by_model.map((m) => csvLine([m.model, m.calls, m.free_calls, m.micros, formatUsd(m.micros)])).join("");
    else if (what === "by_day") {
      // Calls without a time close the list with an empty day, so that its rows add up to the total.
      const undated = b.undated_calls ? [{ day: "", calls: b.undated_calls, micros: b.undated_micros }] : [];
      text = csvLine(["day", "calls", "micros", "usd"]) + [...b.by_day, ...undated].map((d) => csvLine([d.day, d.calls, d.micros, formatUsd(d.micros)])).join("");
    }
    else if (what === "by_project") text = csvLine(["project", "records", "calls", "micros", "usd"]) + b.by_project.map((p) => csvLine([p.project, p.records, p.calls, p.micros, formatUsd(p.micros)])).join("");
    else {
      try {
        text = (await ask({ type: "csv" })).text;
      } catch (e) {
        $("#usage-error").textContent = errorText(e);
        return;
      }
    }
    download(`usage-${what}.csv`, text);
  }
  for (const b of document.querySelectorAll("button.csv")) b.addEventListener("click", () => exportCsv(b.dataset.csv));

  return {
    /** The catalog's listing, from the worker. */
    listing: () => ask({ type: "listing" }),
    /** The text of record `n` of the loaded export (for its job detail). */
    recordText: async (n) => (await ask({ type: "record", record: n })).text,
    loaded: () => breakdown !== null,
    exportCsv,
  };
}
