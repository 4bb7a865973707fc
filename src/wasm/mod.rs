//! The WebAssembly bindings (compiled for a JS host only: `wasm32-unknown-unknown`): the
//! `Pricing` class and two functions, over the way in (`transfer`) and the way out
//! (`convert`). Every engine fault becomes a thrown `TariffError` whose `code` and detail
//! fields are the engine error's; nothing here can trap, and no rule lives here.

mod convert;
mod quote;
mod tally;
mod transfer;
mod wire;

use crate::error::Error;
use crate::json::Source;
use crate::usage;
use crate::{Catalog, Request};
use convert::{js_error, make_budget, make_hardware, make_limit, num, sha256_hex, to_js};
use transfer::{string_of, text_of};
use wasm_bindgen::prelude::*;

// Talc instead of Rust's default dlmalloc: smaller, and no slower here (docs/performance.md).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

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
    /// Shared with the usage tallies it starts.
    catalog: std::rc::Rc<Catalog>,
    /// The buffers requests and estimates cross by (see `wire`), made by the first call that
    /// writes through them (an estimate, a quoter, `usage` of an array...): loading, what a
    /// page waits for, does not, and a pricing that only lists models never does.
    wire: std::cell::RefCell<Option<wire::Wire>>,
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
                wire: std::cell::RefCell::new(None),
                catalog: std::rc::Rc::new(catalog),
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
        self.with_wire(|w| w.estimate(&self.catalog, &request))
            .map_err(|e| js_error(&e))
    }
}

#[wasm_bindgen]
impl Pricing {
    /// Prices each request of a list (an array, or its JSON text), failing whole on the first
    /// fault, which names its item (`[1].usage.input_tokens`).
    #[wasm_bindgen(js_name = estimateAll, unchecked_return_type = "Estimate[]")]
    pub fn estimate_all(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PricingRequest[] | string")] requests: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.with_wire(|w| {
            let list = match w.read(&requests) {
                Some(text) => Request::list_from_json(text)?,
                None => transfer::requests(&requests)?,
            };
            let priced = crate::pricing::price_all(&self.catalog, &list)?;
            Ok(priced
                .iter()
                .map(|p| w.estimate_of(p))
                .collect::<js_sys::Array>()
                .into())
        })
        .map_err(|e| js_error(&e))
    }
}

impl Pricing {
    /// Runs `f` with this pricing's wire, or with a spare one when it is in use (a getter
    /// of a request being written calling back into this pricing).
    fn with_wire<R>(&self, f: impl FnOnce(&mut wire::Wire) -> R) -> R {
        match self.wire.try_borrow_mut() {
            Ok(mut w) => f(w.get_or_insert_with(|| wire::Wire::new(&self.catalog))),
            Err(_) => f(&mut wire::Wire::new(&self.catalog)),
        }
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
        } else {
            transfer::list_length(&records, "records").and_then(|n| {
                let n = n.ok_or_else(|| {
                    Error::request("records", "must be an array of records or JSON-lines text")
                })?;
                // The whole export written into the engine's memory as JSON text (once the
                // count is known to be within the limit), priced as it is parsed.
                usage::check_record_count(n as usize)?;
                self.with_wire(|w| {
                    let priced = match w.read_export(&records) {
                        Some(text) => self.catalog.usage_text(text),
                        None => text_of(&records, "records", Source::Request)
                            .and_then(|text| self.catalog.usage_text(&text)),
                    };
                    w.relax();
                    priced
                })
            })
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
        let run = |w: &mut wire::Wire| -> Result<(crate::budget::Verdict, JsValue), Error> {
            let r = w.request(&request)?;
            let b = transfer::budget(&budget)?;
            let priced = crate::pricing::price(&self.catalog, &r)?;
            let verdict = crate::budget::verdict(&self.catalog, &r, &priced, &b);
            Ok((verdict, w.estimate_of(&priced)))
        };
        let (v, estimate) = self.with_wire(run).map_err(|e| js_error(&e))?;
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
            estimate,
        ))
    }
}

#[wasm_bindgen]
impl Pricing {
    /// A usage tally: prices an export chunk by chunk (whole JSON lines each), returning each
    /// chunk's calls as columns, and the breakdown of everything at the end.
    pub fn tally(&self) -> tally::UsageTally {
        tally::UsageTally::new(self.catalog.clone())
    }

    /// A prepared quote: `request` fixed but for the usage `fields` (`["input_tokens",
    /// "output_tokens"]`); returns a function of those quantities (in order; seconds as
    /// seconds) giving the exact `total_micros`, throwing the same coded errors a request with
    /// those numbers would.
    #[wasm_bindgen(unchecked_return_type = "(...values: number[]) => Micros")]
    pub fn quoter(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PricingRequest | string")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] fields: JsValue,
    ) -> Result<JsValue, JsValue> {
        let names = || -> Result<Vec<String>, Error> {
            let n = transfer::list_length(&fields, "fields")?
                .ok_or_else(|| Error::request("fields", "must be an array of usage keys"))?;
            (0..n)
                .map(|i| {
                    transfer::item(&fields, i, "fields")?
                        .as_string()
                        .ok_or_else(|| Error::request(format!("fields[{i}]"), "must be a string"))
                })
                .collect()
        };
        let run = || -> Result<JsValue, Error> {
            let r = self.with_wire(|w| w.request(&request))?;
            quote::Quote::make(self.catalog.clone(), r, &names()?)
        };
        run().map_err(|e| js_error(&e))
    }

    /// Where a project stands after `budget.spent_micros`: what remains, how far past its
    /// limit, and the early-charge thresholds its spend crossed (the engine's budget rules).
    #[wasm_bindgen(js_name = budgetStatus, unchecked_return_type = "BudgetStatus")]
    pub fn budget_status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Budget")] budget: JsValue,
    ) -> Result<JsValue, JsValue> {
        let b = transfer::budget(&budget).map_err(|e| js_error(&e))?;
        to_js(&self.catalog.budget_status(&b))
    }
}

/// Formats whole micros as dollars: `30233286` -> `$30.233286`, `3600000` -> `$3.60`.
/// Throws `invalid_request` for anything but an integer in 0..=2^53-1.
#[wasm_bindgen(js_name = formatUsd)]
pub fn format_usd(
    #[wasm_bindgen(unchecked_param_type = "number")] micros: JsValue,
) -> Result<String, JsValue> {
    Ok(crate::money::format_usd(js_micros(&micros)?))
}

/// Formats whole micros as dollars rounded half-up to the cent, as price lists print
/// per-token prices (`3600000` -> `$3.60`, `5000` -> `$0.01`): display only, never billed.
/// Throws `invalid_request` for anything but an integer in 0..=2^53-1.
#[wasm_bindgen(js_name = formatUsdCents)]
pub fn format_usd_cents(
    #[wasm_bindgen(unchecked_param_type = "number")] micros: JsValue,
) -> Result<String, JsValue> {
    Ok(crate::money::format_usd_cents(js_micros(&micros)?))
}

/// Reads dollars as a person types them (`12.5`, `$0.000125`) into exact micros; throws
/// `invalid_request` (field `usd`) for anything else (a sign, separators, more than six
/// decimals, more than 2^53 - 1 micros, a value that is not a string).
#[wasm_bindgen(js_name = parseUsd)]
pub fn parse_usd(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
) -> Result<f64, JsValue> {
    // Taken as any value so that a number (an input's `valueAsNumber`) is a coded error, not
    // wasm-bindgen's TypeError.
    let text = js_text(text, "usd")?;
    crate::money::parse_usd(&text)
        .map(num)
        .map_err(|m| js_error(&Error::request("usd", m)))
}

/// A JS string, or `invalid_request` naming `field`.
fn js_text(value: &JsValue, field: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| js_error(&Error::request(field, "must be a string")))
}

/// A line item's quantity and rate in words, as a bill shows them (`{quantity: "12.5 s",
/// rate: "$0.0014 / second"}`, `"1,500 tokens"`, `"$3.00 / 1M tokens"`), from its `unit`,
/// `quantity`, `rate_micros` and `rate_per`. Throws `invalid_request` naming the field for
/// anything else.
#[wasm_bindgen(js_name = lineText, unchecked_return_type = "LineText")]
pub fn line_text(
    #[wasm_bindgen(unchecked_param_type = "LineItem")] line: &JsValue,
) -> Result<JsValue, JsValue> {
    let get = |k: &str| js_sys::Reflect::get(line, &JsValue::from_str(k)).unwrap_or_default();
    let count = |k: &str| js_count(&get(k), &format!("line.{k}"));
    let unit = get("unit").as_string().unwrap_or_default();
    let (quantity, rate) = crate::display::line_text(
        &unit,
        count("quantity")?,
        count("rate_micros")?,
        count("rate_per")?,
    )
    .ok_or_else(|| js_error(&Error::request("line.unit", "is not a line item's unit")))?;
    Ok(convert::make_line_text(&quantity, &rate))
}

/// A JS number of micros, read as any count is (a whole number within 0..=2^53-1).
fn js_micros(micros: &JsValue) -> Result<u64, JsValue> {
    js_count(micros, "micros")
}

/// A JS number read as any count is (a whole number within 0..=2^53-1), faults at `field`.
fn js_count(value: &JsValue, field: &str) -> Result<u64, JsValue> {
    // A JS number as JSON (integral values as integers), then read as any count is.
    let value = value
        .as_f64()
        .and_then(serde_json::Number::from_f64)
        .map(|n| crate::json::js_form(&serde_json::Value::Number(n)))
        .ok_or_else(|| js_error(&Error::request(field, "must be a finite number")))?;
    crate::json::count(&value).map_err(|m| js_error(&Error::request(field, m)))
}

/// Whether `value` is an error thrown by tariff (an `Error` with a tariff `code`).
#[wasm_bindgen(js_name = isTariffError, unchecked_return_type = "value is TariffError")]
pub fn is_tariff_error(#[wasm_bindgen(unchecked_param_type = "unknown")] value: &JsValue) -> bool {
    if !convert::is_error(value) {
        return false;
    }
    let code = js_sys::Reflect::get(value, &JsValue::from_str("code"))
        .ok()
        .and_then(|c| c.as_string());
    code.is_some_and(|c| Error::CODES.contains(&c.as_str()))
}
