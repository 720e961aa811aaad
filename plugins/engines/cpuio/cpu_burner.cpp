#include "cpu_burner.hpp"

#include <fio/sdk/clock.hpp>

#include <cstdlib>

namespace fio::engines {
namespace {

// Small enough that a sort takes tens of microseconds: the burn overshoots its end by
// no more than that.
constexpr std::size_t kSortElements = 1024;

int compare_values(const void* a, const void* b) {
    const auto x = *static_cast<const std::uint64_t*>(a);
    const auto y = *static_cast<const std::uint64_t*>(b);
    return x < y ? -1 : x > y ? 1 : 0;
}

}  // namespace

CpuBurner::CpuBurner(CpuMode mode, std::uint64_t seed)
    : mode_(mode), state_(seed | 1), values_(mode == CpuMode::qsort ? kSortElements : 0) {}

void CpuBurner::sort_once() {
    for (auto& v : values_) {  // xorshift64: cheap, and different every round
        state_ ^= state_ << 13;
        state_ ^= state_ >> 7;
        state_ ^= state_ << 17;
        v = state_;
    }
    // std::qsort on purpose: the indirect comparator calls are the load fio's mode names.
    std::qsort(values_.data(), values_.size(), sizeof(std::uint64_t), compare_values);
}

void CpuBurner::burn_until(std::uint64_t until_ns) {
    while (sdk::monotonic_ns() < until_ns) {
        if (mode_ == CpuMode::qsort) sort_once();
    }
}

}  // namespace fio::engines
