// read_iolog with blktrace binary traces and merge_blktrace_*, run end to end: a trace
// of a loop device replays the same I/Os as stock fio's replay of it; several traces
// merge into one (--merge-blktrace-only), which a job then replays.
#include "loop_device.hpp"
#include "run_command.hpp"
#include "scratch_dir.hpp"
#include "stock_compare.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fio::test {
namespace {

// blktrace's record layout (blktrace_api.h), written field by field in this machine's order.
struct TraceEvent {
    std::uint64_t time_ns;
    std::uint32_t action;
    std::uint64_t sector = 0;
    std::uint32_t bytes = 0;
    std::uint16_t pdu_len = 0;
};

constexpr std::uint32_t kQueue = 1, kComplete = 8;
constexpr std::uint32_t kRead = 1u << 16, kWrite = 2u << 16, kFlush = 4u << 16,
                        kNotify = (1u << 10) << 16, kDiscard = (1u << 13) << 16;

void write_trace(const std::string& path, std::uint32_t device, const std::vector<TraceEvent>& events) {
    std::ofstream out(path, std::ios::binary);
    const auto put = [&out](auto value) { out.write(reinterpret_cast<const char*>(&value), sizeof value); };
    for (const auto& e : events) {
        put(std::uint32_t{0x65617407});
        put(std::uint32_t{0});  // sequence
        put(e.time_ns);
        put(e.sector);
        put(e.bytes);
        put(e.action);
        put(std::uint32_t{4242});  // pid
        put(device);
        put(std::uint32_t{0});  // cpu
        put(std::uint16_t{0});  // error
        put(e.pdu_len);
        out << std::string(e.pdu_len, 'x');
    }
}

// 8 writes of 4 KiB (each completed), 4 reads of 8 KiB, a flush, a 64 KiB discard and a
// notify message with a payload, over 1 ms.
std::vector<TraceEvent> mixed_workload() {
    std::vector<TraceEvent> events;
    std::uint64_t t = 1'000'000;
    for (std::uint64_t i = 0; i < 8; ++i) {
        events.push_back({t, kQueue | kWrite, i * 8, 4096, 2});
        events.push_back({t + 1000, kComplete | kWrite, i * 8, 4096});
        t += 50'000;
    }
    for (std::uint64_t i = 0; i < 4; ++i, t += 20'000) events.push_back({t, kQueue | kRead, 1000 + i * 16, 8192});
    events.push_back({t, kQueue | kWrite | kFlush});
    events.push_back({t + 1000, kQueue | kWrite | kDiscard, 2048, 65536});
    events.push_back({t + 2000, kNotify, 0, 0, 4});
    return events;
}

std::uint32_t trace_device_of(const std::string& node) {
    struct stat st {};
    if (::stat(node.c_str(), &st) != 0) return 0;
    return (major(st.st_rdev) << 20) | minor(st.st_rdev);
}

std::uint64_t ios(const nlohmann::json& job, const char* dir) { return job[dir]["total_ios"].get<std::uint64_t>(); }
std::uint64_t bytes(const nlohmann::json& job, const char* dir) { return job[dir]["io_bytes"].get<std::uint64_t>(); }

TEST(BlktraceReplayCli, ATraceOfALoopDeviceReplaysTheSameIosAsStock) {
    if (!stock_available()) GTEST_SKIP() << "stock fio is not installed";
    LoopDevice loop([](const std::string& image) { run_shell("truncate -s 16M " + image); });
    if (!loop.ready()) GTEST_SKIP() << "no loop device (needs root)";
    ScratchDir dir;
    write_trace(dir / "trace.bin", trace_device_of(loop.device()), mixed_workload());

    const auto run = run_side_by_side("--name=replay --read_iolog=" + (dir / "trace.bin") +
                                      " --output-format=json");
    ASSERT_EQ(run.stock.exit_code, 0) << run.stock.err;
    ASSERT_EQ(run.ours.exit_code, 0) << run.ours.err;
    EXPECT_EQ(run.ours.err, run.stock.err);
    const auto ours = nlohmann::json::parse(run.ours.out)["jobs"][0];
    const auto stock = nlohmann::json::parse(run.stock.out)["jobs"][0];
    for (const char* dir_name : {"read", "write", "trim"}) {
        SCOPED_TRACE(dir_name);
        EXPECT_EQ(ios(ours, dir_name), ios(stock, dir_name));
        EXPECT_EQ(bytes(ours, dir_name), bytes(stock, dir_name));
    }
    EXPECT_EQ(ios(ours, "read"), 4u);
    EXPECT_EQ(bytes(ours, "write"), 8u * 4096);
    EXPECT_EQ(bytes(ours, "trim"), 65536u);
    EXPECT_EQ(ios(ours, "sync"), ios(stock, "sync"));
    EXPECT_EQ(ios(ours, "sync"), 1u);
}

TEST(BlktraceReplayCli, ReplayRedirectAndSkipApplyToATraceFromAnotherMachine) {
    if (!stock_available()) GTEST_SKIP() << "stock fio is not installed";
    LoopDevice loop([](const std::string& image) { run_shell("truncate -s 16M " + image); });
    if (!loop.ready()) GTEST_SKIP() << "no loop device (needs root)";
    ScratchDir dir;
    write_trace(dir / "trace.bin", (250u << 20) | 7u, mixed_workload());  // no such device here

    const auto run = run_side_by_side("--name=replay --read_iolog=" + (dir / "trace.bin") +
                                      " --replay_redirect=" + loop.device() +
                                      " --replay_skip=read,trim --replay_no_stall=1 --output-format=json");
    ASSERT_EQ(run.ours.exit_code, 0) << run.ours.err;
    ASSERT_EQ(run.stock.exit_code, 0) << run.stock.err;
    const auto ours = nlohmann::json::parse(run.ours.out)["jobs"][0];
    const auto stock = nlohmann::json::parse(run.stock.out)["jobs"][0];
    EXPECT_EQ(ios(ours, "read"), 0u);
    EXPECT_EQ(ios(ours, "trim"), 0u);
    EXPECT_EQ(ios(ours, "write"), 8u);
    for (const char* dir_name : {"read", "write", "trim", "sync"}) EXPECT_EQ(ios(ours, dir_name), ios(stock, dir_name)) << dir_name;

    // Without replay_redirect the unknown device is named (stock says only that it found
    // no replay device).
    const auto lost = run_fio("--name=replay --read_iolog=" + (dir / "trace.bin"));
    EXPECT_EQ(lost.exit_code, 1);
    EXPECT_NE(lost.err.find("the trace's device 250:7 is no block device under /dev here"), std::string::npos)
        << lost.err;
}

TEST(BlktraceReplayCli, MergedTracesReplayEveryPass) {
    ScratchDir dir;
    write_trace(dir / "a.bin", (250u << 20) | 1u, mixed_workload());
    write_trace(dir / "b.bin", (250u << 20) | 1u,
                {{5'000, kQueue | kRead, 0, 4096}, {9'000, kQueue | kRead, 8, 4096}});
    const std::string merge = "--name=m --read_iolog=" + (dir / "a.bin") + ":" + (dir / "b.bin") +
                              " --merge_blktrace_file=" + (dir / "merged.bin") +
                              " --merge_blktrace_iters=1:3 --merge_blktrace_scalars=100:50";
    const auto only = run_shell(std::string(FIO_BINARY) + " --merge-blktrace-only " + merge);
    ASSERT_EQ(only.exit_code, 0) << only.err;
    EXPECT_EQ(only.err, "");
    // 8 writes, 4 reads, the flush and the discard of a; 3 passes of b's 2 reads. The
    // completions and the notify are not kept.
    EXPECT_EQ(std::filesystem::file_size(dir / "merged.bin"), (14u + 6u) * 48u);

    // A job that merges and replays, on an engine without files (the traced device need
    // not exist).
    const auto run = run_shell(std::string(FIO_BINARY) + " " + merge +
                               " --ioengine=null --replay_no_stall=1 --output-format=json");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto job = nlohmann::json::parse(run.out)["jobs"][0];
    EXPECT_EQ(ios(job, "read"), 4u + 6u);
    EXPECT_EQ(bytes(job, "read"), 4u * 8192 + 6u * 4096);
    EXPECT_EQ(ios(job, "write"), 8u);
    EXPECT_EQ(ios(job, "trim"), 1u);

    const auto bad = run_shell(std::string(FIO_BINARY) + " --merge-blktrace-only " + merge +
                               " --merge_blktrace_iters=2");
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_EQ(bad.err, "fio: merge_blktrace_iters: 1 value for 2 traces in read_iolog (one per trace)\n");
}

TEST(BlktraceReplayCli, ABrokenTraceIsOneLineNamingTheRecord) {
    ScratchDir dir;
    write_trace(dir / "trace.bin", (250u << 20) | 1u, mixed_workload());
    // Records of 50, 48 and 50 bytes (two carry a payload), then 6 bytes of the fourth.
    std::filesystem::resize_file(dir / "trace.bin", 50 + 48 + 50 + 6);
    const auto run = run_fio("--name=r --ioengine=null --read_iolog=" + (dir / "trace.bin"));
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.err, "fio: command line: job 'r': read_iolog=" + (dir / "trace.bin") + ": record 4: the trace ends inside a record\n");
}

}  // namespace
}  // namespace fio::test
