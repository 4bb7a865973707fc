//! JS values in, JSON values out, without ever throwing or recursing without bound.
//!
//! `serde_wasm_bindgen::from_value::<serde_json::Value>` would turn `NaN` and `Infinity` into
//! `null` (a silently absent quantity) and recurse forever on an object that contains itself,
//! so input is walked here instead: every JS value becomes the JSON value `JSON.stringify`
//! would give, or an error naming its field. Every JS call used can not throw, or is caught:
//! an exception unwinding through the bindings would leave the `Pricing` object borrowed.

use crate::error::Error;
use crate::json::{index, join, Source};
use js_sys::{Array, Date, Object, Reflect};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

/// The deepest nesting of arrays and objects accepted from JS: serde_json's own limit for
/// JSON text, so both ways in agree.
pub const MAX_DEPTH: usize = 128;
/// The longest string accepted from JS, in bytes.
pub const MAX_STRING_BYTES: usize = 1 << 20;
/// The largest integer a JS number holds exactly: 2^53 − 1.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// Converts a JS value to JSON, naming faults at `path` as `source` errors.
pub fn to_json(value: &JsValue, path: &str, source: Source) -> Result<Value, Error> {
    let mut ancestors = Vec::new();
    convert(value, path, source, &mut ancestors)
}

fn at(path: &str) -> &str {
    if path.is_empty() {
        "$"
    } else {
        path
    }
}

fn convert(
    v: &JsValue,
    path: &str,
    source: Source,
    ancestors: &mut Vec<JsValue>,
) -> Result<Value, Error> {
    if v.is_null() || v.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        return number(n).map_err(|m| source.error(at(path), m));
    }
    if let Some(s) = v.as_string() {
        if s.len() > MAX_STRING_BYTES {
            return Err(source.error(at(path), format!("is longer than {MAX_STRING_BYTES} bytes")));
        }
        return Ok(Value::String(s));
    }
    if v.is_bigint() {
        return Err(source.error(at(path), "must be a number, not a BigInt"));
    }
    if !v.is_object() || v.is_function() {
        return Err(source.error(at(path), "must be JSON data, not a function or symbol"));
    }
    if ancestors.iter().any(|a| Object::is(a, v)) {
        return Err(source.error(at(path), "contains itself (a cycle)"));
    }
    if ancestors.len() >= MAX_DEPTH {
        return Err(source.error(at(path), format!("nests deeper than {MAX_DEPTH} levels")));
    }
    if let Some(d) = v.dyn_ref::<Date>() {
        // Dates become their ISO string, as JSON.stringify makes them; an invalid Date would
        // make toISOString throw, so it is refused first.
        if d.get_time().is_nan() {
            return Err(source.error(at(path), "is an invalid Date"));
        }
        return Ok(Value::String(String::from(d.to_iso_string())));
    }
    if v.is_instance_of::<js_sys::Map>() || v.is_instance_of::<js_sys::Set>() {
        return Err(source.error(
            at(path),
            "must be a plain object or array, not a Map or Set",
        ));
    }
    ancestors.push(v.clone());
    let out = if Array::is_array(v) {
        let arr: &Array = v.unchecked_ref();
        let mut items = Vec::with_capacity(arr.length() as usize);
        for (i, item) in arr.iter().enumerate() {
            items.push(convert(&item, &index(path, i), source, ancestors)?);
        }
        Value::Array(items)
    } else {
        let keys = Reflect::own_keys(v)
            .map_err(|_| source.error(at(path), "cannot list the object's keys"))?;
        let mut map = Map::new();
        for key in keys.iter() {
            // Symbol keys are not JSON; JSON.stringify skips them too.
            let Some(name) = key.as_string() else {
                continue;
            };
            let item = Reflect::get(v, &key).map_err(|_| {
                source.error(&join(path, &name), "cannot be read (its getter threw)")
            })?;
            if item.is_undefined() {
                continue;
            }
            let child = convert(&item, &join(path, &name), source, ancestors)?;
            map.insert(name, child);
        }
        Value::Object(map)
    };
    ancestors.pop();
    Ok(out)
}

/// A JS number as JSON: integral values within ±2^53 − 1 as integers (`-0` is 0), others as
/// doubles; `NaN` and `±Infinity` are refused, never read as absent.
#[allow(
    clippy::float_arithmetic,
    reason = "classifying an input number, not computing money"
)]
fn number(n: f64) -> Result<Value, String> {
    if n.is_nan() {
        return Err("must be a number, not NaN".into());
    }
    if n.is_infinite() {
        return Err("must be a finite number, not Infinity".into());
    }
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE {
        #[allow(clippy::cast_possible_truncation, reason = "integral and within ±2^53")]
        let i = n as i64;
        return Ok(Value::from(i));
    }
    Number::from_f64(n)
        .map(Value::Number)
        .ok_or_else(|| "must be a finite number".to_string())
}
