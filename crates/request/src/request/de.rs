//! Reading a request straight from any serde `Deserializer` (JSON text, or a `&Value`)
//! without building an intermediate `Value`: a usage export is mostly parsing, and the
//! intermediate tree cost more than the pricing.
//!
//! A fault is stored in `Fault` with its field path and the walk stops with an opaque serde
//! error; the caller then returns the stored `Error`. Any other serde error is malformed JSON.

use super::{
    Request, Status, Usage, MAX_DOWNSTREAM_CALLS, MAX_DOWNSTREAM_DEPTH, MAX_REQUEST_BYTES,
    MAX_SLUG_LEN, REQUEST_FIELDS, USAGE_FIELDS,
};
use crate::error::Error;
use crate::json::{index, join};
use crate::time::Timestamp;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::RefCell;
use std::fmt;

/// Where the first fault is kept while serde unwinds, and how many downstream calls the
/// request being read has so far (at any depth).
#[derive(Default)]
pub(crate) struct Fault(RefCell<Option<Error>>, std::cell::Cell<usize>);

impl Fault {
    #[cold]
    #[inline(never)]
    fn fail<E: de::Error>(&self, error: Error) -> E {
        *self.0.borrow_mut() = Some(error);
        E::custom("tariff fault")
    }

    /// Counts one more downstream call; false past [`MAX_DOWNSTREAM_CALLS`].
    fn one_more_call(&self) -> bool {
        let n = self.1.get() + 1;
        self.1.set(n);
        n <= MAX_DOWNSTREAM_CALLS
    }

    fn prefix(&self, path: &str) {
        let mut slot = self.0.borrow_mut();
        if let Some(e) = slot.take() {
            *slot = Some(e.within(path));
        }
    }

    /// The stored fault, or the serde error as malformed JSON at `path`.
    pub(crate) fn into_error(self, serde_error: impl fmt::Display, path: &str) -> Error {
        self.0.into_inner().unwrap_or_else(|| {
            Error::request(
                if path.is_empty() { "$" } else { path },
                format!("malformed JSON: {serde_error}"),
            )
        })
    }
}

fn at(path: &str) -> &str {
    if path.is_empty() {
        "$"
    } else {
        path
    }
}

/// Where a value sits in the request, as a chain on the stack: written out as text
/// (`downstream[0].usage`) only when a fault names it, so a valid record allocates no paths.
#[derive(Clone, Copy)]
pub(crate) enum Path<'a> {
    /// The request itself.
    Root,
    /// A field of an object.
    Key(&'a Path<'a>, &'static str),
    /// An element of an array.
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// The path as text; `""` for the root.
    #[cold]
    fn text(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Key(parent, key) => join(&parent.text(), key),
            Path::Index(parent, i) => index(&parent.text(), *i),
        }
    }

    /// The text of a field of this value.
    #[cold]
    fn field(&self, key: &str) -> String {
        join(&self.text(), key)
    }
}

/// A JSON value where a scalar is expected; containers are skipped and only named.
enum Scalar {
    Null,
    Num(Value),
    Bool,
    Str,
    Other(&'static str),
}

impl Scalar {
    fn type_name(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Num(_) => "a number",
            Scalar::Bool => "a boolean",
            Scalar::Str => "a string",
            Scalar::Other(t) => t,
        }
    }
}

struct ScalarSeed;

impl<'de> DeserializeSeed<'de> for ScalarSeed {
    type Value = Scalar;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool)
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Num(Value::from(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Num(Value::from(v)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Num(Value::from(v)))
    }
    fn visit_str<E>(self, _: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other("an object"))
    }
}

/// Keys are matched as borrowed text; only an unknown key is copied (for its error).
enum Key {
    Known(&'static str),
    Unknown(String),
}

struct KeySeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_any(self)
    }
}

/// Every `visit_*` a visitor does not take is answered here, with a message that never
/// formats the value: serde's default (`invalid type: floating point 1.5`) would pull the
/// float formatter into the wasm build.
macro_rules! refuse_others {
    ($what:literal; $($name:ident($t:ty)),*) => {
        $(#[cold]
        #[inline(never)]
        fn $name<E: de::Error>(self, _: $t) -> Result<Self::Value, E> {
            Err(E::custom(concat!("expected ", $what)))
        })*
    };
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(match self.0.iter().find(|k| **k == v) {
            Some(k) => Key::Known(k),
            None => Key::Unknown(v.to_string()),
        })
    }
    refuse_others!("a field name"; visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64));
}

/// Reads one request at `path`, `depth` levels below the root.
pub(crate) struct RequestSeed<'a> {
    pub(crate) path: Path<'a>,
    pub(crate) depth: usize,
    pub(crate) fault: &'a Fault,
}

impl<'de> DeserializeSeed<'de> for RequestSeed<'_> {
    type Value = Request;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Request, D::Error> {
        d.deserialize_any(self)
    }
}

#[cold]
#[inline(never)]
fn not_object<E: de::Error>(seed: &RequestSeed, kind: &str) -> E {
    seed.fault.fail(Error::request(
        at(&seed.path.text()),
        format!("must be an object, not {kind}"),
    ))
}

impl<'de> Visitor<'de> for RequestSeed<'_> {
    type Value = Request;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a request object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Request, A::Error> {
        let mut r = Request::default();
        let fault = self.fault;
        let path = &self.path;
        while let Some(key) = map.next_key_seed(KeySeed(REQUEST_FIELDS))? {
            let key = match key {
                Key::Known(k) => k,
                Key::Unknown(k) => {
                    return Err(fault.fail(Error::request(
                        path.field(&k),
                        format!(
                            "unknown field; expected one of: {}",
                            REQUEST_FIELDS.join(", ")
                        ),
                    )))
                }
            };
            match key {
                "usage" => {
                    r.usage = map.next_value_seed(UsageSeed {
                        path: Path::Key(path, "usage"),
                        fault,
                    })?
                }
                "downstream" => {
                    r.downstream = map.next_value_seed(DownstreamSeed {
                        path: Path::Key(path, "downstream"),
                        depth: self.depth,
                        fault,
                    })?
                }
                "inputs" => match map.next_value::<Value>()? {
                    Value::Null => {}
                    Value::Object(m) => r.inputs = m,
                    other => {
                        return Err(fault.fail(Error::request(
                            path.field("inputs"),
                            format!("must be an object, not {}", crate::json::type_name(&other)),
                        )))
                    }
                },
                "id" => {
                    // The caller's own id: accepted so exports price as they are, never read.
                    map.next_value::<IgnoredAny>()?;
                }
                _ => map.next_value_seed(TextSeed {
                    key,
                    request: &mut r,
                    path,
                    fault,
                })?,
            }
        }
        Ok(r)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Request, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Err(not_object(&self, "an array"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Request, E> {
        Err(not_object(&self, "a string"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Request, E> {
        Err(not_object(&self, "a boolean"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Request, E> {
        Err(not_object(&self, "a number"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Request, E> {
        Err(not_object(&self, "a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Request, E> {
        Err(not_object(&self, "a number"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Request, E> {
        Err(not_object(&self, "null"))
    }
}

/// A string-valued field of a request (`model`, `status`, `at`, `service_tier`), read from the borrowed
/// text: only the model's slug is copied.
struct TextSeed<'a, 'p> {
    key: &'static str,
    request: &'a mut Request,
    path: &'a Path<'p>,
    fault: &'a Fault,
}

impl<'de> DeserializeSeed<'de> for TextSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl TextSeed<'_, '_> {
    #[cold]
    #[inline(never)]
    fn wrong<E: de::Error>(&self, kind: &str) -> E {
        self.fault.fail(Error::request(
            self.path.field(self.key),
            format!("must be a string, not {kind}"),
        ))
    }
}

impl<'de> Visitor<'de> for TextSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        apply_text(self.request, self.key, v).map_err(|m| {
            self.fault
                .fail(Error::request(self.path.field(self.key), m))
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(self.wrong("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(self.wrong("an object"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(self.wrong("a boolean"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(self.wrong("a number"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(self.wrong("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(self.wrong("a number"))
    }
}

/// Sets `model`, `status`, `at` or `service_tier` from its text; the message of a fault.
fn apply_text(r: &mut Request, key: &str, text: &str) -> Result<(), String> {
    let too_long = |max: usize| format!("is longer than {max} bytes");
    match key {
        "model" => {
            if text.is_empty() {
                return Err("must not be empty".into());
            }
            if text.len() > MAX_SLUG_LEN {
                return Err(too_long(MAX_SLUG_LEN));
            }
            r.model = Some(text.to_string());
        }
        "status" => {
            r.status = match text {
                "succeeded" => Status::Succeeded,
                "failed" => Status::Failed,
                "canceled" | "cancelled" => Status::Canceled,
                _ if text.len() > 32 => return Err(too_long(32)),
                other => {
                    return Err(format!(
                        "must be \"succeeded\", \"failed\" or \"canceled\", not {other:?}"
                    ))
                }
            }
        }
        "service_tier" => {
            if text.len() > 64 {
                return Err(too_long(64));
            }
            r.service_tier = Some(text.to_string());
        }
        _ => {
            if text.len() > 64 {
                return Err(too_long(64));
            }
            r.at = Some(
                Timestamp::parse_rfc3339(text)
                    .map_err(|m| format!("must be an RFC 3339 time: {m}"))?,
            );
        }
    }
    Ok(())
}

struct UsageSeed<'a> {
    path: Path<'a>,
    fault: &'a Fault,
}

impl<'de> DeserializeSeed<'de> for UsageSeed<'_> {
    type Value = Usage;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Usage, D::Error> {
        d.deserialize_any(self)
    }
}

impl UsageSeed<'_> {
    #[cold]
    #[inline(never)]
    fn wrong<E: de::Error>(&self, kind: &str) -> E {
        self.fault.fail(Error::request(
            self.path.text(),
            format!("must be an object, not {kind}"),
        ))
    }
}

/// The `visit_*` methods of a visitor that takes one kind of container: every other JSON
/// type is `self.wrong(<its name>)`.
macro_rules! wrong_types {
    () => {
        #[cold]
        #[inline(never)]
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Err(self.wrong("a string"))
        }
        #[cold]
        #[inline(never)]
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Err(self.wrong("a boolean"))
        }
        #[cold]
        #[inline(never)]
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(self.wrong("a number"))
        }
        #[cold]
        #[inline(never)]
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(self.wrong("a number"))
        }
        #[cold]
        #[inline(never)]
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(self.wrong("a number"))
        }
    };
}

impl<'de> Visitor<'de> for UsageSeed<'_> {
    type Value = Usage;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a usage object")
    }
    fn visit_unit<E>(self) -> Result<Usage, E> {
        Ok(Usage::default())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Usage, A::Error> {
        let mut u = Usage::default();
        while let Some(key) = map.next_key_seed(KeySeed(USAGE_FIELDS))? {
            let key = match key {
                Key::Known(k) => k,
                Key::Unknown(k) => {
                    return Err(self.fault.fail(Error::request(
                        self.path.field(&k),
                        format!(
                            "unknown field; expected one of: {}",
                            USAGE_FIELDS.join(", ")
                        ),
                    )))
                }
            };
            let value = match map.next_value_seed(ScalarSeed)? {
                Scalar::Null => continue,
                Scalar::Num(n) => n,
                other => Value::String(other.type_name().to_string()),
            };
            let is_time = matches!(key, "seconds" | "setup_seconds" | "idle_seconds");
            let read = if value.is_number() {
                if is_time {
                    crate::json::seconds_to_millis(&value)
                } else {
                    crate::json::count(&value)
                }
            } else {
                // `value` holds the type name of what was given.
                let given = value.as_str().unwrap_or("something else");
                Err(if is_time {
                    format!("must be a number of seconds, not {given}")
                } else {
                    format!("must be a non-negative whole number, not {given}")
                })
            };
            let n = read.map_err(|m| self.fault.fail(Error::request(self.path.field(key), m)))?;
            let slot = match key {
                "input_tokens" => &mut u.input_tokens,
                "output_tokens" => &mut u.output_tokens,
                "cached_input_tokens" => &mut u.cached_input_tokens,
                "cache_write_5m_tokens" => &mut u.cache_write_5m_tokens,
                "cache_write_1h_tokens" => &mut u.cache_write_1h_tokens,
                "image_input_tokens" => &mut u.image_input_tokens,
                "audio_input_tokens" => &mut u.audio_input_tokens,
                "reasoning_tokens" => &mut u.reasoning_tokens,
                "web_searches" => &mut u.web_searches,
                "tool_calls" => &mut u.tool_calls,
                "seconds" => &mut u.active_ms,
                "setup_seconds" => &mut u.setup_ms,
                "idle_seconds" => &mut u.idle_ms,
                "images" => &mut u.images,
                "videos" => &mut u.videos,
                "predictions" => &mut u.predictions,
                _ => &mut u.calls,
            };
            *slot = Some(n);
        }
        Ok(u)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Usage, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Err(self.wrong("an array"))
    }
    wrong_types!();
}

struct DownstreamSeed<'a> {
    path: Path<'a>,
    depth: usize,
    fault: &'a Fault,
}

impl<'de> DeserializeSeed<'de> for DownstreamSeed<'_> {
    type Value = Vec<Request>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Vec<Request>, D::Error> {
        d.deserialize_any(self)
    }
}

impl DownstreamSeed<'_> {
    #[cold]
    #[inline(never)]
    fn wrong<E: de::Error>(&self, kind: &str) -> E {
        self.fault.fail(Error::request(
            self.path.text(),
            format!("must be an array, not {kind}"),
        ))
    }
}

impl<'de> Visitor<'de> for DownstreamSeed<'_> {
    type Value = Vec<Request>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of requests")
    }
    fn visit_unit<E>(self) -> Result<Vec<Request>, E> {
        Ok(Vec::new())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Request>, A::Error> {
        let mut out = Vec::new();
        loop {
            let child = RequestSeed {
                path: Path::Index(&self.path, out.len()),
                depth: self.depth + 1,
                fault: self.fault,
            };
            if out.is_empty() && self.depth >= MAX_DOWNSTREAM_DEPTH {
                // Deeper than allowed only if there is an element at all.
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    return Ok(out);
                }
                return Err(self.fault.fail(Error::request(
                    self.path.text(),
                    format!("nests deeper than {MAX_DOWNSTREAM_DEPTH} levels"),
                )));
            }
            match seq.next_element_seed(child)? {
                Some(r) => {
                    if !self.fault.one_more_call() {
                        return Err(self.fault.fail(Error::request(
                            index(&self.path.text(), out.len()),
                            format!(
                                "is one downstream call too many: a request may make at most \
                                 {MAX_DOWNSTREAM_CALLS} in all"
                            ),
                        )));
                    }
                    out.push(r);
                }
                None => return Ok(out),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<Request>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Err(self.wrong("an object"))
    }
    wrong_types!();
}

/// Reads a JSON array of requests, handing each to `sink` as soon as it is read
/// (`records[i]` paths on faults).
pub(crate) struct RecordsSeed<'a> {
    pub(crate) fault: &'a Fault,
    pub(crate) max: usize,
    pub(crate) sink: &'a mut dyn FnMut(Request) -> Result<(), Error>,
}

impl<'de> DeserializeSeed<'de> for RecordsSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordsSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of usage records")
    }
    refuse_others!("an array of usage records"; visit_bool(bool), visit_i64(i64), visit_u64(u64),
        visit_f64(f64), visit_str(&str));
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom("expected an array of usage records"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom("expected an array of usage records"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut count = 0usize;
        loop {
            if count >= self.max {
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    return Ok(());
                }
                return Err(self.fault.fail(Error::request(
                    "records",
                    format!("holds more than {} records", self.max),
                )));
            }
            let seed = RequestSeed {
                path: Path::Root,
                depth: 0,
                fault: self.fault,
            };
            match seq.next_element_seed(seed) {
                Ok(Some(r)) => {
                    self.fault.1.set(0);
                    if let Err(e) = (self.sink)(r) {
                        return Err(self.fault.fail(e.within(&format!("records[{count}]"))));
                    }
                    count += 1;
                }
                Ok(None) => return Ok(()),
                Err(e) => {
                    // The record's path is only written if it fails.
                    self.fault.prefix(&format!("records[{count}]"));
                    return Err(e);
                }
            }
        }
    }
}

/// Parses `text` as one request.
pub(crate) fn from_text(text: &str) -> Result<Request, Error> {
    if text.len() > MAX_REQUEST_BYTES {
        return Err(Error::request(
            "$",
            format!("is larger than {MAX_REQUEST_BYTES} bytes of JSON"),
        ));
    }
    let fault = Fault::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = RequestSeed {
        path: Path::Root,
        depth: 0,
        fault: &fault,
    };
    match seed.deserialize(&mut de).and_then(|r| de.end().map(|()| r)) {
        Ok(r) => Ok(r),
        Err(e) => Err(fault.into_error(e, "")),
    }
}

/// Reads a request from an already parsed JSON value: through its text, so that one parser
/// (one instantiation of the seeds, which keeps the wasm build small) reads every request.
/// Keys then come in the value's (sorted) order.
pub(crate) fn from_value(value: &Value) -> Result<Request, Error> {
    let text = serde_json::to_string(value)
        .map_err(|e| Error::request("$", format!("cannot read the value: {e}")))?;
    from_text(&text)
}
