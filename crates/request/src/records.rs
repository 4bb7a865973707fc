//! Usage records read from text (JSON lines, or one JSON array), one at a time.

use crate::error::Error;
use crate::request::{exact, fast::Reader, Request};

/// The most records one `usage` call prices (bounded memory and time per call).
pub const MAX_RECORDS: usize = 5_000_000;

/// `invalid_request` at `records` when `count` records are more than [`MAX_RECORDS`]: the
/// one place the limit is checked, by every reader of records.
pub fn check_record_count(count: usize) -> Result<(), Error> {
    if count > MAX_RECORDS {
        return Err(Error::request(
            "records",
            format!("holds more than {MAX_RECORDS} records"),
        ));
    }
    Ok(())
}

/// Reads usage records from text: JSON lines (blank lines skipped) or one JSON array.
/// A fault names the record (`records[3].usage.images`).
pub fn parse_records(text: &str) -> Result<Vec<Request>, Error> {
    let mut records = Vec::new();
    for_each_record(text, |r| {
        records.push(r);
        Ok(())
    })?;
    Ok(records)
}

/// Calls `sink` with each record of `text` (JSON lines, or one JSON array) in order; a fault
/// of the text or of `sink` stops the walk and names the record (`records[3]...`).
pub fn for_each_record(
    text: &str,
    mut sink: impl FnMut(Request) -> Result<(), Error>,
) -> Result<(), Error> {
    each_record(text, &mut sink)
}

// Not generic, so that the whole parser is compiled in this crate, at its opt-level.
fn each_record(
    text: &str,
    sink: &mut dyn FnMut(Request) -> Result<(), Error>,
) -> Result<(), Error> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        return each_in_array(trimmed, sink);
    }
    let mut count = 0usize;
    for (line_no, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        check_record_count(count + 1)?;
        // The record's path is only written if it fails.
        let at = |e: Error| e.within(&format!("records[{count}]"));
        let record = exact::from_text(line).map_err(|e| match at(e) {
            // Name the line of a syntax error: exports are read by line.
            Error::InvalidRequest { field, message } if exact::is_malformed_message(&message) => {
                Error::InvalidRequest {
                    field,
                    message: format!("{message} (line {})", line_no + 1),
                }
            }
            other => other,
        })?;
        sink(record).map_err(at)?;
        count += 1;
    }
    Ok(())
}

/// A JSON array of records, in one pass: each record read by the quick reader, or (one it
/// does not take) by the exact reader alone. Malformed JSON is named with its line and
/// column in the whole text.
fn each_in_array(
    text: &str,
    sink: &mut dyn FnMut(Request) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut reader = Reader::new(text);
    let mut count = 0usize;
    let mut more = reader.open(b'[', b']').ok();
    while more == Some(true) {
        check_record_count(count + 1)?;
        let at = |e: Error| e.within(&format!("records[{count}]"));
        let record = match next_record(&mut reader, text) {
            Ok(r) => r,
            Err(e) => {
                // Malformed JSON is named where it is in the whole text.
                if e.as_ref().is_none_or(exact::is_malformed) {
                    if let Some(m) = malformed_array(text) {
                        return Err(m);
                    }
                }
                return Err(at(
                    e.unwrap_or_else(|| Error::request("$", "malformed JSON"))
                ));
            }
        };
        sink(record).map_err(at)?;
        count += 1;
        more = reader.next(b']').ok();
    }
    if more == Some(false) && reader.at_end() {
        return Ok(());
    }
    Err(malformed_array(text).unwrap_or_else(|| Error::request("records", "malformed JSON")))
}

/// The record at the reader: read quickly, or else skipped over and read by the exact
/// reader alone. `Err(Some)`: the exact reader's error; `Err(None)`: the record does not
/// even close.
fn next_record(reader: &mut Reader<'_>, text: &str) -> Result<Request, Option<Error>> {
    let start = reader.pos();
    if let Ok(r) = reader.request(0, &mut 0) {
        return Ok(r);
    }
    reader.seek(start);
    reader.skip_value().map_err(|_| None)?;
    let record = text.get(start..reader.pos()).ok_or(None)?;
    exact::exact(record).map_err(Some)
}

/// Where JSON text stops being well-formed, as serde_json names it (line and column in the
/// whole text); `None` if it is well-formed after all.
#[cold]
fn malformed_array(text: &str) -> Option<Error> {
    use serde::Deserialize;
    let mut parser = serde_json::Deserializer::from_str(text);
    let e = serde::de::IgnoredAny::deserialize(&mut parser)
        .and_then(|_| parser.end())
        .err()?;
    Some(exact::malformed("records", &e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fault(text: &str) -> (String, String) {
        match parse_records(text) {
            Err(Error::InvalidRequest { field, message }) => (field, message),
            other => panic!("expected invalid_request for {text}, got {other:?}"),
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
                Err(Error::request("model", "refused"))
            } else {
                Ok(())
            }
        });
        assert!(
            matches!(e, Err(Error::InvalidRequest { field, .. }) if field == "records[2].model")
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
