// Results with every field set to something other than its default, and field-by-field
// comparisons: what the wire codec tests send and check.
#pragma once

#include <fio/sdk/result.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace fio::test {

// Latencies spread over the whole histogram, up to past its last bucket (2^34 ns), so
// that the sum of squares needs more than 64 bits.
inline sdk::LatencyStats sample_latencies(std::uint64_t seed, int count) {
    sdk::LatencyStats l;
    std::uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
    for (int i = 0; i < count; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        const unsigned magnitude = static_cast<unsigned>(x % 42);  // up to 2^41 ns
        l.add((x >> 20) & ((std::uint64_t{1} << magnitude) - 1));
    }
    return l;
}

inline sdk::SampleStats sample_stats(std::uint64_t first, int count) {
    sdk::SampleStats s;
    for (int i = 0; i < count; ++i) s.add(first + static_cast<std::uint64_t>(i) * 977);
    return s;
}

inline sdk::JobResult sample_job(std::uint64_t seed) {
    sdk::JobResult j;
    j.name = "job" + std::to_string(seed);
    j.description = "a job with\nseveral lines";
    j.groupid = 3;
    j.threads = 2;
    j.error = 5;
    j.error_text = "read failed";
    j.thread_id = 123456;
    j.end_time_epoch_s = 1700000000;
    j.elapsed_s = 61;
    j.job_runtime_ns = 60'000'000'123;
    for (std::size_t d = 0; d < 3; ++d) {
        auto& dir = j.directions[d];
        dir.io_bytes = 1'000'000 * (d + 1) + seed;
        dir.total_ios = 4000 + d;
        dir.short_ios = d;
        dir.drop_ios = 2 * d;
        dir.runtime_ns = 59'999'999'999 - d;
        dir.slat = sample_latencies(seed * 10 + d, 200);
        dir.clat = sample_latencies(seed * 10 + d + 3, 3000);
        dir.lat = sample_latencies(seed * 10 + d + 6, 3000);
        dir.bw_samples = sample_stats(1000 + d, 60);
        dir.iops_samples = sample_stats(250 + d, 60);
    }
    j.sync_total_ios = 17;
    j.sync_lat = sample_latencies(seed + 99, 17);
    j.usr_cpu_ns = 1234.5;
    j.sys_cpu_ns = 0.1;
    j.ctx = 999;
    j.majf = 1;
    j.minf = 2;
    for (int i = 0; i < sdk::kDepthSlots; ++i) {
        j.depth_levels[i] = 10 + i;
        j.depth_submit[i] = 20 + i;
        j.depth_complete[i] = 30 + i;
    }
    j.depth_submit_events = 77;
    j.depth_complete_events = 78;
    for (std::size_t i = 0; i < 10; ++i) j.latency_ns[i] = i, j.latency_us[i] = 2 * i;
    for (std::size_t i = 0; i < 12; ++i) j.latency_ms[i] = 3 * i;
    j.iodepth = 32;
    j.options = {{"rw", "randread"}, {"bs", "4k"}, {"filename", "/dev/nvme0n1"}};
    j.reporting.slat_percentiles = true;
    j.reporting.clat_percentiles = false;
    j.reporting.lat_percentiles = true;
    j.reporting.percentiles = {50, 99.5, 99.999};
    j.reporting.significant_figures = 6;
    j.reporting.unified_rw = 2;
    j.total_err = 4;
    j.first_error = 61;
    j.error_counts = true;
    j.error_tolerated = true;
    j.steadystate.enabled = true;
    j.steadystate.bandwidth = true;
    j.steadystate.slope = true;
    j.steadystate.percent = true;
    j.steadystate.limit = 0.3;
    j.steadystate.duration_s = 5;
    j.steadystate.attained = true;
    j.steadystate.criterion = 0.125f;
    j.steadystate.max_deviation = 1.0 / 3;
    j.steadystate.slope_value = -2.5e-9;
    j.steadystate.iops = {1, 2, 3, 4, 5};
    j.steadystate.bw = {4096, 8192, 0, 1, 18446744073709551615ull};
    j.steadystate.samples_taken = 5 + seed;
    j.zone_resets = 8;
    j.latency_target = {1'000'000, 5'000'000'000, 99.9, 4};
    j.priority_latency[0] = {{0x4000, sample_latencies(seed + 7, 100)},
                             {0x2003, sample_latencies(seed + 8, 50)}};
    j.priority_latency[1] = {{0x6007, sample_latencies(seed + 9, 10)}};
    j.client_host = "storage1:8765";
    j.all_clients = false;
    j.series[0].bw_kib = {{500, 1024 + seed}, {1000, 18446744073709551615ull}};
    j.series[0].iops = {{500, 256}, {1000, seed}, {1500, 0}};
    j.series[0].clat = {{500, {{1000, 2000, 30000, 400000 + seed}}}};
    j.series[2].iops = {{250, 7}};
    return j;
}

inline void expect_same(const sdk::DirectionSeries& a, const sdk::DirectionSeries& b) {
    ASSERT_EQ(a.bw_kib.size(), b.bw_kib.size());
    for (std::size_t i = 0; i < a.bw_kib.size(); ++i) {
        EXPECT_EQ(a.bw_kib[i].time_ms, b.bw_kib[i].time_ms);
        EXPECT_EQ(a.bw_kib[i].value, b.bw_kib[i].value);
    }
    ASSERT_EQ(a.iops.size(), b.iops.size());
    for (std::size_t i = 0; i < a.iops.size(); ++i) {
        EXPECT_EQ(a.iops[i].time_ms, b.iops[i].time_ms);
        EXPECT_EQ(a.iops[i].value, b.iops[i].value);
    }
    ASSERT_EQ(a.clat.size(), b.clat.size());
    for (std::size_t i = 0; i < a.clat.size(); ++i) {
        EXPECT_EQ(a.clat[i].time_ms, b.clat[i].time_ms);
        EXPECT_EQ(a.clat[i].ns, b.clat[i].ns);
    }
}

inline void expect_same(const sdk::SampleStats& a, const sdk::SampleStats& b) {
    EXPECT_EQ(a.count, b.count);
    EXPECT_EQ(a.min, b.min);
    EXPECT_EQ(a.max, b.max);
    EXPECT_EQ(a.sum, b.sum);
    EXPECT_TRUE(a.sum_squares == b.sum_squares);
}

inline void expect_same(const sdk::LatencyStats& a, const sdk::LatencyStats& b) {
    expect_same(a.stats, b.stats);
    EXPECT_TRUE(a.histogram.counts == b.histogram.counts);
}

inline void expect_same(const sdk::JobResult& a, const sdk::JobResult& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.description, b.description);
    EXPECT_EQ(a.groupid, b.groupid);
    EXPECT_EQ(a.threads, b.threads);
    EXPECT_EQ(a.error, b.error);
    EXPECT_EQ(a.error_text, b.error_text);
    EXPECT_EQ(a.thread_id, b.thread_id);
    EXPECT_EQ(a.end_time_epoch_s, b.end_time_epoch_s);
    EXPECT_EQ(a.elapsed_s, b.elapsed_s);
    EXPECT_EQ(a.job_runtime_ns, b.job_runtime_ns);
    for (std::size_t d = 0; d < 3; ++d) {
        SCOPED_TRACE("direction " + std::to_string(d));
        const auto& x = a.directions[d];
        const auto& y = b.directions[d];
        EXPECT_EQ(x.io_bytes, y.io_bytes);
        EXPECT_EQ(x.total_ios, y.total_ios);
        EXPECT_EQ(x.short_ios, y.short_ios);
        EXPECT_EQ(x.drop_ios, y.drop_ios);
        EXPECT_EQ(x.runtime_ns, y.runtime_ns);
        expect_same(x.slat, y.slat);
        expect_same(x.clat, y.clat);
        expect_same(x.lat, y.lat);
        expect_same(x.bw_samples, y.bw_samples);
        expect_same(x.iops_samples, y.iops_samples);
    }
    EXPECT_EQ(a.sync_total_ios, b.sync_total_ios);
    expect_same(a.sync_lat, b.sync_lat);
    EXPECT_EQ(a.usr_cpu_ns, b.usr_cpu_ns);
    EXPECT_EQ(a.sys_cpu_ns, b.sys_cpu_ns);
    EXPECT_EQ(a.ctx, b.ctx);
    EXPECT_EQ(a.majf, b.majf);
    EXPECT_EQ(a.minf, b.minf);
    EXPECT_EQ(a.depth_levels, b.depth_levels);
    EXPECT_EQ(a.depth_submit, b.depth_submit);
    EXPECT_EQ(a.depth_complete, b.depth_complete);
    EXPECT_EQ(a.depth_submit_events, b.depth_submit_events);
    EXPECT_EQ(a.depth_complete_events, b.depth_complete_events);
    EXPECT_EQ(a.latency_ns, b.latency_ns);
    EXPECT_EQ(a.latency_us, b.latency_us);
    EXPECT_EQ(a.latency_ms, b.latency_ms);
    EXPECT_EQ(a.iodepth, b.iodepth);
    EXPECT_EQ(a.options, b.options);
    EXPECT_EQ(a.reporting.slat_percentiles, b.reporting.slat_percentiles);
    EXPECT_EQ(a.reporting.clat_percentiles, b.reporting.clat_percentiles);
    EXPECT_EQ(a.reporting.lat_percentiles, b.reporting.lat_percentiles);
    EXPECT_EQ(a.reporting.percentiles, b.reporting.percentiles);
    EXPECT_EQ(a.reporting.significant_figures, b.reporting.significant_figures);
    EXPECT_EQ(a.reporting.unified_rw, b.reporting.unified_rw);
    EXPECT_EQ(a.total_err, b.total_err);
    EXPECT_EQ(a.first_error, b.first_error);
    EXPECT_EQ(a.error_counts, b.error_counts);
    EXPECT_EQ(a.error_tolerated, b.error_tolerated);
    const auto& s = a.steadystate;
    const auto& t = b.steadystate;
    EXPECT_EQ(s.enabled, t.enabled);
    EXPECT_EQ(s.bandwidth, t.bandwidth);
    EXPECT_EQ(s.slope, t.slope);
    EXPECT_EQ(s.percent, t.percent);
    EXPECT_EQ(s.limit, t.limit);
    EXPECT_EQ(s.duration_s, t.duration_s);
    EXPECT_EQ(s.attained, t.attained);
    EXPECT_EQ(s.criterion, t.criterion);
    EXPECT_EQ(s.max_deviation, t.max_deviation);
    EXPECT_EQ(s.slope_value, t.slope_value);
    EXPECT_EQ(s.iops, t.iops);
    EXPECT_EQ(s.bw, t.bw);
    EXPECT_EQ(s.samples_taken, t.samples_taken);
    EXPECT_EQ(a.zone_resets, b.zone_resets);
    EXPECT_EQ(a.latency_target.target_ns, b.latency_target.target_ns);
    EXPECT_EQ(a.latency_target.window_ns, b.latency_target.window_ns);
    EXPECT_EQ(a.latency_target.percentile, b.latency_target.percentile);
    EXPECT_EQ(a.latency_target.depth, b.latency_target.depth);
    for (std::size_t d = 0; d < 3; ++d) {
        ASSERT_EQ(a.priority_latency[d].size(), b.priority_latency[d].size());
        for (std::size_t i = 0; i < a.priority_latency[d].size(); ++i) {
            EXPECT_EQ(a.priority_latency[d][i].ioprio, b.priority_latency[d][i].ioprio);
            expect_same(a.priority_latency[d][i].latency, b.priority_latency[d][i].latency);
        }
    }
    EXPECT_EQ(a.client_host, b.client_host);
    EXPECT_EQ(a.all_clients, b.all_clients);
    for (std::size_t d = 0; d < 3; ++d) expect_same(a.series[d], b.series[d]);
}

}  // namespace fio::test
