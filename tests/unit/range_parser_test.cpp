// Expected values checked against stock fio 3.33: the block sizes on its job line
// ("bs=(R) 1024B-4096B, (W) ...") for bs= and bsrange=, `--debug=parse` for the two
// ends of startdelay=. Where it silently ignores text we reject; see range_parser.hpp.
#include "options/range_parser.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

namespace fio::core {
namespace {

constexpr std::uint64_t KiB = 1024;
constexpr std::uint64_t MiB = KiB * 1024;
constexpr std::uint64_t kNsPerMs = 1'000'000;
constexpr std::uint64_t kNsPerS = 1'000'000'000;

template <typename Parse>
std::string error_of(Parse parse) {
    try {
        parse();
    } catch (const ValueError& e) {
        return e.what();
    }
    return "";
}

#define EXPECT_ERROR_CONTAINS(expression, expected)                                   \
    do {                                                                              \
        const std::string message = error_of([&] { (void)(expression); });            \
        EXPECT_NE(message.find(expected), std::string::npos) << "message: " << message; \
    } while (0)

// --- one size range ---------------------------------------------------------------------

TEST(ParseSizeRange, MinAndMax) {
    EXPECT_EQ(parse_size_range("4k-64k", 1024), (SizeRange{4 * KiB, 64 * KiB}));
    EXPECT_EQ(parse_size_range("1k:4k", 1024), (SizeRange{KiB, 4 * KiB}));  // stock: same
    EXPECT_EQ(parse_size_range(" 1k - 4k ", 1024), (SizeRange{KiB, 4 * KiB}));  // stock: 4-1024
    EXPECT_EQ(parse_size_range("1K-4KiB", 1024), (SizeRange{KiB, 4000}));  // stock: same
    EXPECT_EQ(parse_size_range("1k-4k", 1000), (SizeRange{1000, 4000}));
    EXPECT_EQ(parse_size_range("0-4k", 1024), (SizeRange{0, 4 * KiB}));  // bounds: caller's
}

TEST(ParseSizeRange, ASingleValueIsBothEnds) {
    // filesize=64k: stock fio creates 64 KiB files.
    EXPECT_EQ(parse_size_range("64k", 1024), (SizeRange{64 * KiB, 64 * KiB}));
}

TEST(ParseSizeRange, ReversedEndsAreSwapped) {
    // HOWTO: "If the lower value specified happens to be larger than the upper value the
    // two values are swapped"; bsrange=8k-4k shows as 4096B-8192B in stock fio.
    EXPECT_EQ(parse_size_range("8k-4k", 1024), (SizeRange{4 * KiB, 8 * KiB}));
}

TEST(ParseSizeRange, EndsMayBeExpressions) {
    EXPECT_EQ(parse_size_range("(8-4)k-16k", 1024), (SizeRange{4 * KiB, 16 * KiB}));
    EXPECT_EQ(parse_size_range("(1+1)k:(2*2)m", 1024), (SizeRange{2 * KiB, 4 * MiB}));
    EXPECT_EQ(parse_size_range("2*4096-16384", 1024), (SizeRange{8 * KiB, 16 * KiB}));
}

TEST(ParseSizeRange, Rejections) {
    EXPECT_ERROR_CONTAINS(parse_size_range("", 1024), "'' is not a size range: the value is empty");
    EXPECT_ERROR_CONTAINS(parse_size_range("1k-", 1024), "the upper end is missing");  // stock too
    EXPECT_ERROR_CONTAINS(parse_size_range("-4k", 1024), "the lower end is missing");  // stock too
    // Stock fio reads each of these as 1k-4k or 1k-2k, ignoring the rest.
    EXPECT_ERROR_CONTAINS(parse_size_range("1k-2k-3k", 1024),
                          "'1k-2k-3k' is not a size range: expected one '-' or ':'");
    EXPECT_ERROR_CONTAINS(parse_size_range("1k-4k:8k", 1024), "expected one '-' or ':'");
    EXPECT_ERROR_CONTAINS(parse_size_range("4096-8192-4096", 1024), "expected one '-' or ':'");
    EXPECT_ERROR_CONTAINS(parse_size_range("1k-4kx", 1024), "unknown unit 'kx'");
    EXPECT_ERROR_CONTAINS(parse_size_range("1k-4k/2k-8k", 1024), "is not a size");
    EXPECT_ERROR_CONTAINS(parse_size_range("4q-8k", 1024), "'4q' is not a size: unknown unit 'q'");
}

// --- one time range ---------------------------------------------------------------------

TEST(ParseTimeRange, EachEndHasItsOwnUnit) {
    // startdelay=1-5s: stock fio's ends are 1000000 and 5000000 us (1 s and 5 s).
    EXPECT_EQ(parse_time_range("1-5s", TimeUnit::s), (TimeRange{kNsPerS, 5 * kNsPerS}));
    // startdelay=100ms-2: 100000 and 2000000 us.
    EXPECT_EQ(parse_time_range("100ms-2", TimeUnit::s), (TimeRange{100 * kNsPerMs, 2 * kNsPerS}));
    // startdelay=1:3: 1 s and 3 s.
    EXPECT_EQ(parse_time_range("1:3", TimeUnit::s), (TimeRange{kNsPerS, 3 * kNsPerS}));
    EXPECT_EQ(parse_time_range("1-5", TimeUnit::ms), (TimeRange{kNsPerMs, 5 * kNsPerMs}));
}

TEST(ParseTimeRange, ASingleValueIsBothEnds) {
    // startdelay=2: 2000000 us in stock fio.
    EXPECT_EQ(parse_time_range("2", TimeUnit::s), (TimeRange{2 * kNsPerS, 2 * kNsPerS}));
    EXPECT_EQ(parse_time_range("(1+1)", TimeUnit::s), (TimeRange{2 * kNsPerS, 2 * kNsPerS}));
}

TEST(ParseTimeRange, ReversedEndsAreSwapped) {
    // Stock fio keeps startdelay=3-1 as 3 s..1 s and then never starts the job (20 s
    // timeouts every time); we swap, as HOWTO says of ranges.
    EXPECT_EQ(parse_time_range("3-1", TimeUnit::s), (TimeRange{kNsPerS, 3 * kNsPerS}));
}

TEST(ParseTimeRange, Rejections) {
    EXPECT_ERROR_CONTAINS(parse_time_range("1-", TimeUnit::s), "the upper end is missing");
    EXPECT_ERROR_CONTAINS(parse_time_range("1-5q", TimeUnit::s),
                          "'1-5q' is not a time range: '5q' is not a time");
    EXPECT_ERROR_CONTAINS(parse_time_range("1-2-3", TimeUnit::s), "expected one '-' or ':'");
}

// --- bsrange: per direction ------------------------------------------------------------

TEST(ParseSizeRanges, PerDirection) {
    const PerDirection<SizeRange> both = parse_size_ranges("1k-4k,2k-8k", 1024);
    EXPECT_EQ(both[0], (SizeRange{KiB, 4 * KiB}));
    EXPECT_EQ(both[1], (SizeRange{2 * KiB, 8 * KiB}));
    EXPECT_EQ(both[2], (SizeRange{2 * KiB, 8 * KiB}));  // stock: trim follows write

    const PerDirection<SizeRange> three = parse_size_ranges("1k-4k,2k-8k,3k-9k", 1024);
    EXPECT_EQ(three[2], (SizeRange{3 * KiB, 9 * KiB}));

    const PerDirection<SizeRange> all = parse_size_ranges("1k:4k", 1024);
    EXPECT_EQ(all[0], (SizeRange{KiB, 4 * KiB}));
    EXPECT_EQ(all[1], all[0]);
    EXPECT_EQ(all[2], all[0]);

    // bsrange=1k-4k, : stock keeps the default 4096B-4096B for writes and trims.
    const PerDirection<SizeRange> reads = parse_size_ranges("1k-4k,", 1024);
    EXPECT_EQ(reads[0], (SizeRange{KiB, 4 * KiB}));
    EXPECT_EQ(reads[1], std::nullopt);
    EXPECT_EQ(reads[2], std::nullopt);

    // bsrange=,2k-8k : reads keep the default.
    const PerDirection<SizeRange> writes = parse_size_ranges(",2k-8k", 1024);
    EXPECT_EQ(writes[0], std::nullopt);
    EXPECT_EQ(writes[1], (SizeRange{2 * KiB, 8 * KiB}));
    EXPECT_EQ(writes[2], (SizeRange{2 * KiB, 8 * KiB}));
}

TEST(ParseSizeRanges, Rejections) {
    // Stock fio rejects bsrange=4k and bsrange=, too.
    EXPECT_ERROR_CONTAINS(parse_size_ranges("4k", 1024),
                          "'4k' is not a size range: expected MIN-MAX");
    EXPECT_ERROR_CONTAINS(parse_size_ranges("1k-4k,2k", 1024),
                          "the write value: '2k' is not a size range");
    EXPECT_ERROR_CONTAINS(parse_size_ranges(",", 1024), "gives no value");
    // Stock fio silently ignores a fourth range.
    EXPECT_ERROR_CONTAINS(parse_size_ranges("1k-4k,2k-8k,3k-9k,5k-6k", 1024),
                          "has 4 comma-separated values; at most 3");
}

// --- bs: per direction -----------------------------------------------------------------

PerDirection<std::uint64_t> sizes(std::uint64_t read, std::uint64_t write, std::uint64_t trim) {
    return {read, write, trim};
}

constexpr std::nullopt_t kUnset = std::nullopt;

TEST(ParsePerDirectionSizes, HowtosExamples) {
    // Each line as stock fio's job line shows it; unset is the default 4096.
    EXPECT_EQ(parse_per_direction_sizes("256k", 1024), sizes(256 * KiB, 256 * KiB, 256 * KiB));
    EXPECT_EQ(parse_per_direction_sizes("8k,32k", 1024), sizes(8 * KiB, 32 * KiB, 32 * KiB));
    EXPECT_EQ(parse_per_direction_sizes("8k,32k,", 1024),
              (PerDirection<std::uint64_t>{8 * KiB, 32 * KiB, kUnset}));
    EXPECT_EQ(parse_per_direction_sizes(",8k", 1024),
              (PerDirection<std::uint64_t>{kUnset, 8 * KiB, 8 * KiB}));
    EXPECT_EQ(parse_per_direction_sizes(",8k,", 1024),
              (PerDirection<std::uint64_t>{kUnset, 8 * KiB, kUnset}));
}

TEST(ParsePerDirectionSizes, MoreForms) {
    EXPECT_EQ(parse_per_direction_sizes("8k,16k,32k", 1024), sizes(8 * KiB, 16 * KiB, 32 * KiB));
    EXPECT_EQ(parse_per_direction_sizes("8k,,16k", 1024),
              (PerDirection<std::uint64_t>{8 * KiB, kUnset, 16 * KiB}));
    EXPECT_EQ(parse_per_direction_sizes(",,8k", 1024),
              (PerDirection<std::uint64_t>{kUnset, kUnset, 8 * KiB}));
    EXPECT_EQ(parse_per_direction_sizes("8k,", 1024),
              (PerDirection<std::uint64_t>{8 * KiB, kUnset, kUnset}));
    EXPECT_EQ(parse_per_direction_sizes("8k,,", 1024),
              (PerDirection<std::uint64_t>{8 * KiB, kUnset, kUnset}));
    // Stock fio reads " 8k , 16k" as 8 and 16 bytes; blanks are not part of a value.
    EXPECT_EQ(parse_per_direction_sizes(" 8k , 16k", 1024), sizes(8 * KiB, 16 * KiB, 16 * KiB));
    EXPECT_EQ(parse_per_direction_sizes("4k,8k", 1000), sizes(4000, 8000, 8000));
    EXPECT_EQ(parse_per_direction_sizes("(1+1)k,(8-4)k", 1024), sizes(2 * KiB, 4 * KiB, 4 * KiB));
    EXPECT_EQ(parse_per_direction_sizes("0", 1024), sizes(0, 0, 0));  // bounds: caller's
}

TEST(ParsePerDirectionSizes, Rejections) {
    // Stock fio rejects these three as well.
    EXPECT_ERROR_CONTAINS(parse_per_direction_sizes("", 1024), "gives no value");
    EXPECT_ERROR_CONTAINS(parse_per_direction_sizes(",", 1024), "gives no value");
    EXPECT_ERROR_CONTAINS(parse_per_direction_sizes(" , , ", 1024), "gives no value");
    // Stock fio ignores the fourth value.
    EXPECT_ERROR_CONTAINS(parse_per_direction_sizes("1k,2k,3k,4k", 1024), "at most 3");
    // Stock fio reads bs=1k-2k and bs=1k:2k as read 1k, write and trim 2k.
    EXPECT_ERROR_CONTAINS(parse_per_direction_sizes("1k-2k", 1024),
                          "'1k-2k' is not a size: ':' and '-'");
    EXPECT_ERROR_CONTAINS(parse_per_direction_sizes("1k:2k", 1024), "':' and '-'");
    EXPECT_ERROR_CONTAINS(parse_per_direction_sizes("8192-4096", 1024), "':' and '-'");
    // Stock fio reads bs=8k/16k as 8k.
    EXPECT_ERROR_CONTAINS(parse_per_direction_sizes("8k/16k", 1024), "unknown unit 'k/16k'");
    EXPECT_ERROR_CONTAINS(parse_per_direction_sizes("4k,8q", 1024),
                          "in '4k,8q', the write value: '8q' is not a size");
}

}  // namespace
}  // namespace fio::core
