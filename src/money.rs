//! Integer money: the [`Micros`] newtype, the one rounding rule, and USD display.
//!
//! 1 USD = 1,000,000 micros. Rates are integers (micros per a stated quantity);
//! a line item's exact value `quantity × rate ÷ per` is a rational number, computed
//! in `u128` and rounded **once**, half-up, to a whole micro ([`round_half_up`]).

use crate::error::Error;
use crate::rounding::{divide, RoundingMode};
// Dollar display lives with the other display helpers; these paths are kept.
pub use crate::display::{decimal_usd, format_usd, format_usd_cents, parse_usd};
use serde::Serialize;

/// The largest micros value any result may carry: 2^53 − 1, so that every amount is
/// exact as a JavaScript number. Anything above is [`Error::Overflow`].
pub const MAX_SAFE_MICROS: u64 = tariff_request::json::MAX_COUNT;

/// Micros in one US dollar.
pub const MICROS_PER_USD: u64 = 1_000_000;

/// A non-negative amount of money in whole micros, never above [`MAX_SAFE_MICROS`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Micros(u64);

impl Micros {
    /// Zero micros.
    pub const ZERO: Micros = Micros(0);

    /// Wraps a raw count of micros; above [`MAX_SAFE_MICROS`] is an overflow of `what`.
    pub fn new(value: u64, what: &str) -> Result<Self, Error> {
        if value > MAX_SAFE_MICROS {
            return Err(Error::overflow(what));
        }
        Ok(Micros(value))
    }

    /// The raw count of micros.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// `self + other`, or an overflow of `what` past [`MAX_SAFE_MICROS`].
    pub fn checked_add(self, other: Micros, what: &str) -> Result<Micros, Error> {
        match self.0.checked_add(other.0) {
            Some(sum) => Micros::new(sum, what),
            None => Err(Error::overflow(what)),
        }
    }

    /// `self − other`, floored at zero.
    pub const fn saturating_sub(self, other: Micros) -> Micros {
        Micros(self.0.saturating_sub(other.0))
    }

    /// The dollar string of this amount, as [`format_usd`] writes it.
    pub fn to_usd(self) -> String {
        format_usd(self.0)
    }

    /// The dollars as inline text (no allocation).
    pub fn usd(self) -> crate::display::Usd {
        crate::display::Usd::of(self.0)
    }
}

/// Rounds the rational `numerator ÷ denominator` to a whole number, half-up: the money
/// rule, applied once per line item ([`crate::rounding::divide`] with `HalfUp`, whose
/// documentation has the worked examples). Returns `None` for a zero denominator.
pub fn round_half_up(numerator: u128, denominator: u128) -> Option<u128> {
    divide(numerator, denominator, RoundingMode::HalfUp)
}

/// The micros of one line item: `quantity × rate ÷ per`, exact, then rounded half-up once.
///
/// `quantity` is in the line's base unit (tokens, milliseconds, pixels, images), `rate` is
/// integer micros per `per` of that unit (e.g. per 1,000,000 tokens). `what` names the item
/// in an overflow error.
pub fn line_micros(quantity: u128, rate: u64, per: u64, what: &str) -> Result<Micros, Error> {
    exact_line(quantity, rate, per).ok_or_else(|| Error::overflow(what))
}

/// [`line_micros`] without building an error: `None` on overflow (the hot path names the
/// field only when it fails).
#[inline(always)]
pub(crate) fn exact_line(quantity: u128, rate: u64, per: u64) -> Option<Micros> {
    // Nearly every line has both factors below 2^32: their product cannot overflow 64 bits
    // (no overflow test, which wasm32 makes with a 128-bit multiplication call) and wasm
    // divides it in one instruction (u128 division is a library call). Inlined where it is
    // priced, with everything else in `wide_line`. The same rounding either way.
    let fits = |q: u64| q <= u64::from(u32::MAX) && rate <= u64::from(u32::MAX);
    let rounded = match u64::try_from(quantity).ok().filter(|q| fits(*q)) {
        Some(q) => divide(q * rate, per, RoundingMode::HalfUp)?,
        None => wide_line(quantity, rate, per)?,
    };
    Some(rounded).filter(|v| *v <= MAX_SAFE_MICROS).map(Micros)
}

/// [`exact_line`]'s rounded micros for factors of 32 bits or more.
#[cold]
#[inline(never)]
fn wide_line(quantity: u128, rate: u64, per: u64) -> Option<u64> {
    match u64::try_from(quantity)
        .ok()
        .and_then(|q| q.checked_mul(rate))
    {
        Some(numerator) => divide(numerator, per, RoundingMode::HalfUp),
        None => {
            let numerator = quantity.checked_mul(u128::from(rate))?;
            u64::try_from(divide(numerator, u128::from(per), RoundingMode::HalfUp)?).ok()
        }
    }
}

impl Micros {
    /// `self + other`, or `None` past [`MAX_SAFE_MICROS`].
    pub(crate) fn add(self, other: Micros) -> Option<Micros> {
        self.0
            .checked_add(other.0)
            .filter(|v| *v <= MAX_SAFE_MICROS)
            .map(Micros)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_examples_from_the_docs() {
        // 180.18 -> 180
        assert_eq!(round_half_up(18018, 100), Some(180));
        // 4.5 -> 5 (half-up, not banker's)
        assert_eq!(round_half_up(45, 10), Some(5));
        // 5.5 -> 6 and 6.5 -> 7: half-up, never to even
        assert_eq!(round_half_up(55, 10), Some(6));
        assert_eq!(round_half_up(65, 10), Some(7));
        assert_eq!(round_half_up(44_999, 10_000), Some(4));
        assert_eq!(round_half_up(1, 0), None);
    }

    #[test]
    fn lines_past_64_bits_round_as_those_within() {
        // The same line with its product just within and just past 2^64 (the u64 and u128
        // paths): 2^64 - 1 = 18,446,744,073,709,551,615.
        let max = u128::from(u64::MAX);
        assert_eq!(
            exact_line(max, 1, 1 << 20),
            Some(Micros(17_592_186_044_416))
        );
        assert_eq!(
            exact_line(max + 1, 1, 1 << 20),
            Some(Micros(17_592_186_044_416))
        );
        // 3 × 6,148,914,691,236,517,205 = 2^64 - 1; one more quantity is 2^64 + 2.
        assert_eq!(
            exact_line(6_148_914_691_236_517_205, 3, 1_000_000),
            Some(Micros(18_446_744_073_710))
        );
        assert_eq!(
            exact_line(6_148_914_691_236_517_206, 3, 1_000_000),
            Some(Micros(18_446_744_073_710))
        );
        // Halves round up on both paths: 5 / 10 -> 1.
        assert_eq!(exact_line(5, 1, 10), Some(Micros(1)));
        assert_eq!(exact_line(1, 1, 0), None);
    }

    #[test]
    fn products_either_side_of_the_unchecked_bound() {
        let m = u64::from(u32::MAX);
        // (2^32 - 1)^2 = 18,446,744,065,119,617,025 (unchecked: both factors below 2^32);
        // / 1M = 18,446,744,065,119.617025 -> 18,446,744,065,120.
        assert_eq!(
            exact_line(u128::from(m), m, 1_000_000),
            Some(Micros(18_446_744_065_120))
        );
        // 2^32 x 2^32 = 2^64 = 18,446,744,073,709,551,616 (past u64: the 128-bit path);
        // / 1M = 18,446,744,073,709.551616 -> 18,446,744,073,710.
        assert_eq!(
            exact_line(1 << 32, 1 << 32, 1_000_000),
            Some(Micros(18_446_744_073_710))
        );
        // One factor past 2^32, the product within u64: the checked path.
        // 2^33 x 3 = 25,769,803,776; / 7 = 3,681,400,539.43 -> 3,681,400,539.
        assert_eq!(exact_line(1 << 33, 3, 7), Some(Micros(3_681_400_539)));
        assert_eq!(exact_line(3, 1 << 33, 7), Some(Micros(3_681_400_539)));
    }

    #[test]
    fn line_item_of_gpt_4o_mini_input() {
        // 1,001 tokens at $0.18 / 1M = 180.18 micros -> 180
        assert_eq!(
            line_micros(1001, 180_000, 1_000_000, "x").unwrap().get(),
            180
        );
    }

    #[test]
    fn overflow_past_two_to_the_53() {
        assert!(Micros::new(MAX_SAFE_MICROS, "x").is_ok());
        let err = Micros::new(MAX_SAFE_MICROS + 1, "total").unwrap_err();
        assert_eq!(err.code(), "overflow");
        let err = line_micros(u128::MAX, 2, 1, "input_tokens").unwrap_err();
        assert_eq!(err.code(), "overflow");
        let a = Micros::new(MAX_SAFE_MICROS, "a").unwrap();
        let one = Micros::new(1, "b").unwrap();
        assert_eq!(a.checked_add(one, "total").unwrap_err().code(), "overflow");
    }
}
