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
    explicit JsonSink(const sdk::OutputSetup& setup) : out_(*setup.stream) {}

    void run_started(const sdk::RunInfo& info) override {
        fio_version_ = info.fio_version;
        global_options_ = info.global_options;
    }

    void run_finished(const sdk::RunSummary& summary) override {
        RunDocument run;
        run.fio_version =
            fio_version_.empty() ? fmt::format("fio-{}", sdk::kFioVersion) : fio_version_;
        run.end_epoch_ms = summary.end_epoch_ms;
        run.global_options = global_options_;
        for (const auto& job : jobs_) {
            run.jobs.push_back(job_json(job, group_of(job)));
        }
        for (const auto& disk : disks_) run.disks.push_back(disk_util_json(disk));
        out_.write(fio_json_text(run_json(run)));
        out_.write("\n");
        out_.flush();
        clear_results();
    }

private:
    sdk::OutputStream& out_;
    std::string fio_version_;
    OptionList global_options_;
};

}  // namespace

std::unique_ptr<sdk::OutputSink> make_json_sink(const sdk::OutputSetup& setup) {
    if (setup.stream == nullptr)
        throw std::invalid_argument("the json output needs a stream to write to");
    return std::make_unique<JsonSink>(setup);
}

}  // namespace fio::outputs::json
