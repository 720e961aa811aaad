// The live status line on a terminal, in fio's style:
//   Jobs: 1 (f=1): [r(1)][45.0%][r=330MiB/s][r=84.5k IOPS][eta 00m:06s]
// redrawn in place about once a second.
#pragma once

#include "run/runner.hpp"

#include <fio/sdk/result.hpp>

#include <cstdint>
#include <cstdio>
#include <string>

namespace fio::core {

// The text of one status line (without the leading carriage return).
std::string format_progress_line(const sdk::StatusUpdate& update);

class ProgressLine final : public ProgressObserver {
public:
    // `newline_ms` (--eta-newline): once that long has passed since a line was started,
    // the next update ends it and starts a fresh one instead of redrawing it (0: never).
    explicit ProgressLine(std::FILE* terminal, std::uint64_t newline_ms = 0)
        : terminal_(terminal), newline_ms_(newline_ms) {}
    void update(const sdk::StatusUpdate& update) override;
    void finish() override;

private:
    std::FILE* terminal_;
    std::uint64_t newline_ms_;
    std::uint64_t line_started_ms_ = 0;  // update.elapsed_ms when the current line began
    std::size_t last_width_ = 0;
    bool drawn_ = false;
};

}  // namespace fio::core
