// fio-crypto.so: the few primitives fio needs from OpenSSL's libcrypto (HMAC-SHA256, the
// random generator, a constant-time comparison) behind the table of crypto_api.h. It is
// the only part of fio linked with libcrypto, loaded at run time only when needed.
#include <fio/crypto/crypto_api.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/opensslv.h>
#include <openssl/rand.h>

#include <climits>

namespace {

int hmac_sha256(const uint8_t* key, size_t key_size, const uint8_t* data, size_t data_size,
                uint8_t out[FIO_CRYPTO_SHA256_SIZE]) {
    if (key_size > INT_MAX) return -1;
    unsigned int out_size = 0;
    const unsigned char* mac = HMAC(EVP_sha256(), key, static_cast<int>(key_size), data, data_size, out,
                                    &out_size);
    return mac != nullptr && out_size == FIO_CRYPTO_SHA256_SIZE ? 0 : -1;
}

int random_bytes(uint8_t* out, size_t size) {
    if (size > INT_MAX) return -1;
    return RAND_bytes(out, static_cast<int>(size)) == 1 ? 0 : -1;
}

int equal_constant_time(const uint8_t* a, const uint8_t* b, size_t size) {
    return CRYPTO_memcmp(a, b, size) == 0 ? 1 : 0;
}

const fio_crypto_table kTable = {
    FIO_CRYPTO_API_VERSION, sizeof(fio_crypto_table), OPENSSL_VERSION_TEXT,
    hmac_sha256,            random_bytes,           equal_constant_time,
};

}  // namespace

extern "C" __attribute__((visibility("default"))) const fio_crypto_table* fio_crypto_api(
    uint32_t host_api_version) {
    return host_api_version == FIO_CRYPTO_API_VERSION ? &kTable : nullptr;
}
