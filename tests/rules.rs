//! Documented rules that a restructure must not move: each one hand-worked, with the
//! arithmetic beside it. Shipped models where the catalog has what the rule needs, a small
//! catalog below where it does not (three-tier cliffs, graduated cache writes, a service tier
//! with its own billing and fees).

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failing test"
)]

use serde_json::{json, Value};
mod support;
use support::{day_spend, lines, price_in, shipped};
use tariff::{Budget, Catalog, Request};

fn model(slug: &str, billing: Value) -> Value {
    json!({"slug": slug, "name": slug, "family": "Rules", "provider": "Rules",
           "surface": "reference", "kind": "text", "billing": billing})
}

/// The rules catalog, built once (for estimates that outlive the call that made them).
fn rules_shared() -> &'static Catalog {
    static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    C.get_or_init(rules)
}

/// The rules catalog: what the shipped one has no model for.
fn rules() -> Catalog {
    let tokens = |input: u64, output: u64, extra: Value| {
        let mut b = json!({"input_per_million": input, "output_per_million": output});
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let kinds = |scale: u64| {
        json!({"cached_input_per_million": 100_000 * scale,
               "cache_write_5m_per_million": 1_250_000 * scale,
               "cache_write_1h_per_million": 2_000_000 * scale,
               "image_input_per_million": 500_000 * scale,
               "audio_input_per_million": 10_000_000 * scale})
    };
    let mut graduated = tokens(1_000_000, 2_000_000, kinds(1));
    graduated["shape"] = json!("per_token");
    let mut band = tokens(3_000_000, 6_000_000, kinds(3));
    band["above_input_tokens"] = json!(1_000);
    graduated["context_tiers"] = json!({"mode": "graduated", "tiers": [band]});

    let mut cliff_kinds = tokens(1_000_000, 2_000_000, kinds(1));
    cliff_kinds["shape"] = json!("per_token");
    let mut tier = tokens(2_000_000, 4_000_000, kinds(2));
    tier["above_input_tokens"] = json!(1_000);
    cliff_kinds["context_tiers"] = json!({"mode": "cliff", "tiers": [tier]});

    let cliff_three = json!({"shape": "per_token", "input_per_million": 1_000_000,
        "output_per_million": 2_000_000,
        "context_tiers": {"mode": "cliff", "tiers": [
            {"above_input_tokens": 1_000, "input_per_million": 3_000_000, "output_per_million": 6_000_000},
            {"above_input_tokens": 2_000, "input_per_million": 5_000_000, "output_per_million": 10_000_000},
            {"above_input_tokens": 3_000, "input_per_million": 7_000_000, "output_per_million": 14_000_000}]}});

    let tiered = json!({"shape": "per_token", "input_per_million": 1_000_000,
        "output_per_million": 2_000_000, "fees": {"per_request": 1_000},
        "service_tiers": {
            "batch": {"percent": 50},
            "priority": {"billing": {"shape": "per_token", "input_per_million": 2_000_000,
                "output_per_million": 4_000_000, "fees": {"per_request": 3_000},
                "minimum_micros": 10_000}}}});

    let minimum = json!({"shape": "per_unit", "unit": "call", "price": 10_000,
        "minimum_micros": 50_000});

    let catalog = json!({"version": "rules-1", "default_model": "rules/graduated-kinds",
    "hardware": [], "models": [
        model("rules/graduated-kinds", graduated),
        model("rules/cliff-kinds", cliff_kinds),
        model("rules/cliff-three", cliff_three),
        model("rules/tiered", tiered),
        model("rules/minimum", minimum),
        model("rules/tokens", json!({"shape": "per_token",
            "input_per_million": 1_000_000, "output_per_million": 2_000_000})),
    ]});
    Catalog::from_value(&catalog).unwrap()
}

fn total_in(c: &Catalog, v: Value) -> u64 {
    price_in(c, v).total_micros.get()
}

// ---- Failed and canceled runs ----------------------------------------------------------

#[test]
fn a_canceled_run_is_billed_like_a_failed_one() {
    let c = shipped();
    // A canceled video pays nothing for its 5 s of output (a failed one neither)...
    let e = price_in(
        c,
        json!({"model": "google/veo-3-t2v", "status": "canceled", "inputs": {"duration": 5}}),
    );
    assert_eq!(e.total_micros.get(), 0);
    assert!(
        e.assumptions
            .iter()
            .any(|a| a.starts_with("status: canceled: per-output item")),
        "{:?}",
        e.assumptions
    );
    // ...and a canceled run-time model pays the 2.5 s it ran: 2.5 × 8,000 = 20,000.
    assert_eq!(
        total_in(
            c,
            json!({"model": "skytells/truefusion-optima", "status": "canceled",
                   "usage": {"seconds": 2.5}})
        ),
        20_000
    );
}

#[test]
fn failed_runs_pay_no_per_output_item() {
    let c = shipped();
    // Per megapixel: 1024 × 1024 at $0.02/MP would be 20,972; failed, nothing.
    let failed = |v: Value| {
        let mut v = v;
        v["status"] = json!("failed");
        total_in(c, v)
    };
    assert_eq!(
        failed(json!({"model": "black-forest-labs/flux-2-pro-legacy",
                      "inputs": {"width": 1024, "height": 1024}})),
        0
    );
    // A per-image table: 2 high 1024x1024 images would be 334,000; failed, nothing.
    assert_eq!(
        failed(json!({"model": "openai/gpt-image-2", "usage": {"images": 2}})),
        0
    );
    // Per second of output without a base: 5 s × 241,900 would be 1,209,500; failed, nothing.
    assert_eq!(
        failed(json!({"model": "bytedance/seedance-2-fast-i2v", "inputs": {"duration": 5}})),
        0
    );
    // The same models succeeded, to show the rule is what made them zero.
    assert_eq!(
        total_in(
            c,
            json!({"model": "bytedance/seedance-2-fast-i2v", "inputs": {"duration": 5}})
        ),
        1_209_500
    );
}

#[test]
fn failed_public_and_fast_booting_hardware_pay_their_seconds() {
    let c = shipped();
    // Public on L40S at 975 micros/s: 3 s = 2,925.
    assert_eq!(
        total_in(
            c,
            json!({"model": "community/sdxl", "status": "failed", "usage": {"seconds": 3}})
        ),
        2_925
    );
    // Fast-booting on H100 at 1,525 micros/s: 2 s = 3,050; its idle time is not billed.
    assert_eq!(
        total_in(
            c,
            json!({"model": "finetune/flux-dev-lora", "status": "failed",
                   "usage": {"seconds": 2, "idle_seconds": 30}})
        ),
        3_050
    );
}

#[test]
fn a_failed_downstream_call_under_a_succeeded_caller() {
    // The caller, gpt/4o: 1,000 in × $3 = 3,000 + 500 out × $12 = 6,000. Its failed image
    // call is free; its failed run-time call pays 1.5 s × 8,000 = 12,000.
    let e = price_in(
        shipped(),
        json!({"model": "gpt/4o", "usage": {"input_tokens": 1_000, "output_tokens": 500},
           "downstream": [
               {"model": "skytells/truefusion", "status": "failed", "usage": {"images": 1}},
               {"model": "skytells/truefusion-optima", "status": "failed", "usage": {"seconds": 1.5}}]}),
    );
    assert_eq!(e.total_micros.get(), 21_000);
    assert!(e
        .assumptions
        .iter()
        .any(|a| a.starts_with("downstream[0].status: failed")));
}

// ---- Minimums and service tiers -------------------------------------------------------

#[test]
fn a_minimum_charge_leaves_downstream_calls_out() {
    let c = rules();
    // One call at 10,000 < the 50,000 minimum: a minimum_charge of 40,000. The downstream
    // call's 1,000 in × $1 = 1,000 does not count toward the minimum: 50,000 + 1,000.
    let e = price_in(
        &c,
        json!({"model": "rules/minimum",
               "downstream": [{"model": "rules/tokens", "usage": {"input_tokens": 1_000, "output_tokens": 0}}]}),
    );
    assert_eq!(
        lines(&e),
        vec![
            ("calls", 1, 10_000),
            ("minimum_charge", 1, 40_000),
            ("input_tokens", 1_000, 1_000),
            ("output_tokens", 0, 0)
        ]
    );
    assert_eq!(e.total_micros.get(), 51_000);
}

#[test]
fn a_percent_service_tier_leaves_fees_unscaled() {
    // GPT-5 batch, 50%: 1M in × $1.25 = 625,000; 100k out × $10 = 500,000; two web searches
    // at $10 per 1,000, not halved: 20,000.
    let c = shipped();
    let gpt5 = |tier: &str| {
        price_in(
            c,
            json!({"model": "openai/gpt-5", "service_tier": tier,
               "usage": {"input_tokens": 1_000_000, "output_tokens": 100_000, "web_searches": 2}}),
        )
    };
    let e = gpt5("batch");
    assert_eq!(e.total_micros.get(), 1_145_000);
    assert_eq!(lines(&e).last().copied(), Some(("web_searches", 2, 20_000)));
    // Flex is 50% too, and says so.
    let e = gpt5("flex");
    assert_eq!(e.total_micros.get(), 1_145_000);
    assert!(e
        .assumptions
        .iter()
        .any(|a| a == "service_tier: flex: 50% of the standard rates"));
    // A per-request fee is not scaled either: 1,000 in × $1 × 50% = 500, 500 out × $2 × 50%
    // = 500, and the 1,000 fee: 2,000.
    assert_eq!(
        total_in(
            rules_shared(),
            json!({"model": "rules/tiered", "service_tier": "batch",
                   "usage": {"input_tokens": 1_000, "output_tokens": 500}})
        ),
        2_000
    );
}

#[test]
fn a_service_tier_with_its_own_billing_brings_its_own_fees_and_minimum() {
    let c = rules();
    let usage = json!({"input_tokens": 1_000, "output_tokens": 500});
    // Standard: 1,000 + 1,000 + the 1,000 request fee.
    assert_eq!(
        total_in(&c, json!({"model": "rules/tiered", "usage": usage})),
        3_000
    );
    // Priority: 1,000 × $2 = 2,000; 500 × $4 = 2,000; its own 3,000 fee (not the standard
    // 1,000) = 7,000, below its own 10,000 minimum: a minimum_charge of 3,000.
    let e = price_in(
        &c,
        json!({"model": "rules/tiered", "service_tier": "priority", "usage": usage}),
    );
    assert_eq!(
        lines(&e),
        vec![
            ("input_tokens", 1_000, 2_000),
            ("output_tokens", 500, 2_000),
            ("request", 1, 3_000),
            ("minimum_charge", 1, 3_000)
        ]
    );
}

// ---- Budgets ---------------------------------------------------------------------------

/// Veo 3 for 5 s with audio: 5 × $0.40 = 2,000,000, every quantity set by the caller (its
/// bound is its total).
fn veo() -> Request {
    Request::from_value(
        &json!({"model": "google/veo-3-t2v", "inputs": {"duration": 5, "generate_audio": true}}),
    )
    .unwrap()
}

#[test]
fn a_budget_with_its_own_thresholds() {
    let c = shipped();
    let with = |spent: u64| Budget {
        balance_micros: 100_000_000,
        spent_micros: spent,
        early_charge_thresholds_micros: Some(vec![1_000_000, 2_000_000, 3_000_000]),
        ..Budget::default()
    };
    // From 0: 1M and 2M are crossed (2M exactly at spent + estimate counts), 3M is not; the
    // catalog's $10 is not consulted.
    let r = c.check_budget(&veo(), &with(0)).unwrap();
    assert_eq!(
        r.early_charge_thresholds_crossed,
        vec![1_000_000, 2_000_000]
    );
    // From exactly 1M spent: 1M was crossed before (spent < t fails); 2M and 3M (= 1M + 2M).
    let r = c.check_budget(&veo(), &with(1_000_000)).unwrap();
    assert_eq!(
        r.early_charge_thresholds_crossed,
        vec![2_000_000, 3_000_000]
    );
}

#[test]
fn several_catalog_thresholds_crossed_at_once() {
    // 300 high 1024x1024 images × $0.167 = 50,100,000; from $9 spent to $59.10, the catalog's
    // $10 and $50 thresholds are both crossed; $100 is not.
    let images =
        Request::from_value(&json!({"model": "openai/gpt-image-2", "usage": {"images": 300}}))
            .unwrap();
    let b = Budget {
        balance_micros: 200_000_000,
        spent_micros: 9_000_000,
        ..Budget::default()
    };
    let r = shipped().check_budget(&images, &b).unwrap();
    assert_eq!(r.estimate_micros, 50_100_000);
    assert_eq!(
        r.early_charge_thresholds_crossed,
        vec![10_000_000, 50_000_000]
    );
}

#[test]
fn remaining_is_floored_at_zero() {
    // $7 spent against a $5 limit: nothing remains (not -$2), whatever the balance; the
    // whole 2,000,000 is the shortfall.
    let b = Budget {
        balance_micros: 100_000_000,
        limit_micros: Some(5_000_000),
        spent_micros: 7_000_000,
        ..Budget::default()
    };
    let r = shipped().check_budget(&veo(), &b).unwrap();
    assert_eq!(
        (r.allowed, r.remaining_micros, r.shortfall_micros),
        (false, 0, Some(2_000_000))
    );
}

// ---- Usage ordering --------------------------------------------------------------------

#[test]
fn by_day_is_oldest_first_and_by_model_breaks_ties() {
    let record = |v: Value| Request::from_value(&v).unwrap();
    let records = vec![
        // Nov 3: seedream, 1 image = 30,000.
        record(
            json!({"model": "bytedance/seedream-v4-edit", "at": "2026-11-03T09:00:00Z",
                      "usage": {"images": 1}}),
        ),
        // Nov 1: truefusion, 1 image = 30,000.
        record(
            json!({"model": "skytells/truefusion", "at": "2026-11-01T12:00:00Z",
                      "usage": {"images": 1}}),
        ),
        // Nov 2: gpt/4o twice, 5,000 in × $3 = 15,000 each: 30,000 in 2 calls.
        record(json!({"model": "gpt/4o", "at": "2026-11-02T08:00:00Z",
                      "usage": {"input_tokens": 5_000, "output_tokens": 0}})),
        record(json!({"model": "gpt/4o", "at": "2026-11-02T07:00:00Z",
                      "usage": {"input_tokens": 5_000, "output_tokens": 0}})),
        // Nov 1 again: sora-2, 1 video = 2,000.
        record(
            json!({"model": "openai/sora-2", "at": "2026-11-01T01:00:00Z",
                      "usage": {"videos": 1}}),
        ),
    ];
    let b = shipped().usage(&records).unwrap();
    let days = day_spend(&b);
    assert_eq!(
        days,
        vec![
            ("2026-11-01", 2, 32_000),
            ("2026-11-02", 2, 30_000),
            ("2026-11-03", 1, 30_000)
        ]
    );
    // Three models at 30,000: gpt/4o first (2 calls), then the two with 1 call by slug.
    let models: Vec<(&str, u64)> = b
        .by_model
        .iter()
        .map(|m| (m.model.as_str(), m.micros.get()))
        .collect();
    assert_eq!(
        models,
        vec![
            ("gpt/4o", 30_000),
            ("bytedance/seedream-v4-edit", 30_000),
            ("skytells/truefusion", 30_000),
            ("openai/sora-2", 2_000)
        ]
    );
    // Within a day, by spend: Nov 1 is truefusion 30,000 then sora-2 2,000.
    let nov1: Vec<&str> = b.by_day[0]
        .by_model
        .iter()
        .map(|m| m.model.as_str())
        .collect();
    assert_eq!(nov1, vec!["skytells/truefusion", "openai/sora-2"]);
}

#[test]
fn by_day_orders_days_on_both_sides_of_1970_whatever_the_records_order() {
    // gpt/4o, 5,000 in × $3 = 15,000 a record; the last record's day first, the days before
    // 1970 (negative day numbers) among the others, one day twice, apart.
    let at = [
        "9999-12-31T12:00:00Z",
        "1970-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
        "1970-01-01T23:00:00Z",
    ];
    let records: Vec<Request> = at
        .iter()
        .map(|t| {
            Request::from_value(&json!({"model": "gpt/4o", "at": t,
                "usage": {"input_tokens": 5_000, "output_tokens": 0}}))
            .unwrap()
        })
        .collect();
    let b = shipped().usage(&records).unwrap();
    assert_eq!(
        day_spend(&b),
        vec![
            ("0001-01-01", 1, 15_000),
            ("1969-12-31", 1, 15_000),
            ("1970-01-01", 2, 30_000),
            ("9999-12-31", 1, 15_000)
        ]
    );
    assert_eq!(b.by_day[2].by_model.len(), 1);
    assert_eq!(b.by_day[2].by_model[0].micros.get(), 30_000);
}

// ---- Context tiers ---------------------------------------------------------------------

#[test]
fn tokens_reported_to_a_model_priced_otherwise_are_listed_as_not_billed() {
    let c = shipped();
    // skytells/truefusion is $0.03 an image: 30,000 micros, whatever tokens it is sent.
    let e = price_in(
        c,
        json!({"model": "skytells/truefusion",
            "usage": {"input_tokens": 10, "output_tokens": 0, "reasoning_tokens": 3, "images": 1}}),
    );
    assert_eq!(e.total_micros.get(), 30_000);
    assert_eq!(
        e.assumptions,
        vec![
            "usage.input_tokens: 10 tokens not billed: skytells/truefusion is not priced by tokens",
            "usage.reasoning_tokens: 3 tokens not billed: skytells/truefusion is not priced by tokens",
        ]
    );
    // The SPEC's example sends zero tokens to a video model: nothing is said of them.
    let e = price_in(
        c,
        json!({"model": "google/veo-3-t2v", "inputs": {"duration": 5, "generate_audio": true},
            "usage": {"input_tokens": 0, "output_tokens": 0, "seconds": 0, "images": 1}}),
    );
    assert!(
        e.assumptions.iter().all(|a| !a.contains("tokens")),
        "{:?}",
        e.assumptions
    );
    // Every model not priced by tokens: tokens change nothing but the list; a per-token
    // model bills them.
    let (mut not_billed, mut billed_by) = (0, 0);
    for m in c.models() {
        let base = json!({"model": m.slug, "usage": {"images": 1}});
        let with = json!({"model": m.slug, "usage": {"images": 1, "input_tokens": 7}});
        let (Ok(a), Ok(b)) = (
            c.estimate(&Request::from_value(&base).unwrap()),
            c.estimate(&Request::from_value(&with).unwrap()),
        ) else {
            continue;
        };
        let said = b.assumptions.iter().any(|x| {
            x == &format!(
                "usage.input_tokens: 7 tokens not billed: {} is not priced by tokens",
                m.slug
            )
        });
        let billed = b.line_items.iter().any(|l| l.item == "input_tokens");
        assert!(said != billed, "{}: said {said}, billed {billed}", m.slug);
        (not_billed, billed_by) = (
            not_billed + usize::from(said),
            billed_by + usize::from(billed),
        );
        if said {
            assert_eq!(a.total_micros, b.total_micros, "{}", m.slug);
            assert_eq!(a.assumptions.len() + 1, b.assumptions.len(), "{}", m.slug);
        }
    }
    assert!(
        not_billed >= 10 && billed_by >= 5,
        "{not_billed} / {billed_by} models checked"
    );
}

#[test]
fn usage_and_limits_a_model_does_not_price_are_listed_and_change_nothing() {
    let c = shipped();
    let said = |v: Value| {
        let e = price_in(c, v);
        (
            e.total_micros.get(),
            e.bound_micros.map(|b| b.get()),
            e.assumptions,
        )
    };
    // Veo is priced by inputs.duration (8 s by default, $0.20 a second without audio):
    // 1,600,000 micros; the 20 s of run time given change nothing, and it says so.
    let (total, _, assumptions) = said(json!({"model": "google/veo-3-t2v",
        "inputs": {"generate_audio": false}, "usage": {"seconds": 20}}));
    assert_eq!(total, 1_600_000);
    assert!(
        assumptions.contains(
            &"usage.seconds: 20 s not billed: google/veo-3-t2v is not priced by run time"
                .to_string()
        ),
        "{assumptions:?}"
    );
    // Sora 2 is priced per video: five images are not five videos.
    let (_, _, assumptions) = said(json!({"model": "openai/sora-2", "usage": {"images": 5}}));
    assert!(
        assumptions.contains(
            &"usage.images: 5 not billed: openai/sora-2 is not priced by images".to_string()
        ),
        "{assumptions:?}"
    );
    // A limit on what a model does not price bounds nothing: a 10 s video is 10 s, whatever
    // limits.seconds says (a caller would think the job capped at 3 s).
    let (total, bound, assumptions) = said(json!({"model": "skytells/truefusion-video-pro",
        "inputs": {"duration": 10}, "limits": {"seconds": 3}}));
    assert_eq!(Some(total), bound);
    assert!(
        assumptions.contains(
            &"limits.seconds: not used: skytells/truefusion-video-pro is not priced by run time"
                .to_string()
        ),
        "{assumptions:?}"
    );
    let (_, _, assumptions) = said(json!({"model": "claude/opus-4-7",
        "usage": {"input_tokens": 1000, "output_tokens": 10}, "limits": {"images": 2}}));
    assert_eq!(
        assumptions,
        vec!["limits.images: not used: claude/opus-4-7 is not priced by images"]
    );
    // Usage past the catalog's limits is billed as given, without a word: those limits bound
    // what is not known yet (Optima's run timeout is 1,800 s; 5,000 s at 8,000 micros a second).
    let (total, _, assumptions) = said(json!({"model": "skytells/truefusion-optima",
        "usage": {"seconds": 5000}}));
    assert_eq!(total, 40_000_000);
    assert!(assumptions.is_empty(), "{assumptions:?}");
    // An input the price does not read: a number or a switch is listed (GPT Image 2 is priced
    // by quality and size, one image each: n is not a count of images), text is not (a prompt).
    // Medium 1024x1024: 42,000 micros.
    let (total, _, assumptions) = said(json!({"model": "openai/gpt-image-2",
        "inputs": {"n": 4, "quality": "medium", "size": "1024x1024", "prompt": "a cat"},
        "usage": {"images": 1}}));
    assert_eq!(total, 42_000);
    assert_eq!(
        assumptions,
        vec!["inputs.n: 4 not read: the price of openai/gpt-image-2 does not depend on it"]
    );
    let (_, _, assumptions) = said(json!({"model": "google/veo-3-t2v",
        "inputs": {"seconds": 4, "generate_audio": false}}));
    assert!(
        assumptions.contains(
            &"inputs.seconds: 4 not read: the price of google/veo-3-t2v does not depend on it"
                .to_string()
        ),
        "{assumptions:?}"
    );
    // Within every limit and priced: nothing is said.
    let (_, _, assumptions) =
        said(json!({"model": "skytells/truefusion-optima", "usage": {"seconds": 5}}));
    assert!(assumptions.is_empty(), "{assumptions:?}");
}

#[test]
fn listed_downstream_calls_say_which_expected_calls_of_the_catalog_are_not_priced() {
    // The storyboard model calls Haiku once and GPT Image 2 up to four times, by its catalog
    // entry. Listing only the image call prices it alone: 10 s of CPU at 100 micros = 1,000,
    // and one high 1024x1024 image, 167,000. The Haiku call not listed is said.
    let c = shipped();
    let e = price_in(
        c,
        json!({"model": "community/storyboard", "usage": {"seconds": 10},
            "downstream": [{"model": "openai/gpt-image-2", "usage": {"images": 1}}]}),
    );
    assert_eq!(e.total_micros.get(), 168_000);
    assert!(
        e.assumptions.contains(
            &"downstream: as listed; the catalog's expected calls to claude/haiku-4-5 are not priced"
                .to_string()
        ),
        "{:?}",
        e.assumptions
    );
    // Made below a listed call (the image call called Haiku): made, so nothing is said.
    let e = price_in(
        c,
        json!({"model": "community/storyboard", "usage": {"seconds": 10},
            "downstream": [{"model": "openai/gpt-image-2", "usage": {"images": 1},
                "downstream": [{"model": "claude/haiku-4-5", "usage": {"input_tokens": 10, "output_tokens": 10}}]}]}),
    );
    assert!(
        e.assumptions.iter().all(|a| !a.starts_with("downstream:")),
        "{:?}",
        e.assumptions
    );
    // Both listed: nothing to say of the catalog's.
    let e = price_in(
        c,
        json!({"model": "community/storyboard", "usage": {"seconds": 10},
            "downstream": [{"model": "openai/gpt-image-2", "usage": {"images": 1}},
                           {"model": "claude/haiku-4-5", "usage": {"input_tokens": 10, "output_tokens": 10}}]}),
    );
    assert!(
        e.assumptions.iter().all(|a| !a.starts_with("downstream:")),
        "{:?}",
        e.assumptions
    );
}

#[test]
fn a_presence_input_of_false_or_empty_text_is_absent() {
    // Seedance 2 r2v, 5 s: 302,400 micros a second without a reference video = 1,512,000,
    // 453,600 with one = 2,268,000. `video_url: false` was priced as a reference video.
    let c = shipped();
    let total = |video_url: Value| {
        let mut inputs = json!({"duration": 5});
        if !video_url.is_null() {
            inputs["video_url"] = video_url;
        }
        price_in(
            c,
            json!({"model": "bytedance/seedance-2-r2v", "inputs": inputs}),
        )
        .total_micros
        .get()
    };
    assert_eq!(total(Value::Null), 1_512_000);
    assert_eq!(total(json!(false)), 1_512_000);
    assert_eq!(total(json!("")), 1_512_000);
    assert_eq!(total(json!("https://example.com/v.mp4")), 2_268_000);
}

#[test]
fn a_cliff_with_several_tiers_takes_the_highest_one_exceeded() {
    let c = rules();
    let e = |input: u64| {
        price_in(
            &c,
            json!({"model": "rules/cliff-three",
                   "usage": {"input_tokens": input, "output_tokens": 100}}),
        )
    };
    // 2,500 exceeds 1,000 and 2,000: all at the second tier, 2,500 × $5 = 12,500 and 100 ×
    // $10 = 1,000.
    let at_2500 = e(2_500);
    assert_eq!(
        lines(&at_2500),
        vec![
            ("input_tokens", 2_500, 12_500),
            ("output_tokens", 100, 1_000)
        ]
    );
    assert_eq!(
        at_2500.line_items[0].detail.as_deref(),
        Some("long context: above 2000 input tokens")
    );
    // 3,001 exceeds the third: 3,001 × $7 = 21,007 and 100 × $14 = 1,400.
    assert_eq!(e(3_001).total_micros.get(), 22_407);
    // Exactly 3,000 does not: the second tier, 15,000 + 1,000.
    assert_eq!(e(3_000).total_micros.get(), 16_000);
}

#[test]
fn every_input_side_kind_counts_toward_a_cliff_and_output_does_not() {
    let c = rules();
    // 1 plain + 600 image + 400 audio = 1,001 input-side tokens > 1,000: the tier, at twice
    // the base rates: 1 × $2 = 2, 600 × $1 = 600, 400 × $20 = 8,000.
    let e = price_in(
        &c,
        json!({"model": "rules/cliff-kinds", "usage": {"input_tokens": 1,
               "image_input_tokens": 600, "audio_input_tokens": 400, "output_tokens": 0}}),
    );
    assert_eq!(e.total_micros.get(), 8_602);
    // One image token fewer is 1,000, not above: base rates, 1 + 599 × $0.5 = 299.5 -> 300
    // + 400 × $10 = 4,000.
    let e = price_in(
        &c,
        json!({"model": "rules/cliff-kinds", "usage": {"input_tokens": 1,
               "image_input_tokens": 599, "audio_input_tokens": 400, "output_tokens": 0}}),
    );
    assert_eq!(e.total_micros.get(), 4_301);
    // Cached reads and cache writes count: 500 + 300 + 201 = 1,001: the tier, 500 × $2 =
    // 1,000, 300 × $0.2 = 60, 201 × $4 = 804.
    let e = price_in(
        &c,
        json!({"model": "rules/cliff-kinds", "usage": {"input_tokens": 500,
               "cached_input_tokens": 300, "cache_write_1h_tokens": 201, "output_tokens": 0}}),
    );
    assert_eq!(e.total_micros.get(), 1_864);
    // 100,000 output and reasoning tokens beside 999 input stay at the base: 999 + 200,000 +
    // 200,000.
    let e = price_in(
        &c,
        json!({"model": "rules/cliff-kinds", "usage": {"input_tokens": 999,
               "output_tokens": 100_000, "reasoning_tokens": 100_000}}),
    );
    assert_eq!(e.total_micros.get(), 400_999);
}

#[test]
fn graduated_bands_count_cache_writes_image_and_audio_in_prompt_order() {
    // Prompt order: cached, 5-minute writes, 1-hour writes, image, audio, plain input; the
    // band above 1,000 is 3× the base rates.
    // cached 0-400 base: 400 × $0.10 = 40; 5m writes 400-800 base: 400 × $1.25 = 500;
    // 1h writes 800-1,200: 200 × $2 = 400 at base and 200 × $6 = 1,200 in the band;
    // image 1,200-1,300: 100 × $1.50 = 150; audio 1,300-1,400: 100 × $30 = 3,000;
    // plain 1,400-1,500: 100 × $3 = 300; output in the prompt's last band: 10 × $6 = 60.
    let e = price_in(
        rules_shared(),
        json!({"model": "rules/graduated-kinds", "usage": {
            "cached_input_tokens": 400, "cache_write_5m_tokens": 400,
            "cache_write_1h_tokens": 400, "image_input_tokens": 100,
            "audio_input_tokens": 100, "input_tokens": 100, "output_tokens": 10}}),
    );
    assert_eq!(
        lines(&e),
        vec![
            ("cached_input_tokens", 400, 40),
            ("cache_write_5m_tokens", 400, 500),
            ("cache_write_1h_tokens", 200, 400),
            ("cache_write_1h_tokens", 200, 1_200),
            ("image_input_tokens", 100, 150),
            ("audio_input_tokens", 100, 3_000),
            ("input_tokens", 100, 300),
            ("output_tokens", 10, 60)
        ]
    );
    assert_eq!(e.total_micros.get(), 5_650);
}

// ---- Rounding mode none and request limits ----------------------------------------------

#[test]
fn rounding_mode_none_is_exact() {
    // test/exact rounds "none": 1,499 tokens at $1 are 1,499 micros, not a step of anything.
    let depth = Catalog::from_json(include_str!("data/depth_catalog.json")).unwrap();
    let e = price_in(
        &depth,
        json!({"model": "test/exact", "usage": {"input_tokens": 1_499, "output_tokens": 1}}),
    );
    assert_eq!(
        lines(&e),
        vec![("input_tokens", 1_499, 1_499), ("output_tokens", 1, 1)]
    );
    assert!(e.line_items.iter().all(|l| l.detail.is_none()));
}

/// `levels` nested calls of 1 input token each at $1/M: 1 micro each.
fn nested(levels: usize) -> Value {
    let mut v = json!({"model": "rules/tokens", "usage": {"input_tokens": 1, "output_tokens": 0}});
    for _ in 0..levels {
        v = json!({"model": "rules/tokens", "usage": {"input_tokens": 1, "output_tokens": 0},
                   "downstream": [v]});
    }
    v
}

#[test]
fn downstream_exactly_8_deep_is_accepted_and_9_is_not() {
    let c = rules();
    // The root and 8 nested levels: 9 calls of 1 micro.
    assert_eq!(total_in(&c, nested(8)), 9);
    // The ninth level is refused where it starts (8 × `downstream[0]` in).
    let err = tariff::Error::from(Request::from_value(&nested(9)).unwrap_err());
    assert_eq!(err.code(), "invalid_request");
    let tariff::Error::InvalidRequest { field, message } = err else {
        panic!("{err:?}")
    };
    assert_eq!(field, format!("{}downstream", "downstream[0].".repeat(8)));
    assert!(message.contains("8 levels"), "{message}");
}

#[test]
fn exactly_1000_downstream_calls_are_accepted_and_1001_are_not() {
    let c = rules();
    let calls = |n: usize| {
        let call =
            json!({"model": "rules/tokens", "usage": {"input_tokens": 1, "output_tokens": 0}});
        json!({"model": "rules/tokens", "usage": {"input_tokens": 1, "output_tokens": 0},
               "downstream": vec![call; n]})
    };
    // 1 + 1,000 calls of 1 micro.
    assert_eq!(total_in(&c, calls(1_000)), 1_001);
    let text = calls(1_001).to_string();
    // The 1,001st call is the one named.
    let err = Request::from_json(&text).unwrap_err();
    assert_eq!(err.field, "downstream[1000]");
    assert!(err.message.contains("1000"), "{}", err.message);
}
