// Job files: the INI reader, the TOML reader and converter, the job builder, and the
// command-line rendering, checked for exact job specs and exact error lines.
#include "jobs/flat_jobs.hpp"
#include "jobs/ini_reader.hpp"
#include "jobs/job_builder.hpp"
#include "jobs/job_loader.hpp"
#include "jobs/toml_jobs.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <utility>

#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace fio::core {
namespace {

std::vector<JobSpec> jobs_from_ini(const std::string& text, const JobBuildOptions& options = {}) {
    return build_jobs(parse_ini_job_text(text, "t.fio", "."), options);
}

// The error line a piece of job text produces, or "" when it is accepted.
std::string ini_error(const std::string& text, const JobBuildOptions& options = {}) {
    try {
        jobs_from_ini(text, options);
    } catch (const JobFileError& e) {
        return e.what();
    }
    return {};
}

// Specs without where they came from, to compare jobs read from different sources.
// Also without the split of the given options between the job and its globals, which
// follows the source (a TOML table, a job file's [global], options before --name) and
// only shapes reports: the options in effect, own ones overriding global ones, remain.
std::vector<JobSpec> without_locations(std::vector<JobSpec> jobs) {
    for (auto& job : jobs) {
        job.where = {};
        for (auto& option : job.engine_options) option.where = {};
        OptionList in_effect = std::exchange(job.global_given, {});
        for (const auto& [name, value] : job.given) {
            if (name == "name") continue;
            std::erase_if(in_effect, [&](const auto& entry) { return entry.first == name; });
            in_effect.emplace_back(name, value);
        }
        job.given = std::move(in_effect);
    }
    return jobs;
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(IniReader, SectionsOptionsCommentsAndFlags) {
    const auto sections = parse_ini_job_text(
        "; leading comment\n"
        "# another\n"
        "[global]\n"
        "  size = 1m   ; trailing comment\n"
        "[job one]\n"
        "rw=randread # trailing\n"
        "time_based\n"
        "\n",
        "t.fio", ".");
    ASSERT_EQ(sections.size(), 2u);
    EXPECT_TRUE(sections[0].is_global());
    EXPECT_EQ(sections[0].options[0].name, "size");
    EXPECT_EQ(sections[0].options[0].value, "1m");
    EXPECT_EQ(sections[0].options[0].where.line, 4u);
    EXPECT_EQ(sections[1].name, "job one");
    EXPECT_EQ(sections[1].where.line, 5u);
    EXPECT_EQ(sections[1].options[0].value, "randread");
    EXPECT_EQ(sections[1].options[1].name, "time_based");
    EXPECT_EQ(sections[1].options[1].value, "");
}

TEST(IniReader, ExpandsEnvironmentVariablesAndKeywords) {
    ::setenv("FIO_TEST_BS", "16k", 1);
    const auto jobs = jobs_from_ini("[a]\nbs=${FIO_TEST_BS}\nnumjobs=$ncpus\nsize=$pagesize\n");
    ::unsetenv("FIO_TEST_BS");
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0].block_size[0], 16384u);
    EXPECT_EQ(jobs[0].numjobs, static_cast<std::uint32_t>(::sysconf(_SC_NPROCESSORS_ONLN)));
    EXPECT_EQ(jobs[0].size, static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)));
}

TEST(IniReader, UnsetVariableIsAnErrorNamingFileAndLine) {
    ::unsetenv("FIO_TEST_UNSET");
    EXPECT_EQ(ini_error("[a]\n\nbs=${FIO_TEST_UNSET}\n"),
              "t.fio:3: option 'bs': environment variable 'FIO_TEST_UNSET' is not set");
}

TEST(IniReader, MalformedLinesAreErrors) {
    EXPECT_EQ(ini_error("size=1m\n[a]\n"), "t.fio:1: option 'size=1m' comes before any [section]");
    EXPECT_EQ(ini_error("[a\nsize=1m\n"), "t.fio:1: '[a' is not a section header ([name])");
    EXPECT_EQ(ini_error("[a]\n=5\n"), "t.fio:2: '=5' has no option name");
}

TEST(IniReader, IncludesResolveRelativeToTheIncludingFile) {
    test::ScratchDir dir;
    std::filesystem::create_directory(dir.path() / "inc");
    write_file(dir / "inc/common.fio", "ioengine=null\ninclude more.fio\n");
    write_file(dir / "inc/more.fio", "bs=8k\n");
    write_file(dir / "main.fio", "[global]\ninclude inc/common.fio\nsize=1m\n[a]\n");
    const auto jobs = build_jobs(read_ini_job_file(dir / "main.fio"), {});
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0].ioengine, "null");
    EXPECT_EQ(jobs[0].block_size[1], 8192u);
}

TEST(IniReader, IncludeLoopsSectionsInIncludesAndMissingFilesAreErrors) {
    test::ScratchDir dir;
    write_file(dir / "a.fio", "[a]\ninclude b.fio\n");
    write_file(dir / "b.fio", "include a.fio\n");
    write_file(dir / "c.fio", "[c]\ninclude d.fio\n");
    write_file(dir / "d.fio", "[d]\n");
    write_file(dir / "e.fio", "[e]\ninclude nothere.fio\n");
    auto error_of = [](const std::string& path) {
        try {
            read_ini_job_file(path);
        } catch (const JobFileError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_EQ(error_of(dir / "a.fio"),
              (dir / "b.fio") + ":1: include loop: " + (dir / "a.fio") + " includes itself");
    EXPECT_EQ(error_of(dir / "c.fio"), (dir / "d.fio") + ":1: an included file may not contain [sections]");
    EXPECT_EQ(error_of(dir / "e.fio"),
              (dir / "e.fio") + ":2: cannot read included file " + (dir / "nothere.fio") + ": no such file");
    EXPECT_EQ(error_of(dir / "missing.fio"), (dir / "missing.fio") + ": cannot read the job file: no such file");
}

TEST(JobBuilder, GlobalsApplyOnlyToTheJobsAfterThem) {
    const auto jobs = jobs_from_ini(
        "[global]\nbs=8k\n"
        "[a]\n"
        "[global]\nrw=write\nbs=16k\n"
        "[b]\nbs=32k\n"
        "[c]\n");
    ASSERT_EQ(jobs.size(), 3u);
    EXPECT_EQ(jobs[0].block_size[0], 8192u);
    EXPECT_EQ(jobs[0].rw, RwPattern::read);
    EXPECT_EQ(jobs[1].block_size[0], 32768u);  // the job's own option wins
    EXPECT_EQ(jobs[1].rw, RwPattern::write);
    EXPECT_EQ(jobs[2].block_size[0], 16384u);
}

TEST(JobBuilder, RepeatedOptionsLastWinsAndGroupsFollowStonewall) {
    const auto jobs = jobs_from_ini(
        "[a]\niodepth=2\niodepth=8\n"
        "[b]\n"
        "[c]\nstonewall\n"
        "[d]\nnew_group\n"
        "[e]\nwait_for=a\n");
    ASSERT_EQ(jobs.size(), 5u);
    EXPECT_EQ(jobs[0].iodepth, 8u);
    EXPECT_EQ(jobs[0].group, 0u);
    EXPECT_EQ(jobs[1].group, 0u);
    EXPECT_EQ(jobs[2].group, 1u);
    EXPECT_TRUE(jobs[2].stonewall);
    EXPECT_EQ(jobs[3].group, 2u);
    EXPECT_EQ(jobs[4].group, 2u);
    EXPECT_EQ(jobs[4].wait_for, "a");
}

TEST(JobBuilder, ErrorsNameFileLineAndWhat) {
    EXPECT_EQ(ini_error("[a]\nbs=4q\n").rfind("t.fio:2: option 'bs': '4q' is not a size", 0), 0u);
    EXPECT_EQ(ini_error("[a]\niodepth=0\n"), "t.fio:2: option 'iodepth': '0' is out of range [1, 65536]");
    EXPECT_EQ(ini_error("[a]\n[a]\n"), "");  // stock runs both
    EXPECT_EQ(ini_error("[a]\nwait_for=zz\n"), "t.fio:1: job 'a': wait_for=zz names no earlier job");
    JobBuildOptions readonly;
    readonly.readonly = true;
    EXPECT_EQ(ini_error("[w]\nrw=randwrite\n", readonly),
              "t.fio:1: job 'w' writes (rw=randwrite), but --readonly is set");
    EXPECT_EQ(ini_error("[r]\nrw=randread\n", readonly), "");
    EXPECT_EQ(ini_error("[t]\nrw=randtrim\n", readonly),
              "t.fio:1: job 't' trims (rw=randtrim), but --readonly is set");
}

TEST(JobBuilder, SectionSelectionKeepsGlobals) {
    const auto sections = parse_ini_job_text("[global]\nsize=2m\n[a]\n[b]\n[c]\n", "t.fio", ".");
    const auto jobs = build_jobs(select_sections(sections, {"b", "c"}), {});
    ASSERT_EQ(jobs.size(), 2u);
    EXPECT_EQ(jobs[0].name, "b");
    EXPECT_EQ(jobs[0].size, 2097152u);
    EXPECT_THROW(select_sections(sections, {"zz"}), JobFileError);
}

TEST(TomlJobs, MappingMatchesTheSameIniFile) {
    const std::string toml =
        "[global]\n"
        "ioengine = \"null\"\n"
        "size = \"1m\"\n"
        "iodepth = 4\n"
        "\n"
        "[zeta]\n"
        "rw = \"randread\"\n"
        "time_based = true\n"
        "filename = [\"/tmp/a\", \"/tmp/b\"]\n"
        "\n"
        "[alpha]\n"
        "direct = false\n";
    const std::string ini =
        "[global]\nioengine=null\nsize=1m\niodepth=4\n"
        "[zeta]\nrw=randread\ntime_based\nfilename=/tmp/a:/tmp/b\n"
        "[alpha]\ndirect=0\n";
    const auto from_toml = without_locations(build_jobs(parse_toml_job_text(toml, "t.toml"), {}));
    const auto from_ini = without_locations(jobs_from_ini(ini));
    ASSERT_EQ(from_toml.size(), 2u);
    EXPECT_EQ(from_toml[0].name, "zeta");  // file order, not key order
    EXPECT_EQ(from_toml[0].filenames, (std::vector<std::string>{"/tmp/a", "/tmp/b"}));
    EXPECT_EQ(from_toml, from_ini);
}

TEST(TomlJobs, ErrorsNameFileAndLine) {
    auto error_of = [](const std::string& text) {
        try {
            parse_toml_job_text(text, "t.toml");
        } catch (const JobFileError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_EQ(error_of("size = \"1m\"\n"),
              "t.toml:1: 'size' is outside any table: put options in [global] or in a [job] table");
    EXPECT_EQ(error_of("[a]\n[a.b]\nx = 1\n"), "t.toml:2: 'b' in [a] is a table; jobs do not nest");
    EXPECT_EQ(error_of("[a]\nsize = \n").rfind("t.toml:2: ", 0), 0u);
}

TEST(TomlJobs, ConvertingIniToTomlGivesIdenticalSpecs) {
    const std::string ini =
        "[global]\nioengine=null\nsize=4m\n"
        "[first]\nrw=randwrite\nnorandommap\nbs=8k\n"
        "[global]\nrwmixread=70\n"
        "[second job]\nrw=randrw\nfilename=/tmp/with\\:colon\nstonewall\n";
    const auto sections = parse_ini_job_text(ini, "t.fio", ".");
    const std::string toml = write_toml_jobs(sections);
    const auto from_toml = without_locations(build_jobs(parse_toml_job_text(toml, "t.toml"), {}));
    EXPECT_EQ(from_toml, without_locations(build_jobs(sections, {}))) << toml;
    EXPECT_NE(toml.find("['second job']"), std::string::npos) << toml;
}

TEST(ShowCommand, RenderedCommandLineRebuildsTheSameSpecs) {
    const std::string ini =
        "[global]\nioengine=null\nsize=4m\n"
        "[a]\nrw=randread\ndescription=two words\ntime_based\n"
        "[global]\nbs=16k\n"
        "[b]\nrw=write\nnumjobs=2\n";
    const auto sections = parse_ini_job_text(ini, "t.fio", ".");
    const std::string line = render_command_line(sections);
    EXPECT_EQ(line,
              "fio --ioengine=null --size=4m --name=a --rw=randread --description='two words' "
              "--time_based --name=b --bs=16k --rw=write --numjobs=2");
    // Split as a shell would (only single quotes occur here) and parse it back.
    std::vector<std::string> words;
    std::string word;
    bool quoted = false;
    for (char c : line) {
        if (c == '\'') {
            quoted = !quoted;
        } else if (c == ' ' && !quoted) {
            words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    words.push_back(word);
    std::vector<const char*> argv;
    for (const auto& w : words) argv.push_back(w.c_str());
    const CommandLine cl = parse_command_line(static_cast<int>(argv.size()), argv.data());
    EXPECT_EQ(without_locations(build_jobs(collect_sections(cl), {})),
              without_locations(build_jobs(sections, {})));
}

}  // namespace
}  // namespace fio::core
