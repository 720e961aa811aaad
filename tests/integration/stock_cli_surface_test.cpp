// The parts of stock fio 3.33's command line that its own test suite (t/run-fio-tests.py
// and the t/*.py scripts) and tools built on fio rely on: --max-jobs, thread, filesize=
// for diskless engines, --parse-only without a job, and --debug on stdout.
#include "run_command.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>

namespace fio::test {
namespace {

using nlohmann::json;

json json_of(const CommandResult& r) {
    EXPECT_TRUE(json::accept(r.out)) << r.out << r.err;
    return json::accept(r.out) ? json::parse(r.out) : json::object();
}

long read_bytes(const std::string& args) {
    const auto r = run_fio(args + " --output-format=json", 60);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    EXPECT_EQ(r.err, "") << args;
    const json doc = json_of(r);
    if (!doc.contains("jobs") || doc["jobs"].empty()) return -1;
    return doc["jobs"][0]["read"]["io_bytes"].get<long>();
}

TEST(StockCliSurface, MaxJobsIsAcceptedAndCapsNothingAsInStock) {
    // Stock 3.33 ignores the number: three clones run with --max-jobs=1.
    const auto r = run_fio("--max-jobs=1 --name=a --ioengine=null --size=1m --numjobs=3 "
                           "--output-format=json", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(json_of(r)["jobs"].size(), 3u);
    // run-fio-tests.py passes it before every job file, and with a separate value too.
    EXPECT_EQ(run_fio("--max-jobs 16 --name=a --ioengine=null --size=64k --minimal").exit_code, 0);
    const auto bad = run_fio("--max-jobs=many --name=a --ioengine=null --size=1m");
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_EQ(bad.err, "fio: --max-jobs: 'many' is not a number of jobs\n");
}

TEST(StockCliSurface, ThreadIsAcceptedSilently) {
    for (const char* form : {"--thread", "--thread=1", "--thread=0"}) {
        const auto r = run_fio(std::string("--name=a --ioengine=null --size=64k --minimal ") + form);
        EXPECT_EQ(r.exit_code, 0) << form << r.err;
        EXPECT_EQ(r.err, "") << form;
    }
    ScratchDir dir;
    std::ofstream(dir / "t.fio") << "[global]\nthread\nioengine=null\nsize=64k\n[a]\n[b]\nthread=1\n";
    const auto r = run_fio("--output-format=json " + (dir / "t.fio"));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(json_of(r)["jobs"].size(), 2u);
}

TEST(StockCliSurface, FilesizeSizesADisklessJobAsInStock) {
    // Each figure is stock 3.33's for the same null job.
    const std::string null = "--name=a --ioengine=null ";
    EXPECT_EQ(read_bytes(null + "--filesize=1m"), 1048576);
    EXPECT_EQ(read_bytes(null + "--filesize=1m --nrfiles=2"), 2 * 1048576);
    EXPECT_EQ(read_bytes(null + "--filesize=1m --filename=x:y"), 2 * 1048576);
    EXPECT_EQ(read_bytes(null + "--filesize=1m --size=4m"), 1048576);
    EXPECT_EQ(read_bytes(null + "--filesize=1m --size=512k"), 524288);
    EXPECT_EQ(read_bytes(null + "--filesize=1m --offset=256k"), 786432);
    EXPECT_EQ(read_bytes(null + "--filesize=1m --size=512k --offset=768k"), 262144);
    EXPECT_EQ(read_bytes(null + "--filesize=1m --size=50%"), 524288);
    EXPECT_EQ(read_bytes(null + "--filesize=1m --nrfiles=2 --size=50%"), 1048576);
    EXPECT_EQ(read_bytes(null + "--filesize=1m --io_size=3m"), 3 * 1048576);
    EXPECT_EQ(read_bytes(null + "--filesize=1m --rw=randread --bs=3k"), 1047552);
    const auto none = run_fio(null + "--rw=read");
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_NE(none.err.find("size= or filesize= is required with ioengine=null"),
              std::string::npos) << none.err;
    const auto past = run_fio(null + "--filesize=1m --offset=1m");
    EXPECT_EQ(past.exit_code, 1);
    EXPECT_NE(past.err.find("leaves nothing of each file"), std::string::npos) << past.err;
}

TEST(StockCliSurface, ParseOnlyChecksOptionsGivenWithoutAJob) {
    const auto ok = run_fio("--parse-only --ss_dur=10s --ss=iops:10");
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_EQ(ok.err, "");
    EXPECT_EQ(ok.out, "");
    EXPECT_EQ(run_fio("--parse-only").exit_code, 0);
    const auto bad = run_fio("--parse-only --bs=4q");
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.err.find("option 'bs': '4q'"), std::string::npos) << bad.err;
    const auto engine = run_fio("--parse-only --ioengine=nosuchengine");
    EXPECT_EQ(engine.exit_code, 1);
    EXPECT_NE(engine.err.find("no engine named 'nosuchengine'"), std::string::npos) << engine.err;
    // Without --parse-only, options and no job are still an error.
    EXPECT_EQ(run_fio("--ss=iops:10").exit_code, 1);
    ScratchDir dir;
    std::ofstream(dir / "g.fio") << "[global]\nbs=8k\n";
    EXPECT_EQ(run_fio("--parse-only " + (dir / "g.fio")).exit_code, 0);
    EXPECT_EQ(run_fio(dir / "g.fio").exit_code, 1);
}

TEST(StockCliSurface, DebugParseLinesGoToStdoutWithStocksPhrases) {
    // t/steadystate_tests.py looks for these exact phrases on stdout.
    const std::pair<const char*, const char*> cases[] = {
        {"iops:10", "set steady state IOPS threshold to 10.000000"},
        {"iops:10%", "set steady state threshold to 10.000000%"},
        {"iops:.1%", "set steady state threshold to 0.100000%"},
        {"bw:10%", "set steady state threshold to 10.000000%"},
        {"bw:.1%", "set steady state threshold to 0.100000%"},
        {"bw:12", "set steady state BW threshold to 12"},
        {"bw_slope:12.5", "set steady state BW threshold to 12"},
        {"iops_slope:5", "set steady state IOPS threshold to 5.000000"},
    };
    for (const auto& [criterion, phrase] : cases) {
        const auto r = run_fio(std::string("--parse-only --debug=parse --ss_dur=10s --ss=") +
                               criterion + " --ss_ramp=5");
        EXPECT_EQ(r.exit_code, 0) << criterion << r.err;
        EXPECT_EQ(r.err, "") << criterion;
        EXPECT_NE(r.out.find(phrase), std::string::npos) << criterion << "\n" << r.out;
        EXPECT_TRUE(std::regex_search(r.out, std::regex("\nparse {4}[0-9]+ +handle_option=ss, "
                                                        "ptr=")))
            << r.out;
    }
}

TEST(StockCliSurface, DebugTypesListUnknownAndOff) {
    const auto list = run_fio("--debug=?");
    EXPECT_EQ(list.exit_code, 0);
    EXPECT_NE(list.out.find("process,file,io,mem,blktrace,verify,random,parse,diskutil,job,"
                            "mutex,profile,time,net,rate,compress,steadystate,helperthread,"
                            "zbd,all"),
              std::string::npos) << list.out;
    EXPECT_EQ(run_fio("--debug=help").out, list.out);
    const auto bad = run_fio("--debug=parse,bogus --name=a --ioengine=null --size=64k");
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_EQ(bad.err, "fio: --debug: 'bogus' is not a debug type; --debug=? lists them\n");
    // Off: no debug line at all.
    const auto off = run_fio("--name=a --ioengine=null --size=64k --minimal");
    EXPECT_EQ(off.out.find("parse "), std::string::npos);
}

// The lines of `out` that start with debug type `type`.
std::vector<std::string> lines_of(const std::string& out, const std::string& type) {
    std::vector<std::string> lines;
    const std::regex prefix("^" + type + " +[0-9]+ +");
    std::size_t start = 0;
    while (start < out.size()) {
        const auto end = out.find('\n', start);
        const std::string line = out.substr(start, end - start);
        if (std::regex_search(line, prefix)) lines.push_back(line);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return lines;
}

bool any_contains(const std::vector<std::string>& lines, const std::string& text) {
    for (const auto& line : lines) {
        if (line.find(text) != std::string::npos) return true;
    }
    return false;
}

TEST(StockCliSurface, DebugTypesDescribeTheRun) {
    ScratchDir dir;
    const auto r = run_fio("--debug=file,io,mem,process,time --name=d --ioengine=psync "
                           "--rw=write --bs=4k --size=16k --minimal --directory=" +
                           dir.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const auto file = lines_of(r.out, "file");
    EXPECT_TRUE(any_contains(file, "prepare " + (dir / "d.0.0") + ": 16384 bytes needed"))
        << r.out;
    EXPECT_TRUE(any_contains(file, "open " + (dir / "d.0.0") + ": fd ")) << r.out;
    EXPECT_TRUE(any_contains(file, "close " + (dir / "d.0.0"))) << r.out;
    const auto io = lines_of(r.out, "io");
    EXPECT_TRUE(any_contains(io, "loaded engine plugin 'psync'")) << r.out;
    for (int block = 0; block < 4; ++block) {
        EXPECT_TRUE(any_contains(io, fmt::format("complete: write file={} offset={} len=4096 "
                                                 "result=4096 lat=",
                                                 dir / "d.0.0", block * 4096)))
            << block << "\n" << r.out;
    }
    EXPECT_TRUE(any_contains(lines_of(r.out, "mem"), "I/O buffers: 1 of 4096 bytes")) << r.out;
    const auto process = lines_of(r.out, "process");
    EXPECT_TRUE(any_contains(process, "job 'd' clone 0 (thread 1) started")) << r.out;
    EXPECT_TRUE(any_contains(process, "job 'd' clone 0 exits: error 0")) << r.out;
    EXPECT_TRUE(any_contains(lines_of(r.out, "time"), "clock: ")) << r.out;
    // The report still follows, on the same stream.
    EXPECT_NE(r.out.find("3;fio-3.33;d;0;0;"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace fio::test
