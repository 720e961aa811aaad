#include "cli/progress_line.hpp"

#include <fio/sdk/format.hpp>

#include <fmt/format.h>

namespace fio::core {
namespace {

// "rrrr_E" -> "r(4),_(1),E(1)": runs of the same state with their length.
std::string compress_states(const std::string& states) {
    std::string text;
    for (std::size_t i = 0; i < states.size();) {
        std::size_t run = 1;
        while (i + run < states.size() && states[i + run] == states[i]) ++run;
        if (!text.empty()) text += ',';
        text += fmt::format("{}({})", states[i], run);
        i += run;
    }
    return text;
}

std::string format_eta(std::int64_t seconds) {
    if (seconds < 0) return "--";
    const std::int64_t days = seconds / 86400;
    const std::int64_t hours = seconds / 3600 % 24;
    const std::int64_t minutes = seconds / 60 % 60;
    const std::int64_t secs = seconds % 60;
    if (days > 0) return fmt::format("{}d:{:02}h:{:02}m:{:02}s", days, hours, minutes, secs);
    if (hours > 0) return fmt::format("{:02}h:{:02}m:{:02}s", hours, minutes, secs);
    return fmt::format("{:02}m:{:02}s", minutes, secs);
}

// "r=330MiB/s,w=12.0MiB/s" over the directions that moved data.
template <typename Format>
std::string per_direction(const std::array<std::uint64_t, 3>& values, Format format) {
    static constexpr const char* kLetters[] = {"r", "w", "t"};
    std::string text;
    for (int dir = 0; dir < 3; ++dir) {
        if (values[dir] == 0) continue;
        if (!text.empty()) text += ',';
        text += fmt::format("{}={}", kLetters[dir], format(values[dir]));
    }
    return text;
}

}  // namespace

std::string format_progress_line(const sdk::StatusUpdate& update) {
    std::string line = fmt::format("Jobs: {} (f={}): [{}][{:.1f}%]", update.jobs_running,
                                   update.files_open, compress_states(update.job_states),
                                   update.percent_done);
    const std::string bw = per_direction(update.bw_bytes, [](std::uint64_t v) {
        return sdk::rate_string(v, true);
    });
    const std::string iops = per_direction(update.iops, [](std::uint64_t v) {
        return sdk::count_string(v);
    });
    if (!bw.empty()) line += fmt::format("[{}][{} IOPS]", bw, iops);
    line += fmt::format("[eta {}]", format_eta(update.eta_s));
    return line;
}

void ProgressLine::update(const sdk::StatusUpdate& update) {
    const std::string line = format_progress_line(update);
    if (drawn_ && newline_ms_ != 0 && update.elapsed_ms >= line_started_ms_ + newline_ms_) {
        std::fputc('\n', terminal_);
        last_width_ = 0;
        line_started_ms_ = update.elapsed_ms;
    }
    // Pad with spaces to wipe the tail of a longer previous line.
    const std::size_t pad = last_width_ > line.size() ? last_width_ - line.size() : 0;
    std::fprintf(terminal_, "\r%s%*s", line.c_str(), static_cast<int>(pad), "");
    std::fflush(terminal_);
    last_width_ = line.size();
    drawn_ = true;
}

void ProgressLine::finish() {
    if (drawn_) std::fputc('\n', terminal_);
    std::fflush(terminal_);
}

}  // namespace fio::core
