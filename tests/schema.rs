//! The shipped catalog validates against `catalog.schema.json`, and the schema rejects what
//! the engine rejects for shape reasons.

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

use serde_json::{json, Value};

fn schema() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("../catalog.schema.json")).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn catalog() -> Value {
    serde_json::from_str(include_str!("../catalog.json")).unwrap()
}

#[test]
fn the_shipped_catalog_validates_against_the_schema() {
    let v = schema();
    let errors: Vec<String> = v
        .iter_errors(&catalog())
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_schema_rejects_faults() {
    let v = schema();
    let mut bad = catalog();
    bad["models"][0]["billing"]["input_per_million"] = json!(-1);
    assert!(!v.is_valid(&bad), "negative rate");
    let mut bad = catalog();
    bad["models"][0]["billing"]["input_per_million"] = json!(1.5);
    assert!(!v.is_valid(&bad), "fractional rate");
    let mut bad = catalog();
    bad["models"][0]["billing"]["shape"] = json!("per_vibe");
    assert!(!v.is_valid(&bad), "unknown shape");
    let mut bad = catalog();
    bad["models"][0]["colour"] = json!("red");
    assert!(!v.is_valid(&bad), "unknown field");
    let mut bad = catalog();
    bad.as_object_mut().unwrap().remove("default_model");
    assert!(!v.is_valid(&bad), "missing default model");
}

#[test]
fn the_engine_accepts_the_shipped_catalog_with_every_shape() {
    let c = tariff::Catalog::embedded().unwrap();
    let shapes: std::collections::BTreeSet<&str> =
        c.models().iter().map(|m| m.billing.shape()).collect();
    assert_eq!(
        shapes.into_iter().collect::<Vec<_>>(),
        [
            "conditional",
            "hardware",
            "per_megapixel",
            "per_second",
            "per_token",
            "per_unit"
        ]
    );
    assert_eq!(c.default_model(), "claude/sonnet-4-6");
    assert_eq!(c.version(), catalog()["version"]);
}
