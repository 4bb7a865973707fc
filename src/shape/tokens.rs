//! Per token: a rate per 1,000,000 tokens for each token kind the model prices (plain input
//! and output always; cache reads, cache writes for 5 minutes and for 1 hour, reasoning,
//! audio and image input where the model prices them), and optional context tiers.
//!
//! Every kind is reported apart (`cached_input_tokens` are not also in `input_tokens`), so
//! no token is billed twice. Reasoning tokens take the output rate unless the catalog gives
//! their own. A reported kind the model has no rate for is an error, never a silent zero.
//!
//! Context tiers are chosen per model: `cliff` (when a request's input-side tokens exceed a
//! threshold, all its tokens take that tier's rates, as the big providers bill it) or
//! `graduated` (input-side tokens are counted in prompt order, cached prefix first, and each
//! token takes the rate of the band it falls in; output-side tokens take the rates of the
//! band the prompt ends in).

use super::opt_rate;
use crate::bill::{Ctx, Terms};
use crate::error::Error;
use crate::json::Obj;
use crate::unit::Unit;
pub use tariff_request::request::Kind;

/// The catalog key of its rate (`cache_write_5m_per_million`).
pub fn rate_key(kind: Kind) -> &'static str {
    match kind {
        Kind::CachedInput => "cached_input_per_million",
        Kind::CacheWrite5m => "cache_write_5m_per_million",
        Kind::CacheWrite1h => "cache_write_1h_per_million",
        Kind::ImageInput => "image_input_per_million",
        Kind::AudioInput => "audio_input_per_million",
        Kind::Input => "input_per_million",
        Kind::Output => "output_per_million",
        Kind::Reasoning => "reasoning_per_million",
    }
}

/// How price lines name it (`$3.75 / 1M cache write (5 min) tokens`).
pub fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::CachedInput => "cached input",
        Kind::CacheWrite5m => "cache write (5 min)",
        Kind::CacheWrite1h => "cache write (1 h)",
        Kind::ImageInput => "image input",
        Kind::AudioInput => "audio input",
        Kind::Input => "input",
        Kind::Output => "output",
        Kind::Reasoning => "reasoning",
    }
}

/// Tokens per rate: every per-token rate is micros per one million tokens.
pub const PER_MILLION: u64 = 1_000_000;

/// Rates of one band, micros per 1M tokens, by [`Kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rates([Option<u64>; 8]);

impl Rates {
    /// The catalog's own rate for `kind`, if it gives one.
    pub fn given(&self, kind: Kind) -> Option<u64> {
        self.0.get(kind as usize).copied().flatten()
    }

    /// The rate `kind` is billed at: its own, or for reasoning the output rate.
    pub fn rate(&self, kind: Kind) -> Option<u64> {
        match (kind, self.given(kind)) {
            (Kind::Reasoning, None) => self.given(Kind::Output),
            (_, r) => r,
        }
    }

    /// Plain input rate.
    pub fn input(&self) -> u64 {
        self.given(Kind::Input).unwrap_or(0)
    }

    /// Output rate.
    pub fn output(&self) -> u64 {
        self.given(Kind::Output).unwrap_or(0)
    }

    fn parse(o: &Obj) -> Result<Self, Error> {
        let mut rates = [None; 8];
        for (slot, kind) in rates.iter_mut().zip(Kind::ALL) {
            *slot = match kind {
                Kind::Input | Kind::Output => Some(o.count(rate_key(kind))?),
                _ => opt_rate(o, rate_key(kind))?,
            };
        }
        Ok(Rates(rates))
    }
}

/// How context tiers apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TierMode {
    /// Above a threshold, every token of the request takes the tier's rates.
    Cliff,
    /// Each input-side token takes the rate of the band it falls in.
    Graduated,
}

impl TierMode {
    /// The catalog name.
    pub fn name(self) -> &'static str {
        match self {
            TierMode::Cliff => "cliff",
            TierMode::Graduated => "graduated",
        }
    }
}

/// Rates that apply above a number of input-side tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tier {
    /// The tier applies to tokens beyond this many input-side tokens.
    pub above_input_tokens: u64,
    /// The tier's rates.
    pub rates: Rates,
}

/// Context tiers: a mode and thresholds in increasing order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextTiers {
    /// Cliff or graduated.
    pub mode: TierMode,
    /// At least one tier, thresholds strictly increasing.
    pub tiers: Vec<Tier>,
}

/// A per-token price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRates {
    /// The base rates.
    pub base: Rates,
    /// Context tiers, if any.
    pub context_tiers: Option<ContextTiers>,
}

fn rate_keys() -> impl Iterator<Item = &'static str> {
    Kind::ALL.into_iter().map(rate_key)
}

impl TokenRates {
    const KEYS: &'static [&'static str] = &[
        "shape",
        "input_per_million",
        "output_per_million",
        "cached_input_per_million",
        "cache_write_5m_per_million",
        "cache_write_1h_per_million",
        "image_input_per_million",
        "audio_input_per_million",
        "reasoning_per_million",
        "context_tiers",
    ];

    pub(crate) fn parse(o: &Obj) -> Result<Self, Error> {
        o.only(Self::KEYS)?;
        let base = Rates::parse(o)?;
        let context_tiers = match o.opt_obj("context_tiers")? {
            None => None,
            Some(t) => {
                t.only(&["mode", "tiers"])?;
                let mode = match t.str("mode", 32)? {
                    "cliff" => TierMode::Cliff,
                    "graduated" => TierMode::Graduated,
                    other => {
                        return Err(t.err(
                            "mode",
                            format!("unknown mode {other:?}; expected cliff or graduated"),
                        ))
                    }
                };
                let items = t.array("tiers")?;
                if items.is_empty() {
                    return Err(t.err("tiers", "must hold at least one tier"));
                }
                let mut tiers: Vec<Tier> = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let path = t.source.index(&t.source.join(&t.path, "tiers"), i);
                    let b = Obj::new(item, &path, t.source)?;
                    let mut allowed = vec!["above_input_tokens"];
                    allowed.extend(rate_keys());
                    b.only(&allowed)?;
                    let rates = Rates::parse(&b)?;
                    for kind in Kind::ALL {
                        if rates.given(kind).is_some() != base.given(kind).is_some() {
                            return Err(b.err(
                                rate_key(kind),
                                "must be given in a tier exactly when the base rates give it",
                            ));
                        }
                    }
                    // Tiers are surcharges: a longer prompt never makes any token cheaper,
                    // which keeps cost monotonic (and bounds, priced at the maxima, true).
                    let below = tiers.last().map_or(&base, |t| &t.rates);
                    for kind in Kind::ALL {
                        if rates.given(kind) < below.given(kind) {
                            return Err(b.err(
                                rate_key(kind),
                                "must be at least the rate of the band below: a longer prompt \
                                 must not make a token cheaper",
                            ));
                        }
                    }
                    let above = b.count("above_input_tokens")?;
                    if tiers.last().is_some_and(|p| p.above_input_tokens >= above) || above == 0 {
                        return Err(b.err(
                            "above_input_tokens",
                            "must be above 0 and above the previous tier's",
                        ));
                    }
                    tiers.push(Tier {
                        above_input_tokens: above,
                        rates,
                    });
                }
                Some(ContextTiers { mode, tiers })
            }
        };
        Ok(TokenRates {
            base,
            context_tiers,
        })
    }

    /// The band holding token number `position` (0-based) of the prompt: its rates, its
    /// threshold (`None` for the base band) and where the next band starts.
    pub(crate) fn band(&self, position: u64) -> (&Rates, Option<u64>, u64) {
        let tiers = self
            .context_tiers
            .as_ref()
            .map_or(&[][..], |c| &c.tiers[..]);
        let next = tiers.partition_point(|t| t.above_input_tokens <= position);
        let end = tiers.get(next).map_or(u64::MAX, |t| t.above_input_tokens);
        match next.checked_sub(1).and_then(|i| tiers.get(i)) {
            Some(t) => (&t.rates, Some(t.above_input_tokens), end),
            None => (&self.base, None, end),
        }
    }

    pub(crate) fn price(&self, cx: &mut Ctx, terms: Terms) -> Result<(), Error> {
        let usage = cx.usage;
        let mut counts = [0u64; 8];
        for (n, kind) in counts.iter_mut().zip(Kind::ALL) {
            let reported = usage.tokens(kind);
            *n = match kind {
                Kind::Input => cx.or_assume(reported, "usage.input_tokens", 0, "tokens"),
                Kind::Output => cx.or_assume(reported, "usage.output_tokens", 0, "tokens"),
                _ => reported.unwrap_or(0),
            };
            if *n > 0 && self.base.rate(kind).is_none() {
                return Err(cx.invalid(
                    &format!("usage.{}", kind.item()),
                    format!("{} has no {} rate", cx.model.slug, label(kind)),
                ));
            }
        }
        cx.failed_bills(|| "the tokens it used".to_string());
        let context = Kind::ALL
            .iter()
            .zip(counts)
            .filter(|(k, _)| k.input_side())
            .fold(0u64, |sum, (_, n)| sum.saturating_add(n));
        let last = context.saturating_sub(1);
        let mode = self.context_tiers.as_ref().map(|c| c.mode);
        let mut position = 0u64;
        for (kind, n) in Kind::ALL.into_iter().zip(counts) {
            // Input and output always show; other kinds when reported.
            if !matches!(kind, Kind::Input | Kind::Output) && usage.tokens(kind).is_none() {
                continue;
            }
            if mode == Some(TierMode::Graduated) && kind.input_side() {
                // Split across bands at each threshold the tokens cross.
                let mut left = n;
                loop {
                    let (rates, above, end) = self.band(position);
                    let take = left.min(end - position);
                    self.charge(cx, terms, kind, take, rates, above, TierMode::Graduated)?;
                    left -= take;
                    position = position.saturating_add(take);
                    if left == 0 {
                        break;
                    }
                }
            } else {
                let (rates, above, _) = if context == 0 {
                    (&self.base, None, 0)
                } else {
                    self.band(last)
                };
                let mode = mode.unwrap_or(TierMode::Cliff);
                self.charge(cx, terms, kind, n, rates, above, mode)?;
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments, reason = "one line's every input, named")]
    fn charge(
        &self,
        cx: &mut Ctx,
        terms: Terms,
        kind: Kind,
        n: u64,
        rates: &Rates,
        above: Option<u64>,
        mode: TierMode,
    ) -> Result<(), Error> {
        let rate = rates.rate(kind).unwrap_or(0);
        let detail = above.map(|a| match mode {
            TierMode::Cliff => format!("long context: above {a} input tokens"),
            TierMode::Graduated => format!("band above {a} input tokens"),
        });
        cx.charge(terms, kind.item(), n, Unit::Token, rate, detail)
    }
}
