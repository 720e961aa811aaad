#include "run/io_memory.hpp"

#include "debug/debug_log.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace fio::core {
namespace {

constexpr std::size_t kPage = 4096;

std::size_t round_up(std::size_t value, std::size_t unit) { return (value + unit - 1) / unit * unit; }

// The kernel's default huge page size (/proc/meminfo Hugepagesize), 0 if unknown.
std::size_t system_huge_page() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::size_t kib = 0;
    while (in >> key) {
        if (key == "Hugepagesize:" && in >> kib) return kib * 1024;
        in.ignore(1 << 10, '\n');
    }
    return 0;
}

std::size_t huge_size(const MemorySpec& spec, std::size_t bytes) {
    return round_up(bytes, std::max<std::size_t>(spec.huge_page_size, system_huge_page()));
}

[[noreturn]] void fail(const MemorySpec& spec, const char* mem, std::size_t bytes, const char* what) {
    const int error = errno;
    const bool huge = spec.type == MemoryType::shmhuge || spec.type == MemoryType::mmaphuge;
    throw IoMemoryError(error, fmt::format("mem={}: {} {} bytes of buffer memory: {}{}", mem, what,
                                           bytes, std::strerror(error),
                                           huge ? " (are huge pages allocated? see "
                                                  "/proc/sys/vm/nr_hugepages)"
                                                : ""));
}

}  // namespace

IoMemory::IoMemory(const MemorySpec& spec, std::size_t bytes) : type_(spec.type) {
    switch (spec.type) {
        case MemoryType::malloc: {
            size_ = round_up(bytes, kPage);
            data_ = static_cast<std::byte*>(std::aligned_alloc(kPage, size_));
            if (data_ == nullptr) {
                errno = ENOMEM;
                fail(spec, "malloc", size_, "cannot allocate");
            }
            return;
        }
        case MemoryType::shm:
        case MemoryType::shmhuge: {
            const bool huge = spec.type == MemoryType::shmhuge;
            const char* name = huge ? "shmhuge" : "shm";
            size_ = huge ? huge_size(spec, bytes) : round_up(bytes, kPage);
            const int id = ::shmget(IPC_PRIVATE, size_, IPC_CREAT | 0600 | (huge ? SHM_HUGETLB : 0));
            if (id < 0) fail(spec, name, size_, "cannot get");
            void* at = ::shmat(id, nullptr, 0);
            // Marked for removal at once: it goes when detached, however the run ends.
            ::shmctl(id, IPC_RMID, nullptr);
            if (at == reinterpret_cast<void*>(-1)) fail(spec, name, size_, "cannot attach");
            data_ = static_cast<std::byte*>(at);
            return;
        }
        case MemoryType::mmap:
        case MemoryType::mmaphuge:
        case MemoryType::mmapshared: {
            const bool huge = spec.type == MemoryType::mmaphuge;
            const char* name = spec.type == MemoryType::mmap       ? "mmap"
                               : spec.type == MemoryType::mmaphuge ? "mmaphuge"
                                                                   : "mmapshared";
            size_ = huge ? huge_size(spec, bytes) : round_up(bytes, kPage);
            int fd = -1;
            int flags = spec.type == MemoryType::mmapshared ? MAP_SHARED : MAP_PRIVATE;
            if (!spec.file.empty()) {
                fd = ::open(spec.file.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600);
                if (fd >= 0) {
                    created_file_ = spec.file;
                } else if (errno == EEXIST) {
                    fd = ::open(spec.file.c_str(), O_RDWR);
                }
                if (fd < 0) fail(spec, name, size_, fmt::format("cannot open {} for", spec.file).c_str());
                struct stat st {};
                if (::fstat(fd, &st) == 0 && static_cast<std::size_t>(st.st_size) < size_ &&
                    ::ftruncate(fd, static_cast<off_t>(size_)) != 0) {
                    const int error = errno;
                    ::close(fd);
                    errno = error;
                    fail(spec, name, size_, fmt::format("cannot size {} for", spec.file).c_str());
                }
                flags = MAP_SHARED;  // the file is the memory
            } else {
                flags |= MAP_ANONYMOUS | (huge ? MAP_HUGETLB : 0);
            }
            void* at = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, flags, fd, 0);
            const int error = errno;
            if (fd >= 0) ::close(fd);
            if (at == MAP_FAILED) {
                if (!created_file_.empty()) ::unlink(created_file_.c_str());
                errno = error;
                fail(spec, name, size_, "cannot map");
            }
            data_ = static_cast<std::byte*>(at);
            return;
        }
    }
}

IoMemory::~IoMemory() {
    switch (type_) {
        case MemoryType::malloc: std::free(data_); break;
        case MemoryType::shm:
        case MemoryType::shmhuge: ::shmdt(data_); break;
        case MemoryType::mmap:
        case MemoryType::mmaphuge:
        case MemoryType::mmapshared: ::munmap(data_, size_); break;
    }
    if (!created_file_.empty()) ::unlink(created_file_.c_str());
}

LockedMemory::LockedMemory(std::size_t bytes) : size_(round_up(bytes, kPage)) {
    if (size_ == 0) return;
    void* at = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (at == MAP_FAILED || ::mlock(at, size_) != 0) {
        const int error = errno;
        if (at != MAP_FAILED) ::munmap(at, size_);
        throw IoMemoryError(error, fmt::format("lockmem: cannot lock {} bytes in memory: {}", size_,
                                               std::strerror(error)));
    }
    data_ = at;
    debug(DebugType::mem, "lockmem: {} bytes locked at {}", size_, data_);
}

LockedMemory::~LockedMemory() {
    if (data_) ::munmap(data_, size_);
}

}  // namespace fio::core
