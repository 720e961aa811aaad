// fio: the command-line entry point. Parses the command line, finds the plugins,
// and runs the jobs; every failure becomes one line on stderr and exit code 1.
#include "cli/command_line.hpp"
#include "cli/checksum_speed.hpp"
#include "cli/clock_test.hpp"
#include "cli/inflate_log.hpp"
#include "cli/memcpy_speed.hpp"
#include "cli/metrics_listen.hpp"
#include "cli/option_help.hpp"
#include "cli/plugin_listing.hpp"
#include "cli/progress_line.hpp"
#include "cli/remote_modes.hpp"
#include "cli/run_wide_options.hpp"
#include "debug/debug_log.hpp"
#include "iolog/replay_plan.hpp"
#include "jobs/job_builder.hpp"
#include "jobs/job_loader.hpp"
#include "jobs/toml_jobs.hpp"
#include "options/core_options.hpp"
#include "outputs/output_set.hpp"
#include "remote/run_policy.hpp"
#include "profiles/act_report.hpp"
#include "profiles/profile.hpp"
#include "plugins/plugin_registry.hpp"
#include "run/run_plan.hpp"
#include "run/runner.hpp"

#include <fio/sdk/format.hpp>
#include <fio/sdk/version.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <set>
#include <cstdio>

namespace {

std::atomic<bool> g_stop_requested{false};

std::atomic<bool> g_report_requested{false};

// The signal that asked the run to stop (SIGINT, SIGTERM), 0 for none: as stock, the run
// then says so and exits 128.
std::atomic<int> g_stop_signal{0};

extern "C" void request_stop(int signal_number) {
    int none = 0;
    g_stop_signal.compare_exchange_strong(none, signal_number);
    g_stop_requested.store(true);
}
// SIGUSR1: print the full report now, as stock does.
extern "C" void request_report(int) { g_report_requested.store(true); }

// Turns the --debug types on, saying so on stdout first as stock fio does.
void announce_debug_types(fio::core::DebugMask types) {
    using namespace fio::core;
    if (types == kAllDebugTypes) {
        fmt::print("fio: debug types on: all\n");
    } else {
        const auto names = debug_type_names();
        for (unsigned type = 0; type < kDebugTypeCount; ++type) {
            if ((types >> type) & 1u) fmt::print("fio: debug type on: {}\n", names[type]);
        }
    }
    enable_debug(types);
}

// --bandwidth-log: stock fio 3.33 creates agg-read_bw.log, agg-write_bw.log and
// agg-trim_bw.log in the working directory; in a local run it leaves them empty (only
// its client fills them, from the servers' progress).
void create_aggregate_bandwidth_logs() {
    for (const char* name : {"agg-read_bw.log", "agg-write_bw.log", "agg-trim_bw.log"}) {
        std::FILE* file = std::fopen(name, "w");
        if (file == nullptr) {
            throw std::runtime_error(fmt::format("--bandwidth-log: cannot create {}: {}", name,
                                                 std::strerror(errno)));
        }
        std::fclose(file);
    }
}

// --idle-prof and the triggers act on the jobs this process runs: a server runs the
// jobs of its clients, and a client's run happens on the servers.
void refuse_local_only_options_remotely(const fio::core::CommandLine& cl) {
    if (!cl.server && cl.clients.empty()) return;
    const char* mode = cl.server ? "--server" : "--client";
    if (cl.idle_prof != fio::core::IdleProfMode::none) {
        throw fio::core::CommandLineError(fmt::format(
            "--idle-prof with {} is not supported here: only local runs profile the CPUs", mode));
    }
    if (cl.server && !cl.metrics_listen.empty()) {
        throw fio::core::CommandLineError(
            "--metrics-listen with --server is not supported here: give it to the client, which shows every host");
    }
    if (!cl.trigger_file.empty() || cl.trigger_timeout_ms != 0 || !cl.trigger_command.empty()) {
        throw fio::core::CommandLineError(fmt::format(
            "--trigger* with {} is not supported here: only local runs have triggers", mode));
    }
}

bool progress_wanted(fio::core::EtaMode mode) {
    switch (mode) {
        case fio::core::EtaMode::always: return true;
        case fio::core::EtaMode::never: return false;
        case fio::core::EtaMode::automatic: return ::isatty(STDERR_FILENO) == 1;
    }
    return false;
}

int run(int argc, const char* const* argv) {
    using namespace fio::core;
    CommandLine cl = parse_command_line(argc, argv);
    enforce_server_policy(cl);  // a run a server started: what its policy allows
    PluginRegistry registry(PluginRegistry::default_search_dirs(cl.plugin_dirs));
    claim_run_wide_options(cl, registry);
    require_job_for_options(cl);
    if (cl.list_debug_types) {
        std::printf("fio: debug types: %s\n", debug_type_listing().c_str());
        return 0;
    }
    announce_debug_types(cl.debug_types);
    if (cl.show_help) {
        std::fputs(usage_text(render_run_wide_options_help(registry)).c_str(), stdout);
        return 0;
    }
    if (cl.show_version) {
        std::printf("fio-%s\n", fio::sdk::kFioVersion);
        return 0;
    }
    if (cl.inflate_log) return print_inflated_log(*cl.inflate_log, stdout, stderr);
    if (cl.crctest) return run_checksum_speed_test(*cl.crctest, stdout, stderr);
    if (cl.memcpytest) return run_memcpy_speed_test(*cl.memcpytest, stdout, stderr);
    if (cl.cpuclock_test) return run_cpu_clock_test(stdout);
    if (cl.idle_prof == IdleProfMode::calibrate) {  // as stock: calibrate, print, exit
        IdleProfiler profiler(IdleProfMode::calibrate);
        std::fputs(fio::sdk::idleness_text(profiler.stop(), true).c_str(), stdout);
        return 0;
    }
    if (cl.list_plugins) {
        std::fputs(render_plugin_listing(registry).c_str(), stdout);
        return 0;
    }
    if (cl.options_markdown) {
        std::fputs(render_options_markdown(registry).c_str(), stdout);
        return 0;
    }
    if (cl.cmdhelp) {
        // As stock: with a profile, a bare --cmdhelp lists that profile's options.
        const bool profile_help = cl.profile && (cl.cmdhelp->empty() || *cl.cmdhelp == "all");
        std::fputs(profile_help ? render_profile_help(find_profile(*cl.profile)).c_str()
                                : render_cmdhelp(registry, *cl.cmdhelp).c_str(),
                   stdout);
        return 0;
    }
    const std::pair<const std::optional<std::string>&, fio::sdk::PluginKind> plugin_helps[] = {
        {cl.enghelp, fio::sdk::PluginKind::engine},
        {cl.outhelp, fio::sdk::PluginKind::output},
        {cl.transporthelp, fio::sdk::PluginKind::transport},
    };
    for (const auto& [which, kind] : plugin_helps) {
        if (!which) continue;
        std::fputs(render_plugin_help(registry, kind, *which).c_str(), stdout);
        return 0;
    }

    if (cl.bandwidth_log && !cl.clients.empty()) {
        throw CommandLineError("--bandwidth-log with --client is not supported here: the "
                               "aggregate logs are filled from the servers' progress only by stock");
    }
    if (cl.profile && !cl.clients.empty()) {
        throw CommandLineError("--profile with --client is not supported here: run the profile on "
                               "the server's host, or send the jobs of --profile=NAME --showcmd");
    }
    refuse_local_only_options_remotely(cl);
    if (cl.server || !cl.clients.empty()) {
        std::signal(SIGINT, request_stop);
        std::signal(SIGTERM, request_stop);
        std::signal(SIGPIPE, SIG_IGN);  // a vanished peer is an error to report, not a death
        if (cl.server) return run_server_mode(cl, registry, g_stop_requested);
        ProgressLine progress(stderr);
        return run_client_mode(cl, registry, progress_wanted(cl.eta) ? &progress : nullptr,
                               g_stop_requested);
    }

    std::vector<RawSection> collected = collect_sections(cl);
    claim_run_wide_options(collected, registry, cl.output_options, cl.transport_options);
    if (!cl.transport_options.empty()) {
        const LocatedOption& option = cl.transport_options.front();
        throw CommandLineError(fmt::format("{}: option '{}' is for a transport: it needs --server or --client",
                                           option.where.describe(), option.name));
    }
    ProfileJobLines profile_run;  // --profile: its jobs come after every other job
    if (cl.profile) profile_run = add_profile_jobs(find_profile(*cl.profile), collected, cl.sections.size());
    const std::vector<RawSection> sections = select_sections(std::move(collected), cl.only_sections);
    if (!cl.convert_to.empty()) {
        std::fputs(write_toml_jobs(sections).c_str(), stdout);
        return 0;
    }
    JobBuildOptions build;
    build.readonly = cl.readonly;
    build.aux_path = cl.aux_path;
    std::vector<JobSpec> jobs = build_jobs(sections, build);
    enforce_server_policy(jobs);
    const bool json_on_stdout =
        (cl.output_file.empty() || cl.output_file == "-") &&
        std::any_of(cl.output_formats.begin(), cl.output_formats.end(),
                    [&](const std::string& f) {
                        // A document on stdout (json, or an html page not sent to its own file).
                        return f.starts_with("json") || (f == "html" && !cl.format_files.contains(f));
                    });
    std::FILE* const info = json_on_stdout ? stderr : stdout;
    if (profile_run.latencies_counted) {
        for (auto& job : jobs) job.latency_slices = profile_run.latency_slices;  // as stock: every job
    }
    std::set<std::string> warned;
    bool stock_warned = false;
    for (const auto& job : jobs) {
        // Stock says these on stdout; in front of a JSON document there they would make
        // it unreadable, so then they go to stderr.
        if (!cl.show_commands) {  // --showcmd prints the jobs alone, as stock's
            for (const auto& line : job.info_lines) std::fprintf(info, "fio: %s\n", line.c_str());
        }
        for (const auto& warning : job.stock_warnings) {
            std::fprintf(stderr, "fio: %s\n", warning.c_str());
            stock_warned = true;
        }
        for (const auto& warning : job.warnings) {
            if (warned.insert(warning).second) std::fprintf(stderr, "fio: warning: %s\n", warning.c_str());
        }
    }
    // As stock: only the parser's warnings are fatal, not our notes on options that
    // have no effect here (stock runs those options without a word).
    if (cl.warnings_fatal && stock_warned) return 1;  // each warning said why
    if (cl.show_commands) {
        std::printf("%s\n", render_command_line(sections).c_str());
        return 0;
    }
    if (cl.parse_only) check_output_options(registry, cl.output_formats, cl.output_options);
    if (jobs.empty() && cl.parse_only) {
        // As stock: options without a job are still checked, and that is no error.
        plan_threads({global_options_job(sections)}, registry, PlanDepth::jobs_only);
        return 0;
    }
    if (jobs.empty()) {
        std::fputs("fio: no jobs defined\n\n", stderr);
        std::fputs(usage_text().c_str(), stderr);
        return 1;
    }
    if (cl.parse_only) {
        plan_threads(jobs, registry, PlanDepth::jobs_only);  // engines load and claim options
        return 0;
    }
    if (cl.merge_blktrace_only) {
        for (const auto& job : jobs) merge_job_traces(job);  // IoLogError: reported below
        return 0;
    }

    OutputSet outputs(registry, cl.output_formats, cl.output_file, cl.output_options,
                      cl.format_files);
    if (cl.bandwidth_log) create_aggregate_bandwidth_logs();
    ProgressLine progress(stderr, cl.eta_newline_ms);
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    std::signal(SIGUSR1, request_report);

    MetricsBoard metrics;
    const std::unique_ptr<MetricsServer> metrics_server = start_metrics_server(cl.metrics_listen, metrics);

    RunRequest request;
    request.metrics = metrics_server ? &metrics : nullptr;
    request.jobs = &jobs;
    request.registry = &registry;
    request.outputs = &outputs;
    request.progress = progress_wanted(cl.eta) ? &progress : nullptr;
    request.stop = &g_stop_requested;
    request.report_requested = &g_report_requested;
    request.status_period_ms = cl.eta_interval_ms;
    request.report_interval_ms = cl.status_interval_ms;
    request.report_deltas = cl.status_interval_delta;
    if (profile_run.latency_slices) {
        request.latency_report = [slices = profile_run.latency_slices](const LatencySlices& run) {
            LatencySlices shown;
            shown.start(slices);  // every slice shows, counted or not (act --prep)
            shown.merge(run);
            return render_act_report(shown);
        };
    }
    request.idle_prof = cl.idle_prof;
    request.trigger_file = cl.trigger_file;
    request.trigger_timeout_ms = cl.trigger_timeout_ms;
    request.trigger_command = cl.trigger_command;
    request.stopped = [info] {
        // Stock says this on stdout between the jobs' end and the report.
        if (const int signal_number = g_stop_signal.load()) {
            std::fprintf(info, "\nfio: terminating on signal %d\n", signal_number);
            std::fflush(info);
        }
    };
    const int exit_code = run_jobs(request);
    return g_stop_signal.load() != 0 ? 128 : exit_code;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fio: %s\n", e.what());
        return 1;
    }
}
