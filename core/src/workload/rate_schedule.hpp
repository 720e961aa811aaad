// When each I/O of one direction may be issued under a rate limit (rate=, rate_iops=).
// Pure arithmetic over nanoseconds since the job began: no clock, no sleeping, so the
// times are exact and testable. The pacer (run/pacer.hpp) asks it and waits.
//
// linear:  the I/O after N bytes is due at N / rate. A job that fell behind (a slow
//          device, a think time) is due at once until it has caught up, as in fio.
// poisson: gaps between I/Os are exponential with mean block_size / rate, so the
//          I/O count per interval follows a Poisson distribution of the same mean.
#pragma once

#include "jobs/pacing_spec.hpp"
#include "workload/rng.hpp"

#include <cstdint>

namespace fio::core {

class RateSchedule {
public:
    RateSchedule() = default;
    // `bytes_per_second` 0: unlimited (every I/O due at once). `block_size` sets the
    // mean gap of the Poisson process; `seed` its random draws.
    RateSchedule(std::uint64_t bytes_per_second, std::uint64_t block_size, RateProcess process,
                 std::uint64_t seed);

    bool limited() const noexcept { return bytes_per_second_ != 0; }

    // Nanoseconds since the job began at which the next I/O may be issued.
    std::uint64_t due_ns() const noexcept { return due_ns_; }

    // An I/O of `bytes` was issued: move the next due time on.
    void issued(std::uint64_t bytes) noexcept;

    // Do not count the next `ns` against the rate (rate_ignore_thinktime: the job
    // paused on purpose and must not catch up afterwards).
    void skip(std::uint64_t ns) noexcept { origin_ns_ += ns; due_ns_ += ns; }

private:
    std::uint64_t bytes_per_second_ = 0;
    std::uint64_t mean_gap_ns_ = 0;     // poisson: block_size / rate
    RateProcess process_ = RateProcess::linear;
    Rng rng_{0};
    std::uint64_t bytes_issued_ = 0;
    std::uint64_t origin_ns_ = 0;       // linear: where byte 0 sits, moved by skip()
    std::uint64_t due_ns_ = 0;
};

}  // namespace fio::core
