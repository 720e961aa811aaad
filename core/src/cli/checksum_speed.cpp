#include "cli/checksum_speed.hpp"

#include "util/table_hashes.hpp"
#include "verify/checksum.hpp"

#include <fio/sdk/clock.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

namespace fio::core {
namespace {

// One pass of a table hash over the buffer, seeded as stock's test seeds it; the result
// is returned so that the compiler cannot drop the work.
using TableHashPass = std::uint64_t (*)(const std::vector<std::uint8_t>&);

constexpr std::uint32_t kStockSeed = 0x8989;

std::uint64_t murmur3_pass(const std::vector<std::uint8_t>& buffer) {
    return murmur3_32(buffer.data(), buffer.size(), kStockSeed);
}
std::uint64_t jhash_pass(const std::vector<std::uint8_t>& buffer) {
    return stock_jhash(buffer.data(), static_cast<std::uint32_t>(buffer.size()), kStockSeed);
}
std::uint64_t fnv_pass(const std::vector<std::uint8_t>& buffer) {
    return stock_fnv(buffer.data(), static_cast<std::uint32_t>(buffer.size()), kStockSeed);
}

struct ChecksumTest {
    const char* name;
    std::optional<VerifyMethod> method;  // a verify checksum...
    TableHashPass table_hash = nullptr;  // ...or one of the hashes of stock's own tables
};

// Stock fio 3.33's list, in its order. murmur3, jhash and fnv are hashes stock uses
// only for its own tables, not for verify (util/table_hashes.hpp).
constexpr std::array<ChecksumTest, 17> kTests{{
    {"md5", VerifyMethod::md5},
    {"crc64", VerifyMethod::crc64},
    {"crc32", VerifyMethod::crc32},
    {"crc32c", VerifyMethod::crc32c},
    {"crc16", VerifyMethod::crc16},
    {"crc7", VerifyMethod::crc7},
    {"sha1", VerifyMethod::sha1},
    {"sha256", VerifyMethod::sha256},
    {"sha512", VerifyMethod::sha512},
    {"xxhash", VerifyMethod::xxhash},
    {"murmur3", std::nullopt, murmur3_pass},
    {"jhash", std::nullopt, jhash_pass},
    {"fnv", std::nullopt, fnv_pass},
    {"sha3-224", VerifyMethod::sha3_224},
    {"sha3-256", VerifyMethod::sha3_256},
    {"sha3-384", VerifyMethod::sha3_384},
    {"sha3-512", VerifyMethod::sha3_512},
}};

constexpr std::size_t kBufferBytes = 1 << 20;
constexpr std::uint64_t kMeasureNs = 200'000'000;  // per checksum: long enough to be steady

// MiB per second of `test` over a buffer of random bytes, hashed again and again.
double measure(const ChecksumTest& test, const std::vector<std::uint8_t>& buffer) {
    std::array<std::uint8_t, kMaxChecksumBytes> sum{};
    volatile std::uint64_t table_sum = 0;
    const std::uint64_t start = sdk::monotonic_ns();
    std::uint64_t bytes = 0;
    std::uint64_t elapsed = 0;
    do {
        if (test.table_hash) table_sum = table_sum + test.table_hash(buffer);
        else compute_checksum(*test.method, buffer.data(), buffer.size(), sum.data());
        bytes += buffer.size();
        elapsed = sdk::monotonic_ns() - start;
    } while (elapsed < kMeasureNs);
    return static_cast<double>(bytes) / (1024.0 * 1024.0) / (static_cast<double>(elapsed) / 1e9);
}

// Stock's list of names, one a line, on stdout.
void print_names(std::FILE* out) {
    for (const auto& test : kTests) fmt::print(out, "{}\n", test.name);
}

}  // namespace

int run_checksum_speed_test(const std::string& which, std::FILE* out, std::FILE* err) {
    if (which == "list" || which == "help") {  // stock lists the names and exits with 1
        print_names(out);
        return 1;
    }
    std::vector<bool> wanted(kTests.size(), which.empty());
    std::string_view rest = which;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view name = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        const auto test = std::find_if(kTests.begin(), kTests.end(),
                                       [&](const ChecksumTest& t) { return name == t.name; });
        if (test == kTests.end()) {
            // Stock's line and list; stock ignores an unknown name next to known ones,
            // this build refuses it (docs/design-notes.md).
            fmt::print(err, "fio: unknown hash `{}`. Available:\n", name);
            print_names(out);
            return 1;
        }
        wanted[static_cast<std::size_t>(test - kTests.begin())] = true;
    }

    std::vector<std::uint8_t> buffer(kBufferBytes);
    std::mt19937_64 random(0x5eed);
    std::generate(buffer.begin(), buffer.end(), [&] { return static_cast<std::uint8_t>(random()); });
    for (std::size_t i = 0; i < kTests.size(); ++i) {
        if (!wanted[i]) continue;
        const std::string label = fmt::format("{}:", kTests[i].name);
        // Stock pads with tabs to the second tab stop.
        fmt::print(out, "{}{}{:8.2f} MiB/sec\n", label, label.size() < 8 ? "\t\t" : "\t",
                   measure(kTests[i], buffer));
        std::fflush(out);
    }
    return 0;
}

}  // namespace fio::core
