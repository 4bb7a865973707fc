//! The WebAssembly bindings (compiled for `wasm32` only): JS values in as JSON text, results
//! and errors out as JS objects (built by JS makers, or parsed from serde_json's text), and
//! nothing else. Every engine fault becomes a thrown JS `Error` whose
//! `code` and detail fields are the engine error's; nothing here can trap.

use crate::error::Error;
use crate::json::Source;
use crate::{usage, Budget, Catalog, Request};
use serde::Serialize;
use wasm_bindgen::prelude::*;

// Talc instead of Rust's default dlmalloc: smaller, and no slower here (docs/performance.md).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

// The way in: a JS value becomes JSON text with one plain (V8 fast-path) JSON.stringify,
// after a walk that checks the text would be faithful. JSON.stringify would silently write
// NaN and Infinity as null, drop functions and symbols, write an invalid Date as null and a
// Map or Set as {}, and throws on a cycle, a BigInt or a throwing getter; the walk refuses all
// of these and says where, so a bad value is an error naming its field, never a price
// (`serde_wasm_bindgen::from_value` would read NaN as null and recurse forever on a cycle).
// It also bounds depth and size. Paths are built only for a fault, as the walk unwinds.
#[wasm_bindgen(inline_js = r#"
const MAX_DEPTH = 128;
const MAX_NODES = 5000000;
const MAX_STRING = 1 << 20;
function fail(message) {
  return { at: [], message };
}
function check(v, stack, budget) {
  if (--budget.left < 0) return fail(`has more than ${MAX_NODES} values`);
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
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? fail("is an invalid Date") : null;
  if (stack.includes(v)) return fail("contains itself (a cycle)");
  if (stack.length >= MAX_DEPTH) return fail(`nests deeper than ${MAX_DEPTH} levels`);
  if (v instanceof Map || v instanceof Set) return fail("must be a plain object or array, not a Map or Set");
  if (typeof v.toJSON === "function") {
    // What JSON.stringify will write is what toJSON returns: check that instead.
    let out;
    try {
      out = v.toJSON();
    } catch {
      return fail("cannot be converted to JSON (its toJSON threw)");
    }
    return out === v ? fail("cannot be converted to JSON") : check(out, stack, budget);
  }
  stack.push(v);
  let f = null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      f = check(v[i], stack, budget);
      if (f) {
        f.at.push(i);
        break;
      }
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
        f = fail("cannot be read (its getter threw)");
        f.at.push(k);
        break;
      }
      f = check(child, stack, budget);
      if (f) f.at.push(k);
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
const SHORT = 4096;
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
  const f = check(value, [], { left: MAX_NODES });
  if (f) return [pathOf(f.at), f.message];
  try {
    const text = JSON.stringify(value);
    return typeof text === "string" ? wire(text) : ["", "must be JSON data"];
  } catch {
    return ["", "cannot be converted to JSON"];
  }
}
// Result objects are built here, one call per object with every field as an argument: far
// fewer boundary crossings than setting fields one by one, and one object shape for V8.
export function makeItem(model, item, quantity, unit, rate, per, detail, micros) {
  return detail === undefined
    ? { model, item, quantity, unit, rate_micros: rate, rate_per: per, micros }
    : { model, item, quantity, unit, rate_micros: rate, rate_per: per, detail, micros };
}
export function makeEstimate(model, defaulted, version, sha256, total, usd, bound, boundUsd, items, assumptions, open, unbounded) {
  return { model, defaulted, catalog_version: version, catalog_sha256: sha256, total_micros: total,
    total_usd: usd, bound_micros: bound ?? null, bound_usd: boundUsd ?? null, line_items: items,
    assumptions, open, unbounded };
}
// SHA-256 of a string's UTF-8 bytes, lowercase hex (FIPS 180-4): a custom catalog's content
// hash, the same as the native engine's. Here in JS so the wasm package carries no hash code.
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
export function sha256Hex(text) {
  const data = new TextEncoder().encode(text);
  const bits = data.length * 8;
  const padded = new Uint8Array(((data.length + 9 + 63) >> 6) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(padded.length - 4, bits >>> 0);
  const h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const w = new Uint32Array(64);
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0] + a) >>> 0; h[1] = (h[1] + b) >>> 0; h[2] = (h[2] + c) >>> 0; h[3] = (h[3] + d) >>> 0;
    h[4] = (h[4] + e) >>> 0; h[5] = (h[5] + f) >>> 0; h[6] = (h[6] + g) >>> 0; h[7] = (h[7] + hh) >>> 0;
  }
  return h.map((x) => x.toString(16).padStart(8, "0")).join("");
}
export function makeHardware(id, name, perSecondMicros, perHourMicros, perSecond, perHour, indicative) {
  return { id, name, price_per_second_micros: perSecondMicros, price_per_hour_micros: perHourMicros,
    per_second: perSecond, per_hour: perHour, indicative };
}
// A limit as JS holds it: seconds from milliseconds (an exact division, the double nearest the
// decimal, as the native engine writes it).
export function makeLimit(field, raw, from) {
  const max = raw === undefined ? null : field.endsWith("seconds") ? raw / 1000 : raw;
  return from === undefined ? { field, max } : { field, max, from };
}
export function makeBudget(allowed, basis, estimateMicros, bound, reserve, remaining, shortfall, reason, affordable, crossed, estimate) {
  const check = { allowed, basis, estimate_micros: estimateMicros, bound_micros: bound ?? null,
    reserve_micros: reserve ?? null, remaining_micros: remaining, shortfall_micros: shortfall ?? null };
  if (reason !== undefined) check.reason = reason;
  check.affordable = affordable;
  check.early_charge_thresholds_crossed = crossed;
  check.estimate = estimate;
  return check;
}
"#)]
extern "C" {
    /// `JSON.stringify(value)` as UTF-8 when that is faithful, else `[path, message]`. Never
    /// throws.
    #[wasm_bindgen(js_name = jsonText)]
    fn json_text(value: &JsValue) -> JsValue;

    /// A JS string as itself if short, else its length in UTF-16 units, the text kept for
    /// `take`.
    fn wire(text: &JsValue) -> JsValue;

    /// Writes the text `wire` kept into `dest` as UTF-8: the bytes written, or `None` if it
    /// did not all fit (the text is then kept).
    fn take(dest: &mut [u8]) -> Option<u32>;

    /// Drops the text `wire` kept (when it is not taken).
    fn forget();

    #[wasm_bindgen(js_name = makeItem)]
    #[allow(clippy::too_many_arguments)]
    fn make_item(
        model: &JsValue,
        item: &JsValue,
        quantity: f64,
        unit: &JsValue,
        rate: f64,
        per: f64,
        detail: Option<String>,
        micros: f64,
    ) -> JsValue;

    #[wasm_bindgen(js_name = makeHardware)]
    fn make_hardware(
        id: &str,
        name: &str,
        per_second_micros: f64,
        per_hour_micros: f64,
        per_second: &str,
        per_hour: &str,
        indicative: bool,
    ) -> JsValue;

    #[wasm_bindgen(js_name = makeLimit)]
    fn make_limit(field: &str, raw: Option<f64>, from: Option<&str>) -> JsValue;

    #[wasm_bindgen(js_name = makeBudget)]
    #[allow(clippy::too_many_arguments)]
    fn make_budget(
        allowed: bool,
        basis: &str,
        estimate_micros: f64,
        bound: Option<f64>,
        reserve: Option<f64>,
        remaining: f64,
        shortfall: Option<f64>,
        reason: Option<String>,
        affordable: JsValue,
        crossed: JsValue,
        estimate: JsValue,
    ) -> JsValue;

    #[wasm_bindgen(js_name = sha256Hex)]
    fn sha256_hex(text: &str) -> String;

    #[wasm_bindgen(js_name = makeEstimate)]
    #[allow(clippy::too_many_arguments)]
    fn make_estimate(
        model: &JsValue,
        defaulted: bool,
        version: &JsValue,
        sha256: &JsValue,
        total: f64,
        usd: String,
        bound: Option<f64>,
        bound_usd: Option<String>,
        items: Vec<JsValue>,
        assumptions: Vec<JsValue>,
        open: JsValue,
        unbounded: Vec<JsValue>,
    ) -> JsValue;
}

/// JS strings made once and reused: decoding text out of wasm memory on every result was the
/// largest cost of an estimate.
struct Strings {
    slugs: Vec<JsValue>,
    version: JsValue,
    sha256: JsValue,
    names: std::cell::RefCell<Vec<(&'static str, JsValue)>>,
}

impl Strings {
    fn new(catalog: &Catalog) -> Self {
        Strings {
            slugs: catalog
                .models()
                .iter()
                .map(|m| JsValue::from_str(&m.slug))
                .collect(),
            version: JsValue::from_str(catalog.version()),
            sha256: JsValue::from_str(catalog.sha256()),
            names: std::cell::RefCell::new(Vec::new()),
        }
    }

    fn slug(&self, index: usize) -> JsValue {
        self.slugs.get(index).cloned().unwrap_or(JsValue::UNDEFINED)
    }

    /// A JS string for one of the engine's item or unit names.
    fn name(&self, name: &'static str) -> JsValue {
        let mut names = self.names.borrow_mut();
        if let Some((_, v)) = names.iter().find(|(n, _)| *n == name) {
            return v.clone();
        }
        let v = JsValue::from_str(name);
        names.push((name, v.clone()));
        v
    }
}

/// Micros and quantities are at most 2^53 - 1 (checked when priced): exact as JS numbers.
#[allow(
    clippy::cast_precision_loss,
    reason = "every value is at most 2^53 - 1"
)]
fn num(v: u64) -> f64 {
    v as f64
}

/// Converts an engine error into a JS `Error` named `TariffError` carrying `code`,
/// `message` and the detail fields (`field`, `path`, `available`, `suggestions`, `allowed`).
fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("TariffError");
    if let Ok(details) = parsed(e) {
        js_sys::Object::assign(&err, details.unchecked_ref());
    }
    err.into()
}

/// A Rust value as a JS value: its JSON text, parsed by the JS engine's `JSON.parse`. Plain
/// objects, not Maps, and numbers, not BigInts (every micros value is <= 2^53 - 1). The
/// engine already carries serde_json, so this costs no code; serde-wasm-bindgen's
/// serializer made the package larger and was no faster on these results.
fn parsed<T: Serialize>(value: &T) -> Result<JsValue, ()> {
    let text = serde_json::to_string(value).map_err(|_| ())?;
    js_sys::JSON::parse(&text).map_err(|_| ())
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    parsed(value).map_err(|()| {
        js_error(&Error::InvalidRequest {
            field: "$".into(),
            message: "cannot convert the result".into(),
        })
    })
}

/// The JSON text of a JS value (see `jsonText`), or the fault it has as a `source` error at
/// `prefix` (`budget`, `records`).
fn text_of(value: &JsValue, prefix: &str, source: Source) -> Result<String, Error> {
    let out = json_text(value);
    if !js_sys::Array::is_array(&out) {
        return wired(&out);
    }
    let get = |i: u32| {
        js_sys::Reflect::get_u32(&out, i)
            .ok()
            .and_then(|v| v.as_string())
    };
    let path = get(0).unwrap_or_default();
    let message = get(1).unwrap_or_else(|| "is not JSON data".into());
    let path = match (prefix.is_empty(), path.is_empty()) {
        (true, true) => "$".to_string(),
        (false, true) => prefix.to_string(),
        (true, false) => path,
        (false, false) if path.starts_with('[') => format!("{prefix}{path}"),
        (false, false) => format!("{prefix}.{path}"),
    };
    Err(source.error(&path, message))
}

/// The value as Rust text if it is a JS string.
fn string_of(value: &JsValue) -> Option<Result<String, Error>> {
    value.is_string().then(|| wired(&wire(value)))
}

/// Text as `wire` sent it: a string, or the length of a long one to `take`, tried as ASCII
/// (a byte per UTF-16 unit) and else at UTF-8's bound (three). TextEncoder writes lone
/// surrogates as U+FFFD, as wasm-bindgen's own string passing does.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a JS string's length is a whole number below 2^32"
)]
fn wired(value: &JsValue) -> Result<String, Error> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    let units = value.as_f64().map_or(0, |n| n as usize);
    for size in [units, units.saturating_mul(3)] {
        // A text too big for the engine's memory is an error, never an allocation abort.
        let mut bytes = Vec::new();
        if bytes.try_reserve_exact(size).is_err() {
            forget();
            return Err(Error::request(
                "$",
                format!("is too large to read ({size} bytes)"),
            ));
        }
        bytes.resize(size, 0);
        if let Some(written) = take(&mut bytes) {
            bytes.truncate(written as usize);
            return String::from_utf8(bytes).map_err(|_| Error::request("$", "is not valid UTF-8"));
        }
    }
    forget();
    Err(Error::request("$", "could not be read as UTF-8"))
}

/// A request from JS: JSON text as it is, or an object as its JSON text; either way the same
/// parser as the native CLI reads it.
fn request(value: &JsValue) -> Result<Request, Error> {
    match string_of(value) {
        Some(text) => Request::from_json(&text?),
        None => Request::from_json(&text_of(value, "", Source::Request)?),
    }
}

/// JS's clock (`Date.now()`), which picks the price in force for requests without `at`.
#[allow(
    clippy::cast_possible_truncation,
    reason = "milliseconds since 1970 fit an i64; NaN is never returned by Date.now"
)]
fn js_now() -> Option<crate::time::Timestamp> {
    let ms = js_sys::Date::now() as i64;
    Some(crate::time::Timestamp::from_unix_seconds(
        ms.div_euclid(1000),
    ))
}

/// Prices requests against one catalog. Build once, reuse: construction validates the
/// whole catalog.
#[wasm_bindgen]
pub struct Pricing {
    catalog: Catalog,
    strings: Strings,
}

#[wasm_bindgen]
impl Pricing {
    /// Loads a catalog: JSON text, a parsed object, or nothing for the embedded `catalog.json`.
    /// Throws a `TariffError` with code `invalid_catalog` and the `path` of the first fault.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string | CatalogDocument | null | void")]
        catalog: Option<JsValue>,
    ) -> Result<Pricing, JsValue> {
        let catalog = catalog.unwrap_or(JsValue::UNDEFINED);
        // A custom catalog's content hash is of its text (an object's: its JSON.stringify).
        let hashed = |text: String| {
            Catalog::from_json(&text).map(|mut c| {
                c.set_sha256(sha256_hex(&text));
                c
            })
        };
        let loaded = if catalog.is_undefined() || catalog.is_null() {
            Catalog::embedded()
        } else if let Some(text) = string_of(&catalog) {
            text.and_then(hashed)
        } else {
            text_of(&catalog, "", Source::Catalog).and_then(hashed)
        };
        loaded
            .map(|catalog| catalog.with_clock(js_now))
            .map(|catalog| Pricing {
                strings: Strings::new(&catalog),
                catalog,
            })
            .map_err(|e| js_error(&e))
    }

    /// The catalog's version.
    #[wasm_bindgen(getter, js_name = catalogVersion)]
    pub fn catalog_version(&self) -> String {
        self.catalog.version().to_string()
    }

    /// The SHA-256 (lowercase hex) of the catalog's bytes: the same as the server's for the
    /// same catalog file.
    #[wasm_bindgen(getter, js_name = catalogSha256)]
    pub fn catalog_sha256(&self) -> String {
        self.catalog.sha256().to_string()
    }

    /// Spend thresholds (micros) whose first crossing triggers an early charge.
    #[wasm_bindgen(getter, js_name = earlyChargeThresholds)]
    pub fn early_charge_thresholds(&self) -> Vec<f64> {
        self.catalog
            .early_charge_thresholds()
            .iter()
            .map(|t| num(*t))
            .collect()
    }

    /// The slug billed when a request names no model.
    #[wasm_bindgen(getter, js_name = defaultModel)]
    pub fn default_model(&self) -> String {
        self.catalog.default_model().to_string()
    }

    /// Prices a request (an object, or its JSON text).
    #[wasm_bindgen(unchecked_return_type = "Estimate")]
    pub fn estimate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PricingRequest | string")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let r = self::request(&request).map_err(|e| js_error(&e))?;
        let p = crate::pricing::price(&self.catalog, &r).map_err(|e| js_error(&e))?;
        Ok(self.estimate_object(p))
    }
}

impl Pricing {
    /// The JS object of a priced request, built from cached strings (see `Strings`).
    fn estimate_object(&self, p: crate::pricing::Priced<'_>) -> JsValue {
        let s = &self.strings;
        let items: Vec<JsValue> = p
            .lines
            .into_iter()
            .map(|l| {
                make_item(
                    &s.slug(l.model_index),
                    &s.name(l.item),
                    num(l.quantity),
                    &s.name(l.unit.name()),
                    num(l.rate),
                    num(l.per),
                    l.detail,
                    num(l.micros.get()),
                )
            })
            .collect();
        let strings = |list: &[String]| list.iter().map(|a| JsValue::from_str(a)).collect();
        let bound = p.bound.micros;
        make_estimate(
            &s.slug(p.root),
            p.defaulted,
            &s.version,
            &s.sha256,
            num(p.total.get()),
            p.total.to_usd(),
            bound.map(|b| num(b.get())),
            bound.map(crate::money::Micros::to_usd),
            items,
            strings(&p.assumptions),
            p.bound
                .used
                .iter()
                .map(|o| make_limit(&o.field, Some(num(o.raw)), Some(o.from)))
                .collect::<js_sys::Array>()
                .into(),
            strings(&p.bound.unbounded),
        )
    }
}

#[wasm_bindgen]
impl Pricing {
    /// Every model with its exact rates, price line and `/v1/models` pricing.
    #[wasm_bindgen(unchecked_return_type = "ModelListing[]")]
    pub fn models(&self) -> Result<JsValue, JsValue> {
        to_js(&self.catalog.list_models())
    }

    /// Every hardware tier with per-second and per-hour prices.
    #[wasm_bindgen(unchecked_return_type = "HardwareListing[]")]
    pub fn hardware(&self) -> Result<JsValue, JsValue> {
        let list = js_sys::Array::new();
        for h in self.catalog.list_hardware() {
            list.push(&make_hardware(
                &h.id,
                &h.name,
                num(h.price_per_second_micros),
                num(h.price_per_hour_micros),
                &h.per_second,
                &h.per_hour,
                h.indicative,
            ));
        }
        Ok(list.into())
    }

    /// Breaks down usage records: an array of requests, or text (JSON lines or a JSON array,
    /// e.g. a usage export read from a file). Computed in one call.
    #[wasm_bindgen(unchecked_return_type = "Breakdown")]
    pub fn usage(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UsageRecord[] | string")] records: JsValue,
    ) -> Result<JsValue, JsValue> {
        let breakdown = if let Some(text) = string_of(&records) {
            text.and_then(|text| self.catalog.usage_text(&text))
        } else if js_sys::Array::is_array(&records) {
            let arr: &js_sys::Array = records.unchecked_ref();
            if arr.length() as usize > usage::MAX_RECORDS {
                Err(Error::request(
                    "records",
                    format!("holds more than {} records", usage::MAX_RECORDS),
                ))
            } else {
                // The whole export in one stringify, priced as it is parsed.
                text_of(&records, "records", Source::Request)
                    .and_then(|text| self.catalog.usage_text(&text))
            }
        } else {
            Err(Error::request(
                "records",
                "must be an array of records or JSON-lines text",
            ))
        };
        to_js(&breakdown.map_err(|e| js_error(&e))?)
    }

    /// Estimates `request` and checks it against a budget
    /// (`{balance_micros, limit_micros?, spent_micros?, early_charge_thresholds_micros?}`).
    #[wasm_bindgen(js_name = checkBudget, unchecked_return_type = "BudgetCheck")]
    pub fn check_budget(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PricingRequest | string")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Budget")] budget: JsValue,
    ) -> Result<JsValue, JsValue> {
        let run = || -> Result<(crate::budget::Verdict, crate::pricing::Priced<'_>), Error> {
            let r = self::request(&request)?;
            let b = text_of(&budget, "budget", Source::Request)?;
            let b: serde_json::Value = tariff_request::json::parse_value(&b)
                .map_err(|e| Error::request("budget", format!("malformed JSON: {e}")))?;
            let b = Budget::from_value(&b)?;
            let priced = crate::pricing::price(&self.catalog, &r)?;
            Ok((self.catalog.verdict(&r, &priced, &b), priced))
        };
        let (v, priced) = run().map_err(|e| js_error(&e))?;
        let affordable: js_sys::Array = v
            .affordable
            .iter()
            .map(|a| make_limit(&a.field, a.raw.map(num), None))
            .collect();
        Ok(make_budget(
            v.allowed,
            v.basis.name(),
            num(v.estimate_micros),
            v.bound_micros.map(num),
            v.reserve_micros.map(num),
            num(v.remaining_micros),
            v.shortfall_micros.map(num),
            v.reason,
            affordable.into(),
            // A plain array: a Vec<f64> would cross as a Float64Array, which JSON.stringify
            // writes as an object.
            v.crossed
                .into_iter()
                .map(|t| JsValue::from_f64(num(t)))
                .collect::<js_sys::Array>()
                .into(),
            self.estimate_object(priced),
        ))
    }
}

/// Formats whole micros as dollars: `30233286` -> `$30.233286`, `3600000` -> `$3.60`.
/// Throws `invalid_request` for anything but an integer in 0..=2^53-1.
#[wasm_bindgen(js_name = formatUsd)]
pub fn format_usd(
    #[wasm_bindgen(unchecked_param_type = "number")] micros: JsValue,
) -> Result<String, JsValue> {
    // A JS number as JSON (integral values as integers), then read as any count is.
    let value = micros
        .as_f64()
        .and_then(serde_json::Number::from_f64)
        .map(|n| crate::json::js_form(&serde_json::Value::Number(n)))
        .ok_or_else(|| js_error(&Error::request("micros", "must be a finite number")))?;
    let m = crate::json::count(&value).map_err(|m| js_error(&Error::request("micros", m)))?;
    Ok(crate::money::format_usd(m))
}

/// Whether `value` is an error thrown by tariff (an `Error` with a tariff `code`).
#[wasm_bindgen(js_name = isTariffError, unchecked_return_type = "value is TariffError")]
pub fn is_tariff_error(#[wasm_bindgen(unchecked_param_type = "unknown")] value: &JsValue) -> bool {
    if !value.is_instance_of::<js_sys::Error>() {
        return false;
    }
    let code = js_sys::Reflect::get(value, &JsValue::from_str("code"))
        .ok()
        .and_then(|c| c.as_string());
    matches!(
        code.as_deref(),
        Some(
            "invalid_catalog"
                | "invalid_request"
                | "unknown_model"
                | "unsupported_input"
                | "overflow"
        )
    )
}
