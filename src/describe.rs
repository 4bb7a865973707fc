//! What a page needs to show a model without knowing its billing rules: the inputs a request
//! of it takes (for a calculator), its price as exact lines, the deployment rule in words,
//! and what a typical run costs. Part of the listing; every figure comes from the engine.

use crate::catalog::{Catalog, Model};
use crate::display::seconds_text;
use crate::money::{format_usd, format_usd_cents, Micros, MICROS_PER_USD};
use crate::request::Request;
use crate::shape::conditional::{Per, Source};
use crate::shape::hardware::Deployment;
use crate::shape::seconds::Basis;
use crate::shape::tokens::{label, Kind, Rates};
use crate::shape::{Billing, Shape, TierPrice};
use serde::Serialize;
use serde_json::Value;

/// One input of a request of the model, as a form shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InputField {
    /// Where it goes in the request: `usage.input_tokens`, `inputs.quality`, `limits.seconds`,
    /// `service_tier`, `at`.
    pub field: String,
    /// What to call it.
    pub label: String,
    /// `count` (a whole number), `seconds` (a decimal number of seconds), `choice` (one of
    /// `options`), `presence` (given or not: a reference input), `time` (RFC 3339).
    pub kind: &'static str,
    /// What the engine uses when it is not given (`null`: nothing, or the limit is open).
    pub default: Value,
    /// The allowed values of a `choice`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Value>,
    /// Whether leaving it empty leaves a quantity open (a limit: the bound then uses the
    /// catalog's cap, or has none).
    pub optional: bool,
}

/// A typical run of a time-billed model: the catalog's typical seconds, priced.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypicalRun {
    /// The hardware tier, for hardware-billed models.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hardware: Option<String>,
    /// The typical run time in seconds (`4.5`), as the catalog gives it.
    pub seconds: Value,
    /// What such a run costs (an estimate with no usage given).
    pub micros: Micros,
    /// `micros` as dollars.
    pub usd: String,
    /// How many whole such runs one dollar buys (`null` when a run costs nothing).
    pub runs_per_dollar: Option<u64>,
}

fn field(
    out: &mut Vec<InputField>,
    field: String,
    label: String,
    kind: &'static str,
    default: Value,
) {
    out.push(InputField {
        field,
        label,
        kind,
        default,
        options: Vec::new(),
        optional: false,
    });
}

fn seconds_value(ms: u64) -> Value {
    crate::bound::limit_value("seconds", ms)
}

/// `text` with `_` as spaces (`video_url` -> `video url`).
fn spaced(text: &str) -> String {
    text.chars()
        .map(|c| if c == '_' { ' ' } else { c })
        .collect()
}

/// `text` with its first letter in capitals and `_` as spaces (`generate_audio` -> `Generate
/// audio`). ASCII only: Unicode case tables would add kilobytes to the wasm build.
fn capitalized(text: &str) -> String {
    let mut out = spaced(text);
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// The inputs a request of `model` (priced under `billing`) takes, in form order: the usage
/// the shape reads, its conditional inputs, fees' counts, the limits that bound what the run
/// decides, the service tier and, for a model whose price changes, the time.
pub(crate) fn inputs(model: &Model, billing: &Billing) -> Vec<InputField> {
    let mut out = Vec::new();
    let count = |out: &mut Vec<InputField>, key: &str, text: &str, default: Value| {
        field(
            out,
            format!("usage.{key}"),
            text.to_string(),
            "count",
            default,
        )
    };
    match &billing.shape {
        Shape::PerToken(t) => {
            count(&mut out, "input_tokens", "Input tokens", Value::Null);
            count(&mut out, "output_tokens", "Output tokens", Value::Null);
            count(
                &mut out,
                "reasoning_tokens",
                "Reasoning tokens",
                Value::Null,
            );
            // Input, output and reasoning are above; the kinds a model may price besides.
            for kind in PRINT_ORDER.into_iter().skip(3) {
                if t.base.given(kind).is_some() {
                    let text = format!("{} tokens", capitalized(label(kind)));
                    count(&mut out, kind.item(), &text, Value::Null);
                }
            }
        }
        Shape::PerUnit(u) => {
            let unit = u.unit.name();
            count(
                &mut out,
                &format!("{unit}s"),
                &format!("{}s", capitalized(unit)),
                1.into(),
            );
        }
        Shape::PerSecond(s) => match s.basis {
            Basis::Duration => field(
                &mut out,
                "inputs.duration".into(),
                "Duration (seconds)".into(),
                "seconds",
                seconds_value(s.default_ms),
            ),
            Basis::InferenceTime => field(
                &mut out,
                "usage.seconds".into(),
                "Run time (seconds)".into(),
                "seconds",
                seconds_value(s.default_ms),
            ),
        },
        Shape::Hardware(h) => {
            field(
                &mut out,
                "usage.seconds".into(),
                format!("Active time on {} (seconds)", h.hardware),
                "seconds",
                seconds_value(h.typical_ms),
            );
            if h.deployment == Deployment::Private {
                for (key, text) in [("setup_seconds", "Setup"), ("idle_seconds", "Idle")] {
                    field(
                        &mut out,
                        format!("usage.{key}"),
                        format!("{text} time (seconds)"),
                        "seconds",
                        0.into(),
                    );
                }
            }
        }
        Shape::PerMegapixel(p) => {
            field(
                &mut out,
                "inputs.width".into(),
                "Width (px)".into(),
                "count",
                p.default_width.into(),
            );
            field(
                &mut out,
                "inputs.height".into(),
                "Height (px)".into(),
                "count",
                p.default_height.into(),
            );
            count(&mut out, "images", "Images", 1.into());
        }
        Shape::Conditional(c) => {
            for d in &c.dimensions {
                match &d.source {
                    Source::Presence { input } => field(
                        &mut out,
                        format!("inputs.{input}"),
                        format!("With {}", spaced(&d.name)),
                        "presence",
                        false.into(),
                    ),
                    Source::Value { values, default } => out.push(InputField {
                        field: format!("inputs.{}", d.name),
                        label: capitalized(&d.name),
                        kind: "choice",
                        default: values.get(*default).cloned().unwrap_or(Value::Null),
                        options: values.clone(),
                        optional: false,
                    }),
                }
            }
            match c.per {
                Per::Second { default_ms } => field(
                    &mut out,
                    "inputs.duration".into(),
                    "Duration (seconds)".into(),
                    "seconds",
                    seconds_value(default_ms),
                ),
                Per::Unit(u) => {
                    let unit = u.name();
                    count(
                        &mut out,
                        &format!("{unit}s"),
                        &format!("{}s", capitalized(unit)),
                        1.into(),
                    );
                }
            }
        }
    }
    if billing.fees.per_web_search.is_some() {
        count(&mut out, "web_searches", "Web searches", Value::Null);
    }
    if billing.fees.per_tool_call.is_some() {
        count(&mut out, "tool_calls", "Tool calls", Value::Null);
    }
    // The limits of what the run decides: empty leaves the catalog's cap (the default shown).
    let mut limit = |key: &str, text: &str, kind: &'static str| {
        out.push(InputField {
            field: format!("limits.{key}"),
            label: text.to_string(),
            kind,
            default: model
                .limits
                .get(key)
                .map_or(Value::Null, |v| crate::bound::limit_value(key, v)),
            options: Vec::new(),
            optional: true,
        });
    };
    match &billing.shape {
        Shape::PerToken(_) => {
            limit(
                "output_tokens",
                "Max output tokens (output + reasoning)",
                "count",
            );
            limit("input_tokens", "Max prompt tokens", "count");
        }
        Shape::Hardware(h) => {
            let private = h.deployment == Deployment::Private;
            if private {
                limit("setup_seconds", "Max setup time (seconds)", "seconds");
            }
            limit("seconds", "Max run time (seconds)", "seconds");
            if private {
                limit("idle_seconds", "Max idle time (seconds)", "seconds");
            }
        }
        Shape::PerSecond(s) if s.basis == Basis::InferenceTime => {
            limit("seconds", "Max run time (seconds)", "seconds");
        }
        _ => {}
    }
    if billing.fees.per_web_search.is_some() {
        limit("web_searches", "Max web searches", "count");
    }
    if billing.fees.per_tool_call.is_some() {
        limit("tool_calls", "Max tool calls", "count");
    }
    if !billing.service_tiers.is_empty() {
        let mut options: Vec<Value> = vec!["standard".into()];
        options.extend(
            billing
                .service_tiers
                .iter()
                .map(|t| Value::from(t.name.as_str())),
        );
        out.push(InputField {
            field: "service_tier".into(),
            label: "Service tier".into(),
            kind: "choice",
            default: "standard".into(),
            options,
            optional: false,
        });
    }
    if !model.price_changes.is_empty() {
        out.push(InputField {
            field: "at".into(),
            label: "At (RFC 3339 time; empty: now)".into(),
            kind: "time",
            default: Value::Null,
            options: Vec::new(),
            optional: true,
        });
    }
    out
}

/// Input and output first, as price lists print them.
const PRINT_ORDER: [Kind; 8] = [
    Kind::Input,
    Kind::Output,
    Kind::Reasoning,
    Kind::CachedInput,
    Kind::CacheWrite5m,
    Kind::CacheWrite1h,
    Kind::ImageInput,
    Kind::AudioInput,
];

/// `$3.60 / 1M input tokens`, one for each kind the rates give, in print order, each amount
/// as `usd` writes it (exact, or to the cent as the one-line price prints per-token rates).
fn token_parts(r: &Rates, usd: fn(u64) -> String) -> Vec<String> {
    let mut out = Vec::new();
    for k in PRINT_ORDER {
        if let Some(rate) = r.given(k) {
            out.push(format!("{} / 1M {} tokens", usd(rate), label(k)));
        }
    }
    out
}

fn token_lines(r: &Rates, prefix: &str, out: &mut Vec<String>) {
    for p in token_parts(r, format_usd) {
        out.push(format!("{prefix}{p}"));
    }
}

/// The price of `billing` as exact lines, one rate, fee or rule each (`$0.125 / 1M cached
/// input tokens`): unlike the one-line `price`, per-token rates are not rounded to the cent.
pub(crate) fn price_lines(billing: &Billing) -> Vec<String> {
    let mut out = Vec::new();
    match &billing.shape {
        Shape::PerToken(t) => {
            token_lines(&t.base, "", &mut out);
            if let Some(c) = &t.context_tiers {
                for tier in &c.tiers {
                    let prefix = format!(
                        "above {} input tokens ({}): ",
                        tier.above_input_tokens,
                        c.mode.name()
                    );
                    token_lines(&tier.rates, &prefix, &mut out);
                }
            }
        }
        Shape::Conditional(c) => {
            // Every cell of the table, named by its inputs.
            let mut index = vec![0usize; c.dimensions.len()];
            for rate in &c.rates {
                let when: Vec<String> = c
                    .dimensions
                    .iter()
                    .zip(&index)
                    .map(|(d, i)| {
                        let v = match &d.source {
                            Source::Value { values, .. } => values.get(*i).cloned(),
                            Source::Presence { .. } => Some(Value::Bool(*i == 1)),
                        };
                        let v = v.map_or_else(String::new, |v| match v {
                            Value::String(s) => s,
                            other => other.to_string(),
                        });
                        format!("{}={v}", d.name)
                    })
                    .collect();
                out.push(format!(
                    "{} / {} ({})",
                    format_usd(*rate),
                    c.per_name(),
                    when.join(", ")
                ));
                // The next cell, row-major (the last input varies fastest).
                for (slot, d) in index.iter_mut().zip(&c.dimensions).rev() {
                    *slot += 1;
                    let len = match &d.source {
                        Source::Value { values, .. } => values.len(),
                        Source::Presence { .. } => 2,
                    };
                    if *slot < len {
                        break;
                    }
                    *slot = 0;
                }
            }
        }
        Shape::PerSecond(s) => {
            if let Some(b) = &s.base {
                out.push(format!(
                    "{} for the first {}",
                    format_usd(b.price),
                    seconds_text(b.included_ms)
                ));
            }
            let of = if s.basis == Basis::Duration {
                " of output"
            } else {
                ""
            };
            out.push(format!(
                "{} / {}{of}",
                format_usd(s.price_per_second),
                s.unit_label
            ));
        }
        other => out.push(shape_line(other).0),
    }
    for (_, text) in extras(billing) {
        out.push(text);
    }
    for t in &billing.service_tiers {
        match &t.price {
            TierPrice::Percent(p) => out.push(format!("{}: {p}% of these rates", t.name)),
            TierPrice::Billing(tb) => {
                out.push(format!("{}: {}", t.name, price_lines(tb).join(" · ")))
            }
        }
    }
    out
}

/// How a piece of a price line joins the one before it on one line.
#[derive(Clone, Copy)]
pub(crate) enum Join {
    /// A rule (`; quantities rounded …`, `; minimum …`).
    Rule,
    /// A fee on top (` + $0.01 / web search`).
    Fee,
}

/// What any shape adds to its rates, in print order: rounding, fees, the minimum charge.
pub(crate) fn extras(b: &Billing) -> Vec<(Join, String)> {
    let mut out = Vec::new();
    if let Some(r) = b.rounding {
        let text = format!(
            "quantities rounded ({}) to steps of {}",
            r.mode.name(),
            r.step
        );
        out.push((Join::Rule, text));
    }
    for (fee, what) in [
        (b.fees.per_request, "request"),
        (b.fees.per_web_search, "web search"),
        (b.fees.per_tool_call, "tool call"),
    ] {
        if let Some(fee) = fee {
            out.push((Join::Fee, format!("{} / {what}", format_usd(fee))));
        }
    }
    if let Some(m) = b.minimum_micros {
        out.push((Join::Rule, format!("minimum {} per call", format_usd(m))));
    }
    out
}

/// The deployment rule of a hardware-billed model, in words.
pub(crate) fn deployment_rule(billing: &Billing) -> Option<&'static str> {
    let Shape::Hardware(h) = &billing.shape else {
        return None;
    };
    Some(match h.deployment {
        Deployment::Public => {
            "Public model: billed for active time only (setup and idle are free)."
        }
        Deployment::Private => {
            "Private deployment: billed for setup, active and idle time while it is online."
        }
        Deployment::FastBooting => {
            "Fast-booting fine-tune: billed for active time only, like a public model."
        }
    })
}

/// A typical run of a time- or hardware-billed model: an estimate with no usage, which
/// prices the catalog's typical run time.
pub(crate) fn typical_run(
    catalog: &Catalog,
    model: &Model,
    billing: &Billing,
) -> Option<TypicalRun> {
    let (hardware, ms) = match &billing.shape {
        Shape::Hardware(h) => (Some(h.hardware.clone()), h.typical_ms),
        Shape::PerSecond(s) if s.basis == Basis::InferenceTime => (None, s.default_ms),
        _ => return None,
    };
    let request = Request {
        model: Some(model.slug.clone()),
        ..Request::default()
    };
    let priced = crate::pricing::price(catalog, &request).ok()?;
    let micros = priced.total;
    Some(TypicalRun {
        hardware,
        seconds: seconds_value(ms),
        micros,
        usd: micros.to_usd(),
        runs_per_dollar: (micros.get() > 0).then(|| MICROS_PER_USD / micros.get()),
    })
}

fn token_line(r: &Rates) -> String {
    token_parts(r, format_usd_cents).join(" · ")
}

/// The shape's price line, headline amount and its unit.
pub(crate) fn shape_line(shape: &Shape) -> (String, u64, String) {
    match shape {
        Shape::PerToken(t) => {
            let mut line = token_line(&t.base);
            if let Some(c) = &t.context_tiers {
                for tier in &c.tiers {
                    line.push_str(&format!(
                        "; above {} input tokens ({}): {}",
                        tier.above_input_tokens,
                        c.mode.name(),
                        token_line(&tier.rates)
                    ));
                }
            }
            (line, t.base.input(), "1M input tokens".to_string())
        }
        Shape::PerUnit(u) => (
            format!("{} / {}", format_usd(u.price), u.unit.name()),
            u.price,
            u.unit.name().to_string(),
        ),
        Shape::PerSecond(s) => {
            let mut line = format!("{} / {}", format_usd(s.price_per_second), s.unit_label);
            if s.basis == Basis::Duration {
                line.push_str(" of output");
            }
            if let Some(b) = &s.base {
                line = format!(
                    "{} for the first {}, then {line}",
                    format_usd(b.price),
                    seconds_text(b.included_ms)
                );
            }
            (line, s.price_per_second, s.unit_label.clone())
        }
        Shape::Hardware(h) => (
            format!(
                "{} / second on {} ({})",
                format_usd(h.price_per_second),
                h.hardware,
                h.deployment.name()
            ),
            h.price_per_second,
            "second".to_string(),
        ),
        Shape::PerMegapixel(p) => (
            format!("{} / megapixel", format_usd(p.price_per_megapixel)),
            p.price_per_megapixel,
            "megapixel".to_string(),
        ),
        Shape::Conditional(c) => {
            let lo = c.rates.iter().copied().min().unwrap_or(0);
            let hi = c.rates.iter().copied().max().unwrap_or(0);
            let names: Vec<&str> = c.dimensions.iter().map(|d| d.name.as_str()).collect();
            let range = if lo == hi {
                format_usd(lo)
            } else {
                format!("{}–{}", format_usd(lo), format_usd(hi))
            };
            (
                format!("{range} / {} by {}", c.per_name(), names.join(" × ")),
                c.default_rate(),
                c.per_name().to_string(),
            )
        }
    }
}
