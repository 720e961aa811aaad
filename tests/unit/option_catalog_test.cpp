// The catalog of stock fio options the core does not implement, and the list of
// engine-owned option names. The spot checks below were taken from stock fio 3.33
// (`fio --cmdhelp=NAME` and its manual). Facts about an option's name, aliases and type
// are checked wherever the option lives (core table or catalog), so the tests keep
// holding when an option moves from the catalog into the core.
#include "options/core_options.hpp"
#include "options/option_catalog.hpp"
#include "options/option_value.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fio::core {
namespace {

using sdk::OptionType;

std::vector<std::string> split(const char* list) {
    std::vector<std::string> items;
    if (list == nullptr) return items;
    std::string current;
    for (const char* p = list;; ++p) {
        if (*p == ',' || *p == '\0') {
            items.push_back(current);
            current.clear();
            if (*p == '\0') break;
        } else {
            current += *p;
        }
    }
    return items;
}

// Name plus aliases.
std::vector<std::string> names_of(const sdk::OptionSpec& spec) {
    std::vector<std::string> names = split(spec.aliases);
    names.insert(names.begin(), spec.name);
    return names;
}

// The option's spec from the core table or the catalog; nullptr when neither has it.
const sdk::OptionSpec* spec_of(std::string_view name) {
    if (const CoreOption* core = find_core_option(name)) return &core->spec;
    if (const CatalogEntry* entry = find_catalog_option(name)) return &entry->spec;
    return nullptr;
}

std::set<std::string> name_set(const sdk::OptionSpec& spec) {
    const auto names = names_of(spec);
    return {names.begin(), names.end()};
}

bool one_line(const char* text) {
    return text != nullptr && *text != '\0' &&
           std::string_view(text).find('\n') == std::string_view::npos;
}

// ---- structure --------------------------------------------------------------------

TEST(OptionCatalog, IsNotEmpty) {
    // Options leave the catalog as they are implemented: together with the core's table
    // it still covers the 230-odd job options of stock fio outside its engines.
    EXPECT_GT(option_catalog().size() + core_options().size(), 200u);
    EXPECT_GT(engine_owned_options().size(), 50u);
}

TEST(OptionCatalog, EveryNameAndAliasIsUniqueAcrossCatalogCoreAndEngines) {
    std::set<std::string> seen;
    for (const auto& option : core_options()) {
        for (const auto& name : names_of(option.spec)) seen.insert(name);
    }
    const std::set<std::string> core_names = seen;
    for (const auto& entry : option_catalog()) {
        for (const auto& name : names_of(entry.spec)) {
            EXPECT_FALSE(name.empty()) << entry.spec.name << " has an empty alias";
            EXPECT_EQ(core_names.count(name), 0u) << name << " is in the core table too";
            EXPECT_TRUE(seen.insert(name).second) << name << " appears twice";
        }
    }
    std::set<std::string> engine_names;
    for (const auto& option : engine_owned_options()) {
        EXPECT_TRUE(engine_names.insert(option.name).second)
            << option.name << " is listed twice as engine-owned";
        EXPECT_EQ(seen.count(option.name), 0u)
            << option.name << " is engine-owned and also a core or catalog option";
    }
}

TEST(OptionCatalog, EveryNameAndAliasFindsItsEntry) {
    for (const auto& entry : option_catalog()) {
        for (const auto& name : names_of(entry.spec)) {
            EXPECT_EQ(find_catalog_option(name), &entry) << name;
        }
    }
    EXPECT_EQ(find_catalog_option("no_such_option"), nullptr);
    EXPECT_EQ(find_catalog_option(""), nullptr);
    EXPECT_EQ(find_catalog_option("ba,"), nullptr);
}

TEST(OptionCatalog, EveryEntryHasOneLineOfHelpAReasonAndACategory) {
    for (const auto& entry : option_catalog()) {
        EXPECT_TRUE(one_line(entry.spec.help)) << entry.spec.name;
        EXPECT_TRUE(one_line(entry.reason)) << entry.spec.name;
        EXPECT_TRUE(one_line(entry.spec.category)) << entry.spec.name;
    }
}

TEST(OptionCatalog, ChoiceOptionsListTheirChoicesAndDefaultToOne) {
    for (const auto& entry : option_catalog()) {
        const auto& spec = entry.spec;
        if (spec.type != OptionType::choice) {
            EXPECT_EQ(spec.choices, nullptr) << spec.name << " has choices but is no choice";
            continue;
        }
        const auto choices = split(spec.choices);
        ASSERT_GE(choices.size(), 2u) << spec.name;
        for (const auto& choice : choices) EXPECT_FALSE(choice.empty()) << spec.name;
        EXPECT_EQ(std::set<std::string>(choices.begin(), choices.end()).size(), choices.size())
            << spec.name << " repeats a choice";
    }
}

TEST(OptionCatalog, OnlyTimeOptionsHaveAUnit) {
    const std::set<std::string> units = {"ns", "us", "ms", "s"};
    for (const auto& entry : option_catalog()) {
        const auto& spec = entry.spec;
        if (spec.type == OptionType::time) {
            ASSERT_NE(spec.unit, nullptr) << spec.name;
            EXPECT_EQ(units.count(spec.unit), 1u) << spec.name;
        } else {
            EXPECT_EQ(spec.unit, nullptr) << spec.name;
        }
    }
}

TEST(OptionCatalog, RangesAreOrderedAndDefaultsParse) {
    for (const auto& entry : option_catalog()) {
        const auto& spec = entry.spec;
        EXPECT_LE(spec.min, spec.max) << spec.name;
        if (spec.type == OptionType::boolean) {
            EXPECT_EQ(spec.min, 0) << spec.name;
            EXPECT_EQ(spec.max, 1) << spec.name;
        }
        if (spec.type == OptionType::percentage) {
            EXPECT_EQ(spec.min, 0) << spec.name;
            EXPECT_EQ(spec.max, 100) << spec.name;
        }
        if (spec.default_value == nullptr) continue;
        // A default must be a valid value of its own option (type, range, choices).
        EXPECT_NO_THROW(parse_option_value(spec, spec.default_value, 1024))
            << spec.name << "=" << spec.default_value;
    }
}

TEST(OptionCatalog, OnlyHarmlessOptionsAreMerelyIgnored) {
    // Ignoring any of these cannot change the I/O done or the numbers reported. Adding
    // to this list needs that argument written down in the entry's reason.
    const std::set<std::string> harmless = {
        "error_dump",  "description", "create_serialize",
        "verifysort", "verifysort_nr", "flow_watermark",
        // the built-in profiles' options: read from the command line with --profile only
        "device-names", "load", "test-duration", "threads-per-queue",
        "read-req-num-512-blocks", "large-block-op-kbytes", "prep", "block", "numruns",
        "dir", "threads",
        // in-memory compression of logs: the files written are the same without it
        "log_compression", "log_compression_cpus"};
    for (const auto& entry : option_catalog()) {
        if (entry.support == OptionSupport::ignored_with_warning) {
            EXPECT_EQ(harmless.count(entry.spec.name), 1u)
                << entry.spec.name << " is ignored although it is not known to be harmless";
        }
    }
}

// ---- spot checks against stock fio 3.33 -------------------------------------------

TEST(OptionCatalogFacts, IodepthBatchAndItsAlias) {
    const auto* spec = spec_of("iodepth_batch");
    ASSERT_NE(spec, nullptr);
    EXPECT_EQ(spec, spec_of("iodepth_batch_submit"));
    EXPECT_EQ(name_set(*spec), (std::set<std::string>{"iodepth_batch", "iodepth_batch_submit"}));
    EXPECT_EQ(spec->type, OptionType::integer);
}

TEST(OptionCatalogFacts, RampTimeIsATimeInSeconds) {
    const auto* spec = spec_of("ramp_time");
    ASSERT_NE(spec, nullptr);
    EXPECT_EQ(spec->type, OptionType::time);
    ASSERT_NE(spec->unit, nullptr);
    EXPECT_STREQ(spec->unit, "s");
    EXPECT_EQ(spec->aliases, nullptr);
    if (const auto* entry = find_catalog_option("ramp_time")) {
        EXPECT_EQ(entry->support, OptionSupport::refused);
    }
}

TEST(OptionCatalogFacts, VerifyChoices) {
    const auto* spec = spec_of("verify");
    ASSERT_NE(spec, nullptr);
    ASSERT_EQ(spec->type, OptionType::choice);
    const auto list = split(spec->choices);
    const std::set<std::string> choices(list.begin(), list.end());
    for (const char* method : {"0", "md5", "crc64", "crc32", "crc32c", "crc32c-intel", "crc16",
                               "crc7", "sha1", "sha256", "sha512", "sha3-224", "sha3-256",
                               "sha3-384", "sha3-512", "xxhash", "meta", "pattern", "null"}) {
        EXPECT_EQ(choices.count(method), 1u) << method;
    }
    EXPECT_EQ(choices.size(), 19u);
    ASSERT_NE(spec->default_value, nullptr);
    EXPECT_STREQ(spec->default_value, "0");
    if (const auto* entry = find_catalog_option("verify")) {
        EXPECT_EQ(entry->support, OptionSupport::refused);
    }
}

TEST(OptionCatalogFacts, RatesAreListsPerDirectionAndTheCycleIsInMilliseconds) {
    // rate, rate_min, rate_iops and rate_iops_min take "READ,WRITE,TRIM" like bs=, so
    // their spec is a string the pacing table splits (tests/unit/pacing_test.cpp).
    for (const char* name : {"rate", "ratemin", "rate_iops", "rate_iops_min"}) {
        const auto* spec = spec_of(name);
        ASSERT_NE(spec, nullptr) << name;
        EXPECT_EQ(spec->type, OptionType::string) << name;
    }
    EXPECT_STREQ(spec_of("ratemin")->name, "rate_min");
    const auto* cycle = spec_of("ratecycle");
    ASSERT_NE(cycle, nullptr);
    EXPECT_STREQ(cycle->name, "rate_cycle");
    EXPECT_EQ(cycle->type, OptionType::time);
    EXPECT_STREQ(cycle->unit, "ms");
    EXPECT_STREQ(cycle->default_value, "1000");
}

TEST(OptionCatalogFacts, ThreadIsACoreOptionThatChangesNothing) {
    // Jobs are threads either way; stock's scripts and tools that fail on any stderr
    // (kubestr, fio-plot, fio's own t/run-fio-tests.py) pass thread=1 to every job.
    const auto* spec = spec_of("thread");
    ASSERT_NE(spec, nullptr);
    EXPECT_EQ(spec->type, OptionType::boolean);
    EXPECT_EQ(find_catalog_option("thread"), nullptr);
    ASSERT_NE(find_core_option("thread"), nullptr);
    JobSpec job;
    const JobSpec before = job;
    apply_option(job, {"thread", "1", {}});
    EXPECT_TRUE(job.warnings.empty());
    job.given.clear();
    EXPECT_EQ(job, before);
}

TEST(OptionCatalogFacts, ThinkTimesAreMicrosecondsExceptIotime) {
    // max_latency too, per direction (latency_target_test.cpp checks its values).
    for (const char* name : {"thinktime", "thinktime_spin", "latency_target", "latency_window"}) {
        const auto* spec = spec_of(name);
        ASSERT_NE(spec, nullptr) << name;
        EXPECT_EQ(spec->type, OptionType::time) << name;
        EXPECT_STREQ(spec->unit, "us") << name;
    }
    const auto* iotime = spec_of("thinktime_iotime");
    ASSERT_NE(iotime, nullptr);
    EXPECT_STREQ(iotime->unit, "s");
}

TEST(OptionCatalogFacts, AliasesOfStockFio) {
    const std::vector<std::pair<const char*, const char*>> aliases = {
        {"iomem", "mem"},          {"fileoffset", "offset"},
        {"fill_fs", "fill_device"}, {"ss", "steadystate"},
        {"ss_dur", "steadystate_duration"}, {"ss_ramp", "steadystate_ramp_time"},
        {"nr_files", "nrfiles"},   {"io_limit", "io_size"},
        {"disable_bw", "disable_bw_measurement"}, {"blockalign", "ba"},
        {"blocksize_range", "bsrange"}, {"blocksize_unaligned", "bs_unaligned"},
        {"mem_align", "iomem_align"}, {"wait_for_previous", "stonewall"},
        {"iodepth_batch_complete", "iodepth_batch_complete_min"}};
    for (const auto& [alias, name] : aliases) {
        const auto* by_alias = spec_of(alias);
        ASSERT_NE(by_alias, nullptr) << alias;
        EXPECT_EQ(by_alias, spec_of(name)) << alias << " should mean " << name;
    }
}

TEST(OptionCatalogFacts, DefaultsAndRangesOfStockFio) {
    struct Fact {
        const char* name;
        OptionType type;
        const char* default_value;  // nullptr: none
    };
    const Fact facts[] = {
        {"mem", OptionType::string, "malloc"},
        {"offset", OptionType::string, "0"},  // bytes, or (refused for now) a percentage
        {"fill_device", OptionType::boolean, "0"},
        {"nrfiles", OptionType::integer, "1"},
        {"loops", OptionType::integer, "1"},
        {"steadystate", OptionType::string, "iops_slope:0.01%"},
        {"continue_on_error", OptionType::choice, "none"},
        {"fallocate", OptionType::choice, "native"},
        {"invalidate", OptionType::boolean, "1"},
        {"clat_percentiles", OptionType::boolean, "1"},
        {"buffer_compress_chunk", OptionType::size, "512"},
        {"replay_time_scale", OptionType::integer, "100"},
        {"significant_figures", OptionType::integer, "4"},
        {"log_entries", OptionType::integer, "1024"},
        {"bwavgtime", OptionType::time, "500"},
        {"startdelay", OptionType::string, "0"},  // a time or a MIN-MAX range of times
        {"buffer_compress_percentage", OptionType::percentage, nullptr},
        // stock: "no default"; given bare, both name the files after the job
        {"write_bw_log", OptionType::string, ""},
    };
    for (const auto& fact : facts) {
        const auto* spec = spec_of(fact.name);
        ASSERT_NE(spec, nullptr) << fact.name;
        EXPECT_EQ(spec->type, fact.type) << fact.name;
        if (fact.default_value == nullptr) {
            EXPECT_EQ(spec->default_value, nullptr) << fact.name;
        } else {
            ASSERT_NE(spec->default_value, nullptr) << fact.name;
            EXPECT_STREQ(spec->default_value, fact.default_value) << fact.name;
        }
    }
    struct Range {
        const char* name;
        std::int64_t min;
        std::int64_t max;
    };
    const Range ranges[] = {{"nice", -20, 19},          {"prio", 0, 7},
                            {"prioclass", 0, 3},        {"cgroup_weight", 100, 1000},
                            {"significant_figures", 1, 10}, {"log_entries", 1024, 1048576},
                            {"flow", -1000, 1000},         {"max_open_zones", 0, 4096}};
    for (const auto& range : ranges) {
        const auto* spec = spec_of(range.name);
        ASSERT_NE(spec, nullptr) << range.name;
        EXPECT_EQ(spec->min, range.min) << range.name;
        EXPECT_EQ(spec->max, range.max) << range.name;
    }
}

TEST(OptionCatalogFacts, ContinueOnErrorChoices) {
    const auto* spec = spec_of("continue_on_error");
    ASSERT_NE(spec, nullptr);
    const auto list = split(spec->choices);
    EXPECT_EQ(std::set<std::string>(list.begin(), list.end()),
              (std::set<std::string>{"none", "read", "write", "io", "verify", "all", "0", "1"}));
}

TEST(OptionCatalogFacts, DeprecatedOptionsStockFioStillAcceptsAreIgnored) {
    for (const char* name : {"verifysort", "verifysort_nr", "flow_watermark"}) {
        const auto* entry = find_catalog_option(name);
        ASSERT_NE(entry, nullptr) << name;
        EXPECT_EQ(entry->support, OptionSupport::ignored_with_warning) << name;
    }
}

TEST(OptionCatalogFacts, WorkloadChangingOptionsAreRefused) {
    for (const char* name : {"offset", "zonecapacity", "write_bw_log", "log_avg_msec", "rate_iops",
                             "bssplit", "fsync", "verify_pattern", "cpus_allowed", "nice",
                             "exec_prerun", "unified_rw_reporting", "percentile_list"}) {
        if (const auto* entry = find_catalog_option(name)) {
            EXPECT_EQ(entry->support, OptionSupport::refused) << name;
        } else {
            EXPECT_NE(find_core_option(name), nullptr) << name << " is nowhere";
        }
    }
}

// ---- engine-owned options ---------------------------------------------------------

TEST(EngineOwnedOptions, NameTheirEngines) {
    for (const auto& option : engine_owned_options()) {
        EXPECT_TRUE(one_line(option.name));
        EXPECT_TRUE(one_line(option.engines)) << option.name;
        for (const auto& engine : split(option.engines)) {
            EXPECT_FALSE(engine.empty()) << option.name;
        }
        EXPECT_EQ(find_engine_owned_option(option.name), &option);
        EXPECT_EQ(find_catalog_option(option.name), nullptr) << option.name;
    }
    EXPECT_EQ(find_engine_owned_option("bs"), nullptr);
    EXPECT_EQ(find_engine_owned_option("no_such_option"), nullptr);
}

TEST(EngineOwnedOptions, StockEnginesOptions) {
    auto engines_of = [](const char* name) {
        const auto* option = find_engine_owned_option(name);
        EXPECT_NE(option, nullptr) << name;
        const auto list = option ? split(option->engines) : std::vector<std::string>{};
        return std::set<std::string>(list.begin(), list.end());
    };
    EXPECT_EQ(engines_of("hipri").count("io_uring"), 1u);
    EXPECT_EQ(engines_of("hipri").count("pvsync2"), 1u);
    EXPECT_EQ(engines_of("fixedbufs").count("io_uring"), 1u);
    EXPECT_EQ(engines_of("sqthread_poll").count("io_uring"), 1u);
    EXPECT_EQ(engines_of("userspace_reap"), (std::set<std::string>{"libaio"}));
    EXPECT_EQ(engines_of("cmdprio_percentage").count("libaio"), 1u);
    EXPECT_EQ(engines_of("port").count("net"), 1u);
    EXPECT_EQ(engines_of("proto"), engines_of("protocol"));
    EXPECT_EQ(engines_of("cpuload"), (std::set<std::string>{"cpuio"}));
    EXPECT_EQ(engines_of("hipri_percentage"), (std::set<std::string>{"pvsync2"}));
}

}  // namespace
}  // namespace fio::core
