// End to end: fio's small utility engines (cpuio, ftruncate, filecreate, filestat,
// filedelete, exec) run through the built binary. Counters are checked exactly where
// stock fio 3.33 gives exact ones, and each engine's effect is checked on disk.
#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace fio::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json jobs_of(const CommandResult& r) {
    EXPECT_TRUE(json::accept(r.out)) << "not JSON:\n" << r.out << "\nstderr:\n" << r.err;
    return json::accept(r.out) ? json::parse(r.out)["jobs"] : json::array();
}

std::uint64_t u64(const json& value) { return value.get<std::uint64_t>(); }

std::size_t entries_in(const ScratchDir& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) ++n;
    return n;
}

// --- falloc ------------------------------------------------------------------------

// A read job's reservations need a writable file, as stock's engine opens it (the core
// opens a read job's files read-only: fallocate failed with EBADF).
TEST(UtilityEnginesCli, FallocReadsReserveBlocksOfAFileOpenedForReading) {
    ScratchDir dir;
    for (const char* rw : {"read", "randread"}) {
        const auto r = run_fio(std::string("--name=f --ioengine=falloc --bs=4k --size=256k --rw=") +
                                   rw + " --output-format=json --filename=" + (dir / "f"),
                               60);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const json job = jobs_of(r)[0];
        EXPECT_EQ(u64(job["read"]["total_ios"]), 64u) << rw;
        EXPECT_EQ(u64(job["error"]), 0u) << rw;
    }
}

// --- cpuio -------------------------------------------------------------------------

TEST(UtilityEnginesCli, CpuioCountsCyclesWithoutBytes) {
    // 25% of 20 ms: 20 ms busy, then 60 ms idle. 2 s hold at most 25 such cycles, and
    // at least half of them even on a loaded machine (the busy part ends by the clock).
    const auto r = run_fio("--name=c --ioengine=cpuio --cpuload=25 --cpuchunks=20000 "
                           "--runtime=2 --time_based --output-format=json", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json job = jobs_of(r)[0];
    const json& read = job["read"];
    EXPECT_EQ(u64(read["io_bytes"]), 0u);
    EXPECT_EQ(u64(read["runtime"]), 0u);  // as stock: no bytes, no runtime of its own
    EXPECT_GE(u64(read["total_ios"]), 12u);
    EXPECT_LE(u64(read["total_ios"]), 26u);
    // Each I/O is one busy cycle; the idle part is think time, outside its latency.
    EXPECT_GE(read["clat_ns"]["min"].get<double>(), 20e6);
    EXPECT_LT(read["clat_ns"]["mean"].get<double>(), 60e6);
    // The thread can never use more than its 25% (plus a little setup).
    EXPECT_LE(job["usr_cpu"].get<double>() + job["sys_cpu"].get<double>(), 35.0);
    EXPECT_GT(job["usr_cpu"].get<double>(), 0.0);
}

TEST(UtilityEnginesCli, CpuioAtFullLoadHasNoIdleTime) {
    // 100%: cycles of 10 ms back to back, no think time between them, so the I/Os'
    // latencies fill the job's second (a loaded machine stretches each cycle but not
    // that sum); with cpuload=50 they would fill half of it.
    const auto r = run_fio("--name=c --ioengine=cpuio --cpuload=100 --cpuchunks=10000 "
                           "--cpumode=qsort --runtime=1 --time_based --output-format=json", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json job = jobs_of(r)[0];
    const json& read = job["read"];
    EXPECT_EQ(u64(read["io_bytes"]), 0u);
    EXPECT_LE(u64(read["total_ios"]), 101u);
    const double busy_ns =
        read["clat_ns"]["mean"].get<double>() * static_cast<double>(u64(read["total_ios"]));
    EXPECT_GT(busy_ns, 0.85e9);
}

TEST(UtilityEnginesCli, CpuioExitOnIoDoneEndsWithTheIoJob) {
    // The cpuio job would run 30 s; the null job ends after 1 s and takes it along.
    const auto r = run_fio("--output-format=json --name=cpu --ioengine=cpuio --cpuload=10 "
                           "--exit_on_io_done=1 --time_based --runtime=30 "
                           "--name=io --ioengine=null --size=1g --time_based --runtime=1", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json jobs = jobs_of(r);
    ASSERT_EQ(jobs.size(), 2u);
    EXPECT_EQ(jobs[0]["jobname"], "cpu");
    EXPECT_EQ(jobs[0]["error"].get<int>(), 0);
    // Ended within the runner's 1 s check after the I/O job, far from its own 30 s.
    EXPECT_LT(u64(jobs[0]["job_runtime"]), 5000u);
    EXPECT_GE(u64(jobs[0]["job_runtime"]), 900u);
}

TEST(UtilityEnginesCli, CpuioWithoutExitOnIoDoneRunsItsRuntime) {
    const auto r = run_fio("--output-format=json --name=cpu --ioengine=cpuio --cpuload=10 "
                           "--time_based --runtime=3 "
                           "--name=io --ioengine=null --size=1g --time_based --runtime=1", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_GE(u64(jobs_of(r)[0]["job_runtime"]), 2900u);
}

TEST(UtilityEnginesCli, CpuioNeedsCpuload) {
    const auto r = run_fio("--name=c --ioengine=cpuio --runtime=1 --time_based "
                           "--output-format=json", 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("cpuload= is required"), std::string::npos) << r.err;
}

TEST(UtilityEnginesCli, CpuioOptionsBelongToCpuio) {
    const auto r = run_fio("--name=c --ioengine=null --size=1m --cpuload=50", 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("cpuload"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("cpuio"), std::string::npos) << r.err;
}

TEST(UtilityEnginesCli, CpuioRefusesABadMode) {
    const auto r = run_fio("--name=c --ioengine=cpuio --cpuload=50 --cpumode=spin "
                           "--runtime=1 --time_based", 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("cpumode"), std::string::npos) << r.err;
}

TEST(UtilityEnginesCli, EnghelpListsEachEnginesOptions) {
    const auto cpuio = run_fio("--enghelp=cpuio", 30);
    ASSERT_EQ(cpuio.exit_code, 0) << cpuio.err;
    for (const char* name : {"cpuload", "cpuchunks", "cpumode", "exit_on_io_done"}) {
        EXPECT_NE(cpuio.out.find(name), std::string::npos) << name << "\n" << cpuio.out;
    }
    const auto filestat = run_fio("--enghelp=filestat", 30);
    ASSERT_EQ(filestat.exit_code, 0) << filestat.err;
    EXPECT_NE(filestat.out.find("stat_type"), std::string::npos) << filestat.out;
    const auto exec = run_fio("--enghelp=exec", 30);
    ASSERT_EQ(exec.exit_code, 0) << exec.err;
    for (const char* name : {"program", "arguments", "grace_time", "std_redirect"}) {
        EXPECT_NE(exec.out.find(name), std::string::npos) << name << "\n" << exec.out;
    }
    for (const char* engine : {"ftruncate", "filecreate", "filedelete"}) {
        EXPECT_EQ(run_fio(std::string("--enghelp=") + engine, 30).exit_code, 0) << engine;
    }
}

// --- ftruncate ---------------------------------------------------------------------

TEST(UtilityEnginesCli, FtruncateSequentialWritesLeaveTheLastOffset) {
    // 16 writes of 4 KiB at 0, 4k, ... 60k: the file ends at the last offset, 60 KiB.
    ScratchDir dir;
    const auto r = run_fio("--name=t --ioengine=ftruncate --filename=" + dir / "trunc" +
                           " --size=64k --bs=4k --rw=write --output-format=json", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json job = jobs_of(r)[0];
    const json& write = job["write"];
    EXPECT_EQ(u64(write["total_ios"]), 16u);
    EXPECT_EQ(u64(write["io_bytes"]), 65536u);
    EXPECT_EQ(fs::file_size(dir / "trunc"), 61440u);
}

TEST(UtilityEnginesCli, FtruncateRandomWritesResizeWithinTheRegion) {
    ScratchDir dir;
    const auto r = run_fio("--name=t --ioengine=ftruncate --filename=" + dir / "trunc" +
                           " --size=64k --bs=4k --rw=randwrite --norandommap "
                           "--output-format=json", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(u64(jobs_of(r)[0]["write"]["total_ios"]), 16u);
    const auto size = fs::file_size(dir / "trunc");
    EXPECT_LE(size, 61440u);
    EXPECT_EQ(size % 4096, 0u);
}

TEST(UtilityEnginesCli, FtruncateFailsReadsWithEinval) {
    ScratchDir dir;
    const auto r = run_fio("--name=t --ioengine=ftruncate --filename=" + dir / "trunc" +
                           " --size=64k --bs=4k --rw=read --output-format=json", 60);
    EXPECT_EQ(r.exit_code, 1);
    const json jobs = jobs_of(r);
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0]["error"].get<int>(), 22);
    EXPECT_EQ(u64(jobs[0]["read"]["total_ios"]), 1u);
    EXPECT_EQ(u64(jobs[0]["read"]["io_bytes"]), 0u);
}

// --- filecreate, filestat, filedelete ---------------------------------------------

// As stock: one I/O per file (filesize = bs), counted in the job's direction with the
// block's bytes, its latency that of the one system call.
void expect_one_io_per_file(const json& job, const char* dir, std::uint64_t files) {
    EXPECT_EQ(job["error"].get<int>(), 0);
    EXPECT_EQ(u64(job[dir]["total_ios"]), files) << dir;
    EXPECT_EQ(u64(job[dir]["io_bytes"]), files * 4096) << dir;
    const char* other = std::string(dir) == "read" ? "write" : "read";
    EXPECT_EQ(u64(job[other]["total_ios"]), 0u) << other;
    EXPECT_GT(job[dir]["clat_ns"]["mean"].get<double>(), 0.0);
}

TEST(UtilityEnginesCli, FilecreateCreatesEachFileEmpty) {
    ScratchDir dir;
    const auto r = run_fio("--name=c --ioengine=filecreate --directory=" + dir.path().string() +
                           " --nrfiles=20 --filesize=4k --output-format=json", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_one_io_per_file(jobs_of(r)[0], "read", 20);
    ASSERT_EQ(entries_in(dir), 20u);
    // Created by the engine's open, never laid out: empty, mode 0600.
    for (const auto& entry : fs::directory_iterator(dir.path())) {
        EXPECT_EQ(fs::file_size(entry.path()), 0u) << entry.path();
        struct stat st {};
        ASSERT_EQ(::stat(entry.path().c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0600u) << entry.path();
    }
}

TEST(UtilityEnginesCli, FilecreateCountsWritesForAWriteJob) {
    ScratchDir dir;
    const auto r = run_fio("--name=c --ioengine=filecreate --rw=write --directory=" +
                           dir.path().string() + " --nrfiles=7 --filesize=4k --output-format=json",
                           60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_one_io_per_file(jobs_of(r)[0], "write", 7);
    EXPECT_EQ(entries_in(dir), 7u);
}

// openfiles=1 (filecreate-ioengine.fio): filecreate holds at most one file open, so
// the limit is kept; an engine that keeps every file open for the job is refused below
// its file count and runs at or above it.
TEST(UtilityEnginesCli, OpenfilesIsKeptByFilecreateAndRefusedWhereFilesStayOpen) {
    ScratchDir dir;
    auto r = run_fio("--name=c --ioengine=filecreate --openfiles=1 --directory=" +
                     dir.path().string() + " --nrfiles=9 --filesize=4k --output-format=json", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_one_io_per_file(jobs_of(r)[0], "read", 9);
    EXPECT_EQ(entries_in(dir), 9u);

    r = run_fio("--name=p --ioengine=psync --openfiles=2 --nrfiles=3 --size=12k --directory=" +
                dir.path().string());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("job 'p': openfiles=2 is not supported with ioengine=psync: it keeps "
                         "each of the job's 3 files open"),
              std::string::npos)
        << r.err;
    r = run_fio("--name=p --ioengine=psync --openfiles=2 --nrfiles=3 --size=12k --parse-only");
    EXPECT_EQ(r.exit_code, 1) << "refused before any job starts, --parse-only too";

    r = run_fio("--name=p --ioengine=psync --openfiles=3 --nrfiles=3 --size=12k "
                "--output-format=json --directory=" + dir.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(jobs_of(r)[0]["read"]["io_bytes"].get<std::uint64_t>(), 12288u);
}

TEST(UtilityEnginesCli, FilestatStatsLaidOutFiles) {
    for (const char* type : {"stat", "lstat", "statx"}) {
        ScratchDir dir;
        const auto r = run_fio("--name=s --ioengine=filestat --stat_type=" + std::string(type) +
                                   " --directory=" + dir.path().string() +
                                   " --nrfiles=20 --filesize=4k --output-format=json",
                               60);
        ASSERT_EQ(r.exit_code, 0) << type << ": " << r.err;
        expect_one_io_per_file(jobs_of(r)[0], "read", 20);
        // The core laid them out before the job; stat leaves them as they were.
        ASSERT_EQ(entries_in(dir), 20u) << type;
        for (const auto& entry : fs::directory_iterator(dir.path())) {
            EXPECT_EQ(fs::file_size(entry.path()), 4096u) << entry.path();
        }
    }
}

TEST(UtilityEnginesCli, FilestatRefusesAnUnknownStatType) {
    ScratchDir dir;
    const auto r = run_fio("--name=s --ioengine=filestat --stat_type=fstat --directory=" +
                           dir.path().string() + " --nrfiles=2 --filesize=4k", 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("stat_type"), std::string::npos) << r.err;
}

TEST(UtilityEnginesCli, FiledeleteRemovesEachFile) {
    ScratchDir dir;
    const auto r = run_fio("--name=d --ioengine=filedelete --unlink=0 --directory=" +
                           dir.path().string() + " --nrfiles=20 --filesize=4k --output-format=json",
                           60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_one_io_per_file(jobs_of(r)[0], "read", 20);
    EXPECT_EQ(entries_in(dir), 0u);
}

// --- exec --------------------------------------------------------------------------

TEST(UtilityEnginesCli, ExecRunsTheProgramWithExpandedArguments) {
    // std_redirect (default): the output lands in <job>.stdout in the current directory.
    ScratchDir dir;
    const auto r = run_shell("cd " + dir.path().string() + " && " + FIO_BINARY +
                                 " --name=e --ioengine=exec --program=echo "
                                 "--arguments='hello %r %n' --runtime=1 --time_based "
                                 "--output-format=json",
                             60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(read_file(dir / "e.stdout"), "hello 1 e\n");
    EXPECT_TRUE(fs::exists(dir / "e.stderr"));
    const json job = jobs_of(r)[0];
    EXPECT_EQ(u64(job["read"]["io_bytes"]), 0u);
    // Each I/O waits 100 ms: about 10 in 1 s.
    EXPECT_GE(u64(job["read"]["total_ios"]), 5u);
    EXPECT_LE(u64(job["read"]["total_ios"]), 11u);
}

TEST(UtilityEnginesCli, ExecEndsAProgramThatOutlivesTheJob) {
    // The script ignores SIGTERM, so it lasts until the SIGKILL grace_time=1 s later.
    ScratchDir dir;
    {
        std::ofstream script(dir / "stubborn.sh");
        script << "#!/bin/sh\necho $$ > " << dir / "pid" << "\ntrap '' TERM\n"
               << "while :; do sleep 0.1; done\n";
    }
    fs::permissions(dir / "stubborn.sh", fs::perms::owner_all);
    const auto started = std::chrono::steady_clock::now();
    const auto r = run_fio("--name=e --ioengine=exec --program=" + dir / "stubborn.sh" +
                               " --std_redirect=0 --grace_time=1 --runtime=1 --time_based "
                               "--output-format=json",
                           60);
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_LT(took, std::chrono::seconds(8));
    EXPECT_GE(took, std::chrono::milliseconds(1900));  // 1 s of job, 1 s of grace
    const pid_t pid = std::stoi(read_file(dir / "pid"));
    EXPECT_NE(::kill(pid, 0), 0) << "the program still runs";
}

TEST(UtilityEnginesCli, ExecReportsAMissingProgram) {
    const auto r = run_fio("--name=e --ioengine=exec --program=/nonexistent/prog "
                           "--std_redirect=0 --runtime=1 --time_based --output-format=json", 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(jobs_of(r)[0]["error"].get<int>(), 2);  // ENOENT
}

TEST(UtilityEnginesCli, ExecNeedsAProgram) {
    const auto r = run_fio("--name=e --ioengine=exec --runtime=1 --time_based", 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("program= is required"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace fio::test
