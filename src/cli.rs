//! The `tariff` command line: JSON in, JSON out; errors as `{"error": {...}}` on stderr
//! with exit status 2 (a bad argument too). A thin layer over the library. Output that the
//! reader stops taking (`| head`) ends the command quietly; output that cannot be written
//! (a full disk) is an error, never a success with a short file.

use clap::{Parser, Subcommand};
use serde::Serialize;
use serde_json::Value;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
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
    catalog: Option<PathBuf>,
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
        /// Request JSON file (default, or `-`: stdin).
        file: Option<PathBuf>,
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
        /// Records file (default, or `-`: stdin).
        file: Option<PathBuf>,
        /// Instead of the breakdown, every billable call as a JSON line: `{record, model,
        /// status, subtotal_micros, total_micros, at, project}` (priced once, as the
        /// breakdown is; downstream calls follow their record's root call).
        #[arg(long)]
        calls: bool,
    },
    /// Where a project stands after what it spent: {"balance_micros": N, "limit_micros": N,
    /// "spent_micros": N} -> remaining, over limit, thresholds crossed.
    BudgetStatus {
        /// Budget JSON file (default, or `-`: stdin).
        file: Option<PathBuf>,
    },
    /// Check a request against a budget: {"request": {...}, "budget": {"balance_micros": N, ...}}.
    Budget {
        /// Input JSON file (default, or `-`: stdin).
        file: Option<PathBuf>,
        /// JSON lines in, one line out per check: its result, or `{"error": ...}` (exit 0).
        #[arg(long)]
        lines: bool,
    },
    /// Validate a catalog file; prints its version and counts.
    Validate {
        /// The catalog to validate.
        file: PathBuf,
    },
    /// Format micros as dollars ($30.233286).
    FormatUsd {
        /// Whole micros.
        micros: u64,
    },
}

/// Runs the CLI.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(&e),
    };
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// The error on stderr, exit status 2.
fn fail(e: &Error) -> ExitCode {
    let body = serde_json::to_string(&Failure { error: e }).unwrap_or_default();
    let _ = writeln!(std::io::stderr(), "{body}");
    ExitCode::from(2)
}

/// Help and the version as clap prints them; any other fault of the arguments (an unknown
/// flag, `format-usd abc`) as the JSON error every fault is: `invalid_request` naming the
/// argument.
fn argument_error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        // `tariff` alone: the help, for a person.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    // `--catalog <FILE>` is the flag `--catalog`; `<MICROS>` the argument `micros`.
    let name = |arg: &str| {
        let first = arg.split_whitespace().next().unwrap_or(arg);
        first
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_lowercase()
    };
    let field = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) => name(arg),
        Some(ContextValue::Strings(args)) => args.first().map_or("$".to_string(), |a| name(a)),
        _ => "$".to_string(),
    };
    // clap's words, up to its usage line or its pointer to --help ("the following required
    // arguments were not provided: <FILE>" is two lines).
    let rendered = e.render().to_string();
    let words: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.is_empty())
        .collect();
    let message = words.join(" ");
    fail(&tariff_error(&field, message.trim_start_matches("error: ")))
}

fn run(cli: &Cli) -> Result<(), Error> {
    refuse_ignored(cli)?;
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
            write_out(format!("{}\n", m.to_usd()).as_bytes())
        }
        Command::Estimate { file, lines: true } => {
            let catalog = load(cli)?;
            per_line(open_input(file.as_deref())?, |line| {
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
                print_table(&catalog)
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
            per_line(open_input(file.as_deref())?, |line| {
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

/// A global flag that a command would not use is refused, not ignored.
fn refuse_ignored(cli: &Cli) -> Result<(), Error> {
    if cli.catalog.is_some()
        && matches!(
            cli.command,
            Command::Validate { .. } | Command::FormatUsd { .. }
        )
    {
        return Err(tariff_error(
            "--catalog",
            "validate reads the catalog given as its FILE, and format-usd reads none",
        ));
    }
    let lines = match &cli.command {
        Command::Estimate { lines, .. } | Command::Budget { lines, .. } => *lines,
        Command::Usage { calls, .. } => *calls,
        Command::Models { table } => *table,
        Command::FormatUsd { .. } => true,
        _ => false,
    };
    if cli.pretty && lines {
        return Err(tariff_error(
            "--pretty",
            "applies to one JSON document; --lines, --calls, --table and format-usd write lines",
        ));
    }
    Ok(())
}

/// JSON lines in (blank ones skipped), one line out per line: its result, or `{"error": ...}`
/// (a line that is not UTF-8 too). Read and written a line at a time: memory is a line's.
fn per_line<T: Serialize>(
    input: Box<dyn Read>,
    f: impl Fn(&str) -> Result<T, Error>,
) -> Result<(), Error> {
    let mut input = std::io::BufReader::new(input);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut bytes = Vec::new();
    loop {
        bytes.clear();
        let n = input
            .read_until(b'\n', &mut bytes)
            .map_err(|e| tariff_error("$", &format!("cannot read the input: {e}")))?;
        if n == 0 {
            break;
        }
        let result = match std::str::from_utf8(&bytes) {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => f(line.trim_end_matches(['\n', '\r'])),
            Err(_) => Err(tariff_error("$", "is not UTF-8 text")),
        };
        let json = match result {
            Ok(v) => serde_json::to_string(&v),
            Err(e) => serde_json::to_string(&Failure { error: &e }),
        }
        .map_err(|e| tariff_error("$", &e.to_string()))?;
        if let Err(e) = writeln!(out, "{json}") {
            return written(Err(e));
        }
    }
    written(out.flush())
}

/// Writes to stdout (see [`written`]).
fn write_out(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    written(out.write_all(bytes).and_then(|()| out.flush()))
}

/// A write's outcome: a reader that stopped reading (`| head`) ends the command quietly; any
/// other failure (a full disk) is an error, not a success with a short output.
fn written(result: std::io::Result<()>) -> Result<(), Error> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(tariff_error("$", &format!("cannot write the output: {e}")))
        }
        _ => Ok(()),
    }
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
    // A failed write stops the reading (nothing more can be shown); then `written` decides.
    let mut write_failed = None;
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
            if let Err(e) = writeln!(out, "{line}") {
                write_failed = Some(e);
                return Err(tariff_error("$", "the output was closed"));
            }
        }
        index += 1;
        Ok::<(), Error>(())
    });
    if let Some(e) = write_failed {
        return written(Err(e));
    }
    written(out.flush())?;
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
    // A misplaced key (`basis` beside `budget` rather than in it) is named, not ignored.
    if let Some(key) = map
        .keys()
        .find(|k| !matches!(k.as_str(), "request" | "budget"))
    {
        return Err(tariff_error(
            key,
            "unknown field; expected one of: request, budget",
        ));
    }
    let request = map
        .get("request")
        .ok_or_else(|| tariff_error("request", "is required"))?;
    let request = Request::from_value(request).map_err(|e| e.within("request"))?;
    let budget = map
        .get("budget")
        .ok_or_else(|| tariff_error("budget", "is required"))?;
    let budget = Budget::from_value(budget)?;
    // Pricing's faults are the request's: named under `request`, as its reading faults are.
    catalog
        .check_budget(&request, &budget)
        .map_err(|e| e.within("request"))
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
    write_out(format!("{text}\n").as_bytes())
}

fn read_catalog(file: &Path) -> Result<String, Error> {
    std::fs::read_to_string(file).map_err(|e| Error::InvalidCatalog {
        path: "$".into(),
        message: format!("cannot read {}: {e}", file.display()),
    })
}

fn load(cli: &Cli) -> Result<Catalog, Error> {
    match &cli.catalog {
        Some(file) => Catalog::from_json(&read_catalog(file)?),
        None => Catalog::embedded(),
    }
}

/// The file to read, or `None` for stdin (no file, or `-`).
fn input_file(file: Option<&Path>) -> Option<&Path> {
    file.filter(|f| f.as_os_str() != "-")
}

/// The file, or stdin, to read as a stream.
fn open_input(file: Option<&Path>) -> Result<Box<dyn std::io::Read>, Error> {
    Ok(match input_file(file) {
        Some(f) => Box::new(
            std::fs::File::open(f)
                .map_err(|e| tariff_error("$", &format!("cannot read {}: {e}", f.display())))?,
        ),
        None => Box::new(std::io::stdin().lock()),
    })
}

fn read_input(file: Option<&Path>) -> Result<String, Error> {
    let mut text = String::new();
    match input_file(file) {
        Some(f) => {
            text = std::fs::read_to_string(f)
                .map_err(|e| tariff_error("$", &format!("cannot read {}: {e}", f.display())))?
        }
        None => {
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| tariff_error("$", &format!("cannot read stdin: {e}")))?;
        }
    }
    Ok(text)
}

fn read_json(file: Option<&Path>) -> Result<Value, Error> {
    let text = read_input(file)?;
    serde_json::from_str(&text).map_err(|e| tariff_error("$", &format!("malformed JSON: {e}")))
}

fn print_table(catalog: &Catalog) -> Result<(), Error> {
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
    write_out(out.trim_start().as_bytes())
}
