// serialize_overlap=1: no two in-flight I/Os of a job overlap, whatever the depth.
#include "first_job.hpp"
#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace fio::test {
namespace {

using nlohmann::json;

TEST(SerializeOverlapCli, DepthNeverExceedsTheBlocksThatCanFlyApart) {
    // Four 4 KiB blocks, random writes that often pick a block already in flight:
    // unserialised the queue fills to 32; serialised at most the four blocks fly.
    const std::string common = "--name=o --ioengine=null --size=16k --bs=4k --rw=randwrite "
                               "--norandommap --iodepth=32 --number_ios=4000 --loops=1000 "
                               "--output-format=json ";
    const json free_running = first_job(run_fio(common));
    EXPECT_GT(free_running["iodepth_level"]["32"].get<double>(), 0.0);
    const auto r = run_fio(common + "--serialize_overlap=1");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const json serialised = first_job(r);
    EXPECT_EQ(serialised["write"]["total_ios"].get<std::uint64_t>(),
              free_running["write"]["total_ios"].get<std::uint64_t>());
    for (const char* level : {"8", "16", "32", ">=64"}) {
        EXPECT_EQ(serialised["iodepth_level"][level].get<double>(), 0.0) << level;
    }
}

TEST(SerializeOverlapCli, OverlappingRandomWritesVerify) {
    // A 64 KiB file (16 blocks) rewritten at random 1024 times at iodepth 32 with
    // libaio: writes to one block would race without serialisation. Every block's
    // last write checks out, and no more than 16 I/Os were ever in flight.
    ScratchDir dir;
    const auto r = run_fio("--name=v --ioengine=libaio --direct=1 --filename=" + dir / "f" +
                           " --size=64k --bs=4k --rw=randwrite --norandommap --iodepth=32 "
                           "--io_size=4m --verify=crc32c --serialize_overlap=1 "
                           "--output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const json job = first_job(r);
    EXPECT_EQ(job["error"].get<int>(), 0);
    EXPECT_EQ(job["write"]["total_ios"].get<std::uint64_t>(), 1024u);
    EXPECT_EQ(job["read"]["total_ios"].get<std::uint64_t>(), 16u);  // each block checked once
    EXPECT_EQ(job["iodepth_level"]["32"].get<double>(), 0.0);
    EXPECT_EQ(job["iodepth_level"][">=64"].get<double>(), 0.0);
}

TEST(SerializeOverlapCli, StockSuiteJobT0013Runs) {
    // fio's t0013: eight null jobs at iodepth=1 with io_submit_mode=offload.
    const auto r = run_fio("--name=t --ioengine=null --thread=1 --size=4k --bs=4k "
                           "--io_submit_mode=offload --iodepth=1 --serialize_overlap=1 "
                           "--numjobs=8 --loops=1000 --runtime=10 --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(first_job(r)["read"]["total_ios"].get<std::uint64_t>(), 1000u);
}

}  // namespace
}  // namespace fio::test
