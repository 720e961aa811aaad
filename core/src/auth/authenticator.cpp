#include "auth/authenticator.hpp"

#include <algorithm>
#include <string_view>

namespace fio::core {
namespace {

// Both labels have the same length, and the nonces a fixed one: the input is unambiguous.
constexpr std::string_view kClientLabel = "fio-auth-v1 client";
constexpr std::string_view kServerLabel = "fio-auth-v1 server";
static_assert(kClientLabel.size() == kServerLabel.size());

std::span<const std::uint8_t> bytes_of(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

std::vector<std::uint8_t> proof_input(AuthRole prover, const AuthNonceBytes& client_nonce,
                                      const AuthNonceBytes& server_nonce) {
    const std::string_view label = prover == AuthRole::client ? kClientLabel : kServerLabel;
    std::vector<std::uint8_t> input(label.size() + client_nonce.size() + server_nonce.size());
    auto at = std::copy(label.begin(), label.end(), input.begin());
    at = std::copy(client_nonce.begin(), client_nonce.end(), at);
    std::copy(server_nonce.begin(), server_nonce.end(), at);
    return input;
}

AuthNonceBytes Authenticator::fresh_nonce() const {
    AuthNonceBytes nonce{};
    crypto_->random_bytes(nonce);
    return nonce;
}

Sha256Digest Authenticator::proof(AuthRole prover, const AuthNonceBytes& client_nonce,
                                  const AuthNonceBytes& server_nonce) const {
    return crypto_->hmac_sha256(bytes_of(token_.secret), proof_input(prover, client_nonce, server_nonce));
}

bool Authenticator::verify(AuthRole prover, const AuthNonceBytes& client_nonce,
                           const AuthNonceBytes& server_nonce, const Sha256Digest& mac) const {
    const Sha256Digest expected = proof(prover, client_nonce, server_nonce);
    return crypto_->equal(expected, mac);
}

std::shared_ptr<const Authenticator> make_authenticator(const std::string& option,
                                                        const std::vector<std::filesystem::path>& module_dirs) {
    std::string origin;
    const std::optional<std::string> path = auth_token_file(option, origin);
    if (!path) return nullptr;
    AuthToken token = read_auth_token(*path, origin);
    return std::make_shared<const Authenticator>(CryptoModule::load(module_dirs), std::move(token));
}

}  // namespace fio::core
