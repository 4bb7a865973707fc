//! Usage breakdown: billed records -> total, by model, by day. Every billable call is
//! counted, downstream calls under their own model; calls that cost nothing count as free.

use crate::bill::Bill;
use crate::catalog::Catalog;
use crate::error::Error;
use crate::money::Micros;
use crate::order::{descending, sorted};
use crate::request::Request;
use crate::time::Day;
use serde::Serialize;
use std::collections::BTreeMap;

pub use tariff_request::records::{
    check_record_count, for_each_record, for_each_record_in, parse_records, Stopped, MAX_RECORDS,
};

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

/// Spend of one project (records' `project`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProjectSpend {
    /// The project; `null` for records that name none.
    pub project: Option<String>,
    /// Records billed to it.
    pub records: u64,
    /// Their billable calls (root and downstream).
    pub calls: u64,
    /// What they cost.
    pub micros: Micros,
}

/// One billable call of the record last added to a [`Tally`]: what a table of every call
/// shows, priced once with the breakdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordCall<'c> {
    /// The model it billed.
    pub model: &'c str,
    /// Its index in the catalog.
    pub model_index: usize,
    /// How it ended.
    pub status: crate::request::Status,
    /// Its own line items.
    pub subtotal: Micros,
    /// With the calls below it.
    pub total: Micros,
}

/// The breakdown of a set of usage records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    /// The catalog's version.
    pub catalog_version: String,
    /// The SHA-256 of the catalog's bytes.
    pub catalog_sha256: String,
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
    /// Spend by project, largest first (ties: more records, then name; records without a
    /// project last). Adds up to `total_micros`.
    pub by_project: Vec<ProjectSpend>,
    /// Spend of records without `at` (not in `by_day`).
    pub undated_micros: Micros,
    /// Calls of records without `at`.
    pub undated_calls: u64,
}

#[derive(Default, Clone, Copy, Debug)]
struct ModelTally {
    calls: u64,
    free: u64,
    micros: u64,
}

#[derive(Default, Clone, Copy, Debug)]
struct ProjectTally {
    records: u64,
    calls: u64,
    micros: u64,
}

/// One UTC day's calls and spend by model: only the models with spend that day (a list of
/// every model for every day was days × models, gigabytes for an export of many days
/// against a large catalog).
#[derive(Clone, Debug)]
struct DayTally {
    day: Day,
    calls: u64,
    /// (model index, micros), sorted by model index: a call finds its model in O(log n),
    /// however many models a day has.
    spend: Vec<(usize, u64)>,
}

impl DayTally {
    fn spend(&mut self, model: usize, micros: u64) {
        match self.spend.binary_search_by_key(&model, |(m, _)| *m) {
            Ok(i) => {
                if let Some((_, sum)) = self.spend.get_mut(i) {
                    *sum = sum.saturating_add(micros);
                }
            }
            Err(i) if micros > 0 => self.spend.insert(i, (model, micros)),
            Err(_) => {}
        }
    }
}

/// Days by number, each the day's place in order of first appearance, found in O(log n)
/// whatever order records come in (a sorted list's inserts made an export of many days in
/// reverse or random order quadratic). The days met last are found first, by a table of 32
/// indexed by the day: an export comes in time order or cycles through a few weeks, so nearly
/// every record's day is there.
#[derive(Clone, Debug)]
pub(crate) struct DayIds {
    all: BTreeMap<i64, usize>,
    recent: [(i64, usize); 32],
}

/// No day is `i64::MIN` days from 1970 (a day is a count of seconds / 86,400).
const NO_DAY: (i64, usize) = (i64::MIN, 0);

impl Default for DayIds {
    fn default() -> Self {
        DayIds {
            all: BTreeMap::new(),
            recent: [NO_DAY; 32],
        }
    }
}

impl DayIds {
    /// `day`'s number, and whether it is new.
    pub(crate) fn id(&mut self, day: Day) -> (usize, bool) {
        let key = day.days_since_epoch();
        let slot = usize::try_from(key.rem_euclid(32)).unwrap_or(0);
        if let Some(&(k, i)) = self.recent.get(slot) {
            if k == key {
                return (i, false);
            }
        }
        let next = self.all.len();
        let (i, new) = match self.all.entry(key) {
            std::collections::btree_map::Entry::Occupied(e) => (*e.get(), false),
            std::collections::btree_map::Entry::Vacant(e) => (*e.insert(next), true),
        };
        if let Some(r) = self.recent.get_mut(slot) {
            *r = (key, i);
        }
        (i, new)
    }

    /// Each day's number, the days in order.
    fn in_order(&self) -> impl Iterator<Item = usize> + '_ {
        self.all.values().copied()
    }

    fn clear(&mut self) {
        self.all.clear();
        self.recent = [NO_DAY; 32];
    }
}

/// What a tally has summed so far, owning nothing of the catalog: a binding keeps it between
/// chunks of an export and resumes it with [`Tally::resume`].
#[derive(Clone, Debug, Default)]
pub struct TallyState {
    records: u64,
    calls: u64,
    total: Micros,
    undated: Micros,
    undated_calls: u64,
    per_model: Vec<ModelTally>,
    /// The models `per_model` has calls for: what a clear resets (a batch clears per row, and
    /// a catalog may have thousands of models).
    spent_on: Vec<usize>,
    /// In order of first appearance (sorted when finished).
    per_day: Vec<DayTally>,
    /// Where each day is in `per_day`.
    day_ids: DayIds,
    /// Named projects; records without one are summed in `no_project` (most records: no
    /// lookup for them).
    per_project: BTreeMap<String, ProjectTally>,
    no_project: ProjectTally,
}

impl TallyState {
    /// Records summed so far.
    pub fn records(&self) -> u64 {
        self.records
    }
}

/// Sums usage records one at a time, so an export is priced as it is read, in constant
/// memory per model, day and project.
pub struct Tally<'c> {
    catalog: &'c Catalog,
    bill: Bill<'c>,
    state: TallyState,
    /// Whether it takes at most [`MAX_RECORDS`] (a stream is not limited).
    limited: bool,
}

impl<'c> Tally<'c> {
    /// An empty tally against `catalog`.
    pub fn new(catalog: &'c Catalog) -> Self {
        Tally::resume(catalog, TallyState::default())
    }

    /// Goes on from `state` (which must come from a tally of the same catalog).
    pub fn resume(catalog: &'c Catalog, mut state: TallyState) -> Self {
        state
            .per_model
            .resize(catalog.models().len(), ModelTally::default());
        Tally {
            catalog,
            // A tally keeps each call's cost, never its lines.
            bill: Bill {
                quiet: true,
                totals_only: true,
                ..Bill::default()
            },
            state,
            limited: true,
        }
    }

    /// A tally of a stream of records: no record limit. Its memory is the breakdown's (the
    /// models, days and projects seen), whatever the number of records.
    pub fn for_stream(catalog: &'c Catalog) -> Self {
        Tally {
            limited: false,
            ..Tally::new(catalog)
        }
    }

    /// Forgets what was summed, keeping its buffers: one tally prices many records each on
    /// its own (a batch's rows), as a new one would.
    pub fn clear(&mut self) {
        let st = &mut self.state;
        (st.records, st.calls, st.undated_calls) = (0, 0, 0);
        (st.total, st.undated) = (Micros::ZERO, Micros::ZERO);
        for i in st.spent_on.drain(..) {
            if let Some(t) = st.per_model.get_mut(i) {
                *t = ModelTally::default();
            }
        }
        st.per_day.clear();
        st.day_ids.clear();
        st.per_project.clear();
        st.no_project = ProjectTally::default();
    }

    /// What has been summed, to resume later.
    pub fn into_state(self) -> TallyState {
        self.state
    }

    /// Prices one record and adds it; returns what it cost. A fault is returned as it is
    /// (the caller knows the record's index), and the tally is then not to be finished.
    pub fn add(&mut self, record: &Request) -> Result<Micros, Error> {
        let st = &mut self.state;
        let count = usize::try_from(st.records).unwrap_or(usize::MAX);
        if self.limited {
            check_record_count(count.saturating_add(1))?;
        }
        self.bill.clear();
        let cost = crate::pricing::bill_into(self.catalog, record, &mut self.bill)?;
        st.total = st.total.checked_add(cost, "total")?;
        st.records += 1;
        let n = self.bill.calls.len() as u64;
        st.calls += n;
        for call in &self.bill.calls {
            if let Some(t) = st.per_model.get_mut(call.model) {
                if t.calls == 0 {
                    st.spent_on.push(call.model);
                }
                t.calls += 1;
                t.micros = t.micros.saturating_add(call.micros.get());
                if call.micros == Micros::ZERO {
                    t.free += 1;
                }
            }
        }
        let project = match &record.project {
            None => &mut st.no_project,
            Some(name) => match st.per_project.get_mut(name.as_str()) {
                Some(p) => p,
                None => st.per_project.entry(name.clone()).or_default(),
            },
        };
        project.records += 1;
        project.calls += n;
        project.micros = project.micros.saturating_add(cost.get());
        match record.at.map(|t| t.day()) {
            None => {
                st.undated = st.undated.checked_add(cost, "undated")?;
                st.undated_calls += n;
            }
            Some(day) => {
                if let Some(d) = day_of(st, day) {
                    d.calls += n;
                    for call in &self.bill.calls {
                        d.spend(call.model, call.micros.get());
                    }
                }
            }
        }
        Ok(cost)
    }

    /// The billable calls of the record last added, root first: each with its own cost, so
    /// that a table of every call adds up to the breakdown.
    pub fn last_calls(&self) -> impl Iterator<Item = RecordCall<'c>> + '_ {
        let models = self.catalog.models();
        self.bill.calls.iter().map(move |c| RecordCall {
            model: models.get(c.model).map_or("", |m| m.slug.as_str()),
            model_index: c.model,
            status: c.status,
            subtotal: c.micros,
            total: c.total,
        })
    }

    /// The breakdown of everything added.
    pub fn finish(self) -> Result<Breakdown, Error> {
        let models = self.catalog.models();
        let st = self.state;
        let mut by_model: Vec<ModelSpend> = Vec::new();
        for (t, m) in st.per_model.iter().zip(models) {
            if t.calls > 0 {
                by_model.push(ModelSpend {
                    model: m.slug.clone(),
                    calls: t.calls,
                    free_calls: t.free,
                    micros: Micros::new(t.micros, &m.slug)?,
                });
            }
        }
        // Largest spend first, then most calls, then slug.
        let by_model = sorted(by_model, |m| {
            (
                descending(m.micros.get()),
                descending(m.calls),
                m.model.as_str(),
            )
        });
        let mut by_day = Vec::with_capacity(st.per_day.len());
        // The days in order: the index keeps them by day.
        for DayTally {
            day,
            calls: day_calls,
            spend,
        } in st.day_ids.in_order().filter_map(|i| st.per_day.get(i))
        {
            let mut day_total = Micros::ZERO;
            let mut day_models = Vec::with_capacity(spend.len());
            for &(m, micros) in spend {
                let Some(m) = models.get(m) else { continue };
                let micros = Micros::new(micros, "by_day")?;
                day_total = day_total.checked_add(micros, "by_day")?;
                day_models.push(DayModelSpend {
                    model: m.slug.clone(),
                    micros,
                });
            }
            let day_models = sorted(day_models, |m| {
                (descending(m.micros.get()), 0, m.model.as_str())
            });
            by_day.push(DaySpend {
                day: day.to_string(),
                calls: *day_calls,
                micros: day_total,
                by_model: day_models,
            });
        }
        let mut by_project = Vec::with_capacity(st.per_project.len() + 1);
        let unnamed = (st.no_project.records > 0).then_some((None, st.no_project));
        let named = st.per_project.into_iter().map(|(p, t)| (Some(p), t));
        for (project, t) in named.chain(unnamed) {
            by_project.push(ProjectSpend {
                micros: Micros::new(t.micros, project.as_deref().unwrap_or("by_project"))?,
                project,
                records: t.records,
                calls: t.calls,
            });
        }
        // Named projects by spend, then records, then name; records without one last.
        let by_project = sorted(by_project, |p| match &p.project {
            Some(name) => (descending(p.micros.get()), descending(p.records), name),
            None => (u64::MAX, u64::MAX, ""),
        });
        Ok(Breakdown {
            catalog_version: self.catalog.version().to_string(),
            catalog_sha256: self.catalog.sha256().to_string(),
            records: st.records,
            total_micros: st.total,
            total_usd: st.total.to_usd(),
            calls: st.calls,
            free_calls: st.per_model.iter().map(|t| t.free).sum(),
            by_model,
            by_day,
            by_project,
            undated_micros: st.undated,
            undated_calls: st.undated_calls,
        })
    }
}

/// The tally of `day`, added if new.
fn day_of(st: &mut TallyState, day: Day) -> Option<&mut DayTally> {
    let (i, new) = st.day_ids.id(day);
    if new {
        st.per_day.push(DayTally {
            day,
            calls: 0,
            spend: Vec::new(),
        });
    }
    st.per_day.get_mut(i)
}

/// Prices every record and sums them. A record that fails fails the whole call, with
/// its index in the error's field (`records[12].usage.seconds`): a breakdown is exact
/// or it is nothing.
pub(crate) fn breakdown(catalog: &Catalog, records: &[Request]) -> Result<Breakdown, Error> {
    check_record_count(records.len())?;
    let mut tally = Tally::new(catalog);
    for (i, record) in records.iter().enumerate() {
        tally
            .add(record)
            .map_err(|e| e.within(&format!("records[{i}]")))?;
    }
    tally.finish()
}

/// The breakdown of the records read from `reader` (JSON lines as a stream, or one JSON array;
/// see [`tariff_request::records::for_each_record_in`]): memory bounded by the breakdown and a
/// chunk of the input, not by the input.
pub(crate) fn breakdown_reader(
    catalog: &Catalog,
    reader: impl std::io::Read,
) -> Result<Breakdown, Error> {
    let mut tally = Tally::for_stream(catalog);
    for_each_record_in(reader, |r| tally.add(r).map(drop)).map_err(|stopped| match stopped {
        Stopped::Read(e) => Error::from(e),
        Stopped::Sink { index, error } => error.within(&format!("records[{index}]")),
    })?;
    tally.finish()
}

/// Breaks down usage records read from text (JSON lines, or one JSON array), pricing
/// each as it is read: no list of records is ever held.
pub(crate) fn breakdown_text(catalog: &Catalog, text: &str) -> Result<Breakdown, Error> {
    let mut tally = Tally::new(catalog);
    for_each_record(text, |r| tally.add(r).map(drop)).map_err(|stopped| match stopped {
        Stopped::Read(e) => Error::from(e),
        Stopped::Sink { index, error } => error.within(&format!("records[{index}]")),
    })?;
    tally.finish()
}
