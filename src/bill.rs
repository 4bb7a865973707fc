//! The working state of one pricing: line items and assumptions as the shapes produce them,
//! before they become an owned [`crate::Estimate`] (or are only summed, for usage).

use crate::error::Error;
use crate::estimate::LineItem;
use crate::json::join;
use crate::money::{exact_line, Micros, MAX_SAFE_MICROS};
use crate::open::BoundPass;
use crate::request::{Request, Usage};
use crate::rounding::Rounding;
use crate::unit::Unit;

/// One billed call (the root or a downstream call): its model, what its own lines cost and
/// what it cost with the calls below it. Calls are in the order they are priced (each call,
/// then its downstream calls), so a call's lines are `lines[first_line..][..line_count]`.
#[derive(Clone, Debug)]
pub(crate) struct Call<'c> {
    pub model: usize,
    /// The model's slug (borrowed from the catalog). With it a call is as large as the
    /// [`crate::estimate::CallCost`] it becomes, so that an estimate's calls reuse the bill's
    /// allocation instead of making their own.
    pub slug: &'c str,
    /// Its own lines (fees, minimum and bound allowance included).
    pub micros: Micros,
    /// With every call below it.
    pub total: Micros,
    pub status: crate::request::Status,
    /// Its path in the request (`""` for the root, `downstream[0]`); left empty by quiet
    /// bills, which never show it.
    pub path: String,
    pub first_line: usize,
    pub line_count: usize,
}

/// Lines, assumptions and calls of a request and its downstream calls.
#[derive(Default, Debug)]
pub(crate) struct Bill<'c> {
    pub lines: Vec<LineItem<'c>>,
    pub assumptions: Vec<String>,
    pub calls: Vec<Call<'c>>,
    /// Whether assumptions are wanted (usage breakdowns skip writing them).
    pub quiet: bool,
    /// Only the totals are wanted (a prepared quote, a tally): lines are summed, never kept.
    pub totals_only: bool,
    /// Now, from the catalog's clock, read the first time a call needs it (a model whose
    /// price changes, priced without `at`) and then kept: one "now" per estimate or breakdown,
    /// and no clock read on the common path.
    pub now: Option<Option<crate::time::Timestamp>>,
    /// Set for the bound pass: open quantities are priced at their limits.
    pub bound: Option<BoundPass>,
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

/// The model a call bills, as its lines and limits need it.
#[derive(Clone, Copy)]
pub(crate) struct Billed<'c> {
    /// Its slug (lines borrow it from the catalog).
    pub slug: &'c str,
    /// Its index in the catalog (the wasm layer keeps a JS string per model).
    pub index: usize,
    /// Its catalog limits: what bounds an open quantity when the request gives none.
    pub limits: &'c Usage,
    /// Whether those limits are public figures.
    pub limits_indicative: bool,
}

/// What a shape's lines are charged under: the service tier's percentage of the rates and
/// the price list's quantity rounding. Passed to every charge, never held as state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Terms {
    /// The percentage of the catalog rates (100 for standard).
    pub percent: u64,
    /// Quantity rounding, if the price list rounds.
    pub rounding: Option<Rounding>,
}

impl Terms {
    /// Catalog rates as they are, quantities unrounded: fees and minimum charges.
    pub const PLAIN: Terms = Terms {
        percent: 100,
        rounding: None,
    };

    /// `rate` per `per` at the terms' percentage, exactly (`rate × percent ÷ (per × 100)`),
    /// shown as the plain rate when the percentage leaves it whole; `None` on overflow.
    pub fn scale(self, rate: u64, per: u64) -> Option<(u64, u64)> {
        if self.percent == 100 {
            return Some((rate, per));
        }
        let scaled = rate.checked_mul(self.percent)?;
        Some(if scaled % 100 == 0 {
            (scaled / 100, per)
        } else {
            (scaled, per.checked_mul(100)?)
        })
    }

    /// The same terms without quantity rounding (a shape that rounds its own quantities).
    pub fn unrounded(self) -> Terms {
        Terms {
            rounding: None,
            ..self
        }
    }
}

/// What a billing shape sees while pricing one call.
pub(crate) struct Ctx<'c, 'r, 'b> {
    pub model: Billed<'c>,
    pub request: &'r Request,
    /// The quantities priced: the request's usage, or in the bound pass the most the run may
    /// use.
    pub usage: Usage,
    /// Path of this call in the whole request (`""` or `downstream[0]`), for errors.
    pub path: &'r str,
    pub bill: &'b mut Bill<'c>,
    /// Micros of this call's own lines so far.
    pub subtotal: Micros,
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

    /// Says what a failed or canceled run is billed for (what it used before it stopped), so
    /// that a job's detail explains its bill in the engine's words.
    pub fn failed_bills(&mut self, what: impl FnOnce() -> String) {
        if self.failed() {
            let status = self.request.status.as_str();
            self.assume("status", || format!("{status}: billed for {}", what()));
        }
    }

    /// Adds a line: `quantity × rate ÷ per` (`per` from the unit: rates are per million
    /// tokens, per second, per megapixel or per unit), rounded half-up once. The quantity is
    /// first rounded as `terms` say, and their percentage scales the rate exactly (`rate ×
    /// percent ÷ (per × 100)`, still one rounding).
    pub fn charge(
        &mut self,
        terms: Terms,
        item: &'static str,
        mut quantity: u64,
        unit: Unit,
        mut rate: u64,
        mut detail: Option<String>,
    ) -> Result<(), Error> {
        let mut per = unit.rate_per();
        if let Some(r) = terms.rounding {
            let rounded = r.apply(quantity, unit).ok_or_else(|| self.overflow(item))?;
            if rounded != quantity && !self.bill.quiet {
                let note = format!(
                    "{quantity} {} rounded ({}) to steps of {} {}",
                    unit.name(),
                    r.mode.name(),
                    r.step,
                    unit.rounded_name()
                );
                detail = Some(match detail {
                    Some(d) => format!("{d}; {note}"),
                    None => note,
                });
            }
            quantity = rounded;
        }
        (rate, per) = terms.scale(rate, per).ok_or_else(|| self.overflow(item))?;
        let micros = Some(quantity)
            .filter(|q| *q <= MAX_SAFE_MICROS)
            .and_then(|q| exact_line(u128::from(q), rate, per));
        let subtotal = micros.and_then(|m| self.subtotal.add(m));
        let (Some(micros), Some(subtotal)) = (micros, subtotal) else {
            return Err(self.overflow(item));
        };
        self.subtotal = subtotal;
        // The bound pass and a quote only sum.
        if self.bill.bound.is_some() || self.bill.totals_only {
            return Ok(());
        }
        self.bill.lines.push(LineItem {
            model: self.model.slug,
            item,
            quantity,
            unit: unit.name(),
            rate_micros: rate,
            rate_per: per,
            detail,
            micros,
            model_index: self.model.index,
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
