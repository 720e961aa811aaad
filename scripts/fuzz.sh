#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz") and runs each one for SECONDS (default 60),
# one after another, starting from its seed corpus in tests/fuzz/corpus/<target>/.
# New inputs go to build/fuzz/corpus/<target>/ (the seeds stay as they are); a crash,
# leak or timeout leaves its input in build/fuzz/artifacts/ and fails the script.
#   scripts/fuzz.sh [SECONDS]          FUZZ_TARGETS="ini_job toml_job" limits the targets.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
targets="${FUZZ_TARGETS:-frame_decoder wire_payload ini_job toml_job option_values}"

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${FUZZ_JOBS:-$(nproc)}"

mkdir -p build/fuzz/artifacts
failed=""
for target in $targets; do
  work="build/fuzz/corpus/$target"
  mkdir -p "$work"
  log="build/fuzz/$target.log"
  echo "== fuzz-$target for ${seconds}s"
  # -timeout: one input running over 10 s is a hang; -rss_limit_mb: memory that grows
  # without bound (include /dev/zero) is a failure, not a slow machine.
  if "build/fuzz/bin/fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$target-" \
       "$work" "tests/fuzz/corpus/$target" >"$log" 2>&1; then
    grep -E "^Done [0-9]+ runs" "$log" || tail -n 3 "$log"
  else
    tail -n 40 "$log"
    failed="$failed $target"
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz: failures in:$failed (inputs in build/fuzz/artifacts/)"
  exit 1
fi
