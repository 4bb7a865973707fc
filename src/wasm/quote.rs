//! `pricing.quoter(request, fields)`: a prepared quote as a JS function of the open
//! quantities, giving the exact `total_micros` (see `crate::quote`). A bad number throws the
//! same coded error as a request with it would.

use super::convert::{js_error, num};
use crate::error::Error;
use crate::request::Request;
use crate::Catalog;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/js/results.js")]
extern "C" {
    /// A function `(...values) => total_micros` calling `quote`'s method for its arity.
    #[wasm_bindgen(js_name = makeQuoter)]
    fn make_quoter(quote: Quote, fields: usize) -> JsValue;
}

/// A request fixed but for its open usage fields.
#[wasm_bindgen]
pub struct Quote {
    catalog: Rc<Catalog>,
    request: Request,
    fields: Vec<&'static str>,
    /// The quote compiled to its lines, where it can be (`crate::quote::Plan`).
    plan: Option<crate::quote::Plan>,
}

impl Quote {
    pub(crate) fn make(
        catalog: Rc<Catalog>,
        request: Request,
        fields: &[String],
    ) -> Result<JsValue, Error> {
        let names: Vec<&str> = fields.iter().map(String::as_str).collect();
        // The same checks and first pricing as the Rust API's quoter.
        let fields = crate::quote::usage_fields(&names)?;
        crate::quote::check_once(&catalog, &request)?;
        let n = fields.len();
        let plan = crate::quote::Plan::compile(&catalog, &request, &fields);
        Ok(make_quoter(
            Quote {
                catalog,
                request,
                fields,
                plan,
            },
            n,
        ))
    }

    fn price(&mut self, values: &[f64]) -> Result<f64, JsValue> {
        let mut quantities = [0u64; crate::quote::MAX_QUOTE_FIELDS];
        for (i, (key, v)) in self.fields.iter().zip(values).enumerate() {
            let q = quantity(key, *v).map_err(|e| js_error(&e))?;
            if let Some(slot) = quantities.get_mut(i) {
                *slot = q;
            }
        }
        let n = self.fields.len().min(values.len());
        let mut bill = crate::quote::quote_bill();
        let given = quantities.get(..n).unwrap_or(&[]);
        let priced = crate::quote::price_with(
            &self.catalog,
            &mut self.request,
            &self.fields,
            given,
            &mut bill,
        );
        priced.map(|m| num(m.get())).map_err(|e| js_error(&e))
    }
}

/// A JS number that is a whole count within 0..=2^53-1, as itself.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a whole number in 0..=2^53-1, checked first"
)]
fn whole(v: f64) -> Option<u64> {
    const MAX: f64 = 9_007_199_254_740_991.0;
    ((0.0..=MAX).contains(&v) && v.fract() == 0.0).then_some(v as u64)
}

/// How a JS value's type reads in a message.
fn type_of(v: &JsValue) -> String {
    v.js_typeof()
        .as_string()
        .unwrap_or_else(|| "a value".into())
}

/// A JS number as the quantity `key` holds (a whole count; seconds as a decimal number of
/// seconds, in ms), read as the request readers read one.
fn quantity(key: &str, v: f64) -> Result<u64, Error> {
    // A whole count within range is itself: the common case, without a JSON value.
    if let Some(n) = whole(v).filter(|_| !key.ends_with("seconds")) {
        return Ok(n);
    }
    let field = || format!("usage.{key}");
    let value = serde_json::Number::from_f64(v)
        .map(|n| crate::json::js_form(&serde_json::Value::Number(n)))
        .ok_or_else(|| Error::request(field(), "must be a finite number"))?;
    if key.ends_with("seconds") {
        crate::json::seconds_to_millis(&value).map_err(|m| Error::request(field(), m))
    } else {
        crate::json::count(&value).map_err(|m| Error::request(field(), m))
    }
}

#[wasm_bindgen]
impl Quote {
    /// The total with two open quantities at `a`, `b` where the compiled quote answers (two
    /// whole counts of a compiled quote); NaN where it does not, and `quoteAll` must (the walk,
    /// and every error). Never throws: the quick path is one call with no error shim.
    pub fn quote2(&self, a: f64, b: f64) -> f64 {
        let (Some(plan), Some(a), Some(b)) = (&self.plan, whole(a), whole(b)) else {
            return f64::NAN;
        };
        plan.quote(&[a, b]).map_or(f64::NAN, |m| num(m.get()))
    }

    /// The total with the open quantities in `values` (an array of any length): the path
    /// for other than two fields, and for values that are not plain numbers (which it names).
    #[wasm_bindgen(js_name = quoteAll)]
    pub fn quote_all(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "unknown[]")] values: &JsValue,
    ) -> Result<f64, JsValue> {
        let arr: Option<&js_sys::Array> = values.dyn_ref();
        let n = arr.map_or(0, js_sys::Array::length) as usize;
        if n != self.fields.len() {
            return Err(js_error(&Error::request(
                "values",
                format!("gives {n} quantities for the {} fields", self.fields.len()),
            )));
        }
        let mut numbers = Vec::with_capacity(n);
        for (i, key) in self.fields.iter().enumerate() {
            let v = arr.map_or(JsValue::UNDEFINED, |a| a.get(i as u32));
            let Some(x) = v.as_f64() else {
                return Err(js_error(&Error::request(
                    format!("usage.{key}"),
                    format!("must be a number, not {}", type_of(&v)),
                )));
            };
            numbers.push(x);
        }
        self.price(&numbers)
    }
}
