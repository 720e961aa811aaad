// I/O logs end to end: write_iolog records what a run issued, read_iolog replays it
// (ours and stock fio 3.33's), and the replay options change the replayed I/Os. What
// was replayed is read back from the replay's latency log (log_offset=1): direction,
// size and offset of every I/O, in order.
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace fio::test {
namespace {

using nlohmann::json;

constexpr const char* kStockFio = "/usr/bin/fio";

// One I/O: direction (0 read, 1 write, 2 trim), length, offset.
using Io = std::tuple<int, std::uint64_t, std::uint64_t>;

std::vector<std::string> lines_of(const std::string& path) {
    std::vector<std::string> lines;
    std::istringstream in(read_file(path));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::vector<std::string> words_of(const std::string& line) {
    std::vector<std::string> words;
    std::istringstream in(line);
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

// The read, write and trim lines of a version 3 iolog.
std::vector<Io> ios_in_iolog(const std::string& path) {
    std::vector<Io> ios;
    for (const auto& line : lines_of(path)) {
        const auto w = words_of(line);
        if (w.size() != 5) continue;
        const int dir = w[2] == "read" ? 0 : w[2] == "write" ? 1 : w[2] == "trim" ? 2 : -1;
        if (dir < 0) continue;
        ios.emplace_back(dir, std::stoull(w[4]), std::stoull(w[3]));
    }
    return ios;
}

// The I/Os of a latency log written with log_offset=1 ("time, lat, dir, bs, offset, prio").
std::vector<Io> ios_in_lat_log(const std::string& path) {
    std::vector<Io> ios;
    for (auto line : lines_of(path)) {
        for (auto& c : line) c = c == ',' ? ' ' : c;
        const auto w = words_of(line);
        if (w.size() < 5) continue;
        ios.emplace_back(std::stoi(w[2]), std::stoull(w[3]), std::stoull(w[4]));
    }
    return ios;
}

// The iolog's lines without their times (the first word).
std::vector<std::string> untimed(const std::string& path) {
    std::vector<std::string> lines;
    for (const auto& line : lines_of(path)) {
        lines.push_back(line.starts_with("fio version") ? line : line.substr(line.find(' ') + 1));
    }
    return lines;
}

json json_of(const CommandResult& r) {
    EXPECT_TRUE(json::accept(r.out)) << r.out << r.err;
    return json::accept(r.out) ? json::parse(r.out) : json::object();
}

std::uint64_t ios_of(const json& job, const char* dir) {
    return job[dir]["total_ios"].get<std::uint64_t>();
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// Replays `log` (in `dir`, with `options`) and returns what it issued, in order.
std::vector<Io> replay(const ScratchDir& dir, const std::string& log, const std::string& options,
                       json* job = nullptr) {
    const std::string lat = dir / "replay";
    std::filesystem::remove(lat + "_lat.1.log");
    const auto r = run_shell("cd " + dir.path().string() + " && " FIO_BINARY " --name=r " +
                             "--read_iolog=" + log + " " + options + " --write_lat_log=" + lat +
                             " --log_offset=1 --output-format=json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    if (job) *job = json_of(r)["jobs"][0];
    return ios_in_lat_log(lat + "_lat.1.log");
}

TEST(IoLog, ARecordedRunReplaysTheSameIos) {
    ScratchDir dir;
    const auto r = run_shell("cd " + dir.path().string() + " && " FIO_BINARY
                             " --name=w --filename=f1:f2 --size=512k --rw=randrw "
                             "--bssplit=4k/50:16k/50 --fsync=4 --write_iolog=rec.log "
                             "--output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json recorded = json_of(r)["jobs"][0];
    const auto lines = lines_of(dir / "rec.log");
    ASSERT_GT(lines.size(), 4u);
    EXPECT_EQ(lines[0], "fio version 3 iolog");
    const std::vector<Io> written = ios_in_iolog(dir / "rec.log");
    ASSERT_EQ(written.size(), ios_of(recorded, "read") + ios_of(recorded, "write"));

    json job;
    EXPECT_EQ(replay(dir, "rec.log", "--replay_no_stall=1", &job), written);
    EXPECT_EQ(ios_of(job, "read"), ios_of(recorded, "read"));
    EXPECT_EQ(ios_of(job, "write"), ios_of(recorded, "write"));
    EXPECT_EQ(ios_of(job, "sync"), ios_of(recorded, "sync"));
    EXPECT_GT(ios_of(job, "sync"), 0u);
}

TEST(IoLog, WriteIologLinesAreStocks) {
    if (::access(kStockFio, X_OK) != 0) GTEST_SKIP() << "stock fio is not installed";
    const std::string jobs[] = {
        "--name=a --filename=x --size=32k --bs=4k --rw=write --fsync=2 --end_fsync=1",
        "--name=a --filename=x --size=32k --bs=4k --rw=trimwrite --ioengine=falloc",
        "--name=a --filename=x --size=64k --bs=4k --rw=write:4k --fdatasync=3",
        "--name=a --filename=x --size=32k --bs=8k --rw=read --numjobs=2",
    };
    for (const auto& job : jobs) {
        ScratchDir ours;
        ScratchDir stock;
        for (const auto& [binary, dir] : {std::pair<std::string, const ScratchDir*>{FIO_BINARY, &ours},
                                          {kStockFio, &stock}}) {
            const auto r = run_shell("cd " + dir->path().string() + " && " + binary + " " + job +
                                     " --write_iolog=io.log --output=/dev/null");
            ASSERT_EQ(r.exit_code, 0) << binary << " " << job << "\n" << r.err;
        }
        EXPECT_EQ(untimed(ours / "io.log"), untimed(stock / "io.log")) << job;
    }
}

TEST(IoLog, AStockLogReplaysWithTheSameIos) {
    if (::access(kStockFio, X_OK) != 0) GTEST_SKIP() << "stock fio is not installed";
    ScratchDir dir;
    const auto r = run_shell("cd " + dir.path().string() + " && " + kStockFio +
                             " --name=s --filename=s1:s2 --size=256k --rw=randrw "
                             "--bssplit=4k/50:16k/50 --write_iolog=stock.log --output=/dev/null");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::vector<Io> written = ios_in_iolog(dir / "stock.log");
    ASSERT_GT(written.size(), 10u);
    EXPECT_EQ(replay(dir, "stock.log", "--replay_no_stall=1"), written);
    EXPECT_EQ(replay(dir, "stock.log", "--ioengine=libaio --iodepth=4 --replay_no_stall=1").size(),
              written.size());
}

constexpr const char* kMixedLog =
    "fio version 2 iolog\n"
    "data add\n"
    "data open\n"
    "data read 5000 4096\n"
    "data write 1048577 8192\n"
    "data read 12345 512\n"
    "data close\n";

TEST(IoLog, ReplayOptionsChangeTheIos) {
    ScratchDir dir;
    write_text(dir / "mixed.log", kMixedLog);
    std::ofstream(dir / "data") << std::string(2 << 20, 'x');
    EXPECT_EQ(replay(dir, "mixed.log", ""),
              (std::vector<Io>{{0, 4096, 5000}, {1, 8192, 1048577}, {0, 512, 12345}}));
    EXPECT_EQ(replay(dir, "mixed.log", "--replay_scale=2"),
              (std::vector<Io>{{0, 4096, 2500}, {1, 8192, 524288}, {0, 512, 6172}}));
    EXPECT_EQ(replay(dir, "mixed.log", "--replay_align=4k"),
              (std::vector<Io>{{0, 4096, 4096}, {1, 8192, 1048576}, {0, 512, 12288}}));
    EXPECT_EQ(replay(dir, "mixed.log", "--replay_scale=3 --replay_align=8k"),
              (std::vector<Io>{{0, 4096, 0}, {1, 8192, 344064}, {0, 512, 0}}));
    EXPECT_EQ(replay(dir, "mixed.log", "--replay_skip=write"),
              (std::vector<Io>{{0, 4096, 5000}, {0, 512, 12345}}));
    EXPECT_EQ(replay(dir, "mixed.log", "--replay_skip=read"), (std::vector<Io>{{1, 8192, 1048577}}));
}

TEST(IoLog, RedirectReplaysEveryIoOnOneFile) {
    ScratchDir dir;
    write_text(dir / "two.log",
               "fio version 2 iolog\nw1 add\nw2 add\nw1 open\nw2 open\n"
               "w1 write 0 4096\nw2 write 65536 4096\nw1 close\nw2 close\n");
    EXPECT_EQ(replay(dir, "two.log", "--replay_redirect=" + (dir / "target")),
              (std::vector<Io>{{1, 4096, 0}, {1, 4096, 65536}}));
    EXPECT_EQ(std::filesystem::file_size(dir / "target"), 65536u + 4096u);
    EXPECT_FALSE(std::filesystem::exists(dir / "w1"));
    EXPECT_FALSE(std::filesystem::exists(dir / "w2"));
}

TEST(IoLog, ReadonlyLeavesTheLogsWritesOut) {
    ScratchDir dir;
    write_text(dir / "mixed.log", kMixedLog);
    std::ofstream(dir / "data") << std::string(64 << 10, 'x');
    const auto r = run_shell("cd " + dir.path().string() + " && " FIO_BINARY
                             " --readonly --name=r --read_iolog=mixed.log --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "fio: <r> skips replay of 1 writes due to read-only\n");
    const json job = json_of(r)["jobs"][0];
    EXPECT_EQ(ios_of(job, "read"), 2u);
    EXPECT_EQ(ios_of(job, "write"), 0u);
}

TEST(IoLog, StandardInputIsALogToo) {
    ScratchDir dir;
    write_text(dir / "mixed.log", kMixedLog);
    std::ofstream(dir / "data") << std::string(2 << 20, 'x');
    for (const char* chunked : {"0", "1"}) {
        const auto r = run_shell("cd " + dir.path().string() + " && " FIO_BINARY
                                 " --name=r --read_iolog=- --bs=8k --read_iolog_chunked=" +
                                 chunked + " --output-format=json < mixed.log");
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const json job = json_of(r)["jobs"][0];
        EXPECT_EQ(ios_of(job, "read"), 2u) << chunked;
        EXPECT_EQ(ios_of(job, "write"), 1u) << chunked;
    }
}

TEST(IoLog, VersionThreeReplaysAtTheRecordedTimesUnlessNoStall) {
    ScratchDir dir;
    write_text(dir / "timed.log",
               "fio version 3 iolog\n0 t add\n10 t open\n100 t read 0 4096\n"
               "300100 t read 4096 4096\n600100 t read 8192 4096\n600200 t close\n");
    std::ofstream(dir / "t") << std::string(16 << 10, 'x');
    json job;
    replay(dir, "timed.log", "", &job);
    EXPECT_GE(job["job_runtime"].get<std::uint64_t>(), 550u);  // 600 ms of pauses
    replay(dir, "timed.log", "--replay_time_scale=200", &job);
    EXPECT_GE(job["job_runtime"].get<std::uint64_t>(), 250u);
    EXPECT_LT(job["job_runtime"].get<std::uint64_t>(), 550u);
    replay(dir, "timed.log", "--replay_no_stall=1", &job);
    EXPECT_LT(job["job_runtime"].get<std::uint64_t>(), 250u);
    EXPECT_EQ(ios_of(job, "read"), 3u);
}

TEST(IoLog, BadLogsAreRefusedInOneLine) {
    ScratchDir dir;
    write_text(dir / "bad.log", "fio version 2 iolog\nf1 add\nf1 open\nf1 reed 0 4096\n");
    auto r = run_shell("cd " + dir.path().string() + " && " FIO_BINARY
                       " --name=r --read_iolog=bad.log --output=/dev/null");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err,
              "fio: command line: job 'r': bad.log:4: 'f1 reed 0 4096': unknown action 'reed' "
              "(read, write, trim, sync, datasync, sync_file_range, wait, add, open or close)\n");
    write_text(dir / "trace.bin", std::string("\x07\x74\x61\x65\0\0\0\0binary", 14));
    r = run_shell("cd " + dir.path().string() + " && " FIO_BINARY
                  " --name=r --read_iolog=trace.bin --output=/dev/null");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err,
              "fio: command line: job 'r': read_iolog=trace.bin: record 1: the trace ends "
              "inside a record\n");
}

TEST(IoLog, SkipThatLeavesNoRoomEndsTheSequentialPass) {
    // fio's own t0007 (rw=read:512k bs=1m size=128m): 85 reads, 87040 KiB.
    const auto r = run_fio("--name=foo --ioengine=null --size=128m --rw=read:512k --bs=1m "
                           "--output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(json_of(r)["jobs"][0]["read"]["io_kbytes"].get<std::uint64_t>(), 87040u);
}

}  // namespace
}  // namespace fio::test
