//! The `tariff` command line: JSON in, JSON out; errors as `{"error": {...}}` on stderr
//! with exit status 2. A thin layer over the library.

use clap::{Parser, Subcommand};
use serde::Serialize;
use serde_json::Value;
use std::io::{Read, Write};
use std::process::ExitCode;
use tariff::{Budget, Catalog, Error, Request};

#[derive(Parser)]
#[command(
    name = "tariff",
    version,
    about = "Exact prices for AI platform requests, from catalog.json"
)]
struct Cli {
    /// Catalog file to price against (default: the embedded catalog.json).
    #[arg(long, global = true, value_name = "FILE")]
    catalog: Option<String>,
    /// Pretty-print JSON output.
    #[arg(long, global = true)]
    pretty: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Price a request (or a JSON array of requests) read from FILE or stdin.
    Estimate {
        /// Request JSON file (default: stdin).
        file: Option<String>,
        /// JSON lines in, one line out per request: its result, or `{"error": ...}` (exit 0).
        #[arg(long)]
        lines: bool,
    },
    /// List every model with its prices.
    Models {
        /// A human table, prices as the price lists print them.
        #[arg(long)]
        table: bool,
    },
    /// List the hardware tiers with per-second and per-hour prices.
    Hardware,
    /// Break down usage records (JSON lines, or one JSON array) from FILE or stdin.
    Usage {
        /// Records file (default: stdin).
        file: Option<String>,
        /// Instead of the breakdown, every billable call as a JSON line: `{record, model,
        /// status, subtotal_micros, total_micros, at, project}` (priced once, as the
        /// breakdown is; downstream calls follow their record's root call).
        #[arg(long)]
        calls: bool,
    },
    /// Where a project stands after what it spent: {"balance_micros": N, "limit_micros": N,
    /// "spent_micros": N} -> remaining, over limit, thresholds crossed.
    BudgetStatus {
        /// Budget JSON file (default: stdin).
        file: Option<String>,
    },
    /// Check a request against a budget: {"request": {...}, "budget": {"balance_micros": N, ...}}.
    Budget {
        /// Input JSON file (default: stdin).
        file: Option<String>,
        /// JSON lines in, one line out per check: its result, or `{"error": ...}` (exit 0).
        #[arg(long)]
        lines: bool,
    },
    /// Validate a catalog file; prints its version and counts.
    Validate {
        /// The catalog to validate.
        file: String,
    },
    /// Format micros as dollars ($30.233286).
    FormatUsd {
        /// Whole micros.
        micros: u64,
    },
}

/// Runs the CLI.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let body = serde_json::to_string(&Failure { error: &e }).unwrap_or_default();
            let _ = writeln!(std::io::stderr(), "{body}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<(), Error> {
    match &cli.command {
        Command::Validate { file } => {
            let catalog = Catalog::from_json(&read_catalog(file)?)?;
            emit(
                cli,
                &serde_json::json!({
                    "valid": true,
                    "version": catalog.version(),
                    "sha256": catalog.sha256(),
                    "models": catalog.models().len(),
                    "hardware": catalog.hardware().len(),
                    "default_model": catalog.default_model(),
                }),
            )
        }
        Command::FormatUsd { micros } => {
            let m = tariff::Micros::new(*micros, "micros")?;
            println!("{}", m.to_usd());
            Ok(())
        }
        Command::Estimate { file, lines: true } => {
            let catalog = load(cli)?;
            per_line(&read_input(file.as_deref())?, |line| {
                Request::from_json(line)
                    .map_err(Error::from)
                    .and_then(|r| catalog.estimate(&r))
            })
        }
        Command::Estimate { file, .. } => {
            let catalog = load(cli)?;
            // A list is read as the npm package's estimateAll reads one.
            let text = read_input(file.as_deref())?;
            if text.trim_start().starts_with('[') {
                let requests = Request::list_from_json(&text)?;
                emit(cli, &catalog.estimate_all(&requests)?)
            } else {
                let value: Value = serde_json::from_str(&text)
                    .map_err(|e| tariff_error("$", &format!("malformed JSON: {e}")))?;
                emit(cli, &catalog.estimate(&Request::from_value(&value)?)?)
            }
        }
        Command::Models { table } => {
            let catalog = load(cli)?;
            if *table {
                print_table(&catalog);
                Ok(())
            } else {
                emit(cli, &catalog.list_models())
            }
        }
        Command::Hardware => emit(cli, &load(cli)?.list_hardware()),
        // Read as a stream: memory is the breakdown's, not the export's.
        Command::Usage { file, calls: false } => {
            let catalog = load(cli)?;
            emit(cli, &catalog.usage_reader(open_input(file.as_deref())?)?)
        }
        Command::Usage { file, calls: true } => {
            let catalog = load(cli)?;
            print_calls(&catalog, open_input(file.as_deref())?)
        }
        Command::BudgetStatus { file } => {
            let catalog = load(cli)?;
            let budget = Budget::from_value(&read_json(file.as_deref())?)?;
            emit(cli, &catalog.budget_status(&budget))
        }
        Command::Budget { file, lines: true } => {
            let catalog = load(cli)?;
            per_line(&read_input(file.as_deref())?, |line| {
                serde_json::from_str::<Value>(line)
                    .map_err(|e| tariff_error("$", &format!("malformed JSON: {e}")))
                    .and_then(|v| check_budget(&catalog, &v))
            })
        }
        Command::Budget { file, .. } => {
            let catalog = load(cli)?;
            let value = read_json(file.as_deref())?;
            emit(cli, &check_budget(&catalog, &value)?)
        }
    }
}

/// JSON lines in (blank ones skipped), one line out per line: its result, or `{"error": ...}`.
fn per_line<T: Serialize>(text: &str, f: impl Fn(&str) -> Result<T, Error>) -> Result<(), Error> {
    let mut out = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let json = match f(line) {
            Ok(v) => serde_json::to_string(&v),
            Err(e) => serde_json::to_string(&Failure { error: &e }),
        };
        out.push_str(&json.map_err(|e| tariff_error("$", &e.to_string()))?);
        out.push('\n');
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(())
}

/// Every billable call of the records read from `input`, one JSON line each, priced by one
/// tally as the records stream in.
fn print_calls(catalog: &Catalog, input: impl std::io::Read) -> Result<(), Error> {
    #[derive(Serialize)]
    struct Row<'a> {
        record: usize,
        model: &'a str,
        status: &'a str,
        subtotal_micros: u64,
        total_micros: u64,
        at: Option<String>,
        project: Option<&'a str>,
    }
    let mut tally = tariff::Tally::for_stream(catalog);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut index = 0usize;
    let result = tariff::usage::for_each_record_in(input, |r| {
        tally.add(r)?;
        let at = r.at.map(|t| t.to_string());
        for c in tally.last_calls() {
            let row = Row {
                record: index,
                model: c.model,
                status: c.status.as_str(),
                subtotal_micros: c.subtotal.get(),
                total_micros: c.total.get(),
                at: at.clone(),
                project: r.project.as_deref(),
            };
            let line = serde_json::to_string(&row).unwrap_or_default();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = writeln!(out, "{line}");
        }
        index += 1;
        Ok::<(), Error>(())
    });
    let _ = out.flush();
    result.map_err(|stopped| match stopped {
        tariff::usage::Stopped::Read(e) => Error::from(e),
        tariff::usage::Stopped::Sink { index, error } => error.within(&format!("records[{index}]")),
    })
}

/// `{"request": ..., "budget": ...}` checked.
fn check_budget<'c>(catalog: &'c Catalog, value: &Value) -> Result<tariff::BudgetCheck<'c>, Error> {
    let Value::Object(map) = value else {
        return Err(tariff_error(
            "$",
            "must be an object {\"request\", \"budget\"}",
        ));
    };
    let request = map
        .get("request")
        .ok_or_else(|| tariff_error("request", "is required"))?;
    let request = Request::from_value(request).map_err(|e| e.within("request"))?;
    let budget = map
        .get("budget")
        .ok_or_else(|| tariff_error("budget", "is required"))?;
    let budget = Budget::from_value(budget)?;
    catalog.check_budget(&request, &budget)
}

/// `{"error": {...}}`: a struct, not `json!()`, so that `code` stays first.
#[derive(Serialize)]
struct Failure<'a> {
    error: &'a Error,
}

fn tariff_error(field: &str, message: &str) -> Error {
    Error::InvalidRequest {
        field: field.to_string(),
        message: message.to_string(),
    }
}

fn emit<T: Serialize>(cli: &Cli, value: &T) -> Result<(), Error> {
    let text = if cli.pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .map_err(|e| tariff_error("$", &format!("cannot serialize output: {e}")))?;
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = writeln!(out, "{text}");
    Ok(())
}

fn read_catalog(file: &str) -> Result<String, Error> {
    std::fs::read_to_string(file).map_err(|e| Error::InvalidCatalog {
        path: "$".into(),
        message: format!("cannot read {file}: {e}"),
    })
}

fn load(cli: &Cli) -> Result<Catalog, Error> {
    match &cli.catalog {
        Some(file) => Catalog::from_json(&read_catalog(file)?),
        None => Catalog::embedded(),
    }
}

/// The file, or stdin, to read as a stream.
fn open_input(file: Option<&str>) -> Result<Box<dyn std::io::Read>, Error> {
    Ok(match file {
        Some(f) => Box::new(
            std::fs::File::open(f)
                .map_err(|e| tariff_error("$", &format!("cannot read {f}: {e}")))?,
        ),
        None => Box::new(std::io::stdin().lock()),
    })
}

fn read_input(file: Option<&str>) -> Result<String, Error> {
    let mut text = String::new();
    match file {
        Some(f) => {
            text = std::fs::read_to_string(f)
                .map_err(|e| tariff_error("$", &format!("cannot read {f}: {e}")))?
        }
        None => {
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| tariff_error("$", &format!("cannot read stdin: {e}")))?;
        }
    }
    Ok(text)
}

fn read_json(file: Option<&str>) -> Result<Value, Error> {
    let text = read_input(file)?;
    serde_json::from_str(&text).map_err(|e| tariff_error("$", &format!("malformed JSON: {e}")))
}

fn print_table(catalog: &Catalog) {
    let models = catalog.list_models();
    let mut out = String::new();
    let mut group = (String::new(), String::new());
    let width = models.iter().map(|m| m.slug.len()).max().unwrap_or(10) + 2;
    for m in &models {
        if (m.surface.as_str(), m.family.as_str()) != (group.0.as_str(), group.1.as_str()) {
            group = (m.surface.clone(), m.family.clone());
            out.push_str(&format!("\n{} — {}\n", m.surface, m.family));
        }
        let mut marks = Vec::new();
        if m.default {
            marks.push("default".to_string());
        }
        if m.indicative {
            marks.push("indicative".to_string());
        }
        if let Some(n) = &m.notes {
            marks.push(n.clone());
        }
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!("  [{}]", marks.join("; "))
        };
        out.push_str(&format!("  {:width$}{}{}\n", m.slug, m.price, marks));
    }
    out.push_str("\nhardware\n");
    for h in catalog.list_hardware() {
        out.push_str(&format!(
            "  {:width$}{}  ({})  {}\n",
            h.id, h.per_second, h.per_hour, h.name
        ));
    }
    let _ = write!(std::io::stdout().lock(), "{}", out.trim_start());
}
