#include "aio_user_ring.hpp"

#include <atomic>

namespace fio::engines {
namespace {

constexpr unsigned kAioRingMagic = 0xa10a10a1;
// Layout changes the kernel would flag here mean the ring must not be read as above.
constexpr unsigned kKnownIncompatFeatures = 0;

}  // namespace

std::string AioUserRing::check(io_context_t context) {
    const auto* ring = reinterpret_cast<const Header*>(context);
    if (ring == nullptr || ring->magic != kAioRingMagic) {
        return "userspace_reap: this kernel does not share its AIO completion ring";
    }
    if (ring->incompat_features != kKnownIncompatFeatures) {
        return "userspace_reap: the kernel's AIO completion ring has a layout this engine does "
               "not know";
    }
    return {};
}

unsigned AioUserRing::reap(unsigned max, sdk::IoUnit** out) noexcept {
    auto* events =
        reinterpret_cast<io_event*>(reinterpret_cast<char*>(ring_) + ring_->header_length);
    std::atomic_ref<unsigned> head_ref(ring_->head);
    std::atomic_ref<unsigned> tail_ref(ring_->tail);
    unsigned head = head_ref.load(std::memory_order_relaxed);
    // Acquire: the events up to tail were written before the kernel published tail.
    const unsigned tail = tail_ref.load(std::memory_order_acquire);
    unsigned count = 0;
    while (head != tail && count < max) {
        const io_event& event = events[head];
        auto* unit = static_cast<sdk::IoUnit*>(event.data);
        unit->result = static_cast<long>(event.res);
        out[count++] = unit;
        head = head + 1 == ring_->nr ? 0 : head + 1;
    }
    // Release: the kernel may reuse the slots only after they were read.
    if (count != 0) head_ref.store(head, std::memory_order_release);
    return count;
}

}  // namespace fio::engines
