#include "normal_sink.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <fio/sdk/format.hpp>

#include "client_hosts.hpp"
#include "job_report.hpp"
#include "run_banner.hpp"
#include "run_summary.hpp"

namespace fio::outputs::normal {

namespace {

class NormalSink final : public sdk::CollectingSink {
public:
    explicit NormalSink(const sdk::OutputSetup& setup)
        : out_(*setup.stream), kb_base_(setup.kb_base) {}

    void run_started(const sdk::RunInfo& info) override {
        client_run_ = info.client_run;
        out_.write(run_banner(info, kb_base_));
        out_.flush();
    }

    void log_line(sdk::LogLevel /*level*/, std::string_view text) override {
        out_.write(text);
        if (text.empty() || text.back() != '\n') out_.write("\n");
        out_.flush();
    }

    void run_finished(const sdk::RunSummary& summary) override {
        // Like fio: a blank line, every job's block, every group's totals, the disks.
        // A client run has one such block per host, then the "All clients" block.
        std::string report;
        if (client_run_) {
            for (const std::string& host : hosts_in_order(jobs_)) {
                report += results_block([&](const auto& r) { return r.client_host == host; });
            }
            report += results_block([](const auto& r) { return r.all_clients; });
        } else {
            report = results_block([](const auto&) { return true; });
        }
        report += disk_report(disks_);
        if (summary.idleness.measured) report += sdk::idleness_text(summary.idleness, false);
        out_.write(report);
        out_.flush();
        clear_results();
    }

private:
    // A blank line, the blocks of the jobs `belongs` picks, then their groups' totals.
    template <typename Belongs>
    std::string results_block(const Belongs& belongs) const {
        std::string block = "\n";
        for (const auto& job : jobs_) {
            if (!belongs(job)) continue;
            const sdk::GroupResult* group = group_of(job);
            block += job_report(job, group, group ? group->kb_base : kb_base_);
        }
        for (const auto& group : groups_) {
            if (belongs(group)) block += group_report(group);
        }
        return block;
    }

    sdk::OutputStream& out_;
    std::uint32_t kb_base_;
    bool client_run_ = false;
};

}  // namespace

std::unique_ptr<sdk::OutputSink> make_normal_sink(const sdk::OutputSetup& setup) {
    if (setup.stream == nullptr)
        throw std::invalid_argument("the normal output needs a stream to write to");
    return std::make_unique<NormalSink>(setup);
}

}  // namespace fio::outputs::normal
