#!/usr/bin/env bash
# Installs, with apt-get, every Debian package the build and the tests need that is
# not installed yet. Safe to run again; does nothing when all are present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev            # Boost headers: DLL, Asio, CRC
  libfmt-dev nlohmann-json3-dev libtomlplusplus-dev
  liburing-dev libaio-dev
  libnuma-dev             # numa_cpu_nodes, numa_mem_policy
  libisal-dev libxxhash-dev nettle-dev   # verify= checksums (ISA-L, xxHash, Nettle)
  libgtest-dev libgmock-dev
  libssl-dev              # libcrypto for the fio-crypto module (--auth-token-file), loaded at run time
  zlib1g-dev              # compressed logs; tests: compressibility of written buffers
  libssl-dev openssl      # the tls transport plugin (OpenSSL); tests: throwaway certificates
  fio fio-examples        # stock fio, for side-by-side comparisons and example job files
  python3                 # tests/bench/compare.py
  python3-pandas          # tests: Debian's fiologparser_hist.py reads our histogram logs
  clang libclang-rt-14-dev   # the fuzz preset: libFuzzer, ASan, UBSan (scripts/fuzz.sh)
  strace                  # tests: the system calls of a job, against stock fio's (tests/parity)
  python3-numpy python3-scipy python3-six   # stock fio's own test suite (scripts/fio-suite.sh)
  python3-prometheus-client   # tests: the metrics endpoint's text parses as OpenMetrics
  libjs-chart.js          # Chart.js, embedded in the html output plugin at build time
  chromium                # tests: the html report rendered headless (tests/integration/html_report_test.cpp)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]} (run as root to install them)" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
