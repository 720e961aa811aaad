// blktrace's binary trace records (blktrace(8), the kernel's blktrace_api.h), as
// `blkparse -d` writes them and read_iolog replays them: a 48-byte header per event,
// in the byte order of the machine that traced, followed by pdu_len bytes of payload.
//
//   u32 magic     0x65617400 | version (7)    u32 sequence
//   u64 time      nanoseconds                 u64 sector (512-byte units)
//   u32 bytes     u32 action                  u32 pid
//   u32 device    (major << 20 | minor)       u32 cpu
//   u16 error     u16 pdu_len
//
// The action's low 16 bits say what happened (queued, merged, completed, ...), its high
// 16 bits which categories the I/O belongs to (read, write, flush, discard, notify...).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace fio::core::blktrace {

inline constexpr std::size_t kRecordSize = 48;
inline constexpr std::uint32_t kMagic = 0x65617400;
inline constexpr std::uint32_t kVersion = 7;

// What happened (action & 0xffff).
inline constexpr std::uint32_t kQueue = 1;
inline constexpr std::uint32_t kBackMerge = 2;
inline constexpr std::uint32_t kFrontMerge = 3;
inline constexpr std::uint32_t kComplete = 8;

// Categories (action >> 16).
inline constexpr std::uint32_t category(std::uint32_t bit) noexcept { return bit << 16; }
inline constexpr std::uint32_t kRead = category(1u << 0);
inline constexpr std::uint32_t kWrite = category(1u << 1);
inline constexpr std::uint32_t kFlush = category(1u << 2);
inline constexpr std::uint32_t kPassThrough = category(1u << 9);  // SCSI pass-through
inline constexpr std::uint32_t kNotify = category(1u << 10);      // a message, not an I/O
inline constexpr std::uint32_t kDiscard = category(1u << 13);

struct Record {
    std::uint32_t magic = 0;
    std::uint32_t sequence = 0;
    std::uint64_t time_ns = 0;
    std::uint64_t sector = 0;
    std::uint32_t bytes = 0;
    std::uint32_t action = 0;
    std::uint32_t pid = 0;
    std::uint32_t device = 0;
    std::uint32_t cpu = 0;
    std::uint16_t error = 0;
    std::uint16_t pdu_len = 0;

    std::uint32_t what() const noexcept { return action & 0xffffu; }
    bool has(std::uint32_t category_bits) const noexcept { return (action & category_bits) != 0; }
    unsigned device_major() const noexcept { return device >> 20; }
    unsigned device_minor() const noexcept { return device & ((1u << 20) - 1); }
};

// Whether the first word of a file is blktrace's magic in either byte order; nullopt
// when it is not, else whether the records need swapping.
std::optional<bool> magic_needs_swap(std::uint32_t first_word) noexcept;

// The record in the kRecordSize bytes at `bytes`, swapped when `swap`.
Record decode_record(const unsigned char* bytes, bool swap) noexcept;
// The kRecordSize bytes of `record`, in this machine's order.
void encode_record(const Record& record, unsigned char* out) noexcept;

}  // namespace fio::core::blktrace
