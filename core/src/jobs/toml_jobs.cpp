#include "jobs/toml_jobs.hpp"

#include "jobs/flat_jobs.hpp"
#include "jobs/job_limits.hpp"
#include "jobs/value_expansion.hpp"
#include "options/value_parsers.hpp"
#include "util/bounded_file.hpp"

#include <fmt/format.h>

// GCC 12 at -O3 reports a false -Warray-bounds inside toml++'s table code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#include <toml++/toml.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <sstream>

namespace fio::core {
namespace {

SourceLocation location_of(const toml::node& node, const std::string& file) {
    return {file, static_cast<unsigned>(node.source().begin.line)};
}

[[noreturn]] void fail(const SourceLocation& where, const std::string& what) {
    throw JobFileError(fmt::format("{}: {}", where.describe(), what));
}

// One TOML value as the text fio would read for that option.
std::string option_text(const toml::node& value, const std::string& name, const SourceLocation& where) {
    if (const auto* s = value.as_string()) {
        try {
            return expand_value(s->get());
        } catch (const ValueError& e) {
            fail(where, fmt::format("option '{}': {}", name, e.what()));
        }
    }
    if (const auto* i = value.as_integer()) return std::to_string(i->get());
    // true is a bare flag ("norandommap"), exactly as an INI line without a value.
    if (const auto* b = value.as_boolean()) return b->get() ? "" : "0";
    if (const auto* f = value.as_floating_point()) return fmt::format("{}", f->get());
    if (const auto* array = value.as_array()) {
        std::string joined;
        for (const auto& item : *array) {
            if (item.is_array() || item.is_table()) {
                fail(where, fmt::format("option '{}': arrays hold plain values only", name));
            }
            if (!joined.empty()) joined += ':';
            joined += option_text(item, name, where);
        }
        return joined;
    }
    fail(where, fmt::format("option '{}': a table is not an option value", name));
}

// A TOML key as written: bare when it can be, quoted otherwise.
std::string toml_key(const std::string& key) {
    const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
    if (bare) return key;
    std::ostringstream out;
    out << toml::value<std::string>(key);
    return out.str();
}

std::string toml_value(const LocatedOption& option) {
    if (option.value.empty()) return "true";  // a bare flag
    std::ostringstream out;
    out << toml::value<std::string>(option.value);
    return out.str();
}

void write_table(std::string& out, const std::string& name, const std::vector<LocatedOption>& options) {
    out += fmt::format("[{}]\n", toml_key(name));
    for (const auto& option : last_occurrences(options)) {
        out += fmt::format("{} = {}\n", toml_key(option.name), toml_value(option));
    }
}

}  // namespace

bool is_toml_job_file(const std::string& path) { return path.ends_with(".toml"); }

std::vector<RawSection> parse_toml_job_text(std::string_view text, const std::string& file_name) {
    toml::table root;
    try {
        root = toml::parse(text, file_name);
    } catch (const toml::parse_error& e) {
        throw JobFileError(fmt::format("{}:{}: {}", file_name, e.source().begin.line, e.description()));
    }
    std::vector<RawSection> sections;
    std::size_t option_count = 0;
    for (const auto& [key, node] : root) {
        const SourceLocation where = location_of(node, file_name);
        if (sections.size() == kMaxJobFileSections) {
            fail(where, fmt::format("more than {} tables in one job file", kMaxJobFileSections));
        }
        const auto* table = node.as_table();
        if (table == nullptr) {
            fail(where, fmt::format("'{}' is outside any table: put options in [global] or in "
                                    "a [job] table", key.str()));
        }
        RawSection section{std::string(key.str()), where, {}};
        for (const auto& [option_key, value] : *table) {
            const SourceLocation option_where = location_of(value, file_name);
            const std::string name(option_key.str());
            if (++option_count > kMaxJobFileOptions) {
                fail(option_where, fmt::format("more than {} options in one job file", kMaxJobFileOptions));
            }
            if (value.is_table()) {
                fail(option_where, fmt::format("'{}' in [{}] is a table; jobs do not nest",
                                               name, section.name));
            }
            section.options.push_back({name, option_text(value, name, option_where), option_where});
        }
        // toml++ keeps keys sorted; fio's meaning depends on order, so restore it.
        std::stable_sort(section.options.begin(), section.options.end(),
                         [](const auto& a, const auto& b) { return a.where.line < b.where.line; });
        sections.push_back(std::move(section));
    }
    std::stable_sort(sections.begin(), sections.end(),
                     [](const auto& a, const auto& b) { return a.where.line < b.where.line; });
    return sections;
}

std::vector<RawSection> read_toml_job_file(const std::string& path) {
    std::string text;
    try {
        text = read_bounded_file(path);
    } catch (const InputFileError& e) {
        throw JobFileError(fmt::format("{}: cannot read the job file: {}", path, e.what()));
    }
    return parse_toml_job_text(text, path);
}

std::string write_toml_jobs(const std::vector<RawSection>& sections) {
    const FlatJobs flat = flatten_sections(sections);
    std::string out;
    if (!flat.globals.empty()) {
        write_table(out, "global", flat.globals);
        out += '\n';
    }
    for (const auto& job : flat.jobs) {
        write_table(out, job.name, job.options);
        out += '\n';
    }
    return out;
}

}  // namespace fio::core
