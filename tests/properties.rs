//! Properties of the money arithmetic and the pricing shapes that hold for every input,
//! checked with proptest.

// Native only (processes, proptest, jsonschema); the wasm build has tests/wasm_browser.rs.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::float_arithmetic,
    reason = "test code: a panic is a failing test"
)]

use proptest::prelude::*;
use serde_json::json;
use tariff::money::line_micros;
use tariff::{Catalog, Request};

fn catalog() -> &'static Catalog {
    static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    C.get_or_init(|| Catalog::embedded().unwrap())
}

const TOKEN_MODELS: &[&str] = &[
    "claude/opus-4-7",
    "claude/sonnet-4-6",
    "claude/haiku-4-5",
    "gpt/5",
    "gpt/5-mini",
    "gpt/4o",
    "gpt/4o-mini",
    "gemini/2.5-pro",
    "gemini/2.5-flash",
    "gemini/2.0-flash",
    "anthropic/claude-sonnet-4-5",
    "google/gemini-2.5-pro",
];

proptest! {
    /// |rounded × per − quantity × rate| ≤ per ÷ 2: never more than half a micro off.
    #[test]
    fn a_line_item_is_within_half_a_micro(q in 0u64..1u64 << 40, rate in 0u64..1u64 << 30, per in 1u64..10_000_000) {
        let exact = i128::from(q) * i128::from(rate);
        let m = match line_micros(u128::from(q), rate, per, "x") {
            Ok(m) => m.get(),
            Err(e) => {
                // Only ever because the rounded value passes 2^53 − 1.
                prop_assert_eq!(e.code(), "overflow");
                prop_assert!((2 * exact + i128::from(per)) / (2 * i128::from(per)) > i128::from(tariff::MAX_SAFE_MICROS));
                return Ok(());
            }
        };
        let diff = (i128::from(m) * i128::from(per) - exact).abs();
        prop_assert!(2 * diff <= i128::from(per), "{m} vs {exact}/{per}");
        // Half-up: exactly half rounds away from zero.
        if 2 * (exact % i128::from(per)) == i128::from(per) {
            prop_assert!(i128::from(m) * i128::from(per) > exact);
        }
    }

    /// Every estimate line of a per-token model is within half a micro of its exact value.
    #[test]
    fn estimate_lines_are_within_half_a_micro(model in prop::sample::select(TOKEN_MODELS), i in 0u64..50_000_000, o in 0u64..5_000_000) {
        let e = catalog().estimate(&Request::tokens(model, i, o)).unwrap();
        let mut sum = 0;
        for l in &e.line_items {
            let exact = i128::from(l.quantity) * i128::from(l.rate_micros);
            let diff = (i128::from(l.micros.get()) * i128::from(l.rate_per) - exact).abs();
            prop_assert!(2 * diff <= i128::from(l.rate_per));
            sum += l.micros.get();
        }
        prop_assert_eq!(sum, e.total_micros.get(), "a total is the sum of its rounded lines");
    }

    /// Splitting a per-token usage into parts changes the total by at most the number of
    /// rounded items involved (each rounding moves at most half a micro, on either side).
    #[test]
    fn splitting_usage_moves_the_total_by_at_most_the_rounded_items(
        model in prop::sample::select(&TOKEN_MODELS[..10]),
        parts in prop::collection::vec((0u64..2_000_000, 0u64..2_000_000), 1..8),
    ) {
        let c = catalog();
        let (ti, to) = parts.iter().fold((0, 0), |(a, b), (i, o)| (a + i, b + o));
        let whole = c.estimate(&Request::tokens(model, ti, to)).unwrap();
        let mut split_total = 0i128;
        let mut items = whole.line_items.len();
        for (i, o) in &parts {
            let e = c.estimate(&Request::tokens(model, *i, *o)).unwrap();
            split_total += i128::from(e.total_micros.get());
            items += e.line_items.len();
        }
        let diff = (i128::from(whole.total_micros.get()) - split_total).unsigned_abs();
        prop_assert!(diff <= items as u128, "diff {diff} > {items} rounded items");
    }

    /// More of any quantity never costs less.
    #[test]
    fn cost_is_monotonic_in_every_quantity(
        base in 0u64..400_000, extra in 1u64..400_000,
        secs in 0u32..100_000, more_ms in 1u32..100_000,
        w in 1u64..4000, h in 1u64..4000, dw in 1u64..4000, n in 1u64..20,
    ) {
        let c = catalog();
        let t = |v: serde_json::Value| c.estimate(&Request::from_value(&v).unwrap()).unwrap().total_micros.get();
        let s = f64::from(secs) / 1000.0;
        let s2 = f64::from(secs + more_ms) / 1000.0;
        for model in TOKEN_MODELS {
            for key in ["input_tokens", "output_tokens"] {
                let lo = t(json!({"model": model, "usage": {key: base}}));
                let hi = t(json!({"model": model, "usage": {key: base + extra}}));
                prop_assert!(lo <= hi, "{model} {key}");
            }
        }
        let cached = "anthropic/claude-sonnet-4-5";
        prop_assert!(t(json!({"model": cached, "usage": {"cached_input_tokens": base}}))
            <= t(json!({"model": cached, "usage": {"cached_input_tokens": base + extra}})), "cached");
        for (model, key) in [
            ("skytells/truefusion-optima", "seconds"),
            ("private/llama-3-70b", "seconds"), ("private/llama-3-70b", "setup_seconds"),
            ("private/llama-3-70b", "idle_seconds"), ("community/sdxl", "seconds"),
        ] {
            prop_assert!(t(json!({"model": model, "usage": {key: s}})) <= t(json!({"model": model, "usage": {key: s2}})), "{model} {key}");
        }
        for model in ["skytells/truefusion-video-pro", "google/veo-3-t2v", "bytedance/seedance-2-fast-i2v", "kuaishou/kling-v3-t2v"] {
            prop_assert!(t(json!({"model": model, "inputs": {"duration": s}})) <= t(json!({"model": model, "inputs": {"duration": s2}})), "{model}");
        }
        let flux = "black-forest-labs/flux-2-pro-legacy";
        let px = |w: u64, h: u64, n: u64| t(json!({"model": flux, "inputs": {"width": w, "height": h}, "usage": {"images": n}}));
        prop_assert!(px(w, h, n) <= px(w + dw, h, n));
        prop_assert!(px(w, h, n) <= px(w, h + dw, n));
        prop_assert!(px(w, h, n) <= px(w, h, n + 1));
        for (model, key) in [("skytells/truefusion", "images"), ("openai/gpt-image-2", "images"),
                             ("skytells/lumo", "predictions"), ("openai/sora-2", "videos")] {
            prop_assert!(t(json!({"model": model, "usage": {key: n}})) <= t(json!({"model": model, "usage": {key: n + 1}})), "{model} {key}");
        }
    }

    /// Parsing never panics, whatever JSON text arrives.
    #[test]
    fn parsing_arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = Request::from_json(&text);
        let _ = Catalog::from_json(&text);
    }
}

fn depth() -> &'static Catalog {
    static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    C.get_or_init(|| Catalog::from_json(include_str!("data/depth_catalog.json")).unwrap())
}

fn total_in(c: &Catalog, v: serde_json::Value) -> u64 {
    c.estimate(&Request::from_value(&v).unwrap())
        .unwrap_or_else(|e| panic!("{v}: {e}"))
        .total_micros
        .get()
}

proptest! {
    /// Where tier rates rise with usage, graduated pricing never exceeds cliff pricing for
    /// the same usage (test/graduated and test/cliff-two differ only in the mode).
    #[test]
    fn graduated_never_exceeds_cliff(input in 0u64..5_000, cached in 0u64..3_000, output in 0u64..5_000) {
        let usage = json!({"input_tokens": input, "cached_input_tokens": cached, "output_tokens": output});
        let g = total_in(depth(), json!({"model": "test/graduated", "usage": usage}));
        let c = total_in(depth(), json!({"model": "test/cliff-two", "usage": usage}));
        prop_assert!(g <= c, "graduated {g} > cliff {c} for {usage}");
        // Below the first threshold both are the base price.
        if input + cached <= 1_000 {
            prop_assert_eq!(g, c);
        }
    }

    /// More of any new quantity never costs less: every token kind on the cliff and
    /// graduated models, fees, rounded quantities, base + extra seconds.
    #[test]
    fn cost_is_monotonic_in_the_new_quantities(base in 0u64..4_000, extra in 1u64..4_000, ms in 0u32..20_000, more_ms in 1u32..20_000) {
        let d = depth();
        for model in ["test/cliff", "test/graduated", "test/cliff-two", "test/kinds", "test/reasoning", "test/floor-tokens", "test/half-up-tokens"] {
            let kinds: &[&str] = match model {
                "test/cliff" => &["input_tokens", "output_tokens", "cached_input_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens"],
                "test/graduated" | "test/cliff-two" => &["input_tokens", "output_tokens", "cached_input_tokens", "reasoning_tokens"],
                "test/kinds" => &["input_tokens", "audio_input_tokens", "image_input_tokens", "reasoning_tokens"],
                _ => &["input_tokens", "output_tokens", "reasoning_tokens"],
            };
            for key in kinds {
                // Against a fixed mix of the other kinds, so tiers are crossed from any side.
                let mut lo = json!({"input_tokens": 700, "output_tokens": 300});
                lo[*key] = json!(base);
                let mut hi = lo.clone();
                hi[*key] = json!(base + extra);
                let (a, b) = (total_in(d, json!({"model": model, "usage": lo})), total_in(d, json!({"model": model, "usage": hi})));
                prop_assert!(a <= b, "{model} {key}: {a} > {b}");
            }
        }
        for key in ["web_searches", "tool_calls"] {
            let a = total_in(d, json!({"model": "test/fees", "usage": {key: base}}));
            let b = total_in(d, json!({"model": "test/fees", "usage": {key: base + extra}}));
            prop_assert!(a <= b, "{key}");
        }
        let s = f64::from(ms) / 1000.0;
        let s2 = f64::from(ms + more_ms) / 1000.0;
        let started = |secs: f64| total_in(d, json!({"model": "test/started-second", "usage": {"seconds": secs}}));
        prop_assert!(started(s) <= started(s2));
        let kling = |secs: f64| total_in(catalog(), json!({"model": "kuaishou/kling-v2.1-master", "inputs": {"duration": secs}}));
        prop_assert!(kling(s) <= kling(s2));
        let flux = |w: u64| total_in(catalog(), json!({"model": "black-forest-labs/flux-1-dev", "inputs": {"width": w, "height": 1000}}));
        prop_assert!(flux(1 + base) <= flux(1 + base + extra));
    }
}
