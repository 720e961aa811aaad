// The catalog of stock fio 3.33 job options that the core does not implement (yet).
//
// fio accepts a few hundred options in a job file. The core's own table
// (core_options.hpp) holds the ones it implements; engine plugins declare theirs. Every
// other option stock fio accepts is listed here, so that a job file written for stock
// fio never meets "unknown option": the core either warns that the option has no effect
// in this implementation, or refuses the job with a one-line reason, because silently
// ignoring it would change what is measured or reported.
//
// Options that belong to an I/O engine (io_uring's `fixedbufs`, the net engine's `port`,
// ...) are not in the catalog; engine_owned_options() only names them and the engines
// that take them, so the core can say "option 'fixedbufs' belongs to ioengine=io_uring".
//
// When an option becomes implemented it moves from here to the core table (the unit
// test checks that no name is in both).
#pragma once

#include <fio/sdk/options.hpp>

#include <cstdint>
#include <span>
#include <string_view>

namespace fio::core {

enum class OptionSupport : std::uint8_t {
    ignored_with_warning,  // accepted; has no effect in this implementation; a warning says so
    refused,               // an error: ignoring it would change what is measured or reported
};

struct CatalogEntry {
    sdk::OptionSpec spec;  // the option as stock fio defines it (help text is our own)
    OptionSupport support;
    const char* reason;    // one short line: why it is ignored or refused
};

// Every catalog entry, grouped by category in the order of fio's manual.
std::span<const CatalogEntry> option_catalog();

// The entry whose name or alias is `name`; nullptr when the catalog has none.
const CatalogEntry* find_catalog_option(std::string_view name);

struct EngineOwnedOption {
    const char* name;     // as written in a job file (an alias is listed as its own entry)
    const char* engines;  // comma-separated ioengine names that take it, e.g. "io_uring,pvsync2"
};

std::span<const EngineOwnedOption> engine_owned_options();

// The engine-owned option called `name`; nullptr when no stock engine takes it.
const EngineOwnedOption* find_engine_owned_option(std::string_view name);

}  // namespace fio::core
