// cmdprio_percentage / cmdprio_class / cmdprio / cmdprio_bssplit, for engines that can tag an I/O with
// an I/O priority (io_uring, libaio): a share of the I/Os carries an explicit ioprio,
// drawn at random per I/O so the prioritised ones are spread over the whole run rather
// than coming in bursts. Engines declare the three options and read them through this.
#pragma once

#include <fio/sdk/engine.hpp>
#include <fio/sdk/options.hpp>

#include <linux/ioprio.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

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

// cmdprio_bssplit=BS/PERCENT[/CLASS/LEVEL]:...[,WRITES]: for I/Os of exactly BS bytes,
// PERCENT of them get a priority (CLASS and LEVEL, or cmdprio_class and cmdprio). The
// percentages are independent shares, not a split adding up to 100. One list applies
// to reads and writes; "READS,WRITES" gives each its own.
inline constexpr OptionSpec kCmdprioBssplitOption = {
    "cmdprio_bssplit", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
    "Priority share by block size: BS/PERCENT[/CLASS/LEVEL]:... (READS[,WRITES])",
    "I/O engine", nullptr};

struct CommandPriorityShare {
    std::uint64_t block_size = 0;
    std::uint32_t percentage = 0;
    std::uint16_t value = 0;  // IOPRIO_PRIO_VALUE(class, level)

    bool operator==(const CommandPriorityShare&) const = default;
};

// Reads and writes.
using CommandPrioritySplit = std::array<std::vector<CommandPriorityShare>, 2>;

namespace detail {

// Concatenation without std::string's operator+ (GCC 12 -O3 warns falsely on it).
inline std::string join(std::initializer_list<std::string_view> parts) {
    std::string text;
    for (std::string_view part : parts) text.append(part);
    return text;
}

// A whole number; false for anything else.
inline bool parse_unsigned(std::string_view text, std::uint64_t& value) {
    if (text.empty() || text.size() > 18) return false;
    value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return true;
}

// 4096, 4k, 64K, 1m, 1MiB, 2g (powers of 1024, as fio's default kb_base).
inline bool parse_block_size(std::string_view text, std::uint64_t& bytes) {
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (!parse_unsigned(text.substr(0, digits), bytes)) return false;
    std::string_view unit = text.substr(digits);
    if (unit.empty()) return bytes > 0;
    unsigned shift = 0;
    switch (unit[0] | 0x20) {
        case 'k': shift = 10; break;
        case 'm': shift = 20; break;
        case 'g': shift = 30; break;
        case 't': shift = 40; break;
        default: return false;
    }
    unit.remove_prefix(1);
    if (!unit.empty() && (unit[0] | 0x20) == 'i') unit.remove_prefix(1);
    if (!unit.empty() && (unit[0] | 0x20) == 'b') unit.remove_prefix(1);
    if (!unit.empty() || bytes == 0 || bytes > (~std::uint64_t{0} >> shift)) return false;
    bytes <<= shift;
    return true;
}

}  // namespace detail

// Parses a cmdprio_bssplit value. Returns "" and fills `split`, or what is wrong.
inline std::string parse_cmdprio_bssplit(std::string_view text, std::uint16_t default_value,
                                         CommandPrioritySplit& split) {
    split = {};
    const auto comma = text.find(',');
    const std::string_view lists[2] = {
        text.substr(0, comma), comma == std::string_view::npos ? text : text.substr(comma + 1)};
    if (lists[1].find(',') != std::string_view::npos) {
        return detail::join({"'", text, "': at most two lists (reads, writes)"});
    }
    for (int dir = 0; dir < 2; ++dir) {
        std::string_view rest = lists[dir];
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            const std::string_view entry = rest.substr(0, colon);
            rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
            std::string_view parts[4];
            std::size_t count = 0;
            for (std::string_view left = entry;; ++count) {
                const auto slash = left.find('/');
                if (count == 4) return detail::join({"'", entry, "': too many '/'"});
                parts[count] = left.substr(0, slash);
                if (slash == std::string_view::npos) {
                    ++count;
                    break;
                }
                left.remove_prefix(slash + 1);
            }
            const auto bad = [&](const char* why) {
                return detail::join(
                    {"'", entry, "' is not BS/PERCENT or BS/PERCENT/CLASS/LEVEL: ", why});
            };
            if (count != 2 && count != 4) return bad("expected 2 or 4 fields");
            CommandPriorityShare share;
            std::uint64_t percentage = 0;
            if (!detail::parse_block_size(parts[0], share.block_size)) return bad("bad block size");
            if (!detail::parse_unsigned(parts[1], percentage) || percentage > 100) {
                return bad("the percentage must be 0 to 100");
            }
            share.percentage = static_cast<std::uint32_t>(percentage);
            share.value = default_value;
            if (count == 4) {
                std::uint64_t io_class = 0;
                std::uint64_t level = 0;
                if (!detail::parse_unsigned(parts[2], io_class) || io_class < 1 || io_class > 3) {
                    return bad("the class must be 1 (real-time), 2 (best effort) or 3 (idle)");
                }
                if (!detail::parse_unsigned(parts[3], level) || level > 7) {
                    return bad("the level must be 0 to 7");
                }
                share.value = static_cast<std::uint16_t>(IOPRIO_PRIO_VALUE(io_class, level));
            }
            split[dir].push_back(share);
        }
    }
    return {};
}

class CommandPriority {
public:
    CommandPriority() = default;

    // Reads the cmdprio options; `seed` separates the draws of parallel jobs. A bad
    // cmdprio_bssplit leaves error() non-empty: the engine refuses to start with it.
    CommandPriority(const OptionValues* options, std::uint64_t seed)
        : state_(seed * 0x9E3779B97F4A7C15ull | 1) {
        if (options == nullptr) return;
        percentage_ = static_cast<std::uint32_t>(options->get_int("cmdprio_percentage", 0));
        const auto io_class = options->get_int("cmdprio_class", IOPRIO_CLASS_RT);
        const auto level = options->get_int("cmdprio", 0);
        value_ = static_cast<std::uint16_t>(IOPRIO_PRIO_VALUE(io_class, level));
        const std::string_view bssplit = options->get_string("cmdprio_bssplit", "");
        if (bssplit.empty()) return;
        if (percentage_ != 0) {
            error_ = "cmdprio_percentage and cmdprio_bssplit are mutually exclusive";
            return;
        }
        error_ = parse_cmdprio_bssplit(bssplit, value_, split_);
        if (!error_.empty()) error_ = detail::join({"cmdprio_bssplit: ", error_});
        by_size_ = error_.empty();
    }

    // Why the options cannot be used; empty when they can.
    const std::string& error() const noexcept { return error_; }

    // The ioprio for the next I/O: the configured class and level for the chosen share,
    // 0 (the issuing thread's own priority) for the rest.
    std::uint16_t next() noexcept {
        if (percentage_ == 0) return 0;
        return draw() < percentage_ ? value_ : 0;
    }

    // The same for an I/O of `length` bytes in `direction` (cmdprio_bssplit aware).
    std::uint16_t next(IoDirection direction, std::uint64_t length) noexcept {
        if (!by_size_) return next();
        const int dir = direction == IoDirection::write ? 1 : 0;
        for (const CommandPriorityShare& share : split_[dir]) {
            if (share.block_size != length) continue;
            return share.percentage != 0 && draw() < share.percentage ? share.value : 0;
        }
        return 0;
    }

private:
    // 0..99, uniformly. xorshift64*: a handful of cycles, no shared state.
    std::uint64_t draw() noexcept {
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        return (((state_ * 0x2545F4914F6CDD1Dull) >> 32) * 100) >> 32;
    }

    std::uint32_t percentage_ = 0;
    std::uint16_t value_ = 0;
    std::uint64_t state_ = 1;
    bool by_size_ = false;
    CommandPrioritySplit split_;
    std::string error_;
};

}  // namespace fio::sdk
