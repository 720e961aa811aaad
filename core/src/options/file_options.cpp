// File creation, layout and clean-up options (fio manual: "Files and devices", "I/O
// type" fallocate, "I/O size" file_append and fill_device).
#include "options/file_service_parser.hpp"
#include "options/option_tables.hpp"

#include <array>
#include <cstdint>

namespace fio::core {
namespace {

using sdk::OptionType;

constexpr const char* kFiles = "Files and devices";

constexpr sdk::OptionSpec flag(const char* name, const char* aliases, const char* def,
                               const char* help, const char* category = kFiles) {
    return {name, aliases, OptionType::boolean, def, 0, 1, nullptr, help, category, nullptr};
}

Fallocate parse_fallocate(std::int64_t choice) {
    // The order of the choices below; 0 and 1 are fio's old spellings of none and posix.
    constexpr Fallocate kModes[] = {Fallocate::none,  Fallocate::native,   Fallocate::posix,
                                    Fallocate::keep,  Fallocate::truncate, Fallocate::none,
                                    Fallocate::posix};
    return kModes[choice];
}

const std::array kFileOptions = {
    CoreOption{{"fallocate", nullptr, OptionType::choice, "native", 0, 0,
                "none,native,posix,keep,truncate,0,1",
                "How space is reserved for files a write-only job lays out: none, native "
                "(fallocate, else none), posix (posix_fallocate), keep (fallocate keeping the "
                "size), truncate (sparse); 0 is none, 1 is posix",
                "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.layout.fallocate = parse_fallocate(v.integer);
               }},
    CoreOption{flag("fill_device", "fill_fs", "0",
                    "Write until the device or file system is full; ENOSPC then ends the job "
                    "without error (sequential or random writes only)",
                    "I/O size"),
               [](JobSpec& j, const OptionValue& v) { j.layout.fill_device = v.boolean; }},
    CoreOption{flag("create_on_open", nullptr, "0",
                    "Create files when the job opens them instead of laying them out first"),
               [](JobSpec& j, const OptionValue& v) { j.layout.create_on_open = v.boolean; }},
    CoreOption{flag("create_only", nullptr, "0",
                    "Only lay out the files, then end without doing the workload"),
               [](JobSpec& j, const OptionValue& v) { j.layout.create_only = v.boolean; }},
    CoreOption{flag("allow_file_create", nullptr, "1",
                    "Allow creating files that do not exist (0: a missing file is an error)"),
               [](JobSpec& j, const OptionValue& v) { j.layout.allow_file_create = v.boolean; }},
    CoreOption{flag("allow_mounted_write", nullptr, "0",
                    "Allow jobs that write to a block device that is mounted"),
               [](JobSpec& j, const OptionValue& v) {
                   j.layout.allow_mounted_write = v.boolean;
               }},
    CoreOption{flag("pre_read", nullptr, "0",
                    "Read the job's region of each file into the page cache before the "
                    "workload (the cache is then not invalidated)"),
               [](JobSpec& j, const OptionValue& v) { j.layout.pre_read = v.boolean; }},
    CoreOption{flag("unlink", nullptr, "0", "Delete the job's files when the job ends"),
               [](JobSpec& j, const OptionValue& v) { j.layout.unlink = v.boolean; }},
    CoreOption{flag("create_serialize", nullptr, "1",
                    "Lay out the job's files one job at a time (1), or alongside the other "
                    "jobs that set 0, a thread per job (0); always before any job starts"),
               [](JobSpec& j, const OptionValue& v) { j.layout.create_serialize = v.boolean; }},
    CoreOption{flag("unlink_each_loop", nullptr, "0",
                    "Delete the job's files after each loop but the last; the next loop "
                    "starts on new, empty files"),
               [](JobSpec& j, const OptionValue& v) { j.layout.unlink_each_loop = v.boolean; }},
    // Honoured where no file stays open (engines that work on file names, which hold at
    // most one open at a time) or where the limit covers every file; run_plan refuses
    // the rest, since files are not closed and reopened as I/O moves between them.
    CoreOption{{"openfiles", nullptr, OptionType::integer, nullptr, 0, UINT32_MAX, nullptr,
                "Most files kept open at once (default: all of them)", kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.layout.openfiles = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"file_service_type", nullptr, OptionType::string, "roundrobin", 0, 0, nullptr,
                "Which file the next I/O goes to: roundrobin[:N], random[:N] (N I/Os per "
                "choice), sequential (each file to its end), or a file drawn by zipf[:THETA], "
                "pareto[:H], normal[:DEV] (alias gauss), each [:CENTER]",
                kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.file_service = parse_file_service_type(v.text);
               }},
    CoreOption{flag("file_append", nullptr, "0",
                    "Do the I/O past the current end of the file (offset = its size)",
                    "I/O size"),
               [](JobSpec& j, const OptionValue& v) { j.layout.file_append = v.boolean; }},
    CoreOption{flag("overwrite", nullptr, "0",
                    "Lay a writing job's file out with data first, so its writes overwrite "
                    "existing blocks instead of filling holes",
                    "I/O type"),
               [](JobSpec& j, const OptionValue& v) { j.layout.overwrite = v.boolean; }},
    CoreOption{flag("create_fsync", nullptr, "1",
                    "fsync each file after laying it out (0: leave the data to the page cache)"),
               [](JobSpec& j, const OptionValue& v) { j.layout.create_fsync = v.boolean; }},
};

}  // namespace

std::span<const CoreOption> file_options() { return kFileOptions; }

}  // namespace fio::core
