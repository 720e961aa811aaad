#include "options/cpu_list.hpp"

#include "options/list_parser.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>

namespace fio::core {
namespace {

// Sizes a list's range for sanity: fio builds handle at most this many CPUs or nodes.
constexpr std::uint32_t kMaxIndex = 4096;

std::uint32_t parse_index(std::string_view whole, std::string_view text, const char* what) {
    text = trim_blanks(text);
    std::uint32_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() ||
        value >= kMaxIndex) {
        throw ValueError(fmt::format("'{}': '{}' is not a {} number", whole, text, what));
    }
    return value;
}

// "0,5,8-15": every number named, ascending, each once; empty entries are skipped.
std::vector<std::uint32_t> parse_index_list(std::string_view text, const char* what) {
    std::vector<std::uint32_t> out;
    for (std::string_view item : split_list(text, ',')) {
        if (trim_blanks(item).empty()) continue;
        const auto dash = item.find('-');
        const std::uint32_t first = parse_index(text, item.substr(0, dash), what);
        std::uint32_t last = first;
        if (dash != std::string_view::npos) {
            last = parse_index(text, item.substr(dash + 1), what);
            if (last < first) {
                throw ValueError(fmt::format("'{}': the range '{}' ends before it starts", text,
                                             trim_blanks(item)));
            }
        }
        for (std::uint32_t i = first; i <= last; ++i) out.push_back(i);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.empty()) throw ValueError(fmt::format("'{}' names no {}", text, what));
    return out;
}

void check_cpus_exist(std::string_view text, const std::vector<std::uint32_t>& cpus,
                      std::uint32_t cpu_count) {
    if (!cpus.empty() && cpus.back() >= cpu_count) {
        throw ValueError(fmt::format("'{}': CPU {} does not exist (this machine has CPUs 0-{})",
                                     text, cpus.back(), cpu_count - 1));
    }
}

}  // namespace

std::vector<std::uint32_t> parse_cpu_list(std::string_view text, std::uint32_t cpu_count) {
    auto cpus = parse_index_list(text, "CPU");
    check_cpus_exist(text, cpus, cpu_count);
    return cpus;
}

std::vector<std::uint32_t> cpus_of_mask(std::uint64_t mask, std::uint32_t cpu_count) {
    std::vector<std::uint32_t> cpus;
    for (std::uint32_t bit = 0; bit < 64; ++bit) {
        if (mask >> bit & 1) cpus.push_back(bit);
    }
    const std::string text = fmt::format("{}", mask);
    if (cpus.empty()) throw ValueError(fmt::format("'{}' names no CPU", text));
    check_cpus_exist(text, cpus, cpu_count);
    return cpus;
}

NodeList parse_node_list(std::string_view text) {
    NodeList list;
    if (trim_blanks(text) == "all") {
        list.all = true;
    } else {
        list.nodes = parse_index_list(text, "NUMA node");
    }
    return list;
}

void parse_numa_mem_policy(std::string_view text, NumaMemMode& mode, NodeList& nodes) {
    const auto colon = text.find(':');
    const std::string_view name = trim_blanks(text.substr(0, colon));
    static constexpr std::pair<std::string_view, NumaMemMode> kModes[] = {
        {"default", NumaMemMode::default_policy}, {"prefer", NumaMemMode::prefer},
        {"bind", NumaMemMode::bind},              {"interleave", NumaMemMode::interleave},
        {"local", NumaMemMode::local}};
    const auto* found = std::find_if(std::begin(kModes), std::end(kModes),
                                     [&](const auto& m) { return m.first == name; });
    if (found == std::end(kModes)) {
        throw ValueError(fmt::format(
            "'{}': the policy must be one of default, prefer, bind, interleave, local", text));
    }
    mode = found->second;
    nodes = NodeList{};
    const bool has_nodes = colon != std::string_view::npos;
    if (mode == NumaMemMode::default_policy || mode == NumaMemMode::local) {
        if (has_nodes) {
            throw ValueError(fmt::format("'{}': '{}' takes no node list", text, name));
        }
        return;
    }
    if (!has_nodes) {
        if (mode == NumaMemMode::prefer) {
            throw ValueError(fmt::format("'{}': 'prefer' needs one node (prefer:N)", text));
        }
        nodes.all = true;  // bind or interleave over every node, as stock accepts it
        return;
    }
    nodes = parse_node_list(text.substr(colon + 1));
    if (mode == NumaMemMode::prefer && (nodes.all || nodes.nodes.size() != 1)) {
        throw ValueError(fmt::format("'{}': 'prefer' takes exactly one node", text));
    }
}

}  // namespace fio::core
