#!/usr/bin/env bash
# One command from a fresh Debian machine to a full test run: installs what is
# missing, builds and tests the release preset, then the ASan+UBSan preset.
# FIO_TEST_PRESETS="release" limits the presets.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
for preset in ${FIO_TEST_PRESETS:-release asan}; do
  echo "== preset $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)"
  ctest --preset "$preset"
done
