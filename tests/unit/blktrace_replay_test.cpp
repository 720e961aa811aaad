// blktrace traces for read_iolog (iolog/blktrace_reader.hpp) and their merge
// (iolog/blktrace_merge.hpp): which events become which I/Os, offsets, pauses, the
// depth estimate, the replay options, and the merge's order, scaling and passes.
#include "iolog/blktrace_merge.hpp"
#include "iolog/blktrace_reader.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace fio::core {
namespace {

using test::ScratchDir;
namespace bt = blktrace;

constexpr std::uint32_t kDevice = (8u << 20) | 16u;  // 8:16

bt::Record event(std::uint64_t time_ns, std::uint32_t action, std::uint64_t sector = 0,
                 std::uint32_t bytes = 0, std::uint32_t device = kDevice) {
    bt::Record r;
    r.magic = bt::kMagic | bt::kVersion;
    r.time_ns = time_ns;
    r.sector = sector;
    r.bytes = bytes;
    r.action = action;
    r.device = device;
    return r;
}

// Writes the records, each followed by `pdu` bytes of payload; swapped when `swap`.
std::string write_trace(const ScratchDir& dir, const std::vector<bt::Record>& records,
                        const char* name = "trace.bin", std::uint16_t pdu = 0, bool swap = false) {
    const std::string path = dir / name;
    std::ofstream out(path, std::ios::binary);
    for (bt::Record r : records) {
        r.pdu_len = pdu;
        unsigned char bytes[bt::kRecordSize];
        bt::encode_record(r, bytes);
        if (swap) {
            // Reverse each field, as a trace from a machine of the other byte order.
            const int widths[] = {4, 4, 8, 8, 4, 4, 4, 4, 4, 2, 2};
            unsigned char* at = bytes;
            for (const int w : widths) {
                std::reverse(at, at + w);
                at += w;
            }
        }
        out.write(reinterpret_cast<const char*>(bytes), sizeof bytes);
        out << std::string(pdu, 'p');
    }
    return path;
}

std::optional<std::string> fake_dev(unsigned major, unsigned minor) {
    if (major == 8 && minor == 16) return "/dev/sdb";
    if (major == 8 && minor == 32) return "/dev/sdc";
    return std::nullopt;
}

BlktraceReplay read(const std::string& path, ReplayReading reading = {}) {
    return read_blktrace(path, reading, fake_dev);
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const IoLogError& e) {
        return e.what();
    }
    return "";
}

const std::uint32_t kQueuedRead = bt::kQueue | bt::kRead;
const std::uint32_t kQueuedWrite = bt::kQueue | bt::kWrite;

TEST(BlktraceReplay, QueuedEventsBecomeIosWithOffsetsInSectorsAndPausesInMicroseconds) {
    ScratchDir dir;
    const auto path = write_trace(dir, {
        event(1'000'000, kQueuedWrite, 8, 4096),
        event(1'001'000, bt::kComplete | bt::kWrite, 8, 4096),           // not replayed
        event(1'250'999, kQueuedRead, 100, 8192),                        // 250.999 us later
        event(1'300'000, bt::kQueue | bt::kWrite | bt::kFlush),           // a flush: sync
        event(1'400'000, bt::kQueue | bt::kWrite | bt::kDiscard, 2048, 65536),
        event(1'500'000, bt::kNotify, 0, 0),                             // a message
    }, "trace.bin", 3);
    const auto trace = read(path);
    const auto& e = trace.log->entries;
    ASSERT_EQ(e.size(), 4u);
    EXPECT_EQ(e[0].action, IoLogAction::write);
    EXPECT_EQ(e[0].offset, 8u * 512);
    EXPECT_EQ(e[0].length, 4096u);
    EXPECT_EQ(e[0].delay_ns, 0u);
    EXPECT_EQ(e[1].action, IoLogAction::read);
    EXPECT_EQ(e[1].offset, 51200u);
    EXPECT_EQ(e[1].delay_ns, 250'000u);  // since the previous queued event, whole us
    EXPECT_EQ(e[2].action, IoLogAction::sync);
    EXPECT_EQ(e[2].delay_ns, 49'000u);
    EXPECT_EQ(e[3].action, IoLogAction::trim);
    EXPECT_EQ(e[3].offset, 2048u * 512);
    EXPECT_EQ(e[3].length, 65536u);
    EXPECT_EQ(trace.log->files, std::vector<std::string>{"/dev/sdb"});
    EXPECT_EQ(trace.log->bytes, (std::array<std::uint64_t, 3>{8192, 4096, 65536}));
    EXPECT_EQ(trace.log->longest, (std::array<std::uint32_t, 3>{8192, 4096, 65536}));
    EXPECT_EQ(trace.syncs, 1u);
    EXPECT_EQ(trace.depth, 1u);
}

TEST(BlktraceReplay, EachTracedDeviceIsAFileInTheOrderFirstSeen) {
    ScratchDir dir;
    const auto path = write_trace(dir, {event(1, kQueuedRead, 0, 512, (8u << 20) | 32u),
                                        event(2, kQueuedRead, 0, 512), event(3, kQueuedRead, 0, 512,
                                                                             (8u << 20) | 32u)});
    const auto trace = read(path);
    EXPECT_EQ(trace.log->files, (std::vector<std::string>{"/dev/sdc", "/dev/sdb"}));
    EXPECT_EQ(trace.log->entries[0].file, 0u);
    EXPECT_EQ(trace.log->entries[1].file, 1u);
    EXPECT_EQ(trace.log->entries[2].file, 0u);
}

TEST(BlktraceReplay, DepthIsQueuedMinusMergedBeforeACompletion) {
    ScratchDir dir;
    std::vector<bt::Record> records;
    for (int i = 0; i < 5; ++i) records.push_back(event(10 + i, kQueuedWrite, i * 8, 4096));
    records.push_back(event(20, bt::kBackMerge | bt::kWrite));
    records.push_back(event(30, bt::kComplete | bt::kWrite));
    records.push_back(event(40, kQueuedRead, 0, 4096));  // reads never complete: depth 1
    EXPECT_EQ(read(write_trace(dir, records)).depth, 4u);
}

TEST(BlktraceReplay, ReplayOptionsApply) {
    ScratchDir dir;
    const auto path = write_trace(dir, {event(0, kQueuedRead, 9, 1000), event(4'000'000, kQueuedWrite, 17, 512),
                                        event(6'000'000, kQueuedRead, 1, 512)});
    ReplayReading reading;
    reading.spec.scale = 2;
    reading.spec.align = 1024;
    reading.spec.time_scale = 200;  // twice as fast
    auto trace = read(path, reading);
    ASSERT_EQ(trace.log->entries.size(), 3u);
    EXPECT_EQ(trace.log->entries[0].offset, 2048u);  // 9*512/2 = 2304, down to 2048
    EXPECT_EQ(trace.log->entries[0].length, 1024u);  // lengths rounded up
    EXPECT_EQ(trace.log->entries[1].delay_ns, 2'000'000u);

    reading = {};
    reading.spec.skip = kSkipWrites;
    trace = read(path, reading);
    ASSERT_EQ(trace.log->entries.size(), 2u);
    EXPECT_EQ(trace.log->entries[1].delay_ns, 2'000'000u);  // since the skipped write, as stock

    reading = {};
    reading.spec.read_only = true;
    trace = read(path, reading);
    EXPECT_EQ(trace.log->entries.size(), 2u);
    EXPECT_EQ(trace.left_out_by_readonly, 1u);

    reading = {};
    reading.spec.no_stall = true;
    trace = read(path, reading);
    EXPECT_EQ(trace.log->entries[1].delay_ns, 0u);

    reading = {};
    reading.one_file = true;
    reading.spec.redirect = "/tmp/target";
    trace = read(write_trace(dir, {event(1, kQueuedRead, 0, 512, 99u << 20)}, "other.bin"), reading);
    EXPECT_EQ(trace.log->files, std::vector<std::string>{"/tmp/target"});
}

TEST(BlktraceReplay, ATraceOfTheOtherByteOrderReadsTheSame) {
    ScratchDir dir;
    const std::vector<bt::Record> records = {event(5, kQueuedWrite, 3, 2048)};
    const auto swapped = read(write_trace(dir, records, "swapped.bin", 2, true));
    ASSERT_EQ(swapped.log->entries.size(), 1u);
    EXPECT_EQ(swapped.log->entries[0].offset, 3u * 512);
    EXPECT_EQ(swapped.log->entries[0].length, 2048u);
}

TEST(BlktraceReplay, BadTracesAreRefusedSayingWhere) {
    ScratchDir dir;
    const auto good = write_trace(dir, {event(1, kQueuedRead, 0, 512), event(2, kQueuedRead, 0, 512)});
    {
        std::ofstream(dir / "cut.bin", std::ios::binary)
            << std::ifstream(good, std::ios::binary).rdbuf();
        std::filesystem::resize_file(dir / "cut.bin", 48 + 20);
    }
    EXPECT_EQ(error_of([&] { read(dir / "cut.bin"); }),
              "read_iolog=" + (dir / "cut.bin") + ": record 2: the trace ends inside a record");

    bt::Record foreign = event(1, kQueuedRead, 0, 512);
    auto second = event(2, kQueuedRead, 0, 512);
    second.magic = bt::kMagic | 6;
    EXPECT_NE(error_of([&] { read(write_trace(dir, {foreign, second}, "v6.bin")); })
                  .find("record 2: blktrace version 6 (version 7 is read)"),
              std::string::npos);

    EXPECT_EQ(error_of([&] { read(write_trace(dir, {event(1, kQueuedRead, 0, 512, 3u << 20)}, "dev.bin")); }),
              "read_iolog=" + (dir / "dev.bin") +
                  ": the trace's device 3:0 is no block device under /dev here (replay_redirect= "
                  "names where to replay it)");
    EXPECT_NE(error_of([&] { read(write_trace(dir, {event(1, bt::kComplete | bt::kRead)}, "none.bin")); })
                  .find("has no queued read, write, trim or flush"),
              std::string::npos);
    EXPECT_FALSE(is_blktrace_file(dir / "missing"));
    EXPECT_TRUE(is_blktrace_file(good));
}

std::vector<bt::Record> all_records(const std::string& path) {
    BlktraceStream stream(path);
    std::vector<bt::Record> records;
    while (auto r = stream.next()) records.push_back(*r);
    return records;
}

TEST(BlktraceMerge, EventsOfAllTracesInTimeOrderScaledAndRepeated) {
    ScratchDir dir;
    const auto a = write_trace(dir, {event(100, kQueuedRead, 1, 512), event(300, kQueuedRead, 2, 512),
                                     event(350, bt::kComplete | bt::kRead)}, "a.bin", 4);
    const auto b = write_trace(dir, {event(150, kQueuedWrite, 7, 512), event(200, bt::kNotify)}, "b.bin");
    BlktraceMerge merge{{a, b}, {100, 50}, {1, 3}, dir / "merged.bin"};
    EXPECT_EQ(merge_blktraces(merge), 5u);
    const auto merged = all_records(dir / "merged.bin");
    // b at half time: 75, then passes of b start at its last event (200): (150+200)/2 and
    // (150+400)/2; a's stay at 100 and 300.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> times_sectors;
    for (const auto& r : merged) {
        times_sectors.emplace_back(r.time_ns, r.sector);
        EXPECT_EQ(r.pdu_len, 0u);
    }
    EXPECT_EQ(times_sectors, (std::vector<std::pair<std::uint64_t, std::uint64_t>>{
                                 {75, 7}, {100, 1}, {175, 7}, {275, 7}, {300, 2}}));
}

TEST(BlktraceMerge, ListsMustNameEveryTrace) {
    ScratchDir dir;
    const auto a = write_trace(dir, {event(1, kQueuedRead, 0, 512)}, "a.bin");
    EXPECT_EQ(error_of([&] { merge_blktraces({{a, a}, {50}, {}, dir / "m.bin"}); }),
              "merge_blktrace_scalars: 1 value for 2 traces in read_iolog (one per trace)");
    EXPECT_EQ(error_of([&] { merge_blktraces({{a}, {}, {1, 2}, dir / "m.bin"}); }),
              "merge_blktrace_iters: 2 values for 1 trace in read_iolog (one per trace)");
    std::ofstream(dir / "text.log") << "fio version 3 iolog\n";
    EXPECT_EQ(error_of([&] { merge_blktraces({{a, dir / "text.log"}, {}, {}, dir / "m.bin"}); }),
              "merge_blktrace_file: read_iolog=" + (dir / "text.log") + " is not a blktrace trace");
}

}  // namespace
}  // namespace fio::core
