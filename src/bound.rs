//! Bounds: the most a request can cost, known before it runs.
//!
//! A quantity is **open** when the run decides it and the request does not give it (output
//! and reasoning tokens, the prompt's tokens when none is given, run seconds, a private
//! deployment's setup and idle seconds, web searches and tool calls where the model charges
//! for them), or when the request's `limits` names it (then `usage` is what is expected and
//! the limit what bounds it). The bound pass prices the request again with every open
//! quantity at its limit (the request's, else the catalog's; the smaller where both give
//! one), through the same shapes, fees, minimums and rounding as the expected price. Cost is
//! monotonic in every quantity, so that is the worst case.
//!
//! Where a pool of tokens may be split between kinds (output and reasoning; the prompt's
//! kinds), the pool is priced in its dearest kind, plus what the split's roundings could add:
//! a micro per extra line when a rate is not a whole number of micros a token, and a
//! rounding step per extra line when the price list rounds tokens up. So the bound is never
//! below a bill the limits allow.

use crate::bill::Ctx;
use crate::display::amount;
use crate::error::Error;
pub use crate::open::OpenQuantity;
use crate::open::{BoundPass, Open};
use crate::request::Kind;
use crate::request::Usage;
use crate::rounding::RoundingMode;
use crate::shape::conditional::Per;
use crate::shape::hardware::Deployment;
use crate::shape::seconds::Basis;
use crate::shape::tokens::{Rates, TierMode, TokenRates, PER_MILLION};
use crate::shape::{Billing, Shape};
use serde::Serialize;

/// How far one open quantity of the root call may go within what remains of a budget.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Affordable {
    /// The limit's field (`limits.output_tokens`).
    pub field: String,
    /// The largest limit whose bound still fits (seconds as seconds), or `null` when none does.
    pub max: Option<serde_json::Value>,
    /// `max` as the engine holds it (seconds in ms), for the bindings.
    #[serde(skip)]
    pub(crate) raw: Option<u64>,
}

/// A limit's value in JSON: seconds as a decimal number of seconds, counts as they are.
pub(crate) fn limit_value(key: &str, value: u64) -> serde_json::Value {
    if key.ends_with("seconds") {
        if value % 1000 == 0 {
            return serde_json::Value::from(value / 1000);
        }
        // The shortest decimal, as JavaScript would write the same number.
        let frac = format!("{:03}", value % 1000);
        let text = format!("{}.{}", value / 1000, frac.trim_end_matches('0'));
        if let Ok(n) = text.parse::<serde_json::Number>() {
            return serde_json::Value::Number(n);
        }
    }
    serde_json::Value::from(value)
}

/// Limits as JSON (a catalog's `limits` object): each quantity given, and `indicative`;
/// `None` when none is given.
pub(crate) fn limits_json(limits: &Usage, indicative: bool) -> Option<serde_json::Value> {
    let mut map = serde_json::Map::new();
    if indicative {
        map.insert("indicative".into(), true.into());
    }
    for &key in Usage::KEYS {
        if let Some(v) = limits.get(key) {
            map.insert(key.into(), limit_value(key, v));
        }
    }
    (!map.is_empty()).then_some(serde_json::Value::Object(map))
}

/// The largest limit a quantity may take (seconds in ms: what the request parser accepts).
pub(crate) fn max_limit(key: &str) -> u64 {
    if key.ends_with("seconds") {
        tariff_request::json::MAX_SECONDS * 1000
    } else {
        tariff_request::json::MAX_COUNT
    }
}

/// What `usage` gives of the quantity a limit caps (output and reasoning together for
/// `output_tokens`, the whole prompt for `input_tokens`); `None` when it gives none.
fn used(usage: &Usage, key: &str) -> Option<u64> {
    let counted: fn(&Kind) -> bool = match key {
        "output_tokens" => |k| !k.input_side(),
        "input_tokens" => |k| k.input_side(),
        other => return usage.get(other),
    };
    let mut sum = None;
    for n in Kind::ALL
        .iter()
        .filter(|k| counted(k))
        .filter_map(|k| usage.tokens(*k))
    {
        sum = Some(n.saturating_add(sum.unwrap_or(0)));
    }
    sum
}

/// Every limit of the call must be at least what its usage gives (a run cannot have used
/// more than it was allowed).
pub(crate) fn check_limits(cx: &Ctx) -> Result<(), Error> {
    let usage = &cx.request.usage;
    for &key in Usage::KEYS {
        let (Some(limit), Some(given)) = (cx.request.limits.get(key), used(usage, key)) else {
            continue;
        };
        if limit < given {
            let what = match key {
                "output_tokens" => " of output and reasoning",
                "input_tokens" => " of input (every kind)",
                _ => "",
            };
            return Err(cx.invalid(
                &format!("limits.{key}"),
                format!(
                    "{} is below the {}{what} that usage gives",
                    amount(key, limit),
                    amount(key, given)
                ),
            ));
        }
    }
    Ok(())
}

impl Ctx<'_, '_, '_> {
    fn pass(&mut self) -> Option<&mut BoundPass> {
        self.bill.bound.as_mut()
    }

    /// The request's limit of `key` (or, for the root while a budget's room is searched, the
    /// limit tried).
    fn request_limit(&self, key: &str) -> Option<u64> {
        let probe = self.bill.bound.as_ref().and_then(|b| b.probe);
        match probe {
            Some((k, v)) if k == key && self.path.is_empty() => Some(v),
            _ if !self.limited => None,
            _ => self.request.limits.get(key),
        }
    }

    fn noting(&self) -> bool {
        self.bill.bound.as_ref().is_some_and(|b| b.probe.is_none())
    }

    fn note(&mut self, field: &str, text: String) {
        if self.noting() {
            let line = format!("{}: {text}", self.field(field));
            if let Some(b) = self.pass() {
                b.notes.push(line);
            }
        }
    }

    /// Records an open quantity (of the root call, for what a budget affords).
    fn opened(&mut self, key: &'static str, floor: u64) {
        self.bill.opened = true;
        let root = self.path.is_empty();
        let catalog = self.model.limits.get(key);
        if root && self.noting() {
            if let Some(b) = self.pass() {
                if !b.open.iter().any(|o| o.key == key) {
                    b.open.push(Open {
                        key,
                        floor,
                        catalog,
                    });
                }
            }
        }
    }

    /// The most an open quantity may be: the request's limit, else the catalog's, the
    /// smaller where both give one, and never below what usage gives. `None` (listed as
    /// unbounded) when neither limits it. Texts are written only in the bound pass.
    fn limit(&mut self, key: &'static str, floor: u64) -> Option<u64> {
        let request = self.request_limit(key);
        let catalog = self.model.limits.get(key);
        let cap = match (request, catalog) {
            (None, None) => {
                if self.bill.bound.is_some() {
                    let field = self.field(&format!("usage.{key}"));
                    let downstream = !self.path.is_empty();
                    if let Some(b) = self.pass() {
                        b.unbounded
                            .push(format!("{field}: no limit in the request or the catalog"));
                        b.unbounded_downstream |= downstream;
                    }
                }
                return None;
            }
            (Some(r), None) => r,
            (None, Some(c)) => {
                if self.noting() {
                    let indicative = if self.model.limits_indicative {
                        " (indicative)"
                    } else {
                        ""
                    };
                    self.note(
                        &format!("limits.{key}"),
                        format!(
                            "not given; the catalog's limit of {}{indicative} used for the bound",
                            amount(key, c)
                        ),
                    );
                }
                c
            }
            (Some(r), Some(c)) if c < r => {
                if self.noting() {
                    self.note(
                        &format!("limits.{key}"),
                        format!(
                            "{} is above the catalog's limit of {}, which holds",
                            amount(key, r),
                            amount(key, c)
                        ),
                    );
                }
                c
            }
            (Some(r), Some(_)) => r,
        };
        let from = if request == Some(cap) {
            "request"
        } else {
            "catalog"
        };
        let (value, from) = if floor > cap {
            (floor, "usage")
        } else {
            (cap, from)
        };
        if self.noting() {
            if floor > cap {
                self.note(
                    &format!("usage.{key}"),
                    format!(
                        "{} is above the catalog's limit of {}; the bound uses it",
                        amount(key, floor),
                        amount(key, cap)
                    ),
                );
            }
            let field = self.field(&format!("usage.{key}"));
            if let Some(b) = self.pass() {
                b.used.push(OpenQuantity {
                    field,
                    max: limit_value(key, value),
                    from,
                    raw: value,
                });
            }
        }
        Some(value)
    }

    /// Opens one quantity (not a token pool): when the request limits it, or when the run
    /// decides it (`run_decided`) and usage does not give it.
    fn open_plain(&mut self, usage: &mut Usage, key: &'static str, run_decided: bool) {
        let given = usage.get(key);
        if self.request_limit(key).is_none() && !(run_decided && given.is_none()) {
            return;
        }
        let floor = given.unwrap_or(0);
        self.opened(key, floor);
        if let Some(cap) = self.limit(key, floor) {
            usage.set(key, Some(cap));
        }
    }
}

/// Finds the open quantities of the call under `billing` (the billing in force, after its
/// service tier) and the allowance for splits; with `set`, sets `cx.usage` to the most the
/// call may use (the bound pass; an estimate only asks whether anything is open, and a
/// usage is hundreds of bytes to copy back and forth).
pub(crate) fn open_up(
    billing: &Billing,
    percent: u64,
    cx: &mut Ctx,
    set: bool,
) -> Result<(), Error> {
    let mut usage = cx.request.usage;
    match &billing.shape {
        Shape::PerToken(t) => tokens(t, billing, percent, cx, &mut usage)?,
        Shape::PerSecond(p) if p.basis == Basis::InferenceTime => {
            cx.open_plain(&mut usage, "seconds", true);
        }
        Shape::Hardware(h) => {
            let private = h.deployment == Deployment::Private;
            if private {
                cx.open_plain(&mut usage, "setup_seconds", true);
            }
            cx.open_plain(&mut usage, "seconds", true);
            if private {
                cx.open_plain(&mut usage, "idle_seconds", true);
            }
        }
        Shape::PerUnit(u) => cx.open_plain(&mut usage, u.unit.plural(), false),
        Shape::Conditional(c) => {
            if let Per::Unit(u) = c.per {
                cx.open_plain(&mut usage, u.plural(), false);
            }
        }
        Shape::PerMegapixel(_) => cx.open_plain(&mut usage, "images", false),
        Shape::PerSecond(_) => {}
    }
    if billing.fees.per_web_search.is_some() {
        cx.open_plain(&mut usage, "web_searches", true);
    }
    if billing.fees.per_tool_call.is_some() {
        cx.open_plain(&mut usage, "tool_calls", true);
    }
    if set {
        cx.usage = usage;
    }
    Ok(())
}

/// Whether a call under `billing` prices the usage field `key`: what [`open_up`] opens (keep
/// the two together), a per-token billing's token kinds, a fee's count where it has the fee.
/// Hardware's setup and idle time count as priced: a public model's usage of them is noted
/// where it is priced (`shape::hardware`); a limit on them is not noted.
fn priced(billing: &Billing, key: &str) -> bool {
    let by_shape = match &billing.shape {
        Shape::PerToken(_) => key.ends_with("_tokens"),
        Shape::PerSecond(p) => p.basis == Basis::InferenceTime && key == "seconds",
        Shape::Hardware(_) => matches!(key, "seconds" | "setup_seconds" | "idle_seconds"),
        Shape::PerUnit(u) => key == u.unit.plural(),
        Shape::Conditional(c) => matches!(c.per, Per::Unit(u) if u.plural() == key),
        Shape::PerMegapixel(_) => key == "images",
    };
    by_shape
        || (key == "web_searches" && billing.fees.per_web_search.is_some())
        || (key == "tool_calls" && billing.fees.per_tool_call.is_some())
}

/// Whether a call under `billing` reads `inputs[key]` for its price.
fn reads_input(billing: &Billing, key: &str) -> bool {
    match &billing.shape {
        Shape::Conditional(c) => c.reads(key),
        Shape::PerMegapixel(_) => matches!(key, "width" | "height"),
        Shape::PerSecond(p) => p.basis == Basis::Duration && key == "duration",
        _ => false,
    }
}

/// What a usage field is, for a sentence (`not priced by run time`).
fn what(key: &str) -> &'static str {
    match key {
        "seconds" => "run time",
        "setup_seconds" => "setup time",
        "idle_seconds" => "idle time",
        "images" => "images",
        "videos" => "videos",
        "predictions" => "predictions",
        "calls" => "calls",
        "web_searches" => "web searches",
        "tool_calls" => "tool calls",
        _ => "tokens",
    }
}

/// What an estimate says of the usage and limits it is given, beyond its lines: a quantity
/// or a limit the model does not price (`usage.seconds` of a model priced by
/// `inputs.duration`: it changes nothing, which the caller should know), tokens to a model
/// priced otherwise among them (a per-token model's missing rate is an error instead, as is a
/// web search or tool call without its fee). An input the price does not read is listed when it is a
/// number or a boolean (a count, a size, a switch: `n: 4` to a model priced per image), not when
/// it is text (a prompt, a URL). Usage past the catalog's limits is billed as given: those
/// limits bound what is not known yet, not what a run reports. Not for usage records (quiet),
/// nor the bound's pass.
pub(crate) fn unpriced(billing: &Billing, cx: &mut Ctx) {
    if cx.bill.quiet || cx.bill.bound.is_some() {
        return;
    }
    let slug = cx.model.slug;
    let request = cx.request;
    // Tokens first, each kind naming its field.
    if !matches!(billing.shape, Shape::PerToken(_)) {
        for kind in Kind::ALL {
            if let Some(n) = request.usage.tokens(kind).filter(|n| *n > 0) {
                cx.assume(&format!("usage.{}", kind.item()), || {
                    format!("{n} tokens not billed: {slug} is not priced by tokens")
                });
            }
        }
    }
    for (key, value) in &request.inputs {
        if (value.is_number() || value.is_boolean()) && !reads_input(billing, key) {
            cx.assume(&format!("inputs.{key}"), || {
                format!("{value} not read: the price of {slug} does not depend on it")
            });
        }
    }
    let (usage, limits) = (request.usage, request.limits);
    for &key in Usage::KEYS {
        let given = usage.get(key).filter(|n| *n > 0);
        if priced(billing, key) {
            continue;
        }
        // Tokens are listed above; a search or tool call without its fee is an error.
        let counted_elsewhere =
            key.ends_with("_tokens") || matches!(key, "web_searches" | "tool_calls");
        if let Some(n) = given.filter(|_| !counted_elsewhere) {
            cx.assume(&format!("usage.{key}"), || {
                format!(
                    "{} not billed: {slug} is not priced by {}",
                    amount(key, n),
                    what(key)
                )
            });
        }
        if limits.get(key).is_some() {
            cx.assume(&format!("limits.{key}"), || {
                format!("not used: {slug} is not priced by {}", what(key))
            });
        }
    }
}

/// Whether `rate` (micros per 1M tokens, scaled by the service tier's `percent`) leaves a
/// fraction of a micro per token, so that splitting tokens between lines can round up more.
fn fractional(rate: Option<u64>, percent: u64) -> bool {
    rate.is_some_and(|r| u128::from(r) * u128::from(percent) % (u128::from(PER_MILLION) * 100) != 0)
}

/// The extra tokens a split into `lines` lines can round up to, where the price list rounds
/// tokens up (or half up) to steps.
fn step_allowance(billing: &Billing, lines: u64) -> u64 {
    match billing.rounding {
        Some(r) if r.mode != RoundingMode::Floor => r.step.saturating_mul(lines.saturating_sub(1)),
        _ => 0,
    }
}

/// The token pools of a per-token call. A pool the run decides (none of its kinds given) or
/// the request limits as a whole is open, priced at its limit in its dearest kinds. A pool
/// given in `usage` is measured, but for the kinds the request limits on their own: each of
/// those is open to its limit, the rest of the pool staying as given (a limit on one kind
/// must not reopen the measured others: that made a tighter request's bound larger, or none).
fn tokens(
    t: &TokenRates,
    billing: &Billing,
    percent: u64,
    cx: &mut Ctx,
    usage: &mut Usage,
) -> Result<(), Error> {
    let given_prompt = used(usage, "input_tokens");
    let mut context = given_prompt.unwrap_or(0);
    if cx.request_limit("input_tokens").is_some() || given_prompt.is_none() {
        let floor = given_prompt.unwrap_or(0);
        cx.opened("input_tokens", floor);
        if let Some(pool) = cx.limit("input_tokens", floor) {
            context = prompt(t, billing, percent, cx, usage, pool);
        }
    } else {
        // Plain input has no limit of its own (`input_tokens` names the whole prompt's), and
        // a kind the model has no rate for is never opened (any of it is a fault).
        for k in Kind::ALL {
            if k.input_side() && k != Kind::Input && t.base.rate(k).is_some() {
                cx.open_plain(usage, k.item(), false);
            }
        }
        context = used(usage, "input_tokens").unwrap_or(0);
    }
    // Output-side tokens take the rates of the band the prompt ends in.
    let rates = if context == 0 {
        t.base
    } else {
        *t.band(context - 1).0
    };
    let given_output = used(usage, "output_tokens");
    if cx.request_limit("output_tokens").is_some() || given_output.is_none() {
        let floor = given_output.unwrap_or(0);
        cx.opened("output_tokens", floor);
        if let Some(pool) = cx.limit("output_tokens", floor) {
            output(&rates, billing, percent, cx, usage, pool);
        }
    } else {
        cx.open_plain(usage, "reasoning_tokens", false);
    }
    Ok(())
}

/// A kind's own cap within its pool: the request's or the catalog's limit of that kind.
/// (`input_tokens` names the whole prompt's limit, so plain input has only the pool's.)
fn kind_cap(cx: &Ctx, kind: Kind, pool: u64) -> u64 {
    if kind == Kind::Input {
        return pool;
    }
    let request = cx.request_limit(kind.item());
    let catalog = cx.model.limits.get(kind.item());
    [request, catalog]
        .into_iter()
        .flatten()
        .fold(pool, u64::min)
}

/// The output pool: all of it in the dearer of output and reasoning (reasoning within its
/// own cap).
fn output(
    rates: &Rates,
    billing: &Billing,
    percent: u64,
    cx: &mut Ctx,
    usage: &mut Usage,
    pool: u64,
) {
    let (ro, rr) = (rates.rate(Kind::Output), rates.rate(Kind::Reasoning));
    let reasoning_cap = kind_cap(cx, Kind::Reasoning, pool);
    let split = pool >= 2 && reasoning_cap >= 1;
    let lines = if split { 2 } else { 1 };
    let extra = step_allowance(billing, lines);
    if rr > ro {
        usage.reasoning_tokens = Some(reasoning_cap.saturating_add(extra));
        usage.output_tokens = Some(pool - reasoning_cap);
    } else {
        usage.output_tokens = Some(pool.saturating_add(extra));
        usage.reasoning_tokens = None;
    }
    if split && (fractional(ro, percent) || fractional(rr, percent)) {
        cx.allowance = cx.allowance.saturating_add(1);
    }
}

/// The prompt pool: filled dearest kind first (by the rates of the band its last token falls
/// in), each kind within its own cap. Returns the prompt's size.
fn prompt(
    t: &TokenRates,
    billing: &Billing,
    percent: u64,
    cx: &mut Ctx,
    usage: &mut Usage,
    pool: u64,
) -> u64 {
    let rates = *t.band(pool.saturating_sub(1)).0;
    let kinds: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| k.input_side() && t.base.rate(*k).is_some())
        .collect();
    // Dearest first; equal rates keep prompt order. (The engine's one sort: each sort call
    // site costs kilobytes of wasm.)
    let kinds = crate::order::sorted(kinds, |k| {
        (crate::order::descending(rates.rate(*k).unwrap_or(0)), 0, "")
    });
    for k in Kind::ALL.into_iter().filter(|k| k.input_side()) {
        usage.set(k.item(), None);
    }
    let mut left = pool;
    let mut lines = 0u64;
    for k in &kinds {
        let cap = kind_cap(cx, *k, pool);
        if cap > 0 {
            lines += 1;
        }
        let take = left.min(cap);
        usage.set(k.item(), Some(take));
        left -= take;
    }
    let size = pool - left;
    let extra = step_allowance(billing, lines);
    if let Some(first) = kinds.first() {
        let n = usage.get(first.item()).unwrap_or(0).saturating_add(extra);
        usage.set(first.item(), Some(n));
    }
    // Graduated tiers split the prompt at each threshold it crosses: more lines to round.
    let bands = match &t.context_tiers {
        Some(c) if c.mode == TierMode::Graduated => {
            1 + c
                .tiers
                .iter()
                .filter(|b| b.above_input_tokens < size)
                .count() as u64
        }
        _ => 1,
    };
    let tiers = t
        .context_tiers
        .iter()
        .flat_map(|c| c.tiers.iter().map(|b| b.rates));
    let any_fractional = std::iter::once(t.base)
        .chain(tiers)
        .any(|r| kinds.iter().any(|k| fractional(r.rate(*k), percent)));
    let possible = lines + bands - 1;
    if possible > 1 && size >= 2 && any_fractional {
        cx.allowance = cx.allowance.saturating_add(possible - 1);
    }
    size
}
