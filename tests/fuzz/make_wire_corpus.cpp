// Writes the seed corpora of the frame_decoder and wire_payload targets: real messages,
// encoded by the SDK codecs as a server and a client send them. Run by scripts/fuzz.sh
// when a corpus folder is empty; the checked-in seeds came from it.
//   fio-fuzz-make-wire-corpus CORPUS_DIR   (writes CORPUS_DIR/{frame_decoder,wire_payload}/)
#include "fio/sdk/frame.hpp"
#include "fio/sdk/wire_messages.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace wire = fio::sdk::wire;
namespace sdk = fio::sdk;

namespace {

std::filesystem::path corpus;

void write(const std::string& target, const std::string& name, const std::vector<std::uint8_t>& bytes) {
    std::filesystem::create_directories(corpus / target);
    std::ofstream out(corpus / target / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// One payload seed ([type byte] + CBOR) and, for each payload, frame seeds: as sent in
// one fragment, and in small fragments (mode byte 0 = raw, chunk byte = feed size).
template <class T>
void seed(std::uint8_t type, const std::string& name, const T& value, wire::Opcode opcode) {
    for (std::uint16_t minor : {std::uint16_t{0}, wire::kProtocolMinor}) {
        const auto payload = wire::encode_payload(value, minor);
        std::vector<std::uint8_t> typed{type};
        typed.insert(typed.end(), payload.begin(), payload.end());
        write("wire_payload", name + "-1." + std::to_string(minor), typed);
        const sdk::Message message{static_cast<std::uint16_t>(opcode), 7, payload};
        for (std::size_t fragment : {std::size_t{32 * 1024}, std::size_t{64}}) {
            std::vector<std::uint8_t> framed{0, 200};
            const auto bytes = wire::encode_message(message, fragment);
            framed.insert(framed.end(), bytes.begin(), bytes.end());
            write("frame_decoder", name + "-frag" + std::to_string(fragment) + "-1." +
                                       std::to_string(minor), framed);
        }
    }
}

sdk::JobResult sample_job() {
    sdk::JobResult job;
    job.name = "randread";
    job.directions[0].io_bytes = 1 << 20;
    job.directions[0].total_ios = 256;
    for (std::uint64_t ns : {1000u, 2500u, 70000u, 1200000u}) job.directions[0].clat.add(ns);
    job.options = {{"rw", "randread"}, {"bs", "4k"}};
    job.steadystate.iops = {1, 2, 3};
    job.client_host = "localhost:8765";
    return job;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: fio-fuzz-make-wire-corpus CORPUS_DIR\n";
        return 2;
    }
    corpus = argv[1];
    seed(0, "probe-request", wire::ProbeRequest{1, 1, "fio-3.33"}, wire::Opcode::probe);
    wire::ProbeReply reply{1, 1, "host", "fio-3.33", "Linux", "x86_64", 2, {"engine:psync", "output:json"}};
    seed(1, "probe-reply", reply, wire::Opcode::probe);
    wire::JobSubmission submission{{"job.fio"}, {"[job]\nrw=read\nsize=1m\n"}, {"--minimal"}, ""};
    seed(2, "job-submission", submission, wire::Opcode::run);
    seed(3, "text", wire::TextLine{sdk::LogLevel::error, "fio: something failed"}, wire::Opcode::text);
    seed(4, "run-end", wire::RunEnd{1, "job failed"}, wire::Opcode::stop);
    seed(5, "error-reply", wire::ErrorReply{"server busy"}, wire::Opcode::error);
    sdk::RunInfo info;
    info.fio_version = "fio-3.33";
    info.jobs.push_back({});
    info.jobs.back().name = "job";
    info.jobs.back().rw = "randread";
    info.global_options = {{"ioengine", "null"}};
    seed(6, "run-info", info, wire::Opcode::start);
    sdk::StatusUpdate status;
    status.job_states = "rR_E";
    status.percent_done = 42.5;
    seed(7, "status", status, wire::Opcode::status);
    seed(8, "job-result", sample_job(), wire::Opcode::job_result);
    sdk::GroupResult group;
    group.directions[0].io_bytes = 1 << 20;
    group.client_host = "localhost:8765";
    seed(9, "group-result", group, wire::Opcode::group_result);
    sdk::DiskUtil disk;
    disk.name = "sda";
    disk.util_percent = 12.5;
    seed(10, "disk-util", disk, wire::Opcode::disk_util);
    seed(11, "run-summary", sdk::RunSummary{}, wire::Opcode::stop);
    return 0;
}
