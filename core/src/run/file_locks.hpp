// lockfile=: the locks that serialise jobs' I/O to a shared file. One lock per file for
// the whole process, held by a job around handing each I/O to its engine, as stock holds
// its file lock around its engine's queue: a sync engine's I/O is then serialised, an
// async engine's submission.
#pragma once

#include "jobs/environment_spec.hpp"

#include <fio/sdk/engine.hpp>

#include <shared_mutex>
#include <string>
#include <vector>

namespace fio::core {

class FileLocks {
public:
    // The locks of `paths` (by file index) in `mode`; with FileLock::none, no locks.
    FileLocks(FileLock mode, const std::vector<std::string>& paths);

    bool active() const noexcept { return mode_ != FileLock::none; }
    // Takes `unit`'s file lock: shared for a read in readwrite mode, alone otherwise.
    void lock(const sdk::IoUnit& unit);
    void unlock(const sdk::IoUnit& unit) noexcept;

private:
    bool shared(const sdk::IoUnit& unit) const noexcept {
        return mode_ == FileLock::readwrite && unit.direction == sdk::IoDirection::read;
    }

    FileLock mode_;
    std::vector<std::shared_mutex*> locks_;  // by file index
};

}  // namespace fio::core
