// The iolog line formats (iolog/iolog_format.hpp): stock fio 3.33's version 2 and 3
// lines parsed field by field, and the version 3 lines we write, byte for byte.
#include "iolog/iolog_format.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fio::core {
namespace {

std::string io_line(std::uint64_t time_us, std::string_view file, IoLogAction action,
                    std::uint64_t offset, std::uint64_t length) {
    std::string out(kIoLogLineMax + file.size(), '\0');
    out.resize(format_io_line(out.data(), time_us, file, action, offset, length));
    return out;
}

std::string file_line(std::uint64_t time_us, std::string_view file, IoLogAction action) {
    std::string out(kIoLogLineMax + file.size(), '\0');
    out.resize(format_file_line(out.data(), time_us, file, action));
    return out;
}

std::string error_of(std::string_view line, int version) {
    try {
        parse_iolog_line(line, version);
    } catch (const IoLogError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(IoLogFormat, HeaderLinesGiveTheVersion) {
    EXPECT_EQ(iolog_version("fio version 2 iolog"), 2);
    EXPECT_EQ(iolog_version("fio version 3 iolog"), 3);
    EXPECT_EQ(iolog_version("fio version 3 iolog \r"), 3);
    EXPECT_EQ(iolog_version("fio version 1 iolog"), 0);
    EXPECT_EQ(iolog_version("0 f add"), 0);
}

TEST(IoLogFormat, WritesStockVersionThreeLines) {
    // As stock 3.33 writes them ("%llu %s %s %llu %llu").
    EXPECT_EQ(io_line(166, "f1", IoLogAction::read, 0, 4096), "166 f1 read 0 4096\n");
    EXPECT_EQ(io_line(3861, "/dev/sdb", IoLogAction::write, 12288, 1048576),
              "3861 /dev/sdb write 12288 1048576\n");
    EXPECT_EQ(io_line(7, "t", IoLogAction::trim, 4096, 4096), "7 t trim 4096 4096\n");
    EXPECT_EQ(io_line(4048, "f1", IoLogAction::sync, 8192, 0), "4048 f1 sync 8192 0\n");
    EXPECT_EQ(io_line(140, "f1", IoLogAction::datasync, 4096, 0), "140 f1 datasync 4096 0\n");
    EXPECT_EQ(io_line(304, "f1", IoLogAction::sync_file_range, 4096, 0),
              "304 f1 sync_file_range 4096 0\n");
    EXPECT_EQ(io_line(18446744073709551615ull, "f", IoLogAction::read, 18446744073709551615ull,
                      4294967295ull),
              "18446744073709551615 f read 18446744073709551615 4294967295\n");
    EXPECT_EQ(file_line(17, "f1", IoLogAction::add), "17 f1 add\n");
    EXPECT_EQ(file_line(162, "f1", IoLogAction::open), "162 f1 open\n");
    EXPECT_EQ(file_line(9903, "f2", IoLogAction::close), "9903 f2 close\n");
}

TEST(IoLogFormat, ParsesVersionTwoLines) {
    IoLogLine line = parse_iolog_line("/dev/sdb write 1048576 65536", 2);
    EXPECT_EQ(line.file, "/dev/sdb");
    EXPECT_EQ(line.action, IoLogAction::write);
    EXPECT_EQ(line.offset, 1048576u);
    EXPECT_EQ(line.length, 65536u);
    EXPECT_EQ(line.time_us, 0u);
    line = parse_iolog_line("f1 add", 2);
    EXPECT_EQ(line.file, "f1");
    EXPECT_EQ(line.action, IoLogAction::add);
    line = parse_iolog_line("f1\twait  300 0\r", 2);
    EXPECT_EQ(line.action, IoLogAction::wait);
    EXPECT_EQ(line.offset, 300u);
    EXPECT_EQ(parse_iolog_line("f1 datasync 0 0", 2).action, IoLogAction::datasync);
    EXPECT_EQ(parse_iolog_line("f1 close", 2).action, IoLogAction::close);
}

TEST(IoLogFormat, ParsesVersionThreeLines) {
    IoLogLine line = parse_iolog_line("303797 f1 read 12288 4096", 3);
    EXPECT_EQ(line.time_us, 303797u);
    EXPECT_EQ(line.file, "f1");
    EXPECT_EQ(line.action, IoLogAction::read);
    EXPECT_EQ(line.offset, 12288u);
    EXPECT_EQ(line.length, 4096u);
    line = parse_iolog_line("135 f1 open", 3);
    EXPECT_EQ(line.time_us, 135u);
    EXPECT_EQ(line.action, IoLogAction::open);
    EXPECT_EQ(parse_iolog_line("304 f1 sync_file_range 4096 0", 3).action,
              IoLogAction::sync_file_range);
}

TEST(IoLogFormat, BadLinesSayWhatIsWrong) {
    EXPECT_EQ(error_of("f1 reed 0 4096", 2),
              "unknown action 'reed' (read, write, trim, sync, datasync, sync_file_range, wait, "
              "add, open or close)");
    EXPECT_EQ(error_of("f1 read 0", 2), "'read' needs an offset and a length");
    EXPECT_EQ(error_of("f1 read 0 4096 9", 2), "'read' has more than an offset and a length");
    EXPECT_EQ(error_of("f1 add 0 0", 2), "'add' takes no offset or length");
    EXPECT_EQ(error_of("f1", 2), "expected 'NAME ACTION [OFFSET LENGTH]'");
    EXPECT_EQ(error_of("f1 read 0 4096", 3), "time 'f1' is not a whole number");
    EXPECT_EQ(error_of("12 f1", 3), "expected 'USEC NAME ACTION [OFFSET LENGTH]'");
    EXPECT_EQ(error_of("2 f1 wait 100 0", 3),
              "'wait' is not allowed in a version 3 log (its times replace it)");
    EXPECT_EQ(error_of("f1 read -1 4096", 2), "offset '-1' is not a whole number");
    EXPECT_EQ(error_of("f1 read 0 4k", 2), "length '4k' is not a whole number");
    EXPECT_EQ(error_of("f1 write 0 4294967296", 2), "length '4294967296' is too large");
    EXPECT_EQ(error_of("f1 trim 0 0", 2), "a trim of 0 bytes");
}

}  // namespace
}  // namespace fio::core
