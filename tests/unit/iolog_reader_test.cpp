// Reading iologs for a replay (iolog/iolog_reader.hpp): entries, files, pauses and the
// replay options applied to them, and where a bad line is reported.
#include "iolog/iolog_reader.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

namespace fio::core {
namespace {

using test::ScratchDir;

struct Read {
    std::vector<ReplayEntry> entries;
    std::vector<std::string> files;
};

std::string write_log(const ScratchDir& dir, const std::string& text, const char* name = "log") {
    const std::string path = dir / name;
    std::ofstream(path) << text;
    return path;
}

Read read_all(const std::string& path, ReplayReading reading = {}) {
    IoLogReader reader(path, reading);
    Read read;
    while (reader.read(read.entries, 3) != 0) {
    }
    read.files = reader.files();
    return read;
}

std::string error_reading(const std::string& path, ReplayReading reading = {}) {
    try {
        read_all(path, reading);
    } catch (const IoLogError& e) {
        return e.what();
    }
    return "(no error)";
}

constexpr const char* kVersion2 =
    "fio version 2 iolog\n"
    "f1 add\n"
    "f2 add\n"
    "f1 open\n"
    "f2 open\n"
    "f1 read 5000 4096\n"
    "f2 write 1048576 65536\n"
    "f1 trim 8192 4096\n"
    "f2 sync 0 0\n"
    "f1 datasync 0 0\n"
    "f1 close\n"
    "f2 close\n";

TEST(IoLogReader, VersionTwoEntriesAndFiles) {
    ScratchDir dir;
    const Read read = read_all(write_log(dir, kVersion2));
    EXPECT_EQ(read.files, (std::vector<std::string>{"f1", "f2"}));
    ASSERT_EQ(read.entries.size(), 5u);
    const auto& e = read.entries;
    EXPECT_EQ(e[0].action, IoLogAction::read);
    EXPECT_EQ(e[0].file, 0u);
    EXPECT_EQ(e[0].offset, 5000u);
    EXPECT_EQ(e[0].length, 4096u);
    EXPECT_EQ(e[1].action, IoLogAction::write);
    EXPECT_EQ(e[1].file, 1u);
    EXPECT_EQ(e[1].offset, 1048576u);
    EXPECT_EQ(e[1].length, 65536u);
    EXPECT_EQ(e[2].action, IoLogAction::trim);
    EXPECT_EQ(e[3].action, IoLogAction::sync);
    EXPECT_EQ(e[3].file, 1u);
    EXPECT_EQ(e[4].action, IoLogAction::datasync);
    for (const auto& entry : e) EXPECT_EQ(entry.delay_ns, 0u);  // version 2 has no times
}

TEST(IoLogReader, CountsBytesAndLongestIoPerDirection) {
    ScratchDir dir;
    IoLogReader reader(write_log(dir, kVersion2), {});
    std::vector<ReplayEntry> entries;
    reader.read(entries, 100);
    EXPECT_EQ(reader.bytes(), (std::array<std::uint64_t, 3>{4096, 65536, 4096}));
    EXPECT_EQ(reader.longest(), (std::array<std::uint32_t, 3>{4096, 65536, 4096}));
    EXPECT_EQ(reader.syncs(), 2u);
}

TEST(IoLogReader, VersionThreePausesAreTheTimeBetweenIos) {
    ScratchDir dir;
    const std::string path = write_log(dir,
                                       "fio version 3 iolog\n"
                                       "27 f1 add\n"
                                       "135 f1 open\n"
                                       "142 f1 read 0 4096\n"
                                       "100118 f1 read 4096 4096\n"
                                       "100118 f1 read 8192 4096\n"
                                       "303797 f1 read 12288 4096\n"
                                       "303824 f1 close\n");
    Read read = read_all(path);
    ASSERT_EQ(read.entries.size(), 4u);
    EXPECT_EQ(read.entries[0].delay_ns, 115'000u);  // since the log's first line
    EXPECT_EQ(read.entries[1].delay_ns, 99'976'000u);
    EXPECT_EQ(read.entries[2].delay_ns, 0u);
    EXPECT_EQ(read.entries[3].delay_ns, 203'679'000u);

    ReplayReading faster;
    faster.spec.time_scale = 200;  // twice the recorded rate: pauses halved
    read = read_all(path, faster);
    EXPECT_EQ(read.entries[1].delay_ns, 49'988'000u);
    ReplayReading slower;
    slower.spec.time_scale = 50;
    read = read_all(path, slower);
    EXPECT_EQ(read.entries[1].delay_ns, 199'952'000u);
    ReplayReading no_stall;
    no_stall.spec.no_stall = true;
    read = read_all(path, no_stall);
    for (const auto& entry : read.entries) EXPECT_EQ(entry.delay_ns, 0u);
}

TEST(IoLogReader, VersionTwoWaitsAreMomentsOfTheRun) {
    ScratchDir dir;
    const std::string path = write_log(dir,
                                       "fio version 2 iolog\n"
                                       "f1 add\n"
                                       "f1 read 0 4096\n"
                                       "f1 wait 300 0\n"
                                       "f1 read 4096 4096\n");
    Read read = read_all(path);
    ASSERT_EQ(read.entries.size(), 3u);
    EXPECT_EQ(read.entries[1].action, IoLogAction::wait);
    EXPECT_EQ(read.entries[1].offset, 300u);  // ms after the run began
    ReplayReading no_stall;
    no_stall.spec.no_stall = true;
    read = read_all(path, no_stall);
    ASSERT_EQ(read.entries.size(), 2u);
    EXPECT_EQ(read.entries[1].action, IoLogAction::read);
}

TEST(IoLogReader, ScaleThenAlignOffsets) {
    ScratchDir dir;
    const std::string path = write_log(dir,
                                       "fio version 2 iolog\n"
                                       "f1 add\n"
                                       "f1 read 5000 4096\n"
                                       "f1 read 1048577 4096\n");
    ReplayReading reading;
    reading.spec.scale = 2;
    Read read = read_all(path, reading);
    EXPECT_EQ(read.entries[0].offset, 2500u);
    EXPECT_EQ(read.entries[1].offset, 524288u);
    reading.spec.scale = 0;  // as stock: 0 leaves offsets alone
    reading.spec.align = 4096;
    read = read_all(path, reading);
    EXPECT_EQ(read.entries[0].offset, 4096u);
    EXPECT_EQ(read.entries[1].offset, 1048576u);
    reading.spec.scale = 3;
    read = read_all(path, reading);
    EXPECT_EQ(read.entries[0].offset, 0u);       // 1666 aligned down
    EXPECT_EQ(read.entries[1].offset, 348160u);  // 349525 aligned down
    EXPECT_EQ(read.entries[0].length, 4096u);    // lengths are never changed
}

TEST(IoLogReader, SkipLeavesKindsOutButKeepsTheirTime) {
    ScratchDir dir;
    const std::string path = write_log(dir,
                                       "fio version 3 iolog\n"
                                       "0 f1 add\n"
                                       "10 f1 read 0 4096\n"
                                       "20 f1 write 0 4096\n"
                                       "30 f1 trim 0 4096\n"
                                       "40 f1 sync 0 0\n"
                                       "50 f1 datasync 0 0\n"
                                       "60 f1 read 4096 4096\n");
    ReplayReading reading;
    reading.spec.skip = kSkipWrites | kSkipTrims | kSkipSyncs;
    const Read read = read_all(path, reading);
    ASSERT_EQ(read.entries.size(), 2u);
    EXPECT_EQ(read.entries[1].offset, 4096u);
    EXPECT_EQ(read.entries[1].delay_ns, 50'000u);  // the skipped I/Os' time still passes
}

TEST(IoLogReader, ReadOnlyLeavesWritesAndTrimsOut) {
    ScratchDir dir;
    ReplayReading reading;
    reading.spec.read_only = true;
    IoLogReader reader(write_log(dir, kVersion2), reading);
    std::vector<ReplayEntry> entries;
    reader.read(entries, 100);
    ASSERT_EQ(entries.size(), 3u);  // the read and both syncs
    EXPECT_EQ(reader.left_out_by_readonly(), 2u);
}

TEST(IoLogReader, RedirectSendsEveryIoToOneFile) {
    ScratchDir dir;
    ReplayReading reading;
    reading.spec.redirect = "/dev/sdz";
    reading.one_file = true;
    const Read read = read_all(write_log(dir, kVersion2), reading);
    EXPECT_EQ(read.files, (std::vector<std::string>{"/dev/sdz"}));
    for (const auto& entry : read.entries) EXPECT_EQ(entry.file, 0u);
}

TEST(IoLogReader, AppendedSectionsReadOnAndReuseTheirFiles) {
    ScratchDir dir;
    const Read read = read_all(write_log(dir,
                                         "fio version 3 iolog\n"
                                         "0 f1 add\n"
                                         "5 f1 read 0 4096\n"
                                         "fio version 3 iolog\n"
                                         "0 f1 add\n"
                                         "7 f1 read 8192 4096\n"));
    EXPECT_EQ(read.files, (std::vector<std::string>{"f1"}));
    ASSERT_EQ(read.entries.size(), 2u);
    // A new section's times start again: its first I/O waits for the time since the
    // section's first line, as the log's first I/O does.
    EXPECT_EQ(read.entries[1].delay_ns, 7'000u);
}

TEST(IoLogReader, BadLinesAreReportedWithFileAndLine) {
    ScratchDir dir;
    const std::string missing = write_log(dir, "fio version 2 iolog\nf1 add\n\nf2 read 0 4096\n");
    EXPECT_EQ(error_reading(missing),
              missing + ":4: 'f2 read 0 4096': file 'f2' was not added (an 'f2 add' line "
                        "comes first)");
    const std::string bad = write_log(dir, "fio version 3 iolog\n0 f1 add\n1 f1 reed 0 1\n");
    EXPECT_EQ(error_reading(bad),
              bad + ":3: '1 f1 reed 0 1': unknown action 'reed' (read, write, trim, sync, "
                    "datasync, sync_file_range, wait, add, open or close)");
    const std::string v1 = write_log(dir, "0, 4096, 4096\n");
    EXPECT_EQ(error_reading(v1),
              v1 + ":1: '0, 4096, 4096': not an iolog: the first line must be 'fio version 2 "
                   "iolog' or 'fio version 3 iolog' (version 1 logs are no longer read, as in "
                   "fio)");
    const std::string empty = write_log(dir, "");
    EXPECT_EQ(error_reading(empty), "read_iolog=" + empty + ": the log is empty (no version line)");
    EXPECT_EQ(error_reading(dir / "none"),
              "read_iolog=" + (dir / "none") + ": cannot open it: No such file or directory");
}

TEST(IoLogReader, BlktraceTracesAreLeftToTheirOwnReader) {
    ScratchDir dir;
    // A blktrace record starts with the magic 0x65617400 | version (here little-endian).
    // The replay plan reads trace files with iolog/blktrace_reader.hpp; what reaches the
    // text reader is a trace on standard input or a socket.
    const std::string path = write_log(dir, std::string("\x07\x74\x61\x65\0\0\0\0binary", 14));
    EXPECT_EQ(error_reading(path),
              "read_iolog=" + path + ": a blktrace binary trace is replayed from a file, not "
                                     "from standard input or a socket");
}

TEST(IoLogReader, ChunkedReadingKnowsItsFilesFirst) {
    ScratchDir dir;
    const std::string path = write_log(dir,
                                       "fio version 2 iolog\n"
                                       "f1 add\n"
                                       "f1 open\n"
                                       "f1 read 0 4096\n"
                                       "f1 read 4096 8192\n"
                                       "f2 add\n");
    ReplayReading reading;
    reading.max_length = 4096;
    IoLogReader reader(path, reading);
    reader.read_file_lines();
    reader.freeze_files();
    EXPECT_EQ(reader.files(), (std::vector<std::string>{"f1"}));
    std::vector<ReplayEntry> entries;
    EXPECT_EQ(reader.read(entries, 1), 1u);  // the first I/O was kept for read()
    EXPECT_EQ(entries[0].offset, 0u);
    try {
        reader.read(entries, 1);
        FAIL() << "an I/O longer than the buffers was read";
    } catch (const IoLogError& e) {
        EXPECT_EQ(std::string(e.what()),
                  path + ":5: 'f1 read 4096 8192': an I/O of 8192 bytes is longer than the "
                         "job's buffers (4096 bytes); with read_iolog_chunked, set bs= to the "
                         "longest I/O of the log");
    }
    try {
        reader.read(entries, 1);
        FAIL() << "a file added after the first I/O was accepted";
    } catch (const IoLogError& e) {
        EXPECT_EQ(std::string(e.what()),
                  path + ":6: 'f2 add': with read_iolog_chunked every file must be added "
                         "before the first I/O");
    }
}

}  // namespace
}  // namespace fio::core
