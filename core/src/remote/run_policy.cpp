#include "remote/run_policy.hpp"

#include "jobs/ini_reader.hpp"
#include "remote/job_policy.hpp"
#include "remote/path_confinement.hpp"
#include "remote/wire_io.hpp"

#include <fio/sdk/frame.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include <fcntl.h>
#include <unistd.h>

namespace fio::core {
namespace {

namespace fs = std::filesystem;
namespace wire = sdk::wire;

// Where the network output writes this run's frames (remote/run_process.cpp).
constexpr int kEventsFd = 3;

const ServerPolicy* policy_of_this_run() {
    static const std::unique_ptr<ServerPolicy> policy = []() -> std::unique_ptr<ServerPolicy> {
        const char* text = std::getenv(kServerPolicyVariable);
        if (text == nullptr) return nullptr;
        return std::make_unique<ServerPolicy>(decode_policy(text));
    }();
    return policy.get();
}

// Sends the refusal to the server as an error message and ends the run; before any job
// started, there is nothing to clean up.
[[noreturn]] void refuse_run(const std::string& reason) {
    wire::ErrorReply reply;
    reply.reason = reason;
    const auto bytes = wire::encode_message(make_message(wire::Opcode::error, 0, reply));
    bool sent = ::fcntl(kEventsFd, F_GETFD) >= 0;
    for (std::size_t done = 0; sent && done < bytes.size();) {
        const ssize_t n = ::write(kEventsFd, bytes.data() + done, bytes.size() - done);
        if (n <= 0) sent = false;
        else done += static_cast<std::size_t>(n);
    }
    if (!sent) std::fprintf(stderr, "fio: refused by the server's policy: %s\n", reason.c_str());
    std::fflush(stdout);
    std::_Exit(1);
}

// `include NAME` of a remote job: a relative NAME in a submitted job file is relative to
// the root (the client's directory has no meaning on the server), in a file under the
// root to that file; either way the file must resolve under the root.
fs::path confined_include(const ServerPolicy& policy, std::string_view name, const fs::path& base_dir,
                          const std::string& where) {
    fs::path path(name);
    if (path.is_relative()) path = (base_dir == policy.job_dir ? policy.root : base_dir) / path;
    const ConfinedPath confined = confine_path(policy.root, path.string());
    if (!confined.inside) {
        // A submitted file is named as its client named it, without the server's run directory.
        const std::string dir_prefix = (policy.job_dir / "").string();
        const std::string_view file = std::string_view(where).starts_with(dir_prefix)
                                          ? std::string_view(where).substr(dir_prefix.size())
                                          : std::string_view(where);
        refuse_run(fmt::format("{}: include {} is outside the server root {} (--server-root): {}", file,
                               name, policy.root.string(), confined.why));
    }
    return confined.resolved;
}

}  // namespace

void enforce_server_policy(const CommandLine& cl) {
    const ServerPolicy* policy = policy_of_this_run();
    if (policy == nullptr) return;
    if (auto why = command_line_refusal(cl, *policy)) refuse_run(*why);
    set_include_resolver([policy](std::string_view name, const fs::path& base_dir, const std::string& where) {
        return confined_include(*policy, name, base_dir, where);
    });
}

void enforce_server_policy(std::vector<JobSpec>& jobs) {
    const ServerPolicy* policy = policy_of_this_run();
    if (policy == nullptr) return;
    if (auto why = jobs_refusal(jobs, *policy)) refuse_run(*why);
    if (auto why = caps_refusal(jobs, *policy)) refuse_run(*why);
}

}  // namespace fio::core
