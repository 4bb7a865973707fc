//! The one rounding rule, and the quantity rounding price lists state.
//!
//! [`divide`] is the only place a quotient is rounded: a line item's micros (`quantity ×
//! rate ÷ per`, half-up) and a price list's quantity steps (ceiling, floor or half-up) both
//! go through it.

use crate::unit::Unit;

/// How a quotient (or a quantity, to steps) is rounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundingMode {
    /// Up to the next whole step (billed per started step).
    Ceiling,
    /// Down to a whole step.
    Floor,
    /// To the nearest step, halves up (never to even).
    HalfUp,
}

impl RoundingMode {
    /// The catalog name.
    pub fn name(self) -> &'static str {
        match self {
            RoundingMode::Ceiling => "ceiling",
            RoundingMode::Floor => "floor",
            RoundingMode::HalfUp => "half_up",
        }
    }
}

/// The unsigned integers [`divide`] works in: `u64`, the fast path (wasm divides it in one
/// instruction), and `u128`, where a product passes 64 bits.
pub trait Whole: Copy + PartialOrd {
    #[doc(hidden)]
    const ZERO: Self;
    #[doc(hidden)]
    fn quotient_and_rest(self, by: Self) -> Option<(Self, Self)>;
    #[doc(hidden)]
    fn gap(self, to: Self) -> Self;
    #[doc(hidden)]
    fn add_one(self) -> Option<Self>;
}

macro_rules! whole {
    ($($t:ty),*) => {$(
        impl Whole for $t {
            const ZERO: Self = 0;
            #[inline]
            fn quotient_and_rest(self, by: Self) -> Option<(Self, Self)> {
                Some((self.checked_div(by)?, self.checked_rem(by)?))
            }
            #[inline]
            fn gap(self, to: Self) -> Self {
                to.saturating_sub(self)
            }
            #[inline]
            fn add_one(self) -> Option<Self> {
                self.checked_add(1)
            }
        }
    )*};
}
whole!(u64, u128);

/// `numerator ÷ denominator`, rounded to a whole number by `mode`; `None` for a zero
/// denominator (or a result past the type).
///
/// Half-up is the money rule, applied once per line item; the other modes are quantity
/// rounding (as steps: see [`Rounding::apply`]):
///
/// ```
/// use tariff::rounding::{divide, RoundingMode::{Ceiling, Floor, HalfUp}};
/// // 1,001 tokens at $0.18 / 1M: 180.18 micros -> 180.
/// assert_eq!(divide(1_001u64 * 180_000, 1_000_000, HalfUp), Some(180));
/// // 25 tokens at $0.18 / 1M: 4.5 -> 5 (half-up, not to even); 24 tokens: 4.32 -> 4.
/// assert_eq!(divide(25u64 * 180_000, 1_000_000, HalfUp), Some(5));
/// assert_eq!(divide(24u64 * 180_000, 1_000_000, HalfUp), Some(4));
/// // 1024 × 1024 px at $0.02 / MP: 20,971.52 -> 20,972.
/// assert_eq!(divide(1_048_576u128 * 20_000, 1_000_000, HalfUp), Some(20_972));
/// // 3.2 s in started seconds: 4; floored: 3; 2.5 s half-up: 3.
/// assert_eq!(divide(3_200u64, 1_000, Ceiling), Some(4));
/// assert_eq!(divide(3_200u64, 1_000, Floor), Some(3));
/// assert_eq!(divide(2_500u64, 1_000, HalfUp), Some(3));
/// assert_eq!(divide(1u64, 0, HalfUp), None);
/// ```
#[inline]
pub fn divide<T: Whole>(numerator: T, denominator: T, mode: RoundingMode) -> Option<T> {
    let (whole, rest) = numerator.quotient_and_rest(denominator)?;
    let up = match mode {
        RoundingMode::Ceiling => rest > T::ZERO,
        RoundingMode::Floor => false,
        // 2 × rest >= denominator, written so that it cannot overflow.
        RoundingMode::HalfUp => rest >= rest.gap(denominator),
    };
    if up {
        whole.add_one()
    } else {
        Some(whole)
    }
}

/// Quantity rounding: every metered quantity of a shape (seconds, megapixels per image,
/// tokens of each line) is rounded to a multiple of `step`, in the unit the price is quoted
/// in, before pricing. Counts (images, calls) are whole already.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rounding {
    /// How.
    pub mode: RoundingMode,
    /// The step, in the price's unit (`1` second, `1000` tokens).
    pub step: u64,
}

impl Rounding {
    /// `quantity` (in `unit`) rounded to whole steps; counts are returned as they are.
    /// `None` on overflow.
    ///
    /// ```
    /// use tariff::rounding::{Rounding, RoundingMode};
    /// use tariff::unit::Unit;
    /// let started_second = Rounding { mode: RoundingMode::Ceiling, step: 1 };
    /// assert_eq!(started_second.apply(3_200, Unit::Millisecond), Some(4_000));
    /// let thousands = Rounding { mode: RoundingMode::Floor, step: 1_000 };
    /// assert_eq!(thousands.apply(2_500, Unit::Token), Some(2_000));
    /// assert_eq!(thousands.apply(7, Unit::Image), Some(7));
    /// ```
    pub fn apply(self, quantity: u64, unit: Unit) -> Option<u64> {
        let Some(scale) = unit.metered_scale() else {
            return Some(quantity);
        };
        let step = self.step.checked_mul(scale)?;
        divide(quantity, step, self.mode)?.checked_mul(step)
    }
}
