#include "run/latency_target.hpp"

namespace fio::core {

LatencyTarget::LatencyTarget(const LatencySpec& spec, std::uint32_t iodepth) noexcept
    : spec_(spec), iodepth_(iodepth), depth_(iodepth), high_(iodepth) {}

void LatencyTarget::start(std::uint64_t now) noexcept {
    if (!active()) return;
    depth_ = 1;
    low_ = 1;
    high_ = iodepth_;
    final_run_ = false;
    new_window(now);
}

void LatencyTarget::new_window(std::uint64_t now) noexcept {
    window_start_ = now;
    window_ios_ = 0;
    window_late_ = 0;
}

LatencyTarget::Step LatencyTarget::completed(std::uint64_t latency_ns) noexcept {
    ++window_ios_;
    if (latency_ns <= spec_.target_ns) return Step::none;
    if (spec_.percentile < 100.0) {
        ++window_late_;
        return Step::none;
    }
    // Every I/O must meet the target: this one decides at once.
    if (depth_ == 1) return Step::fatal;
    return missed();
}

LatencyTarget::Step LatencyTarget::check(std::uint64_t now) noexcept {
    if (now - window_start_ < spec_.window_ns) return Step::none;
    // As stock computes it; an empty window (0/0) counts as missed.
    const double met_percent = window_ios_ == 0
                                   ? 0.0
                                   : static_cast<double>(window_ios_ - window_late_) /
                                         static_cast<double>(window_ios_) * 100.0;
    if (window_ios_ != 0 && met_percent >= spec_.percentile) {
        const Step step = met();
        if (step != Step::final_run) new_window(now);
        return step;
    }
    // At depth 1 there is nowhere to go: as in stock, the window stays open and is
    // judged again (with the I/Os that follow) at the next check.
    if (depth_ == 1) return Step::none;
    return missed();
}

LatencyTarget::Step LatencyTarget::met() noexcept {
    const std::uint32_t before = depth_;
    low_ = depth_;
    // Double until a depth misses (or iodepth is reached); then bisect towards it.
    depth_ = high_ != iodepth_ ? (depth_ + high_) / 2 : depth_ * 2;
    if (depth_ > iodepth_) depth_ = iodepth_;
    if (depth_ != before) return Step::deeper;
    if (!final_run_) {
        final_run_ = true;
        return Step::final_run;
    }
    return spec_.keep_adjusting ? Step::none : Step::done;
}

LatencyTarget::Step LatencyTarget::missed() noexcept {
    high_ = depth_;
    if (depth_ == low_) --low_;  // the depth that met the target earlier misses now
    depth_ = (depth_ + low_) / 2;
    return Step::shallower;
}

}  // namespace fio::core
