// How many completions the I/O loop asks an engine's reap() for: the host's side of the
// contract in sdk/engine.hpp (min <= max <= the I/Os in flight). Pure and inline, so
// that the unit tests can hold it to the contract and the hot path pays nothing.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>

namespace fio::core {

struct ReapBounds {
    std::uint32_t min = 0;
    std::uint32_t max = 0;
};

// `complete_min`/`complete_max`: iodepth_batch_complete_min (at least 1) and _max;
// `refill_level`: iodepth_low, the depth a full queue is brought down to; `queue_full`:
// no free unit is left; `draining`: nothing more will be issued, take whatever comes.
// Requires in_flight > 0.
constexpr ReapBounds reap_bounds(std::uint32_t complete_min, std::uint32_t complete_max,
                                 std::uint32_t in_flight, std::uint32_t refill_level,
                                 bool queue_full, bool draining) noexcept {
    std::uint32_t wanted = std::min(complete_min, in_flight);
    if (queue_full && in_flight > refill_level) wanted = std::max(wanted, in_flight - refill_level);
    if (draining) wanted = 1;
    const std::uint32_t most = std::max(wanted, std::min(complete_max, in_flight));
    assert(1 <= wanted && wanted <= most && most <= in_flight);
    return {wanted, most};
}

}  // namespace fio::core
