// Keeps a job thread's numbers over time in its JobResult (sdk::DirectionSeries): each
// bw and IOPS sample the loop takes, and, when the job logs latencies, the completion
// latency percentiles of each 500 ms tick, computed from what the cumulative clat
// histogram gained since the previous tick. Called at sample ticks only, never per I/O.
#pragma once

#include <fio/sdk/result.hpp>

#include <array>
#include <cstdint>
#include <memory>

namespace fio::core {

class SeriesRecorder {
public:
    // `percentiles`: keep clat percentiles over time too (the job logs latencies).
    explicit SeriesRecorder(bool percentiles);
    ~SeriesRecorder();
    SeriesRecorder(const SeriesRecorder&) = delete;
    SeriesRecorder& operator=(const SeriesRecorder&) = delete;

    // Measuring (re)starts at `now` with the statistics in `result` cleared: times count
    // from here and what was kept before (ramp_time) is dropped.
    void restart(sdk::JobResult& result, std::uint64_t now) noexcept;

    // One bw (KiB/s) or IOPS sample of direction `dir`, its window closing at `now`.
    void add_rate(sdk::JobResult& result, int dir, bool bandwidth, std::uint64_t now,
                  std::uint64_t value) noexcept;

    // The 500 ms tick: the clat percentiles of each direction's I/Os since the last one.
    void tick(sdk::JobResult& result, std::uint64_t now) noexcept;

private:
    std::uint64_t start_ns_ = 0;
    // Percentiles only: the clat histograms at the last tick, and room for a window's.
    std::unique_ptr<std::array<sdk::LatencyHistogram, 3>> seen_;
    std::unique_ptr<sdk::LatencyHistogram> window_;
};

}  // namespace fio::core
