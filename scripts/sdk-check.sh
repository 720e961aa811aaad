#!/usr/bin/env bash
# The SDK as a vendor meets it: installs a built tree into a temporary prefix, builds the
# out-of-tree examples (examples/plugins/) against that installation with nothing but
# find_package(fio-sdk), installs them, and runs the *installed* fio with them.
#
#   scripts/sdk-check.sh [BUILD_DIR]     (default build/release; build it first)
#
# scripts/test.sh runs it after the release preset's tests. It also installs the tree a
# second time under another prefix and moves it, to prove the package is relocatable.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/release}

work=$(mktemp -d /tmp/fio-sdk-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "sdk-check: FAILED: $*" >&2; exit 1; }

prefix=$work/prefix
echo "== install $build_dir into $prefix"
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
fio=$prefix/bin/fio
[ -x "$fio" ] || fail "no fio installed in $prefix/bin"
[ -f "$prefix/lib/cmake/fio-sdk/fio-sdk-config.cmake" ] || fail "no CMake package installed"
[ -f "$prefix/lib/fio/plugins/fio-engine-psync.so" ] || fail "fio's own plugins not installed"

# Builds and installs examples/plugins/$1 against the SDK installed in $2, in folder $3.
build_example() {
  cmake -S "examples/plugins/$1" -B "$3" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_PREFIX_PATH="$2" -DCMAKE_COMPILE_WARNING_AS_ERROR=ON \
        -DCMAKE_CXX_FLAGS="-Wall -Wextra" &&
    cmake --build "$3" &&
    cmake --install "$3"
}

for example in engine-memdisk output-csvline; do
  echo "== build examples/plugins/$example out of tree"
  build_example "$example" "$prefix" "$work/build-$example" >"$work/$example.log" 2>&1 ||
    { cat "$work/$example.log"; fail "example $example"; }
  grep -q "fio plugin folder: $prefix/lib/fio/plugins" "$work/$example.log" ||
    fail "FIO_SDK_PLUGIN_DIR of $prefix is not $prefix/lib/fio/plugins"
done

echo "== a plugin using fio/sdk/format.hpp links libfmt itself (COMPONENTS format)"
mkdir -p "$work/fmt-user"
cat >"$work/fmt-user/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(fmt_user LANGUAGES CXX)
find_package(fio-sdk REQUIRED COMPONENTS format)
fio_add_plugin(NAME fmtuser KIND output SOURCES sink.cpp LIBRARIES fio::sdk-format NO_INSTALL)
CMAKE
cat >"$work/fmt-user/sink.cpp" <<'CPP'
#include <fio/sdk/format.hpp>
#include <fio/sdk/output.hpp>
#include <fio/sdk/plugin.hpp>
#include <memory>
namespace {
struct Sink final : fio::sdk::OutputSink {
    explicit Sink(fio::sdk::OutputStream& out) : out(out) {}
    void job_finished(const fio::sdk::JobResult& job) override {
        out.write(fmt::format("{} {}\n", job.name, fio::sdk::size_string(job.total_ios(), true)));
    }
    fio::sdk::OutputStream& out;
};
std::unique_ptr<fio::sdk::OutputSink> make(const fio::sdk::OutputSetup& s) {
    return std::make_unique<Sink>(*s.stream);
}
}  // namespace
FIO_DECLARE_OUTPUT_PLUGIN("fmtuser", "1", "fmt user", FIO_NO_OPTIONS,
                          ::fio::sdk::create_output_or_report<make>);
CPP
build_example_dir() {  # as build_example, for a project folder $1, without installing
  cmake -S "$1" -B "$3" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$2" &&
    cmake --build "$3"
}
build_example_dir "$work/fmt-user" "$prefix" "$work/build-fmt-user" >"$work/fmt-user.log" 2>&1 ||
  { cat "$work/fmt-user.log"; fail "a plugin with COMPONENTS format"; }
readelf -d "$work/build-fmt-user/fio-output-fmtuser.so" | grep -E "NEEDED.*libfmt" >/dev/null ||
  fail "fio-output-fmtuser.so does not name libfmt as NEEDED"

echo "== the installed fio lists them"
list=$("$fio" --list-plugins)
grep -E "engine +memdisk .*$prefix/lib/fio/plugins/fio-engine-memdisk.so" <<<"$list" >/dev/null ||
  fail "--list-plugins does not show memdisk: $list"
grep -E "output +csvline .*$prefix/lib/fio/plugins/fio-output-csvline.so" <<<"$list" >/dev/null ||
  fail "--list-plugins does not show csvline: $list"
# An installed fio searches its own tree only, not the build tree it came from.
if grep -F "$(realpath "$build_dir")/" <<<"$list" >/dev/null; then
  fail "the installed fio lists the build tree's plugins: $list"
fi

cd "$work"
echo "== a memdisk job writes at iodepth 16 and verifies"
"$fio" --name=memdisk --ioengine=memdisk --iodepth=16 --rw=randwrite --bs=4k --size=4m \
       --verify=crc32c --memdisk_limit=8m --filename="$work/memdisk.dat" \
       --output-format=json >"$work/memdisk.json" || fail "memdisk job (exit $?)"
python3 - "$work/memdisk.json" <<'PY' || fail "memdisk job's results"
import json, sys
job = json.load(open(sys.argv[1]))["jobs"][0]
assert job["error"] == 0, job["error"]
assert job["write"]["io_bytes"] == 4 << 20, job["write"]["io_bytes"]
assert job["read"]["io_bytes"] == 4 << 20, job["read"]["io_bytes"]  # the verify pass
PY

echo "== verify through memdisk catches data never written"
if "$fio" --name=unwritten --ioengine=memdisk --iodepth=8 --rw=read --bs=4k --size=64k \
          --verify=crc32c --filename="$work/unwritten.dat" >/dev/null 2>&1; then
  fail "a verify of never-written memdisk data passed"
fi

echo "== memdisk's own option is checked: a file over memdisk_limit is refused"
if "$fio" --name=big --ioengine=memdisk --rw=write --bs=4k --size=64k --memdisk_limit=16k \
          --filename="$work/big.dat" >/dev/null 2>"$work/big.err"; then
  fail "a 64k file over memdisk_limit=16k was accepted"
fi

echo "== the csvline sink writes one row per job"
"$fio" --output-format=csvline --ioengine=memdisk --rw=write --bs=4k --size=256k \
       --name=first --filename="$work/first.dat" --name=second --filename="$work/second.dat" \
       >"$work/rows.csv" || fail "csv run (exit $?)"
[ "$(wc -l <"$work/rows.csv")" = 2 ] || fail "expected 2 rows: $(cat "$work/rows.csv")"
grep -q '^first,0,0,0,64,262144,[0-9]*,0$' "$work/rows.csv" || fail "first row: $(cat "$work/rows.csv")"
grep -q '^second,0,0,0,64,262144,' "$work/rows.csv" || fail "second row: $(cat "$work/rows.csv")"

echo "== the csvline sink's own option (csvline_header=1) adds a header row"
"$fio" --output-format=csvline --csvline_header=1 --ioengine=memdisk --rw=write --bs=4k \
       --size=256k --name=only --filename="$work/only.dat" >"$work/header.csv" ||
  fail "csvline_header run (exit $?)"
head -1 "$work/header.csv" | grep -q '^name,read_ios,' || fail "no header: $(cat "$work/header.csv")"
[ "$(wc -l <"$work/header.csv")" = 2 ] || fail "header + 1 row expected"
cd - >/dev/null

echo "== relocatable: install under another prefix, move it, build against the new place"
cmake --install "$build_dir" --prefix "$work/first-place" >/dev/null
mv "$work/first-place" "$work/moved"
build_example engine-memdisk "$work/moved" "$work/build-moved" >"$work/moved.log" 2>&1 ||
  { cat "$work/moved.log"; fail "example against the moved install"; }
grep -q "fio plugin folder: $work/moved/lib/fio/plugins" "$work/moved.log" ||
  fail "FIO_SDK_PLUGIN_DIR does not follow the moved install"
[ -f "$work/moved/lib/fio/plugins/fio-engine-memdisk.so" ] || fail "not installed into the moved tree"
"$work/moved/bin/fio" --list-plugins | grep "fio-engine-memdisk.so" >/dev/null ||
  fail "the moved fio does not list memdisk"

echo "sdk-check: OK"
