//! Native speed of the engine: catalog load, one estimate, and usage breakdowns.
//! Run: `cargo bench --bench engine` (figures in docs/performance.md).

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark code"
)]

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_json::json;
use tariff::{Catalog, Request, EMBEDDED_CATALOG};

/// A month of varied records: per-token agents (some calling media models), media calls
/// and hardware runs, spread over 30 days.
pub fn records(n: usize) -> Vec<Request> {
    let templates = [
        json!({"model": "claude/sonnet-4-6", "usage": {"input_tokens": 12_345, "output_tokens": 2_345}}),
        json!({"model": "gpt/4o-mini", "usage": {"input_tokens": 1_001, "output_tokens": 250}}),
        json!({"model": "claude/opus-4-7", "usage": {"input_tokens": 80_000, "output_tokens": 4_000},
               "downstream": [{"model": "openai/gpt-image-2", "inputs": {"quality": "medium", "size": "1024x1024"}, "usage": {"images": 1}}]}),
        json!({"model": "google/veo-3-t2v", "inputs": {"duration": 5, "generate_audio": true}}),
        json!({"model": "black-forest-labs/flux-2-pro-legacy", "inputs": {"width": 1024, "height": 768}, "usage": {"images": 1}}),
        json!({"model": "skytells/truefusion-optima", "usage": {"seconds": 3.2}}),
        json!({"model": "private/llama-3-70b", "usage": {"setup_seconds": 0, "seconds": 14.5, "idle_seconds": 2}}),
        json!({"model": "gemini/2.5-flash", "usage": {"input_tokens": 40_000, "output_tokens": 900}}),
    ];
    let parsed: Vec<Request> = templates
        .iter()
        .map(|t| Request::from_value(t).unwrap())
        .collect();
    (0..n)
        .map(|i| {
            let mut r = parsed[i % parsed.len()].clone();
            let day = 1 + (i * 30 / n.max(1)) as u32;
            let at = format!("2026-10-{day:02}T{:02}:00:00Z", i % 24);
            r.at = Some(tariff::time::Timestamp::parse_rfc3339(&at).unwrap());
            r
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    c.bench_function("catalog load+validate (shipped)", |b| {
        b.iter(|| Catalog::from_json(black_box(EMBEDDED_CATALOG)).unwrap())
    });

    let catalog = Catalog::embedded().unwrap();
    let opus = Request::tokens("claude/opus-4-7", 1_234_567, 89_012);
    c.bench_function("estimate per-token (parsed request)", |b| {
        b.iter(|| catalog.estimate(black_box(&opus)).unwrap())
    });
    // The same into one estimate made again each time (`estimate_into`: a hot loop's way,
    // no allocation once its lists have grown).
    c.bench_function(
        "estimate per-token (parsed request, into a reused estimate)",
        |b| {
            let mut e = tariff::Estimate::default();
            b.iter(|| catalog.estimate_into(black_box(&opus), &mut e).unwrap())
        },
    );
    let text =
        r#"{"model":"claude/opus-4-7","usage":{"input_tokens":1234567,"output_tokens":89012}}"#;
    c.bench_function("prepared quote per-token (input, output)", |b| {
        let r = Request::from_json(r#"{"model":"gpt/4o"}"#).unwrap();
        let mut q = catalog
            .quoter(&r, &["input_tokens", "output_tokens"])
            .unwrap();
        b.iter(|| q.quote(black_box(&[1001, 999])).unwrap())
    });
    c.bench_function("estimate per-token (from JSON text)", |b| {
        b.iter(|| {
            catalog
                .estimate(&Request::from_json(black_box(text)).unwrap())
                .unwrap()
        })
    });
    // Before the run: output open, bounded by the catalog's cap (the bound pass included
    // in every estimate), and a budget check that also finds what the balance affords.
    let open = Request::from_value(&json!({"model": "claude/opus-4-7",
        "usage": {"input_tokens": 5000}}))
    .unwrap();
    c.bench_function("estimate per-token with an open output (bound)", |b| {
        b.iter(|| catalog.estimate(black_box(&open)).unwrap())
    });
    let budget = tariff::Budget {
        balance_micros: 100_000,
        ..tariff::Budget::default()
    };
    c.bench_function("check_budget on the bound, with affordable", |b| {
        b.iter(|| catalog.check_budget(black_box(&open), &budget).unwrap())
    });
    let image = Request::from_value(&json!({"model": "openai/gpt-image-2",
        "inputs": {"quality": "medium", "size": "1536x1024"}, "usage": {"images": 2}}))
    .unwrap();
    c.bench_function("estimate conditional (gpt-image-2)", |b| {
        b.iter(|| catalog.estimate(black_box(&image)).unwrap())
    });

    let mut group = c.benchmark_group("usage breakdown");
    group.sample_size(10);
    for n in [100_000usize, 1_000_000] {
        let rs = records(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &rs, |b, rs| {
            b.iter(|| catalog.usage(black_box(rs)).unwrap())
        });
    }
    group.finish();

    // A batch's rows, each priced on its own by one tally cleared between them (what the
    // Python binding's price_batch does): the same per row whatever the catalog's size.
    let mut group = c.benchmark_group("a row of a batch (clear, then add), by catalog size");
    let row = Request::tokens("t/m1", 1_000, 100);
    for models in [10usize, 10_000] {
        let doc = json!({"version": "t", "default_model": "t/m0", "hardware": [], "models":
            (0..models).map(|i| json!({"slug": format!("t/m{i}"), "name": "M", "family": "F",
                "provider": "P", "surface": "agentic", "kind": "text",
                "billing": {"shape": "per_token", "input_per_million": 1_000_000,
                            "output_per_million": 1_000_000}})).collect::<Vec<_>>()});
        let big = Catalog::from_json(&doc.to_string()).unwrap();
        let mut tally = tariff::Tally::for_stream(&big);
        group.bench_function(BenchmarkId::from_parameter(models), |b| {
            b.iter(|| {
                tally.clear();
                tally.add(black_box(&row)).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
