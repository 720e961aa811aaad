#include "outputs/output_set.hpp"

#include "options/core_options.hpp"
#include "plugins/factory_call.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include <cerrno>
#include <cstring>

namespace fio::core {
namespace {

// Each sink's options parsed against its plugin's table; an option no chosen sink
// declares belongs to an output plugin the run does not use, and is refused rather
// than silently doing nothing.
std::vector<std::unique_ptr<PluginOptionValues>> parse_sink_options(
    const std::vector<std::shared_ptr<LoadedPlugin>>& plugins,
    const std::vector<LocatedOption>& options, const std::vector<std::string>& formats) {
    std::vector<std::unique_ptr<PluginOptionValues>> values;
    std::vector<LocatedOption> taken;
    for (const auto& plugin : plugins) {
        const auto& d = plugin->descriptor();
        std::vector<LocatedOption> unclaimed;
        try {
            values.push_back(std::make_unique<PluginOptionValues>(
                std::span(d.options, d.option_count), options, 1024, unclaimed));
        } catch (const OptionError& e) {
            throw OutputSetupError(e.what());
        }
        for (const auto& option : options) {
            if (std::find(unclaimed.begin(), unclaimed.end(), option) == unclaimed.end()) {
                taken.push_back(option);
            }
        }
    }
    for (const auto& option : options) {
        if (std::find(taken.begin(), taken.end(), option) == taken.end()) {
            throw OutputSetupError(fmt::format(
                "{}: option '{}' is for an output plugin that --output-format does not name "
                "(it names {})",
                option.where.describe(), option.name, fmt::join(formats, ",")));
        }
    }
    return values;
}

std::vector<std::shared_ptr<LoadedPlugin>> load_output_plugins(PluginRegistry& registry,
                                                               const std::vector<std::string>& formats) {
    std::vector<std::shared_ptr<LoadedPlugin>> plugins;
    for (const auto& format : formats) {
        try {
            plugins.push_back(registry.find(sdk::PluginKind::output, format));
        } catch (const PluginError& e) {
            throw OutputSetupError(fmt::format("--output-format={}: {}", format, e.what()));
        }
    }
    return plugins;
}

}  // namespace

void check_output_options(PluginRegistry& registry, const std::vector<std::string>& formats,
                          const std::vector<LocatedOption>& options) {
    parse_sink_options(load_output_plugins(registry, formats), options, formats);
}

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
                     const std::string& output_file, const std::vector<LocatedOption>& options,
                     const std::map<std::string, std::string>& format_files) {
    // Load every sink before touching the output file: a typo in a format name must
    // not truncate the user's previous report.
    const auto plugins = load_output_plugins(registry, formats);
    auto sink_options = parse_sink_options(plugins, options, formats);
    if (output_file.empty()) {
        stream_ = std::make_unique<FileOutputStream>(stdout, false);
    } else {
        stream_ = open_report_file("output", output_file);
    }
    for (std::size_t i = 0; i < plugins.size(); ++i) {
        const auto& plugin = plugins[i];
        sdk::OutputSetup setup;
        setup.stream = stream_.get();
        setup.options = sink_options[i].get();
        const auto own = format_files.find(plugin->descriptor().name);
        if (own != format_files.end()) {
            own_streams_.push_back(open_report_file(own->first + "-output", own->second));
            setup.stream = own_streams_.back().get();
        }
        char reason[256] = {};
        std::unique_ptr<sdk::OutputSink> sink(
            call_plugin_factory(plugin->descriptor().create_output, setup, reason, sizeof reason));
        if (!sink) {
            throw OutputSetupError(fmt::format("--output-format={}: could not start: {}",
                                               plugin->descriptor().name,
                                               reason[0] ? reason : "no reason given"));
        }
        sinks_.push_back({plugin, std::move(sink_options[i]), std::move(sink)});
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
