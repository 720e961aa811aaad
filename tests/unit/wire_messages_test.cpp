// The protocol's messages (fio/sdk/wire_messages.hpp): round trips of every message,
// what a peer one minor version older sends and reads, tolerance of unknown and missing
// keys, and decoders that refuse bad bytes with one line instead of crashing.
#include <fio/sdk/wire_messages.hpp>

#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "sample_results.hpp"

namespace fio::sdk::wire {
namespace {

using nlohmann::json;

template <class T>
T round_trip(const T& value, std::uint16_t minor = kPayloadMinor) {
    T decoded;
    std::string error;
    EXPECT_TRUE(decode_payload(encode_payload(value, minor), decoded, error)) << error;
    return decoded;
}

// Decodes a payload written by hand (as JSON, sent as CBOR).
template <class T>
bool decode_json(const json& payload, T& out, std::string& error) {
    return decode_payload(json::to_cbor(payload), out, error);
}

TEST(WireMessages, OpcodesKeepStockNumbersForSharedMeanings) {
    EXPECT_EQ(static_cast<int>(Opcode::quit), 1);
    EXPECT_EQ(static_cast<int>(Opcode::text), 5);
    EXPECT_EQ(static_cast<int>(Opcode::job_result), 6);
    EXPECT_EQ(static_cast<int>(Opcode::group_result), 7);
    EXPECT_EQ(static_cast<int>(Opcode::status), 9);
    EXPECT_EQ(static_cast<int>(Opcode::probe), 10);
    EXPECT_EQ(static_cast<int>(Opcode::start), 11);
    EXPECT_EQ(static_cast<int>(Opcode::stop), 12);
    EXPECT_EQ(static_cast<int>(Opcode::disk_util), 13);
    EXPECT_EQ(static_cast<int>(Opcode::run), 16);
    EXPECT_EQ(static_cast<int>(Opcode::error), 64);
}

TEST(WireMessages, ProbesRoundTrip) {
    const ProbeRequest request = round_trip(ProbeRequest{1, 1, "fio-3.33"});
    EXPECT_EQ(request.proto_major, 1);
    EXPECT_EQ(request.proto_minor, 1);
    EXPECT_EQ(request.fio_version, "fio-3.33");

    const ProbeReply reply = round_trip(
        ProbeReply{1, 1, "storage1", "fio-3.33", "Linux", "x86_64", 64, {"engine:psync", "output:json"}});
    EXPECT_EQ(reply.proto_minor, 1);
    EXPECT_EQ(reply.hostname, "storage1");
    EXPECT_EQ(reply.fio_version, "fio-3.33");
    EXPECT_EQ(reply.os, "Linux");
    EXPECT_EQ(reply.arch, "x86_64");
    EXPECT_EQ(reply.cpus, 64u);
    EXPECT_EQ(reply.plugins, (std::vector<std::string>{"engine:psync", "output:json"}));
}

TEST(WireMessages, AOnePointZeroProbeReplyHasNoPlugins) {
    const ProbeReply reply = round_trip(ProbeReply{1, 0, "h", "fio-3.33", "Linux", "x86_64", 2,
                                                   {"engine:psync"}},
                                        0);
    EXPECT_TRUE(reply.plugins.empty());
    EXPECT_EQ(reply.proto_minor, 0);
    EXPECT_EQ(reply.cpus, 2u);
}

TEST(WireMessages, ProbeVersionDefaultsToThePayloadVersion) {
    ProbeRequest request;
    std::string error;
    ASSERT_TRUE(decode_json(json{{"v", {1, 7}}}, request, error)) << error;
    EXPECT_EQ(request.proto_major, 1);
    EXPECT_EQ(request.proto_minor, 7);
}

TEST(WireMessages, SmallMessagesRoundTrip) {
    const JobSubmission submission = round_trip(JobSubmission{
        {"a.fio", "b.fio"}, {"[a]\nrw=read\n", "[b]\n"}, {"--name=x", "--size=1m"}, "/srv/job.fio"});
    EXPECT_EQ(submission.job_file_names, (std::vector<std::string>{"a.fio", "b.fio"}));
    EXPECT_EQ(submission.job_file_texts, (std::vector<std::string>{"[a]\nrw=read\n", "[b]\n"}));
    EXPECT_EQ(submission.arguments, (std::vector<std::string>{"--name=x", "--size=1m"}));
    EXPECT_EQ(submission.remote_config, "/srv/job.fio");

    const TextLine text = round_trip(TextLine{LogLevel::warning, "fio: careful"});
    EXPECT_EQ(text.level, LogLevel::warning);
    EXPECT_EQ(text.text, "fio: careful");

    const RunEnd end = round_trip(RunEnd{-3, "engine crashed"});
    EXPECT_EQ(end.exit_code, -3);
    EXPECT_EQ(end.error, "engine crashed");

    EXPECT_EQ(round_trip(ErrorReply{"busy: running a job for h:1 since 12:00"}).reason,
              "busy: running a job for h:1 since 12:00");

    const RunSummary summary = round_trip(RunSummary{1, 1700000000123, {}});
    EXPECT_EQ(summary.exit_code, 1);
    EXPECT_EQ(summary.end_epoch_ms, 1700000000123);
}

TEST(WireMessages, RunInfoRoundTrips) {
    RunInfo info;
    info.fio_version = "fio-3.33";
    info.start_epoch_ms = 1700000000000;
    JobDescription job;
    job.name = "seq";
    job.groupid = 2;
    job.clones = 4;
    job.rw = "randrw";
    job.bs_min = {512, 4096, 8192};
    job.bs_max = {1024, 65536, 8192};
    job.ioengine = "io_uring";
    job.iodepth = 64;
    job.client_host = "[::1]:8765";
    job.all_clients = true;
    info.jobs = {job, JobDescription{}};
    info.total_threads = 5;
    info.global_options = {{"direct", "1"}, {"size", "1g"}};
    info.client_run = true;
    const RunInfo back = round_trip(info);
    EXPECT_EQ(back.fio_version, "fio-3.33");
    EXPECT_EQ(back.start_epoch_ms, 1700000000000);
    ASSERT_EQ(back.jobs.size(), 2u);
    const JobDescription& j = back.jobs[0];
    EXPECT_EQ(j.name, "seq");
    EXPECT_EQ(j.groupid, 2u);
    EXPECT_EQ(j.clones, 4u);
    EXPECT_EQ(j.rw, "randrw");
    EXPECT_EQ(j.bs_min, job.bs_min);
    EXPECT_EQ(j.bs_max, job.bs_max);
    EXPECT_EQ(j.ioengine, "io_uring");
    EXPECT_EQ(j.iodepth, 64u);
    EXPECT_EQ(j.client_host, "[::1]:8765");
    EXPECT_TRUE(j.all_clients);
    EXPECT_EQ(back.jobs[1].clones, 1u);
    EXPECT_EQ(back.total_threads, 5u);
    EXPECT_EQ(back.global_options, info.global_options);
    EXPECT_TRUE(back.client_run);
    EXPECT_FALSE(round_trip(info, 0).client_run);
}

TEST(WireMessages, StatusAndDiskUtilRoundTrip) {
    StatusUpdate status;
    status.jobs_running = 3;
    status.files_open = 4;
    status.job_states = "rwR_E";
    status.percent_done = 42.25;
    status.bw_bytes = {1, 2, 3};
    status.iops = {4, 5, 6};
    status.eta_s = 17;
    status.elapsed_ms = 9000;
    const StatusUpdate s = round_trip(status);
    EXPECT_EQ(s.jobs_running, 3u);
    EXPECT_EQ(s.files_open, 4u);
    EXPECT_EQ(s.job_states, "rwR_E");
    EXPECT_EQ(s.percent_done, 42.25);
    EXPECT_EQ(s.bw_bytes, status.bw_bytes);
    EXPECT_EQ(s.iops, status.iops);
    EXPECT_EQ(s.eta_s, 17);
    EXPECT_EQ(s.elapsed_ms, 9000u);

    const DiskUtil disk = round_trip(DiskUtil{"nvme0n1", 1, 2, 3, 4, 5, 6, 7, 99.5, {}});
    EXPECT_EQ(disk.name, "nvme0n1");
    EXPECT_EQ(disk.read_ios, 1u);
    EXPECT_EQ(disk.write_ios, 2u);
    EXPECT_EQ(disk.read_merges, 3u);
    EXPECT_EQ(disk.write_merges, 4u);
    EXPECT_EQ(disk.read_ticks_ms, 5u);
    EXPECT_EQ(disk.write_ticks_ms, 6u);
    EXPECT_EQ(disk.in_queue_ms, 7u);
    EXPECT_EQ(disk.util_percent, 99.5);
    EXPECT_EQ(disk.slaves.count, 0u);

    // A dm device's slave aggregate travels too.
    const DiskUtil dm = round_trip(DiskUtil{"dm-0", 1, 2, 3, 4, 5, 6, 7, 9.5, {2, 8, 9, 10, 11, 12, 13, 14, 77.25}});
    EXPECT_EQ(dm.slaves.count, 2u);
    EXPECT_EQ(dm.slaves.read_ios, 8u);
    EXPECT_EQ(dm.slaves.write_ios, 9u);
    EXPECT_EQ(dm.slaves.read_merges, 10u);
    EXPECT_EQ(dm.slaves.write_merges, 11u);
    EXPECT_EQ(dm.slaves.read_ticks_ms, 12u);
    EXPECT_EQ(dm.slaves.write_ticks_ms, 13u);
    EXPECT_EQ(dm.slaves.in_queue_ms, 14u);
    EXPECT_EQ(dm.slaves.max_util_percent, 77.25);
}

TEST(WireMessages, UnknownKeysAreIgnored) {
    json payload = json::from_cbor(encode_payload(RunEnd{2, "x"}));
    payload["future"] = {{"nested", json::array({1, 2.5, "three"})}};
    payload["v"] = {1, 9};
    RunEnd end;
    std::string error;
    ASSERT_TRUE(decode_json(payload, end, error)) << error;
    EXPECT_EQ(end.exit_code, 2);
    EXPECT_EQ(end.error, "x");
}

TEST(WireMessages, MissingKeysKeepTheirDefaults) {
    StatusUpdate status;
    status.eta_s = 5;  // overwritten: a decoder fills a fresh value
    std::string error;
    ASSERT_TRUE(decode_json(json::object(), status, error)) << error;
    EXPECT_EQ(status.eta_s, -1);
    JobResult job;
    ASSERT_TRUE(decode_json(json{{"v", {1, 0}}, {"name", "only"}}, job, error)) << error;
    EXPECT_EQ(job.name, "only");
    EXPECT_EQ(job.threads, 1u);
    EXPECT_EQ(job.iodepth, 1u);
    EXPECT_EQ(job.reporting.significant_figures, 4u);
    EXPECT_EQ(job.directions[0].clat.stats.min, std::numeric_limits<std::uint64_t>::max());
}

TEST(WireMessages, WrongTypesAreOneLineErrors) {
    std::string error;
    RunEnd end{7, "kept"};
    EXPECT_FALSE(decode_json(json{{"exit", "x"}}, end, error));
    EXPECT_EQ(error, "run end: field 'exit' is not an integer");
    EXPECT_EQ(end.exit_code, 7);  // a failed decode leaves the value alone
    TextLine text;
    EXPECT_FALSE(decode_json(json{{"lvl", 3}}, text, error));
    EXPECT_EQ(error, "text: field 'lvl' is not a log level (0, 1 or 2)");
    RunInfo info;
    EXPECT_FALSE(decode_json(json{{"jobs", {{{"bsmin", {1, 2, 3, 4}}}}}}, info, error));
    EXPECT_EQ(error, "run info: field 'jobs.bsmin' has more than 3 items");
    JobSubmission submission;
    EXPECT_FALSE(decode_json(json{{"args", {"--a", 1}}}, submission, error));
    EXPECT_EQ(error, "job submission: field 'args' is not a string");
}

TEST(WireMessages, BytesThatAreNotAPayloadAreRefused) {
    std::string error;
    RunSummary summary;
    EXPECT_FALSE(decode_payload({}, summary, error));
    EXPECT_EQ(error, "run summary: payload is not valid CBOR (byte 1)");
    const std::vector<std::uint8_t> truncated_string = {0xa1, 0x61, 'v', 0x78, 0xff, 'a'};
    EXPECT_FALSE(decode_payload(truncated_string, summary, error));
    EXPECT_NE(error, "");
    // Nested arrays 100,000 deep: refused at the nesting limit, no stack overflow.
    const std::vector<std::uint8_t> deep(100000, 0x81);
    EXPECT_FALSE(decode_payload(deep, summary, error));
    EXPECT_EQ(error, "run summary: payload is nested too deeply or declares too many items");
    // An array that claims 2^63 - 1 items in nine bytes.
    const std::vector<std::uint8_t> huge = {0x9b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    EXPECT_FALSE(decode_payload(huge, summary, error));
    EXPECT_EQ(error, "run summary: payload is nested too deeply or declares too many items");
    // Trailing bytes after a whole map.
    std::vector<std::uint8_t> trailing = encode_payload(summary);
    trailing.push_back(0);
    EXPECT_FALSE(decode_payload(trailing, summary, error));
}

// Every decoder, fed mutations of a valid payload of its type: never throws or crashes,
// and a refusal always says why in one line.
template <class T>
void fuzz(const T& value, std::mt19937_64& random, int rounds) {
    const std::vector<std::uint8_t> valid = encode_payload(value);
    for (int round = 0; round < rounds; ++round) {
        std::vector<std::uint8_t> bytes = valid;
        const int edits = 1 + static_cast<int>(random() % 4);
        for (int e = 0; e < edits && !bytes.empty(); ++e) {
            const std::size_t at = random() % bytes.size();
            switch (random() % 4) {
            case 0: bytes[at] = static_cast<std::uint8_t>(random()); break;
            case 1: bytes[at] ^= static_cast<std::uint8_t>(1u << (random() % 8)); break;
            case 2: bytes.resize(at); break;
            default: bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                                  static_cast<std::uint8_t>(random()));
            }
        }
        T out;
        std::string error;
        bool ok = false;
        ASSERT_NO_THROW(ok = decode_payload(bytes, out, error));
        if (!ok) {
            ASSERT_FALSE(error.empty());
            ASSERT_EQ(error.find('\n'), std::string::npos) << error;
        }
    }
    for (int round = 0; round < rounds / 4; ++round) {
        std::vector<std::uint8_t> noise(random() % 64);
        for (auto& b : noise) b = static_cast<std::uint8_t>(random());
        T out;
        std::string error;
        ASSERT_NO_THROW(decode_payload(noise, out, error));
    }
}

TEST(WireMessages, MutatedPayloadsNeverCrashADecoder) {
    std::mt19937_64 random(11);
    fuzz(ProbeRequest{1, 1, "fio-3.33"}, random, 1000);
    fuzz(ProbeReply{1, 1, "h", "fio-3.33", "Linux", "x86_64", 8, {"engine:null"}}, random, 1000);
    fuzz(JobSubmission{{"a.fio"}, {"[a]\n"}, {"--name=x"}, "/x"}, random, 1000);
    fuzz(TextLine{LogLevel::error, "oops"}, random, 1000);
    fuzz(RunEnd{1, "e"}, random, 1000);
    fuzz(ErrorReply{"busy"}, random, 1000);
    RunInfo info;
    info.jobs.resize(2);
    info.global_options = {{"a", "b"}};
    fuzz(info, random, 1000);
    fuzz(StatusUpdate{2, 1, "rw", 50, {1, 2, 3}, {4, 5, 6}, 3, 1000}, random, 1000);
    fuzz(DiskUtil{"sda", 1, 2, 3, 4, 5, 6, 7, 8.5, {1, 2, 3, 4, 5, 6, 7, 8, 9.5}}, random, 1000);
    fuzz(RunSummary{0, 5, {}}, random, 1000);
    GroupResult group;
    group.client_host = "h:1";
    fuzz(group, random, 1000);
    JobResult small;
    small.directions[0].clat.add(5000);
    small.directions[1].lat.add(1 << 20);
    small.options = {{"rw", "read"}};
    small.priority_latency[0] = {{0x2000, {}}};
    fuzz(small, random, 3000);
    fuzz(test::sample_job(5), random, 200);
}

}  // namespace
}  // namespace fio::sdk::wire
