//! Per unit: a flat fee per call, image, video or prediction (`price` micros per unit).
//!
//! Every unit here is an output: a failed run pays none of them (see `Status`).

use super::rate;
use crate::bill::{Ctx, Terms};
use crate::error::Error;
use crate::json::Obj;

/// What one fee buys: an output of the run, counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// One call of the model.
    Call,
    /// One image.
    Image,
    /// One video.
    Video,
    /// One prediction.
    Prediction,
}

impl Output {
    pub(crate) fn parse(o: &Obj, key: &str) -> Result<Output, Error> {
        Ok(match o.str(key, 32)? {
            "call" => Output::Call,
            "image" => Output::Image,
            "video" => Output::Video,
            "prediction" => Output::Prediction,
            other => {
                return Err(o.err(
                    key,
                    format!("unknown unit {other:?}; expected call, image, video or prediction"),
                ))
            }
        })
    }

    /// The line unit it counts in.
    pub fn unit(self) -> crate::unit::Unit {
        match self {
            Output::Call => crate::unit::Unit::Call,
            Output::Image => crate::unit::Unit::Image,
            Output::Video => crate::unit::Unit::Video,
            Output::Prediction => crate::unit::Unit::Prediction,
        }
    }

    /// The singular name (`image`).
    pub fn name(self) -> &'static str {
        match self {
            Output::Call => "call",
            Output::Image => "image",
            Output::Video => "video",
            Output::Prediction => "prediction",
        }
    }

    /// The line item and usage key (`images`).
    pub fn plural(self) -> &'static str {
        match self {
            Output::Call => "calls",
            Output::Image => "images",
            Output::Video => "videos",
            Output::Prediction => "predictions",
        }
    }

    /// The usage field that counts this unit.
    pub fn usage_field(self) -> &'static str {
        match self {
            Output::Call => "usage.calls",
            Output::Image => "usage.images",
            Output::Video => "usage.videos",
            Output::Prediction => "usage.predictions",
        }
    }

    /// How many units the call produced: the reported count, or one (listed as assumed,
    /// except for calls: a request is one call).
    pub(crate) fn count(self, cx: &mut Ctx) -> u64 {
        let usage = &cx.usage;
        let reported = match self {
            Output::Call => {
                return usage
                    .calls
                    .unwrap_or_else(|| cx.within_limits("usage.calls", 1))
            }
            Output::Image => usage.images,
            Output::Video => usage.videos,
            Output::Prediction => usage.predictions,
        };
        cx.or_assume(reported, self.usage_field(), 1, self.name())
    }
}

/// A flat fee per unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerUnit {
    /// What is counted.
    pub unit: Output,
    /// Micros per unit.
    pub price: u64,
}

impl PerUnit {
    pub(crate) fn parse(o: &Obj) -> Result<Self, Error> {
        o.only(&["shape", "unit", "price"])?;
        Ok(PerUnit {
            unit: Output::parse(o, "unit")?,
            price: rate(o, "price")?,
        })
    }

    pub(crate) fn price(&self, cx: &mut Ctx, terms: Terms) -> Result<(), Error> {
        if cx.failed() {
            cx.skip_failed(self.unit.plural());
            return Ok(());
        }
        let n = self.unit.count(cx);
        cx.charge(
            terms,
            self.unit.plural(),
            n,
            self.unit.unit(),
            self.price,
            None,
        )
    }
}
