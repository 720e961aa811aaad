// write_iolog's writer (iolog/iolog_writer.hpp): the lines stock fio 3.33 writes, byte
// for byte, and that what it writes reads back as the same I/Os.
#include "iolog/iolog_reader.hpp"
#include "iolog/iolog_writer.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <string>
#include <vector>

namespace fio::core {
namespace {

using sdk::IoDirection;
using sdk::IoUnit;
using test::ScratchDir;

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

constexpr std::uint64_t kStart = 1'000'000'000;  // the writer's start, in ns

IoUnit unit_at(sdk::FileHandle& file, IoDirection direction, std::uint64_t offset,
               std::uint32_t length, std::uint64_t micros) {
    IoUnit unit;
    unit.file = &file;
    unit.direction = direction;
    unit.offset = offset;
    unit.length = length;
    unit.start_ns = kStart + micros * 1000;
    return unit;
}

TEST(IoLogWriter, WritesStockLines) {
    ScratchDir dir;
    const std::string path = dir / "log";
    sdk::FileHandle f1;
    f1.index = 0;
    sdk::FileHandle f2;
    f2.index = 1;
    {
        IoLogWriter writer(path, {"f1", "/dev/f2"}, kStart);
        writer.file_opened(0, kStart + 162'000);
        writer.file_opened(1, kStart + 3'610'999);
        writer.record(unit_at(f1, IoDirection::read, 0, 4096, 166));
        writer.record(unit_at(f2, IoDirection::write, 20480, 65536, 3615));
        IoUnit sync = unit_at(f1, IoDirection::sync, 999, 77, 4048);
        writer.record(sync);  // shows the offset of the I/O before it, and length 0
        sync.sync_kind = sdk::SyncKind::fdatasync;
        writer.record(sync);
        sync.sync_kind = sdk::SyncKind::file_range;
        writer.record(sync);
        writer.record(unit_at(f2, IoDirection::trim, 8192, 4096, 5000));
        writer.record_fsync(1, kStart + 6'000'000);
        writer.file_closed(0, kStart + 9'903'000);
        writer.file_closed(1, kStart + 9'915'000);
        EXPECT_EQ(writer.finish(), "");
    }
    EXPECT_EQ(read_file(path),
              "fio version 3 iolog\n"
              "0 f1 add\n"
              "0 /dev/f2 add\n"
              "162 f1 open\n"
              "3610 /dev/f2 open\n"
              "166 f1 read 0 4096\n"
              "3615 /dev/f2 write 20480 65536\n"
              "4048 f1 sync 20480 0\n"
              "4048 f1 datasync 20480 0\n"
              "4048 f1 sync_file_range 20480 0\n"
              "5000 /dev/f2 trim 8192 4096\n"
              "6000 /dev/f2 sync 8192 0\n"
              "9903 f1 close\n"
              "9915 /dev/f2 close\n");
}

TEST(IoLogWriter, AppendsASectionPerWriter) {
    ScratchDir dir;
    const std::string path = dir / "log";
    sdk::FileHandle file;
    for (int job = 0; job < 2; ++job) {
        IoLogWriter writer(path, {"f"}, kStart);
        writer.record(unit_at(file, IoDirection::read, job * 4096u, 4096, 10));
    }  // the destructor writes out what is left
    EXPECT_EQ(read_file(path),
              "fio version 3 iolog\n0 f add\n10 f read 0 4096\n"
              "fio version 3 iolog\n0 f add\n10 f read 4096 4096\n");
}

TEST(IoLogWriter, WritesInBlocksOfWholeLines) {
    ScratchDir dir;
    const std::string path = dir / "log";
    sdk::FileHandle file;
    const std::string name(200, 'n');
    {
        IoLogWriter writer(path, {name}, kStart);
        for (std::uint64_t i = 0; i < 20'000; ++i) {
            writer.record(unit_at(file, IoDirection::write, i * 4096, 4096, i));
        }
        EXPECT_EQ(writer.finish(), "");
    }
    IoLogReader reader(path, {});
    std::vector<ReplayEntry> entries;
    while (reader.read(entries, 1000) != 0) {
    }
    ASSERT_EQ(entries.size(), 20'000u);
    for (std::uint64_t i = 0; i < entries.size(); ++i) {
        ASSERT_EQ(entries[i].offset, i * 4096) << i;
        ASSERT_EQ(entries[i].action, IoLogAction::write) << i;
        ASSERT_EQ(entries[i].delay_ns, i == 0 ? 0u : 1000u) << i;
    }
}

TEST(IoLogWriter, ReportsAFailedWrite) {
    if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
    IoLogWriter writer("/dev/full", {"f"}, kStart);
    EXPECT_EQ(writer.finish(), "write_iolog=/dev/full: No space left on device");
}

TEST(IoLogWriter, ReportsAFileItCannotOpen) {
    try {
        IoLogWriter writer("/nonexistent-dir/log", {"f"}, kStart);
        FAIL() << "opened a file in a missing directory";
    } catch (const IoLogError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "write_iolog=/nonexistent-dir/log: cannot open it: No such file or directory");
    }
}

}  // namespace
}  // namespace fio::core
