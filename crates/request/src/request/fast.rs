//! The quick reader: a request in the plain form that nearly every record of a usage export
//! and nearly every estimate has, read in one pass over the bytes.
//!
//! It only ever accepts: anything it is not sure of (an escape in a string, a null, a
//! fraction where a count goes, an exponent, a repeated or unknown key, malformed JSON) is
//! [`Unsure`], and the exact reader in `de` then reads the text from the start, giving the
//! same request or the error that names the field. What it accepts it reads to the same
//! request as the exact reader would (the `fast_matches_exact` tests and the `request` fuzz
//! target check this on generated and arbitrary texts). serde_json's visitor machinery was
//! two thirds of a usage export's time; this loop is a fraction of that.

use super::{set_text, Field, Request, Usage, MAX_DOWNSTREAM_CALLS, MAX_DOWNSTREAM_DEPTH};
use crate::json::MAX_SECONDS;
use serde_json::{Map, Value};

/// Not read here: the exact reader decides.
#[derive(Debug)]
pub(crate) struct Unsure;

type Sure<T> = Result<T, Unsure>;

/// Most digits a number may have here: 15 significant digits survive the round trip through
/// a double unchanged, so the exact reader (which reads a fraction as JS's double) gets the
/// same value as these digits, and no count of 15 digits passes 2^53 − 1.
const MAX_DIGITS: usize = 15;

/// The bytes a string may hold as they are: not `"`, `\\` or a control character.
// Built at compile time, where an index out of range is a build error.
#[allow(clippy::indexing_slicing)]
static PLAIN: [bool; 256] = {
    let mut t = [true; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = false;
        b += 1;
    }
    t[b'"' as usize] = false;
    t[b'\\' as usize] = false;
    t
};

/// How many bytes of `rest` come before its closing `"`, if all are plain: `None` at an
/// escape (which needs decoding) or a control character (malformed), both the exact
/// reader's, or at the end.
// Not inlined: inlined in the reader, its byte loop kept a dozen offsets derived from the
// index up to date at each byte (callgrind, a usage export).
#[inline(never)]
fn plain_len(rest: &[u8]) -> Option<usize> {
    // Eight bytes at a time: the first byte that is not plain is the lowest one `specials`
    // flags. The last few bytes of the text, byte by byte.
    let mut n = 0;
    while let Some(word) = rest.get(n..n + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        let flags = specials(u64::from_le_bytes(word));
        if flags != 0 {
            let at = n + (flags.trailing_zeros() / 8) as usize;
            return (rest.get(at) == Some(&b'"')).then_some(at);
        }
        n += 8;
    }
    for (i, &b) in rest.get(n..)?.iter().enumerate() {
        if PLAIN.get(usize::from(b)) != Some(&true) {
            return (b == b'"').then_some(n + i);
        }
    }
    None
}

/// The bytes of `word` (little-endian: its first byte lowest) that are `"`, `\\` or below
/// 0x20, each as its high bit: the "has a byte less than n" test of Anderson's "Bit
/// Twiddling Hacks", on `word` for 0x20 and on `word` xor each quote byte for 1 (equal to
/// it). A byte is flagged only where a borrow from a flagged byte below it may reach, so
/// the lowest flag is always a byte that is not plain, and there is one if any byte is not.
#[inline(always)]
fn specials(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte below `b` (for b <= 0x80), and of some bytes above one.
    let below = |x: u64, b: u64| x.wrapping_sub(b * ONES) & !x & HIGH;
    let quote = word ^ (u64::from(b'"') * ONES);
    let backslash = word ^ (u64::from(b'\\') * ONES);
    below(word, 0x20) | below(quote, 1) | below(backslash, 1)
}

/// A position in JSON text.
pub(crate) struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

// The helpers every byte passes through are `inline(always)`: at this crate's "s" they were
// calls, a trade of size for speed measured in docs/performance.md.
impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        Reader { text, pos: 0 }
    }

    /// The byte offset reached.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Moves to byte offset `pos`.
    pub(crate) fn seek(&mut self, pos: usize) {
        self.pos = pos;
    }

    #[inline(always)]
    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Skips JSON whitespace and returns the next byte.
    #[inline(always)]
    pub(crate) fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.byte() {
            self.pos += 1;
        }
        self.byte()
    }

    /// Skips whitespace and `b`.
    #[inline(always)]
    pub(crate) fn eat(&mut self, b: u8) -> Sure<()> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Unsure)
        }
    }

    /// Whether only whitespace is left.
    pub(crate) fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// A string with no escape and no control character, borrowed from the text.
    #[inline(always)]
    fn string(&mut self) -> Sure<&'a str> {
        self.eat(b'"')?;
        let start = self.pos;
        let rest = self.text.as_bytes().get(start..).ok_or(Unsure)?;
        let n = plain_len(rest).ok_or(Unsure)?;
        let s = self.text.get(start..start + n).ok_or(Unsure)?;
        self.pos = start + n + 1;
        Ok(s)
    }

    /// A non-negative number of at most [`MAX_DIGITS`] digits without exponent: its integer
    /// part, and the digits after the point (empty for an integer).
    fn number(&mut self) -> Sure<(u64, &'a [u8])> {
        self.peek();
        let start = self.pos;
        let rest = self.text.as_bytes().get(start..).ok_or(Unsure)?;
        let mut int = 0u64;
        let mut n = 0;
        while let Some(&d) = rest.get(n) {
            let digit = d.wrapping_sub(b'0');
            if digit > 9 {
                break;
            }
            int = int * 10 + u64::from(digit);
            n += 1;
            if n > MAX_DIGITS {
                return Err(Unsure);
            }
        }
        // None, or a leading zero (`01`, malformed).
        if n == 0 || (n > 1 && rest.first() == Some(&b'0')) {
            return Err(Unsure);
        }
        let digits = n;
        let mut frac: &[u8] = &[];
        if rest.get(n) == Some(&b'.') {
            n += 1;
            let from = n;
            while rest.get(n).is_some_and(u8::is_ascii_digit) {
                n += 1;
            }
            frac = rest.get(from..n).ok_or(Unsure)?;
            if frac.is_empty() || digits + frac.len() > MAX_DIGITS {
                return Err(Unsure);
            }
        }
        self.pos = start + n;
        if matches!(rest.get(n), Some(b'e' | b'E')) {
            return Err(Unsure);
        }
        Ok((int, frac))
    }

    /// A count: a whole number (at most 15 digits, so within 2^53 − 1).
    fn count(&mut self) -> Sure<u64> {
        match self.number()? {
            (n, []) => Ok(n),
            _ => Err(Unsure),
        }
    }

    /// Seconds with at most three decimals, as milliseconds, within [`MAX_SECONDS`].
    fn millis(&mut self) -> Sure<u64> {
        let (whole, frac) = self.number()?;
        if whole > MAX_SECONDS || frac.len() > 3 {
            return Err(Unsure);
        }
        let mut ms = whole * 1000;
        let mut scale = 100;
        for d in frac {
            ms += u64::from(d - b'0') * scale;
            scale /= 10;
        }
        if ms > MAX_SECONDS * 1000 {
            return Err(Unsure);
        }
        Ok(ms)
    }

    fn literal(&mut self, word: &str) -> bool {
        let found = self
            .text
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(word));
        if found {
            self.pos += word.len();
        }
        found
    }

    /// After a member: `,` (true, another follows) or `close` (false).
    #[inline(always)]
    pub(crate) fn next(&mut self, close: u8) -> Sure<bool> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => Err(Unsure),
        }
    }

    /// `open` (`{` or `[`) and whether a first member follows (false: it was empty).
    pub(crate) fn open(&mut self, open: u8, close: u8) -> Sure<bool> {
        self.eat(open)?;
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(false);
        }
        Ok(true)
    }

    /// One request, `depth` calls below the root, read into `r` (a request as
    /// `Request::default()` makes it or `Request::clear_keeping_names` leaves it; written in
    /// place: a request is hundreds of bytes, and moving it was a quarter of the reading);
    /// `calls` counts downstream calls so far.
    pub(crate) fn request_into(
        &mut self,
        r: &mut Request,
        depth: usize,
        calls: &mut usize,
    ) -> Sure<()> {
        let mut more = self.open(b'{', b'}')?;
        // A key given twice is the exact reader's (it names the field).
        let mut seen = 0u16;
        while more {
            let key = self.string()?;
            self.eat(b':')?;
            let field = Field::of(key).ok_or(Unsure)?;
            let bit = field.bit();
            if seen & bit != 0 {
                return Err(Unsure);
            }
            seen |= bit;
            match field {
                Field::Model | Field::Status | Field::At | Field::ServiceTier | Field::Project => {
                    let text = self.string()?;
                    set_text(r, field, text).map_err(|_| Unsure)?;
                }
                Field::Usage => self.usage_into(&mut r.usage)?,
                Field::Limits => self.usage_into(&mut r.limits)?,
                Field::Inputs => r.inputs = self.inputs()?,
                Field::Downstream => self.downstream_into(&mut r.downstream, depth, calls)?,
                Field::Id => {
                    // Never read: a plain string or count is skipped here.
                    if self.peek() == Some(b'"') {
                        self.string()?;
                    } else {
                        self.count()?;
                    }
                }
            }
            more = self.next(b'}')?;
        }
        // A name not given is none, whatever buffer a reused request kept there.
        if seen & Field::Model.bit() == 0 {
            r.model = None;
        }
        if seen & Field::Project.bit() == 0 {
            r.project = None;
        }
        Ok(())
    }

    /// A `usage` (or `limits`) object, into `u` (empty: each key is given once).
    fn usage_into(&mut self, u: &mut Usage) -> Sure<()> {
        let mut more = self.open(b'{', b'}')?;
        while more {
            let key = self.string()?;
            self.eat(b':')?;
            let slot = u.slot(key).ok_or(Unsure)?;
            // Given twice: the exact reader's.
            if slot.is_some() {
                return Err(Unsure);
            }
            *slot = Some(if key.ends_with("seconds") {
                self.millis()?
            } else {
                self.count()?
            });
            more = self.next(b'}')?;
        }
        Ok(())
    }

    /// Inputs whose values are plain strings, counts and booleans.
    fn inputs(&mut self) -> Sure<Map<String, Value>> {
        let mut map = Map::new();
        let mut more = self.open(b'{', b'}')?;
        while more {
            let key = self.string()?;
            self.eat(b':')?;
            let value = match self.peek() {
                Some(b'"') => Value::from(self.string()?),
                Some(b't') if self.literal("true") => Value::Bool(true),
                Some(b'f') if self.literal("false") => Value::Bool(false),
                _ => Value::from(self.count()?),
            };
            if map.insert(key.to_string(), value).is_some() {
                return Err(Unsure);
            }
            more = self.next(b'}')?;
        }
        Ok(map)
    }

    fn downstream_into(
        &mut self,
        out: &mut Vec<Request>,
        depth: usize,
        calls: &mut usize,
    ) -> Sure<()> {
        let mut more = self.open(b'[', b']')?;
        while more {
            *calls += 1;
            if depth >= MAX_DOWNSTREAM_DEPTH || *calls > MAX_DOWNSTREAM_CALLS {
                return Err(Unsure);
            }
            out.push(Request::default());
            let call = out.last_mut().ok_or(Unsure)?;
            self.request_into(call, depth + 1, calls)?;
            more = self.next(b']')?;
        }
        Ok(())
    }

    /// Skips one JSON value of any form, checking only that strings and brackets close:
    /// where a record the quick reader does not take ends, so that the exact reader reads
    /// just that record (and the quick one goes on after it).
    pub(crate) fn skip_value(&mut self) -> Sure<()> {
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        loop {
            match self.peek().ok_or(Unsure)? {
                b'"' => {
                    self.pos += 1;
                    loop {
                        match bytes.get(self.pos).ok_or(Unsure)? {
                            b'"' => break,
                            b'\\' => self.pos += 2,
                            _ => self.pos += 1,
                        }
                    }
                    self.pos += 1;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1).ok_or(Unsure)?;
                    self.pos += 1;
                }
                b',' | b':' if depth > 0 => {
                    self.pos += 1;
                    continue;
                }
                _ => {
                    // A number or a literal: up to the next delimiter.
                    let start = self.pos;
                    while self
                        .byte()
                        .is_some_and(|b| !b" \n\r\t,:]}[{\"".contains(&b))
                    {
                        self.pos += 1;
                    }
                    if self.pos == start {
                        return Err(Unsure);
                    }
                }
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }
}

/// Reads the request in `text` into `r` (as `Request::default()` makes it) if it is in the
/// plain form; false if not (`r` is then left part-read).
pub(crate) fn read_into(text: &str, r: &mut Request) -> bool {
    let mut reader = Reader::new(text);
    reader.request_into(r, 0, &mut 0).is_ok() && reader.at_end()
}

/// The request in `text`, if it is in the plain form.
#[cfg(test)]
pub(crate) fn request(text: &str) -> Option<Request> {
    let mut r = Request::default();
    read_into(text, &mut r).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{exact, Status};

    /// The quick reader's request, which must also be the exact reader's.
    fn quick(text: &str) -> Request {
        let fast = request(text).unwrap_or_else(|| panic!("not taken: {text}"));
        assert_eq!(Ok(&fast), exact::exact(text).as_ref(), "{text}");
        fast
    }

    fn refused(text: &str) {
        assert!(request(text).is_none(), "taken: {text}");
    }

    /// What a string's plain run is, byte by byte: the definition the word-wise
    /// `plain_len` must keep.
    fn plain_len_by_byte(rest: &[u8]) -> Option<usize> {
        let end = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        (rest.get(end) == Some(&b'"')).then_some(end)
    }

    /// Every byte value at every place of a word, among plain bytes of both halves of the
    /// byte range (a UTF-8 continuation byte is plain), and runs of every length around the
    /// word size: the word test finds each non-plain byte, and only those.
    #[test]
    fn plain_len_is_the_bytewise_run() {
        for fill in [b'a', 0x20, 0x7f, 0x80, 0xff, b'#', b']'] {
            for b in 0..=255u8 {
                for at in 0..8 {
                    let mut word = [fill; 8];
                    word[at] = b;
                    let plain = b != b'"' && b != b'\\' && b >= 0x20;
                    let flags = specials(u64::from_le_bytes(word));
                    assert_eq!(flags == 0, plain, "{word:?}");
                    if !plain {
                        assert_eq!(flags.trailing_zeros() / 8, at as u32, "{word:?}");
                    }
                }
                for len in 0..20 {
                    let mut text = vec![fill; len];
                    text.push(b);
                    text.extend_from_slice(b"xy\"z");
                    assert_eq!(plain_len(&text), plain_len_by_byte(&text), "{text:?}");
                }
            }
        }
        // 31 plain bytes, closed: the run is all of them; unclosed, there is none.
        let mut text = vec![b'k'; 31];
        assert_eq!(plain_len(&text), None);
        text.push(b'"');
        assert_eq!(plain_len(&text), Some(31));
    }

    #[test]
    fn takes_the_plain_forms() {
        let r = quick(
            r#" { "model" : "claude/opus-4-7", "usage": {"input_tokens": 1234567,
                "output_tokens": 0, "seconds": 3.25, "idle_seconds": 2},
                "at": "2026-10-01T10:00:00Z", "status": "failed", "id": "req_1",
                "inputs": {"quality": "high", "n": 2, "hd": true, "raw": false},
                "service_tier": "batch",
                "downstream": [{"model": "a"}, {}] } "#,
        );
        assert_eq!(r.model.as_deref(), Some("claude/opus-4-7"));
        assert_eq!(r.usage.input_tokens, Some(1_234_567));
        assert_eq!(r.usage.output_tokens, Some(0));
        assert_eq!(r.usage.active_ms, Some(3_250));
        assert_eq!(r.usage.idle_ms, Some(2_000));
        assert_eq!(r.status, Status::Failed);
        assert_eq!(r.service_tier.as_deref(), Some("batch"));
        assert_eq!(r.inputs.get("n"), Some(&Value::from(2u64)));
        assert_eq!(r.inputs.get("hd"), Some(&Value::Bool(true)));
        assert_eq!(r.downstream.len(), 2);
        assert_eq!(
            r.at.map(|t| t.unix_seconds()),
            Some(1_790_848_800),
            "2026-10-01T10:00:00Z"
        );
        quick("{}");
        quick(r#"{"usage":{}}"#);
        quick(r#"{"usage":{"seconds":0.001,"setup_seconds":366}}"#);
        quick(r#"{"usage":{"images":999999999999999}}"#);
        quick(r#"{"downstream":[]}"#);
        quick(r#"{"model":"café/☕"}"#);
        quick(r#"{"id":7}"#);
    }

    #[test]
    fn leaves_everything_else_to_the_exact_reader() {
        for text in [
            r#"{"model":"a\"b"}"#,
            r#"{"model":null}"#,
            r#"{"model":""}"#,
            r#"{"model":"a","model":"b"}"#,
            r#"{"usage":{"images":1,"images":2}}"#,
            r#"{"usage":{"images":1.0}}"#,
            r#"{"usage":{"images":1e3}}"#,
            r#"{"usage":{"images":-1}}"#,
            r#"{"usage":{"images":01}}"#,
            r#"{"usage":{"images":1234567890123456}}"#,
            r#"{"usage":{"seconds":0.0004}}"#,
            r#"{"usage":{"seconds":31622400.5}}"#,
            r#"{"usage":{"images":null}}"#,
            r#"{"usage":{"image":1}}"#,
            r#"{"inputs":{"guidance":7.5}}"#,
            r#"{"inputs":{"a":1,"a":2}}"#,
            r#"{"inputs":{"a":[1]}}"#,
            r#"{"status":"done"}"#,
            r#"{"at":"yesterday"}"#,
            r#"{"id":{"x":1}}"#,
            r#"{"extra":1}"#,
            r#"{"model":"a",}"#,
            r#"{"model":"a"} x"#,
            r#"{"model":"a""#,
            "[]",
            "",
        ] {
            refused(text);
        }
        let mut deep = r#"{"model":"a"}"#.to_string();
        for _ in 0..MAX_DOWNSTREAM_DEPTH {
            deep = format!(r#"{{"downstream":[{deep}]}}"#);
        }
        quick(&deep);
        refused(&format!(r#"{{"downstream":[{deep}]}}"#));
    }

    #[test]
    fn skips_any_value_to_its_end() {
        for (text, end) in [
            (r#"{"a":[1,{"b":"}\"]"}],"c":null} ,"#, 31),
            ("  12.5e3 ]", 8),
            (r#""x\\" ,"#, 5),
            ("[[],{}]", 7),
        ] {
            let mut r = Reader::new(text);
            r.skip_value().unwrap();
            assert_eq!(r.pos(), end, "{text}");
        }
        for text in ["", "]", r#"{"a":"#, r#""open"#] {
            assert!(Reader::new(text).skip_value().is_err(), "{text}");
        }
    }

    /// Generated request texts: every key, plain and unusual values, unknown and repeated
    /// keys, odd spacing, and (sometimes) a byte cut off or changed. About half are in the
    /// plain form (most with usage, inputs or downstream calls); the rest test the refusals.
    #[cfg(not(target_arch = "wasm32"))]
    mod generated {
        use super::*;
        use proptest::prelude::*;
        use proptest::sample::{select, subsequence};

        const PLAIN_COUNTS: &[&str] = &["0", "1", "7", "1024", "999999999999999"];
        const PLAIN_SECONDS: &[&str] = &["0", "3.25", "0.001", "0.1", "12345.678", "31622400"];
        const NUMBERS: &[&str] = &[
            "01",
            "-0",
            "-1",
            "1.0",
            "1.5",
            "0.0004",
            "0.0005",
            "1e3",
            "1E-3",
            "2.5e2",
            "1234567890123456",
            "9007199254740992",
            "31622400.001",
            "31622399.9999",
            "1e400",
        ];
        const OTHERS: &[&str] = &[
            "null",
            "true",
            "false",
            r#""5""#,
            "[1]",
            "{}",
            r#""""#,
            r#""a\"b""#,
            r#""\u00e9""#,
            "[]",
            r#"{"a":1}"#,
            r#""2026-02-30T10:00:00Z""#,
            r#""yesterday""#,
            r#""done""#,
        ];
        const MODELS: &[&str] = &[r#""gpt/4o""#, r#""claude/opus-4-7""#, r#""café/☕""#];
        const TIMES: &[&str] = &[
            r#""2026-10-01T10:00:00Z""#,
            r#""2026-10-01T10:00:00.5+02:00""#,
        ];
        const STATUSES: &[&str] = &[r#""succeeded""#, r#""failed""#, r#""cancelled""#];
        const WORDS: &[&str] = &[r#""batch""#, r#""medium""#, r#""1024x1024""#, r#""req_1""#];
        const KEYS: &[&str] = &[
            "model",
            "usage",
            "inputs",
            "at",
            "status",
            "service_tier",
            "downstream",
            "limits",
            "id",
        ];

        fn odd() -> BoxedStrategy<String> {
            prop_oneof![select(NUMBERS), select(OTHERS)]
                .prop_map(str::to_string)
                .boxed()
        }

        /// Mostly `good`, sometimes anything unusual.
        fn mostly(good: &'static [&'static str]) -> BoxedStrategy<String> {
            prop_oneof![12 => select(good).prop_map(str::to_string), 1 => odd()].boxed()
        }

        fn space() -> impl Strategy<Value = &'static str> {
            prop_oneof![6 => Just(""), 1 => Just(" "), 1 => Just("\n\t ")]
        }

        /// Keys in some order; now and then one twice, or an unknown one.
        fn keys(all: &'static [&'static str], max: usize) -> BoxedStrategy<Vec<&'static str>> {
            let odd_keys = prop_oneof![select(all), Just("extra"), Just("mode\\u006c")];
            prop_oneof![
                8 => subsequence(all, 0..max).prop_shuffle(),
                1 => proptest::collection::vec(odd_keys, 0..max),
            ]
            .boxed()
        }

        fn object(members: Vec<(&str, String)>, ws: &str) -> String {
            let inner: Vec<String> = members
                .into_iter()
                .map(|(k, v)| format!("{ws}\"{k}\"{ws}:{ws}{v}{ws}"))
                .collect();
            format!("{{{}}}", inner.join(","))
        }

        /// An object whose values come from `value(key)`.
        fn members(
            all: &'static [&'static str],
            max: usize,
            value: impl Fn(&'static str) -> BoxedStrategy<String> + Clone + 'static,
        ) -> BoxedStrategy<String> {
            (keys(all, max), space())
                .prop_flat_map(move |(ks, ws)| {
                    let values: Vec<_> = ks.iter().map(|k| value(k)).collect();
                    (Just(ks), values, Just(ws))
                })
                .prop_map(|(ks, vs, ws)| object(ks.into_iter().zip(vs).collect(), ws))
                .boxed()
        }

        fn usage() -> BoxedStrategy<String> {
            members(crate::request::USAGE_FIELDS, 4, |key| {
                mostly(if key.ends_with("seconds") {
                    PLAIN_SECONDS
                } else {
                    PLAIN_COUNTS
                })
            })
        }

        fn inputs() -> BoxedStrategy<String> {
            members(&["quality", "size", "duration", "n", ""], 4, |_| {
                prop_oneof![
                    2 => select(PLAIN_COUNTS).prop_map(str::to_string),
                    2 => select(WORDS).prop_map(str::to_string),
                    1 => Just("true".to_string()),
                    1 => odd(),
                ]
                .boxed()
            })
        }

        fn request_with(downstream: BoxedStrategy<String>) -> BoxedStrategy<String> {
            members(KEYS, 6, move |key| match key {
                "model" => mostly(MODELS),
                "at" => mostly(TIMES),
                "status" => mostly(STATUSES),
                "service_tier" | "id" => mostly(WORDS),
                "usage" | "limits" => prop_oneof![5 => usage(), 1 => odd()].boxed(),
                "inputs" => prop_oneof![5 => inputs(), 1 => odd()].boxed(),
                "downstream" => prop_oneof![5 => downstream.clone(), 1 => odd()].boxed(),
                _ => odd(),
            })
        }

        fn request_text() -> impl Strategy<Value = String> {
            request_with(Just("[]".to_string()).boxed()).prop_recursive(3, 12, 2, |inner| {
                request_with(
                    proptest::collection::vec(inner, 0..3)
                        .prop_map(|rs| format!("[{}]", rs.join(",")))
                        .boxed(),
                )
            })
        }

        /// A text, sometimes with one byte cut off or changed.
        fn text() -> impl Strategy<Value = String> {
            (
                request_text(),
                0..16usize,
                any::<prop::sample::Index>(),
                any::<u8>(),
            )
                .prop_map(|(t, damage, at, b)| {
                    let mut bytes = t.into_bytes();
                    let i = at.index(bytes.len().max(1));
                    match damage {
                        0 => bytes.truncate(i),
                        1 if i < bytes.len() => bytes[i] = b & 0x7f,
                        _ => {}
                    }
                    String::from_utf8_lossy(&bytes).into_owned()
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4000))]

            /// The word-wise run is the byte-wise one on any bytes.
            #[test]
            fn plain_len_matches_bytewise(bytes in proptest::collection::vec(
                prop_oneof![Just(b'"'), Just(b'\\'), Just(0x1fu8), Just(b'a'), Just(0xc3u8), any::<u8>()],
                0..40,
            )) {
                prop_assert_eq!(plain_len(&bytes), plain_len_by_byte(&bytes));
            }

            /// What the quick reader takes, the exact reader reads to the same request.
            #[test]
            fn fast_matches_exact(text in text()) {
                if let Some(fast) = super::request(&text) {
                    prop_assert_eq!(exact::exact(&text), Ok(fast), "{}", text);
                }
            }

            /// And it takes the plain form: records with only plain values.
            #[test]
            fn fast_takes_plain_records(
                model in proptest::sample::select(&["gpt/4o", "a/b", "café/☕"][..]),
                input in 0u64..1_000_000_000_000_000,
                output in 0u64..10_000,
                millis in 0u64..100_000_000,
                day in 1u32..29,
                ws in space(),
            ) {
                let text = format!(
                    r#"{{{ws}"model":"{model}","usage":{{"input_tokens":{input},{ws}"output_tokens":{output},"seconds":{}.{:03}}},"at":"2026-02-{day:02}T23:59:59Z","inputs":{{"size":"1024x1024","n":2,"hd":false}},"downstream":[{{"model":"x"}}]}}"#,
                    millis / 1000,
                    millis % 1000,
                );
                let r = super::request(&text);
                prop_assert!(r.is_some(), "{}", text);
                let r = r.unwrap_or_default();
                prop_assert_eq!(r.usage.input_tokens, Some(input));
                prop_assert_eq!(r.usage.active_ms, Some(millis));
                prop_assert_eq!(exact::exact(&text), Ok(r));
            }
        }
    }
}
