// The payloads of the authentication handshake (SDK 1.4; docs/protocol.md,
// "Authentication"): a fresh 32-byte nonce from each side, then an HMAC-SHA256 proof from
// each side. Nonces and proofs travel as CBOR byte strings of exactly 32 bytes; anything
// else is refused with one line, like every other payload.
//
//   client -> server  auth_hello      AuthNonce {"n": client nonce}
//   server -> client  auth_challenge  AuthNonce {"n": server nonce}
//   client -> server  auth_proof      AuthProof {"mac": HMAC(token, "fio-auth-v1 client" | Nc | Ns)}
//   server -> client  auth_proof      AuthProof {"mac": HMAC(token, "fio-auth-v1 server" | Nc | Ns)}
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fio/sdk/wire_cbor.hpp"

namespace fio::sdk::wire {

inline constexpr std::size_t kAuthNonceSize = 32;
inline constexpr std::size_t kAuthMacSize = 32;  // HMAC-SHA256

struct AuthNonce {
    std::array<std::uint8_t, kAuthNonceSize> nonce{};
};

struct AuthProof {
    std::array<std::uint8_t, kAuthMacSize> mac{};
};

namespace detail {

// A byte string of exactly N bytes.
template <std::size_t N>
void get_fixed_bytes(Reader& r, const Json& map, const char* key, std::array<std::uint8_t, N>& out) {
    const Json* v = r.member(map, key);
    if (v == nullptr) return r.fail(key, "is missing");
    if (!v->is_binary()) return r.fail(key, "is not a byte string");
    const auto& bytes = v->get_binary();
    if (bytes.size() != N) return r.fail(key, "is not " + std::to_string(N) + " bytes long");
    std::copy(bytes.begin(), bytes.end(), out.begin());
}

template <std::size_t N>
Json fixed_bytes(const std::array<std::uint8_t, N>& bytes) {
    return Json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
}

}  // namespace detail

// ---- AuthNonce: {"n": 32 bytes} ----

inline std::vector<std::uint8_t> encode_payload(const AuthNonce& value, std::uint16_t minor = kPayloadMinor) {
    detail::Json map = detail::payload_map(minor);
    map["n"] = detail::fixed_bytes(value.nonce);
    return detail::to_bytes(map);
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, AuthNonce& out, std::string& error) {
    return detail::decode_with(bytes, out, error, "authentication nonce",
                               [](detail::Reader& r, const detail::Json& map, AuthNonce& a) {
                                   detail::get_fixed_bytes(r, map, "n", a.nonce);
                               });
}

// ---- AuthProof: {"mac": 32 bytes} ----

inline std::vector<std::uint8_t> encode_payload(const AuthProof& value, std::uint16_t minor = kPayloadMinor) {
    detail::Json map = detail::payload_map(minor);
    map["mac"] = detail::fixed_bytes(value.mac);
    return detail::to_bytes(map);
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, AuthProof& out, std::string& error) {
    return detail::decode_with(bytes, out, error, "authentication proof",
                               [](detail::Reader& r, const detail::Json& map, AuthProof& a) {
                                   detail::get_fixed_bytes(r, map, "mac", a.mac);
                               });
}

}  // namespace fio::sdk::wire
