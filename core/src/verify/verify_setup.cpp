#include "verify/verify_setup.hpp"

#include "verify/checksum.hpp"
#include "verify/verify_header.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace fio::core {

std::optional<std::string> verify_setup_problem(const JobSpec& job) {
    const VerifySpec& verify = job.verify;
    if (!verify.enabled()) return std::nullopt;
    const std::uint64_t block = job.block_size[1];
    // A verify_interval above the block size means one chunk per block (as stock).
    const std::uint64_t chunk = verify.interval ? std::min<std::uint64_t>(verify.interval, block) : block;
    const bool has_header = verify.method != VerifyMethod::pattern && verify.method != VerifyMethod::null;
    const std::size_t header = kVerifyHeaderBytes + checksum_bytes(verify.method);
    if (has_header && chunk < header) {
        return fmt::format("verify={} needs {} bytes of header per chunk, more than the {} byte "
                           "chunk (bs or verify_interval)",
                           verify_method_name(verify.method), header, chunk);
    }
    if (verify.header_offset != 0 && has_header) {
        if (verify.header_offset < header) {
            return fmt::format("verify_offset={} would overlap the {} byte header it is swapped "
                               "with: use at least {}",
                               verify.header_offset, header, header);
        }
        if (verify.header_offset + header > chunk) {
            return fmt::format("verify_offset={} leaves no room for the {} byte header in a {} byte "
                               "chunk",
                               verify.header_offset, header, chunk);
        }
    }
    if (verify.experimental && trims(job.rw)) {
        return std::string("experimental_verify with trims is not supported: a replayed trim "
                           "is not checked here; use the standard verify scheme");
    }
    if (verify.verify_only && !writes(job.rw)) {
        return std::string("verify_only checks what a writing job wrote: give rw= the write "
                           "pattern that wrote the data");
    }
    if (verify.verify_only && job.time_based) {
        return std::string("verify_only cannot be time_based: the checks follow the blocks a "
                           "finished write phase wrote");
    }
    return std::nullopt;
}

std::optional<std::string> verify_setup_warning(const JobSpec& job) {
    // As stock: a job that only writes (a mixed one reads too) and would check at the end.
    const VerifySpec& verify = job.verify;
    if (verify.enabled() && job.time_based && writes(job.rw) && !reads(job.rw) &&
        verify.do_verify && !verify.verify_only && verify.backlog == 0) {
        return std::string("verification read phase will never start because write phase uses "
                           "all of runtime");
    }
    return std::nullopt;
}

}  // namespace fio::core
