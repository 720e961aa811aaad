#!/usr/bin/env bash
# One command from a fresh Debian machine to a benchmark report: installs what is
# missing, builds the release preset, and runs examples/quickstart.fio's job (a 4 KiB
# random read on a 256 MiB scratch file) with the live progress line.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"

scratch=$(mktemp -d /tmp/fio-quickstart.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
# The same job as examples/quickstart.fio, on the command line.
build/release/bin/fio --eta=always --directory="$scratch" \
  --name=quickstart --ioengine=psync --rw=randread --bs=4k --size=256m \
  --runtime=5 --time_based "$@"
