// cmdprio_percentage / cmdprio_class / cmdprio, for engines that can tag an I/O with
// an I/O priority (io_uring, libaio): a share of the I/Os carries an explicit ioprio,
// drawn at random per I/O so the prioritised ones are spread over the whole run rather
// than coming in bursts. Engines declare the three options and read them through this.
#pragma once

#include <fio/sdk/options.hpp>

#include <linux/ioprio.h>

#include <cstdint>

namespace fio::sdk {

// The three options, for an engine's option table:
//   constexpr OptionSpec kOptions[] = {..., kCmdprioPercentageOption,
//                                      kCmdprioClassOption, kCmdprioOption};
inline constexpr OptionSpec kCmdprioPercentageOption = {
    "cmdprio_percentage", nullptr, OptionType::percentage, "0", 0, 100, nullptr,
    "Share of I/Os issued with the priority given by cmdprio_class and cmdprio", "I/O engine",
    nullptr};
inline constexpr OptionSpec kCmdprioClassOption = {
    "cmdprio_class", nullptr, OptionType::integer, "1", 1, 3, nullptr,
    "Priority class for cmdprio_percentage: 1 realtime, 2 best effort, 3 idle", "I/O engine",
    nullptr};
inline constexpr OptionSpec kCmdprioOption = {
    "cmdprio", nullptr, OptionType::integer, "0", 0, 7, nullptr,
    "Priority level within cmdprio_class for cmdprio_percentage: 0 highest, 7 lowest",
    "I/O engine", nullptr};

class CommandPriority {
public:
    CommandPriority() = default;

    // Reads the three cmdprio options; `seed` separates the draws of parallel jobs.
    CommandPriority(const OptionValues* options, std::uint64_t seed) noexcept
        : state_(seed * 0x9E3779B97F4A7C15ull | 1) {
        if (options == nullptr) return;
        percentage_ = static_cast<std::uint32_t>(options->get_int("cmdprio_percentage", 0));
        const auto io_class = options->get_int("cmdprio_class", IOPRIO_CLASS_RT);
        const auto level = options->get_int("cmdprio", 0);
        value_ = static_cast<std::uint16_t>(IOPRIO_PRIO_VALUE(io_class, level));
    }

    // The ioprio for the next I/O: the configured class and level for the chosen share,
    // 0 (the issuing thread's own priority) for the rest.
    std::uint16_t next() noexcept {
        if (percentage_ == 0) return 0;
        // xorshift64*: a handful of cycles, no shared state.
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        const std::uint64_t draw = (((state_ * 0x2545F4914F6CDD1Dull) >> 32) * 100) >> 32;
        return draw < percentage_ ? value_ : 0;
    }

private:
    std::uint32_t percentage_ = 0;
    std::uint16_t value_ = 0;
    std::uint64_t state_ = 1;
};

}  // namespace fio::sdk
