// The pricing page: every model of the catalog, grouped by surface and family, searchable and
// virtualised (a catalog of thousands of models renders one screenful), each row linking to
// its model page; then the hardware tiers. Price lines are the engine's.
import { $, el } from "./dom.js";
import { virtualList } from "./vlist.js";

export const SURFACES = {
  agentic: ["Agentic skills", "Per token, by the model in skill.yaml"],
  media: ["Media generation", "Per call, second, megapixel or input-conditional, by the slug passed to media.run()"],
  compute: ["Hardware-billed models", "Per second of compute on a hardware tier"],
  reference: ["Provider list prices", "For comparison: cache and long-context rates as the providers publish them"],
};

/** A surface's title and subtitle; a deployment's own surface (any text, even `constructor`)
 * is its own title. */
export const surfaceOf = (surface) => (Object.hasOwn(SURFACES, surface) ? SURFACES[surface] : [surface, ""]);

// The height of a line of the model list, in px (style.css: `.vitem` line-height).
const LINE = 22;

export const modelHref = (slug) => `#/models/${encodeURIComponent(slug)}`;

export function badges(m) {
  const out = el("span", { class: "badges" });
  if (m.default) out.append(el("span", { class: "badge default", text: "default" }));
  if (m.indicative) out.append(el("span", { class: "badge indicative", title: "public list rate; the seeds give no price", text: "indicative" }));
  if (m.versions?.some((v) => v.fast_booting)) out.append(el("span", { class: "badge fast", text: "fast booting" }));
  if (m.downstream?.length) out.append(el("span", { class: "badge calls", text: "calls other models" }));
  return out;
}

export function renderPricingPage({ hardware, listing }) {
  // One flat list: a heading item per surface and family, then its models.
  const items = [];
  const groups = new Map();
  for (const m of listing) {
    const key = `${m.surface}\u0000${m.family}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(m);
  }
  let lastSurface = null;
  for (const models of groups.values()) {
    const { surface, family } = models[0];
    if (surface !== lastSurface) {
      const [title, sub] = surfaceOf(surface);
      items.push({ heading: "surface", surface, text: title, sub });
      lastSurface = surface;
    }
    items.push({ heading: "family", surface, text: family });
    for (const m of models) {
      items.push({ m, surface, search: `${m.slug} ${m.name} ${m.family} ${m.provider}`.toLowerCase() });
    }
  }
  let shown = items;
  const box = $("#model-list");
  const list = virtualList(box, {
    // Rows do not wrap: a heading is one line, a model its name line and one line per price
    // line (LINE px each, as style.css sets them).
    heightOf: (i) => (shown[i].heading ? 2 * LINE : 2 * LINE + LINE * shown[i].m.price_lines.length),
    renderRow(i) {
      const it = shown[i];
      if (it.heading) {
        return el("div", { class: `vitem heading ${it.heading}`, role: "listitem", "aria-posinset": i + 1, "aria-setsize": shown.length },
          el(it.heading === "surface" ? "strong" : "span", { text: it.text }), it.sub ? el("span", { class: "muted", text: ` ${it.sub}` }) : "");
      }
      const m = it.m;
      return el("div", { class: "vitem model", role: "listitem", "data-slug": m.slug, "aria-posinset": i + 1, "aria-setsize": shown.length },
        el("div", { class: "line1" },
          el("a", { href: modelHref(m.slug) }, el("span", { class: "name", text: m.name }), " ", el("code", { text: m.slug })),
          badges(m)),
        // The exact lines (`$0.125 / 1M cached input tokens`), one a line.
        el("ul", { class: "price" }, ...m.price_lines.map((l) => el("li", { text: l }))));
    },
  });
  list.reset(shown.length);
  $("#search").addEventListener("input", (e) => {
    const q = e.target.value.trim().toLowerCase();
    if (q === "") shown = items;
    else {
      // Models that match, under the headings of their group.
      const matched = items.filter((it) => !it.heading && it.search.includes(q));
      shown = [];
      let surface = null;
      let family = null;
      for (const it of matched) {
        if (it.surface !== surface) {
          shown.push(items.find((h) => h.heading === "surface" && h.surface === it.surface));
          surface = it.surface;
          family = null;
        }
        if (it.m.family !== family) {
          shown.push({ heading: "family", surface, text: it.m.family });
          family = it.m.family;
        }
        shown.push(it);
      }
    }
    const n = shown.filter((it) => !it.heading).length;
    $("#search-count").textContent = `${n} of ${listing.length} models`;
    list.reset(shown.length);
  });
  $("#search-count").textContent = `${listing.length} models`;
  $("#hardware-table tbody").replaceChildren(...hardware.map((h) => el("tr", { "data-id": h.id },
    el("td", {}, el("code", { text: h.id })), el("td", { text: h.name }),
    el("td", { class: "num", text: h.per_second }),
    el("td", { class: "num", text: h.per_hour }))));
}
