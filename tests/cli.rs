//! The `tariff` binary: JSON in and out, errors as JSON on stderr with exit status 2.

// Native only (processes, proptest, jsonschema); the wasm build has tests/wasm_browser.rs.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::float_arithmetic,
    reason = "test code: a panic is a failing test"
)]

use serde_json::{json, Value};
use std::io::Write;

mod support;
use std::process::{Command, Output, Stdio};
use support::{case_text, patched, table};

fn tariff(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tariff"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn ok_json(args: &[&str], stdin: &str) -> Value {
    let out = tariff(args, stdin);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn err_json(args: &[&str], stdin: &str) -> Value {
    let out = tariff(args, stdin);
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
    let v: Value = serde_json::from_slice(&out.stderr).unwrap();
    v["error"].clone()
}

/// Output of JSON lines, each parsed.
fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    // Under target/ (cargo's folder for integration tests' files), not left in /tmp.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn estimate_reads_stdin_and_writes_the_result() {
    let v = ok_json(
        &["estimate"],
        r#"{"model":"claude/opus-4-7","usage":{"input_tokens":1234567,"output_tokens":89012}}"#,
    );
    assert_eq!(v["total_micros"], 30_233_286);
    assert_eq!(v["total_usd"], "$30.233286");
    assert_eq!(v["line_items"][0]["micros"], 22_222_206);
    // A list prices each request.
    let v = ok_json(
        &["estimate"],
        r#"[{"model":"gpt/4o-mini","usage":{"input_tokens":1001,"output_tokens":0}},{"model":"openai/sora-2"}]"#,
    );
    assert_eq!(v[0]["total_micros"], 180);
    assert_eq!(v[1]["total_micros"], 2_000);
}

#[test]
fn unknown_model_exits_2_with_suggestions() {
    let e = err_json(&["estimate"], r#"{"model":"claude/sonet-4-7"}"#);
    assert_eq!(e["code"], "unknown_model");
    assert_eq!(e["suggestions"][0], "claude/sonnet-4-7");
    assert!(e["available"].as_array().unwrap().len() >= 20);
    // In a list, the error names the item.
    let e = err_json(
        &["estimate"],
        r#"[{"model":"gpt/4o"},{"model":"gpt/4o","usage":{"input_tokens":-1}}]"#,
    );
    assert_eq!(e["field"], "[1].usage.input_tokens");
}

#[test]
fn models_json_and_table() {
    let v = ok_json(&["models"], "");
    let models = v.as_array().unwrap();
    let sonnet = models
        .iter()
        .find(|m| m["slug"] == "claude/sonnet-4-7")
        .unwrap();
    assert_eq!(
        sonnet["pricing"],
        json!({"amount": 3.6, "currency": "USD", "unit": "1M input tokens", "amount_micros": 3_600_000})
    );
    let out = tariff(&["models", "--table"], "");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("claude/sonnet-4-7"));
    assert!(text.contains("$3.60 / 1M input tokens · $18.00 / 1M output tokens"));
    assert!(text.contains("$0.02 / megapixel"));
    assert!(text.contains("$0.196 / second"));
    assert!(text.contains("Balanced — recommended default"));
    assert!(text.contains("gpu-h100-8x"));
    let hw = ok_json(&["hardware"], "");
    assert_eq!(hw[0]["id"], "cpu");
}

#[test]
fn usage_reads_json_lines() {
    // 15,000 (gpt/4o 1k/1k) + 60,000 (2 TrueFusion images) + 2,000 (Sora 2).
    let lines = "\
{\"model\":\"gpt/4o\",\"at\":\"2026-11-01T10:00:00Z\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":1000}}

{\"model\":\"skytells/truefusion\",\"at\":\"2026-11-02T10:00:00Z\",\"usage\":{\"images\":2}}
{\"model\":\"openai/sora-2\",\"at\":\"2026-11-02T11:00:00Z\"}
";
    let v = ok_json(&["usage"], lines);
    assert_eq!(v["total_micros"], 77_000);
    assert_eq!(v["calls"], 3);
    assert_eq!(v["by_model"][0]["model"], "skytells/truefusion");
    assert_eq!(
        v["by_day"][1],
        json!({"day": "2026-11-02", "calls": 2, "micros": 62_000,
        "by_model": [{"model": "skytells/truefusion", "micros": 60_000}, {"model": "openai/sora-2", "micros": 2_000}]})
    );
    let file = temp_file("usage.jsonl", lines);
    assert_eq!(
        ok_json(&["usage", file.to_str().unwrap()], "")["total_micros"],
        77_000
    );
    // A JSON array works too.
    let v = ok_json(
        &["usage"],
        r#"[{"model":"openai/sora-2"},{"model":"openai/sora-2"}]"#,
    );
    assert_eq!(v["total_micros"], 4_000);
    // A bad line is named by its record index.
    let e = err_json(&["usage"], "{\"model\":\"gpt/4o\"}\n{\"model\":\n");
    assert_eq!(e["field"], "records[1]");
}

#[test]
fn validate_and_custom_catalogs() {
    let root = env!("CARGO_MANIFEST_DIR");
    let v = ok_json(&["validate", &format!("{root}/catalog.json")], "");
    assert_eq!(v["valid"], true);
    assert_eq!(v["default_model"], "claude/sonnet-4-6");
    assert_eq!(
        v["sha256"],
        tariff::catalog::sha256_hex(include_bytes!("../catalog.json"))
    );
    let mut cat: Value = serde_json::from_str(include_str!("../catalog.json")).unwrap();
    cat["models"][1]["slug"] = json!("claude/opus-4-7");
    let bad = temp_file("dup.json", &cat.to_string());
    let e = err_json(&["validate", bad.to_str().unwrap()], "");
    assert_eq!(e["code"], "invalid_catalog");
    assert_eq!(e["path"], "models[1].slug");
    let e = err_json(&["validate", "/nonexistent/catalog.json"], "");
    assert_eq!(e["code"], "invalid_catalog");
    // --catalog prices against another catalog: opus at double price.
    let mut cat: Value = serde_json::from_str(include_str!("../catalog.json")).unwrap();
    cat["models"][0]["billing"]["input_per_million"] = json!(36_000_000);
    let custom = temp_file("custom.json", &cat.to_string());
    let v = ok_json(
        &["estimate", "--catalog", custom.to_str().unwrap()],
        r#"{"model":"claude/opus-4-7","usage":{"input_tokens":1000000,"output_tokens":0}}"#,
    );
    assert_eq!(v["total_micros"], 36_000_000);
}

#[test]
fn budget_and_format_usd() {
    let v = ok_json(
        &["budget"],
        r#"{"request":{"model":"google/veo-3-t2v","inputs":{"duration":5}},"budget":{"balance_micros":1000000}}"#,
    );
    assert_eq!(v["allowed"], false);
    assert_eq!(v["shortfall_micros"], 1_000_000);
    let out = tariff(&["format-usd", "30233286"], "");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "$30.233286\n");
}

#[test]
fn usage_calls_lists_each_billable_call_of_each_record() {
    // Haiku 4.5 ($0.30 / $1.50 per 1M): 1,000 in + 100 out = 300 + 150 = 450, and its call of
    // gpt/4o ($3 per 1M in): 10 × 3 = 30; a Sora 2 record pays its 2,000 per call.
    let lines = "\
{\"model\":\"claude/haiku-4-5\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100},\"project\":\"web\",\"at\":\"2026-11-03T10:00:00Z\",\"downstream\":[{\"model\":\"gpt/4o\",\"usage\":{\"input_tokens\":10}}]}

{\"model\":\"openai/sora-2\"}
";
    let out = tariff(&["usage", "--calls"], lines);
    assert!(out.status.success());
    let calls = json_lines(&out.stdout);
    assert_eq!(
        calls,
        [
            json!({"record": 0, "model": "claude/haiku-4-5", "status": "succeeded", "subtotal_micros": 450,
                   "total_micros": 480, "at": "2026-11-03T10:00:00Z", "project": "web"}),
            json!({"record": 0, "model": "gpt/4o", "status": "succeeded", "subtotal_micros": 30,
                   "total_micros": 30, "at": "2026-11-03T10:00:00Z", "project": "web"}),
            json!({"record": 1, "model": "openai/sora-2", "status": "succeeded", "subtotal_micros": 2_000,
                   "total_micros": 2_000, "at": null, "project": null}),
        ]
    );
}

#[test]
fn budget_status_is_the_engine_s_budget_rules() {
    // $1,000 balance, $900 limit, $250 spent: min(1,000, 900 − 250) = $650 remains.
    let v = ok_json(
        &["budget-status"],
        r#"{"balance_micros":1000000000,"limit_micros":900000000,"spent_micros":250000000}"#,
    );
    assert_eq!(v["remaining_micros"], 650_000_000);
    assert_eq!(v["over_limit_micros"], 0);
    // Past its limit: nothing remains, and it is over by $50.
    let v = ok_json(
        &["budget-status"],
        r#"{"balance_micros":1000000000,"limit_micros":200000000,"spent_micros":250000000}"#,
    );
    assert_eq!(v["remaining_micros"], 0);
    assert_eq!(v["over_limit_micros"], 50_000_000);
    let e = err_json(
        &["budget-status"],
        r#"{"balance_micros":-1,"spent_micros":0}"#,
    );
    assert_eq!(e["code"], "invalid_request");
    assert_eq!(e["field"], "budget.balance_micros");
}

/// The shared bad-input table, through the CLI: the same code and field as the Rust API.
#[test]
fn the_bad_input_table_through_the_cli() {
    let table = table();
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in table["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        if case.get("only").is_some_and(|o| o != "cli") {
            continue;
        }
        let text = case_text(case)
            .unwrap_or_else(|| case.get("input").map_or_else(String::new, Value::to_string));
        let e = match case["surface"].as_str().unwrap() {
            "request" => err_json(&["estimate"], &text),
            "budget" => err_json(&["budget"], &text),
            "usage" => {
                let lines: Vec<String> = case["input"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(Value::to_string)
                    .collect();
                err_json(&["usage"], &lines.join("\n"))
            }
            // A catalog case is its text, or the table's base catalog patched.
            "catalog" => {
                let catalog = match case.get("input_text") {
                    Some(_) => text,
                    None => patched(&table["base_catalog"], case).to_string(),
                };
                let f = temp_file(&format!("cat-{ran}.json"), &catalog);
                err_json(&["validate", f.to_str().unwrap()], "")
            }
            other => panic!("{name}: unknown surface {other}"),
        };
        let (key, expected) = match case.get("path") {
            Some(p) => ("path", p),
            None => ("field", &case["field"]),
        };
        ran += 1;
        if e["code"] != case["code"] || &e[key] != expected {
            failures.push(format!(
                "{name}: {} {} (expected {} {expected})",
                e["code"], e[key], case["code"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every case but the values only JavaScript has.
    let js_only = table["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c.get("only").is_some_and(|o| o != "cli"))
        .count();
    assert_eq!(ran + js_only, table["cases"].as_array().unwrap().len());
}

/// The binary with its stdout a pipe whose reader has gone (`| head` once it has its line).
#[allow(
    clippy::incompatible_msrv,
    reason = "std::io::pipe (1.87) in a test; the library keeps its MSRV"
)]
fn tariff_to_closed_pipe(args: &[&str], stdin_file: &std::path::Path) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_tariff"))
        .args(args)
        .stdin(std::fs::File::open(stdin_file).unwrap())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_reader_that_stops_ends_the_command_quietly_and_a_failed_write_is_an_error() {
    let empty = temp_file("empty.txt", "");
    // No panic (format-usd used println!, exit 101) and no error: the reader chose to stop.
    for args in [
        &["format-usd", "1"][..],
        &["models"],
        &["models", "--table"],
    ] {
        let out = tariff_to_closed_pipe(args, &empty);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{args:?}");
    }
    // `usage --calls` stops reading when its reader has gone: the unknown model at the end of
    // this export is never reached (it was read and priced to the end, and exited 2).
    let mut export = "{\"model\":\"gpt/4o\"}\n".repeat(20_000);
    export.push_str("{\"model\":\"nope/x\"}\n");
    let file = temp_file("calls-then-bad.jsonl", &export);
    let out = tariff_to_closed_pipe(&["usage", "--calls"], &file);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A write that fails otherwise (a full disk) is an error, not a success with no output.
    if std::path::Path::new("/dev/full").exists() {
        for args in [
            &["models"][..],
            &["format-usd", "1"],
            &["usage", "--calls"],
            &["estimate", "--lines"],
        ] {
            let out = Command::new(env!("CARGO_BIN_EXE_tariff"))
                .args(args)
                .stdin(
                    std::fs::File::open(temp_file("one.jsonl", "{\"model\":\"gpt/4o\"}\n"))
                        .unwrap(),
                )
                .stdout(std::fs::File::create("/dev/full").unwrap())
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let e: Value = serde_json::from_slice(&out.stderr).unwrap();
            assert_eq!(e["error"]["code"], "invalid_request", "{args:?}");
            assert!(
                e["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("cannot write the output"),
                "{args:?}"
            );
        }
    }
}

#[test]
fn bad_arguments_are_json_errors_naming_the_argument() {
    let e = err_json(&["estimate", "--bogus"], "");
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid_request"), Some("--bogus"))
    );
    let e = err_json(&["format-usd", "abc"], "");
    assert_eq!(e["field"], "micros");
    assert!(e["message"].as_str().unwrap().contains("abc"));
    // A missing value or argument is named too, with clap's whole sentence.
    let e = err_json(&["--catalog"], "");
    assert_eq!(e["field"], "--catalog");
    let e = err_json(&["validate"], "");
    assert_eq!(e["field"], "file");
    assert!(e["message"].as_str().unwrap().contains("<FILE>"), "{e}");
    // A flag the command would not use is refused, not ignored.
    assert_eq!(
        err_json(&["--catalog", "x.json", "format-usd", "5"], "")["field"],
        "--catalog"
    );
    assert_eq!(
        err_json(&["estimate", "--lines", "--pretty"], "")["field"],
        "--pretty"
    );
    assert_eq!(
        err_json(&["validate", "--catalog", "x.json", "y.json"], "")["field"],
        "--catalog"
    );
    // Help and the version are still clap's, on stdout, exit 0.
    let out = tariff(&["--version"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("tariff "));
}

#[test]
fn stdin_by_dash_and_file_names_that_are_not_utf8() {
    // 1,000 x $3 + 1,000 x $12 per 1M on gpt/4o.
    let request = r#"{"model":"gpt/4o","usage":{"input_tokens":1000,"output_tokens":1000}}"#;
    assert_eq!(ok_json(&["estimate", "-"], request)["total_micros"], 15_000);
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let dir = temp_file("placeholder", "").parent().unwrap().to_path_buf();
        let path = dir.join(std::ffi::OsStr::from_bytes(b"request-\xff.json"));
        std::fs::write(&path, request).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_tariff"))
            .arg("estimate")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["total_micros"], 15_000);
    }
}

#[test]
fn a_budget_check_names_a_key_it_does_not_know() {
    // `basis` belongs inside `budget`: beside it, it was ignored and the bound decided.
    let e = err_json(
        &["budget"],
        r#"{"request":{"model":"gpt/4o"},"budget":{"balance_micros":10000000},"basis":"expected"}"#,
    );
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid_request"), Some("basis"))
    );
    // A fault found in pricing is the request's too, named as its reading faults are.
    let e = err_json(
        &["budget"],
        r#"{"request":{"model":"nope/x"},"budget":{"balance_micros":1}}"#,
    );
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("unknown_model"), Some("request.model"))
    );
    let e = err_json(
        &["budget"],
        r#"{"request":{"model":"gpt/4o","usage":{"input_tokens":-1}},"budget":{"balance_micros":1}}"#,
    );
    assert_eq!(e["field"], "request.usage.input_tokens");
}

#[test]
fn lines_are_read_one_at_a_time_and_a_line_that_is_not_utf8_is_its_own_error() {
    let out = tariff(&["estimate", "--lines"], "");
    assert!(out.status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_tariff"))
        .args(["estimate", "--lines"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input
        .write_all(b"{\"model\":\"gpt/4o\",\"usage\":{\"input_tokens\":1000}}\n\n{\"model\":\"\xff\"}\r\n{\"model\":\"nope/x\"}\n")
        .unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines = json_lines(&out.stdout);
    // The blank line is skipped; 1,000 x $3 per 1M = 3,000.
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["total_micros"], 3_000);
    assert_eq!(
        lines[1]["error"]["message"],
        "invalid request: $: is not UTF-8 text"
    );
    assert_eq!(lines[2]["error"]["code"], "unknown_model");
}
