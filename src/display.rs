//! Display: how amounts read in results and messages. Nothing here is on the money path
//! (no rounding that bills); every surface writes the same text from it.

use crate::money::{round_half_up, MICROS_PER_USD};
use crate::unit::Unit;

/// Formats micros as US dollars: `$30.233286`, `$3.60`, `$0.02`, `$0.000123`.
///
/// All six decimals are kept where they are non-zero; trailing zeros are trimmed down to
/// at least cents. Exact: no rounding happens here.
pub fn format_usd(micros: u64) -> String {
    Usd::of(micros).as_str().to_string()
}

/// Dollars as text ([`format_usd`]'s), held inline: an estimate's `total_usd` costs no
/// allocation. Reads as a `&str` (`Deref`), compares with one and serializes as one.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Usd {
    /// The text is `bytes[start..]`, written from the end; the bytes before it stay zero, so
    /// equal texts are equal values.
    start: u8,
    // `$18446744073709.551615` (u64::MAX micros) is 22 bytes.
    bytes: [u8; 22],
}

impl Usd {
    /// `micros` as dollars.
    pub fn of(micros: u64) -> Usd {
        // Written backwards from the last byte, in place: the decimals trimmed of trailing
        // zeros down to cents, the point, the whole dollars, the sign.
        let mut bytes = [0u8; 22];
        let mut at = bytes.len();
        let mut put = |b: u8| {
            at = at.saturating_sub(1);
            if let Some(slot) = bytes.get_mut(at) {
                *slot = b;
            }
        };
        let mut f = micros % MICROS_PER_USD;
        let mut decimals = 6;
        while decimals > 2 && f % 10 == 0 {
            f /= 10;
            decimals -= 1;
        }
        for _ in 0..decimals {
            put(b'0' + digit(f));
            f /= 10;
        }
        put(b'.');
        let mut n = micros / MICROS_PER_USD;
        loop {
            put(b'0' + digit(n));
            n /= 10;
            if n == 0 {
                break;
            }
        }
        put(b'$');
        Usd {
            // At most 22 bytes are written (the longest text).
            start: u8::try_from(at).unwrap_or(0),
            bytes,
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        let bytes = self
            .bytes
            .get(usize::from(self.start)..)
            .unwrap_or_default();
        // Only ASCII digits, `$` and `.` are ever written.
        std::str::from_utf8(bytes).unwrap_or_default()
    }
}

/// The last decimal digit of `n`.
#[allow(
    clippy::cast_possible_truncation,
    reason = "a remainder of 10 fits a u8"
)]
fn digit(n: u64) -> u8 {
    (n % 10) as u8
}

impl std::ops::Deref for Usd {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Usd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Usd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for Usd {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Usd {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Usd {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl serde::Serialize for Usd {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Reads dollars as a person types them (`12.5`, `$0.000125`, `1000`) into exact micros:
/// digits, an optional `$` before them and at most six decimals; no sign, no separators, no
/// exponent. The message says what is wrong.
pub fn parse_usd(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let t = t.strip_prefix('$').unwrap_or(t);
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || !digits(whole) || !digits(frac) {
        return Err(format!(
            "must be dollars such as 12.50 (digits, at most six decimals), not {text:?}"
        ));
    }
    if frac.len() > 6 {
        return Err(format!(
            "has more than six decimals (a micro is $0.000001): {text:?}"
        ));
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole
            .parse()
            .map_err(|_| format!("is too large: {text:?}"))?
    };
    let frac: u64 = format!("{frac:0<6}").parse().unwrap_or(0);
    whole
        .checked_mul(MICROS_PER_USD)
        .and_then(|m| m.checked_add(frac))
        .filter(|m| *m <= crate::money::MAX_SAFE_MICROS)
        .ok_or_else(|| format!("is more than 2^53 - 1 micros: {text:?}"))
}

/// Formats micros as US dollars rounded half-up to the cent (`$3.60`), as the price list
/// prints per-token prices ("rounded to the cent"). Display only; never used to bill.
pub fn format_usd_cents(micros: u64) -> String {
    let cents = round_half_up(u128::from(micros), 10_000).unwrap_or(0);
    format!("${}.{:02}", cents / 100, cents % 100)
}

/// Formats micros as a plain decimal number of dollars, without `$` and without trailing
/// zeros (`0.03`, `1.12`, `0.000225`, `3`): the `amount` of a `/v1/models` price.
pub fn decimal_usd(micros: u64) -> String {
    decimal(micros, 6, false)
}

/// Formats milliseconds as seconds for assumptions (`12000` -> `12 s`, `1500` -> `1.5 s`).
pub fn seconds_text(ms: u64) -> String {
    format!("{} s", decimal(ms, 3, false))
}

/// A whole number with thousands separators (`1,234,567`).
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.bytes().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(char::from(c));
    }
    out
}

/// `n / 10^places` as a decimal without trailing zeros, its thousands grouped or not
/// (`1234500, 3` -> `1,234.5` or `1234.5`): every decimal of the display but dollars.
fn decimal(n: u64, places: u32, group: bool) -> String {
    let scale = 10u64.pow(places);
    let (whole, fraction) = (n / scale, n % scale);
    let mut out = if group {
        grouped(whole)
    } else {
        whole.to_string()
    };
    if fraction != 0 {
        out.push('.');
        // `fraction` with its leading zeros, less its trailing ones.
        let digits = (scale + fraction).to_string();
        out.push_str(digits.get(1..).unwrap_or_default().trim_end_matches('0'));
    }
    out
}

/// A line item's quantity and rate in words, as a bill shows them: `1,500 tokens`, `12.5 s`,
/// `2.097152 MP`, `3 images`; `$3.00 / 1M tokens`, `$0.0014 / second`, `$0.04 / image`. A
/// rate per an amount other than the unit's usual one (a service tier's exact fraction of a
/// rate) names its amount: `$1.00 / 3 tokens`. `None` for a unit no line item has.
pub fn line_text(
    unit: &str,
    quantity: u64,
    rate_micros: u64,
    rate_per: u64,
) -> Option<(String, String)> {
    let u = Unit::from_name(unit)?;
    let quantity = match u {
        Unit::Millisecond => format!("{} s", decimal(quantity, 3, true)),
        Unit::Pixel => format!("{} MP", decimal(quantity, 6, true)),
        _ => format!("{} {}", grouped(quantity), u.words(quantity)),
    };
    let per = if rate_per == u.rate_per() {
        match u {
            Unit::Token => "1M tokens",
            Unit::Millisecond => "second",
            Unit::Pixel => "megapixel",
            _ => u.words(1),
        }
        .to_string()
    } else {
        format!("{} {}", grouped(rate_per), u.words(rate_per))
    };
    Some((
        quantity,
        format!("{} / {per}", Usd::of(rate_micros).as_str()),
    ))
}

/// An amount of a quantity for messages (`64000 tokens`, `1800 s`).
pub(crate) fn amount(key: &str, value: u64) -> String {
    if key.ends_with("seconds") {
        seconds_text(value)
    } else if key.ends_with("tokens") {
        format!("{value} tokens")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::MAX_SAFE_MICROS;

    #[test]
    fn usd_display() {
        assert_eq!(format_usd(30_233_286), "$30.233286");
        assert_eq!(format_usd(3_600_000), "$3.60");
        assert_eq!(format_usd(20_000), "$0.02");
        assert_eq!(format_usd(123), "$0.000123");
        assert_eq!(format_usd(0), "$0.00");
        assert_eq!(format_usd(1_000_000), "$1.00");
        assert_eq!(format_usd(1_500_000), "$1.50");
        assert_eq!(format_usd(196_000), "$0.196");
        assert_eq!(format_usd(MAX_SAFE_MICROS), "$9007199254.740991");
    }

    #[test]
    fn cents_and_decimal_display() {
        assert_eq!(format_usd_cents(3_600_000), "$3.60");
        assert_eq!(format_usd_cents(90_000), "$0.09");
        assert_eq!(format_usd_cents(5_000), "$0.01");
        assert_eq!(format_usd_cents(4_999), "$0.00");
        assert_eq!(decimal_usd(30_000), "0.03");
        assert_eq!(decimal_usd(1_120_000), "1.12");
        assert_eq!(decimal_usd(225), "0.000225");
        assert_eq!(decimal_usd(3_000_000), "3");
    }

    #[test]
    fn seconds_and_amounts() {
        assert_eq!(seconds_text(12_000), "12 s");
        assert_eq!(seconds_text(1_500), "1.5 s");
        assert_eq!(seconds_text(318_143), "318.143 s");
        assert_eq!(amount("output_tokens", 64_000), "64000 tokens");
        assert_eq!(amount("seconds", 1_800_000), "1800 s");
        assert_eq!(amount("images", 3), "3");
    }
}

#[cfg(test)]
mod parse_tests {
    use super::{grouped, line_text, parse_usd};

    #[test]
    fn dollars_as_typed_are_exact_micros() {
        assert_eq!(parse_usd("12.5"), Ok(12_500_000));
        assert_eq!(parse_usd(" $0.000125 "), Ok(125));
        assert_eq!(parse_usd("1000"), Ok(1_000_000_000));
        assert_eq!(parse_usd(".25"), Ok(250_000));
        assert_eq!(parse_usd("3."), Ok(3_000_000));
        for bad in [
            "",
            "$",
            ".",
            "-1",
            "1e3",
            "1,000",
            "0.0000001",
            "12.5.1",
            "9007199255",
        ] {
            assert!(parse_usd(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn line_texts_read_as_a_bill_shows_them() {
        let t = |u, q, r, p| line_text(u, q, r, p).unwrap_or_default();
        // 1,234,567 tokens at $3 per million.
        assert_eq!(
            t("token", 1_234_567, 3_000_000, 1_000_000),
            ("1,234,567 tokens".into(), "$3.00 / 1M tokens".into())
        );
        assert_eq!(
            t("token", 1, 125_000, 1_000_000),
            ("1 token".into(), "$0.125 / 1M tokens".into())
        );
        // 12.5 s at $0.0014 a second; a megapixel image; a count.
        assert_eq!(
            t("millisecond", 12_500, 1_400, 1_000),
            ("12.5 s".into(), "$0.0014 / second".into())
        );
        assert_eq!(t("millisecond", 1_234_000, 1_400, 1_000).0, "1,234 s");
        assert_eq!(
            t("pixel", 2_097_152, 30_000, 1_000_000),
            ("2.097152 MP".into(), "$0.03 / megapixel".into())
        );
        assert_eq!(
            t("image", 3, 40_000, 1),
            ("3 images".into(), "$0.04 / image".into())
        );
        assert_eq!(
            t("web_search", 1, 10_000, 1),
            ("1 web search".into(), "$0.01 / web search".into())
        );
        // A service tier's exact fraction: 5/3 micros a token is 5 micros per 3 tokens.
        assert_eq!(t("token", 10, 5, 3).1, "$0.000005 / 3 tokens");
        assert_eq!(line_text("furlong", 1, 1, 1), None);
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(u64::MAX), "18,446,744,073,709,551,615");
    }
}
