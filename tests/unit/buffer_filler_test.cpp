// Write buffer contents: the policy's precedence (as stock fio 3.33 behaves), and the
// compression and dedupe fill math with fixed seeds.
#include "data_measures.hpp"
#include "workload/buffer_filler.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace fio::core {
namespace {

using Fill = BufferContentPolicy::Fill;

// `blocks` writes of `bs` bytes through one buffer, as the I/O loop issues them.
std::string write_through(BufferFiller& filler, std::size_t bs, std::size_t blocks) {
    std::vector<std::uint8_t> buffer(bs);
    filler.fill_initial(buffer.data(), bs);
    std::string out;
    for (std::size_t i = 0; i < blocks; ++i) {
        sdk::IoUnit unit;
        unit.buffer = buffer.data();
        unit.length = static_cast<std::uint32_t>(bs);
        unit.offset = i * bs;
        unit.start_ns = 1'000'000 + i * 977;
        unit.direction = sdk::IoDirection::write;
        filler.before_write(unit);
        out.append(reinterpret_cast<const char*>(buffer.data()), bs);
    }
    return out;
}

BufferFiller filler_for(const BufferSpec& spec, std::size_t bs = 4096, std::uint64_t seed = 42,
                        std::shared_ptr<const std::vector<std::uint64_t>> ws = nullptr) {
    return BufferFiller(spec, bs, bs, seed, std::move(ws));
}

TEST(BufferContentPolicy, DefaultIsRandomAndScrambled) {
    EXPECT_EQ(BufferContentPolicy::from({}), (BufferContentPolicy{Fill::random, false, true}));
}

TEST(BufferContentPolicy, ZerosAndPatternTurnScrambleOffUnlessAskedFor) {
    BufferSpec zeros;
    zeros.zero_buffers = true;
    EXPECT_EQ(BufferContentPolicy::from(zeros), (BufferContentPolicy{Fill::zeros, false, false}));
    zeros.scramble_buffers = true;
    EXPECT_TRUE(BufferContentPolicy::from(zeros).scramble);
    BufferSpec pattern;
    pattern.pattern = {1, 2};
    pattern.zero_buffers = true;
    EXPECT_EQ(BufferContentPolicy::from(pattern), (BufferContentPolicy{Fill::pattern, false, false}));
}

TEST(BufferContentPolicy, CompressionImpliesRefillExceptAt0And100) {
    for (std::uint32_t pct : {0u, 1u, 50u, 99u, 100u}) {
        BufferSpec spec;
        spec.compress_percentage = pct;
        const auto policy = BufferContentPolicy::from(spec);
        EXPECT_EQ(policy.fill, Fill::seeded_blocks);
        EXPECT_EQ(policy.refill, pct != 0 && pct != 100) << pct;
        EXPECT_FALSE(policy.scramble) << pct;
    }
    BufferSpec no_refill;
    no_refill.compress_percentage = 50;
    no_refill.refill_buffers = false;
    EXPECT_FALSE(BufferContentPolicy::from(no_refill).refill);
}

TEST(BufferContentPolicy, DedupeImpliesRefillAndZeroDedupeKeepsScrambling) {
    BufferSpec spec;
    spec.dedupe_percentage = 30;
    EXPECT_EQ(BufferContentPolicy::from(spec), (BufferContentPolicy{Fill::seeded_blocks, true, false}));
    spec.dedupe_percentage = 0;
    EXPECT_EQ(BufferContentPolicy::from(spec), (BufferContentPolicy{Fill::random, false, true}));
}

TEST(BufferFiller, PatternRepeatsFromTheStartOfEveryBuffer) {
    BufferSpec spec;
    spec.pattern = {'a', 'b', 'c'};
    auto filler = filler_for(spec, 4096);
    const std::string data = write_through(filler, 4096, 2);
    std::string expected;
    while (expected.size() < 4096) expected += "abc";
    expected.resize(4096);
    EXPECT_EQ(data, expected + expected);
}

TEST(BufferFiller, ScrambleMakesEveryWriteDifferentButKeepsMostBytes) {
    auto filler = filler_for({});
    const std::string data = write_through(filler, 4096, 64);
    EXPECT_EQ(fio::test::duplicate_block_percent(data, 4096), 0.0);
    std::size_t same = 0;
    for (std::size_t i = 0; i < 4096; ++i) same += data[i] == data[4096 + i];
    EXPECT_GT(same, 4096u * 9 / 10);  // a few stamps per 512-byte sector, no more
}

TEST(BufferFiller, WithoutScrambleEveryWriteIsTheSameRandomBlock) {
    BufferSpec spec;
    spec.scramble_buffers = false;
    auto filler = filler_for(spec);
    const std::string data = write_through(filler, 4096, 16);
    EXPECT_NEAR(fio::test::duplicate_block_percent(data, 4096), 15.0 / 16 * 100, 1e-9);
    EXPECT_GT(fio::test::compressed_percent(data.substr(0, 4096)), 99.0);
}

TEST(BufferFiller, CompressionMathIsExactPerChunk) {
    BufferSpec spec;
    spec.compress_percentage = 50;  // chunk 512: 256 random bytes then 256 zeros
    auto filler = filler_for(spec);
    const std::string data = write_through(filler, 4096, 1);
    for (std::size_t chunk = 0; chunk < 8; ++chunk) {
        const std::string_view fixed = std::string_view(data).substr(chunk * 512 + 256, 256);
        EXPECT_EQ(fixed.find_first_not_of('\0'), std::string_view::npos) << chunk;
        const std::string_view random = std::string_view(data).substr(chunk * 512, 256);
        EXPECT_GT(fio::test::compressed_percent(random), 99.0) << chunk;
    }
    spec.compress_chunk = 0;  // one chunk: 3/10 of the block is random
    spec.compress_percentage = 70;
    auto whole = filler_for(spec);
    const std::string block = write_through(whole, 4096, 1);
    EXPECT_EQ(block.find_first_not_of('\0', 1228), std::string::npos);
    EXPECT_NE(block[1227], 0);  // the last random byte (nonzero for this seed)
}

TEST(BufferFiller, CompressedDataCompressesToAboutThePercentage) {
    for (std::uint32_t pct : {25u, 50u, 75u}) {
        BufferSpec spec;
        spec.compress_percentage = pct;
        auto filler = filler_for(spec);
        const double ratio = fio::test::compressed_percent(write_through(filler, 4096, 256));
        EXPECT_NEAR(ratio, 100.0 - pct, 5.0) << pct;
    }
    BufferSpec fixed_pattern;  // the fixed part is the pattern
    fixed_pattern.compress_percentage = 50;
    fixed_pattern.pattern = {0xab};
    auto filler = filler_for(fixed_pattern);
    const std::string data = write_through(filler, 4096, 1);
    EXPECT_EQ(data.substr(256, 256), std::string(256, '\xab'));
}

TEST(BufferFiller, DedupePercentageGivesThatShareOfDuplicateBlocks) {
    for (std::uint32_t pct : {10u, 30u, 60u}) {
        BufferSpec spec;
        spec.dedupe_percentage = pct;
        auto filler = filler_for(spec);
        const std::string data = write_through(filler, 4096, 2000);
        EXPECT_NEAR(fio::test::duplicate_block_percent(data, 4096), pct, 3.0) << pct;
    }
    BufferSpec all;
    all.dedupe_percentage = 100;
    auto filler = filler_for(all);
    EXPECT_NEAR(fio::test::duplicate_block_percent(write_through(filler, 4096, 100), 4096),
                99.0, 1e-9);
}

TEST(BufferFiller, WorkingSetDuplicatesComeFromTheWorkingSet) {
    BufferSpec spec;
    spec.dedupe_percentage = 50;
    spec.dedupe_mode = DedupeMode::working_set;
    const auto ws = std::make_shared<std::vector<std::uint64_t>>(first_unique_block_seeds(7, 4));
    auto filler = filler_for(spec, 4096, 7, ws);
    const std::string data = write_through(filler, 4096, 1000);
    // The working set is the first four unique blocks: every duplicate is one of them.
    std::set<std::string_view> blocks;
    for (std::size_t at = 0; at < data.size(); at += 4096) {
        blocks.insert(std::string_view(data).substr(at, 4096));
    }
    EXPECT_NEAR(fio::test::duplicate_block_percent(data, 4096), 50.0, 4.0);
    EXPECT_NEAR(static_cast<double>(blocks.size()), 500.0, 40.0);
}

TEST(BufferFiller, SameSeedSameContents) {
    BufferSpec spec;
    spec.dedupe_percentage = 20;
    spec.compress_percentage = 40;
    auto a = filler_for(spec, 4096, 99);
    auto b = filler_for(spec, 4096, 99);
    auto c = filler_for(spec, 4096, 100);
    const std::string first = write_through(a, 4096, 50);
    EXPECT_EQ(first, write_through(b, 4096, 50));
    EXPECT_NE(first, write_through(c, 4096, 50));
}

}  // namespace
}  // namespace fio::core
