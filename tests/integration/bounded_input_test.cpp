// Bounded input: job files and includes that are not regular files or are over 16 MiB,
// and job counts over fio's limits, are refused in one line, quickly and with bounded
// memory, in a local run and through a server (docs/security.md, "Bounded input").
// Peak memory is the largest RSS of any process this test waited for (getrusage of the
// children), so a run that grew like `include /dev/zero` once did (840 MB in 4 s) fails.
#include "fio_server.hpp"
#include "raw_socket.hpp"
#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fio::test {
namespace {

namespace wire = sdk::wire;
using Clock = std::chrono::steady_clock;

// fio itself needs a few tens of MB (about 200 MB under AddressSanitizer or
// ThreadSanitizer, whose shadow memory counts too); unbounded reading of /dev/zero
// passed 800 MB within 4 s.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr long kPeakRssLimitKb = 400 * 1024;
#else
constexpr long kPeakRssLimitKb = 150 * 1024;
#endif
constexpr double kQuickSeconds = 10;          // loose: the refusal itself takes milliseconds

constexpr const char* kQuickJob = "[quick]\nioengine=null\nsize=64k\nbs=4k\n";

std::string write_job(const ScratchDir& dir, const std::string& name, const std::string& text) {
    const std::string path = dir / name;
    std::ofstream(path) << text;
    return path;
}

// A sparse file of `bytes`: no disk used, and still too large to read.
std::string write_sparse(const ScratchDir& dir, const std::string& name, off_t bytes) {
    const std::string path = dir / name;
    std::ofstream(path) << "[big]\nioengine=null\n";
    EXPECT_EQ(::truncate(path.c_str(), bytes), 0);
    return path;
}

long children_peak_rss_kb() {
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss;
}

// One fio run that must fail quickly, in one line containing `expected`, within the memory bound.
void expect_refused(const std::string& args, const std::string& expected) {
    const auto start = Clock::now();
    const CommandResult r = run_fio(args, 30);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    EXPECT_NE(r.exit_code, 0) << args;
    EXPECT_NE(r.err.find(expected), std::string::npos) << args << "\nstderr: " << r.err;
    EXPECT_LT(seconds, kQuickSeconds) << args;
    EXPECT_LT(children_peak_rss_kb(), kPeakRssLimitKb) << args;
}

TEST(BoundedInput, IncludeOfDevZeroIsRefusedQuicklyInOneLine) {
    ScratchDir dir;
    const std::string job = write_job(dir, "zero.fio", "[a]\nioengine=null\nsize=1m\ninclude /dev/zero\n");
    expect_refused("--parse-only " + job,
                   job + ":4: cannot read included file /dev/zero: not a regular file (a character device)");
}

TEST(BoundedInput, AFifoAsJobFileOrIncludeIsRefusedWithoutBlocking) {
    ScratchDir dir;
    const std::string fifo = dir / "jobs.fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    expect_refused("--parse-only " + fifo, fifo + ": cannot read the job file: not a regular file (a FIFO)");
    const std::string job = write_job(dir, "outer.fio", "[a]\nioengine=null\ninclude jobs.fifo\n");
    expect_refused("--parse-only " + job, "cannot read included file " + fifo + ": not a regular file (a FIFO)");
    // A .toml job file goes through the same reader.
    const std::string toml_fifo = dir / "jobs.toml";
    ASSERT_EQ(::mkfifo(toml_fifo.c_str(), 0600), 0);
    expect_refused("--parse-only " + toml_fifo, toml_fifo + ": cannot read the job file: not a regular file (a FIFO)");
}

TEST(BoundedInput, AJobFileOver16MiBIsRefused) {
    ScratchDir dir;
    const std::string big = write_sparse(dir, "big.fio", 100 << 20);
    expect_refused("--parse-only " + big,
                   big + ": cannot read the job file: too large (104857600 bytes; the limit is 16 MiB)");
    const std::string outer = write_job(dir, "outer.fio", "[a]\nioengine=null\ninclude big.fio\n");
    expect_refused("--parse-only " + outer, "cannot read included file " + big + ": too large");
    // Through standard input the cap holds too, counted as the bytes arrive.
    expect_refused("--parse-only - < " + big, "<stdin>: cannot read the job file: too large (over 16777216 bytes");
}

TEST(BoundedInput, JobThreadsAndFilesOverTheLimitsAreRefused) {
    expect_refused("--parse-only --name=a --ioengine=null --size=1m --numjobs=4096 --name=b",
                   "job 'b': over 4096 job threads in all (numjobs counted); fio runs at most 4096");
    expect_refused("--parse-only --name=a --ioengine=null --size=1m --numjobs=4097", "numjobs");
    expect_refused("--parse-only --name=a --ioengine=null --size=1m --nrfiles=1048576 --numjobs=2",
                   "job 'a': over 1048576 files in all (nrfiles times numjobs, over every job)");
    // At the limit: accepted.
    const CommandResult ok = run_fio("--parse-only --name=a --ioengine=null --size=1m --numjobs=4096", 60);
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST(BoundedInput, SectionsAndOptionsOverTheLimitsAreRefusedWhileReading) {
    ScratchDir dir;
    std::string sections;
    for (int i = 0; i <= 8192; ++i) sections += "[global]\n";
    const std::string many_sections = write_job(dir, "sections.fio", sections);
    expect_refused("--parse-only " + many_sections, many_sections + ":8193: more than 8192 sections in one job file");
    std::string options = "[a]\n";
    for (int i = 0; i <= 262144; ++i) options += "size=1m\n";
    const std::string many_options = write_job(dir, "options.fio", options);
    expect_refused("--parse-only " + many_options, many_options + ":262146: more than 262144 options in one job file");
    // [global] options apply again to each job after them: 30000 of them and 40 jobs.
    std::string globals = "[global]\nioengine=null\nsize=1m\n";
    for (int i = 0; i < 30000; ++i) globals += "description=x\n";
    for (int i = 0; i < 40; ++i) globals += "[a" + std::to_string(i) + "]\n";
    const std::string many_settings = write_job(dir, "settings.fio", globals);
    expect_refused("--parse-only " + many_settings,
                   many_settings + ":30038: job 'a34': over 1048576 option settings over every job");
}

// Through a server: the client refuses what it cannot send; the server's run process
// refuses what the job text reaches on the server; the server serves the next client.
TEST(BoundedInput, ThroughAServerEachRefusalIsOneErrorAndTheServerServesOn) {
    ScratchDir dir;
    // The whole tree is the server root, so the size and type checks, not the root's
    // confinement, are what refuse /dev/zero.
    FioServer server{{"--server=tcp:127.0.0.1:0", "--server-root=/"}};
    const std::string quick = write_job(dir, "quick.fio", kQuickJob);
    const std::string zero = write_job(dir, "zero.fio", "[a]\nioengine=null\nsize=1m\ninclude /dev/zero\n");
    expect_refused("--client=" + server.endpoint() + " " + zero,
                   "cannot read included file /dev/zero: not a regular file (a character device)");
    const std::string big = write_sparse(dir, "big.fio", 100 << 20);
    expect_refused("--client=" + server.endpoint() + " " + big,
                   big + ": cannot read the job file: too large (104857600 bytes; the limit is 16 MiB)");
    expect_refused("--client=" + server.endpoint() + " --remote-config=/dev/zero",
                   "/dev/zero: cannot read the job file: not a regular file (a character device)");
    const std::string threads = write_job(dir, "threads.fio", "[a]\nioengine=null\nsize=1m\nnumjobs=4096\n[b]\n");
    expect_refused("--client=" + server.endpoint() + " " + threads, "over 4096 job threads in all");
    const CommandResult good = run_fio("--client=" + server.endpoint() + " " + quick, 30);
    EXPECT_EQ(good.exit_code, 0) << good.err;
    EXPECT_TRUE(server.alive());
    server.stop();  // reaped: its peak (and its run processes') now counts in ours
    EXPECT_LT(children_peak_rss_kb(), kPeakRssLimitKb);
}

// A run request no fio client sends: too many job files, an argument longer than Linux
// takes, a job text over the string cap. Each is refused with an ErrorReply naming the
// limit and one line in the server's log; the next good client is served.
TEST(BoundedInput, AnOversizedRunRequestIsRefusedByTheServer) {
    ScratchDir dir;
    FioServer server{{"--server=tcp:127.0.0.1:0"}};
    const int port = std::stoi(server.endpoint().substr(server.endpoint().rfind(':') + 1));
    const auto refusal_for = [&](const wire::JobSubmission& submission) -> std::string {
        RawSocket socket(port);
        EXPECT_TRUE(socket.connected());
        socket.send_bytes(probe_frame());
        const auto reply = socket.receive();
        EXPECT_TRUE(reply && reply->opcode == static_cast<std::uint16_t>(wire::Opcode::probe));
        socket.send_bytes(wire::encode_message(
            sdk::Message{static_cast<std::uint16_t>(wire::Opcode::run), 2, wire::encode_payload(submission)}));
        const auto answer = socket.receive();
        if (!answer || answer->opcode != static_cast<std::uint16_t>(wire::Opcode::error)) return "no ErrorReply";
        wire::ErrorReply error;
        std::string why;
        EXPECT_TRUE(wire::decode_payload(answer->payload, error, why)) << why;
        return error.reason;
    };
    wire::JobSubmission many;
    for (int i = 0; i < 300; ++i) {
        many.job_file_names.push_back(fmt::format("j{}.fio", i));
        many.job_file_texts.push_back(kQuickJob);
    }
    EXPECT_EQ(refusal_for(many), "run request refused: 300 job files; the limit is 256");
    wire::JobSubmission long_argument;
    long_argument.arguments.push_back("--description=" + std::string(200 * 1024, 'x'));
    EXPECT_EQ(refusal_for(long_argument),
              "run request refused: argument 1 is 204814 bytes long; the limit is 128 KiB");
    wire::JobSubmission huge_text;
    huge_text.job_file_names.push_back("huge.fio");
    huge_text.job_file_texts.push_back(std::string((16 << 20) + 1, ';'));
    EXPECT_NE(refusal_for(huge_text).find("is too long"), std::string::npos);
    EXPECT_TRUE(wait_for([&] { return server.log().find("refused: run request: 300 job files") != std::string::npos; },
                         std::chrono::seconds(2)))
        << server.log();
    const std::string quick = write_job(dir, "quick.fio", kQuickJob);
    const CommandResult good = run_fio("--client=" + server.endpoint() + " " + quick, 30);
    EXPECT_EQ(good.exit_code, 0) << good.err;
}

}  // namespace
}  // namespace fio::test
