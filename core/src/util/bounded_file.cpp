#include "util/bounded_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <istream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fio::core {
namespace {

std::string kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "a special file";
}

[[noreturn]] void refuse_errno(int error) {
    if (error == ENOENT || error == ENOTDIR) throw InputFileError(error, "no such file");
    if (error == EACCES || error == EPERM) throw InputFileError(error, "permission denied");
    throw InputFileError(error, std::strerror(error));
}

[[noreturn]] void refuse_size(std::size_t size, std::size_t limit, bool at_least) {
    throw InputFileError(EFBIG, fmt::format("too large ({}{} bytes; the limit is {})",
                                     at_least ? "over " : "", at_least ? limit : size,
                                     describe_limit(limit)));
}

void check_regular(const struct stat& st) {
    if (!S_ISREG(st.st_mode)) {
        throw InputFileError(EINVAL, fmt::format("not a regular file ({})", kind_of(st.st_mode)));
    }
}

// Closes the descriptor however the read ends.
struct Descriptor {
    int fd;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

std::string describe_limit(std::size_t bytes) {
    if (bytes % (std::size_t{1} << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
    if (bytes % 1024 == 0) return fmt::format("{} KiB", bytes >> 10);
    return fmt::format("{} bytes", bytes);
}

std::string read_bounded_file(const std::string& path, std::size_t limit) {
    // stat first: opening a FIFO for reading would wait for a writer.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) refuse_errno(errno);
    check_regular(st);
    // O_NONBLOCK as well, in case the path was swapped for a FIFO since the stat.
    Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
    if (file.fd < 0) refuse_errno(errno);
    if (::fstat(file.fd, &st) != 0) refuse_errno(errno);
    check_regular(st);
    if (static_cast<std::uint64_t>(st.st_size) > limit) {
        refuse_size(static_cast<std::size_t>(st.st_size), limit, false);
    }
    std::string text(static_cast<std::size_t>(st.st_size) + 1, '\0');
    std::size_t have = 0;
    for (;;) {
        if (have == text.size()) {
            if (have > limit) refuse_size(have, limit, true);
            text.resize(std::min(have * 2 + 4096, limit + 1));
        }
        const ssize_t got = ::read(file.fd, text.data() + have, text.size() - have);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) refuse_errno(errno);
        if (got == 0) break;
        have += static_cast<std::size_t>(got);
    }
    if (have > limit) refuse_size(have, limit, true);
    text.resize(have);
    return text;
}

std::string read_bounded_stream(std::istream& in, std::size_t limit) {
    std::string text;
    char block[65536];
    while (in.read(block, sizeof block) || in.gcount() > 0) {
        text.append(block, static_cast<std::size_t>(in.gcount()));
        if (text.size() > limit) refuse_size(text.size(), limit, true);
    }
    return text;
}

}  // namespace fio::core
