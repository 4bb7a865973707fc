//! Per unit: a flat fee per call, image, video or prediction (`price` micros per unit).
//!
//! Every unit here is an output: a failed run pays none of them (see `Status`).

use super::rate;
use crate::bill::Ctx;
use crate::error::Error;
use crate::json::Obj;

/// What one fee buys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// One call of the model.
    Call,
    /// One image.
    Image,
    /// One video.
    Video,
    /// One prediction.
    Prediction,
}

impl Unit {
    pub(crate) fn parse(o: &Obj, key: &str) -> Result<Unit, Error> {
        Ok(match o.str(key, 32)? {
            "call" => Unit::Call,
            "image" => Unit::Image,
            "video" => Unit::Video,
            "prediction" => Unit::Prediction,
            other => {
                return Err(o.err(
                    key,
                    format!("unknown unit {other:?}; expected call, image, video or prediction"),
                ))
            }
        })
    }

    /// The singular name (`image`).
    pub fn name(self) -> &'static str {
        match self {
            Unit::Call => "call",
            Unit::Image => "image",
            Unit::Video => "video",
            Unit::Prediction => "prediction",
        }
    }

    /// The line item and usage key (`images`).
    pub fn plural(self) -> &'static str {
        match self {
            Unit::Call => "calls",
            Unit::Image => "images",
            Unit::Video => "videos",
            Unit::Prediction => "predictions",
        }
    }

    /// The usage field that counts this unit.
    pub fn usage_field(self) -> &'static str {
        match self {
            Unit::Call => "usage.calls",
            Unit::Image => "usage.images",
            Unit::Video => "usage.videos",
            Unit::Prediction => "usage.predictions",
        }
    }

    /// How many units the call produced: the reported count, or one (listed as assumed,
    /// except for calls: a request is one call).
    pub(crate) fn count(self, cx: &mut Ctx) -> u64 {
        let usage = &cx.usage;
        let reported = match self {
            Unit::Call => {
                return usage
                    .calls
                    .unwrap_or_else(|| cx.within_limits("usage.calls", 1))
            }
            Unit::Image => usage.images,
            Unit::Video => usage.videos,
            Unit::Prediction => usage.predictions,
        };
        cx.or_assume(reported, self.usage_field(), 1, self.name())
    }
}

/// A flat fee per unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerUnit {
    /// What is counted.
    pub unit: Unit,
    /// Micros per unit.
    pub price: u64,
}

impl PerUnit {
    pub(crate) fn parse(o: &Obj) -> Result<Self, Error> {
        o.only(&["shape", "unit", "price"])?;
        Ok(PerUnit {
            unit: Unit::parse(o, "unit")?,
            price: rate(o, "price")?,
        })
    }

    pub(crate) fn price(&self, cx: &mut Ctx) -> Result<(), Error> {
        if cx.failed() {
            cx.skip_failed(self.unit.plural());
            return Ok(());
        }
        let n = self.unit.count(cx);
        cx.charge(self.unit.plural(), n, self.unit.name(), self.price, 1, None)
    }
}
