//! The JSON tree the readers walk ([`Json`]), exact JSON numbers and error paths.
//!
//! A JSON number is taken as the IEEE double JavaScript would hold, written in its shortest
//! decimal form, and that decimal is converted without any float arithmetic, so that native
//! and wasm callers get the same count or duration for `720`, `720.0` and `7.2e2`.

use serde_json::Value;
use serde_json_borrow::ObjectAsVec;

/// A JSON value borrowed from its text: serde_json's parser (its errors, its recursion limit,
/// its correctly rounded numbers) into a tree whose strings point into the text and whose
/// objects are vectors of fields, so reading allocates for neither keys nor strings nor a map
/// per object. Requests the quick reader leaves, catalogs and budgets are read from it.
pub type Json<'a> = serde_json_borrow::Value<'a>;

/// Parses JSON text into a [`Json`] tree. Every tree the engine reads comes through here, so
/// that serde_json's parser is compiled once, in this crate (at its optimisation level).
pub fn parse_tree(text: &str) -> Result<Json<'_>, serde_json::Error> {
    serde_json::from_str(text)
}

/// The largest count accepted anywhere: 2^53 − 1, exact in JavaScript.
pub const MAX_COUNT: u64 = (1 << 53) - 1;

/// The longest duration accepted, in seconds (366 days). Longer is surely a mistake
/// (milliseconds sent as seconds) and is refused, not billed.
pub const MAX_SECONDS: u64 = 366 * 24 * 3600;

/// The value of `key` in `map`: of a key given twice, the last, as serde_json's map and
/// `JSON.parse` keep it.
#[inline]
pub fn field<'a>(map: &'a ObjectAsVec<'a>, key: &str) -> Option<&'a Json<'a>> {
    map.as_vec()
        .iter()
        .rev()
        .find(|(k, _)| k.0 == key)
        .map(|(_, v)| v)
}

/// The fields of an object in key order, a key given twice once, with its last value: as
/// serde_json's map holds them, so that the first fault a reader names is the first in key
/// order whatever the text's order.
pub fn fields<'a>(map: &'a ObjectAsVec<'a>) -> Vec<(&'a str, &'a Json<'a>)> {
    let fields: Vec<(&'a str, &'a Json<'a>)> = map.iter().collect();
    let in_order = fields.windows(2).all(|w| match w {
        [a, b] => a.0 < b.0,
        _ => true,
    });
    if in_order {
        return fields;
    }
    let mut keys: Vec<(u64, u64, &'a str, usize)> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| (0, 0, f.0, i))
        .collect();
    crate::order::sort_keys(&mut keys);
    let mut out = Vec::with_capacity(keys.len());
    for (j, k) in keys.iter().enumerate() {
        // Of a run of equal keys (in text order, ties being on position), the last counts.
        if keys.get(j + 1).is_some_and(|next| next.2 == k.2) {
            continue;
        }
        if let Some(f) = fields.get(k.3) {
            out.push(*f);
        }
    }
    out
}

/// A value of the tree as serde_json's (what a request keeps of its `inputs`, a catalog of
/// a table's input values, a listing of a billing object).
pub fn owned(v: &Json<'_>) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(_) => match v.num() {
            Some(Num::U(u)) => Value::from(u),
            Some(Num::I(i)) => Value::from(i),
            // A parsed number is finite: never `Null` here.
            Some(Num::F(f)) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
            None => Value::Null,
        },
        Json::Str(s) => Value::String(s.to_string()),
        Json::Array(items) => Value::Array(items.iter().map(owned).collect()),
        Json::Object(map) => Value::Object(owned_map(map)),
    }
}

/// An object of the tree as serde_json's map.
pub fn owned_map(map: &ObjectAsVec<'_>) -> serde_json::Map<String, Value> {
    // Inserted in text order: a key given twice keeps its last value, as serde_json's. (One
    // insert at a time: collecting into the map would compile a stable sort.)
    let mut out = serde_json::Map::new();
    for (k, v) in map.iter() {
        out.insert(k.to_string(), owned(v));
    }
    out
}

/// A JSON value of either tree (serde_json's, the borrowed one), as the readers of numbers
/// and the messages need it.
pub trait Scalar {
    /// The number it holds, if it is one.
    fn num(&self) -> Option<Num>;
    /// Its JSON type, for messages (`a string`).
    fn type_name(&self) -> &'static str;
}

// The same reading for both trees (their variants are named alike, but for strings).
macro_rules! scalar {
    ($tree:ty, $of:ident, $string:ident) => {
        impl Scalar for $tree {
            fn num(&self) -> Option<Num> {
                let $of::Number(n) = self else { return None };
                Some(match (n.as_u64(), n.as_i64()) {
                    (Some(u), _) => Num::U(u),
                    (None, Some(i)) => Num::I(i),
                    (None, None) => Num::F(n.as_f64()?),
                })
            }

            fn type_name(&self) -> &'static str {
                match self {
                    $of::Null => "null",
                    $of::Bool(_) => "a boolean",
                    $of::Number(_) => "a number",
                    $of::$string(_) => "a string",
                    $of::Array(_) => "an array",
                    $of::Object(_) => "an object",
                }
            }
        }
    };
}

scalar!(Value, Value, String);
scalar!(Json<'_>, Json, Str);

// Paths are built on every catalog load (hundreds) and for every call of a request, so
// these two write their text directly: `format!` was a tenth of a catalog load.

/// Joins a parent path and a key: `usage` + `seconds` -> `usage.seconds`.
pub fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        return key.to_string();
    }
    let mut out = String::with_capacity(parent.len() + 1 + key.len());
    out.push_str(parent);
    out.push('.');
    out.push_str(key);
    out
}

/// Joins a parent path and an index: `models` + 3 -> `models[3]`.
pub fn index(parent: &str, i: usize) -> String {
    let digits = i.to_string();
    let mut out = String::with_capacity(parent.len() + digits.len() + 2);
    out.push_str(parent);
    out.push('[');
    out.push_str(&digits);
    out.push(']');
    out
}

/// A JSON type name for messages.
pub fn type_name(v: &impl Scalar) -> &'static str {
    v.type_name()
}

/// The exact decimal value of a JSON number, as far as any field needs it: sign, integer
/// part (`None` past u64), the first four fraction digits and whether any fraction digit is
/// non-zero. Integers come straight from the parser; other numbers from the shortest decimal
/// form of the double (zmij, the formatter serde_json uses; it may write an exponent). No
/// heap allocation: this runs for every fractional quantity of a usage export.
struct Decimal {
    negative: bool,
    int: Option<u64>,
    frac4: [u8; 4],
    has_frac: bool,
}

/// A JSON number as the readers need it, from whichever tree holds it: what the parser made
/// of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    /// A non-negative integer.
    U(u64),
    /// A negative integer.
    I(i64),
    /// Any other number, as the double it was read as.
    F(f64),
}

fn decimal(n: Option<Num>) -> Option<Decimal> {
    let f = match n? {
        Num::U(u) => {
            return Some(Decimal {
                negative: false,
                int: Some(u),
                frac4: [0; 4],
                has_frac: false,
            })
        }
        Num::I(i) => {
            return Some(Decimal {
                negative: i < 0,
                int: Some(i.unsigned_abs()),
                frac4: [0; 4],
                has_frac: false,
            })
        }
        Num::F(f) => f,
    };
    if !f.is_finite() {
        return None;
    }
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(f);
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i32>().ok()?),
        None => (rest, 0),
    };
    let (int_digits, frac_digits) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // Digit i of int_digits ++ frac_digits sits at position i - point: negative positions are
    // the integer part, 0.. the fraction.
    let point = i64::try_from(int_digits.len()).ok()? + i64::from(exponent);
    let mut d = Decimal {
        negative,
        int: Some(0),
        frac4: [0; 4],
        has_frac: false,
    };
    let mut i: i64 = 0;
    for b in int_digits.bytes().chain(frac_digits.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        let digit = b - b'0';
        let pos = i - point;
        if pos < 0 {
            d.int = d
                .int
                .and_then(|v| v.checked_mul(10)?.checked_add(u64::from(digit)));
        } else if digit != 0 {
            d.has_frac = true;
            if let Some(slot) = usize::try_from(pos).ok().and_then(|p| d.frac4.get_mut(p)) {
                *slot = digit;
            }
        }
        i += 1;
    }
    // Trailing zeros of a large exponent (`1e21`).
    for _ in i..point {
        d.int = d.int.and_then(|v| v.checked_mul(10));
    }
    Some(d)
}

impl Decimal {
    fn is_zero(&self) -> bool {
        self.int == Some(0) && !self.has_frac
    }

    /// The integer part, if it is at most `max`.
    fn int_at_most(&self, max: u64) -> Option<u64> {
        self.int.filter(|v| *v <= max)
    }
}

/// A count: a non-negative whole number no larger than 2^53 − 1. `-0` is zero.
pub fn count(v: &impl Scalar) -> Result<u64, String> {
    count_of(v.num(), v.type_name())
}

fn count_of(n: Option<Num>, kind: &str) -> Result<u64, String> {
    // Fast paths: integers need no decimal digits.
    match n {
        Some(Num::U(u)) if u <= MAX_COUNT => return Ok(u),
        Some(Num::U(_)) => return Err("is larger than 2^53-1".to_string()),
        Some(Num::I(_)) => return Err("must be a non-negative whole number, not negative".into()),
        _ => {}
    }
    let Some(d) = decimal(n) else {
        return Err(format!("must be a non-negative whole number, not {kind}"));
    };
    if d.negative && !d.is_zero() {
        return Err("must be a non-negative whole number, not negative".into());
    }
    if d.has_frac {
        return Err("must be a whole number, not a fraction".into());
    }
    d.int_at_most(MAX_COUNT)
        .ok_or_else(|| "is larger than 2^53-1".to_string())
}

/// Seconds as a JSON number, resolved to whole milliseconds, nearest, half-up
/// (`5.0005` -> 5,001 ms). A positive duration that rounds to 0 ms, a negative one, or one
/// over [`MAX_SECONDS`] is refused.
pub fn seconds_to_millis(v: &impl Scalar) -> Result<u64, String> {
    millis_of(v.num(), v.type_name())
}

fn millis_of(n: Option<Num>, kind: &str) -> Result<u64, String> {
    if let Some(Num::U(u)) = n {
        if u <= MAX_SECONDS {
            return Ok(u * 1000);
        }
    }
    let Some(d) = decimal(n) else {
        return Err(format!("must be a number of seconds, not {kind}"));
    };
    if d.negative && !d.is_zero() {
        return Err("must not be negative".into());
    }
    let Some(whole) = d.int_at_most(MAX_SECONDS) else {
        return Err(format!("is longer than {MAX_SECONDS} seconds (366 days)"));
    };
    let mut millis: u64 = whole.saturating_mul(1000);
    let digit = |i: usize| u64::from(d.frac4.get(i).copied().unwrap_or(0));
    millis = millis
        .saturating_add(digit(0) * 100)
        .saturating_add(digit(1) * 10)
        .saturating_add(digit(2));
    // Half-up on the fourth decimal: any digit >= 5 there means at least half a millisecond.
    if digit(3) >= 5 {
        millis = millis.saturating_add(1);
    }
    if millis == 0 && !d.is_zero() {
        return Err("is shorter than half a millisecond: it would bill as zero".into());
    }
    if millis > MAX_SECONDS * 1000 {
        return Err(format!("is longer than {MAX_SECONDS} seconds (366 days)"));
    }
    Ok(millis)
}

/// A JSON value with its numbers as JavaScript holds them: integral values within ±2^53 as
/// integers, everything else as a double. Used where a request's raw value is compared with
/// a table or echoed in an error, so that native and wasm callers get the same answer for
/// `720`, `720.0` and `7.2e2`.
pub fn js_form(v: &Value) -> Value {
    let Value::Number(n) = v else {
        return v.clone();
    };
    if n.as_u64().is_some_and(|u| u <= MAX_COUNT)
        || n.as_i64().is_some_and(|i| i >= -(MAX_COUNT as i64))
    {
        return v.clone();
    }
    match decimal(v.num()) {
        Some(d) if !d.has_frac => match d.int_at_most(MAX_COUNT) {
            Some(0) => Value::from(0u64),
            Some(u) if d.negative => Value::from(-(u as i64)),
            Some(u) => Value::from(u),
            None => n.as_f64().map_or(Value::Null, Value::from),
        },
        _ => n.as_f64().map_or(Value::Null, Value::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The tree's objects read as serde_json's map of the same text: each key once, in key
    /// order, with its last value.
    #[test]
    fn fields_read_as_serde_jsons_map() {
        let text =
            r#"{"zeta": 1, "alpha": 2, "mid": {"x": 1}, "alpha": 3, "beta": null, "zeta": "z"}"#;
        let tree = parse_tree(text).unwrap();
        let Json::Object(map) = &tree else { panic!() };
        let got: Vec<(&str, Value)> = fields(map)
            .into_iter()
            .map(|(k, v)| (k, owned(v)))
            .collect();
        let value: Value = serde_json::from_str(text).unwrap();
        let want: Vec<(&str, Value)> = value
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        assert_eq!(got, want);
        assert_eq!(got.first().map(|f| f.0), Some("alpha"));
        assert_eq!(field(map, "alpha").map(owned), Some(json!(3)));
        assert_eq!(field(map, "zeta").map(owned), Some(json!("z")));
        assert_eq!(field(map, "gamma"), None);
        assert_eq!(owned(&tree), value);
        // Already in key order and unique: kept as it is.
        let sorted = parse_tree(r#"{"a": 1, "b": 2}"#).unwrap();
        let Json::Object(map) = &sorted else { panic!() };
        assert_eq!(
            fields(map).iter().map(|f| f.0).collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    /// Numbers of the tree read as serde_json's do (the same parser): counts, seconds, the
    /// owned value and the type named.
    #[test]
    fn numbers_read_as_serde_jsons() {
        let texts = [
            "0",
            "720",
            "720.0",
            "7.2e2",
            "-0",
            "-3",
            "1.5",
            "1e300",
            "9007199254740992",
            "\"5\"",
            "true",
            "null",
            "[]",
            "0.0005",
            "5.0005",
            "-18446744073709551616",
        ];
        for text in texts {
            let tree = parse_tree(text).unwrap();
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(count(&tree), count(&value), "{text}");
            assert_eq!(
                seconds_to_millis(&tree),
                seconds_to_millis(&value),
                "{text}"
            );
            assert_eq!(owned(&tree), value, "{text}");
            assert_eq!(type_name(&tree), type_name(&value), "{text}");
        }
        assert_eq!(count(&parse_tree("7.2e2").unwrap()), Ok(720));
        assert_eq!(seconds_to_millis(&parse_tree("5.0005").unwrap()), Ok(5001));
    }

    #[test]
    fn paths() {
        assert_eq!(join("", "usage"), "usage");
        assert_eq!(join("usage", "seconds"), "usage.seconds");
        assert_eq!(join("downstream[0]", "usage"), "downstream[0].usage");
        assert_eq!(index("models", 0), "models[0]");
        assert_eq!(index("models", 3), "models[3]");
        assert_eq!(index("", 10), "[10]");
        assert_eq!(index("records", 1_234_567), "records[1234567]");
        assert_eq!(index("x", usize::MAX), format!("x[{}]", usize::MAX));
    }

    #[test]
    fn counts() {
        assert_eq!(count(&json!(0)), Ok(0));
        assert_eq!(count(&json!(1234567)), Ok(1234567));
        assert_eq!(count(&json!(1.0)), Ok(1));
        assert_eq!(count(&json!(-0.0)), Ok(0));
        assert_eq!(count(&json!(1e3)), Ok(1000));
        assert_eq!(count(&json!(9007199254740991u64)), Ok(9007199254740991));
        assert!(count(&json!(9007199254740992u64)).is_err());
        assert!(count(&json!(1e300)).is_err());
        assert_eq!(count(&json!(1e15)), Ok(1_000_000_000_000_000));
        assert!(count(&json!(1e-300)).unwrap_err().contains("fraction"));
        assert!(count(&json!(1.5)).unwrap_err().contains("fraction"));
        assert!(count(&json!(-1)).unwrap_err().contains("negative"));
        assert!(count(&json!("5")).unwrap_err().contains("a string"));
        assert!(count(&json!(null)).is_err());
        assert!(count(&json!(true)).is_err());
    }

    #[test]
    fn seconds_resolve_to_nearest_millisecond() {
        assert_eq!(seconds_to_millis(&json!(5)), Ok(5000));
        assert_eq!(seconds_to_millis(&json!(5.5)), Ok(5500));
        assert_eq!(seconds_to_millis(&json!(0.1)), Ok(100));
        assert_eq!(seconds_to_millis(&json!(5.0004)), Ok(5000));
        assert_eq!(seconds_to_millis(&json!(5.0005)), Ok(5001));
        assert_eq!(seconds_to_millis(&json!(0.0006)), Ok(1));
        assert_eq!(seconds_to_millis(&json!(0)), Ok(0));
        assert_eq!(seconds_to_millis(&json!(1.5e-3)), Ok(2));
        assert_eq!(seconds_to_millis(&json!(1.4e-3)), Ok(1));
        assert_eq!(seconds_to_millis(&json!(2.5e2)), Ok(250_000));
        assert!(seconds_to_millis(&json!(1e-7)).is_err());
        assert!(seconds_to_millis(&json!(1e21)).is_err());
        assert_eq!(seconds_to_millis(&json!(-0.0)), Ok(0));
        assert!(seconds_to_millis(&json!(0.0004)).is_err());
        assert!(seconds_to_millis(&json!(-1)).is_err());
        assert!(seconds_to_millis(&json!(1e12)).is_err());
        assert!(seconds_to_millis(&json!("5s")).is_err());
        assert_eq!(
            seconds_to_millis(&json!(MAX_SECONDS)),
            Ok(MAX_SECONDS * 1000)
        );
        assert!(seconds_to_millis(&json!(MAX_SECONDS as f64 + 0.5)).is_err());
    }
}
