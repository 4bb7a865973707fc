//! The engine's entry points in one place: what a catalog answers. Each is a method of
//! [`Catalog`], so that `catalog.estimate(&request)` reads as it is used; the work is done in
//! the module each names (the catalog itself only loads and validates).

use crate::budget::{Budget, BudgetCheck, BudgetStatus};
use crate::catalog::Catalog;
use crate::error::Error;
use crate::estimate::Estimate;
use crate::listing::{HardwareListing, ModelListing};
use crate::request::Request;
use crate::usage::Breakdown;

impl Catalog {
    /// Prices a request and its downstream calls (see [`crate::estimate`]).
    pub fn estimate(&self, request: &Request) -> Result<Estimate<'_>, Error> {
        // The common call (`crate::direct`) as `estimate_into` prices it, in lists made to
        // size (two token lines, or a few more; one call).
        let mut lines = Vec::with_capacity(4);
        match crate::direct::price(self, request, Some(&mut |l| lines.push(l)), true) {
            Some(call) => {
                let mut estimate = Estimate {
                    line_items: lines,
                    calls: Vec::with_capacity(1),
                    ..Estimate::default()
                };
                crate::estimate::direct_into(self, &call, &mut estimate);
                Ok(estimate)
            }
            None => Ok(crate::estimate::estimate_of(
                self,
                crate::pricing::price(self, request)?,
            )),
        }
    }

    /// [`Catalog::estimate`] into an estimate made before (by [`Estimate::default`] or an
    /// earlier call), reusing its lists: for a hot loop, where a common per-token call then
    /// allocates nothing. `into` is then what a new estimate of `request` would be; on an
    /// error it is emptied (as [`Estimate::default`], keeping its lists' room).
    ///
    /// ```
    /// use tariff::{Catalog, Estimate, Request};
    /// let catalog = Catalog::embedded().unwrap();
    /// let mut e = Estimate::default();
    /// for (input, output) in [(1_001, 999), (1_234_567, 89_012)] {
    ///     let call = Request::tokens("claude/opus-4-7", input, output);
    ///     catalog.estimate_into(&call, &mut e).unwrap();
    /// }
    /// assert_eq!(e.total_usd, "$30.233286"); // the last call's
    /// ```
    pub fn estimate_into<'c>(
        &'c self,
        request: &Request,
        into: &mut Estimate<'c>,
    ) -> Result<(), Error> {
        // The common call (`crate::direct`): its lines straight into the estimate, no bill.
        into.line_items.clear();
        let lines = &mut into.line_items;
        match crate::direct::price(self, request, Some(&mut |l| lines.push(l)), true) {
            Some(call) => crate::estimate::direct_into(self, &call, into),
            None => match crate::pricing::price(self, request) {
                Ok(priced) => *into = crate::estimate::estimate_of(self, priced),
                Err(e) => {
                    into.clear();
                    return Err(e);
                }
            },
        }
        Ok(())
    }

    /// Prices each request of a list, failing whole on the first fault, which names its item
    /// (`[1].usage.input_tokens`): how the CLI and the edge worker answer a list.
    pub fn estimate_all(&self, requests: &[Request]) -> Result<Vec<Estimate<'_>>, Error> {
        let priced = crate::pricing::price_all(self, requests)?;
        Ok(priced
            .into_iter()
            .map(|p| crate::estimate::estimate_of(self, p))
            .collect())
    }

    /// Prices every record and sums them. A record that fails fails the whole call, with
    /// its index in the error's field (`records[12].usage.seconds`): a breakdown is exact
    /// or it is nothing (see [`crate::usage`]).
    pub fn usage(&self, records: &[Request]) -> Result<Breakdown, Error> {
        crate::usage::breakdown(self, records)
    }

    /// Breaks down usage records read from text (JSON lines, or one JSON array), pricing
    /// each as it is read: no list of records is ever held.
    pub fn usage_text(&self, text: &str) -> Result<Breakdown, Error> {
        crate::usage::breakdown_text(self, text)
    }

    /// Breaks down usage records read from `reader` (a file, stdin): JSON lines as a stream, a
    /// chunk at a time, in memory bounded by the breakdown, not by the input (no record
    /// limit); one JSON array is read whole.
    pub fn usage_reader(&self, reader: impl std::io::Read) -> Result<Breakdown, Error> {
        crate::usage::breakdown_reader(self, reader)
    }

    /// Estimates `request` and checks it against `budget` (see [`crate::budget`]).
    pub fn check_budget(
        &self,
        request: &Request,
        budget: &Budget,
    ) -> Result<BudgetCheck<'_>, Error> {
        crate::budget::check(self, request, budget)
    }

    /// Where a project stands after `budget.spent_micros`: what remains (`min(balance, limit −
    /// spent)`), how far past its limit, and the early-charge thresholds its spend crossed.
    pub fn budget_status(&self, budget: &Budget) -> BudgetStatus {
        crate::budget::status(self, budget)
    }

    /// A prepared quote: `request` fixed but for the usage `fields` (`["input_tokens",
    /// "output_tokens"]`), each [`crate::Quoter::quote`] giving the exact `total_micros` (see
    /// [`crate::quote`]).
    pub fn quoter(&self, request: &Request, fields: &[&str]) -> Result<crate::Quoter<'_>, Error> {
        crate::Quoter::new(self, request, fields)
    }

    /// Every model with its prices, in catalog order (see [`crate::listing`]).
    pub fn list_models(&self) -> Vec<ModelListing> {
        crate::listing::models(self)
    }

    /// Every hardware tier with its per-second and per-hour prices.
    pub fn list_hardware(&self) -> Vec<HardwareListing> {
        crate::listing::hardware(self)
    }
}
