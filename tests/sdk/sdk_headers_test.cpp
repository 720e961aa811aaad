// The public headers stand on their own: each includes only the standard library,
// Boost, fmt, nlohmann/json and other SDK headers, never the core's (which a vendor
// does not have). That each compiles alone is proven by the build: tests/sdk builds
// one translation unit per header (fio-sdk-self-contained).
#include "run_command.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

TEST(SdkHeaders, IncludeNothingFromTheCore) {
    const fs::path headers = fs::path(FIO_SOURCE_DIR) / "sdk/include/fio/sdk";
    const std::regex include(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
    const std::regex allowed_quoted(R"(^fio/sdk/[a-z0-9_]+\.hpp$)");
    int headers_seen = 0;
    std::string offenders;
    for (const auto& entry : fs::directory_iterator(headers)) {
        if (entry.path().extension() != ".hpp") continue;
        ++headers_seen;
        std::istringstream lines(fio::test::read_file(entry.path()));
        std::string line;
        for (int number = 1; std::getline(lines, line); ++number) {
            std::smatch match;
            if (!std::regex_search(line, match, include)) continue;
            const std::string target = match[2];
            const bool quoted = match[1] == "\"";
            const bool from_core = target.find("core/") != std::string::npos ||
                                   target.rfind("fio/core", 0) == 0 ||
                                   target.rfind("plugins/", 0) == 0;
            if (from_core || (quoted && !std::regex_match(target, allowed_quoted))) {
                offenders += entry.path().filename().string() + ":" + std::to_string(number) +
                             ": " + line + "\n";
            }
        }
    }
    EXPECT_GT(headers_seen, 10);
    EXPECT_EQ(offenders, "");
}

}  // namespace
