// Options of output and transport plugins go through the one option registry, as an
// engine's do: given on the command line (one dash or two, before or after --name) or
// in a job file's [global], checked with the usual one-line errors, shown by --cmdhelp,
// --outhelp and --transporthelp, and handed to the plugin's factory. And the first
// *loadable* plugin of a name wins over a refused one earlier in the search path.
// The test plugins (tests/plugins): testsink prints the options it received, testwire
// refuses to start and says which it received.
#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>

namespace fio::test {
namespace {

const std::string kPlugins = FIO_TEST_PLUGIN_DIR;

// A short null-engine job reported by testsink, with `extra` options.
CommandResult run_sink(const std::string& extra) {
    return run_fio("--plugin-dir=" + kPlugins + " --output-format=testsink --name=t --ioengine=null --size=64k " +
                   extra);
}

std::size_t lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

// A server of the test transport: beyond loopback without a token, so it needs
// --allow-insecure, and says so in a warning line first.
CommandResult run_server(const std::string& extra) {
    return run_fio("--plugin-dir=" + kPlugins + " --server=testwire:somewhere --allow-insecure " + extra, 30);
}

// stderr without the server's --allow-insecure warning.
std::string without_insecure_warning(const std::string& err) {
    const std::string warning = "fio: server: warning: --allow-insecure";
    if (!err.starts_with(warning)) return err;
    return err.substr(err.find('\n') + 1);
}

void expect_one_line_error(const CommandResult& r, const std::string& part) {
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find(part), std::string::npos) << r.err;
    EXPECT_EQ(lines(r.err), 1u) << r.err;
}

TEST(PluginOptions, OutputOptionsOfEveryTypeReachTheSink) {
    const auto r = run_sink("--testsink_header=1 --testsink_limit=8k --testsink_style=fancy --testsink_label=abc");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("testsink: header=1 limit=8192 style=fancy label=abc\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("testsink: job\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("testsink: row t\n"), std::string::npos) << r.out;
    EXPECT_EQ(r.err, "");
}

TEST(PluginOptions, OutputOptionsHaveTheirDefaultsWhenNotGiven) {
    const auto r = run_sink("");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("testsink: header=0 limit=4096 style=plain label=(unset)\n"), std::string::npos) << r.out;
}

TEST(PluginOptions, OutputOptionsTakeOneDashAliasesAndAnyPlace) {
    const auto r = run_fio("-testsink_style=fancy --plugin-dir=" + kPlugins +
                           " --output-format=testsink --name=t --ioengine=null --size=64k -testsink_max=2k "
                           "--testsink_header");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("testsink: header=1 limit=2048 style=fancy label=(unset)\n"), std::string::npos) << r.out;
}

TEST(PluginOptions, OutputOptionsInAJobFileBelongInGlobal) {
    ScratchDir dir;
    const std::string good = dir / "good.fio";
    std::ofstream(good) << "[global]\ntestsink_style=fancy\nioengine=null\nsize=64k\n[one]\n[two]\n";
    const auto r = run_fio("--plugin-dir=" + kPlugins + " --output-format=testsink " + good);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("style=fancy"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("testsink: row one\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("testsink: row two\n"), std::string::npos) << r.out;

    const std::string bad = dir / "bad.fio";
    std::ofstream(bad) << "[global]\nioengine=null\nsize=64k\n[one]\ntestsink_style=fancy\n";
    expect_one_line_error(run_fio("--plugin-dir=" + kPlugins + " --output-format=testsink " + bad),
                          bad + ":5: option 'testsink_style' of output 'testsink' applies to the whole "
                                "run, not to job 'one': set it in [global] or on the command line");
}

TEST(PluginOptions, BadOutputOptionValuesAreOneLineErrors) {
    expect_one_line_error(run_sink("--testsink_limit=lots"), "command line: option 'testsink_limit': ");
    expect_one_line_error(run_sink("--testsink_style=ugly"), "option 'testsink_style': 'ugly' is not one of");
    expect_one_line_error(run_sink("--testsink_header=maybe"), "option 'testsink_header': ");
    expect_one_line_error(run_sink("--testsink_limit=0"), "option 'testsink_limit': ");
}

TEST(PluginOptions, AnOptionOfAnOutputNotChosenIsRefused) {
    const auto r = run_fio("--plugin-dir=" + kPlugins + " --name=t --ioengine=null --size=64k --testsink_header=1");
    expect_one_line_error(r, "command line: option 'testsink_header' is for an output plugin that "
                             "--output-format does not name (it names normal)");
    EXPECT_EQ(r.out, "");
    // --parse-only checks them too.
    expect_one_line_error(run_fio("--parse-only --plugin-dir=" + kPlugins +
                                  " --name=t --ioengine=null --size=64k --testsink_header=1"),
                          "option 'testsink_header' is for an output plugin that --output-format does not name");
    EXPECT_EQ(run_fio("--parse-only --plugin-dir=" + kPlugins +
                      " --output-format=testsink --name=t --ioengine=null --size=64k --testsink_header=1")
                  .exit_code,
              0);
}

TEST(PluginOptions, AnUnknownOptionIsStillUnknown) {
    expect_one_line_error(run_sink("--testsink_nope=1"), "unknown option 'testsink_nope'");
}

TEST(PluginOptions, HelpShowsOutputOptions) {
    const auto cmdhelp = run_fio("--plugin-dir=" + kPlugins + " --cmdhelp=testsink_style");
    ASSERT_EQ(cmdhelp.exit_code, 0) << cmdhelp.err;
    EXPECT_NE(cmdhelp.out.find("How rows look"), std::string::npos) << cmdhelp.out;
    EXPECT_NE(cmdhelp.out.find("plain,fancy"), std::string::npos) << cmdhelp.out;
    EXPECT_NE(cmdhelp.out.find("an option of output 'testsink'"), std::string::npos) << cmdhelp.out;

    const auto list = run_fio("--plugin-dir=" + kPlugins + " --outhelp");
    ASSERT_EQ(list.exit_code, 0) << list.err;
    EXPECT_NE(list.out.find("Available output plugins:\n"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("\ttestsink\n"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("\tjson\n"), std::string::npos) << list.out;

    const auto options = run_fio("--plugin-dir=" + kPlugins + " --outhelp=testsink");
    ASSERT_EQ(options.exit_code, 0) << options.err;
    for (const char* name : {"testsink_header", "testsink_limit", "testsink_style", "testsink_label"}) {
        EXPECT_NE(options.out.find(name), std::string::npos) << name << "\n" << options.out;
    }
    const auto one = run_fio("--plugin-dir=" + kPlugins + " --outhelp=testsink,testsink_limit");
    ASSERT_EQ(one.exit_code, 0) << one.err;
    EXPECT_NE(one.out.find("testsink_max"), std::string::npos) << one.out;  // its alias
    EXPECT_NE(one.out.find("4k"), std::string::npos) << one.out;            // its default
    expect_one_line_error(run_fio("--plugin-dir=" + kPlugins + " --outhelp=testsink,nope"),
                          "--outhelp: output 'testsink' has no option 'nope'");

    const auto help = run_fio("--plugin-dir=" + kPlugins + " --help");
    ASSERT_EQ(help.exit_code, 0) << help.err;
    EXPECT_NE(help.out.find("--testsink_header[=BOOL]"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("--testwire-retries=VALUE"), std::string::npos) << help.out;
}

TEST(PluginOptions, TransportOptionsReachTheFactory) {
    const auto r = run_server("--testwire-greeting=hi -testwire-retries 5");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_EQ(without_insecure_warning(r.err),
              "fio: --server: transport 'testwire' could not start: testwire got greeting=hi retries=5\n");
    const auto defaults = run_server("");
    EXPECT_NE(defaults.err.find("testwire got greeting=hello retries=3"), std::string::npos) << defaults.err;
}

TEST(PluginOptions, BadTransportOptionsAreOneLineErrors) {
    const auto r = run_server("--testwire-retries=11");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(without_insecure_warning(r.err),
              "fio: --server: transport 'testwire': command line: option 'testwire-retries': '11' is "
              "out of range [0, 10]\n");
    expect_one_line_error(
        run_fio("--plugin-dir=" + kPlugins + " --name=t --ioengine=null --size=64k --testwire-retries=2"),
        "command line: option 'testwire-retries' is for a transport: it needs --server or --client");
    const auto help = run_fio("--plugin-dir=" + kPlugins + " --transporthelp=testwire");
    ASSERT_EQ(help.exit_code, 0) << help.err;
    EXPECT_NE(help.out.find("testwire-greeting"), std::string::npos) << help.out;
    const auto cmdhelp = run_fio("--plugin-dir=" + kPlugins + " --cmdhelp=testwire-retries");
    EXPECT_NE(cmdhelp.out.find("an option of transport 'testwire'"), std::string::npos) << cmdhelp.out;
}

// test-plugins/refused holds an engine testgood and an output testsink built for ABI
// 2.0, searched before test-plugins, where the good ones of those names are.
TEST(PluginOptions, TheFirstLoadablePluginOfANameWins) {
    const std::string path = "FIO_PLUGIN_PATH=" + kPlugins + "/refused:" + kPlugins + " ";
    const auto run = run_shell(path + FIO_BINARY +
                               " --name=t --ioengine=testgood --size=64k --output-format=testsink");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("testsink: row t\n"), std::string::npos) << run.out;

    const auto listing = run_shell(path + FIO_BINARY + " --list-plugins");
    ASSERT_EQ(listing.exit_code, 0) << listing.err;
    const auto refused = listing.out.find(kPlugins + "/refused/fio-engine-testgood.so");
    const auto good = listing.out.find(kPlugins + "/fio-engine-testgood.so");
    ASSERT_NE(refused, std::string::npos) << listing.out;
    ASSERT_NE(good, std::string::npos) << listing.out;
    EXPECT_LT(refused, good);
    EXPECT_NE(listing.out.find("ABI 2.0", refused), std::string::npos) << listing.out;
    EXPECT_EQ(listing.out.find("shadowed"), std::string::npos) << listing.out;

    // An unknown name's hint names only plugins that load.
    const auto unknown = run_fio("--plugin-dir=" + kPlugins + " --name=t --size=64k --ioengine=nosuch");
    EXPECT_EQ(unknown.exit_code, 1);
    const auto available = unknown.err.find("available: ");
    ASSERT_NE(available, std::string::npos) << unknown.err;
    const std::string names = unknown.err.substr(available);
    EXPECT_NE(names.find("testgood"), std::string::npos) << names;
    for (const char* name : {"badmagic", "abimajor", "noentry"}) {
        EXPECT_EQ(names.find(name), std::string::npos) << name << ": " << names;
    }
}

}  // namespace
}  // namespace fio::test
