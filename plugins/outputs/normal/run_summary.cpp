#include "run_summary.hpp"

#include <array>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include <fio/sdk/format.hpp>
#include <fio/sdk/mixed_result.hpp>

#include "client_hosts.hpp"

namespace fio::outputs::normal {

namespace {

// Right-aligned so that the colons line up.
constexpr std::array<std::string_view, 3> kDirectionLabels = {"   READ", "  WRITE", "   TRIM"};

std::string group_direction_line(std::string_view label, const sdk::GroupDirection& dir,
                                 bool binary, int figures, bool bits) {
    const auto in_both_bases = [&](std::uint64_t bytes_per_s) {
        return std::pair{sdk::rate_string(bytes_per_s, binary, figures, bits),
                         sdk::rate_string(bytes_per_s, !binary, figures, bits)};
    };
    const auto [agg, agg_alt] = in_both_bases(dir.agg_bw_bytes);
    const auto [min, min_alt] = in_both_bases(dir.min_bw_bytes);
    const auto [max, max_alt] = in_both_bases(dir.max_bw_bytes);
    return fmt::format("{}: bw={} ({}), {}-{} ({}-{}), io={} ({}), run={}-{}msec\n", label, agg,
                       agg_alt, min, max, min_alt, max_alt, sdk::size_string(dir.io_bytes, binary, figures),
                       sdk::size_string(dir.io_bytes, !binary, figures), dir.min_runtime_ms,
                       dir.max_runtime_ms);
}

}  // namespace

std::string group_report(const sdk::GroupResult& group) {
    const bool binary = sdk::is_binary_base(group.kb_base);
    // A host's group is headed by its server, the "All clients" aggregate says so.
    std::string out = fmt::format("\n{}Run status group {} ({}):\n", host_prefix(group.client_host),
                                  group.groupid, group.all_clients ? "all clients" : "all jobs");
    const int figures = static_cast<int>(group.significant_figures);
    const bool bits = group.unit_base == 1;  // unit_base=1: rates in bits, sizes in bytes
    if (group.unified_rw == sdk::kUnifiedMixed) {
        // The jobs' directions were summed into the first one.
        if (group.directions[0].max_runtime_ms != 0)
            out += group_direction_line("  MIXED", group.directions[0], binary, figures, bits);
        return out;
    }
    for (std::size_t i = 0; i < group.directions.size(); ++i) {
        // A direction no job ran in has no runtime; fio leaves it out.
        if (group.directions[i].max_runtime_ms != 0)
            out += group_direction_line(kDirectionLabels[i], group.directions[i], binary,
                                        figures, bits);
    }
    if (group.unified_rw == sdk::kUnifiedBoth) {
        const sdk::GroupDirection mixed = sdk::mixed_group_direction(group);
        if (mixed.max_runtime_ms != 0)
            out += group_direction_line("  MIXED", mixed, binary, figures, bits);
    }
    return out;
}

std::string disk_report(std::span<const sdk::DiskUtil> disks) {
    if (disks.empty()) return {};
    std::string out = "\nDisk stats (read/write):\n";
    for (const auto& d : disks) {
        // As stock: a device with slaves is indented further and carries their aggregate.
        const sdk::DiskSlaveAggregate& s = d.slaves;
        out += fmt::format(
            "{}  {}: ios={}/{}, merge={}/{}, ticks={}/{}, in_queue={}, util={:3.2f}%",
            s.count ? "  " : "", d.name, d.read_ios, d.write_ios, d.read_merges,
            d.write_merges, d.read_ticks_ms, d.write_ticks_ms, d.in_queue_ms, d.util_percent);
        if (s.count) {
            out += fmt::format(
                ", aggrios={}/{}, aggrmerge={}/{}, aggrticks={}/{}, aggrin_queue={}, "
                "aggrutil={:3.2f}%",
                s.read_ios, s.write_ios, s.read_merges, s.write_merges, s.read_ticks_ms,
                s.write_ticks_ms, s.in_queue_ms, s.max_util_percent);
        }
        out += '\n';
    }
    return out;
}

}  // namespace fio::outputs::normal
