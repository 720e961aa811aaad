// What a server lets a remote job do (--server-root, --allow-exec, --allow-plugin-paths,
// --max-runtime, --max-size, --max-jobs). The server hands it to each run process in
// the environment; the run process checks its parsed jobs against it before any I/O.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fio::core {

struct ServerPolicy {
    std::filesystem::path root;           // canonical; remote jobs' files stay under it
    bool allow_exec = false;              // exec_prerun/exec_postrun, the exec engine
    bool allow_plugin_paths = false;      // ioengine=/path/x.so, --plugin-dir, formats by path
    std::optional<std::uint64_t> max_runtime_ns;  // per job (ramp_time + runtime)
    std::optional<std::uint64_t> max_size;        // bytes per submission, all jobs and clones
    std::optional<std::uint64_t> max_jobs;        // jobs per submission, numjobs clones counted
    // Set by the server for one run only (not options).
    std::vector<std::filesystem::path> server_plugin_dirs;  // the server's own --plugin-dir
    std::filesystem::path job_dir;        // where the submitted job files were written

    // "root /srv/fio; no commands; no plugin paths; max runtime 60 s": the start line's.
    std::string describe() const;
};

// The environment variable a run process finds its server's policy in. A run without
// it (every local run) is not confined.
inline constexpr const char* kServerPolicyVariable = "FIO_SERVER_POLICY";

// A time of the policy as its messages say it: "60 s", or "1500 ms" when not whole seconds.
std::string seconds_text(std::uint64_t ns);

std::string encode_policy(const ServerPolicy& policy);
// Throws std::runtime_error on text that is not a policy.
ServerPolicy decode_policy(const std::string& text);

// --server-root etc. from the command line; `name` without dashes. Returns false when
// `name` is none of the policy's options. Throws CommandLineError on a bad value.
struct ServerPolicyOptions {
    std::optional<std::filesystem::path> root;
    bool allow_exec = false;
    bool allow_plugin_paths = false;
    std::optional<std::uint64_t> max_runtime_ns;
    std::optional<std::uint64_t> max_size;
    std::optional<std::uint64_t> max_jobs;
};
bool apply_server_policy_option(ServerPolicyOptions& options, std::string_view name,
                                const std::string& value);

// The policy a server started with `options` enforces: the root made canonical (the
// working directory when not given). Throws CommandLineError when the root is no directory.
ServerPolicy make_server_policy(const ServerPolicyOptions& options);

}  // namespace fio::core
