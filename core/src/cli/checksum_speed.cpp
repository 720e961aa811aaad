#include "cli/checksum_speed.hpp"

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

struct ChecksumTest {
    const char* name;
    std::optional<VerifyMethod> method;  // nullopt: stock has it, this build does not
};

// Stock fio 3.33's list, in its order. murmur3, jhash and fnv are hashes stock uses
// only for its own tables, not for verify; this build does not carry them.
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
    {"murmur3", std::nullopt},
    {"jhash", std::nullopt},
    {"fnv", std::nullopt},
    {"sha3-224", VerifyMethod::sha3_224},
    {"sha3-256", VerifyMethod::sha3_256},
    {"sha3-384", VerifyMethod::sha3_384},
    {"sha3-512", VerifyMethod::sha3_512},
}};

constexpr std::size_t kBufferBytes = 1 << 20;
constexpr std::uint64_t kMeasureNs = 200'000'000;  // per checksum: long enough to be steady

// MiB per second of `method` over a buffer of random bytes, hashed again and again.
double measure(VerifyMethod method, const std::vector<std::uint8_t>& buffer) {
    std::array<std::uint8_t, kMaxChecksumBytes> sum{};
    const std::uint64_t start = sdk::monotonic_ns();
    std::uint64_t bytes = 0;
    std::uint64_t elapsed = 0;
    do {
        compute_checksum(method, buffer.data(), buffer.size(), sum.data());
        bytes += buffer.size();
        elapsed = sdk::monotonic_ns() - start;
    } while (elapsed < kMeasureNs);
    return static_cast<double>(bytes) / (1024.0 * 1024.0) / (static_cast<double>(elapsed) / 1e9);
}

std::string known_names() {
    std::string names;
    for (const auto& test : kTests) {
        if (!test.method) continue;
        if (!names.empty()) names += ", ";
        names += test.name;
    }
    return names;
}

}  // namespace

int run_checksum_speed_test(const std::string& which, std::FILE* out, std::FILE* err) {
    std::vector<bool> wanted(kTests.size(), which.empty());
    std::string_view rest = which;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view name = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        const auto test = std::find_if(kTests.begin(), kTests.end(),
                                       [&](const ChecksumTest& t) { return name == t.name; });
        if (test == kTests.end()) {
            fmt::print(err, "fio: --crctest: unknown checksum '{}' (known: {})\n", name, known_names());
            return 1;
        }
        if (!test->method) {
            fmt::print(err, "fio: --crctest: {} is not implemented here (known: {})\n", name,
                       known_names());
            return 1;
        }
        wanted[static_cast<std::size_t>(test - kTests.begin())] = true;
    }

    std::vector<std::uint8_t> buffer(kBufferBytes);
    std::mt19937_64 random(0x5eed);
    std::generate(buffer.begin(), buffer.end(), [&] { return static_cast<std::uint8_t>(random()); });
    for (std::size_t i = 0; i < kTests.size(); ++i) {
        if (!wanted[i] || !kTests[i].method) continue;
        const std::string label = fmt::format("{}:", kTests[i].name);
        // Stock pads with tabs to the second tab stop.
        fmt::print(out, "{}{}{:8.2f} MiB/sec\n", label, label.size() < 8 ? "\t\t" : "\t",
                   measure(*kTests[i].method, buffer));
        std::fflush(out);
    }
    return 0;
}

}  // namespace fio::core
