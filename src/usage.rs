//! Usage breakdown: billed records -> total, by model, by day. Every billable call is
//! counted, downstream calls under their own model; calls that cost nothing count as free.

use crate::bill::Bill;
use crate::catalog::Catalog;
use crate::error::Error;
use crate::money::Micros;
use crate::request::Request;
use crate::time::Day;
use serde::Serialize;
use std::collections::BTreeMap;

/// The most records one `usage` call prices (bounded memory and time per call).
pub const MAX_RECORDS: usize = 5_000_000;

/// Spend of one model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ModelSpend {
    /// The slug.
    pub model: String,
    /// Calls billed to it (root and downstream).
    pub calls: u64,
    /// Of those, calls that cost nothing.
    pub free_calls: u64,
    /// What it cost.
    pub micros: Micros,
}

/// Spend of one UTC day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DaySpend {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    /// Calls that day.
    pub calls: u64,
    /// What they cost.
    pub micros: Micros,
    /// The day's spend by model, largest first.
    pub by_model: Vec<DayModelSpend>,
}

/// One model's spend within a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayModelSpend {
    /// The slug.
    pub model: String,
    /// What it cost that day.
    pub micros: Micros,
}

/// The breakdown of a set of usage records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    /// The catalog's version.
    pub catalog_version: String,
    /// Records priced.
    pub records: u64,
    /// Sum of every record.
    pub total_micros: Micros,
    /// `total_micros` as dollars.
    pub total_usd: String,
    /// Every billable call (root and downstream).
    pub calls: u64,
    /// Calls that cost nothing.
    pub free_calls: u64,
    /// Spend by model, largest first (ties: more calls, then slug).
    pub by_model: Vec<ModelSpend>,
    /// Spend by UTC day of each record's `at`, oldest first. A record's downstream calls
    /// count on the record's day.
    pub by_day: Vec<DaySpend>,
    /// Spend of records without `at` (not in `by_day`).
    pub undated_micros: Micros,
    /// Calls of records without `at`.
    pub undated_calls: u64,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    calls: u64,
    free: u64,
    micros: u64,
}

impl Catalog {
    /// Prices every record and sums them. A record that fails fails the whole call, with
    /// its index in the error's field (`records[12].usage.seconds`): a breakdown is exact
    /// or it is nothing.
    pub fn usage(&self, records: &[Request]) -> Result<Breakdown, Error> {
        if records.len() > MAX_RECORDS {
            return Err(Error::request(
                "records",
                format!("holds more than {MAX_RECORDS} records"),
            ));
        }
        let mut per_model = vec![Tally::default(); self.models().len()];
        let mut per_day: BTreeMap<Day, (u64, Vec<u64>)> = BTreeMap::new();
        let mut total = Micros::ZERO;
        let (mut undated, mut undated_calls) = (Micros::ZERO, 0u64);
        let mut bill = Bill {
            quiet: true,
            ..Bill::default()
        };
        let mut calls = 0u64;
        let mut last_day: Option<(Day, u64, Vec<u64>)> = None;
        for (i, record) in records.iter().enumerate() {
            bill.clear();
            let at = || format!("records[{i}]");
            let cost = self
                .bill_into(record, &mut bill)
                .map_err(|e| e.within(&at()))?;
            total = total.checked_add(cost, "total")?;
            calls += bill.calls.len() as u64;
            for call in &bill.calls {
                if let Some(t) = per_model.get_mut(call.model) {
                    t.calls += 1;
                    t.micros = t.micros.saturating_add(call.micros.get());
                    if call.micros == Micros::ZERO {
                        t.free += 1;
                    }
                }
            }
            match record.at.map(|t| t.day()) {
                None => {
                    undated = undated.checked_add(cost, "undated")?;
                    undated_calls += bill.calls.len() as u64;
                }
                Some(day) => {
                    // Exports are mostly in time order: keep the current day's tally at hand.
                    if last_day.as_ref().is_none_or(|(d, _, _)| *d != day) {
                        if let Some((d, c, m)) = last_day.take() {
                            merge(&mut per_day, d, c, &m);
                        }
                        last_day = Some((day, 0, vec![0; self.models().len()]));
                    }
                    if let Some((_, day_calls, by_model)) = last_day.as_mut() {
                        *day_calls += bill.calls.len() as u64;
                        for call in &bill.calls {
                            if let Some(m) = by_model.get_mut(call.model) {
                                *m = m.saturating_add(call.micros.get());
                            }
                        }
                    }
                }
            }
        }
        if let Some((d, c, m)) = last_day.take() {
            merge(&mut per_day, d, c, &m);
        }

        let models = self.models();
        let mut by_model: Vec<ModelSpend> = Vec::new();
        for (t, m) in per_model.iter().zip(models) {
            if t.calls > 0 {
                by_model.push(ModelSpend {
                    model: m.slug.clone(),
                    calls: t.calls,
                    free_calls: t.free,
                    micros: Micros::new(t.micros, &m.slug)?,
                });
            }
        }
        // Unstable sorts: the keys are total orders (ties end on the slug), so the result is the
        // same, and the wasm build carries one sort routine less.
        by_model.sort_unstable_by(|a, b| {
            b.micros
                .cmp(&a.micros)
                .then(b.calls.cmp(&a.calls))
                .then(a.model.cmp(&b.model))
        });
        let mut by_day = Vec::with_capacity(per_day.len());
        for (day, (day_calls, spend)) in per_day {
            let mut day_total = Micros::ZERO;
            let mut day_models = Vec::new();
            for (micros, m) in spend.iter().zip(models) {
                if *micros > 0 {
                    let micros = Micros::new(*micros, "by_day")?;
                    day_total = day_total.checked_add(micros, "by_day")?;
                    day_models.push(DayModelSpend {
                        model: m.slug.clone(),
                        micros,
                    });
                }
            }
            day_models.sort_unstable_by(|a, b| b.micros.cmp(&a.micros).then(a.model.cmp(&b.model)));
            by_day.push(DaySpend {
                day: day.to_string(),
                calls: day_calls,
                micros: day_total,
                by_model: day_models,
            });
        }
        Ok(Breakdown {
            catalog_version: self.version().to_string(),
            records: records.len() as u64,
            total_micros: total,
            total_usd: total.to_usd(),
            calls,
            free_calls: per_model.iter().map(|t| t.free).sum(),
            by_model,
            by_day,
            undated_micros: undated,
            undated_calls,
        })
    }
}

fn merge(per_day: &mut BTreeMap<Day, (u64, Vec<u64>)>, day: Day, calls: u64, spend: &[u64]) {
    let entry = per_day
        .entry(day)
        .or_insert_with(|| (0, vec![0; spend.len()]));
    entry.0 += calls;
    for (acc, v) in entry.1.iter_mut().zip(spend) {
        *acc = acc.saturating_add(*v);
    }
}

/// Reads usage records from text: JSON lines (blank lines skipped) or one JSON array.
/// A fault names the record (`records[3].usage.images`).
pub fn parse_records(text: &str) -> Result<Vec<Request>, Error> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        let value: serde_json::Value = serde_json::from_str(trimmed)
            .map_err(|e| Error::request("records", format!("malformed JSON: {e}")))?;
        let serde_json::Value::Array(items) = value else {
            return Err(Error::request("records", "must be an array"));
        };
        if items.len() > MAX_RECORDS {
            return Err(Error::request(
                "records",
                format!("holds more than {MAX_RECORDS} records"),
            ));
        }
        return items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                Request::from_value(item).map_err(|e| e.within(&format!("records[{i}]")))
            })
            .collect();
    }
    let mut records = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if records.len() >= MAX_RECORDS {
            return Err(Error::request(
                "records",
                format!("holds more than {MAX_RECORDS} records"),
            ));
        }
        let at = format!("records[{}]", records.len());
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
            Error::request(&at, format!("malformed JSON on line {}: {e}", line_no + 1))
        })?;
        records.push(Request::from_value(&value).map_err(|e| e.within(&at))?);
    }
    Ok(records)
}
