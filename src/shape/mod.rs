//! Billing shapes: each is one variant of [`Billing`] and one module holding its catalog
//! form (`parse`) and its pricing rule (`price`).

pub mod conditional;
pub mod hardware;
pub mod megapixel;
pub mod seconds;
pub mod tokens;
pub mod unit;

use crate::bill::Ctx;
use crate::catalog::HardwareTier;
use crate::error::Error;
use crate::json::Obj;

/// How a model is billed.
#[derive(Clone, Debug, PartialEq)]
pub enum Billing {
    /// Per token, with optional cached-input rate and long-context tier.
    PerToken(tokens::TokenRates),
    /// A flat fee per call, image, video or prediction.
    PerUnit(unit::PerUnit),
    /// Per second of measured run time or of media duration.
    PerSecond(seconds::PerSecond),
    /// Per compute second on a hardware tier.
    Hardware(hardware::HardwareBilling),
    /// Per megapixel of output.
    PerMegapixel(megapixel::PerMegapixel),
    /// A rate table indexed by named inputs.
    Conditional(conditional::Conditional),
}

impl Billing {
    /// The catalog name of the shape.
    pub fn shape(&self) -> &'static str {
        match self {
            Billing::PerToken(_) => "per_token",
            Billing::PerUnit(_) => "per_unit",
            Billing::PerSecond(_) => "per_second",
            Billing::Hardware(_) => "hardware",
            Billing::PerMegapixel(_) => "per_megapixel",
            Billing::Conditional(_) => "conditional",
        }
    }

    pub(crate) fn parse(o: &Obj, hardware: &[HardwareTier]) -> Result<Billing, Error> {
        let shape = o.str("shape", 64)?;
        Ok(match shape {
            "per_token" => Billing::PerToken(tokens::TokenRates::parse(o)?),
            "per_unit" => Billing::PerUnit(unit::PerUnit::parse(o)?),
            "per_second" => Billing::PerSecond(seconds::PerSecond::parse(o)?),
            "hardware" => Billing::Hardware(hardware::HardwareBilling::parse(o, hardware)?),
            "per_megapixel" => Billing::PerMegapixel(megapixel::PerMegapixel::parse(o)?),
            "conditional" => Billing::Conditional(conditional::Conditional::parse(o)?),
            other => {
                return Err(o.err(
                    "shape",
                    format!(
                        "unknown shape {other:?}; expected per_token, per_unit, per_second, \
                         hardware, per_megapixel or conditional"
                    ),
                ))
            }
        })
    }

    pub(crate) fn price(&self, cx: &mut Ctx) -> Result<(), Error> {
        match self {
            Billing::PerToken(b) => b.price(cx),
            Billing::PerUnit(b) => b.price(cx),
            Billing::PerSecond(b) => b.price(cx),
            Billing::Hardware(b) => b.price(cx),
            Billing::PerMegapixel(b) => b.price(cx),
            Billing::Conditional(b) => b.price(cx),
        }
    }
}

/// Reads a rate: a whole number of micros, at most 2^53 − 1.
pub(crate) fn rate(o: &Obj, key: &str) -> Result<u64, Error> {
    o.count(key)
}

/// Reads an optional rate.
pub(crate) fn opt_rate(o: &Obj, key: &str) -> Result<Option<u64>, Error> {
    o.opt_count(key)
}

/// Reads a required duration in seconds (catalog typical/default values) as milliseconds.
pub(crate) fn millis(o: &Obj, key: &str) -> Result<u64, Error> {
    o.opt_millis(key)?.ok_or_else(|| o.err(key, "is required"))
}
