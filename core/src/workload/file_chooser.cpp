#include "workload/file_chooser.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace fio::core {
namespace {

// normal:DEV as the spread of stock's draw (see the header), in percent of the files.
double normal_spread_percent(double deviation) noexcept {
    const double step = std::min(deviation, 50.0);
    constexpr double kBell = 100.0 / 12;
    return std::sqrt(kBell * kBell + step * step / 12);
}

// The distribution over the values, its hottest value (or mean) at value 0 for zipf and
// pareto and at the middle for normal; the chooser shifts it where it belongs.
DistributionSpec unshifted(const DistributionSpec& given) {
    DistributionSpec spec = given;
    if (spec.kind == OffsetDistribution::normal) {
        spec.parameter = normal_spread_percent(given.parameter);
        spec.center = 0.5;
    } else {
        spec.center = 0;
    }
    return spec;
}

}  // namespace

FileChooser::FileChooser(const FileServiceSpec& spec, std::size_t files, std::uint64_t seed)
    : done_(std::max<std::size_t>(files, 1), 0),
      remaining_(done_.size()),
      rng_(seed ^ 0x6A09E667F3BCC909ull) {
    const std::uint64_t per_choice = spec.non_uniform() ? 1 : spec.ios_per_choice;
    stay_ = per_choice == 0 ? ~0ull : per_choice - 1;
    switch (spec.kind) {
        case FileService::roundrobin:
        case FileService::sequential: policy_ = Policy::in_turn; break;
        case FileService::random:
            policy_ = Policy::uniform;
            live_.resize(done_.size());
            slot_.resize(done_.size());
            std::iota(live_.begin(), live_.end(), 0u);
            std::iota(slot_.begin(), slot_.end(), 0u);
            break;
        case FileService::zipf:
        case FileService::pareto:
        case FileService::normal: {
            policy_ = Policy::drawn;
            values_ = static_cast<std::uint64_t>(done_.size()) << kValueBitsPerFile;
            picker_.emplace(unshifted(spec.distribution), OffsetGeneratorKind::tausworthe,
                            values_, 1, seed);
            const double center = spec.distribution.center;
            if (spec.kind == FileService::normal) {
                // The mean sits in the middle; a center moves it by (center - 0.5).
                const double by = center < 0 ? 0 : (center - 0.5) * static_cast<double>(values_);
                const auto whole = static_cast<std::int64_t>(by);
                const auto n = static_cast<std::int64_t>(values_);
                shift_ = static_cast<std::uint64_t>(((whole % n) + n) % n);
            } else if (center >= 0) {
                shift_ = static_cast<std::uint64_t>(center * static_cast<double>(values_)) % values_;
            } else {
                shift_ = rng_.below(values_);
            }
            break;
        }
    }
}

void FileChooser::file_done(std::size_t file) noexcept {
    if (file >= done_.size() || done_[file]) return;
    done_[file] = 1;
    --remaining_;
    if (file == current_) left_ = 0;
    if (policy_ == Policy::uniform) {
        // Swap the file out of the live ones.
        const std::uint32_t at = slot_[file];
        const std::uint32_t last = live_[remaining_];
        live_[at] = last;
        slot_[last] = at;
        live_[remaining_] = static_cast<std::uint32_t>(file);
        slot_[file] = static_cast<std::uint32_t>(remaining_);
    }
}

void FileChooser::new_pass() noexcept {
    std::fill(done_.begin(), done_.end(), 0);
    remaining_ = done_.size();
    left_ = 0;  // stock closes the files between passes: the next I/O chooses afresh
}

bool FileChooser::choose(std::size_t& file) noexcept {
    if (remaining_ == 0) return false;
    switch (policy_) {
        case Policy::in_turn:
            while (done_[turn_]) turn_ = turn_ + 1 == done_.size() ? 0 : turn_ + 1;
            current_ = turn_;
            turn_ = turn_ + 1 == done_.size() ? 0 : turn_ + 1;
            break;
        case Policy::uniform: current_ = live_[rng_.below(remaining_)]; break;
        case Policy::drawn: current_ = draw(); break;
    }
    left_ = stay_;
    file = current_;
    return true;
}

std::size_t FileChooser::draw() noexcept {
    // Only files with nothing to do at all are ever done here; a few redraws find
    // another, and the first live file in turn settles the rare rest.
    for (int attempt = 0; attempt < 64; ++attempt) {
        const std::uint64_t value = (picker_->pick(rng_) + shift_) % values_;
        const std::size_t file = static_cast<std::size_t>(value >> kValueBitsPerFile);
        if (!done_[file]) return file;
    }
    std::size_t file = 0;
    while (done_[file]) ++file;
    return file;
}

}  // namespace fio::core
