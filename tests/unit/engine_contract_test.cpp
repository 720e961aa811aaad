// The engine contract's host side: what reap() is asked for, what an engine's flags rule
// out of a job, and that no exception from a factory crosses the plugin boundary.
#include "plugins/factory_call.hpp"
#include "run/engine_fit.hpp"
#include "run/reap_bounds.hpp"

#include <fio/sdk/plugin.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <new>
#include <stdexcept>
#include <string>

namespace fio::core {
namespace {

TEST(ReapBounds, NeverAsksForMoreThanIsInFlight) {
    for (std::uint32_t in_flight = 1; in_flight <= 20; ++in_flight) {
        for (std::uint32_t complete_min = 1; complete_min <= 24; ++complete_min) {
            for (std::uint32_t complete_max = 1; complete_max <= 24; ++complete_max) {
                for (std::uint32_t refill = 0; refill <= 20; ++refill) {
                    for (int flags = 0; flags < 4; ++flags) {
                        const ReapBounds b = reap_bounds(complete_min, complete_max, in_flight,
                                                         refill, flags & 1, flags & 2);
                        ASSERT_GE(b.min, 1u);
                        ASSERT_LE(b.min, b.max);
                        ASSERT_LE(b.max, in_flight);
                    }
                }
            }
        }
    }
}

TEST(ReapBounds, WaitsForBatchesAndRefillsAFullQueueToIodepthLow) {
    // iodepth_batch_complete_min=4 of 16 in flight, at most 8 at once.
    EXPECT_EQ(reap_bounds(4, 8, 16, 0, false, false).min, 4u);
    EXPECT_EQ(reap_bounds(4, 8, 16, 0, false, false).max, 8u);
    // Only 2 in flight: never wait for the 4.
    EXPECT_EQ(reap_bounds(4, 8, 2, 0, false, false).min, 2u);
    EXPECT_EQ(reap_bounds(4, 8, 2, 0, false, false).max, 2u);
    // A full queue of 16 goes down to iodepth_low=4: 12 at least.
    EXPECT_EQ(reap_bounds(1, 16, 16, 4, true, false).min, 12u);
    // Draining: whatever comes.
    EXPECT_EQ(reap_bounds(4, 8, 16, 4, true, true).min, 1u);
}

sdk::PluginDescriptor engine_with(const char* name, std::uint32_t flags) {
    sdk::PluginDescriptor d{};
    d.name = name;
    d.kind = sdk::PluginKind::engine;
    d.flags = flags;
    return d;
}

JobSpec verifying_job(VerifyMethod method) {
    JobSpec job;
    job.name = "x";
    job.verify.method = method;
    return job;
}

TEST(EngineFit, VerifyIsRefusedWhereNothingCanBeReadBack) {
    const JobSpec job = verifying_job(VerifyMethod::md5);
    EXPECT_EQ(engine_flag_problem(job, engine_with("cpuio", sdk::kEngineDiskless | sdk::kEngineNoData)),
              "verify=md5 cannot check ioengine=cpuio: its I/Os move no data (kEngineNoData)");
    EXPECT_EQ(engine_flag_problem(job, engine_with("filestat", sdk::kEngineNamesFiles)),
              "verify=md5 cannot check ioengine=filestat: its I/Os act on the files' names, not "
              "their contents (kEngineNamesFiles)");
    EXPECT_EQ(engine_flag_problem(job, engine_with("filecreate", sdk::kEngineCreatesFiles)),
              "verify=md5 cannot check ioengine=filecreate: its I/Os create files and move none "
              "of their contents (kEngineCreatesFiles)");
}

TEST(EngineFit, VerifyWorksWithDisklessEnginesThatKeepDataAndVerifyNullEverywhere) {
    EXPECT_FALSE(engine_flag_problem(verifying_job(VerifyMethod::md5),
                                     engine_with("memdisk", sdk::kEngineDiskless)));
    EXPECT_FALSE(engine_flag_problem(verifying_job(VerifyMethod::md5), engine_with("psync", 0)));
    // As stock's fake-I/O null: accepted, its reads pass unchecked.
    EXPECT_FALSE(engine_flag_problem(verifying_job(VerifyMethod::md5),
                                     engine_with("null", sdk::kEngineDiskless | sdk::kEngineDiscardsData)));
    EXPECT_FALSE(engine_flag_problem(verifying_job(VerifyMethod::null),
                                     engine_with("cpuio", sdk::kEngineDiskless | sdk::kEngineNoData)));
    EXPECT_FALSE(engine_flag_problem(verifying_job(VerifyMethod::none),
                                     engine_with("cpuio", sdk::kEngineDiskless | sdk::kEngineNoData)));
}

TEST(EngineFit, DisklessEnginesNameTheFileOptionsTheyIgnore) {
    JobSpec job = verifying_job(VerifyMethod::none);
    job.filenames = {"/tmp/a", "/tmp/b"};
    job.nrfiles = 3;
    const auto warnings = engine_flag_warnings(job, engine_with("memdisk", sdk::kEngineDiskless));
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_EQ(warnings[0], "job 'x': ioengine=memdisk uses no files (kEngineDiskless): filename=/tmp/a is ignored");
    EXPECT_EQ(warnings[1], "job 'x': ioengine=memdisk uses no files (kEngineDiskless): nrfiles=3 is ignored");
    // Stock's engines that keep or move no data ignore file names silently, as stock.
    EXPECT_TRUE(engine_flag_warnings(job, engine_with("cpuio", sdk::kEngineDiskless | sdk::kEngineNoData)).empty());
    EXPECT_TRUE(engine_flag_warnings(job, engine_with("null", sdk::kEngineDiskless | sdk::kEngineDiscardsData)).empty());
    EXPECT_TRUE(engine_flag_warnings(job, engine_with("psync", 0)).empty());
    EXPECT_TRUE(engine_flag_warnings(verifying_job(VerifyMethod::none),
                                     engine_with("null", sdk::kEngineDiskless)).empty());
}

// Factories that fail in every way a plugin's can.
struct FakeSetup {};
struct FakeProduct {};
FakeProduct* throws_bad_alloc(const FakeSetup&, char*, std::size_t) { throw std::bad_alloc(); }
FakeProduct* throws_runtime_error(const FakeSetup&, char*, std::size_t) {
    throw std::runtime_error("no device named foo");
}
FakeProduct* throws_an_int(const FakeSetup&, char*, std::size_t) { throw 42; }

TEST(FactoryGuards, TheSdkGuardTurnsEveryExceptionIntoAReason) {
    char reason[64] = {};
    EXPECT_EQ((sdk::guarded_factory<throws_bad_alloc, FakeProduct, FakeSetup>(FakeSetup{}, reason, sizeof reason)), nullptr);
    EXPECT_STREQ(reason, "out of memory");
    EXPECT_EQ((sdk::guarded_factory<throws_runtime_error, FakeProduct, FakeSetup>(FakeSetup{}, reason, sizeof reason)), nullptr);
    EXPECT_STREQ(reason, "no device named foo");
    EXPECT_EQ((sdk::guarded_factory<throws_an_int, FakeProduct, FakeSetup>(FakeSetup{}, reason, sizeof reason)), nullptr);
    EXPECT_STREQ(reason, "unknown failure");
    static_assert(noexcept(sdk::guarded_factory<throws_an_int, FakeProduct, FakeSetup>(FakeSetup{}, reason, 1)));
}

TEST(FactoryGuards, TheHostGuardCatchesWhatAHandWrittenDescriptorLetsThrough) {
    char reason[40] = {};
    EXPECT_EQ(call_plugin_factory(&throws_bad_alloc, FakeSetup{}, reason, sizeof reason), nullptr);
    EXPECT_STREQ(reason, "out of memory (its factory threw std::b");  // truncated, terminated
    EXPECT_EQ(call_plugin_factory(&throws_runtime_error, FakeSetup{}, reason, sizeof reason), nullptr);
    EXPECT_STREQ(reason, "its factory threw: no device named foo");
    EXPECT_EQ(call_plugin_factory(&throws_an_int, FakeSetup{}, reason, sizeof reason), nullptr);
    EXPECT_STREQ(reason, "its factory threw an exception");
}

struct EngineThatCannotBeMade : sdk::Engine {
    static std::unique_ptr<EngineThatCannotBeMade> create(const sdk::EngineSetup& setup,
                                                          std::string& reason) {
        if (setup.iodepth > 1000) throw std::bad_alloc();
        if (setup.iodepth > 100) throw std::length_error("queue too long");
        reason = "no queue for you";
        return nullptr;
    }
    sdk::EngineTraits traits() const override { return {}; }
    sdk::QueueStatus queue(sdk::IoUnit&) override { return sdk::QueueStatus::completed; }
};

TEST(FactoryGuards, CreateEngineOrReportStopsEveryException) {
    char reason[64] = {};
    sdk::EngineSetup setup;
    static_assert(noexcept(sdk::create_engine_or_report<EngineThatCannotBeMade>(setup, reason, 1)));
    setup.iodepth = 2000;
    EXPECT_EQ(sdk::create_engine_or_report<EngineThatCannotBeMade>(setup, reason, sizeof reason), nullptr);
    EXPECT_STREQ(reason, "out of memory");
    setup.iodepth = 200;
    EXPECT_EQ(sdk::create_engine_or_report<EngineThatCannotBeMade>(setup, reason, sizeof reason), nullptr);
    EXPECT_STREQ(reason, "queue too long");
    setup.iodepth = 2;
    EXPECT_EQ(sdk::create_engine_or_report<EngineThatCannotBeMade>(setup, reason, sizeof reason), nullptr);
    EXPECT_STREQ(reason, "no queue for you");
}

}  // namespace
}  // namespace fio::core
