// sync=: the open flag a job's files get (stock fio 3.33: none/0, sync/1 is O_SYNC,
// dsync is O_DSYNC), and that the file is really opened with it.
#include "options/core_options.hpp"
#include "run/file_setup.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

namespace fio::core {
namespace {

int sync_flag_of(const char* value) {
    JobSpec job;
    apply_option(job, {"sync", value, {}});
    return job.open_sync_flag;
}

TEST(OpenSync, ValuesAreStockFiosOpenFlags) {
    const JobSpec defaults;
    EXPECT_EQ(defaults.open_sync_flag, 0);
    EXPECT_EQ(sync_flag_of("none"), 0);
    EXPECT_EQ(sync_flag_of("0"), 0);
    EXPECT_EQ(sync_flag_of("sync"), O_SYNC);
    EXPECT_EQ(sync_flag_of("1"), O_SYNC);
    EXPECT_EQ(sync_flag_of("dsync"), O_DSYNC);
    EXPECT_THROW(sync_flag_of("fsync"), OptionError);
}

TEST(OpenSync, TheJobsFileIsOpenedWithTheFlag) {
    test::ScratchDir dir;
    const std::string path = dir / "data";
    for (const int flag : {0, O_DSYNC, O_SYNC}) {
        const int fd = open_job_file(path, true, false, true, flag);
        ASSERT_GE(fd, 0);
        const int status = ::fcntl(fd, F_GETFL);
        ::close(fd);
        // O_SYNC includes the O_DSYNC bit: compare the whole pair.
        EXPECT_EQ(status & O_SYNC, flag) << flag;
    }
}

}  // namespace
}  // namespace fio::core
