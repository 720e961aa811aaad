#include "options/core_options.hpp"
#include "options/expression.hpp"

#include "debug/debug_log.hpp"
#include "options/list_parser.hpp"
#include "options/option_catalog.hpp"
#include "options/option_tables.hpp"
#include "options/range_parser.hpp"
#include "options/rw_modifier.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <fcntl.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace fio::core {
namespace {

using sdk::kNoMax;
using sdk::kNoMin;
using sdk::OptionType;

constexpr std::int64_t kMaxU32 = 0xFFFFFFFFll;

// fio's rw= values. The ":N" suffix is rw_modifier's.
RwPattern parse_rw_pattern(std::string_view text) {
    const auto colon = text.find(':');
    const std::string_view base = text.substr(0, colon);
    static constexpr std::pair<std::string_view, RwPattern> kPatterns[] = {
        {"read", RwPattern::read},           {"write", RwPattern::write},
        {"randread", RwPattern::randread},   {"randwrite", RwPattern::randwrite},
        {"rw", RwPattern::readwrite},        {"readwrite", RwPattern::readwrite},
        {"randrw", RwPattern::randrw},       {"trim", RwPattern::trim},
        {"randtrim", RwPattern::randtrim},   {"trimwrite", RwPattern::trimwrite},
        {"randtrimwrite", RwPattern::randtrimwrite}};
    for (const auto& [name, pattern] : kPatterns) {
        if (base == name) return pattern;
    }
    throw ValueError(fmt::format("'{}' is not one of: read, write, randread, randwrite, rw "
                                 "(readwrite), randrw, trim, randtrim, trimwrite, randtrimwrite",
                                 text));
}

const std::array kBaseOptions = {
    CoreOption{{"name", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Name of the job; starts a new job on the command line", "Job description",
                nullptr},
               [](JobSpec& j, const OptionValue& v) { j.name = v.text; }},
    CoreOption{{"filename", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "File(s) to do I/O on, separated by ':'", "Files and devices", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.filenames = split_filename_list(v.text); }},
    CoreOption{{"opendir", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Add every regular file below this directory (recursively) to the job's "
                "files, in name order", "Files and devices", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.opendir = v.text; }},
    CoreOption{{"nrfiles", "nr_files", OptionType::integer, "1", 1, 1 << 20, nullptr,
                "Number of files to make when no filename is given; size is split over them",
                "Files and devices", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.nrfiles = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"filename_format", nullptr, OptionType::string, "$jobname.$jobnum.$filenum", 0,
                0, nullptr,
                "Name of made files: $jobname, $jobnum (clone) and $filenum are replaced",
                "Files and devices", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   if (v.text.find("$clientuid") != std::string::npos) {
                       throw ValueError(fmt::format(
                           "'{}': $clientuid is not supported yet (client/server mode)", v.text));
                   }
                   j.filename_format = v.text;
               }},
    CoreOption{{"directory", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Directory in which job files are created", "Files and devices", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.directory = v.text; }},
    CoreOption{{"size", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Total bytes of I/O per job clone, or N% of each file's size (default: the "
                "file's size)",
                "I/O size", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.size = 0;
                   j.size_percent = 0;
                   if (trim_blanks(v.text).ends_with('%')) {
                       // As stock, 0% means the whole file, like no size at all.
                       j.size_percent = parse_percentage(v.text);
                       return;
                   }
                   j.size = parse_size_or_expression(v.text, j.kb_base);
                   if (j.size == 0) throw ValueError(fmt::format("'{}': a size must be > 0", v.text));
               }},
    CoreOption{{"bs", "blocksize", OptionType::string, "4096", 1, kMaxU32, nullptr,
                "Block size of each I/O; READ,WRITE,TRIM gives each direction its own",
                "Block size", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   const auto sizes = parse_per_direction_sizes(v.text, j.kb_base);
                   for (std::size_t dir = 0; dir < sizes.size(); ++dir) {
                       if (!sizes[dir]) continue;
                       if (*sizes[dir] == 0 || *sizes[dir] > kMaxU32) {
                           throw ValueError(fmt::format("'{}': a block size must be 1 to {}",
                                                        v.text, kMaxU32));
                       }
                       j.block_size[dir] = *sizes[dir];
                       j.shapes.max_block_size[dir] = 0;  // one size: no range or split
                       j.shapes.bssplit[dir].clear();
                   }
               }},
    CoreOption{{"rw", "readwrite", OptionType::string, "read", 0, 0,
                "read,write,randread,randwrite,rw,readwrite,randrw,trim,randtrim,trimwrite,"
                "randtrimwrite",
                "I/O pattern", "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.rw = parse_rw_pattern(v.text);
                   apply_rw_modifier(j, v.text);
               }},
    CoreOption{{"rwmixwrite", nullptr, OptionType::percentage, "50", 0, 100, nullptr,
                "Percentage of writes in a mixed workload", "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.rwmix_read = 100 - static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"rwmixread", nullptr, OptionType::percentage, "50", 0, 100, nullptr,
                "Percentage of reads in a mixed workload", "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.rwmix_read = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"ioengine", nullptr, OptionType::string, "psync", 0, 0, nullptr,
                "I/O engine: a plugin name or the path of a plugin file (aio and linuxaio "
                "are libaio, as in stock fio)",
                "I/O engine", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   // Stock's old names of the Linux native AIO engine.
                   const bool libaio_alias = v.text == "aio" || v.text == "linuxaio";
                   if (libaio_alias) {
                       debug(DebugType::io, "converting ioengine name: {} -> libaio", v.text);
                   }
                   j.ioengine = libaio_alias ? "libaio" : v.text;
               }},
    CoreOption{{"iodepth", nullptr, OptionType::integer, "1", 1, 65536, nullptr,
                "Number of I/Os kept in flight", "I/O depth", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.iodepth = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"iodepth_batch", "iodepth_batch_submit", OptionType::integer, "1", 0, 65536,
                nullptr, "Most I/Os submitted per call; 0 submits all that are ready at once",
                "I/O depth", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.iodepth_batch_submit = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"iodepth_batch_complete_min", "iodepth_batch_complete", OptionType::integer, "1",
                0, 65536, nullptr, "Fewest completions to wait for when reaping", "I/O depth",
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.iodepth_batch_complete_min = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"iodepth_batch_complete_max", nullptr, OptionType::integer, "0", 0, 65536,
                nullptr, "Most completions to reap at once; 0 means iodepth", "I/O depth",
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.iodepth_batch_complete_max = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"iodepth_low", nullptr, OptionType::integer, "0", 0, 65536, nullptr,
                "Once the queue is full, reap until this many remain in flight; 0 means iodepth",
                "I/O depth", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.iodepth_low = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"serialize_overlap", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Hold back an I/O while an overlapping one of the job is in flight",
                "I/O depth", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.serialize_overlap = v.boolean; }},
    CoreOption{{"direct", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Use non-buffered I/O (O_DIRECT)", "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.direct = v.boolean; }},
    CoreOption{{"atomic", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Atomic direct I/O: as stock fio on Linux, which has no O_ATOMIC, the files "
                "are opened with O_DIRECT and nothing more",
                "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.atomic = v.boolean; }},
    CoreOption{{"unique_filename", nullptr, OptionType::boolean, "1", 0, 1, nullptr,
                "In client/server runs stock prefixes generated file names with the client's "
                "address; accepted, but our servers never prefix them (as unique_filename=0)",
                "Files and devices", nullptr},
               [](JobSpec&, const OptionValue&) {}},
    // Choices by index: none, 0, sync, 1, dsync.
    CoreOption{{"sync", nullptr, OptionType::choice, "none", 0, 0, "none,0,sync,1,dsync",
                "Open files for synchronous writes: sync (or 1) is O_SYNC, dsync is O_DSYNC",
                "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   static constexpr int kFlags[] = {0, 0, O_SYNC, O_SYNC, O_DSYNC};
                   j.open_sync_flag = kFlags[v.integer];
               }},
    CoreOption{{"buffered", nullptr, OptionType::boolean, "1", 0, 1, nullptr,
                "Use buffered I/O; the inverse of direct", "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.direct = !v.boolean; }},
    CoreOption{{"filesize", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Size of each file (a MIN-MAX range is refused: random file sizes are not "
                "implemented yet)",
                "I/O size", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   const SizeRange range = parse_size_range(v.text, j.kb_base);
                   if (range.min != range.max) {
                       throw ValueError(fmt::format(
                           "'{}' is not supported: random file sizes from a range are not "
                           "implemented yet",
                           v.text));
                   }
                   if (range.min == 0) throw ValueError(fmt::format("'{}': a file size must be > 0", v.text));
                   j.file_size = range.min;
               }},
    CoreOption{{"offset", "fileoffset", OptionType::string, "0", 0, 0, nullptr,
                "Start the job's region this many bytes (or N% of the file) into each file", "I/O size", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.shapes.offset_percent = -1;
                   if (trim_blanks(v.text).ends_with('%')) {  // a share of the file's size
                       j.shapes.offset_percent = parse_percentage(v.text);
                       j.offset = 0;
                       return;
                   }
                   j.offset = parse_size(v.text, j.kb_base);
               }},
    CoreOption{{"io_size", "io_limit", OptionType::size, nullptr, 1, kNoMax, nullptr,
                "Bytes of I/O per loop, repeating the region when larger than size",
                "I/O size", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.io_size = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"loops", nullptr, OptionType::integer, "1", 1, kMaxU32, nullptr,
                "Run the job's whole workload this many times", "Job description", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.loops = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"ramp_time", nullptr, OptionType::time, nullptr, 0, kNoMax, nullptr,
                "Run this long before statistics start counting", "Time related", "s"},
               [](JobSpec& j, const OptionValue& v) {
                   j.ramp_time_ns = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"startdelay", nullptr, OptionType::string, "0", 0, 0, nullptr,
                "Wait this long, or a random time in MIN-MAX, before the job starts",
                "Time related", "s"},
               [](JobSpec& j, const OptionValue& v) {
                   const TimeRange range = parse_time_range(v.text, TimeUnit::s);
                   j.startdelay_min_ns = range.min_ns;
                   j.startdelay_max_ns = range.max_ns;
               }},
    CoreOption{{"invalidate", nullptr, OptionType::boolean, "1", 0, 1, nullptr,
                "Drop the page cache of the job's region of each file when the job opens "
                "it and at every new pass over it, as stock (not with pre_read)",
                "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.invalidate = v.boolean; }},
    CoreOption{{"fadvise_hint", nullptr, OptionType::choice, "1", 0, 0, "0,1,random,sequential",
                "Access pattern told to the kernel (posix_fadvise) when the job opens its "
                "files: 1 is random or sequential as rw= is, 0 none",
                "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   // The choice index, in the order of the names above.
                   j.fadvise_hint = static_cast<FadviseHint>(v.integer);
               }},
    CoreOption{{"write_barrier", nullptr, OptionType::integer, "0", 0, kNoMax, nullptr,
                "Make every Nth write a barrier write: as in stock, only engines that can "
                "issue barrier writes act on it (stock's sg; none shipped here), so it is "
                "accepted and changes nothing",
                "I/O type", nullptr},
               [](JobSpec&, const OptionValue&) {}},
    CoreOption{{"runtime", "timeout", OptionType::time, nullptr, 0, kNoMax, nullptr,
                "Stop the job after this long", "Time related", "s"},
               [](JobSpec& j, const OptionValue& v) {
                   j.runtime_ns = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"time_based", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Keep running until runtime expires, repeating the workload",
                "Time related", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.time_based = v.boolean; }},
    CoreOption{{"numjobs", nullptr, OptionType::integer, "1", 1, 4096, nullptr,
                "Number of clones (threads) of this job", "Threads, processes and job "
                "synchronization", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.numjobs = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"thread", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Run jobs as threads, not processes: here every job is a thread of the one "
                "fio process either way, so this changes nothing",
                "Threads, processes and job synchronization", nullptr},
               [](JobSpec&, const OptionValue&) {}},
    CoreOption{{"norandommap", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Pick random offsets without tracking which blocks were done", "I/O type",
                nullptr},
               [](JobSpec& j, const OptionValue& v) { j.norandommap = v.boolean; }},
    CoreOption{{"randrepeat", nullptr, OptionType::boolean, "1", 0, 1, nullptr,
                "Seed the random generator so runs repeat", "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.randrepeat = v.boolean; }},
    CoreOption{{"randseed", nullptr, OptionType::integer, "0x89", 0, sdk::kNoMax, nullptr,
                "Seed of the job's random generators: the same seed repeats the same "
                "offsets, even with randrepeat=0 (sequences differ from stock fio's)",
                "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.randseed = static_cast<std::uint64_t>(v.integer);
                   j.randseed_given = true;
               }},
    CoreOption{{"allrandrepeat", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Seed every random generator (offsets, sizes, mixes, buffer contents) from "
                "randseed, so that whole runs repeat even with randrepeat=0",
                "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.allrandrepeat = v.boolean; }},
    CoreOption{{"description", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Text describing the job, shown in its report", "Job description", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.description = v.text; }},
    CoreOption{{"stonewall", "wait_for_previous", OptionType::boolean, "0", 0, 1, nullptr,
                "Start only after every earlier job ended; begins a new reporting group",
                "Threads, processes and job synchronization", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.stonewall = v.boolean; }},
    CoreOption{{"new_group", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Begin a new reporting group with this job",
                "Threads, processes and job synchronization", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.new_group = v.boolean; }},
    CoreOption{{"wait_for", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Start only after the named earlier job ended",
                "Threads, processes and job synchronization", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.wait_for = v.text; }},
    CoreOption{{"group_reporting", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Report each reporting group as one job instead of one per clone",
                "Measurements and reporting", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.group_reporting = v.boolean; }},
    CoreOption{{"kb_base", nullptr, OptionType::choice, "1024", 0, 0, "1024,1000",
                "Unit base of k/m/g suffixes", "Miscellaneous", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.kb_base = v.integer == 0 ? 1024 : 1000; }},
};

}  // namespace

std::span<const CoreOption> base_options() { return kBaseOptions; }

std::span<const CoreOption> core_options() {
    // Every area's table, in the order --cmdhelp and docs/options.md list them.
    static const std::vector<CoreOption> all = [] {
        std::vector<CoreOption> options;
        for (auto table : option_tables()) {
            const auto rows = table();
            options.insert(options.end(), rows.begin(), rows.end());
        }
        return options;
    }();
    return all;
}

const CoreOption* find_core_option(std::string_view name) {
    for (const auto& option : core_options()) {
        if (option_matches(option.spec, name)) return &option;
    }
    return nullptr;
}

namespace {

// A refused catalog option is harmless when it only restates stock fio's default
// ("create_fsync=1"): the job means the same with or without it.
bool restates_default(const sdk::OptionSpec& spec, const std::string& value, unsigned kb_base) {
    if (spec.default_value == nullptr) return false;
    try {
        const OptionValue given = parse_option_value(spec, value, kb_base);
        const OptionValue fallback = parse_option_value(spec, spec.default_value, kb_base);
        return given.boolean == fallback.boolean && given.integer == fallback.integer &&
               (spec.type != sdk::OptionType::string || given.text == fallback.text);
    } catch (const ValueError&) {
        return false;
    }
}

void record_given(JobSpec& job, const std::string& canonical, const std::string& value) {
    auto same = [&](const auto& entry) { return entry.first == canonical; };
    job.given.erase(std::remove_if(job.given.begin(), job.given.end(), same), job.given.end());
    job.given.emplace_back(canonical, value);
}

}  // namespace

OptionValue parse_given_option(const sdk::OptionSpec& spec, const LocatedOption& given,
                               unsigned kb_base) {
    debug(DebugType::parse, "handle_option={}, ptr={}", given.name, given.value);
    try {
        OptionValue value = parse_option_value(spec, given.value, kb_base);
        switch (spec.type) {
            case OptionType::integer:
            case OptionType::size:
            case OptionType::time:
            case OptionType::percentage:
                debug(DebugType::parse, "  ret=0, out={}{}", value.integer,
                      spec.type == OptionType::time ? " ns" : "");
                break;
            default:
                break;
        }
        return value;
    } catch (const ValueError& e) {
        throw OptionError(
            fmt::format("{}: option '{}': {}", given.where.describe(), given.name, e.what()));
    }
}

void apply_option(JobSpec& job, const LocatedOption& given) {
    if (const CoreOption* option = find_core_option(given.name)) {
        try {
            option->apply(job, parse_given_option(option->spec, given, job.kb_base));
        } catch (const ValueError& e) {
            throw OptionError(
                fmt::format("{}: option '{}': {}", given.where.describe(), given.name, e.what()));
        }
        record_given(job, option->spec.name, given.value);
        return;
    }
    if (const CatalogEntry* entry = find_catalog_option(given.name)) {
        if (entry->support == OptionSupport::refused &&
            !restates_default(entry->spec, given.value, job.kb_base)) {
            throw OptionError(fmt::format("{}: option '{}' is not supported: {}",
                                          given.where.describe(), given.name, entry->reason));
        }
        if (entry->support == OptionSupport::ignored_with_warning) {
            job.warnings.push_back(fmt::format("option '{}' has no effect here: {}", given.name,
                                               entry->reason));
        }
        record_given(job, entry->spec.name, given.value);
        return;
    }
    job.engine_options.push_back(given);
}

}  // namespace fio::core
