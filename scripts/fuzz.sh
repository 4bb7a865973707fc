#!/usr/bin/env bash
# Runs each fuzz target (cargo-fuzz / libFuzzer, nightly) for a bounded time, seeded from
# fuzz/seeds (the shipped catalog, the bad-input table's requests, usage exports). A crash
# fails the run and leaves its input in fuzz/artifacts/<target>/: turn it into a test.
#   FUZZ_SECONDS=30 ./scripts/fuzz.sh            (the test command's short run)
#   FUZZ_SECONDS=3600 ./scripts/fuzz.sh usage    (a long run of one target)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh fuzz
secs=${FUZZ_SECONDS:-30}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(catalog estimate usage)
for t in "${targets[@]}"; do
  corpus="target/fuzz-corpus/$t"
  mkdir -p "$corpus"
  log=$(mktemp)
  if ! cargo +nightly fuzz run --fuzz-dir fuzz "$t" "$corpus" "fuzz/seeds/$t" -- \
      -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz target $t failed; the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  runs=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n1)
  echo "fuzz $t: ${runs:-?}s, no crash"
  rm -f "$log"
done
