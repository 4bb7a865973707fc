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

/// A request from JS: an object, or JSON text.
fn request(value: &JsValue, path: &str) -> Result<Request, Error> {
    if let Some(text) = value.as_string() {
        return Request::from_json(&text).map_err(|e| e.within(path));
    }
    let json = convert::to_json(value, path, Source::Request)?;
    Request::from_value(&json).map_err(|e| e.within(path))
}

/// Prices requests against one catalog. Build once, reuse: construction validates the
/// whole catalog.
#[wasm_bindgen]
pub struct Pricing {
    catalog: Catalog,
}

#[wasm_bindgen]
impl Pricing {
    /// Loads a catalog: JSON text, a parsed object, or nothing for the embedded `catalog.json`.
    /// Throws a `TariffError` with code `invalid_catalog` and the `path` of the first fault.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string | CatalogDocument | null")] catalog: JsValue,
    ) -> Result<Pricing, JsValue> {
        let loaded = if catalog.is_undefined() || catalog.is_null() {
            Catalog::embedded()
        } else if let Some(text) = catalog.as_string() {
            Catalog::from_json(&text)
        } else {
            convert::to_json(&catalog, "", Source::Catalog).and_then(|v| Catalog::from_value(&v))
        };
        loaded
            .map(|catalog| Pricing { catalog })
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
        let r = self::request(&request, "").map_err(|e| js_error(&e))?;
        let e = self.catalog.estimate(&r).map_err(|e| js_error(&e))?;
        to_js(&e)
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
        let parsed = if let Some(text) = records.as_string() {
            usage::parse_records(&text)
        } else if js_sys::Array::is_array(&records) {
            let arr: &js_sys::Array = records.unchecked_ref();
            if arr.length() as usize > usage::MAX_RECORDS {
                Err(Error::request(
                    "records",
                    format!("holds more than {} records", usage::MAX_RECORDS),
                ))
            } else {
                arr.iter()
                    .enumerate()
                    .map(|(i, r)| self::request(&r, &format!("records[{i}]")))
                    .collect()
            }
        } else {
            Err(Error::request(
                "records",
                "must be an array of records or JSON-lines text",
            ))
        };
        let records = parsed.map_err(|e| js_error(&e))?;
        let b = self.catalog.usage(&records).map_err(|e| js_error(&e))?;
        to_js(&b)
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
            let r = self::request(&request, "")?;
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
#[wasm_bindgen(js_name = isTariffError, unchecked_return_type = "boolean")]
pub fn is_tariff_error(value: &JsValue) -> bool {
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
