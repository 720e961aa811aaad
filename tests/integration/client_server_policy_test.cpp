// The server's policy for remote jobs, end to end: files only under --server-root, no
// commands without --allow-exec, no plugins by path without --allow-plugin-paths, and the
// --max-jobs/--max-size/--max-runtime caps. Each refusal reaches the client as an error
// for that host and the server's log as one line with the peer; the server goes on
// serving. A local run is not confined.
#include "fio_server.hpp"
#include "run_command.hpp"
#include "test_process.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fio::test {
namespace {

namespace fs = std::filesystem;

// scratch/root (the server root, with data/) and scratch/outside beside it.
struct Sandbox {
    ScratchDir scratch;
    fs::path root = fs::canonical(scratch.path()) / "root";
    fs::path outside = fs::canonical(scratch.path()) / "outside";
    Sandbox() {
        fs::create_directories(root / "data");
        fs::create_directories(outside);
        fs::create_directory_symlink(outside, root / "out-link");
    }
    std::string job(const std::string& name, const std::string& text) const {
        const std::string path = scratch / name;
        std::ofstream(path) << text;
        return path;
    }
};

std::vector<std::string> server_args(const Sandbox& box, std::vector<std::string> more = {}) {
    std::vector<std::string> args{"--server=tcp:127.0.0.1:0", "--server-root=" + box.root.string()};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

CommandResult run_remote(const FioServer& server, const std::string& args) {
    return run_fio("--client=" + server.endpoint() + " " + args, 60);
}

// A run refused by the policy: the client names the host and the reason and fails;
// the server logs the peer and the reason; the next good job still runs.
void expect_refused(FioServer& server, const Sandbox& box, const std::string& args, const std::string& reason) {
    const std::size_t log_before = server.log().size();
    const CommandResult r = run_remote(server, args);
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.out;
    EXPECT_NE(r.err.find("fio: client " + server.label() + ": refused: " + reason), std::string::npos)
        << "wanted: " << reason << "\ngot: " << r.err;
    EXPECT_TRUE(wait_for([&] { return server.log().find("refused: " + reason, log_before) != std::string::npos; },
                         std::chrono::seconds(5)))
        << server.log();
    EXPECT_NE(server.log().find("fio: server: 127.0.0.1:", log_before), std::string::npos) << server.log();
    const std::string good = box.job("good.fio", "[good]\nioengine=null\nsize=1m\n");
    EXPECT_EQ(run_remote(server, good).exit_code, 0) << "the server stopped serving after: " << args;
}

TEST(ServerPolicy, PathsOutsideTheRootAreRefused) {
    Sandbox box;
    FioServer server(server_args(box));
    const std::string root = box.root.string();
    const std::string rule = " is outside the server root " + root + " (--server-root)";
    expect_refused(server, box, box.job("up.fio", "[a]\nfilename=../outside/x\nsize=64k\nrw=write\n"),
                   "job 'a': filename=../outside/x" + rule + ": resolves to " + (box.outside / "x").string());
    expect_refused(server, box, box.job("abs.fio", "[a]\nfilename=" + (box.outside / "x").string() + "\nsize=64k\n"),
                   "job 'a': filename=" + (box.outside / "x").string() + rule);
    expect_refused(server, box, box.job("link.fio", "[a]\nfilename=out-link/x\nsize=64k\nrw=write\n"),
                   "job 'a': filename=out-link/x" + rule + ": resolves to " + (box.outside / "x").string());
    expect_refused(server, box, box.job("list.fio", "[a]\nfilename=data/ok:/etc/passwd\nsize=64k\n"),
                   "job 'a': filename=/etc/passwd" + rule);
    expect_refused(server, box, box.job("dir.fio", "[global]\ndirectory=/var/tmp\n[a]\nsize=64k\n"),
                   "job 'a': directory=/var/tmp" + rule);
    expect_refused(server, box, box.job("log.fio", "[a]\nioengine=null\nsize=64k\nwrite_bw_log=/tmp/bw\n"),
                   "job 'a': write_bw_log=/tmp/bw" + rule);
    expect_refused(server, box, "--name=a --ioengine=null --size=64k --write_iolog=/tmp/x.iolog",
                   "job 'a': write_iolog=/tmp/x.iolog" + rule);
    std::ofstream(box.outside / "inc.fio") << "size=64k\n";
    expect_refused(server, box, box.job("inc.fio", "[a]\nioengine=null\ninclude ../outside/inc.fio\n"),
                   "inc.fio:3: include ../outside/inc.fio" + rule + ": resolves to " +
                       (box.outside / "inc.fio").string());
    expect_refused(server, box, "--remote-config=" + (box.outside / "inc.fio").string(),
                   "--remote-config=" + (box.outside / "inc.fio").string() + rule);
    EXPECT_FALSE(fs::exists(box.outside / "x"));
    EXPECT_TRUE(server.alive());
}

TEST(ServerPolicy, PathsInsideTheRootRunAndRelativePathsAreUnderIt) {
    Sandbox box;
    FioServer server(server_args(box));
    std::ofstream(box.root / "data" / "inc.fio") << "size=64k\n";
    std::ofstream(box.root / "remote.fio") << "[r]\nioengine=null\nsize=64k\n";
    const std::string job = box.job("in.fio",
                                    "[a]\nrw=write\nfilename=data/a.dat:" + (box.root / "data" / "b.dat").string() +
                                        "\ninclude data/inc.fio\nwrite_bw_log=data/a\n");
    const CommandResult r = run_remote(server, job);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(fs::file_size(box.root / "data" / "a.dat"), 32u << 10);  // 64k over two files
    EXPECT_EQ(fs::file_size(box.root / "data" / "b.dat"), 32u << 10);
    EXPECT_TRUE(fs::exists(box.root / "data" / "a_bw.1.log"));
    // Made names go to the root too (the run's working directory).
    ASSERT_EQ(run_remote(server, "--name=made --rw=write --size=64k").exit_code, 0);
    EXPECT_TRUE(fs::exists(box.root / "made.0.0"));
    // A relative --remote-config is a file under the root.
    EXPECT_EQ(run_remote(server, "--remote-config=remote.fio").exit_code, 0);
}

TEST(ServerPolicy, CommandsNeedAllowExec) {
    Sandbox box;
    const std::string prerun = box.job("prerun.fio", "[a]\nioengine=null\nsize=64k\nexec_prerun=touch ran\n");
    {
        FioServer server(server_args(box));
        expect_refused(server, box, prerun,
                       "job 'a': exec_prerun=touch ran runs a command, and the server allows none (--allow-exec)");
        expect_refused(server, box, box.job("engine.fio", "[a]\nioengine=exec\nprogram=true\nruntime=1\n"),
                       "job 'a': ioengine=exec runs a command, and the server allows none (--allow-exec)");
        expect_refused(server, box, "--name=a --ioengine=null --size=64k --exec_postrun=true",
                       "job 'a': exec_postrun=true runs a command, and the server allows none (--allow-exec)");
        EXPECT_FALSE(fs::exists(box.root / "ran"));
    }
    FioServer allowing(server_args(box, {"--allow-exec"}));
    const CommandResult r = run_remote(allowing, prerun);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(box.root / "ran"));  // the command ran in the server root
}

TEST(ServerPolicy, PluginPathsNeedAllowPluginPaths) {
    Sandbox box;
    const std::string path = std::string(FIO_TEST_PLUGIN_DIR) + "/fio-engine-testgood.so";
    const std::string job = box.job("plugin.fio", "[a]\nioengine=" + path + "\nsize=64k\n");
    {
        FioServer server(server_args(box));
        expect_refused(server, box, job,
                       "job 'a': ioengine=" + path + " loads a plugin by path, and the server allows plugins "
                       "only by name (--allow-plugin-paths)");
    }
    FioServer allowing(server_args(box, {"--allow-plugin-paths"}));
    const CommandResult r = run_remote(allowing, job);
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(ServerPolicy, CapsRefuseOverTheLimitAndPassUnderIt) {
    Sandbox box;
    FioServer server(server_args(box, {"--max-jobs=2", "--max-size=4m", "--max-runtime=2"}));
    expect_refused(server, box, "--name=a --ioengine=null --size=1m --numjobs=3",
                   "the submission has 3 jobs (numjobs clones counted), over the server's cap of 2 (--max-jobs)");
    expect_refused(server, box, "--name=a --ioengine=null --size=8m",
                   "job 'a': 8388608 bytes (8388608 per clone x numjobs=1) is over the server's cap of 4194304 "
                   "bytes (--max-size)");
    expect_refused(server, box, "--name=a --ioengine=null --size=1m --time_based --runtime=5",
                   "job 'a': runtime=5 s is over the server's cap of 2 s (--max-runtime)");
    const CommandResult under =
        run_remote(server, "--name=a --ioengine=null --size=1m --numjobs=2 --time_based --runtime=1");
    EXPECT_EQ(under.exit_code, 0) << under.err;
}

TEST(ServerPolicy, AJobWithoutRuntimeEndsAtTheRuntimeCap) {
    Sandbox box;
    FioServer server(server_args(box, {"--max-runtime=1"}));
    const auto start = std::chrono::steady_clock::now();
    const CommandResult r = run_remote(server, "--name=a --ioengine=null --size=100t --bs=4k");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
}

TEST(ServerPolicy, TheStartLineSaysTheRootAndTheRules) {
    Sandbox box;
    TestProcess server(FIO_BINARY, {"--server=tcp:127.0.0.1:0", "--server-root=" + box.root.string(),
                                    "--max-jobs=4"});
    ASSERT_TRUE(wait_for([&] { return server.out().find("policy") != std::string::npos; }, std::chrono::seconds(10)));
    ASSERT_TRUE(wait_for([&] { return server.out().find("max jobs 4\n") != std::string::npos; },
                         std::chrono::seconds(2)));
    EXPECT_NE(server.out().find("fio: server policy for remote jobs: root " + box.root.string() +
                                "; no commands; no plugin paths; max jobs 4\n"),
              std::string::npos)
        << server.out();
    server.stop(std::chrono::milliseconds(3000));
    const CommandResult bad = run_fio("--server=tcp:127.0.0.1:0 --server-root=" + (box.root / "nope").string(), 10);
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_EQ(bad.err, "fio: --server-root=" + (box.root / "nope").string() + ": not a directory\n");
}

TEST(ServerPolicy, ALocalRunIsNotConfined) {
    Sandbox box;
    const CommandResult r = run_fio("--name=a --rw=write --size=64k --filename=" + (box.outside / "local").string(), 30);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(box.outside / "local"));
}

}  // namespace
}  // namespace fio::test
