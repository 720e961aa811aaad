#include "cli/program_options.hpp"

#include "options/value_parsers.hpp"
#include "remote/server_policy.hpp"
#include "profiles/profile.hpp"
#include "run/idle_profiler.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace fio::core {
namespace {

// Every option of stock fio 3.33's own (its getopt table), with the same short letters;
// a few of this build's own (list-plugins, plugin-dir, ...) have none.
constexpr ProgramOption kProgramOptions[] = {
    {"help", 'h', ValueKind::none, "Print this help and exit"},
    {"version", 'v', ValueKind::none, "Print the version and exit"},
    {"output", 'o', ValueKind::required, "Write the report to FILE instead of stdout"},
    {"output-format", 'F', ValueKind::required,
     "normal (alias text), json, json+, terse, jsonl (a JSON line per report), or any "
     "output plugin; comma-separated for several"},
    {"html-output", 0, ValueKind::required,
     "Also write the HTML report (charts of the run, one self-contained page) to FILE"},
    {"minimal", 'm', ValueKind::none, "Terse output: the same as --output-format=terse"},
    {"append-terse", 'f', ValueKind::optional, "Add the terse output to the other formats"},
    {"terse-version", 'V', ValueKind::required, "Version of the terse output; only 3 (the default)"},
    {"bandwidth-log", 'b', ValueKind::none,
     "Write the run's aggregate bandwidth logs agg-read_bw.log / agg-write_bw.log / agg-trim_bw.log"},
    {"eta", 'e', ValueKind::required, "Live progress line: auto (when stderr is a terminal), always, never"},
    {"eta-newline", 'E', ValueKind::required,
     "Start a new progress line every TIME (default unit s) instead of redrawing one"},
    {"eta-interval", 'O', ValueKind::required,
     "Refresh the progress line every TIME (default unit s; at least 250ms; default 1s)"},
    {"status-interval", 'L', ValueKind::required,
     "Print the full report every TIME (default unit s) in every output format; SIGUSR1 "
     "prints it once"},
    {"metrics-listen", 0, ValueKind::required,
     "Serve live metrics (OpenMetrics) at http://ADDR:PORT/metrics while the run goes; "
     "ADDR defaults to 127.0.0.1, PORT 0 picks one (printed on stderr)"},
    {"status-interval-mode", 0, ValueKind::required,
     "What each --status-interval report covers: cumulative (the run so far, the default) "
     "or delta (only the interval since the previous report; a last one covers the tail)"},
    {"section", 'x', ValueKind::required, "Run only the job (section) of this name; repeatable"},
    {"parse-only", 'P', ValueKind::none, "Check the jobs and exit without running them"},
    {"showcmd", 's', ValueKind::none, "Print each job as an equivalent command line and exit"},
    {"readonly", 'r', ValueKind::none, "Refuse any job that would write"},
    {"warnings-fatal", 'w', ValueKind::none, "Make the job parser's warnings errors"},
    {"convert", 0, ValueKind::required, "Print the job files converted to this format (toml) and exit"},
    {"cmdhelp", 'c', ValueKind::optional, "Describe an option, or every option with =all"},
    {"enghelp", 'i', ValueKind::optional, "List engines, or describe ENGINE's options (=ENGINE[,OPTION])"},
    {"outhelp", 0, ValueKind::optional,
     "List output plugins, or describe OUTPUT's options (=OUTPUT[,OPTION])"},
    {"transporthelp", 0, ValueKind::optional,
     "List transports, or describe TRANSPORT's options (=TRANSPORT[,OPTION])"},
    {"inflate-log", 'X', ValueKind::required,
     "Print the text of a log stored compressed (log_store_compressed, FILE.fz) and exit"},
    {"crctest", 'G', ValueKind::optional,
     "Measure the checksums' speed (=TYPE[,TYPE...] for some of them) and exit"},
    {"cpuclock-test", 'T', ValueKind::none, "Check the CPU clock (TSC) against the system clock and exit"},
    {"idle-prof", 'I', ValueKind::required,
     "Report how idle the CPUs stayed: =system, =percpu (each CPU too), or =calibrate (time "
     "the unit of work and exit)"},
    {"alloc-size", 'a', ValueKind::required,
     "Accepted for stock's scripts: it sizes stock's shared memory pool (KiB), which this "
     "build does not have"},
    {"max-jobs", 'j', ValueKind::required,
     "With --server: most jobs (numjobs clones counted) per submission; stock ignores it"},
    {"aux-path", 'K', ValueKind::required,
     "Write generated state files (verify_state_save) in DIR instead of the current directory"},
    {"trigger-file", 'W', ValueKind::required,
     "When FILE appears (it is removed), stop every job and run the --trigger command"},
    {"trigger-timeout", 'B', ValueKind::required,
     "After TIME (default unit s) from the start, stop every job and run the --trigger command"},
    {"trigger", 'H', ValueKind::required, "The command a trigger runs, once the jobs stopped"},
    {"trigger-remote", 'J', ValueKind::required,
     "Not supported here: the command a client run's trigger runs on the servers"},
    {"latency-log", 'l', ValueKind::required, "Deprecated in stock too: use the job's write_lat_log"},
    {"profile", 'p', ValueKind::required,
     "Run a built-in profile's jobs: tiobench or act (--profile=NAME --cmdhelp lists its options)"},
    {"memcpytest", 'M', ValueKind::optional,
     "Measure memory copy speed: =memcpy,memmove,simple,hybrid (default: all) and exit"},
    {"merge-blktrace-only", 'A', ValueKind::none,
     "Write each job's merge_blktrace_file from its read_iolog traces and exit without I/O"},
    {"list-plugins", 0, ValueKind::none, "List every plugin found, with kind, version, ABI and path"},
    {"options-markdown", 0, ValueKind::none, "Print the option table of docs/options.md"},
    {"plugin-dir", 0, ValueKind::required, "Look for plugins in DIR first; repeatable"},
    {"debug", 'd', ValueKind::required,
     "Print what the core does, by area: TYPE[,TYPE...] or all; =? lists the types"},
    {"server", 'S', ValueKind::optional,
     "Run as a server: =tcp:[HOST:]PORT, tcp:[::1]:PORT, unix:PATH, or stock's ip:ADDR,PORT, "
     "ip6:ADDR,PORT, sock:PATH (default tcp port 8765)"},
    {"transport", 0, ValueKind::required, "The server's endpoint, as --server=SPEC takes it"},
    {"daemonize", 'D', ValueKind::optional,
     "With --server: detach and run in the background; =FILE writes the process id to FILE"},
    {"pidfile", 0, ValueKind::required, "With --server: write the server's process id to FILE"},
    {"auth-token-file", 0, ValueKind::required,
     "Client and server: prove the shared secret in FILE (mode 600, 32+ bytes) before any job; "
     "default $FIO_AUTH_TOKEN_FILE"},
    {"allow-insecure", 0, ValueKind::none,
     "With --server: listen beyond loopback without a token or TLS (anyone reaching it can run jobs)"},
    {"client", 'C', ValueKind::required,
     "Run the jobs on the server at HOST[,PORT] (or any --server form, or a FILE of hosts); "
     "repeatable; job files after it are for that host only"},
    {"remote-config", 'R', ValueKind::required, "With --client: run the job file at PATH on the servers"},
    {"server-root", 0, ValueKind::required,
     "With --server: remote jobs' files stay under DIR (default: the working directory)"},
    {"allow-exec", 0, ValueKind::none, "With --server: let remote jobs run commands (exec_prerun, exec engine)"},
    {"allow-plugin-paths", 0, ValueKind::none, "With --server: let remote jobs load plugins by path"},
    {"max-runtime", 0, ValueKind::required, "With --server: longest time a remote job may run"},
    {"max-size", 0, ValueKind::required, "With --server: most bytes the jobs of one submission may address"},
};

std::vector<std::string> split_commas(std::string_view text) {
    std::vector<std::string> parts;
    while (true) {
        const auto comma = text.find(',');
        parts.emplace_back(text.substr(0, comma));
        if (comma == std::string_view::npos) return parts;
        text.remove_prefix(comma + 1);
    }
}

// Stock prints its reports in a fixed order whatever order --output-format names them:
// terse lines, then the JSON document, then the text report. Other output plugins
// follow, in the order given.
void order_formats_as_stock(std::vector<std::string>& formats) {
    const auto rank = [](const std::string& format) {
        if (format == "terse") return 0;
        if (format == "json" || format == "json+") return 1;
        if (format == "normal") return 2;
        return 3;
    };
    std::stable_sort(formats.begin(), formats.end(),
                     [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
}

// Adds one format the way stock does: each format once, and json+ is the json document
// with more in it, so "json,json+" is one json+ document.
void add_output_format(std::vector<std::string>& formats, std::string format) {
    if (format == "text") format = "normal";
    if (format == "minimal" || format == "csv") format = "terse";  // stock's aliases
    if (std::find(formats.begin(), formats.end(), format) != formats.end()) return;
    if (format == "json" && std::find(formats.begin(), formats.end(), "json+") != formats.end()) return;
    if (format == "json+") std::erase(formats, "json");
    formats.push_back(std::move(format));
    order_formats_as_stock(formats);
}

// A time given to a program option: a bare number is in seconds, as stock reads them.
std::uint64_t option_time_ms(std::string_view option, const std::string& text) {
    try {
        return parse_time_ns(text, TimeUnit::s) / 1'000'000;
    } catch (const ValueError& e) {
        throw CommandLineError(fmt::format("--{}: {}", option, e.what()));
    }
}

std::uint64_t whole_number(std::string_view option, const std::string& text, std::string_view what) {
    std::uint64_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        throw CommandLineError(fmt::format("--{}: '{}' is not {}", option, text, what));
    }
    return number;
}

[[noreturn]] void refuse(std::string_view option, std::string_view why) {
    throw CommandLineError(fmt::format("--{} is not supported: {}", option, why));
}

}  // namespace

const ProgramOption* find_program_option(std::string_view name) {
    for (const auto& option : kProgramOptions) {
        if (name == option.name) return &option;
    }
    return nullptr;
}

const ProgramOption* find_program_option_by_letter(char letter) {
    if (letter == 0) return nullptr;
    for (const auto& option : kProgramOptions) {
        if (option.letter == letter) return &option;
    }
    return nullptr;
}

void apply_program_option(CommandLine& cl, const ProgramOption& option,
                          std::optional<std::string_view> value) {
    const std::string_view name = option.name;
    const std::string text(value.value_or(""));
    if (name == "help") {
        cl.show_help = true;
    } else if (name == "version") {
        cl.show_version = true;
    } else if (name == "output") {
        cl.output_file = text;
    } else if (name == "output-format") {
        cl.output_formats.clear();
        for (auto& format : split_commas(text)) {
            if (format.empty()) throw CommandLineError("--output-format: empty format name");
            add_output_format(cl.output_formats, std::move(format));
        }
    } else if (name == "html-output") {
        if (text.empty()) throw CommandLineError("--html-output: empty file name");
        cl.format_files["html"] = text;
    } else if (name == "minimal") {
        cl.output_formats = {"terse"};  // like stock, the last of --minimal/--output-format wins
    } else if (name == "append-terse") {
        add_output_format(cl.output_formats, "terse");
    } else if (name == "terse-version") {
        // Stock knows 2 to 5; the terse output here renders version 3 only.
        if (text == "2" || text == "4" || text == "5") {
            throw CommandLineError(fmt::format(
                "--terse-version: version {} is not supported here, only 3", text));
        }
        if (text != "3") {
            throw CommandLineError(
                fmt::format("--terse-version: '{}' is not a terse version (2, 3, 4 or 5)", text));
        }
    } else if (name == "bandwidth-log") {
        cl.bandwidth_log = true;
    } else if (name == "eta") {
        if (text == "auto") cl.eta = EtaMode::automatic;
        else if (text == "always") cl.eta = EtaMode::always;
        else if (text == "never") cl.eta = EtaMode::never;
        else throw CommandLineError(fmt::format("--eta: '{}' is not auto, always or never", text));
    } else if (name == "eta-newline") {
        cl.eta_newline_ms = option_time_ms(name, text);
        if (cl.eta_newline_ms == 0) throw CommandLineError("--eta-newline: the time is too short (1ms at least)");
    } else if (name == "eta-interval") {
        cl.eta_interval_ms = option_time_ms(name, text);
        if (cl.eta_interval_ms < 250) throw CommandLineError("--eta-interval: the time is too short (250ms at least)");
    } else if (name == "status-interval") {
        cl.status_interval_ms = option_time_ms(name, text);
        if (cl.status_interval_ms == 0) throw CommandLineError("--status-interval: the time is too short (1ms at least)");
    } else if (name == "metrics-listen") {
        if (text.empty()) throw CommandLineError("--metrics-listen: empty address (give ADDR:PORT)");
        cl.metrics_listen = text;
    } else if (name == "status-interval-mode") {
        if (text != "cumulative" && text != "delta") {
            throw CommandLineError(
                fmt::format("--status-interval-mode: '{}' is not cumulative or delta", text));
        }
        cl.status_interval_delta = text == "delta";
    } else if (name == "section") {
        if (text == "global") throw CommandLineError("--section: 'global' cannot be the only section");
        cl.only_sections.push_back(text);
    } else if (name == "parse-only") {
        cl.parse_only = true;
    } else if (name == "showcmd") {
        cl.show_commands = true;
    } else if (name == "readonly") {
        cl.readonly = true;
    } else if (name == "warnings-fatal") {
        cl.warnings_fatal = true;
    } else if (name == "convert") {
        if (text != "toml") throw CommandLineError(fmt::format("--convert: '{}' is not toml", text));
        cl.convert_to = text;
    } else if (name == "cmdhelp") {
        cl.cmdhelp = text;
    } else if (name == "enghelp") {
        cl.enghelp = text;
    } else if (name == "inflate-log") {
        cl.inflate_log = text;
    } else if (name == "crctest") {
        cl.crctest = text;
    } else if (name == "cpuclock-test") {
        cl.cpuclock_test = true;
    } else if (name == "alloc-size") {
        // Stock sizes its shared-memory allocator with it; there is none here.
        whole_number(name, text, "a size in KiB");
    } else if (apply_server_policy_option(cl.server_policy, name, text)) {
        // --max-jobs too: stock fio 3.33 ignores the number (it once sized a shared-memory
        // segment); a server of ours caps each submission's jobs with it.
    } else if (name == "aux-path") {
        if (text.empty()) throw CommandLineError("--aux-path: a directory is required");
        cl.aux_path = text;
    } else if (name == "idle-prof") {
        try {
            cl.idle_prof = parse_idle_prof_mode(text);
        } catch (const std::invalid_argument& e) {
            throw CommandLineError(e.what());
        }
    } else if (name == "trigger-file") {
        if (text.empty()) throw CommandLineError("--trigger-file: a file name is required");
        cl.trigger_file = text;
    } else if (name == "trigger-timeout") {
        cl.trigger_timeout_ms = option_time_ms(name, text);
        if (cl.trigger_timeout_ms == 0) throw CommandLineError("--trigger-timeout: the time is too short (1ms at least)");
    } else if (name == "trigger") {
        cl.trigger_command = text;
    } else if (name == "trigger-remote") {
        refuse(name, "only a client run sends it to the servers, and triggers in client runs "
                     "are not implemented here");
    } else if (name == "latency-log") {
        throw CommandLineError("--latency-log is deprecated: use the job's write_lat_log option");
    } else if (name == "merge-blktrace-only") {
        cl.merge_blktrace_only = true;
    } else if (name == "memcpytest") {
        cl.memcpytest = text;
    } else if (name == "profile") {
        try {
            cl.profile = find_profile(text).name;
        } catch (const ProfileError& e) {
            throw CommandLineError(e.what());
        }
    } else if (name == "list-plugins") {
        cl.list_plugins = true;
    } else if (name == "options-markdown") {
        cl.options_markdown = true;
    } else if (name == "plugin-dir") {
        cl.plugin_dirs.emplace_back(text);
    } else if (name == "debug") {
        if (text == "?" || text == "help") {
            cl.list_debug_types = true;
        } else {
            try {
                cl.debug_types |= parse_debug_types(text);
            } catch (const DebugSpecError& e) {
                throw CommandLineError(e.what());
            }
        }
    } else if (name == "server") {
        cl.server = text;
    } else if (name == "transport") {
        cl.transport = text;
    } else if (name == "daemonize") {
        cl.daemonize = true;
        if (!text.empty()) cl.pidfile = text;  // stock's --daemonize=PIDFILE
    } else if (name == "pidfile") {
        cl.pidfile = text;
    } else if (name == "auth-token-file") {
        if (text.empty()) throw CommandLineError("--auth-token-file: a file name is required");
        cl.auth_token_file = text;
    } else if (name == "allow-insecure") {
        cl.allow_insecure = true;
    } else if (name == "client") {
        if (text.empty()) throw CommandLineError("--client: a host is required");
        cl.clients.push_back({text, {}});
    } else if (name == "remote-config") {
        cl.remote_config = text;
    } else if (name == "outhelp") {
        cl.outhelp = text;
    } else if (name == "transporthelp") {
        cl.transporthelp = text;
    }
}

std::string program_options_help() {
    std::string text;
    for (const auto& option : kProgramOptions) {
        const char* suffix = option.value == ValueKind::required   ? "=VALUE"
                             : option.value == ValueKind::optional ? "[=VALUE]"
                                                                   : "";
        const std::string letter = option.letter ? fmt::format("-{}, ", option.letter) : "    ";
        text += fmt::format("  {}{:<24} {}\n", letter, fmt::format("--{}{}", option.name, suffix),
                            option.help);
    }
    return text;
}

}  // namespace fio::core
