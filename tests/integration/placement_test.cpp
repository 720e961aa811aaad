// Job placement seen from outside: while a job runs, /proc shows each of fio's threads
// with its allowed CPUs, nice value and NUMA memory policy.
#include "run_command.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <sstream>
#include <thread>

namespace fio::test {
namespace {

// Runs a 1-second null job with `options` and samples, every 50 ms until it ends,
// one line per thread of fio built by `per_task` (shell text with $t the task's /proc
// directory). Returns the distinct lines seen.
std::set<std::string> sample_threads(const std::string& options, const std::string& per_task) {
    const auto r = run_shell(fmt::format(
        "{} {} --ioengine=null --size=1g --time_based --runtime=1 --output-format=json "
        ">/dev/null & pid=$!; "
        "while :; do s=$(cut -d' ' -f3 /proc/$pid/stat 2>/dev/null); "
        "[ -z \"$s\" ] || [ \"$s\" = Z ] && break; for t in /proc/$pid/task/*; do {}; done 2>/dev/null; "
        "sleep 0.05; done; wait $pid || echo FAILED",
        FIO_BINARY, options, per_task), 30);
    std::set<std::string> lines;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) lines.insert(line);
    EXPECT_EQ(lines.count("FAILED"), 0u) << r.err;
    return lines;
}

const std::string kCpus = "grep Cpus_allowed_list $t/status | cut -f2";

bool two_cpus() { return std::thread::hardware_concurrency() >= 2; }

TEST(Placement, CpusAllowedPinsTheJobThread) {
    if (!two_cpus()) GTEST_SKIP() << "needs two CPUs";
    const auto seen = sample_threads("--name=a --cpus_allowed=1", kCpus);
    EXPECT_EQ(seen, (std::set<std::string>{"0-1", "1"}));  // fio's own threads, the job's
}

TEST(Placement, CpumaskIsABitMask) {
    if (!two_cpus()) GTEST_SKIP() << "needs two CPUs";
    const auto seen = sample_threads("--name=a --cpumask=1", kCpus);
    EXPECT_EQ(seen, (std::set<std::string>{"0-1", "0"}));
}

TEST(Placement, SplitGivesEachThreadItsOwnCpu) {
    if (!two_cpus()) GTEST_SKIP() << "needs two CPUs";
    const auto split = sample_threads(
        "--name=a --cpus_allowed=0-1 --cpus_allowed_policy=split --numjobs=2", kCpus);
    EXPECT_EQ(split, (std::set<std::string>{"0-1", "0", "1"}));
    const auto shared = sample_threads("--name=a --cpus_allowed=0-1 --numjobs=2", kCpus);
    EXPECT_EQ(shared, (std::set<std::string>{"0-1"}));
}

TEST(Placement, NiceRaisesTheJobThreadsNiceValue) {
    // nice adds to the value fio starts with (the test may itself run niced).
    errno = 0;
    const int base = ::getpriority(PRIO_PROCESS, 0);
    ASSERT_EQ(errno, 0);
    const auto seen = sample_threads("--name=a --nice=5", "awk '{print $19}' $t/stat");
    EXPECT_EQ(seen, (std::set<std::string>{std::to_string(base), std::to_string(std::min(base + 5, 19))}));
}

TEST(Placement, NumaNodeZeroBindsTheJobsMemory) {
    const auto seen = sample_threads("--name=a --numa_cpu_nodes=0 --numa_mem_policy=bind:0",
                                     "head -1 $t/numa_maps | cut -d' ' -f2");
    EXPECT_EQ(seen, (std::set<std::string>{"default", "bind:0"}));
}

TEST(Placement, MissingNodesAndCpusAreRefusedByName) {
    const auto node = run_fio("--name=a --ioengine=null --size=1m --numa_cpu_nodes=4095", 30);
    EXPECT_NE(node.exit_code, 0);
    EXPECT_NE(node.err.find("numa_cpu_nodes: NUMA node 4095 does not exist"), std::string::npos)
        << node.err;
    const auto cpu = run_fio("--name=a --ioengine=null --size=1m --cpus_allowed=4095", 30);
    EXPECT_NE(cpu.exit_code, 0);
    EXPECT_NE(cpu.err.find("option 'cpus_allowed': '4095': CPU 4095 does not exist"),
              std::string::npos)
        << cpu.err;
    // numa.fio names node 1; it parses, as with stock fio, and runs only where node 1 is.
    EXPECT_EQ(run_fio("--parse-only /usr/share/doc/fio/examples/numa.fio", 30).exit_code, 0);
}

}  // namespace
}  // namespace fio::test
