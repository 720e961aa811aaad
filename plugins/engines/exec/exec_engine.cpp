// The exec engine: runs a program (program=, arguments=) beside the run, for as long
// as the job lasts; it moves no data. The program starts with the job's first "I/O";
// each I/O then waits 100 ms (returning early only to notice the program ended, and
// then waiting out the rest), so the job follows runtime=. When the job ends, a
// program still running gets SIGTERM, and SIGKILL grace_time seconds later. With
// std_redirect (the default) its stdout and stderr go to <job name>.stdout and
// <job name>.stderr in the current directory, as fio's exec engine does.
#include "child_program.hpp"

#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace fio::sdk;
using fio::engines::ChildProgram;

constexpr const char* kCategory = "I/O engine";
// One "I/O": how long the job waits between looks at the clock and the program.
constexpr std::uint64_t kIoWaitNs = 100'000'000;

constexpr OptionSpec kExecOptions[] = {
    {"program", nullptr, OptionType::string, nullptr, kNoMin, kNoMax, nullptr,
     "Program to run (looked up in PATH); required", kCategory, nullptr},
    {"arguments", nullptr, OptionType::string, nullptr, kNoMin, kNoMax, nullptr,
     "Its arguments, split at blanks; %r: runtime in seconds, %n: job name", kCategory, nullptr},
    {"grace_time", nullptr, OptionType::integer, "1", 0, kNoMax, nullptr,
     "Seconds between SIGTERM and SIGKILL when the job ends before the program", kCategory,
     nullptr},
    {"std_redirect", nullptr, OptionType::boolean, "1", 0, 1, nullptr,
     "Send the program's stdout and stderr to <job name>.stdout and .stderr", kCategory, nullptr},
};

class ExecEngine final : public Engine {
public:
    static std::unique_ptr<Engine> create(const EngineSetup& setup, std::string& reason) {
        const OptionValues* o = setup.options;
        if (o == nullptr || !o->has("program") || o->get_string("program", "").empty()) {
            reason = "program= is required: the program to run";
            return nullptr;
        }
        auto engine = std::make_unique<ExecEngine>();
        engine->program_ = std::string(o->get_string("program", ""));
        engine->words_ = fio::engines::expand_arguments(std::string(o->get_string("arguments", "")),
                                                        setup.runtime_ns / 1'000'000'000,
                                                        setup.job_name);
        if (o->get_bool("std_redirect", true)) engine->redirect_to_ = setup.job_name;
        engine->child_.set_grace(static_cast<std::uint64_t>(o->get_int("grace_time", 1)) *
                                 1'000'000'000);
        return engine;
    }

    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = true;
        return t;
    }

    QueueStatus queue(IoUnit& unit) override {
        if (!child_.started()) {
            if (const int rc = child_.start(program_, words_, redirect_to_); rc < 0) {
                unit.result = rc;
                return QueueStatus::completed;
            }
        }
        child_.wait_for_exit(kIoWaitNs);
        unit.result = unit.length;
        return QueueStatus::completed;
    }

private:
    std::string program_;
    std::vector<std::string> words_;
    std::string redirect_to_;  // empty: the program keeps fio's stdout and stderr
    ChildProgram child_;
};

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("exec", "1.0.0", "Runs a program for the job's runtime (program=)",
                          ::fio::sdk::kEngineDiskless | ::fio::sdk::kEngineNoData, kExecOptions,
                          ::fio::sdk::create_engine_or_report<ExecEngine>);
