//! `pricing.tally()`: a usage export priced in chunks (a Web Worker reads a file as a stream
//! and passes whole lines), so that no chunk is a long task and the text is never held
//! whole. Each chunk returns its billable calls as typed-array columns, for a table of every
//! call; `finish()` returns the breakdown, exactly as one `usage()` of the whole export.

use super::convert::{js_error, num, to_js};
use crate::error::Error;
use crate::request::Status;
use crate::usage::{Stopped, Tally, TallyState};
use crate::Catalog;
use std::rc::Rc;
use tariff_request::records::{array_spans, for_each_line_record, for_each_record, record_spans};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/js/results.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeChunk)]
    #[allow(clippy::too_many_arguments)]
    fn make_chunk(
        records: f64,
        record: Vec<u32>,
        model: Vec<u32>,
        status: Vec<u8>,
        micros: Vec<f64>,
        at: Vec<f64>,
        project: Vec<u32>,
        day: Vec<u32>,
        start: Vec<u32>,
        end: Vec<u32>,
        bytes: f64,
    ) -> JsValue;
}

/// A breakdown being summed, chunk by chunk.
#[wasm_bindgen]
pub struct UsageTally {
    catalog: Rc<Catalog>,
    state: Option<TallyState>,
    /// Lines read so far (for naming a malformed line in the whole export).
    lines: usize,
    /// Every project seen, in order of first appearance; a record's project is 1 + its index.
    projects: Projects,
    /// Every UTC day seen, the same way.
    days: Days,
    /// Whether the export was one JSON array, added whole.
    whole: bool,
}

/// Days as numbers: 0 for a record without `at`, else 1 + the day's place in `names`.
#[derive(Default)]
struct Days {
    names: Vec<String>,
    ids: crate::usage::DayIds,
}

impl Days {
    fn id(&mut self, day: Option<tariff_request::time::Day>) -> u32 {
        let Some(day) = day else { return 0 };
        let (i, new) = self.ids.id(day);
        if new {
            self.names.push(day.to_string());
        }
        u32::try_from(i + 1).unwrap_or(u32::MAX)
    }
}

/// Project names as numbers: 0 for none, else 1 + the name's place in `names`.
#[derive(Default)]
struct Projects {
    names: Vec<String>,
    // A BTreeMap as the catalog's slug map is: the same code, where a HashMap added 3 KB.
    ids: std::collections::BTreeMap<String, usize>,
}

impl Projects {
    fn id(&mut self, project: Option<&str>) -> u32 {
        let Some(name) = project else { return 0 };
        let id = match self.ids.get(name) {
            Some(id) => *id,
            None => {
                self.names.push(name.to_string());
                self.ids.insert(name.to_string(), self.names.len());
                self.names.len()
            }
        };
        u32::try_from(id).unwrap_or(u32::MAX)
    }
}

impl UsageTally {
    pub(crate) fn new(catalog: Rc<Catalog>) -> Self {
        UsageTally {
            catalog,
            state: Some(TallyState::default()),
            lines: 0,
            projects: Projects::default(),
            days: Days::default(),
            whole: false,
        }
    }
}

fn code(status: Status) -> u8 {
    match status {
        Status::Succeeded => 0,
        Status::Failed => 1,
        Status::Canceled => 2,
    }
}

#[wasm_bindgen]
impl UsageTally {
    /// Prices JSON lines that continue the export (whole lines; blank ones skipped) and adds
    /// them; or, as the first and only chunk, the whole export as one JSON array. Returns
    /// `{records, calls: {record, model, status, micros}, at, project, day, start, end,
    /// bytes}`: typed arrays, `record` counting from the export's first record, `at` in ms
    /// since the epoch (`NaN` when a record has none), `project` 0 for none, else 1 + its index
    /// in `projects()`, `day` the same in `days()`, each record's byte range `start..end` in
    /// the chunk's UTF-8 (of `bytes` bytes; an array's items). A fault names the record and
    /// line in the whole export; the tally is then finished and cannot go on.
    #[wasm_bindgen(unchecked_return_type = "UsageChunk")]
    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
    ) -> Result<JsValue, JsValue> {
        // Any value, so that a Uint8Array or a number is a coded error (the tally goes on).
        let text = super::js_text(text, "records")?;
        let text = text.as_str();
        if self.whole {
            return Err(js_error(&Error::request(
                "records",
                "an export given as one JSON array is added whole: nothing can follow it",
            )));
        }
        let Some(state) = self.state.take() else {
            return Err(js_error(&Error::request(
                "records",
                "this tally stopped at a fault (or was finished); start a new one",
            )));
        };
        let first = usize::try_from(state.records()).unwrap_or(usize::MAX);
        let catalog = Rc::clone(&self.catalog);
        let mut tally = Tally::resume(&catalog, state);
        let (mut record, mut model, mut status, mut micros) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut at, mut project, mut day) = (Vec::new(), Vec::new(), Vec::new());
        let mut index = first;
        let mut projects = std::mem::take(&mut self.projects);
        let mut days = std::mem::take(&mut self.days);
        // The first chunk may be the whole export as one JSON array (it cannot be cut).
        let trimmed = text.trim_start();
        let array = first == 0 && self.lines == 0 && trimmed.starts_with('[');
        let mut sink = |r: &crate::request::Request| {
            tally.add(r)?;
            let i = u32::try_from(index).unwrap_or(u32::MAX);
            for c in tally.last_calls() {
                record.push(i);
                model.push(u32::try_from(c.model_index).unwrap_or(u32::MAX));
                status.push(code(c.status));
                micros.push(num(c.subtotal.get()));
            }
            #[allow(
                clippy::cast_precision_loss,
                reason = "milliseconds of an RFC 3339 time are far below 2^53"
            )]
            at.push(
                r.at.and_then(|t| t.unix_seconds().checked_mul(1000))
                    .map_or(f64::NAN, |ms| ms as f64),
            );
            project.push(projects.id(r.project.as_deref()));
            day.push(days.id(r.at.map(|t| t.day())));
            index += 1;
            Ok::<(), Error>(())
        };
        let walked = if array {
            for_each_record(trimmed, &mut sink)
        } else {
            for_each_line_record(text, first, self.lines, &mut sink)
        };
        self.projects = projects;
        self.days = days;
        walked.map_err(|stopped| {
            js_error(&match stopped {
                Stopped::Read(e) => Error::from(e),
                Stopped::Sink { index, error } => error.within(&format!("records[{index}]")),
            })
        })?;
        self.lines += text.lines().count();
        self.state = Some(tally.into_state());
        // Where each record is in the chunk's UTF-8, by the readers' own rule of what a
        // record is, for finding one again in the file.
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let (start, end) = if array {
            let skipped = text.len() - trimmed.len();
            array_spans(trimmed)
                .unwrap_or_default()
                .into_iter()
                .map(|span| (offset(skipped + span.start), offset(skipped + span.end)))
                .unzip()
        } else {
            record_spans(text)
                .map(|(_, span)| (offset(span.start), offset(span.end)))
                .unzip()
        };
        if array {
            // Nothing can follow an array: the tally is finished but for `finish()`.
            self.whole = true;
        }
        Ok(make_chunk(
            num((index - first) as u64),
            record,
            model,
            status,
            micros,
            at,
            project,
            day,
            start,
            end,
            num(text.len() as u64),
        ))
    }

    /// The projects seen so far; a chunk's `project` p > 0 is `projects()[p - 1]`.
    pub fn projects(&self) -> Vec<String> {
        self.projects.names.clone()
    }

    /// The UTC days seen so far (`YYYY-MM-DD`); a chunk's `day` d > 0 is `days()[d - 1]`.
    pub fn days(&self) -> Vec<String> {
        self.days.names.clone()
    }

    /// The breakdown of every chunk added: the same as one `usage()` of the whole export.
    #[wasm_bindgen(unchecked_return_type = "Breakdown")]
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let state = self.state.take().ok_or_else(|| {
            js_error(&Error::request(
                "records",
                "this tally stopped at a fault (or was finished)",
            ))
        })?;
        let breakdown = Tally::resume(&self.catalog, state)
            .finish()
            .map_err(|e| js_error(&e))?;
        to_js(&breakdown)
    }
}
