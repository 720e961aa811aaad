#include "run/cache_hints.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

namespace fio::core {

CacheHints::CacheHints(const JobSpec& job, std::uint64_t region_offset,
                       std::uint64_t region_bytes)
    : drops_(job.invalidate && !job.layout.pre_read),
      reopens_per_pass_(!job.time_based),
      direct_(job.direct),
      offset_(region_offset),
      length_(region_bytes) {
    switch (job.fadvise_hint) {
        case FadviseHint::none: advice_ = -1; break;
        case FadviseHint::by_pattern:
            advice_ = is_random(job.rw) ? POSIX_FADV_RANDOM : POSIX_FADV_SEQUENTIAL;
            break;
        case FadviseHint::random: advice_ = POSIX_FADV_RANDOM; break;
        case FadviseHint::sequential: advice_ = POSIX_FADV_SEQUENTIAL; break;
    }
}

std::string CacheHints::on_open(const std::vector<sdk::FileHandle>& files) {
    kinds_.clear();
    for (const auto& file : files) {
        struct stat st {};
        FileKind kind = FileKind::other;
        if (file.fd >= 0 && ::fstat(file.fd, &st) == 0) {
            kind = S_ISREG(st.st_mode)   ? FileKind::regular
                   : S_ISBLK(st.st_mode) ? FileKind::block_device
                                         : FileKind::other;
        }
        kinds_.push_back(kind);
        if (drops_) {
            if (const int error = drop(file, kind); error != 0) {
                return fmt::format("{}: cannot drop its cached pages (invalidate=1): {}",
                                   file.path ? file.path : "?", std::strerror(error));
            }
        }
        hint(file, kind);
    }
    return {};
}

void CacheHints::on_new_pass(const std::vector<sdk::FileHandle>& files) noexcept {
    for (std::size_t i = 0; i < files.size(); ++i) on_file_pass(files, i);
}

void CacheHints::on_file_pass(const std::vector<sdk::FileHandle>& files,
                              std::size_t index) noexcept {
    if (index >= files.size() || index >= kinds_.size()) return;
    // As stock, a drop that fails between passes is not an error of the job.
    if (drops_ && (reopens_per_pass_ || !direct_)) drop(files[index], kinds_[index]);
    if (reopens_per_pass_) hint(files[index], kinds_[index]);
}

int CacheHints::drop(const sdk::FileHandle& file, FileKind kind) const noexcept {
    switch (kind) {
        case FileKind::regular:
            return ::posix_fadvise(file.fd, static_cast<off_t>(offset_),
                                   static_cast<off_t>(length_), POSIX_FADV_DONTNEED);
        case FileKind::block_device:
            // The whole device's buffers; only root may (stock skips it for others).
            if (::ioctl(file.fd, BLKFLSBUF, 0) != 0 && errno != EACCES && errno != EPERM) {
                return errno;
            }
            return 0;
        case FileKind::other:
            return 0;
    }
    return 0;
}

void CacheHints::hint(const sdk::FileHandle& file, FileKind kind) noexcept {
    if (advice_ < 0 || kind == FileKind::other) return;
    if (::posix_fadvise(file.fd, static_cast<off_t>(offset_), static_cast<off_t>(length_),
                        advice_) != 0 &&
        !hint_failed_) {
        hint_failed_ = true;
        std::fprintf(stderr, "fio: %s: the fadvise_hint was refused by the kernel\n",
                     file.path ? file.path : "?");
    }
}

}  // namespace fio::core
