//! JSON numbers are read correctly rounded, as JavaScript's `JSON.parse` reads them, so that a
//! request priced from its text and from the object `JSON.parse` makes of it price the same.
//! (serde_json without `float_roundtrip` is not correctly rounded for long mantissas: a fuzz
//! finding, issue 14.)

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::float_cmp,
    reason = "test code: a panic is a failing test"
)]

mod support;
use proptest::prelude::*;
use serde_json::{json, Value};
use support::shipped as catalog;
use tariff::usage::parse_records;
use tariff::Request;

/// JSON text as the engine's parser reads it (the tree every reader walks), as a `Value`.
fn parse(text: &str) -> Result<Value, serde_json::Error> {
    tariff_request::json::parse_tree(text).map(|t| tariff_request::json::owned(&t))
}

/// The number of the fuzz finding: 86 digits.
const LONG: &str =
    "12347777777777777777777777777777777777777777777777777777777777777777777777777777777567";

/// The exact decimal midpoint between two doubles next to 2.0005 s.
const MIDPOINT: &str = "2.000499999999999944932937978592235594987869262695312500";

#[test]
fn the_86_digit_number_is_read_as_javascript_holds_it() {
    // JSON.parse gives 1.2347777777777777e+85 (correctly rounded), as Rust's own parser does.
    let v: Value = parse(LONG).unwrap();
    assert_eq!(v.as_f64(), Some(1.234_777_777_777_777_7e85));
    assert_eq!(v.as_f64(), LONG.parse::<f64>().ok());
    // Written out and read back, it stays the same double.
    let again: Value = parse(&v.to_string()).unwrap();
    assert_eq!(again.as_f64(), v.as_f64());
}

#[test]
fn the_fuzz_finding_reads_alike_by_both_readers() {
    // The export of the finding: records whose inputs hold the 86-digit number, read as an
    // array (the quick pass record by record) and each record alone (the exact reader).
    let records: Vec<String> = (0..10)
        .map(|i| {
            format!(
                r#"{{"model":"gpt/4o","at":"2026-11-0{}T10:00:00Z","inputs":{{"n":{LONG}}},"usage":{{"input_tokens":{i}}}}}"#,
                i % 9 + 1
            )
        })
        .collect();
    let text = format!("[{}]", records.join(","));
    let all = parse_records(&text).unwrap();
    for (i, r) in records.iter().enumerate() {
        assert_eq!(all[i], Request::from_json_exact(r).unwrap(), "record {i}");
        assert_eq!(
            all[i].inputs["n"].as_f64(),
            Some(1.234_777_777_777_777_7e85)
        );
    }
}

#[test]
fn a_midpoint_duration_prices_the_same_from_text_and_from_its_parsed_value() {
    // JavaScript holds the midpoint as 2.0004999999999997 (ties to even): 2,000 ms of
    // skytells/truefusion-optima at 8 micros a ms = 16,000, from text and from the object.
    let text =
        format!(r#"{{"model":"skytells/truefusion-optima","usage":{{"seconds":{MIDPOINT}}}}}"#);
    let c = catalog();
    let from_text = c.estimate(&Request::from_json(&text).unwrap()).unwrap();
    let value: Value = parse(&text).unwrap();
    assert_eq!(
        value["usage"]["seconds"].as_f64(),
        Some(2.000_499_999_999_999_7)
    );
    let from_value = c.estimate(&Request::from_value(&value).unwrap()).unwrap();
    assert_eq!(from_text.total_micros.get(), 16_000);
    assert_eq!(from_value.total_micros.get(), 16_000);
    assert_eq!(from_text.line_items[0].quantity, 2_000);
    // The same value in its shortest form (what JSON.stringify writes): the same price.
    let shortest = json!({"model": "skytells/truefusion-optima", "usage": {"seconds": 2.000_499_999_999_999_7}});
    assert_eq!(
        c.estimate(&Request::from_value(&shortest).unwrap())
            .unwrap()
            .total_micros
            .get(),
        16_000
    );
}

fn long_decimal() -> impl Strategy<Value = String> {
    (
        "[1-9][0-9]{19,799}",
        0usize..800,
        -330i32..330,
        any::<bool>(),
    )
        .prop_map(|(digits, point, exp, with_exp)| {
            let point = point.min(digits.len());
            let (int, frac) = digits.split_at(point);
            let int = if int.is_empty() { "0" } else { int };
            let mut s = if frac.is_empty() {
                int.to_string()
            } else {
                format!("{int}.{frac}")
            };
            if with_exp {
                s.push_str(&format!("e{exp}"));
            }
            s
        })
}

proptest! {
    /// Any long decimal (20 to 800 digits, any exponent) is read as the correctly rounded
    /// double, the one Rust's `f64::from_str` (and JavaScript's `JSON.parse`) gives.
    #[test]
    fn long_decimals_are_correctly_rounded(text in long_decimal()) {
        let want = text.parse::<f64>().unwrap();
        match parse(&text) {
            Ok(got) => prop_assert_eq!(got.as_f64(), Some(want), "{}", text),
            // Past the largest double: JavaScript would hold Infinity; the engine refuses it.
            Err(_) => prop_assert!(want.is_infinite(), "{}", text),
        }
        // As a duration: the same milliseconds whether read from text or from the value.
        let req = format!(r#"{{"model":"skytells/truefusion-optima","usage":{{"seconds":{text}}}}}"#);
        let from_text = Request::from_json(&req).map(|r| r.usage.active_ms);
        let from_value = parse(&req)
            .map_err(|_| ())
            .and_then(|v| Request::from_value(&v).map_err(|_| ()))
            .map(|r| r.usage.active_ms);
        prop_assert_eq!(from_text.ok(), from_value.ok(), "{}", req);
    }
}

/// Dollars as the documentation defines them: all six decimals, trailing zeros trimmed
/// down to cents (worked out with plain integer formatting, not the engine's writer).
fn usd_by_definition(micros: u64) -> String {
    let full = format!("{:06}", micros % 1_000_000);
    let trimmed = full.trim_end_matches('0');
    let decimals = if trimmed.len() < 2 {
        &full[..2]
    } else {
        trimmed
    };
    format!("${}.{decimals}", micros / 1_000_000)
}

#[test]
fn dollars_read_as_the_documentation_writes_them() {
    for (micros, text) in [
        (0, "$0.00"),
        (30_233_286, "$30.233286"),
        (3_600_000, "$3.60"),
        (20_000, "$0.02"),
        (123, "$0.000123"),
        (1_000_010, "$1.00001"),
        (u64::MAX, "$18446744073709.551615"),
    ] {
        assert_eq!(tariff::format_usd(micros), text);
        assert_eq!(tariff::Usd::of(micros), text);
    }
}

proptest! {
    #[test]
    fn inline_dollars_equal_their_definition(micros in any::<u64>(), small in 0u64..100_000_000) {
        prop_assert_eq!(tariff::Usd::of(micros).to_string(), usd_by_definition(micros));
        prop_assert_eq!(tariff::format_usd(small), usd_by_definition(small));
    }
}
