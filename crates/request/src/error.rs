//! Why a request could not be read: the field at fault and what is wrong with it. The only
//! fault this crate reports; `tariff::Error` turns it into its `invalid_request` (the codes
//! are the engine's, not this crate's).

/// A request, usage record or budget that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid request: {field}: {message}")]
pub struct ReadError {
    /// The field at fault, as a path into the input (`downstream[0].usage.seconds`; `$` for
    /// the whole input).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl ReadError {
    /// A fault of `field`.
    #[cold]
    #[inline(never)]
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ReadError {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Prefixes the field with `prefix` (`records[4]`), so that a fault found inside a nested
    /// value names its place in the whole input.
    pub fn within(self, prefix: &str) -> Self {
        ReadError {
            field: within(prefix, self.field),
            ..self
        }
    }
}

/// `path` as seen from `prefix` (`records[4]` + `usage.images` -> `records[4].usage.images`;
/// `[2]` and `$` join without a dot): the one rule for every error's path.
pub fn within(prefix: &str, path: String) -> String {
    if prefix.is_empty() {
        path
    } else if path.is_empty() || path == "$" {
        prefix.to_string()
    } else if path.starts_with('[') {
        format!("{prefix}{path}")
    } else {
        format!("{prefix}.{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_fields_are_prefixed() {
        let e = ReadError::new("usage.seconds", "bad").within("downstream[0]");
        assert_eq!(e.field, "downstream[0].usage.seconds");
        assert_eq!(
            ReadError::new("[3]", "bad").within("records").field,
            "records[3]"
        );
        assert_eq!(
            ReadError::new("$", "bad").within("records").field,
            "records"
        );
        assert_eq!(
            ReadError::new("usage", "must be an object").to_string(),
            "invalid request: usage: must be an object"
        );
    }
}
