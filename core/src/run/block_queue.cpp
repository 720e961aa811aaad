#include "run/block_queue.hpp"

#include <fmt/format.h>

#include <sys/sysmacros.h>

#include <filesystem>

namespace fio::core {

std::string block_queue_dir(const struct stat& st) {
    const dev_t device = S_ISBLK(st.st_mode) ? st.st_rdev : st.st_dev;
    const std::string node = fmt::format("/sys/dev/block/{}:{}", major(device), minor(device));
    std::error_code ignored;
    if (std::filesystem::is_directory(node + "/queue", ignored)) return node + "/queue";
    // A partition has no queue of its own: its parent disk's applies.
    if (std::filesystem::is_directory(node + "/../queue", ignored)) return node + "/../queue";
    return {};
}

std::string block_queue_dir(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    return block_queue_dir(st);
}

}  // namespace fio::core
