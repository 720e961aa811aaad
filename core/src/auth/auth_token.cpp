#include "auth/auth_token.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fio::core {
namespace {

// Closes the descriptor on every path out.
struct FileDescriptor {
    int fd = -1;
    ~FileDescriptor() {
        if (fd >= 0) ::close(fd);
    }
};

[[noreturn]] void refuse(const std::string& origin, const std::string& why) {
    throw AuthTokenError(fmt::format("{}: {}", origin, why));
}

}  // namespace

std::optional<std::string> auth_token_file(const std::string& option, std::string& origin) {
    if (!option.empty()) {
        origin = "--auth-token-file=" + option;
        return option;
    }
    const char* env = std::getenv(kAuthTokenEnv);
    if (env == nullptr || *env == '\0') return std::nullopt;
    origin = fmt::format("{}={}", kAuthTokenEnv, env);
    return std::string(env);
}

AuthToken read_auth_token(const std::string& path, const std::string& origin) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    FileDescriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
    if (file.fd < 0) refuse(origin, fmt::format("cannot open it: {}", std::strerror(errno)));
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) refuse(origin, fmt::format("cannot stat it: {}", std::strerror(errno)));
    if (!S_ISREG(info.st_mode)) refuse(origin, "not a regular file");
    if ((info.st_mode & 077) != 0) {
        refuse(origin, fmt::format("mode {:04o} lets group or others at the secret; chmod 600 {}",
                                   info.st_mode & 07777, path));
    }
    if (static_cast<std::size_t>(info.st_size) > kMaxTokenFileBytes) {
        refuse(origin, fmt::format("{} bytes; a token file holds at most {}", info.st_size, kMaxTokenFileBytes));
    }
    std::string secret(kMaxTokenFileBytes + 1, '\0');
    std::size_t size = 0;
    while (size < secret.size()) {
        const ssize_t n = ::read(file.fd, secret.data() + size, secret.size() - size);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            refuse(origin, fmt::format("cannot read it: {}", std::strerror(errno)));
        }
        size += static_cast<std::size_t>(n);
    }
    if (size > kMaxTokenFileBytes) refuse(origin, fmt::format("more than {} bytes", kMaxTokenFileBytes));
    secret.resize(size);
    while (!secret.empty() && std::string_view(" \t\r\n").find(secret.back()) != std::string_view::npos) secret.pop_back();
    if (secret.size() < kMinTokenBytes) {
        refuse(origin, fmt::format("the token is {} bytes; it needs at least {} (e.g. "
                                   "head -c 32 /dev/urandom | base64 > FILE)",
                                   secret.size(), kMinTokenBytes));
    }
    return {std::move(secret), origin};
}

}  // namespace fio::core
