#include "remote/host_run.hpp"

#include "remote/auth_handshake.hpp"
#include "remote/protocol_version.hpp"
#include "remote/wire_io.hpp"

#include <fio/sdk/frame.hpp>
#include <fio/sdk/version.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

namespace fio::core {
namespace {

namespace wire = sdk::wire;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kConnectTimeoutMs = 5'000;
constexpr std::int64_t kProbeTimeoutMs = 10'000;
constexpr std::int64_t kSendTimeoutMs = 5'000;
constexpr std::int64_t kReceivePollMs = 200;
// A server sends at least a keepalive every second while a run goes.
constexpr auto kSilenceLimit = std::chrono::seconds(30);

std::mutex g_stderr_mutex;

// Decodes `message` into `out`, or sets the host's failure naming what was malformed.
template <typename Payload>
bool decode_or_fail(HostRun& host, const sdk::Message& message, Payload& out, const char* what) {
    std::string error;
    if (sdk::wire::decode_payload(message.payload, out, error)) return true;
    host.failure = fmt::format("bad {} from the server: {}", what, error);
    return false;
}

// The probe exchange: our version out, the server's facts back.
bool probe_server(HostRun& host, sdk::Connection& connection) {
    wire::ProbeRequest request;
    request.proto_major = wire::kProtocolMajor;
    request.proto_minor = announced_protocol_minor();
    request.fio_version = std::string("fio-") + sdk::kFioVersion;
    if (!connection.send(make_message(wire::Opcode::probe, 1, request), kSendTimeoutMs)) {
        host.failure = "cannot send the probe: " + connection.error();
        return false;
    }
    auto reply = connection.receive(kProbeTimeoutMs);
    if (!reply) {
        host.failure = connection.error().empty() ? "no answer to the probe within 10 s"
                                                  : connection.error();
        return false;
    }
    if (opcode_of(*reply) == wire::Opcode::error) {
        wire::ErrorReply refusal;
        if (decode_or_fail(host, *reply, refusal, "refusal")) host.failure = "refused: " + refusal.reason;
        return false;
    }
    if (opcode_of(*reply) != wire::Opcode::probe) {
        host.failure = fmt::format("answered the probe with opcode {}", reply->opcode);
        return false;
    }
    if (!decode_or_fail(host, *reply, host.probe, "probe reply")) return false;
    if (host.probe.proto_major != wire::kProtocolMajor) {
        host.failure = fmt::format("server speaks protocol {}.{}; this fio speaks protocol {}.{}",
                                   host.probe.proto_major, host.probe.proto_minor,
                                   wire::kProtocolMajor, announced_protocol_minor());
        return false;
    }
    return true;
}

// The token handshake when this client has a token (nothing to do otherwise).
bool authenticated(HostRun& host, sdk::Connection& connection) {
    if (!host.auth) return true;
    try {
        host.failure = authenticate_to_server(connection, *host.auth);
    } catch (const std::exception& e) {
        host.failure = e.what();
    }
    return host.failure.empty();
}

// One event of the run. Returns false when the run is over for this host.
bool take_event(HostRun& host, const sdk::Message& message) {
    switch (opcode_of(message)) {
        case wire::Opcode::start: {
            sdk::RunInfo info;
            if (!decode_or_fail(host, message, info, "run start")) return false;
            host.info = std::move(info);
            return true;
        }
        case wire::Opcode::text: {
            wire::TextLine line;
            if (!decode_or_fail(host, message, line, "log line")) return false;
            if (line.level == sdk::LogLevel::error) print_host_diagnostic(host.label, line.text);
            host.lines.push_back(std::move(line));
            return true;
        }
        case wire::Opcode::status: {
            sdk::StatusUpdate update;
            if (!decode_or_fail(host, message, update, "status")) return false;
            host.set_status(update);
            return true;
        }
        case wire::Opcode::job_result: {
            sdk::JobResult job;
            if (!decode_or_fail(host, message, job, "job result")) return false;
            host.jobs.push_back(std::move(job));
            return true;
        }
        case wire::Opcode::group_result: {
            sdk::GroupResult group;
            if (!decode_or_fail(host, message, group, "group result")) return false;
            host.groups.push_back(std::move(group));
            return true;
        }
        case wire::Opcode::disk_util: {
            sdk::DiskUtil disk;
            if (!decode_or_fail(host, message, disk, "disk statistics")) return false;
            host.disks.push_back(std::move(disk));
            return true;
        }
        case wire::Opcode::stop: {
            wire::RunEnd end;
            if (!decode_or_fail(host, message, end, "run end")) return false;
            if (!end.error.empty()) host.failure = end.error;
            else if (end.exit_code != 0) host.failure = fmt::format("the run exited with status {}", end.exit_code);
            host.end = std::move(end);
            return false;
        }
        case wire::Opcode::error: {
            wire::ErrorReply refusal;
            if (decode_or_fail(host, message, refusal, "refusal")) host.failure = "refused: " + refusal.reason;
            return false;
        }
        case wire::Opcode::keepalive:
            return true;
        default:
            host.failure = fmt::format("unexpected message (opcode {}) during the run", message.opcode);
            return false;
    }
}

void run_on_server(HostRun& host, sdk::Connection& connection, const std::atomic<bool>& stop) {
    if (!connection.send(make_message(wire::Opcode::run, 2, host.submission), kSendTimeoutMs)) {
        host.failure = "cannot submit the job: " + connection.error();
        return;
    }
    bool stop_sent = false;
    auto last_heard = Clock::now();
    while (true) {
        if (stop.load() && !stop_sent) {
            stop_sent = true;
            connection.send(sdk::Message{static_cast<std::uint16_t>(wire::Opcode::stop), 2, {}}, kSendTimeoutMs);
        }
        auto message = connection.receive(kReceivePollMs);
        if (!message) {
            if (!connection.error().empty()) {
                host.failure = "connection lost during the run: " + connection.error();
                return;
            }
            if (Clock::now() - last_heard > kSilenceLimit) {
                host.failure = "no word from the server for 30 s";
                return;
            }
            continue;
        }
        last_heard = Clock::now();
        if (!take_event(host, *message)) return;
    }
}

}  // namespace

std::optional<sdk::StatusUpdate> HostRun::latest_status() const {
    std::lock_guard lock(status_mutex_);
    return status_;
}

void HostRun::set_status(const sdk::StatusUpdate& update) {
    std::lock_guard lock(status_mutex_);
    status_ = update;
}

void print_host_diagnostic(const std::string& label, const std::string& text) {
    std::string_view body = text;
    if (body.starts_with("fio: ")) body.remove_prefix(5);
    std::lock_guard lock(g_stderr_mutex);
    std::fprintf(stderr, "fio: client %s: %.*s\n", label.c_str(), static_cast<int>(body.size()), body.data());
}

void drive_host(HostRun& host, sdk::Transport& transport, const std::atomic<bool>& stop) {
    std::string error;
    std::unique_ptr<sdk::Connection> connection = transport.connect(host.endpoint.address, kConnectTimeoutMs, error);
    if (!connection) {
        host.failure = "cannot connect: " + (error.empty() ? std::string("no reason given") : error);
    } else if (authenticated(host, *connection) && probe_server(host, *connection)) {
        run_on_server(host, *connection, stop);
        connection->send(sdk::Message{static_cast<std::uint16_t>(wire::Opcode::quit), 3, {}}, 1000);
    }
    if (connection) connection->close();
    host.finished.store(true);
}

}  // namespace fio::core
