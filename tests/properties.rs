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

mod support;
use proptest::prelude::*;
use serde_json::json;
use support::shipped as catalog;
use tariff::money::line_micros;
use tariff::{Catalog, Request};

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

/// Models with the prompt kinds they price and their service tiers, for the bound properties.
const BOUNDED: &[(bool, &str, &[&str], &[&str])] = &[
    (true, "claude/opus-4-7", &["input_tokens"], &[]),
    (true, "gpt/4o-mini", &["input_tokens"], &[]),
    (true, "gemini/2.0-flash", &["input_tokens"], &[]),
    (true, "google/gemini-2.5-pro", &["input_tokens"], &[]),
    (true, "perplexity/sonar", &["input_tokens"], &[]),
    (
        true,
        "openai/gpt-5",
        &["cached_input_tokens", "input_tokens"],
        &["batch", "priority"],
    ),
    (
        true,
        "anthropic/claude-sonnet-4-5",
        &[
            "cached_input_tokens",
            "cache_write_5m_tokens",
            "cache_write_1h_tokens",
            "input_tokens",
        ],
        &["batch"],
    ),
    (
        false,
        "test/cliff",
        &[
            "cached_input_tokens",
            "cache_write_5m_tokens",
            "cache_write_1h_tokens",
            "input_tokens",
        ],
        &[],
    ),
    (
        false,
        "test/graduated",
        &["cached_input_tokens", "input_tokens"],
        &[],
    ),
    (
        false,
        "test/kinds",
        &["audio_input_tokens", "image_input_tokens", "input_tokens"],
        &[],
    ),
    (false, "test/reasoning", &["input_tokens"], &[]),
    (false, "test/half-up-tokens", &["input_tokens"], &[]),
    (false, "test/floor-tokens", &["input_tokens"], &[]),
    (false, "test/percent", &["input_tokens"], &["half"]),
];

fn priced<'c>(c: &'c Catalog, v: &serde_json::Value) -> tariff::Estimate<'c> {
    c.estimate(&Request::from_value(v).unwrap())
        .unwrap_or_else(|e| panic!("{v}: {e}"))
}

proptest! {
    /// No bill the limits allow is above the bound, and the expected total never is: the
    /// prompt split any way between its kinds, output and reasoning any way, searches,
    /// service tiers, cliffs, graduated bands and rounding steps included.
    #[test]
    fn no_bill_within_the_limits_is_above_the_bound(
        which in 0..BOUNDED.len(),
        prompt_limit in 0u64..400_000, output_limit in 0u64..150_000,
        prompt_parts in prop::collection::vec(0u64..1_000, 4),
        output_share in 0u64..=1_000, reasoning_share in 0u64..=1_000,
        expected_prompt in 0u64..400_000,
        searches in 0u64..5, tier in 0usize..3, cap_prompt in any::<bool>(),
    ) {
        let (shipped, model, kinds, tiers) = BOUNDED[which];
        let c = if shipped { catalog() } else { depth() };
        let tier = tiers.get(tier).copied();
        // The request before the run: an expected prompt within the limit, both pools limited.
        let expected_prompt = expected_prompt.min(prompt_limit);
        let mut limits = json!({"output_tokens": output_limit, "web_searches": searches});
        if cap_prompt {
            limits["input_tokens"] = json!(prompt_limit);
        }
        let mut before = json!({"model": model, "usage": {"input_tokens": expected_prompt}, "limits": limits});
        if let Some(t) = tier {
            before["service_tier"] = json!(t);
        }
        let e = priced(c, &before);
        let Some(bound) = e.bound_micros.map(|m| m.get()) else {
            prop_assert!(!cap_prompt || !e.unbounded.is_empty());
            return Ok(());
        };
        prop_assert!(bound >= e.total_micros.get(), "{before}: bound {bound} < total {}", e.total_micros.get());
        // A run within the limits (the request's, or the catalog's where smaller): the prompt
        // split between the kinds (as given, if the prompt was not limited), output and
        // reasoning sharing their cap.
        let caps = c.model(model).unwrap().limits;
        let output_limit = caps.output_tokens.map_or(output_limit, |c| c.min(output_limit));
        let prompt_limit = caps.input_tokens.map_or(prompt_limit, |c| c.min(prompt_limit)).max(expected_prompt);
        let weight: u64 = prompt_parts.iter().take(kinds.len()).sum::<u64>().max(1);
        let mut usage = serde_json::Map::new();
        let prompt = if cap_prompt { prompt_limit } else { expected_prompt };
        let mut left = prompt;
        for (k, w) in kinds.iter().zip(&prompt_parts) {
            let n = if cap_prompt { (prompt * w / weight).min(left) } else if *k == "input_tokens" { prompt } else { 0 };
            left -= n.min(left);
            usage.insert((*k).to_string(), json!(n));
        }
        let output = output_limit * output_share / 1_000;
        let reasoning = (output_limit - output) * reasoning_share / 1_000;
        usage.insert("output_tokens".into(), json!(output));
        usage.insert("reasoning_tokens".into(), json!(reasoning));
        if model == "openai/gpt-5" {
            usage.insert("web_searches".into(), json!(searches));
        }
        let mut run = json!({"model": model, "usage": usage});
        if let Some(t) = tier {
            run["service_tier"] = json!(t);
        }
        let real = priced(c, &run).total_micros.get();
        prop_assert!(real <= bound, "{run} costs {real}, above the bound {bound} of {before}");
    }

    /// Time-billed runs within their limits never cost more than the bound.
    #[test]
    fn no_run_within_its_time_limits_is_above_the_bound(
        limit_ms in 0u64..4_000_000, share in 0u64..=1_000, setup_ms in 0u64..600_000, idle_ms in 0u64..900_000,
        which in 0usize..4,
    ) {
        let (c, model) = [(catalog(), "skytells/truefusion-optima"), (catalog(), "private/llama-3-70b"),
            (catalog(), "community/sdxl"), (depth(), "test/started-second")][which];
        let secs = |ms: u64| ms as f64 / 1000.0;
        let before = json!({"model": model, "limits": {"seconds": secs(limit_ms)}});
        let e = priced(c, &before);
        let bound = e.bound_micros.map(|m| m.get());
        if model == "test/started-second" {
            prop_assert!(bound.is_some());
        }
        let Some(bound) = bound else { return Ok(()) };
        prop_assert!(bound >= e.total_micros.get());
        let caps = c.model(model).unwrap().limits;
        let limit_ms = caps.active_ms.map_or(limit_ms, |c| c.min(limit_ms));
        let run = json!({"model": model, "usage": {"seconds": secs(limit_ms * share / 1_000),
            "setup_seconds": secs(setup_ms), "idle_seconds": secs(idle_ms)}});
        let real = priced(c, &run).total_micros.get();
        prop_assert!(real <= bound, "{run} costs {real}, above the bound {bound}");
    }

    /// A request whose every quantity is measured (given in usage, no limits) is its own bound.
    #[test]
    fn a_measured_request_is_its_own_bound(
        which in 0..BOUNDED.len(), input in 0u64..400_000, output in 0u64..100_000,
        reasoning in 0u64..10_000, searches in 0u64..5, secs in 0u64..4_000_000,
    ) {
        let (shipped, model, _, _) = BOUNDED[which];
        let c = if shipped { catalog() } else { depth() };
        let mut usage = json!({"input_tokens": input, "output_tokens": output, "reasoning_tokens": reasoning});
        if model == "openai/gpt-5" {
            usage["web_searches"] = json!(searches);
        }
        for v in [json!({"model": model, "usage": usage}),
                  json!({"model": "private/llama-3-70b", "usage": {"seconds": secs as f64 / 1000.0, "setup_seconds": 3, "idle_seconds": 0}}),
                  json!({"model": "skytells/truefusion-optima", "usage": {"seconds": secs as f64 / 1000.0}})] {
            let c = if v["model"] == model { c } else { catalog() };
            let e = priced(c, &v);
            prop_assert_eq!(e.bound_micros, Some(e.total_micros), "{}", v);
        }
    }

    /// A pool given in usage with one of its kinds limited is bounded as that kind at its
    /// limit: the limit opens that kind alone, never the measured rest of the pool.
    #[test]
    fn a_limited_kind_is_bounded_at_its_limit(
        which in 0..BOUNDED.len(), input in 0u64..300_000, output in 0u64..50_000,
        reasoning in 0u64..5_000, given in 0u64..1_000, extra in 0u64..5_000, kind in 0usize..4,
    ) {
        let (shipped, model, kinds, _) = BOUNDED[which];
        let c = if shipped { catalog() } else { depth() };
        // Reasoning, or one of the model's prompt kinds but plain input (whose key limits the
        // whole prompt).
        let prompt_kinds: Vec<&str> = kinds.iter().copied().filter(|k| *k != "input_tokens").collect();
        let key = match kind.checked_sub(1) {
            Some(i) if !prompt_kinds.is_empty() => prompt_kinds[i % prompt_kinds.len()],
            _ => "reasoning_tokens",
        };
        let mut usage = json!({"input_tokens": input, "output_tokens": output, "reasoning_tokens": reasoning});
        if model == "openai/gpt-5" {
            usage["web_searches"] = json!(0);
        }
        if key != "reasoning_tokens" {
            usage[key] = json!(given);
        }
        let limit = usage[key].as_u64().unwrap() + extra;
        let limited = json!({"model": model, "usage": usage.clone(), "limits": {key: limit}});
        usage[key] = json!(limit);
        let at_limit = json!({"model": model, "usage": usage});
        let e = priced(c, &limited);
        prop_assert_eq!(e.bound_micros, Some(priced(c, &at_limit).total_micros), "{}", limited);
    }

    /// What a budget affords is exact: the request with `max` as its limit fits what remains,
    /// and with one more (where one more changes anything) does not.
    #[test]
    fn affordable_max_fits_and_one_more_does_not(
        which in 0usize..5, input in 0u64..300_000, balance in 0u64..20_000_000,
    ) {
        let c = catalog();
        let (model, usage) = [
            ("claude/opus-4-7", json!({"input_tokens": input})),
            ("gpt/4o-mini", json!({"input_tokens": input})),
            ("google/gemini-2.5-pro", json!({"input_tokens": input})),
            ("skytells/truefusion-optima", json!({})),
            ("private/llama-3-70b", json!({"setup_seconds": input % 600, "idle_seconds": 3})),
        ][which].clone();
        let req = json!({"model": model, "usage": usage});
        let budget = tariff::Budget { balance_micros: balance, ..tariff::Budget::default() };
        let check = c.check_budget(&Request::from_value(&req).unwrap(), &budget).unwrap();
        prop_assert!(!check.affordable.is_empty());
        for a in &check.affordable {
            let key = a.field.strip_prefix("limits.").unwrap();
            let with = |limit: serde_json::Value| {
                let mut r = req.clone();
                r["limits"] = json!({key: limit});
                c.check_budget(&Request::from_value(&r).unwrap(), &budget).unwrap()
            };
            let seconds = key.ends_with("seconds");
            match &a.max {
                None => {
                    // Not even the least limit fits.
                    prop_assert!(!with(json!(0)).allowed, "{req} {key}");
                }
                Some(max) => {
                    let fits = with(max.clone());
                    prop_assert!(fits.allowed, "{req} {key} max {max}");
                    let cap = c.model(model).unwrap().limits.get(key).unwrap();
                    let next = if seconds {
                        let ms = (max.as_f64().unwrap() * 1000.0).round() as u64 + 1;
                        (ms <= cap).then(|| json!(ms as f64 / 1000.0))
                    } else {
                        let n = max.as_u64().unwrap() + 1;
                        (n <= cap).then(|| json!(n))
                    };
                    if let Some(next) = next {
                        prop_assert!(!with(next.clone()).allowed, "{req} {key} {next} fits too");
                    }
                }
            }
        }
    }
}

/// Requests of every kind an estimate reused in a loop meets: direct per-token calls, the
/// walk's (open output with a bound, cache kinds, tiers, images, downstream calls, a failed
/// run) and faults (an unknown model, a negative count).
fn reuse_cases() -> Vec<serde_json::Value> {
    vec![
        json!({"model": "claude/opus-4-7", "usage": {"input_tokens": 1_234_567, "output_tokens": 89_012}}),
        json!({"model": "gpt/4o", "usage": {"input_tokens": 1_001, "output_tokens": 999, "cached_input_tokens": 500}}),
        json!({"model": "claude/opus-4-7", "usage": {"input_tokens": 5_000}}),
        json!({"model": "gemini/2.5-pro", "usage": {"input_tokens": 250_000, "output_tokens": 10}}),
        json!({"model": "claude/sonnet-4-6", "status": "failed", "usage": {"input_tokens": 10, "output_tokens": 10}}),
        json!({"model": "gpt/4o", "usage": {"input_tokens": 1, "output_tokens": 2},
               "downstream": [{"model": "claude/haiku-4-5", "usage": {"input_tokens": 3, "output_tokens": 4}}]}),
        json!({"model": "no/such-model", "usage": {"input_tokens": 1, "output_tokens": 1}}),
        json!({"model": "gpt/4o", "usage": {"input_tokens": 1, "output_tokens": 1}, "limits": {"output_tokens": 5}}),
    ]
}

proptest! {
    /// One estimate filled again and again (`estimate_into`) holds each time what a new
    /// estimate of the same request holds, whatever it held before; after a fault it is
    /// empty and the fault is the same.
    #[test]
    fn an_estimate_reused_is_a_new_estimate(order in prop::collection::vec(0usize..8, 1..24)) {
        let c = catalog();
        let cases: Vec<Request> = reuse_cases().iter().map(|v| Request::from_value(v).unwrap()).collect();
        let mut reused = tariff::Estimate::default();
        for i in order {
            let r = &cases[i];
            match (c.estimate(r), c.estimate_into(r, &mut reused)) {
                (Ok(new), Ok(())) => prop_assert_eq!(&reused, &new, "{:?}", r),
                (Err(a), Err(b)) => {
                    prop_assert_eq!(a.to_string(), b.to_string());
                    prop_assert_eq!(&reused, &tariff::Estimate::default());
                }
                (a, b) => prop_assert!(false, "{:?}: {:?} vs {:?}", r, a, b),
            }
        }
    }
}

/// The crate's front-page call into a reused estimate, after a walk's estimate (with a bound,
/// assumptions and open quantities) and a fault left it: figures by hand from the catalog's
/// claude/opus-4-7 rates, $18 / 1M input and $90 / 1M output.
#[test]
fn an_estimate_reused_after_a_walk_holds_the_direct_calls_figures() {
    let c = catalog();
    let cases = reuse_cases();
    let mut e = tariff::Estimate::default();
    c.estimate_into(&Request::from_value(&cases[2]).unwrap(), &mut e)
        .unwrap();
    assert!(!e.assumptions.is_empty() && !e.open.is_empty());
    assert!(c
        .estimate_into(&Request::from_value(&cases[6]).unwrap(), &mut e)
        .is_err());
    c.estimate_into(
        &Request::tokens("claude/opus-4-7", 1_234_567, 89_012),
        &mut e,
    )
    .unwrap();
    // 1,234,567 × 18 ÷ 1M = 22.222206 (22,222,206 micros); 89,012 × 90 ÷ 1M = 8.01108.
    let lines: Vec<_> = e
        .line_items
        .iter()
        .map(|l| (l.item, l.quantity, l.rate_micros, l.micros.get()))
        .collect();
    assert_eq!(
        lines,
        [
            ("input_tokens", 1_234_567, 18_000_000, 22_222_206),
            ("output_tokens", 89_012, 90_000_000, 8_011_080)
        ]
    );
    assert_eq!(
        (e.total_micros.get(), &*e.total_usd),
        (30_233_286, "$30.233286")
    );
    assert_eq!(
        (e.bound_micros.map(|m| m.get()), e.bound_usd.as_deref()),
        (Some(30_233_286), Some("$30.233286"))
    );
    assert_eq!((e.model, e.defaulted), ("claude/opus-4-7", false));
    assert_eq!(e.calls.len(), 1);
    let root = &e.calls[0];
    assert_eq!(
        (root.path.as_str(), root.model, root.status),
        ("", "claude/opus-4-7", "succeeded")
    );
    assert_eq!(
        (
            root.subtotal_micros.get(),
            root.total_micros.get(),
            root.first_line,
            root.line_count
        ),
        (30_233_286, 30_233_286, 0, 2)
    );
    assert!(e.assumptions.is_empty() && e.open.is_empty() && e.unbounded.is_empty());
}
