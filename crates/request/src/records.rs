//! Usage records read from text (JSON lines, or one JSON array), one at a time.

use crate::error::Error;
use crate::request::Request;

/// The most records one `usage` call prices (bounded memory and time per call).
pub const MAX_RECORDS: usize = 5_000_000;

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
        use serde::de::DeserializeSeed;
        let fault = crate::request::de::Fault::default();
        let mut de = serde_json::Deserializer::from_str(trimmed);
        let seed = crate::request::de::RecordsSeed {
            fault: &fault,
            max: MAX_RECORDS,
            sink,
        };
        return seed
            .deserialize(&mut de)
            .and_then(|()| de.end())
            .map_err(|e| fault.into_error(e, "records"));
    }
    let mut count = 0usize;
    for (line_no, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if count >= MAX_RECORDS {
            return Err(Error::request(
                "records",
                format!("holds more than {MAX_RECORDS} records"),
            ));
        }
        // The record's path is only written if it fails.
        let at = |e: Error| e.within(&format!("records[{count}]"));
        let record = crate::request::de::from_text(line).map_err(|e| match at(e) {
            // Name the line of a syntax error: exports are read by line.
            Error::InvalidRequest { field, message } if message.starts_with("malformed JSON") => {
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
