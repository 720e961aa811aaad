// The arithmetic of the authentication handshake: fresh nonces, and each side's proof
// that it holds the token, HMAC-SHA256(token, label | client nonce | server nonce).
// The label names the side that proves ("fio-auth-v1 client" / "fio-auth-v1 server"),
// so a server's proof can never pass for a client's (no reflection); both nonces are in
// every proof, so a proof recorded once matches no later handshake (no replay).
#pragma once

#include "auth/auth_token.hpp"
#include "auth/crypto_module.hpp"

#include <fio/sdk/wire_auth.hpp>

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace fio::core {

enum class AuthRole { client, server };

using AuthNonceBytes = std::array<std::uint8_t, sdk::wire::kAuthNonceSize>;

// The bytes a proof is the HMAC of.
std::vector<std::uint8_t> proof_input(AuthRole prover, const AuthNonceBytes& client_nonce,
                                      const AuthNonceBytes& server_nonce);

class Authenticator {
public:
    Authenticator(std::shared_ptr<const CryptoModule> crypto, AuthToken token)
        : crypto_(std::move(crypto)), token_(std::move(token)) {}

    AuthNonceBytes fresh_nonce() const;
    Sha256Digest proof(AuthRole prover, const AuthNonceBytes& client_nonce,
                       const AuthNonceBytes& server_nonce) const;
    // Whether `mac` is `prover`'s proof for these nonces, compared in constant time.
    bool verify(AuthRole prover, const AuthNonceBytes& client_nonce, const AuthNonceBytes& server_nonce,
                const Sha256Digest& mac) const;

    const CryptoModule& crypto() const noexcept { return *crypto_; }
    const std::string& origin() const noexcept { return token_.origin; }

private:
    std::shared_ptr<const CryptoModule> crypto_;
    AuthToken token_;
};

// The authenticator for --auth-token-file `option` (or $FIO_AUTH_TOKEN_FILE): null when
// neither names a token file; otherwise the token read and the crypto module loaded from
// `module_dirs`. Throws AuthTokenError or CryptoError (one line each).
std::shared_ptr<const Authenticator> make_authenticator(const std::string& option,
                                                        const std::vector<std::filesystem::path>& module_dirs);

}  // namespace fio::core
