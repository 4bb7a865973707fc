//! The bad-input table (`tests/data/bad_inputs.json`) against the Rust API: every malformed
//! request, record, budget and catalog gets its code and the field (or path) of the fault.
//! The CLI and the wasm package run the same file.

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
use tariff::{Budget, Catalog, Error, Request};

mod support;
use support::{case_text, patched, table};

fn run(case: &Value, base: &Value, catalog: &Catalog) -> Result<(), Error> {
    let input = case.get("input");
    let owned = case_text(case);
    let text = owned.as_deref();
    match case["surface"].as_str().unwrap() {
        "request" => {
            let request = match text {
                Some(t) => Request::from_json(t)?,
                None => Request::from_value(input.unwrap())?,
            };
            catalog.estimate(&request).map(|_| ())
        }
        "usage" => {
            let records: Vec<Request> = input
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    Request::from_value(r).map_err(|e| e.within(&format!("records[{i}]")))
                })
                .collect::<Result<_, _>>()?;
            catalog.usage(&records).map(|_| ())
        }
        "budget" => {
            let input = input.unwrap();
            let request = Request::from_value(&input["request"])?;
            let budget = Budget::from_value(&input["budget"])?;
            catalog.check_budget(&request, &budget).map(|_| ())
        }
        "catalog" => match text {
            Some(t) => Catalog::from_json(t).map(|_| ()),
            None => Catalog::from_value(&patched(base, case)).map(|_| ()),
        },
        other => panic!("unknown surface {other}"),
    }
}

#[test]
fn the_base_catalog_of_the_table_is_valid() {
    let t = table();
    Catalog::from_value(&t["base_catalog"]).unwrap();
}

#[test]
fn every_bad_input_gets_its_code_and_field() {
    let t = table();
    let base = &t["base_catalog"];
    let catalog = Catalog::embedded().unwrap();
    let cases = t["cases"].as_array().unwrap();
    assert!(cases.len() >= 60, "the table keeps at least 60 cases");
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        // JS-only values (NaN, cycles, ...) cannot be written as JSON: the wasm runner has them.
        if case.get("only").is_some_and(|o| o != "rust") {
            continue;
        }
        let err = match run(case, base, &catalog) {
            Ok(()) => {
                failures.push(format!("{name}: accepted"));
                continue;
            }
            Err(e) => e,
        };
        let json = serde_json::to_value(&err).unwrap();
        if json["code"] != case["code"] {
            failures.push(format!(
                "{name}: code {} (expected {})",
                json["code"], case["code"]
            ));
            continue;
        }
        let (key, expected) = match case.get("path") {
            Some(p) => ("path", p),
            None => ("field", &case["field"]),
        };
        if &json[key] != expected {
            failures.push(format!("{name}: {key} {} (expected {expected})", json[key]));
        }
        if let Some(s) = case.get("suggestion") {
            if json["suggestions"][0] != *s {
                failures.push(format!("{name}: suggestions {}", json["suggestions"]));
            }
        }
        if let Some(a) = case.get("allowed") {
            if json["allowed"] != *a {
                failures.push(format!("{name}: allowed {}", json["allowed"]));
            }
        }
        // The message names the place of the fault (or, for a slug, the slug asked for).
        let place = match &err {
            Error::UnknownModel { model, .. } => model.clone(),
            _ => json[key].as_str().unwrap_or_default().to_string(),
        };
        let message = err.to_string();
        if !message.contains(&place) {
            failures.push(format!(
                "{name}: message {message:?} does not name {place:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn long_catalog_lists_are_refused_before_their_entries_are_compared() {
    // Each of these lists was checked for repeats entry by entry against all before it: a
    // catalog of a few megabytes took minutes to refuse.
    let t = table();
    let base = &t["base_catalog"];
    let with = |pointer: &str, value: Value| {
        Catalog::from_value(&patched(base, &json!({"set": {pointer: value}})))
    };
    let slugs: Vec<String> = (0..=10_000).map(|i| format!("t/m{i}")).collect();
    let versions: Vec<Value> = (0..=10_000)
        .map(|i| json!({"id": format!("v{i}"), "created": "2026-01-01T00:00:00Z"}))
        .collect();
    let values: Vec<String> = (0..=4_096).map(|i| format!("q{i}")).collect();
    for (pointer, value, path) in [
        ("/models/1/downstream", json!(slugs), "models[1].downstream"),
        ("/models/1/versions", json!(versions), "models[1].versions"),
        (
            "/models/2/billing/inputs/0/values",
            json!(values),
            "models[2].billing.inputs[0].values",
        ),
    ] {
        let err = serde_json::to_value(with(pointer, value).unwrap_err()).unwrap();
        assert_eq!(err["code"], "invalid_catalog", "{path}");
        assert_eq!(err["path"], path);
    }
    // At the limits they are read: 10,000 versions, and a rate whose hour is exactly within
    // 2^53 - 1 micros: floor((2^53 - 1) / 3,600) = 2,501,999,792,983 a second, 9,007,199,254,
    // 738,800 an hour.
    with("/models/1/versions", json!(versions[..10_000])).unwrap();
    let c = with("/hardware/0/price_per_second", json!(2_501_999_792_983_u64)).unwrap();
    let listed = serde_json::to_value(c.list_hardware()).unwrap();
    assert_eq!(
        listed[0]["price_per_hour_micros"],
        9_007_199_254_738_800_u64
    );
}
