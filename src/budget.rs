//! Budget checks: may a request run within a project's balance and limit, and which
//! early-charge thresholds would its charge cross for the first time (the
//! early charges platforms take against fraud).

use crate::bound::Affordable;
use crate::catalog::Catalog;
use crate::error::Error;
use crate::estimate::Estimate;
use crate::json::{index, Obj, Source};
use crate::money::{format_usd, Micros};
use crate::pricing::{Bound, Priced};
use crate::request::Request;
use serde::Serialize;
use serde_json::Value;

/// The most early-charge thresholds a budget may list.
pub const MAX_THRESHOLDS: usize = 100;

/// What a budget check decides on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The most the request can cost (`bound_micros`): nothing that passes can overspend.
    #[default]
    Bound,
    /// The expected cost (`total_micros`), as measured or given.
    Expected,
}

impl Basis {
    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Basis::Bound => "bound",
            Basis::Expected => "expected",
        }
    }
}

/// A project's money position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Budget {
    /// Funds available now, in micros.
    pub balance_micros: u64,
    /// The project's spend cap for the period, if it has one.
    pub limit_micros: Option<u64>,
    /// Spent so far (in the period the limit and thresholds count), default 0.
    pub spent_micros: u64,
    /// Early-charge thresholds; `None` uses the catalog's.
    pub early_charge_thresholds_micros: Option<Vec<u64>>,
    /// What the check decides on (default: the bound).
    pub basis: Basis,
}

/// The answer to "may this run?".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BudgetCheck<'c> {
    /// Whether the cost on `basis` fits in what remains.
    pub allowed: bool,
    /// What the check decided on.
    pub basis: Basis,
    /// The expected cost (the estimate's `total_micros`).
    pub estimate_micros: u64,
    /// The most the request can cost (`null` when unbounded).
    pub bound_micros: Option<u64>,
    /// What to hold while the job runs: the cost on `basis` (`null` when unbounded).
    pub reserve_micros: Option<u64>,
    /// What may still be spent: `min(balance, limit − spent)`, floored at zero.
    pub remaining_micros: u64,
    /// How much the reserve exceeds what remains (0 when allowed; `null` when unbounded).
    pub shortfall_micros: Option<u64>,
    /// Why it may not run (absent when allowed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For each open quantity of the root call, the largest limit whose bound fits what
    /// remains, every other quantity at its bound.
    pub affordable: Vec<Affordable>,
    /// Thresholds that `spent + reserve` reaches for the first time (`spent < t <= spent +
    /// reserve`; the expected cost when unbounded).
    pub early_charge_thresholds_crossed: Vec<u64>,
    /// The estimate itself.
    pub estimate: Estimate<'c>,
}

/// Where a project stands after what it has spent (`spent_micros`): no request, only the
/// budget's own rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BudgetStatus {
    /// Funds available now.
    pub balance_micros: u64,
    /// The spend cap for the period, if any.
    pub limit_micros: Option<u64>,
    /// Spent in the period.
    pub spent_micros: u64,
    /// What may still be spent: `min(balance, limit − spent)`, floored at zero.
    pub remaining_micros: u64,
    /// How far spend is past the limit (0 when within it or without one).
    pub over_limit_micros: u64,
    /// The thresholds the period's spend has crossed, each once (`0 < t <= spent`), lowest
    /// first: the early charges it triggered.
    pub early_charge_thresholds_crossed: Vec<u64>,
}

impl Budget {
    /// What may still be spent: `min(balance, limit − spent)`, floored at zero.
    pub fn remaining_micros(&self) -> u64 {
        let under_limit = self
            .limit_micros
            .map_or(u64::MAX, |limit| limit.saturating_sub(self.spent_micros));
        self.balance_micros.min(under_limit)
    }

    /// The thresholds (the budget's, else the catalog's) that spend going from `spent` to
    /// `after` crosses for the first time (`spent < t <= after`), lowest first, once each.
    fn crossed(&self, catalog: &Catalog, after: u64) -> Vec<u64> {
        let thresholds = self
            .early_charge_thresholds_micros
            .as_deref()
            .unwrap_or(catalog.early_charge_thresholds());
        let crossed: Vec<u64> = thresholds
            .iter()
            .copied()
            .filter(|t| self.spent_micros < *t && *t <= after)
            .collect();
        let mut crossed = crate::order::sorted(crossed, |t| (*t, 0, ""));
        crossed.dedup();
        crossed
    }

    /// Reads a budget from JSON text (what the bindings and the edge worker pass): malformed
    /// JSON is `invalid_request` at `budget`, anything else as [`Budget::from_value`].
    pub fn from_json(text: &str) -> Result<Budget, Error> {
        let tree = crate::json::parse_tree(text)
            .map_err(|e| Error::request("budget", format!("malformed JSON: {e}")))?;
        Budget::read(&tree)
    }

    /// Reads a budget (`{balance_micros, limit_micros?, spent_micros?,
    /// early_charge_thresholds_micros?, basis?}`), naming the field of the first fault
    /// (`budget.…`).
    pub fn from_value(value: &Value) -> Result<Budget, Error> {
        // Read as its text is: the one reader, of the borrowed tree the text parses to.
        let text = value.to_string();
        let tree = crate::json::parse_tree(&text)
            .map_err(|e| Error::request("budget", format!("malformed JSON: {e}")))?;
        Budget::read(&tree)
    }

    fn read(value: &crate::json::Json) -> Result<Budget, Error> {
        let o = Obj::new(value, "budget", Source::Request)?;
        o.only(&[
            "balance_micros",
            "limit_micros",
            "spent_micros",
            "early_charge_thresholds_micros",
            "basis",
        ])?;
        let thresholds = match o.opt_array("early_charge_thresholds_micros")? {
            None => None,
            Some(items) => {
                if items.len() > MAX_THRESHOLDS {
                    return Err(o.err(
                        "early_charge_thresholds_micros",
                        format!("lists more than {MAX_THRESHOLDS} thresholds"),
                    ));
                }
                let mut out = Vec::with_capacity(items.len());
                for (i, v) in items.iter().enumerate() {
                    let t = crate::json::count(v).map_err(|m| {
                        Error::request(index("budget.early_charge_thresholds_micros", i), m)
                    })?;
                    out.push(t);
                }
                Some(out)
            }
        };
        let basis = match o.opt_str("basis", 32)? {
            None | Some("bound") => Basis::Bound,
            Some("expected") => Basis::Expected,
            Some(other) => {
                return Err(o.err(
                    "basis",
                    format!("must be \"bound\" or \"expected\", not {other:?}"),
                ))
            }
        };
        Ok(Budget {
            balance_micros: o.count("balance_micros")?,
            limit_micros: o.opt_count("limit_micros")?,
            spent_micros: o.opt_count("spent_micros")?.unwrap_or(0),
            early_charge_thresholds_micros: thresholds,
            basis,
        })
    }
}

/// The budget part of a [`BudgetCheck`].
pub(crate) struct Verdict {
    pub allowed: bool,
    pub basis: Basis,
    pub estimate_micros: u64,
    pub bound_micros: Option<u64>,
    pub reserve_micros: Option<u64>,
    pub remaining_micros: u64,
    pub shortfall_micros: Option<u64>,
    pub reason: Option<String>,
    pub affordable: Vec<Affordable>,
    pub crossed: Vec<u64>,
}

/// Estimates `request` and checks it against `budget`.
pub(crate) fn check<'c>(
    catalog: &'c Catalog,
    request: &Request,
    budget: &Budget,
) -> Result<BudgetCheck<'c>, Error> {
    let priced = crate::pricing::price(catalog, request)?;
    let v = verdict(catalog, request, &priced, budget);
    let estimate = crate::estimate::estimate_of(catalog, priced);
    Ok(BudgetCheck {
        allowed: v.allowed,
        basis: v.basis,
        estimate_micros: v.estimate_micros,
        bound_micros: v.bound_micros,
        reserve_micros: v.reserve_micros,
        remaining_micros: v.remaining_micros,
        shortfall_micros: v.shortfall_micros,
        reason: v.reason,
        affordable: v.affordable,
        early_charge_thresholds_crossed: v.crossed,
        estimate,
    })
}

/// Whether the priced request fits `budget` on its basis, what it affords, and which
/// early-charge thresholds it crosses first.
pub(crate) fn verdict(
    catalog: &Catalog,
    request: &Request,
    p: &Priced,
    budget: &Budget,
) -> Verdict {
    let remaining = budget.remaining_micros();
    let total = p.total.get();
    let bound = p.bound.micros.map(Micros::get);
    let reserve = match budget.basis {
        Basis::Bound => bound,
        Basis::Expected => Some(total),
    };
    let allowed = reserve.is_some_and(|r| r <= remaining);
    let reason = (!allowed).then(|| match reserve {
        None => format!("the request has no bound: {}", p.bound.unbounded.join("; ")),
        Some(r) => format!(
            "the {} of {} is more than the {} that remains",
            match budget.basis {
                Basis::Bound => "bound",
                Basis::Expected => "expected cost",
            },
            format_usd(r),
            format_usd(remaining)
        ),
    });
    let after = budget.spent_micros.saturating_add(reserve.unwrap_or(total));
    let crossed = budget.crossed(catalog, after);
    Verdict {
        allowed,
        basis: budget.basis,
        estimate_micros: total,
        bound_micros: bound,
        reserve_micros: reserve,
        remaining_micros: remaining,
        shortfall_micros: reserve.map(|r| r.saturating_sub(remaining)),
        reason,
        affordable: affordable(catalog, request, &p.bound, remaining),
        crossed,
    }
}

/// Where `budget` stands after its `spent_micros`.
pub(crate) fn status(catalog: &Catalog, budget: &Budget) -> BudgetStatus {
    let from_zero = Budget {
        spent_micros: 0,
        ..budget.clone()
    };
    BudgetStatus {
        balance_micros: budget.balance_micros,
        limit_micros: budget.limit_micros,
        spent_micros: budget.spent_micros,
        remaining_micros: budget.remaining_micros(),
        over_limit_micros: budget
            .limit_micros
            .map_or(0, |l| budget.spent_micros.saturating_sub(l)),
        early_charge_thresholds_crossed: from_zero.crossed(catalog, budget.spent_micros),
    }
}

/// For each open quantity of the root call, the largest limit whose bound fits in
/// `remaining` (every other quantity at its bound), by bisection on the exact bound: the
/// bound is monotonic in every limit, so `max` fits and `max + 1` does not.
fn affordable(
    catalog: &Catalog,
    request: &Request,
    bound: &Bound,
    remaining: u64,
) -> Vec<Affordable> {
    bound
        .open
        .iter()
        .map(|open| {
            let fits = |limit: u64| -> bool {
                let Some(downstream) = bound.downstream else {
                    return false;
                };
                match crate::pricing::bound(catalog, request, bound.now, Some((open.key, limit))) {
                    Ok((b, _)) => b
                        .micros
                        .and_then(|own| own.checked_add(downstream, "").ok())
                        .is_some_and(|t| t.get() <= remaining),
                    Err(_) => false,
                }
            };
            let mut lo = open.floor;
            let mut hi = open
                .catalog
                .unwrap_or_else(|| crate::bound::max_limit(open.key))
                .max(lo);
            let max = if !fits(lo) {
                None
            } else if fits(hi) {
                Some(hi)
            } else {
                // fits(lo) and not fits(hi).
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if fits(mid) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                Some(lo)
            };
            Affordable {
                field: format!("limits.{}", open.key),
                max: max.map(|m| crate::bound::limit_value(open.key, m)),
                raw: max,
            }
        })
        .collect()
}
