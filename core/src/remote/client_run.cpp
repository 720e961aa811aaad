#include "remote/client_run.hpp"

#include "remote/all_clients.hpp"
#include "remote/client_metrics.hpp"
#include "remote/host_run.hpp"
#include "plugins/transport_factory.hpp"
#include "util/bounded_file.hpp"

#include <fio/sdk/version.hpp>

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace fio::core {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kStatusEvery = std::chrono::seconds(1);

std::int64_t epoch_ms_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string read_job_file(const std::string& path) {
    try {
        return read_bounded_file(path);
    } catch (const InputFileError& e) {
        throw std::runtime_error(fmt::format("{}: cannot read the job file: {}", path, e.what()));
    }
}

// How reports name a host: the endpoint as the user would write it, without the
// transport ("10.0.0.1:8765", "[::1]:8765", "/run/fio.sock").
std::string label_of(const Endpoint& endpoint) {
    const std::string text = endpoint.text();
    const std::string prefix = endpoint.transport + ":";
    return text.starts_with(prefix) ? text.substr(prefix.size()) : text;
}

std::vector<std::unique_ptr<HostRun>> plan_hosts(const ClientRequest& request) {
    // Job files given after every --client go to every host; others to their host.
    std::map<std::string, std::string> texts;
    const auto text_of = [&](const std::string& path) -> const std::string& {
        auto [it, fresh] = texts.try_emplace(path);
        if (fresh) it->second = read_job_file(path);
        return it->second;
    };
    std::vector<std::unique_ptr<HostRun>> hosts;
    for (const ClientTarget& target : request.targets) {
        auto host = std::make_unique<HostRun>();
        host->endpoint = target.endpoint;
        host->label = label_of(target.endpoint);
        const auto& files = target.job_files.empty() ? request.job_files : target.job_files;
        for (const auto& path : files) {
            host->submission.job_file_names.push_back(path);
            host->submission.job_file_texts.push_back(text_of(path));
        }
        host->submission.arguments = request.job_arguments;
        host->submission.remote_config = request.remote_config;
        host->auth = request.auth;
        if (files.empty() && request.job_arguments.empty() && request.remote_config.empty()) {
            throw std::runtime_error(fmt::format("--client={}: no job for this host", host->label));
        }
        hosts.push_back(std::move(host));
    }
    return hosts;
}

// Feeds the local outputs: every host's block in the order the hosts were given,
// then All clients.
void report(const std::vector<std::unique_ptr<HostRun>>& hosts, OutputSet& outputs,
            std::int64_t start_epoch_ms, int exit_code) {
    sdk::RunInfo info;
    info.fio_version = std::string("fio-") + sdk::kFioVersion;
    info.start_epoch_ms = start_epoch_ms;
    info.client_run = true;
    std::vector<HostResults> reported;
    for (const auto& host : hosts) {
        if (!host->info) continue;
        if (info.global_options.empty()) info.global_options = host->info->global_options;
        for (auto job : host->info->jobs) {
            job.client_host = host->label;
            info.jobs.push_back(std::move(job));
        }
        info.total_threads += host->info->total_threads;
    }
    outputs.run_started(info);
    for (const auto& host : hosts) {
        if (!host->info) continue;
        const auto& p = host->probe;
        outputs.log_line(sdk::LogLevel::info,
                         fmt::format("<{}> hostname={}, fio={}, os={}, arch={}, cpus={}, protocol={}.{}",
                                     host->label, p.hostname, p.fio_version, p.os, p.arch, p.cpus,
                                     p.proto_major, p.proto_minor));
        for (const auto& line : host->lines) {
            if (line.level != sdk::LogLevel::error) outputs.log_line(line.level, fmt::format("<{}> {}", host->label, line.text));
        }
    }
    for (const auto& host : hosts) {
        for (auto& job : host->jobs) job.client_host = host->label;
        for (auto& group : host->groups) group.client_host = host->label;
        for (const auto& job : host->jobs) outputs.job_finished(job);
        for (const auto& group : host->groups) outputs.group_finished(group);
        if (!host->jobs.empty()) reported.push_back({&host->jobs, &host->groups});
    }
    if (reported.size() >= 2) {
        const AllClients all = merge_all_clients(reported);
        for (const auto& job : all.jobs) outputs.job_finished(job);
        for (const auto& group : all.groups) outputs.group_finished(group);
    }
    for (const auto& host : hosts) {
        for (const auto& disk : host->disks) outputs.disk_util(disk);
    }
    sdk::RunSummary summary;
    summary.exit_code = exit_code;
    summary.end_epoch_ms = epoch_ms_now();
    outputs.run_finished(summary);
}

}  // namespace

int run_client(const ClientRequest& request) {
    std::vector<std::unique_ptr<HostRun>> hosts = plan_hosts(request);
    // Transports come from plugins; make them here, not in the host threads.
    std::vector<std::shared_ptr<sdk::Transport>> transports;
    std::vector<std::vector<LocatedOption>> unclaimed(hosts.size());
    std::vector<std::string> transport_names;
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        const std::string& name = hosts[i]->endpoint.transport;
        try {
            transports.push_back(create_transport(*request.registry, name, request.transport_options, unclaimed[i]));
        } catch (const PluginError& e) {
            throw std::runtime_error(fmt::format("--client={}: {}", hosts[i]->label, e.what()));
        }
        transport_names.push_back(name);
    }
    if (auto error = unclaimed_transport_option(request.transport_options, unclaimed, transport_names); !error.empty()) {
        throw std::runtime_error(error);
    }
    const std::int64_t start_epoch_ms = epoch_ms_now();
    std::vector<std::thread> threads;
    threads.reserve(hosts.size());
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        threads.emplace_back([&, i] { drive_host(*hosts[i], *transports[i], *request.stop); });
    }
    const auto started = Clock::now();
    const auto elapsed_ms = [&] {
        return static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count());
    };
    auto next_status = started + kStatusEvery;
    while (true) {
        bool all_done = true;
        for (const auto& host : hosts) all_done = all_done && host->finished.load();
        if (all_done) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (Clock::now() < next_status) continue;
        next_status += kStatusEvery;
        std::vector<sdk::StatusUpdate> updates;
        for (const auto& host : hosts) {
            if (auto update = host->latest_status(); update && !host->finished.load()) updates.push_back(*update);
        }
        const sdk::StatusUpdate total = updates.empty() ? sdk::StatusUpdate{} : sum_status(updates);
        if (request.metrics) request.metrics->publish(client_metrics(hosts, total, elapsed_ms()));
        if (updates.empty()) continue;
        request.outputs->status(total);
        if (request.progress) request.progress->update(total);
    }
    for (auto& thread : threads) thread.join();
    if (request.metrics) request.metrics->publish(client_metrics(hosts, {}, elapsed_ms()));  // every host's results
    if (request.progress) request.progress->finish();

    int exit_code = 0;
    for (const auto& host : hosts) {
        if (host->failure.empty()) continue;
        exit_code = 1;
        print_host_diagnostic(host->label, host->failure);
    }
    report(hosts, *request.outputs, start_epoch_ms, exit_code);
    return exit_code;
}

}  // namespace fio::core
