// The live status line on a terminal, in fio's style:
//   Jobs: 1 (f=1): [r(1)][45.0%][r=330MiB/s][r=84.5k IOPS][eta 00m:06s]
// redrawn in place about once a second.
#pragma once

#include "run/runner.hpp"

#include <fio/sdk/result.hpp>

#include <cstdio>
#include <string>

namespace fio::core {

// The text of one status line (without the leading carriage return).
std::string format_progress_line(const sdk::StatusUpdate& update);

class ProgressLine final : public ProgressObserver {
public:
    explicit ProgressLine(std::FILE* terminal) : terminal_(terminal) {}
    void update(const sdk::StatusUpdate& update) override;
    void finish() override;

private:
    std::FILE* terminal_;
    std::size_t last_width_ = 0;
    bool drawn_ = false;
};

}  // namespace fio::core
