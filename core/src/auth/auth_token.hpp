// The shared secret of client/server authentication: a token file named by
// --auth-token-file=FILE or, failing that, $FIO_AUTH_TOKEN_FILE. The rules (docs/security.md):
// a regular file of at most 4 KiB, not readable or writable by group or others (as ssh
// treats private keys), holding at least 32 bytes once trailing white space is removed.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

namespace fio::core {

inline constexpr std::size_t kMaxTokenFileBytes = 4096;
inline constexpr std::size_t kMinTokenBytes = 32;
inline constexpr const char* kAuthTokenEnv = "FIO_AUTH_TOKEN_FILE";

// One line naming the file (and where it was named) and the rule it breaks.
class AuthTokenError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct AuthToken {
    std::string secret;  // the file's bytes without trailing white space
    std::string origin;  // "--auth-token-file=F" or "FIO_AUTH_TOKEN_FILE=F", for messages
};

// The token file's name: `option` when given, else $FIO_AUTH_TOKEN_FILE when set and not
// empty; nullopt when neither names one (no authentication). `origin` says which.
std::optional<std::string> auth_token_file(const std::string& option, std::string& origin);

// Reads and checks the token file. Throws AuthTokenError.
AuthToken read_auth_token(const std::string& path, const std::string& origin);

}  // namespace fio::core
