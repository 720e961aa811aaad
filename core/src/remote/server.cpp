#include "remote/server.hpp"

#include "remote/host_facts.hpp"
#include "remote/server_session.hpp"
#include "remote/server_state.hpp"
#include "plugins/transport_factory.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <list>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

namespace fio::core {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kAcceptPollMs = 200;
constexpr std::size_t kMaxSessions = 1024;

// Detaches from the terminal: the parent returns 0 at once, the child goes on as
// the server with stdio on /dev/null. Returns false in the parent.
bool become_daemon(std::string& error) {
    const pid_t pid = ::fork();
    if (pid < 0) {
        error = fmt::format("--daemonize: fork failed: {}", std::strerror(errno));
        return false;
    }
    if (pid > 0) std::_Exit(0);
    ::setsid();
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        ::dup2(null, STDIN_FILENO);
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
        if (null > STDERR_FILENO) ::close(null);
    }
    return true;
}

// A session thread and whether it has ended, so finished ones can be joined while the
// server runs.
struct Session {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done = std::make_shared<std::atomic<bool>>(false);
};

void join_finished(std::list<Session>& sessions) {
    for (auto it = sessions.begin(); it != sessions.end();) {
        if (it->done->load()) {
            it->thread.join();
            it = sessions.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace

int run_server(const ServerOptions& options, PluginRegistry& registry, const std::atomic<bool>& stop) {
    std::shared_ptr<sdk::Transport> transport;
    try {
        std::vector<LocatedOption> unclaimed;
        transport = create_transport(registry, options.endpoint.transport, options.transport_options, unclaimed);
        if (!unclaimed.empty()) {
            std::fprintf(stderr, "fio: --server: --%s: the %s transport does not take it\n",
                         unclaimed.front().name.c_str(), options.endpoint.transport.c_str());
            return 1;
        }
    } catch (const PluginError& e) {
        std::fprintf(stderr, "fio: --server: %s\n", e.what());
        return 1;
    }
    std::string error;
    std::unique_ptr<sdk::Listener> listener = transport->listen(options.endpoint.address, error);
    if (!listener) {
        std::fprintf(stderr, "fio: --server: cannot listen on %s: %s\n", options.endpoint.text().c_str(),
                     error.c_str());
        return 1;
    }
    std::error_code ec;
    const fs::path program = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
        std::fprintf(stderr, "fio: --server: cannot find this program: %s\n", ec.message().c_str());
        return 1;
    }
    std::printf("fio: server listening on %s\n", listener->endpoint().c_str());
    std::printf("fio: server policy for remote jobs: %s\n", options.policy.describe().c_str());
    std::fflush(stdout);
    if (options.daemonize && !become_daemon(error)) {
        std::fprintf(stderr, "fio: %s\n", error.c_str());
        return 1;
    }
    if (!options.pidfile.empty()) {
        std::ofstream(options.pidfile) << ::getpid() << '\n';
    }

    ServerState state(probe_this_host(registry), program.string(), options.plugin_dirs, stop);
    state.set_policy(options.policy);
    state.set_authenticator(options.auth);
    std::list<Session> sessions;
    while (!stop.load()) {
        join_finished(sessions);
        std::unique_ptr<sdk::Connection> connection = listener->accept(kAcceptPollMs);
        if (!connection) continue;
        if (sessions.size() >= kMaxSessions) {
            state.log(fmt::format("{}: refused: {} connections already", connection->peer(), kMaxSessions));
            connection->close();
            continue;
        }
        Session& session = sessions.emplace_back();
        session.thread = std::thread([&state, done = session.done, c = std::move(connection)]() mutable {
            serve_connection(std::move(c), state);
            done->store(true);
        });
    }
    for (auto& session : sessions) session.thread.join();
    if (!options.pidfile.empty()) fs::remove(options.pidfile, ec);
    state.log("stopped");
    return 0;
}

}  // namespace fio::core
