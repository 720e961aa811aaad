// Turning a job thread's result into metrics: its 1856-bucket latency histogram folded
// into the few `le` bounds the endpoint shows, and counters that keep growing when the
// thread's own statistics start over (ramp_time ends, a verify phase begins).
#pragma once

#include "metrics/metrics_snapshot.hpp"

#include <fio/sdk/result.hpp>

#include <cstdint>

namespace fio::core {

// Each histogram bucket goes to the first bound at or above the value it stands for
// (sdk::histogram_value: the value itself below 128 ns, else the bucket's midpoint, as
// fio's percentiles read it); buckets above the last bound count in +Inf only.
LatencyBuckets fold_latency(const sdk::LatencyStats& latency) noexcept;

// A counter read from a source that may start over from zero: when a reading is below
// the previous one, what was counted before is kept as a base, so the total only grows
// (as a Prometheus scraper itself would add a reset counter up).
class GrowingTotal {
public:
    std::uint64_t update(std::uint64_t reading) noexcept {
        if (reading < last_) base_ += last_;
        last_ = reading;
        return base_ + reading;
    }
    std::uint64_t total() const noexcept { return base_ + last_; }

private:
    std::uint64_t base_ = 0;
    std::uint64_t last_ = 0;
};

// The same for a latency histogram: a smaller count than before means it started over.
class GrowingLatency {
public:
    const LatencyBuckets& update(const LatencyBuckets& reading) noexcept {
        if (reading.count < last_.count) base_.add(last_);
        last_ = reading;
        total_ = base_;
        total_.add(reading);
        return total_;
    }
    const LatencyBuckets& total() const noexcept { return total_; }

private:
    LatencyBuckets base_;
    LatencyBuckets last_;
    LatencyBuckets total_;
};

}  // namespace fio::core
