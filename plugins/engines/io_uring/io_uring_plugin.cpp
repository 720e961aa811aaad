// The io_uring engine plugin: its options, as fio 3.33 names them, and its factory.
#include "io_uring_engine.hpp"

#include <fio/sdk/io_priority.hpp>
#include <fio/sdk/plugin.hpp>

#include <cstdint>
#include <cstdio>
#include <new>

namespace {

using fio::sdk::kNoMax;
using fio::sdk::OptionSpec;
using fio::sdk::OptionType;

constexpr const char* kCategory = "I/O engine";

constexpr OptionSpec kIoUringOptions[] = {
    {"hipri", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
     "Poll for completions instead of waiting for interrupts (needs direct=1)", kCategory, nullptr},
    // No default: unset means "register if the kernel allows it" (stock fio: never).
    {"fixedbufs", nullptr, OptionType::boolean, nullptr, 0, 1, nullptr,
     "Register the I/O buffers with the kernel once, so no I/O has to map them "
     "(unset: when the kernel and the locked-memory limit allow)",
     kCategory, nullptr},
    {"registerfiles", nullptr, OptionType::boolean, nullptr, 0, 1, nullptr,
     "Register the files with the ring, so no I/O has to look them up "
     "(unset: when the kernel allows)",
     kCategory, nullptr},
    {"sqthread_poll", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
     "A kernel thread polls for new I/O, so submitting needs no system call", kCategory, nullptr},
    {"sqthread_poll_cpu", nullptr, OptionType::integer, nullptr, 0, kNoMax, nullptr,
     "CPU to run the sqthread_poll kernel thread on", kCategory, nullptr},
    {"nonvectored", nullptr, OptionType::integer, "-1", -1, 1, nullptr,
     "1: plain read/write requests, 0: vectored (one iovec), -1: plain if the kernel has them",
     kCategory, nullptr},
    {"uncached", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
     "Buffered I/O that leaves nothing in the page cache (RWF_DONTCACHE, Linux 6.14+)", kCategory,
     nullptr},
    {"nowait", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
     "Fail an I/O with EAGAIN rather than block on a busy resource (RWF_NOWAIT)", kCategory,
     nullptr},
    {"force_async", nullptr, OptionType::integer, "0", 0, UINT32_MAX, nullptr,
     "Hand every Nth I/O straight to the kernel's async workers (0: never)", kCategory, nullptr},
    fio::sdk::kCmdprioPercentageOption,
    fio::sdk::kCmdprioClassOption,
    fio::sdk::kCmdprioOption,
    fio::sdk::kCmdprioBssplitOption,
};


}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("io_uring", "1.0.0",
                          "Linux io_uring: batched submission and completion rings",
                          ::fio::sdk::kPluginNoFlags, kIoUringOptions,
                          ::fio::sdk::create_engine_or_report<::fio::engines::IoUringEngine>);
