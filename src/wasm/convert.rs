//! The way out: results as JS objects (built by the makers in `js/results.js`, one call per
//! object, or parsed from serde_json's text) and errors as thrown `TariffError`s.

use crate::error::Error;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/js/results.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeHardware)]
    pub(crate) fn make_hardware(
        id: &str,
        name: &str,
        per_second_micros: f64,
        per_hour_micros: f64,
        per_second: &str,
        per_hour: &str,
        indicative: bool,
    ) -> JsValue;

    #[wasm_bindgen(js_name = makeLineText)]
    pub(crate) fn make_line_text(quantity: &str, rate: &str) -> JsValue;

    #[wasm_bindgen(js_name = makeLimit)]
    pub(crate) fn make_limit(field: &str, raw: Option<f64>, from: Option<&str>) -> JsValue;

    #[wasm_bindgen(js_name = makeBudget)]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn make_budget(
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

    /// A `TariffError` from the engine error's JSON (`{code, message, ...details}`).
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(details_json: &str) -> JsValue;

    /// `value instanceof Error`, false where a Proxy throws.
    #[wasm_bindgen(js_name = isError)]
    pub(crate) fn is_error(value: &JsValue) -> bool;
}

#[wasm_bindgen(module = "/src/wasm/js/sha256.js")]
extern "C" {
    /// SHA-256 of the text's UTF-8 bytes, lowercase hex.
    #[wasm_bindgen(js_name = sha256Hex)]
    pub(crate) fn sha256_hex(text: &str) -> String;
}

/// Micros and quantities are at most 2^53 - 1 (checked when priced): exact as JS numbers.
#[allow(
    clippy::cast_precision_loss,
    reason = "every value is at most 2^53 - 1"
)]
pub(crate) fn num(v: u64) -> f64 {
    v as f64
}

/// Converts an engine error into the `TariffError` JS throws: `code`, `message` and the
/// detail fields (`field`, `path`, `available`, `suggestions`, `allowed`), with a `toJSON`
/// that writes them as the CLI does.
pub(crate) fn js_error(e: &Error) -> JsValue {
    match serde_json::to_string(e) {
        Ok(details) => make_error(&details),
        Err(_) => bug(),
    }
}

/// A result that cannot cross is the engine's fault, not the caller's: a plain `Error`, not a
/// `TariffError` with an input's code.
#[cold]
fn bug() -> JsValue {
    js_sys::Error::new("tariff: a result could not be converted to JS (a bug in tariff)").into()
}

/// A Rust value as a JS value: its JSON text, parsed by the JS engine's `JSON.parse`. Plain
/// objects, not Maps, and numbers, not BigInts (every micros value is <= 2^53 - 1). The
/// engine already carries serde_json, so this costs no code; serde-wasm-bindgen's
/// serializer made the package larger and was no faster on these results.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|_| bug())?;
    js_sys::JSON::parse(&text).map_err(|_| bug())
}
