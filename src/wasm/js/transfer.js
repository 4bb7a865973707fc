// The way in: a JS value becomes JSON text with one plain (V8 fast-path) JSON.stringify,
// after a walk that checks the text would be faithful. JSON.stringify would silently write
// NaN and Infinity as null, drop functions and symbols, write an invalid Date as null and a
// Map or Set as {}, and throws on a cycle, a BigInt or a throwing getter; the walk refuses all
// of these and says where, so a bad value is an error naming its field, never a price
// (`serde_wasm_bindgen::from_value` would read NaN as null and recurse forever on a cycle).
// It also bounds depth and size. Paths are built only for a fault, as the walk unwinds.
// Imported by the bindings (src/wasm/transfer.rs); tested on its own by tests/js/glue.test.mjs.
export const MAX_DEPTH = 128;
// Objects and arrays per argument: enough for the 5,000,000 records a usage call takes, each
// with a few objects inside; it stops a value that shares one object many times over.
export const MAX_NODES = 25000000;
export const MAX_STRING = 1 << 20;
function fail(message) {
  return { at: [], message };
}
// Pushes a path segment onto a fault as the walk unwinds (not onto one that names the whole
// value).
function at(f, seg) {
  if (!f.whole) f.at.push(seg);
  return f;
}
// Never throws: a getter, a `toJSON` getter or a Proxy trap that throws is a fault named at
// its place (an exception would unwind through the engine, which has the pricing borrowed).
// `key` is what JSON.stringify gives `toJSON` (a property name, an index as text, "" for the
// whole); `converted` marks what a `toJSON` returned, which JSON.stringify writes as it is.
function check(v, stack, budget, key, converted) {
  switch (typeof v) {
    case "number":
      if (Number.isFinite(v)) return null;
      return fail(Number.isNaN(v) ? "must be a number, not NaN" : "must be a finite number, not Infinity");
    case "string":
      return v.length > MAX_STRING ? fail(`is longer than ${MAX_STRING} characters`) : null;
    case "boolean":
    case "undefined":
      return null;
    case "bigint":
      return fail("must be a number, not a BigInt");
    case "function":
    case "symbol":
      return fail("must be JSON data, not a function or symbol");
  }
  if (v === null) return null;
  if (--budget.left < 0) {
    const f = fail(`has more than ${MAX_NODES} objects and arrays`);
    f.whole = true;
    return f;
  }
  try {
    return checkObject(v, stack, budget, key, converted);
  } catch {
    // (The walk ends at its first fault: what it left on `stack` is never read again.)
    return fail("cannot be read (a getter or Proxy threw)");
  }
}
function checkObject(v, stack, budget, key, converted) {
  if (!converted && typeof v.toJSON === "function") {
    // What JSON.stringify will write is what toJSON returns, called with the same key: check
    // that instead (an invalid Date's own toJSON gives null: refused, never read as absent).
    if (v instanceof Date && Number.isNaN(v.getTime())) return fail("is an invalid Date");
    let out;
    try {
      out = v.toJSON(key);
    } catch {
      return fail("cannot be converted to JSON (its toJSON threw)");
    }
    return check(out, stack, budget, key, true);
  }
  if (stack.includes(v)) return fail("contains itself (a cycle)");
  if (stack.length >= MAX_DEPTH) return fail(`nests deeper than ${MAX_DEPTH} levels`);
  if (v instanceof Map || v instanceof Set) return fail("must be a plain object or array, not a Map or Set");
  stack.push(v);
  let f = null;
  if (Array.isArray(v)) {
    for (let i = 0; !f && i < v.length; i++) {
      let item;
      try {
        item = v[i];
      } catch {
        f = at(fail("cannot be read (its getter threw)"), i);
        break;
      }
      f = check(item, stack, budget, String(i), false);
      if (f) at(f, i);
    }
  } else {
    let keys;
    try {
      keys = Object.keys(v);
    } catch {
      f = fail("cannot list the object's keys");
    }
    for (let i = 0; !f && i < keys.length; i++) {
      const k = keys[i];
      let child;
      try {
        child = v[k];
      } catch {
        f = at(fail("cannot be read (its getter threw)"), k);
        break;
      }
      f = check(child, stack, budget, k, false);
      if (f) at(f, k);
    }
  }
  stack.pop();
  return f;
}
function pathOf(at) {
  let path = "";
  for (let i = at.length - 1; i >= 0; i--) {
    const seg = at[i];
    path += typeof seg === "number" ? `[${seg}]` : path === "" ? seg : `.${seg}`;
  }
  return path;
}
// The common case, fast: plain objects, arrays and finite numbers only; no paths, no
// ancestor stack (depth and the node budget stop cycles and blow-ups). Anything it does not
// clear, or any throw, goes to `check`, which is exact and says where.
let left = 0;
function plain(v, depth) {
  switch (typeof v) {
    case "number":
      return Number.isFinite(v);
    case "string":
      return v.length <= MAX_STRING;
    case "boolean":
    case "undefined":
      return true;
    case "object":
      if (v === null) return true;
      if (depth >= MAX_DEPTH || --left < 0) return false;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!plain(v[i], depth + 1)) return false;
        return true;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) return false;
      for (const k in v) if (!plain(v[k], depth + 1)) return false;
      return true;
    default:
      return false;
  }
}
// Long strings are written as UTF-8 straight into the engine's memory by TextEncoder's
// encodeInto: wasm-bindgen's own string passing copies ASCII one character at a time in JS (a
// sixth of a usage export's time), and encode() would make a second copy to move across.
// `wire` keeps a long text here and sends its length; the engine allocates and calls `take`.
// Short ones (a request) cross as strings: one call fewer, which is what counts there.
const encoder = new TextEncoder();
export const SHORT = 4096;
let pending = "";
export function wire(text) {
  if (text.length < SHORT) return text;
  pending = text;
  return text.length;
}
// Writes the pending text into `dest` (a view of the engine's memory): the bytes written, or
// undefined, keeping the text, when it did not all fit.
export function take(dest) {
  const r = encoder.encodeInto(pending, dest);
  if (r.read < pending.length) return undefined;
  pending = "";
  return r.written;
}
export function forget() {
  pending = "";
}
// JSON text for `value` as `wire` sends it, or [path, message] naming why it cannot be (path ""
// is the value).
export function jsonText(value) {
  try {
    left = MAX_NODES;
    if (plain(value, 0)) {
      const text = JSON.stringify(value);
      if (typeof text === "string") return wire(text);
    }
  } catch {
    // A getter threw: the exact walk below says where.
  }
  const f = check(value, [], { left: MAX_NODES }, "", false);
  if (f) return [pathOf(f.at), f.message];
  try {
    const text = JSON.stringify(value);
    return typeof text === "string" ? wire(text) : ["", "must be JSON data"];
  } catch {
    return ["", "cannot be converted to JSON"];
  }
}
// `v.length` when `v` is an array, else -1. Imported with `catch`: a revoked Proxy, or a
// Proxy whose `length` throws, is an error value in the engine, never an exception unwinding
// through it with the pricing borrowed.
export function arrayLength(v) {
  return Array.isArray(v) ? v.length : -1;
}
