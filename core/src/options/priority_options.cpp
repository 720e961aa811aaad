// prio and prioclass: the I/O priority of a job's threads (HOWTO "Threads, processes
// and job synchronization"; see ionice(1)).
#include "options/option_tables.hpp"

#include <array>

namespace fio::core {
namespace {

constexpr const char* kThreads = "Threads, processes and job synchronization";

const std::array kPriorityOptions = {
    CoreOption{{"prio", nullptr, sdk::OptionType::integer, nullptr, 0, 7, nullptr,
                "I/O priority level of the job's threads within prioclass (0 is highest)",
                kThreads, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.priority.level = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"prioclass", nullptr, sdk::OptionType::integer, nullptr, 0, 3, nullptr,
                "I/O priority class of the job's threads: 1 real-time, 2 best effort, 3 idle",
                kThreads, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.priority.io_class = static_cast<std::uint32_t>(v.integer);
               }},
};

}  // namespace

std::span<const CoreOption> priority_options() { return kPriorityOptions; }

}  // namespace fio::core
