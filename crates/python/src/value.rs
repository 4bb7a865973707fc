//! The way in: a Python value written as JSON text, for the engine's own readers (the same
//! two as every surface: no third request parser). Only JSON data is taken: `dict` with `str`
//! keys, `list` and `tuple`, `str`, `int`, finite `float`, `bool` and `None`. Anything else
//! (`float('nan')`, a `Decimal`, a `datetime`, a `set`, `bytes`, a non-`str` key, nesting past
//! 128 levels) is a fault naming its path, never a silent conversion (`json.dumps` would write
//! NaN, turn an int key into a string and fail on a Decimal without saying where).

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// The deepest nesting taken (as the JS bindings').
pub(crate) const MAX_DEPTH: usize = 128;

/// The most dicts, lists and tuples written (as the JS bindings' count objects and arrays): a
/// list that holds itself twice at every level is shallow but has no end. Enough for the
/// 5,000,000 records a usage call takes, each with a few dicts inside; scalars are not counted,
/// so a valid export is never refused for its size alone.
pub(crate) const MAX_NODES: usize = 25_000_000;

/// Why a value cannot be written: the path of the fault (innermost segment last) and what is
/// wrong there.
pub(crate) struct Fault {
    pub(crate) path: Vec<Segment>,
    pub(crate) message: String,
    /// A fault of the whole value (too many containers), named at the prefix, not at the
    /// place where the count ran out.
    whole: bool,
}

/// One step of a path: a key or an index.
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

impl Fault {
    fn new(message: impl Into<String>) -> Fault {
        Fault {
            path: Vec::new(),
            message: message.into(),
            whole: false,
        }
    }

    /// `self` one level out, below `seg` (unless it names the whole value).
    fn within(mut self, seg: Segment) -> Fault {
        if !self.whole {
            self.path.insert(0, seg);
        }
        self
    }

    /// The path below `prefix` (`records`, `budget`; empty for a request): `usage.seconds`,
    /// `records[3].usage.images`, `$` for the value itself.
    pub(crate) fn field(&self, prefix: &str) -> String {
        let mut out = prefix.to_string();
        for seg in &self.path {
            match seg {
                Segment::Key(k) if out.is_empty() => out.push_str(k),
                Segment::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        if out.is_empty() {
            "$".to_string()
        } else {
            out
        }
    }
}

/// The JSON text of `value`, or the fault that stops it.
pub(crate) fn json_text(value: &Bound<'_, PyAny>) -> Result<String, Fault> {
    let mut out = String::new();
    let mut left = MAX_NODES;
    write(value, &mut out, 0, &mut left)?;
    Ok(out)
}

fn write(
    v: &Bound<'_, PyAny>,
    out: &mut String,
    depth: usize,
    left: &mut usize,
) -> Result<(), Fault> {
    if v.is_none() {
        out.push_str("null");
    } else if let Ok(b) = v.cast::<PyBool>() {
        // Before `int`: a bool is an int in Python.
        out.push_str(if b.is_true() { "true" } else { "false" });
    } else if v.is_instance_of::<PyInt>() {
        // Every digit, however large (the readers refuse what is past 2^53 - 1, by name). A
        // plain int writes its own digits; a subclass (an `IntEnum`) is read as its value, so
        // that no code of its own runs here.
        let digits = match v.cast_exact::<PyInt>() {
            Ok(i) => i
                .str()
                .ok()
                .and_then(|s| s.to_cow().ok().map(|c| c.into_owned())),
            Err(_) => v.extract::<i128>().ok().map(|n| n.to_string()),
        };
        out.push_str(&digits.ok_or_else(|| Fault::new("is an int that cannot be read"))?);
    } else if let Ok(f) = v.cast::<PyFloat>() {
        let x = f.value();
        // The shortest form of the double (serde_json's: `1.0`, `1e21`, where JavaScript
        // writes `1` and `1e+21`: the same double, so the same request).
        let n = serde_json::Number::from_f64(x).ok_or_else(|| {
            Fault::new(if x.is_nan() {
                "must be a number, not NaN"
            } else {
                "must be a finite number, not infinity"
            })
        })?;
        out.push_str(&n.to_string());
    } else if let Ok(s) = v.cast::<PyString>() {
        let s = text(s)?;
        out.push_str(&serde_json::Value::from(s).to_string());
    } else if let Ok(d) = v.cast::<PyDict>() {
        container(depth, left)?;
        out.push('{');
        // A snapshot of the items: a value's own code (a list subclass's `__iter__`) may
        // change the dict while it is written.
        let items = d.items();
        for (i, pair) in items.iter().enumerate() {
            let (k, item): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair
                .extract()
                .map_err(|_| Fault::new("has an item that cannot be read"))?;
            let Ok(key) = k.cast::<PyString>() else {
                return Err(Fault::new(format!(
                    "has a key that is not a str ({}): JSON keys are strings",
                    type_name(&k)
                )));
            };
            let key = text(key)?;
            if i > 0 {
                out.push(',');
            }
            out.push_str(&serde_json::Value::from(key.as_str()).to_string());
            out.push(':');
            write(&item, out, depth + 1, left).map_err(|f| f.within(Segment::Key(key)))?;
        }
        out.push('}');
    } else if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        container(depth, left)?;
        out.push('[');
        let items = v.try_iter().map_err(|_| Fault::new("cannot be iterated"))?;
        for (i, item) in items.enumerate() {
            let item = item.map_err(|_| Fault::new("cannot be iterated"))?;
            if i > 0 {
                out.push(',');
            }
            write(&item, out, depth + 1, left).map_err(|f| f.within(Segment::Index(i)))?;
        }
        out.push(']');
    } else {
        return Err(Fault::new(format!(
            "must be JSON data (a dict, list, str, int, float, bool or None), not {}",
            type_name(v)
        )));
    }
    Ok(())
}

/// Counts a dict, list or tuple against the depth and the whole value's budget.
fn container(depth: usize, left: &mut usize) -> Result<(), Fault> {
    if depth >= MAX_DEPTH {
        return Err(Fault::new(format!("nests deeper than {MAX_DEPTH} levels")));
    }
    *left = left.checked_sub(1).ok_or_else(|| Fault {
        whole: true,
        ..Fault::new(format!("has more than {MAX_NODES} dicts and lists"))
    })?;
    Ok(())
}

/// A Python str as Rust text (a lone surrogate cannot be UTF-8).
fn text(s: &Bound<'_, PyString>) -> Result<String, Fault> {
    s.to_cow()
        .map(|c| c.into_owned())
        .map_err(|_| Fault::new("is not valid Unicode text (a lone surrogate)"))
}

/// The name of a value's type for a message (`Decimal`, `datetime`).
pub(crate) fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .ok()
        .and_then(|n| n.to_cow().ok().map(|c| c.into_owned()))
        .unwrap_or_else(|| "an unknown type".to_string())
}
