#include "terse_sink.hpp"

#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include <fio/sdk/version.hpp>

#include "terse_line.hpp"

namespace fio::outputs::terse {

namespace {

// No log_line: like stock's, the report holds nothing but the terse lines.
class TerseSink final : public sdk::CollectingSink {
public:
    explicit TerseSink(const sdk::OutputSetup& setup) : out_(*setup.stream) {}

    void run_started(const sdk::RunInfo& info) override { fio_version_ = info.fio_version; }

    void run_finished(const sdk::RunSummary& /*summary*/) override {
        // The same "fio-3.33" as the JSON document's "fio version".
        const std::string version =
            fio_version_.empty() ? fmt::format("fio-{}", sdk::kFioVersion) : fio_version_;
        std::string report;
        for (const auto& job : jobs_) {
            // A client run's "All clients" aggregates have no terse line, as in stock.
            if (!job.all_clients) report += terse_line(job, group_of(job), disks_, version);
        }
        out_.write(report);
        out_.flush();
        clear_results();
    }

private:
    sdk::OutputStream& out_;
    std::string fio_version_;
};

}  // namespace

std::unique_ptr<sdk::OutputSink> make_terse_sink(const sdk::OutputSetup& setup) {
    if (setup.stream == nullptr)
        throw std::invalid_argument("the terse output needs a stream to write to");
    return std::make_unique<TerseSink>(setup);
}

}  // namespace fio::outputs::terse
