#include "run_banner.hpp"

#include <string_view>

#include <fmt/format.h>

#include <fio/sdk/format.hpp>
#include <fio/sdk/version.hpp>

#include "client_hosts.hpp"

namespace fio::outputs::normal {

std::string job_definition_line(const sdk::JobDescription& job, std::uint32_t kb_base) {
    const bool binary = sdk::is_binary_base(kb_base);
    const auto range = [&](std::size_t d) {
        return fmt::format("{}-{}", sdk::size_string(job.bs_min[d], binary),
                           sdk::size_string(job.bs_max[d], binary));
    };
    std::string out =
        fmt::format("{}: (g={}): rw={}, bs=(R) {}, (W) {}, (T) {}, ioengine={}, iodepth={}\n",
                    job.name, job.groupid, job.rw, range(0), range(1), range(2), job.ioengine,
                    job.iodepth);
    if (job.clones > 1) out += "...\n";
    return out;
}

namespace {

// Every line of `text` with `prefix` in front.
std::string prefix_lines(std::string_view prefix, std::string_view text) {
    std::string out;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::size_t length = end == std::string_view::npos ? text.size() : end + 1;
        out += prefix;
        out += text.substr(0, length);
        text.remove_prefix(length);
    }
    return out;
}

// A client run: what each server would print before its jobs start, its lines marked
// with the host as stock's client relays them ("<HOST> a: (g=0): ...", "<HOST> Starting
// 2 processes"), one host after the other. The servers' version line is left out, as
// stock's client does.
std::string client_run_banner(const sdk::RunInfo& run, std::uint32_t kb_base) {
    std::string out;
    for (const std::string& host : hosts_in_order(run.jobs)) {
        std::string lines;
        std::uint32_t processes = 0;
        for (const auto& job : run.jobs) {
            if (job.client_host != host) continue;
            lines += job_definition_line(job, kb_base);
            processes += job.clones;
        }
        lines += fmt::format("Starting {} process{}\n", processes, processes == 1 ? "" : "es");
        out += prefix_lines(host_prefix(host), lines);
    }
    return out;
}

}  // namespace

std::string run_banner(const sdk::RunInfo& run, std::uint32_t kb_base) {
    if (run.client_run) return client_run_banner(run, kb_base);
    std::string out;
    for (const auto& job : run.jobs) out += job_definition_line(job, kb_base);
    out += run.fio_version.empty() ? fmt::format("fio-{}", sdk::kFioVersion) : run.fio_version;
    // Stock counts the clones of thread= jobs as threads, the others as processes (here
    // every job is a thread; the line says what stock's would).
    std::uint32_t threads = 0;
    std::uint32_t processes = 0;
    for (const auto& job : run.jobs) (job.as_threads ? threads : processes) += job.clones;
    if (threads + processes != run.total_threads) {  // a producer that only counts threads
        threads = run.total_threads;
        processes = 0;
    }
    out += "\nStarting ";
    if (threads) out += fmt::format("{} thread{}", threads, threads == 1 ? "" : "s");
    if (threads && processes) out += " and ";
    if (processes) out += fmt::format("{} process{}", processes, processes == 1 ? "" : "es");
    out += '\n';
    return out;
}

}  // namespace fio::outputs::normal
