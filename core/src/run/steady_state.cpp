#include "run/steady_state.hpp"

#include <cmath>
#include <map>
#include <memory>

namespace fio::core {
namespace {

constexpr std::uint64_t kSampleNs = 1'000'000'000;

std::uint64_t per_second(std::uint64_t amount, std::uint64_t elapsed_ns) {
    return static_cast<std::uint64_t>(static_cast<unsigned __int128>(amount) * kSampleNs /
                                      elapsed_ns);
}

}  // namespace

SteadyState::SteadyState(const SteadyStateSpec& spec)
    : spec_(spec), iops_ring_(spec.duration_s, 0), bw_ring_(spec.duration_s, 0) {}

void SteadyState::add_member(const LiveProgress& member) { members_.push_back(&member); }

SteadyState::Totals SteadyState::member_totals() const {
    Totals totals;
    for (const LiveProgress* member : members_) {
        for (int dir = 0; dir < 3; ++dir) {
            totals.ios += member->ios[dir].load(std::memory_order_relaxed);
            totals.bytes += member->bytes[dir].load(std::memory_order_relaxed);
        }
    }
    return totals;
}

bool SteadyState::poll(std::uint64_t now, std::uint64_t loop_start_ns) {
    if (attained_.load(std::memory_order_relaxed)) return true;
    std::lock_guard lock(mutex_);
    if (!started_) {
        started_ = true;
        collect_from_ns_ = loop_start_ns + spec_.ramp_ns;
        // Without a ramp the first sample runs from the start of I/O, when nothing was done.
        have_baseline_ = spec_.ramp_ns == 0;
        baseline_ns_ = loop_start_ns;
    }
    if (now < collect_from_ns_) return false;
    const Totals totals = member_totals();
    // Counters start again after ramp_time: begin the sample again too.
    if (!have_baseline_ || totals.ios < baseline_.ios || totals.bytes < baseline_.bytes) {
        have_baseline_ = true;
        baseline_ = totals;
        baseline_ns_ = now;
        return false;
    }
    if (now <= baseline_ns_ || now - baseline_ns_ < kSampleNs) return false;
    const std::uint64_t elapsed = now - baseline_ns_;
    record(per_second(totals.ios - baseline_.ios, elapsed),
           per_second(totals.bytes - baseline_.bytes, elapsed));
    baseline_ = totals;
    baseline_ns_ = now;
    if (samples_ >= spec_.duration_s) judge();
    return attained_.load(std::memory_order_relaxed);
}

void SteadyState::record(std::uint64_t iops, std::uint64_t bw) {
    iops_ring_[next_slot_] = iops;
    bw_ring_[next_slot_] = bw;
    next_slot_ = (next_slot_ + 1) % spec_.duration_s;
    ++samples_;
}

std::vector<std::uint64_t> SteadyState::window(const std::vector<std::uint64_t>& ring) const {
    if (samples_ < spec_.duration_s) return ring;  // filled from slot 0, in order
    std::vector<std::uint64_t> ordered;
    ordered.reserve(ring.size());
    for (std::size_t i = 0; i < ring.size(); ++i)
        ordered.push_back(ring[(next_slot_ + i) % ring.size()]);
    return ordered;
}

void SteadyState::judge() {
    const std::vector<std::uint64_t> values =
        window(spec_.metric == SteadyStateSpec::Metric::iops ? iops_ring_ : bw_ring_);
    const double n = static_cast<double>(values.size());
    double mean = 0;
    for (const auto v : values) mean += static_cast<double>(v);
    mean /= n;
    double measured = 0;
    if (spec_.slope) {
        // Least-squares slope against the sample's second (0, 1, ...). One sample has
        // no slope (NaN, as in fio): it never counts as settled.
        const double middle = (n - 1) / 2;
        double covariance = 0;
        double spread = 0;
        for (std::size_t i = 0; i < values.size(); ++i) {
            const double dx = static_cast<double>(i) - middle;
            covariance += dx * (static_cast<double>(values[i]) - mean);
            spread += dx * dx;
        }
        slope_ = covariance / spread;
        measured = slope_;
    } else {
        max_deviation_ = 0;
        for (const auto v : values)
            max_deviation_ = std::max(max_deviation_, std::fabs(static_cast<double>(v) - mean));
        measured = max_deviation_;
    }
    criterion_ = spec_.percent ? measured / mean * 100 : measured;
    // Strictly below, as fio: a limit of 0 is never met.
    if (std::fabs(criterion_) < spec_.limit) attained_.store(true, std::memory_order_relaxed);
}

sdk::SteadyStateResult SteadyState::result() const {
    std::lock_guard lock(mutex_);
    sdk::SteadyStateResult r;
    r.enabled = true;
    r.bandwidth = spec_.metric == SteadyStateSpec::Metric::bw;
    r.slope = spec_.slope;
    r.percent = spec_.percent;
    r.limit = spec_.limit;
    r.duration_s = spec_.duration_s;
    r.attained = attained_.load(std::memory_order_relaxed);
    r.criterion = static_cast<float>(criterion_);
    r.max_deviation = max_deviation_;
    r.slope_value = slope_;
    r.iops = window(iops_ring_);
    r.bw = window(bw_ring_);
    r.samples_taken = samples_;
    return r;
}

void attach_steady_state(std::vector<ThreadPlan>& plans) {
    std::map<std::uint32_t, std::shared_ptr<SteadyState>> by_group;
    for (ThreadPlan& plan : plans) {
        const JobSpec& job = *plan.job;
        const SteadyStateSpec& spec = job.measure.steadystate;
        if (spec.duration_s == 0) continue;
        if (!job.group_reporting) {
            plan.steady_state = std::make_shared<SteadyState>(spec);
            continue;
        }
        auto& shared = by_group[job.group];
        if (!shared) shared = std::make_shared<SteadyState>(spec);
        plan.steady_state = shared;
    }
}

}  // namespace fio::core
