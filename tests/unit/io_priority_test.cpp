// prio / prioclass: the value stock fio 3.33 logs for them (log_prio) and the priority
// the job thread really gets.
#include "jobs/job_spec.hpp"
#include "options/core_options.hpp"
#include "run/io_priority.hpp"

#include <gtest/gtest.h>

#include <linux/ioprio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <thread>

namespace fio::core {
namespace {

PrioritySpec priority_of(std::initializer_list<std::pair<const char*, const char*>> options) {
    JobSpec job;
    for (const auto& [name, value] : options) apply_option(job, {name, value, {}});
    return job.priority;
}

TEST(IoPriority, ValuesAsStockLogsThem) {
    EXPECT_FALSE(priority_of({}).any());
    EXPECT_EQ(priority_of({}).value(), 0);
    EXPECT_EQ(priority_of({{"prio", "3"}}).value(), 0x4003);                     // best effort
    EXPECT_EQ(priority_of({{"prio", "3"}, {"prioclass", "2"}}).value(), 0x4003);
    EXPECT_EQ(priority_of({{"prioclass", "3"}}).value(), 0x6000);                // idle, 0
    EXPECT_EQ(priority_of({{"prioclass", "1"}, {"prio", "7"}}).value(), 0x2007);  // real-time
}

TEST(IoPriority, OutOfRangeValuesAreRefused) {
    JobSpec job;
    EXPECT_THROW(apply_option(job, {"prio", "8", {}}), OptionError);
    EXPECT_THROW(apply_option(job, {"prioclass", "4", {}}), OptionError);
}

TEST(IoPriority, TheJobThreadGetsItAndOtherThreadsKeepTheirs) {
    const auto own = [] { return ::syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0); };
    const long before = own();
    long seen = -1;
    std::thread job([&] {
        apply_io_priority(priority_of({{"prioclass", "2"}, {"prio", "6"}}));
        seen = own();
    });
    job.join();
    EXPECT_EQ(seen, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 6));
    EXPECT_EQ(own(), before);
}

}  // namespace
}  // namespace fio::core
