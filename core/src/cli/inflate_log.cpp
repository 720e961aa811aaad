#include "cli/inflate_log.hpp"

#include "logs/fz_samples.hpp"
#include "logs/zlib_streams.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace fio::core {
namespace {

int fail(std::FILE* errors, const std::string& path, const std::string& why) {
    std::fputs(fmt::format("fio: --inflate-log={}: {}\n", path, why).c_str(), errors);
    return 1;
}

// Reads the file at `path` into `data`. Returns false with errno set on failure.
bool read_whole_file(const std::string& path, std::vector<unsigned char>& data) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return false;
    constexpr std::size_t kStep = std::size_t{1} << 20;
    bool ok = true;
    for (;;) {
        const std::size_t used = data.size();
        data.resize(used + kStep);
        const std::size_t got = std::fread(data.data() + used, 1, kStep, file);
        data.resize(used + got);
        if (got < kStep) {
            ok = std::ferror(file) == 0;
            break;
        }
    }
    const int error = errno;
    std::fclose(file);
    errno = error;
    return ok;
}

}  // namespace

int print_inflated_log(const std::string& path, std::FILE* out, std::FILE* errors) {
    std::vector<unsigned char> data;
    if (!read_whole_file(path, data)) return fail(errors, path, std::strerror(errno));

    // An empty file is an empty log: stock writes one for a log without lines.
    StreamSequence streams(data);
    std::vector<std::byte> samples;
    fmt::memory_buffer text;
    std::size_t stream_number = 0;
    for (;;) {
        const bool whole = streams.next(samples);
        ++stream_number;
        text.clear();
        const std::size_t left_over = append_sample_lines(samples, text);
        std::fwrite(text.data(), 1, text.size(), out);
        if (!whole) break;
        if (left_over != 0) {
            return fail(errors, path,
                        fmt::format("compressed stream {} ends {} bytes into a sample: not a "
                                    "fio log",
                                    stream_number, left_over));
        }
    }
    if (!streams.error().empty()) return fail(errors, path, streams.error());
    if (std::fflush(out) != 0) return fail(errors, path, std::strerror(errno));
    return 0;
}

}  // namespace fio::core
