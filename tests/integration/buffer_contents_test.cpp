// Write buffer contents end to end: psync writes a /dev/shm file and the test reads
// back exactly what landed on it.
#include "data_measures.hpp"
#include "run_command.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <unistd.h>

namespace fio::test {
namespace {

// A file in /dev/shm (tmpfs: fast, no disk), removed at the end.
class ShmFile {
public:
    ShmFile() : path_(fmt::format("/dev/shm/fio-buffers-test.{}.{}", ::getpid(), counter_++)) {}
    ~ShmFile() { std::filesystem::remove(path_); }
    const std::string& path() const { return path_; }

private:
    static inline int counter_ = 0;
    std::string path_;
};

std::string write_file(const ShmFile& file, const std::string& options,
                       const std::string& size = "256k") {
    std::filesystem::remove(file.path());
    const auto r = run_fio(fmt::format("--name=w --ioengine=psync --rw=write --bs=4k --size={} "
                                       "--filename={} --output-format=json {}",
                                       size, file.path(), options),
                           30);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return read_file(file.path());
}

std::string repeated(const std::string& piece, std::size_t size) {
    std::string out;
    while (out.size() < size) out += piece;
    out.resize(size);
    return out;
}

TEST(BufferContents, HexPatternIsRepeatedExactlyInEveryBlock) {
    ShmFile file;
    const std::string data = write_file(file, "--buffer_pattern=0xdeadbeef");
    ASSERT_EQ(data.size(), 256u * 1024);
    EXPECT_EQ(data, repeated("\xde\xad\xbe\xef", data.size()));
}

TEST(BufferContents, TextPatternRestartsAtEachBlock) {
    ShmFile file;
    const std::string data = write_file(file, "'--buffer_pattern=\"abc\"'", "8k");
    const std::string block = repeated("abc", 4096);  // 4096 is not a multiple of 3
    EXPECT_EQ(data, block + block);
}

TEST(BufferContents, MixedPatternFromAJobFile) {
    ShmFile file;
    ScratchDir dir;
    const std::string job = dir / "job.fio";
    std::ofstream(job) << fmt::format(
        "[w]\nioengine=psync\nrw=write\nbs=4k\nsize=16k\nfilename={}\n"
        "buffer_pattern=0xdeadface\"abcd\"-12\n",
        file.path());
    const auto r = run_fio("--output-format=json " + job, 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string block = repeated("\xde\xad\xfa\xce" "abcd\xf4\xff\xff\xff", 4096);
    EXPECT_EQ(read_file(file.path()), block + block + block + block);
}

TEST(BufferContents, ZeroBuffersWritesZeros) {
    ShmFile file;
    const std::string data = write_file(file, "--zero_buffers");
    ASSERT_EQ(data.size(), 256u * 1024);
    EXPECT_EQ(data.find_first_not_of('\0'), std::string::npos);
}

TEST(BufferContents, DefaultWritesRandomBlocksThatNeverRepeat) {
    ShmFile file;
    const std::string data = write_file(file, "");
    EXPECT_EQ(duplicate_block_percent(data, 4096), 0.0);         // scrambled per write
    EXPECT_GT(compressed_percent(data.substr(0, 4096)), 95.0);  // random within a block
}

TEST(BufferContents, ScrambleOffRewritesTheSameBlock) {
    ShmFile file;
    const std::string data = write_file(file, "--scramble_buffers=0");
    EXPECT_NEAR(duplicate_block_percent(data, 4096), 100.0 * 63 / 64, 1e-9);
}

TEST(BufferContents, CompressPercentageSetsTheZlibRatio) {
    ShmFile file;
    const double half = compressed_percent(write_file(file, "--buffer_compress_percentage=50", "4m"));
    EXPECT_GT(half, 45.0);
    EXPECT_LT(half, 56.0);
    const std::string none = write_file(file, "--refill_buffers", "4m");
    EXPECT_GT(compressed_percent(none), 99.0);
}

TEST(BufferContents, DedupePercentageSetsTheShareOfDuplicateBlocks) {
    ShmFile file;
    const std::string data = write_file(file, "--dedupe_percentage=30", "4m");
    const double duplicates = duplicate_block_percent(data, 4096);
    EXPECT_GT(duplicates, 26.0);
    EXPECT_LT(duplicates, 34.0);
}

TEST(BufferContents, GlobalWorkingSetIsSharedBetweenJobs) {
    ShmFile a;
    ShmFile b;
    const auto r = run_fio(fmt::format(
        "--ioengine=psync --rw=write --bs=4k --size=2m --dedupe_mode=working_set "
        "--dedupe_global=1 --dedupe_percentage=50 --dedupe_working_set_percentage=50 "
        "--output-format=json --name=a --filename={} --name=b --filename={}",
        a.path(), b.path()), 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string both = read_file(a.path()) + read_file(b.path());
    ASSERT_EQ(both.size(), 4u << 20);
    // Each file alone dedupes less than the two together: they share duplicates.
    const double alone = duplicate_block_percent(read_file(a.path()), 4096);
    EXPECT_GT(duplicate_block_percent(both, 4096), alone + 5.0);
}

TEST(BufferContents, WorkingSetNeedsSizeAndOneFile) {
    ShmFile file;
    write_file(file, "", "1m");  // the file exists: without size= the job would use it all
    const auto no_size = run_fio(fmt::format("--name=w --rw=write --filename={} "
                                             "--dedupe_percentage=10 --dedupe_mode=working_set",
                                             file.path()), 30);
    EXPECT_NE(no_size.exit_code, 0);
    EXPECT_NE(no_size.err.find("needs size="), std::string::npos) << no_size.err;
    const auto two_files = run_fio(fmt::format("--name=w --rw=write --filename={}:{}.2 --size=1m "
                                               "--dedupe_percentage=10 --dedupe_mode=working_set",
                                               file.path(), file.path()), 30);
    EXPECT_NE(two_files.exit_code, 0);
    EXPECT_NE(two_files.err.find("one file per job"), std::string::npos) << two_files.err;
}

TEST(BufferContents, BadPatternIsRefusedWithTheOptionName) {
    const auto r = run_fio("--name=w --ioengine=null --size=1m --rw=write --buffer_pattern=abc", 30);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("buffer_pattern"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'abc'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace fio::test
