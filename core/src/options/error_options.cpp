// Error handling options (fio manual: "Error handling").
#include "options/errno_names.hpp"
#include "options/option_tables.hpp"
#include "options/value_parsers.hpp"

#include <array>
#include <string_view>

namespace fio::core {
namespace {

using sdk::OptionType;

constexpr const char* kErrors = "Error handling";

// continue_on_error's choices, in the order of the spec below, as ErrorKind bits.
std::uint32_t continue_on_bits(std::int64_t choice) {
    constexpr std::uint32_t kRead = 1u << static_cast<unsigned>(ErrorKind::read);
    constexpr std::uint32_t kWrite = 1u << static_cast<unsigned>(ErrorKind::write);
    constexpr std::uint32_t kVerify = 1u << static_cast<unsigned>(ErrorKind::verify);
    constexpr std::uint32_t kBits[] = {0,     kRead, kWrite, kRead | kWrite, kVerify,
                                       kRead | kWrite | kVerify, 0, kRead | kWrite | kVerify};
    return kBits[choice];
}

// "READ_LIST,WRITE_LIST,VERIFY_LIST", each list errnos separated by ':'. A kind given
// a list carries on after exactly those errors (and, as in fio, is switched on for
// continue_on_error).
void apply_ignore_error(JobSpec& job, std::string_view text) {
    unsigned kind = 0;
    while (true) {
        const auto comma = text.find(',');
        std::string_view list = text.substr(0, comma);
        if (kind > static_cast<unsigned>(ErrorKind::verify)) {
            throw ValueError("at most three lists: READ,WRITE,VERIFY");
        }
        if (!list.empty()) {
            std::vector<int> errors;
            while (true) {
                const auto colon = list.find(':');
                errors.push_back(parse_errno(list.substr(0, colon)));
                if (colon == std::string_view::npos) break;
                list.remove_prefix(colon + 1);
            }
            job.errors.non_fatal[kind] = std::move(errors);
            job.errors.continue_on |= 1u << kind;
        }
        if (comma == std::string_view::npos) return;
        text.remove_prefix(comma + 1);
        ++kind;
    }
}

const std::array kErrorOptions = {
    CoreOption{{"continue_on_error", nullptr, OptionType::choice, "none", 0, 0,
                "none,read,write,io,verify,all,0,1",
                "Kinds of I/O whose non-fatal errors (EIO, EILSEQ, or ignore_error's) the job "
                "counts and carries on after",
                kErrors, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.errors.continue_on = continue_on_bits(v.integer);
               }},
    CoreOption{{"ignore_error", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Errors to carry on after, per kind: READ,WRITE,VERIFY lists of errno names "
                "or numbers separated by ':' (e.g. ,ENOSPC:122)",
                kErrors, nullptr},
               [](JobSpec& j, const OptionValue& v) { apply_ignore_error(j, v.text); }},
    CoreOption{{"error_dump", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Print errors the job carries on after too (as in fio 3.33, I/O errors "
                "tolerated by continue_on_error are counted, not printed)",
                kErrors, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.errors.error_dump = v.boolean; }},
};

}  // namespace

std::span<const CoreOption> error_options() { return kErrorOptions; }

}  // namespace fio::core
