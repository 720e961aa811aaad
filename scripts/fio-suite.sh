#!/usr/bin/env bash
# Runs stock fio 3.33's own test suite (its t/ folder, kept outside this repository in
# ../shared/fio-3.33-tests) against our binary. Every applicable test must pass except
# the ones listed in ALLOWED_FAILURES, each with its reason; a test that fails once is
# run a second time, because several of the suite's checks are timing bands that stock
# itself misses now and then on a 2-vCPU machine (its README names t0011, t0013 and a
# latency_percentiles case).
#
#   scripts/fio-suite.sh [FIO_BINARY]     (default build/release/bin/fio)
#
# FIO_T_SUITE points at the suite's folder; without it, ../shared/fio-3.33-tests next to
# this checkout is used. Where neither exists the suite is skipped with a note (exit 0):
# the suite is not ours to ship.
set -uo pipefail
cd "$(dirname "$0")/.."

fio=$(readlink -f "${1:-build/release/bin/fio}")
suite=${FIO_T_SUITE:-$(pwd)/../shared/fio-3.33-tests}
if [ ! -x "$suite/run.sh" ]; then
  echo "fio-suite: no fio test suite at $suite (set FIO_T_SUITE): skipped"
  exit 0
fi

# t0008 checks the byte count stock's own random generator gives for rw=readwrite with
# its default seed (within 1%); ours generates a different sequence, so it lands near.
ALLOWED_FAILURES="8"

log=$(mktemp)
FIO="$fio" "$suite/run.sh" | tee "$log"
failed=$(sed -n 's/^fio-t: failed ids://p' "$log" | tr -s ' ')
rm -f "$log"

unexpected=""
for id in $failed; do
  [ "$id" = none ] && continue
  case " $ALLOWED_FAILURES " in *" $id "*) continue ;; esac
  unexpected="$unexpected $id"
done
if [ -n "$unexpected" ]; then
  echo "fio-suite: running again:$unexpected"
  again=$(TESTS="$unexpected" FIO="$fio" "$suite/run.sh" | tee /dev/stderr |
          sed -n 's/^fio-t: failed ids://p')
  unexpected=""
  for id in $again; do
    [ "$id" = none ] && continue
    unexpected="$unexpected $id"
  done
fi
if [ -n "$unexpected" ]; then
  echo "fio-suite: FAILED:$unexpected (allowed to fail: $ALLOWED_FAILURES)"
  exit 1
fi
echo "fio-suite: passed (allowed to fail: $ALLOWED_FAILURES)"
