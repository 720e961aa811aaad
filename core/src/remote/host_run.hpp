// One server's part of a client run: connect, probe, submit, collect its events.
#pragma once

#include "auth/authenticator.hpp"
#include "remote/endpoint.hpp"

#include <fio/sdk/result.hpp>
#include <fio/sdk/transport.hpp>
#include <fio/sdk/wire_messages.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace fio::core {

struct HostRun {
    Endpoint endpoint;
    std::string label;  // how reports name the host: "HOST:PORT" or the socket path
    sdk::wire::JobSubmission submission;

    // Filled by drive_host; read by others only once `finished` is set.
    sdk::wire::ProbeReply probe;
    std::optional<sdk::RunInfo> info;
    std::vector<sdk::wire::TextLine> lines;
    std::vector<sdk::JobResult> jobs;
    std::vector<sdk::GroupResult> groups;
    std::vector<sdk::DiskUtil> disks;
    std::optional<sdk::wire::RunEnd> end;
    std::string failure;  // why this host failed; empty when it did not
    std::atomic<bool> finished{false};

    // The newest live status, read by the client's progress line while the run goes.
    std::optional<sdk::StatusUpdate> latest_status() const;
    void set_status(const sdk::StatusUpdate& update);

    bool succeeded() const { return failure.empty() && end && end->exit_code == 0; }

    std::shared_ptr<const Authenticator> auth;  // proves the token before the probe; null: none

private:
    mutable std::mutex status_mutex_;
    std::optional<sdk::StatusUpdate> status_;
};

// Prints one line to stderr whole, whatever the other host threads print.
void print_host_diagnostic(const std::string& label, const std::string& text);

// Runs `host` against `transport` to the end: sets `failure` for anything that went
// wrong (no connection, refusal, lost connection, malformed message) and `finished`
// last. `stop` asks the server to end the run early (the jobs still report).
void drive_host(HostRun& host, sdk::Transport& transport, const std::atomic<bool>& stop);

}  // namespace fio::core
