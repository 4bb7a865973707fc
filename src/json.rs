//! Reading JSON values with exact numbers and precise error paths.
//!
//! Catalogs and requests are read from `serde_json::Value` by hand rather than by derive,
//! so that every fault names its place (`models[3].billing.input_per_million`,
//! `downstream[0].usage.seconds`) and says what was expected, and so that numbers are
//! resolved exactly: a JSON number is taken as the IEEE double JavaScript would hold, written
//! in its shortest decimal form, and that decimal is converted without any float arithmetic.

use crate::error::Error;
use serde_json::{Map, Value};
pub(crate) use tariff_request::json::{count, index, join, js_form, seconds_to_millis, type_name};

/// Which kind of input is being read: decides the error variant a fault becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    Catalog,
    Request,
    /// A catalog read without building the paths of what it reads (only a fault reads them,
    /// and they were a fifth of a catalog load's allocations): a fault found this way is
    /// found again as `Catalog`, which names it.
    CatalogUnnamed,
}

impl Source {
    #[cold]
    #[inline(never)]
    pub(crate) fn error(self, path: &str, message: impl Into<String>) -> Error {
        match self {
            Source::Catalog | Source::CatalogUnnamed => Error::catalog(path, message),
            Source::Request => Error::request(path, message),
        }
    }

    /// `path()`, or nothing where paths are not built: the one place that decides it.
    fn path(self, path: impl FnOnce() -> String) -> String {
        match self {
            Source::CatalogUnnamed => String::new(),
            Source::Catalog | Source::Request => path(),
        }
    }

    /// `parent.key`, or nothing where paths are not built.
    pub(crate) fn join(self, parent: &str, key: &str) -> String {
        self.path(|| join(parent, key))
    }

    /// `parent[i]`, or nothing where paths are not built.
    pub(crate) fn index(self, parent: &str, i: usize) -> String {
        self.path(|| index(parent, i))
    }
}

/// An object being read, with its path for errors.
pub(crate) struct Obj<'a> {
    pub(crate) map: &'a Map<String, Value>,
    pub(crate) path: String,
    pub(crate) source: Source,
    /// Keys allowed besides those `only` is given (a billing's common keys, which the
    /// billing reads and its shape does not).
    pub(crate) also: &'static [&'static str],
}

impl<'a> Obj<'a> {
    /// Takes `value` as an object, or fails naming `path`.
    pub(crate) fn new(value: &'a Value, path: &str, source: Source) -> Result<Self, Error> {
        match value {
            Value::Object(map) => Ok(Obj {
                map,
                path: source.path(|| path.to_string()),
                source,
                also: &[],
            }),
            other => Err(source.error(
                if path.is_empty() { "$" } else { path },
                format!("must be an object, not {}", type_name(other)),
            )),
        }
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn err(&self, key: &str, message: impl Into<String>) -> Error {
        self.source.error(&join(&self.path, key), message)
    }

    /// The fields in key order, whatever order the map keeps (the first fault is the first in
    /// key order on every build).
    pub(crate) fn fields(&self) -> tariff_request::json::KeyOrder<'a> {
        tariff_request::json::in_key_order(self.map)
    }

    /// Fails on the first key that is not in `allowed` (a typo must not be a silent zero).
    pub(crate) fn only(&self, allowed: &[&str]) -> Result<(), Error> {
        let known = |key: &str| allowed.contains(&key) || self.also.contains(&key);
        // Order only matters for which unknown key is named: it is not looked for when none is.
        if self.map.keys().all(|key| known(key)) {
            return Ok(());
        }
        for (key, _) in self.fields() {
            if !known(key) {
                let mut expected = allowed.to_vec();
                expected.extend(self.also);
                return Err(self.err(
                    key,
                    format!("unknown field; expected one of: {}", expected.join(", ")),
                ));
            }
        }
        Ok(())
    }

    /// The value at `key`, treating `null` as absent.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    pub(crate) fn required(&self, key: &str) -> Result<&'a Value, Error> {
        self.get(key).ok_or_else(|| self.err(key, "is required"))
    }

    pub(crate) fn opt_str(&self, key: &str, max_len: usize) -> Result<Option<&'a str>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => {
                if s.len() > max_len {
                    Err(self.err(key, format!("is longer than {max_len} bytes")))
                } else {
                    Ok(Some(s.as_str()))
                }
            }
            Some(other) => {
                Err(self.err(key, format!("must be a string, not {}", type_name(other))))
            }
        }
    }

    pub(crate) fn str(&self, key: &str, max_len: usize) -> Result<&'a str, Error> {
        self.opt_str(key, max_len)?
            .ok_or_else(|| self.err(key, "is required"))
    }

    /// A required non-empty string.
    pub(crate) fn non_empty_str(&self, key: &str, max_len: usize) -> Result<&'a str, Error> {
        let s = self.str(key, max_len)?;
        if s.trim().is_empty() {
            return Err(self.err(key, "must not be empty"));
        }
        Ok(s)
    }

    pub(crate) fn opt_bool(&self, key: &str) -> Result<Option<bool>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.err(
                key,
                format!("must be true or false, not {}", type_name(other)),
            )),
        }
    }

    pub(crate) fn opt_count(&self, key: &str) -> Result<Option<u64>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => count(v).map(Some).map_err(|m| self.err(key, m)),
        }
    }

    pub(crate) fn count(&self, key: &str) -> Result<u64, Error> {
        self.opt_count(key)?
            .ok_or_else(|| self.err(key, "is required"))
    }

    /// Seconds given as a JSON number, resolved to whole milliseconds (nearest, half-up).
    pub(crate) fn opt_millis(&self, key: &str) -> Result<Option<u64>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => seconds_to_millis(v).map(Some).map_err(|m| self.err(key, m)),
        }
    }

    pub(crate) fn opt_array(&self, key: &str) -> Result<Option<&'a Vec<Value>>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(other) => {
                Err(self.err(key, format!("must be an array, not {}", type_name(other))))
            }
        }
    }

    pub(crate) fn array(&self, key: &str) -> Result<&'a Vec<Value>, Error> {
        self.opt_array(key)?
            .ok_or_else(|| self.err(key, "is required"))
    }

    pub(crate) fn opt_obj(&self, key: &str) -> Result<Option<Obj<'a>>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => Obj::new(v, &self.source.join(&self.path, key), self.source).map(Some),
        }
    }

    pub(crate) fn obj(&self, key: &str) -> Result<Obj<'a>, Error> {
        self.opt_obj(key)?
            .ok_or_else(|| self.err(key, "is required"))
    }
}
