/* The fio-crypto module's interface: a versioned table of functions behind one C entry
 * symbol, so fio itself links no crypto library. The core loads fio-crypto.so (from next
 * to the plugins) only when a feature needs it (an --auth-token-file), calls
 * fio_crypto_api(FIO_CRYPTO_API_VERSION) and checks what comes back before using it.
 *
 * Versioning: api_version is the table's layout version. A host refuses a module whose
 * version differs from its own, or whose table is smaller than the host needs. New
 * functions are appended at the end (table_size grows); a changed signature bumps the
 * version. */
#ifndef FIO_CRYPTO_CRYPTO_API_H
#define FIO_CRYPTO_CRYPTO_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FIO_CRYPTO_API_VERSION 1u
#define FIO_CRYPTO_ENTRY_SYMBOL "fio_crypto_api"
#define FIO_CRYPTO_MODULE_FILE "fio-crypto.so"
#define FIO_CRYPTO_SHA256_SIZE 32u

struct fio_crypto_table {
    uint32_t api_version;  /* FIO_CRYPTO_API_VERSION of the module */
    uint32_t table_size;   /* sizeof(struct fio_crypto_table) in the module */
    const char* backend;   /* e.g. "OpenSSL 3.0.19 27 Jan 2026" */
    /* HMAC-SHA256 of data under key into out (32 bytes). 0 on success. */
    int (*hmac_sha256)(const uint8_t* key, size_t key_size, const uint8_t* data, size_t data_size,
                       uint8_t out[FIO_CRYPTO_SHA256_SIZE]);
    /* size bytes from the cryptographic random generator. 0 on success. */
    int (*random_bytes)(uint8_t* out, size_t size);
    /* 1 when a and b (size bytes each) are equal; time independent of the contents. */
    int (*equal_constant_time)(const uint8_t* a, const uint8_t* b, size_t size);
};

/* The entry symbol: the module's table, or NULL when it cannot serve a host of
 * host_api_version. */
typedef const struct fio_crypto_table* (*fio_crypto_entry)(uint32_t host_api_version);

#ifdef __cplusplus
}
#endif

#endif
