//! Hand-worked prices from the two seeds and the public price list. Each expected value is
//! worked out in the comment beside it, not read back from the engine.

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
use serde_json::{json, Value};
use support::day_spend;
use support::shipped as catalog;
use tariff::{Budget, Catalog, Error, Estimate, Request};

fn price(v: Value) -> Estimate<'static> {
    catalog()
        .estimate(&Request::from_value(&v).unwrap())
        .unwrap_or_else(|e| panic!("{v}: {e}"))
}

fn total(v: Value) -> u64 {
    price(v).total_micros.get()
}

fn micros_of(e: &Estimate, item: &str) -> Vec<u64> {
    e.line_items
        .iter()
        .filter(|l| l.item == item)
        .map(|l| l.micros.get())
        .collect()
}

#[test]
fn opus_4_7_worked_example() {
    // 1,234,567 × $18.00/1M = 22,222,206 micros; 89,012 × $90.00/1M = 8,011,080 micros.
    let e = price(json!({"model": "claude/opus-4-7",
        "usage": {"input_tokens": 1234567, "output_tokens": 89012}}));
    assert_eq!(micros_of(&e, "input_tokens"), vec![22_222_206]);
    assert_eq!(micros_of(&e, "output_tokens"), vec![8_011_080]);
    assert_eq!(e.total_micros.get(), 30_233_286);
    assert_eq!(e.total_usd, "$30.233286");
    assert!(!e.defaulted);
    assert!(e.assumptions.is_empty());
}

#[test]
fn every_seed_token_price() {
    // One million of each: the micros are the seed's dollars × 1,000,000.
    let seed = [
        ("claude/opus-4-7", 18_000_000, 90_000_000),
        ("claude/opus-4-6", 18_000_000, 90_000_000),
        ("claude/opus-4-5", 18_000_000, 90_000_000),
        ("claude/sonnet-4-7", 3_600_000, 18_000_000),
        ("claude/sonnet-4-6", 3_600_000, 18_000_000),
        ("claude/sonnet-4-5", 3_600_000, 18_000_000),
        ("claude/haiku-4-5", 300_000, 1_500_000),
        ("gpt/5", 1_500_000, 12_000_000),
        ("gpt/5-mini", 300_000, 2_400_000),
        ("gpt/4o", 3_000_000, 12_000_000),
        ("gpt/4o-mini", 180_000, 720_000),
        ("gemini/2.5-pro", 1_500_000, 12_000_000),
        ("gemini/2.5-flash", 90_000, 360_000),
        ("gemini/2.0-flash", 120_000, 480_000),
    ];
    for (slug, input, output) in seed {
        let e = price(json!({"model": slug,
            "usage": {"input_tokens": 1_000_000, "output_tokens": 1_000_000}}));
        assert_eq!(micros_of(&e, "input_tokens"), vec![input], "{slug}");
        assert_eq!(micros_of(&e, "output_tokens"), vec![output], "{slug}");
    }
}

#[test]
fn gpt_4o_mini_rounds_180_18_down_to_180() {
    // 1,001 × 0.18 micros = 180.18 -> 180.
    let e = price(json!({"model": "gpt/4o-mini", "usage": {"input_tokens": 1001}}));
    assert_eq!(e.total_micros.get(), 180);
    // output_tokens was not given: zero, and said so; the bound takes the catalog's cap.
    assert_eq!(
        e.assumptions,
        vec![
            "usage.output_tokens: not given; assumed 0 tokens",
            "limits.output_tokens: not given; the catalog's limit of 16384 tokens (indicative) \
             used for the bound"
        ]
    );
    // 16,384 output tokens × 0.72 micros = 11,796.48 -> 11,796, plus 1 micro: split between
    // output and reasoning lines, the two roundings could bill one more (1 × 0.72 -> 1, and
    // 16,383 × 0.72 = 11,795.76 -> 11,796).
    assert_eq!(e.bound_micros.map(|m| m.get()), Some(180 + 11_796 + 1));
}

#[test]
fn a_half_micro_rounds_up() {
    // 25 × 0.18 = 4.5 -> 5; 24 × 0.18 = 4.32 -> 4; gemini 2.5 flash: 50 × 0.09 = 4.5 -> 5.
    assert_eq!(
        total(json!({"model": "gpt/4o-mini", "usage": {"input_tokens": 25, "output_tokens": 0}})),
        5
    );
    assert_eq!(
        total(json!({"model": "gpt/4o-mini", "usage": {"input_tokens": 24, "output_tokens": 0}})),
        4
    );
    assert_eq!(
        total(
            json!({"model": "gemini/2.5-flash", "usage": {"input_tokens": 50, "output_tokens": 0}})
        ),
        5
    );
    // Each line is rounded once, then summed: 25 in (4.5 -> 5) + 25 out at 0.72 (18) = 23.
    assert_eq!(
        total(json!({"model": "gpt/4o-mini", "usage": {"input_tokens": 25, "output_tokens": 25}})),
        23
    );
}

#[test]
fn megapixel_at_1024_square() {
    // $0.02 × 1,048,576 px ÷ 1,000,000 = 20,971.52 micros -> 20,972.
    let e = price(json!({"model": "black-forest-labs/flux-2-pro-legacy",
        "inputs": {"width": 1024, "height": 1024}, "usage": {"images": 1}}));
    assert_eq!(e.total_micros.get(), 20_972);
    assert_eq!(e.line_items[0].quantity, 1_048_576);
    // Defaults are 1024 × 1024 and 1 image, each listed.
    let e = price(json!({"model": "black-forest-labs/flux-2-pro-legacy"}));
    assert_eq!(e.total_micros.get(), 20_972);
    assert_eq!(e.assumptions.len(), 3, "{:?}", e.assumptions);
    // 1920 × 1080 × 2 images = 4,147,200 px × 0.02 = 82,944 micros.
    assert_eq!(
        total(json!({"model": "black-forest-labs/flux-2-pro-legacy",
        "inputs": {"width": 1920, "height": 1080}, "usage": {"images": 2}})),
        82_944
    );
}

#[test]
fn omitted_model_bills_as_sonnet_4_6() {
    // 1M input tokens at Sonnet 4.6's $3.60 = 3,600,000 micros.
    let e = price(json!({"usage": {"input_tokens": 1_000_000, "output_tokens": 0}}));
    assert_eq!(e.model, "claude/sonnet-4-6");
    assert!(e.defaulted);
    assert_eq!(e.total_micros.get(), 3_600_000);
    assert!(e.assumptions[0].contains("claude/sonnet-4-6"));
}

#[test]
fn second_seed_sample_models() {
    // TrueFusion: $0.03 / image × 3 = 90,000.
    assert_eq!(
        total(json!({"model": "skytells/truefusion", "usage": {"images": 3}})),
        90_000
    );
    // TrueFusion Video Pro: $0.196 / second × 7.5 s = 1,470,000.
    assert_eq!(
        total(json!({"model": "skytells/truefusion-video-pro", "inputs": {"duration": 7.5}})),
        1_470_000
    );
    // Lumo: $1.12 / prediction.
    assert_eq!(
        total(json!({"model": "skytells/lumo", "usage": {"predictions": 1}})),
        1_120_000
    );
    // Sora 2: $0.002 / video.
    assert_eq!(
        total(json!({"model": "openai/sora-2", "usage": {"videos": 1}})),
        2_000
    );
    // TrueFusion Optima: $0.008 / computing second × 12.345 s = 98,760.
    assert_eq!(
        total(json!({"model": "skytells/truefusion-optima", "usage": {"seconds": 12.345}})),
        98_760
    );
}

#[test]
fn optima_without_run_time_uses_the_typical_one() {
    // Typical 4 s × 8,000 micros/s = 32,000, and the assumption says so.
    let e = price(json!({"model": "skytells/truefusion-optima"}));
    assert_eq!(e.total_micros.get(), 32_000);
    assert_eq!(
        e.assumptions,
        vec![
            "usage.seconds: not given; typical run time of 4 s used",
            "limits.seconds: not given; the catalog's limit of 1800 s (indicative) used for the \
             bound"
        ]
    );
    // At most its 1,800 s timeout: 1,800 × 8,000 = 14,400,000.
    assert_eq!(e.bound_micros.map(|m| m.get()), Some(14_400_000));
}

#[test]
fn veo_3_with_and_without_audio() {
    // The first seed's example: 5 s with audio at $0.40/s = $2.00.
    let e = price(json!({"model": "google/veo-3-t2v",
        "inputs": {"prompt": "...", "duration": 5, "generate_audio": true}}));
    assert_eq!(e.total_micros.get(), 2_000_000);
    assert_eq!(
        e.line_items[0].detail.as_deref(),
        Some("generate_audio=true")
    );
    // Audio off: $0.20/s × 5 = $1.00.
    assert_eq!(
        total(json!({"model": "google/veo-3-t2v",
        "inputs": {"duration": 5, "generate_audio": false}})),
        1_000_000
    );
    // Nothing given: default 8 s with audio on = $3.20, two assumptions.
    let e = price(json!({"model": "google/veo-3-t2v"}));
    assert_eq!(e.total_micros.get(), 3_200_000);
    assert_eq!(e.assumptions.len(), 2, "{:?}", e.assumptions);
}

#[test]
fn gpt_image_2_quality_by_size() {
    // Default high @ 1024x1024 = $0.167.
    let e = price(json!({"model": "openai/gpt-image-2", "inputs": {"prompt": "a red bicycle"}}));
    assert_eq!(e.total_micros.get(), 167_000);
    assert!(e
        .assumptions
        .iter()
        .any(|a| a.starts_with("inputs.quality")));
    assert!(e.assumptions.iter().any(|a| a.starts_with("inputs.size")));
    // medium @ 1536x1024 = $0.063; × 4 images = $0.252.
    assert_eq!(
        total(json!({"model": "openai/gpt-image-2",
        "inputs": {"quality": "medium", "size": "1536x1024"}, "usage": {"images": 4}})),
        252_000
    );
    // low @ 1024x1024 = $0.011.
    assert_eq!(
        total(json!({"model": "openai/gpt-image-2",
        "inputs": {"quality": "low", "size": "1024x1024"}, "usage": {"images": 1}})),
        11_000
    );
    let err = catalog()
        .estimate(
            &Request::from_value(
                &json!({"model": "openai/gpt-image-2", "inputs": {"quality": "ultra"}}),
            )
            .unwrap(),
        )
        .unwrap_err();
    match err {
        Error::UnsupportedInput { field, allowed, .. } => {
            assert_eq!(field, "inputs.quality");
            assert_eq!(allowed, vec![json!("low"), json!("medium"), json!("high")]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn seedance_fast_and_reference_to_video() {
    // Fast i2v: 8 s × $0.2419 = $1.9352 (the first seed's example).
    assert_eq!(
        total(json!({"model": "bytedance/seedance-2-fast-i2v",
        "inputs": {"image_url": "https://x/y.png", "prompt": "spin slowly", "duration": 8}})),
        1_935_200
    );
    // r2v with a reference video: 5 s × $0.4536 = $2.268; without: 5 s × $0.3024 = $1.512.
    assert_eq!(
        total(json!({"model": "bytedance/seedance-2-r2v",
        "inputs": {"duration": 5, "video_url": "https://x/ref.mp4"}})),
        2_268_000
    );
    assert_eq!(
        total(json!({"model": "bytedance/seedance-2-r2v", "inputs": {"duration": 5}})),
        1_512_000
    );
}

#[test]
fn kling_v3_audio_on_and_off() {
    // 10 s × $0.168 (audio on) = $1.68; 10 s × $0.112 = $1.12.
    assert_eq!(
        total(
            json!({"model": "kuaishou/kling-v3-t2v", "inputs": {"duration": 10, "generate_audio": true}})
        ),
        1_680_000
    );
    assert_eq!(
        total(
            json!({"model": "kuaishou/kling-v3-i2v", "inputs": {"duration": 10, "generate_audio": false}})
        ),
        1_120_000
    );
}

#[test]
fn hardware_private_public_and_fast_booting() {
    // Private on 2x A100 ($0.0028/s): (30 + 20.5 + 60) s = 110.5 s × 2,800 = 309,400.
    let e = price(json!({"model": "private/llama-3-70b",
        "usage": {"setup_seconds": 30, "seconds": 20.5, "idle_seconds": 60}}));
    assert_eq!(micros_of(&e, "setup_seconds"), vec![84_000]);
    assert_eq!(micros_of(&e, "active_seconds"), vec![57_400]);
    assert_eq!(micros_of(&e, "idle_seconds"), vec![168_000]);
    assert_eq!(e.total_micros.get(), 309_400);
    // Public on L40S ($0.000975/s): 6.2 s active = 6,045; setup is not billed, and said so.
    let e =
        price(json!({"model": "community/sdxl", "usage": {"seconds": 6.2, "setup_seconds": 10}}));
    assert_eq!(e.total_micros.get(), 6_045);
    assert!(
        e.assumptions[0].starts_with("usage.setup_seconds: 10 s not billed"),
        "{:?}",
        e.assumptions
    );
    // Fast-booting on H100 ($0.001525/s): 3.333 s = 5,082.825 -> 5,083; idle not billed.
    assert_eq!(
        total(json!({"model": "finetune/flux-dev-lora",
        "usage": {"seconds": 3.333, "idle_seconds": 100}})),
        5_083
    );
}

#[test]
fn failed_runs_pay_for_time_not_output() {
    // A failed video pays nothing for its duration.
    let e =
        price(json!({"model": "google/veo-3-t2v", "status": "failed", "inputs": {"duration": 5}}));
    assert_eq!(e.total_micros.get(), 0);
    assert!(e.assumptions.iter().any(|a| a.contains("not billed")));
    // A failed run-time model pays for the 2 s it ran: 2 × 8,000.
    assert_eq!(
        total(
            json!({"model": "skytells/truefusion-optima", "status": "failed", "usage": {"seconds": 2}})
        ),
        16_000
    );
    // A failed private deployment pays all its time: (10 + 1) s × 2,800.
    assert_eq!(
        total(json!({"model": "private/llama-3-70b", "status": "failed",
        "usage": {"setup_seconds": 10, "seconds": 1, "idle_seconds": 0}})),
        30_800
    );
    // A failed prediction is not billed, but the downstream call it made is, in full:
    // gpt/4o 1,000 in ($3.00) + 500 out ($12.00) = 3,000 + 6,000.
    let e = price(json!({"model": "skytells/lumo", "status": "failed",
        "downstream": [{"model": "gpt/4o", "usage": {"input_tokens": 1000, "output_tokens": 500}}]}));
    assert_eq!(e.total_micros.get(), 9_000);
    assert_eq!(e.line_items.len(), 2);
    assert!(e.line_items.iter().all(|l| l.model == "gpt/4o"));
    // Failed token runs still pay their tokens.
    assert_eq!(
        total(json!({"model": "gpt/4o", "status": "failed",
        "usage": {"input_tokens": 1000, "output_tokens": 0}})),
        3_000
    );
}

#[test]
fn downstream_calls_are_billed_on_top() {
    // Sonnet 4.7: 10,000 in ($3.60) = 36,000 + 2,000 out ($18.00) = 36,000;
    // it calls GPT Image 2 (default, $0.167) and Veo 3 (5 s, audio, $2.00), which calls GPT-4o mini.
    // gpt/4o-mini: 1,001 in = 180.18 -> 180.
    let e = price(json!({"model": "claude/sonnet-4-7",
    "usage": {"input_tokens": 10_000, "output_tokens": 2_000},
    "downstream": [
        {"model": "openai/gpt-image-2", "usage": {"images": 1}, "inputs": {"quality": "high", "size": "1024x1024"}},
        {"model": "google/veo-3-t2v", "inputs": {"duration": 5, "generate_audio": true},
         "downstream": [{"model": "gpt/4o-mini", "usage": {"input_tokens": 1001, "output_tokens": 0}}]}
    ]}));
    assert_eq!(e.total_micros.get(), 72_000 + 167_000 + 2_000_000 + 180);
    let models: Vec<&str> = e.line_items.iter().map(|l| l.model).collect();
    assert_eq!(
        models,
        [
            "claude/sonnet-4-7",
            "claude/sonnet-4-7",
            "openai/gpt-image-2",
            "google/veo-3-t2v",
            "gpt/4o-mini",
            "gpt/4o-mini"
        ]
    );
    // Downstream assumptions name their place.
    let e = price(
        json!({"model": "gpt/4o", "usage": {"input_tokens": 0, "output_tokens": 0},
        "downstream": [{"model": "skytells/truefusion-optima"}]}),
    );
    assert_eq!(
        e.assumptions,
        vec![
            "downstream[0].usage.seconds: not given; typical run time of 4 s used",
            "downstream[0].limits.seconds: not given; the catalog's limit of 1800 s (indicative) \
             used for the bound"
        ]
    );
}

#[test]
fn long_context_cliff_below_at_and_above() {
    // Sonnet 4.5 list price: $3 / $15 up to 200k input tokens; above, all at $6 / $22.50.
    let m = "anthropic/claude-sonnet-4-5";
    // 200,000 in is not above: 600,000 + 1,000 out at $15 = 15,000.
    assert_eq!(
        total(json!({"model": m, "usage": {"input_tokens": 200_000, "output_tokens": 1000}})),
        615_000
    );
    // 200,001 in: 1,200,006 + 1,000 out at $22.50 = 22,500.
    let e = price(json!({"model": m, "usage": {"input_tokens": 200_001, "output_tokens": 1000}}));
    assert_eq!(e.total_micros.get(), 1_222_506);
    assert!(e.line_items[0]
        .detail
        .as_deref()
        .unwrap()
        .contains("above 200000"));
    // Cached tokens count toward the threshold and bill at their own rate, never as input:
    // 150,000 in + 60,000 cached = 210,000 > 200,000 -> 150,000 × 6 = 900,000; 60,000 × 0.6 = 36,000.
    let e = price(
        json!({"model": m, "usage": {"input_tokens": 150_000, "cached_input_tokens": 60_000, "output_tokens": 0}}),
    );
    assert_eq!(micros_of(&e, "input_tokens"), vec![900_000]);
    assert_eq!(micros_of(&e, "cached_input_tokens"), vec![36_000]);
    assert_eq!(e.total_micros.get(), 936_000);
    // Below the threshold, cached reads at $0.30: 10,000 cached = 3,000.
    assert_eq!(
        total(
            json!({"model": m, "usage": {"input_tokens": 0, "cached_input_tokens": 10_000, "output_tokens": 0}})
        ),
        3_000
    );
}

#[test]
fn overflow_is_an_error_not_a_wrong_number() {
    // 2^53−1 output tokens at $90/1M is ~8.1e17 micros: past 2^53−1.
    let err = catalog()
        .estimate(&Request::tokens(
            "claude/opus-4-7",
            0,
            9_007_199_254_740_991,
        ))
        .unwrap_err();
    assert_eq!(err.code(), "overflow");
    // At the edge: 100,079,991,719,344 tokens × 90 micros = 9,007,199,254,740,960 (fits,
    // exactly); one token more is 9,007,199,254,741,050 > 2^53−1 = 9,007,199,254,740,991.
    let e = catalog()
        .estimate(&Request::tokens("claude/opus-4-7", 0, 100_079_991_719_344))
        .unwrap();
    assert_eq!(e.total_micros.get(), 9_007_199_254_740_960);
    let err = catalog()
        .estimate(&Request::tokens("claude/opus-4-7", 0, 100_079_991_719_345))
        .unwrap_err();
    assert_eq!(err.code(), "overflow");
}

#[test]
fn unknown_model_lists_every_slug_and_the_nearest() {
    let c = catalog();
    let err = c.estimate(&Request::new("claude/sonet-4-7")).unwrap_err();
    match err {
        Error::UnknownModel {
            available,
            suggestions,
            field,
            ..
        } => {
            assert_eq!(field, "model");
            assert_eq!(available.len(), c.models().len());
            assert!(available.contains(&"gemini/2.0-flash".to_string()));
            assert_eq!(suggestions[0], "claude/sonnet-4-7");
        }
        other => panic!("{other:?}"),
    }
}

fn record(v: Value) -> Request {
    Request::from_value(&v).unwrap()
}

#[test]
fn usage_breakdown_by_model_and_day() {
    let c = catalog();
    let records = vec![
        // Day 1: gpt/4o 1,000 in + 1,000 out = 3,000 + 12,000 = 15,000.
        record(json!({"model": "gpt/4o", "at": "2026-11-01T10:00:00Z",
            "usage": {"input_tokens": 1000, "output_tokens": 1000}})),
        // Day 1 (23:30 at -05:00 is 04:30Z on day 2!): TrueFusion 2 images = 60,000, and a
        // downstream gpt/4o call of 0 tokens, which is free.
        record(
            json!({"model": "skytells/truefusion", "at": "2026-11-01T23:30:00-05:00",
            "usage": {"images": 2},
            "downstream": [{"model": "gpt/4o", "usage": {"input_tokens": 0, "output_tokens": 0}}]}),
        ),
        // Day 2: a failed Veo run, free.
        record(
            json!({"model": "google/veo-3-t2v", "status": "failed", "at": "2026-11-02T08:00:00Z"}),
        ),
        // Undated: Sora 2, $0.002.
        record(json!({"model": "openai/sora-2", "usage": {"videos": 1}})),
    ];
    let b = c.usage(&records).unwrap();
    assert_eq!(b.records, 4);
    assert_eq!(b.calls, 5);
    assert_eq!(b.free_calls, 2);
    assert_eq!(b.total_micros.get(), 15_000 + 60_000 + 2_000);
    let by_model: Vec<(&str, u64, u64, u64)> = b
        .by_model
        .iter()
        .map(|m| (m.model.as_str(), m.calls, m.free_calls, m.micros.get()))
        .collect();
    assert_eq!(
        by_model,
        vec![
            ("skytells/truefusion", 1, 0, 60_000),
            ("gpt/4o", 2, 1, 15_000),
            ("openai/sora-2", 1, 0, 2_000),
            ("google/veo-3-t2v", 1, 1, 0),
        ]
    );
    let by_day = day_spend(&b);
    assert_eq!(
        by_day,
        vec![("2026-11-01", 1, 15_000), ("2026-11-02", 3, 60_000)]
    );
    assert_eq!(b.undated_micros.get(), 2_000);
    assert_eq!(b.undated_calls, 1);
}

#[test]
fn budget_balance_limit_and_early_charges() {
    let c = catalog();
    // Veo 5 s with audio = 2,000,000 micros against a 1,000,000 balance: short by 1,000,000.
    let veo = record(
        json!({"model": "google/veo-3-t2v", "inputs": {"duration": 5, "generate_audio": true}}),
    );
    let b = Budget {
        balance_micros: 1_000_000,
        ..Budget::default()
    };
    let r = c.check_budget(&veo, &b).unwrap();
    assert!(!r.allowed);
    assert_eq!(
        (r.estimate_micros, r.remaining_micros, r.shortfall_micros),
        (2_000_000, 1_000_000, Some(1_000_000))
    );
    // Balance $10, limit $5 with $4 spent: $1 remains, whatever the balance.
    let b = Budget {
        balance_micros: 10_000_000,
        limit_micros: Some(5_000_000),
        spent_micros: 4_000_000,
        ..Budget::default()
    };
    let r = c.check_budget(&veo, &b).unwrap();
    assert_eq!(
        (r.allowed, r.remaining_micros, r.shortfall_micros),
        (false, 1_000_000, Some(1_000_000))
    );
    // $9.50 spent, $2 charge: crosses the catalog's $10 threshold for the first time (not $50).
    let b = Budget {
        balance_micros: 100_000_000,
        spent_micros: 9_500_000,
        ..Budget::default()
    };
    let r = c.check_budget(&veo, &b).unwrap();
    assert!(r.allowed);
    assert_eq!(r.early_charge_thresholds_crossed, vec![10_000_000]);
    // Already past $10: nothing crossed for the first time.
    let b = Budget {
        balance_micros: 100_000_000,
        spent_micros: 10_000_000,
        ..Budget::default()
    };
    assert!(c
        .check_budget(&veo, &b)
        .unwrap()
        .early_charge_thresholds_crossed
        .is_empty());
    // Exactly the remaining amount is allowed.
    let b = Budget {
        balance_micros: 2_000_000,
        ..Budget::default()
    };
    let r = c.check_budget(&veo, &b).unwrap();
    assert!(r.allowed);
    assert_eq!(r.shortfall_micros, Some(0));
}

#[test]
fn listing_has_seed_price_lines_and_v1_models_pricing() {
    let models = catalog().list_models();
    let get = |slug: &str| models.iter().find(|m| m.slug == slug).unwrap();
    assert_eq!(
        get("claude/sonnet-4-7").price,
        "$3.60 / 1M input tokens · $18.00 / 1M output tokens"
    );
    assert_eq!(
        get("claude/sonnet-4-7").notes.as_deref(),
        Some("Balanced — recommended default")
    );
    assert!(get("claude/sonnet-4-6").default);
    assert_eq!(
        get("black-forest-labs/flux-2-pro-legacy").price,
        "$0.02 / megapixel"
    );
    assert_eq!(
        get("skytells/truefusion-video-pro").price,
        "$0.196 / second of output"
    );
    assert_eq!(
        get("skytells/truefusion-optima").price,
        "$0.008 / computing second"
    );
    let lumo = serde_json::to_value(&get("skytells/lumo").pricing).unwrap();
    assert_eq!(
        lumo,
        json!({"amount": 1.12, "currency": "USD", "unit": "prediction", "amount_micros": 1_120_000})
    );
    assert!(get("openai/gpt-image-2").indicative);
    assert!(!get("skytells/truefusion").indicative);
    let hw = catalog().list_hardware();
    let a100 = hw.iter().find(|h| h.id == "gpu-a100-large").unwrap();
    assert_eq!(
        (a100.per_second.as_str(), a100.per_hour.as_str()),
        ("$0.0014 / second", "$5.04 / hour")
    );
    assert_eq!(
        hw.iter().filter(|h| h.id.starts_with("gpu-h100")).count(),
        4
    );
}

#[test]
fn the_catalog_content_hash_is_the_sha256_of_its_bytes() {
    // FIPS 180-4 test vector: SHA-256("abc").
    assert_eq!(
        tariff::catalog::sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let c = catalog();
    // Computed at build time for the embedded catalog, at load time for text: the same, the
    // hash of catalog.json's own bytes (the embedded copy is minified).
    let file = include_str!("../catalog.json");
    assert_eq!(c.sha256(), tariff::catalog::sha256_hex(file.as_bytes()));
    assert_eq!(Catalog::from_json(file).unwrap().sha256(), c.sha256());
    assert_eq!(
        Catalog::from_json(tariff::EMBEDDED_CATALOG)
            .unwrap()
            .version(),
        c.version()
    );
    // Results carry it, so a server can tell the client priced from the same catalog.
    assert_eq!(price(json!({"model": "gpt/4o"})).catalog_sha256, c.sha256());
    let changed = file.replacen(c.version(), "changed", 1);
    assert_ne!(Catalog::from_json(&changed).unwrap().sha256(), c.sha256());
}
