// The bounded reader of input files and the run-request bounds a server checks
// (docs/security.md, "Bounded input").
#include "remote/submission_limits.hpp"
#include "util/bounded_file.hpp"

#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/stat.h>

namespace fio::core {
namespace {

using test::ScratchDir;

std::string refusal(const std::string& path, std::size_t limit = kMaxInputFileBytes) {
    try {
        (void)read_bounded_file(path, limit);
    } catch (const InputFileError& e) {
        return e.what();
    }
    return "read";
}

TEST(BoundedFile, ReadsARegularFileUpToTheLimitExactly) {
    ScratchDir dir;
    std::ofstream(dir / "ten") << "0123456789";
    EXPECT_EQ(read_bounded_file(dir / "ten", 10), "0123456789");
    EXPECT_EQ(refusal(dir / "ten", 9), "too large (10 bytes; the limit is 9 bytes)");
    std::ofstream(dir / "empty").flush();
    EXPECT_EQ(read_bounded_file(dir / "empty"), "");
}

TEST(BoundedFile, RefusesWhatIsNotARegularFileBeforeOpeningIt) {
    ScratchDir dir;
    ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
    EXPECT_EQ(refusal(dir / "fifo"), "not a regular file (a FIFO)");  // would block if opened
    EXPECT_EQ(refusal("/dev/zero"), "not a regular file (a character device)");
    EXPECT_EQ(refusal(dir.path().string()), "not a regular file (a directory)");
    EXPECT_EQ(refusal(dir / "missing"), "no such file");
    EXPECT_EQ(refusal(dir / "missing/below"), "no such file");
}

TEST(BoundedFile, RefusalsCarryAnErrnoForCallersThatReportOne) {
    const auto errno_of = [](const std::string& path, std::size_t limit) {
        try {
            (void)read_bounded_file(path, limit);
        } catch (const InputFileError& e) {
            return e.error_number();
        }
        return 0;
    };
    EXPECT_EQ(errno_of("/nonexistent/x", 10), ENOENT);
    EXPECT_EQ(errno_of("/dev/zero", 10), EINVAL);
    EXPECT_EQ(errno_of("/proc/self/status", 1), EFBIG);  // size 0 in stat: caught while reading
}

TEST(BoundedFile, AStreamIsCutOffOnceItPassesTheLimit) {
    std::istringstream small("abc");
    EXPECT_EQ(read_bounded_stream(small, 3), "abc");
    std::istringstream big(std::string(200000, 'x'));
    try {
        (void)read_bounded_stream(big, 100000);
        FAIL() << "not refused";
    } catch (const InputFileError& e) {
        EXPECT_STREQ(e.what(), "too large (over 100000 bytes; the limit is 100000 bytes)");
    }
}

TEST(BoundedFile, LimitsAreWrittenInTheLargestWholeUnit) {
    EXPECT_EQ(describe_limit(16 << 20), "16 MiB");
    EXPECT_EQ(describe_limit(128 * 1024), "128 KiB");
    EXPECT_EQ(describe_limit(1000), "1000 bytes");
}

TEST(SubmissionLimits, AcceptsAnOrdinaryRequest) {
    sdk::wire::JobSubmission submission;
    submission.job_file_names = {"a.fio"};
    submission.job_file_texts = {"[a]\nrw=read\n"};
    submission.arguments = {"--minimal"};
    EXPECT_EQ(submission_over_limits(submission), "");
}

TEST(SubmissionLimits, NamesTheBoundEachOversizedFieldBreaks) {
    sdk::wire::JobSubmission files;
    files.job_file_texts.assign(kMaxSubmittedJobFiles + 1, "[a]\n");
    EXPECT_EQ(submission_over_limits(files), "257 job files; the limit is 256");

    sdk::wire::JobSubmission text;
    text.job_file_names = {"big.fio"};
    text.job_file_texts = {std::string(kMaxInputFileBytes + 1, ';')};
    EXPECT_EQ(submission_over_limits(text), "job file 1 (big.fio) holds 16777217 bytes; the limit is 16 MiB");

    sdk::wire::JobSubmission name;
    name.job_file_names = {std::string(4097, 'n')};
    EXPECT_EQ(submission_over_limits(name), "job file name 1 is 4097 bytes long; the limit is 4096");

    sdk::wire::JobSubmission config;
    config.remote_config = std::string(4097, 'c');
    EXPECT_EQ(submission_over_limits(config), "the remote config path is 4097 bytes long; the limit is 4096");

    sdk::wire::JobSubmission argument;
    argument.arguments = {"--a", std::string(128 * 1024, 'x')};
    EXPECT_EQ(submission_over_limits(argument), "argument 2 is 131072 bytes long; the limit is 128 KiB");

    sdk::wire::JobSubmission arguments;
    arguments.arguments.assign(9, std::string(120 * 1024, 'x'));
    EXPECT_EQ(submission_over_limits(arguments), "the arguments hold 1105929 bytes in all; the limit is 1 MiB");
}

}  // namespace
}  // namespace fio::core
