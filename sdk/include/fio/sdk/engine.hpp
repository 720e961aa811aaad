// The I/O engine interface.
//
// One Engine instance serves one job thread and is only ever called from it, so an
// engine needs no locks. The core owns files, buffers and IoUnits; the engine moves
// bytes. The hot path is queue() / commit() / reap(): it must not allocate, lock or
// make syscalls beyond the I/O itself.
//
// Life of an I/O:
//   1. The core fills an IoUnit (direction, file, offset, length, buffer) and calls
//      queue(unit).
//   2. queue() returns
//        completed - done already (sync engines); `unit.result` holds the outcome;
//        queued    - accepted; the core calls commit() to submit everything queued and
//                    later reap() to collect it;
//        busy      - no room now; the core reaps something and tries again.
//   3. reap(min, max, out, timeout_ns) waits until at least `min` units completed (or
//      the timeout passed) and returns how many it stored into `out` (<= max), or a
//      negative errno on an engine failure.
// `unit.result` is the byte count transferred (a short transfer is < length) or a
// negative errno.
//
// What the host promises reap() (ABI 1.5 writes down what every host did):
//   - 1 <= min <= max <= the units in flight: queued, committed and not yet reaped. The
//     host never waits for an I/O it has not handed over, so an engine need not handle
//     a `min` it cannot reach; it may return fewer than `min` only when the timeout
//     ended the wait (the host then calls again), never more than `max`.
//   - commit() was called after the last queue() that returned queued.
//   - it is called from the job thread only, like everything else of an Engine.
// Times are nanoseconds everywhere (IoUnit's *_ns, timeout_ns, time options).
//
// A failed I/O: set `unit.result` to -errno. The host prints the job's error line from
// it ("read error on file F: <strerror>: offset=..., length=..."); an engine with more to
// say (a status code, a sense key, which replica failed) returns that from
// io_error_text(unit) (ABI 1.5), which the host appends to the line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "fio/sdk/options.hpp"

namespace fio::sdk {

enum class IoDirection : std::uint8_t { read = 0, write = 1, trim = 2, sync = 3 };
inline constexpr int kDataDirections = 3;  // read, write, trim carry bytes

enum class QueueStatus : std::uint8_t { completed, queued, busy };

// What a sync I/O (direction sync) asks for (ABI 1.1; engines built against 1.0 never
// see anything but fsync, the core refuses the others for them).
//   fsync      - fsync(2) of the file;
//   fdatasync  - fdatasync(2) of the file;
//   file_range - sync_file_range(2) of [offset, offset + length) with the
//                SYNC_FILE_RANGE_* flags in sync_range_flags; with kSyncRangeToEnd set
//                there, from offset to the end of the file (a range too long for
//                length); length 0 without it means nothing was written since the last
//                one: complete at once without a system call.
enum class SyncKind : std::uint8_t { fsync = 0, fdatasync = 1, file_range = 2 };
inline constexpr std::uint32_t kSyncRangeToEnd = 1u << 31;

// A file the job does I/O to. The core opens it (unless the engine's descriptor has
// kEngineDiskless, which gets one handle with fd -1) and
// keeps it open for the job; the engine may register it in open_file().
struct FileHandle {
    const char* path = nullptr;
    int fd = -1;
    std::uint64_t size = 0;          // bytes available for I/O
    std::uint32_t index = 0;         // position in the job's file list
    void* engine_data = nullptr;     // free for the engine
};

struct IoUnit {
    // Set by the core before queue().
    IoDirection direction = IoDirection::read;
    SyncKind sync_kind = SyncKind::fsync;  // direction sync only; in former padding (1.1)
    // The I/O's priority (ioprio_set(2) encoding: class << 13 | level): the core sets
    // the job's own (0: none); an engine that issues the I/O with another priority
    // (cmdprio_*) writes that one here, so the logs show what the device was asked.
    // It sits in what was padding in ABI 1.0: no size or offset changed.
    std::uint16_t ioprio = 0;
    std::uint32_t sync_range_flags = 0;  // SyncKind::file_range only; former padding (1.1)
    FileHandle* file = nullptr;
    std::uint64_t offset = 0;
    std::uint32_t length = 0;
    void* buffer = nullptr;
    std::uint32_t index = 0;          // 0..iodepth-1, stable for the unit's lifetime
    std::uint64_t start_ns = 0;       // when the core began preparing this I/O
    std::uint64_t issue_ns = 0;       // when it was handed to the engine (see traits)

    // Set by the engine.
    std::int64_t result = 0;          // bytes transferred, or -errno

    void* engine_data = nullptr;      // free for the engine
};

static_assert(sizeof(IoUnit) == 80 && offsetof(IoUnit, file) == 8 &&
                  offsetof(IoUnit, ioprio) == 2 && offsetof(IoUnit, sync_range_flags) == 4,
              "IoUnit's layout is part of the plugin ABI");

struct EngineTraits {
    bool completes_in_queue = false;     // a sync engine: queue() never returns queued
    bool needs_aligned_buffers = false;  // buffers must be page-aligned even without direct
    bool can_register_buffers = false;   // uses the buffers handed to register_buffers()
    bool sets_issue_time = false;        // writes unit.issue_ns itself (at real submission)
};

// What an engine asks of the core, written by its factory (ABI 1.1).
struct EngineRequests {
    // A pause after every completed I/O, as thinktime= with thinktime_blocks=1: cpuio's
    // idle share. The core's pacer sleeps it, so runtime= still ends the job on time.
    // 0: none (the job's own thinktime applies).
    std::uint64_t think_time_ns = 0;
    // End this job once no job of the run that moves data (no kEngineNoData) is left
    // running or waiting to start: cpuio's exit_on_io_done.
    bool end_with_io_jobs = false;
};

struct EngineSetup {
    const char* job_name = "";
    std::uint32_t thread_index = 0;   // clone number within the job
    std::uint32_t iodepth = 1;
    bool direct = false;              // O_DIRECT requested
    std::uint64_t max_block_size = 0;
    const OptionValues* options = nullptr;  // the engine's own options, parsed
    bool random = false;              // offsets are random (for access-pattern hints)
    // --- ABI 1.1 ---
    EngineRequests* requests = nullptr;  // never null from a 1.1 host
    std::uint64_t runtime_ns = 0;        // the job's runtime= (0: none), for exec's %r
};

class Engine {
public:
    virtual ~Engine() = default;

    virtual EngineTraits traits() const = 0;

    // Called once per file after the core opened it; the engine may register it.
    // Returns 0 or a negative errno.
    virtual int open_file(FileHandle& /*file*/) { return 0; }
    virtual void close_file(FileHandle& /*file*/) {}

    // Called once before the first I/O with every buffer the job will use.
    virtual int register_buffers(void* const* /*buffers*/, std::size_t /*count*/,
                                 std::size_t /*buffer_size*/) {
        return 0;
    }

    virtual QueueStatus queue(IoUnit& unit) = 0;

    // Submits everything queued since the last commit. Returns 0 or a negative errno.
    virtual int commit() { return 0; }

    // See the file comment. `timeout_ns` < 0 waits without limit.
    virtual int reap(unsigned /*min*/, unsigned /*max*/, IoUnit** /*out*/,
                     std::int64_t /*timeout_ns*/) {
        return 0;
    }

    // A human-readable reason for the last negative return of open_file(), commit(),
    // reap() or register_buffers(), if the engine has one. It does not cover a failed
    // I/O (unit.result < 0): see io_error_text().
    virtual std::string last_error() const { return {}; }

    // --- ABI 1.5: appended; the host calls it only on engines built against >= 1.5 ---

    // The engine's own words on why `unit` failed (unit.result < 0), or nullptr for
    // none: the host then prints strerror(-result) alone. Called on the job thread right
    // after the unit was completed or reaped, before it is queued again; the text must
    // stay valid until then (a per-unit buffer, or a static string). Must not throw.
    virtual const char* io_error_text(const IoUnit& /*unit*/) const noexcept { return nullptr; }
};

}  // namespace fio::sdk
