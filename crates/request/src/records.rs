//! Usage records read from text (JSON lines, or one JSON array), one at a time.

use crate::error::ReadError;
use crate::request::{exact, fast::Reader, Request, MAX_REQUEST_BYTES};

/// The most records one `usage` call prices (bounded memory and time per call).
pub const MAX_RECORDS: usize = 5_000_000;

// Here rather than beside the other readers: a list is read as an export's records are.
impl Request {
    /// Reads a list of requests from JSON text (`[{...}, {...}]`), each read as a request
    /// is; a fault names its item (`[1].usage.input_tokens`). At most [`MAX_RECORDS`] of
    /// them.
    pub fn list_from_json(text: &str) -> Result<Vec<Self>, ReadError> {
        read_list(text)
    }
}

/// `invalid_request` at `records` when `count` records are more than [`MAX_RECORDS`]: the
/// one place the limit is checked, by every reader of records.
pub fn check_record_count(count: usize) -> Result<(), ReadError> {
    check_count(count, "records", "records")
}

/// `invalid_request` at `field` when `count` items (`what`) are more than [`MAX_RECORDS`].
fn check_count(count: usize, field: &str, what: &str) -> Result<(), ReadError> {
    if count > MAX_RECORDS {
        return Err(ReadError::new(
            field,
            format!("holds more than {MAX_RECORDS} {what}"),
        ));
    }
    Ok(())
}

/// A list of requests from JSON text (`[{...}, {...}]`), each read as a record of an array
/// export is (the quick reader, else the exact one), a fault naming its item
/// (`[1].usage.input_tokens`).
pub(crate) fn read_list(text: &str) -> Result<Vec<Request>, ReadError> {
    let trimmed = text.trim_start();
    if !trimmed.starts_with('[') {
        return Err(match crate::json::parse_tree(text) {
            Ok(v) => ReadError::new(
                "$",
                format!(
                    "must be an array of requests, not {}",
                    crate::json::type_name(&v)
                ),
            ),
            Err(e) => exact::malformed("$", &e),
        });
    }
    let mut list = Vec::new();
    let walk = each_in_array(
        trimmed,
        &mut |r| {
            list.push(std::mem::take(r));
            Ok(())
        },
        List::Requests,
    );
    match walk {
        Ok(()) => Ok(list),
        Err(Halt::Read(e)) => Err(e),
        // The sink above never refuses.
        Err(Halt::Sink(i)) => Err(ReadError::new(format!("[{i}]"), "was refused")),
    }
}

/// What an array holds: a usage export's records (`records[3]`) or a list of requests
/// (`[3]`).
#[derive(Clone, Copy)]
enum List {
    Records,
    Requests,
}

impl List {
    /// The path of the whole list in errors.
    fn field(self) -> &'static str {
        match self {
            List::Records => "records",
            List::Requests => "$",
        }
    }

    /// The path of item `i`.
    fn item(self, i: usize) -> String {
        match self {
            List::Records => format!("records[{i}]"),
            List::Requests => format!("[{i}]"),
        }
    }

    fn check(self, count: usize) -> Result<(), ReadError> {
        match self {
            List::Records => check_record_count(count),
            List::Requests => check_count(count, "$", "requests"),
        }
    }
}

/// Reads usage records from text: JSON lines (blank lines skipped) or one JSON array.
/// A fault names the record (`records[3].usage.images`).
pub fn parse_records(text: &str) -> Result<Vec<Request>, ReadError> {
    let mut records = Vec::new();
    let walk = each_record(text, &mut |r| {
        records.push(std::mem::take(r));
        Ok(())
    });
    match walk {
        Ok(()) => Ok(records),
        Err(Halt::Read(e)) => Err(e),
        // The sink above never refuses.
        Err(Halt::Sink(i)) => Err(ReadError::new(format!("records[{i}]"), "was refused")),
    }
}

/// Why a walk over records stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stopped<E> {
    /// A record could not be read (the error names it: `records[3].usage.images`).
    Read(ReadError),
    /// The sink refused the record at `index` (0-based) with `error`.
    Sink {
        /// Which record.
        index: usize,
        /// The sink's own error.
        error: E,
    },
}

/// Calls `sink` with each record of `text` (JSON lines, or one JSON array) in order; a fault
/// of the text, or the sink's refusal, stops the walk. The records are read into one request
/// in turn (no allocation a record beyond its own strings): the sink borrows each.
pub fn for_each_record<E>(
    text: &str,
    sink: impl FnMut(&Request) -> Result<(), E>,
) -> Result<(), Stopped<E>> {
    walk_with(sink, |s| each_record(text, s))
}

/// Runs the non-generic `walk` with a generic sink, keeping the sink's own error.
fn walk_with<E>(
    mut sink: impl FnMut(&Request) -> Result<(), E>,
    walk: impl FnOnce(Sink<'_>) -> Result<(), Halt>,
) -> Result<(), Stopped<E>> {
    let mut refused = None;
    let walked = walk(&mut |r| {
        sink(r).map_err(|e| {
            refused = Some(e);
        })
    });
    match (walked, refused) {
        (Ok(()), _) => Ok(()),
        (Err(Halt::Read(e)), _) => Err(Stopped::Read(e)),
        (Err(Halt::Sink(index)), Some(error)) => Err(Stopped::Sink { index, error }),
        // The walk stops for the sink only when it refused.
        (Err(Halt::Sink(_)), None) => Ok(()),
    }
}

/// Where the (non-generic) walk stopped: a record it could not read, or the sink's refusal
/// of the record at an index.
enum Halt {
    Read(ReadError),
    Sink(usize),
}

impl From<ReadError> for Halt {
    fn from(e: ReadError) -> Self {
        Halt::Read(e)
    }
}

/// Takes each record read (in the one request the walk reads into; a sink may take it).
type Sink<'a> = &'a mut dyn FnMut(&mut Request) -> Result<(), ()>;

// Not generic, so that the whole parser is compiled in this crate, at its opt-level.
fn each_record(text: &str, sink: Sink<'_>) -> Result<(), Halt> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        return each_in_array(trimmed, sink, List::Records);
    }
    each_line(text, 0, 0, true, sink)
}

/// JSON lines, the first of them record `first` of the export and line `first_line` (0-based)
/// of its text: what a reader of an export in chunks passes, so that a fault names the
/// record and line in the whole export. `limited`: at most [`MAX_RECORDS`] (a stream is not).
fn each_line(
    text: &str,
    first: usize,
    first_line: usize,
    limited: bool,
    sink: Sink<'_>,
) -> Result<(), Halt> {
    let mut record = Request::default();
    for (count, (line_no, span)) in (first..).zip(record_spans(text)) {
        let line = text.get(span).unwrap_or_default();
        if limited {
            check_record_count(count + 1)?;
        }
        record.clear_keeping_names();
        // The record's path is only written if it fails.
        exact::read_into(line, &mut record).map_err(|e| {
            let e = e.within(&format!("records[{count}]"));
            // Name the line of a syntax error: exports are read by line.
            if exact::is_malformed_message(&e.message) {
                ReadError {
                    message: format!("{} (line {})", e.message, first_line + line_no + 1),
                    ..e
                }
            } else {
                e
            }
        })?;
        sink(&mut record).map_err(|()| Halt::Sink(count))?;
    }
    Ok(())
}

/// Where each record of JSON-lines `text` is: its line's number (0-based) and the byte range
/// of its text, trimmed; blank lines (only Unicode white space) hold no record. The one rule
/// of what a record is, for the readers and for whoever must find a record again (a
/// dashboard re-reading one record of a file).
pub fn record_spans(text: &str) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> + '_ {
    let mut start = 0;
    text.split('\n')
        .enumerate()
        .filter_map(move |(line_no, line)| {
            let at = start;
            start += line.len() + 1;
            // `trim` removes a `\r` of a CRLF end with the rest of the white space.
            let trimmed = line.trim_start();
            let from = at + (line.len() - trimmed.len());
            let len = trimmed.trim_end().len();
            (len > 0).then_some((line_no, from..from + len))
        })
}

/// Where each record of a JSON-array export is: the byte range of each item's text, in
/// order (leading white space skipped as the readers skip it). `None` where the text is not a
/// well-formed array: read it with [`for_each_record`] first, which names the fault.
pub fn array_spans(text: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let mut reader = Reader::new(text);
    let mut spans = Vec::new();
    let mut more = reader.open(b'[', b']').ok()?;
    while more {
        reader.peek();
        let start = reader.pos();
        reader.skip_value().ok()?;
        spans.push(start..reader.pos());
        more = reader.next(b']').ok()?;
    }
    Some(spans)
}

/// Calls `sink` with each record of `text`, JSON lines that continue an export read in
/// chunks: its first record is record `first` of the export and its first line is line
/// `first_line` (0-based), so faults and the sink's index name the record and line in the
/// whole export. Each chunk must hold whole lines.
pub fn for_each_line_record<E>(
    text: &str,
    first: usize,
    first_line: usize,
    sink: impl FnMut(&Request) -> Result<(), E>,
) -> Result<(), Stopped<E>> {
    walk_with(sink, |s| each_line(text, first, first_line, true, s))
}

/// Calls `sink` with each record read from `reader`: JSON lines read as a stream, a chunk at a
/// time (memory bounded by a chunk and the longest line, not by the input), or one JSON array
/// (read whole). A stream has no record limit; faults name the record and line in the whole
/// stream (`records[12]`, `(line 13)`), as for text.
pub fn for_each_record_in<E>(
    mut reader: impl std::io::Read,
    sink: impl FnMut(&Request) -> Result<(), E>,
) -> Result<(), Stopped<E>> {
    walk_with(sink, |s| each_streamed(&mut reader, s))
}

/// How much of a stream is read at a time.
const CHUNK: usize = 1 << 20;

/// The stream walk (not generic: the reader is a trait object).
fn each_streamed(reader: &mut dyn std::io::Read, sink: Sink<'_>) -> Result<(), Halt> {
    use std::io::Read;
    let cannot = |e: std::io::Error| ReadError::new("records", format!("cannot be read: {e}"));
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK);
    let (mut records, mut lines) = (0usize, 0usize);
    let mut looked = false;
    loop {
        let n = Read::take(&mut *reader, CHUNK as u64)
            .read_to_end(&mut buf)
            .map_err(cannot)?;
        let eof = n == 0;
        if !looked {
            // One JSON array is read whole; JSON lines as a stream. Leading whitespace is
            // skipped as the text reader skips it (`trim_start`).
            let valid = match std::str::from_utf8(&buf) {
                Ok(s) => s,
                Err(e) => std::str::from_utf8(buf.get(..e.valid_up_to()).unwrap_or_default())
                    .unwrap_or_default(),
            };
            let rest = valid.trim_start();
            if rest.starts_with('[') {
                reader.read_to_end(&mut buf).map_err(cannot)?;
                let text = std::str::from_utf8(&buf)
                    .map_err(|_| ReadError::new("records", "is not UTF-8 text"))?;
                return each_in_array(text.trim_start(), sink, List::Records);
            }
            if rest.is_empty() && valid.len() == buf.len() && !eof {
                // Only blank lines so far: counted and dropped (memory stays a chunk).
                lines += count_lines(&buf);
                let keep = buf.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
                buf.drain(..keep);
                continue;
            }
            looked = true;
        }
        // The whole lines read so far (all of it at the end of the stream).
        let end = match buf.iter().rposition(|b| *b == b'\n') {
            _ if eof => buf.len(),
            Some(i) => i + 1,
            None if buf.len() > MAX_REQUEST_BYTES + CHUNK => {
                let e = ReadError::new(
                    "$",
                    format!("is larger than {MAX_REQUEST_BYTES} bytes of JSON"),
                );
                return Err(Halt::Read(e.within(&format!("records[{records}]"))));
            }
            None => continue,
        };
        let whole = buf.get(..end).unwrap_or_default();
        let text = std::str::from_utf8(whole).map_err(|e| {
            let line = lines + 1 + count_lines(whole.get(..e.valid_up_to()).unwrap_or_default());
            ReadError::new("records", format!("is not UTF-8 text (line {line})"))
        })?;
        let mut read = 0usize;
        each_line(text, records, lines, false, &mut |r| {
            read += 1;
            sink(r)
        })?;
        records += read;
        lines += count_lines(whole);
        if eof {
            return Ok(());
        }
        buf.drain(..end);
    }
}

/// How many line ends `bytes` holds.
fn count_lines(bytes: &[u8]) -> usize {
    // Summed in u32 lanes a block at a time, which the compiler vectorizes; a
    // `filter(..).count()` over the bytes was not, and was an eighth of `tariff usage`.
    bytes
        .chunks(1 << 16)
        .map(|block| {
            let n: u32 = block.iter().map(|&b| u32::from(b == b'\n')).sum();
            n as usize
        })
        .sum()
}

/// A JSON array of records, in one pass: each record read by the quick reader, or (one it
/// does not take) by the exact reader alone. Malformed JSON is named with its line and
/// column in the whole text.
fn each_in_array(text: &str, sink: Sink<'_>, list: List) -> Result<(), Halt> {
    let mut reader = Reader::new(text);
    let mut count = 0usize;
    let mut more = reader.open(b'[', b']').ok();
    let mut record = Request::default();
    while more == Some(true) {
        list.check(count + 1)?;
        let at = |e: ReadError| e.within(&list.item(count));
        record.clear_keeping_names();
        match next_record(&mut reader, text, &mut record) {
            Ok(()) => {}
            Err(e) => {
                // Malformed JSON is named where it is in the whole text.
                if e.as_ref().is_none_or(exact::is_malformed) {
                    if let Some(m) = malformed_array(text, list) {
                        return Err(Halt::Read(m));
                    }
                }
                return Err(Halt::Read(at(
                    e.unwrap_or_else(|| ReadError::new("$", "malformed JSON"))
                )));
            }
        };
        sink(&mut record).map_err(|()| Halt::Sink(count))?;
        count += 1;
        more = reader.next(b']').ok();
    }
    if more == Some(false) && reader.at_end() {
        return Ok(());
    }
    Err(Halt::Read(malformed_array(text, list).unwrap_or_else(
        || ReadError::new(list.field(), "malformed JSON"),
    )))
}

/// The record at the reader: read quickly, or else skipped over and read by the exact
/// reader alone. `Err(Some)`: the exact reader's error; `Err(None)`: the record does not
/// even close.
fn next_record(
    reader: &mut Reader<'_>,
    text: &str,
    r: &mut Request,
) -> Result<(), Option<ReadError>> {
    let start = reader.pos();
    if reader.request_into(r, 0, &mut 0).is_ok() {
        return Ok(());
    }
    reader.seek(start);
    reader.skip_value().map_err(|_| None)?;
    let record = text.get(start..reader.pos()).ok_or(None)?;
    *r = exact::exact(record).map_err(Some)?;
    Ok(())
}

/// Where JSON text stops being well-formed, as serde_json names it (line and column in the
/// whole text); `None` if it is well-formed after all.
#[cold]
fn malformed_array(text: &str, list: List) -> Option<ReadError> {
    use serde::Deserialize;
    let mut parser = serde_json::Deserializer::from_str(text);
    let e = serde::de::IgnoredAny::deserialize(&mut parser)
        .and_then(|_| parser.end())
        .err()?;
    Some(exact::malformed(list.field(), &e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn record_spans_are_the_trimmed_non_blank_lines() {
        // CRLF ends, a blank line, a line of Unicode white space (NBSP, em space), leading
        // spaces and tabs, no final line end.
        let text = "{\"a\":1}\r\n\n \u{a0}\u{2003}\r\n\t {\"b\":2} \n{\"c\":3}";
        let spans: Vec<_> = record_spans(text).collect();
        assert_eq!(spans, vec![(0, 0..7), (3, 20..27), (4, 29..36)]);
        let texts: Vec<_> = spans.iter().map(|(_, r)| &text[r.clone()]).collect();
        assert_eq!(texts, ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"]);
        assert_eq!(record_spans("").count(), 0);
        assert_eq!(record_spans("\n\r\n  \n").count(), 0);
    }

    #[test]
    fn array_spans_are_each_item_of_the_array() {
        let text = " [ {\"a\":1},\n\t{\"b\":[2,3]} ,{} ] ";
        let spans = array_spans(text).unwrap();
        let items: Vec<_> = spans.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(items, ["{\"a\":1}", "{\"b\":[2,3]}", "{}"]);
        assert_eq!(spans[0], 3..10);
        assert_eq!(array_spans("[]"), Some(vec![]));
        assert_eq!(array_spans("[{}"), None);
        assert_eq!(array_spans("{}"), None);
    }

    #[test]
    fn a_chunk_of_lines_names_records_and_lines_of_the_whole_export() {
        let mut seen = Vec::new();
        let text = "{\"model\":\"a\"}\n\n{\"model\":\"b\"}\n";
        for_each_line_record(text, 10, 40, |r| {
            seen.push(r.model.clone());
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(seen, vec![Some("a".to_string()), Some("b".to_string())]);
        // The second record of a chunk starting at record 10, line 41, is record 11; a
        // syntax error on the chunk's third line is line 43 of the export.
        let bad = "{\"model\":\"a\"}\n\n{\"model\": 5}\n";
        let Err(Stopped::Read(e)) = for_each_line_record(bad, 10, 40, |_| Ok::<(), ()>(())) else {
            panic!("expected a read fault");
        };
        assert_eq!(e.field, "records[11].model");
        let broken = "{\"model\":\"a\"}\n\n{\"model\": \n";
        let Err(Stopped::Read(e)) = for_each_line_record(broken, 10, 40, |_| Ok::<(), ()>(()))
        else {
            panic!("expected a read fault");
        };
        assert!(e.message.ends_with("(line 43)"), "{}", e.message);
        let refused = for_each_line_record(text, 10, 40, |r| match r.model.as_deref() {
            Some("b") => Err("no"),
            _ => Ok(()),
        });
        assert_eq!(
            refused,
            Err(Stopped::Sink {
                index: 11,
                error: "no"
            })
        );
    }

    fn fault(text: &str) -> (String, String) {
        match parse_records(text) {
            Err(ReadError { field, message }) => (field, message),
            other => panic!("expected invalid_request for {text}, got {other:?}"),
        }
    }

    #[test]
    fn a_record_without_a_name_has_none_after_one_with_it() {
        // Each walk reuses one request and its name buffers: a record that gives no model or
        // project must not keep the last one's, on the quick path (records 2 and 4) or after
        // the exact one (record 3, with an escape).
        let records = [
            r#"{"model":"gpt/4o-mini","project":"search-prod","usage":{"input_tokens":1}}"#,
            r#"{"usage":{"input_tokens":2}}"#,
            r#"{"model":"x\u0041","project":"p"}"#,
            r#"{"project":"q"}"#,
            r#"{"model":"m"}"#,
        ];
        let want = [
            (Some("gpt/4o-mini"), Some("search-prod")),
            (None, None),
            (Some("xA"), Some("p")),
            (None, Some("q")),
            (Some("m"), None),
        ];
        let lines = records.join("\n");
        let array = format!("[{}]", records.join(","));
        for text in [lines.as_str(), array.as_str()] {
            let mut seen = Vec::new();
            for_each_record(text, |r| {
                seen.push((r.model.clone(), r.project.clone()));
                Ok::<(), ()>(())
            })
            .unwrap();
            let want: Vec<_> = want
                .iter()
                .map(|(m, p)| (m.map(String::from), p.map(String::from)))
                .collect();
            assert_eq!(seen, want, "{text}");
            let mut streamed = Vec::new();
            for_each_record_in(text.as_bytes(), |r| {
                streamed.push((r.model.clone(), r.project.clone()));
                Ok::<(), ()>(())
            })
            .unwrap();
            assert_eq!(streamed, want, "{text} as a stream");
        }
    }

    #[test]
    fn an_array_reads_plain_and_other_records_alike() {
        // The first and last are in the quick reader's plain form; the others only the exact
        // reader takes (an escape, a count written 1.0, a fraction in inputs, a null).
        let records = [
            r#"{"model":"a","usage":{"images":2}}"#,
            r#"{"model":"b\u0041","usage":{"images":1.0}}"#,
            r#"{"model":"c","inputs":{"guidance":7.5},"usage":{"seconds":null}}"#,
            r#"{"model":"d","at":"2026-10-01T10:00:00Z"}"#,
        ];
        let from_array = parse_records(&format!("[{}]", records.join(" ,\n "))).unwrap();
        let from_lines = parse_records(&records.join("\n")).unwrap();
        assert_eq!(from_array, from_lines);
        let models: Vec<_> = from_array.iter().map(|r| r.model.as_deref()).collect();
        assert_eq!(models, [Some("a"), Some("bA"), Some("c"), Some("d")]);
        assert_eq!(from_array[0].usage.images, Some(2));
        assert_eq!(from_array[1].usage.images, Some(1));
        assert_eq!(from_array[2].inputs["guidance"], json!(7.5));
        assert_eq!(from_array[2].usage.active_ms, None);
        assert_eq!(parse_records(" [ ] ").unwrap(), []);
    }

    #[test]
    fn a_bad_record_in_an_array_is_named() {
        assert_eq!(
            fault(r#"[{"model":"a"}, {"usage":{"images":-1}}]"#),
            (
                "records[1].usage.images".to_string(),
                "must be a non-negative whole number, not negative".to_string()
            )
        );
        assert_eq!(fault("[{}, 5]").0, "records[1]");
        let mut seen = 0;
        let e = for_each_record("[{}, {}, {}]", |_| {
            seen += 1;
            if seen == 3 {
                Err(ReadError::new("model", "refused"))
            } else {
                Ok(())
            }
        });
        assert_eq!(
            e,
            Err(Stopped::Sink {
                index: 2,
                error: ReadError::new("model", "refused")
            })
        );
    }

    #[test]
    fn malformed_arrays_are_named_by_line_and_column_of_the_whole_text() {
        for (text, at) in [
            // No comma between records: the second starts at line 2, column 2.
            ("[{\"model\":\"a\"}\n {\"model\":\"b\"}]", "line 2 column 2"),
            // Text after the array: the `x` at column 6.
            ("[{}] x", "line 1 column 6"),
            // A record that never closes: the end of the text, line 2 column 9.
            ("[{},\n{\"model\":", "line 2 column 9"),
            // A bad escape in the third record: the `q` of `\q`, line 3 column 13.
            ("[{},\n{},\n{\"model\":\"a\\q\"}]", "line 3 column 13"),
        ] {
            let (field, message) = fault(text);
            assert_eq!(field, "records", "{text}");
            assert!(message.starts_with("malformed JSON: "), "{message}");
            assert!(message.ends_with(at), "{text}: {message}");
        }
        // A number out of range is well-formed to a skimmer: named in its record.
        let (field, message) = fault(r#"[{"usage":{"images":1e400}}]"#);
        assert_eq!(field, "records[0]");
        assert!(
            message.starts_with("malformed JSON: number out of range"),
            "{message}"
        );
    }
}
