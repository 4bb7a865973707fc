//! The WebAssembly bindings (compiled for `wasm32` only): convert JS values in, results and
//! errors out, and do nothing else. Every engine fault becomes a thrown JS `Error` whose
//! `code` and detail fields are the engine error's; nothing here can trap.

mod convert;

use crate::error::Error;
use crate::json::Source;
use crate::{usage, Budget, Catalog, Request};
use serde::Serialize;
use wasm_bindgen::prelude::*;

pub use convert::{MAX_DEPTH, MAX_STRING_BYTES};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

// The fast way in: one plain (V8 fast-path) JSON.stringify per call, after a walk that checks
// it would be faithful: no NaN or Infinity (stringify writes null), no function, symbol or
// BigInt, no invalid Date, no Map or Set (stringify writes {}), no toJSON other than Date's,
// no cycle, at most MAX_DEPTH deep and MAX_NODES values. Anything else, or any throw (a
// getter), returns undefined, and `convert` walks the value to name the field at fault.
#[wasm_bindgen(inline_js = r#"
const MAX_DEPTH = 128;
const MAX_NODES = 5000000;
function faithful(v, stack, budget) {
  if (--budget.left < 0) return false;
  switch (typeof v) {
    case "number":
      return Number.isFinite(v);
    case "string":
    case "boolean":
    case "undefined":
      return true;
    case "object": {
      if (v === null) return true;
      if (v instanceof Date) return !Number.isNaN(v.getTime());
      if (stack.length >= MAX_DEPTH || stack.includes(v)) return false;
      stack.push(v);
      let ok = true;
      if (Array.isArray(v)) {
        for (let i = 0; ok && i < v.length; i++) ok = faithful(v[i], stack, budget);
      } else if (v instanceof Map || v instanceof Set || typeof v.toJSON === "function") {
        ok = false;
      } else {
        for (const k in v) {
          if (Object.prototype.hasOwnProperty.call(v, k) && !faithful(v[k], stack, budget)) {
            ok = false;
            break;
          }
        }
      }
      stack.pop();
      return ok;
    }
    default:
      return false;
  }
}
// Result objects are built here, one call per object with every field as an argument: far
// fewer boundary crossings than setting fields one by one, and one object shape for V8.
export function makeItem(model, item, quantity, unit, rate, per, detail, micros) {
  return detail === undefined
    ? { model, item, quantity, unit, rate_micros: rate, rate_per: per, micros }
    : { model, item, quantity, unit, rate_micros: rate, rate_per: per, detail, micros };
}
export function makeEstimate(model, defaulted, version, total, usd, items, assumptions) {
  return { model, defaulted, catalog_version: version, total_micros: total, total_usd: usd,
    line_items: items, assumptions };
}
export function jsonText(value) {
  try {
    if (!faithful(value, [], { left: MAX_NODES })) return undefined;
    const text = JSON.stringify(value);
    return typeof text === "string" ? text : undefined;
  } catch {
    return undefined;
  }
}
"#)]
extern "C" {
    /// `JSON.stringify(value)` when that is faithful, else `None`. Never throws.
    #[wasm_bindgen(js_name = jsonText)]
    fn json_text(value: &JsValue) -> Option<String>;

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

    #[wasm_bindgen(js_name = makeEstimate)]
    fn make_estimate(
        model: &JsValue,
        defaulted: bool,
        version: &JsValue,
        total: f64,
        usd: String,
        items: Vec<JsValue>,
        assumptions: Vec<JsValue>,
    ) -> JsValue;
}

/// JS strings made once and reused: decoding text out of wasm memory on every result was the
/// largest cost of an estimate.
struct Strings {
    slugs: Vec<JsValue>,
    version: JsValue,
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
    if let Ok(details) = e.serialize(&serializer()) {
        if let Some(details) = details.dyn_ref::<js_sys::Object>() {
            js_sys::Object::assign(&err, details);
        }
    }
    err.into()
}

fn serializer() -> serde_wasm_bindgen::Serializer {
    // Plain objects, not Maps; numbers, not BigInts (every micros value is <= 2^53 - 1).
    serde_wasm_bindgen::Serializer::json_compatible()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value.serialize(&serializer()).map_err(|e| {
        js_error(&Error::InvalidRequest {
            field: "$".into(),
            message: format!("cannot convert the result: {e}"),
        })
    })
}

/// A request from JS: JSON text as it is; an object through one `JSON.stringify` (the same
/// text parser as the native CLI), or, when that would not be faithful, the precise walk.
fn request(value: &JsValue) -> Result<Request, Error> {
    if let Some(text) = value.as_string() {
        return Request::from_json(&text);
    }
    match json_text(value) {
        Some(text) => Request::from_json(&text),
        None => Request::from_value(&convert::to_json(value, "", Source::Request)?),
    }
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
        let loaded = if catalog.is_undefined() || catalog.is_null() {
            Catalog::embedded()
        } else if let Some(text) = catalog.as_string() {
            Catalog::from_json(&text)
        } else {
            convert::to_json(&catalog, "", Source::Catalog).and_then(|v| Catalog::from_value(&v))
        };
        loaded
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
        let p = self.catalog.price(&r).map_err(|e| js_error(&e))?;
        let s = &self.strings;
        let items: Vec<JsValue> = p
            .lines
            .into_iter()
            .map(|l| {
                make_item(
                    &s.slug(l.model_index),
                    &s.name(l.item),
                    num(l.quantity),
                    &s.name(l.unit),
                    num(l.rate),
                    num(l.per),
                    l.detail,
                    num(l.micros.get()),
                )
            })
            .collect();
        let assumptions = p.assumptions.iter().map(|a| JsValue::from_str(a)).collect();
        Ok(make_estimate(
            &s.slug(p.root),
            p.defaulted,
            &s.version,
            num(p.total.get()),
            p.total.to_usd(),
            items,
            assumptions,
        ))
    }

    /// Every model with its exact rates, price line and `/v1/models` pricing.
    #[wasm_bindgen(unchecked_return_type = "ModelListing[]")]
    pub fn models(&self) -> Result<JsValue, JsValue> {
        to_js(&self.catalog.list_models())
    }

    /// Every hardware tier with per-second and per-hour prices.
    #[wasm_bindgen(unchecked_return_type = "HardwareListing[]")]
    pub fn hardware(&self) -> Result<JsValue, JsValue> {
        to_js(&self.catalog.list_hardware())
    }

    /// Breaks down usage records: an array of requests, or text (JSON lines or a JSON array,
    /// e.g. a usage export read from a file). Computed in one call.
    #[wasm_bindgen(unchecked_return_type = "Breakdown")]
    pub fn usage(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UsageRecord[] | string")] records: JsValue,
    ) -> Result<JsValue, JsValue> {
        let breakdown = if let Some(text) = records.as_string() {
            self.catalog.usage_text(&text)
        } else if js_sys::Array::is_array(&records) {
            let arr: &js_sys::Array = records.unchecked_ref();
            if arr.length() as usize > usage::MAX_RECORDS {
                Err(Error::request(
                    "records",
                    format!("holds more than {} records", usage::MAX_RECORDS),
                ))
            } else if let Some(text) = json_text(&records) {
                // The whole export in one stringify, priced as it is parsed.
                self.catalog.usage_text(&text)
            } else {
                let mut tally = usage::Tally::new(&self.catalog);
                arr.iter()
                    .enumerate()
                    .try_for_each(|(i, r)| {
                        let at = format!("records[{i}]");
                        convert::to_json(&r, &at, Source::Request)
                            .and_then(|v| Request::from_value(&v).map_err(|e| e.within(&at)))
                            .and_then(|r| tally.add(&r).map_err(|e| e.within(&at)))
                    })
                    .and_then(|()| tally.finish())
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
        let run = || -> Result<crate::BudgetCheck, Error> {
            let r = self::request(&request)?;
            let b = convert::to_json(&budget, "budget", Source::Request)?;
            let b = Budget::from_value(&b)?;
            self.catalog.check_budget(&r, &b)
        };
        let check = run().map_err(|e| js_error(&e))?;
        to_js(&check)
    }
}

/// Formats whole micros as dollars: `30233286` -> `$30.233286`, `3600000` -> `$3.60`.
/// Throws `invalid_request` for anything but an integer in 0..=2^53-1.
#[wasm_bindgen(js_name = formatUsd)]
pub fn format_usd(
    #[wasm_bindgen(unchecked_param_type = "number")] micros: JsValue,
) -> Result<String, JsValue> {
    let value = convert::to_json(&micros, "micros", Source::Request).map_err(|e| js_error(&e))?;
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
