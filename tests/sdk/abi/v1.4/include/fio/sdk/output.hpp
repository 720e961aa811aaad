// The output sink interface: a sink receives a run as a sequence of events and renders
// it (fio's text report, JSON, terse, a network stream...). Events arrive on one thread,
// in this order: run_started, then any number of status/log_line, then job_finished for
// every job and group_finished for every group (after all jobs ended), disk_util for
// each device, and run_finished last. Several sinks may be active at once.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "fio/sdk/options.hpp"
#include "fio/sdk/result.hpp"

namespace fio::sdk {

// Where a sink writes. The core hands each sink one (stdout or --output=FILE).
class OutputStream {
public:
    virtual ~OutputStream() = default;
    virtual void write(std::string_view text) = 0;
    virtual void flush() = 0;
};

enum class LogLevel : std::uint8_t { info, warning, error };

struct OutputSetup {
    OutputStream* stream = nullptr;
    const OptionValues* options = nullptr;  // the sink's own options, parsed
    std::uint32_t kb_base = 1024;
};

class OutputSink {
public:
    virtual ~OutputSink() = default;
    virtual void run_started(const RunInfo& /*info*/) {}
    virtual void status(const StatusUpdate& /*update*/) {}
    virtual void log_line(LogLevel /*level*/, std::string_view /*text*/) {}
    virtual void job_finished(const JobResult& /*job*/) {}
    virtual void group_finished(const GroupResult& /*group*/) {}
    virtual void disk_util(const DiskUtil& /*disk*/) {}
    virtual void run_finished(const RunSummary& /*summary*/) {}
};

// A sink that renders its report when the run finishes, as fio's normal, json and terse
// reports do: a job's block needs its group's totals, which come after all the jobs,
// and the disks come last. It keeps the jobs, groups and disks as they arrive; the
// derived sink's run_finished renders them, then calls clear_results(). Header-only,
// so it changes nothing in the ABI between a plugin and the host.
class CollectingSink : public OutputSink {
public:
    void job_finished(const JobResult& job) override { jobs_.push_back(job); }
    void group_finished(const GroupResult& group) override { groups_.push_back(group); }
    void disk_util(const DiskUtil& disk) override { disks_.push_back(disk); }

protected:
    // The job's reporting group, or nullptr when it was not reported. In a client run
    // every host has its own group N, and "All clients" its own: the group must come
    // from the same host (client_host) and be an aggregate when the job is one.
    const GroupResult* group_of(const JobResult& job) const noexcept {
        for (const auto& group : groups_) {
            if (group.groupid == job.groupid && group.client_host == job.client_host &&
                group.all_clients == job.all_clients)
                return &group;
        }
        return nullptr;
    }
    void clear_results() {
        jobs_.clear();
        groups_.clear();
        disks_.clear();
    }

    std::vector<JobResult> jobs_;
    std::vector<GroupResult> groups_;
    std::vector<DiskUtil> disks_;
};

}  // namespace fio::sdk
