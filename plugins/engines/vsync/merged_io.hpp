// How vsync turns queued units into readv(2)/writev(2) calls: a run of units that are
// contiguous in one file and go the same direction becomes one vectored call after
// one lseek(2), and the byte count that call returns is handed back unit by unit.
//
// The results are those each unit would get if it were issued on its own: a unit the
// transfer covered gets its length, the unit where it stopped gets the part it got (a
// short result), and the units after it are issued again. So an error or a short
// transfer never spills onto units it did not touch. A call that moves nothing at all
// (end of file) ends the run: every unit left gets 0.
#pragma once

#include <fio/sdk/engine.hpp>

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fio::vsync {

class MergedIo {
public:
    explicit MergedIo(std::size_t max_units);

    // How many units from `units[0]` on form one run (at least 1 when count > 0).
    std::size_t run_length(sdk::IoUnit* const* units, std::size_t count) const noexcept;

    // Issues a run (as found by run_length) and sets every unit's result and issue time.
    void issue(sdk::IoUnit* const* run, std::size_t count) noexcept;

    // The file position is remembered per file so sequential runs skip the lseek.
    void track(const sdk::FileHandle& file);
    void forget(const sdk::FileHandle& file) noexcept;

private:
    // One vectored call for the head of the run; returns how many units it settled
    // (at least one).
    std::size_t issue_once(sdk::IoUnit* const* run, std::size_t count) noexcept;
    bool seek(const sdk::FileHandle& file, std::uint64_t offset) noexcept;
    // A file the engine was not told about (no open_file) always seeks.
    std::uint64_t& position_of(const sdk::FileHandle& file) noexcept;

    static constexpr std::uint64_t kUnknownPosition = ~0ull;
    std::vector<iovec> iovecs_;
    std::vector<std::uint64_t> positions_;  // by FileHandle::index
    std::uint64_t untracked_ = kUnknownPosition;
};

}  // namespace fio::vsync
