// Small DOM helpers shared by the pages. No money is computed here or anywhere in www/: every
// amount, price line and budget figure comes from the engine.

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

/** An element with attributes (`class`, `text`, anything else as an attribute) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

/** The text of a TariffError for a person: the field, then what is wrong. */
export function errorText(e) {
  const where = e?.field ?? e?.path;
  return where ? `${where}: ${e.message}` : String(e?.message ?? e);
}

/** Saves `text` as a file named `name` (a CSV export). */
export function download(name, text, type = "text/csv") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A CSV line: fields quoted where they need it (RFC 4180). A text that a spreadsheet would
 * run as a formula (a project named `=HYPERLINK(...)` in a usage export) starts with an
 * apostrophe, as OWASP advises; numbers are written as they are. */
export function csvLine(fields) {
  return fields.map((f) => {
    let s = f === null || f === undefined ? "" : String(f);
    if (typeof f === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(",") + "\r\n";
}

/** Whole numbers for people: 1,234,567. */
export const count = (n) => n.toLocaleString("en");
