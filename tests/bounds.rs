//! Bounds, worked by hand: what a request can cost at most before it runs, budget checks on
//! the bound, and what a budget affords. Rates are the shipped catalog's (or the small test
//! catalog's below); every figure is worked out in the comments.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failing test"
)]

mod support;
use serde_json::{json, Value};
use support::shipped;
use tariff::{Basis, Budget, Catalog, Estimate, Request};

/// A small catalog for what the shipped one does not have: quantity rounding, a minimum
/// charge, a model without limits.
fn test_catalog() -> Catalog {
    let model = |slug: &str, billing: Value, limits: Value| {
        let mut m = json!({"slug": slug, "name": slug, "family": "T", "provider": "P",
            "surface": "agentic", "kind": "text", "billing": billing});
        if !limits.is_null() {
            m["limits"] = limits;
        }
        m
    };
    Catalog::from_value(&json!({
        "version": "bounds-1",
        "default_model": "t/none",
        "hardware": [],
        "models": [
            model("t/none", json!({"shape": "per_token", "input_per_million": 1_000_000,
                "output_per_million": 2_000_000}), Value::Null),
            model("t/min", json!({"shape": "per_token", "input_per_million": 1_000_000,
                "output_per_million": 2_000_000, "minimum_micros": 10_000}),
                json!({"output_tokens": 1_000})),
            model("t/steps", json!({"shape": "per_token", "input_per_million": 1_000_000,
                "output_per_million": 3_000_000,
                "rounding": {"mode": "ceiling", "step": 1000}}),
                json!({"output_tokens": 2_500})),
            model("t/think", json!({"shape": "per_token", "input_per_million": 1_000_000,
                "output_per_million": 2_000_000, "reasoning_per_million": 4_000_000}),
                json!({"output_tokens": 1_000, "reasoning_tokens": 300})),
        ]
    }))
    .unwrap()
}

fn estimate(c: &Catalog, v: Value) -> Estimate<'_> {
    c.estimate(&Request::from_value(&v).unwrap()).unwrap()
}

fn bound(e: &Estimate) -> Option<u64> {
    e.bound_micros.map(|m| m.get())
}

fn budget(balance: u64) -> Budget {
    Budget {
        balance_micros: balance,
        ..Budget::default()
    }
}

#[test]
fn opus_with_5000_input_tokens_may_cost_5_85_dollars() {
    let c = shipped();
    // Input 5,000 × $18/1M = 90,000. Output is open: the catalog's cap, 64,000 tokens ×
    // $90/1M = 5,760,000. Bound 5,850,000. 90 micros a token is whole: nothing to round.
    let e = estimate(
        c,
        json!({"model": "claude/opus-4-7", "usage": {"input_tokens": 5000}}),
    );
    assert_eq!(e.total_micros.get(), 90_000);
    assert_eq!(bound(&e), Some(5_850_000));
    assert_eq!(e.bound_usd.as_deref(), Some("$5.85"));
    assert!(e.unbounded.is_empty());
    assert_eq!(
        serde_json::to_value(&e.open).unwrap(),
        json!([{"field": "usage.output_tokens", "max": 64000, "from": "catalog"}])
    );
    assert!(e.assumptions.contains(
        &"limits.output_tokens: not given; the catalog's limit of 64000 tokens (indicative) used \
          for the bound"
            .to_string()
    ));
    // The same cap given by the request: the same bound, and no catalog assumption.
    let e = estimate(
        c,
        json!({"model": "claude/opus-4-7", "usage": {"input_tokens": 5000},
            "limits": {"output_tokens": 64000}}),
    );
    assert_eq!(bound(&e), Some(5_850_000));
    assert!(!e.assumptions.iter().any(|a| a.starts_with("limits.")));
    assert_eq!(e.open[0].from, "request");
    // A larger request limit: the catalog's smaller one holds, and that is said.
    let e = estimate(
        c,
        json!({"model": "claude/opus-4-7", "usage": {"input_tokens": 5000},
            "limits": {"output_tokens": 100000}}),
    );
    assert_eq!(bound(&e), Some(5_850_000));
    assert!(e.assumptions.contains(
        &"limits.output_tokens: 100000 tokens is above the catalog's limit of 64000 tokens, \
          which holds"
            .to_string()
    ));
}

#[test]
fn opus_is_not_allowed_on_a_100_000_balance_and_affords_111_output_tokens() {
    let c = shipped();
    let r =
        Request::from_value(&json!({"model": "claude/opus-4-7", "usage": {"input_tokens": 5000}}))
            .unwrap();
    let check = c.check_budget(&r, &budget(100_000)).unwrap();
    assert!(!check.allowed);
    assert_eq!(check.basis, Basis::Bound);
    assert_eq!(check.estimate_micros, 90_000);
    assert_eq!(check.bound_micros, Some(5_850_000));
    assert_eq!(check.reserve_micros, Some(5_850_000));
    assert_eq!(check.remaining_micros, 100_000);
    assert_eq!(check.shortfall_micros, Some(5_750_000));
    assert_eq!(
        check.reason.as_deref(),
        Some("the bound of $5.85 is more than the $0.10 that remains")
    );
    // 100,000 − 90,000 = 10,000 micros left for output at 90 a token: 111 tokens (9,990);
    // 112 would be 10,080.
    assert_eq!(check.affordable.len(), 1);
    assert_eq!(check.affordable[0].field, "limits.output_tokens");
    assert_eq!(check.affordable[0].max, Some(json!(111)));
    for (limit, allowed) in [(111, true), (112, false)] {
        let r = Request::from_value(&json!({"model": "claude/opus-4-7",
            "usage": {"input_tokens": 5000}, "limits": {"output_tokens": limit}}))
        .unwrap();
        assert_eq!(
            c.check_budget(&r, &budget(100_000)).unwrap().allowed,
            allowed
        );
    }
    // On the expected basis the old answer: 90,000 fits, 90,000 is reserved.
    let expected = Budget {
        basis: Basis::Expected,
        ..budget(100_000)
    };
    let check = c.check_budget(&r, &expected).unwrap();
    assert!(check.allowed);
    assert_eq!(check.reserve_micros, Some(90_000));
    assert_eq!(check.shortfall_micros, Some(0));
    assert_eq!(check.reason, None);
}

#[test]
fn a_cliff_crossed_by_the_bound_but_not_by_the_known_usage() {
    let c = shipped();
    // google/gemini-2.5-pro: $1.25 / $10 per 1M; above 200,000 prompt tokens every token at
    // $2.50 / $15. Known: 150,000 input = 187,500, below the cliff.
    let req = |limit: u64| {
        json!({"model": "google/gemini-2.5-pro", "usage": {"input_tokens": 150000},
            "limits": {"input_tokens": limit, "output_tokens": 1000}})
    };
    let e = estimate(c, req(250_000));
    assert_eq!(e.total_micros.get(), 187_500);
    // Bound: 250,000 × 2.5 = 625,000 and 1,000 × 15 = 15,000 past the cliff.
    assert_eq!(bound(&e), Some(640_000));
    // At the threshold the base rates hold: 200,000 × 1.25 + 1,000 × 10 = 260,000.
    assert_eq!(bound(&estimate(c, req(200_000))), Some(260_000));
    // One token over: 200,001 × 2.5 = 500,002.5 -> 500,003 (half-up), + 15,000.
    assert_eq!(bound(&estimate(c, req(200_001))), Some(515_003));
}

#[test]
fn an_open_prompt_is_bounded_in_its_dearest_kind() {
    let c = shipped();
    // anthropic/claude-sonnet-4-5 above 200,000 prompt tokens: cached 0.6, 5-minute writes 7.5,
    // 1-hour writes 12, input 6, output 22.5 micros a token. The prompt may be any mix: at
    // worst 250,000 one-hour cache writes = 3,000,000, + 1,000 output = 22,500; four kinds
    // could split it, and cached reads (0.3 / 0.6 a token) round: + 3 micros; output and
    // reasoning could split too, at 22.5 a token: + 1.
    let e = estimate(
        c,
        json!({"model": "anthropic/claude-sonnet-4-5", "usage": {"input_tokens": 150000},
            "limits": {"input_tokens": 250000, "output_tokens": 1000}}),
    );
    assert_eq!(bound(&e), Some(3_022_504));
    // Each kind limited: plain input only, 250,000 × 6 = 1,500,000 (one kind, no split) +
    // 22,500 + 1.
    let e = estimate(
        c,
        json!({"model": "anthropic/claude-sonnet-4-5", "usage": {"input_tokens": 150000},
            "limits": {"input_tokens": 250000, "output_tokens": 1000, "cached_input_tokens": 0,
                "cache_write_5m_tokens": 0, "cache_write_1h_tokens": 0}}),
    );
    assert_eq!(bound(&e), Some(1_522_501));
}

#[test]
fn a_private_deployment_is_bounded_by_its_timeouts() {
    let c = shipped();
    // private/llama-3-70b on gpu-a100-large-2x, 2,800 micros a second. Expected: setup and
    // idle assumed 0, typical 20 s = 56,000. Bound: setup 600 s + run 1,800 s + idle 900 s,
    // the catalog's caps: 3,300 × 2,800 = 9,240,000.
    let e = estimate(c, json!({"model": "private/llama-3-70b"}));
    assert_eq!(e.total_micros.get(), 56_000);
    assert_eq!(bound(&e), Some(9_240_000));
    assert_eq!(
        serde_json::to_value(&e.open).unwrap(),
        json!([
            {"field": "usage.setup_seconds", "max": 600, "from": "catalog"},
            {"field": "usage.seconds", "max": 1800, "from": "catalog"},
            {"field": "usage.idle_seconds", "max": 900, "from": "catalog"}
        ])
    );
    // Setup and idle measured: only the run time is open. (8 + 1,800 + 31) × 2,800.
    let r = json!({"model": "private/llama-3-70b",
        "usage": {"setup_seconds": 8, "idle_seconds": 31}});
    assert_eq!(bound(&estimate(c, r.clone())), Some(5_149_200));
    // $1 affords: setup 22,400 + idle 86,800 leave 890,800 for the run at 2.8 micros a ms.
    // 318,143 ms = 890,800.4 -> 890,800 (half-up) fits exactly; 318,144 ms = 890,803.2 ->
    // 890,803 does not.
    let check = c
        .check_budget(&Request::from_value(&r).unwrap(), &budget(1_000_000))
        .unwrap();
    assert!(!check.allowed);
    assert_eq!(check.affordable.len(), 1);
    assert_eq!(check.affordable[0].field, "limits.seconds");
    assert_eq!(check.affordable[0].max, Some(json!(318.143)));
    for (seconds, allowed) in [(318.143, true), (318.144, false)] {
        let mut r = r.clone();
        r["limits"] = json!({"seconds": seconds});
        let check = c
            .check_budget(&Request::from_value(&r).unwrap(), &budget(1_000_000))
            .unwrap();
        assert_eq!(check.allowed, allowed, "{seconds} s");
        if allowed {
            assert_eq!(check.reserve_micros, Some(1_000_000));
        }
    }
}

#[test]
fn a_downstream_call_is_bounded_by_its_own_limit() {
    let c = shipped();
    // skytells/truefusion: 2 images × 30,000 = 60,000, fixed. Its call of gpt/4o-mini: 1,001
    // input × 0.18 = 180.18 -> 180; output at most 100 × 0.72 = 72, + 1 for a split between
    // output and reasoning (0.72 a token rounds).
    let e = estimate(
        c,
        json!({"model": "skytells/truefusion", "usage": {"images": 2},
            "downstream": [{"model": "gpt/4o-mini", "usage": {"input_tokens": 1001},
                "limits": {"output_tokens": 100}}]}),
    );
    assert_eq!(e.total_micros.get(), 60_180);
    assert_eq!(bound(&e), Some(60_253));
    assert_eq!(
        serde_json::to_value(&e.open).unwrap(),
        json!([{"field": "downstream[0].usage.output_tokens", "max": 100, "from": "request"}])
    );
    // The root has nothing open: a budget affords nothing to change.
    let check = c
        .check_budget(
            &Request::from_value(
                &json!({"model": "skytells/truefusion", "usage": {"images": 2},
                "downstream": [{"model": "gpt/4o-mini", "usage": {"input_tokens": 1001},
                    "limits": {"output_tokens": 100}}]}),
            )
            .unwrap(),
            &budget(60_253),
        )
        .unwrap();
    assert!(check.allowed);
    assert!(check.affordable.is_empty());
}

#[test]
fn web_searches_without_a_limit_leave_a_request_unbounded() {
    let c = shipped();
    // openai/gpt-5 charges $10 per 1,000 web searches and has no cap on them.
    let e = estimate(
        c,
        json!({"model": "openai/gpt-5", "usage": {"input_tokens": 1000}}),
    );
    assert_eq!(e.total_micros.get(), 1_250);
    assert_eq!(e.bound_micros, None);
    assert_eq!(e.bound_usd, None);
    assert_eq!(
        e.unbounded,
        vec!["usage.web_searches: no limit in the request or the catalog"]
    );
    let check = c
        .check_budget(
            &Request::from_value(&json!({"model": "openai/gpt-5",
                "usage": {"input_tokens": 1000}}))
            .unwrap(),
            &budget(100_000_000),
        )
        .unwrap();
    assert!(!check.allowed);
    assert_eq!(check.reserve_micros, None);
    assert_eq!(check.shortfall_micros, None);
    assert_eq!(
        check.reason.as_deref(),
        Some(
            "the request has no bound: usage.web_searches: no limit in the request or the \
             catalog"
        )
    );
    // Output still has a room to find (searches at their bound: none, so none fits) and
    // searches too (output at its cap): both null while the other is unbounded.
    let fields: Vec<(&str, Option<Value>)> = check
        .affordable
        .iter()
        .map(|a| (a.field.as_str(), a.max.clone()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("limits.output_tokens", None),
            ("limits.web_searches", Some(json!(9871)))
        ]
    );
    // Three searches at most: 1,250 + 128,000 × 10 + 3 × 10,000 = 1,311,250.
    let e = estimate(
        c,
        json!({"model": "openai/gpt-5", "usage": {"input_tokens": 1000},
            "limits": {"web_searches": 3}}),
    );
    assert_eq!(bound(&e), Some(1_311_250));
    // No search tool (measured as none): 1,250 + 1,280,000.
    let e = estimate(
        c,
        json!({"model": "openai/gpt-5", "usage": {"input_tokens": 1000, "web_searches": 0}}),
    );
    assert_eq!(bound(&e), Some(1_281_250));
}

#[test]
fn an_unbounded_downstream_call_names_its_place() {
    let c = test_catalog();
    let e = estimate(
        &c,
        json!({"model": "t/min", "usage": {"input_tokens": 100, "output_tokens": 0},
            "downstream": [{"model": "t/none", "usage": {"input_tokens": 5}}]}),
    );
    assert_eq!(
        e.unbounded,
        vec!["downstream[0].usage.output_tokens: no limit in the request or the catalog"]
    );
    assert_eq!(e.bound_micros, None);
}

#[test]
fn minimums_and_rounding_steps_apply_to_the_bound() {
    let c = test_catalog();
    // t/min: 100 input + at most 1,000 output × 2 = 2,100, under the 10,000 minimum.
    let e = estimate(
        &c,
        json!({"model": "t/min", "usage": {"input_tokens": 100}}),
    );
    assert_eq!(e.total_micros.get(), 10_000);
    assert_eq!(bound(&e), Some(10_000));
    // t/steps bills per started 1,000 tokens. Input 10 -> 1,000 tokens = 1,000. Output at most
    // 2,500, but split as 1 output + 2,499 reasoning it bills 1,000 + 3,000 tokens: the bound
    // takes one more step, 3,500 -> 4,000 tokens × 3 = 12,000.
    let e = estimate(
        &c,
        json!({"model": "t/steps", "usage": {"input_tokens": 10}}),
    );
    assert_eq!(e.total_micros.get(), 1_000);
    assert_eq!(bound(&e), Some(13_000));
    let split = estimate(
        &c,
        json!({"model": "t/steps",
            "usage": {"input_tokens": 10, "output_tokens": 1, "reasoning_tokens": 2499}}),
    );
    assert_eq!(split.total_micros.get(), 13_000);
}

#[test]
fn reasoning_dearer_than_output_fills_its_own_cap_first() {
    let c = test_catalog();
    // t/think: output 2, reasoning 4 micros a token; at most 1,000 together, 300 reasoning:
    // 300 × 4 + 700 × 2 = 2,600, + 10 input.
    let e = estimate(
        &c,
        json!({"model": "t/think", "usage": {"input_tokens": 10}}),
    );
    assert_eq!(bound(&e), Some(2_610));
}

#[test]
fn a_limit_on_one_kind_opens_that_kind_alone() {
    let c = shipped();
    // openai/gpt-5: input 1.25, output and reasoning 10, cached input 0.125 micros a token.
    // Measured: 1,000 input = 1,250 and 10 output = 100, so 1,350. Reasoning limited to 100,
    // the rest of the pool as given: + 100 × 10 = 2,350. (A limit on one kind reopened the
    // whole output pool at the catalog's 128,000 tokens: 1,281,250.)
    let r = json!({"model": "openai/gpt-5",
        "usage": {"input_tokens": 1000, "output_tokens": 10, "web_searches": 0},
        "limits": {"reasoning_tokens": 100}});
    let e = estimate(c, r.clone());
    assert_eq!(e.total_micros.get(), 1_350);
    assert_eq!(bound(&e), Some(2_350));
    assert_eq!(
        serde_json::to_value(&e.open).unwrap(),
        json!([{"field": "usage.reasoning_tokens", "max": 100, "from": "request"}])
    );
    // Cached input limited to 100 (the prompt given): 100 × 0.125 = 12.5 -> 13 (half-up),
    // 1,363. (The whole prompt at the catalog's 272,000 before: 340,101.)
    let e = estimate(
        c,
        json!({"model": "openai/gpt-5",
            "usage": {"input_tokens": 1000, "output_tokens": 10, "reasoning_tokens": 0,
                "web_searches": 0},
            "limits": {"cached_input_tokens": 100}}),
    );
    assert_eq!(e.total_micros.get(), 1_350);
    assert_eq!(bound(&e), Some(1_363));
    // $0.002 affords 65 reasoning tokens: 1,350 + 650 = 2,000 fits; 66 would be 2,010.
    let check = c
        .check_budget(&Request::from_value(&r).unwrap(), &budget(2_000))
        .unwrap();
    assert!(!check.allowed);
    assert_eq!(check.affordable.len(), 1);
    assert_eq!(check.affordable[0].field, "limits.reasoning_tokens");
    assert_eq!(check.affordable[0].max, Some(json!(65)));
    // A model the catalog gives no limits: t/none, input 1, output (and reasoning) 2 micros a
    // token. 1,000 + 20 measured, + 100 × 2 = 1,220. (No bound at all before: the reopened
    // pool had no limit.)
    let t = test_catalog();
    let e = estimate(
        &t,
        json!({"model": "t/none", "usage": {"input_tokens": 1000, "output_tokens": 10},
            "limits": {"reasoning_tokens": 100}}),
    );
    assert_eq!(bound(&e), Some(1_220));
    assert!(e.unbounded.is_empty());
}

#[test]
fn measured_usage_is_its_own_bound() {
    let c = shipped();
    for v in [
        json!({"model": "claude/opus-4-7", "usage": {"input_tokens": 5000, "output_tokens": 700}}),
        json!({"model": "skytells/truefusion-optima", "usage": {"seconds": 12.5}}),
        json!({"model": "private/llama-3-70b",
            "usage": {"seconds": 14, "setup_seconds": 8, "idle_seconds": 31}, "status": "failed"}),
        json!({"model": "openai/gpt-image-2", "inputs": {"quality": "low"}}),
    ] {
        let e = estimate(c, v.clone());
        assert_eq!(bound(&e), Some(e.total_micros.get()), "{v}");
        assert!(!e.assumptions.iter().any(|a| a.contains("limits.")), "{v}");
    }
}

#[test]
fn a_failed_run_of_a_time_billed_model_is_bounded_by_its_timeout() {
    let c = shipped();
    // skytells/truefusion-optima, 8,000 micros a second, failed without a measured time: the
    // typical 4 s expected, at most 1,800 s.
    let e = estimate(
        c,
        json!({"model": "skytells/truefusion-optima", "status": "failed"}),
    );
    assert_eq!(e.total_micros.get(), 32_000);
    assert_eq!(bound(&e), Some(14_400_000));
}
