//! What a usage breakdown allocates, counted by an instrumented global allocator (this test
//! binary's own; one test, so that no other thread's allocations are counted with it).

// Native only; the allocator counts this process's allocations.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failing test"
)]

use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use tariff::Catalog;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// A catalog of `n` per-token models, `t/m0` .. (each $1 per 1M input tokens).
fn catalog_of(n: usize) -> Catalog {
    let models: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({"slug": format!("t/m{i}"), "name": "M", "family": "F", "provider": "P",
                "surface": "agentic", "kind": "text",
                "billing": {"shape": "per_token", "input_per_million": 1_000_000, "output_per_million": 1_000_000}})
        })
        .collect();
    let doc = serde_json::json!({"version": "t", "default_model": "t/m0", "hardware": [], "models": models});
    Catalog::from_json(&doc.to_string()).unwrap()
}

// One test: the counts are of the whole process, and tests of one binary run in parallel.
#[test]
fn pricing_allocates_for_what_it_prices_not_for_the_catalog_or_the_days() {
    let catalog = catalog_of(10_000);
    let one = r#"{"model":"t/m1","usage":{"input_tokens":1000000}}"#;

    // The first call against a loaded catalog allocates what any later one does. It parsed
    // every billing object of the catalog into JSON values (for listings only) the first time a
    // model's price was looked up: 14.9 MB for these 10,000 models, 7.3 MB of it kept.
    let first = Region::new(GLOBAL);
    catalog.usage_text(one).unwrap();
    let first = first.change().bytes_allocated;
    let later = Region::new(GLOBAL);
    catalog.usage_text(one).unwrap();
    let later = later.change().bytes_allocated;
    assert!(
        first <= later + 65_536,
        "first call {first} bytes, a later one {later}"
    );

    // 2,016 days, one record a day on one model: a day keeps its models with spend. A day
    // that kept a spend for every model of the catalog allocated 2,016 x 10,000 x 8 bytes =
    // 161 MB (an export of 56,000 such days trapped the wasm module at 4 GB). Days 1-28 of each
    // month of 2000-2005.
    let days =
        (2000..2006).flat_map(|y| (1..=12).flat_map(move |m| (1..=28).map(move |d| (y, m, d))));
    let mut export = String::new();
    for (i, (y, m, d)) in days.enumerate() {
        // 1,000,000 tokens at $1 per 1M: 1,000,000 micros a record.
        export.push_str(&format!(
            "{{\"model\":\"t/m{}\",\"at\":\"{y}-{m:02}-{d:02}T12:00:00Z\",\"usage\":{{\"input_tokens\":1000000}}}}\n",
            (i * 7) % 10_000
        ));
    }
    let region = Region::new(GLOBAL);
    let b = catalog.usage_text(&export).unwrap();
    let allocated = region.change().bytes_allocated;
    assert_eq!((b.records, b.by_day.len()), (2_016, 2_016));
    assert_eq!(b.total_micros.get(), 2_016 * 1_000_000);
    assert!(b.by_day.iter().all(|d| d.by_model.len() == 1));
    // Reading the records and writing their breakdown: about 1.4 MB, never days x models.
    assert!(allocated < 8_000_000, "{allocated} bytes allocated");
}
