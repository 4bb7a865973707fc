//! The Python binding (`tariff._tariff`, re-exported by the `tariff` package): the engine's
//! entry points with Python values in and out, as thin as the wasm one. Values go in as JSON
//! text (`value.rs`) read by the engine's own readers; results come out as Python objects made
//! from their serde form by `pythonize` (plain dicts and lists, `int` micros: the JSON the CLI
//! prints, key for key). Every engine fault is a `tariff.TariffError` subclass with `code` and
//! the detail fields; nothing panics into Python.

mod batch;
mod errors;
mod value;

use errors::raise;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};
use serde::Serialize;
use tariff::{Budget, Catalog, Error, Request};

/// A result as Python data, field for field its JSON (the CLI's).
fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("tariff: {e}")))
}

/// How a Python argument is given.
enum Given {
    /// JSON text (a `str` that starts like JSON, or JSON data written out).
    Text(String),
    /// A file to read (an `os.PathLike`, or a `str` that does not start like JSON).
    Path(std::path::PathBuf),
}

/// `value` as JSON text, or as a path where paths are taken (`paths`); a fault of the value
/// is an `invalid_request` (or, for a catalog, `invalid_catalog`) at `prefix`.
fn given(
    value: &Bound<'_, PyAny>,
    prefix: &str,
    catalog: bool,
    paths: bool,
) -> Result<Given, Error> {
    if let Ok(s) = value.cast::<PyString>() {
        let text = s.to_cow().map_err(|_| {
            Error::request(at(prefix), "is not valid Unicode text (a lone surrogate)")
        })?;
        // A byte-order mark before the JSON does not make the text a path (the readers then
        // name it).
        let first = text
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .chars()
            .next();
        return Ok(match first {
            Some(c) if paths && c != '{' && c != '[' => Given::Path(text.into_owned().into()),
            _ => Given::Text(text.into_owned()),
        });
    }
    // An `os.PathLike` (a `pathlib.Path`).
    if paths && value.hasattr("__fspath__").unwrap_or(false) {
        if let Ok(path) = value.extract::<std::path::PathBuf>() {
            return Ok(Given::Path(path));
        }
    }
    value::json_text(value).map(Given::Text).map_err(|f| {
        let field = f.field(prefix);
        if catalog {
            Error::catalog(field, f.message)
        } else {
            Error::request(field, f.message)
        }
    })
}

/// The path a fault of the whole value names.
fn at(prefix: &str) -> &str {
    if prefix.is_empty() {
        "$"
    } else {
        prefix
    }
}

/// JSON text of a request-like argument (a dict, or JSON text).
fn text_of(value: &Bound<'_, PyAny>, prefix: &str) -> Result<String, Error> {
    match given(value, prefix, false, false)? {
        Given::Text(t) => Ok(t),
        Given::Path(_) => Err(Error::request(at(prefix), "must be JSON data or JSON text")),
    }
}

/// Prices requests against one catalog. Build once, reuse: construction validates the whole
/// catalog. Safe to share between threads; loading a catalog and pricing an export run
/// without the GIL.
#[pyclass(frozen, subclass, module = "tariff")]
struct Pricing {
    catalog: Catalog,
}

#[pymethods]
impl Pricing {
    /// A catalog as JSON text, a dict, or a path (`os.PathLike`, or a `str` that does not
    /// start with `{`); `None` is the catalog embedded in the engine.
    #[new]
    #[pyo3(signature = (catalog=None))]
    fn new(py: Python<'_>, catalog: Option<&Bound<'_, PyAny>>) -> PyResult<Pricing> {
        let loaded = match catalog {
            None => Catalog::embedded(),
            Some(c) => match given(c, "", true, true) {
                Ok(Given::Text(text)) => py.detach(|| Catalog::from_json(&text)),
                Ok(Given::Path(path)) => std::fs::read_to_string(&path)
                    .map_err(|e| {
                        Error::catalog("$", format!("cannot read {}: {e}", path.display()))
                    })
                    .and_then(|text| py.detach(|| Catalog::from_json(&text))),
                Err(e) => Err(e),
            },
        };
        loaded
            .map(|catalog| Pricing { catalog })
            .map_err(|e| raise(py, &e))
    }

    /// The catalog's version.
    #[getter]
    fn catalog_version(&self) -> &str {
        self.catalog.version()
    }

    /// The SHA-256 (lowercase hex) of the catalog's bytes (of a dict's compact JSON text).
    #[getter]
    fn catalog_sha256(&self) -> &str {
        self.catalog.sha256()
    }

    /// The slug billed when a request names no model.
    #[getter]
    fn default_model(&self) -> &str {
        self.catalog.default_model()
    }

    /// Prices a request (a dict, or its JSON text): the estimate as a dict.
    fn estimate<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = text_of(request, "").map_err(|e| raise(py, &e))?;
        let estimate = Request::from_json(&text)
            .map_err(Error::from)
            .and_then(|r| self.catalog.estimate(&r))
            .map_err(|e| raise(py, &e))?;
        to_py(py, &estimate)
    }

    /// Prices a request and checks it against a budget (`{balance_micros, limit_micros?,
    /// spent_micros?, early_charge_thresholds_micros?, basis?}`).
    fn check_budget<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        budget: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let run = || -> Result<tariff::BudgetCheck<'_>, Error> {
            let request = text_of(request, "")?;
            let budget = text_of(budget, "budget")?;
            let r = Request::from_json(&request)?;
            let b = Budget::from_json(&budget)?;
            self.catalog.check_budget(&r, &b)
        };
        let check = run().map_err(|e| raise(py, &e))?;
        to_py(py, &check)
    }

    /// Breaks down usage records: a list of dicts, JSON-lines text (or one JSON array), or a
    /// path (read as a stream: memory bounded by the breakdown, not the file).
    fn usage<'py>(
        &self,
        py: Python<'py>,
        records: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let run = || -> Result<tariff::Breakdown, Error> {
            if records.is_instance_of::<PyList>() || records.is_instance_of::<PyTuple>() {
                let n = records.len().unwrap_or(0);
                tariff::usage::check_record_count(n)?;
            } else if !records.is_instance_of::<PyString>()
                && !records.hasattr("__fspath__").unwrap_or(false)
            {
                return Err(Error::request(
                    "records",
                    format!(
                        "must be a list of records, JSON-lines text or a path, not {}",
                        value::type_name(records)
                    ),
                ));
            }
            // Pricing an export runs without the GIL: other Python threads go on meanwhile.
            match given(records, "records", false, true)? {
                Given::Text(text) => py.detach(|| self.catalog.usage_text(&text)),
                Given::Path(path) => {
                    let file = std::fs::File::open(&path).map_err(|e| {
                        Error::request("records", format!("cannot read {}: {e}", path.display()))
                    })?;
                    py.detach(|| self.catalog.usage_reader(file))
                }
            }
        };
        let breakdown = run().map_err(|e| raise(py, &e))?;
        to_py(py, &breakdown)
    }

    /// Every model with its prices, in catalog order.
    fn models<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.catalog.list_models())
    }

    /// Every hardware tier with its per-second and per-hour prices.
    fn hardware<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.catalog.list_hardware())
    }

    /// Prices each row of `texts` (JSON text per row) on its own: `(micros, billed_model,
    /// error_code)` lists; with `raise_errors`, the first fault is raised (`records[i]`,
    /// counting from `first`, the batch's first row in its table).
    fn _price_json_rows(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyList>,
        raise_errors: bool,
        first: usize,
    ) -> PyResult<batch::Priced> {
        batch::json_rows(py, &self.catalog, texts, raise_errors, first)
    }

    /// Prices each of `n` rows given as columns (name -> list of values) on its own.
    fn _price_column_rows(
        &self,
        py: Python<'_>,
        columns: &Bound<'_, pyo3::types::PyDict>,
        n: usize,
        raise_errors: bool,
        first: usize,
    ) -> PyResult<batch::Priced> {
        batch::column_rows(py, &self.catalog, columns, n, raise_errors, first)
    }

    /// Every billable call of each row of `texts` (JSON text per row): see `batch::json_calls`.
    fn _price_json_calls(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyList>,
        raise_errors: bool,
        first: usize,
    ) -> PyResult<batch::Calls> {
        batch::json_calls(py, &self.catalog, texts, raise_errors, first)
    }

    fn __repr__(&self) -> String {
        format!("Pricing(catalog_version={:?})", self.catalog.version())
    }
}

/// Whole micros as dollars: `30233286` -> `'$30.233286'`, `3600000` -> `'$3.60'`. Raises
/// `InvalidRequest` for anything but an `int` in 0..=2^53-1 (a `bool` included).
#[pyfunction]
fn format_usd(py: Python<'_>, micros: &Bound<'_, PyAny>) -> PyResult<String> {
    let n = if micros.cast::<pyo3::types::PyBool>().is_ok() {
        None
    } else {
        micros.extract::<i128>().ok()
    };
    match n
        .and_then(|n| u64::try_from(n).ok())
        .filter(|n| *n <= tariff::MAX_SAFE_MICROS)
    {
        Some(n) => Ok(tariff::format_usd(n)),
        None => Err(raise(
            py,
            &Error::request(
                "micros",
                format!(
                    "must be a whole number of micros in 0..=2^53-1, not {}",
                    value::type_name(micros)
                ),
            ),
        )),
    }
}

/// The module: `tariff._tariff`.
#[pymodule]
fn _tariff(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Pricing>()?;
    m.add_function(wrap_pyfunction!(format_usd, m)?)?;
    errors::add(m)?;
    Ok(())
}
