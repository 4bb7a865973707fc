// The job detail (`#/jobs/record/<n>`: record n of the loaded export; `#/jobs/estimate?request=…`:
// the calculator's request): the call tree, the root and each downstream call with its own
// line items and subtotal, the rolled-up total, the assumptions, and for a failed run what
// was billed and why. Everything is the engine's estimate of that one request.
import { formatUsd, isTariffError } from "../../pkg/tariff.js";
import { el, errorText, count } from "./dom.js";
import { linesTable } from "./calculator.js";
import { modelHref } from "./pricing-page.js";

/** The assumptions of the call at `path`: those naming its fields and no deeper call's. */
export function assumptionsOf(e, path) {
  const prefix = (p) => (p === "" ? "" : `${p}.`);
  return e.assumptions.filter((a) => {
    const owner = e.calls.filter((c) => c.path === "" || a.startsWith(prefix(c.path)))
      .reduce((best, c) => (c.path.length > best.length ? c.path : best), "");
    return owner === path;
  });
}

const depth = (path) => (path === "" ? 0 : path.split(".").length);

function callCard(e, c) {
  const lines = e.line_items.slice(c.first_line, c.first_line + c.line_count);
  const children = e.calls.filter((d) => d.path.startsWith(c.path === "" ? "downstream[" : `${c.path}.downstream[`) && depth(d.path) === depth(c.path) + 1);
  const failed = c.status !== "succeeded";
  const mine = assumptionsOf(e, c.path);
  const status = `${c.path === "" ? "" : `${c.path}.`}status: `;
  const why = failed ? mine.filter((a) => a.startsWith(status)) : [];
  const own = mine.filter((a) => !why.includes(a));
  return el("li", { class: `call ${c.status}`, "data-path": c.path },
    el("div", { class: "call-head" },
      el("strong", { text: c.path === "" ? "Root call" : c.path }), " ",
      el("a", { href: modelHref(c.model) }, el("code", { text: c.model })), " ",
      el("span", { class: `badge status ${c.status}`, text: c.status })),
    el("p", {}, "Own cost: ", el("strong", { "data-testid": "call-subtotal", "data-path": c.path, "data-micros": String(c.subtotal_micros), text: formatUsd(c.subtotal_micros) }),
      children.length ? " · with the calls below it: " : "",
      children.length ? el("strong", { "data-testid": "call-total", "data-path": c.path, "data-micros": String(c.total_micros), text: formatUsd(c.total_micros) }) : ""),
    // What a failed run is billed for, and what not, in the engine's words (its `status`
    // assumptions); the others follow the line items.
    failed ? el("div", { class: "why" }, el("p", { text: `This run ${c.status === "failed" ? "failed" : "was canceled"}.` }),
      el("ul", {}, ...why.map((a) => {
        // `downstream[0].status: failed: billed for the 12 s it ran` -> `Billed for the 12 s it ran`.
        const text = a.slice(status.length).replace(`${c.status}: `, "");
        return el("li", { text: text.charAt(0).toUpperCase() + text.slice(1) });
      }))) : "",
    lines.length ? linesTable(lines, `Line items of ${c.path === "" ? "the root call" : c.path}`) : el("p", { class: "muted", text: "No line items: nothing billed for this call." }),
    own.length ? el("ul", { class: "assumptions", "aria-label": `Assumptions of ${c.path || "the root call"}` }, ...own.map((a) => el("li", { text: a }))) : "",
    children.length ? el("ol", { class: "calls" }, ...children.map((d) => callCard(e, d))) : "");
}


export async function renderJobPage(ctx, root, route) {
  const { pricing } = ctx;
  root.replaceChildren(el("h2", { id: "job-title", text: "Job detail" }), el("p", { class: "muted", text: "Loading…" }));
  let text;
  let source;
  try {
    if (route.job.startsWith("record/")) {
      // Digits only: Number() would read "" as record 0 and "0x10" as record 16.
      const digits = route.job.slice(7);
      if (!/^\d{1,15}$/.test(digits)) throw new Error(`record "${digits}" is not in the loaded export: records are numbered 0, 1, 2, …`);
      const n = Number(digits);
      if (!ctx.usage.loaded()) {
        root.replaceChildren(el("h2", { id: "job-title", text: "Job detail" }),
          el("p", {}, "This job is a record of a usage export, which is read in this tab only: ", el("a", { href: "#/usage", text: "load the export" }), " again to open it."));
        return;
      }
      const asked = location.hash;
      text = await ctx.usage.recordText(n);
      // Another address was opened meanwhile: its own render shows it.
      if (location.hash !== asked) return;
      source = `Record ${count(n)} of the usage export`;
    } else {
      text = route.params.get("request") ?? "{}";
      source = "The request being priced in the calculator";
    }
  } catch (e) {
    root.replaceChildren(el("h2", { id: "job-title", text: "Job detail" }), el("p", { class: "error", text: errorText(e) }));
    return;
  }
  let e;
  try {
    e = pricing.estimate(text);
  } catch (err) {
    root.replaceChildren(el("h2", { id: "job-title", text: "Job detail" }),
      el("p", { class: "error", text: isTariffError(err) ? errorText(err) : String(err) }));
    return;
  }
  const req = JSON.parse(text);
  const rootCall = e.calls[0];
  root.replaceChildren(
    el("h2", { id: "job-title" }, "Job detail: ", el("code", { text: e.model })),
    el("p", { class: "muted", text: source }),
    el("dl", { class: "facts" },
      el("div", {}, el("dt", { text: "Final cost" }), el("dd", {}, el("strong", { "data-testid": "job-total", "data-micros": String(e.total_micros), text: e.total_usd }))),
      el("div", {}, el("dt", { text: "Status" }), el("dd", { text: rootCall?.status ?? "succeeded" })),
      req.at ? el("div", {}, el("dt", { text: "At" }), el("dd", { text: String(req.at) })) : "",
      req.project ? el("div", {}, el("dt", { text: "Project" }), el("dd", { text: String(req.project) })) : "",
      el("div", {}, el("dt", { text: "Calls" }), el("dd", { text: count(e.calls.length) })),
      el("div", {}, el("dt", { text: "Most it could have cost" }), el("dd", { text: e.bound_usd ?? `no bound (${e.unbounded.join("; ")})` }))),
    el("h3", { text: "Call tree" }),
    el("ol", { class: "calls tree" }, callCard(e, rootCall)),
    el("details", {}, el("summary", { text: "The request" }), el("pre", { text: JSON.stringify(req, null, 2) })));
}
