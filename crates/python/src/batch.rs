//! Rows of a batch priced as usage records, each on its own: what `Pricing.price_batch` (in
//! `python/tariff/_arrow.py`) calls with a batch's columns as Python lists, so that no Python
//! code runs per row. Each row is written as JSON text (`value.rs`) and read by the engine's
//! readers, as any record is; a fault is that row's error code, or, when asked, raised.

use crate::errors::raise;
use crate::value;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use tariff::request::Usage;
use tariff::{Catalog, Error, Request, Tally};

/// Per row: the micros billed, the model billed (the root call's), the error code.
pub(crate) type Priced = (
    Vec<Option<u64>>,
    Vec<Option<String>>,
    Vec<Option<&'static str>>,
);

/// Where a column goes in a request: a field of its own, or a usage quantity.
enum Column {
    Field(&'static str),
    Usage(&'static str),
}

/// The request fields a column may carry, by its name.
const FIELDS: &[&str] = &[
    "model",
    "inputs",
    "usage",
    "status",
    "downstream",
    "at",
    "service_tier",
    "limits",
    "id",
    "project",
];

fn column(name: &str) -> Option<Column> {
    if let Some(f) = FIELDS.iter().find(|f| **f == name) {
        return Some(Column::Field(f));
    }
    Usage::KEYS
        .iter()
        .find(|k| **k == name)
        .map(|k| Column::Usage(k))
}

/// A row's JSON text (`None`: a row without one), read under the GIL.
fn json_cell(cell: &Bound<'_, PyAny>) -> Result<String, Error> {
    if cell.is_none() {
        return Err(Error::request("$", "is null: the row has no request"));
    }
    cell.extract()
        .map_err(|_| Error::request("$", "must be JSON text (a str)"))
}

/// Each row's JSON text, or its fault: what the GIL is held for. The rows are then read and
/// priced without it, so other Python threads go on meanwhile.
type Texts = Vec<Result<String, Error>>;

/// `records[first + i]` for a fault of row `i`: rows are counted from the table's first, not
/// the batch's.
fn raised(py: Python<'_>, first: usize, (i, e): (usize, Error)) -> PyErr {
    raise(
        py,
        &e.within(&format!("records[{}]", first.saturating_add(i))),
    )
}

/// Prices `texts` (one JSON request per row; `None` is a row without one).
pub(crate) fn json_rows(
    py: Python<'_>,
    catalog: &Catalog,
    texts: &Bound<'_, PyList>,
    raise_errors: bool,
    first: usize,
) -> PyResult<Priced> {
    let texts: Texts = texts.iter().map(|t| json_cell(&t)).collect();
    py.detach(|| price_rows(catalog, texts, raise_errors))
        .map_err(|f| raised(py, first, f))
}

/// Prices each row's text on its own; with `raise_errors`, stops at the first fault.
fn price_rows(
    catalog: &Catalog,
    texts: Texts,
    raise_errors: bool,
) -> Result<Priced, (usize, Error)> {
    let mut rows = Rows::new(catalog, texts.len());
    for (i, text) in texts.into_iter().enumerate() {
        let request = text.and_then(|t| Request::from_json(&t).map_err(Error::from));
        rows.push(request, raise_errors).map_err(|e| (i, e))?;
    }
    Ok(rows.done())
}

/// Prices the rows of `columns` (name -> a list of `n` values; a column named as a request
/// field or a usage quantity goes there, others are not read; `None` is absent).
pub(crate) fn column_rows(
    py: Python<'_>,
    catalog: &Catalog,
    columns: &Bound<'_, PyDict>,
    n: usize,
    raise_errors: bool,
    first: usize,
) -> PyResult<Priced> {
    let mut read: Vec<(Column, String, Bound<'_, PyList>)> = Vec::new();
    for (k, v) in columns.iter() {
        let name: String = k.extract()?;
        let list = v.cast_into::<PyList>().map_err(PyErr::from)?;
        if let Some(c) = column(&name) {
            read.push((c, name, list));
        }
    }
    ambiguous_usage(&read).map_err(|e| raise(py, &e))?;
    let texts: Texts = (0..n).map(|i| row_text(&read, i)).collect();
    py.detach(|| price_rows(catalog, texts, raise_errors))
        .map_err(|f| raised(py, first, f))
}

/// A `usage` column beside usage-quantity columns (`input_tokens`) is refused for the whole
/// batch: a row would have two `usage` objects, and one would be dropped without a word.
fn ambiguous_usage(read: &[(Column, String, Bound<'_, PyList>)]) -> Result<(), Error> {
    let has_usage = read
        .iter()
        .any(|(c, _, _)| matches!(c, Column::Field("usage")));
    let quantities: Vec<&str> = read
        .iter()
        .filter(|(c, _, _)| matches!(c, Column::Usage(_)))
        .map(|(_, name, _)| name.as_str())
        .collect();
    if has_usage && !quantities.is_empty() {
        return Err(Error::request(
            "usage",
            format!(
                "the batch has a usage column and usage quantity columns ({}): give the \
                 quantities one way",
                quantities.join(", ")
            ),
        ));
    }
    Ok(())
}

/// Row `i` as request JSON text: each non-null field, usage quantities inside `usage`.
fn row_text(columns: &[(Column, String, Bound<'_, PyList>)], i: usize) -> Result<String, Error> {
    let mut fields = Vec::new();
    let mut usage = Vec::new();
    for (c, name, list) in columns {
        let cell = list
            .get_item(i)
            .map_err(|_| Error::request(name.as_str(), "has fewer rows than the batch"))?;
        if cell.is_none() {
            continue;
        }
        let text = value::json_text(&cell).map_err(|f| Error::request(f.field(name), f.message))?;
        match c {
            Column::Field(f) => fields.push((*f, text)),
            Column::Usage(k) => usage.push((*k, text)),
        }
    }
    let mut out = String::from("{");
    let mut first = true;
    let mut member = |out: &mut String, key: &str, value: &str| {
        if !first {
            out.push(',');
        }
        first = false;
        out.push('"');
        out.push_str(key);
        out.push_str("\":");
        out.push_str(value);
    };
    for (k, v) in &fields {
        member(&mut out, k, v);
    }
    if !usage.is_empty() {
        let inner: Vec<String> = usage.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        member(&mut out, "usage", &format!("{{{}}}", inner.join(",")));
    }
    out.push('}');
    Ok(out)
}

/// The results so far, each row priced as a usage record on its own (a tally of one row:
/// no running total to overflow, no record limit).
struct Rows<'c> {
    tally: Tally<'c>,
    micros: Vec<Option<u64>>,
    models: Vec<Option<String>>,
    codes: Vec<Option<&'static str>>,
}

impl<'c> Rows<'c> {
    fn new(catalog: &'c Catalog, n: usize) -> Rows<'c> {
        Rows {
            tally: Tally::for_stream(catalog),
            micros: Vec::with_capacity(n),
            models: Vec::with_capacity(n),
            codes: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, request: Result<Request, Error>, raise_errors: bool) -> Result<(), Error> {
        self.tally.clear();
        match request.and_then(|r| self.tally.add(&r)) {
            Ok(m) => {
                self.micros.push(Some(m.get()));
                self.models
                    .push(self.tally.last_calls().next().map(|c| c.model.to_string()));
                self.codes.push(None);
            }
            Err(e) if raise_errors => return Err(e),
            Err(e) => {
                self.micros.push(None);
                self.models.push(None);
                self.codes.push(Some(e.code()));
            }
        }
        Ok(())
    }

    fn done(self) -> Priced {
        (self.micros, self.models, self.codes)
    }
}

/// Per billable call of the rows: the row it belongs to, its model, status and own micros, the
/// row's UTC day (`None` when undated) and project; a row that fails is one entry with its
/// error code (and nothing else), unless the first fault is to be raised.
pub(crate) type Calls = (
    Vec<u64>,
    Vec<Option<String>>,
    Vec<Option<&'static str>>,
    Vec<Option<u64>>,
    Vec<Option<String>>,
    Vec<Option<String>>,
    Vec<Option<&'static str>>,
);

/// Every billable call of `texts` (one JSON request per row), as `tariff usage --calls`
/// lists them: what a billing job sums by model (downstream calls under their own model),
/// day and project. Rows are numbered from `first` (the table's, not the batch's).
pub(crate) fn json_calls(
    py: Python<'_>,
    catalog: &Catalog,
    texts: &Bound<'_, PyList>,
    raise_errors: bool,
    first: usize,
) -> PyResult<Calls> {
    let texts: Texts = texts.iter().map(|t| json_cell(&t)).collect();
    py.detach(|| price_calls(catalog, texts, raise_errors, first))
        .map_err(|f| raised(py, first, f))
}

fn price_calls(
    catalog: &Catalog,
    texts: Texts,
    raise_errors: bool,
    first: usize,
) -> Result<Calls, (usize, Error)> {
    let mut out: Calls = Default::default();
    let mut tally = Tally::for_stream(catalog);
    for (i, text) in texts.into_iter().enumerate() {
        tally.clear();
        let priced = text
            .and_then(|t| Request::from_json(&t).map_err(Error::from))
            .and_then(|r| tally.add(&r).map(|_| r));
        let row = u64::try_from(first.saturating_add(i)).unwrap_or(u64::MAX);
        match priced {
            Ok(r) => {
                let day = r.at.map(|t| t.day().to_string());
                for c in tally.last_calls() {
                    out.0.push(row);
                    out.1.push(Some(c.model.to_string()));
                    out.2.push(Some(c.status.as_str()));
                    out.3.push(Some(c.subtotal.get()));
                    out.4.push(day.clone());
                    out.5.push(r.project.clone());
                    out.6.push(None);
                }
            }
            Err(e) if raise_errors => return Err((i, e)),
            Err(e) => {
                out.0.push(row);
                out.1.push(None);
                out.2.push(None);
                out.3.push(None);
                out.4.push(None);
                out.5.push(None);
                out.6.push(Some(e.code()));
            }
        }
    }
    Ok(out)
}
