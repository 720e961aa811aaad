// Plugins across ABI versions, run through the built fio as a user would: an engine and
// an output sink built against the frozen SDK 1.4 headers load and work in this host; a
// plugin of a newer minor or another major is refused naming both versions.
#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <fio/sdk/version.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using fio::test::run_shell;

std::string fio(const std::string& arguments) {
    return std::string(FIO_BINARY) + " " + arguments;
}

const std::string kV14Plugins = std::string("--plugin-dir=") + FIO_SDK_V14_PLUGIN_DIR;

std::string host_abi() {
    return "ABI " + std::to_string(fio::sdk::kAbiMajor) + "." + std::to_string(fio::sdk::kAbiMinor);
}

TEST(SdkAbiPlugins, PreviousMinorPluginsAreListedWithoutRefusal) {
    const auto r = run_shell(fio("--list-plugins " + kV14Plugins));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("fio-engine-abi14sync.so"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("fio-output-abi14rows.so"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("refused"), std::string::npos) << r.out;
}

TEST(SdkAbiPlugins, PreviousMinorEngineAndSinkRunAVerifyJob) {
    fio::test::ScratchDir scratch;
    // From the scratch folder: whatever the job leaves behind (a verify state) goes with it.
    const auto r = run_shell("cd " + scratch.path().string() + " && " +
                             fio(kV14Plugins + " --name=old --ioengine=abi14sync --filename=" +
                                 (scratch / "data") +
                                 " --size=256k --bs=4k --rw=write --iodepth=1 --verify=crc32c"
                                 " --output-format=abi14rows"));
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_NE(r.out.find("abi14rows run fio-3.33 jobs old:abi14sync\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("abi14rows job old error=0 read_bytes=262144 write_bytes=262144 "
                         "iodepth=1\n"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("abi14rows end exit=0\n"), std::string::npos) << r.out;
}

TEST(SdkAbiPlugins, ANewerMinorIsRefusedNamingBothVersions) {
    const auto r = run_shell(fio(std::string("--name=t --size=1m --ioengine=") +
                                 FIO_TEST_PLUGIN_DIR + "/fio-engine-abiminor.so"));
    EXPECT_EQ(r.exit_code, 1);
    const std::string plugin_abi =
        "ABI " + std::to_string(fio::sdk::kAbiMajor) + "." + std::to_string(fio::sdk::kAbiMinor + 1);
    EXPECT_NE(r.err.find("built for fio SDK " + plugin_abi + ", newer than this fio's " + host_abi()),
              std::string::npos)
        << r.err;
}

TEST(SdkAbiPlugins, AnotherMajorIsRefusedNamingBothVersions) {
    const auto r = run_shell(fio(std::string("--name=t --size=1m --ioengine=") +
                                 FIO_TEST_PLUGIN_DIR + "/fio-engine-abimajor.so"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("built for fio SDK ABI 2.0, but this fio speaks " + host_abi()),
              std::string::npos)
        << r.err;
}

}  // namespace
