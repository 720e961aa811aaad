// An output sink built against the frozen SDK 1.4 headers: it reads RunInfo and
// JobResult (std::string and std::vector members included) as the current host hands
// them over, one row a job.
#include <fio/sdk/output.hpp>
#include <fio/sdk/plugin.hpp>

#include <memory>
#include <string>

static_assert(FIO_SDK_ABI_MINOR == 4, "this plugin must see the frozen 1.4 headers");

namespace {

class RowSink final : public fio::sdk::OutputSink {
public:
    explicit RowSink(fio::sdk::OutputStream& stream) : stream_(stream) {}

    void run_started(const fio::sdk::RunInfo& info) override {
        std::string line = "abi14rows run " + info.fio_version + " jobs";
        for (const auto& job : info.jobs) line += " " + job.name + ":" + job.ioengine;
        stream_.write(line + "\n");
    }

    void job_finished(const fio::sdk::JobResult& job) override {
        const auto& read = job.directions[static_cast<int>(fio::sdk::IoDirection::read)];
        const auto& write = job.directions[static_cast<int>(fio::sdk::IoDirection::write)];
        stream_.write("abi14rows job " + job.name + " error=" + std::to_string(job.error) +
                      " read_bytes=" + std::to_string(read.io_bytes) +
                      " write_bytes=" + std::to_string(write.io_bytes) +
                      " iodepth=" + std::to_string(job.iodepth) + "\n");
    }

    void run_finished(const fio::sdk::RunSummary& summary) override {
        stream_.write("abi14rows end exit=" + std::to_string(summary.exit_code) + "\n");
        stream_.flush();
    }

private:
    fio::sdk::OutputStream& stream_;
};

std::unique_ptr<fio::sdk::OutputSink> make_sink(const fio::sdk::OutputSetup& setup) {
    return std::make_unique<RowSink>(*setup.stream);
}

}  // namespace

FIO_DECLARE_OUTPUT_PLUGIN("abi14rows", "1.4.0", "one row a job, built against SDK 1.4",
                          FIO_NO_OPTIONS,
                          (&::fio::sdk::create_output_or_report<&make_sink>));
