// continue_on_error / ignore_error / fallocate and the layout flags, parsed as stock fio
// 3.33 reads them, and the error policy the I/O loop applies.
#include "options/core_options.hpp"
#include "options/errno_names.hpp"
#include "options/value_parsers.hpp"
#include "run/error_policy.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace fio::core {
namespace {

JobSpec job_with(std::initializer_list<std::pair<const char*, const char*>> options) {
    JobSpec job;
    for (const auto& [name, value] : options) {
        LocatedOption option;
        option.name.assign(name);
        option.value.assign(value);
        apply_option(job, option);
    }
    return job;
}

constexpr std::uint32_t kRead = 1, kWrite = 2, kVerify = 4;

TEST(ContinueOnError, ChoicesAreBitsOfErrorKinds) {
    const std::pair<const char*, std::uint32_t> cases[] = {
        {"none", 0},          {"read", kRead}, {"write", kWrite}, {"io", kRead | kWrite},
        {"verify", kVerify},  {"all", kRead | kWrite | kVerify},  {"0", 0},
        {"1", kRead | kWrite | kVerify}};
    for (const auto& [text, bits] : cases) {
        EXPECT_EQ(job_with({{"continue_on_error", text}}).errors.continue_on, bits) << text;
    }
    EXPECT_THROW(job_with({{"continue_on_error", "sometimes"}}), OptionError);
}

TEST(IgnoreError, ListsPerKindByNameOrNumber) {
    const JobSpec job = job_with({{"ignore_error", "EAGAIN,ENOSPC:122"}});
    EXPECT_EQ(job.errors.non_fatal[0], (std::vector<int>{EAGAIN}));
    EXPECT_EQ(job.errors.non_fatal[1], (std::vector<int>{ENOSPC, 122}));
    EXPECT_TRUE(job.errors.non_fatal[2].empty());
    // A kind given a list carries on after its errors, as in fio.
    EXPECT_EQ(job.errors.continue_on, kRead | kWrite);
}

TEST(IgnoreError, AnEmptyListLeavesItsKindAlone) {
    const JobSpec job = job_with({{"ignore_error", ",ENOSPC"}});
    EXPECT_TRUE(job.errors.non_fatal[0].empty());
    EXPECT_EQ(job.errors.continue_on, kWrite);
}

TEST(IgnoreError, ALaterContinueOnErrorOverridesItsKinds) {
    EXPECT_EQ(job_with({{"ignore_error", ",ENOSPC"}, {"continue_on_error", "none"}})
                  .errors.continue_on,
              0u);
}

TEST(IgnoreError, BadListsAreRefusedNamingTheText) {
    EXPECT_THROW(job_with({{"ignore_error", "EFOO"}}), OptionError);
    EXPECT_THROW(job_with({{"ignore_error", "EIO,EIO,EIO,EIO"}}), OptionError);
    EXPECT_THROW(job_with({{"ignore_error", "5:"}}), OptionError);
    EXPECT_THROW(job_with({{"ignore_error", "0"}}), OptionError);
}

TEST(ErrnoNames, NamesAndNumbers) {
    EXPECT_EQ(parse_errno("EIO"), EIO);
    EXPECT_EQ(parse_errno("ENOSPC"), ENOSPC);
    EXPECT_EQ(parse_errno("EDQUOT"), EDQUOT);
    EXPECT_EQ(parse_errno("28"), 28);
    EXPECT_THROW(parse_errno("eio"), ValueError);
    EXPECT_THROW(parse_errno("0x1c"), ValueError);
}

TEST(ErrorPolicy, ByDefaultEveryErrorEndsTheJob) {
    const JobSpec job = job_with({});
    const ErrorPolicy policy(job);
    EXPECT_EQ(policy.classify(sdk::IoDirection::read, EIO), ErrorOutcome::fatal);
    EXPECT_EQ(policy.classify(sdk::IoDirection::write, ENOSPC), ErrorOutcome::fatal);
    EXPECT_FALSE(policy.reports_counts());
}

TEST(ErrorPolicy, ContinueOnErrorCarriesOnAfterEioAndEilseqOnly) {
    const JobSpec job = job_with({{"continue_on_error", "write"}});
    const ErrorPolicy policy(job);
    EXPECT_EQ(policy.classify(sdk::IoDirection::write, EIO), ErrorOutcome::carry_on);
    EXPECT_EQ(policy.classify(sdk::IoDirection::write, EILSEQ), ErrorOutcome::carry_on);
    EXPECT_EQ(policy.classify(sdk::IoDirection::write, ENOSPC), ErrorOutcome::fatal);
    EXPECT_EQ(policy.classify(sdk::IoDirection::read, EIO), ErrorOutcome::fatal);
    EXPECT_TRUE(policy.reports_counts());
}

TEST(ErrorPolicy, IgnoreErrorReplacesTheDefaultList) {
    const JobSpec job = job_with({{"ignore_error", ",ENOSPC"}});
    const ErrorPolicy policy(job);
    EXPECT_EQ(policy.classify(sdk::IoDirection::write, ENOSPC), ErrorOutcome::carry_on);
    EXPECT_EQ(policy.classify(sdk::IoDirection::write, EIO), ErrorOutcome::fatal);
    EXPECT_EQ(policy.classify(sdk::IoDirection::read, EIO), ErrorOutcome::fatal);
}

TEST(ErrorPolicy, FillDeviceEndsTheJobAtEnospcOrEdquotOnWrites) {
    const JobSpec job = job_with({{"fill_device", "1"}});
    const ErrorPolicy policy(job);
    EXPECT_EQ(policy.classify(sdk::IoDirection::write, ENOSPC), ErrorOutcome::job_done);
    EXPECT_EQ(policy.classify(sdk::IoDirection::write, EDQUOT), ErrorOutcome::job_done);
    EXPECT_EQ(policy.classify(sdk::IoDirection::write, EIO), ErrorOutcome::fatal);
    EXPECT_EQ(policy.classify(sdk::IoDirection::read, ENOSPC), ErrorOutcome::fatal);
}

TEST(FileOptions, FallocateModesAndTheirOldSpellings) {
    const std::pair<const char*, Fallocate> cases[] = {
        {"none", Fallocate::none},   {"native", Fallocate::native},
        {"posix", Fallocate::posix}, {"keep", Fallocate::keep},
        {"truncate", Fallocate::truncate}, {"0", Fallocate::none},
        {"1", Fallocate::posix}};
    for (const auto& [text, mode] : cases) {
        EXPECT_EQ(job_with({{"fallocate", text}}).layout.fallocate, mode) << text;
    }
    EXPECT_EQ(job_with({}).layout.fallocate, Fallocate::native);
    EXPECT_THROW(job_with({{"fallocate", "2"}}), OptionError);
}

TEST(FileOptions, FlagsAndTheFillFsAlias) {
    const JobSpec job = job_with({{"fill_fs", "1"}, {"create_on_open", "1"}, {"create_only", "1"},
                                  {"allow_file_create", "0"}, {"allow_mounted_write", "1"},
                                  {"pre_read", "1"}, {"unlink", "1"}, {"file_append", "1"}});
    EXPECT_TRUE(job.layout.fill_device);
    EXPECT_TRUE(job.layout.create_on_open);
    EXPECT_TRUE(job.layout.create_only);
    EXPECT_FALSE(job.layout.allow_file_create);
    EXPECT_TRUE(job.layout.allow_mounted_write);
    EXPECT_TRUE(job.layout.pre_read);
    EXPECT_TRUE(job.layout.unlink);
    EXPECT_TRUE(job.layout.file_append);
    EXPECT_TRUE(job_with({}).layout.allow_file_create);
}

}  // namespace
}  // namespace fio::core

namespace fio::core {
namespace {

TEST(SyncOptions, FsyncEndFsyncAndFsyncOnClose) {
    const JobSpec job =
        job_with({{"fsync", "32"}, {"end_fsync", "1"}, {"fsync_on_close", "1"}});
    EXPECT_EQ(job.syncs.fsync_every, 32u);
    EXPECT_TRUE(job.syncs.end_fsync);
    EXPECT_TRUE(job.syncs.fsync_on_close);
    EXPECT_EQ(SyncSpec{}.fsync_every, 0u);
    EXPECT_THROW(job_with({{"fsync", "-1"}}), OptionError);
}

}  // namespace
}  // namespace fio::core
