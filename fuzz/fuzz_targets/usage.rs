//! Any usage export text: the breakdown never panics, its parts add up to its total, an
//! array's records (read by the quick pass) are what the exact reader makes of each, and the
//! export read as a stream in small pieces gives what the whole text gives.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tariff::Request;
use tariff_fuzz::catalog;

/// Hands out its bytes a few at a time.
struct Pieces<'a>(&'a [u8]);

impl std::io::Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = 7.min(buf.len()).min(self.0.len());
        let (now, rest) = self.0.split_at(n);
        buf[..n].copy_from_slice(now);
        self.0 = rest;
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let streamed = catalog().usage_reader(Pieces(data));
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    assert_eq!(streamed, catalog().usage_text(text), "{text}");
    if let (Ok(records), Ok(serde_json::Value::Array(items))) = (
        tariff::usage::parse_records(text),
        serde_json::from_str(text),
    ) {
        assert_eq!(records.len(), items.len());
        for (r, item) in records.iter().zip(&items) {
            assert_eq!(
                Ok(r),
                Request::from_json_exact(&item.to_string()).as_ref(),
                "{text}"
            );
        }
    }
    let Ok(b) = catalog().usage_text(text) else {
        return;
    };
    let by_model: u64 = b.by_model.iter().map(|m| m.micros.get()).sum();
    let by_day: u64 = b.by_day.iter().map(|d| d.micros.get()).sum();
    assert_eq!(by_model, b.total_micros.get());
    assert_eq!(by_day + b.undated_micros.get(), b.total_micros.get());
    let calls: u64 = b.by_model.iter().map(|m| m.calls).sum();
    assert_eq!(calls, b.calls);
    assert!(b.free_calls <= b.calls);
    let by_project: u64 = b.by_project.iter().map(|p| p.micros.get()).sum();
    assert_eq!(by_project, b.total_micros.get());
    let records: u64 = b.by_project.iter().map(|p| p.records).sum();
    assert_eq!(records, b.records);
});
