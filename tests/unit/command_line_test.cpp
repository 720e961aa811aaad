#include "cli/command_line.hpp"
#include "jobs/job_builder.hpp"
#include "jobs/job_loader.hpp"
#include "options/core_options.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace fio::core {
namespace {

struct Parsed {
    CommandLine cl;
    std::vector<JobSpec> jobs;
};

Parsed parse(std::vector<const char*> args) {
    args.insert(args.begin(), "fio");
    Parsed parsed{parse_command_line(static_cast<int>(args.size()), args.data()), {}};
    require_job_for_options(parsed.cl);
    parsed.jobs = build_jobs(collect_sections(parsed.cl), {});
    return parsed;
}

TEST(CommandLine, NameStartsAJobAndGlobalsApplyToAll) {
    const auto cl = parse({"--size=1m", "--bs", "8k", "--name=a", "--rw=randwrite", "--name=b",
                           "--iodepth=4", "--time_based", "--runtime=1"});
    ASSERT_EQ(cl.jobs.size(), 2u);
    EXPECT_EQ(cl.jobs[1].name, "b");
    EXPECT_EQ(cl.jobs[0].name, "a");
    EXPECT_EQ(cl.jobs[0].size, 1048576u);
    EXPECT_EQ(cl.jobs[0].block_size[0], 8192u);
    EXPECT_EQ(cl.jobs[0].rw, RwPattern::randwrite);
    EXPECT_EQ(cl.jobs[1].rw, RwPattern::read);
    EXPECT_EQ(cl.jobs[1].iodepth, 4u);
    EXPECT_TRUE(cl.jobs[1].time_based);
    EXPECT_FALSE(cl.jobs[0].time_based);
}

TEST(CommandLine, AliasesAndProgramOptions) {
    const auto parsed = parse({"--output-format=text,json", "--output=/tmp/x", "--eta=never",
                               "--plugin-dir=/p", "--name=j", "--readwrite=randrw",
                               "--blocksize=16k", "--runtime=2m", "--ioengine=null"});
    const CommandLine& cl = parsed.cl;
    EXPECT_EQ(cl.output_formats, (std::vector<std::string>{"json", "normal"}));  // stock's order
    EXPECT_EQ(cl.output_file, "/tmp/x");
    EXPECT_EQ(cl.eta, EtaMode::never);
    ASSERT_EQ(cl.plugin_dirs.size(), 1u);
    const auto& jobs = parsed.jobs;
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0].rw, RwPattern::randrw);
    EXPECT_EQ(jobs[0].block_size[1], 16384u);
    EXPECT_EQ(jobs[0].runtime_ns, 120'000'000'000u);
    EXPECT_EQ(jobs[0].ioengine, "null");
}

TEST(CommandLine, RecordsGivenOptionsWithCanonicalNamesLastWins) {
    const auto cl = parse({"--name=j", "--blocksize=16k", "--bs=4k"});
    const OptionList expected = {{"name", "j"}, {"bs", "4k"}};
    EXPECT_EQ(cl.jobs[0].given, expected);
    EXPECT_EQ(cl.jobs[0].block_size[0], 4096u);
}

TEST(CommandLine, UnknownOptionsAreKeptForTheEngine) {
    const auto cl = parse({"--name=j", "--hipri", "--fixedbufs=1"});
    ASSERT_EQ(cl.jobs[0].engine_options.size(), 2u);
    EXPECT_EQ(cl.jobs[0].engine_options[0].name, "hipri");
    EXPECT_EQ(cl.jobs[0].engine_options[0].value, "");
    EXPECT_EQ(cl.jobs[0].engine_options[1].name, "fixedbufs");
    EXPECT_EQ(cl.jobs[0].engine_options[1].value, "1");
}

TEST(CommandLine, MinimalMeansTerseAndTheLastFormatOptionWins) {
    EXPECT_EQ(parse({"--minimal", "--name=j"}).cl.output_formats,
              (std::vector<std::string>{"terse"}));
    EXPECT_EQ(parse({"--output-format=json", "--minimal", "--name=j"}).cl.output_formats,
              (std::vector<std::string>{"terse"}));
    EXPECT_EQ(parse({"--minimal", "--output-format=json", "--name=j"}).cl.output_formats,
              (std::vector<std::string>{"json"}));
}

TEST(CommandLine, TerseVersionThreeOnly) {
    // --terse-version picks the version; it does not switch the output to terse (stock).
    EXPECT_EQ(parse({"--terse-version=3", "--name=j"}).cl.output_formats,
              (std::vector<std::string>{"normal"}));
    EXPECT_NO_THROW(parse({"--terse-version", "3", "--name=j"}));
    const auto message = [](const char* arg) {
        try {
            parse({arg, "--name=j"});
        } catch (const CommandLineError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message("--terse-version=4"), "--terse-version: version 4 is not supported here, only 3");
    EXPECT_EQ(message("--terse-version=2"), "--terse-version: version 2 is not supported here, only 3");
    EXPECT_EQ(message("--terse-version=x"),
              "--terse-version: 'x' is not a terse version (2, 3, 4 or 5)");
    EXPECT_THROW(parse({"--minimal=1", "--name=j"}), CommandLineError);
}

TEST(CommandLine, ErrorsNameTheOption) {
    EXPECT_THROW(parse({"--name=j", "--iodepth=0"}), JobFileError);
    EXPECT_THROW(parse({"--name=j", "--rw=sideways"}), JobFileError);
    EXPECT_THROW(parse({"--eta=sometimes"}), CommandLineError);
    EXPECT_THROW(parse({"--size=1m"}), CommandLineError);  // options but no job
    EXPECT_THROW(parse({"--name=j", "--bs"}), CommandLineError);
    try {
        parse({"--name=j", "--rw=sideways"});
    } catch (const JobFileError& e) {
        EXPECT_NE(std::string(e.what()).find("command line: option 'rw': 'sideways' is not one of"),
                  std::string::npos)
            << e.what();
    }
}

CommandLine command_line(std::vector<const char*> args) {
    args.insert(args.begin(), "fio");
    return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST(CommandLine, EachFormatOnceAndJsonPlusStandsForJson) {
    using Formats = std::vector<std::string>;
    EXPECT_EQ(command_line({"--output-format=json,json+", "--name=j"}).output_formats,
              (Formats{"json+"}));
    EXPECT_EQ(command_line({"--output-format=json+,json", "--name=j"}).output_formats,
              (Formats{"json+"}));
    EXPECT_EQ(command_line({"--output-format=terse,json,normal,json+", "--name=j"}).output_formats,
              (Formats{"terse", "json+", "normal"}));
    EXPECT_EQ(command_line({"--output-format=text,normal", "--name=j"}).output_formats,
              (Formats{"normal"}));
}

TEST(CommandLine, ReportsComeInStocksOrderTerseJsonNormal) {
    using Formats = std::vector<std::string>;
    EXPECT_EQ(command_line({"--output-format=normal,terse,json", "--name=j"}).output_formats,
              (Formats{"terse", "json", "normal"}));
    EXPECT_EQ(command_line({"--output-format=json+,terse", "--name=j"}).output_formats,
              (Formats{"terse", "json+"}));
    EXPECT_EQ(command_line({"--output-format=vendor,normal,json", "--name=j"}).output_formats,
              (Formats{"json", "normal", "vendor"}));
}

TEST(CommandLine, DebugTypesAccumulateAndQuestionMarkLists) {
    const auto cl = command_line({"--debug=parse", "--debug", "file,io", "--name=j"});
    EXPECT_EQ(cl.debug_types, (DebugMask{1} << static_cast<unsigned>(DebugType::parse)) |
                                  (DebugMask{1} << static_cast<unsigned>(DebugType::file)) |
                                  (DebugMask{1} << static_cast<unsigned>(DebugType::io)));
    EXPECT_FALSE(cl.list_debug_types);
    EXPECT_TRUE(command_line({"--debug=?"}).list_debug_types);
    EXPECT_TRUE(command_line({"--debug=help"}).list_debug_types);
    EXPECT_THROW(command_line({"--debug=files"}), CommandLineError);
    EXPECT_THROW(command_line({"--debug"}), CommandLineError);  // a value is required
}

TEST(CommandLine, MaxJobsTakesANumberAndChangesNothing) {
    const auto cl = command_line({"--max-jobs=16", "--name=j", "--numjobs=20"});
    EXPECT_EQ(collect_sections(cl).size(), 2u);
    EXPECT_NO_THROW(command_line({"--max-jobs", "0", "--name=j"}));
    EXPECT_THROW(command_line({"--max-jobs=lots", "--name=j"}), CommandLineError);
    EXPECT_THROW(command_line({"--max-jobs=-1", "--name=j"}), CommandLineError);
}

TEST(CommandLine, ParseOnlyTakesOptionsWithoutAJob) {
    EXPECT_THROW(require_job_for_options(command_line({"--ss=iops:10"})), CommandLineError);
    const auto cl = command_line({"--ss=iops:10", "--parse-only"});
    EXPECT_NO_THROW(require_job_for_options(cl));
    EXPECT_TRUE(cl.parse_only);
    const JobSpec global = global_options_job(collect_sections(cl));
    EXPECT_EQ(global.name, "global");
    EXPECT_EQ(global.measure.steadystate.limit, 10.0);
    EXPECT_FALSE(global.measure.steadystate.percent);
    EXPECT_THROW(global_options_job(collect_sections(command_line({"--parse-only", "--bs=4q"}))),
                 JobFileError);
}

}  // namespace
}  // namespace fio::core

namespace fio::core {
namespace {

TEST(CommandLineSingleDash, LongOptionsWithOneDashAreTheSameAsWithTwo) {
    const auto one = parse({"-size=1m", "-bs", "8k", "-name=a", "-rw=randwrite", "-iodepth", "4",
                            "-time_based", "-runtime=1", "-output-format=json"});
    ASSERT_EQ(one.jobs.size(), 1u);
    EXPECT_EQ(one.jobs[0].name, "a");
    EXPECT_EQ(one.jobs[0].size, 1048576u);
    EXPECT_EQ(one.jobs[0].block_size[0], 8192u);
    EXPECT_EQ(one.jobs[0].iodepth, 4u);
    EXPECT_TRUE(one.jobs[0].time_based);
    EXPECT_EQ(one.cl.output_formats, std::vector<std::string>{"json"});
    EXPECT_EQ(one.cl.job_arguments.front(), "--size=1m");  // forwarded to servers as --NAME
}

TEST(CommandLineSingleDash, StocksShortLetters) {
    const char* argv[] = {"fio", "-v", "-m", "-ofile.txt", "-L", "2", "-E500ms", "-x", "a", "-D", "-"};
    const CommandLine cl = parse_command_line(11, argv);
    EXPECT_TRUE(cl.show_version);
    EXPECT_EQ(cl.output_formats, std::vector<std::string>{"terse"});
    EXPECT_EQ(cl.output_file, "file.txt");
    EXPECT_EQ(cl.status_interval_ms, 2000u);
    EXPECT_EQ(cl.eta_newline_ms, 500u);
    EXPECT_EQ(cl.only_sections, std::vector<std::string>{"a"});
    EXPECT_TRUE(cl.daemonize);
    EXPECT_EQ(cl.job_files, std::vector<std::string>{"-"});  // stdin
}

TEST(CommandLineSingleDash, UnknownWordsAreEngineOptionsAndDoubleDashEndsOptions) {
    const char* argv[] = {"fio", "-name=a", "-hipri", "--", "-odd-job-file.fio"};
    const CommandLine cl = parse_command_line(5, argv);
    ASSERT_EQ(cl.sections.size(), 2u);
    ASSERT_EQ(cl.sections[1].options.size(), 1u);
    EXPECT_EQ(cl.sections[1].options[0].name, "hipri");
    EXPECT_EQ(cl.job_files, std::vector<std::string>{"-odd-job-file.fio"});
}

TEST(CommandLineSingleDash, AppendTerseAndFormatAliases) {
    const char* argv[] = {"fio", "--output-format=json", "--append-terse"};
    EXPECT_EQ(parse_command_line(3, argv).output_formats, (std::vector<std::string>{"terse", "json"}));
    const char* csv[] = {"fio", "--output-format=csv,normal"};
    EXPECT_EQ(parse_command_line(2, csv).output_formats, (std::vector<std::string>{"terse", "normal"}));
}

}  // namespace
}  // namespace fio::core
