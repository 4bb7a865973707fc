//! Engine errors as Python exceptions: `tariff.TariffError`, and a subclass per code
//! (`InvalidRequest`, `UnknownModel`, ...), each with `code`, `message` and the detail fields
//! the other surfaces give (`field`, `path`, `model`, `available`, `suggestions`, `value`,
//! `allowed`), and `to_dict()` giving `{code, message, ...details}` as the CLI prints it.

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use tariff::Error;

pyo3::create_exception!(
    tariff,
    TariffError,
    PyException,
    "Every fault of tariff: `code`, `message` and the detail fields."
);
pyo3::create_exception!(
    tariff,
    InvalidCatalog,
    TariffError,
    "`invalid_catalog`: the catalog is not valid (`path` names where)."
);
pyo3::create_exception!(
    tariff,
    InvalidRequest,
    TariffError,
    "`invalid_request`: a request, record or budget is not valid (`field` names it)."
);
pyo3::create_exception!(
    tariff,
    UnknownModel,
    TariffError,
    "`unknown_model`: no model has the slug (`suggestions` are the nearest)."
);
pyo3::create_exception!(
    tariff,
    UnsupportedInput,
    TariffError,
    "`unsupported_input`: a rate table does not price the value (`allowed` lists what it does)."
);
pyo3::create_exception!(
    tariff,
    Overflow,
    TariffError,
    "`overflow`: a result would pass 2^53 - 1 micros."
);

/// The exception of an engine error, its fields set from the error's JSON.
pub(crate) fn raise(py: Python<'_>, e: &Error) -> PyErr {
    let message = e.to_string();
    let err = match e {
        Error::InvalidCatalog { .. } => InvalidCatalog::new_err(message),
        Error::InvalidRequest { .. } => InvalidRequest::new_err(message),
        Error::UnknownModel { .. } => UnknownModel::new_err(message),
        Error::UnsupportedInput { .. } => UnsupportedInput::new_err(message),
        Error::Overflow { .. } => Overflow::new_err(message),
    };
    // `{code, message, ...details}`, as every surface writes it.
    if let Ok(serde_json::Value::Object(details)) = serde_json::to_value(e) {
        let value = err.value(py);
        for (k, v) in details {
            let set = super::to_py(py, &v).and_then(|v| value.setattr(k.as_str(), v));
            if let Err(failed) = set {
                return failed;
            }
        }
    }
    err
}

/// Adds the exceptions to the module.
pub(crate) fn add(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("TariffError", py.get_type::<TariffError>())?;
    m.add("InvalidCatalog", py.get_type::<InvalidCatalog>())?;
    m.add("InvalidRequest", py.get_type::<InvalidRequest>())?;
    m.add("UnknownModel", py.get_type::<UnknownModel>())?;
    m.add("UnsupportedInput", py.get_type::<UnsupportedInput>())?;
    m.add("Overflow", py.get_type::<Overflow>())?;
    Ok(())
}
