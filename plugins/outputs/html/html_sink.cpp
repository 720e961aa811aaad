#include "html_sink.hpp"

#include "machine_info.hpp"
#include "page_assembly.hpp"
#include "report_data.hpp"

#include <stdexcept>

namespace fio::outputs::html {
namespace {

class HtmlSink final : public sdk::CollectingSink {
public:
    explicit HtmlSink(sdk::OutputStream& out) : out_(out) {}

    void run_started(const sdk::RunInfo& info) override { info_ = info; }

    void run_finished(const sdk::RunSummary& summary) override {
        const ReportData data{info_, jobs_, summary, this_machine()};
        out_.write(assemble_page(report_json(data)));
        out_.flush();
        clear_results();
    }

private:
    sdk::OutputStream& out_;
    sdk::RunInfo info_;
};

}  // namespace

std::unique_ptr<sdk::OutputSink> make_html_sink(const sdk::OutputSetup& setup) {
    if (setup.stream == nullptr) throw std::invalid_argument("html output: no output stream");
    return std::make_unique<HtmlSink>(*setup.stream);
}

}  // namespace fio::outputs::html
