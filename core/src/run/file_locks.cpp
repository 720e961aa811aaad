#include "run/file_locks.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace fio::core {
namespace {

// The process's lock of the file at `path`, made on first use and kept for the run
// (a few bytes per file). Paths are compared in canonical form, so "./f" and "f" meet.
std::shared_mutex& lock_of(const std::string& path) {
    static std::mutex registry_mutex;
    static std::map<std::string, std::unique_ptr<std::shared_mutex>> registry;
    std::error_code ignored;
    std::string key = std::filesystem::weakly_canonical(path, ignored).string();
    if (key.empty()) key = path;
    const std::lock_guard guard(registry_mutex);
    auto& lock = registry[key];
    if (!lock) lock = std::make_unique<std::shared_mutex>();
    return *lock;
}

}  // namespace

FileLocks::FileLocks(FileLock mode, const std::vector<std::string>& paths) : mode_(mode) {
    if (mode_ == FileLock::none) return;
    for (const auto& path : paths) locks_.push_back(&lock_of(path));
}

void FileLocks::lock(const sdk::IoUnit& unit) {
    std::shared_mutex& lock = *locks_[unit.file->index];
    if (shared(unit)) {
        lock.lock_shared();
    } else {
        lock.lock();
    }
}

void FileLocks::unlock(const sdk::IoUnit& unit) noexcept {
    std::shared_mutex& lock = *locks_[unit.file->index];
    if (shared(unit)) {
        lock.unlock_shared();
    } else {
        lock.unlock();
    }
}

}  // namespace fio::core
