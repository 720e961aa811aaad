#include "remote/job_policy.hpp"

#include "jobs/job_file_names.hpp"
#include "remote/path_confinement.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace fio::core {
namespace {

namespace fs = std::filesystem;

// Clones x files whose made names are each checked; past it, made names differ only in
// the digits of $jobnum and $filenum, which cannot leave a directory.
constexpr std::uint64_t kMadeNamesChecked = 4096;

std::vector<std::string> split_colons(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t colon; (colon = text.find(':', start)) != std::string::npos; start = colon + 1) {
        parts.push_back(text.substr(start, colon - start));
    }
    parts.push_back(text.substr(start));
    return parts;
}

bool is_plugin_path(const std::string& name) { return name.find('/') != std::string::npos; }

std::optional<std::string> job_refusal(const JobSpec& job, const ServerPolicy& policy) {
    const auto in_job = [&](const std::optional<std::string>& why) -> std::optional<std::string> {
        if (!why) return std::nullopt;
        return fmt::format("job '{}': {}", job.name, *why);
    };
    const auto check = [&](std::string_view option, std::string_view value) -> std::optional<std::string> {
        if (value.empty()) return std::nullopt;
        return in_job(path_refusal(option, value, policy));
    };
    const auto& env = job.environment;
    if (!policy.allow_exec) {
        const auto no_command = [&](std::string_view option, const std::string& value) {
            return fmt::format("job '{}': {}={} runs a command, and the server allows none (--allow-exec)",
                               job.name, option, value);
        };
        if (!env.exec_prerun.empty()) return no_command("exec_prerun", env.exec_prerun);
        if (!env.exec_postrun.empty()) return no_command("exec_postrun", env.exec_postrun);
        if (job.ioengine == "exec") return no_command("ioengine", job.ioengine);
        if (!env.ioscheduler.empty()) {
            return fmt::format("job '{}': ioscheduler={} changes a system setting (the device's "
                               "I/O scheduler), and the server allows none (--allow-exec)",
                               job.name, env.ioscheduler);
        }
        if (!env.cgroup.empty()) {
            return fmt::format("job '{}': cgroup={} creates and joins a control group (a system "
                               "setting), and the server allows none (--allow-exec)",
                               job.name, env.cgroup);
        }
    }
    if (!policy.allow_plugin_paths && is_plugin_path(job.ioengine)) {
        return fmt::format("job '{}': ioengine={} loads a plugin by path, and the server allows "
                           "plugins only by name (--allow-plugin-paths)", job.name, job.ioengine);
    }
    // The job's name goes into file names: made files, logs, command output, state files.
    if (auto why = check("name", job.name)) return why;
    for (const auto& dir : split_colons(job.directory)) {
        if (auto why = check("directory", dir)) return why;
    }
    if (auto why = check("opendir", job.opendir)) return why;
    for (const auto& name : job.filenames) {
        if (auto why = check("filename", name)) return why;
    }
    const std::uint64_t clones = job.filenames.empty()
        ? std::min<std::uint64_t>(job.numjobs, std::max<std::uint64_t>(1, kMadeNamesChecked / job.nrfiles))
        : 1;
    for (std::uint32_t clone = 0; clone < clones; ++clone) {
        std::uint64_t checked = 0;
        for (const auto& path : file_paths(job, clone)) {
            if (++checked > kMadeNamesChecked) break;
            const char* option = job.filenames.empty() ? "filename_format" : "filename";
            if (auto why = in_job(path_refusal(option, path, policy))) return why;
        }
    }
    const std::pair<const char*, const LogRequest*> logs[] = {{"write_bw_log", &job.logs.bw},
                                                              {"write_lat_log", &job.logs.lat},
                                                              {"write_iops_log", &job.logs.iops},
                                                              {"write_hist_log", &job.logs.hist}};
    for (const auto& [option, log] : logs) {
        if (log->enabled) {
            if (auto why = check(option, log->prefix)) return why;
        }
    }
    if (auto why = check("write_iolog", job.replay.write_iolog)) return why;
    for (const auto& log : job.replay.read_iolog) {
        if (log != "-") {
            if (auto why = check("read_iolog", log)) return why;
        }
    }
    if (auto why = check("replay_redirect", job.replay.redirect)) return why;
    if (auto why = check("merge_blktrace_file", job.replay.merge_file)) return why;
    if (auto why = check("--aux-path", job.verify.state_dir)) return why;
    if (auto why = check("mem", job.memory.file)) return why;
    return std::nullopt;
}

}  // namespace

std::optional<std::string> path_refusal(std::string_view what, std::string_view value,
                                        const ServerPolicy& policy) {
    const ConfinedPath confined = confine_path(policy.root, value);
    if (confined.inside) return std::nullopt;
    std::string text = fmt::format("{}={} is outside the server root {} (--server-root)", what, value,
                                   policy.root.string());
    if (confined.resolved != fs::path(value)) text += ": " + confined.why;
    return text;
}

std::optional<std::string> command_line_refusal(const CommandLine& cl, const ServerPolicy& policy) {
    const auto not_for_remote = [](std::string_view option) {
        return fmt::format("--{} is not for a remote run (the server's own option)", option);
    };
    if (cl.server) return not_for_remote("server");
    if (!cl.clients.empty()) return not_for_remote("client");
    if (cl.daemonize) return not_for_remote("daemonize");
    if (!cl.pidfile.empty()) return not_for_remote("pidfile");
    if (!cl.remote_config.empty()) return not_for_remote("remote-config");
    if (cl.output_file != "/dev/fd/3") {
        return fmt::format("--output={}: a remote run's report goes to its client", cl.output_file);
    }
    if (!policy.allow_plugin_paths) {
        for (const auto& dir : cl.plugin_dirs) {
            const auto& own = policy.server_plugin_dirs;
            if (std::find(own.begin(), own.end(), dir) != own.end()) continue;
            return fmt::format("--plugin-dir={} loads plugins by path, and the server allows plugins "
                               "only by name (--allow-plugin-paths)", dir.string());
        }
        if (cl.enghelp && is_plugin_path(cl.enghelp->substr(0, cl.enghelp->find(',')))) {
            return fmt::format("--enghelp={} loads a plugin by path, and the server allows plugins "
                               "only by name (--allow-plugin-paths)", *cl.enghelp);
        }
        for (const auto& format : cl.output_formats) {
            if (!is_plugin_path(format)) continue;
            return fmt::format("--output-format={} loads a plugin by path, and the server allows "
                               "plugins only by name (--allow-plugin-paths)", format);
        }
    }
    if (!cl.aux_path.empty()) {
        if (auto why = path_refusal("--aux-path", cl.aux_path, policy)) return why;
    }
    if (cl.inflate_log) {
        if (auto why = path_refusal("--inflate-log", *cl.inflate_log, policy)) return why;
    }
    for (const auto& file : cl.job_files) {
        // The submitted job files the server wrote for this run are the run's own.
        if (!policy.job_dir.empty() && fs::path(file).parent_path() == policy.job_dir) continue;
        if (auto why = path_refusal("job file", file, policy)) return why;
    }
    return std::nullopt;
}

std::optional<std::string> jobs_refusal(const std::vector<JobSpec>& jobs, const ServerPolicy& policy) {
    for (const auto& job : jobs) {
        if (auto why = job_refusal(job, policy)) return why;
    }
    return std::nullopt;
}

}  // namespace fio::core
