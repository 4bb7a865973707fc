//! Any request text: parsing and pricing never panic, the quick reader agrees with the exact
//! one, and a price obeys its invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tariff::{Budget, Request};
use tariff_fuzz::catalog;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let read = Request::from_json(text);
    // The quick reader takes the plain forms first: it must read them as the exact one does.
    assert_eq!(read, Request::from_json_exact(text), "{text}");
    let Ok(request) = read else { return };
    let c = catalog();
    let Ok(e) = c.estimate(&request) else { return };
    // A total is the sum of its rounded lines, and exact in JavaScript.
    let sum: u64 = e.line_items.iter().map(|l| l.micros.get()).sum();
    assert_eq!(sum, e.total_micros.get());
    // So are the call tree's subtotals, each call's lines its own.
    let own: u64 = e.calls.iter().map(|c| c.subtotal_micros.get()).sum();
    assert_eq!(own, e.total_micros.get());
    assert_eq!(e.calls.first().map(|c| c.total_micros), Some(e.total_micros));
    assert!(e.total_micros.get() <= tariff::MAX_SAFE_MICROS);
    assert_eq!(e.total_usd, tariff::format_usd(e.total_micros.get()));
    // Each line's rate is one the catalog gives its model (a minimum charge makes up a
    // difference instead), and its micros are within half a micro of quantity × rate ÷ per.
    for l in &e.line_items {
        assert!(
            l.item == "minimum_charge"
                || tariff_fuzz::rate_from_catalog(c, &l.model, l.rate_micros, l.rate_per),
            "{text}: {l:?}"
        );
        let exact = u128::from(l.quantity) * u128::from(l.rate_micros);
        let billed = u128::from(l.micros.get()) * u128::from(l.rate_per);
        assert!(2 * exact.abs_diff(billed) <= u128::from(l.rate_per));
    }
    // The bound: never below the total, `null` exactly when something is unbounded, and
    // exactly the total when nothing is open.
    match e.bound_micros {
        Some(b) => {
            assert!(b >= e.total_micros, "{text}");
            assert!(e.unbounded.is_empty());
            if e.open.is_empty() {
                assert_eq!(b, e.total_micros, "{text}");
            }
            assert_eq!(
                e.bound_usd.as_deref(),
                Some(tariff::format_usd(b.get()).as_str())
            );
        }
        None => assert!(!e.unbounded.is_empty(), "{text}"),
    }
    // The same text parsed again prices the same (no hidden state).
    let again = Request::from_json(text)
        .ok()
        .and_then(|r| c.estimate(&r).ok());
    assert_eq!(again.as_ref(), Some(&e));
    let budget = Budget {
        balance_micros: 5_000_000,
        spent_micros: 9_000_000,
        ..Budget::default()
    };
    let check = c
        .check_budget(&request, &budget)
        .expect("priced once, prices again");
    // Decided on the bound: allowed exactly when the bound fits what remains.
    assert_eq!(
        check.allowed,
        check
            .bound_micros
            .is_some_and(|b| b <= check.remaining_micros)
    );
    assert_eq!(check.reserve_micros, check.bound_micros);
    // What it affords, where anything: the request with that limit fits.
    for a in &check.affordable {
        let Some(max) = &a.max else { continue };
        let mut r = request.clone();
        let key = a.field.trim_start_matches("limits.");
        let limit = serde_json::json!({ key: max });
        let Ok(limits) = Request::from_value(&serde_json::json!({ "limits": limit })) else {
            continue;
        };
        let Some(v) = limits.limits.get(key) else {
            continue;
        };
        r.limits.set(key, Some(v));
        if let Ok(again) = c.check_budget(&r, &budget) {
            assert!(again.allowed, "{text}: {key} = {max} should fit");
        }
    }
    // Text and the value JSON.parse would make of it are the same request (numbers read
    // correctly rounded either way): what a page passes as text or as an object prices alike.
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        let from_value = Request::from_value(&value);
        assert_eq!(from_value.as_ref(), Ok(&request), "{text}");
    }
});
