//! Pricing depth: token kinds, cliff and graduated context tiers, fees, minimum charges,
//! quantity rounding, base + included seconds, service tiers and effective-dated prices.
//! Each expected value is worked out in the comment beside it, not read back from the engine.
//! `tests/data/depth_catalog.json` holds the test models; the rest are in the shipped catalog.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::float_arithmetic,
    reason = "test code: a panic is a failing test"
)]

use serde_json::{json, Value};
mod support;
use support::{lines, price_in};
use tariff::time::Timestamp;
use tariff::{Catalog, Error, Estimate, Request};

const DEPTH: &str = include_str!("data/depth_catalog.json");

fn may_2026() -> Option<Timestamp> {
    Timestamp::parse_rfc3339("2026-05-01T00:00:00Z").ok()
}

fn july_2026() -> Option<Timestamp> {
    Timestamp::parse_rfc3339("2026-07-01T00:00:00Z").ok()
}

fn depth() -> Catalog {
    Catalog::from_json(DEPTH).unwrap().with_clock(may_2026)
}

fn price(v: Value) -> Estimate<'static> {
    static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    price_in(C.get_or_init(depth), v)
}

fn shipped(v: Value) -> Estimate<'static> {
    static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    price_in(C.get_or_init(|| Catalog::embedded().unwrap()), v)
}

fn fails(c: &Catalog, v: Value) -> Error {
    c.estimate(&Request::from_value(&v).unwrap())
        .expect_err("must fail")
}

fn tokens(model: &str, usage: Value) -> Estimate<'static> {
    price(json!({"model": model, "usage": usage}))
}

#[test]
fn cliff_just_below_at_and_above_the_threshold() {
    // Base $1 / $2 per 1M; above 1,000 input tokens $2 / $4.
    // 999 input: 999 × 1 = 999; 500 output × 2 = 1,000.
    let e = tokens(
        "test/cliff",
        json!({"input_tokens": 999, "output_tokens": 500}),
    );
    assert_eq!(e.total_micros.get(), 1_999);
    // Exactly 1,000 does not exceed the threshold: 1,000 + 1,000.
    let e = tokens(
        "test/cliff",
        json!({"input_tokens": 1_000, "output_tokens": 500}),
    );
    assert_eq!(e.total_micros.get(), 2_000);
    assert!(e.line_items.iter().all(|l| l.detail.is_none()));
    // 1,001 exceeds it: every token at the tier: 1,001 × 2 = 2,002; 500 × 4 = 2,000.
    let e = tokens(
        "test/cliff",
        json!({"input_tokens": 1_001, "output_tokens": 500}),
    );
    assert_eq!(
        lines(&e),
        vec![
            ("input_tokens", 1_001, 2_002),
            ("output_tokens", 500, 2_000)
        ]
    );
    assert_eq!(
        e.line_items[0].detail.as_deref(),
        Some("long context: above 1000 input tokens")
    );
}

#[test]
fn cache_read_write_and_plain_input_in_one_request() {
    // 400 cached × $0.10 = 40; 200 written for 5 min × $1.25 = 250; 100 written for 1 h × $2
    // = 200; 300 plain × $1 = 300; 10 output × $2 = 20. Context 1,000: base rates.
    let e = tokens(
        "test/cliff",
        json!({"input_tokens": 300, "cached_input_tokens": 400, "cache_write_5m_tokens": 200,
               "cache_write_1h_tokens": 100, "output_tokens": 10}),
    );
    assert_eq!(
        lines(&e),
        vec![
            ("cached_input_tokens", 400, 40),
            ("cache_write_5m_tokens", 200, 250),
            ("cache_write_1h_tokens", 100, 200),
            ("input_tokens", 300, 300),
            ("output_tokens", 10, 20),
        ]
    );
    assert_eq!(e.total_micros.get(), 810);
    // One more cached token: context 1,001 crosses the cliff, every kind at the tier:
    // 401 × 0.2 = 80.2 -> 80; 200 × 2.5 = 500; 100 × 4 = 400; 300 × 2 = 600; 10 × 4 = 40.
    let e = tokens(
        "test/cliff",
        json!({"input_tokens": 300, "cached_input_tokens": 401, "cache_write_5m_tokens": 200,
               "cache_write_1h_tokens": 100, "output_tokens": 10}),
    );
    assert_eq!(e.total_micros.get(), 80 + 500 + 400 + 600 + 40);
}

#[test]
fn graduated_across_two_and_three_bands() {
    // Base $1 / $2; beyond 1,000 input-side tokens $3 / $6; beyond 2,000 $5 / $10.
    // 1,500 input: 1,000 × 1 = 1,000 at base, 500 × 3 = 1,500 in the first band; the prompt
    // ends in that band, so 100 output × 6 = 600.
    let e = tokens(
        "test/graduated",
        json!({"input_tokens": 1_500, "output_tokens": 100}),
    );
    assert_eq!(
        lines(&e),
        vec![
            ("input_tokens", 1_000, 1_000),
            ("input_tokens", 500, 1_500),
            ("output_tokens", 100, 600)
        ]
    );
    assert_eq!(e.total_micros.get(), 3_100);
    assert_eq!(
        e.line_items[1].detail.as_deref(),
        Some("band above 1000 input tokens")
    );
    // The same usage on the cliff model with the same tiers: all at the first band:
    // 1,500 × 3 + 100 × 6 = 5,100, above the graduated 3,100.
    let c = tokens(
        "test/cliff-two",
        json!({"input_tokens": 1_500, "output_tokens": 100}),
    );
    assert_eq!(c.total_micros.get(), 5_100);
    // Cached prefix first: 1,200 cached = 1,000 × 0.1 + 200 × 0.3 = 100 + 60; then 1,000
    // plain from position 1,200: 800 × 3 = 2,400 and 200 × 5 = 1,000.
    let e = tokens(
        "test/graduated",
        json!({"input_tokens": 1_000, "cached_input_tokens": 1_200, "output_tokens": 0}),
    );
    assert_eq!(
        lines(&e),
        vec![
            ("cached_input_tokens", 1_000, 100),
            ("cached_input_tokens", 200, 60),
            ("input_tokens", 800, 2_400),
            ("input_tokens", 200, 1_000),
            ("output_tokens", 0, 0)
        ]
    );
}

#[test]
fn audio_image_and_reasoning_tokens_have_their_own_lines() {
    // 2,000 image × $0.50 = 1,000; 1,000 audio × $10 = 10,000; 100 input × $1 = 100;
    // 50 output × $2 = 100; 200 reasoning at the output rate × $2 = 400.
    let e = tokens(
        "test/kinds",
        json!({"input_tokens": 100, "output_tokens": 50, "reasoning_tokens": 200,
               "audio_input_tokens": 1_000, "image_input_tokens": 2_000}),
    );
    assert_eq!(
        lines(&e),
        vec![
            ("image_input_tokens", 2_000, 1_000),
            ("audio_input_tokens", 1_000, 10_000),
            ("input_tokens", 100, 100),
            ("output_tokens", 50, 100),
            ("reasoning_tokens", 200, 400)
        ]
    );
    // Its own reasoning rate: 100 × $3 = 300.
    let e = tokens(
        "test/reasoning",
        json!({"reasoning_tokens": 100, "output_tokens": 0, "input_tokens": 0}),
    );
    assert_eq!(e.line_items[2].micros.get(), 300);
}

#[test]
fn a_token_kind_without_a_rate_is_an_error() {
    for (usage, field) in [
        (
            json!({"cached_input_tokens": 5}),
            "usage.cached_input_tokens",
        ),
        (
            json!({"cache_write_1h_tokens": 1}),
            "usage.cache_write_1h_tokens",
        ),
        (json!({"audio_input_tokens": 1}), "usage.audio_input_tokens"),
    ] {
        let m = if field.contains("audio") {
            "test/reasoning"
        } else {
            "test/kinds"
        };
        match fails(&depth(), json!({"model": m, "usage": usage})) {
            Error::InvalidRequest { field: f, message } => {
                assert_eq!(f, field);
                assert!(message.contains("has no"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
    // Zero of a kind without a rate is fine (nothing to price).
    let e = tokens(
        "test/kinds",
        json!({"cached_input_tokens": 0, "input_tokens": 1}),
    );
    assert_eq!(e.total_micros.get(), 1);
}

#[test]
fn fees_and_a_minimum_charge() {
    // One call $0.01 = 10,000; request fee 1,000; 2 searches × 10,000; 3 tool calls × 500:
    // 32,500 < the 50,000 minimum, so a minimum_charge line of 17,500.
    let e = price(json!({"model": "test/fees", "usage": {"web_searches": 2, "tool_calls": 3}}));
    assert_eq!(
        lines(&e),
        vec![
            ("calls", 1, 10_000),
            ("request", 1, 1_000),
            ("web_searches", 2, 20_000),
            ("tool_calls", 3, 1_500),
            ("minimum_charge", 1, 17_500)
        ]
    );
    assert_eq!(e.total_micros.get(), 50_000);
    // Above the minimum: 10,000 + 1,000 + 50,000 + 1,500 = 62,500, no minimum line.
    let e = price(json!({"model": "test/fees", "usage": {"web_searches": 5, "tool_calls": 3}}));
    assert_eq!(e.total_micros.get(), 62_500);
    assert_eq!(e.line_items.len(), 4);
    // A failed run pays no per-output call fee and no minimum, but the request fee and the
    // tools it used: 1,000 + 1,500.
    let e = price(json!({"model": "test/fees", "status": "failed", "usage": {"tool_calls": 3}}));
    assert_eq!(e.total_micros.get(), 2_500);
    // And it says so, in the order it bills them.
    let why: Vec<&str> = e
        .assumptions
        .iter()
        .map(String::as_str)
        .filter(|a| a.starts_with("status: "))
        .collect();
    assert_eq!(
        why,
        [
            "status: failed: per-output item calls not billed",
            "status: failed: billed for its request fee (the request was made)",
            "status: failed: billed for the 3 tool calls it made",
            "status: failed: no minimum charge",
        ]
    );
    // Searches on a model without a search fee are an error, not free.
    match fails(
        &depth(),
        json!({"model": "test/kinds", "usage": {"web_searches": 1}}),
    ) {
        Error::InvalidRequest { field, .. } => assert_eq!(field, "usage.web_searches"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn quantity_rounding_modes() {
    // Per started second: 3.2 s -> 4 s × $0.001 = 4,000 micros... at 1,000 micros/s: 4,000.
    let e = price(json!({"model": "test/started-second", "usage": {"seconds": 3.2}}));
    assert_eq!(lines(&e), vec![("seconds", 4_000, 4_000)]);
    // A whole number of seconds is not rounded.
    let e = price(json!({"model": "test/started-second", "usage": {"seconds": 3}}));
    assert_eq!(e.total_micros.get(), 3_000);
    // Floor to 1,000 tokens: 2,500 -> 2,000 (2,000 micros); 999 -> 0.
    let e = tokens(
        "test/floor-tokens",
        json!({"input_tokens": 2_500, "output_tokens": 999}),
    );
    assert_eq!(
        lines(&e),
        vec![("input_tokens", 2_000, 2_000), ("output_tokens", 0, 0)]
    );
    // Half-up to 1,000 tokens: 1,500 -> 2,000; 1,499 -> 1,000.
    let e = tokens(
        "test/half-up-tokens",
        json!({"input_tokens": 1_500, "output_tokens": 1_499}),
    );
    assert_eq!(
        lines(&e),
        vec![
            ("input_tokens", 2_000, 2_000),
            ("output_tokens", 1_000, 1_000)
        ]
    );
}

#[test]
fn per_started_megapixel_is_per_image() {
    // FLUX.1 dev at $0.025 / MP, rounded up per image: 1024 × 1024 = 1,048,576 px -> 2 MP
    // = 50,000 micros.
    let e = shipped(json!({"model": "black-forest-labs/flux-1-dev",
                          "inputs": {"width": 1024, "height": 1024}, "usage": {"images": 1}}));
    assert_eq!(lines(&e), vec![("megapixels", 2_000_000, 50_000)]);
    // 1000 × 1000 is exactly 1 MP: 25,000.
    let e = shipped(json!({"model": "black-forest-labs/flux-1-dev",
                          "inputs": {"width": 1000, "height": 1000}, "usage": {"images": 1}}));
    assert_eq!(e.total_micros.get(), 25_000);
    // Three 1024 × 1024 images: 3 × 2 MP = 6 MP = 150,000 (not ceil(3.1 MP) = 4 MP).
    let e = shipped(json!({"model": "black-forest-labs/flux-1-dev",
                          "inputs": {"width": 1024, "height": 1024}, "usage": {"images": 3}}));
    assert_eq!(e.total_micros.get(), 150_000);
}

#[test]
fn base_fee_with_included_seconds_then_per_started_extra_second() {
    let kling = |duration: f64| {
        shipped(json!({"model": "kuaishou/kling-v2.1-master", "inputs": {"duration": duration}}))
    };
    // 5 s: the $1.40 base only (0 extra seconds).
    let e = kling(5.0);
    assert_eq!(lines(&e), vec![("base", 1, 1_400_000), ("duration", 0, 0)]);
    // 7.3 s: 2.3 extra seconds, per started second 3 × $0.28 = 840,000; total 2,240,000.
    let e = kling(7.3);
    assert_eq!(
        lines(&e),
        vec![("base", 1, 1_400_000), ("duration", 3_000, 840_000)]
    );
    // 3 s: still the base.
    assert_eq!(kling(3.0).total_micros.get(), 1_400_000);
    // A failed run pays no per-output item, the base included.
    let e = shipped(json!({"model": "kuaishou/kling-v2.1-master", "status": "failed"}));
    assert_eq!(e.total_micros.get(), 0);
}

#[test]
fn service_tiers_by_percentage_and_by_rate_set() {
    let gpt5 = |tier: Value| {
        shipped(json!({"model": "openai/gpt-5", "service_tier": tier,
                       "usage": {"input_tokens": 1_000_000, "output_tokens": 100_000}}))
    };
    // Standard: $1.25 + 100k × $10 / 1M = 1,250,000 + 1,000,000.
    assert_eq!(gpt5(Value::Null).total_micros.get(), 2_250_000);
    assert_eq!(gpt5(json!("standard")).total_micros.get(), 2_250_000);
    // Batch at 50%: 625,000 + 500,000, the rate shown halved, and listed in assumptions.
    let e = gpt5(json!("batch"));
    assert_eq!(e.total_micros.get(), 1_125_000);
    assert_eq!(e.line_items[0].rate_micros, 625_000);
    assert!(e
        .assumptions
        .iter()
        .any(|a| a == "service_tier: batch: 50% of the standard rates"));
    // Priority at its own rates: $2.50 + 100k × $20 / 1M = 2,500,000 + 2,000,000.
    assert_eq!(gpt5(json!("priority")).total_micros.get(), 4_500_000);
    // An unknown tier names the ones there are.
    match fails(
        &Catalog::embedded().unwrap(),
        json!({"model": "openai/gpt-5", "service_tier": "turbo"}),
    ) {
        Error::UnsupportedInput { field, allowed, .. } => {
            assert_eq!(field, "service_tier");
            assert_eq!(
                allowed,
                vec![
                    json!("standard"),
                    json!("batch"),
                    json!("flex"),
                    json!("priority")
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    // A percentage that leaves a fraction of a micro in the rate stays exact and is rounded
    // once: 1,000,000 tokens × 1,000,001 × 50% / 1M = 500,000.5 -> 500,001; the rate shows as
    // 1,000,001 × 50 = 50,000,050 micros per 100 × 1M tokens.
    let e = price(json!({"model": "test/percent", "service_tier": "half",
                         "usage": {"input_tokens": 1_000_000, "output_tokens": 0}}));
    assert_eq!(e.line_items[0].micros.get(), 500_001);
    assert_eq!(
        (e.line_items[0].rate_micros, e.line_items[0].rate_per),
        (50_000_050, 100_000_000)
    );
}

#[test]
fn shipped_cache_writes_and_web_search_fee() {
    // Claude Sonnet 4.5 list prices: 10,000 written for 5 min × $3.75 = 37,500; 10,000 for 1 h
    // × $6 = 60,000; 50,000 cached × $0.30 = 15,000; 1,000 plain × $3 = 3,000; 2,000 output
    // × $15 = 30,000. Context 71,000 stays below the 200k tier.
    let e = shipped(json!({"model": "anthropic/claude-sonnet-4-5", "usage": {
        "input_tokens": 1_000, "cached_input_tokens": 50_000, "cache_write_5m_tokens": 10_000,
        "cache_write_1h_tokens": 10_000, "output_tokens": 2_000}}));
    assert_eq!(
        e.total_micros.get(),
        37_500 + 60_000 + 15_000 + 3_000 + 30_000
    );
    // GPT-5 list: 3 searches at $10 per 1,000 = 30,000; 1,000 reasoning at the $10 output
    // rate = 10,000.
    let e = shipped(json!({"model": "openai/gpt-5", "usage": {
        "input_tokens": 0, "output_tokens": 0, "reasoning_tokens": 1_000, "web_searches": 3}}));
    assert_eq!(e.total_micros.get(), 40_000);
    // Sonar: $1 / $1 per 1M plus $0.005 per request: 1,000 + 1,000 + 5,000.
    let e = shipped(json!({"model": "perplexity/sonar", "usage": {
        "input_tokens": 1_000, "output_tokens": 1_000}}));
    assert_eq!(e.total_micros.get(), 7_000);
}

#[test]
fn the_price_in_force_at_each_time() {
    let c = depth();
    let at = |t: &str| {
        price_in(
            &c,
            json!({"model": "test/dated", "at": t, "usage": {"input_tokens": 1_000}}),
        )
        .total_micros
        .get()
    };
    // $1 / 1M before June 2026, $2 from 2026-06-01, $3 (minimum $0.005) from 2027.
    assert_eq!(at("2026-05-31T23:59:59Z"), 1_000);
    assert_eq!(at("2026-06-01T00:00:00Z"), 2_000);
    assert_eq!(at("2027-01-01T00:00:00Z"), 5_000);
    // A given time's price is said as the default's is.
    let said = |t: &str| {
        price_in(
            &c,
            json!({"model": "test/dated", "at": t, "usage": {"input_tokens": 1_000}}),
        )
        .assumptions
    };
    assert_eq!(
        said("2026-07-01T00:00:00Z")[0],
        "at: the price in force then (since 2026-06-01T00:00:00Z) used"
    );
    assert_eq!(
        said("1990-01-01T00:00:00Z")[0],
        "at: the price before its first change (on 2026-06-01T00:00:00Z) used"
    );
    // However the estimate is reached: input and output given (the common call, priced without
    // the walk for a model whose price never changes) say it too.
    let e = price_in(
        &c,
        json!({"model": "test/dated", "at": "2026-07-01T00:00:00Z",
            "usage": {"input_tokens": 1_000, "output_tokens": 0}}),
    );
    assert_eq!(e.total_micros.get(), 2_000);
    assert_eq!(
        e.assumptions,
        vec!["at: the price in force then (since 2026-06-01T00:00:00Z) used"]
    );
    // No `at`: the clock (May 2026) picks, and the assumption says so.
    let e = price_in(
        &c,
        json!({"model": "test/dated", "usage": {"input_tokens": 1_000}}),
    );
    assert_eq!(e.total_micros.get(), 1_000);
    assert!(e
        .assumptions
        .contains(&"at: not given; the price in force now used".to_string()));
    let later = Catalog::from_json(DEPTH).unwrap().with_clock(july_2026);
    let e = price_in(
        &later,
        json!({"model": "test/dated", "usage": {"input_tokens": 1_000}}),
    );
    assert_eq!(e.total_micros.get(), 2_000);
    assert!(e.assumptions.contains(
        &"at: not given; the price in force now (since 2026-06-01T00:00:00Z) used".to_string()
    ));
    // A downstream call takes its caller's time.
    let e = price_in(
        &c,
        json!({"model": "test/kinds", "at": "2026-06-02T00:00:00Z",
        "usage": {"input_tokens": 0, "output_tokens": 0},
        "downstream": [{"model": "test/dated", "usage": {"input_tokens": 1_000}}]}),
    );
    assert_eq!(e.total_micros.get(), 2_000);
    assert!(
        e.assumptions.contains(
            &"downstream[0].at: the price in force then (since 2026-06-01T00:00:00Z) used"
                .to_string()
        ),
        "{:?}",
        e.assumptions
    );
}

#[test]
fn usage_prices_each_record_at_its_time() {
    // A day apart across the change: 1,000 tokens at $1 then at $2.
    let records = "{\"model\":\"test/dated\",\"at\":\"2026-05-31T12:00:00Z\",\"usage\":{\"input_tokens\":1000}}\n\
                   {\"model\":\"test/dated\",\"at\":\"2026-06-01T12:00:00Z\",\"usage\":{\"input_tokens\":1000}}";
    let b = depth().usage_text(records).unwrap();
    assert_eq!(b.total_micros.get(), 3_000);
    let days: Vec<(&str, u64)> = b
        .by_day
        .iter()
        .map(|d| (d.day.as_str(), d.micros.get()))
        .collect();
    assert_eq!(days, vec![("2026-05-31", 1_000), ("2026-06-01", 2_000)]);
}

#[test]
fn listings_show_the_price_in_force_and_the_changes_to_come() {
    let listed = depth().list_models();
    let dated = listed.iter().find(|m| m.slug == "test/dated").unwrap();
    assert_eq!(dated.pricing.amount_micros, 1_000_000);
    let dates: Vec<&str> = dated
        .price_changes
        .iter()
        .map(|c| c.effective_from.as_str())
        .collect();
    assert_eq!(dates, vec!["2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z"]);
    // Each billing as the catalog writes it (the one in force, and each change's).
    let written: Value = serde_json::from_str(DEPTH).unwrap();
    let model = written["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["slug"] == "test/dated")
        .unwrap();
    assert_eq!(dated.billing, model["billing"]);
    assert_eq!(dated.billing["input_per_million"], 1_000_000);
    assert_eq!(
        dated.price_changes[0].billing,
        model["price_changes"][0]["billing"]
    );
    assert_eq!(
        dated.price_changes[1].billing,
        model["price_changes"][1]["billing"]
    );
    assert_eq!(
        Catalog::from_value(&written).unwrap().list_models(),
        Catalog::from_json(DEPTH).unwrap().list_models()
    );
    assert_eq!(
        dated.price_changes[1].price,
        "$3.00 / 1M input tokens · $0.00 / 1M output tokens; minimum $0.005 per call"
    );
    let later = Catalog::from_json(DEPTH)
        .unwrap()
        .with_clock(july_2026)
        .list_models();
    let dated = later.iter().find(|m| m.slug == "test/dated").unwrap();
    assert_eq!(dated.pricing.amount_micros, 2_000_000);
    assert_eq!(dated.price_changes.len(), 1);
    let listed = Catalog::embedded().unwrap().list_models();
    let kling = listed
        .iter()
        .find(|m| m.slug == "kuaishou/kling-v2.1-master")
        .unwrap();
    assert_eq!(
        kling.price,
        "$1.40 for the first 5 s, then $0.28 / second of output; quantities rounded (ceiling) to steps of 1"
    );
    let gpt5 = listed.iter().find(|m| m.slug == "openai/gpt-5").unwrap();
    // Per-token lines are rounded to the cent as the seeds print them ($0.125 -> $0.13); the
    // billing object beside them is exact.
    assert_eq!(
        gpt5.price,
        "$1.25 / 1M input tokens · $10.00 / 1M output tokens · $0.13 / 1M cached input tokens \
         + $0.01 / web search; batch: 50%; flex: 50%; priority: $2.50 / 1M input tokens · \
         $20.00 / 1M output tokens · $0.25 / 1M cached input tokens + $0.01 / web search"
    );
}

#[test]
fn catalog_faults_in_the_new_keys_name_their_path() {
    let bad = |edit: &dyn Fn(&mut Value), path: &str| {
        let mut v: Value = serde_json::from_str(DEPTH).unwrap();
        edit(&mut v);
        match Catalog::from_value(&v) {
            Err(Error::InvalidCatalog { path: p, .. }) => assert_eq!(p, path),
            other => panic!("{path}: {other:?}"),
        }
    };
    bad(
        &|v| v["models"][0]["billing"]["context_tiers"]["mode"] = json!("stepped"),
        "models[0].billing.context_tiers.mode",
    );
    bad(
        &|v| {
            v["models"][1]["billing"]["context_tiers"]["tiers"][1]["above_input_tokens"] =
                json!(500)
        },
        "models[1].billing.context_tiers.tiers[1].above_input_tokens",
    );
    bad(
        &|v| {
            v["models"][0]["billing"]["context_tiers"]["tiers"][0]
                .as_object_mut()
                .unwrap()
                .remove("cache_write_1h_per_million");
        },
        "models[0].billing.context_tiers.tiers[0].cache_write_1h_per_million",
    );
    bad(
        &|v| v["models"][5]["billing"]["fees"]["per_search"] = json!(1),
        "models[5].billing.fees.per_search",
    );
    bad(
        &|v| v["models"][6]["billing"]["rounding"]["step"] = json!(0),
        "models[6].billing.rounding.step",
    );
    bad(
        &|v| v["models"][9]["billing"]["service_tiers"]["standard"] = json!({"percent": 10}),
        "models[9].billing.service_tiers.standard",
    );
    bad(
        &|v| v["models"][9]["billing"]["service_tiers"]["half"] = json!({"percent": 0}),
        "models[9].billing.service_tiers.half.percent",
    );
    bad(
        &|v| v["models"][10]["price_changes"][1]["effective_from"] = json!("2026-01-01T00:00:00Z"),
        "models[10].price_changes[1].effective_from",
    );
    bad(
        &|v| v["models"][10]["price_changes"][0]["effective_from"] = json!("June"),
        "models[10].price_changes[0].effective_from",
    );
}

/// A key given twice counts with its last value, as serde_json's map (and `JSON.parse`) read
/// it: in the price, in the listing's billing object, and in which fault is named first.
#[test]
fn a_key_given_twice_counts_with_its_last_value() {
    let text = r#"{"version": "t", "default_model": "t/m", "hardware": [], "models": [
        {"slug": "t/m", "name": "M", "family": "F", "provider": "P", "surface": "agentic",
         "kind": "text", "name": "M2",
         "billing": {"shape": "per_token", "input_per_million": 1000000,
                     "output_per_million": 2000000, "input_per_million": 3000000}}]}"#;
    let c = Catalog::from_json(text).unwrap();
    // 1,000 input tokens at $3/1M (the second rate) = 3,000 micros; 10 output at $2/1M = 20.
    let e = c.estimate(&Request::tokens("t/m", 1_000, 10)).unwrap();
    assert_eq!(
        lines(&e),
        vec![("input_tokens", 1_000, 3_000), ("output_tokens", 10, 20)]
    );
    let listed = c.list_models();
    assert_eq!(listed[0].name, "M2");
    let written: Value = serde_json::from_str(text).unwrap();
    assert_eq!(listed[0].billing, written["models"][0]["billing"]);
    assert_eq!(listed[0].billing["input_per_million"], 3_000_000);
    // A first value that is wrong is overridden, as it is by every JSON reader of the text.
    let overridden = text.replace(
        r#""input_per_million": 1000000"#,
        r#""input_per_million": "x""#,
    );
    assert!(Catalog::from_json(&overridden).is_ok());
    // Of two unknown keys, the first in key order is named, whatever the text's order.
    let unknown = text.replace(
        r#""shape": "per_token","#,
        r#""shape": "per_token", "zz": 1, "aa": 2,"#,
    );
    match Catalog::from_json(&unknown) {
        Err(Error::InvalidCatalog { path, .. }) => assert_eq!(path, "models[0].billing.aa"),
        other => panic!("{other:?}"),
    }
}
