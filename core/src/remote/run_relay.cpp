#include "remote/run_relay.hpp"

#include "remote/job_policy.hpp"
#include "remote/run_process.hpp"
#include "remote/wire_io.hpp"

#include <fio/sdk/frame.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <thread>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fio::core {
namespace {

namespace fs = std::filesystem;
namespace wire = sdk::wire;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kSendTimeoutMs = 5000;
constexpr auto kKeepaliveEvery = std::chrono::seconds(1);

// A private directory for the run's job files; removed with everything in it.
class RunDirectory {
public:
    RunDirectory() {
        std::string pattern = (fs::temp_directory_path() / "fio-run-XXXXXX").string();
        if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
    }
    ~RunDirectory() {
        std::error_code ec;
        if (!path_.empty()) fs::remove_all(path_, ec);
    }
    const fs::path& path() const noexcept { return path_; }

private:
    fs::path path_;
};

// Writes the submitted job files under their own names (made unique), returns their paths.
bool write_job_files(const wire::JobSubmission& submission, const fs::path& dir,
                     std::vector<std::string>& paths, std::string& error) {
    std::set<std::string> used;
    for (std::size_t i = 0; i < submission.job_file_texts.size(); ++i) {
        std::string name = i < submission.job_file_names.size()
                               ? fs::path(submission.job_file_names[i]).filename().string()
                               : std::string();
        if (name.empty() || name == "." || name == "..") name = fmt::format("job{}.fio", i);
        if (!used.insert(name).second) name = fmt::format("{}-{}", i, name);
        const fs::path path = dir / name;
        std::ofstream out(path, std::ios::binary);
        out << submission.job_file_texts[i];
        if (!out.flush()) {
            error = fmt::format("cannot write job file {}: {}", path.string(), std::strerror(errno));
            return false;
        }
        paths.push_back(path.string());
    }
    return true;
}

// Watches the client while the run goes: a stop message asks the run to end, a closed
// connection ends it at once.
class ClientWatch {
public:
    explicit ClientWatch(sdk::Connection& connection)
        : thread_([this, &connection] { watch(connection); }) {}
    ~ClientWatch() {
        done_ = true;
        thread_.join();
    }
    bool gone() const noexcept { return gone_.load(); }
    bool stop_asked() const noexcept { return stop_asked_.load(); }
    void mark_gone() noexcept { gone_ = true; }

private:
    void watch(sdk::Connection& connection) {
        while (!done_ && !gone_) {
            auto message = connection.receive(100);
            if (message) {
                const auto op = opcode_of(*message);
                if (op == wire::Opcode::stop) stop_asked_ = true;
                if (op == wire::Opcode::quit) gone_ = true;
                continue;
            }
            if (!connection.error().empty()) gone_ = true;
        }
    }

    std::atomic<bool> done_{false};
    std::atomic<bool> gone_{false};
    std::atomic<bool> stop_asked_{false};
    std::thread thread_;
};

sdk::LogLevel level_of(std::string_view line) {
    if (line.starts_with("fio: warning")) return sdk::LogLevel::warning;
    if (line.starts_with("fio: ")) return sdk::LogLevel::error;
    return sdk::LogLevel::info;
}

// Splits the run's stdout/stderr into lines, with the private directory's path taken
// out so that a job file's errors name it as the client does.
class LogLines {
public:
    explicit LogLines(std::string dir_prefix) : dir_prefix_(std::move(dir_prefix)) {}
    void add(std::string_view bytes, std::vector<sdk::Message>& out, std::uint64_t tag) {
        pending_.append(bytes);
        std::size_t start = 0;
        for (std::size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1) {
            emit(pending_.substr(start, nl - start), out, tag);
        }
        pending_.erase(0, start);
        if (pending_.size() > 64 * 1024) {  // a run printing without newlines
            emit(pending_, out, tag);
            pending_.clear();
        }
    }
    void finish(std::vector<sdk::Message>& out, std::uint64_t tag) {
        if (!pending_.empty()) emit(pending_, out, tag);
        pending_.clear();
    }

private:
    void emit(std::string line, std::vector<sdk::Message>& out, std::uint64_t tag) {
        for (std::size_t at; !dir_prefix_.empty() && (at = line.find(dir_prefix_)) != std::string::npos;) {
            line.erase(at, dir_prefix_.size());
        }
        wire::TextLine text;
        text.level = level_of(line);
        text.text = std::move(line);
        out.push_back(make_message(wire::Opcode::text, tag, text));
    }

    std::string dir_prefix_;
    std::string pending_;
};

// Status updates are snapshots: of several waiting, only the newest is worth sending.
void coalesce_status(std::vector<sdk::Message>& batch) {
    const auto is_status = [](const sdk::Message& m) {
        return static_cast<wire::Opcode>(m.opcode) == wire::Opcode::status;
    };
    std::size_t statuses = static_cast<std::size_t>(std::count_if(batch.begin(), batch.end(), is_status));
    if (statuses < 2) return;
    std::vector<sdk::Message> kept;
    kept.reserve(batch.size());
    for (auto& message : batch) {
        if (is_status(message) && --statuses > 0) continue;
        kept.push_back(std::move(message));
    }
    batch = std::move(kept);
}

std::vector<std::string> run_arguments(const ServerState& state, const wire::JobSubmission& submission,
                                       const std::vector<std::string>& job_paths) {
    std::vector<std::string> argv{state.program(), "--output-format=network", "--output=/dev/fd/3",
                                  "--eta=never"};
    for (const auto& dir : state.plugin_dirs()) argv.push_back("--plugin-dir=" + dir.string());
    for (const auto& argument : submission.arguments) argv.push_back(argument);
    if (!submission.remote_config.empty()) argv.push_back(submission.remote_config);
    for (const auto& path : job_paths) argv.push_back(path);
    return argv;
}

// The policy as the run process reads it: the server's, with this run's job directory
// and the plugin directories the server itself passes on.
std::string policy_variable(const ServerState& state, const fs::path& job_dir) {
    ServerPolicy policy = state.policy();
    policy.server_plugin_dirs = state.plugin_dirs();
    policy.job_dir = job_dir;
    return std::string(kServerPolicyVariable) + "=" + encode_policy(policy);
}

}  // namespace

bool relay_run(sdk::Connection& connection, const wire::JobSubmission& submission,
               std::uint64_t tag, ServerState& state) {
    const auto fail = [&](const std::string& reason) {
        wire::RunEnd end;
        end.exit_code = 1;
        end.error = reason;
        return connection.send(make_message(wire::Opcode::stop, tag, end), kSendTimeoutMs);
    };
    // A refusal by the server's policy: one line in the log, an error message to the client.
    const auto refuse = [&](const std::string& reason) {
        state.log(fmt::format("{}: refused: {}", connection.peer(), reason));
        wire::ErrorReply reply;
        reply.reason = reason;
        return connection.send(make_message(wire::Opcode::error, tag, reply), kSendTimeoutMs);
    };
    if (!submission.remote_config.empty()) {
        if (auto why = path_refusal("--remote-config", submission.remote_config, state.policy())) return refuse(*why);
    }
    RunDirectory dir;
    if (dir.path().empty()) return fail(fmt::format("cannot create a run directory: {}", std::strerror(errno)));
    std::vector<std::string> job_paths;
    std::string error;
    if (!write_job_files(submission, dir.path(), job_paths, error)) return fail(error);
    // The run works in the server root, so that the jobs' relative paths are under it.
    auto process = RunProcess::start(run_arguments(state, submission, job_paths), error,
                                     state.policy().root.string(), {policy_variable(state, dir.path())});
    if (!process) return fail(error);
    std::optional<std::string> refusal;  // the run process's, by the server's policy

    ClientWatch watch(connection);
    wire::RunEnd child_end;
    bool child_reported = false;
    bool terminated = false;
    sdk::wire::FrameDecoder events;
    LogLines log((dir.path() / "").string());
    auto last_sent = Clock::now();
    char buffer[64 * 1024];
    while (process->events_fd() >= 0 || process->log_fd() >= 0) {
        if (watch.gone() || state.stopping()) {
            process->kill();
            break;
        }
        if (watch.stop_asked() && !terminated) {
            process->terminate();
            terminated = true;
        }
        pollfd fds[2] = {{process->events_fd(), POLLIN, 0}, {process->log_fd(), POLLIN, 0}};
        if (::poll(fds, 2, 100) < 0 && errno != EINTR) break;
        std::vector<sdk::Message> batch;
        if (fds[0].revents != 0) {
            const ssize_t n = ::read(process->events_fd(), buffer, sizeof buffer);
            if (n <= 0) {
                process->close_events();
            } else {
                events.feed(reinterpret_cast<const std::uint8_t*>(buffer), static_cast<std::size_t>(n));
                while (auto message = events.next()) batch.push_back(std::move(*message));
                if (events.failed()) {
                    state.log(fmt::format("{}: run process sent a bad frame: {}", connection.peer(),
                                          events.error()));
                    process->kill();
                    process->close_events();
                }
            }
        }
        if (fds[1].revents != 0) {
            const ssize_t n = ::read(process->log_fd(), buffer, sizeof buffer);
            if (n <= 0) {
                process->close_log();
                log.finish(batch, tag);
            } else {
                log.add(std::string_view(buffer, static_cast<std::size_t>(n)), batch, tag);
            }
        }
        coalesce_status(batch);
        for (auto& message : batch) {
            if (opcode_of(message) == wire::Opcode::error && !refusal) {
                wire::ErrorReply reply;
                std::string ignored;
                refusal = sdk::wire::decode_payload(message.payload, reply, ignored) ? reply.reason : ignored;
                state.log(fmt::format("{}: refused: {}", connection.peer(), *refusal));
            }
            if (opcode_of(message) == wire::Opcode::stop) {
                // The relay sends the run's end itself, with the process's real status.
                std::string ignored;
                child_reported = sdk::wire::decode_payload(message.payload, child_end, ignored);
                continue;
            }
            message.tag = tag;
            if (!connection.send(message, kSendTimeoutMs)) {
                watch.mark_gone();
                break;
            }
            last_sent = Clock::now();
        }
        if (!watch.gone() && Clock::now() - last_sent >= kKeepaliveEvery) {
            if (!connection.send(sdk::Message{static_cast<std::uint16_t>(wire::Opcode::keepalive), tag, {}},
                                 kSendTimeoutMs)) {
                watch.mark_gone();
            }
            last_sent = Clock::now();
        }
    }
    const int status = process->wait();
    if (refusal) return !watch.gone();  // the client had the refusal; its run is over
    if (watch.gone()) {
        state.log(fmt::format("{}: client gone, run ended", connection.peer()));
        return false;
    }
    if (state.stopping()) return fail("the server is shutting down; the run was ended");
    wire::RunEnd end;
    if (WIFEXITED(status)) {
        end.exit_code = WEXITSTATUS(status);
        if (!child_reported) end.error = "the run process ended without reporting its results";
        if (!child_reported && end.exit_code == 0) end.exit_code = 1;
    } else {
        end.exit_code = 1;
        end.error = fmt::format("the run process {}", describe_wait_status(status));
    }
    return connection.send(make_message(wire::Opcode::stop, tag, end), kSendTimeoutMs);
}

}  // namespace fio::core
