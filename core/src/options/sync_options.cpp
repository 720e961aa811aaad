// Flush options (fio manual: "I/O type" fsync, fdatasync, sync_file_range, end_fsync,
// fsync_on_close).
#include "options/option_tables.hpp"
#include "options/sync_file_range_parser.hpp"

#include <array>

namespace fio::core {
namespace {

using sdk::kNoMax;
using sdk::OptionType;

constexpr const char* kIoType = "I/O type";
constexpr std::int64_t kMaxU32 = 0xFFFFFFFFll;

const std::array kSyncOptions = {
    CoreOption{{"fsync", nullptr, OptionType::integer, "0", 0, kMaxU32, nullptr,
                "Issue an fsync of the file after every N writes (counted in the sync "
                "statistics); 0: never",
                kIoType, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.syncs.fsync_every = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"fdatasync", nullptr, OptionType::integer, "0", 0, kMaxU32, nullptr,
                "Issue an fdatasync of the file after every N writes (counted like fio "
                "does: sync latency, but not the sync I/O count); 0: never",
                kIoType, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.syncs.fdatasync_every = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"sync_file_range", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Call sync_file_range over what was written since the last one, every N "
                "writes: FLAGS[:N], FLAGS a comma list of wait_before, write, wait_after",
                kIoType, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   const SyncFileRangeSetting setting = parse_sync_file_range(v.text);
                   j.syncs.sync_file_range_every = setting.every;
                   j.syncs.sync_file_range_flags = setting.flags;
               }},
    CoreOption{{"end_fsync", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Flush the files with fsync when the job's writing ends", kIoType, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.syncs.end_fsync = v.boolean; }},
    CoreOption{{"fsync_on_close", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Flush a written file with fsync whenever it is closed", kIoType, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.syncs.fsync_on_close = v.boolean; }},
};

}  // namespace

std::span<const CoreOption> sync_options() { return kSyncOptions; }

}  // namespace fio::core
