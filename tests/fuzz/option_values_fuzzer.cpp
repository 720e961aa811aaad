// The option value parsers: sizes, times, booleans, percentages, integers, expressions,
// ranges, bssplit, distributions, file_service_type, lists, CPU and NUMA node lists,
// sync_file_range. The first byte picks the parser, the rest is the value. A parser
// returns a value or throws ValueError; anything else (another exception, a crash, an
// overflow UBSan sees) is a bug.
#include "options/bssplit_parser.hpp"
#include "options/cpu_list.hpp"
#include "options/distribution_parser.hpp"
#include "options/expression.hpp"
#include "options/file_service_parser.hpp"
#include "options/list_parser.hpp"
#include "options/range_parser.hpp"
#include "options/sync_file_range_parser.hpp"
#include "options/value_parsers.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace core = fio::core;

namespace {

void parse_with(std::uint8_t which, std::string_view text) {
    const unsigned kb_base = (which & 0x80) ? 1000 : 1024;
    switch (which % 24) {
    case 0: (void)core::parse_size(text, kb_base); break;
    case 1: (void)core::parse_time_ns(text, core::TimeUnit::us); break;
    case 2: (void)core::parse_bool(text); break;
    case 3: (void)core::parse_percentage(text); break;
    case 4: (void)core::parse_integer(text); break;
    case 5: (void)core::parse_integer_or_expression(text); break;
    case 6: (void)core::parse_size_or_expression(text, kb_base); break;
    case 7: (void)core::parse_time_or_expression(text, core::TimeUnit::s); break;
    case 8: (void)core::parse_percentage_or_expression(text); break;
    case 9: (void)core::parse_size_range(text, kb_base); break;
    case 10: (void)core::parse_time_range(text, core::TimeUnit::ms); break;
    case 11: (void)core::parse_size_ranges(text, kb_base); break;
    case 12: (void)core::parse_per_direction_sizes(text, kb_base); break;
    case 13: (void)core::parse_bssplit(text, kb_base); break;
    case 14: (void)core::parse_random_distribution(text, kb_base); break;
    case 15: (void)core::parse_file_service_type(text); break;
    case 16: (void)core::parse_float_list(text); break;
    case 17: (void)core::parse_percentile_list(text); break;
    case 18: (void)core::split_filename_list(text); break;
    case 19: (void)core::parse_cpu_list(text, 1 + (which >> 5)); break;
    case 20: (void)core::parse_node_list(text); break;
    case 21: {
        core::NumaMemMode mode{};
        core::NodeList nodes;
        core::parse_numa_mem_policy(text, mode, nodes);
        break;
    }
    case 22: (void)core::parse_sync_file_range(text); break;
    case 23: {
        core::ExpressionUnits units;
        units.quantity = static_cast<core::Quantity>((which >> 5) % 3);
        (void)core::evaluate_if_expression(text, units);
        break;
    }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    try {
        parse_with(data[0], std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
    } catch (const core::ValueError&) {
    }
    return 0;
}
