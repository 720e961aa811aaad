// The output sinks of a run (--output-format=a,b), each created from its plugin, and
// the stream they write to (stdout or --output=FILE). Every event goes to every sink.
#pragma once

#include "jobs/job_spec.hpp"
#include "options/plugin_option_values.hpp"
#include "plugins/plugin_registry.hpp"

#include <fio/sdk/output.hpp>

#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace fio::core {

class OutputSetupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Writes to a stdio stream (stdout or a file this object opened).
class FileOutputStream final : public sdk::OutputStream {
public:
    explicit FileOutputStream(std::FILE* file, bool owned) : file_(file), owned_(owned) {}
    ~FileOutputStream() override;
    void write(std::string_view text) override;
    void flush() override;

private:
    std::FILE* file_;
    bool owned_;
};

// What OutputSet checks of the formats and their options, without writing anything
// (--parse-only). Throws OutputSetupError.
void check_output_options(PluginRegistry& registry, const std::vector<std::string>& formats,
                          const std::vector<LocatedOption>& options);

class OutputSet {
public:
    // Loads the named output plugins and parses `options` (the output plugins' own,
    // see cli/run_wide_options.hpp) against each one's table. Throws OutputSetupError
    // (unknown format, refused plugin, bad option value, an option of a plugin that
    // `formats` does not name, unwritable file) before anything is written. A format
    // named in `format_files` (--html-output=FILE) writes to that file of its own; the
    // others share stdout or --output=FILE.
    OutputSet(PluginRegistry& registry, const std::vector<std::string>& formats,
              const std::string& output_file, const std::vector<LocatedOption>& options = {},
              const std::map<std::string, std::string>& format_files = {});
    ~OutputSet();

    void run_started(const sdk::RunInfo& info);
    void status(const sdk::StatusUpdate& update);
    void log_line(sdk::LogLevel level, std::string_view text);
    void job_finished(const sdk::JobResult& job);
    void group_finished(const sdk::GroupResult& group);
    void disk_util(const sdk::DiskUtil& disk);
    void run_finished(const sdk::RunSummary& summary);

private:
    struct Sink {
        std::shared_ptr<LoadedPlugin> plugin;  // declared first: outlives the sink
        std::unique_ptr<PluginOptionValues> options;  // outlive the sink too
        std::unique_ptr<sdk::OutputSink> sink;
    };
    std::unique_ptr<FileOutputStream> stream_;
    std::vector<std::unique_ptr<FileOutputStream>> own_streams_;  // of format_files
    std::vector<Sink> sinks_;
};

}  // namespace fio::core
