//! Prepared quotes against the estimate: a compiled quote (a per-token price with token
//! counts open) and a walked one give the `total_micros` of the same request estimated, for
//! every per-token model of the shipped catalog and for prices built to catch a plan that
//! forgets a rule (quantity rounding, a service tier's percentage, its own rates, a minimum
//! charge, context tiers).

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failing test"
)]

use proptest::prelude::*;
use serde_json::{json, Value};
use tariff::{Catalog, Request};

/// The shipped catalog plus per-token prices that exercise each rule a plan must keep.
fn catalog() -> Catalog {
    let mut c: Value = serde_json::from_str(tariff::EMBEDDED_CATALOG).unwrap();
    let models = c["models"].as_array_mut().unwrap();
    let model = |slug: &str, billing: Value| {
        json!({"slug": slug, "name": slug, "family": "Test", "provider": "Test",
               "surface": "agentic", "kind": "text", "billing": billing})
    };
    models.push(model(
        "test/rounded",
        json!({"shape": "per_token", "input_per_million": 3_000_001, "output_per_million": 7_777_777,
               "cached_input_per_million": 300_001,
               "rounding": {"mode": "ceiling", "step": 1000},
               "service_tiers": {"third": {"percent": 33}, "own": {"billing": {"shape": "per_token",
                   "input_per_million": 1_000_003, "output_per_million": 5_000_007}}},
               "fees": {"per_request": 1234}}),
    ));
    models.push(model(
        "test/minimum",
        json!({"shape": "per_token", "input_per_million": 100_000, "output_per_million": 400_000,
               "minimum_micros": 5000}),
    ));
    models.push(model(
        "test/graduated",
        json!({"shape": "per_token", "input_per_million": 1_000_000, "output_per_million": 2_000_000,
               "context_tiers": {"mode": "graduated", "tiers": [
                   {"above_input_tokens": 1000, "input_per_million": 2_000_000, "output_per_million": 4_000_000}]}}),
    ));
    Catalog::from_value(&c).unwrap()
}

fn per_token_slugs(c: &Catalog) -> Vec<String> {
    c.models()
        .iter()
        .filter(|m| m.billing.shape() == "per_token")
        .map(|m| m.slug.clone())
        .collect()
}

fn estimate_total(c: &Catalog, request: &Value) -> Result<u64, String> {
    let r = Request::from_value(request).map_err(|e| e.to_string())?;
    c.estimate(&r)
        .map(|e| e.total_micros.get())
        .map_err(|e| e.to_string())
}

#[test]
fn plain_token_prices_compile_and_the_rest_are_walked() {
    let c = catalog();
    let quoter = |request: Value, fields: &[&str]| {
        c.quoter(&Request::from_value(&request).unwrap(), fields)
            .unwrap()
            .is_compiled()
    };
    let io = ["input_tokens", "output_tokens"];
    assert!(quoter(json!({"model": "gpt/4o"}), &io));
    assert!(quoter(
        json!({"model": "test/rounded", "service_tier": "third"}),
        &io
    ));
    assert!(quoter(
        json!({"model": "test/rounded", "service_tier": "own"}),
        &io
    ));
    // What makes the bill depend on more than each field's own line: the walk answers.
    assert!(!quoter(json!({"model": "test/minimum"}), &io));
    assert!(!quoter(json!({"model": "test/graduated"}), &io));
    assert!(!quoter(
        json!({"model": "claude/opus-4-7", "limits": {"output_tokens": 10}}),
        &io
    ));
    assert!(!quoter(
        json!({"model": "openai/gpt-5"}),
        &["input_tokens", "web_searches"]
    ));
    assert!(!quoter(json!({"model": "gpt/4o", "status": "failed"}), &io));
}

#[test]
fn a_compiled_quote_is_the_hand_worked_price() {
    let c = catalog();
    let r =
        Request::from_value(&json!({"model": "test/rounded", "service_tier": "third"})).unwrap();
    let mut q = c.quoter(&r, &["input_tokens", "output_tokens"]).unwrap();
    assert!(q.is_compiled());
    // 1,001 input tokens round up to 2,000 and 999 output tokens to 1,000 (steps of 1,000);
    // at 33% of the rates: 2,000 × 3,000,001 × 33 ÷ 100,000,000 = 1,980.00066 -> 1,980;
    // 1,000 × 7,777,777 × 33 ÷ 100,000,000 = 2,566.66641 -> 2,567; plus the 1,234 request fee.
    assert_eq!(q.quote(&[1001, 999]).unwrap().get(), 1980 + 2567 + 1234);
    // Past 2^53 - 1 micros the plan gives way and the walk names the overflow.
    let err = q.quote(&[9_007_199_254_740_991, 0]).unwrap_err();
    assert_eq!(err.code(), "overflow");
}

fn tier() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        Just(None),
        Just(Some("standard")),
        Just(Some("batch")),
        Just(Some("flex")),
        Just(Some("priority")),
        Just(Some("third")),
        Just(Some("own")),
    ]
}

fn count() -> impl Strategy<Value = u64> {
    prop_oneof![0u64..3000, 0u64..5_000_000, Just(9_007_199_254_740_991)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]
    #[test]
    fn every_quote_is_the_estimate_of_its_request(
        pick in any::<prop::sample::Index>(),
        tier in tier(),
        cached in prop::option::of(0u64..10_000),
        fields in prop_oneof![
            Just(vec!["input_tokens", "output_tokens"]),
            Just(vec!["output_tokens"]),
            Just(vec!["cached_input_tokens", "input_tokens"]),
            Just(vec!["input_tokens", "reasoning_tokens", "output_tokens"]),
        ],
        values in prop::collection::vec(count(), 3),
    ) {
        let c = catalog();
        let slugs = per_token_slugs(&c);
        let slug = pick.get(&slugs);
        let mut request = json!({"model": slug});
        if let Some(t) = tier {
            request["service_tier"] = json!(t);
        }
        if let Some(n) = cached.filter(|_| !fields.contains(&"cached_input_tokens")) {
            request["usage"] = json!({"cached_input_tokens": n});
        }
        // A request the catalog refuses (a tier or token kind the model lacks) has no quoter.
        let Ok(r) = Request::from_value(&request) else { return Ok(()) };
        let Ok(mut q) = c.quoter(&r, &fields) else { return Ok(()) };
        let values = &values[..fields.len()];
        let mut full = request.clone();
        for (f, v) in fields.iter().zip(values) {
            full["usage"][*f] = json!(v);
        }
        let expected = estimate_total(&c, &full);
        let quoted = q.quote(values).map(|m| m.get()).map_err(|e| e.to_string());
        prop_assert_eq!(quoted, expected, "{} {:?} compiled: {}", slug, request, q.is_compiled());
    }
}
