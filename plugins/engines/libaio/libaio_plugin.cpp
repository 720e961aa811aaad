// The libaio engine plugin: its options, as fio 3.33 names them, and its factory.
#include "libaio_engine.hpp"

#include <fio/sdk/io_priority.hpp>
#include <fio/sdk/plugin.hpp>

#include <cstdio>
#include <new>

namespace {

using fio::sdk::OptionSpec;
using fio::sdk::OptionType;

constexpr const char* kCategory = "I/O engine";

constexpr OptionSpec kLibaioOptions[] = {
    {"userspace_reap", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
     "Read completions from the kernel's AIO ring in user space; io_getevents only to wait",
     kCategory, nullptr},
    {"nowait", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
     "Fail an I/O with EAGAIN rather than block on a busy resource (RWF_NOWAIT)", kCategory,
     nullptr},
    fio::sdk::kCmdprioPercentageOption,
    fio::sdk::kCmdprioClassOption,
    fio::sdk::kCmdprioOption,
    fio::sdk::kCmdprioBssplitOption,
};


}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("libaio", "1.0.0",
                          "Linux native asynchronous I/O (io_submit/io_getevents)",
                          ::fio::sdk::kPluginNoFlags, kLibaioOptions,
                          ::fio::sdk::create_engine_or_report<::fio::engines::LibaioEngine>);
