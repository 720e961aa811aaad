// fio's buffer memory options: mem/iomem, iomem_align, hugepage-size and lockmem.
#include "jobs/memory_spec.hpp"
#include "options/option_tables.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace fio::core {
namespace {

using sdk::kNoMax;
using sdk::OptionType;

constexpr const char* kCategory = "Buffers and memory";

// "type[:file]"; only mmap and mmaphuge use the file (stock fio ignores it elsewhere).
void parse_memory_type(JobSpec& job, std::string_view text) {
    const auto colon = text.find(':');
    const std::string_view name = text.substr(0, colon);
    static constexpr std::pair<std::string_view, MemoryType> kTypes[] = {
        {"malloc", MemoryType::malloc},     {"shm", MemoryType::shm},
        {"shmhuge", MemoryType::shmhuge},   {"mmap", MemoryType::mmap},
        {"mmaphuge", MemoryType::mmaphuge}, {"mmapshared", MemoryType::mmapshared}};
    const auto* found = std::find_if(std::begin(kTypes), std::end(kTypes),
                                     [&](const auto& t) { return t.first == name; });
    if (found == std::end(kTypes)) {
        if (name == "cudamalloc") {
            throw ValueError("'cudamalloc' is not supported: GPU memory needs the rdma engine, "
                             "which is not implemented");
        }
        throw ValueError(fmt::format(
            "'{}' is not one of: malloc, shm, shmhuge, mmap[:file], mmaphuge[:file], mmapshared",
            text));
    }
    job.memory.type = found->second;
    job.memory.file.clear();
    if (colon == std::string_view::npos) return;
    const std::string_view file = text.substr(colon + 1);
    if (found->second == MemoryType::mmap || found->second == MemoryType::mmaphuge) {
        if (file.empty()) throw ValueError(fmt::format("'{}': the file name after ':' is empty", text));
        job.memory.file = std::string(file);
    } else {
        job.warnings.push_back(fmt::format(
            "mem={}: the ':{}' part is ignored (only mmap and mmaphuge take a file)", text, file));
    }
}

const std::array kMemoryOptions = {
    CoreOption{{"mem", "iomem", OptionType::string, "malloc", 0, 0, nullptr,
                "Memory behind I/O buffers: malloc, shm, shmhuge, mmap[:file], mmaphuge[:file], "
                "mmapshared",
                kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) { parse_memory_type(j, v.text); }},
    CoreOption{{"iomem_align", "mem_align", OptionType::size, "0", 0, 1 << 30, nullptr,
                "Place the first I/O buffer this many bytes past a page boundary", kCategory,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.memory.align = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"hugepage-size", nullptr, OptionType::size, "2m", 1, kNoMax, nullptr,
                "Huge page size: shmhuge and mmaphuge memory is a multiple of it", kCategory,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.memory.huge_page_size = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"lockmem", nullptr, OptionType::size, "0", 0, kNoMax, nullptr,
                "Pin this much memory per job thread with mlock, leaving less for the system",
                kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.memory.lock_bytes = static_cast<std::uint64_t>(v.integer);
               }},
};

}  // namespace

std::span<const CoreOption> memory_options() { return kMemoryOptions; }

}  // namespace fio::core
