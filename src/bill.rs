//! The working state of one pricing: line items and assumptions as the shapes produce them,
//! before they become an owned [`crate::Estimate`] (or are only summed, for usage).

use crate::catalog::Model;
use crate::error::Error;
use crate::json::join;
use crate::money::{exact_line, Micros, MAX_SAFE_MICROS};
use crate::request::{Request, Usage};

/// One priced line, borrowing its model from the catalog (no allocation on the hot path).
#[derive(Clone, Debug)]
pub(crate) struct Line<'c> {
    pub model: &'c str,
    /// The model's index in the catalog (the wasm layer keeps a JS string per model).
    #[cfg_attr(
        not(target_arch = "wasm32"),
        allow(dead_code, reason = "read by src/wasm")
    )]
    pub model_index: usize,
    pub item: &'static str,
    pub quantity: u64,
    pub unit: &'static str,
    pub rate: u64,
    pub per: u64,
    pub detail: Option<String>,
    pub micros: Micros,
}

/// One billed call (the root or a downstream call): its model and what its own lines cost.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Call {
    pub model: usize,
    pub micros: Micros,
}

/// Lines, assumptions and calls of a request and its downstream calls.
#[derive(Default, Debug)]
pub(crate) struct Bill<'c> {
    pub lines: Vec<Line<'c>>,
    pub assumptions: Vec<String>,
    pub calls: Vec<Call>,
    /// Whether assumptions are wanted (usage breakdowns skip writing them).
    pub quiet: bool,
    /// Now, from the catalog's clock, read the first time a call needs it (a model whose
    /// price changes, priced without `at`) and then kept: one "now" per estimate or breakdown,
    /// and no clock read on the common path.
    pub now: Option<Option<crate::time::Timestamp>>,
    /// Set for the bound pass: open quantities are priced at their limits.
    pub bound: Option<crate::bound::BoundPass>,
    /// Whether some call has an open quantity (found while pricing): without one, the bound
    /// is the total and needs no second pass.
    pub opened: bool,
}

impl Bill<'_> {
    pub(crate) fn clear(&mut self) {
        self.lines.clear();
        self.assumptions.clear();
        self.calls.clear();
    }
}

/// What a billing shape sees while pricing one call.
pub(crate) struct Ctx<'c, 'r, 'b> {
    pub model: &'c Model,
    pub model_index: usize,
    pub request: &'r Request,
    /// The quantities priced: the request's usage, or in the bound pass the most the run may
    /// use.
    pub usage: Usage,
    /// Path of this call in the whole request (`""` or `downstream[0]`), for errors.
    pub path: &'r str,
    pub bill: &'b mut Bill<'c>,
    /// Micros of this call's own lines so far.
    pub subtotal: Micros,
    /// The service tier's percentage of the rates (100 for standard).
    pub percent: u64,
    /// The price list's quantity rounding, while the shape's lines are charged.
    pub rounding: Option<crate::shape::Rounding>,
    /// Micros the bound adds for what a split between token kinds could round up to.
    pub allowance: u64,
    /// Whether the request gives any `limits` (most do not: their lookups are skipped).
    pub limited: bool,
}

impl<'c> Ctx<'c, '_, '_> {
    /// The full path of a field of this call (`downstream[0].usage.seconds`).
    pub fn field(&self, name: &str) -> String {
        join(self.path, name)
    }

    pub fn failed(&self) -> bool {
        self.request.status.is_failure()
    }

    /// Adds a line: `quantity × rate ÷ per`, rounded half-up once. The quantity is first
    /// rounded as the price list says, and a service tier's percentage scales the rate
    /// (exactly: `rate × percent ÷ (per × 100)`, still one rounding).
    pub fn charge(
        &mut self,
        item: &'static str,
        mut quantity: u64,
        unit: &'static str,
        mut rate: u64,
        mut per: u64,
        mut detail: Option<String>,
    ) -> Result<(), Error> {
        if let Some(r) = self.rounding {
            let rounded = r.apply(quantity, unit).ok_or_else(|| self.overflow(item))?;
            if rounded != quantity && !self.bill.quiet {
                let note = format!(
                    "{quantity} {unit} rounded ({}) to steps of {} {}",
                    r.mode.name(),
                    r.step,
                    match unit {
                        "millisecond" => "second",
                        "pixel" => "megapixel",
                        other => other,
                    }
                );
                detail = Some(match detail {
                    Some(d) => format!("{d}; {note}"),
                    None => note,
                });
            }
            quantity = rounded;
        }
        if self.percent != 100 {
            let scaled = rate
                .checked_mul(self.percent)
                .ok_or_else(|| self.overflow(item))?;
            // Show the plain rate when the percentage leaves it whole.
            (rate, per) = if scaled % 100 == 0 {
                (scaled / 100, per)
            } else {
                (
                    scaled,
                    per.checked_mul(100).ok_or_else(|| self.overflow(item))?,
                )
            };
        }
        let micros = Some(quantity)
            .filter(|q| *q <= MAX_SAFE_MICROS)
            .and_then(|q| exact_line(u128::from(q), rate, per));
        let subtotal = micros.and_then(|m| self.subtotal.add(m));
        let (Some(micros), Some(subtotal)) = (micros, subtotal) else {
            return Err(self.overflow(item));
        };
        self.subtotal = subtotal;
        // The bound pass only sums.
        if self.bill.bound.is_some() {
            return Ok(());
        }
        self.bill.lines.push(Line {
            model: &self.model.slug,
            model_index: self.model_index,
            item,
            quantity,
            unit,
            rate,
            per,
            detail,
            micros,
        });
        Ok(())
    }

    #[cold]
    fn overflow(&self, item: &str) -> Error {
        Error::overflow(&self.field(item))
    }

    /// Records an assumption about `field` of this call (`usage.seconds not given: ...`).
    pub fn assume(&mut self, field: &str, text: impl FnOnce() -> String) {
        if !self.bill.quiet {
            let line = format!("{}: {}", self.field(field), text());
            self.bill.assumptions.push(line);
        }
    }

    /// A reported quantity, or `default` with an assumption saying so (no more than the
    /// request's or the catalog's limit of it: a run cannot use more than it may).
    pub fn or_assume(&mut self, value: Option<u64>, field: &str, default: u64, what: &str) -> u64 {
        match value {
            Some(v) => v,
            None => {
                let used = self.within_limits(field, default);
                self.assume(field, || {
                    let capped = if used < default {
                        format!(" (the {default} {what} expected, capped by the limit)")
                    } else {
                        String::new()
                    };
                    format!("not given; assumed {used} {what}{capped}")
                });
                used
            }
        }
    }

    /// `value` of the usage `field` (`usage.seconds`), no more than the request's or the
    /// catalog's limit of it.
    pub fn within_limits(&self, field: &str, value: u64) -> u64 {
        let key = field.strip_prefix("usage.").unwrap_or(field);
        [self.request.limits.get(key), self.model.limits.get(key)]
            .into_iter()
            .flatten()
            .fold(value, u64::min)
    }

    /// Notes a per-output item that a failed run does not pay for.
    pub fn skip_failed(&mut self, item: &str) {
        let status = self.request.status.as_str();
        self.assume("status", || {
            format!("{status}: per-output item {item} not billed")
        });
    }

    /// An invalid-request error on a field of this call.
    #[cold]
    #[inline(never)]
    pub fn invalid(&self, field: &str, message: impl Into<String>) -> Error {
        Error::request(self.field(field), message)
    }
}

/// Formats milliseconds as seconds for assumptions (`12000` -> `12 s`, `1500` -> `1.5 s`).
pub(crate) fn seconds_text(ms: u64) -> String {
    let whole = ms / 1000;
    let frac = ms % 1000;
    if frac == 0 {
        format!("{whole} s")
    } else {
        let digits = format!("{frac:03}");
        format!("{whole}.{} s", digits.trim_end_matches('0'))
    }
}
