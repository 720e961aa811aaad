// --debug=TYPE[,TYPE...]: stock fio 3.33's types, parsed into a mask; lines laid out as
// stock's ("TYPE     TID   message") and only for the types turned on.
#include "debug/debug_log.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <regex>
#include <string>

namespace fio::core {
namespace {

constexpr DebugMask bit(DebugType type) { return DebugMask{1} << static_cast<unsigned>(type); }

TEST(DebugTypes, EveryStockTypeInStockOrder) {
    EXPECT_EQ(debug_type_listing(),
              "process,file,io,mem,blktrace,verify,random,parse,diskutil,job,mutex,profile,"
              "time,net,rate,compress,steadystate,helperthread,zbd,all");
    EXPECT_EQ(debug_type_names().size(), kDebugTypeCount);
    for (unsigned type = 0; type < kDebugTypeCount; ++type) {
        EXPECT_EQ(parse_debug_types(debug_type_names()[type]), DebugMask{1} << type)
            << debug_type_names()[type];
    }
}

TEST(DebugTypes, ListsAndAll) {
    EXPECT_EQ(parse_debug_types("parse"), bit(DebugType::parse));
    EXPECT_EQ(parse_debug_types("parse"), 1u << 7);
    EXPECT_EQ(parse_debug_types("file,io,mem"),
              bit(DebugType::file) | bit(DebugType::io) | bit(DebugType::mem));
    EXPECT_EQ(parse_debug_types("net,net"), bit(DebugType::net));
    EXPECT_EQ(parse_debug_types("all"), kAllDebugTypes);
    EXPECT_EQ(parse_debug_types("time,all"), kAllDebugTypes);
    EXPECT_EQ(kAllDebugTypes, 0x7FFFFu);
}

TEST(DebugTypes, AnythingElseIsRefusedByName) {
    for (const char* bad : {"", "bogus", "parse,", ",parse", "parse,,file", "Parse", "io ",
                            "?"}) {
        EXPECT_THROW(parse_debug_types(bad), DebugSpecError) << '"' << bad << '"';
    }
    try {
        parse_debug_types("file,disk");
        FAIL() << "no error";
    } catch (const DebugSpecError& e) {
        EXPECT_STREQ(e.what(), "--debug: 'disk' is not a debug type; --debug=? lists them");
    }
}

TEST(DebugLines, OnlyTheTypesTurnedOnPrintAndEachLineHasStocksLayout) {
    enable_debug(bit(DebugType::parse) | bit(DebugType::net));
    EXPECT_TRUE(debug_enabled(DebugType::parse));
    EXPECT_TRUE(debug_enabled(DebugType::net));
    EXPECT_FALSE(debug_enabled(DebugType::io));
    testing::internal::CaptureStdout();
    debug(DebugType::parse, "handle_option={}, ptr={}", "bs", "4k");
    debug(DebugType::io, "never printed {}", 1);
    debug(DebugType::net, "connected to {}:{}", "host", 8765);
    const std::string out = testing::internal::GetCapturedStdout();
    enable_debug(0);
    const std::string tid = std::to_string(::gettid());
    EXPECT_EQ(out, fmt::format("parse    {:<5} handle_option=bs, ptr=4k\n"
                               "net      {:<5} connected to host:8765\n",
                               tid, tid));
    EXPECT_TRUE(std::regex_search(out, std::regex("^parse {4}[0-9]+ +handle_option")));
}

TEST(DebugLines, NothingPrintsWhenOff) {
    enable_debug(0);
    testing::internal::CaptureStdout();
    for (unsigned type = 0; type < kDebugTypeCount; ++type) {
        debug(static_cast<DebugType>(type), "line {}", type);
    }
    EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
}

}  // namespace
}  // namespace fio::core
