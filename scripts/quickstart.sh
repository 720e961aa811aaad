#!/usr/bin/env bash
# One command from a fresh Debian machine to a benchmark report: installs what is
# missing, builds the release preset, and runs examples/quickstart.fio (4 KiB random
# reads on a 256 MiB scratch file for 5 s) with the live progress line and the report.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"

scratch=$(mktemp -d /tmp/fio-quickstart.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
# Command-line options before the job file apply to its jobs as globals.
build/release/bin/fio --eta=always --directory="$scratch" "$@" examples/quickstart.fio
