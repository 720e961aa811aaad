// Flow control between jobs: the share arithmetic with exact values, members taking
// turns as job threads would, leaving a flow, stock's unsigned weights, and the
// options that configure it.
#include "options/core_options.hpp"
#include "run/flow_control.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace fio::core {
namespace {

TEST(FlowShare, NothingIssuedNeverHoldsBack) {
    EXPECT_FALSE(over_flow_share(0, 0, 1, 2));
    EXPECT_FALSE(over_flow_share(5, 0, 1, 2));
}

TEST(FlowShare, ComparesOwnShareWithWeightShareExactly) {
    EXPECT_TRUE(over_flow_share(1, 1, 1, 2));    // 1/1 > 1/2
    EXPECT_FALSE(over_flow_share(1, 2, 1, 2));   // 1/2 == 1/2: not past
    EXPECT_TRUE(over_flow_share(2, 3, 1, 2));    // 2/3 > 1/2
    EXPECT_FALSE(over_flow_share(3, 4, 3, 4));   // equal
    EXPECT_TRUE(over_flow_share(4, 5, 3, 4));    // 4/5 > 3/4
    EXPECT_FALSE(over_flow_share(7, 10, 3, 4));  // 7/10 < 3/4
}

TEST(FlowShare, LargeCountsDoNotOverflow) {
    const std::uint64_t half = std::uint64_t{1} << 63;
    EXPECT_TRUE(over_flow_share(half, ~std::uint64_t{0}, 1, 2));  // 2^64 > 2^64 - 1
    EXPECT_FALSE(over_flow_share(half - 1, ~std::uint64_t{0}, 1, 2));
}

TEST(FlowShare, ATotalThatWrappedToZeroNeverHoldsBack) {
    EXPECT_FALSE(over_flow_share(10, 10, 1, 0));
}

TEST(FlowMember, WeightsOneAndThreeTakeTurnsExactly) {
    auto flow = std::make_shared<Flow>();
    FlowMember a(flow, 1);
    FlowMember b(flow, 3);
    a.join();
    b.join();
    EXPECT_EQ(flow->weight.load(), 4u);
    // Alternate attempts, a first, as two threads would: a issues its (k+1)-th I/O
    // only while 4k <= a + b.
    const bool expected[] = {true, true, false, true, false, true, true, true,
                             false, true, false, true, true, true, false, true};
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        FlowMember& m = i % 2 == 0 ? a : b;
        EXPECT_EQ(m.may_issue(), expected[i]) << "attempt " << i;
    }
    EXPECT_EQ(a.issued(), 3u);
    EXPECT_EQ(b.issued(), 8u);
    EXPECT_EQ(flow->ios.load(), 11u);
}

TEST(FlowMember, LongRunRatioIsTheWeightRatio) {
    auto flow = std::make_shared<Flow>();
    FlowMember a(flow, 1);
    FlowMember b(flow, 3);
    a.join();
    b.join();
    for (int i = 0; i < 2000; ++i) {
        a.may_issue();
        b.may_issue();
    }
    // b is never past 3/4 while a waits; a's last I/O k+1 needs 3k <= 2000.
    EXPECT_EQ(b.issued(), 2000u);
    EXPECT_EQ(a.issued(), 667u);
}

TEST(FlowMember, LeavingTakesWeightAndIosOutOfTheFlow) {
    auto flow = std::make_shared<Flow>();
    FlowMember a(flow, 1);
    FlowMember b(flow, 1);
    a.join();
    b.join();
    EXPECT_TRUE(b.may_issue());   // b 1 of 1
    EXPECT_FALSE(b.may_issue());  // 1/1 > 1/2
    EXPECT_TRUE(a.may_issue());   // a 1 of 2
    EXPECT_TRUE(a.may_issue());   // 1/2 is not past 1/2: a 2 of 3
    EXPECT_FALSE(a.may_issue());  // 2/3 > 1/2
    EXPECT_EQ(flow->ios.load(), 3u);
    b.leave();
    EXPECT_EQ(flow->weight.load(), 1u);
    EXPECT_EQ(flow->ios.load(), a.issued());
    for (int i = 0; i < 10; ++i) EXPECT_TRUE(a.may_issue());  // alone: never held
    b.leave();  // idempotent
    EXPECT_EQ(flow->weight.load(), 1u);
}

TEST(FlowMember, SeesOnceThatAPartnerJoinedOrLeft) {
    auto flow = std::make_shared<Flow>();
    FlowMember a(flow, 1);
    FlowMember b(flow, 3);
    a.join();
    b.join();
    EXPECT_TRUE(a.may_issue());
    EXPECT_TRUE(a.members_changed());  // the first look at the flow
    EXPECT_FALSE(a.members_changed());
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(b.may_issue());
    EXPECT_TRUE(a.may_issue());
    EXPECT_FALSE(a.members_changed());  // same members: the pacer keeps its backlog
    b.leave();
    EXPECT_TRUE(a.may_issue());
    EXPECT_TRUE(a.members_changed());
    EXPECT_FALSE(a.members_changed());
}

TEST(FlowMember, AMemberThatDoesNothingHoldsTheOthersBack) {
    // Stock fio's behaviour while a job of the flow is in its startdelay.
    auto flow = std::make_shared<Flow>();
    FlowMember a(flow, 1);
    FlowMember idle(flow, 1);
    a.join();
    idle.join();
    EXPECT_TRUE(a.may_issue());
    EXPECT_FALSE(a.may_issue());
    EXPECT_FALSE(a.may_issue());
    idle.leave();
    EXPECT_TRUE(a.may_issue());
}

TEST(FlowMember, NegativeWeightsWrapAsStockFiosUnsignedArithmetic) {
    // flow=8 and flow=-1: the total is 8 + (2^32 - 1) mod 2^32 = 7, so 8/7 and
    // (2^32-1)/7 are both above any own share: neither job is ever held back.
    auto flow = std::make_shared<Flow>();
    FlowMember a(flow, 8);
    FlowMember b(flow, -1);
    a.join();
    b.join();
    EXPECT_EQ(flow->weight.load(), 7u);
    for (int i = 0; i < 100; ++i) {
        EXPECT_TRUE(a.may_issue());
        EXPECT_TRUE(b.may_issue());
    }
    b.leave();
    EXPECT_EQ(flow->weight.load(), 8u);
}

TEST(FlowMember, JoiningTwiceCountsTheWeightOnce) {
    auto flow = std::make_shared<Flow>();
    FlowMember a(flow, 5);
    a.join();
    a.join();
    EXPECT_EQ(flow->weight.load(), 5u);
}

TEST(FlowOptions, FillThePacingSpec) {
    JobSpec job;
    apply_option(job, {"flow_id", "3", {}});
    apply_option(job, {"flow", "-8", {}});
    apply_option(job, {"flow_sleep", "1000", {}});
    EXPECT_EQ(job.pacing.flow_id, 3u);
    EXPECT_EQ(job.pacing.flow_weight, -8);
    EXPECT_EQ(job.pacing.flow_sleep_ns, 1'000'000u);  // microseconds by default
    apply_option(job, {"flow_sleep", "2ms", {}});
    EXPECT_EQ(job.pacing.flow_sleep_ns, 2'000'000u);
}

TEST(FlowOptions, WeightOutsideStocksRangeIsRefused) {
    JobSpec job;
    EXPECT_THROW(apply_option(job, {"flow", "1001", {}}), std::exception);
    EXPECT_THROW(apply_option(job, {"flow", "-1001", {}}), std::exception);
    EXPECT_NO_THROW(apply_option(job, {"flow", "-1000", {}}));
}

TEST(FlowMember, ACheckAloneCountsNothing) {
    // The loop checks before it builds an I/O and counts once the engine took it: an
    // I/O turned away (busy) must not use up the member's share.
    auto flow = std::make_shared<Flow>();
    FlowMember a(flow, 1);
    FlowMember b(flow, 1);
    a.join();
    b.join();
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(a.within_share());
    EXPECT_EQ(a.issued(), 0u);
    EXPECT_EQ(flow->ios.load(), 0u);
    a.count_issue();
    EXPECT_FALSE(a.within_share());  // 1 of 1 > 1/2
    EXPECT_TRUE(b.within_share());
}

// A held member sleeps until its partner issues or leaves. The bounds are loose: the
// wake-up must come long before the 20 s timeout, and a member within its share or
// given no time must not sleep at all.
TEST(FlowMember, AHeldMemberSleepsUntilAPartnerIssues) {
    auto flow = std::make_shared<Flow>();
    FlowMember a(flow, 1);
    FlowMember b(flow, 1);
    a.join();
    b.join();
    a.count_issue();  // a is past its share until b issues
    ASSERT_FALSE(a.within_share());
    const auto began = std::chrono::steady_clock::now();
    std::thread partner([&] {
        while (flow->waiters.load() == 0) std::this_thread::yield();
        b.count_issue();
    });
    a.wait_for_turn(20'000'000'000);
    partner.join();
    EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(10));
    EXPECT_TRUE(a.within_share());
    EXPECT_EQ(flow->waiters.load(), 0u);
}

TEST(FlowMember, AMemberThatLeavesWakesItsPartners) {
    auto flow = std::make_shared<Flow>();
    FlowMember a(flow, 1);
    FlowMember b(flow, 3);
    a.join();
    b.join();
    a.count_issue();
    ASSERT_FALSE(a.within_share());
    const auto began = std::chrono::steady_clock::now();
    std::thread partner([&] {
        while (flow->waiters.load() == 0) std::this_thread::yield();
        b.leave();
    });
    a.wait_for_turn(20'000'000'000);
    partner.join();
    EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(10));
    EXPECT_TRUE(a.within_share());  // alone in the flow now
}

TEST(FlowMember, WaitingForTurnReturnsAtOnceWhenNotHeld) {
    auto flow = std::make_shared<Flow>();
    FlowMember a(flow, 1);
    FlowMember b(flow, 1);
    a.join();
    b.join();
    const auto began = std::chrono::steady_clock::now();
    a.wait_for_turn(20'000'000'000);  // within its share: no sleep
    a.count_issue();
    a.wait_for_turn(0);               // held, but given no time
    EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(10));
    EXPECT_EQ(flow->waiters.load(), 0u);
}

}  // namespace
}  // namespace fio::core
