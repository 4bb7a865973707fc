//! A pricing request: the same JSON on every surface (docs/pricing.md, "Requests and results").

pub(crate) mod exact;
pub(crate) mod fast;
mod kind;

pub use kind::Kind;

use crate::error::ReadError;
use crate::time::Timestamp;
use serde_json::{Map, Value};

/// Nesting depth allowed for `downstream` calls (the root is depth 0).
pub const MAX_DOWNSTREAM_DEPTH: usize = 8;

/// The most downstream calls one request may make, at every depth together.
pub const MAX_DOWNSTREAM_CALLS: usize = 1_000;

/// The largest request accepted, in bytes of JSON text (each line of a usage export too).
pub const MAX_REQUEST_BYTES: usize = 1 << 20;

/// The longest model slug accepted, in bytes.
pub const MAX_SLUG_LEN: usize = 200;

/// How a run ended. Decides what a failed run still pays for (docs/pricing.md, "Failed runs").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Status {
    /// The run completed (or, for an estimate, is expected to): everything is billed.
    #[default]
    Succeeded,
    /// The run failed: time-based items are billed for the time run, per-output items are
    /// not, downstream calls made before the failure are billed in full.
    Failed,
    /// Cancelled after it started: billed like a failure (the time it ran).
    Canceled,
}

impl Status {
    /// Whether per-output items are dropped.
    pub fn is_failure(self) -> bool {
        !matches!(self, Status::Succeeded)
    }

    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "succeeded",
            Status::Failed => "failed",
            Status::Canceled => "canceled",
        }
    }
}

/// Measured (or expected) quantities of one run. Absent means "not reported": the engine
/// then uses a documented default and lists it under `assumptions`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Input tokens billed at the plain input rate (cached tokens not included).
    pub input_tokens: Option<u64>,
    /// Output tokens.
    pub output_tokens: Option<u64>,
    /// Input tokens served from the prompt cache, billed at the cached-input rate.
    pub cached_input_tokens: Option<u64>,
    /// Input tokens written to the prompt cache for 5 minutes.
    pub cache_write_5m_tokens: Option<u64>,
    /// Input tokens written to the prompt cache for 1 hour.
    pub cache_write_1h_tokens: Option<u64>,
    /// Image input tokens (where the model prices them apart).
    pub image_input_tokens: Option<u64>,
    /// Audio input tokens (where the model prices them apart).
    pub audio_input_tokens: Option<u64>,
    /// Reasoning tokens (not included in `output_tokens`).
    pub reasoning_tokens: Option<u64>,
    /// Web searches made (billed where the model has a web-search fee).
    pub web_searches: Option<u64>,
    /// Tool calls made (billed where the model has a tool-call fee).
    pub tool_calls: Option<u64>,
    /// Active run time in milliseconds (`seconds` in JSON).
    pub active_ms: Option<u64>,
    /// Setup (boot) time in milliseconds (`setup_seconds`), billed for private deployments.
    pub setup_ms: Option<u64>,
    /// Idle time in milliseconds (`idle_seconds`), billed for private deployments.
    pub idle_ms: Option<u64>,
    /// Images produced.
    pub images: Option<u64>,
    /// Videos produced.
    pub videos: Option<u64>,
    /// Predictions made.
    pub predictions: Option<u64>,
    /// Calls made.
    pub calls: Option<u64>,
}

impl Usage {
    /// Whether no quantity is given (a request without `limits` has an empty one).
    pub fn is_empty(&self) -> bool {
        self.given() == 0
    }

    /// Whether it gives nothing but token counts (of any kind): a per-token call's usage.
    /// Counted field by field (`==` on the whole struct compares every value).
    pub fn is_tokens_only(&self) -> bool {
        let tokens = self.token_counts().iter().filter(|n| n.is_some()).count();
        self.given() == tokens
    }

    /// The reported count of each token kind, in [`Kind::ALL`]'s order: what a per-token
    /// call bills, read at once (a loop over the kinds asking [`Usage::tokens`] of each was a
    /// call per kind in the size-first wasm build).
    #[inline(always)]
    pub fn token_counts(&self) -> [Option<u64>; Kind::ALL.len()] {
        [
            self.cached_input_tokens,
            self.cache_write_5m_tokens,
            self.cache_write_1h_tokens,
            self.image_input_tokens,
            self.audio_input_tokens,
            self.input_tokens,
            self.output_tokens,
            self.reasoning_tokens,
        ]
    }

    /// Every quantity's JSON key, in the order the documentation lists them.
    pub const KEYS: &'static [&'static str] = USAGE_FIELDS;

    /// Sets the quantity keyed `key`; false for an unknown key.
    pub fn set(&mut self, key: &str, value: Option<u64>) -> bool {
        match self.slot(key) {
            Some(slot) => {
                *slot = value;
                true
            }
            None => false,
        }
    }

    /// The reported count of one token kind.
    pub fn tokens(&self, kind: Kind) -> Option<u64> {
        match kind {
            Kind::CachedInput => self.cached_input_tokens,
            Kind::CacheWrite5m => self.cache_write_5m_tokens,
            Kind::CacheWrite1h => self.cache_write_1h_tokens,
            Kind::ImageInput => self.image_input_tokens,
            Kind::AudioInput => self.audio_input_tokens,
            Kind::Input => self.input_tokens,
            Kind::Output => self.output_tokens,
            Kind::Reasoning => self.reasoning_tokens,
        }
    }
}

/// One billed (or to-be-billed) run of a model, with the runs it called.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Request {
    /// The model slug; `None` bills the catalog's default model.
    pub model: Option<String>,
    /// What the caller passes to `media.run(model, inputs)`; the model's billing shape
    /// reads the keys it prices (`duration`, `width`, `quality`, ...), the rest are ignored.
    pub inputs: Map<String, Value>,
    /// Measured or expected quantities.
    pub usage: Usage,
    /// How the run ended.
    pub status: Status,
    /// Models this run called, billed on top of it.
    pub downstream: Vec<Request>,
    /// When the run happened (usage records), which picks the price in force; `None` for
    /// an estimate, priced at the price in force now.
    pub at: Option<Timestamp>,
    /// The service tier asked for (`batch`, `flex`, `priority`); `None` is standard.
    pub service_tier: Option<String>,
    /// The most the job may use of each quantity, keyed as `usage` (`limits.output_tokens`
    /// caps output and reasoning together, `limits.input_tokens` the whole prompt). A limit
    /// makes its quantity open: `usage` is then what is expected, the limit what bounds it.
    pub limits: Usage,
    /// The project the run was billed to (usage records): breakdowns sum spend by it.
    pub project: Option<String>,
}

impl Request {
    /// Makes this a request as `Request::default()` makes it, keeping the downstream list's
    /// room for the next record a reader puts in it.
    pub fn clear(&mut self) {
        self.model = None;
        self.project = None;
        self.clear_keeping_names();
    }

    /// [`Request::clear`] but for `model` and `project`, whose text buffers the readers
    /// reuse (a record's model was an allocation and a free): for a reader that then
    /// sets both or clears them (`fast::read_into`, or the exact reader's whole request).
    pub(crate) fn clear_keeping_names(&mut self) {
        // Field by field: building a default request and moving it in wrote all its bytes
        // twice (a fifth of a record's reading).
        let Request {
            model: _,
            inputs,
            usage,
            status,
            downstream,
            at,
            service_tier,
            limits,
            project: _,
        } = self;
        // (Clearing an empty map still builds and drops an iterator over it.)
        if !inputs.is_empty() {
            inputs.clear();
        }
        *usage = Usage::default();
        *status = Status::default();
        downstream.clear();
        *at = None;
        *service_tier = None;
        *limits = Usage::default();
    }
}

// One table for the fields of a request: both readers match on it, and an unknown field's
// message lists it, so a new field is added here and in the two places that read its value.
macro_rules! request_fields {
    ($($variant:ident => $key:literal),* $(,)?) => {
        /// A field of a request.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum Field {
            $($variant),*
        }

        impl Field {
            /// The field keyed `key` in JSON; `None` for an unknown key.
            pub(crate) fn of(key: &str) -> Option<Field> {
                match key {
                    $($key => Some(Field::$variant),)*
                    _ => None,
                }
            }

            /// A bit of its own, for finding a key given twice.
            pub(crate) fn bit(self) -> u16 {
                1 << (self as u16)
            }
        }

        const REQUEST_FIELDS: &[&str] = &[$($key),*];
    };
}

request_fields! {
    Model => "model",
    Inputs => "inputs",
    Usage => "usage",
    Status => "status",
    Downstream => "downstream",
    At => "at",
    ServiceTier => "service_tier",
    Limits => "limits",
    Id => "id",
    Project => "project",
}

/// The longest project name accepted, in bytes.
pub const MAX_PROJECT_LEN: usize = 200;

/// Sets a text field (`model`, `status`, `at`, `service_tier` or `project`) from its JSON string, with
/// the rule both readers apply; the message of a fault.
pub(crate) fn set_text(r: &mut Request, field: Field, text: &str) -> Result<(), String> {
    let too_long = |max: usize| format!("is longer than {max} bytes");
    // A name: 1 to `max` bytes, written into the slot's buffer when it has one (a reader of
    // many records keeps it).
    let name = |slot: &mut Option<String>, max: usize| match text.len() {
        0 => Err("must not be empty".to_string()),
        n if n > max => Err(too_long(max)),
        _ => {
            match slot {
                Some(s) => {
                    s.clear();
                    s.push_str(text);
                }
                None => *slot = Some(text.to_string()),
            }
            Ok(())
        }
    };
    match field {
        Field::Model => name(&mut r.model, MAX_SLUG_LEN)?,
        Field::Status => {
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
        Field::ServiceTier => {
            if text.len() > 64 {
                return Err(too_long(64));
            }
            r.service_tier = Some(text.to_string());
        }
        Field::Project => name(&mut r.project, MAX_PROJECT_LEN)?,
        Field::At => {
            if text.len() > 64 {
                return Err(too_long(64));
            }
            r.at = Some(
                Timestamp::parse_rfc3339(text)
                    .map_err(|m| format!("must be an RFC 3339 time: {m}"))?,
            );
        }
        // Not text fields: neither reader sends them here.
        Field::Inputs | Field::Usage | Field::Downstream | Field::Limits | Field::Id => {
            return Err("is not a text field".into())
        }
    }
    Ok(())
}

// One table for every quantity: its JSON key and its field (`seconds` is `active_ms`), in the
// order error messages list them. The key list, the reader's slot and `get` come from it.
macro_rules! usage_keys {
    ($($key:literal => $field:ident),* $(,)?) => {
        pub(crate) const USAGE_FIELDS: &[&str] = &[$($key),*];

        // Every field of `Usage` is in the table: this literal must name them all, so a
        // field left out of the table is a build error, not a quantity `given` misses.
        const _: fn() -> Usage = || Usage { $($field: None),* };

        impl Usage {
            /// How many quantities it gives.
            fn given(&self) -> usize {
                0 $(+ usize::from(self.$field.is_some()))*
            }

            /// The field named `key` in JSON; `None` for an unknown key.
            pub(crate) fn slot(&mut self, key: &str) -> Option<&mut Option<u64>> {
                Some(match key {
                    $($key => &mut self.$field,)*
                    _ => return None,
                })
            }

            /// The value of the quantity keyed `key` in JSON (`seconds` in ms).
            pub fn get(&self, key: &str) -> Option<u64> {
                match key {
                    $($key => self.$field,)*
                    _ => None,
                }
            }
        }
    };
}

usage_keys! {
    "input_tokens" => input_tokens,
    "output_tokens" => output_tokens,
    "cached_input_tokens" => cached_input_tokens,
    "cache_write_5m_tokens" => cache_write_5m_tokens,
    "cache_write_1h_tokens" => cache_write_1h_tokens,
    "image_input_tokens" => image_input_tokens,
    "audio_input_tokens" => audio_input_tokens,
    "reasoning_tokens" => reasoning_tokens,
    "seconds" => active_ms,
    "setup_seconds" => setup_ms,
    "idle_seconds" => idle_ms,
    "images" => images,
    "videos" => videos,
    "predictions" => predictions,
    "calls" => calls,
    "web_searches" => web_searches,
    "tool_calls" => tool_calls,
}

impl Request {
    /// A request for `model` with no inputs or usage yet.
    pub fn new(model: &str) -> Self {
        Request {
            model: Some(model.to_string()),
            ..Request::default()
        }
    }

    /// A per-token request: `input` and `output` tokens on `model`.
    pub fn tokens(model: &str, input: u64, output: u64) -> Self {
        let mut r = Request::new(model);
        r.usage.input_tokens = Some(input);
        r.usage.output_tokens = Some(output);
        r
    }

    /// Parses a request from JSON text, naming the field of a fault (where there are several,
    /// the first with keys in sorted order, as in [`Request::from_value`]).
    pub fn from_json(text: &str) -> Result<Self, ReadError> {
        exact::from_text(text)
    }

    /// Reads `text` into this request, which becomes what [`Request::from_json`] would make
    /// of it, reusing its buffers (the model's and the project's text): for a caller that
    /// reads many requests one after another. On an error it holds parts of this text and of
    /// the request before: read it again (or [`Request::clear`] it) before using it.
    pub fn read_json(&mut self, text: &str) -> Result<(), ReadError> {
        self.clear_keeping_names();
        exact::read_into(text, self)
    }

    /// [`Request::from_json`] by the exact reader alone, without the quick one that takes
    /// the plain forms first: for the tests and the fuzz target that check the two agree.
    #[doc(hidden)]
    pub fn from_json_exact(text: &str) -> Result<Self, ReadError> {
        exact::exact(text)
    }

    /// Reads a request from a JSON value, naming the field of the first fault. Its compact JSON
    /// text must be within [`MAX_REQUEST_BYTES`], as text must.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        exact::from_value(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn says_what_a_usage_gives() {
        let mut u = Usage::default();
        assert!(u.is_empty() && u.is_tokens_only());
        u.output_tokens = Some(0);
        assert!(!u.is_empty() && u.is_tokens_only());
        u.input_tokens = Some(12);
        u.cached_input_tokens = Some(3);
        assert!(u.is_tokens_only());
        // Every token kind keeps it tokens only; every other quantity does not.
        for key in Usage::KEYS {
            let mut more = u;
            assert!(more.set(key, Some(0)), "{key}");
            assert_eq!(more.is_tokens_only(), key.ends_with("_tokens"), "{key}");
            let mut alone = Usage::default();
            alone.set(key, Some(1));
            assert!(!alone.is_empty(), "{key}");
        }
        // 8 token kinds of the 17 quantities.
        assert_eq!(
            Usage::KEYS
                .iter()
                .filter(|k| k.ends_with("_tokens"))
                .count(),
            8
        );
        assert_eq!(Usage::KEYS.len(), 17);
    }

    /// Each kind's count at its place in `Kind::ALL`, set by its own key.
    #[test]
    fn token_counts_are_in_the_kinds_order() {
        let mut u = Usage::default();
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            assert!(u.set(kind.item(), Some(100 + i as u64)));
        }
        assert_eq!(
            u.token_counts(),
            [100, 101, 102, 103, 104, 105, 106, 107].map(Some)
        );
        u.input_tokens = None;
        assert_eq!(u.token_counts()[5], None);
        assert_eq!(u.token_counts()[6], Some(106));
    }

    #[test]
    fn one_request_read_again_and_again_is_each_text_whole() {
        // Each text read into one kept request gives what a fresh read gives: nothing of the
        // request before it stays (a model, a project, limits, inputs, downstream calls, a
        // status), by the quick reader and by the exact one (the escape and the null).
        // A plain text follows each of the others, so that what the quick reader does not
        // overwrite (usage, `at`, inputs, downstream calls) is seen if it stays.
        let texts = [
            r#"{"model":"gpt/4o","project":"p1","at":"2026-05-01T12:00:00Z","usage":{"input_tokens":1001,"output_tokens":999}}"#,
            r#"{"model":"gpt/4o"}"#,
            r#"{"usage":{"input_tokens":5}}"#,
            r#"{"model":"a\u002fb","limits":{"output_tokens":10},"status":"failed","service_tier":"batch"}"#,
            r#"{"model":"gpt/4o"}"#,
            r#"{"model":"gpt/4o","inputs":{"size":"1024x1024","n":2},"downstream":[{"model":"x"}]}"#,
            r#"{"model":"claude/opus-4-7","usage":{"output_tokens":7}}"#,
            r#"{"model":null,"project":"p2"}"#,
        ];
        let mut kept = Request::default();
        for text in texts {
            kept.read_json(text).unwrap();
            assert_eq!(kept, Request::from_json(text).unwrap(), "{text}");
        }
        // A fault is named as a fresh read names it, and the next text reads whole again.
        let bad = r#"{"model":"gpt/4o","usage":{"input_tokens":-1}}"#;
        assert_eq!(kept.read_json(bad).unwrap_err().field, "usage.input_tokens");
        kept.read_json(texts[2]).unwrap();
        assert_eq!(kept, Request::from_json(texts[2]).unwrap());
        assert_eq!(kept.model, None);
    }

    fn field_of(v: Value) -> String {
        Request::from_value(&v).unwrap_err().field
    }

    #[test]
    fn a_list_names_the_item_at_fault() {
        let list = Request::list_from_json(r#"[{"model": "a"}, {"model": "b"}]"#).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].model.as_deref(), Some("b"));
        let e = Request::list_from_json(r#"[{}, {"usage": {"input_tokens": -1}}]"#).unwrap_err();
        assert_eq!(e.field, "[1].usage.input_tokens");
        assert_eq!(Request::list_from_json("[{}, 5]").unwrap_err().field, "[1]");
        let e = Request::list_from_json(r#"{"model": "a"}"#).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("$", "must be an array of requests, not an object")
        );
    }

    #[test]
    fn parses_the_spec_example() {
        let r = Request::from_value(&json!({
            "model": "google/veo-3-t2v",
            "inputs": { "prompt": "...", "duration": 5, "generate_audio": true },
            "usage": { "input_tokens": 0, "output_tokens": 0, "seconds": 0, "images": 1,
                       "setup_seconds": 0, "idle_seconds": 0 },
            "status": "succeeded",
            "downstream": [ { "model": "gpt/4o", "usage": { } } ]
        }))
        .unwrap();
        assert_eq!(r.model.as_deref(), Some("google/veo-3-t2v"));
        assert_eq!(r.usage.images, Some(1));
        assert_eq!(r.usage.active_ms, Some(0));
        assert_eq!(r.downstream.len(), 1);
        assert_eq!(r.inputs["duration"], json!(5));
    }

    #[test]
    fn faults_name_their_field() {
        assert_eq!(
            field_of(json!({"usage": {"input_tokens": -1}})),
            "usage.input_tokens"
        );
        assert_eq!(
            field_of(json!({"usage": {"input_token": 5}})),
            "usage.input_token"
        );
        assert_eq!(
            field_of(json!({"usage": {"seconds": "5"}})),
            "usage.seconds"
        );
        assert_eq!(field_of(json!({"model": 5})), "model");
        assert_eq!(field_of(json!({"model": ""})), "model");
        assert_eq!(field_of(json!({"status": "done"})), "status");
        assert_eq!(field_of(json!({"at": "yesterday"})), "at");
        assert_eq!(field_of(json!([1])), "$");
        assert_eq!(
            field_of(json!({"downstream": [{}, {"usage": {"images": 1.5}}]})),
            "downstream[1].usage.images"
        );
    }

    /// A value is held to the size limit of its compact text: `{"inputs":{"p":"` (16 bytes),
    /// the prompt, then `"},"model":"gpt/4o"}` (20 bytes).
    #[test]
    fn a_value_is_held_to_the_size_limit_of_its_text() {
        let with_prompt = |n: usize| json!({"model": "gpt/4o", "inputs": {"p": "x".repeat(n)}});
        let at_limit = with_prompt(MAX_REQUEST_BYTES - 36);
        assert_eq!(at_limit.to_string().len(), MAX_REQUEST_BYTES);
        let r = Request::from_value(&at_limit).unwrap();
        assert_eq!(
            r.inputs["p"].as_str().map(str::len),
            Some(MAX_REQUEST_BYTES - 36)
        );
        let e = Request::from_value(&with_prompt(MAX_REQUEST_BYTES - 35)).unwrap_err();
        assert_eq!(e.field, "$");
        assert!(e.message.contains("larger than"), "{}", e.message);
    }

    #[test]
    fn of_several_faults_the_first_in_sorted_key_order_is_named() {
        let text = r#"{"usage": {"images": -1}, "model": 5}"#;
        for read in [
            Request::from_json(text),
            Request::from_value(&serde_json::from_str(text).unwrap()),
        ] {
            assert_eq!(read.unwrap_err().field, "model");
        }
    }

    #[test]
    fn get_and_set_agree_on_every_key() {
        for (i, key) in Usage::KEYS.iter().enumerate() {
            let mut u = Usage::default();
            assert!(u.set(key, Some(i as u64 + 1)), "{key}");
            assert_eq!(u.get(key), Some(i as u64 + 1), "{key}");
            // Only that quantity is set.
            let others = Usage::KEYS.iter().filter(|k| u.get(k).is_some()).count();
            assert_eq!(others, 1, "{key}");
        }
        assert_eq!(Usage::default().get("nope"), None);
    }

    #[test]
    fn downstream_depth_is_limited_to_eight() {
        let mut v = json!({"model": "gpt/4o"});
        for _ in 0..MAX_DOWNSTREAM_DEPTH {
            v = json!({"model": "gpt/4o", "downstream": [v]});
        }
        assert!(Request::from_value(&v).is_ok(), "depth 8 is allowed");
        let v = json!({"model": "gpt/4o", "downstream": [v]});
        let field = field_of(v);
        assert!(field.ends_with("downstream"), "{field}");
        assert_eq!(field.matches("downstream").count(), 9);
    }
}
