#include "options/core_options.hpp"
#include "workload/block_size_chooser.hpp"

#include <gtest/gtest.h>

#include <map>

namespace fio::core {
namespace {

JobSpec job_with(std::initializer_list<std::pair<const char*, const char*>> options) {
    JobSpec job;
    for (const auto& [name, value] : options) apply_option(job, {name, value, {}});
    return job;
}

// Share of each size over `draws` picks with plenty of room.
std::map<std::uint64_t, double> shares(const JobSpec& job, int direction, int draws = 200000,
                                       bool random = true) {
    BlockSizeChooser chooser(job, 1234);
    std::map<std::uint64_t, double> counts;
    for (int i = 0; i < draws; ++i) counts[chooser.pick(direction, random, 1ull << 40)] += 1;
    for (auto& [size, count] : counts) count /= draws;
    return counts;
}

// Tolerance: 200000 draws give a standard error below 0.12 points for any share.
constexpr double kTolerance = 0.006;

TEST(BlockSizeChooser, BssplitIssuesEachSizeAtItsPercentage) {
    const auto got = shares(job_with({{"bssplit", "4k/10:64k/50:32k/40"}}), 0);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_NEAR(got.at(4096), 0.10, kTolerance);
    EXPECT_NEAR(got.at(32768), 0.40, kTolerance);
    EXPECT_NEAR(got.at(65536), 0.50, kTolerance);
}

TEST(BlockSizeChooser, BssplitPerDirection) {
    const JobSpec job = job_with({{"bssplit", "2k/50:4k/50,4k/90:8k/10"}});
    const auto reads = shares(job, 0);
    const auto writes = shares(job, 1);
    EXPECT_NEAR(reads.at(2048), 0.5, kTolerance);
    EXPECT_NEAR(reads.at(4096), 0.5, kTolerance);
    EXPECT_NEAR(writes.at(4096), 0.9, kTolerance);
    EXPECT_NEAR(writes.at(8192), 0.1, kTolerance);
}

TEST(BlockSizeChooser, BsrangeMatchesStockFiosDraw) {
    // Stock fio 3.33, 60000 random reads with bsrange=4k-10k: 40.4% 4k, 39.5% 8k, 20.1% 10k.
    const auto got = shares(job_with({{"bsrange", "4k-10k"}}), 0);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_NEAR(got.at(4096), 0.4, kTolerance);
    EXPECT_NEAR(got.at(8192), 0.4, kTolerance);
    EXPECT_NEAR(got.at(10240), 0.2, kTolerance);
}

TEST(BlockSizeChooser, BsrangeUnalignedCanBeAnySize) {
    // Stock: bsrange=1000-3000 bs_unaligned gives 3000 a third of the time, <2000 a third.
    const auto got = shares(job_with({{"bsrange", "1000-3000"}, {"bs_unaligned", "1"}}), 0);
    double below_2000 = 0;
    for (const auto& [size, share] : got) {
        EXPECT_GE(size, 1000u);
        EXPECT_LE(size, 3000u);
        if (size < 2000) below_2000 += share;
    }
    EXPECT_GT(got.size(), 1000u);
    EXPECT_NEAR(got.at(3000), 1.0 / 3, kTolerance);
    EXPECT_NEAR(below_2000, 1.0 / 3, kTolerance);
}

TEST(BlockSizeChooser, AlignedSizesAreMultiplesOfTheSmallest) {
    const auto got = shares(job_with({{"bsrange", "3k-20k"}}), 1);
    // Multiples of 3k up to 18k, and the top of the range itself (as stock caps there).
    for (const auto& [size, share] : got) EXPECT_TRUE(size % 3072 == 0 || size == 20480) << size;
    EXPECT_EQ(got.size(), 7u);
}

TEST(BlockSizeChooser, OnlySizesThatFitTheRoomLeft) {
    BlockSizeChooser chooser(job_with({{"bssplit", "4k/10:64k/50:32k/40"}}), 5);
    for (int i = 0; i < 1000; ++i) {
        const std::uint64_t length = chooser.pick(0, true, 40000);
        EXPECT_TRUE(length == 4096 || length == 32768) << length;
    }
    EXPECT_EQ(chooser.pick(0, true, 4096), 4096u);
    EXPECT_EQ(chooser.pick(0, true, 1000), 1000u);  // not even the smallest fits: cut
}

TEST(BlockSizeChooser, BsIsSeqRandUsesReadSizesForSequentialAndWriteSizesForRandom) {
    const JobSpec job = job_with({{"bs", "8k,64k"}, {"bs_is_seq_rand", "1"}});
    BlockSizeChooser chooser(job, 1);
    EXPECT_EQ(chooser.pick(1, false, 1 << 20), 8192u);   // a sequential write
    EXPECT_EQ(chooser.pick(0, true, 1 << 20), 65536u);   // a random read
}

TEST(BlockSizeChooser, RulesAndBufferSize) {
    const JobSpec job = job_with({{"bsrange", "1k-4k,2k-128k"}});
    EXPECT_EQ(block_size_rule(job, 0).min, 1024u);
    EXPECT_EQ(block_size_rule(job, 0).max, 4096u);
    EXPECT_EQ(block_size_rule(job, 1).max, 131072u);
    EXPECT_EQ(largest_block_size(job), 131072u);
    // A later bs= is one size again.
    const JobSpec fixed = job_with({{"bssplit", "4k/50:8k/50"}, {"bs", "16k"}});
    EXPECT_TRUE(block_size_rule(fixed, 0).fixed());
    EXPECT_EQ(block_size_rule(fixed, 0).min, 16384u);
}

TEST(ShapeOptions, RefusesWhatCannotBeHonoured) {
    JobSpec job;
    EXPECT_THROW(apply_option(job, {"bsrange", "0-4k", {}}), OptionError);
    EXPECT_THROW(apply_option(job, {"bsrange", "4k", {}}), OptionError);
    EXPECT_THROW(apply_option(job, {"blockalign", "0", {}}), OptionError);
    EXPECT_THROW(apply_option(job, {"bssplit", "8g/100", {}}), OptionError);
    EXPECT_THROW(apply_option(job, {"random_generator", "mt19937", {}}), OptionError);
    apply_option(job, {"ba", "4k,8k", {}});
    EXPECT_EQ(job.shapes.block_align[0], 4096u);
    EXPECT_EQ(job.shapes.block_align[1], 8192u);
    apply_option(job, {"random_generator", "lfsr", {}});
    EXPECT_EQ(job.shapes.generator, OffsetGeneratorKind::lfsr);
}

TEST(ShapeOptions, RwModifierIsASizeOrACount) {
    const JobSpec backwards = job_with({{"rw", "read:-8k"}});
    EXPECT_EQ(backwards.rw, RwPattern::read);
    EXPECT_TRUE(backwards.shapes.has_rw_modifier);
    EXPECT_EQ(backwards.shapes.rw_modifier, -8192);
    const JobSpec stripes = job_with({{"rw", "write:112k"}});
    EXPECT_EQ(stripes.shapes.rw_modifier, 112 * 1024);
    const JobSpec groups = job_with({{"rw", "randread:8"}, {"rw_sequencer", "identical"}});
    EXPECT_EQ(groups.shapes.rw_modifier, 8);
    EXPECT_EQ(groups.shapes.sequencer, RwSequencer::identical);
    // A later rw= without a suffix has none.
    EXPECT_FALSE(job_with({{"rw", "write:4k"}, {"rw", "write"}}).shapes.has_rw_modifier);
    JobSpec job;
    EXPECT_THROW(apply_option(job, {"rw", "read:abc", {}}), OptionError);
    EXPECT_THROW(apply_option(job, {"rw", "randread:-8", {}}), OptionError);
    EXPECT_THROW(apply_option(job, {"rw_sequencer", "identical:4", {}}), OptionError);
    apply_option(job, {"offset_increment", "10%", {}});
    EXPECT_EQ(job.shapes.offset_increment_percent, 10.0);
    EXPECT_EQ(job.shapes.offset_increment, 0u);
    EXPECT_THROW(apply_option(job, {"offset_increment", "150%", {}}), OptionError);
    apply_option(job, {"offset_increment", "124g", {}});
    EXPECT_EQ(job.shapes.offset_increment, 124ull << 30);
    EXPECT_EQ(job.shapes.offset_increment_percent, -1.0);  // the later value wins
}

}  // namespace
}  // namespace fio::core
