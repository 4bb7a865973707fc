//! Input-conditional: a rate table indexed by named inputs (`generate_audio` on/off,
//! `quality` × `size`, with/without a reference video), billed per unit or per second of
//! duration. The table must price every combination (no holes); each input has a default,
//! or is a presence test (`reference_video_url` given or not), which needs none.
//!
//! Everything it bills is output: a failed run pays nothing for it.

use super::seconds::duration;
use super::unit::Output;
use super::{millis, rate};
use crate::bill::{Ctx, Terms};
use crate::display::seconds_text;
use crate::error::Error;
use crate::json::{index, js_form, owned, type_name, Obj};
use crate::unit::Unit;
use serde_json::Value;

/// The most inputs a table may be indexed by, and the most cells it may have.
pub const MAX_DIMENSIONS: usize = 6;
/// The most cells a table may have.
pub const MAX_CELLS: usize = 4096;

/// Where a dimension's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// `inputs[name]`, one of `values`, else `default`.
    Value {
        /// The allowed values (strings, booleans or integers).
        values: Vec<Value>,
        /// Index into `values` used when the input is absent.
        default: usize,
    },
    /// Whether `inputs[input]` is given (not missing, `null`, `false` or `""`): values
    /// `[false, true]`.
    Presence {
        /// The input whose presence is tested.
        input: String,
    },
}

/// One input the table is indexed by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dimension {
    /// The name used in the table's `when` (and, for values, the input key).
    pub name: String,
    /// Where the value comes from.
    pub source: Source,
}

impl Dimension {
    fn len(&self) -> usize {
        match &self.source {
            Source::Value { values, .. } => values.len(),
            Source::Presence { .. } => 2,
        }
    }

    fn values(&self) -> Vec<Value> {
        match &self.source {
            Source::Value { values, .. } => values.clone(),
            Source::Presence { .. } => vec![Value::Bool(false), Value::Bool(true)],
        }
    }

    fn position(&self, v: &Value) -> Option<usize> {
        match &self.source {
            Source::Value { values, .. } => {
                let v = js_form(v);
                values.iter().position(|x| *x == v)
            }
            Source::Presence { .. } => match v {
                Value::Bool(false) => Some(0),
                Value::Bool(true) => Some(1),
                _ => None,
            },
        }
    }
}

/// What one table rate is per.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Per {
    /// Per unit produced (image, video, prediction, call).
    Unit(Output),
    /// Per second of duration (`inputs.duration`, default in ms).
    Second {
        /// Default duration in ms.
        default_ms: u64,
    },
}

/// A rate table indexed by inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conditional {
    /// The inputs, in table order.
    pub dimensions: Vec<Dimension>,
    /// What each rate is per.
    pub per: Per,
    /// Micros per unit (or per second), row-major over `dimensions`.
    pub rates: Vec<u64>,
}

fn scalar(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Bool(_)) || v.as_u64().is_some() || v.as_i64().is_some()
}

impl Conditional {
    pub(crate) fn parse(o: &Obj) -> Result<Self, Error> {
        o.only(&["shape", "per", "default_duration", "inputs", "rates"])?;
        let per = match o.str("per", 32)? {
            "second" => Per::Second {
                default_ms: millis(o, "default_duration")?,
            },
            _ => {
                if o.get("default_duration").is_some() {
                    return Err(o.err("default_duration", "only applies when per is \"second\""));
                }
                Per::Unit(Output::parse(o, "per")?)
            }
        };
        let inputs = o.array("inputs")?;
        let inputs_path = o.source.join(&o.path, "inputs");
        if inputs.is_empty() || inputs.len() > MAX_DIMENSIONS {
            return Err(o.err("inputs", format!("must list 1 to {MAX_DIMENSIONS} inputs")));
        }
        let mut dimensions: Vec<Dimension> = Vec::with_capacity(inputs.len());
        for (i, item) in inputs.iter().enumerate() {
            let d = Obj::new(item, &o.source.index(&inputs_path, i), o.source)?;
            d.only(&["name", "values", "default", "presence_of"])?;
            let name = d.non_empty_str("name", 64)?.to_string();
            if dimensions.iter().any(|x| x.name == name) {
                return Err(d.err("name", format!("duplicate input {name:?}")));
            }
            let source = if let Some(input) = d.opt_str("presence_of", 64)? {
                if d.get("values").is_some() || d.get("default").is_some() {
                    return Err(d.err("presence_of", "a presence test takes no values or default"));
                }
                Source::Presence {
                    input: input.to_string(),
                }
            } else {
                // Kept as serde_json values: a request's inputs are compared with them.
                let values: Vec<Value> = d.array("values")?.iter().map(owned).collect();
                let values_path = d.source.join(&d.path, "values");
                if values.is_empty() {
                    return Err(d.err("values", "must not be empty"));
                }
                // Each value is a row of the table: refused before they are compared with
                // each other.
                if values.len() > MAX_CELLS {
                    return Err(d.err(
                        "values",
                        format!("lists more than {MAX_CELLS} values (a table has at most {MAX_CELLS} cells)"),
                    ));
                }
                for (j, v) in values.iter().enumerate() {
                    if !scalar(v) {
                        return Err(o.source.error(
                            &index(&values_path, j),
                            format!("must be a string, boolean or integer, not {}", type_name(v)),
                        ));
                    }
                    if values.iter().take(j).any(|x| x == v) {
                        return Err(o.source.error(&index(&values_path, j), "duplicate value"));
                    }
                }
                let default = owned(d.required("default")?);
                let default = values.iter().position(|x| *x == default).ok_or_else(|| {
                    d.err("default", format!("{default} is not one of the values"))
                })?;
                Source::Value { values, default }
            };
            dimensions.push(Dimension { name, source });
        }
        let cells = dimensions
            .iter()
            .try_fold(1usize, |acc, d| acc.checked_mul(d.len()))
            .filter(|n| *n <= MAX_CELLS)
            .ok_or_else(|| {
                o.err(
                    "inputs",
                    format!("the table would exceed {MAX_CELLS} cells"),
                )
            })?;
        let rows = o.array("rates")?;
        let rows_path = o.source.join(&o.path, "rates");
        let mut table: Vec<Option<u64>> = vec![None; cells];
        for (i, row) in rows.iter().enumerate() {
            let r = Obj::new(row, &o.source.index(&rows_path, i), o.source)?;
            r.only(&["when", "price"])?;
            let when = r.obj("when")?;
            for (key, _) in when.fields() {
                if !dimensions.iter().any(|d| d.name == key) {
                    return Err(when.err(key, "is not one of the table's inputs"));
                }
            }
            let mut cell = 0usize;
            for d in &dimensions {
                let v = owned(when.required(&d.name)?);
                let pos = d.position(&v).ok_or_else(|| {
                    when.err(&d.name, format!("{v} is not one of the input's values"))
                })?;
                cell = cell * d.len() + pos;
            }
            let price = rate(&r, "price")?;
            match table.get_mut(cell) {
                Some(slot @ None) => *slot = Some(price),
                _ => return Err(r.err("when", "prices a combination already priced")),
            }
        }
        if let Some(hole) = table.iter().position(Option::is_none) {
            return Err(o.err(
                "rates",
                format!(
                    "has a hole: no price for {}",
                    describe(&dimensions, hole, Value::to_string)
                ),
            ));
        }
        Ok(Conditional {
            dimensions,
            per,
            rates: table.into_iter().flatten().collect(),
        })
    }

    /// Whether the price reads `inputs[key]`.
    pub(crate) fn reads(&self, key: &str) -> bool {
        (matches!(self.per, Per::Second { .. }) && key == "duration")
            || self.dimensions.iter().any(|d| match &d.source {
                Source::Value { .. } => d.name == key,
                Source::Presence { input } => input == key,
            })
    }

    /// The rate of the all-defaults combination (presence tests: absent).
    pub fn default_rate(&self) -> u64 {
        let mut cell = 0usize;
        for d in &self.dimensions {
            let pos = match &d.source {
                Source::Value { default, .. } => *default,
                Source::Presence { .. } => 0,
            };
            cell = cell * d.len() + pos;
        }
        self.rates.get(cell).copied().unwrap_or(0)
    }

    pub(crate) fn price(&self, cx: &mut Ctx, terms: Terms) -> Result<(), Error> {
        if cx.failed() {
            cx.skip_failed(self.item());
            return Ok(());
        }
        let mut cell = 0usize;
        for d in &self.dimensions {
            let pos = match &d.source {
                Source::Presence { input } => usize::from(present(cx.request.inputs.get(input))),
                Source::Value { values, default } => match cx.request.inputs.get(&d.name) {
                    None | Some(Value::Null) => {
                        let field = format!("inputs.{}", d.name);
                        let shown = values.get(*default).cloned().unwrap_or(Value::Null);
                        cx.assume(&field, || format!("not given; default {shown} used"));
                        *default
                    }
                    Some(v) => d.position(v).ok_or_else(|| Error::UnsupportedInput {
                        field: cx.field(&format!("inputs.{}", d.name)),
                        value: js_form(v),
                        allowed: values.clone(),
                    })?,
                },
            };
            cell = cell * d.len() + pos;
        }
        let rate = self
            .rates
            .get(cell)
            .copied()
            .ok_or_else(|| Error::overflow(&cx.field("rates")))?;
        // Which cell applied, for people reading an estimate (a usage tally skips it).
        let detail = (!cx.bill.quiet).then(|| self.describe_cell(cell));
        match self.per {
            Per::Unit(unit) => {
                let n = unit.count(cx);
                cx.charge(terms, unit.plural(), n, unit.unit(), rate, detail)
            }
            Per::Second { default_ms } => {
                let ms = duration(cx, default_ms)?;
                cx.charge(terms, "duration", ms, Unit::Millisecond, rate, detail)
            }
        }
    }

    /// `generate_audio=true`, `quality=high, size=1024x1024`.
    fn describe_cell(&self, cell: usize) -> String {
        describe(&self.dimensions, cell, plain)
    }

    fn item(&self) -> &'static str {
        match self.per {
            Per::Unit(u) => u.plural(),
            Per::Second { .. } => "duration",
        }
    }

    /// A human description of what each rate is per (`image`, `second`).
    pub fn per_name(&self) -> &'static str {
        match self.per {
            Per::Unit(u) => u.name(),
            Per::Second { .. } => "second",
        }
    }

    /// Default duration text, for listings.
    pub fn default_duration_text(&self) -> Option<String> {
        match self.per {
            Per::Second { default_ms } => Some(seconds_text(default_ms)),
            Per::Unit(_) => None,
        }
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether a presence input is given: `null`, `false` and `""` say there is none (a
/// `video_url: false` is no reference video).
fn present(v: Option<&Value>) -> bool {
    !matches!(v, None | Some(Value::Null | Value::Bool(false)))
        && !matches!(v, Some(Value::String(s)) if s.is_empty())
}

/// Names the combination at `cell`, each value written by `show` (`quality="low"` in
/// catalog errors, `quality=low` in line items).
fn describe(dimensions: &[Dimension], mut cell: usize, show: fn(&Value) -> String) -> String {
    let mut parts = Vec::with_capacity(dimensions.len());
    for d in dimensions.iter().rev() {
        let n = d.len().max(1);
        let v = d.values().get(cell % n).cloned().unwrap_or(Value::Null);
        parts.push(format!("{}={}", d.name, show(&v)));
        cell /= n;
    }
    parts.reverse();
    parts.join(", ")
}
