//! The exact reader: any request, from JSON text, or the error that names the field of its
//! first fault (keys in sorted order). The quick reader (`fast`) takes the plain forms first;
//! this one takes the rest and every error, so it is written for clarity and size, not speed:
//! one walk over the borrowed tree (`json::Json`) whose parser the catalog needs anyway (a
//! serde visitor for requests made the wasm package much larger).

use super::{
    set_text, Field, Request, Usage, MAX_DOWNSTREAM_CALLS, MAX_DOWNSTREAM_DEPTH, MAX_REQUEST_BYTES,
    REQUEST_FIELDS, USAGE_FIELDS,
};
use crate::error::ReadError;
use crate::json::{count, fields, index, join, owned_map, parse_tree, seconds_to_millis};
use crate::json::{type_name, Json};
use serde_json::Value;

/// Parses `text` as one request: by the quick reader if it is in the plain form, else by
/// the exact one.
pub(crate) fn from_text(text: &str) -> Result<Request, ReadError> {
    let mut r = Request::default();
    read_into(text, &mut r)?;
    Ok(r)
}

/// [`from_text`] into `r`, a request as `Request::default()` makes it or
/// `Request::clear_keeping_names` leaves it (a reader of many records reuses one); on an
/// error `r` is left part-read.
pub(crate) fn read_into(text: &str, r: &mut Request) -> Result<(), ReadError> {
    if text.len() > MAX_REQUEST_BYTES {
        return Err(ReadError::new(
            "$",
            format!("is larger than {MAX_REQUEST_BYTES} bytes of JSON"),
        ));
    }
    if !super::fast::read_into(text, r) {
        *r = exact(text)?;
    }
    Ok(())
}

/// The exact reader on text (no size limit): malformed JSON is an error at `$`.
pub(crate) fn exact(text: &str) -> Result<Request, ReadError> {
    let tree = parse_tree(text).map_err(|e| malformed("$", &e))?;
    read_request(&tree, "", 0, &mut 0)
}

/// The error for JSON text serde_json could not parse.
#[cold]
pub(crate) fn malformed(field: &str, e: &serde_json::Error) -> ReadError {
    ReadError::new(field, format!("malformed JSON: {e}"))
}

/// Whether `e` is [`malformed`]'s.
pub(crate) fn is_malformed(e: &ReadError) -> bool {
    is_malformed_message(&e.message)
}

/// Whether an `invalid_request` message is [`malformed`]'s.
pub(crate) fn is_malformed_message(message: &str) -> bool {
    message.starts_with("malformed JSON")
}

/// Reads a request from a parsed JSON value as its compact JSON text (what JavaScript's
/// `JSON.stringify` writes) is read, with the size limit of text: at most
/// [`MAX_REQUEST_BYTES`].
pub(crate) fn from_value(value: &Value) -> Result<Request, ReadError> {
    /// The text written, refusing any byte past the limit (which ends the writing): the value
    /// is written once, and never at more than the limit's size.
    struct Limited(Vec<u8>);
    impl std::io::Write for Limited {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0.len().saturating_add(buf.len()) > MAX_REQUEST_BYTES {
                return Err(std::io::ErrorKind::FileTooLarge.into());
            }
            self.0.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut text = Limited(Vec::new());
    if serde_json::to_writer(&mut text, value).is_err() {
        return Err(ReadError::new(
            "$",
            format!("is larger than {MAX_REQUEST_BYTES} bytes of JSON"),
        ));
    }
    // serde_json writes UTF-8; were it not, the exact reader would name it as malformed.
    exact(&String::from_utf8_lossy(&text.0))
}

/// `path` or, for the root, `$`.
fn at(path: &str) -> &str {
    if path.is_empty() {
        "$"
    } else {
        path
    }
}

#[cold]
fn unknown(path: &str, key: &str, expected: &[&str]) -> ReadError {
    ReadError::new(
        join(path, key),
        format!("unknown field; expected one of: {}", expected.join(", ")),
    )
}

#[cold]
fn wrong_type(field: &str, want: &str, v: &Json) -> ReadError {
    ReadError::new(field, format!("must be {want}, not {}", type_name(v)))
}

/// One request at `path` (`""` for the root), `depth` calls below the root; `calls` counts
/// the downstream calls read so far at every depth.
fn read_request(
    v: &Json,
    path: &str,
    depth: usize,
    calls: &mut usize,
) -> Result<Request, ReadError> {
    let Json::Object(map) = v else {
        return Err(wrong_type(at(path), "an object", v));
    };
    let mut r = Request::default();
    for (key, value) in fields(map) {
        let Some(field) = Field::of(key) else {
            return Err(unknown(path, key, REQUEST_FIELDS));
        };
        match field {
            Field::Usage => r.usage = read_usage(value, &join(path, key))?,
            Field::Limits => r.limits = read_usage(value, &join(path, key))?,
            Field::Downstream => {
                r.downstream = read_downstream(value, &join(path, key), depth, calls)?
            }
            Field::Inputs => match value {
                Json::Null => {}
                Json::Object(m) => r.inputs = owned_map(m),
                other => return Err(wrong_type(&join(path, key), "an object", other)),
            },
            // The caller's own id: accepted so exports price as they are, never read.
            Field::Id => {}
            Field::Model | Field::Status | Field::At | Field::ServiceTier | Field::Project => {
                match value {
                    Json::Null => {}
                    Json::Str(text) => set_text(&mut r, field, text)
                        .map_err(|m| ReadError::new(join(path, key), m))?,
                    other => return Err(wrong_type(&join(path, key), "a string", other)),
                }
            }
        }
    }
    Ok(r)
}

fn read_usage(v: &Json, path: &str) -> Result<Usage, ReadError> {
    let map = match v {
        Json::Null => return Ok(Usage::default()),
        Json::Object(m) => m,
        other => return Err(wrong_type(path, "an object", other)),
    };
    let mut u = Usage::default();
    for (key, value) in fields(map) {
        let Some(slot) = u.slot(key) else {
            return Err(unknown(path, key, USAGE_FIELDS));
        };
        if value.is_null() {
            continue;
        }
        let read = if key.ends_with("seconds") {
            seconds_to_millis(value)
        } else {
            count(value)
        };
        *slot = Some(read.map_err(|m| ReadError::new(join(path, key), m))?);
    }
    Ok(u)
}

fn read_downstream(
    v: &Json,
    path: &str,
    depth: usize,
    calls: &mut usize,
) -> Result<Vec<Request>, ReadError> {
    let items = match v {
        Json::Null => return Ok(Vec::new()),
        Json::Array(items) => items,
        other => return Err(wrong_type(path, "an array", other)),
    };
    if !items.is_empty() && depth >= MAX_DOWNSTREAM_DEPTH {
        return Err(ReadError::new(
            path,
            format!("nests deeper than {MAX_DOWNSTREAM_DEPTH} levels"),
        ));
    }
    let mut out = Vec::with_capacity(items.len().min(MAX_DOWNSTREAM_CALLS));
    for (i, item) in items.iter().enumerate() {
        let child = read_request(item, &index(path, i), depth + 1, calls)?;
        *calls += 1;
        if *calls > MAX_DOWNSTREAM_CALLS {
            return Err(ReadError::new(
                index(path, i),
                format!(
                    "is one downstream call too many: a request may make at most \
                     {MAX_DOWNSTREAM_CALLS} in all"
                ),
            ));
        }
        out.push(child);
    }
    Ok(out)
}
