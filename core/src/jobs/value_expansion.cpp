#include "jobs/value_expansion.hpp"

#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <utility>

namespace fio::core {
namespace {

std::string keyword_value(std::string_view keyword) {
    if (keyword == "pagesize") return std::to_string(::sysconf(_SC_PAGESIZE));
    if (keyword == "ncpus") return std::to_string(::sysconf(_SC_NPROCESSORS_ONLN));
    // Total memory in MiB, as a plain number (fio: "size=${mb_memory}m" for bytes).
    const auto pages = static_cast<unsigned long long>(::sysconf(_SC_PHYS_PAGES));
    const auto page = static_cast<unsigned long long>(::sysconf(_SC_PAGESIZE));
    return std::to_string(pages * page / (1024 * 1024));
}

constexpr std::array<std::string_view, 3> kKeywords = {"pagesize", "mb_memory", "ncpus"};

}  // namespace

std::string expand_value(std::string_view value) {
    std::string out;
    for (std::size_t i = 0; i < value.size();) {
        if (value[i] != '$') {
            out += value[i++];
            continue;
        }
        if (value.substr(i).starts_with("${")) {
            const auto close = value.find('}', i + 2);
            if (close == std::string_view::npos) {
                throw ValueError(fmt::format("'{}': '${{' without a closing '}}'", value));
            }
            const std::string name(value.substr(i + 2, close - i - 2));
            const char* env = std::getenv(name.c_str());
            if (env == nullptr) {
                throw ValueError(fmt::format("environment variable '{}' is not set", name));
            }
            out += env;
            i = close + 1;
            continue;
        }
        bool replaced = false;
        for (auto keyword : kKeywords) {
            if (value.substr(i + 1).starts_with(keyword)) {
                out += keyword_value(keyword);
                i += 1 + keyword.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) out += value[i++];
    }
    return out;
}

}  // namespace fio::core
