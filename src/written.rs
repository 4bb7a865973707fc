//! A catalog's billing objects as written, for listings. A load validates the catalog from a
//! borrowed tree it then drops; only a listing needs the `billing` objects themselves, so the
//! catalog keeps its text and parses them from it the first time one is asked for (once for
//! all of its billings).

use serde_json::Value;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};
use tariff_request::json::{field, owned, parse_tree, Json};

/// A catalog's text and, once a listing has asked, its billing objects.
pub(crate) struct Document {
    text: Cow<'static, str>,
    /// For each model, its `billing` and then its price changes' `billing`s, in catalog order.
    billings: OnceLock<Vec<Vec<Value>>>,
}

impl Document {
    pub(crate) fn new(text: Cow<'static, str>) -> Arc<Document> {
        Arc::new(Document {
            text,
            billings: OnceLock::new(),
        })
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    fn billings(&self) -> &[Vec<Value>] {
        self.billings.get_or_init(|| {
            // The text was validated when the catalog was loaded: it parses, and every model
            // has its billing (anything else would leave `null`, never a fault).
            let tree = parse_tree(&self.text).unwrap_or(Json::Null);
            let billing = |item: &Json| match item {
                Json::Object(m) => field(m, "billing").map_or(Value::Null, owned),
                _ => Value::Null,
            };
            let array = |item: &Json, key: &str| -> Vec<Value> {
                let items = match item {
                    Json::Object(m) => field(m, key),
                    _ => None,
                };
                match items {
                    Some(Json::Array(items)) => items.iter().map(&billing).collect(),
                    _ => Vec::new(),
                }
            };
            let models = match &tree {
                Json::Object(m) => field(m, "models"),
                _ => None,
            };
            let Some(Json::Array(models)) = models else {
                return Vec::new();
            };
            models
                .iter()
                .map(|m| {
                    let mut out = vec![billing(m)];
                    out.extend(array(m, "price_changes"));
                    out
                })
                .collect()
        })
    }
}

/// A `billing` object of a catalog as written (its model's, or one of its price changes'),
/// read from the catalog's text on first use. Dereferences to the JSON value.
#[derive(Clone)]
pub struct WrittenBilling {
    doc: Arc<Document>,
    model: usize,
    /// 0: the model's own billing; `n`: its `n`th price change's.
    at: usize,
}

impl WrittenBilling {
    pub(crate) fn new(doc: &Arc<Document>, model: usize, at: usize) -> WrittenBilling {
        WrittenBilling {
            doc: Arc::clone(doc),
            model,
            at,
        }
    }

    /// Where its model's `i`th price change's billing is written.
    pub(crate) fn change(&self, i: usize) -> WrittenBilling {
        WrittenBilling::new(&self.doc, self.model, i + 1)
    }

    /// The billing object (`null` only if the catalog's text did not hold it, which a loaded
    /// catalog's always does).
    pub fn get(&self) -> &Value {
        static NULL: Value = Value::Null;
        let billings = self.doc.billings();
        billings
            .get(self.model)
            .and_then(|m| m.get(self.at))
            .unwrap_or(&NULL)
    }
}

impl std::ops::Deref for WrittenBilling {
    type Target = Value;

    fn deref(&self) -> &Value {
        self.get()
    }
}

impl PartialEq for WrittenBilling {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl std::fmt::Debug for WrittenBilling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}
