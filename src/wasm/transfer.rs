//! The way in: JS values to the text the engine reads. The JS side (`js/transfer.js`) walks
//! a value to check that its JSON text is faithful, and long texts are written straight into
//! the engine's memory.

use crate::error::Error;
use crate::json::Source;
use crate::{Budget, Request};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/js/transfer.js")]
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

    /// `value.length` if it is an array, else -1; throws what a Proxy throws.
    #[wasm_bindgen(catch, js_name = arrayLength)]
    fn array_length(value: &JsValue) -> Result<f64, JsValue>;
}

/// The length of `value` if it is a JS array, `None` if it is not one; a Proxy that throws
/// when asked is a fault at `field`.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "an array's length is a whole number below 2^32"
)]
pub(crate) fn list_length(value: &JsValue, field: &str) -> Result<Option<u32>, Error> {
    match array_length(value) {
        Ok(n) if n >= 0.0 => Ok(Some(n as u32)),
        Ok(_) => Ok(None),
        Err(_) => Err(Error::request(field, "cannot be read (a Proxy threw)")),
    }
}

/// Item `i` of a JS array (read once); a getter that throws is a fault at `field[i]`.
pub(crate) fn item(list: &JsValue, i: u32, field: &str) -> Result<JsValue, Error> {
    js_sys::Reflect::get_u32(list, i)
        .map_err(|_| Error::request(format!("{field}[{i}]"), "cannot be read (its getter threw)"))
}

/// The JSON text of a JS value (see `jsonText`), or the fault it has as a `source` error at
/// `prefix` (`budget`, `records`).
pub(crate) fn text_of(value: &JsValue, prefix: &str, source: Source) -> Result<String, Error> {
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
pub(crate) fn string_of(value: &JsValue) -> Option<Result<String, Error>> {
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
        zero_fill(&mut bytes, size);
        if let Some(written) = take(&mut bytes) {
            bytes.truncate(written as usize);
            return String::from_utf8(bytes).map_err(|_| Error::request("$", "is not valid UTF-8"));
        }
    }
    forget();
    Err(Error::request("$", "could not be read as UTF-8"))
}

/// Grows `bytes` to `len` with zero bytes (JS then writes over them), copied from a zeroed
/// block: `resize` at this build's opt-level writes a byte at a time (4% of a usage
/// breakdown of JSON lines from JS, whose whole text passes here).
pub(crate) fn zero_fill(bytes: &mut Vec<u8>, len: usize) {
    static ZEROS: [u8; 4096] = [0; 4096];
    while bytes.len() < len {
        let n = (len - bytes.len()).min(ZEROS.len());
        bytes.extend_from_slice(ZEROS.get(..n).unwrap_or(&[]));
    }
}

/// The JSON text of a JS argument: a string as it is, anything else as its JSON text (a fault
/// named from `prefix`).
fn text(value: &JsValue, prefix: &str) -> Result<String, Error> {
    match string_of(value) {
        Some(text) => text,
        None => text_of(value, prefix, Source::Request),
    }
}

/// A request from JS: JSON text as it is, or an object as its JSON text; either way the same
/// parser as the native CLI reads it.
pub(crate) fn request(value: &JsValue) -> Result<Request, Error> {
    Ok(Request::from_json(&text(value, "")?)?)
}

/// A list of requests from JS: an array, or its JSON text.
pub(crate) fn requests(value: &JsValue) -> Result<Vec<Request>, Error> {
    Ok(Request::list_from_json(&text(value, "")?)?)
}

/// A budget from JS (an object, or its JSON text), read by the core's own budget reader.
pub(crate) fn budget(value: &JsValue) -> Result<Budget, Error> {
    Budget::from_json(&text(value, "budget")?)
}
