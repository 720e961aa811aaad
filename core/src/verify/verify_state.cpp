#include "verify/verify_state.hpp"

#include "util/bounded_file.hpp"
#include "util/byte_fields.hpp"
#include "verify/checksum.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace fio::core {
namespace {

// Stock's layout, little-endian: a header {version, body size, crc32c of the body}, then
// the body {completions, depth (32 bits), files (32 bits), numberio, thread index,
// random state (7 x 64 bits), name (64 bytes), completions x {file, offset}}.
constexpr std::uint64_t kVersion = 3;
constexpr std::size_t kHeaderBytes = 24;
constexpr std::size_t kNameBytes = 64;
constexpr std::size_t kRandomStateBytes = 56;
constexpr std::size_t kFixedBodyBytes = 8 + 4 + 4 + 8 + 8 + kRandomStateBytes + kNameBytes;

// Appends `value` as a field of its own width (the host's order, little-endian here).
template <typename T>
void put(std::string& out, T value) {
    const std::size_t at = out.size();
    out.resize(at + sizeof value);
    put_field(out.data(), at, value);
}

std::uint64_t get64(std::string_view in, std::size_t at) { return get_field<std::uint64_t>(in.data(), at); }
std::uint32_t get32(std::string_view in, std::size_t at) { return get_field<std::uint32_t>(in.data(), at); }

}  // namespace

std::string verify_state_file_name(std::string_view job_name, std::uint32_t thread_index) {
    std::string name(job_name);
    std::replace(name.begin(), name.end(), '/', '.');
    return fmt::format("local-{}-{}-verify.state", name, thread_index);
}

void save_verify_state(const std::string& path, std::string_view job_name,
                       std::uint32_t thread_index, const WriteState& state) {
    std::string body;
    put(body, static_cast<std::uint64_t>(state.last_writes.size()));
    put(body, static_cast<std::uint32_t>(state.depth));
    put(body, static_cast<std::uint32_t>(state.files));
    put(body, static_cast<std::uint64_t>(state.writes_issued));
    put(body, static_cast<std::uint64_t>(thread_index));
    body.append(kRandomStateBytes, '\0');
    std::string name(job_name.substr(0, kNameBytes - 1));
    name.resize(kNameBytes, '\0');
    body += name;
    for (const auto& done : state.last_writes) {
        put(body, static_cast<std::uint64_t>(done.file));
        put(body, static_cast<std::uint64_t>(done.offset));
    }
    std::string file;
    put(file, static_cast<std::uint64_t>(kVersion));
    put(file, static_cast<std::uint64_t>(body.size()));
    put(file, static_cast<std::uint64_t>(fio_crc32c(body.data(), body.size())));
    file += body;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(file.data(), static_cast<std::streamsize>(file.size())) || !out.flush()) {
        throw VerifyStateError(errno, fmt::format("verify state file {}: cannot write it: {}", path,
                                           std::strerror(errno)));
    }
}

WriteState load_verify_state(const std::string& path) {
    std::string data;
    try {
        data = read_bounded_file(path);  // a few KB; never a FIFO or /dev/zero
    } catch (const InputFileError& e) {
        throw VerifyStateError(e.error_number(), fmt::format("verify_state_load: cannot open the state file {}: {}",
                                                      path, e.what()));
    }
    const auto bad = [&](std::string_view what) {
        return VerifyStateError(EINVAL, fmt::format("verify_state_load: state file {}: {}", path, what));
    };
    if (data.size() < kHeaderBytes + kFixedBodyBytes) throw bad("too short");
    if (get64(data, 0) != kVersion) {
        throw bad(fmt::format("unsupported version {} (3 expected)", get64(data, 0)));
    }
    const std::uint64_t size = get64(data, 8);
    if (size != data.size() - kHeaderBytes) throw bad("its size does not match its header");
    const std::string_view body = std::string_view(data).substr(kHeaderBytes);
    if (fio_crc32c(body.data(), body.size()) != get64(data, 16)) throw bad("corrupt (bad crc32c)");
    WriteState state;
    const std::uint64_t completions = get64(body, 0);
    if (completions != (size - kFixedBodyBytes) / 16 || (size - kFixedBodyBytes) % 16 != 0) {
        throw bad("its completion count does not match its size");
    }
    state.depth = static_cast<std::uint32_t>(get32(body, 8));
    state.files = static_cast<std::uint32_t>(get32(body, 12));
    state.writes_issued = get64(body, 16);
    for (std::uint64_t i = 0; i < completions; ++i) {
        const std::size_t at = kFixedBodyBytes + 16 * i;
        state.last_writes.push_back({get64(body, at), get64(body, at + 8)});
    }
    return state;
}

bool beyond_saved_state(const WriteState& state, std::uint64_t reads_done, std::uint64_t file,
                        std::uint64_t offset) noexcept {
    const std::uint64_t depth = state.depth;
    const std::uint64_t issued = state.writes_issued;
    // Before the window of the last `depth` writes, every read is of a block written
    // before the state was saved. The difference wraps as stock's (unsigned) does.
    const bool outside_window = reads_done < depth || issued - reads_done > depth;
    if (outside_window && issued > depth) return false;
    return std::none_of(state.last_writes.begin(), state.last_writes.end(), [&](const auto& done) {
        return done.file == file && done.offset == offset;
    });
}

}  // namespace fio::core
