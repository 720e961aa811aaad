#include "options/bssplit_parser.hpp"

#include "options/expression.hpp"
#include "options/list_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace fio::core {
namespace {

struct Entry {
    std::uint64_t size = 0;
    std::optional<std::uint32_t> percent;  // nullopt: blank
};

// SIZE[/PERCENT], already trimmed and non-empty.
Entry parse_entry(std::string_view text, unsigned kb_base) {
    const auto fail = [&](std::string_view reason) {
        throw ValueError(fmt::format("'{}' is not a block size share: {}", text, reason));
    };
    const std::size_t slash = find_outside_parentheses(text, "/");
    const std::string_view size_text = trim_blanks(text.substr(0, slash));
    const std::string_view percent_text =
        slash == std::string_view::npos ? std::string_view{} : trim_blanks(text.substr(slash + 1));
    if (size_text.empty()) fail("the block size is missing");
    // "8k/50/2" would otherwise read as 8k at (50/2)%.
    if (find_outside_parentheses(percent_text, "/") != std::string_view::npos) {
        fail("expected SIZE/PERCENT with one '/'");
    }

    Entry entry;
    try {
        entry.size = parse_size_or_expression(size_text, kb_base);
    } catch (const ValueError& error) {
        fail(error.what());
    }
    if (entry.size == 0) fail("a block size must be at least 1 byte");
    if (percent_text.empty()) return entry;

    double percent = 0;
    try {
        percent = parse_percentage_or_expression(percent_text);
    } catch (const ValueError& error) {
        fail(error.what());
    }
    if (percent != std::floor(percent)) {
        fail(fmt::format("the percentage must be a whole number (stock fio would use {})",
                         std::floor(percent)));
    }
    // Stock fio treats 0 like an empty percentage: it shares the rest.
    if (percent > 0) entry.percent = static_cast<std::uint32_t>(percent);
    return entry;
}

BlockSizeSplit parse_direction(std::string_view text, unsigned kb_base) {
    const auto fail = [&](std::string_view reason) {
        throw ValueError(fmt::format("'{}' is not a block size split: {}", text, reason));
    };
    std::vector<std::string_view> items = split_list(text, ':');
    if (items.size() > 1 && trim_blanks(items.back()).empty()) items.pop_back();  // "4k/50:"
    if (items.size() > kMaxBlockSizeShares) {
        fail(fmt::format("it has {} entries; at most {} are allowed", items.size(),
                         kMaxBlockSizeShares));
    }

    std::vector<Entry> entries;
    std::uint32_t given = 0;
    std::uint32_t blanks = 0;
    for (const std::string_view item : items) {
        const std::string_view trimmed = trim_blanks(item);
        if (trimmed.empty()) fail("it has an empty entry");
        entries.push_back(parse_entry(trimmed, kb_base));
        if (entries.back().percent) {
            given += *entries.back().percent;
        } else {
            ++blanks;
        }
    }
    if (given > 100) fail(fmt::format("the percentages add up to {}, more than 100", given));

    const std::uint32_t blank_share = blanks == 0 ? 0 : (100 - given) / blanks;
    BlockSizeSplit split;
    for (const Entry& entry : entries) {
        split.push_back({entry.size, entry.percent.value_or(blank_share)});
    }
    std::stable_sort(split.begin(), split.end(),
                     [](const BlockSizeShare& a, const BlockSizeShare& b) {
                         return a.percent < b.percent;
                     });
    std::uint32_t total = 0;
    for (const BlockSizeShare& share : split) total += share.percent;
    split.back().percent += 100 - total;
    return split;
}

}  // namespace

PerDirection<BlockSizeSplit> parse_bssplit(std::string_view text, unsigned kb_base) {
    return parse_per_direction<BlockSizeSplit>(
        text, [&](std::string_view part) { return parse_direction(part, kb_base); });
}

}  // namespace fio::core
