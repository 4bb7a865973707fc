//! Usage read as a stream (`Catalog::usage_reader`, what `tariff usage` reads a file or stdin
//! with): the same breakdown and the same faults as the whole text, however the input arrives
//! in pieces (a multi-byte character or a CRLF split between reads, blank lines, a last line
//! without its end), and no record limit.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failing test"
)]

mod support;
use proptest::prelude::*;
use std::io::Read;
use support::shipped as catalog;

/// A reader that hands out `text` `step` bytes at a time (cycling through the steps).
struct Pieces<'a> {
    bytes: &'a [u8],
    steps: Vec<usize>,
    at: usize,
    turn: usize,
}

impl Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let step = self.steps[self.turn % self.steps.len()].max(1);
        self.turn += 1;
        let n = step.min(buf.len()).min(self.bytes.len() - self.at);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn pieces<'a>(text: &'a str, steps: &[usize]) -> Pieces<'a> {
    Pieces {
        bytes: text.as_bytes(),
        steps: steps.to_vec(),
        at: 0,
        turn: 0,
    }
}

const EXPORT: &str = concat!(
    "{\"model\":\"gpt/4o\",\"at\":\"2026-11-01T10:00:00Z\",\"project\":\"café\",",
    "\"usage\":{\"input_tokens\":1000000,\"output_tokens\":0}}\r\n",
    "\n",
    "   \n",
    "{\"model\":\"community/sdxl\",\"at\":\"2026-11-02T10:00:00Z\",\"usage\":{\"seconds\":2}}\n",
    "{\"model\":\"claude/haiku-4-5\",\"usage\":{\"input_tokens\":1000000,\"output_tokens\":1000000}}"
);

#[test]
fn a_stream_in_any_pieces_is_the_whole_text() {
    let whole = catalog().usage_text(EXPORT).unwrap();
    // gpt/4o: 1M input at $3.00 = 3,000,000; SDXL: 2 s x 975 = 1,950; Haiku 4.5: $0.30 + $1.50.
    assert_eq!(whole.total_micros.get(), 3_000_000 + 1_950 + 1_800_000);
    assert_eq!(whole.records, 3);
    for steps in [vec![1], vec![7], vec![2, 5, 11], vec![4096], vec![1 << 22]] {
        let streamed = catalog().usage_reader(pieces(EXPORT, &steps)).unwrap();
        assert_eq!(streamed, whole, "{steps:?}");
    }
    // One JSON array is read whole, to the same breakdown.
    let lines: Vec<&str> = EXPORT.lines().filter(|l| !l.trim().is_empty()).collect();
    let array = format!("  [{}]", lines.join(",\n"));
    let from_array = catalog().usage_reader(pieces(&array, &[3])).unwrap();
    assert_eq!(from_array, whole);
    // Nothing but whitespace: no records.
    let empty = catalog().usage_reader(pieces(" \n\n ", &[1])).unwrap();
    assert_eq!(empty.records, 0);
}

#[test]
fn a_fault_names_the_record_and_line_of_the_whole_stream() {
    let bad = format!("{EXPORT}\n\n{{\"model\":\"gpt/4o\",\"usage\":{{\"input_tokens\":-1}}}}\n");
    let whole = catalog().usage_text(&bad).unwrap_err();
    for steps in [vec![1], vec![13], vec![1 << 20]] {
        let streamed = catalog().usage_reader(pieces(&bad, &steps)).unwrap_err();
        assert_eq!(streamed, whole, "{steps:?}");
    }
    let field = serde_json::to_value(&whole).unwrap()["field"].clone();
    assert_eq!(field, "records[3].usage.input_tokens");
    // Malformed JSON names its line (the 7th, after the blank ones).
    let broken = format!("{EXPORT}\n\n{{\"model\":\n");
    let whole = catalog().usage_text(&broken).unwrap_err();
    let streamed = catalog().usage_reader(pieces(&broken, &[5])).unwrap_err();
    assert_eq!(streamed, whole);
    assert!(whole.to_string().contains("(line 7)"), "{whole}");
    // Bytes that are not UTF-8, named by line.
    let mut bytes = EXPORT.as_bytes().to_vec();
    bytes.extend_from_slice(b"\n{\"model\":\"gpt/4o\xff\"}\n");
    let e = catalog().usage_reader(&bytes[..]).unwrap_err();
    assert!(e.to_string().contains("is not UTF-8 text (line 6)"), "{e}");
}

#[test]
fn megabytes_of_blank_lines_first_are_counted_not_kept() {
    let blank = "\n".repeat(3 << 20);
    let text = format!(
        "{blank}{{\"model\":\"gpt/4o\"}}\n{{\"model\":\"gpt/4o\",\"usage\":{{\"images\":-1}}}}\n"
    );
    let whole = catalog().usage_text(&text).unwrap_err();
    let streamed = catalog()
        .usage_reader(pieces(&text, &[1 << 16]))
        .unwrap_err();
    assert_eq!(streamed, whole);
    assert_eq!(
        serde_json::to_value(&whole).unwrap()["field"],
        "records[1].usage.images"
    );
}

#[test]
fn a_line_past_the_request_limit_is_refused_as_in_text() {
    let long = format!(
        "{{\"model\":\"gpt/4o\",\"inputs\":{{\"prompt\":\"{}\"}}}}\n",
        "x".repeat(3 << 20)
    );
    let whole = catalog().usage_text(&long).unwrap_err();
    assert!(
        whole.to_string().contains("is larger than 1048576 bytes"),
        "{whole}"
    );
    // Without a line end in sight, the stream stops once the line is surely too long.
    let streamed = catalog().usage_reader(pieces(&long, &[65536])).unwrap_err();
    assert_eq!(streamed.to_string(), whole.to_string());
}

/// Records made as they are read: `n` lines of `{}` (the default model, nothing used).
struct Generated {
    left: usize,
    pending: &'static [u8],
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n + 3 <= buf.len() && self.left > 0 {
            buf[n..n + 3].copy_from_slice(self.pending);
            n += 3;
            self.left -= 1;
        }
        Ok(n)
    }
}

#[test]
fn a_stream_has_no_record_limit() {
    let n = tariff::usage::MAX_RECORDS + 1;
    let mut read = 0usize;
    let walked = tariff::usage::for_each_record_in(
        Generated {
            left: n,
            pending: b"{}\n",
        },
        |_| {
            read += 1;
            Ok::<(), ()>(())
        },
    );
    assert_eq!(walked, Ok(()));
    assert_eq!(read, n);
    // The same records as text are refused past the limit.
    let text = "{}\n".repeat(n);
    let refused = tariff::usage::for_each_record(&text, |_| Ok::<(), ()>(())).unwrap_err();
    let tariff::usage::Stopped::Read(e) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(e.field, "records");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_export_in_any_pieces(
        records in prop::collection::vec((0usize..4, 0u64..3_000_000, 0u64..50_000, 1u32..29, any::<bool>()), 0..60),
        steps in prop::collection::vec(1usize..300, 1..5),
    ) {
        let models = ["gpt/4o", "claude/sonnet-4-6", "community/sdxl", "gemini/2.5-flash"];
        let mut text = String::new();
        for (m, a, b, day, blank) in &records {
            let usage = if *m == 2 {
                format!("{{\"seconds\":{}.{}}}", a % 100, b % 1000)
            } else {
                format!("{{\"input_tokens\":{a},\"output_tokens\":{b}}}")
            };
            text.push_str(&format!(
                "{{\"model\":\"{}\",\"at\":\"2026-11-{day:02}T10:00:00Z\",\"usage\":{usage}}}\n",
                models[*m]
            ));
            if *blank {
                text.push('\n');
            }
        }
        let whole = catalog().usage_text(&text).unwrap();
        let streamed = catalog().usage_reader(pieces(&text, &steps)).unwrap();
        prop_assert_eq!(streamed, whole);
    }
}

#[test]
fn a_cleared_tally_is_a_new_one() {
    let r = |v: serde_json::Value| tariff::Request::from_value(&v).unwrap();
    let one = r(
        serde_json::json!({"model": "gpt/4o", "at": "2026-11-01T10:00:00Z", "project": "web",
        "usage": {"input_tokens": 1000, "output_tokens": 1000}}),
    );
    let other = r(serde_json::json!({"model": "community/sdxl", "usage": {"seconds": 2}}));
    let mut fresh = tariff::Tally::for_stream(catalog());
    fresh.add(&one).unwrap();
    let mut reused = tariff::Tally::for_stream(catalog());
    reused.add(&other).unwrap();
    reused.add(&one).unwrap();
    reused.clear();
    // gpt/4o: 1,000 x $3 + 1,000 x $12 per 1M = 15,000 micros.
    assert_eq!(reused.add(&one).unwrap().get(), 15_000);
    assert_eq!(reused.finish().unwrap(), fresh.finish().unwrap());
}
