//! Per second, by a named basis: `inference_time` (measured run time, billed even when a
//! run fails, for the time it ran) or `duration` (the requested output's, or the input
//! media's, duration: a per-output item that a failed run does not pay).

use super::{millis, rate};
use crate::bill::{Ctx, Terms};
use crate::display::seconds_text;
use crate::error::Error;
use crate::json::{seconds_to_millis, Obj};
use crate::unit::Unit;

/// What the seconds measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// Run time, from `usage.seconds` (or the catalog's typical run time).
    InferenceTime,
    /// Media duration, from `inputs.duration` (or the catalog's default duration).
    Duration,
}

impl Basis {
    /// The catalog name.
    pub fn name(self) -> &'static str {
        match self {
            Basis::InferenceTime => "inference_time",
            Basis::Duration => "duration",
        }
    }
}

/// A price per second.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerSecond {
    /// What the seconds measure.
    pub basis: Basis,
    /// Micros per second.
    pub price_per_second: u64,
    /// For `inference_time`: the typical run time used when none is reported, in ms.
    /// For `duration`: the default duration when `inputs.duration` is absent, in ms.
    pub default_ms: u64,
    /// How the price list names the unit (`second`, `computing second`).
    pub unit_label: String,
    /// A flat fee that includes the first seconds; `price_per_second` is then per extra
    /// second.
    pub base: Option<Base>,
}

/// A base fee and the seconds it includes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Base {
    /// Micros per call.
    pub price: u64,
    /// Seconds included, in ms.
    pub included_ms: u64,
}

impl PerSecond {
    pub(crate) fn parse(o: &Obj) -> Result<Self, Error> {
        o.only(&[
            "shape",
            "basis",
            "price_per_second",
            "typical_seconds",
            "default_duration",
            "unit_label",
            "base_price",
            "included_seconds",
        ])?;
        let base = match (
            o.opt_count("base_price")?,
            o.opt_millis("included_seconds")?,
        ) {
            (None, None) => None,
            (Some(price), Some(included_ms)) => Some(Base { price, included_ms }),
            (None, Some(_)) => return Err(o.err("base_price", "is required with included_seconds")),
            (Some(_), None) => return Err(o.err("included_seconds", "is required with base_price")),
        };
        let basis = match o.str("basis", 32)? {
            "inference_time" => Basis::InferenceTime,
            "duration" => Basis::Duration,
            other => {
                return Err(o.err(
                    "basis",
                    format!("unknown basis {other:?}; expected inference_time or duration"),
                ))
            }
        };
        let default_ms = match basis {
            Basis::InferenceTime => {
                if o.get("default_duration").is_some() {
                    return Err(o.err("default_duration", "belongs to the duration basis"));
                }
                millis(o, "typical_seconds")?
            }
            Basis::Duration => {
                if o.get("typical_seconds").is_some() {
                    return Err(o.err("typical_seconds", "belongs to the inference_time basis"));
                }
                millis(o, "default_duration")?
            }
        };
        Ok(PerSecond {
            basis,
            price_per_second: rate(o, "price_per_second")?,
            default_ms,
            unit_label: o.opt_str("unit_label", 64)?.unwrap_or("second").to_string(),
            base,
        })
    }

    pub(crate) fn price(&self, cx: &mut Ctx, terms: Terms) -> Result<(), Error> {
        let (item, ms) = match self.basis {
            Basis::InferenceTime => {
                let ms = run_time(cx, "usage.seconds", cx.usage.active_ms, self.default_ms);
                ("seconds", ms)
            }
            Basis::Duration => {
                if cx.failed() {
                    cx.skip_failed("duration");
                    return Ok(());
                }
                ("duration", duration(cx, self.default_ms)?)
            }
        };
        let ms = match self.base {
            None => ms,
            Some(b) => {
                let detail = (!cx.bill.quiet)
                    .then(|| format!("includes the first {}", seconds_text(b.included_ms)));
                cx.charge(terms, "base", 1, Unit::Call, b.price, detail)?;
                ms.saturating_sub(b.included_ms)
            }
        };
        cx.charge(
            terms,
            item,
            ms,
            Unit::Millisecond,
            self.price_per_second,
            None,
        )
    }
}

/// Reported run time, or the typical one with an assumption (no longer than the run's
/// limit: a run is stopped there).
pub(crate) fn run_time(cx: &mut Ctx, field: &str, reported: Option<u64>, typical_ms: u64) -> u64 {
    let ms = match reported {
        Some(ms) => ms,
        None => {
            let ms = cx.within_limits(field, typical_ms);
            cx.assume(field, || {
                if ms < typical_ms {
                    format!(
                        "not given; the typical run time of {} capped by the limit: {} used",
                        seconds_text(typical_ms),
                        seconds_text(ms)
                    )
                } else {
                    format!(
                        "not given; typical run time of {} used",
                        seconds_text(typical_ms)
                    )
                }
            });
            ms
        }
    };
    // Time is billed when a run fails: it ran.
    cx.failed_bills(|| format!("the {} it ran", seconds_text(ms)));
    ms
}

/// `inputs.duration` in ms, or the default with an assumption.
pub(crate) fn duration(cx: &mut Ctx, default_ms: u64) -> Result<u64, Error> {
    match cx.request.inputs.get("duration") {
        None | Some(serde_json::Value::Null) => {
            cx.assume("inputs.duration", || {
                format!(
                    "not given; default duration of {} used",
                    seconds_text(default_ms)
                )
            });
            Ok(default_ms)
        }
        Some(v) => seconds_to_millis(v).map_err(|m| cx.invalid("inputs.duration", m)),
    }
}
