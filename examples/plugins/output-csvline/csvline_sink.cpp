// csvline: an output sink that writes one comma-separated row per job, for spreadsheets
// and scripts. Select it with --output-format=csvline, alone or with others
// (normal,csvline). Not "csv": stock fio takes that as another name of terse.
//
//   fio --output-format=csvline --csvline_header=1 jobs.fio
//   name,read_ios,read_bytes,read_bw_kib,write_ios,write_bytes,write_bw_kib,error
//   seqwrite,0,0,0,2048,8388608,524288,0
//
// Events arrive on one thread, in order (fio/sdk/output.hpp), so the sink needs no lock.
#include <fio/sdk/output.hpp>
#include <fio/sdk/plugin.hpp>

#include <memory>
#include <string>

namespace {

using namespace fio::sdk;

// The sink's own option, parsed by fio like any other and handed over in OutputSetup.
const OptionSpec kOptions[] = {
    {"csvline_header", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
     "Write a header row before the first job's row", "Output", nullptr},
};

class CsvlineSink final : public OutputSink {
public:
    CsvlineSink(OutputStream& out, bool header) : out_(out), header_(header) {}

    void job_finished(const JobResult& job) override {
        if (header_) {
            out_.write("name,read_ios,read_bytes,read_bw_kib,"
                       "write_ios,write_bytes,write_bw_kib,error\n");
            header_ = false;
        }
        std::string row = job.name;
        for (IoDirection dir : {IoDirection::read, IoDirection::write}) {
            const DirectionResult& d = job.directions[static_cast<int>(dir)];
            const std::uint64_t ms = d.runtime_ms();  // fio's own rounding of the runtime
            row += ',' + std::to_string(d.total_ios) + ',' + std::to_string(d.io_bytes) + ',' +
                   std::to_string(ms ? d.io_bytes * 1000 / 1024 / ms : 0);
        }
        row += ',' + std::to_string(job.error) + '\n';
        out_.write(row);
    }

    void run_finished(const RunSummary&) override { out_.flush(); }

private:
    OutputStream& out_;
    bool header_;
};

// The factory: create_output_or_report() below catches any exception from here and hands
// the host its message instead, since no exception may cross into fio.
std::unique_ptr<OutputSink> make_csvline_sink(const OutputSetup& setup) {
    const bool header = setup.options && setup.options->get_bool("csvline_header", false);
    return std::make_unique<CsvlineSink>(*setup.stream, header);
}

}  // namespace

FIO_DECLARE_OUTPUT_PLUGIN("csvline", "1.0.0", "One comma-separated row per job (SDK example)",
                          kOptions, ::fio::sdk::create_output_or_report<make_csvline_sink>);
