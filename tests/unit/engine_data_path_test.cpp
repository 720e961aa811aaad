// Every engine moves real bytes: write a known pattern, read it back, compare.
#include "engine_data_path.hpp"
#include "engine_harness.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <random>

namespace fio::test {
namespace {

// The byte at `offset` of the test pattern: depends on the block and position, so a
// misplaced or stale block is caught.
char pattern_byte(std::uint64_t offset) {
    return static_cast<char>((offset * 2654435761u) >> 13);
}

TEST_P(EngineDataPath, WritesThenReadsBackTheSameBytes) {
    const EngineCase c = GetParam();
    constexpr std::uint32_t kBlock = 4096;
    constexpr std::uint64_t kBlocks = 512;
    ScratchDir dir;
    // /dev/shm (tmpfs) refuses O_DIRECT; the scratch dir is on a real filesystem.
    EngineHarness harness(c.plugin, c.iodepth, c.direct, c.options, kBlock);
    harness.open(dir / "data", kBlocks * kBlock, c.direct);

    std::vector<std::uint64_t> order(kBlocks);
    for (std::uint64_t i = 0; i < kBlocks; ++i) order[i] = i;
    if (c.random) std::shuffle(order.begin(), order.end(), std::mt19937(c.iodepth));

    std::vector<EngineHarness::Io> ios;
    for (auto block : order) ios.push_back({sdk::IoDirection::write, block * kBlock, kBlock});
    harness.on_prepare = [](sdk::IoUnit& u, std::size_t) {
        auto* bytes = static_cast<char*>(u.buffer);
        for (std::uint32_t i = 0; i < u.length; ++i) bytes[i] = pattern_byte(u.offset + i);
    };
    harness.run(ios);
    for (const auto& io : ios) ASSERT_EQ(io.result, kBlock) << "write at " << io.offset;

    std::shuffle(order.begin(), order.end(), std::mt19937(7));
    ios.clear();
    for (auto block : order) ios.push_back({sdk::IoDirection::read, block * kBlock, kBlock});
    std::size_t mismatches = 0;
    harness.on_complete = nullptr;
    harness.on_prepare = [](sdk::IoUnit& u, std::size_t) { std::memset(u.buffer, 0, u.length); };
    harness.on_complete = [&](sdk::IoUnit& u, std::size_t) {
        const auto* bytes = static_cast<const char*>(u.buffer);
        for (std::uint32_t i = 0; i < u.length; ++i) mismatches += bytes[i] != pattern_byte(u.offset + i);
    };
    harness.run(ios);
    for (const auto& io : ios) ASSERT_EQ(io.result, kBlock) << "read at " << io.offset;
    EXPECT_EQ(mismatches, 0u);
}

INSTANTIATE_TEST_SUITE_P(SyncEngines, EngineDataPath,
                         testing::Values(EngineCase{"fio-engine-sync.so", 1, false, false},
                                         EngineCase{"fio-engine-sync.so", 1, false, true},
                                         EngineCase{"fio-engine-sync.so", 1, true, true},
                                         EngineCase{"fio-engine-psync.so", 1, false, false},
                                         EngineCase{"fio-engine-psync.so", 1, false, true},
                                         EngineCase{"fio-engine-psync.so", 1, true, true}),
                         engine_case_name);

TEST(NullEngine, CompletesEveryIoAtDepthOneAndThirtyTwo) {
    for (std::uint32_t depth : {1u, 32u}) {
        EngineHarness harness("fio-engine-null.so", depth, false, {}, 4096);
        std::vector<EngineHarness::Io> ios;
        for (std::uint64_t i = 0; i < 1000; ++i) ios.push_back({sdk::IoDirection::read, i * 4096, 4096});
        harness.run(ios);
        for (const auto& io : ios) EXPECT_EQ(io.result, 4096);
    }
}

}  // namespace
}  // namespace fio::test
