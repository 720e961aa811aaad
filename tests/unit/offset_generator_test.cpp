#include "workload/offset_generator.hpp"

#include <gtest/gtest.h>

#include <set>

namespace fio::core {
namespace {

std::vector<std::uint64_t> one_pass(OffsetGenerator& generator) {
    std::vector<std::uint64_t> offsets;
    std::uint64_t offset;
    while (generator.next(offset)) offsets.push_back(offset);
    return offsets;
}

TEST(OffsetGenerator, SequentialWalksEveryBlockInOrder) {
    OffsetGenerator generator(10 * 4096 + 100, 4096, false, true, 1);
    const auto offsets = one_pass(generator);
    ASSERT_EQ(offsets.size(), 10u);  // the partial block at the end is not used
    for (std::size_t i = 0; i < offsets.size(); ++i) EXPECT_EQ(offsets[i], i * 4096);
}

TEST(OffsetGenerator, RandomWithMapVisitsEveryBlockExactlyOncePerPass) {
    OffsetGenerator generator(4097 * 512ull, 512, true, true, 42);
    for (int pass = 0; pass < 2; ++pass) {
        const auto offsets = one_pass(generator);
        ASSERT_EQ(offsets.size(), 4097u);
        const std::set<std::uint64_t> unique(offsets.begin(), offsets.end());
        EXPECT_EQ(unique.size(), 4097u);
        EXPECT_EQ(*unique.rbegin(), 4096u * 512);
        EXPECT_FALSE(std::is_sorted(offsets.begin(), offsets.end()));
        generator.start_new_pass();
    }
}

TEST(OffsetGenerator, NorandommapIssuesOnePassWorthOfBlocksWithRepeats) {
    OffsetGenerator generator(4096 * 4096ull, 4096, true, false, 7);
    const auto offsets = one_pass(generator);
    ASSERT_EQ(offsets.size(), 4096u);
    const std::set<std::uint64_t> unique(offsets.begin(), offsets.end());
    EXPECT_LT(unique.size(), 4096u);  // birthday paradox: repeats are certain here
    for (auto offset : offsets) EXPECT_EQ(offset % 4096, 0u);
}

TEST(OffsetGenerator, SameSeedSameSequence) {
    OffsetGenerator a(1 << 20, 4096, true, true, 99);
    OffsetGenerator b(1 << 20, 4096, true, true, 99);
    EXPECT_EQ(one_pass(a), one_pass(b));
}

}  // namespace
}  // namespace fio::core
