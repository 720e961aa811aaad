#include "options/option_catalog.hpp"

#include <array>

namespace fio::core {
namespace {

using sdk::kNoMax;
using sdk::OptionSpec;
using sdk::OptionType;

constexpr OptionSupport kWarn = OptionSupport::ignored_with_warning;
constexpr OptionSupport kRefuse = OptionSupport::refused;

// Categories: the sections of fio's manual, shortened the way the core table names them.
constexpr const char* kJob = "Job description";
constexpr const char* kFiles = "Files and devices";
constexpr const char* kIoType = "I/O type";
constexpr const char* kBuffers = "Buffers and memory";
constexpr const char* kSize = "I/O size";
constexpr const char* kDepth = "I/O depth";
constexpr const char* kRate = "I/O rate";
constexpr const char* kLatency = "I/O latency";
constexpr const char* kReplay = "I/O replay";
constexpr const char* kThreads = "Threads, processes and job synchronization";
constexpr const char* kVerify = "Verification";
constexpr const char* kReport = "Measurements and reporting";
constexpr const char* kErrors = "Error handling";
constexpr const char* kProfiles = "Predefined workloads";
constexpr const char* kAct = "Act profile";
constexpr const char* kTiobench = "Tiobench profile";

// Spec builders, one per value type; every range is inclusive.
constexpr OptionSpec flag(const char* name, const char* aliases, const char* def,
                          const char* help, const char* category) {
    return {name, aliases, OptionType::boolean, def, 0, 1, nullptr, help, category, nullptr};
}
constexpr OptionSpec integer(const char* name, const char* aliases, const char* def,
                             std::int64_t min, std::int64_t max, const char* help,
                             const char* category) {
    return {name, aliases, OptionType::integer, def, min, max, nullptr, help, category, nullptr};
}
constexpr OptionSpec bytes(const char* name, const char* aliases, const char* def,
                           std::int64_t min, std::int64_t max, const char* help,
                           const char* category) {
    return {name, aliases, OptionType::size, def, min, max, nullptr, help, category, nullptr};
}
// `unit`: what a bare number means ("us", "ms", "s").
constexpr OptionSpec duration(const char* name, const char* aliases, const char* def,
                              const char* unit, const char* help, const char* category) {
    return {name, aliases, OptionType::time, def, 0, kNoMax, nullptr, help, category, unit};
}
constexpr OptionSpec text(const char* name, const char* aliases, const char* def,
                          const char* help, const char* category) {
    return {name, aliases, OptionType::string, def, 0, 0, nullptr, help, category, nullptr};
}
constexpr OptionSpec one_of(const char* name, const char* aliases, const char* def,
                            const char* choices, const char* help, const char* category) {
    return {name, aliases, OptionType::choice, def, 0, 0, choices, help, category, nullptr};
}
constexpr OptionSpec percent(const char* name, const char* aliases, const char* def,
                             const char* help, const char* category) {
    return {name, aliases, OptionType::percentage, def, 0, 100, nullptr, help, category,
            nullptr};
}

// Reasons shared by a family of options.
constexpr const char* kDeprecated =
    "deprecated in fio 3.33, which also accepts and ignores it";
constexpr const char* kProfileOnly =
    "an option of a built-in profile: read on the command line with --profile=act or "
    "--profile=tiobench; anywhere else it has no effect, as in stock";

const std::array kCatalog = {
    // ---- Units ----------------------------------------------------------------------

    // ---- Job description ------------------------------------------------------------

    // ---- Time related ---------------------------------------------------------------

    // ---- Files and devices ----------------------------------------------------------

    // ---- I/O type -------------------------------------------------------------------

    // ---- Block size -----------------------------------------------------------------

    // ---- Buffers and memory ---------------------------------------------------------

    // ---- I/O size -------------------------------------------------------------------

    // ---- I/O depth ------------------------------------------------------------------

    // ---- I/O rate -------------------------------------------------------------------

    // ---- I/O latency ----------------------------------------------------------------

    // ---- I/O replay -----------------------------------------------------------------

    // ---- Threads, processes and job synchronization ---------------------------------
    CatalogEntry{integer("flow_watermark", nullptr, nullptr, 0, kNoMax,
                         "Obsolete flow-control setting", kThreads),
                 kWarn, kDeprecated},

    // ---- Verification ---------------------------------------------------------------
    CatalogEntry{flag("verifysort", nullptr, nullptr, "Obsolete verify ordering setting",
                      kVerify),
                 kWarn, kDeprecated},
    CatalogEntry{integer("verifysort_nr", nullptr, nullptr, 0, kNoMax,
                         "Obsolete verify ordering setting", kVerify),
                 kWarn, kDeprecated},

    // ---- Steady state: options in measure_options.cpp -------------------------------

    // ---- Measurements and reporting -------------------------------------------------
    CatalogEntry{flag("block_error_percentiles", nullptr, "0",
                      "Report a histogram of trim-block errors", kReport),
                 kRefuse, "trim-block error histograms are not implemented: stock 3.33 has no working "
                 "report to match (it aborts on an assertion in every output format once a trim "
                 "completed, and prints uninitialised state counts when none did)"},

    // ---- Error handling -------------------------------------------------------------

    // ---- Predefined workloads -------------------------------------------------------
    CatalogEntry{one_of("profile", nullptr, nullptr, "tiobench,act",
                        "Run one of fio's built-in workload profiles", kProfiles),
                 kRefuse,
                 "in a job file: give it on the command line, --profile=tiobench or "
                 "--profile=act, where it runs the profile's jobs"},
    CatalogEntry{text("device-names", nullptr, nullptr, "act profile: devices to test",
                      kAct),
                 kWarn, kProfileOnly},
    CatalogEntry{integer("load", nullptr, "1", 0, kNoMax,
                         "act profile: load multiplier", kAct),
                 kWarn, kProfileOnly},
    CatalogEntry{duration("test-duration", nullptr, "24h", "s",
                          "act profile: length of the whole test", kAct),
                 kWarn, kProfileOnly},
    CatalogEntry{integer("threads-per-queue", nullptr, "8", 0, kNoMax,
                         "act profile: read threads per device", kAct),
                 kWarn, kProfileOnly},
    CatalogEntry{integer("read-req-num-512-blocks", nullptr, "3", 0, kNoMax,
                         "act profile: 512-byte blocks per read", kAct),
                 kWarn, kProfileOnly},
    CatalogEntry{integer("large-block-op-kbytes", nullptr, "131072", 0, kNoMax,
                         "act profile: size of the large write operations in KiB", kAct),
                 kWarn, kProfileOnly},
    CatalogEntry{flag("prep", nullptr, "0", "act profile: run the preparation phase", kAct),
                 kWarn, kProfileOnly},
    CatalogEntry{integer("block", nullptr, "4096", 0, kNoMax,
                         "tiobench profile: block size in bytes", kTiobench),
                 kWarn, kProfileOnly},
    CatalogEntry{integer("numruns", nullptr, nullptr, 0, kNoMax,
                         "tiobench profile: number of runs", kTiobench),
                 kWarn, kProfileOnly},
    CatalogEntry{text("dir", nullptr, nullptr, "tiobench profile: directory to test in",
                      kTiobench),
                 kWarn, kProfileOnly},
    CatalogEntry{integer("threads", nullptr, nullptr, 0, kNoMax,
                         "tiobench profile: number of threads", kTiobench),
                 kWarn, kProfileOnly},
};

// Options of stock fio's I/O engines (the engine-specific section of its manual, plus
// the few undocumented ones `fio --enghelp=ENGINE` shows). Only names: the plugins that
// implement an engine declare the full specs.
constexpr const char* kUring = "io_uring,io_uring_cmd";
constexpr const char* kUringAio = "io_uring,io_uring_cmd,libaio";
constexpr const char* kNet = "net,netsplice";
constexpr const char* kRpma =
    "librpma_apm_client,librpma_apm_server,librpma_gpspm_client,librpma_gpspm_server";
constexpr const char* kCeph = "rbd,rados";
constexpr const char* kGluster = "gfapi,gfapi_async";
constexpr const char* kHdfs = "libhdfs";
constexpr const char* kHttp = "http";
constexpr const char* kXnvme = "xnvme";

const std::array kEngineOwned = {
    // io_uring, libaio, pvsync2, sg
    EngineOwnedOption{"hipri", "io_uring,io_uring_cmd,pvsync2,sg,xnvme"},
    EngineOwnedOption{"hipri_percentage", "pvsync2"},
    EngineOwnedOption{"uncached", "pvsync2,io_uring,io_uring_cmd"},
    EngineOwnedOption{"nowait", "pvsync2,libaio,io_uring,io_uring_cmd"},
    EngineOwnedOption{"cmdprio_percentage", kUringAio},
    EngineOwnedOption{"cmdprio_class", kUringAio},
    EngineOwnedOption{"cmdprio", kUringAio},
    EngineOwnedOption{"cmdprio_bssplit", kUringAio},
    EngineOwnedOption{"fixedbufs", kUring},
    EngineOwnedOption{"registerfiles", kUring},
    EngineOwnedOption{"sqthread_poll", "io_uring,io_uring_cmd,xnvme"},
    EngineOwnedOption{"sqthread_poll_cpu", kUring},
    EngineOwnedOption{"nonvectored", kUring},
    EngineOwnedOption{"force_async", kUring},
    EngineOwnedOption{"cmd_type", "io_uring_cmd"},
    EngineOwnedOption{"userspace_reap", "libaio"},
    EngineOwnedOption{"readfua", "sg"},
    EngineOwnedOption{"writefua", "sg"},
    EngineOwnedOption{"sg_write_mode", "sg"},
    EngineOwnedOption{"stream_id", "sg"},
    // mmap, cpuio, e4defrag, filestat, mtd, nbd, exec, libiscsi, windowsaio
    EngineOwnedOption{"thp", "mmap"},
    EngineOwnedOption{"cpuload", "cpuio"},
    EngineOwnedOption{"cpuchunks", "cpuio"},
    EngineOwnedOption{"cpumode", "cpuio"},
    EngineOwnedOption{"exit_on_io_done", "cpuio"},
    EngineOwnedOption{"donorname", "e4defrag"},
    EngineOwnedOption{"inplace", "e4defrag"},
    EngineOwnedOption{"stat_type", "filestat"},
    EngineOwnedOption{"skip_bad", "mtd"},
    EngineOwnedOption{"uri", "nbd"},
    EngineOwnedOption{"program", "exec"},
    EngineOwnedOption{"arguments", "exec"},
    EngineOwnedOption{"grace_time", "exec"},
    EngineOwnedOption{"std_redirect", "exec"},
    EngineOwnedOption{"initiator", "libiscsi"},
    EngineOwnedOption{"no_completion_thread", "windowsaio"},
    // network engines
    EngineOwnedOption{"hostname", "net,netsplice,rdma,libhdfs"},
    EngineOwnedOption{"port", "net,netsplice,rdma,libhdfs,librpma_apm_client,"
                              "librpma_apm_server,librpma_gpspm_client,librpma_gpspm_server"},
    EngineOwnedOption{"protocol", kNet},
    EngineOwnedOption{"proto", kNet},
    EngineOwnedOption{"interface", kNet},
    EngineOwnedOption{"ttl", kNet},
    EngineOwnedOption{"nodelay", kNet},
    EngineOwnedOption{"listen", kNet},
    EngineOwnedOption{"pingpong", kNet},
    EngineOwnedOption{"window_size", kNet},
    EngineOwnedOption{"mss", kNet},
    EngineOwnedOption{"verb", "rdma"},
    EngineOwnedOption{"bindname", "rdma"},
    EngineOwnedOption{"serverip", kRpma},
    EngineOwnedOption{"direct_write_to_pmem", kRpma},
    EngineOwnedOption{"busy_wait_polling", "librpma_apm_server,librpma_gpspm_server"},
    // storage services
    EngineOwnedOption{"clustername", kCeph},
    EngineOwnedOption{"rbdname", "rbd"},
    EngineOwnedOption{"clientname", kCeph},
    EngineOwnedOption{"conf", "rados"},
    EngineOwnedOption{"busy_poll", kCeph},
    EngineOwnedOption{"touch_objects", "rados"},
    EngineOwnedOption{"pool", "rbd,rados,dfs"},
    EngineOwnedOption{"cont", "dfs"},
    EngineOwnedOption{"chunk_size", "dfs,libhdfs"},
    EngineOwnedOption{"chunck_size", kHdfs},
    EngineOwnedOption{"object_class", "dfs"},
    EngineOwnedOption{"namenode", kHdfs},
    EngineOwnedOption{"hdfsdirectory", kHdfs},
    EngineOwnedOption{"single_instance", kHdfs},
    EngineOwnedOption{"hdfs_use_direct", kHdfs},
    EngineOwnedOption{"volume", kGluster},
    EngineOwnedOption{"brick", kGluster},
    EngineOwnedOption{"single-instance", kGluster},
    EngineOwnedOption{"nfs_url", "nfs"},
    EngineOwnedOption{"https", kHttp},
    EngineOwnedOption{"http_host", kHttp},
    EngineOwnedOption{"http_user", kHttp},
    EngineOwnedOption{"http_pass", kHttp},
    EngineOwnedOption{"http_mode", kHttp},
    EngineOwnedOption{"http_s3_region", kHttp},
    EngineOwnedOption{"http_s3_key", kHttp},
    EngineOwnedOption{"http_s3_keyid", kHttp},
    EngineOwnedOption{"http_s3_sse_customer_key", kHttp},
    EngineOwnedOption{"http_s3_sse_customer_algorithm", kHttp},
    EngineOwnedOption{"http_s3_storage_class", kHttp},
    EngineOwnedOption{"http_swift_auth_token", kHttp},
    EngineOwnedOption{"http_verbose", kHttp},
    EngineOwnedOption{"gpu_dev_ids", "libcufile"},
    EngineOwnedOption{"cuda_io", "libcufile"},
    EngineOwnedOption{"xnvme_async", kXnvme},
    EngineOwnedOption{"xnvme_sync", kXnvme},
    EngineOwnedOption{"xnvme_admin", kXnvme},
    EngineOwnedOption{"xnvme_dev_nsid", kXnvme},
    EngineOwnedOption{"xnvme_iovec", kXnvme},
};

// True when `name` is `spec`'s name or one of its comma-separated aliases.
bool names_option(const OptionSpec& spec, std::string_view name) {
    if (name == spec.name) return true;
    if (spec.aliases == nullptr) return false;
    std::string_view aliases = spec.aliases;
    while (true) {
        const auto comma = aliases.find(',');
        if (aliases.substr(0, comma) == name) return true;
        if (comma == std::string_view::npos) return false;
        aliases.remove_prefix(comma + 1);
    }
}

}  // namespace

std::span<const CatalogEntry> option_catalog() { return kCatalog; }

const CatalogEntry* find_catalog_option(std::string_view name) {
    for (const auto& entry : kCatalog) {
        if (names_option(entry.spec, name)) return &entry;
    }
    return nullptr;
}

std::span<const EngineOwnedOption> engine_owned_options() { return kEngineOwned; }

const EngineOwnedOption* find_engine_owned_option(std::string_view name) {
    for (const auto& option : kEngineOwned) {
        if (name == option.name) return &option;
    }
    return nullptr;
}

}  // namespace fio::core
