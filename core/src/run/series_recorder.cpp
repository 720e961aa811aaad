#include "run/series_recorder.hpp"

#include <new>

namespace fio::core {
namespace {

// Appends at a sample tick; a point that finds no memory is left out rather than
// ending the job (the series is for plotting, the totals stay exact).
template <class Point>
void append(std::vector<Point>& points, const Point& point) noexcept {
    try {
        points.push_back(point);
    } catch (const std::bad_alloc&) {
    }
}

}  // namespace

SeriesRecorder::SeriesRecorder(bool percentiles) {
    if (!percentiles) return;
    seen_ = std::make_unique<std::array<sdk::LatencyHistogram, 3>>();
    window_ = std::make_unique<sdk::LatencyHistogram>();
}

SeriesRecorder::~SeriesRecorder() = default;

void SeriesRecorder::restart(sdk::JobResult& result, std::uint64_t now) noexcept {
    start_ns_ = now;
    for (auto& series : result.series) series = sdk::DirectionSeries{};
    if (seen_) {
        for (std::size_t dir = 0; dir < seen_->size(); ++dir) {
            (*seen_)[dir] = result.directions[dir].clat.histogram;
        }
    }
}

void SeriesRecorder::add_rate(sdk::JobResult& result, int dir, bool bandwidth,
                              std::uint64_t now, std::uint64_t value) noexcept {
    const sdk::SeriesPoint point{(now - start_ns_) / 1'000'000, value};
    auto& series = result.series[static_cast<std::size_t>(dir)];
    append(bandwidth ? series.bw_kib : series.iops, point);
}

void SeriesRecorder::tick(sdk::JobResult& result, std::uint64_t now) noexcept {
    if (!seen_) return;
    for (std::size_t dir = 0; dir < seen_->size(); ++dir) {
        const auto& current = result.directions[dir].clat.histogram.counts;
        auto& seen = (*seen_)[dir].counts;
        bool any = false;
        for (std::size_t i = 0; i < current.size(); ++i) {
            window_->counts[i] = current[i] - seen[i];
            any = any || window_->counts[i] != 0;
        }
        if (!any) continue;
        seen = current;
        sdk::PercentilePoint point;
        point.time_ms = (now - start_ns_) / 1'000'000;
        try {
            const auto values = window_->percentiles(sdk::kSeriesPercentiles);
            for (std::size_t p = 0; p < values.size() && p < point.ns.size(); ++p) point.ns[p] = values[p];
        } catch (const std::bad_alloc&) {
            continue;
        }
        append(result.series[dir].clat, point);
    }
}

}  // namespace fio::core
