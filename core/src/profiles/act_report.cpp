#include "profiles/act_report.hpp"

#include <fmt/format.h>

namespace fio::core {
namespace {

// Per mille of a slice's I/Os each limit may see exceeded.
constexpr std::array<double, kActLimitsUs.size()> kAllowedPerMille = {50, 10, 1};

double percent_over(const LatencySlice& slice, std::size_t limit) {
    if (slice.total == 0) return 0.0;
    return 100.0 * static_cast<double>(slice.over[limit]) / static_cast<double>(slice.total);
}

}  // namespace

std::string render_act_report(const LatencySlices& run) {
    std::string text = "        trans                   device\n"
                       "        %>(ms)                  %>(ms)\n"
                       " slice";
    for (int column = 0; column < 2; ++column) {
        for (const std::uint64_t limit : kActLimitsUs) text += fmt::format("\t {:2}", limit / 1000);
    }
    text += "\n -----  -----   -----  ------   -----   -----  ------\n";
    unsigned failed = 0;
    for (std::size_t s = 0; s < run.slices().size(); ++s) {
        const LatencySlice& slice = run.slices()[s];
        text += fmt::format("   {:2}", s + 1);
        for (std::size_t i = 0; i < kActLimitsUs.size(); ++i) {
            if (percent_over(slice, i) * 10.0 >= kAllowedPerMille[i]) ++failed;
            text += fmt::format("\t{:.2f}", percent_over(slice, i));
        }
        for (std::size_t i = 0; i < kActLimitsUs.size(); ++i) text += fmt::format("\t{:.2f}", percent_over(slice, i));
        text += "\n";
    }
    text += fmt::format("\nact: test complete, device(s): {}\n", failed ? "FAILED" : "PASSED");
    return text;
}

}  // namespace fio::core
