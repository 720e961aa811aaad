// Per-job log files end to end: the fio binary writes them, we read them back as
// fio2gnuplot, fiologparser*.py and users' scripts do. Timing decides the numbers;
// names, columns, directions, block sizes, order and line counts are exact.
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fio::test {
namespace {

using nlohmann::json;

json parse_json_or_fail(const CommandResult& r) {
    EXPECT_TRUE(json::accept(r.out)) << "not JSON:\n" << r.out << "\nstderr:\n" << r.err;
    return json::accept(r.out) ? json::parse(r.out) : json::object();
}

// A log file as rows of columns (text, split at ", ").
std::vector<std::vector<std::string>> rows_of(const std::string& path) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(read_file(path));
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> columns;
        std::size_t from = 0;
        for (auto comma = line.find(", "); comma != std::string::npos; comma = line.find(", ", from)) {
            columns.push_back(line.substr(from, comma - from));
            from = comma + 2;
        }
        columns.push_back(line.substr(from));
        rows.push_back(std::move(columns));
    }
    return rows;
}

std::uint64_t number(const std::string& text) { return std::stoull(text, nullptr, 0); }

std::uint64_t total_ios(const json& job, const char* dir) {
    return job[dir]["total_ios"].get<std::uint64_t>();
}

// Every row has `columns` columns and times that never go back.
void expect_well_formed(const std::vector<std::vector<std::string>>& rows, std::size_t columns,
                        const std::string& what) {
    std::uint64_t last_time = 0;
    for (const auto& row : rows) {
        ASSERT_EQ(row.size(), columns) << what;
        const std::uint64_t time = number(row[0]);
        EXPECT_GE(time, last_time) << what;
        last_time = time;
    }
}

TEST(LogFiles, PerIoLogsHaveOneLinePerIoWithItsDirectionAndSize) {
    ScratchDir dir;
    const std::string p = dir / "p";
    const auto r = run_fio("--name=j --ioengine=null --rw=randrw --bs=4k,8k --size=1m "
                           "--write_lat_log=" + p + " --write_bw_log=" + p +
                           " --write_iops_log=" + p + " --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json job = parse_json_or_fail(r)["jobs"][0];
    const std::uint64_t reads = total_ios(job, "read");
    const std::uint64_t writes = total_ios(job, "write");
    ASSERT_GT(reads, 0u);
    ASSERT_GT(writes, 0u);
    for (const char* kind : {"lat", "clat", "bw", "iops"}) {
        const std::string path = p + "_" + kind + ".1.log";
        const auto rows = rows_of(path);
        expect_well_formed(rows, 5, path);
        ASSERT_EQ(rows.size(), reads + writes) << path;
        std::uint64_t seen_reads = 0;
        for (const auto& row : rows) {
            const std::uint64_t ddir = number(row[2]);
            ASSERT_LE(ddir, 1u) << path;
            seen_reads += ddir == 0;
            EXPECT_EQ(number(row[3]), ddir == 0 ? 4096u : 8192u) << path;
            EXPECT_EQ(row[4], "0") << path;
            if (std::string(kind) == "iops") {
                EXPECT_EQ(row[1], "1");
            }
        }
        EXPECT_EQ(seen_reads, reads) << path;
    }
    // The null engine completes inside queue(): nothing is submitted, no slat.
    EXPECT_TRUE(std::filesystem::exists(p + "_slat.1.log"));
    EXPECT_EQ(std::filesystem::file_size(p + "_slat.1.log"), 0u);
}

TEST(LogFiles, AveragedLogsHaveALinePerDirectionPerWindow) {
    ScratchDir dir;
    const std::string p = dir / "a";
    const auto r = run_fio("--name=j --ioengine=null --rw=randrw --size=1g --time_based "
                           "--runtime=400ms --log_avg_msec=100 --write_lat_log=" + p +
                           " --write_bw_log=" + p + " --write_iops_log=" + p +
                           " --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* kind : {"lat", "clat", "bw", "iops"}) {
        const std::string path = p + "_" + kind + ".1.log";
        const auto rows = rows_of(path);
        expect_well_formed(rows, 5, path);
        std::array<int, 2> per_direction{};
        for (const auto& row : rows) {
            const std::uint64_t ddir = number(row[2]);
            ASSERT_LE(ddir, 1u) << path;
            ++per_direction[ddir];
            EXPECT_EQ(row[3], "0") << path;  // windows carry no block size
            EXPECT_GT(number(row[1]), 0u) << path;
        }
        // 400 ms of 100 ms windows: 4 (latency logs add the end of the last one). A
        // loaded machine may stall the job across a boundary and merge two windows.
        for (int count : per_direction) {
            EXPECT_GE(count, 2) << path;
            EXPECT_LE(count, 5) << path;
        }
    }
}

TEST(LogFiles, ThreadNumbersNameFilesAcrossJobsUnlessPerJobLogsIsOff) {
    ScratchDir dir;
    const std::string p = dir / "n";
    const std::string q = dir / "q";
    const std::string jobs = "--ioengine=null --rw=read --size=16k --name=a --numjobs=2 "
                             "--write_iops_log=" + p + " --name=b --write_iops_log=" + p +
                             " --name=c --numjobs=2 --per_job_logs=0 --write_iops_log=" + q +
                             " --output-format=json";
    auto r = run_fio(jobs);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* name : {"n_iops.1.log", "n_iops.2.log", "n_iops.3.log"}) {
        EXPECT_EQ(rows_of(dir / name).size(), 4u) << name;
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "n_iops.log"));
    EXPECT_FALSE(std::filesystem::exists(dir / "q_iops.4.log"));
    EXPECT_EQ(rows_of(dir / "q_iops.log").size(), 8u);  // both clones of c

    // Again: numbered files start over, the shared one grows, as in stock fio.
    r = run_fio(jobs);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(rows_of(dir / "n_iops.1.log").size(), 4u);
    EXPECT_EQ(rows_of(dir / "q_iops.log").size(), 16u);
}

TEST(LogFiles, BareOptionNamesTheFilesAfterTheJob) {
    ScratchDir dir;
    const auto r = run_shell("cd " + dir.path().string() + " && " FIO_BINARY
                             " --name=bare --ioengine=null --size=16k --write_bw_log "
                             "--rw=read --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Stock fio, too, takes the next argument as the value of a bare option on the
    // command line; here it is --rw=read.
    EXPECT_EQ(rows_of(dir / "--rw=read_bw.1.log").size(), 4u);
    std::ofstream(dir / "job.fio") << "[bare]\nioengine=null\nsize=16k\nwrite_bw_log\n";
    const auto f = run_shell("cd " + dir.path().string() + " && " FIO_BINARY
                             " job.fio --output-format=json");
    ASSERT_EQ(f.exit_code, 0) << f.err;
    EXPECT_EQ(rows_of(dir / "bare_bw.1.log").size(), 4u);
}

TEST(LogFiles, OffsetAndPriorityColumns) {
    ScratchDir dir;
    const std::string p = dir / "o";
    const auto r = run_fio("--name=j --ioengine=null --rw=randread --bs=4k --size=64k "
                           "--log_offset=1 --log_prio=1 --write_lat_log=" + p +
                           " --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto rows = rows_of(p + "_lat.1.log");
    expect_well_formed(rows, 6, "lat");
    ASSERT_EQ(rows.size(), 16u);
    std::vector<bool> seen(16, false);
    for (const auto& row : rows) {
        const std::uint64_t offset = number(row[4]);
        ASSERT_EQ(offset % 4096, 0u);
        ASSERT_LT(offset, 65536u);
        seen[offset / 4096] = true;
        EXPECT_EQ(row[5], "0x0000");
    }
    EXPECT_EQ(std::count(seen.begin(), seen.end(), true), 16);  // every block once
}

TEST(LogFiles, IoUringLogsSubmissionLatencyAndCommandPriorities) {
    ScratchDir dir;
    const std::string file = "/dev/shm/fio-log-test-" + std::to_string(::getpid());
    const std::string p = dir / "u";
    const auto r = run_fio("--name=j --ioengine=io_uring --iodepth=4 --rw=randread --size=256k "
                           "--filename=" + file + " --cmdprio_percentage=100 --cmdprio_class=2 "
                           "--cmdprio=3 --log_prio=1 --write_lat_log=" + p +
                           " --output-format=json");
    std::filesystem::remove(file);
    if (r.err.find("io_uring") != std::string::npos && r.exit_code != 0) {
        GTEST_SKIP() << "io_uring unavailable: " << r.err;
    }
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* kind : {"lat", "clat", "slat"}) {
        const auto rows = rows_of(p + "_" + kind + ".1.log");
        expect_well_formed(rows, 5, kind);
        EXPECT_EQ(rows.size(), 64u) << kind;
        for (const auto& row : rows) EXPECT_EQ(row[4], "0x4003") << kind;  // best effort, 3
    }
}

TEST(LogFiles, JobPriorityIsLoggedUnlessCmdprioChoseAnother) {
    ScratchDir dir;
    const std::string p = dir / "j";
    const auto r = run_fio("--ioengine=null --rw=read --size=16k --log_prio=1 "
                           "--name=a --prio=3 --write_lat_log=" + p +
                           " --name=b --prioclass=3 --write_lat_log=" + p +
                           " --name=c --prioclass=2 --prio=1 --write_lat_log=" + p +
                           " --log_prio=0 --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const auto& [name, prio] : {std::pair{"j_lat.1.log", "0x4003"},
                                     std::pair{"j_lat.2.log", "0x6000"},
                                     std::pair{"j_lat.3.log", "0"}}) {
        const auto rows = rows_of(dir / name);
        ASSERT_EQ(rows.size(), 4u) << name;
        for (const auto& row : rows) EXPECT_EQ(row[4], prio) << name;
    }
}

TEST(LogFiles, CmdprioBssplitPrioritisesByDirectionAndSize) {
    ScratchDir dir;
    const std::string file = "/dev/shm/fio-log-bssplit-" + std::to_string(::getpid());
    const std::string p = dir / "s";
    const auto r = run_fio("--name=j --ioengine=io_uring --rw=randrw --bs=4k --size=256k "
                           "--filename=" + file + " --cmdprio_bssplit=4k/100/3/2,8k/100 "
                           "--log_prio=1 --write_lat_log=" + p + " --output-format=json");
    std::filesystem::remove(file);
    if (r.err.find("io_uring") != std::string::npos && r.exit_code != 0) {
        GTEST_SKIP() << "io_uring unavailable: " << r.err;
    }
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto rows = rows_of(p + "_lat.1.log");
    ASSERT_EQ(rows.size(), 64u);
    for (const auto& row : rows) {
        // Reads of 4k: idle class, level 2. Writes list only 8k: no priority.
        EXPECT_EQ(row[4], row[2] == "0" ? "0x6002" : "0x0000");
    }
    const auto bad = run_fio("--name=j --ioengine=io_uring --size=64k --filename=" + file +
                             " --cmdprio_bssplit=4k/100 --cmdprio_percentage=10 "
                             "--output-format=json");
    std::filesystem::remove(file);
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.err.find("cmdprio_percentage and cmdprio_bssplit are mutually exclusive"),
              std::string::npos) << bad.err;
}

TEST(LogFiles, HistogramLogHasAllBucketsPerIntervalAndCoarsensByPowersOfTwo) {
    ScratchDir dir;
    const std::string p = dir / "h";
    const std::string c = dir / "c";
    const auto r = run_fio("--ioengine=null --rw=randrw --size=1g --time_based --runtime=300ms "
                           "--log_hist_msec=100 --name=h --write_hist_log=" + p +
                           " --name=c --log_hist_coarseness=2 --write_hist_log=" + c +
                           " --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json job = parse_json_or_fail(r)["jobs"][0];
    const auto rows = rows_of(p + "_clat_hist.1.log");
    expect_well_formed(rows, 3 + 1856, "hist");
    ASSERT_GE(rows.size(), 2u);
    std::uint64_t counted = 0;
    for (const auto& row : rows) {
        EXPECT_LE(number(row[1]), 1u);
        EXPECT_EQ(row[2], "4096");
        for (std::size_t i = 3; i < row.size(); ++i) counted += number(row[i]);
    }
    EXPECT_GT(counted, 0u);
    EXPECT_LE(counted, total_ios(job, "read") + total_ios(job, "write"));
    expect_well_formed(rows_of(c + "_clat_hist.2.log"), 3 + 1856 / 4, "coarse hist");

    // Debian's reader of these files (needs /usr/bin/python3 with pandas and numpy).
    const char* reader = "/usr/share/doc/fio/fiologparser_hist.py.gz";
    if (!std::filesystem::exists(reader) ||
        run_shell("/usr/bin/python3 -c 'import pandas, numpy'").exit_code != 0) {
        GTEST_SKIP() << "fiologparser_hist.py or pandas is not installed";
    }
    const auto parsed = run_shell("zcat " + std::string(reader) + " > " + (dir / "hist.py") +
                                  " && /usr/bin/python3 " + (dir / "hist.py") + " " + p +
                                  "_clat_hist.1.log");
    ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
    EXPECT_TRUE(parsed.out.starts_with("end-time, samples, min, avg, median, 90%, 95%, 99%, max\n"))
        << parsed.out;
    // One interval of 1000 ms holding every sample of the file.
    EXPECT_NE(parsed.out.find(fmt::format("\n1000, {}, ", counted)), std::string::npos)
        << parsed.out << " counted " << counted;
}

TEST(LogFiles, FiologparserAveragesTheBandwidthLog) {
    const char* reader = "/usr/share/doc/fio/fiologparser.py.gz";
    if (!std::filesystem::exists(reader)) GTEST_SKIP() << "fiologparser.py is not installed";
    ScratchDir dir;
    const std::string p = dir / "b";
    const auto r = run_fio("--name=j --ioengine=null --rw=read --size=1g --time_based "
                           "--runtime=300ms --log_avg_msec=100 --write_bw_log=" + p +
                           " --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // fio 3.33 writes five columns (the last is the priority), stock's own logs
    // included; Debian's fiologparser.py unpacks four and fails on both. Users drop
    // the last column first, as here.
    const auto parsed = run_shell("zcat " + std::string(reader) + " > " + (dir / "parser.py") +
                                  " && cut -d, -f1-4 " + p + "_bw.1.log > " + (dir / "four.log") +
                                  " && /usr/bin/python3 " + (dir / "parser.py") + " -a -i 100 " +
                                  (dir / "four.log"));
    ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
    std::istringstream lines(parsed.out);
    int intervals = 0;
    for (std::string line; std::getline(lines, line);) {
        // "end, value": a time and a positive average bandwidth
        const auto comma = line.find(", ");
        ASSERT_NE(comma, std::string::npos) << parsed.out;
        EXPECT_GT(std::stod(line.substr(comma + 2)), 0.0) << parsed.out;
        ++intervals;
    }
    EXPECT_GE(intervals, 1) << parsed.out;
}

TEST(LogFiles, UnmeasuredLatenciesHaveNoLogAsInStockFio) {
    ScratchDir dir;
    const std::string p = dir / "m";
    auto r = run_fio("--name=j --ioengine=null --size=16k --disable_lat=1 --write_lat_log=" + p +
                     " --write_hist_log=" + p + " --log_hist_msec=1 --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(std::filesystem::exists(p + "_lat.1.log"));
    EXPECT_EQ(rows_of(p + "_clat.1.log").size(), 4u);
    EXPECT_TRUE(std::filesystem::exists(p + "_slat.1.log"));

    const std::string g = dir / "g";
    r = run_fio("--name=j --ioengine=null --size=16k --gtod_reduce=1 --write_lat_log=" + g +
                " --write_iops_log=" + g + " --write_hist_log=" + g +
                " --log_hist_msec=1 --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* kind : {"lat", "clat", "slat"}) {
        EXPECT_FALSE(std::filesystem::exists(g + "_" + kind + ".1.log")) << kind;
    }
    // Created, but without I/O timing there is nothing to log per I/O.
    EXPECT_TRUE(std::filesystem::exists(g + "_iops.1.log"));
    EXPECT_EQ(std::filesystem::file_size(g + "_iops.1.log"), 0u);
    EXPECT_EQ(std::filesystem::file_size(g + "_clat_hist.1.log"), 0u);
}

TEST(LogFiles, AnUnwritableLogFailsTheJobAndKeepsTheJsonValid) {
    const auto r = run_fio("--name=j --ioengine=null --size=16k --write_bw_log=/nonexistent/dir/p "
                           "--output-format=json");
    EXPECT_EQ(r.exit_code, 1);
    const json job = parse_json_or_fail(r)["jobs"][0];
    EXPECT_NE(job["error"].get<int>(), 0);
    EXPECT_NE(r.err.find("cannot create log file /nonexistent/dir/p_bw.1.log"), std::string::npos)
        << r.err;
}

}  // namespace
}  // namespace fio::test
