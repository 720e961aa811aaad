#include "jobs/ini_reader.hpp"

#include "jobs/job_limits.hpp"
#include "jobs/value_expansion.hpp"
#include "options/value_parsers.hpp"
#include "util/bounded_file.hpp"

#include <fmt/format.h>

#include <iostream>
#include <system_error>

namespace fio::core {
namespace {

namespace fs = std::filesystem;

IncludeResolver g_include_resolver;

fs::path include_path(std::string_view name, const fs::path& base_dir) {
    fs::path path(name);
    return path.is_relative() ? base_dir / path : path;
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

// All the files of one job file together hold at most kMaxJobFileTextBytes: a file that
// includes another twice, which includes another twice... would multiply without a loop.
constexpr std::size_t kMaxJobFileTextBytes = 4 * kMaxInputFileBytes;

class IniParser {
public:
    std::vector<RawSection> sections;

    // `chain` holds the files being read, outermost first, to refuse include loops.
    void parse(std::string_view text, const std::string& file_name, const fs::path& base_dir,
               std::vector<fs::path>& chain, bool is_include) {
        unsigned line_number = 0;
        while (!text.empty()) {
            const auto newline = text.find('\n');
            std::string_view line = text.substr(0, newline);
            text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
            ++line_number;
            const SourceLocation where{file_name, line_number};

            line = trim(line);
            if (line.empty() || line.front() == ';' || line.front() == '#') continue;
            // fio also drops everything after ';' or '#' on a line.
            line = trim(line.substr(0, line.find_first_of(";#")));

            if (line.front() == '[') {
                if (is_include) fail(where, "an included file may not contain [sections]");
                if (line.back() != ']' || line.size() < 3) {
                    fail(where, fmt::format("'{}' is not a section header ([name])", line));
                }
                if (sections.size() == kMaxJobFileSections) {
                    fail(where, fmt::format("more than {} sections in one job file", kMaxJobFileSections));
                }
                sections.push_back({std::string(trim(line.substr(1, line.size() - 2))), where, {}});
                continue;
            }
            if (line.starts_with("include") && line.size() > 7 && (line[7] == ' ' || line[7] == '\t')) {
                include(trim(line.substr(7)), where, base_dir, chain);
                continue;
            }
            if (sections.empty()) {
                fail(where, fmt::format("option '{}' comes before any [section]", line));
            }
            if (++option_count_ > kMaxJobFileOptions) {
                fail(where, fmt::format("more than {} options in one job file", kMaxJobFileOptions));
            }
            const auto equals = line.find('=');
            LocatedOption option;
            option.where = where;
            option.name = std::string(trim(line.substr(0, equals)));
            if (option.name.empty()) fail(where, fmt::format("'{}' has no option name", line));
            if (equals != std::string_view::npos) {
                try {
                    option.value = expand_value(trim(line.substr(equals + 1)));
                } catch (const ValueError& e) {
                    fail(where, fmt::format("option '{}': {}", option.name, e.what()));
                }
            }
            sections.back().options.push_back(std::move(option));
        }
    }

private:
    [[noreturn]] static void fail(const SourceLocation& where, const std::string& what) {
        throw JobFileError(fmt::format("{}: {}", where.describe(), what));
    }

    void include(std::string_view name, const SourceLocation& where, const fs::path& base_dir,
                 std::vector<fs::path>& chain) {
        if (name.empty()) fail(where, "include needs a file name");
        if (sections.empty()) fail(where, "include comes before any [section]");
        const fs::path path = g_include_resolver ? g_include_resolver(name, base_dir, where.describe())
                                                 : include_path(name, base_dir);
        std::error_code ec;
        const fs::path canonical = fs::weakly_canonical(path, ec);
        for (const auto& open : chain) {
            if (open == canonical) {
                fail(where, fmt::format("include loop: {} includes itself", path.string()));
            }
        }
        if (chain.size() > kMaxIncludeDepth) {
            fail(where, fmt::format("include {}: includes nest deeper than {}", path.string(),
                                    kMaxIncludeDepth));
        }
        std::string text;
        try {
            text = read_bounded_file(path.string());
        } catch (const InputFileError& e) {
            fail(where, fmt::format("cannot read included file {}: {}", path.string(), e.what()));
        }
        included_bytes_ += text.size();
        if (included_bytes_ > kMaxJobFileTextBytes) {
            fail(where, fmt::format("include {}: the included files hold over {} in all",
                                    path.string(), describe_limit(kMaxJobFileTextBytes)));
        }
        chain.push_back(canonical);
        parse(text, path.string(), path.parent_path(), chain, true);
        chain.pop_back();
    }

    std::size_t included_bytes_ = 0;
    std::size_t option_count_ = 0;
};

}  // namespace

void set_include_resolver(IncludeResolver resolver) { g_include_resolver = std::move(resolver); }

std::vector<RawSection> parse_ini_job_text(std::string_view text, const std::string& file_name,
                                           const fs::path& base_dir) {
    IniParser parser;
    std::vector<fs::path> chain;
    std::error_code ec;
    if (file_name != "<stdin>") chain.push_back(fs::weakly_canonical(file_name, ec));
    parser.parse(text, file_name, base_dir, chain, false);
    return std::move(parser.sections);
}

std::vector<RawSection> read_ini_job_file(const std::string& path) {
    std::string text;
    try {
        if (path == "-") {
            return parse_ini_job_text(read_bounded_stream(std::cin), "<stdin>", fs::current_path());
        }
        text = read_bounded_file(path);
    } catch (const InputFileError& e) {
        throw JobFileError(fmt::format("{}: cannot read the job file: {}",
                                       path == "-" ? "<stdin>" : path, e.what()));
    }
    return parse_ini_job_text(text, path, fs::path(path).parent_path());
}

}  // namespace fio::core
