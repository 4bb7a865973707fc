//! Any usage export text: the breakdown never panics, and its parts add up to its total.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tariff::Catalog;

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::embedded().expect("the embedded catalog loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(b) = catalog().usage_text(text) else { return };
    let by_model: u64 = b.by_model.iter().map(|m| m.micros.get()).sum();
    let by_day: u64 = b.by_day.iter().map(|d| d.micros.get()).sum();
    assert_eq!(by_model, b.total_micros.get());
    assert_eq!(by_day + b.undated_micros.get(), b.total_micros.get());
    let calls: u64 = b.by_model.iter().map(|m| m.calls).sum();
    assert_eq!(calls, b.calls);
    assert!(b.free_calls <= b.calls);
});
