// The Verification options of fio's manual: which checksum each written block
// carries, when blocks are read back and checked, and what a failure does.
#include "options/option_tables.hpp"

#include "options/value_parsers.hpp"
#include "verify/checksum.hpp"
#include "verify/verify_header.hpp"
#include "verify/verify_pattern.hpp"

#include <fmt/format.h>

#include <array>

namespace fio::core {
namespace {

using sdk::kNoMax;
using sdk::OptionType;

constexpr const char* kVerify = "Verification";

const std::array kVerifyOptions = {
    CoreOption{{"verify", nullptr, OptionType::choice, "0", 0, 0,
                "0,md5,crc64,crc32,crc32c-intel,crc32c,crc16,crc7,sha1,sha256,sha512,"
                "sha3-224,sha3-256,sha3-384,sha3-512,xxhash,meta,pattern,null",
                "Checksum written into each block and checked when read back", kVerify,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.verify.method = *verify_method_from_name(v.text);
                   if (j.verify.method == VerifyMethod::none && !j.verify.pattern.empty()) {
                       j.verify.method = VerifyMethod::pattern_with_header;
                   }
               }},
    CoreOption{{"do_verify", nullptr, OptionType::boolean, "1", 0, 1, nullptr,
                "Read back and check the written data after the write phase", kVerify,
                nullptr},
               [](JobSpec& j, const OptionValue& v) { j.verify.do_verify = v.boolean; }},
    CoreOption{{"verify_only", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Write nothing: check the data an earlier run of the same job wrote",
                kVerify, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.verify.verify_only = v.boolean; }},
    CoreOption{{"verify_offset", nullptr, OptionType::size, nullptr,
                static_cast<std::int64_t>(kVerifyHeaderBytes), kNoMax, nullptr,
                "Swap the verify header with the data this far into each chunk", kVerify,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.verify.header_offset = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"verify_interval", nullptr, OptionType::size, nullptr,
                static_cast<std::int64_t>(2 * kVerifyHeaderBytes), 0xFFFFFFFFll, nullptr,
                "Write a verify header every this many bytes (default: the block size)",
                kVerify, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.verify.interval = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"verify_pattern", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Data written and checked: 0xHEX, a number, \"text\" and %o (the offset), "
                "back to back",
                kVerify, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.verify.pattern = parse_verify_pattern(v.text);
                   if (j.verify.method == VerifyMethod::none) {
                       j.verify.method = VerifyMethod::pattern_with_header;
                   }
               }},
    CoreOption{{"verify_fatal", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "End the job at the first block that fails verification (as any failure "
                "does here)",
                kVerify, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.verify.fatal = v.boolean; }},
    CoreOption{{"verify_dump", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Save a failed chunk as FILE.OFFSET.received and FILE.OFFSET.expected",
                kVerify, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.verify.dump = v.boolean; }},
    CoreOption{{"verify_async", nullptr, OptionType::integer, "0", 0, 1024, nullptr,
                "Helper threads that check blocks read back while I/O goes on", kVerify,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.verify.async_threads = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"verify_async_cpus", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "CPUs for verify helper threads; accepted without effect (no CPU pinning)",
                kVerify, nullptr},
               [](JobSpec& j, const OptionValue&) {
                   j.warnings.push_back(
                       "option 'verify_async_cpus' has no effect here: verify helper threads "
                       "are not pinned to CPUs");
               }},
    CoreOption{{"verify_backlog", nullptr, OptionType::integer, "0", 0, kNoMax, nullptr,
                "Check written blocks after every N writes instead of only at the end",
                kVerify, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.verify.backlog = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"verify_backlog_batch", nullptr, OptionType::integer, "0", 0, kNoMax, nullptr,
                "Blocks checked at each verify_backlog point (default: verify_backlog)",
                kVerify, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.verify.backlog_batch = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"experimental_verify", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Check by replaying the workload's writes instead of a list of written blocks",
                kVerify, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.verify.experimental = v.boolean; }},
    CoreOption{{"verify_state_save", nullptr, OptionType::boolean, "1", 0, 1, nullptr,
                "Save how far a verifying write job got, in local-<job>-<index>-verify.state",
                kVerify, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.verify.state_save = v.boolean; }},
    CoreOption{{"verify_state_load", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Check only up to the point a saved verify state file records", kVerify,
                nullptr},
               [](JobSpec& j, const OptionValue& v) { j.verify.state_load = v.boolean; }},
    CoreOption{{"trim_percentage", nullptr, OptionType::percentage, "0", 0, 100, nullptr,
                "Percentage of the verified blocks written to trim (needs trim_backlog)",
                kVerify, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.verify.trim_percentage = static_cast<unsigned>(v.integer);
               }},
    CoreOption{{"trim_verify_zero", nullptr, OptionType::boolean, "1", 0, 1, nullptr,
                "Check that trimmed blocks read back as zeroes (0: they are not checked)",
                kVerify, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.verify.trim_verify_zero = v.boolean; }},
    CoreOption{{"trim_backlog", nullptr, OptionType::integer, "0", 0, kNoMax, nullptr,
                "Trim the blocks picked by trim_percentage after every N written blocks",
                kVerify, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.verify.trim_backlog = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"trim_backlog_batch", nullptr, OptionType::integer, "0", 0, kNoMax, nullptr,
                "Blocks trimmed at each trim_backlog point (default: trim_backlog)", kVerify,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.verify.trim_backlog_batch = static_cast<std::uint64_t>(v.integer);
               }},
};

}  // namespace

std::span<const CoreOption> verify_options() { return kVerifyOptions; }

}  // namespace fio::core
