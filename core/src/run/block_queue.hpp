// The sysfs queue directory (/sys/dev/block/MAJ:MIN/queue) of the block device under a
// file: the device itself for a block device, else the one holding the file system; a
// partition's is its disk's.
#pragma once

#include <sys/stat.h>

#include <string>

namespace fio::core {

// The queue directory of the device `st` describes; empty when there is none (a file
// on tmpfs, overlayfs ...).
std::string block_queue_dir(const struct stat& st);
// The same for `path`; empty too when it cannot be stat'ed.
std::string block_queue_dir(const std::string& path);

}  // namespace fio::core
