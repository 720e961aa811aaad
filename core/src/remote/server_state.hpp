// What the sessions of one server share: the facts it probes with, the program to
// start runs with, and which client, if any, has the one run a server does at a time.
#pragma once

#include "remote/server_policy.hpp"
#include "auth/authenticator.hpp"

#include <fio/sdk/wire_messages.hpp>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace fio::core {

class ServerState {
public:
    ServerState(sdk::wire::ProbeReply probe, std::string program,
                std::vector<std::filesystem::path> plugin_dirs, const std::atomic<bool>& stop)
        : probe_(std::move(probe)), program_(std::move(program)),
          plugin_dirs_(std::move(plugin_dirs)), stop_(stop) {}

    const sdk::wire::ProbeReply& probe() const noexcept { return probe_; }
    const std::string& program() const noexcept { return program_; }
    const std::vector<std::filesystem::path>& plugin_dirs() const noexcept { return plugin_dirs_; }
    bool stopping() const noexcept { return stop_.load(); }

    // Takes the run slot for `peer`; when another client has it, returns false and
    // says whose it is and since when ("running a job for 10.0.0.1:41000 since ...").
    bool claim_run(const std::string& peer, std::string& holder);
    void release_run();

    // One line to the server's log (stderr), whole, whatever the other sessions print.
    void log(const std::string& line);

    // What remote jobs may do (--server-root, --allow-exec, ...); set before serving.
    void set_policy(ServerPolicy policy) { policy_ = std::move(policy); }
    const ServerPolicy& policy() const noexcept { return policy_; }

private:
    sdk::wire::ProbeReply probe_;
    std::string program_;
    std::vector<std::filesystem::path> plugin_dirs_;
    const std::atomic<bool>& stop_;
    std::mutex mutex_;
    bool running_ = false;
    std::string holder_;
    ServerPolicy policy_;

public:
    // The token every client must prove it holds before anything else; null: none.
    const Authenticator* authenticator() const noexcept { return auth_.get(); }
    void set_authenticator(std::shared_ptr<const Authenticator> auth) { auth_ = std::move(auth); }

private:
    std::shared_ptr<const Authenticator> auth_;
};

}  // namespace fio::core
