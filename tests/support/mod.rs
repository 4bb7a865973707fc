//! What the test files share: pricing a JSON request, the lines of an estimate, the bad-input
//! table and how its cases spell their inputs.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: each test file uses what it needs; a panic is a failing test"
)]

use serde_json::Value;
use tariff::{Breakdown, Catalog, Estimate, Request};

/// The shipped catalog, loaded once for the whole test binary (estimates borrow from it).
pub fn shipped() -> &'static Catalog {
    static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    C.get_or_init(|| Catalog::embedded().unwrap())
}

/// `v` read as a request and priced in `c`; a failure names the request.
pub fn price_in(c: &Catalog, v: Value) -> Estimate<'_> {
    c.estimate(&Request::from_value(&v).unwrap())
        .unwrap_or_else(|e| panic!("{v}: {e}"))
}

/// `(item, quantity, micros)` of every line.
pub fn lines(e: &Estimate<'_>) -> Vec<(&'static str, u64, u64)> {
    e.line_items
        .iter()
        .map(|l| (l.item, l.quantity, l.micros.get()))
        .collect()
}

/// `(day, calls, micros)` of every day of a breakdown, oldest first.
pub fn day_spend(b: &Breakdown) -> Vec<(&str, u64, u64)> {
    b.by_day
        .iter()
        .map(|d| (d.day.as_str(), d.calls, d.micros.get()))
        .collect()
}

/// The bad-input table, `tests/data/bad_inputs.json`.
pub fn table() -> Value {
    serde_json::from_str(include_str!("../data/bad_inputs.json")).unwrap()
}

/// Applies `set` and `remove` (JSON pointers) to a copy of the base catalog.
pub fn patched(base: &Value, case: &Value) -> Value {
    let mut doc = base.clone();
    if let Some(sets) = case.get("set").and_then(Value::as_object) {
        for (pointer, value) in sets {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            match doc.pointer_mut(parent).unwrap() {
                Value::Object(m) => {
                    m.insert(key.to_string(), value.clone());
                }
                Value::Array(a) => {
                    let i: usize = key.parse().unwrap();
                    if i == a.len() {
                        a.push(value.clone());
                    } else {
                        a[i] = value.clone();
                    }
                }
                other => panic!("cannot set into {other}"),
            }
        }
    }
    if let Some(removes) = case.get("remove").and_then(Value::as_array) {
        for pointer in removes {
            let (parent, key) = pointer.as_str().unwrap().rsplit_once('/').unwrap();
            match doc.pointer_mut(parent).unwrap() {
                Value::Object(m) => {
                    m.remove(key);
                }
                Value::Array(a) => {
                    a.remove(key.parse::<usize>().unwrap());
                }
                other => panic!("cannot remove from {other}"),
            }
        }
    }
    doc
}

/// `input_text`, or the text an `input_text_fill` spells out (before + fill × times + after).
pub fn case_text(case: &Value) -> Option<String> {
    if let Some(t) = case.get("input_text").and_then(Value::as_str) {
        return Some(t.to_string());
    }
    let f = case.get("input_text_fill")?;
    let times = usize::try_from(f["times"].as_u64()?).ok()?;
    Some(format!(
        "{}{}{}",
        f["before"].as_str()?,
        f["fill"].as_str()?.repeat(times),
        f["after"].as_str()?
    ))
}
