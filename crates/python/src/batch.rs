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

/// Prices `texts` (one JSON request per row; `None` is a row without one).
pub(crate) fn json_rows(
    py: Python<'_>,
    catalog: &Catalog,
    texts: &Bound<'_, PyList>,
    raise_errors: bool,
) -> PyResult<Priced> {
    let mut rows = Rows::new(catalog, texts.len());
    for (i, t) in texts.iter().enumerate() {
        let text = if t.is_none() {
            Err(Error::request("$", "is null: the row has no request"))
        } else {
            t.extract::<String>()
                .map_err(|_| Error::request("$", "must be JSON text (a str)"))
        };
        let priced = text.and_then(|t| Request::from_json(&t).map_err(Error::from));
        rows.push(py, i, priced, raise_errors)?;
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
) -> PyResult<Priced> {
    let mut read: Vec<(Column, String, Bound<'_, PyList>)> = Vec::new();
    for (k, v) in columns.iter() {
        let name: String = k.extract()?;
        let list = v.cast_into::<PyList>().map_err(PyErr::from)?;
        if let Some(c) = column(&name) {
            read.push((c, name, list));
        }
    }
    let mut rows = Rows::new(catalog, n);
    for i in 0..n {
        let request = row_text(&read, i).and_then(|t| Request::from_json(&t).map_err(Error::from));
        rows.push(py, i, request, raise_errors)?;
    }
    Ok(rows.done())
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
    catalog: &'c Catalog,
    micros: Vec<Option<u64>>,
    models: Vec<Option<String>>,
    codes: Vec<Option<&'static str>>,
}

impl<'c> Rows<'c> {
    fn new(catalog: &'c Catalog, n: usize) -> Rows<'c> {
        Rows {
            catalog,
            micros: Vec::with_capacity(n),
            models: Vec::with_capacity(n),
            codes: Vec::with_capacity(n),
        }
    }

    fn push(
        &mut self,
        py: Python<'_>,
        i: usize,
        request: Result<Request, Error>,
        raise_errors: bool,
    ) -> PyResult<()> {
        let mut tally = Tally::for_stream(self.catalog);
        match request.and_then(|r| tally.add(&r)) {
            Ok(m) => {
                self.micros.push(Some(m.get()));
                self.models
                    .push(tally.last_calls().next().map(|c| c.model.to_string()));
                self.codes.push(None);
            }
            Err(e) if raise_errors => return Err(raise(py, &e.within(&format!("records[{i}]")))),
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
