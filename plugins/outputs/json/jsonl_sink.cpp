#include "jsonl_sink.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include <fio/sdk/version.hpp>

#include "json_report.hpp"

namespace fio::outputs::json {

namespace {

const char* line_type(sdk::ReportKind kind) {
    return kind == sdk::ReportKind::final_report ? "final" : "interval";
}

const char* line_mode(sdk::ReportKind kind) {
    return kind == sdk::ReportKind::interim_delta ? "delta" : "cumulative";
}

class JsonlSink final : public sdk::CollectingSink {
public:
    explicit JsonlSink(const sdk::OutputSetup& setup) : out_(*setup.stream) {}

    void run_started(const sdk::RunInfo& info) override {
        fio_version_ = info.fio_version;
        global_options_ = info.global_options;
        start_epoch_ms_ = info.start_epoch_ms;
    }

    void run_finished(const sdk::RunSummary& summary) override {
        RunDocument run;
        run.fio_version =
            fio_version_.empty() ? fmt::format("fio-{}", sdk::kFioVersion) : fio_version_;
        run.end_epoch_ms = summary.end_epoch_ms;
        run.global_options = global_options_;
        for (const auto& job : jobs_) run.jobs.push_back(job_json(job, group_of(job)));
        for (const auto& disk : disks_) run.disks.push_back(disk_util_json(disk));
        if (summary.idleness.measured) run.idleness = idleness_json(summary.idleness);

        Json line;
        line["type"] = line_type(summary.kind);
        line["mode"] = line_mode(summary.kind);
        line["seq"] = ++reports_;
        line["elapsed_ms"] = start_epoch_ms_ && summary.end_epoch_ms > start_epoch_ms_
                                 ? summary.end_epoch_ms - start_epoch_ms_
                                 : 0;
        line.update(run_json(run));  // the document's members follow, in their order
        // One line: nlohmann escapes every control character (a newline in a job's
        // description too) and prints a non-finite number as null.
        out_.write(line.dump(-1, ' ', false, Json::error_handler_t::replace));
        out_.write("\n");
        out_.flush();
        clear_results();
    }

private:
    sdk::OutputStream& out_;
    std::string fio_version_;
    OptionList global_options_;
    std::int64_t start_epoch_ms_ = 0;
    std::uint64_t reports_ = 0;
};

}  // namespace

std::unique_ptr<sdk::OutputSink> make_jsonl_sink(const sdk::OutputSetup& setup) {
    if (setup.stream == nullptr) {
        throw std::invalid_argument("the jsonl output needs a stream to write to");
    }
    return std::make_unique<JsonlSink>(setup);
}

}  // namespace fio::outputs::json
