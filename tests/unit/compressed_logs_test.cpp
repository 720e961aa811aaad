// Compressed logs: stock fio 3.33's stored sample format (bytes taken from files stock
// wrote), the zlib stream sequence, records deflated in memory (log_compression), and
// JobLogs writing one known set of I/Os plainly, deflated in memory, and stored
// compressed: --inflate-log's text must equal the plain files byte for byte.
#include "cli/inflate_log.hpp"
#include "jobs/job_spec.hpp"
#include "logs/fz_samples.hpp"
#include "logs/job_logs.hpp"
#include "logs/log_compressor.hpp"
#include "logs/record_buffer.hpp"
#include "logs/zlib_streams.hpp"
#include "options/core_options.hpp"

#include "scratch_dir.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <linux/ioprio.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fio::core {
namespace {

using fio::test::ScratchDir;

std::vector<std::byte> bytes_of_hex(const std::string& hex) {
    std::vector<std::byte> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<std::byte>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
}

std::string text_of(std::span<const std::byte> raw, std::size_t* left_over = nullptr) {
    fmt::memory_buffer out;
    const std::size_t left = append_sample_lines(raw, out);
    if (left_over) *left_over = left;
    return fmt::to_string(out);
}

std::vector<unsigned char> zlib_of(std::span<const std::byte> raw) {
    return deflate_stream(raw);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Two samples stock fio 3.33 stored for a read log with log_prio=1, prioclass=2,
// prio=3 (no offset column): 32 bytes each.
constexpr const char* kStockPrioSamples =
    "0000000000000000e216000000000000000000400340000000000200000000000000000000000000"
    "220100000000000000000040034000000000020000000000";

TEST(FzSamples, StockSamplesReadAsStocksInflateLogPrintsThem) {
    const auto raw = bytes_of_hex(kStockPrioSamples);
    ASSERT_EQ(raw.size(), 64u);
    std::size_t left = 99;
    EXPECT_EQ(text_of(raw, &left), "0, 5858, 0, 131072, 0x4003\n0, 290, 0, 131072, 0x4003\n");
    EXPECT_EQ(left, 0u);
}

TEST(FzSamples, OurSamplesAreTheBytesStockWrites) {
    std::vector<std::byte> out;
    const LineStyle full_prio{false, true};
    append_sample(out, {0, 5858, 0, 131072, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 3)}, full_prio);
    append_sample(out, {0, 290, 0, 131072, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 3)}, full_prio);
    EXPECT_EQ(out, bytes_of_hex(kStockPrioSamples));

    // With log_offset: 40 bytes, the offset flag in bit 31 of the direction, as stock's
    // first sample of t/log_compression.py's bw log.
    out.clear();
    append_sample(out, {0, 45290946, 1, 131072, 0, 0}, {true, false});
    EXPECT_EQ(out, bytes_of_hex("0000000000000000c215b30200000000010000800000000000000200"
                                "000000000000000000000000"));
}

TEST(FzSamples, TheFirstSampleSetsTheColumnsAndValuesPrintSignedAsStock) {
    // What stock's --inflate-log printed for these hand-made samples: the second one's
    // priority flag is ignored (the first has none), the value -1 prints signed.
    std::vector<std::byte> raw;
    append_sample(raw, {~0ull, ~0ull, 2, ~0ull, ~0ull, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 1)},
                  {true, false});
    append_sample(raw, {5, 7, 3, 9, 11, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 1)}, {true, true});
    EXPECT_EQ(text_of(raw),
              "18446744073709551615, -1, 2, 18446744073709551615, 18446744073709551615, 0\n"
              "5, 7, 3, 9, 11, 0\n");
}

TEST(FzSamples, APartialSampleIsLeftOver) {
    auto raw = bytes_of_hex(kStockPrioSamples);
    raw.resize(50);
    std::size_t left = 0;
    EXPECT_EQ(text_of(raw, &left), "0, 5858, 0, 131072, 0x4003\n");
    EXPECT_EQ(left, 18u);
    EXPECT_EQ(text_of(std::span(raw).first(10), &left), "");
    EXPECT_EQ(left, 10u);
}

TEST(ZlibStreams, ASequenceOfStreamsReadsBackInOrder) {
    const auto a = bytes_of_hex("0102030405");
    const std::vector<std::byte> b(100000, std::byte{7});
    std::vector<unsigned char> data = zlib_of(a);
    const auto second = zlib_of(b);
    data.insert(data.end(), second.begin(), second.end());
    StreamSequence streams(data);
    std::vector<std::byte> out;
    ASSERT_TRUE(streams.next(out));
    EXPECT_EQ(out, a);
    ASSERT_TRUE(streams.next(out));
    EXPECT_EQ(out, b);
    EXPECT_FALSE(streams.next(out));
    EXPECT_EQ(streams.error(), "");

    std::vector<std::byte> exact(b.size());
    EXPECT_TRUE(inflate_exact(second, exact));
    EXPECT_EQ(exact, b);
    std::vector<std::byte> too_small(b.size() - 1);
    EXPECT_FALSE(inflate_exact(second, too_small));
}

TEST(ZlibStreams, DamagedAndCutShortStreamsAreNamedByTheirByte) {
    const std::vector<std::byte> raw(5000, std::byte{1});
    const auto good = zlib_of(raw);
    std::vector<unsigned char> data = good;
    data.insert(data.end(), good.begin(), good.end() - 3);  // the second is cut short
    StreamSequence cut(data);
    std::vector<std::byte> out;
    EXPECT_TRUE(cut.next(out));
    EXPECT_FALSE(cut.next(out));
    EXPECT_EQ(cut.error(), fmt::format("the compressed stream at byte {} is cut short", good.size()));

    const std::vector<unsigned char> garbage = {'g', 'a', 'r', 'b', 'a', 'g', 'e', '\n'};
    StreamSequence damaged(garbage);
    EXPECT_FALSE(damaged.next(out));
    EXPECT_EQ(damaged.error(), "the compressed stream at byte 0 is damaged (incorrect header check)");

    StreamSequence empty(std::span<const unsigned char>{});
    EXPECT_FALSE(empty.next(out));
    EXPECT_EQ(empty.error(), "");
}

TEST(ZlibStreams, GzipStreamsAreTakenAsStockTakesThem) {
    // gzip's own framing (window bits 15 + 16), as `gzip -c` writes it.
    const std::string text = "hello\n";
    z_stream z{};
    ASSERT_EQ(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::vector<unsigned char> gz(256);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = gz.data();
    z.avail_out = static_cast<uInt>(gz.size());
    ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    gz.resize(z.total_out);
    deflateEnd(&z);
    StreamSequence streams(gz);
    std::vector<std::byte> out;
    ASSERT_TRUE(streams.next(out));
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(out.data()), out.size()), text);
}

TEST(RecordBuffer, CompressedChunksReadBackInOrderAndClearForgetsThem) {
    LogCompressor compressor({});
    RecordBuffer<std::uint64_t> buffer(4);
    buffer.compress_with(&compressor, 7);
    for (std::uint64_t i = 0; i < 1000; ++i) {
        buffer.push(i * 3);
        if (i % 50 == 0) buffer.compress_full_chunks();  // as at the log ticks
    }
    EXPECT_EQ(buffer.size(), 1000u);
    compressor.wait_idle();
    std::vector<std::uint64_t> seen;
    buffer.for_each([&](std::uint64_t v) { seen.push_back(v); });
    ASSERT_EQ(seen.size(), 1000u);
    for (std::uint64_t i = 0; i < 1000; ++i) ASSERT_EQ(seen[i], i * 3) << i;

    buffer.clear();
    EXPECT_EQ(buffer.size(), 0u);
    buffer.push(42);
    seen.clear();
    buffer.for_each([&](std::uint64_t v) { seen.push_back(v); });
    EXPECT_EQ(seen, std::vector<std::uint64_t>{42});
}

TEST(LogCompressor, RefusesCpusItCannotRunOn) {
    // CPU numbers are checked against the machine when parsed; a CPU outside the
    // process's affinity mask (cgroup, taskset) is refused when the helper starts.
    cpu_set_t allowed;
    ASSERT_EQ(::sched_getaffinity(0, sizeof allowed, &allowed), 0);
    for (std::uint32_t cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &allowed)) continue;
        EXPECT_THROW(LogCompressor({cpu}), std::exception);
        return;
    }
    LogCompressor pinned({0});  // every CPU allowed: pinning to one works
}

TEST(LogOptions, CompressionOptionsFillTheLogSpec) {
    JobSpec job;
    apply_option(job, {"log_compression", "10k", {}});
    apply_option(job, {"log_compression_cpus", "0", {}});
    apply_option(job, {"log_store_compressed", "1", {}});
    EXPECT_EQ(job.logs.compression_bytes, 10240u);
    EXPECT_EQ(job.logs.compression_cpus, std::vector<std::uint32_t>{0});
    EXPECT_TRUE(job.logs.store_compressed);
    EXPECT_TRUE(job.warnings.empty());
}

// One known set of I/Os, written three ways.
class CompressedJobLogs : public ::testing::Test {
protected:
    static constexpr std::uint64_t kEpoch = 1'000'000'000'000;
    static constexpr std::uint64_t kIos = 20000;

    // Writes the logs of the known I/Os to files named after `prefix`.
    void write_logs(const std::string& prefix, bool offset, bool prio, std::uint64_t compression,
                    bool store) {
        LogSpec spec;
        spec.lat = {true, prefix};
        spec.bw = {true, prefix};
        spec.iops = {true, prefix};
        spec.offset = offset;
        spec.prio = prio;
        spec.compression_bytes = compression;
        spec.store_compressed = store;
        JobLogs logs(spec, "job", 1);
        logs.open_files();
        logs.start(kEpoch);
        sdk::LatencyHistogram histogram;
        // 20000 I/Os over 4 s (ticks every 100 ms hand chunks over), both directions,
        // latencies and priorities that vary.
        for (std::uint64_t i = 0; i < kIos; ++i) {
            sdk::IoUnit unit;
            unit.direction = i % 3 == 0 ? sdk::IoDirection::write : sdk::IoDirection::read;
            unit.offset = (i * 7919 % 4096) * 4096;
            unit.length = i % 5 == 0 ? 65536 : 4096;
            unit.ioprio = static_cast<std::uint16_t>(
                IOPRIO_PRIO_VALUE(i % 7 == 0 ? IOPRIO_CLASS_RT : IOPRIO_CLASS_BE, i % 8));
            unit.start_ns = kEpoch + i * 200'000;
            unit.issue_ns = unit.start_ns + 50 + i % 97;
            const std::uint64_t done = unit.issue_ns + 1000 + (i * 31) % 50'000;
            logs.on_submit(unit);
            logs.on_complete(unit, unit.length, done, histogram);
        }
        ASSERT_EQ(logs.finish(kEpoch + kIos * 200'000 + kMs), "");
    }

    // The text --inflate-log prints for `path`.
    std::string inflated(const std::string& path) {
        const std::string out_path = dir_ / "inflated.txt";
        std::FILE* out = std::fopen(out_path.c_str(), "w");
        std::FILE* errors = std::fopen((dir_ / "errors.txt").c_str(), "w");
        const int rc = print_inflated_log(path, out, errors);
        std::fclose(out);
        std::fclose(errors);
        EXPECT_EQ(rc, 0) << read_file(dir_ / "errors.txt");
        return read_file(out_path);
    }

    void expect_same_text(bool offset, bool prio) {
        write_logs(dir_ / "plain", offset, prio, 0, false);
        write_logs(dir_ / "memory", offset, prio, 1024, false);
        write_logs(dir_ / "stored", offset, prio, 0, true);
        write_logs(dir_ / "both", offset, prio, 4096, true);
        for (const char* kind : {"lat", "clat", "slat", "bw", "iops"}) {
            SCOPED_TRACE(kind);
            const std::string plain = read_file(dir_ / fmt::format("plain_{}.1.log", kind));
            EXPECT_EQ(std::count(plain.begin(), plain.end(), '\n'), static_cast<long>(kIos));
            EXPECT_EQ(read_file(dir_ / fmt::format("memory_{}.1.log", kind)), plain);
            EXPECT_EQ(inflated(dir_ / fmt::format("stored_{}.1.log.fz", kind)), plain);
            EXPECT_EQ(inflated(dir_ / fmt::format("both_{}.1.log.fz", kind)), plain);
            // Compressed: the stored file is a fraction of the text.
            EXPECT_LT(read_file(dir_ / fmt::format("stored_{}.1.log.fz", kind)).size(),
                      plain.size() / 2);
        }
    }

    static constexpr std::uint64_t kMs = 1'000'000;
    ScratchDir dir_;
};

TEST_F(CompressedJobLogs, InflateToExactlyThePlainText) { expect_same_text(false, false); }

TEST_F(CompressedJobLogs, InflateToExactlyThePlainTextWithOffsetAndPriority) {
    expect_same_text(true, true);
}

TEST_F(CompressedJobLogs, AnEmptyLogIsAnEmptyFileThatInflatesToNothing) {
    LogSpec spec;
    spec.lat = {true, dir_ / "e"};
    spec.store_compressed = true;
    JobLogs logs(spec, "job", 1);
    logs.open_files();
    logs.start(kEpoch);
    ASSERT_EQ(logs.finish(kEpoch + kMs), "");
    EXPECT_EQ(read_file(dir_ / "e_slat.1.log.fz"), "");
    EXPECT_EQ(inflated(dir_ / "e_slat.1.log.fz"), "");
}

TEST_F(CompressedJobLogs, TheHistogramLogStaysText) {
    LogSpec spec;
    spec.hist = {true, dir_ / "h"};
    spec.hist_msec = 100;
    spec.store_compressed = true;
    EXPECT_TRUE(spec.histogram_stays_text());
    JobLogs logs(spec, "job", 1);
    logs.open_files();
    logs.start(kEpoch);
    ASSERT_EQ(logs.finish(kEpoch + kMs), "");
    EXPECT_TRUE(std::ifstream(dir_ / "h_clat_hist.1.log").good());
    EXPECT_FALSE(std::ifstream(dir_ / "h_clat_hist.1.log.fz").good());
}

}  // namespace
}  // namespace fio::core
