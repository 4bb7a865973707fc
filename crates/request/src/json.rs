//! Exact JSON numbers and error paths.
//!
//! A JSON number is taken as the IEEE double JavaScript would hold, written in its shortest
//! decimal form, and that decimal is converted without any float arithmetic, so that native
//! and wasm callers get the same count or duration for `720`, `720.0` and `7.2e2`.

use serde_json::Value;

/// Parses JSON text into a `Value`. Every `Value` the engine reads (a catalog, a budget, a
/// request's `inputs`) comes through here, so that serde_json's value parser is compiled
/// once, in this crate.
pub fn parse_value(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str(text)
}

/// The largest count accepted anywhere: 2^53 − 1, exact in JavaScript.
pub const MAX_COUNT: u64 = (1 << 53) - 1;

/// The longest duration accepted, in seconds (366 days). Longer is surely a mistake
/// (milliseconds sent as seconds) and is refused, not billed.
pub const MAX_SECONDS: u64 = 366 * 24 * 3600;

/// The fields of an object in key order, whatever order the map keeps: serde_json's map is
/// sorted unless some crate of the build turns on its `preserve_order` feature (then it keeps
/// the text's order). Readers go through this so that the first fault reported is the first
/// in key order on every build.
pub fn in_key_order(map: &serde_json::Map<String, Value>) -> KeyOrder<'_> {
    let sorted = map.keys().zip(map.keys().skip(1)).all(|(a, b)| a <= b);
    if sorted {
        KeyOrder::Kept(map.iter())
    } else {
        KeyOrder::Sorted(by_key(map.iter()).into_iter())
    }
}

/// `fields` sorted by key. Only builds with `preserve_order` sort at all (the npm package's
/// never does). In wasm, where the slice sort's code is kilobytes, each field is put in its
/// place by a binary search (quadratic moves: such a wasm build is slow on objects of many
/// thousands of keys); natively, the slice sort.
fn by_key<'a>(
    fields: impl Iterator<Item = (&'a String, &'a Value)>,
) -> Vec<(&'a String, &'a Value)> {
    #[cfg(target_arch = "wasm32")]
    {
        let mut sorted: Vec<(&String, &Value)> = Vec::with_capacity(fields.size_hint().0);
        for field in fields {
            let at = sorted.partition_point(|f| f.0 < field.0);
            sorted.insert(at, field);
        }
        sorted
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut sorted: Vec<(&String, &Value)> = fields.collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        sorted
    }
}

/// The fields of an object in key order (see [`in_key_order`]).
pub enum KeyOrder<'a> {
    /// The map's own order, already sorted.
    Kept(serde_json::map::Iter<'a>),
    /// Sorted here.
    Sorted(std::vec::IntoIter<(&'a String, &'a Value)>),
}

impl<'a> Iterator for KeyOrder<'a> {
    type Item = (&'a String, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            KeyOrder::Kept(i) => i.next(),
            KeyOrder::Sorted(i) => i.next(),
        }
    }
}

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
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
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

/// A JSON number as the readers need it, from whichever tree holds it (serde_json's `Value`
/// for requests, the borrowed tree a catalog is read from): what the parser made of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    /// A non-negative integer.
    U(u64),
    /// A negative integer.
    I(i64),
    /// Any other number, as the double it was read as.
    F(f64),
}

impl Num {
    /// The number `v` holds, if it is one.
    pub fn of(v: &Value) -> Option<Num> {
        let Value::Number(n) = v else { return None };
        Some(match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Num::U(u),
            (None, Some(i)) => Num::I(i),
            (None, None) => Num::F(n.as_f64()?),
        })
    }
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
pub fn count(v: &Value) -> Result<u64, String> {
    count_of(Num::of(v), type_name(v))
}

/// [`count`] of a number from any tree (`None`: not a number, whose type is `kind`).
pub fn count_of(n: Option<Num>, kind: &str) -> Result<u64, String> {
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
pub fn seconds_to_millis(v: &Value) -> Result<u64, String> {
    millis_of(Num::of(v), type_name(v))
}

/// [`seconds_to_millis`] of a number from any tree (`None`: not a number, whose type is
/// `kind`).
pub fn millis_of(n: Option<Num>, kind: &str) -> Result<u64, String> {
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
    match decimal(Num::of(v)) {
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

    /// The sort a `preserve_order` build needs, given fields out of order (this build's map
    /// is sorted, so its other branch is what `in_key_order` takes here).
    #[test]
    fn sorts_fields_out_of_order_by_key() {
        let map = json!({"usage": 1, "at": 2, "model": 3, "downstream": 4, "id": 5, "b": 6})
            .as_object()
            .cloned()
            .unwrap();
        fn keys<'a>(v: Vec<(&'a String, &Value)>) -> Vec<&'a str> {
            v.into_iter().map(|(k, _)| k.as_str()).collect()
        }
        let want = ["at", "b", "downstream", "id", "model", "usage"];
        assert_eq!(keys(by_key(map.iter().rev())), want);
        assert_eq!(keys(by_key(map.iter())), want);
        assert_eq!(keys(in_key_order(&map).collect()), want);
        assert_eq!(
            by_key(map.iter().rev()).first().map(|f| f.1),
            Some(&json!(2))
        );
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
