// End-to-end data verification: every verify= method written and checked through the
// real engines, a corrupted byte reported as stock fio reports it, and blocks written
// by stock fio 3.33 checked by us and the other way round.
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fio::test {
namespace {

using nlohmann::json;

// Files on tmpfs, as the verify runs are many and small.
class ShmDir {
public:
    ShmDir() {
        char pattern[] = "/dev/shm/fio-verify-test.XXXXXX";
        const char* made = ::mkdtemp(pattern);
        if (made == nullptr) throw std::runtime_error("cannot create a directory in /dev/shm");
        path_ = made;
    }
    ~ShmDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

json parse_json_or_fail(const CommandResult& r) {
    EXPECT_TRUE(json::accept(r.out)) << "not JSON:\n" << r.out << "\nstderr:\n" << r.err;
    return json::accept(r.out) ? json::parse(r.out) : json::object();
}

void flip_byte(const std::string& path, std::streamoff at) {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(at);
    char byte = 0;
    file.get(byte);
    file.seekp(at);
    file.put(static_cast<char>(byte ^ 0x5a));
}

const std::vector<std::string> kMethods = {
    "md5",      "crc64",    "crc32",    "crc32c",   "crc32c-intel", "crc16",  "crc7",
    "sha1",     "sha256",   "sha512",   "sha3-224", "sha3-256",     "sha3-384", "sha3-512",
    "xxhash",   "meta"};

void write_and_verify_every_method(const std::string& engine) {
    ShmDir dir;
    for (const int depth : {1, 32}) {
        for (const auto& method : kMethods) {
            SCOPED_TRACE(engine + " iodepth=" + std::to_string(depth) + " verify=" + method);
            const auto r = run_fio("--name=v --filename=" + dir / "data" +
                                            " --rw=randwrite --bs=4k --size=128k --ioengine=" + engine +
                                            " --iodepth=" + std::to_string(depth) + " --verify=" + method +
                                            " --output-format=json",
                                   30);
            ASSERT_EQ(r.exit_code, 0) << r.err;
            const json job = parse_json_or_fail(r)["jobs"][0];
            EXPECT_EQ(job["error"], 0);
            // Every written block was read back once to be checked.
            EXPECT_EQ(job["write"]["io_bytes"].get<std::uint64_t>(), 131072u);
            EXPECT_EQ(job["read"]["io_bytes"].get<std::uint64_t>(), 131072u);
        }
    }
}

TEST(VerifyCli, EveryMethodRoundTripsWithPsync) { write_and_verify_every_method("psync"); }
TEST(VerifyCli, EveryMethodRoundTripsWithLibaio) { write_and_verify_every_method("libaio"); }
TEST(VerifyCli, EveryMethodRoundTripsWithIoUring) { write_and_verify_every_method("io_uring"); }

TEST(VerifyCli, CorruptedByteIsReportedWithItsBlockExitCodeAndEilseq) {
    ShmDir dir;
    const std::string file = dir / "data";
    const std::string job = "--name=v --filename=" + file + " --rw=randwrite --bs=4k --size=64k --verify=crc32c";
    ASSERT_EQ(run_fio(job + " --do_verify=0").exit_code, 0);
    flip_byte(file, 20000);  // inside the block at 16384
    const auto r = run_fio(job + " --verify_only=1 --output-format=json");
    EXPECT_EQ(r.exit_code, 1);
    const json doc = parse_json_or_fail(r);
    EXPECT_EQ(doc["jobs"][0]["error"], 84);  // EILSEQ, as stock fio
    EXPECT_NE(r.err.find("crc32c: verify failed at file " + file +
                         " offset 16384, length 4096 (requested block: offset=16384, length=4096)"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("       Expected CRC: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("       Received CRC: "), std::string::npos) << r.err;
    // Nothing was written by the verify_only run.
    EXPECT_EQ(doc["jobs"][0]["write"]["io_bytes"].get<std::uint64_t>(), 0u);
}

TEST(VerifyCli, HeaderOfAnotherBlockIsABadOffset) {
    ShmDir dir;
    const std::string file = dir / "data";
    const std::string job = "--name=v --filename=" + file + " --rw=write --bs=4k --size=16k --verify=md5";
    ASSERT_EQ(run_fio(job + " --do_verify=0").exit_code, 0);
    // Copy block 0 over block 2: a misplaced write.
    std::string bytes = read_file(file);
    bytes.replace(8192, 4096, bytes.substr(0, 4096));
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
    const auto r = run_fio(job + " --verify_only=1");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("verify: bad header offset 0, wanted 8192 at file " + file + " offset 8192"),
              std::string::npos)
        << r.err;
}

TEST(VerifyCli, VerifyDumpSavesReceivedAndExpectedChunks) {
    ShmDir dir;
    const std::string file = dir / "data";
    const std::string job = "--name=v --filename=" + file + " --rw=randwrite --bs=4k --size=64k --verify=crc32c";
    ASSERT_EQ(run_fio(job + " --do_verify=0").exit_code, 0);
    flip_byte(file, 20000);
    const auto r = run_shell("cd " + dir.path().string() + " && " + FIO_BINARY + " " + job +
                             " --verify_only=1 --verify_dump=1");
    EXPECT_EQ(r.exit_code, 1);
    const std::string received = read_file(dir / "data.16384.received");
    const std::string expected = read_file(dir / "data.16384.expected");
    ASSERT_EQ(received.size(), 4096u);
    ASSERT_EQ(expected.size(), 4096u);
    // The rebuilt block differs from what was read in the flipped byte and the header's
    // write time only.
    EXPECT_NE(received[20000 - 16384], expected[20000 - 16384]);
    EXPECT_EQ(received.substr(100, 20000 - 16384 - 100), expected.substr(100, 20000 - 16384 - 100));
    EXPECT_EQ(received.substr(20000 - 16384 + 1), expected.substr(20000 - 16384 + 1));
    EXPECT_NE(r.err.find("received data dumped as data.16384.received"), std::string::npos) << r.err;
}

TEST(VerifyCli, BacklogChecksEveryBlockOnce) {
    ShmDir dir;
    const auto r = run_fio("--name=v --filename=" + dir / "data" +
                           " --rw=randwrite --bs=4k --size=256k --verify=xxhash --verify_backlog=4 "
                           "--verify_backlog_batch=2 --iodepth=8 --ioengine=io_uring --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json job = parse_json_or_fail(r)["jobs"][0];
    EXPECT_EQ(job["read"]["io_bytes"].get<std::uint64_t>(), 262144u);
    EXPECT_EQ(job["write"]["io_bytes"].get<std::uint64_t>(), 262144u);
}

TEST(VerifyCli, AsyncHelpersCheckEveryBlockAndReportAFailure) {
    ShmDir dir;
    const std::string file = dir / "data";
    const std::string job = "--name=a --filename=" + file +
                            " --rw=randwrite --bs=4k --size=1m --verify=md5 --verify_async=3 "
                            "--ioengine=io_uring --iodepth=8 --output-format=json";
    const auto r = run_fio(job);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json result = parse_json_or_fail(r)["jobs"][0];
    EXPECT_EQ(result["read"]["io_bytes"].get<std::uint64_t>(), 1048576u);
    flip_byte(file, 777777);  // in the block at 774144
    const auto bad = run_fio(job + " --verify_only=1");
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_EQ(parse_json_or_fail(bad)["jobs"][0]["error"], 84);
    EXPECT_NE(bad.err.find("md5: verify failed at file " + file + " offset 774144, length 4096"),
              std::string::npos)
        << bad.err;
}

TEST(VerifyCli, NullEngineReadsBackWithoutChecking) {
    // As stock fio (its own t0009 job relies on it): the null engine keeps no data
    // (kEngineDiscardsData), its check reads run and pass unchecked.
    const auto r = run_fio("--name=n --ioengine=null --rw=write --bs=4k --size=64k --verify=crc32c "
                           "--output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(parse_json_or_fail(r)["jobs"][0]["read"]["io_bytes"].get<std::uint64_t>(), 65536u);
}

TEST(VerifyCli, EachLoopIsCheckedBeforeTheNext) {
    ShmDir dir;
    const std::string job = "--name=l --filename=" + dir / "data" +
                            " --rw=randwrite --bs=4k --size=64k --verify=crc32c --loops=3 --output-format=json";
    const auto r = run_fio(job);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json result = parse_json_or_fail(r)["jobs"][0];
    EXPECT_EQ(result["write"]["io_bytes"].get<std::uint64_t>(), 196608u);  // as stock fio 3.33
    EXPECT_EQ(result["read"]["io_bytes"].get<std::uint64_t>(), 196608u);
    const auto again = run_fio(job + " --verify_only=1");
    ASSERT_EQ(again.exit_code, 0) << again.err;
    result = parse_json_or_fail(again)["jobs"][0];
    EXPECT_EQ(result["read"]["io_bytes"].get<std::uint64_t>(), 196608u);
    EXPECT_EQ(result["write"]["io_bytes"].get<std::uint64_t>(), 0u);  // nothing written
}

TEST(VerifyCli, EveryLoopChecksOnlyTheLastWriteOfABlock) {
    // io_size twice size: each loop writes every block twice. Each loop's checks read
    // each block once, its last write (loops after the first used to check them all,
    // in the order written, and failed on the rewritten blocks).
    ShmDir dir;
    const auto r = run_fio("--name=l --filename=" + dir / "data" +
                           " --rw=randwrite --bs=4k --size=64k --io_size=128k --verify=crc32c "
                           "--loops=3 --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json result = parse_json_or_fail(r)["jobs"][0];
    EXPECT_EQ(result["write"]["io_bytes"].get<std::uint64_t>(), 3u * 131072);
    EXPECT_EQ(result["read"]["io_bytes"].get<std::uint64_t>(), 3u * 65536);
}

TEST(VerifyCli, ReadJobChecksWhatItReads) {
    ShmDir dir;
    const std::string file = dir / "data";
    ASSERT_EQ(run_fio("--name=w --filename=" + file + " --rw=write --bs=8k --size=64k --verify=sha1 --do_verify=0")
                  .exit_code,
              0);
    const std::string read_job = "--name=r --filename=" + file + " --rw=randread --bs=8k --size=64k --verify=sha1";
    EXPECT_EQ(run_fio(read_job).exit_code, 0);
    flip_byte(file, 65535);
    const auto r = run_fio(read_job);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("sha1: verify failed at file " + file + " offset 57344"), std::string::npos) << r.err;
}

TEST(VerifyCli, PatternsLandOnDiskAsStockWritesThem) {
    ShmDir dir;
    const std::string file = dir / "data";
    ASSERT_EQ(run_fio("--name=p --filename=" + file +
                      " --rw=write --bs=4k --size=8k --verify=pattern --verify_pattern='0xff%o\"abcd\"-12'")
                  .exit_code,
              0);
    const std::string bytes = read_file(file);
    ASSERT_EQ(bytes.size(), 8192u);
    const std::string period("\xff\x00\x10\x00\x00\x00\x00\x00\x00" "abcd" "\xf4\xff\xff\xff", 17);
    EXPECT_EQ(bytes.substr(4096, 17), period);
    EXPECT_EQ(bytes.substr(4096 + 17, 17), period);

    // verify_pattern alone: a header (type 17) then the pattern, checked after writing.
    const auto r = run_fio("--name=p --filename=" + file +
                           " --rw=write --bs=4k --size=8k --verify_pattern=0x11 --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parse_json_or_fail(r)["jobs"][0]["read"]["io_bytes"].get<std::uint64_t>(), 8192u);
    const std::string with_header = read_file(file);
    EXPECT_EQ(with_header.substr(0, 4), std::string("\xca\xac\x11\x00", 4));
    EXPECT_EQ(with_header[40], '\x11');
}

TEST(VerifyCli, PatternMismatchIsReportedAsStockReportsIt) {
    ShmDir dir;
    const std::string file = dir / "data";
    const std::string job = "--name=p --filename=" + file +
                            " --rw=write --bs=4k --size=16k --verify=pattern --verify_pattern=0xaa555aa5";
    ASSERT_EQ(run_fio(job + " --do_verify=0").exit_code, 0);
    flip_byte(file, 5000);  // 'aa' at byte 904 of the block at 4096 becomes 'f0'
    const auto r = run_fio(job + " --verify_only=1");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("fio: got pattern 'f0', wanted 'aa'. Bad bits 4\n"
                         "fio: bad pattern block offset 904\n"
                         "pattern: verify failed at file " + file + " offset 4096, length 4096"),
              std::string::npos)
        << r.err;
}

TEST(VerifyCli, IntervalAboveTheBlockSizeMeansOneHeaderPerBlock) {
    ShmDir dir;
    const auto r = run_fio("--name=i --filename=" + dir / "data" +
                           " --rw=randwrite --bs=4k --size=32k --verify=crc32c --verify_interval=8k "
                           "--output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parse_json_or_fail(r)["jobs"][0]["read"]["io_bytes"].get<std::uint64_t>(), 32768u);
    EXPECT_EQ(read_file(dir / "data").substr(4096 + 4, 4), std::string("\x00\x10\x00\x00", 4));
}

TEST(VerifyCli, OptionsStockRefusesOrWeCannotHonour) {
    EXPECT_NE(run_fio("--name=v --verify=CRC32C --size=4k --parse-only").exit_code, 0);
    const auto offset = run_fio("--name=v --verify=crc32c --verify_offset=39 --size=4k --parse-only");
    EXPECT_NE(offset.exit_code, 0);
    EXPECT_NE(offset.err.find("verify_offset"), std::string::npos) << offset.err;
    // trim verification is implemented (trim_verify_cli_test.cpp); a bad value still fails.
    EXPECT_EQ(run_fio("--name=v --verify=crc32c --trim_backlog=4 --size=4k --parse-only").exit_code, 0);
    EXPECT_NE(run_fio("--name=v --verify=crc32c --trim_percentage=101 --size=4k --parse-only").exit_code, 0);
    const auto timed = run_fio("--name=v --ioengine=null --rw=write --verify=crc32c --verify_only=1 "
                               "--time_based --runtime=1 --size=4k");
    EXPECT_NE(timed.exit_code, 0);
    EXPECT_NE(timed.err.find("verify_only cannot be time_based"), std::string::npos) << timed.err;
    const auto cpus = run_fio("--name=v --verify=crc32c --verify_async=4 --verify_async_cpus=0 "
                              "--size=4k --parse-only");
    EXPECT_EQ(cpus.exit_code, 0) << cpus.err;
    EXPECT_NE(cpus.err.find("'verify_async_cpus' has no effect here"), std::string::npos) << cpus.err;
}

// Stock fio 3.33 writes, we check; we write, stock checks.
void interchange_with_stock_fio(const std::vector<std::string>& methods) {
    if (!std::filesystem::exists("/usr/bin/fio")) GTEST_SKIP() << "stock fio is not installed";
    ShmDir dir;
    for (const std::string& method : methods) {
        SCOPED_TRACE(method);
        // verify_state_save=0: stock would leave a state file in the current directory.
        const std::string job = " --name=x --rw=randwrite --bs=4k --size=64k --verify_interval=1024 "
                                "--verify_state_save=0 --verify=" + method;
        ASSERT_EQ(run_shell("cd " + dir.path().string() + " && /usr/bin/fio" + job + " --filename=" + dir / "stock" + " --do_verify=0").exit_code, 0);
        const auto ours = run_fio(job + " --filename=" + dir / "stock" + " --verify_only=1");
        EXPECT_EQ(ours.exit_code, 0) << ours.err;

        ASSERT_EQ(run_fio(job + " --filename=" + dir / "ours" + " --do_verify=0").exit_code, 0);
        const auto stock = run_shell("cd " + dir.path().string() + " && /usr/bin/fio" + job + " --filename=" + dir / "ours" + " --verify_only=1");
        EXPECT_EQ(stock.exit_code, 0) << stock.out << stock.err;

        // A corrupted byte in stock's file is caught by us (the end of a chunk: stock's
        // sha512 covers only part of each chunk).
        flip_byte(dir / "stock", 4096 * 3 + 1023);
        EXPECT_EQ(run_fio(job + " --filename=" + dir / "stock" + " --verify_only=1").exit_code, 1);
    }
}

TEST(VerifyCli, Crc32cAndSha512BlocksInterchangeWithStockFio) {
    interchange_with_stock_fio({"crc32c", "sha512"});
}

TEST(VerifyCli, Sha256AndMd5BlocksInterchangeWithStockFio) {
    interchange_with_stock_fio({"sha256", "md5"});
}

}  // namespace
}  // namespace fio::test
