#!/usr/bin/env bash
# Runs each fuzz target (cargo-fuzz / libFuzzer, nightly) for a bounded time, starting from
# fuzz/seeds (the shipped catalog, the bad-input table's requests, usage exports), the
# regression inputs of past findings (fuzz/regressions) and the minimised corpus that long
# runs keep (fuzz/corpus). A failure prints the panic message and the command that reproduces
# it, and leaves the input in fuzz/artifacts/<target>/: turn it into a regression.
#   ./scripts/fuzz.sh                              every target, FUZZ_SECONDS each (default 30)
#   FUZZ_SECONDS=3600 ./scripts/fuzz.sh usage      a longer run of one target
#   FUZZ_LONG=1 FUZZ_SECONDS=1350 FUZZ_JOBS=2 ./scripts/fuzz.sh
#       a long run on both cores; what it found is merged into fuzz/corpus/<target>
#       (cargo fuzz cmin), so that every later run starts from it
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh fuzz
secs=${FUZZ_SECONDS:-30}
jobs=${FUZZ_JOBS:-1}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(catalog estimate usage)
for t in "${targets[@]}"; do
  work="target/fuzz-corpus/$t"
  mkdir -p "$work" "fuzz/corpus/$t" "fuzz/regressions/$t"
  log=$(mktemp -d)
  # With several jobs libFuzzer writes one log per job (fuzz-N.log) in the working directory.
  parallel=()
  [ "$jobs" -le 1 ] || parallel=(-jobs="$jobs" -workers="$jobs")
  status=0
  (cd "$log" && cargo +nightly fuzz run --fuzz-dir "$OLDPWD/fuzz" "$t" \
      "$OLDPWD/$work" "$OLDPWD/fuzz/corpus/$t" "$OLDPWD/fuzz/regressions/$t" "$OLDPWD/fuzz/seeds/$t" -- \
      -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      "${parallel[@]}" -print_final_stats=1 >"$log/run.log" 2>&1) || status=$?
  cat "$log"/fuzz-*.log >>"$log/run.log" 2>/dev/null || true
  if [ "$status" -ne 0 ] || grep -qE '^==[0-9]+== ERROR|panicked at|deadly signal' "$log/run.log"; then
    echo "fuzz target $t FAILED" >&2
    # The panic message (all of it) and what libFuzzer says about the input.
    grep -E -A12 'panicked at' "$log/run.log" | head -n 40 >&2 || true
    grep -E 'ERROR: libFuzzer|SUMMARY|Test unit written to' "$log/run.log" >&2 || true
    # No panic and no libFuzzer report: the target did not build or run (the log's end says).
    grep -qE 'panicked at|ERROR: libFuzzer' "$log/run.log" || tail -n 30 "$log/run.log" >&2
    artifact=$(grep -oE 'Test unit written to [^ ]+' "$log/run.log" | head -n1 | sed 's/Test unit written to //')
    if [ -n "$artifact" ]; then
      echo "reproduce: cargo +nightly fuzz run --fuzz-dir fuzz $t ${artifact#"$PWD/"}" >&2
    fi
    rm -rf "$log"
    exit 1
  fi
  # Executions: the sum over the jobs' final stats (one line per job), else the last "Done".
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log/run.log" | grep -oE '[0-9]+$' | awk '{s += $1} END {if (NR) print s}')
  [ -n "$runs" ] || runs=$(grep -oE 'Done [0-9]+ runs' "$log/run.log" | grep -oE '[0-9]+' | awk '{s += $1} END {if (NR) print s}')
  if [ -z "$runs" ] || [ "$runs" -eq 0 ]; then
    echo "fuzz target $t executed no input (see the log below): a run that tests nothing fails" >&2
    tail -n 20 "$log/run.log" >&2
    rm -rf "$log"
    exit 1
  fi
  echo "fuzz $t: $runs executions in ${secs} s on $jobs core(s), no failure"
  if [ -n "${FUZZ_LONG:-}" ]; then
    # Keep what the run found, minimised: the smallest set with the same coverage.
    cp -r "fuzz/corpus/$t/." "$work/." 2>/dev/null || true
    cargo +nightly fuzz cmin --fuzz-dir fuzz "$t" "$work" -- -rss_limit_mb=2048 >"$log/cmin.log" 2>&1
    rm -rf "fuzz/corpus/$t"
    mkdir -p "fuzz/corpus/$t"
    cp -r "$work/." "fuzz/corpus/$t/"
    echo "fuzz $t: corpus minimised to $(ls "fuzz/corpus/$t" | wc -l) inputs in fuzz/corpus/$t"
  fi
  rm -rf "$log"
done
