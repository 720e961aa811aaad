// The fio-crypto module (crypto/): OpenSSL's HMAC-SHA256, random generator and
// constant-time comparison, opened at run time only by what needs them (an
// --auth-token-file), so the fio binary itself links no crypto library.
#pragma once

#include <fio/crypto/crypto_api.h>

#include <boost/dll/shared_library.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace fio::core {

// One line naming the module file and what went wrong.
class CryptoError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

using Sha256Digest = std::array<std::uint8_t, FIO_CRYPTO_SHA256_SIZE>;

class CryptoModule {
public:
    // Opens fio-crypto.so from the first of `dirs` that has it (the plugin search
    // path: next to the plugins, in the build tree and when installed). Throws
    // CryptoError listing where it looked, or why the file was refused.
    static std::shared_ptr<const CryptoModule> load(const std::vector<std::filesystem::path>& dirs);
    static std::shared_ptr<const CryptoModule> load_file(const std::filesystem::path& path);

    Sha256Digest hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) const;
    void random_bytes(std::span<std::uint8_t> out) const;
    // Equal sizes and contents; the time taken does not depend on the contents.
    bool equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) const;

    const std::filesystem::path& path() const noexcept { return path_; }
    std::string backend() const { return table_->backend ? table_->backend : "unknown"; }

    CryptoModule(boost::dll::shared_library library, const fio_crypto_table* table, std::filesystem::path path)
        : library_(std::move(library)), table_(table), path_(std::move(path)) {}

private:
    boost::dll::shared_library library_;
    const fio_crypto_table* table_;
    std::filesystem::path path_;
};

// Whether a module's table can serve this fio: "" when it can, else why not.
std::string check_crypto_table(const fio_crypto_table* table);

}  // namespace fio::core
