#include "auth/crypto_module.hpp"

#include "plugins/plugin_loader.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <system_error>

namespace fio::core {
namespace fs = std::filesystem;

namespace {

// Everything this fio calls: the table up to and including equal_constant_time.
constexpr std::size_t kNeededTableSize =
    offsetof(fio_crypto_table, equal_constant_time) + sizeof(fio_crypto_table::equal_constant_time);

}  // namespace

std::string check_crypto_table(const fio_crypto_table* table) {
    if (table == nullptr) {
        return fmt::format("it serves no host of crypto API version {} (the module is of another fio release)",
                           FIO_CRYPTO_API_VERSION);
    }
    if (table->api_version != FIO_CRYPTO_API_VERSION) {
        return fmt::format("crypto API version {}, but this fio needs version {}; install the fio-crypto "
                           "module of this fio release",
                           table->api_version, FIO_CRYPTO_API_VERSION);
    }
    if (table->table_size < kNeededTableSize) {
        return fmt::format("its function table is {} bytes, this fio needs {}", table->table_size,
                           kNeededTableSize);
    }
    if (!table->hmac_sha256 || !table->random_bytes || !table->equal_constant_time) {
        return "its function table has empty entries";
    }
    return {};
}

std::shared_ptr<const CryptoModule> CryptoModule::load_file(const fs::path& path) {
    namespace dll = boost::dll;
    dll::shared_library library;
    try {
        library.load(path, dll::load_mode::rtld_local | dll::load_mode::rtld_now);
    } catch (const std::exception& e) {
        throw CryptoError(fmt::format("crypto module {}: {}", path.string(), describe_open_failure(path, e)));
    }
    if (!library.has(FIO_CRYPTO_ENTRY_SYMBOL)) {
        throw CryptoError(fmt::format("crypto module {}: it does not export '{}'", path.string(),
                                      FIO_CRYPTO_ENTRY_SYMBOL));
    }
    const fio_crypto_table* table =
        library.get<const fio_crypto_table*(std::uint32_t)>(FIO_CRYPTO_ENTRY_SYMBOL)(FIO_CRYPTO_API_VERSION);
    if (std::string reason = check_crypto_table(table); !reason.empty()) {
        throw CryptoError(fmt::format("crypto module {}: {}", path.string(), reason));
    }
    return std::make_shared<const CryptoModule>(std::move(library), table, path);
}

std::shared_ptr<const CryptoModule> CryptoModule::load(const std::vector<fs::path>& dirs) {
    std::string looked;
    for (const auto& dir : dirs) {
        const fs::path candidate = dir / FIO_CRYPTO_MODULE_FILE;
        std::error_code ec;
        if (fs::exists(candidate, ec)) return load_file(candidate);
        looked += (looked.empty() ? "" : ", ") + dir.string();
    }
    throw CryptoError(fmt::format("the crypto module {} was not found (looked in {}); it comes with fio, "
                                  "next to its plugins",
                                  FIO_CRYPTO_MODULE_FILE, looked.empty() ? "no directory" : looked));
}

Sha256Digest CryptoModule::hmac_sha256(std::span<const std::uint8_t> key,
                                       std::span<const std::uint8_t> data) const {
    Sha256Digest out{};
    if (table_->hmac_sha256(key.data(), key.size(), data.data(), data.size(), out.data()) != 0) {
        throw CryptoError(fmt::format("crypto module {}: HMAC-SHA256 failed", path_.string()));
    }
    return out;
}

void CryptoModule::random_bytes(std::span<std::uint8_t> out) const {
    if (table_->random_bytes(out.data(), out.size()) != 0) {
        throw CryptoError(fmt::format("crypto module {}: the random generator failed", path_.string()));
    }
}

bool CryptoModule::equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) const {
    return a.size() == b.size() && table_->equal_constant_time(a.data(), b.data(), a.size()) == 1;
}

}  // namespace fio::core
