// zonemode=zbd end to end on a scratch file: the byte and I/O counts stock fio 3.33
// reported for the same jobs on a file of the same size, and the offsets our own
// latency log (log_offset=1) records: writes sequential within each zone, at most
// max_open_zones zones being written at once, reads only of what was written.
#include "logged_ios.hpp"
#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

namespace fio::test {
namespace {

using nlohmann::json;

constexpr std::uint64_t KiB = 1024;
constexpr std::uint64_t MiB = 1024 * KiB;

struct Counts {
    std::uint64_t bytes = 0;
    std::uint64_t ios = 0;
};

std::string sparse_file(const ScratchDir& dir, std::uint64_t bytes) {
    const std::string path = dir / "zoned";
    { std::ofstream create(path); }
    std::filesystem::resize_file(path, bytes);
    return path;
}

// The JSON document in `out` (after any lines fio printed before it).
json report(const CommandResult& r) {
    const auto start = r.out.find('{');
    if (start == std::string::npos || !json::accept(r.out.substr(start))) {
        ADD_FAILURE() << "no JSON:\n" << r.out << r.err;
        return json::object();
    }
    return json::parse(r.out.substr(start));
}

Counts counts(const json& job, const char* direction) {
    if (!job.contains(direction)) return {};
    return {job[direction]["io_bytes"].get<std::uint64_t>(),
            job[direction]["total_ios"].get<std::uint64_t>()};
}

// Replays logged writes on zones of `zone_size`: each must go to its zone's write
// pointer (or start it over when it is full); returns the most zones written but not
// full at one time.
std::size_t check_sequential_in_zones(const std::vector<LoggedIo>& writes, std::uint64_t zone_size) {
    std::map<std::uint64_t, std::uint64_t> wp;  // zone -> bytes written in it
    std::set<std::uint64_t> open;
    std::size_t most_open = 0;
    for (const auto& io : writes) {
        const std::uint64_t zone = io.offset / zone_size;
        const std::uint64_t into = io.offset % zone_size;
        auto& written = wp[zone];
        if (into == 0 && written == zone_size) written = 0;  // a reset
        EXPECT_EQ(into, written) << "write at " << io.offset << " is not at zone " << zone
                                 << "'s write pointer";
        EXPECT_LE(into + io.length, zone_size);
        written = into + io.length;
        if (written == zone_size) {
            open.erase(zone);
        } else {
            open.insert(zone);
        }
        most_open = std::max(most_open, open.size());
    }
    return most_open;
}

const std::string kZbd = " --ioengine=psync --zonemode=zbd --zonesize=1M --bs=64k ";

TEST(ZbdCli, SequentialWriteFillsTheZonesInOrder) {
    ScratchDir dir;
    const std::string file = sparse_file(dir, 8 * MiB);
    const std::string log = dir / "w";
    const auto r = run_fio("--name=w --filename=" + file + kZbd +
                               "--rw=write --log_offset=1 --write_lat_log=" + log +
                               " --output-format=json",
                           30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Counts w = counts(report(r)["jobs"][0], "write");
    EXPECT_EQ(w.bytes, 8 * MiB);
    EXPECT_EQ(w.ios, 128u);
    const auto ios = logged_ios(log + "_lat.1.log");
    ASSERT_EQ(ios.size(), 128u);
    for (std::size_t i = 0; i < ios.size(); ++i) EXPECT_EQ(ios[i].offset, i * 64 * KiB);
}

TEST(ZbdCli, RandomWritesStayInMaxOpenZonesAndAtTheWritePointers) {
    ScratchDir dir;
    const std::string file = sparse_file(dir, 8 * MiB);
    const std::string log = dir / "w";
    const auto r = run_fio("--name=w --filename=" + file + kZbd +
                               "--rw=randwrite --max_open_zones=2 --log_offset=1 "
                               "--write_lat_log=" + log + " --output-format=json",
                           30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Counts w = counts(report(r)["jobs"][0], "write");
    EXPECT_EQ(w.bytes, 8 * MiB);  // stock: 8192 KiB in 128 writes
    EXPECT_EQ(w.ios, 128u);
    const auto ios = logged_ios(log + "_lat.1.log");
    ASSERT_EQ(ios.size(), 128u);
    EXPECT_EQ(check_sequential_in_zones(ios, 1 * MiB), 2u);
    // Random zones: not simply the file in order.
    bool in_order = true;
    for (std::size_t i = 0; i < ios.size(); ++i) in_order = in_order && ios[i].offset == i * 64 * KiB;
    EXPECT_FALSE(in_order);
}

TEST(ZbdCli, AReadJobReadsOnlyWhatWasWrittenInTheRun) {
    ScratchDir dir;
    const std::string file = sparse_file(dir, 8 * MiB);
    // On its own, a read job finds every zone empty: stock reads nothing, exit 0.
    const auto alone = run_fio("--name=r --filename=" + file + kZbd +
                                   "--rw=read --output-format=json",
                               30);
    ASSERT_EQ(alone.exit_code, 0) << alone.err;
    const Counts none = counts(report(alone)["jobs"][0], "read");
    EXPECT_EQ(none.bytes, 0u);
    EXPECT_EQ(none.ios, 0u);
    // After a writer left 2.5 zones (stock: 2621440 bytes written, then read, 40 I/Os
    // each), the reader stops at the last write pointer.
    std::ofstream(dir / "wr.fio") << "[global]\nfilename=" << file
                                  << "\nioengine=psync\nbs=64k\nzonemode=zbd\nzonesize=1M\n"
                                     "[w]\nrw=write\nio_size=2560k\n[r]\nstonewall\nrw=read\n";
    const auto both = run_fio(dir / "wr.fio" + " --output-format=json", 30);
    ASSERT_EQ(both.exit_code, 0) << both.err;
    const json jobs = report(both)["jobs"];
    ASSERT_EQ(jobs.size(), 2u);
    const Counts w = counts(jobs[0], "write");
    const Counts rd = counts(jobs[1], "read");
    EXPECT_EQ(w.bytes, 2621440u);
    EXPECT_EQ(w.ios, 40u);
    EXPECT_EQ(rd.bytes, 2621440u);
    EXPECT_EQ(rd.ios, 40u);
    // The end of the data ends a loop, not the job: loops=2 reads it twice (stock:
    // 5242880 bytes in 80 reads).
    std::ofstream(dir / "wr2.fio") << "[global]\nfilename=" << file
                                   << "\nioengine=psync\nbs=64k\nzonemode=zbd\nzonesize=1M\n"
                                      "[w]\nrw=write\nio_size=2560k\n[r]\nstonewall\nrw=read\n"
                                      "loops=2\n";
    const auto twice = run_fio(dir / "wr2.fio" + " --output-format=json", 30);
    ASSERT_EQ(twice.exit_code, 0) << twice.err;
    const Counts again = counts(report(twice)["jobs"][1], "read");
    EXPECT_EQ(again.bytes, 5242880u);
    EXPECT_EQ(again.ios, 80u);
    // read_beyond_wp reads the whole file.
    const auto beyond = run_fio("--name=r --filename=" + file + kZbd +
                                    "--rw=read --read_beyond_wp=1 --output-format=json",
                                30);
    EXPECT_EQ(counts(report(beyond)["jobs"][0], "read").bytes, 8 * MiB);
}

TEST(ZbdCli, WriteRegionsAreRoundedToWholeZones) {
    ScratchDir dir;
    const std::string file = sparse_file(dir, 8 * MiB);
    const std::string job = "--name=w --filename=" + file + kZbd + "--rw=write --offset=512k --size=3M";
    // stock: both lines (in the text report; our JSON output leaves info lines out),
    // then 2 MiB written from 1 MiB.
    const auto text = run_fio(job, 30);
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find(file + ": rounded up offset from 524288 to 1048576"), std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find(file + ": rounded down io_size from 2621440 to 2097152"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("(2048KiB/"), std::string::npos) << text.out;
    const auto r = run_fio(job + " --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Counts w = counts(report(r)["jobs"][0], "write");
    EXPECT_EQ(w.bytes, 2 * MiB);
    EXPECT_EQ(w.ios, 32u);
}

TEST(ZbdCli, TheTextReportCountsZoneResets) {
    ScratchDir dir;
    const std::string file = sparse_file(dir, 2 * MiB);
    // Two passes over two zones: the second writes each zone again, resetting it
    // first (stock: "; 2 zone resets" on the write line).
    const auto r = run_fio("--name=w --filename=" + file + kZbd + "--rw=write --loops=2", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("(4096KiB/"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("msec); 2 zone resets"), std::string::npos) << r.out;
}

TEST(ZbdCli, ZoneResetFrequencySimulatesGarbageCollection) {
    ScratchDir dir;
    const std::string file = sparse_file(dir, 8 * MiB);
    const std::string log = dir / "g";
    const std::string job = "--name=w --filename=" + file + kZbd +
                            "--rw=write --zone_reset_threshold=0.25 --zone_reset_frequency=0.5 "
                            "--log_offset=1 --write_lat_log=" + log;
    // stock: the first 2 MiB in order, then zone 2 reset every second write
    // (blocks 32 32 33 32 33 ...), "48 zone resets".
    const auto r = run_fio(job, 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("(8192KiB/"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("; 48 zone resets"), std::string::npos) << r.out;
    const auto ios = logged_ios(log + "_lat.1.log");
    ASSERT_EQ(ios.size(), 128u);
    for (std::size_t i = 0; i < ios.size(); ++i) {
        const std::uint64_t block = i < 33 ? i : (i % 2 == 1 ? 32 : 33);
        EXPECT_EQ(ios[i].offset, block * 64 * KiB) << "write " << i;
    }
    const auto bad = run_fio("--name=w --filename=" + file + kZbd + "--zone_reset_threshold=1.5", 10);
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.err.find("zone_reset_threshold"), std::string::npos) << bad.err;
}

TEST(ZbdCli, ZoneskipWalksEveryOtherZoneAndWraps) {
    ScratchDir dir;
    const std::string file = sparse_file(dir, 8 * MiB);
    const std::string log = dir / "s";
    const auto r = run_fio("--name=w --filename=" + file +
                               " --ioengine=psync --zonemode=zbd --zonesize=1M --bs=256k "
                               "--rw=write --zoneskip=1M --log_offset=1 --write_lat_log=" + log +
                               " --output-format=json",
                           30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // stock 3.33 (write_iolog), in 256k blocks: zones 0 2 4 6, then again from 0.
    const Counts w = counts(report(r)["jobs"][0], "write");
    EXPECT_EQ(w.bytes, 8 * MiB);
    EXPECT_EQ(w.ios, 32u);
    const auto ios = logged_ios(log + "_lat.1.log");
    ASSERT_EQ(ios.size(), 32u);
    const std::vector<std::uint64_t> blocks = {0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27};
    for (std::size_t i = 0; i < ios.size(); ++i) {
        EXPECT_EQ(ios[i].offset, blocks[i % 16] * 256 * KiB) << "write " << i;
    }
    const auto odd = run_fio("--name=w --filename=" + file + kZbd + "--rw=write --zoneskip=512k", 10);
    EXPECT_EQ(odd.exit_code, 1);
    EXPECT_NE(odd.err.find("zoneskip 524288 is not a multiple of the device zone size 1048576"),
              std::string::npos)
        << odd.err;
}

TEST(ZbdCli, ZoneCapacityAndBlocksThatDoNotDivideTheZone) {
    ScratchDir dir;
    const std::string file = sparse_file(dir, 8 * MiB);
    // stock: 48 writes of 64k, 768k in each of 4 zones (the rest counts as done).
    const auto cap = run_fio("--name=w --filename=" + file + kZbd +
                                 "--rw=write --zonecapacity=768k --size=4M --output-format=json",
                             30);
    ASSERT_EQ(cap.exit_code, 0) << cap.err;
    const Counts c = counts(report(cap)["jobs"][0], "write");
    EXPECT_EQ(c.bytes, 3 * MiB);
    EXPECT_EQ(c.ios, 48u);
    // stock: bs=48k leaves 16k of zone 0 that no write fits, so zone 0 is reset and
    // written again; 43 writes (2113536 bytes) to reach 2 MiB.
    const std::string log = dir / "b";
    const auto odd = run_fio("--name=w --filename=" + file +
                                 " --ioengine=psync --zonemode=zbd --zonesize=1M --bs=48k "
                                 "--rw=write --size=2M --log_offset=1 --write_lat_log=" + log +
                                 " --output-format=json",
                             30);
    ASSERT_EQ(odd.exit_code, 0) << odd.err;
    const Counts o = counts(report(odd)["jobs"][0], "write");
    EXPECT_EQ(o.bytes, 2113536u);
    EXPECT_EQ(o.ios, 43u);
    const auto ios = logged_ios(log + "_lat.1.log");
    ASSERT_EQ(ios.size(), 43u);
    for (std::size_t i = 0; i < ios.size(); ++i) EXPECT_EQ(ios[i].offset, (i % 21) * 48 * KiB);
}

const char* const kExamples = "/usr/share/doc/fio/examples";

// The stock examples, scaled down to a scratch file (their zones are 256 MiB on a
// /dev device): they parse and run as stock runs them.
std::string scaled_example(const ScratchDir& dir, const std::string& name,
                           const std::vector<std::pair<std::string, std::string>>& edits) {
    std::string text = read_file(std::string(kExamples) + "/" + name);
    for (const auto& [from, to] : edits) {
        const auto at = text.find(from);
        if (at == std::string::npos) {
            ADD_FAILURE() << name << " has no '" << from << "'";
            continue;
        }
        text.replace(at, from.size(), to);
    }
    const std::string path = dir / name;
    std::ofstream(path) << text;
    return path;
}

TEST(ZbdCli, StockExamplesRunScaledDown) {
    if (!std::filesystem::exists(std::string(kExamples) + "/zbd-rand-write.fio")) {
        GTEST_SKIP() << "fio's examples are not installed";
    }
    ScratchDir dir;
    const std::string file = sparse_file(dir, 16 * MiB);
    // stock 3.33 on the same edits: 4 threads, 1 s of 64k random writes, no error.
    const std::string writes = scaled_example(
        dir, "zbd-rand-write.fio",
        {{"zonesize=256M", "zonesize=1M"}, {"max_open_zones=32", "max_open_zones=4"},
         {"bs=512K", "bs=64k"}, {"numjobs=16", "numjobs=4"}, {"runtime=180", "runtime=1"},
         {"filename=/dev/sdj", "filename=" + file}});
    const auto w = run_fio(writes + " --output-format=json", 60);
    ASSERT_EQ(w.exit_code, 0) << w.err;
    const json wj = report(w)["jobs"];
    ASSERT_EQ(wj.size(), 1u);  // group_reporting
    EXPECT_EQ(wj[0]["error"], 0);
    const Counts written = counts(wj[0], "write");
    EXPECT_GT(written.ios, 0u);
    EXPECT_EQ(written.bytes, written.ios * 64 * KiB);
    // The read example alone finds every zone empty (the write pointers are not kept
    // between runs): stock reads nothing and succeeds.
    const std::string reads = scaled_example(
        dir, "zbd-seq-read.fio",
        {{"zonesize=256M", "zonesize=1M"}, {"offset=140660178944", "offset=2M"},
         {"size=10G", "size=4M"}, {"filename=/dev/sdd", "filename=" + file}});
    const auto r = run_fio(reads + " --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Counts read = counts(report(r)["jobs"][0], "read");
    EXPECT_EQ(read.bytes, 0u);
    EXPECT_EQ(read.ios, 0u);
}

TEST(ZbdCli, MistakesAreRefusedAsStockFioRefusesThem) {
    ScratchDir dir;
    const std::string file = sparse_file(dir, 8 * MiB);
    const auto no_size = run_fio("--name=z --filename=" + file + " --zonemode=zbd --rw=write", 10);
    EXPECT_EQ(no_size.exit_code, 1);
    EXPECT_NE(no_size.err.find("Specifying the zone size is mandatory"), std::string::npos)
        << no_size.err;
    const auto job_limit = run_fio("--name=z --filename=" + file + kZbd +
                                       "--rw=randwrite --job_max_open_zones=2",
                                   10);
    EXPECT_EQ(job_limit.exit_code, 1);
    EXPECT_NE(job_limit.err.find("'job_max_open_zones' cannot be used without a global open "
                                 "zones limit"),
              std::string::npos)
        << job_limit.err;
    const auto capacity = run_fio("--name=z --filename=" + file + kZbd +
                                      "--rw=write --zonecapacity=2M",
                                  10);
    EXPECT_EQ(capacity.exit_code, 1);
    EXPECT_NE(capacity.err.find("zonecapacity 2097152 is larger than zone size 1048576"),
              std::string::npos)
        << capacity.err;
}

}  // namespace
}  // namespace fio::test
