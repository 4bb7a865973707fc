//! The one error type of the engine. Every fault is a value with a stable code; each
//! boundary (CLI, wasm) converts it once. A request that cannot be read comes from the
//! request crate as a `ReadError` (a field and a message) and becomes `invalid_request` here.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// Every way a pricing call can fail. The `code()` strings are part of the contract.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The catalog is not valid; `path` is the JSON path of the first fault (`models[3].billing.input`).
    #[error("invalid catalog at {path}: {message}")]
    InvalidCatalog {
        /// JSON path of the first fault.
        path: String,
        /// What is wrong there.
        message: String,
    },
    /// The request (or usage record, or budget) is not valid; `field` names it (`usage.seconds`).
    #[error("invalid request: {field}: {message}")]
    InvalidRequest {
        /// The offending field, as a path into the request.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// No model of the catalog has this slug.
    #[error("unknown model {model:?}{}", did_you_mean(.suggestions))]
    UnknownModel {
        /// Where the slug was given (`model`, `downstream[0].model`).
        field: String,
        /// The slug asked for.
        model: String,
        /// Every slug of the catalog, sorted.
        available: Vec<String>,
        /// The nearest slugs, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// A conditional input has a value that the model's rate table does not price.
    #[error("unsupported input: {field} = {value}; allowed: {}", list(.allowed))]
    UnsupportedInput {
        /// The input (`inputs.quality`).
        field: String,
        /// The value given.
        value: serde_json::Value,
        /// The values the table prices.
        allowed: Vec<serde_json::Value>,
    },
    /// A result would exceed 2^53 − 1 micros (or an intermediate could not be represented).
    #[error("overflow: {what} exceeds 2^53-1 micros")]
    Overflow {
        /// What overflowed.
        what: String,
    },
}

fn list(values: &[serde_json::Value]) -> String {
    let texts: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    texts.join(", ")
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", suggestions.join(" or "))
    }
}

/// A request, usage record or budget that could not be read: `invalid_request` at its field.
impl From<tariff_request::ReadError> for Error {
    fn from(e: tariff_request::ReadError) -> Self {
        Error::InvalidRequest {
            field: e.field,
            message: e.message,
        }
    }
}

impl Error {
    /// Every code an error may have: the contract's list, in one place.
    pub const CODES: &'static [&'static str] = &[
        "invalid_catalog",
        "invalid_request",
        "unknown_model",
        "unsupported_input",
        "overflow",
    ];

    /// The stable machine-readable code: `invalid_catalog`, `invalid_request`,
    /// `unknown_model`, `unsupported_input` or `overflow`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidCatalog { .. } => "invalid_catalog",
            Error::InvalidRequest { .. } => "invalid_request",
            Error::UnknownModel { .. } => "unknown_model",
            Error::UnsupportedInput { .. } => "unsupported_input",
            Error::Overflow { .. } => "overflow",
        }
    }

    /// An `invalid_catalog` error at `path`.
    #[cold]
    #[inline(never)]
    pub fn catalog(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidCatalog {
            path: path.into(),
            message: message.into(),
        }
    }

    /// An `invalid_request` error naming `field`.
    #[cold]
    #[inline(never)]
    pub fn request(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            field: field.into(),
            message: message.into(),
        }
    }

    /// An `overflow` error: `what` would pass 2^53 − 1 micros.
    #[cold]
    #[inline(never)]
    pub fn overflow(what: &str) -> Self {
        Error::Overflow {
            what: what.to_string(),
        }
    }

    /// Prefixes the field or path of this error with `prefix` (`records[4]`), so that an error
    /// found inside a nested value names its place in the whole input.
    pub fn within(self, prefix: &str) -> Self {
        if prefix.is_empty() {
            return self;
        }
        let join = |inner: String| tariff_request::error::within(prefix, inner);
        match self {
            Error::InvalidCatalog { path, message } => Error::InvalidCatalog {
                path: join(path),
                message,
            },
            Error::InvalidRequest { field, message } => Error::InvalidRequest {
                field: join(field),
                message,
            },
            Error::UnknownModel {
                field,
                model,
                available,
                suggestions,
            } => Error::UnknownModel {
                field: join(field),
                model,
                available,
                suggestions,
            },
            Error::UnsupportedInput {
                field,
                value,
                allowed,
            } => Error::UnsupportedInput {
                field: join(field),
                value,
                allowed,
            },
            Error::Overflow { what } => Error::Overflow { what: join(what) },
        }
    }
}

/// Serialized as `{"code", "message", ...details}`: the `error` object of the CLI and the
/// fields of the JS `Error`.
impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.code())?;
        map.serialize_entry("message", &self.to_string())?;
        match self {
            Error::InvalidCatalog { path, .. } => map.serialize_entry("path", path)?,
            Error::InvalidRequest { field, .. } => map.serialize_entry("field", field)?,
            Error::UnknownModel {
                field,
                model,
                available,
                suggestions,
            } => {
                map.serialize_entry("field", field)?;
                map.serialize_entry("model", model)?;
                map.serialize_entry("available", available)?;
                map.serialize_entry("suggestions", suggestions)?;
            }
            Error::UnsupportedInput {
                field,
                value,
                allowed,
            } => {
                map.serialize_entry("field", field)?;
                map.serialize_entry("value", value)?;
                map.serialize_entry("allowed", allowed)?;
            }
            Error::Overflow { what } => map.serialize_entry("field", what)?,
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed() {
        let errors = [
            Error::catalog("$", "x"),
            Error::request("$", "x"),
            Error::UnknownModel {
                field: "model".into(),
                model: "x".into(),
                available: vec![],
                suggestions: vec![],
            },
            Error::UnsupportedInput {
                field: "inputs.x".into(),
                value: 1.into(),
                allowed: vec![],
            },
            Error::overflow("total"),
        ];
        let codes: Vec<&str> = errors.iter().map(Error::code).collect();
        assert_eq!(codes, Error::CODES);
    }

    #[test]
    fn nested_fields_are_prefixed() {
        let e = Error::request("usage.seconds", "bad").within("downstream[0]");
        assert_eq!(
            e,
            Error::request("downstream[0].usage.seconds", "bad"),
            "a nested error names its whole path"
        );
        let e = Error::request("[3]", "bad").within("records");
        assert_eq!(e, Error::request("records[3]", "bad"));
    }

    #[test]
    fn serializes_code_message_and_details() {
        let e = Error::UnsupportedInput {
            field: "inputs.quality".into(),
            value: "ultra".into(),
            allowed: vec!["low".into(), "high".into()],
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "unsupported_input");
        assert_eq!(v["field"], "inputs.quality");
        assert_eq!(v["allowed"][1], "high");
        assert_eq!(
            e.to_string(),
            "unsupported input: inputs.quality = \"ultra\"; allowed: \"low\", \"high\""
        );
    }
}
