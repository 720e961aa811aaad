// The `terse` output: fio's version 3 line rendered from hand-made results, field by
// field, with the number formats stock fio 3.33 uses (HOWTO "Terse output").
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "captured_output.hpp"

#include <fio/sdk/mixed_result.hpp>

#include "terse_line.hpp"
#include "terse_sink.hpp"

namespace {

using namespace fio::sdk;
// Fields are assigned std::string literals ("t"s): GCC 12 at -O3 warns falsely
// (-Wrestrict, GCC bug 105329) about assigning a char literal to a std::string.
using namespace std::string_literals;
using fio::outputs::terse::terse_line;

using fio::test::CapturedText;

std::vector<std::string> fields_of(std::string line) {
    if (!line.empty() && line.back() == '\n') line.pop_back();
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const auto semicolon = line.find(';', start);
        fields.push_back(line.substr(start, semicolon - start));
        if (semicolon == std::string::npos) return fields;
        start = semicolon + 1;
    }
}

// 256 reads of 4 KiB in 1 ms: completion latencies 200 x 20 us and 56 x 1.5 ms (total
// latency 1 us more each), two bandwidth windows of 1000 and 3000 KiB/s.
JobResult read_job() {
    JobResult job;
    job.name = "t"s;
    job.groupid = 2;
    job.job_runtime_ns = 2'000'000;
    DirectionResult& read = job.directions[0];
    read.io_bytes = 256 * 4096;
    read.total_ios = 256;
    read.runtime_ns = 1'000'000;
    for (int i = 0; i < 200; ++i) {
        read.clat.add(20'000);
        read.lat.add(21'000);
    }
    for (int i = 0; i < 56; ++i) {
        read.clat.add(1'500'000);
        read.lat.add(1'501'000);
    }
    read.bw_samples.add(1000);
    read.bw_samples.add(3000);
    job.usr_cpu_ns = 500'000;
    job.sys_cpu_ns = 1'000'000;
    job.ctx = 7;
    job.majf = 1;
    job.minf = 9;
    job.depth_levels[0] = 256;
    job.latency_ns[5] = 64;
    job.latency_us[4] = 135;
    job.latency_ms[0] = 57;
    return job;
}

GroupResult group_of_4000_kib_per_s() {
    GroupResult group;
    group.groupid = 2;
    group.directions[0].agg_bw_bytes = 4000 * 1024;
    return group;
}

// The 41 fields of a direction that did nothing, as stock prints them.
std::vector<std::string> idle_direction() {
    std::vector<std::string> fields = {"0", "0", "0", "0",                      // io, bw, iops, runtime
                                       "0", "0", "0.000000", "0.000000",        // slat
                                       "0", "0", "0.000000", "0.000000"};       // clat
    for (const char* p : {"1.000000", "5.000000", "10.000000", "20.000000", "30.000000",
                          "40.000000", "50.000000", "60.000000", "70.000000", "80.000000",
                          "90.000000", "95.000000", "99.000000", "99.500000", "99.900000",
                          "99.950000", "99.990000"})
        fields.push_back(std::string(p) + "%=0");
    for (int i = 0; i < 3; ++i) fields.push_back("0%=0");
    for (const char* f : {"0", "0", "0.000000", "0.000000",                     // lat
                          "0", "0", "0.000000%", "0.000000", "0.000000"})       // bw
        fields.push_back(f);
    return fields;
}

TEST(TerseOutput, LineHasStockFieldsInStockOrder) {
    const JobResult job = read_job();
    const GroupResult group = group_of_4000_kib_per_s();
    DiskUtil disk;
    disk.name = "vda"s;
    disk.read_ios = 10;
    disk.write_ios = 20;
    disk.read_merges = 1;
    disk.write_merges = 2;
    disk.read_ticks_ms = 30;
    disk.write_ticks_ms = 40;
    disk.in_queue_ms = 70;
    disk.util_percent = 12.5;
    const std::vector<DiskUtil> disks = {disk};

    const std::string line = terse_line(job, &group, disks, "fio-3.33");
    ASSERT_FALSE(line.empty());
    EXPECT_EQ(line.back(), '\n');
    EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line";

    std::vector<std::string> expected = {"3", "fio-3.33", "t", "2", "0"};
    // read: 1024 KiB in 1 ms, whole KiB/s and IOPS; no submission latency (sync).
    for (const char* f : {"1024", "1024000", "256000", "1", "0", "0", "0.000000", "0.000000",
                          "20", "1500", "343.750000", "613.028483"})
        expected.push_back(f);
    // Bucket values, truncated to us: 20096 ns up to 70%, 1499136 ns from 80%.
    for (const char* p : {"1.000000%=20", "5.000000%=20", "10.000000%=20", "20.000000%=20",
                          "30.000000%=20", "40.000000%=20", "50.000000%=20", "60.000000%=20",
                          "70.000000%=20", "80.000000%=1499", "90.000000%=1499",
                          "95.000000%=1499", "99.000000%=1499", "99.500000%=1499",
                          "99.900000%=1499", "99.950000%=1499", "99.990000%=1499", "0%=0",
                          "0%=0", "0%=0"})
        expected.push_back(p);
    for (const char* f : {"21", "1501", "344.750000", "613.028483",       // lat
                          "1000", "3000", "50.000000%", "2000.000000", "1414.213562"})  // bw
        expected.push_back(f);
    for (const auto& f : idle_direction()) expected.push_back(f);  // write; no trim in v3
    for (const char* f : {"25.000000%", "50.000000%", "7", "1", "9",         // CPU
                          "100.0%", "0.0%", "0.0%", "0.0%", "0.0%", "0.0%", "0.0%"})  // depths
        expected.push_back(f);
    // us buckets: the 25% under 1 us count in "<=2"; then the ms buckets.
    for (const char* f : {"25.00%", "0.00%", "0.00%", "0.00%", "52.73%", "0.00%", "0.00%",
                          "0.00%", "0.00%", "0.00%", "22.27%"})
        expected.push_back(f);
    for (int i = 0; i < 11; ++i) expected.push_back("0.00%");
    for (const char* f : {"vda", "10", "20", "1", "2", "30", "40", "70", "12.50%"})
        expected.push_back(f);

    const auto fields = fields_of(line);
    EXPECT_EQ(fields.size(), 130u);  // 121 + one disk
    EXPECT_EQ(fields, expected) << line;
}

TEST(TerseOutput, ADmDeviceAddsStockSlavesFields) {
    DiskUtil dm;
    dm.name = "dm-0"s;
    dm.read_ios = 40;
    dm.slaves = {2, 21, 3, 1, 0, 9, 4, 13, 55.5};
    DiskUtil vda;
    vda.name = "vda"s;
    const std::vector<DiskUtil> disks = {dm, vda};
    const auto fields = fields_of(terse_line(read_job(), nullptr, disks, "fio-3.33"));
    ASSERT_EQ(fields.size(), 121u + 9 + 9 + 9);
    EXPECT_EQ(std::vector<std::string>(fields.begin() + 121, fields.begin() + 130),
              (std::vector<std::string>{"dm-0", "40", "0", "0", "0", "0", "0", "0", "0.00%"}));
    EXPECT_EQ(std::vector<std::string>(fields.begin() + 130, fields.begin() + 139),
              (std::vector<std::string>{"slaves", "21", "3", "1", "0", "9", "4", "13", "55.50%"}));
    EXPECT_EQ(fields[139], "vda");
}

TEST(TerseOutput, ErrorCountsThenDescriptionCloseTheLine) {
    JobResult job = read_job();
    job.error = 28;
    job.error_counts = true;
    job.total_err = 16;
    job.first_error = 28;
    job.description = "a; b"s;  // printed as given, so it makes two fields, as in stock
    const auto fields = fields_of(terse_line(job, nullptr, {}, "fio-3.33"));
    ASSERT_EQ(fields.size(), 125u);
    EXPECT_EQ(fields[4], "28");
    EXPECT_EQ(fields[120], "0.00%");  // the last latency bucket
    EXPECT_EQ(fields[121], "16");
    EXPECT_EQ(fields[122], "28");
    EXPECT_EQ(fields[123], "a");
    EXPECT_EQ(fields[124], " b");
    // Without its group, the bandwidth share is stock's "no aggregate": 100%.
    EXPECT_EQ(fields[43], "100.000000%");
}

TEST(TerseOutput, JobWithoutIoPrintsZeros) {
    JobResult job;
    job.name = "z"s;
    job.error = 2;
    const auto fields = fields_of(terse_line(job, nullptr, {}, "fio-3.33"));
    ASSERT_EQ(fields.size(), 121u);
    const auto idle = idle_direction();
    EXPECT_EQ(std::vector<std::string>(fields.begin() + 5, fields.begin() + 46), idle);
    EXPECT_EQ(std::vector<std::string>(fields.begin() + 46, fields.begin() + 87), idle);
    EXPECT_EQ(fields[87], "0.000000%");
    EXPECT_EQ(fields[92], "0.0%");
    EXPECT_EQ(fields[99], "0.00%");  // stock divides 0 by 0 here and prints "-nan%"
}

TEST(TerseOutput, PercentileSourceFollowsTheJobsSettings) {
    JobResult job = read_job();
    job.reporting.percentiles = {50.0, 99.0};
    auto fields = fields_of(terse_line(job, nullptr, {}, "fio-3.33"));
    EXPECT_EQ(fields[17], "50.000000%=20");
    EXPECT_EQ(fields[18], "99.000000%=1499");
    EXPECT_EQ(fields[19], "0%=0");

    job.reporting.lat_percentiles = true;  // the total latency's histogram
    job.directions[0].lat = {};
    for (int i = 0; i < 256; ++i) job.directions[0].lat.add(40'000);
    fields = fields_of(terse_line(job, nullptr, {}, "fio-3.33"));
    EXPECT_EQ(fields[17], "50.000000%=40");  // 40 us falls in the bucket of 40192 ns

    job.reporting.lat_percentiles = false;
    job.reporting.clat_percentiles = false;  // no list at all
    fields = fields_of(terse_line(job, nullptr, {}, "fio-3.33"));
    for (int i = 17; i < 37; ++i) EXPECT_EQ(fields[i], "0%=0") << i;
}

TEST(TerseOutput, UnifiedReportingPrintsMixedBlocks) {
    JobResult job = read_job();
    job.directions[1] = job.directions[0];
    job.reporting.unified_rw = kUnifiedMixed;  // the core summed everything into read
    auto fields = fields_of(terse_line(job, nullptr, {}, "fio-3.33"));
    EXPECT_EQ(fields.size(), 80u);

    job.reporting.unified_rw = kUnifiedBoth;  // read, write, then mixed
    fields = fields_of(terse_line(job, nullptr, {}, "fio-3.33"));
    ASSERT_EQ(fields.size(), 162u);
    EXPECT_EQ(fields[87], "2048");  // the mixed block's KiB
}

TEST(TerseOutput, SinkPrintsOneLinePerJobWithTheRunsVersion) {
    CapturedText out;
    OutputSetup setup;
    setup.stream = &out;
    auto sink = fio::outputs::terse::make_terse_sink(setup);
    RunInfo run;
    run.fio_version = "fio-3.33"s;
    sink->run_started(run);
    JobResult a = read_job();
    JobResult b = read_job();
    b.name = "second"s;
    sink->job_finished(a);
    sink->job_finished(b);
    const GroupResult group = group_of_4000_kib_per_s();
    sink->group_finished(group);
    sink->run_finished({});
    const std::string expected = terse_line(a, &group, {}, "fio-3.33") +
                                 terse_line(b, &group, {}, "fio-3.33");
    EXPECT_EQ(out.text(), expected);
    EXPECT_EQ(fields_of(out.text().substr(0, out.text().find('\n')))[43], "50.000000%");

    OutputSetup no_stream;
    EXPECT_THROW(fio::outputs::terse::make_terse_sink(no_stream), std::invalid_argument);
}

}  // namespace
