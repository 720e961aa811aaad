// The output sink interface: a sink receives a run as a sequence of events and renders
// it (fio's text report, JSON, terse, a network stream...). Events arrive on one thread,
// in this order: run_started, then any number of status/log_line, then job_finished for
// every job and group_finished for every group (after all jobs ended), disk_util for
// each device, and run_finished last. Several sinks may be active at once.
#pragma once

#include <cstdint>
#include <string_view>

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

}  // namespace fio::sdk
