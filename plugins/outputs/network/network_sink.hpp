// The `network` output (--output-format=network): writes every event of the run as one
// framed message of fio's client/server protocol (tag 0) to its stream, flushed at once,
// so that a `fio --server` reading the stream of its child can relay each event as it
// happens. The sink renders nothing itself: the client feeds the decoded events to its
// own sinks.
#pragma once

#include <fio/sdk/output.hpp>
#include <fio/sdk/wire_messages.hpp>

#include <cstdint>
#include <memory>
#include <vector>

namespace fio::outputs::network {

class NetworkSink final : public sdk::OutputSink {
public:
    explicit NetworkSink(sdk::OutputStream& stream) : stream_(stream) {}

    void run_started(const sdk::RunInfo& info) override;
    void status(const sdk::StatusUpdate& update) override;
    void log_line(sdk::LogLevel level, std::string_view text) override;
    void job_finished(const sdk::JobResult& job) override;
    void group_finished(const sdk::GroupResult& group) override;
    void disk_util(const sdk::DiskUtil& disk) override;
    void run_finished(const sdk::RunSummary& summary) override;

private:
    void send(sdk::wire::Opcode opcode, std::vector<std::uint8_t> payload);

    sdk::OutputStream& stream_;
};

std::unique_ptr<sdk::OutputSink> make_network_sink(const sdk::OutputSetup& setup);

}  // namespace fio::outputs::network
