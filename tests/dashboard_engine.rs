//! What the dashboard's pages read from the engine, hand-worked: the call tree of an estimate,
//! spend by project, a project's budget status, downstream calls bounded from the catalog,
//! versions, exact price lines, input descriptors and the typical run of a hardware model.

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
use support::price_in;
use support::{day_spend, shipped};
use tariff::{Budget, Catalog, Request};

#[test]
fn a_failed_run_with_a_downstream_call_has_its_own_subtotals() {
    // community/storyboard: public, cpu at 100 micros/s. Failed after 12 s: 12 × 100 = 1,200.
    // Before failing it called gpt-image-2 for 2 high 1024x1024 images: 2 × 167,000 = 334,000
    // (a downstream call made before the failure is billed in full).
    let e = price_in(
        shipped(),
        json!({"model": "community/storyboard", "status": "failed", "usage": {"seconds": 12},
               "downstream": [{"model": "openai/gpt-image-2", "usage": {"images": 2},
                               "downstream": [{"model": "claude/haiku-4-5",
                                               "usage": {"input_tokens": 1000, "output_tokens": 100}}]}]}),
    );
    // Haiku 4.5 at $0.30 / $1.50 per 1M: 1,000 × 0.30 = 300, 100 × 1.50 = 150 -> 450.
    let calls: Vec<(&str, &str, &str, u64, u64, usize, usize)> = e
        .calls
        .iter()
        .map(|c| {
            (
                c.path.as_str(),
                c.model,
                c.status,
                c.subtotal_micros.get(),
                c.total_micros.get(),
                c.first_line,
                c.line_count,
            )
        })
        .collect();
    assert_eq!(
        calls,
        vec![
            ("", "community/storyboard", "failed", 1_200, 335_650, 0, 1),
            (
                "downstream[0]",
                "openai/gpt-image-2",
                "succeeded",
                334_000,
                334_450,
                1,
                1
            ),
            (
                "downstream[0].downstream[0]",
                "claude/haiku-4-5",
                "succeeded",
                450,
                450,
                2,
                2
            ),
        ]
    );
    assert_eq!(e.total_micros.get(), 335_650);
    let subtotals: u64 = e.calls.iter().map(|c| c.subtotal_micros.get()).sum();
    assert_eq!(subtotals, e.total_micros.get());
    // Each call's lines are its own.
    for c in &e.calls {
        let own: u64 = e.line_items[c.first_line..c.first_line + c.line_count]
            .iter()
            .map(|l| l.micros.get())
            .sum();
        assert_eq!(own, c.subtotal_micros.get(), "{}", c.path);
        assert!(e.line_items[c.first_line..c.first_line + c.line_count]
            .iter()
            .all(|l| l.model == c.model));
    }
    // The bill explains itself: what the failed run is billed for, in the engine's words.
    let status: Vec<&str> = e
        .assumptions
        .iter()
        .map(String::as_str)
        .filter(|a| a.starts_with("status:"))
        .collect();
    assert_eq!(
        status,
        [
            "status: failed: billed for the 12 s it ran",
            "status: failed: billed for the downstream call it made before it stopped",
        ]
    );
}

#[test]
fn failed_runs_say_what_they_are_billed_for_and_what_not() {
    let status = |request| -> Vec<String> {
        price_in(shipped(), request)
            .assumptions
            .into_iter()
            .filter(|a| a.contains("status: "))
            .collect()
    };
    // Per token: the tokens used; per image: nothing (a per-output item), named.
    assert_eq!(
        status(json!({"model": "claude/haiku-4-5", "status": "canceled",
                      "usage": {"input_tokens": 10, "output_tokens": 0}})),
        ["status: canceled: billed for the tokens it used"]
    );
    assert_eq!(
        status(
            json!({"model": "community/storyboard", "status": "failed", "usage": {"seconds": 1.5},
                      "downstream": [
                          {"model": "openai/gpt-image-2", "status": "failed", "usage": {"images": 2}},
                          {"model": "claude/haiku-4-5", "usage": {"input_tokens": 1}}]})
        ),
        [
            "status: failed: billed for the 1.5 s it ran",
            "status: failed: billed for the 2 downstream calls it made before it stopped",
            "downstream[0].status: failed: per-output item images not billed",
        ]
    );
    // A failed private deployment pays setup, active and idle time, and says so:
    // private/llama-3-70b is a private deployment.
    let private = status(json!({"model": "private/llama-3-70b", "status": "failed",
                                "usage": {"seconds": 1, "setup_seconds": 2, "idle_seconds": 3}}));
    assert_eq!(
        private,
        [
            "status: failed: billed for its setup and idle time (the hardware was held)",
            "status: failed: billed for the 1 s it ran",
        ]
    );
    // A run that succeeded says nothing of it.
    assert!(status(json!({"model": "claude/haiku-4-5", "usage": {"input_tokens": 1}})).is_empty());
}

#[test]
fn a_model_that_calls_others_is_bounded_from_the_catalog() {
    // community/storyboard lists haiku-4-5 (1 call, 8,000 in / 2,000 out) and gpt-image-2
    // (4 calls, 2 images each). Root: 600 s cap × 100 = 60,000. Haiku: 8,000 × 0.30 = 2,400,
    // 2,000 × 1.50 = 3,000, plus 1 micro for the output/reasoning split of a fractional rate
    // = 5,401. gpt-image-2 at its dearest cell (high, 1024x1536: 250,000) × 2 images = 500,000,
    // × 4 calls = 2,000,000. Bound: 60,000 + 5,401 + 2,000,000 = 2,065,401.
    let e = price_in(shipped(), json!({"model": "community/storyboard"}));
    assert_eq!(e.total_micros.get(), 3_000); // 30 typical seconds × 100
    assert_eq!(e.bound_micros.map(|b| b.get()), Some(2_065_401));
    assert!(e
        .assumptions
        .iter()
        .any(|a| a.starts_with("downstream: none given")));
    // Calls listed in the request replace the catalog's.
    let listed = price_in(
        shipped(),
        json!({"model": "community/storyboard", "usage": {"seconds": 5},
               "downstream": [{"model": "openai/gpt-image-2", "usage": {"images": 1}}]}),
    );
    // Nothing open: 5 × 100 = 500 + 167,000 (high 1024x1024 default) = 167,500.
    assert_eq!(listed.bound_micros.map(|b| b.get()), Some(167_500));
}

fn with_downstream(entry: Value) -> Catalog {
    let mut doc: Value = serde_json::from_str(tariff::EMBEDDED_CATALOG).unwrap();
    for m in doc["models"].as_array_mut().unwrap() {
        if m["slug"] == "community/storyboard" {
            m["downstream"] = json!([entry]);
        }
    }
    Catalog::from_value(&doc).unwrap()
}

#[test]
fn a_catalog_downstream_call_that_cannot_be_bounded_makes_the_bound_null() {
    let cases = [
        (json!("openai/gpt-image-2"), "gives no max_calls"),
        (
            json!({"model": "openai/gpt-image-2", "max_calls": 2}),
            "images per call has no limit",
        ),
        (
            json!({"model": "google/veo-3-t2v", "max_calls": 1}),
            "duration it is asked for",
        ),
        (
            json!({"model": "black-forest-labs/flux-2-pro-legacy", "max_calls": 1, "limits": {"images": 1}}),
            "size asked for",
        ),
    ];
    for (entry, why) in cases {
        let c = with_downstream(entry.clone());
        let e = price_in(&c, json!({"model": "community/storyboard"}));
        assert_eq!(e.bound_micros, None, "{entry}");
        assert!(
            e.unbounded.iter().any(|u| u.contains(why)),
            "{entry}: {:?}",
            e.unbounded
        );
    }
    // GPT-5 charges per web search: an entry that does not limit them leaves the bound open.
    let c = with_downstream(
        json!({"model": "openai/gpt-5", "max_calls": 1, "limits": {"output_tokens": 1000}}),
    );
    let e = price_in(&c, json!({"model": "community/storyboard"}));
    assert_eq!(e.bound_micros, None);
    assert!(
        e.unbounded.iter().any(|u| u.contains("web_searches")),
        "{:?}",
        e.unbounded
    );
    // Limited, its dearest tier is taken: priority, at its own rates. Input at the catalog's
    // 272,000-token cap × $2.50 = 680,000, plus 1 micro for the prompt's split between input
    // and cached input at a fractional rate; output at the entry's 1,000 × $20.00 = 20,000;
    // 2 searches × $0.01 = 20,000. Twice (max_calls 2): 2 × 720,001 = 1,440,002, and the
    // root's 600 s × 100 = 60,000.
    let c = with_downstream(
        json!({"model": "openai/gpt-5", "max_calls": 2, "limits": {"output_tokens": 1000, "web_searches": 2}}),
    );
    let e = price_in(&c, json!({"model": "community/storyboard"}));
    assert_eq!(e.bound_micros.map(|b| b.get()), Some(60_000 + 1_440_002));
}

#[test]
fn spend_by_project_adds_up_to_the_total() {
    let c = shipped();
    // gpt/4o at $3.00 / $12.00: 1,000 in + 100 out = 3,000 + 1,200 = 4,200.
    // skytells/truefusion: $0.03 an image -> 2 images = 60,000.
    let records: Vec<Request> = [
        json!({"model": "gpt/4o", "project": "web", "usage": {"input_tokens": 1000, "output_tokens": 100}}),
        json!({"model": "skytells/truefusion", "project": "batch", "usage": {"images": 2}}),
        json!({"model": "gpt/4o", "project": "web", "usage": {"input_tokens": 1000, "output_tokens": 100},
               "downstream": [{"model": "skytells/truefusion", "usage": {"images": 1}}]}),
        json!({"model": "gpt/4o", "usage": {"input_tokens": 1000, "output_tokens": 100}}),
    ]
    .iter()
    .map(|v| Request::from_value(v).unwrap())
    .collect();
    let b = c.usage(&records).unwrap();
    let p: Vec<(Option<&str>, u64, u64, u64)> = b
        .by_project
        .iter()
        .map(|p| (p.project.as_deref(), p.records, p.calls, p.micros.get()))
        .collect();
    // batch: 60,000; web: 4,200 + 4,200 + 30,000 = 38,400 (3 calls); none: 4,200.
    assert_eq!(
        p,
        vec![
            (Some("batch"), 1, 1, 60_000),
            (Some("web"), 2, 3, 38_400),
            (None, 1, 1, 4_200),
        ]
    );
    assert_eq!(b.total_micros.get(), 102_600);
    let json = serde_json::to_value(&b).unwrap();
    assert_eq!(
        json["by_project"][2],
        json!({"project": null, "records": 1, "calls": 1, "micros": 4200})
    );
}

#[test]
fn each_record_calls_are_priced_with_the_breakdown() {
    let c = shipped();
    let mut tally = tariff::Tally::new(c);
    let r = Request::from_value(&json!({"model": "gpt/4o", "usage": {"input_tokens": 1000, "output_tokens": 100},
        "downstream": [{"model": "skytells/truefusion", "usage": {"images": 1}, "status": "failed"}]}))
    .unwrap();
    // gpt/4o: 1,000 × $3.00 + 100 × $12.00 per 1M = 4,200.
    assert_eq!(tally.add(&r).unwrap().get(), 4_200);
    let calls: Vec<(&str, &str, u64, u64)> = tally
        .last_calls()
        .map(|c| (c.model, c.status.as_str(), c.subtotal.get(), c.total.get()))
        .collect();
    // A failed image call pays nothing for its images.
    assert_eq!(
        calls,
        vec![
            ("gpt/4o", "succeeded", 4_200, 4_200),
            ("skytells/truefusion", "failed", 0, 0)
        ]
    );
    // Resumed from its state, a tally goes on where it stopped.
    let state = tally.into_state();
    let mut again = tariff::Tally::resume(c, state);
    again.add(&r).unwrap();
    let b = again.finish().unwrap();
    assert_eq!((b.records, b.calls, b.total_micros.get()), (2, 4, 8_400));
}

/// Days out of order, named projects and none, an undated record: a tally resumed from its
/// state after every record, and one cleared and used again, give the one tally's breakdown,
/// whose figures are worked out by hand.
#[test]
fn a_tally_resumed_record_by_record_keeps_days_and_projects() {
    let c = shipped();
    // gpt/4o input at $3 / 1M tokens: n input tokens (no output) cost 3n micros.
    let rows = [
        (Some("2026-11-02T10:00:00Z"), Some("a"), 1_000),
        (Some("2026-11-01T23:59:59Z"), None, 2_000),
        (Some("2026-11-02T00:00:00Z"), None, 3_000),
        (Some("2026-11-03T08:00:00Z"), Some("b"), 4_000),
        (None, Some("a"), 5_000),
        (Some("2026-11-01T00:00:00Z"), Some("a"), 6_000),
    ];
    let records: Vec<Request> = rows
        .iter()
        .map(|(at, project, input)| {
            let mut v = json!({"model": "gpt/4o",
                               "usage": {"input_tokens": input, "output_tokens": 0}});
            if let Some(at) = at {
                v["at"] = json!(at);
            }
            if let Some(p) = project {
                v["project"] = json!(p);
            }
            Request::from_value(&v).unwrap()
        })
        .collect();
    let whole = c.usage(&records).unwrap();
    let mut state = tariff::TallyState::default();
    for r in &records {
        let mut t = tariff::Tally::resume(c, state);
        t.add(r).unwrap();
        state = t.into_state();
    }
    let resumed = tariff::Tally::resume(c, state).finish().unwrap();
    assert_eq!(resumed, whole);
    let mut reused = tariff::Tally::new(c);
    reused.add(&records[3]).unwrap();
    reused.clear();
    for r in &records {
        reused.add(r).unwrap();
    }
    assert_eq!(reused.finish().unwrap(), whole);

    assert_eq!(whole.total_micros.get(), 63_000);
    let days = day_spend(&whole);
    assert_eq!(
        days,
        vec![
            ("2026-11-01", 2, 24_000),
            ("2026-11-02", 2, 12_000),
            ("2026-11-03", 1, 12_000)
        ]
    );
    assert_eq!(
        (whole.undated_calls, whole.undated_micros.get()),
        (1, 15_000)
    );
    let projects: Vec<(Option<&str>, u64, u64)> = whole
        .by_project
        .iter()
        .map(|p| (p.project.as_deref(), p.records, p.micros.get()))
        .collect();
    // By spend, records without a project last whatever they cost.
    assert_eq!(
        projects,
        vec![
            (Some("a"), 3, 36_000),
            (Some("b"), 1, 12_000),
            (None, 2, 15_000)
        ]
    );
}

#[test]
fn a_projects_budget_status_is_the_engines_rule() {
    let c = shipped();
    // Balance $1,000, limit $900, spent $250: remaining min(1,000, 900 − 250) = $650. The
    // catalog's thresholds $10, $50, $100, $500, $1,000: spend of $250 crossed the first three.
    let s = c.budget_status(&Budget {
        balance_micros: 1_000_000_000,
        limit_micros: Some(900_000_000),
        spent_micros: 250_000_000,
        ..Budget::default()
    });
    assert_eq!(s.remaining_micros, 650_000_000);
    assert_eq!(s.over_limit_micros, 0);
    assert_eq!(
        s.early_charge_thresholds_crossed,
        vec![10_000_000, 50_000_000, 100_000_000]
    );
    // Balance $100 under a $900 limit: the balance is what remains ($100), not 900 − 250.
    let s = c.budget_status(&Budget {
        balance_micros: 100_000_000,
        limit_micros: Some(900_000_000),
        spent_micros: 250_000_000,
        ..Budget::default()
    });
    assert_eq!(s.remaining_micros, 100_000_000);
    // Spent past the limit: nothing remains and the excess is reported; a threshold exactly
    // at the spend counts as crossed.
    let s = c.budget_status(&Budget {
        balance_micros: 5_000_000_000,
        limit_micros: Some(400_000_000),
        spent_micros: 500_000_000,
        early_charge_thresholds_micros: Some(vec![500_000_000, 600_000_000]),
        ..Budget::default()
    });
    assert_eq!((s.remaining_micros, s.over_limit_micros), (0, 100_000_000));
    assert_eq!(s.early_charge_thresholds_crossed, vec![500_000_000]);
}

#[test]
fn listings_carry_what_a_model_page_shows() {
    let models = shipped().list_models();
    let by = |slug: &str| models.iter().find(|m| m.slug == slug).unwrap();
    // GPT-5's cached input at $0.125 / 1M, exact (the one-line price rounds it to $0.13).
    let gpt5 = by("openai/gpt-5");
    assert!(gpt5
        .price_lines
        .contains(&"$0.125 / 1M cached input tokens".to_string()));
    assert!(gpt5.price.contains("$0.13 / 1M cached input tokens"));
    let fields: Vec<&str> = gpt5.inputs.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        vec![
            "usage.input_tokens",
            "usage.output_tokens",
            "usage.reasoning_tokens",
            "usage.cached_input_tokens",
            "usage.web_searches",
            "limits.output_tokens",
            "limits.input_tokens",
            "limits.web_searches",
            "service_tier"
        ]
    );
    // SDXL on an L40S at 975 micros/s, 6 typical seconds: 5,850 micros a run; $1 buys
    // 1,000,000 / 5,850 = 170.9 -> 170 whole runs.
    let sdxl = by("community/sdxl");
    let run = sdxl.typical_run.as_ref().unwrap();
    assert_eq!(
        (
            run.hardware.as_deref(),
            run.micros.get(),
            run.runs_per_dollar
        ),
        (Some("gpu-l40s"), 5_850, Some(170))
    );
    assert_eq!(run.seconds, json!(6));
    assert!(sdxl.deployment_rule.unwrap().contains("active time only"));
    // The private Llama: 20 s on 2× A100 at 2,800 micros/s = 56,000; 1,000,000 / 56,000 =
    // 17.9 -> 17 runs. Setup and idle are billed, so they are inputs.
    let llama = by("private/llama-3-70b");
    let run = llama.typical_run.as_ref().unwrap();
    assert_eq!((run.micros.get(), run.runs_per_dollar), (56_000, Some(17)));
    assert!(llama
        .inputs
        .iter()
        .any(|f| f.field == "usage.setup_seconds"));
    assert!(llama
        .deployment_rule
        .unwrap()
        .contains("setup, active and idle"));
    // Versions, the fast-booting one labeled.
    let lora = by("finetune/flux-dev-lora");
    let fast: Vec<(&str, bool)> = lora
        .versions
        .iter()
        .map(|v| (v.id.as_str(), v.fast_booting))
        .collect();
    assert_eq!(fast, vec![("b2c4e6a8", false), ("f0e1d2c3", true)]);
    // Downstream models with their most calls.
    let story = by("community/storyboard");
    let ds: Vec<(&str, Option<u64>)> = story
        .downstream
        .iter()
        .map(|d| (d.model.as_str(), d.max_calls))
        .collect();
    assert_eq!(
        ds,
        vec![
            ("claude/haiku-4-5", Some(1)),
            ("openai/gpt-image-2", Some(4))
        ]
    );
    // A rate table lists every cell, exact.
    let image = by("openai/gpt-image-2");
    assert!(image
        .price_lines
        .contains(&"$0.25 / image (quality=high, size=1536x1024)".to_string()));
    assert_eq!(image.price_lines.len(), 9);
    let quality = image
        .inputs
        .iter()
        .find(|f| f.field == "inputs.quality")
        .unwrap();
    assert_eq!(
        (quality.kind, &quality.default, quality.options.len()),
        ("choice", &json!("high"), 3)
    );
}

#[test]
fn a_catalog_downstream_call_is_bounded_at_the_price_in_force_and_its_dearest_tier_once() {
    // truefusion's price changed in 2020 (long past) to $0.30 an image with a priority tier
    // at 200%: a storyboard estimate without `at` is billed today's price, whose dearest tier
    // is priority: 2 calls × 3 images × 600,000 = 3,600,000 (the first price, $0.03 with no
    // tiers, would give 180,000), plus the root's 600 s × 100 = 60,000.
    let mut doc: Value = serde_json::from_str(tariff::EMBEDDED_CATALOG).unwrap();
    for m in doc["models"].as_array_mut().unwrap() {
        if m["slug"] == "community/storyboard" {
            m["downstream"] =
                json!([{"model": "skytells/truefusion", "max_calls": 2, "limits": {"images": 3}}]);
        }
        if m["slug"] == "skytells/truefusion" {
            m["price_changes"] = json!([{"effective_from": "2020-01-01T00:00:00Z",
                "billing": {"shape": "per_unit", "unit": "image", "price": 300000,
                            "service_tiers": {"priority": {"percent": 200}}}}]);
        }
    }
    let c = Catalog::from_value(&doc).unwrap();
    let e = price_in(&c, json!({"model": "community/storyboard"}));
    assert_eq!(e.bound_micros.map(|b| b.get()), Some(60_000 + 3_600_000));
    // A model with several service tiers (GPT-5: batch, flex, priority) notes its dearest once.
    let c = with_downstream(
        json!({"model": "openai/gpt-5", "max_calls": 1, "limits": {"output_tokens": 1000, "web_searches": 2}}),
    );
    let e = price_in(&c, json!({"model": "community/storyboard"}));
    let searches = e
        .open
        .iter()
        .filter(|o| o.field == "downstream(catalog)[0].usage.web_searches")
        .count();
    assert_eq!(searches, 1, "{:?}", e.open);
}

#[test]
fn a_prepared_quote_is_the_estimate_of_the_same_request() {
    let c = shipped();
    let base = json!({"model": "openai/gpt-5", "usage": {"cached_input_tokens": 100}});
    let mut q = c
        .quoter(
            &Request::from_value(&base).unwrap(),
            &["input_tokens", "output_tokens"],
        )
        .unwrap();
    // Each quote is exactly what an estimate of the same request gives (GPT-5 with 100
    // cached input tokens fixed, input and output open).
    for (i, o) in [
        (0u64, 0u64),
        (1, 1),
        (1_234_567, 89_012),
        (999_999, 3),
        (5, 1_000_000),
    ] {
        let mut req = base.clone();
        req["usage"]["input_tokens"] = json!(i);
        req["usage"]["output_tokens"] = json!(o);
        assert_eq!(
            q.quote(&[i, o]).unwrap(),
            price_in(c, req).total_micros,
            "{i} {o}"
        );
    }
    // The seed's Opus example: 1,234,567 × $18 + 89,012 × $90 per 1M = 30,233,286.
    let plain = c
        .quoter(
            &Request::from_value(&json!({"model": "claude/opus-4-7"})).unwrap(),
            &["input_tokens", "output_tokens"],
        )
        .unwrap()
        .quote(&[1_234_567, 89_012])
        .unwrap();
    assert_eq!(plain.get(), 30_233_286);
    // Seconds in ms, as usage holds them: SDXL 7.5 s × 975 micros/s = 7,312.5 -> 7,313.
    let mut s = c
        .quoter(
            &Request::from_value(&json!({"model": "community/sdxl"})).unwrap(),
            &["seconds"],
        )
        .unwrap();
    assert_eq!(s.quote(&[7_500]).unwrap().get(), 7_313);
    // Faults: a field that is no usage key, one named twice, a count past 2^53 - 1, the wrong
    // number of values, a quantity the model has no rate for.
    let r = Request::from_value(&json!({"model": "gpt/4o"})).unwrap();
    let field = |e: tariff::Error| serde_json::to_value(&e).unwrap()["field"].clone();
    assert_eq!(
        field(c.quoter(&r, &["tokens"]).err().unwrap()),
        json!("fields[0]")
    );
    assert_eq!(
        field(
            c.quoter(&r, &["input_tokens", "input_tokens"])
                .err()
                .unwrap()
        ),
        json!("fields[1]")
    );
    assert_eq!(field(c.quoter(&r, &[]).err().unwrap()), json!("fields"));
    let mut q = c.quoter(&r, &["input_tokens"]).unwrap();
    assert_eq!(
        field(q.quote(&[1 << 53]).err().unwrap()),
        json!("usage.input_tokens")
    );
    assert_eq!(field(q.quote(&[1, 2]).err().unwrap()), json!("values"));
    let mut q = c.quoter(&r, &["cache_write_1h_tokens"]).unwrap();
    assert_eq!(q.quote(&[0]).map(|m| m.get()), Ok(0));
    assert_eq!(
        field(q.quote(&[5]).err().unwrap()),
        json!("usage.cache_write_1h_tokens")
    );
}
