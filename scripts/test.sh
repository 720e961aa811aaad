#!/usr/bin/env bash
# One command from a fresh Debian machine to a full test run: installs what is
# missing, builds and tests the release preset (then the system-call parity matrix's short
# mode, stock fio's own test suite against it and scripts/sdk-check.sh, which builds the
# out-of-tree plugin examples against the installed SDK), then the ASan+UBSan preset, the
# ThreadSanitizer preset (fio and its plugins, with the tests of the threaded parts: server,
# client, transports, runner) and a 60-second libFuzzer smoke run of each fuzz target.
# FIO_TEST_PRESETS="release" (or any subset, in order) limits the presets.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
for preset in ${FIO_TEST_PRESETS:-release asan tsan fuzz}; do
  echo "== preset $preset"
  if [ "$preset" = fuzz ]; then
    scripts/fuzz.sh 60
    continue
  fi
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)"
  ctest --preset "$preset"
  if [ "$preset" = release ]; then
    echo "== system calls per I/O against stock fio (tests/parity, short)"
    /usr/bin/python3 tests/parity/parity_matrix.py --short --ours build/release/bin/fio
    echo "== stock fio 3.33's own test suite"
    scripts/fio-suite.sh build/release/bin/fio
    echo "== the SDK out of tree: install, build examples/plugins/ against it, run them"
    scripts/sdk-check.sh build/release
  fi
done
