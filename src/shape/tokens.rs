//! Per token: `input_per_million` and `output_per_million` micros per 1,000,000 tokens, an
//! optional `cached_input_per_million`, and an optional long-context tier.
//!
//! Cached input tokens are reported apart from `input_tokens` and never also billed as plain
//! input. The long-context tier is a cliff, as the big providers bill it: when a request's
//! input (plain + cached) exceeds `above_input_tokens`, all its tokens take the tier's rates.

use super::{opt_rate, rate};
use crate::bill::Ctx;
use crate::error::Error;
use crate::json::Obj;

/// Tokens per rate: every per-token rate is micros per one million tokens.
pub const PER_MILLION: u64 = 1_000_000;

/// Rates of one band, micros per 1M tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rates {
    /// Plain input tokens.
    pub input: u64,
    /// Output tokens.
    pub output: u64,
    /// Input tokens read from the prompt cache, if the model prices them.
    pub cached_input: Option<u64>,
}

/// The higher rates that apply above a number of input tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LongContext {
    /// The tier applies when input tokens (plain + cached) exceed this.
    pub above_input_tokens: u64,
    /// The tier's rates.
    pub rates: Rates,
}

/// A per-token price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRates {
    /// The base rates.
    pub base: Rates,
    /// The long-context tier, if any.
    pub long_context: Option<LongContext>,
}

fn parse_rates(o: &Obj) -> Result<Rates, Error> {
    Ok(Rates {
        input: rate(o, "input_per_million")?,
        output: rate(o, "output_per_million")?,
        cached_input: opt_rate(o, "cached_input_per_million")?,
    })
}

impl TokenRates {
    pub(crate) fn parse(o: &Obj) -> Result<Self, Error> {
        o.only(&[
            "shape",
            "input_per_million",
            "output_per_million",
            "cached_input_per_million",
            "long_context",
        ])?;
        let base = parse_rates(o)?;
        let long_context = match o.opt_obj("long_context")? {
            None => None,
            Some(t) => {
                t.only(&[
                    "above_input_tokens",
                    "input_per_million",
                    "output_per_million",
                    "cached_input_per_million",
                ])?;
                let rates = parse_rates(&t)?;
                if base.cached_input.is_some() != rates.cached_input.is_some() {
                    return Err(t.err(
                        "cached_input_per_million",
                        "must be given in the tier exactly when the base rates give it",
                    ));
                }
                Some(LongContext {
                    above_input_tokens: t.count("above_input_tokens")?,
                    rates,
                })
            }
        };
        Ok(TokenRates { base, long_context })
    }

    pub(crate) fn price(&self, cx: &mut Ctx) -> Result<(), Error> {
        let usage = &cx.request.usage;
        let (input, output, cached) = (
            usage.input_tokens,
            usage.output_tokens,
            usage.cached_input_tokens,
        );
        let input = cx.or_assume(input, "usage.input_tokens", 0, "tokens");
        let output = cx.or_assume(output, "usage.output_tokens", 0, "tokens");
        let cached = cached.unwrap_or(0);
        if cached > 0 && self.base.cached_input.is_none() {
            return Err(cx.invalid(
                "usage.cached_input_tokens",
                format!("{} has no cached-input rate", cx.model.slug),
            ));
        }
        let context = input.saturating_add(cached);
        let (rates, detail) = match &self.long_context {
            Some(t) if context > t.above_input_tokens => (
                t.rates,
                Some(format!(
                    "long context: above {} input tokens",
                    t.above_input_tokens
                )),
            ),
            _ => (self.base, None),
        };
        cx.charge(
            "input_tokens",
            input,
            "token",
            rates.input,
            PER_MILLION,
            detail.clone(),
        )?;
        if let (Some(rate), Some(_)) = (rates.cached_input, usage.cached_input_tokens) {
            cx.charge(
                "cached_input_tokens",
                cached,
                "token",
                rate,
                PER_MILLION,
                detail.clone(),
            )?;
        }
        cx.charge(
            "output_tokens",
            output,
            "token",
            rates.output,
            PER_MILLION,
            detail,
        )
    }
}
