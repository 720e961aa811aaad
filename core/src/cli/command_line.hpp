// fio's command line: options for fio itself (--output, --eta, --list-plugins...; their
// table is program_options.hpp) and job options. `--name=X` starts a job; job options
// before the first --name are global and apply to every job. As with stock's
// getopt_long_only, one dash works as well as two (-bs=4k), and stock's short letters
// (-v, -o FILE) work too.
#pragma once

#include "debug/debug_log.hpp"
#include "jobs/job_spec.hpp"
#include "jobs/raw_job.hpp"
#include "remote/server_policy.hpp"
#include "run/idle_profiler.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fio::core {

enum class EtaMode { automatic, always, never };

// One --client=SPEC and the job files that followed it on the command line.
struct ClientArgument {
    std::string spec;
    std::vector<std::string> job_files;
};

struct CommandLine {
    bool show_help = false;
    bool show_version = false;
    bool list_plugins = false;
    bool options_markdown = false; // print docs/options.md
    bool parse_only = false;       // check the jobs, run nothing
    bool merge_blktrace_only = false;  // write the jobs' merge_blktrace_files, run nothing
    bool show_commands = false;    // --showcmd: print each job as a command line
    bool readonly = false;
    DebugMask debug_types = 0;     // --debug=TYPE,...
    bool list_debug_types = false; // --debug=? or --debug=help
    std::optional<std::string> cmdhelp;  // --cmdhelp[=OPTION|all]; "" lists every option
    std::optional<std::string> enghelp;  // --enghelp[=ENGINE[,OPTION]]
    std::optional<std::string> outhelp;  // --outhelp[=OUTPUT[,OPTION]]
    std::optional<std::string> transporthelp;  // --transporthelp[=TRANSPORT[,OPTION]]
    std::optional<std::string> inflate_log;  // --inflate-log=FILE: print its text
    std::string convert_to;        // --convert=toml: print the job files in that format
    std::vector<std::string> only_sections;
    std::vector<std::filesystem::path> plugin_dirs;
    std::vector<std::string> output_formats{"normal"};
    std::string output_file;       // empty: stdout
    // A format that writes to a file of its own (--html-output=FILE): format -> file.
    // The format is added to output_formats once the command line is read.
    std::map<std::string, std::string> format_files;
    EtaMode eta = EtaMode::automatic;
    std::uint64_t eta_newline_ms = 0;      // --eta-newline: a fresh progress line this often
    std::uint64_t eta_interval_ms = 1000;  // --eta-interval: progress refresh period
    std::uint64_t status_interval_ms = 0;  // --status-interval: full report this often (0: never)
    std::string metrics_listen;            // --metrics-listen=ADDR:PORT: live metrics endpoint; "" none
    bool status_interval_delta = false;    // --status-interval-mode=delta: each report its interval's own
    bool bandwidth_log = false;            // --bandwidth-log: agg-*_bw.log files
    bool warnings_fatal = false;           // --warnings-fatal
    std::string aux_path;                  // --aux-path: where generated state files go
    std::optional<std::string> crctest;    // --crctest[=TYPE,...]; "" tests every checksum
    std::optional<std::string> memcpytest; // --memcpytest[=TYPE,...]; "" tests every copy
    bool cpuclock_test = false;            // --cpuclock-test
    std::optional<std::string> profile;    // --profile=NAME: a built-in profile's jobs (profiles/)
    IdleProfMode idle_prof = IdleProfMode::none;  // --idle-prof
    std::string trigger_file;              // --trigger-file: stop and trigger when it appears
    std::uint64_t trigger_timeout_ms = 0;  // --trigger-timeout: ... or after this time
    std::string trigger_command;           // --trigger: the command the trigger runs
    std::vector<std::string> job_files;  // given before any --client
    // Client/server: --server[=SPEC] runs a server; --client=SPEC (repeatable) runs the
    // jobs on servers.
    std::optional<std::string> server;
    std::string transport;         // --transport SPEC: the server's endpoint
    bool daemonize = false;
    std::string pidfile;
    std::vector<ClientArgument> clients;
    std::string remote_config;     // --remote-config=PATH: a job file on the servers
    std::string auth_token_file;   // --auth-token-file=FILE: the shared secret (or $FIO_AUTH_TOKEN_FILE)
    bool allow_insecure = false;   // --allow-insecure: a server without token or TLS beyond loopback
    // Options of the output and transport plugins (--tls-cert=FILE ...), taken out of
    // `sections` by claim_run_wide_options (cli/run_wide_options.hpp).
    std::vector<LocatedOption> output_options;
    std::vector<LocatedOption> transport_options;
    std::vector<std::string> job_arguments;  // the job options as given, "--rw=read" ...
    ServerPolicyOptions server_policy;  // --server-root, --allow-exec, --max-runtime ...
    // Job options given on the command line: the options before the first --name as a
    // "global" section, then one section per --name (--name=global makes a global one).
    std::vector<RawSection> sections;
};

class CommandLineError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws CommandLineError. Job options are only collected here; their values are
// checked when the jobs are built. Options of output and transport plugins are among
// them until claim_run_wide_options takes them out.
CommandLine parse_command_line(int argc, const char* const* argv);

// Throws CommandLineError when job options were given without any job to take them
// (call it once the plugins' run-wide options are taken out).
void require_job_for_options(const CommandLine& cl);

// The usage text of `fio --help`; `plugin_options` lists the options of the output
// and transport plugins found (render_run_wide_options_help).
std::string usage_text(std::string_view plugin_options = {});

}  // namespace fio::core
