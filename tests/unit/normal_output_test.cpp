// The `normal` output: fio's text report rendered from hand-made results, compared line
// by line with what stock fio 3.33 prints for the same figures.
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "captured_output.hpp"

#include <fio/sdk/format.hpp>

#include "job_report.hpp"
#include "latency_text.hpp"
#include "normal_sink.hpp"
#include "run_banner.hpp"
#include "run_summary.hpp"

namespace {

using namespace fio::sdk;
// Fields are assigned std::string literals ("t"s): GCC 12 at -O3 warns falsely
// (-Wrestrict, GCC bug 105329) about assigning a char literal to a std::string.
using namespace std::string_literals;
using namespace fio::outputs::normal;

using fio::test::CapturedText;

void add_samples(LatencyStats& stats, std::uint64_t value_ns, int count) {
    for (int i = 0; i < count; ++i) stats.add(value_ns);
}

void add_samples(SampleStats& stats, std::initializer_list<std::uint64_t> values) {
    for (auto v : values) stats.add(v);
}

// 16384 reads of 4 KiB in 9 ms; completion latencies 16000 x 20 ns, 300 x 30 ns and
// 84 x 10 us.
JobResult fast_read_job() {
    JobResult job;
    job.name = "t"s;
    job.thread_id = 3398;
    job.end_time_epoch_s = 1795629255;
    job.job_runtime_ns = 10'000'000;
    DirectionResult& read = job.directions[0];
    read.io_bytes = 16384ull * 4096;
    read.total_ios = 16384;
    read.runtime_ns = 9'000'000;
    add_samples(read.clat, 20, 16000);
    add_samples(read.clat, 30, 300);
    add_samples(read.clat, 10'000, 84);
    job.latency_ns[4] = 16300;  // < 50 ns
    job.latency_us[3] = 84;     // < 20 us
    job.usr_cpu_ns = 2'500'000;
    job.ctx = 1;
    job.minf = 8;
    job.depth_levels[0] = 16384;
    return job;
}

GroupResult fast_read_group() {
    GroupResult group;
    GroupDirection& read = group.directions[0];
    read.io_bytes = 16384ull * 4096;
    read.agg_bw_bytes = read.min_bw_bytes = read.max_bw_bytes = 7456540444;
    read.min_runtime_ms = read.max_runtime_ms = 9;
    return group;
}

struct LocalTimeIsUtc {
    LocalTimeIsUtc() {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};

TEST(NormalJobReport, FullBlockOfASimpleReadJob) {
    LocalTimeIsUtc utc;
    const GroupResult group = fast_read_group();
    const std::string expected =
        "t: (groupid=0, jobs=1): err= 0: pid=3398: Wed Nov 25 17:54:15 2026\n"
        "  read: IOPS=1820k, BW=7111MiB/s (7457MB/s)(64.0MiB/9msec)\n"
        "    clat (nsec): min=20, max=10000, avg=71.35, stdev=712.77\n"
        "    clat percentiles (nsec):\n"
        "     |  1.00th=[   20],  5.00th=[   20], 10.00th=[   20], 20.00th=[   20],\n"
        "     | 30.00th=[   20], 40.00th=[   20], 50.00th=[   20], 60.00th=[   20],\n"
        "     | 70.00th=[   20], 80.00th=[   20], 90.00th=[   20], 95.00th=[   20],\n"
        "     | 99.00th=[   30], 99.50th=[10048], 99.90th=[10048], 99.95th=[10048],\n"
        "     | 99.99th=[10048]\n"
        "  lat (nsec)   : 50=99.49%\n"
        "  lat (usec)   : 20=0.51%\n"
        "  cpu          : usr=25.00%, sys=0.00%, ctx=1, majf=0, minf=8\n"
        "  IO depths    : 1=100.0%, 2=0.0%, 4=0.0%, 8=0.0%, 16=0.0%, 32=0.0%, >=64=0.0%\n"
        "     submit    : 0=0.0%, 4=0.0%, 8=0.0%, 16=0.0%, 32=0.0%, 64=0.0%, >=64=0.0%\n"
        "     complete  : 0=0.0%, 4=0.0%, 8=0.0%, 16=0.0%, 32=0.0%, 64=0.0%, >=64=0.0%\n"
        "     issued rwts: total=16384,0,0,0 short=0,0,0,0 dropped=0,0,0,0\n"
        "     latency   : target=0, window=0, percentile=100.00%, depth=1\n";
    EXPECT_EQ(job_report(fast_read_job(), &group, 1024), expected);
}

TEST(NormalJobReport, DirectionLineInBase1000) {
    JobResult job = fast_read_job();
    const std::string text = job_report(job, nullptr, 1000);
    EXPECT_NE(text.find("  read: IOPS=1820k, BW=7457MB/s (7111MiB/s)(67.1MB/9msec)\n"),
              std::string::npos)
        << text;
}

TEST(NormalJobReport, WritesCarryTheZoneResetTrailerAndSlat) {
    JobResult job;
    job.name = "w"s;
    DirectionResult& write = job.directions[1];
    write.io_bytes = 16ull << 20;
    write.total_ios = 4096;
    write.runtime_ns = 13'000'000;
    add_samples(write.slat, 1500, 10);
    add_samples(write.lat, 2500, 10);
    const std::string text = job_report(job, nullptr, 1024);
    EXPECT_NE(text.find("  write: IOPS=315k, BW=1231MiB/s (1291MB/s)(16.0MiB/13msec); 0 zone "
                        "resets\n"
                        "    slat (nsec): min=1500, max=1500, avg=1500.00, stdev= 0.00\n"
                        "     lat (nsec): min=2500, max=2500, avg=2500.00, stdev= 0.00\n"),
              std::string::npos)
        << text;
    // No completion latencies, so no clat line and no percentile table.
    EXPECT_EQ(text.find("clat"), std::string::npos);
}

TEST(NormalJobReport, DirectionsWithoutRuntimeOrBytesAreLeftOut) {
    JobResult job = fast_read_job();
    job.directions[0].runtime_ns = 999;  // rounds to 0 ms
    const std::string text = job_report(job, nullptr, 1024);
    EXPECT_EQ(text.find("read:"), std::string::npos);
    EXPECT_NE(text.find("  cpu          :"), std::string::npos);
}

TEST(NormalJobReport, JobWithoutIoIsNotReported) {
    JobResult job;
    job.name = "idle"s;
    EXPECT_EQ(job_report(job, nullptr, 1024), "");
}

TEST(NormalJobReport, ErrorIsShownWithItsText) {
    LocalTimeIsUtc utc;
    JobResult job;
    job.name = "e"s;
    job.error = 28;
    job.error_text = "file:io_u.c:1876, func=io_u error, error=No space left on device"s;
    job.thread_id = 7296;
    job.end_time_epoch_s = 1795629444;
    job.directions[1].total_ios = 1;
    job.depth_levels[0] = 1;
    const std::string text = job_report(job, nullptr, 1024);
    EXPECT_EQ(text.substr(0, text.find('\n') + 1),
              "e: (groupid=0, jobs=1): err=28 (file:io_u.c:1876, func=io_u error, error=No space "
              "left on device): pid=7296: Wed Nov 25 17:57:24 2026\n");
    EXPECT_EQ(text.find("write:"), std::string::npos);
    EXPECT_NE(text.find("     issued rwts: total=0,1,0,0 short=0,0,0,0 dropped=0,0,0,0\n"),
              std::string::npos);
}

TEST(NormalJobReport, DescriptionAndMergedThreads) {
    JobResult job = fast_read_job();
    job.description = "hello world"s;
    job.threads = 2;
    job.job_runtime_ns *= 2;  // merged threads' runtimes add up
    job.groupid = 1;
    const std::string text = job_report(job, nullptr, 1024);
    EXPECT_NE(text.find(": (groupid=1, jobs=2): err= 0: pid=3398: "), std::string::npos);
    EXPECT_NE(text.find("\n  Description  : [hello world]\n  read:"), std::string::npos);
    // Two threads of 10 ms each: 2.5 ms of user time is 12.5%.
    EXPECT_NE(text.find("  cpu          : usr=12.50%, sys=0.00%"), std::string::npos);
}

TEST(NormalJobReport, BandwidthAndIopsSampleLines) {
    JobResult job = fast_read_job();
    add_samples(job.directions[0].bw_samples, {29896, 34992, 33560});
    add_samples(job.directions[0].iops_samples, {7474, 8748, 8390});
    GroupResult group = fast_read_group();
    group.directions[0].agg_bw_bytes = 34123098;
    const std::string text = job_report(job, &group, 1024);
    EXPECT_NE(text.find("     | 99.99th=[10048]\n"
                        "   bw (  KiB/s): min=29896, max=34992, per=98.48%, avg=32816.00, "
                        "stdev=2628.20, samples=3\n"
                        "   iops        : min= 7474, max= 8748, avg=8204.00, stdev=657.05, "
                        "samples=3\n"
                        "  lat (nsec)   :"),
              std::string::npos)
        << text;
}

TEST(NormalJobReport, FastBandwidthSamplesSwitchToMiB) {
    JobResult job = fast_read_job();
    add_samples(job.directions[0].bw_samples, {2'000'000, 2'000'000});
    const std::string text = job_report(job, nullptr, 1024);
    EXPECT_NE(text.find("   bw (  MiB/s): min= 1953, max= 1953, per=100.00%, avg=1953.12, "
                        "stdev= 0.00, samples=2\n"),
              std::string::npos)
        << text;
    EXPECT_NE(job_report(job, nullptr, 1000).find("   bw (  MiB/s): min= 2000, max= 2000,"),
              std::string::npos);
    EXPECT_EQ(job_report(job, nullptr, 0), text) << "an unset kb_base is 1024";
    job.directions[0].bw_samples = {};
    add_samples(job.directions[0].bw_samples, {5000});
    EXPECT_NE(job_report(job, nullptr, 1000).find("   bw (   kB/s): min= 5000,"),
              std::string::npos);
}

TEST(NormalJobReport, SyncBlockComesAfterTheLatencyDistribution) {
    JobResult job = fast_read_job();
    job.sync_total_ios = 63;
    add_samples(job.sync_lat, 36525, 63);
    const std::string text = job_report(job, nullptr, 1024);
    EXPECT_NE(text.find("  lat (usec)   : 20=0.51%\n"
                        "  fsync/fdatasync/sync_file_range:\n"
                        "    sync (nsec): min=36525, max=36525, avg=36525.00, stdev= 0.00\n"
                        "    sync percentiles (nsec):\n"
                        "     |  1.00th=[36608],"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("issued rwts: total=16384,0,0,63 "), std::string::npos);
}

TEST(NormalJobReport, DepthSharesUseTheirOwnTotals) {
    JobResult job = fast_read_job();
    job.depth_levels = {10, 10, 10, 10, 16344, 0, 0};
    job.depth_submit = {0, 900, 100, 0, 0, 0, 0};
    job.depth_submit_events = 1000;
    job.depth_complete = {1, 9999, 0, 0, 0, 0, 0};
    job.depth_complete_events = 10000;
    job.iodepth = 16;
    const std::string text = job_report(job, nullptr, 1024);
    EXPECT_NE(text.find("  IO depths    : 1=0.1%, 2=0.1%, 4=0.1%, 8=0.1%, 16=99.8%, 32=0.0%, "
                        ">=64=0.0%\n"
                        "     submit    : 0=0.0%, 4=90.0%, 8=10.0%, 16=0.0%, 32=0.0%, 64=0.0%, "
                        ">=64=0.0%\n"
                        "     complete  : 0=0.1%, 4=100.0%, 8=0.0%, 16=0.0%, 32=0.0%, 64=0.0%, "
                        ">=64=0.0%\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("percentile=100.00%, depth=16\n"), std::string::npos);
}

TEST(LatencyText, SummaryLinePicksItsUnit) {
    LatencyStats usec;
    add_samples(usec, 3000, 50);
    add_samples(usec, 200'000, 50);
    EXPECT_EQ(latency_line("clat", usec.stats),
              "    clat (usec): min=3, max=200, avg=101.50, stdev=99.00\n");
    LatencyStats msec;
    add_samples(msec, 3'000'000, 50);
    add_samples(msec, 200'000'000, 50);
    EXPECT_EQ(latency_line(" lat", msec.stats),
              "     lat (msec): min=3, max=200, avg=101.50, stdev=99.00\n");
    EXPECT_EQ(latency_line("slat", SampleStats{}), "");
}

TEST(LatencyText, SummaryLineShortensLargeExtremes) {
    LatencyStats stats;
    add_samples(stats, 20, 1000);
    add_samples(stats, 1'644'603, 1);
    const std::string line = latency_line("clat", stats.stats);
    EXPECT_EQ(line.substr(0, 38), "    clat (nsec): min=20, max=1644.6k, ") << line;
}

TEST(LatencyText, PercentileTableInMicroseconds) {
    LatencyStats stats;
    add_samples(stats, 3000, 50);
    add_samples(stats, 200'000, 50);
    EXPECT_EQ(percentile_table("clat", stats.histogram, kDefaultPercentiles),
              "    clat percentiles (usec):\n"
              "     |  1.00th=[    3],  5.00th=[    3], 10.00th=[    3], 20.00th=[    3],\n"
              "     | 30.00th=[    3], 40.00th=[    3], 50.00th=[    3], 60.00th=[  200],\n"
              "     | 70.00th=[  200], 80.00th=[  200], 90.00th=[  200], 95.00th=[  200],\n"
              "     | 99.00th=[  200], 99.50th=[  200], 99.90th=[  200], 99.95th=[  200],\n"
              "     | 99.99th=[  200]\n");
}

TEST(LatencyText, PercentileColumnsWidenForLargeValues) {
    LatencyStats stats;
    add_samples(stats, 600, 98);
    add_samples(stats, 272'000, 2);
    const std::string table = percentile_table("clat", stats.histogram, kDefaultPercentiles);
    EXPECT_NE(table.find("     |  1.00th=[   604],  5.00th=[   604],"), std::string::npos)
        << table;
    EXPECT_NE(table.find("     | 99.99th=[272384]\n"), std::string::npos) << table;
}

TEST(LatencyText, PercentileTableEmptyWithoutSamples) {
    EXPECT_EQ(percentile_table("clat", LatencyHistogram{}, kDefaultPercentiles), "");
}

TEST(LatencyText, DistributionFiveBucketsALineSkippingEmptyOnes) {
    const std::array<std::uint64_t, 10> ns = {0, 0, 0, 5448, 10926, 1, 6, 1, 0, 0};
    EXPECT_EQ(latency_distribution("nsec", ns, kLatencyBucketBoundsNs, 16384),
              "  lat (nsec)   : 20=33.25%, 50=66.69%, 100=0.01%, 250=0.04%, 500=0.01%\n");
    const std::array<std::uint64_t, 10> six = {1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
    EXPECT_EQ(latency_distribution("usec", six, kLatencyBucketBoundsUs, 6),
              "  lat (usec)   : 2=16.67%, 4=16.67%, 10=16.67%, 20=16.67%, 50=16.67%\n"
              "  lat (usec)   : 100=16.67%\n");
    std::array<std::uint64_t, 12> ms{};
    ms[11] = 1;
    EXPECT_EQ(latency_distribution("msec", ms, kLatencyBucketBoundsMs, 1),
              "  lat (msec)   : >=2000=100.00%\n");
    EXPECT_EQ(latency_distribution("msec", std::array<std::uint64_t, 12>{},
                                   kLatencyBucketBoundsMs, 1),
              "");
}

TEST(RunBanner, JobDefinitionLines) {
    JobDescription job;
    job.name = "t"s;
    job.rw = "randread"s;
    job.bs_min = {4096, 4096, 4096};
    job.bs_max = {4096, 4096, 4096};
    job.ioengine = "null"s;
    EXPECT_EQ(job_definition_line(job, 1024),
              "t: (g=0): rw=randread, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, "
              "ioengine=null, iodepth=1\n");
    job.name = "b"s;
    job.rw = "randrw"s;
    job.bs_min = {512, 512, 512};
    job.bs_max = {65536, 65536, 65536};
    job.iodepth = 8;
    job.clones = 3;
    job.groupid = 1;
    EXPECT_EQ(job_definition_line(job, 1024),
              "b: (g=1): rw=randrw, bs=(R) 512B-64.0KiB, (W) 512B-64.0KiB, (T) 512B-64.0KiB, "
              "ioengine=null, iodepth=8\n...\n");
    job.bs_min = job.bs_max = {65536, 65536, 65536};
    EXPECT_NE(job_definition_line(job, 1000).find("bs=(R) 65.5kB-65.5kB,"), std::string::npos);
}

TEST(RunBanner, VersionAndThreadCount) {
    RunInfo run;
    run.fio_version = "fio-3.33"s;
    run.total_threads = 1;
    run.jobs.resize(1);
    run.jobs[0].name = "t"s;
    run.jobs[0].rw = "read"s;
    run.jobs[0].ioengine = "psync"s;
    const std::string one = run_banner(run, 1024);
    EXPECT_NE(one.find("ioengine=psync, iodepth=1\nfio-3.33\nStarting 1 process\n"),
              std::string::npos)
        << one;
    // As stock: thread= jobs' clones count as threads, the others' as processes.
    run.jobs[0].clones = 2;
    run.jobs.push_back(run.jobs[0]);
    run.jobs[1].clones = 3;
    run.jobs[1].as_threads = true;
    run.total_threads = 5;
    EXPECT_NE(run_banner(run, 1024).find("\nStarting 3 threads and 2 processes\n"), std::string::npos);
    run.jobs[0].as_threads = true;
    EXPECT_NE(run_banner(run, 1024).find("\nStarting 5 threads\n"), std::string::npos);
}

TEST(RunSummary, GroupLinesPerActiveDirection) {
    EXPECT_EQ(group_report(fast_read_group()),
              "\nRun status group 0 (all jobs):\n"
              "   READ: bw=7111MiB/s (7457MB/s), 7111MiB/s-7111MiB/s (7457MB/s-7457MB/s), "
              "io=64.0MiB (67.1MB), run=9-9msec\n");

    GroupResult group;
    group.groupid = 1;
    GroupDirection& write = group.directions[1];
    write.io_bytes = 1047552;
    write.agg_bw_bytes = write.min_bw_bytes = write.max_bw_bytes = 1047552000;
    write.min_runtime_ms = write.max_runtime_ms = 1;
    EXPECT_EQ(group_report(group),
              "\nRun status group 1 (all jobs):\n"
              "  WRITE: bw=999MiB/s (1048MB/s), 999MiB/s-999MiB/s (1048MB/s-1048MB/s), "
              "io=1023KiB (1048kB), run=1-1msec\n");
    group.kb_base = 1000;
    EXPECT_NE(group_report(group).find("  WRITE: bw=1048MB/s (999MiB/s), "), std::string::npos);
}

TEST(RunSummary, GroupWithoutIoHasOnlyItsTitle) {
    EXPECT_EQ(group_report(GroupResult{}), "\nRun status group 0 (all jobs):\n");
}

TEST(RunSummary, DiskStats) {
    DiskUtil vda;
    vda.name = "vda"s;
    vda.read_ios = 15157;
    vda.write_ios = 15143;
    vda.read_ticks_ms = 671;
    vda.write_ticks_ms = 758;
    vda.in_queue_ms = 1431;
    vda.util_percent = 70.974;
    const std::vector<DiskUtil> disks = {vda};
    EXPECT_EQ(disk_report(disks),
              "\nDisk stats (read/write):\n"
              "  vda: ios=15157/15143, merge=0/0, ticks=671/758, in_queue=1431, util=70.97%\n");
    EXPECT_EQ(disk_report({}), "");
}

TEST(RunSummary, DiskStatsOfADmDeviceCarryItsSlavesAggregate) {
    DiskUtil dm;
    dm.name = "dm-0"s;
    dm.read_ios = 40;
    dm.util_percent = 12.5;
    dm.slaves = {2, 21, 3, 1, 0, 9, 4, 13, 55.125};
    DiskUtil vda;
    vda.name = "vda"s;
    vda.read_ios = 42;
    const std::vector<DiskUtil> disks = {dm, vda};
    EXPECT_EQ(disk_report(disks),
              "\nDisk stats (read/write):\n"
              "    dm-0: ios=40/0, merge=0/0, ticks=0/0, in_queue=0, util=12.50%, aggrios=21/3, "
              "aggrmerge=1/0, aggrticks=9/4, aggrin_queue=13, aggrutil=55.12%\n"
              "  vda: ios=42/0, merge=0/0, ticks=0/0, in_queue=0, util=0.00%\n");
}

TEST(NormalSink, PrintsBannerAtStartAndReportAtTheEnd) {
    LocalTimeIsUtc utc;
    CapturedText out;
    OutputSetup setup;
    setup.stream = &out;
    auto sink = make_normal_sink(setup);

    RunInfo run;
    run.fio_version = "fio-3.33"s;
    run.total_threads = 1;
    run.jobs.resize(1);
    run.jobs[0].name = "t"s;
    run.jobs[0].rw = "randread"s;
    run.jobs[0].bs_min = run.jobs[0].bs_max = {4096, 4096, 4096};
    run.jobs[0].ioengine = "null"s;
    sink->run_started(run);
    sink->log_line(LogLevel::info, "t: Laying out IO file (1 file / 16MiB)");
    const std::string banner = out.text();
    EXPECT_EQ(banner,
              "t: (g=0): rw=randread, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, "
              "ioengine=null, iodepth=1\nfio-3.33\nStarting 1 process\n"
              "t: Laying out IO file (1 file / 16MiB)\n");

    JobResult job = fast_read_job();
    add_samples(job.directions[0].bw_samples, {29896, 34992, 33560});
    sink->job_finished(job);
    EXPECT_EQ(out.text(), banner) << "the job block waits for its group";
    GroupResult group = fast_read_group();
    group.directions[0].agg_bw_bytes = 34123098;
    sink->group_finished(group);
    DiskUtil disk;
    disk.name = "vda"s;
    sink->disk_util(disk);
    sink->run_finished(RunSummary{});

    const std::string report = out.text().substr(banner.size());
    EXPECT_EQ(report.substr(0, 2), "\nt");
    EXPECT_NE(report.find("per=98.48%"), std::string::npos) << report;
    const auto group_at = report.find("\nRun status group 0 (all jobs):\n   READ: bw=32.5MiB/s");
    const auto disk_at = report.find("\nDisk stats (read/write):\n  vda: ios=0/0,");
    EXPECT_NE(group_at, std::string::npos) << report;
    EXPECT_NE(disk_at, std::string::npos) << report;
    EXPECT_LT(report.find("latency   : target=0"), group_at);
    EXPECT_LT(group_at, disk_at);
    EXPECT_GE(out.flushes(), 2);
}

TEST(NormalSink, RefusesToBeMadeWithoutAStream) {
    EXPECT_THROW(make_normal_sink(OutputSetup{}), std::invalid_argument);
}

}  // namespace

namespace {

// --idle-prof's lines, as stock prints them after the disks (and, calibrating only,
// without the blank line and the idleness).
TEST(NormalIdleness, LinesAsStocks) {
    fio::sdk::CpuIdleness idleness;
    idleness.measured = true;
    idleness.system_percent = 3.156;
    idleness.cpu_percent = {1.476, 4.8449};
    idleness.unit_mean_us = 88.041;
    idleness.unit_stddev_us = 5.7368;
    EXPECT_EQ(fio::sdk::idleness_text(idleness, false),
              "\nCPU idleness:\n  system: 3.16%\n  unit work: mean=88.04us, stddev=5.74\n");
    idleness.per_cpu = true;
    EXPECT_EQ(fio::sdk::idleness_text(idleness, false),
              "\nCPU idleness:\n  system: 3.16%\n  percpu: 1.48%, 4.84%\n"
              "  unit work: mean=88.04us, stddev=5.74\n");
    EXPECT_EQ(fio::sdk::idleness_text(idleness, true), "CPU idleness:\n  unit work: mean=88.04us, stddev=5.74\n");
}

}  // namespace
