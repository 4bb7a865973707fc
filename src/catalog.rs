//! The catalog: version, default model, hardware tiers and every model with its billing
//! shape. Loading validates all of it and fails with `invalid_catalog` and the JSON path of
//! the first fault.

use crate::clock::{system_clock, Clock};
use crate::error::Error;
use crate::json::{index, join, parse_tree, Json, Obj, Source};
use crate::request::{Usage, MAX_SLUG_LEN};
pub use crate::shape::hardware::HardwareTier;
use crate::shape::Billing;
use crate::slug_index::SlugIndex;
use crate::time::Timestamp;
use crate::written::Document;
pub use crate::written::WrittenBilling;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The catalog shipped with the crate: `catalog.json` at the repository root, minified at
/// build time (the same catalog, fewer bytes).
pub const EMBEDDED_CATALOG: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog.min.json"));

/// The SHA-256 of `catalog.json`'s bytes (lowercase hex), computed at build time: the hash
/// a server computes of the same file.
pub const EMBEDDED_CATALOG_SHA256: &str =
    include_str!(concat!(env!("OUT_DIR"), "/catalog_sha256.txt"));

/// The SHA-256 of `bytes` as lowercase hex: a catalog's content hash.
#[cfg(not(js_host))]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Natively the text is hashed here; in wasm the bindings hash it (in JS) and set it.
fn content_hash(text: &str) -> String {
    #[cfg(not(js_host))]
    return sha256_hex(text.as_bytes());
    #[cfg(js_host)]
    {
        let _ = text;
        String::new()
    }
}

/// The largest catalog text accepted, in bytes.
pub const MAX_CATALOG_BYTES: usize = 4 * 1024 * 1024;

/// The most models a catalog may hold.
pub const MAX_MODELS: usize = 10_000;
/// The most hardware tiers a catalog may hold.
pub const MAX_HARDWARE: usize = 1_000;
/// The most versions a model may list.
pub const MAX_VERSIONS: usize = 10_000;
/// The longest display text (name, notes, ...) accepted, in bytes.
pub const MAX_TEXT_LEN: usize = 1_000;

/// Refuses a text past [`MAX_CATALOG_BYTES`] before anything is read or copied.
fn check_size(text: &str) -> Result<(), Error> {
    if text.len() > MAX_CATALOG_BYTES {
        return Err(Error::catalog(
            "$",
            format!("is larger than {MAX_CATALOG_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// One model of the catalog.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The public slug (`claude/opus-4-7`).
    pub slug: String,
    /// Display name (`Opus 4.7`).
    pub name: String,
    /// Family (`Claude`).
    pub family: String,
    /// Provider (`Anthropic`).
    pub provider: String,
    /// Where it is billed (`agentic`, `media`, `compute`, `reference`).
    pub surface: String,
    /// What it makes (`text`, `image`, `video`, ...).
    pub kind: String,
    /// A note as the price list prints it (`Balanced — recommended default`).
    pub notes: Option<String>,
    /// Whether the price is a public list rate, not the platform's own.
    pub indicative: bool,
    /// How it is billed (before its first price change, if it has any).
    pub billing: Billing,
    /// The catalog's `billing` object as written, for listings (read from the catalog's text
    /// when first used; dereferences to the JSON value).
    pub billing_json: WrittenBilling,
    /// Later prices, by `effective_from`, oldest first.
    pub price_changes: Vec<PriceChange>,
    /// The model's hard caps, keyed as usage (`output_tokens`, `input_tokens`, `seconds` in
    /// ms): what bounds an open quantity when a request gives no limit.
    pub limits: Usage,
    /// Whether the caps are public figures rather than the platform's own.
    pub limits_indicative: bool,
    /// The models a run of this one may call, each with the most calls a run makes and their
    /// limits: what bounds an estimate that lists no downstream calls.
    pub downstream: Vec<DownstreamCall>,
    /// Its versions, oldest first as the catalog lists them.
    pub versions: Vec<Version>,
}

/// A model that another one calls, as the catalog lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct DownstreamCall {
    /// The called model's slug.
    pub model: String,
    /// The most calls one run makes; `None` when the catalog does not say (an estimate that
    /// lists no downstream calls is then unbounded).
    pub max_calls: Option<u64>,
    /// The request the bound prices for each call: the model and the entry's `limits`.
    pub request: crate::request::Request,
}

/// One version of a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Its id (`a1b2c3`, `v2`).
    pub id: String,
    /// When it was created (RFC 3339, as the catalog writes it).
    pub created: String,
    /// Whether it is a fast-booting fine-tune (billed for active time only).
    pub fast_booting: bool,
}

/// The most calls a catalog `downstream` entry may give.
pub const MAX_DOWNSTREAM_CALLS: u64 = 10_000;

/// A price that takes over from `effective_from` on.
#[derive(Clone, Debug, PartialEq)]
pub struct PriceChange {
    /// When it takes effect.
    pub effective_from: Timestamp,
    /// The date as the catalog writes it.
    pub effective_from_text: String,
    /// The new billing.
    pub billing: Billing,
    /// Its `billing` object as written (read when first used, as the model's).
    pub billing_json: WrittenBilling,
}

impl Model {
    /// The billing in force at `at` where the price needs neither the clock (a dated price
    /// without `at` is the one in force now, which the walk reads and says) nor the catalog's
    /// downstream calls: where the compiled paths (direct bills, compiled quotes) start;
    /// `None` leaves the call to the walk.
    pub(crate) fn fixed_billing(&self, at: Option<Timestamp>) -> Option<&Billing> {
        let fixed = self.downstream.is_empty() && (at.is_some() || self.price_changes.is_empty());
        fixed.then(|| self.billing_at(at).0)
    }

    /// The billing in force at `when` (`None`: the first one), its JSON as written, and the
    /// date it took effect (`None` for the first one). The JSON is read from the catalog's
    /// text only when it is dereferenced (a listing): pricing never asks for it.
    pub fn billing_at(&self, when: Option<Timestamp>) -> (&Billing, &WrittenBilling, Option<&str>) {
        let change = when.and_then(|t| {
            self.price_changes
                .iter()
                .rev()
                .find(|c| c.effective_from <= t)
        });
        match change {
            Some(c) => (&c.billing, &c.billing_json, Some(&c.effective_from_text)),
            None => (&self.billing, &self.billing_json, None),
        }
    }
}

/// A validated catalog. Cheap to query; build once and share.
#[derive(Clone, Debug)]
pub struct Catalog {
    version: String,
    sha256: String,
    default_model: usize,
    hardware: Vec<HardwareTier>,
    models: Vec<Model>,
    by_slug: SlugIndex,
    sorted_slugs: Vec<String>,
    early_charge_thresholds: Vec<u64>,
    clock: Clock,
}

impl Catalog {
    /// The catalog embedded in the crate.
    pub fn embedded() -> Result<Catalog, Error> {
        let mut c = Catalog::parse_text(Cow::Borrowed(EMBEDDED_CATALOG))?;
        c.sha256 = EMBEDDED_CATALOG_SHA256.to_string();
        Ok(c)
    }

    /// Parses and validates a catalog from JSON text; its content hash is the SHA-256 of
    /// the text's bytes.
    pub fn from_json(text: &str) -> Result<Catalog, Error> {
        check_size(text)?;
        let mut c = Catalog::parse_text(Cow::Owned(text.to_string()))?;
        c.sha256 = content_hash(text);
        Ok(c)
    }

    /// Reads the catalog from a borrowed tree of its text, which it keeps (for listings).
    fn parse_text(text: Cow<'static, str>) -> Result<Catalog, Error> {
        check_size(&text)?;
        let doc = Document::new(text);
        let tree = parse_tree(doc.text())
            .map_err(|e| Error::catalog("$", format!("malformed JSON: {e}")))?;
        Catalog::validate_named(&tree, &doc)
    }

    /// Validates a catalog already parsed as JSON; its content hash is that of the value's
    /// compact JSON text, which is what is read.
    pub fn from_value(value: &Value) -> Result<Catalog, Error> {
        let text = value.to_string();
        let sha256 = content_hash(&text);
        let mut c = Catalog::parse_text(Cow::Owned(text))?;
        c.sha256 = sha256;
        Ok(c)
    }

    /// Validates a catalog in one pass that builds no paths; only when it finds a fault, a
    /// second pass with them names it (the same fault: nothing but the paths differs).
    fn validate_named(value: &Json, doc: &Arc<Document>) -> Result<Catalog, Error> {
        Catalog::validate(value, Source::CatalogUnnamed, doc).map_err(|unnamed| {
            Catalog::validate(value, Source::Catalog, doc)
                .err()
                .unwrap_or(unnamed)
        })
    }

    fn validate(value: &Json, src: Source, doc: &Arc<Document>) -> Result<Catalog, Error> {
        let root = Obj::new(value, "", src)?;
        root.only(&[
            "$schema",
            "version",
            "currency",
            "default_model",
            "early_charge_thresholds_micros",
            "hardware",
            "models",
        ])?;
        let version = root.non_empty_str("version", 100)?.to_string();
        if let Some(currency) = root.opt_str("currency", 8)? {
            if currency != "USD" {
                return Err(root.err("currency", "only USD is supported"));
            }
        }

        let mut early_charge_thresholds = Vec::new();
        if let Some(items) = root.opt_array("early_charge_thresholds_micros")? {
            for (i, v) in items.iter().enumerate() {
                let path = src.index("early_charge_thresholds_micros", i);
                let t = crate::json::count(v).map_err(|m| Error::catalog(&path, m))?;
                if early_charge_thresholds
                    .last()
                    .is_some_and(|prev| *prev >= t)
                {
                    return Err(Error::catalog(
                        path,
                        "thresholds must be strictly increasing",
                    ));
                }
                early_charge_thresholds.push(t);
            }
        }

        let hw_items = root.array("hardware")?;
        if hw_items.len() > MAX_HARDWARE {
            return Err(root.err("hardware", format!("holds more than {MAX_HARDWARE} tiers")));
        }
        let mut hardware: Vec<HardwareTier> = Vec::with_capacity(hw_items.len());
        for (i, item) in hw_items.iter().enumerate() {
            let h = Obj::new(item, &src.index("hardware", i), src)?;
            h.only(&["id", "name", "price_per_second", "indicative"])?;
            let id = h.non_empty_str("id", 64)?.to_string();
            if hardware.iter().any(|t| t.id == id) {
                return Err(h.err("id", format!("duplicate hardware id {id:?}")));
            }
            hardware.push(HardwareTier {
                id,
                name: h.non_empty_str("name", MAX_TEXT_LEN)?.to_string(),
                price_per_second: hourly_exact(&h)?,
                indicative: h.opt_bool("indicative")?.unwrap_or(false),
            });
        }

        let model_items = root.array("models")?;
        if model_items.is_empty() {
            return Err(root.err("models", "must list at least one model"));
        }
        if model_items.len() > MAX_MODELS {
            return Err(root.err("models", format!("holds more than {MAX_MODELS} models")));
        }
        let mut models = Vec::with_capacity(model_items.len());
        let mut by_slug = BTreeMap::new();
        for (i, item) in model_items.iter().enumerate() {
            let written = WrittenBilling::new(doc, i, 0);
            let model = parse_model(item, &src.index("models", i), &hardware, src, written)?;
            if by_slug.insert(model.slug.clone(), i).is_some() {
                return Err(Error::catalog(
                    join(&index("models", i), "slug"),
                    format!("duplicate slug {:?}", model.slug),
                ));
            }
            models.push(model);
        }
        for (i, m) in models.iter().enumerate() {
            for (j, d) in m.downstream.iter().enumerate() {
                let path = src.index(&src.join(&src.index("models", i), "downstream"), j);
                if d.model == m.slug {
                    return Err(Error::catalog(
                        path,
                        "a model cannot list itself as downstream",
                    ));
                }
                if !by_slug.contains_key(&d.model) {
                    return Err(Error::catalog(
                        path,
                        format!("{:?} is not a model of the catalog", d.model),
                    ));
                }
            }
        }

        let default_slug = root.non_empty_str("default_model", MAX_SLUG_LEN)?;
        let default_model = *by_slug.get(default_slug).ok_or_else(|| {
            root.err(
                "default_model",
                format!("{default_slug:?} is not a model of the catalog"),
            )
        })?;

        let sorted_slugs: Vec<String> = by_slug.keys().cloned().collect();
        Ok(Catalog {
            version,
            sha256: String::new(),
            default_model,
            hardware,
            by_slug: SlugIndex::new(models.iter().map(|m| m.slug.as_str())),
            models,
            sorted_slugs,
            early_charge_thresholds,
            clock: system_clock,
        })
    }

    /// Uses `clock` for "now" (which price is in force when a request has no `at`).
    pub fn with_clock(mut self, clock: Clock) -> Catalog {
        self.clock = clock;
        self
    }

    /// Now, by the catalog's clock.
    pub fn now(&self) -> Option<Timestamp> {
        (self.clock)()
    }

    /// The catalog's `version`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The SHA-256 (lowercase hex) of the catalog's bytes, so a server can tell that a client
    /// priced from the same catalog.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Sets the content hash (the wasm bindings hash a custom catalog in JS).
    #[cfg(js_host)]
    pub(crate) fn set_sha256(&mut self, hash: String) {
        self.sha256 = hash;
    }

    /// Every model, in catalog order.
    pub fn models(&self) -> &[Model] {
        &self.models
    }

    /// Every hardware tier, in catalog order.
    pub fn hardware(&self) -> &[HardwareTier] {
        &self.hardware
    }

    /// The slug of the model billed when a request names none.
    pub fn default_model(&self) -> &str {
        self.models
            .get(self.default_model)
            .map_or("", |m| m.slug.as_str())
    }

    /// Spend thresholds (micros) whose first crossing triggers an early charge.
    pub fn early_charge_thresholds(&self) -> &[u64] {
        &self.early_charge_thresholds
    }

    /// Every slug, sorted.
    pub fn slugs(&self) -> &[String] {
        &self.sorted_slugs
    }

    /// The model with this slug.
    pub fn model(&self, slug: &str) -> Option<&Model> {
        self.model_index(slug).and_then(|i| self.models.get(i))
    }

    pub(crate) fn model_index(&self, slug: &str) -> Option<usize> {
        self.by_slug
            .get(slug, |i| self.models.get(i).map(|m| m.slug.as_str()))
    }

    pub(crate) fn default_index(&self) -> usize {
        self.default_model
    }

    /// The `unknown_model` error for `slug`, given at `field`.
    pub(crate) fn unknown_model(&self, slug: &str, field: String) -> Error {
        Error::UnknownModel {
            field,
            model: slug.to_string(),
            available: self.sorted_slugs.clone(),
            suggestions: crate::suggest::nearest(slug, &self.sorted_slugs),
        }
    }
}

fn parse_model(
    item: &Json,
    path: &str,
    hardware: &[HardwareTier],
    src: Source,
    billing_json: WrittenBilling,
) -> Result<Model, Error> {
    let m = Obj::new(item, path, src)?;
    m.only(&[
        "slug",
        "name",
        "family",
        "provider",
        "surface",
        "kind",
        "notes",
        "indicative",
        "billing",
        "price_changes",
        "limits",
        "downstream",
        "versions",
    ])?;
    let slug = m.non_empty_str("slug", MAX_SLUG_LEN)?;
    if slug.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(m.err("slug", "must not contain whitespace"));
    }
    let text = |key: &str| m.non_empty_str(key, MAX_TEXT_LEN).map(str::to_string);
    let billing_obj = m.obj("billing")?;
    let billing = Billing::parse(&billing_obj, hardware)?;
    let (limits, limits_indicative) = parse_limits(&m)?;
    Ok(Model {
        slug: slug.to_string(),
        name: text("name")?,
        family: text("family")?,
        provider: text("provider")?,
        surface: text("surface")?,
        kind: text("kind")?,
        notes: m
            .opt_str("notes", MAX_TEXT_LEN)?
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        indicative: m.opt_bool("indicative")?.unwrap_or(false),
        billing,
        price_changes: parse_changes(&m, hardware, &billing_json)?,
        billing_json,
        limits,
        limits_indicative,
        downstream: parse_downstream(&m)?,
        versions: parse_versions(&m)?,
    })
}

/// A model's `downstream`: slugs, or `{model, max_calls?, limits?}` (whether each exists is
/// checked once every model is read).
fn parse_downstream(m: &Obj) -> Result<Vec<DownstreamCall>, Error> {
    let mut out: Vec<DownstreamCall> = Vec::new();
    let base = m.source.join(&m.path, "downstream");
    // Each entry is another model of the catalog, listed once: a longer list cannot be valid.
    let items = short_list(
        m,
        "downstream",
        MAX_MODELS,
        "models, more than a catalog holds",
    )?;
    for (i, item) in items.iter().enumerate() {
        let path = m.source.index(&base, i);
        let entry = match item {
            Json::Str(slug) => {
                if slug.is_empty() || slug.len() > MAX_SLUG_LEN {
                    return Err(Error::catalog(
                        path,
                        format!("must be a slug of 1 to {MAX_SLUG_LEN} bytes"),
                    ));
                }
                DownstreamCall {
                    model: slug.to_string(),
                    max_calls: None,
                    request: crate::request::Request {
                        model: Some(slug.to_string()),
                        ..Default::default()
                    },
                }
            }
            _ => {
                let d = Obj::new(item, &path, m.source)?;
                d.only(&["model", "max_calls", "limits"])?;
                let slug = d.non_empty_str("model", MAX_SLUG_LEN)?.to_string();
                let max_calls = d.opt_count("max_calls")?;
                if let Some(n) = max_calls {
                    if n == 0 || n > MAX_DOWNSTREAM_CALLS {
                        return Err(
                            d.err("max_calls", format!("must be 1 to {MAX_DOWNSTREAM_CALLS}"))
                        );
                    }
                }
                let (limits, _) = parse_limits(&d)?;
                DownstreamCall {
                    request: crate::request::Request {
                        model: Some(slug.to_string()),
                        limits,
                        ..Default::default()
                    },
                    model: slug,
                    max_calls,
                }
            }
        };
        if out.iter().any(|o| o.model == entry.model) {
            return Err(Error::catalog(
                path,
                format!("{:?} is listed twice", entry.model),
            ));
        }
        out.push(entry);
    }
    Ok(out)
}

/// A hardware tier's `price_per_second`, whose price an hour (listed beside it) must be exact
/// too: at most 2^53 - 1 micros.
fn hourly_exact(h: &Obj) -> Result<u64, Error> {
    let rate = h.count("price_per_second")?;
    if rate.saturating_mul(3600) > crate::money::MAX_SAFE_MICROS {
        return Err(h.err(
            "price_per_second",
            "is more than an hour's price (× 3,600) can hold exactly (2^53 - 1 micros)",
        ));
    }
    Ok(rate)
}

/// The array at `key` (empty when absent), refused past `max` entries before they are compared
/// with each other for repeats (which takes time in the square of their number).
fn short_list<'a>(m: &Obj<'a>, key: &str, max: usize, what: &str) -> Result<&'a [Json<'a>], Error> {
    let items = m.opt_array(key)?.unwrap_or_default();
    if items.len() > max {
        return Err(m.err(key, format!("lists more than {max} {what}")));
    }
    Ok(items)
}

/// A model's `versions`: `{id, created, fast_booting?}`, ids unique.
fn parse_versions(m: &Obj) -> Result<Vec<Version>, Error> {
    let mut out: Vec<Version> = Vec::new();
    let base = m.source.join(&m.path, "versions");
    let items = short_list(m, "versions", MAX_VERSIONS, "versions")?;
    for (i, item) in items.iter().enumerate() {
        let v = Obj::new(item, &m.source.index(&base, i), m.source)?;
        v.only(&["id", "created", "fast_booting"])?;
        let id = v.non_empty_str("id", 100)?.to_string();
        if out.iter().any(|o| o.id == id) {
            return Err(v.err("id", format!("duplicate version id {id:?}")));
        }
        let created = v.str("created", 64)?;
        Timestamp::parse_rfc3339(created).map_err(|e| v.err("created", e))?;
        out.push(Version {
            id,
            created: created.to_string(),
            fast_booting: v.opt_bool("fast_booting")?.unwrap_or(false),
        });
    }
    Ok(out)
}

/// A model's `limits`: usage keys with the most a run may use (counts; seconds as seconds),
/// and `indicative`.
fn parse_limits(m: &Obj) -> Result<(Usage, bool), Error> {
    let Some(l) = m.opt_obj("limits")? else {
        return Ok((Usage::default(), false));
    };
    let mut limits = Usage::default();
    for (key, _) in l.fields() {
        if key == "indicative" {
            continue;
        }
        if !limits.set(key, None) {
            return Err(l.err(
                key,
                "unknown quantity; expected a usage key (output_tokens, input_tokens, seconds, ...) \
                 or indicative",
            ));
        }
        let value = if key.ends_with("seconds") {
            l.opt_millis(key)?
        } else {
            l.opt_count(key)?
        };
        limits.set(key, value);
    }
    Ok((limits, l.opt_bool("indicative")?.unwrap_or(false)))
}

/// A model's price changes; `model` is where its own billing is written (theirs follow it).
fn parse_changes(
    m: &Obj,
    hardware: &[HardwareTier],
    model: &WrittenBilling,
) -> Result<Vec<PriceChange>, Error> {
    let mut changes: Vec<PriceChange> = Vec::new();
    let base = m.source.join(&m.path, "price_changes");
    for (i, item) in m
        .opt_array("price_changes")?
        .into_iter()
        .flatten()
        .enumerate()
    {
        let c = Obj::new(item, &m.source.index(&base, i), m.source)?;
        c.only(&["effective_from", "billing"])?;
        let text = c.str("effective_from", 64)?;
        let at = Timestamp::parse_rfc3339(text).map_err(|e| c.err("effective_from", e))?;
        if changes.last().is_some_and(|p| p.effective_from >= at) {
            return Err(c.err("effective_from", "must be later than the previous change's"));
        }
        let b = c.obj("billing")?;
        changes.push(PriceChange {
            effective_from: at,
            effective_from_text: text.to_string(),
            billing: Billing::parse(&b, hardware)?,
            billing_json: model.change(i),
        });
    }
    Ok(changes)
}
