// trim_percentage / trim_backlog / trim_backlog_batch: which written blocks are picked
// for a trim and when their trims fall due; and the Verifier's side, where a trimmed
// block must read back as zeroes (trim_verify_zero) or is not checked at all.
#include "verify/trim_schedule.hpp"
#include "verify/verifier.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace fio::core {
namespace {

std::vector<std::uint64_t> take_all(TrimSchedule& schedule) {
    std::vector<std::uint64_t> taken;
    std::uint64_t sequence;
    while (schedule.take(sequence)) taken.push_back(sequence);
    return taken;
}

TEST(TrimSchedule, EveryBlockIsPickedAtOneHundredPercentAndNoneAtZero) {
    TrimSchedule all(100, 4, 0, 1);
    TrimSchedule none(0, 4, 0, 1);
    for (std::uint64_t i = 0; i < 8; ++i) {
        all.written(i);
        none.written(i);
    }
    EXPECT_EQ(take_all(all), (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7}));
    EXPECT_FALSE(none.active());
    EXPECT_TRUE(take_all(none).empty());
}

TEST(TrimSchedule, NothingIsDueWithoutTrimBacklog) {
    TrimSchedule schedule(100, 0, 0, 1);
    EXPECT_FALSE(schedule.active());
    for (std::uint64_t i = 0; i < 10; ++i) schedule.written(i);
    EXPECT_EQ(schedule.pending(), 0u);
    EXPECT_TRUE(take_all(schedule).empty());
}

TEST(TrimSchedule, TrimsFallDueEveryBacklogWritesOldestFirst) {
    TrimSchedule schedule(100, 4, 0, 1);
    for (std::uint64_t i = 0; i < 3; ++i) schedule.written(i);
    EXPECT_TRUE(take_all(schedule).empty());  // 3 of 4 written: no point yet
    schedule.written(3);
    EXPECT_EQ(schedule.credit(), 4u);
    EXPECT_EQ(take_all(schedule), (std::vector<std::uint64_t>{0, 1, 2, 3}));
}

TEST(TrimSchedule, TheBatchLimitsTrimsPerPointAndCreditCarriesOver) {
    TrimSchedule schedule(100, 4, 1, 1);
    for (std::uint64_t i = 0; i < 4; ++i) schedule.written(i);
    EXPECT_EQ(take_all(schedule), (std::vector<std::uint64_t>{0}));
    for (std::uint64_t i = 4; i < 12; ++i) schedule.written(i);  // two more points
    EXPECT_EQ(take_all(schedule), (std::vector<std::uint64_t>{1, 2}));
    EXPECT_EQ(schedule.pending(), 9u);
}

TEST(TrimSchedule, ThePercentagePicksThatShareOfBlocks) {
    TrimSchedule schedule(30, 1, 0, 42);
    for (std::uint64_t i = 0; i < 10000; ++i) schedule.written(i);
    const auto taken = take_all(schedule);
    EXPECT_GT(taken.size(), 2700u);
    EXPECT_LT(taken.size(), 3300u);
    for (std::size_t i = 1; i < taken.size(); ++i) EXPECT_LT(taken[i - 1], taken[i]);
}

TEST(TrimSchedule, ClearForgetsThePickedBlocks) {
    TrimSchedule schedule(100, 2, 0, 1);
    for (std::uint64_t i = 0; i < 2; ++i) schedule.written(i);
    schedule.clear();
    EXPECT_TRUE(take_all(schedule).empty());
}

class VerifierTrims : public ::testing::Test {
protected:
    VerifierTrims() : files_(1), buffer_(4096) {
        job_.rw = RwPattern::write;
        job_.verify.method = VerifyMethod::crc32c;
        job_.verify.trim_percentage = 100;
        job_.verify.trim_backlog = 2;
        files_[0].path = "disk";
        files_[0].fd = 1000;  // a device, not a diskless engine's (never touched here)
        unit_.index = 0;
        unit_.file = &files_[0];
        unit_.buffer = buffer_.data();
    }

    void start() { verifier_.emplace(job_, files_, 1, 7); }

    void write(std::uint64_t offset) {
        unit_.direction = sdk::IoDirection::write;
        unit_.offset = offset;
        unit_.length = 4096;
        verifier_->before_issue(unit_);
        unit_.result = 4096;
        ASSERT_TRUE(verifier_->completed(unit_));
    }

    // The final check of the next block; `data` is what the read returns (the block as
    // written when null).
    bool check_next(const std::vector<std::uint8_t>* data, std::uint64_t& offset) {
        if (!verifier_->next_check(unit_, true)) return false;
        offset = unit_.offset;
        if (data != nullptr) {
            buffer_ = *data;
        }
        unit_.buffer = buffer_.data();
        unit_.result = unit_.length;
        return verifier_->completed(unit_);
    }

    JobSpec job_;
    std::vector<sdk::FileHandle> files_;
    std::vector<std::uint8_t> buffer_;
    std::optional<Verifier> verifier_;
    sdk::IoUnit unit_;
};

TEST_F(VerifierTrims, ATrimmedBlockMustReadBackAsZeroes) {
    start();
    write(0);
    EXPECT_FALSE(verifier_->next_trim(unit_));  // one written: no trim_backlog point yet
    write(4096);
    ASSERT_TRUE(verifier_->next_trim(unit_));
    EXPECT_EQ(unit_.direction, sdk::IoDirection::trim);
    EXPECT_EQ(unit_.offset, 0u);
    EXPECT_EQ(unit_.length, 4096u);
    unit_.result = 4096;
    EXPECT_TRUE(verifier_->completed(unit_));  // a trim's completion checks nothing
    // The other picked block stays untrimmed: only one trim is issued here.

    const std::vector<std::uint8_t> zeroes(4096, 0);
    std::vector<std::uint8_t> stale(4096, 0);
    stale[100] = 0x5a;
    std::uint64_t offset = 0;
    EXPECT_FALSE(check_next(&stale, offset));  // block 0 was trimmed but holds data
    EXPECT_EQ(offset, 0u);
    EXPECT_EQ(verifier_->failure_text(),
              "trim: verify failed at file disk offset 0, length 4096, block offset 100");
    start();
    write(0);
    write(4096);
    ASSERT_TRUE(verifier_->next_trim(unit_));
    EXPECT_TRUE(check_next(&zeroes, offset));  // trimmed and zero: passes
    EXPECT_FALSE(check_next(&zeroes, offset));  // block 4096 was not trimmed: data expected
    EXPECT_EQ(offset, 4096u);
}

TEST_F(VerifierTrims, WithoutTrimVerifyZeroATrimmedBlockIsNotChecked) {
    job_.verify.trim_verify_zero = false;
    start();
    write(0);
    write(4096);
    ASSERT_TRUE(verifier_->next_trim(unit_));
    ASSERT_TRUE(verifier_->next_trim(unit_));
    EXPECT_FALSE(verifier_->next_trim(unit_));
    std::uint64_t offset = 0;
    EXPECT_FALSE(verifier_->next_check(unit_, true));  // both trimmed: nothing to check
    (void)offset;
}

TEST_F(VerifierTrims, NoTrimsInAVerifyOnlyJob) {
    job_.verify.verify_only = true;
    start();
    unit_.direction = sdk::IoDirection::write;
    unit_.offset = 0;
    unit_.length = 4096;
    verifier_->pretend_write(unit_);
    unit_.offset = 4096;
    verifier_->pretend_write(unit_);
    EXPECT_FALSE(verifier_->next_trim(unit_));
}

}  // namespace
}  // namespace fio::core
