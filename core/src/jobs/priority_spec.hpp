// The job's I/O priority (prio, prioclass): applied to each job thread with
// ioprio_set(2), and the priority its I/Os carry in the logs unless an engine's
// cmdprio_* gives one of them another.
#pragma once

#include <cstdint>
#include <optional>

namespace fio::core {

struct PrioritySpec {
    std::optional<std::uint32_t> level;     // prio: 0 (highest) .. 7
    std::optional<std::uint32_t> io_class;  // prioclass: 0 none, 1 real-time, 2 best effort, 3 idle

    bool any() const noexcept { return level || io_class; }

    // ioprio_set(2)'s value: class << 13 | level. Stock fio's defaults: a level alone is
    // best effort, a class alone is level 0.
    std::uint16_t value() const noexcept {
        if (!any()) return 0;
        return static_cast<std::uint16_t>(io_class.value_or(2) << 13 | level.value_or(0));
    }

    bool operator==(const PrioritySpec&) const = default;
};

}  // namespace fio::core
