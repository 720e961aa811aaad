#include "outputs/output_set.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace fio::core {

FileOutputStream::~FileOutputStream() {
    std::fflush(file_);
    if (owned_) std::fclose(file_);
}

void FileOutputStream::write(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), file_);
}

void FileOutputStream::flush() { std::fflush(file_); }

namespace {

// Opens `path` for a report; `option` names where it came from in the error.
std::unique_ptr<FileOutputStream> open_report_file(const std::string& option,
                                                   const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "w");
    if (file == nullptr) {
        throw OutputSetupError(
            fmt::format("--{}={}: cannot open: {}", option, path, std::strerror(errno)));
    }
    return std::make_unique<FileOutputStream>(file, true);
}

}  // namespace

OutputSet::OutputSet(PluginRegistry& registry, const std::vector<std::string>& formats,
                     const std::string& output_file,
                     const std::map<std::string, std::string>& format_files) {
    // Load every sink before touching the output file: a typo in a format name must
    // not truncate the user's previous report.
    std::vector<std::shared_ptr<LoadedPlugin>> plugins;
    for (const auto& format : formats) {
        try {
            plugins.push_back(registry.find(sdk::PluginKind::output, format));
        } catch (const PluginError& e) {
            throw OutputSetupError(fmt::format("--output-format={}: {}", format, e.what()));
        }
    }
    if (output_file.empty()) {
        stream_ = std::make_unique<FileOutputStream>(stdout, false);
    } else {
        stream_ = open_report_file("output", output_file);
    }
    for (auto& plugin : plugins) {
        sdk::OutputSetup setup;
        setup.stream = stream_.get();
        const auto own = format_files.find(plugin->descriptor().name);
        if (own != format_files.end()) {
            own_streams_.push_back(open_report_file(own->first + "-output", own->second));
            setup.stream = own_streams_.back().get();
        }
        char reason[256] = {};
        std::unique_ptr<sdk::OutputSink> sink(
            plugin->descriptor().create_output(setup, reason, sizeof reason));
        if (!sink) {
            throw OutputSetupError(fmt::format("--output-format={}: could not start: {}",
                                               plugin->descriptor().name,
                                               reason[0] ? reason : "no reason given"));
        }
        sinks_.push_back({plugin, std::move(sink)});
    }
}

OutputSet::~OutputSet() {
    sinks_.clear();  // sinks first, while their plugins are still loaded
}

void OutputSet::run_started(const sdk::RunInfo& info) {
    for (auto& s : sinks_) s.sink->run_started(info);
    stream_->flush();
}
void OutputSet::status(const sdk::StatusUpdate& update) {
    for (auto& s : sinks_) s.sink->status(update);
}
void OutputSet::log_line(sdk::LogLevel level, std::string_view text) {
    for (auto& s : sinks_) s.sink->log_line(level, text);
    stream_->flush();
}
void OutputSet::job_finished(const sdk::JobResult& job) {
    for (auto& s : sinks_) s.sink->job_finished(job);
}
void OutputSet::group_finished(const sdk::GroupResult& group) {
    for (auto& s : sinks_) s.sink->group_finished(group);
}
void OutputSet::disk_util(const sdk::DiskUtil& disk) {
    for (auto& s : sinks_) s.sink->disk_util(disk);
}
void OutputSet::run_finished(const sdk::RunSummary& summary) {
    for (auto& s : sinks_) s.sink->run_finished(summary);
    stream_->flush();
    for (auto& own : own_streams_) own->flush();
}

}  // namespace fio::core
