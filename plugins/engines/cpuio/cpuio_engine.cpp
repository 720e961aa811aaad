// The cpuio engine: does no I/O; each "I/O" keeps one CPU busy for one cycle
// (cpuchunks), and the core then pauses the job for the idle share of the cycle, so the
// thread burns cpuload percent of a CPU. Every I/O counts with no bytes, and the job
// runs until runtime= ends it (or, with exit_on_io_done, the run's I/O jobs end), as
// with fio's cpuio.
#include "cpu_burner.hpp"

#include <fio/sdk/clock.hpp>
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace {

using namespace fio::sdk;
using fio::engines::CpuBurner;
using fio::engines::CpuMode;

constexpr const char* kCategory = "I/O engine";

constexpr OptionSpec kCpuioOptions[] = {
    {"cpuload", nullptr, OptionType::integer, nullptr, 1, kNoMax, nullptr,
     "Percent of a CPU to burn (required; above 100 counts as 100)", kCategory, nullptr},
    {"cpuchunks", nullptr, OptionType::integer, "50000", 1, kNoMax, nullptr,
     "Length of one busy-then-idle cycle, in microseconds", kCategory, nullptr},
    {"cpumode", nullptr, OptionType::choice, "noop", kNoMin, kNoMax, "noop,qsort",
     "noop: spin on the clock; qsort: sort arrays, a heavier load", kCategory, nullptr},
    {"exit_on_io_done", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
     "End the job once the run's I/O jobs (all but cpuio ones) are done", kCategory,
     nullptr},
};

class CpuioEngine final : public Engine {
public:
    static std::unique_ptr<Engine> create(const EngineSetup& setup, std::string& reason) {
        const OptionValues* o = setup.options;
        if (o == nullptr || !o->has("cpuload")) {
            reason = "cpuload= is required: the percent of a CPU to burn";
            return nullptr;
        }
        if (setup.requests == nullptr) {
            reason = "this fio cannot pause between I/Os for an engine (needs plugin ABI 1.1)";
            return nullptr;
        }
        setup.requests->end_with_io_jobs = o->get_bool("exit_on_io_done", false);
        const std::int64_t load = o->get_int("cpuload", 100) > 100 ? 100 : o->get_int("cpuload", 100);
        const auto cycle_ns = static_cast<std::uint64_t>(o->get_int("cpuchunks", 50000)) * 1000;
        // Busy for one cycle, idle for cycle * (100 - load) / load: load percent overall.
        setup.requests->think_time_ns =
            cycle_ns * static_cast<std::uint64_t>(100 - load) / static_cast<std::uint64_t>(load);
        const auto mode = o->get_int("cpumode", 0) == 1 ? CpuMode::qsort : CpuMode::noop;
        return std::make_unique<CpuioEngine>(cycle_ns, mode, setup.thread_index);
    }

    CpuioEngine(std::uint64_t cycle_ns, CpuMode mode, std::uint32_t thread_index)
        : cycle_ns_(cycle_ns), burner_(mode, 0x9E3779B97F4A7C15ull + thread_index) {}

    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = true;
        return t;
    }

    QueueStatus queue(IoUnit& unit) override {
        burner_.burn_until(monotonic_ns() + cycle_ns_);
        unit.result = unit.length;
        return QueueStatus::completed;
    }

private:
    std::uint64_t cycle_ns_;
    CpuBurner burner_;
};

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("cpuio", "1.0.0", "Burns CPU time instead of doing I/O (cpuload=)",
                          ::fio::sdk::kEngineDiskless | ::fio::sdk::kEngineNoData, kCpuioOptions,
                          ::fio::sdk::create_engine_or_report<CpuioEngine>);
