#include "json_sink.hpp"

#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include <fio/sdk/version.hpp>

#include "json_report.hpp"

namespace fio::outputs::json {

namespace {

class JsonSink final : public sdk::CollectingSink {
public:
    JsonSink(const sdk::OutputSetup& setup, JsonFlavor flavor)
        : out_(*setup.stream), flavor_(flavor) {}

    void run_started(const sdk::RunInfo& info) override {
        fio_version_ = info.fio_version;
        global_options_ = info.global_options;
        client_run_ = info.client_run;
    }

    void run_finished(const sdk::RunSummary& summary) override {
        RunDocument run;
        run.fio_version =
            fio_version_.empty() ? fmt::format("fio-{}", sdk::kFioVersion) : fio_version_;
        run.end_epoch_ms = summary.end_epoch_ms;
        run.global_options = global_options_;
        run.client_run = client_run_;
        for (const auto& job : jobs_) {
            run.jobs.push_back(job_json(job, group_of(job), flavor_));
        }
        for (const auto& disk : disks_) run.disks.push_back(disk_util_json(disk));
        if (summary.idleness.measured) run.idleness = idleness_json(summary.idleness);
        out_.write(fio_json_text(run_json(run)));
        out_.write("\n");
        out_.flush();
        clear_results();
    }

private:
    sdk::OutputStream& out_;
    JsonFlavor flavor_;
    std::string fio_version_;
    OptionList global_options_;
    bool client_run_ = false;
};

}  // namespace

namespace {

std::unique_ptr<sdk::OutputSink> make_sink(const sdk::OutputSetup& setup, JsonFlavor flavor) {
    if (setup.stream == nullptr) {
        throw std::invalid_argument(fmt::format("the {} output needs a stream to write to",
                                                flavor == JsonFlavor::json ? "json" : "json+"));
    }
    return std::make_unique<JsonSink>(setup, flavor);
}

}  // namespace

std::unique_ptr<sdk::OutputSink> make_json_sink(const sdk::OutputSetup& setup) {
    return make_sink(setup, JsonFlavor::json);
}

std::unique_ptr<sdk::OutputSink> make_json_plus_sink(const sdk::OutputSetup& setup) {
    return make_sink(setup, JsonFlavor::json_plus);
}

}  // namespace fio::outputs::json
