//! Catalog loading never panics, and a catalog that loads can be listed and priced.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tariff::{Catalog, Request};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(catalog) = Catalog::from_json(text) else {
        return;
    };
    let listing = catalog.list_models();
    assert_eq!(listing.len(), catalog.models().len());
    let _ = catalog.list_hardware();
    // Every model priced with no usage: defaults only, never a panic, never past 2^53 - 1.
    for m in catalog.models() {
        match catalog.estimate(&Request::new(&m.slug)) {
            Ok(e) => {
                assert!(e.total_micros.get() <= tariff::MAX_SAFE_MICROS);
                // The call tree's subtotals add up to the total.
                let own: u64 = e.calls.iter().map(|c| c.subtotal_micros.get()).sum();
                assert_eq!(own, e.total_micros.get());
                // A bound is never below the expected price; no bound only with a reason.
                match e.bound_micros {
                    Some(b) => assert!(b >= e.total_micros && e.unbounded.is_empty()),
                    None => assert!(!e.unbounded.is_empty()),
                }
            }
            // With no usage only the defaults are priced: nothing can be invalid, but rates
            // near 2^53 can overflow.
            Err(e) => assert_eq!(e.code(), "overflow", "{}: {e}", m.slug),
        }
    }
});
