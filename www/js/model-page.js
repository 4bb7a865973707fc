// A model's page (`#/models/<slug>`): its price in words and as exact lines, worked examples
// priced by the engine, "Run time and cost" for time- and hardware-billed models (the typical
// run, what it costs and how many runs a dollar buys), the deployment rule, the downstream
// models it calls, its versions (fast-booting ones labeled), price changes to come, and the
// calculator for it.
import { isTariffError } from "../../pkg/tariff.js";
import { el, count } from "./dom.js";
import { createCalculator, jobHref } from "./calculator.js";
import { badges, modelHref, surfaceOf } from "./pricing-page.js";

/** Two or three requests that show how the model is billed (quantities only: the engine prices them). */
export function examples(m) {
  const out = [{ text: "With nothing given (the engine's defaults and typical values)", req: { model: m.slug } }];
  const fields = new Map(m.inputs.map((f) => [f.field, f]));
  if (m.shape === "per_token") {
    out[0] = { text: "1,000 input and 500 output tokens", req: { model: m.slug, usage: { input_tokens: 1000, output_tokens: 500 } } };
    out.push({ text: "100,000 input and 10,000 output tokens", req: { model: m.slug, usage: { input_tokens: 100000, output_tokens: 10000 } } });
    if (fields.has("usage.cached_input_tokens")) {
      out.push({ text: "the same with 80,000 of the input read from the cache",
        req: { model: m.slug, usage: { input_tokens: 20000, cached_input_tokens: 80000, output_tokens: 10000 } } });
    }
    return out;
  }
  const usage = {};
  const inputs = {};
  for (const f of m.inputs) {
    const [group, key] = f.field.split(".");
    if (f.optional || key === undefined) continue;
    if (f.kind === "seconds" && typeof f.default === "number") (group === "usage" ? usage : inputs)[key] = f.default * 4;
    else if (f.kind === "count" && group === "usage" && typeof f.default === "number") usage[key] = f.default * 4;
  }
  const bigger = { model: m.slug };
  if (Object.keys(usage).length) bigger.usage = usage;
  if (Object.keys(inputs).length) bigger.inputs = inputs;
  out.push({ text: `Four times as much (${[...Object.entries(usage), ...Object.entries(inputs)].map(([k, v]) => `${k.replace(/_/g, " ")}: ${v}`).join(", ")})`, req: bigger });
  const choice = m.inputs.find((f) => f.kind === "choice" && f.field.startsWith("inputs."));
  if (choice) {
    const last = choice.options[choice.options.length - 1];
    out.push({ text: `With ${choice.label.toLowerCase()} ${last}`, req: { model: m.slug, inputs: { [choice.field.slice(7)]: last } } });
  }
  return out;
}

let calculators = 0;

export function renderModelPage(ctx, root, slug) {
  const { pricing, bySlug } = ctx;
  const m = bySlug.get(slug);
  if (!m) {
    let hint = "";
    try {
      pricing.estimate({ model: slug });
    } catch (e) {
      if (isTariffError(e) && e.suggestions?.length) hint = ` Did you mean ${e.suggestions.join(", ")}?`;
    }
    root.replaceChildren(el("h2", { id: "model-title", text: "No such model" }),
      el("p", { text: `The catalog has no model ${JSON.stringify(slug)}.${hint}` }));
    return;
  }
  const [surfaceTitle] = surfaceOf(m.surface);
  const section = (title, ...body) => el("section", { class: "model-section" }, el("h3", { text: title }), ...body);

  // Worked examples, priced by the engine.
  const rows = examples(m).map(({ text, req }) => {
    let cell;
    try {
      const e = pricing.estimate(req);
      cell = el("td", { class: "num", "data-micros": String(e.total_micros) },
        el("a", { href: jobHref(req), text: e.total_usd }));
    } catch (e) {
      cell = el("td", { class: "error", text: e.message });
    }
    return el("tr", {}, el("td", { text: text }), cell);
  });

  const parts = [
    el("h2", { id: "model-title" }, m.name, " ", el("code", { text: m.slug })),
    el("p", {}, badges(m), el("span", { class: "muted", text: `${m.family} · ${m.provider} · ${surfaceTitle}` })),
    m.notes ? el("p", { class: "note", text: m.notes }) : "",
    section("Pricing",
      el("p", { class: "price-words", text: m.price }),
      el("ul", { class: "price-lines", "data-testid": "price-lines" }, ...m.price_lines.map((l) => el("li", { text: l }))),
      m.downstream?.length ? el("div", { class: "downstream" },
        el("h4", { text: "Downstream models" }),
        el("p", { class: "muted", text: "A run of this model calls these models; each call is billed on top, under its own model, and a failed run still pays for the calls it made before it failed." }),
        el("ul", {}, ...m.downstream.map((d) => el("li", { "data-model": d.model },
          el("a", { href: modelHref(d.model) }, el("code", { text: d.model })),
          d.max_calls === null ? " (no most given: an estimate has no bound)" : ` up to ${count(d.max_calls)} call${d.max_calls === 1 ? "" : "s"} a run`,
          d.limits ? `, each within ${Object.entries(d.limits).map(([k, v]) => `${count(v)} ${k.replace(/_/g, " ")}`).join(", ")}` : "")))) : "",
      m.price_changes?.length ? el("div", { class: "changes" }, el("h4", { text: "Price changes to come" }),
        el("ul", {}, ...m.price_changes.map((c) => el("li", { "data-testid": "price-change" }, `From ${c.effective_from}:`,
          el("ul", { class: "price-lines" }, ...c.price_lines.map((l) => el("li", { text: l }))))))) : ""),
  ];
  if (m.typical_run) {
    const run = m.typical_run;
    const tier = pricing.hardware().find((h) => h.id === run.hardware);
    parts.push(section("Run time and cost",
      el("dl", { class: "facts" },
        tier ? el("div", {}, el("dt", { text: "Hardware" }), el("dd", {}, el("code", { text: tier.id }), ` ${tier.name}, ${tier.per_second} (${tier.per_hour})`)) : "",
        el("div", {}, el("dt", { text: "Typical run time" }), el("dd", { text: `${run.seconds} s` })),
        el("div", {}, el("dt", { text: "Cost of a typical run" }), el("dd", {}, el("strong", { "data-testid": "run-cost", "data-micros": String(run.micros), text: run.usd }))),
        el("div", {}, el("dt", { text: "Typical runs for $1" }), el("dd", {}, el("strong", { "data-testid": "runs-per-dollar", text: run.runs_per_dollar === null ? "unlimited" : count(run.runs_per_dollar) })))),
      m.deployment_rule ? el("p", { class: "rule", "data-testid": "deployment-rule", text: m.deployment_rule }) : ""));
  }
  if (m.versions?.length) {
    parts.push(section("Versions",
      el("ul", { class: "versions" }, ...m.versions.map((v) => el("li", { "data-version": v.id },
        el("code", { text: v.id }), ` created ${v.created.slice(0, 10)} `,
        v.fast_booting ? el("span", { class: "badge fast", text: "fast booting" }) : "")))));
  }
  parts.push(section("Worked examples",
    el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Worked examples" },
      el("table", {}, el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Request" }), el("th", { scope: "col", class: "num", text: "Cost" }))),
        el("tbody", { "data-testid": "examples" }, ...rows)))));
  const calc = el("div", { class: "model-calc" });
  parts.push(section("Estimate a run", calc));
  root.replaceChildren(...parts);
  createCalculator(ctx, calc, { id: `m${++calculators}`, model: m.slug, testid: "model-" });
}
