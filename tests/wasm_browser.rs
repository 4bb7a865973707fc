//! The wasm build's own tests, in a real headless browser:
//! `wasm-pack test --headless --chrome -- --test wasm_browser`.
//! Without `run_in_browser` these would be skipped in Chrome and still exit 0.

#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use js_sys::{Object, Reflect, JSON};
use tariff::wasm::{format_usd, is_tariff_error, Pricing};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn code_of(result: Result<JsValue, JsValue>) -> (String, String) {
    let err = result.expect_err("expected a thrown TariffError");
    assert!(err.is_instance_of::<js_sys::Error>(), "a real Error");
    assert!(is_tariff_error(&err));
    let field = get(&err, "field")
        .as_string()
        .or_else(|| get(&err, "path").as_string());
    (
        get(&err, "code").as_string().unwrap(),
        field.unwrap_or_default(),
    )
}

#[wasm_bindgen_test]
fn it_runs_in_a_browser() {
    // A window exists only in a browser: proof these tests ran there, not in Node.
    assert!(web_sys_window_exists(), "expected a browser window");
}

fn web_sys_window_exists() -> bool {
    let global = js_sys::global();
    Reflect::has(&global, &JsValue::from_str("document")).unwrap_or(false)
}

#[wasm_bindgen_test]
fn opus_worked_example_in_the_browser() {
    let p = Pricing::new(None).unwrap();
    let e = p
        .estimate(js(
            r#"{"model":"claude/opus-4-7","usage":{"input_tokens":1234567,"output_tokens":89012}}"#,
        ))
        .unwrap();
    // 22,222,206 + 8,011,080.
    assert_eq!(get(&e, "total_micros").as_f64(), Some(30_233_286.0));
    assert_eq!(
        get(&e, "total_usd").as_string().as_deref(),
        Some("$30.233286")
    );
    // A plain object, not a Map.
    assert!(e.is_instance_of::<Object>() && !e.is_instance_of::<js_sys::Map>());
}

#[wasm_bindgen_test]
fn megapixel_and_default_model_in_the_browser() {
    let p = Pricing::new(None).unwrap();
    // 1024 × 1024 × $0.02 / MP = 20,971.52 -> 20,972.
    let e = p
        .estimate(js(r#"{"model":"black-forest-labs/flux-2-pro-legacy","inputs":{"width":1024,"height":1024}}"#))
        .unwrap();
    assert_eq!(get(&e, "total_micros").as_f64(), Some(20_972.0));
    let e = p
        .estimate(js(
            r#"{"usage":{"input_tokens":1000000,"output_tokens":0}}"#,
        ))
        .unwrap();
    assert_eq!(
        get(&e, "model").as_string().as_deref(),
        Some("claude/sonnet-4-6")
    );
    assert_eq!(get(&e, "total_micros").as_f64(), Some(3_600_000.0));
}

#[wasm_bindgen_test]
fn nan_cycles_and_typos_are_errors_not_traps() {
    let p = Pricing::new(None).unwrap();
    let usage = Object::new();
    Reflect::set(&usage, &"input_tokens".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    let req = Object::new();
    Reflect::set(&req, &"model".into(), &"gpt/4o".into()).unwrap();
    Reflect::set(&req, &"usage".into(), &usage).unwrap();
    assert_eq!(
        code_of(p.estimate(req.clone().into())),
        ("invalid_request".into(), "usage.input_tokens".into())
    );
    // A request that contains itself.
    Reflect::set(&usage, &"self".into(), &req).unwrap();
    let (code, _) = code_of(p.estimate(req.into()));
    assert_eq!(code, "invalid_request");
    let (code, _) = code_of(p.estimate(js(r#"{"model":"claude/sonet-4-7"}"#)));
    assert_eq!(code, "unknown_model");
    // Still answering correctly afterwards.
    for _ in 0..1000 {
        let _ = p.estimate(js(r#"{"model":"gpt/4o","usage":{"input_tokens":1.5}}"#));
    }
    let e = p
        .estimate(js(
            r#"{"model":"gpt/4o-mini","usage":{"input_tokens":1001}}"#,
        ))
        .unwrap();
    assert_eq!(get(&e, "total_micros").as_f64(), Some(180.0));
}

#[wasm_bindgen_test]
fn catalog_errors_usage_and_format_in_the_browser() {
    let (code, path) =
        code_of(Pricing::new(Some(JsValue::from_str("{\"version\":1}"))).map(JsValue::from));
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("invalid_catalog", "version")
    );
    let p = Pricing::new(None).unwrap();
    let b = p
        .usage(JsValue::from_str(
            "{\"model\":\"openai/sora-2\",\"at\":\"2026-11-02T10:00:00Z\"}\n{\"model\":\"skytells/truefusion\",\"usage\":{\"images\":2}}",
        ))
        .unwrap();
    assert_eq!(get(&b, "total_micros").as_f64(), Some(62_000.0));
    assert_eq!(format_usd(JsValue::from_f64(3_600_000.0)).unwrap(), "$3.60");
    let err = format_usd(JsValue::from_f64(0.5)).unwrap_err();
    assert!(err.dyn_ref::<js_sys::Error>().is_some());
}

#[wasm_bindgen_test]
fn the_bound_and_what_a_budget_affords_in_the_browser() {
    let p = Pricing::new(None).unwrap();
    let request = r#"{"model":"claude/opus-4-7","usage":{"input_tokens":5000}}"#;
    // 5,000 × 18 = 90,000 known; at most 64,000 output tokens × 90 more: 5,850,000.
    let e = p.estimate(js(request)).unwrap();
    assert_eq!(get(&e, "total_micros").as_f64(), Some(90_000.0));
    assert_eq!(get(&e, "bound_micros").as_f64(), Some(5_850_000.0));
    let check = p
        .check_budget(js(request), js(r#"{"balance_micros":100000}"#))
        .unwrap();
    assert_eq!(get(&check, "allowed").as_bool(), Some(false));
    assert_eq!(get(&check, "reserve_micros").as_f64(), Some(5_850_000.0));
    let afford = Reflect::get_u32(&get(&check, "affordable"), 0).unwrap();
    assert_eq!(get(&afford, "max").as_f64(), Some(111.0));
    // Unbounded: null, never a number.
    let open = p
        .estimate(js(r#"{"model":"openai/gpt-5","usage":{"input_tokens":1}}"#))
        .unwrap();
    assert!(get(&open, "bound_micros").is_null());
}
