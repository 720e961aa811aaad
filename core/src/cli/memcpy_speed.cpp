#include "cli/memcpy_speed.hpp"

#include <fio/sdk/clock.hpp>

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <string_view>
#include <vector>

namespace fio::core {
namespace {

using CopyFunction = void (*)(void*, const void*, std::size_t);

// One byte at a time, kept a loop: the compiler must not turn it into a memcpy call or
// vector code, or "simple" would measure libc again.
__attribute__((noinline, optimize("no-tree-loop-distribute-patterns", "no-tree-vectorize")))
void copy_bytes(void* to, const void* from, std::size_t length) {
    auto* d = static_cast<unsigned char*>(to);
    const auto* s = static_cast<const unsigned char*>(from);
    while (length-- != 0) *d++ = *s++;
}

void copy_memcpy(void* to, const void* from, std::size_t length) { std::memcpy(to, from, length); }
void copy_memmove(void* to, const void* from, std::size_t length) { std::memmove(to, from, length); }

struct CopyType {
    const char* name;
    CopyFunction small;  // blocks under 64 bytes
    CopyFunction large;  // blocks of 64 bytes and more
};

constexpr std::array<CopyType, 4> kTypes{{
    {"memcpy", copy_memcpy, copy_memcpy},
    {"memmove", copy_memmove, copy_memmove},
    {"simple", copy_bytes, copy_bytes},
    {"hybrid", copy_memcpy, copy_bytes},
}};

constexpr std::array<std::size_t, 11> kBlockSizes{8, 16, 96, 128, 256, 512, 2048, 8192,
                                                  131072, 262144, 524288};
constexpr std::size_t kBufferBytes = 32u << 20;
constexpr std::uint64_t kMeasureNs = 50'000'000;  // per size: steady, and the whole test short

// MiB per second copying the buffer in blocks of `block` bytes, over and over.
double measure(CopyFunction copy, std::size_t block, std::vector<unsigned char>& to,
               const std::vector<unsigned char>& from) {
    const std::uint64_t start = sdk::monotonic_ns();
    std::uint64_t bytes = 0;
    std::uint64_t elapsed = 0;
    do {
        for (std::size_t at = 0; at + block <= kBufferBytes && bytes < (1ull << 40); at += block) {
            copy(to.data() + at, from.data() + at, block);
            bytes += block;
            if ((bytes & ((1u << 20) - 1)) < block) {
                elapsed = sdk::monotonic_ns() - start;
                if (elapsed >= kMeasureNs) break;
            }
        }
        elapsed = sdk::monotonic_ns() - start;
    } while (elapsed < kMeasureNs);
    return static_cast<double>(bytes) / (1024.0 * 1024.0) / (static_cast<double>(elapsed) / 1e9);
}

}  // namespace

int run_memcpy_speed_test(const std::string& which, std::FILE* out, std::FILE* err) {
    std::array<bool, kTypes.size()> wanted{};
    wanted.fill(which.empty());
    std::string_view rest = which;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view name = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        bool known = false;
        for (std::size_t i = 0; i < kTypes.size(); ++i) {
            if (name == kTypes[i].name) wanted[i] = known = true;
        }
        if (!known) {
            // As stock: the complaint on stderr, the names it knows on stdout.
            fmt::print(err, "fio: unknown hash `{}`. Available:\n", name);
            for (const auto& type : kTypes) fmt::print(out, "{}\n", type.name);
            return 1;
        }
    }
    std::vector<unsigned char> from(kBufferBytes, 0x5a);
    std::vector<unsigned char> to(kBufferBytes, 0);
    for (std::size_t i = 0; i < kTypes.size(); ++i) {
        if (!wanted[i]) continue;
        fmt::print(out, "{}\n", kTypes[i].name);
        for (const std::size_t block : kBlockSizes) {
            const CopyFunction copy = block < 64 ? kTypes[i].small : kTypes[i].large;
            fmt::print(out, "\t{} bytes:\t{:8.2f} MiB/sec\n", block, measure(copy, block, to, from));
            std::fflush(out);
        }
    }
    return 0;
}

}  // namespace fio::core
