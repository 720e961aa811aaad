// A server's policy on parsed jobs: the exact refusal of each rule (paths, commands,
// plugin paths, caps), and what passes.
#include "jobs/ini_reader.hpp"
#include "jobs/job_builder.hpp"
#include "remote/job_policy.hpp"

#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace fio::core {
namespace {

namespace fs = std::filesystem;

struct Policy {
    test::ScratchDir scratch;
    ServerPolicy policy;
    Policy() { policy.root = fs::canonical(scratch.path()); }
    std::string root() const { return policy.root.string(); }
};

std::vector<JobSpec> jobs_of(const std::string& text) {
    return build_jobs(parse_ini_job_text(text, "t.fio", "."), {});
}

std::string refusal_of(const std::string& text, ServerPolicy& policy) {
    auto jobs = jobs_of(text);
    if (auto why = jobs_refusal(jobs, policy)) return *why;
    return caps_refusal(jobs, policy).value_or("");
}

TEST(JobPolicy, PathsOutsideTheRootAreRefusedByOptionAndValue) {
    Policy p;
    EXPECT_EQ(refusal_of("[a]\nfilename=/etc/passwd\n", p.policy),
              "job 'a': filename=/etc/passwd is outside the server root " + p.root() + " (--server-root)");
    EXPECT_EQ(refusal_of("[a]\nfilename=ok:../x\n", p.policy),
              "job 'a': filename=../x is outside the server root " + p.root() +
                  " (--server-root): resolves to " + p.policy.root.parent_path().string() + "/x");
    EXPECT_EQ(refusal_of("[a]\ndirectory=/tmp\n", p.policy).substr(0, 24), "job 'a': directory=/tmp ");
    EXPECT_EQ(refusal_of("[a]\nfilename_format=../$jobname.$filenum\n", p.policy).substr(0, 40),
              "job 'a': filename_format=../a.0 is outsi");  // the made name, after the format
    EXPECT_EQ(refusal_of("[a]\nwrite_bw_log=/var/log/x\n", p.policy).substr(0, 35),
              "job 'a': write_bw_log=/var/log/x is");
    EXPECT_EQ(refusal_of("[a]\nsize=1m\nwrite_iolog=/tmp/x.log\n", p.policy).substr(0, 33),
              "job 'a': write_iolog=/tmp/x.log i");
    EXPECT_EQ(refusal_of("[a]\nread_iolog=/etc/hosts\n", p.policy).substr(0, 32),
              "job 'a': read_iolog=/etc/hosts i");
    EXPECT_EQ(refusal_of("[a]\nread_iolog=t.bin\nmerge_blktrace_file=/tmp/m.bin\n", p.policy).substr(0, 40),
              "job 'a': merge_blktrace_file=/tmp/m.bin ");
    EXPECT_EQ(refusal_of("[a]\nmem=mmap:/dev/shm/x\n", p.policy).substr(0, 29), "job 'a': mem=/dev/shm/x is ou");
    EXPECT_EQ(refusal_of("[../a]\nsize=1m\n", p.policy).substr(0, 20), "job '../a': name=../");
}

TEST(JobPolicy, PathsInsideTheRootPass) {
    Policy p;
    fs::create_directory(p.policy.root / "sub");
    EXPECT_EQ(refusal_of("[a]\nfilename=sub/f:" + p.root() + "/g\nwrite_bw_log=sub/bw\n", p.policy), "");
    EXPECT_EQ(refusal_of("[a]\ndirectory=sub\nnrfiles=3\nnumjobs=2\n", p.policy), "");
}

TEST(JobPolicy, CommandsNeedAllowExec) {
    Policy p;
    EXPECT_EQ(refusal_of("[a]\nexec_prerun=touch x\n", p.policy),
              "job 'a': exec_prerun=touch x runs a command, and the server allows none (--allow-exec)");
    EXPECT_EQ(refusal_of("[a]\nexec_postrun=true\n", p.policy),
              "job 'a': exec_postrun=true runs a command, and the server allows none (--allow-exec)");
    EXPECT_EQ(refusal_of("[a]\nioengine=exec\nprogram=true\n", p.policy),
              "job 'a': ioengine=exec runs a command, and the server allows none (--allow-exec)");
    EXPECT_EQ(refusal_of("[a]\nioscheduler=none\n", p.policy).substr(0, 32), "job 'a': ioscheduler=none change");
    EXPECT_EQ(refusal_of("[a]\ncgroup=g\n", p.policy),
              "job 'a': cgroup=g creates and joins a control group (a system setting), and the server "
              "allows none (--allow-exec)");
    p.policy.allow_exec = true;
    EXPECT_EQ(refusal_of("[a]\nexec_prerun=touch x\nioengine=exec\nprogram=true\n", p.policy), "");
    EXPECT_EQ(refusal_of("[a]\ncgroup=g\n", p.policy), "");
}

TEST(JobPolicy, PluginPathsNeedAllowPluginPaths) {
    Policy p;
    EXPECT_EQ(refusal_of("[a]\nioengine=/opt/x/fio-engine-x.so\n", p.policy),
              "job 'a': ioengine=/opt/x/fio-engine-x.so loads a plugin by path, and the server allows "
              "plugins only by name (--allow-plugin-paths)");
    p.policy.allow_plugin_paths = true;
    EXPECT_EQ(refusal_of("[a]\nioengine=/opt/x/fio-engine-x.so\n", p.policy), "");
}

TEST(JobPolicy, JobsCapCountsClones) {
    Policy p;
    p.policy.max_jobs = 4;
    EXPECT_EQ(refusal_of("[a]\nsize=1m\nnumjobs=2\n[b]\nsize=1m\nnumjobs=3\n", p.policy),
              "the submission has 5 jobs (numjobs clones counted), over the server's cap of 4 (--max-jobs)");
    EXPECT_EQ(refusal_of("[a]\nsize=1m\nnumjobs=2\n[b]\nsize=1m\nnumjobs=2\n", p.policy), "");
}

TEST(JobPolicy, SizeCapCountsEveryClone) {
    Policy p;
    p.policy.max_size = 8 << 20;
    EXPECT_EQ(refusal_of("[a]\nsize=4m\nnumjobs=3\n", p.policy),
              "job 'a': 12582912 bytes (4194304 per clone x numjobs=3) is over the server's cap of "
              "8388608 bytes (--max-size)");
    EXPECT_EQ(refusal_of("[a]\nsize=4m\n[b]\nfilesize=1m\nnrfiles=5\n", p.policy),
              "the submission's jobs address 9437184 bytes together, over the server's cap of 8388608 "
              "bytes (--max-size)");
    EXPECT_EQ(refusal_of("[a]\nsize=1m\nio_size=16m\n", p.policy).substr(0, 20), "job 'a': 16777216 by");
    EXPECT_EQ(refusal_of("[a]\nsize=4m\nnumjobs=2\n", p.policy), "");
    EXPECT_EQ(refusal_of("[a]\nfilename=f\n", p.policy),
              "job 'a': its size would come from its files (no size=, filesize= or io_size=, or size=N%), "
              "and the server caps size at 8388608 bytes (--max-size)");
}

TEST(JobPolicy, RuntimeCapRefusesLongerJobsAndBoundsTheRest) {
    Policy p;
    p.policy.max_runtime_ns = 10'000'000'000;
    EXPECT_EQ(refusal_of("[a]\nsize=1m\ntime_based\nruntime=20\n", p.policy),
              "job 'a': runtime=20 s is over the server's cap of 10 s (--max-runtime)");
    EXPECT_EQ(refusal_of("[a]\nsize=1m\nruntime=8\nramp_time=3\n", p.policy),
              "job 'a': runtime=8 s (with startdelay and ramp_time: 11 s) is over the server's cap of 10 s "
              "(--max-runtime)");
    EXPECT_EQ(refusal_of("[a]\nsize=1m\nstartdelay=12\n", p.policy),
              "job 'a': startdelay and ramp_time take 12 s, leaving no runtime under the server's cap of "
              "10 s (--max-runtime)");
    auto jobs = jobs_of("[a]\nsize=1m\nramp_time=2\n[b]\nsize=1m\nruntime=5\n");
    EXPECT_EQ(caps_refusal(jobs, p.policy), std::nullopt);
    EXPECT_EQ(jobs[0].runtime_ns, 8'000'000'000u);  // the cap, less its ramp
    EXPECT_EQ(jobs[1].runtime_ns, 5'000'000'000u);
}

TEST(JobPolicy, NoCapsMeansNoLimit) {
    Policy p;
    auto jobs = jobs_of("[a]\nfilename=f\nnumjobs=64\ntime_based\nruntime=1h\n");
    EXPECT_EQ(caps_refusal(jobs, p.policy), std::nullopt);
}

}  // namespace
}  // namespace fio::core
