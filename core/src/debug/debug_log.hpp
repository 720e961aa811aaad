// fio's --debug=TYPE[,TYPE...]: lines that say what the core is doing, one area (type)
// at a time, for finding out why a job behaves as it does.
//
// Each line reads "TYPE     TID   message" (the type padded to 8, the thread id to 5),
// the layout of stock fio's debug lines, and goes to stdout as stock's do: scripts such
// as fio's own t/steadystate_tests.py read them from there.
//
// The types are set once, before any job thread starts, and only read afterwards, so a
// check is one load and one well-predicted branch: debug() costs nothing more on the
// per-I/O path while its type is off, and its formatting lives out of line.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace fio::core {

// Stock fio 3.33's debug types, in its order (the order --debug=? lists them).
enum class DebugType : std::uint8_t {
    process, file, io, mem, blktrace, verify, random, parse, diskutil, job, mutex,
    profile, time, net, rate, compress, steadystate, helperthread, zbd,
};
inline constexpr unsigned kDebugTypeCount = 19;
using DebugMask = std::uint32_t;
inline constexpr DebugMask kAllDebugTypes = (DebugMask{1} << kDebugTypeCount) - 1;

// The names, indexed by DebugType.
std::span<const std::string_view> debug_type_names();

// A --debug list that names no type: what() says which word and where to look.
class DebugSpecError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// "parse,file" -> the mask of those types; "all" is every type. Throws DebugSpecError
// for an empty list or word, or a word that is no type.
DebugMask parse_debug_types(std::string_view list);

// What --debug=? prints: the type names, comma-separated, "all" last.
std::string debug_type_listing();

// Turns the types of `mask` on (and the others off). Call before job threads start.
void enable_debug(DebugMask mask) noexcept;

namespace detail {
inline DebugMask g_debug_mask = 0;  // written by enable_debug() only
// Best effort: a line that cannot be formatted or written is dropped.
void write_debug_line(DebugType type, fmt::string_view format, fmt::format_args args) noexcept;
}  // namespace detail

inline bool debug_enabled(DebugType type) noexcept {
    return (detail::g_debug_mask >> static_cast<unsigned>(type)) & 1u;
}

// One debug line of `type`, formatted as fmt::format does, when that type is on.
template <typename... Args>
inline void debug(DebugType type, fmt::format_string<Args...> format, Args&&... args) noexcept {
    if (!debug_enabled(type)) [[likely]] return;
    detail::write_debug_line(type, format, fmt::make_format_args(args...));
}

}  // namespace fio::core
