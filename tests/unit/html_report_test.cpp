// The html output's page (plugins/outputs/html): the data it embeds, how it is made
// safe inside a <script> element, and that the assembled page is self-contained.
#include "html_sink.hpp"
#include "page_assembly.hpp"
#include "report_data.hpp"

#include <fio/sdk/histogram.hpp>

#include <gtest/gtest.h>

#include <string>

namespace fio::outputs::html {
namespace {

class StringStream final : public sdk::OutputStream {
public:
    void write(std::string_view text) override { text_ += text; }
    void flush() override {}
    std::string text_;
};

TEST(HtmlReport, HistogramBinsAreTheBucketsWithSamplesInMicroseconds) {
    sdk::LatencyHistogram histogram;
    histogram.add(100);         // bucket 100: exactly 100 ns
    histogram.add(100);
    histogram.add(1'000'000);   // 1 ms: a bucket whose midpoint is 1'003'520 ns
    const nlohmann::json bins = histogram_json(histogram);
    ASSERT_EQ(bins.size(), 2u);
    EXPECT_DOUBLE_EQ(bins[0][0].get<double>(), 0.1);
    EXPECT_EQ(bins[0][1].get<int>(), 2);
    EXPECT_DOUBLE_EQ(bins[1][0].get<double>(),
                     static_cast<double>(sdk::histogram_value(sdk::histogram_index(1'000'000))) / 1000.0);
    EXPECT_EQ(bins[1][1].get<int>(), 1);
}

TEST(HtmlReport, DataCannotCloseItsScriptElement) {
    const nlohmann::json data = {{"name", "</script><script>alert(1)</script><!--"}};
    const std::string safe = script_safe_json(data);
    EXPECT_EQ(safe.find('<'), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(safe), data);  // and it reads back the same
}

TEST(HtmlReport, PageOfARunHoldsEveryJobAndHostAndNoTemplateSlot) {
    StringStream out;
    const sdk::OutputSetup setup{&out, nullptr, 1024};
    auto sink = make_html_sink(setup);
    sdk::RunInfo info;
    info.fio_version = "fio-3.33";
    info.client_run = true;
    sink->run_started(info);
    sdk::JobResult host;
    host.name = "seq<1>";
    host.client_host = "10.0.0.1:8765";
    host.directions[0].total_ios = 3;
    host.directions[0].io_bytes = 3 * 4096;
    host.directions[0].runtime_ns = 2'000'000'000;
    for (int i = 0; i < 3; ++i) host.directions[0].clat.add(2000);
    host.series[0].iops = {{500, 1}, {1000, 2}};
    sdk::JobResult all = host;
    all.client_host.clear();
    all.all_clients = true;
    sink->job_finished(host);
    sink->job_finished(all);
    sink->run_finished({});
    const std::string& page = out.text_;
    EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_EQ(page.find("/*@"), std::string::npos);
    EXPECT_NE(page.find("Chart.js v3"), std::string::npos);
    EXPECT_NE(page.find("10.0.0.1:8765"), std::string::npos);
    EXPECT_NE(page.find("All clients"), std::string::npos);
    EXPECT_NE(page.find("seq\\u003c1>"), std::string::npos);  // the name, made script-safe
    EXPECT_NE(page.find(R"("iops_series":[[0.5,1],[1.0,2]])"), std::string::npos);
    EXPECT_NE(page.find(R"("iops":1.5)"), std::string::npos);  // 3 I/Os in 2 s
}

}  // namespace
}  // namespace fio::outputs::html
