// cgroup=, cgroup_weight=, cgroup_nodelete= (issue 12, cause 3): jobs run inside a block
// I/O control group, side by side with stock fio 3.33. What is compared: the group the
// job's commands see themselves in, the group's members while the job runs, whether the
// group is left afterwards, the weight (or stock's failure when the kernel offers no
// weight file), exit statuses and the one-line errors. Every group a test makes is
// removed at its end, passed or failed. Needs root and a blkio (v1) or v2 hierarchy.
#include "stock_compare.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace fio::test {
namespace {

struct Hierarchy {
    std::string root;
    bool v2 = false;
    std::string members_file() const { return v2 ? "cgroup.procs" : "tasks"; }
};

// As the product reads /proc/mounts: v1's blkio hierarchy first, else a v2 one.
std::optional<Hierarchy> block_io_hierarchy() {
    std::ifstream mounts("/proc/mounts");
    std::optional<Hierarchy> unified;
    for (std::string line; std::getline(mounts, line);) {
        std::istringstream fields(line);
        std::string device, dir, type, options;
        fields >> device >> dir >> type >> options;
        if (type == "cgroup" && ("," + options + ",").find(",blkio,") != std::string::npos) {
            return Hierarchy{dir, false};
        }
        if (type == "cgroup2" && !unified) unified = Hierarchy{dir, true};
    }
    return unified;
}

std::size_t numeric_lines(const std::string& text) {
    std::size_t count = 0;
    for (const auto& line : split_fields(text, '\n')) {
        if (!line.empty() && line.find_first_not_of("0123456789") == std::string::npos) ++count;
    }
    return count;
}

class CgroupCli : public ::testing::Test {
protected:
    void SetUp() override {
        if (!stock_available()) GTEST_SKIP() << "stock fio is not installed";
        if (::geteuid() != 0) GTEST_SKIP() << "needs root to make control groups";
        const auto found = block_io_hierarchy();
        if (!found) GTEST_SKIP() << "no blkio or cgroup v2 hierarchy is mounted";
        hierarchy_ = *found;
    }
    void TearDown() override {
        for (auto it = made_.rbegin(); it != made_.rend(); ++it) ::rmdir(it->c_str());
    }

    // A group name of this test and process, removed (if left) when the test ends.
    std::string group(const std::string& tag) {
        const std::string name = "fio-test-" + std::to_string(::getpid()) + "-" + tag;
        made_.push_back(directory(name));
        return name;
    }
    std::string directory(const std::string& name) const { return hierarchy_.root + "/" + name; }
    // The line of /proc/self/cgroup that a member of `name` shows.
    std::string cgroup_line(const std::string& name) const {
        return (hierarchy_.v2 ? "0::/" : ":blkio:/") + name + "\n";
    }

    Hierarchy hierarchy_;

private:
    std::vector<std::string> made_;
};

TEST_F(CgroupCli, TheJobRunsInsideTheGroupWhichGoesAfterwards) {
    const std::string name = group("inside");
    const std::string dir = directory(name);
    // The prerun command is the job's child: it is in the job's group, and lists it.
    const auto script = [&](const std::string& mode) {
        return "$FIO --name=x --ioengine=null --size=1m --output-format=terse --cgroup=" + name +
               mode + " --exec_prerun='cat /proc/self/cgroup " + dir + "/" +
               hierarchy_.members_file() + "' > report; rc=$?; cat x.prerun.txt; test -d " + dir +
               " && echo left; exit $rc";
    };
    for (const std::string mode : {"", " --thread"}) {
        const auto run = run_script_side_by_side(script(mode));
        ASSERT_EQ(run.stock.exit_code, 0) << run.stock.out << run.stock.err;
        EXPECT_EQ(run.ours.exit_code, 0) << mode << run.ours.err;
        EXPECT_EQ(run.ours.err, run.stock.err) << mode;
        for (const auto* out : {&run.ours.out, &run.stock.out}) {
            EXPECT_NE(out->find(cgroup_line(name)), std::string::npos) << mode << *out;
            EXPECT_EQ(out->find("left"), std::string::npos) << mode << *out;
            // Listed: the job (thread or process), the shell and cat.
            EXPECT_GE(numeric_lines(*out), hierarchy_.v2 ? 2u : 3u) << mode << *out;
        }
    }
}

TEST_F(CgroupCli, NumjobsClonesShareTheGroupWhileTheyRun) {
    const std::string name = group("clones");
    const std::string members = directory(name) + "/" + hierarchy_.members_file();
    // Poll the members until both clones are in (or 8 s pass: no timing is asserted),
    // then stop the run with SIGINT: the group must go all the same.
    const auto script = [&](const std::string& extra) {
        return "$FIO --name=x --ioengine=null --size=1m --time_based --runtime=10 --numjobs=2 "
               "--output-format=terse --cgroup=" + name + extra + " > report & "
               "n=0; for i in $(seq 80); do n=$(cat " + members + " 2>/dev/null | wc -l); "
               "[ \"$n\" -ge 2 ] && break; sleep 0.1; done; echo members=$n; kill -INT $!; "
               "wait $!; echo status=$?; test -d " + directory(name) + " && echo left; true";
    };
    const auto run = run_script_side_by_side(script(""));
    // Stopped by SIGINT, both exit with 128.
    EXPECT_NE(run.ours.out.find("status=128"), std::string::npos) << run.ours.out << run.ours.err;
    EXPECT_NE(run.stock.out.find("members=2"), std::string::npos) << run.stock.out;
    // Under v2 the one fio process holds both job threads.
    EXPECT_NE(run.ours.out.find(hierarchy_.v2 ? "members=1" : "members=2"), std::string::npos)
        << run.ours.out;
    for (const auto* out : {&run.ours.out, &run.stock.out}) {
        EXPECT_EQ(out->find("left"), std::string::npos) << *out;
    }
    // thread=1 with clones: stock 3.33 aborts on an assertion (its shared mount record is
    // freed twice); ours runs them as above.
    ScratchDir scratch;
    const auto threads = run_shell("FIO=" + std::string(FIO_BINARY) + "; cd " +
                                   scratch.path().string() + " && { " + script(" --thread") + "; }");
    EXPECT_NE(threads.out.find("status=128"), std::string::npos) << threads.out << threads.err;
    // v1 lists thread ids: both job threads, and at times a helper thread a job started
    // after joining; v2 the one process.
    if (hierarchy_.v2) {
        EXPECT_NE(threads.out.find("members=1"), std::string::npos) << threads.out;
    } else {
        EXPECT_TRUE(threads.out.find("members=2") != std::string::npos ||
                    threads.out.find("members=3") != std::string::npos) << threads.out;
    }
    EXPECT_EQ(threads.out.find("left"), std::string::npos) << threads.out;
}

TEST_F(CgroupCli, NodeleteKeepsTheGroup) {
    const std::string name = group("kept");
    const std::string script = "$FIO --name=x --ioengine=null --size=1m --output-format=terse "
                               "--cgroup=" + name + " --cgroup_nodelete=1 > report; rc=$?; "
                               "test -d " + directory(name) + " && echo kept; rmdir " +
                               directory(name) + "; exit $rc";
    const auto run = run_script_side_by_side(script);
    EXPECT_EQ(run.ours.exit_code, run.stock.exit_code) << run.ours.err;
    EXPECT_EQ(run.ours.err, run.stock.err);
    EXPECT_EQ(run.stock.out, "kept\n");
    EXPECT_EQ(run.ours.out, "kept\n");
}

TEST_F(CgroupCli, AGroupThatExistedStaysAndJobsInTurnShareIt) {
    const std::string name = group("turns");
    const std::string script = "$FIO --output-format=terse --ioengine=null --size=1m --cgroup=" +
                               name + " --name=a --name=b --stonewall > report; rc=$?; "
                               "test -d " + directory(name) + " && echo left; mkdir " +
                               directory(name) + " && $FIO --name=c --ioengine=null --size=1m "
                               "--output-format=terse --cgroup=" + name + " > report; "
                               "test -d " + directory(name) + " && echo stays; rmdir " +
                               directory(name) + "; exit $rc";
    const auto run = run_script_side_by_side(script);
    EXPECT_EQ(run.ours.exit_code, run.stock.exit_code) << run.ours.err;
    EXPECT_EQ(run.stock.out, "stays\n");
    EXPECT_EQ(run.ours.out, run.stock.out);
}

TEST_F(CgroupCli, WeightIsWrittenOrFailsTheJobAsStock) {
    const std::string name = group("weight");
    const std::string dir = directory(name);
    const std::string files = hierarchy_.v2 ? dir + "/io.weight " + dir + "/io.bfq.weight"
                                            : dir + "/blkio.weight " + dir + "/blkio.bfq.weight";
    // The group is kept to read its weight, then removed.
    const std::string script = "$FIO --name=x --ioengine=null --size=1m --output-format=json "
                               "--cgroup=" + name + " --cgroup_weight=500 --cgroup_nodelete=1 "
                               "> report; rc=$?; cat " + files + " 2>/dev/null; echo; "
                               "grep '\"error\"' report | head -1; rmdir " + dir + "; exit $rc";
    const auto run = run_script_side_by_side(script);
    EXPECT_EQ(run.ours.exit_code, run.stock.exit_code) << run.ours.err << run.stock.err;
    if (run.stock.exit_code == 0) {
        // A kernel with CFQ or BFQ (v1), or the io controller on (v2): the weight is set.
        EXPECT_NE(run.ours.out.find("500"), std::string::npos) << run.ours.out;
        return;
    }
    // No weight file: stock's job fails with EACCES (13), as ours, and says so in one line.
    EXPECT_NE(run.stock.out.find("\"error\" : 13"), std::string::npos) << run.stock.out;
    EXPECT_NE(run.ours.out.find("\"error\" : 13"), std::string::npos) << run.ours.out;
    EXPECT_NE(run.ours.err.find("cgroup_weight=500: cannot write " + dir), std::string::npos)
        << run.ours.err;
    EXPECT_EQ(std::count(run.ours.err.begin(), run.ours.err.end(), '\n'), 1) << run.ours.err;
}

TEST_F(CgroupCli, OutOfRangeWeightsAndClimbingNamesAreRefused) {
    for (const std::string weight : {"99", "1001"}) {
        const auto run = run_side_by_side("--name=x --ioengine=null --size=1m --cgroup=" +
                                          group("range") + " --cgroup_weight=" + weight);
        EXPECT_EQ(run.ours.exit_code, 1) << weight;
        EXPECT_EQ(run.ours.exit_code, run.stock.exit_code) << weight;
        EXPECT_NE(run.stock.err.find("cgroup_weight"), std::string::npos) << run.stock.err;
        EXPECT_NE(run.ours.err.find("cgroup_weight"), std::string::npos) << run.ours.err;
        EXPECT_EQ(run.ours.out, "");
    }
    // Stock would make a directory outside the hierarchy; ours refuses before running.
    const auto climbing = run_fio("--name=x --ioengine=null --size=1m --cgroup=../fio-escape");
    EXPECT_EQ(climbing.exit_code, 1);
    EXPECT_NE(climbing.err.find("cgroup"), std::string::npos) << climbing.err;
    EXPECT_NE(climbing.err.find("'..'"), std::string::npos) << climbing.err;
}

}  // namespace
}  // namespace fio::test
