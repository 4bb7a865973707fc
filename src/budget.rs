//! Budget checks: may a request run within a project's balance and limit, and which
//! early-charge thresholds would its charge cross for the first time (second seed,
//! "Early Charges for Fraud Prevention").

use crate::catalog::Catalog;
use crate::error::Error;
use crate::estimate::Estimate;
use crate::json::{index, Obj, Source};
use crate::request::Request;
use serde::Serialize;
use serde_json::Value;

/// The most early-charge thresholds a budget may list.
pub const MAX_THRESHOLDS: usize = 100;

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
}

/// The answer to "may this run?".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BudgetCheck {
    /// Whether the estimate fits in what remains.
    pub allowed: bool,
    /// The estimate's total.
    pub estimate_micros: u64,
    /// What may still be spent: `min(balance, limit − spent)`, floored at zero.
    pub remaining_micros: u64,
    /// How much the estimate exceeds what remains (0 when allowed).
    pub shortfall_micros: u64,
    /// Thresholds that `spent + estimate` reaches for the first time (`spent < t <= spent + estimate`).
    pub early_charge_thresholds_crossed: Vec<u64>,
    /// The estimate itself.
    pub estimate: Estimate,
}

impl Budget {
    /// Reads a budget (`{balance_micros, limit_micros?, spent_micros?,
    /// early_charge_thresholds_micros?}`), naming the field of the first fault (`budget.…`).
    pub fn from_value(value: &Value) -> Result<Budget, Error> {
        let o = Obj::new(value, "budget", Source::Request)?;
        o.only(&[
            "balance_micros",
            "limit_micros",
            "spent_micros",
            "early_charge_thresholds_micros",
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
        Ok(Budget {
            balance_micros: o.count("balance_micros")?,
            limit_micros: o.opt_count("limit_micros")?,
            spent_micros: o.opt_count("spent_micros")?.unwrap_or(0),
            early_charge_thresholds_micros: thresholds,
        })
    }
}

/// The budget part of a [`BudgetCheck`], for a given cost.
pub(crate) struct Verdict {
    pub allowed: bool,
    pub estimate_micros: u64,
    pub remaining_micros: u64,
    pub shortfall_micros: u64,
    pub crossed: Vec<u64>,
}

impl Catalog {
    /// Estimates `request` and checks it against `budget`.
    pub fn check_budget(&self, request: &Request, budget: &Budget) -> Result<BudgetCheck, Error> {
        let estimate = self.estimate(request)?;
        let v = self.verdict(estimate.total_micros.get(), budget);
        Ok(BudgetCheck {
            allowed: v.allowed,
            estimate_micros: v.estimate_micros,
            remaining_micros: v.remaining_micros,
            shortfall_micros: v.shortfall_micros,
            early_charge_thresholds_crossed: v.crossed,
            estimate,
        })
    }

    /// Whether `cost` fits `budget`, and which early-charge thresholds it crosses first.
    pub(crate) fn verdict(&self, cost: u64, budget: &Budget) -> Verdict {
        let under_limit = budget
            .limit_micros
            .map_or(u64::MAX, |limit| limit.saturating_sub(budget.spent_micros));
        let remaining = budget.balance_micros.min(under_limit);
        let after = budget.spent_micros.saturating_add(cost);
        let thresholds = budget
            .early_charge_thresholds_micros
            .as_deref()
            .unwrap_or(self.early_charge_thresholds());
        let crossed: Vec<u64> = thresholds
            .iter()
            .copied()
            .filter(|t| budget.spent_micros < *t && *t <= after)
            .collect();
        let mut crossed = crate::order::sorted(crossed, |t| (*t, 0, ""));
        crossed.dedup();
        Verdict {
            allowed: cost <= remaining,
            estimate_micros: cost,
            remaining_micros: remaining,
            shortfall_micros: cost.saturating_sub(remaining),
            crossed,
        }
    }
}
