// The replay's side of the I/O loop (iolog/replay_source.hpp): the units it fills and
// when it lets each I/O go.
#include "iolog/replay_source.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>

namespace fio::core {
namespace {

using sdk::IoDirection;
using sdk::IoUnit;

ReplayEntry entry(IoLogAction action, std::uint64_t offset, std::uint32_t length,
                  std::uint64_t delay_ns = 0, std::uint32_t file = 0) {
    ReplayEntry e;
    e.action = action;
    e.offset = offset;
    e.length = length;
    e.delay_ns = delay_ns;
    e.file = file;
    return e;
}

ReplayPlan plan_of(std::vector<ReplayEntry> entries) {
    auto log = std::make_shared<ReplayLog>();
    log->entries = std::move(entries);
    ReplayPlan plan;
    plan.log = log;
    return plan;
}

TEST(ReplaySource, FillsUnitsFromTheLog) {
    const ReplayPlan plan = plan_of({entry(IoLogAction::read, 5000, 4096, 0, 1),
                                     entry(IoLogAction::write, 8192, 65536),
                                     entry(IoLogAction::trim, 0, 4096),
                                     entry(IoLogAction::datasync, 0, 0),
                                     entry(IoLogAction::sync_file_range, 0, 0)});
    ReplaySource source(plan, 0);
    IoUnit unit;
    std::uint32_t file = 9;
    ASSERT_EQ(source.due_after(100), 0u);
    ASSERT_TRUE(source.next(unit, file));
    EXPECT_EQ(unit.direction, IoDirection::read);
    EXPECT_EQ(unit.offset, 5000u);
    EXPECT_EQ(unit.length, 4096u);
    EXPECT_EQ(file, 1u);
    ASSERT_TRUE(source.next(unit, file));
    EXPECT_EQ(unit.direction, IoDirection::write);
    EXPECT_EQ(unit.length, 65536u);
    EXPECT_EQ(file, 0u);
    ASSERT_TRUE(source.next(unit, file));
    EXPECT_EQ(unit.direction, IoDirection::trim);
    ASSERT_TRUE(source.next(unit, file));
    EXPECT_EQ(unit.direction, IoDirection::sync);
    EXPECT_EQ(unit.sync_kind, sdk::SyncKind::fdatasync);
    ASSERT_TRUE(source.next(unit, file));
    EXPECT_EQ(unit.sync_kind, sdk::SyncKind::file_range);  // the whole file, written out
    EXPECT_EQ(unit.sync_range_flags, SYNC_FILE_RANGE_WRITE | sdk::kSyncRangeToEnd);
    EXPECT_FALSE(source.next(unit, file));
    EXPECT_EQ(source.failure(), "");
}

TEST(ReplaySource, PausesCountFromThePreviousIo) {
    const ReplayPlan plan = plan_of({entry(IoLogAction::read, 0, 4096, 1000),
                                     entry(IoLogAction::read, 4096, 4096, 5000),
                                     entry(IoLogAction::read, 8192, 4096, 5000)});
    ReplaySource source(plan, 0);
    IoUnit unit;
    std::uint32_t file;
    EXPECT_EQ(source.due_after(10'000), 11'000u);  // the first waits from the start
    EXPECT_EQ(source.due_after(11'003), 0u);        // woken a little late
    ASSERT_TRUE(source.next(unit, file));
    // Waking late from a pause does not push the rest back: the next is due at
    // 11000 + 5000, whenever the loop comes back.
    EXPECT_EQ(source.due_after(12'000), 16'000u);
    EXPECT_EQ(source.due_after(16'200), 0u);
    ASSERT_TRUE(source.next(unit, file));
    EXPECT_EQ(source.due_after(16'300), 21'000u);
}

TEST(ReplaySource, ALateIoMovesTheRestOfTheLogOn) {
    const ReplayPlan plan = plan_of({entry(IoLogAction::read, 0, 4096),
                                     entry(IoLogAction::read, 4096, 4096, 5000),
                                     entry(IoLogAction::read, 8192, 4096, 5000)});
    ReplaySource source(plan, 0);
    IoUnit unit;
    std::uint32_t file;
    EXPECT_EQ(source.due_after(10'000), 0u);
    ASSERT_TRUE(source.next(unit, file));
    // The device was slow: the loop comes back after the pause had passed; the I/O
    // goes at once, and the next pause counts from then (as stock, no catching up).
    EXPECT_EQ(source.due_after(40'000), 0u);
    ASSERT_TRUE(source.next(unit, file));
    EXPECT_EQ(source.due_after(40'001), 45'000u);
}

TEST(ReplaySource, VersionTwoWaitsHoldUntilThatMomentOfTheRun) {
    const ReplayPlan plan = plan_of({entry(IoLogAction::read, 0, 4096),
                                     entry(IoLogAction::wait, 300, 0),
                                     entry(IoLogAction::read, 4096, 4096)});
    const std::uint64_t run_start = 1'000'000'000;
    ReplaySource source(plan, run_start);
    IoUnit unit;
    std::uint32_t file;
    EXPECT_EQ(source.due_after(run_start + 1000), 0u);
    ASSERT_TRUE(source.next(unit, file));
    EXPECT_EQ(source.due_after(run_start + 2000), run_start + 300'000'000);
    EXPECT_EQ(source.due_after(run_start + 300'000'000), 0u);
    ASSERT_TRUE(source.next(unit, file));
    EXPECT_EQ(unit.offset, 4096u);
    EXPECT_FALSE(source.next(unit, file));
}

}  // namespace
}  // namespace fio::core
