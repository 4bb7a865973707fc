// The quick way across (src/wasm/wire.rs is the other half): requests are written as JSON
// text straight into the engine's memory, and estimates are built here from the numbers and
// text the engine writes there, with strings made once (slugs, item and unit names).
//
// The writer takes plain data only: plain objects and arrays, finite numbers, booleans, null
// and printable ASCII strings, written exactly as JSON.stringify writes them (a key whose
// value is undefined is left out, an undefined array item is null). Anything else (a Date, a
// Map, a function, a non-ASCII string, a getter that throws, depth past 128 levels) answers
// -1 and the exact way (transfer.js) reads the value, checking and naming every fault.
import { MAX_DEPTH, MAX_NODES, MAX_STRING } from "./transfer.js";

// One context per wire (per Pricing): its engine instance's memory and views of it (the
// last text's too), the catalog's strings and the engine's names by number. Nothing is kept
// per JS module: two instances of the engine may share this module, never their memory.
export function wireContext(memory, texts) {
  return { memory, u8: new Uint8Array(0), f64: new Float64Array(0), into: new Uint8Array(0),
    version: texts[0], sha256: texts[1], slugs: texts.slice(2), names: [] };
}

export function wireName(ctx, index, name) {
  ctx.names[index] = name;
}

// The context's views of the engine's memory, made again after it grew (which detaches the
// old ones).
function views(ctx) {
  if (ctx.u8.length === 0) {
    ctx.u8 = new Uint8Array(ctx.memory.buffer);
    ctx.f64 = new Float64Array(ctx.memory.buffer);
  }
}

// --- In ---------------------------------------------------------------------------------
const encoder = new TextEncoder();
// The writer's state for the value being written (saved and restored around each call: a
// getter of the value may price another request, which writes too).
let u8 = new Uint8Array(0);
let at = 0;
let end = 0;
let nodes = 0;
let full = false;
// How far into a top-level array the writer got: what the room it asks for is scaled by.
let items = 0;

// Writes `value` at `ptr` (at most `room` bytes): the bytes written; -1 for the exact way;
// below -1, the room it needs, negated (the engine grows its buffer and asks again).
export function wireWrite(ctx, value, ptr, room) {
  views(ctx);
  if (typeof value === "string") return text(ctx, value, ptr, room);
  const u0 = u8, at0 = at, end0 = end, nodes0 = nodes, full0 = full, items0 = items;
  u8 = ctx.u8;
  at = ptr;
  end = ptr + room;
  nodes = MAX_NODES;
  full = false;
  items = 0;
  try {
    // A getter that priced another request may have grown the engine's memory meanwhile:
    // what was written into the old (detached) view is lost, so the exact way reads it.
    // (The view of a grown memory's old buffer is detached: its length is then 0.)
    if (put(value, 0)) return u8.length === 0 ? -1 : at - ptr;
    if (!full || u8.length === 0) return -1;
    // An array's room as the items written so far say it needs (and a tenth more); else twice.
    const scaled = Array.isArray(value) && items > 0 ? Math.ceil((room / items) * value.length * 1.1) : 0;
    return -Math.max(2 * room, scaled);
  } catch {
    return -1;
  } finally {
    u8 = u0;
    at = at0;
    end = end0;
    nodes = nodes0;
    full = full0;
    items = items0;
  }
}

// A string as its UTF-8 bytes (TextEncoder's encodeInto: far quicker than a JS loop), into
// the context's view of the buffer, kept while the buffer stays where it is (a view of a
// grown memory's old buffer is detached, its length 0, and made again).
function text(ctx, s, ptr, room) {
  if (s.length > room) return -3 * s.length;
  let into = ctx.into;
  if (into.length !== room || into.byteOffset !== ptr) into = ctx.into = ctx.u8.subarray(ptr, ptr + room);
  const r = encoder.encodeInto(s, into);
  return r.read < s.length ? -3 * s.length : r.written;
}

function room(n) {
  if (at + n <= end) return true;
  full = true;
  return false;
}

function put(v, depth) {
  switch (typeof v) {
    case "string":
      return str(v);
    case "number":
      return Number.isFinite(v) && raw("" + v);
    case "boolean":
      return raw(v ? "true" : "false");
    case "object":
      break;
    default:
      return false;
  }
  if (v === null) return raw("null");
  if (depth >= MAX_DEPTH || --nodes < 0) return false;
  const u = u8;
  if (Array.isArray(v)) {
    if (typeof v.toJSON === "function" || !room(2)) return false;
    u[at++] = 91;
    for (let i = 0; i < v.length; i++) {
      if (i > 0) {
        if (!room(1)) return false;
        u[at++] = 44;
      }
      const e = v[i];
      if (!(e === undefined ? raw("null") : put(e, depth + 1))) return false;
      if (depth === 0) items = i + 1;
    }
    if (!room(1)) return false;
    u[at++] = 93;
    return true;
  }
  const proto = Object.getPrototypeOf(v);
  // (An inherited toJSON, which JSON.stringify would call, goes the exact way too.)
  if ((proto !== Object.prototype && proto !== null) || typeof v.toJSON === "function" || !room(2)) return false;
  u[at++] = 123;
  const keys = Object.keys(v);
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const e = v[k];
    if (e === undefined) continue;
    if (!first) {
      if (!room(1)) return false;
      u[at++] = 44;
    }
    first = false;
    if (k === "toJSON" || !str(k) || !room(1)) return false;
    u[at++] = 58;
    if (!put(e, depth + 1)) return false;
  }
  if (!room(1)) return false;
  u[at++] = 125;
  return true;
}

// Characters JSON.stringify writes as they are (printable ASCII but `"` and `\`).
function str(s) {
  const n = s.length;
  if (n > MAX_STRING || !room(n + 2)) return false;
  const u = u8;
  let a = at;
  u[a++] = 34;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126 || c === 34 || c === 92) return false;
    u[a++] = c;
  }
  u[a++] = 34;
  at = a;
  return true;
}

function raw(s) {
  const n = s.length;
  if (!room(n)) return false;
  const u = u8;
  for (let i = 0; i < n; i++) u[at + i] = s.charCodeAt(i);
  at += n;
  return true;
}

// --- Out --------------------------------------------------------------------------------
const decoder = new TextDecoder();

// The text at `t + off` of `u`, `len` bytes (negative: not all ASCII, decoded as UTF-8).
function textAt(u, t, off, len) {
  if (len < 0 || len > 64) return decoder.decode(u.subarray(t + off, t + off + Math.abs(len)));
  let a = t + off;
  let n = len;
  let s = "";
  for (; n >= 8; a += 8, n -= 8) {
    s += String.fromCharCode(u[a], u[a + 1], u[a + 2], u[a + 3], u[a + 4], u[a + 5], u[a + 6], u[a + 7]);
  }
  switch (n) {
    case 1: return s + String.fromCharCode(u[a]);
    case 2: return s + String.fromCharCode(u[a], u[a + 1]);
    case 3: return s + String.fromCharCode(u[a], u[a + 1], u[a + 2]);
    case 4: return s + String.fromCharCode(u[a], u[a + 1], u[a + 2], u[a + 3]);
    case 5: return s + String.fromCharCode(u[a], u[a + 1], u[a + 2], u[a + 3], u[a + 4]);
    case 6: return s + String.fromCharCode(u[a], u[a + 1], u[a + 2], u[a + 3], u[a + 4], u[a + 5]);
    case 7: return s + String.fromCharCode(u[a], u[a + 1], u[a + 2], u[a + 3], u[a + 4], u[a + 5], u[a + 6]);
  }
  return s;
}

// The estimate the engine wrote (wire.rs: `HEAD` gives the layout, `Out` writes it), with
// the same fields in the same order as the native JSON.
export function wireEstimate(ctx, n, t) {
  views(ctx);
  const f = ctx.f64;
  const u = ctx.u8;
  const slugs = ctx.slugs;
  const names = ctx.names;
  const total = f[n];
  const bound = f[n + 1];
  const usd = textAt(u, t, f[n + 4], f[n + 5]);
  const b = f[n + 6];
  const boundUsd = b === -1 ? null : b === -2 ? usd : textAt(u, t, b, f[n + 7]);
  const counts = n + 8;
  let i = n + 13;
  const items = [];
  for (let k = f[counts]; k > 0; k--, i += 9) {
    const model = slugs[f[i]];
    const item = names[f[i + 1]];
    const unit = names[f[i + 3]];
    items.push(
      f[i + 6] === -1
        ? { model, item, quantity: f[i + 2], unit, rate_micros: f[i + 4], rate_per: f[i + 5], micros: f[i + 8] }
        : { model, item, quantity: f[i + 2], unit, rate_micros: f[i + 4], rate_per: f[i + 5],
            detail: textAt(u, t, f[i + 6], f[i + 7]), micros: f[i + 8] },
    );
  }
  const calls = [];
  for (let k = f[counts + 1]; k > 0; k--, i += 8) {
    calls.push({ path: f[i + 1] === 0 ? "" : textAt(u, t, f[i], f[i + 1]), model: slugs[f[i + 2]],
      status: names[f[i + 3]], subtotal_micros: f[i + 4], total_micros: f[i + 5],
      first_line: f[i + 6], line_count: f[i + 7] });
  }
  const assumptions = [];
  for (let k = f[counts + 2]; k > 0; k--, i += 2) assumptions.push(textAt(u, t, f[i], f[i + 1]));
  const open = [];
  for (let k = f[counts + 3]; k > 0; k--, i += 4) {
    // Seconds as seconds (the engine holds ms): an exact division, as the native JSON has it.
    const field = textAt(u, t, f[i], f[i + 1]);
    const raw = f[i + 2];
    open.push({ field, max: field.endsWith("seconds") ? raw / 1000 : raw, from: names[f[i + 3]] });
  }
  const unbounded = [];
  for (let k = f[counts + 4]; k > 0; k--, i += 2) unbounded.push(textAt(u, t, f[i], f[i + 1]));
  return { model: slugs[f[n + 3]], defaulted: f[n + 2] === 1, catalog_version: ctx.version,
    catalog_sha256: ctx.sha256, total_micros: total, total_usd: usd,
    bound_micros: bound === bound ? bound : null, bound_usd: boundUsd, line_items: items, calls,
    assumptions, open, unbounded };
}
