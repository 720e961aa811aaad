// Per-priority latencies, stock fio's "clat prio" / "lat prio" statistics: when a job's
// I/Os carry more than one priority (cmdprio_percentage, cmdprio_bssplit), each
// completion is also counted under the priority it carried (IoUnit::ioprio).
#pragma once

#include "jobs/job_spec.hpp"

#include <fio/sdk/options.hpp>
#include <fio/sdk/result.hpp>

#include <cstdint>
#include <vector>

namespace fio::core {

// The priorities a job's I/Os may carry in `direction` (0 read, 1 write, 2 trim): the
// job's own (prio, prioclass) first, then those its engine's cmdprio options give, in
// the order given, each once. Stock lists them in this order too.
std::vector<std::uint16_t> priorities_in_play(const JobSpec& job,
                                              const sdk::OptionValues* engine_options,
                                              int direction);

// Feeds JobResult::priority_latency. Inactive (the loop tests one flag per I/O) unless
// the job has more than one priority in play.
class PriorityLatencyRecorder {
public:
    // Lists the job's priorities in `result` (their latencies empty) and turns on when
    // there are several. `total_latency`: record lat (lat_percentiles), else clat.
    void start(const JobSpec& job, const sdk::OptionValues* engine_options,
               sdk::JobResult& result, bool total_latency);

    bool active() const noexcept { return active_; }
    bool records_total_latency() const noexcept { return total_latency_; }

    void add(int direction, std::uint16_t ioprio, std::uint64_t ns) noexcept {
        for (sdk::PriorityLatency& p : (*lists_)[static_cast<std::size_t>(direction)]) {
            if (p.ioprio == ioprio) {
                p.latency.add(ns);
                return;
            }
        }
        add_unlisted(direction, ioprio, ns);
    }

    // End of ramp_time: the latencies start again, the priorities stay listed.
    void restart() noexcept;

private:
    // A priority none of the options named (an engine chose it): listed on first sight.
    [[gnu::cold, gnu::noinline]] void add_unlisted(int direction, std::uint16_t ioprio,
                                                   std::uint64_t ns) noexcept;

    std::array<sdk::PriorityLatencies, 3>* lists_ = nullptr;
    bool active_ = false;
    bool total_latency_ = false;
};

}  // namespace fio::core
