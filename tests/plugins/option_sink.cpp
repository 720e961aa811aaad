// An output plugin with one option of each common type, for the tests of plugin
// options: it prints what its factory received, then one row per job, so a test can
// see that every value reached it.
#include <fio/sdk/output.hpp>
#include <fio/sdk/plugin.hpp>

#include <memory>
#include <string>

namespace {

using fio::sdk::OptionSpec;
using fio::sdk::OptionType;

const OptionSpec kOptions[] = {
    {"testsink_header", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
     "Print a header row first", "Output", nullptr},
    {"testsink_limit", "testsink_max", OptionType::size, "4k", 1, 1ll << 40, nullptr,
     "Largest row, in bytes", "Output", nullptr},
    {"testsink_style", nullptr, OptionType::choice, "plain", 0, 0, "plain,fancy",
     "How rows look", "Output", nullptr},
    {"testsink_label", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
     "Text put in front of every row", "Output", nullptr},
};

class OptionSink final : public fio::sdk::OutputSink {
public:
    explicit OptionSink(const fio::sdk::OutputSetup& setup) : out_(*setup.stream) {
        const fio::sdk::OptionValues& o = *setup.options;
        header_ = o.get_bool("testsink_header", false);
        settings_ = "header=" + std::to_string(header_) +
                    " limit=" + std::to_string(o.get_int("testsink_limit", -1)) +
                    " style=" + std::string(o.get_string("testsink_style", "?")) +
                    " label=" + (o.has("testsink_label")
                                     ? std::string(o.get_string("testsink_label", ""))
                                     : std::string("(unset)"));
    }
    void run_started(const fio::sdk::RunInfo&) override {
        out_.write("testsink: " + settings_ + "\n");
        if (header_) out_.write("testsink: job\n");
    }
    void job_finished(const fio::sdk::JobResult& job) override {
        out_.write("testsink: row " + job.name + "\n");
    }

private:
    fio::sdk::OutputStream& out_;
    bool header_ = false;
    std::string settings_;
};

std::unique_ptr<fio::sdk::OutputSink> make_sink(const fio::sdk::OutputSetup& setup) {
    return std::make_unique<OptionSink>(setup);
}

}  // namespace

FIO_DECLARE_OUTPUT_PLUGIN("testsink", "0.0.1", "Test sink that prints its options", kOptions,
                          ::fio::sdk::create_output_or_report<make_sink>);
