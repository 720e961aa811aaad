#include "network_sink.hpp"

#include <fio/sdk/frame.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace fio::outputs::network {

using sdk::wire::Opcode;
using sdk::wire::encode_payload;

void NetworkSink::send(Opcode opcode, std::vector<std::uint8_t> payload) {
    sdk::Message message;
    message.opcode = static_cast<std::uint16_t>(opcode);
    message.tag = 0;
    message.payload = std::move(payload);
    const std::vector<std::uint8_t> frames = sdk::wire::encode_message(message);
    stream_.write(std::string_view(reinterpret_cast<const char*>(frames.data()), frames.size()));
    stream_.flush();
}

void NetworkSink::run_started(const sdk::RunInfo& info) {
    send(Opcode::start, encode_payload(info));
}

void NetworkSink::status(const sdk::StatusUpdate& update) {
    send(Opcode::status, encode_payload(update));
}

void NetworkSink::log_line(sdk::LogLevel level, std::string_view text) {
    send(Opcode::text, encode_payload(sdk::wire::TextLine{level, std::string(text)}));
}

void NetworkSink::job_finished(const sdk::JobResult& job) {
    send(Opcode::job_result, encode_payload(job));
}

void NetworkSink::group_finished(const sdk::GroupResult& group) {
    send(Opcode::group_result, encode_payload(group));
}

void NetworkSink::disk_util(const sdk::DiskUtil& disk) {
    send(Opcode::disk_util, encode_payload(disk));
}

// The run's end carries its exit status: what the server's client reports as the host's.
void NetworkSink::run_finished(const sdk::RunSummary& summary) {
    send(Opcode::stop, encode_payload(sdk::wire::RunEnd{summary.exit_code, {}}));
}

std::unique_ptr<sdk::OutputSink> make_network_sink(const sdk::OutputSetup& setup) {
    if (setup.stream == nullptr) throw std::invalid_argument("no output stream");
    return std::make_unique<NetworkSink>(*setup.stream);
}

}  // namespace fio::outputs::network
