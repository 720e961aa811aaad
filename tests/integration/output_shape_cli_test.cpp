// The shape of the reports side by side with stock fio 3.33: JSON's "global options"
// (a job file's [global], options before the first --name) apart from each job's own
// "job options"; the normal output's lines ("Starting N process", "Laying out IO
// file(s)", the job, group and disk blocks) in stock's order with numbers masked.
#include "run_command.hpp"
#include "scratch_dir.hpp"
#include "stock_compare.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace fio::test {
namespace {

nlohmann::json options_of(const std::string& out) {
    const auto doc = nlohmann::json::parse(out.substr(out.find('{')));
    nlohmann::json shape;
    shape["global options"] = doc.value("global options", nlohmann::json());
    for (const auto& job : doc["jobs"]) shape["jobs"].push_back(job.value("job options", nlohmann::json()));
    shape["paths"] = doc;
    return shape;
}

TEST(OutputShapeCli, JobFileGlobalsGoToGlobalOptions) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const std::string setup =
        "printf '[global]\\nrw=read\\nsize=1m\\nbs=8k\\nioengine=psync\\n\\n[a]\\nfilename=a\\n\\n"
        "[global]\\niodepth=2\\n\\n[b]\\nfilename=b\\nbs=4k\\n' > two.fio";
    const auto both = run_side_by_side("two.fio --output-format=json", setup);
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    const auto ours = options_of(both.ours.out);
    const auto stock = options_of(both.stock.out);
    EXPECT_EQ(ours["global options"], stock["global options"]);
    EXPECT_EQ(ours["jobs"], stock["jobs"]);
    EXPECT_EQ(ours["jobs"][0], nlohmann::json({{"filename", "a"}}));
    EXPECT_EQ(json_path_differences(stock["paths"], ours["paths"]), std::vector<std::string>{});
}

TEST(OutputShapeCli, CommandLineOptionsBeforeTheFirstNameAreGlobal) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side(
        "--output-format=json --bs=8k --size=1m --name=x --filename=c --rw=read --name=y --filename=d");
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    const auto ours = options_of(both.ours.out);
    const auto stock = options_of(both.stock.out);
    EXPECT_EQ(ours["global options"], nlohmann::json({{"bs", "8k"}, {"size", "1m"}}));
    EXPECT_EQ(ours["global options"], stock["global options"]);
    EXPECT_EQ(ours["jobs"], stock["jobs"]);
    EXPECT_EQ(json_path_differences(stock["paths"], ours["paths"]), std::vector<std::string>{});
}

// The lines a script greps, numbers masked: the banner, layout, job heads, the per-
// direction summary lines, bw/iops sample lines, group and disk blocks. (Percentile
// rows, latency units and padding follow the measured values, so they are left out.)
std::vector<std::string> structural_lines(const std::string& text) {
    static const std::regex keep(
        "^(\\S+: \\(g=#\\)|fio-#|Starting|\\S+: Laying out|\\S+: \\(groupid=|  (read|write|trim): "
        "|   (bw|iops) |  cpu |  IO depths|Run status group|  ?( READ| WRITE|  TRIM):|Disk stats|"
        "  \\S+: ios=).*");
    static const std::regex spaces(" +");
    static const std::regex scaled("#[kMG]?");
    std::vector<std::string> lines;
    for (const auto& line : masked_lines(text)) {
        if (!std::regex_match(line, keep)) continue;
        // "IOPS=#k" and "IOPS=#" are one shape; so are "min= #" and "min=#".
        const std::string squeezed = std::regex_replace(line, spaces, " ");
        const auto head = squeezed.substr(0, squeezed.find('='));
        lines.push_back(std::regex_replace(head, scaled, "#"));
    }
    return lines;
}

// bw/iops sample lines appear once a run lasts a sampling window (500 ms); a job whose
// length depends on the machine's load compares without them (`samples` false), a
// rate-limited one with them.
void expect_stock_lines(const std::string& args, bool samples = false) {
    const auto both = run_side_by_side(args);
    ASSERT_EQ(both.ours.exit_code, 0) << args << "\n" << both.ours.err;
    ASSERT_EQ(both.stock.exit_code, 0) << args << "\n" << both.stock.err;
    auto stock = structural_lines(both.stock.out);
    if (!samples) {
        std::erase_if(stock, [](const std::string& line) {
            return line.starts_with(" bw ") || line.starts_with(" iops ");
        });
    }
    const auto ours = structural_lines(both.ours.out);
    std::vector<std::string> missing;
    std::size_t at = 0;
    for (const auto& line : stock) {
        const auto found = std::find(ours.begin() + static_cast<long>(at), ours.end(), line);
        if (found == ours.end()) {
            missing.push_back(line);
        } else {
            at = static_cast<std::size_t>(found - ours.begin()) + 1;
        }
    }
    EXPECT_EQ(missing, std::vector<std::string>{}) << args << "\nstock:\n" << both.stock.out
                                                  << "\nours:\n" << both.ours.out;
}

TEST(OutputShapeCli, WriteJobsAnnounceTheirLayout) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    expect_stock_lines("--name=x --rw=write --size=4m --filename=f");
    expect_stock_lines("--name=x --rw=write --size=1m --fdatasync=1 --filename=f");
}

TEST(OutputShapeCli, SeveralFilesAreAnnouncedInOneLine) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side("--name=x --rw=read --size=8m --nrfiles=2");
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    EXPECT_NE(both.stock.out.find("x: Laying out IO files (2 files / total 8MiB)\n"), std::string::npos);
    EXPECT_NE(both.ours.out.find("x: Laying out IO files (2 files / total 8MiB)\n"), std::string::npos)
        << both.ours.out;
    EXPECT_EQ(missing_lines(both.stock.out.substr(0, both.stock.out.find("\n\n")),
                            both.ours.out.substr(0, both.ours.out.find("\n\n"))),
              std::vector<std::string>{});
}

TEST(OutputShapeCli, CommonJobTypesPrintStocksLines) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    for (const char* args : {
             "--name=x --rw=read --size=8m --filename=f",
             "--name=x --rw=randrw --size=8m --direct=1 --filename=f",
             "--name=x --rw=randread --size=8m --direct=1 --ioengine=libaio --iodepth=8 --filename=f",
             "--name=x --rw=randwrite --size=8m --direct=1 --ioengine=io_uring --iodepth=4 --filename=f",
             // Long enough for one bandwidth sample (500 ms) in both.
             "--name=x --rw=read --size=4m --numjobs=2 --thread",
         }) {
        expect_stock_lines(args);
    }
    expect_stock_lines("--name=x --rw=write --size=6m --rate=10m --fdatasync=1 --filename=f", true);
}

TEST(OutputShapeCli, VerifyWarningsGoToStdoutOncePerCloneAsStocks) {
    // A time_based verifying writer never reaches its read phase, and clones verifying
    // one named file may overwrite each other's blocks: stock says both on stdout, the
    // first once per clone. With JSON on stdout ours says them on stderr instead.
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side(
        "--name=v --filename=f --size=64k --rw=write --verify=crc32c --time_based --runtime=200ms "
        "--numjobs=2 --output-format=terse");
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    EXPECT_EQ(both.ours.err, both.stock.err);
    const auto notes = [](const std::string& out) { return out.substr(0, out.find("3;")); };
    EXPECT_EQ(notes(both.ours.out), notes(both.stock.out));
    EXPECT_EQ(notes(both.ours.out),
              "fio: multiple writers may overwrite blocks that belong to other jobs. This can cause "
              "verification failures.\n"
              "fio: verification read phase will never start because write phase uses all of runtime\n"
              "fio: verification read phase will never start because write phase uses all of runtime\n");
    const ScratchDir dir;
    const auto json = run_fio("--name=v --filename=" + dir / "f" +
                              " --size=64k --rw=write --verify=crc32c --time_based --runtime=100ms "
                              "--output-format=json");
    EXPECT_EQ(json.out.front(), '{');
    EXPECT_EQ(json.err, "fio: verification read phase will never start because write phase uses all of runtime\n");
}

TEST(OutputShapeCli, TimeBasedVerifyReportsTheReadPhaseWhereStockDoes) {
    // With verify_backlog the checks run during the time_based write phase, and both
    // report reads; a mixed job reads anyway. A job that only writes never reaches its
    // read phase in either (see the note above).
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    for (const char* args : {"--rw=write --verify_backlog=16", "--rw=randwrite --verify_backlog=64",
                             "--rw=randrw", "--rw=write"}) {
        SCOPED_TRACE(args);
        const auto both = run_side_by_side(std::string("--name=v --filename=f --size=1m --bs=4k "
                                                       "--verify=crc32c --time_based --runtime=300ms ") +
                                           args + " --output-format=json");
        ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
        ASSERT_EQ(both.stock.exit_code, 0) << both.stock.err;
        const auto reads = [](const std::string& out) {
            return nlohmann::json::parse(out.substr(out.find('{')))["jobs"][0]["read"]["total_ios"].get<std::uint64_t>();
        };
        const bool write_only = std::string(args) == "--rw=write";
        EXPECT_EQ(reads(both.ours.out) > 0, reads(both.stock.out) > 0);
        EXPECT_EQ(reads(both.ours.out) > 0, !write_only);
    }
}

}  // namespace
}  // namespace fio::test
