// --profile=tiobench: tiotest/tiobench's four phases over four files, each phase a job
// behind a stonewall: sequential write, random write, sequential read, random read.
#include "profiles/profile.hpp"
#include "profiles/profile_values.hpp"

#include <fmt/format.h>

#include <array>

namespace fio::core {
namespace {

constexpr std::array kOptions = {
    ProfileOption{"size", "Size in MiB"},
    ProfileOption{"block", "Block size in bytes"},
    ProfileOption{"numruns", "Number of runs"},
    ProfileOption{"dir", "Test directory"},
    ProfileOption{"threads", "Number of Threads"},
};

ProfileJobLines generate(const ProfileValues& values) {
    const std::uint64_t size_mib = profile_number(values, "size", 0, 1);
    const auto dir = values.find("dir");
    if (dir != values.end() && dir->second.empty()) throw ProfileError("--dir: a directory is required");
    ProfileJobLines jobs;
    jobs.lines = {
        "buffered=0",
        // Without a size, stock's: 4 KiB for every MiB of memory.
        size_mib ? fmt::format("size={}", size_mib * 1024 * 1024) : "size=4*1024*$mb_memory",
        fmt::format("bs={}", profile_number(values, "block", 4096, 1)),
        fmt::format("loops={}", profile_number(values, "numruns", 1, 1)),
        fmt::format("directory={}", dir != values.end() ? dir->second : "./"),
        fmt::format("numjobs={}", profile_number(values, "threads", 1, 1)),
        "timeout=600", "group_reporting", "thread", "overwrite=1",
        "filename=.fio.tio.1:.fio.tio.2:.fio.tio.3:.fio.tio.4", "ioengine=sync",
        "name=seqwrite", "rw=write", "end_fsync=1",
        "name=randwrite", "stonewall", "rw=randwrite", "end_fsync=1",
        "name=seqread", "stonewall", "rw=read",
        "name=randread", "stonewall", "rw=randread",
    };
    return jobs;
}

}  // namespace

const Profile& tiobench_profile() {
    static const Profile profile{"tiobench", kOptions, generate};
    return profile;
}

}  // namespace fio::core
