// experimental_verify's side of the Verifier: a loop's writes are counted, not listed,
// and each write the loop replays becomes a read expecting the write number it had.
#include "verify/block_codec.hpp"
#include "verify/verifier.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace fio::core {
namespace {

class VerifierReplay : public ::testing::Test {
protected:
    VerifierReplay() : files_(1), buffer_(8192) {
        job_.rw = RwPattern::randwrite;
        job_.verify.method = VerifyMethod::crc32c;
        job_.verify.experimental = true;
        files_[0].path = "data";
        files_[0].fd = 1000;  // a file, not a diskless engine's (never read here)
        verifier_.emplace(job_, files_, 1, 7);
        unit_.index = 0;
        unit_.file = &files_[0];
        unit_.buffer = buffer_.data();
    }

    void write(std::uint64_t offset, std::uint32_t length) {
        unit_.direction = sdk::IoDirection::write;
        unit_.offset = offset;
        unit_.length = length;
        verifier_->before_issue(unit_);
        unit_.result = length;
        ASSERT_TRUE(verifier_->completed(unit_));
    }

    // Replays a write of the loop and reads back a block stamped `write_number`.
    bool check(std::uint64_t offset, std::uint32_t length, std::uint16_t write_number) {
        unit_.direction = sdk::IoDirection::write;
        unit_.offset = offset;
        unit_.length = length;
        verifier_->replay_check(unit_);
        EXPECT_EQ(unit_.direction, sdk::IoDirection::read);
        BlockCodec codec(job_.verify, 4096);
        BlockStamp stamp;
        stamp.seed = 12345;  // not the writer's: the replay does not know seeds
        stamp.write_number = write_number;
        codec.fill(buffer_.data(), unit_.length, unit_.offset, stamp);
        unit_.result = unit_.length;
        return verifier_->completed(unit_);
    }

    JobSpec job_;
    std::vector<sdk::FileHandle> files_;
    std::vector<std::uint8_t> buffer_;
    std::optional<Verifier> verifier_;
    sdk::IoUnit unit_;
};

TEST_F(VerifierReplay, EachReplayedWriteExpectsItsWriteNumber) {
    EXPECT_FALSE(verifier_->has_final_checks());
    write(0, 4096);
    write(8192, 4096);
    write(4096, 4096);
    EXPECT_TRUE(verifier_->has_final_checks());
    verifier_->start_replay();
    EXPECT_TRUE(check(0, 4096, 0));
    EXPECT_TRUE(check(8192, 4096, 1));
    EXPECT_TRUE(verifier_->replay_wants_more());
    EXPECT_FALSE(check(4096, 4096, 5));  // a later write's block: fails
    EXPECT_EQ(verifier_->failure_text(),
              "verify: bad header numberio 5, wanted 2 at file data offset 4096, length 4096 "
              "(requested block: offset=4096, length=4096)");
    EXPECT_FALSE(verifier_->replay_wants_more());
}

TEST_F(VerifierReplay, TheReplayStopsAtTheBytesWrittenAndTheNextLoopCountsOn) {
    write(0, 4096);
    write(4096, 2048);  // the loop's last write, cut to the job's size
    verifier_->start_replay();
    EXPECT_TRUE(check(0, 4096, 0));
    EXPECT_TRUE(check(4096, 4096, 1));  // replayed at full length, read as written
    EXPECT_EQ(unit_.length, 2048u);
    EXPECT_FALSE(verifier_->replay_wants_more());
    verifier_->end_check_phase();
    EXPECT_FALSE(verifier_->has_final_checks());
    write(0, 4096);  // the next loop
    verifier_->start_replay();
    EXPECT_TRUE(check(0, 4096, 2));
}

}  // namespace
}  // namespace fio::core
