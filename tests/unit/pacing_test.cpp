// Pacing: the rate schedule's arithmetic (exact for linear, statistical invariants
// for poisson with a fixed seed), the minimum-rate check over injected times, and the
// parsing of the pacing options into JobSpec::pacing.
#include "options/core_options.hpp"
#include "run/pacer.hpp"
#include "stats/min_rate_check.hpp"
#include "workload/rate_schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace fio::core {
namespace {

TEST(RateSchedule, LinearIssueTimesAreExact) {
    // 1,000,000 B/s, 4096-byte I/Os: one every 4.096 ms, the first at once.
    RateSchedule schedule(1'000'000, 4096, RateProcess::linear, 1);
    ASSERT_TRUE(schedule.limited());
    EXPECT_EQ(schedule.due_ns(), 0u);
    for (std::uint64_t k = 1; k <= 1000; ++k) {
        schedule.issued(4096);
        ASSERT_EQ(schedule.due_ns(), k * 4'096'000u) << k;
    }
}

TEST(RateSchedule, LinearRoundsDownToTheNanosecond) {
    // 3 B/s: the byte after the first is due at 1/3 s, truncated.
    RateSchedule schedule(3, 1, RateProcess::linear, 1);
    schedule.issued(1);
    EXPECT_EQ(schedule.due_ns(), 333'333'333u);
    schedule.issued(1);
    EXPECT_EQ(schedule.due_ns(), 666'666'666u);
    schedule.issued(1);
    EXPECT_EQ(schedule.due_ns(), 1'000'000'000u);
}

TEST(RateSchedule, LinearHandlesLargeByteCountsWithoutOverflow) {
    // 2^40 bytes at 1 GiB/s: 1024 s.
    RateSchedule schedule(1ull << 30, 1 << 20, RateProcess::linear, 1);
    schedule.issued(1ull << 40);
    EXPECT_EQ(schedule.due_ns(), 1024ull * 1'000'000'000u);
}

TEST(RateSchedule, SkipMovesTheWholeScheduleLater) {
    RateSchedule schedule(1'000'000, 1000, RateProcess::linear, 1);
    schedule.issued(1000);
    EXPECT_EQ(schedule.due_ns(), 1'000'000u);
    schedule.skip(5'000'000);
    EXPECT_EQ(schedule.due_ns(), 6'000'000u);
    schedule.issued(1000);
    EXPECT_EQ(schedule.due_ns(), 7'000'000u);
}

TEST(RateSchedule, UnlimitedIsAlwaysDue) {
    RateSchedule schedule;
    EXPECT_FALSE(schedule.limited());
    schedule.issued(1 << 20);
    EXPECT_EQ(schedule.due_ns(), 0u);
}

TEST(RateSchedule, PoissonGapsHaveTheMeanAndVarianceOfAnExponential) {
    // 1000 IOPS of 4 KiB: mean gap 1 ms; an exponential's variance is its mean squared.
    RateSchedule schedule(4096 * 1000, 4096, RateProcess::poisson, 42);
    constexpr int kSamples = 200'000;
    std::vector<double> gaps;
    gaps.reserve(kSamples);
    std::uint64_t last = schedule.due_ns();
    EXPECT_EQ(last, 0u);
    for (int i = 0; i < kSamples; ++i) {
        schedule.issued(4096);
        gaps.push_back(static_cast<double>(schedule.due_ns() - last));
        last = schedule.due_ns();
    }
    double sum = 0;
    for (double g : gaps) sum += g;
    const double mean = sum / kSamples;
    double squares = 0;
    for (double g : gaps) squares += (g - mean) * (g - mean);
    const double variance = squares / (kSamples - 1);
    EXPECT_NEAR(mean, 1e6, 1e6 * 0.01);
    EXPECT_NEAR(variance / (mean * mean), 1.0, 0.03);
    // The count per 10 ms window is Poisson(10): its variance equals its mean.
    std::vector<int> counts(static_cast<std::size_t>(last / 10'000'000) + 1, 0);
    std::uint64_t at = 0;
    for (double g : gaps) {
        at += static_cast<std::uint64_t>(g);
        ++counts[at / 10'000'000];
    }
    counts.pop_back();  // the last window is partial
    double count_sum = 0;
    for (int c : counts) count_sum += c;
    const double count_mean = count_sum / static_cast<double>(counts.size());
    double count_squares = 0;
    for (int c : counts) count_squares += (c - count_mean) * (c - count_mean);
    const double count_variance = count_squares / static_cast<double>(counts.size() - 1);
    EXPECT_NEAR(count_mean, 10.0, 0.2);
    EXPECT_NEAR(count_variance / count_mean, 1.0, 0.08);
}

TEST(RateSchedule, PoissonRepeatsWithTheSameSeed) {
    RateSchedule a(1 << 20, 4096, RateProcess::poisson, 7);
    RateSchedule b(1 << 20, 4096, RateProcess::poisson, 7);
    RateSchedule c(1 << 20, 4096, RateProcess::poisson, 8);
    for (int i = 0; i < 100; ++i) {
        a.issued(4096);
        b.issued(4096);
        c.issued(4096);
    }
    EXPECT_EQ(a.due_ns(), b.due_ns());
    EXPECT_NE(a.due_ns(), c.due_ns());
}

constexpr std::uint64_t kSecond = 1'000'000'000;

TEST(MinRateCheck, SettlesTwoSecondsThenMeasuresWholeCycles) {
    PacingSpec pacing;
    pacing.rate_min_bps = {1'000'000, 0, 0};
    const std::uint64_t start = 100 * kSecond;
    MinRateCheck check(pacing, {true, false, false}, start);
    ASSERT_TRUE(check.enabled());
    EXPECT_FALSE(check.due(start + kSecond));
    // Nothing moved in the settling period: no failure yet, the first cycle begins.
    EXPECT_TRUE(check.due(start + 2 * kSecond));
    EXPECT_EQ(check.check(start + 2 * kSecond, {0, 0, 0}, {0, 0, 0}), "");
    EXPECT_FALSE(check.due(start + 2 * kSecond + kSecond / 2));
    // 1,000,000 bytes in one second meets 1,000,000 B/s exactly.
    EXPECT_EQ(check.check(start + 3 * kSecond, {1'000'000, 0, 0}, {250, 0, 0}), "");
    // 999,000 more in the next second does not.
    EXPECT_EQ(check.check(start + 4 * kSecond, {1'999'000, 0, 0}, {500, 0, 0}),
              "rate_min=1000000B/s not met, got 999000B/s");
}

TEST(MinRateCheck, IopsMinimumAndInactiveDirections) {
    PacingSpec pacing;
    pacing.rate_iops_min = {100, 100, 100};
    pacing.rate_cycle_ns = kSecond / 2;
    MinRateCheck check(pacing, {false, true, false}, 0);
    EXPECT_EQ(check.check(2 * kSecond, {}, {}), "");
    // Reads are not done by this job: never checked. Writes: 49 in 500 ms = 98 IOPS.
    EXPECT_EQ(check.check(2 * kSecond + kSecond / 2, {}, {0, 49, 0}),
              "rate_iops_min=100 not met, got 98 IOPS");
    MinRateCheck none(PacingSpec{}, {true, true, false}, 0);
    EXPECT_FALSE(none.enabled());
    EXPECT_FALSE(none.due(100 * kSecond));
}

JobSpec with(std::initializer_list<std::pair<const char*, const char*>> options) {
    JobSpec job;
    for (const auto& [name, value] : options) apply_option(job, {name, value, {}});
    return job;
}

TEST(PacingOptions, RatesSplitPerDirectionLikeBs) {
    EXPECT_EQ(with({{"rate", "1m,500k"}}).pacing.rate_bps,
              (std::array<std::uint64_t, 3>{1 << 20, 512'000, 512'000}));
    EXPECT_EQ(with({{"rate", ",500k"}}).pacing.rate_bps,
              (std::array<std::uint64_t, 3>{0, 512'000, 512'000}));
    EXPECT_EQ(with({{"rate", "500k,"}}).pacing.rate_bps,
              (std::array<std::uint64_t, 3>{512'000, 0, 0}));
    EXPECT_EQ(with({{"ratemin", "1k"}}).pacing.rate_min_bps,
              (std::array<std::uint64_t, 3>{1024, 1024, 1024}));
    EXPECT_EQ(with({{"rate_iops", "100,50"}}).pacing.rate_iops,
              (std::array<std::uint64_t, 3>{100, 50, 50}));
    EXPECT_EQ(with({{"rate_iops_min", "7"}}).pacing.rate_iops_min,
              (std::array<std::uint64_t, 3>{7, 7, 7}));
    EXPECT_THROW(with({{"rate_iops", "-5"}}), OptionError);
    EXPECT_THROW(with({{"rate", "1q"}}), OptionError);
}

TEST(PacingOptions, TimesUseStockUnits) {
    const JobSpec job = with({{"thinktime", "250"},
                              {"thinktime_spin", "1ms"},
                              {"thinktime_iotime", "2"},
                              {"ratecycle", "500"},
                              {"rate_process", "poisson"},
                              {"io_submit_mode", "offload"},
                              {"thinktime_blocks_type", "issue"},
                              {"exit_what", "stonewall"}});
    EXPECT_EQ(job.pacing.thinktime_ns, 250'000u);
    EXPECT_EQ(job.pacing.thinktime_spin_ns, 1'000'000u);
    EXPECT_EQ(job.pacing.thinktime_iotime_ns, 2 * kSecond);
    EXPECT_EQ(job.pacing.rate_cycle_ns, kSecond / 2);
    EXPECT_EQ(job.pacing.rate_process, RateProcess::poisson);
    EXPECT_EQ(job.pacing.submit_mode, SubmitMode::offload);
    EXPECT_EQ(job.pacing.thinktime_blocks_type, ThinktimeCount::issue);
    EXPECT_EQ(job.pacing.exit_what, ExitWhat::stonewall);
    EXPECT_FALSE(job.pacing.thinktime_blocks_given);
    EXPECT_TRUE(with({{"thinktime_blocks", "4"}}).pacing.thinktime_blocks_given);
    EXPECT_THROW(with({{"thinktime_blocks", "0"}}), OptionError);
    EXPECT_THROW(with({{"rate_process", "bursty"}}), OptionError);
}

TEST(CheckPacing, MinimumAboveTheCapIsRefused) {
    EXPECT_THROW(check_pacing(with({{"rate", "1m"}, {"rate_min", "2m"}})), PacingError);
    EXPECT_THROW(check_pacing(with({{"rate_iops", "10"}, {"rate_iops_min", "20"}})), PacingError);
    EXPECT_THROW(check_pacing(with({{"thinktime", "10"}, {"thinktime_spin", "20"}})), PacingError);
    EXPECT_NO_THROW(check_pacing(with({{"rate", "2m"}, {"rate_min", "1m"}})));
    EXPECT_NO_THROW(check_pacing(with({{"rate_min", "1m"}})));  // no cap: nothing to exceed
}

TEST(Pacer, InactiveWithoutPacingOptions) {
    const JobSpec plain;
    EXPECT_FALSE(Pacer(plain, true, 1).active());
    const JobSpec rated = with({{"rate", "1m"}});
    EXPECT_TRUE(Pacer(rated, true, 1).active());
    const JobSpec counted = with({{"number_ios", "5"}});
    EXPECT_TRUE(Pacer(counted, true, 1).active());
    // number_ios does not bound a time_based job (each pass is cut, the runtime rules).
    const JobSpec timed = with({{"number_ios", "5"}, {"time_based", "1"}});
    EXPECT_FALSE(Pacer(timed, true, 1).active());
    // offload needs an engine that queues I/O only when a rate is to be kept.
    const JobSpec offload = with({{"io_submit_mode", "offload"}});
    EXPECT_NO_THROW(Pacer(offload, false, 1));
    EXPECT_FALSE(Pacer(offload, false, 1).active());
    const JobSpec offload_rated = with({{"io_submit_mode", "offload"}, {"rate_iops", "100"}});
    EXPECT_THROW(Pacer(offload_rated, false, 1), PacingError);
    EXPECT_NO_THROW(Pacer(offload_rated, true, 1));
}

TEST(Pacer, MixedJobSwitchesToTheDirectionThatIsDue) {
    // Reads 1 MiB/s, writes unlimited: when reads are ahead, a read becomes a write.
    JobSpec job = with({{"rw", "randrw"}, {"rate", "1m,"}});
    Pacer pacer(job, true, 1);
    pacer.start(1000);
    ASSERT_FALSE(pacer.hold(1000, sdk::JobResult{}));
    EXPECT_EQ(pacer.steer(sdk::IoDirection::read), sdk::IoDirection::read);
    pacer.issued(sdk::IoDirection::read, 4096);
    ASSERT_FALSE(pacer.hold(1001, sdk::JobResult{}));
    EXPECT_EQ(pacer.steer(sdk::IoDirection::read), sdk::IoDirection::write);
    EXPECT_EQ(pacer.steer(sdk::IoDirection::write), sdk::IoDirection::write);
}

TEST(Pacer, HoldsUntilTheNextDueTimeAndDrainsInline) {
    JobSpec job = with({{"rate_iops", "1000"}});  // reads, 4 KiB: one per ms
    Pacer pacer(job, true, 1);
    pacer.start(5'000);
    EXPECT_FALSE(pacer.hold(5'000, sdk::JobResult{}));
    pacer.issued(sdk::IoDirection::read, 4096);
    const PacingHold hold = pacer.hold(5'001, sdk::JobResult{});
    EXPECT_EQ(hold.kind, PacingHold::Kind::rate);
    EXPECT_EQ(hold.until_ns, 1'005'000u);
    EXPECT_TRUE(hold.quiesce);
    EXPECT_FALSE(pacer.hold(1'005'000, sdk::JobResult{}));

    JobSpec offload = with({{"rate_iops", "1000"}, {"io_submit_mode", "offload"}});
    Pacer paced(offload, true, 1);
    paced.start(0);
    paced.issued(sdk::IoDirection::read, 4096);
    EXPECT_FALSE(paced.hold(1, sdk::JobResult{}).quiesce);
}

TEST(Pacer, DropsTheBacklogTheFlowCausedButNoMore) {
    JobSpec job = with({{"rate_iops", "1000"}});  // one read per ms
    Pacer pacer(job, true, 1);
    pacer.start(0);
    pacer.issued(sdk::IoDirection::read, 4096);  // the next is due at 1 ms
    // At 10 ms the job is 9 ms behind; its flow held it back for 4 of them: the other
    // 5 ms are still caught up (due at once), not more.
    pacer.drop_flow_backlog(10'000'000, 4'000'000);
    EXPECT_FALSE(pacer.hold(10'000'000, sdk::JobResult{}));
    for (int i = 0; i < 5; ++i) pacer.issued(sdk::IoDirection::read, 4096);
    EXPECT_FALSE(pacer.hold(10'000'000, sdk::JobResult{}));  // due at exactly 10 ms
    pacer.issued(sdk::IoDirection::read, 4096);
    EXPECT_EQ(pacer.hold(10'000'000, sdk::JobResult{}).until_ns, 11'000'000u);
    // Held longer than the job is behind: the schedule restarts at now, never later.
    pacer.drop_flow_backlog(20'000'000, 50'000'000);
    EXPECT_FALSE(pacer.hold(20'000'000, sdk::JobResult{}));
    pacer.issued(sdk::IoDirection::read, 4096);
    EXPECT_EQ(pacer.hold(20'000'000, sdk::JobResult{}).until_ns, 21'000'000u);
    // Ahead of its schedule: nothing to drop.
    pacer.drop_flow_backlog(20'500'000, 50'000'000);
    EXPECT_EQ(pacer.hold(20'500'000, sdk::JobResult{}).until_ns, 21'000'000u);
}

TEST(Pacer, ThinkTimeAfterThinktimeBlocks) {
    JobSpec job = with({{"thinktime", "1"}, {"thinktime_blocks", "3"}, {"thinktime_blocks_type", "issue"}});
    Pacer pacer(job, true, 1);
    pacer.start(0);
    for (int i = 0; i < 3; ++i) {
        ASSERT_FALSE(pacer.hold(0, sdk::JobResult{})) << i;
        pacer.issued(sdk::IoDirection::read, 4096);
    }
    EXPECT_EQ(pacer.hold(0, sdk::JobResult{}).kind, PacingHold::Kind::think);
}

TEST(Pacer, NumberIosCountsEveryLoop) {
    JobSpec job = with({{"number_ios", "2"}, {"loops", "3"}});
    Pacer pacer(job, true, 1);
    for (int i = 0; i < 6; ++i) {
        ASSERT_FALSE(pacer.enough_ios()) << i;
        pacer.issued(sdk::IoDirection::read, 4096);
    }
    EXPECT_TRUE(pacer.enough_ios());
}

}  // namespace
}  // namespace fio::core
