// --profile=act: the Aerospike Certification Tool's load on each device: 2000 small
// random reads and 1000 (in large-block units) random writes per second per load unit,
// rate-limited, for the whole test duration; or, with --prep, the device's preparation
// (zeroed sequentially, then salted with random 4 KiB writes).
#include "profiles/profile.hpp"
#include "profiles/profile_values.hpp"

#include <fmt/format.h>

#include <array>
#include <string>
#include <vector>

namespace fio::core {
namespace {

constexpr std::uint64_t kReadsPerLoad = 2000;
constexpr std::uint64_t kWritesPerLoad = 1000;  // counted in read-sized units, as ACT does
constexpr std::uint64_t kSliceSeconds = 3600;   // the report's pass/fail check period

constexpr std::array kOptions = {
    ProfileOption{"device-names", "Devices to use"},
    ProfileOption{"load", "ACT load multipler (default 1x)"},
    ProfileOption{"test-duration", "How long the entire test takes to run"},
    ProfileOption{"threads-per-queue", "Number of read IO threads per device"},
    ProfileOption{"read-req-num-512-blocks", "Number of 512B blocks to read at the time"},
    ProfileOption{"large-block-op-kbytes", "Size of large block ops in KiB (writes)"},
    ProfileOption{"prep", "Set to run ACT prep phase"},
};

std::vector<std::string> device_list(const ProfileValues& values) {
    const auto given = values.find("device-names");
    if (given == values.end() || given->second.empty()) {
        throw ProfileError("--profile=act: the devices to test are required (--device-names=DEV[,DEV...])");
    }
    std::vector<std::string> devices;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = given->second.find(',', start);
        devices.push_back(given->second.substr(start, comma - start));
        if (devices.back().empty()) {
            throw ProfileError(fmt::format("--device-names: an empty device name in '{}'", given->second));
        }
        if (comma == std::string::npos) return devices;
        start = comma + 1;
    }
}

void add_prep_jobs(std::vector<std::string>& lines, const std::string& device) {
    lines.insert(lines.end(), {
        "name=act-prep-zeroes-" + device, "filename=" + device, "bs=1048576", "zero_buffers",
        "rw=write",
        "name=act-prep-salt-" + device, "stonewall", "filename=" + device, "bs=4096",
        "ioengine=libaio", "iodepth=64", "rw=randwrite",
    });
}

ProfileJobLines generate(const ProfileValues& values) {
    const std::vector<std::string> devices = device_list(values);
    const std::uint64_t load = profile_number(values, "load", 1, 0);
    const std::uint64_t seconds = profile_seconds(values, "test-duration", 24 * 3600);
    const std::uint64_t readers = profile_number(values, "threads-per-queue", 8, 1);
    const std::uint64_t read_bytes = 512 * profile_number(values, "read-req-num-512-blocks", 3, 1);
    // Bytes, despite the name: stock's default is 131072 (write "128k").
    const std::uint64_t write_bytes = profile_number(values, "large-block-op-kbytes", 131072, 1);
    const std::uint64_t reads_per_write = write_bytes / read_bytes;
    if (reads_per_write == 0) {
        throw ProfileError(fmt::format("--large-block-op-kbytes: {} bytes is smaller than one read "
                                       "({} bytes, read-req-num-512-blocks x 512)",
                                       write_bytes, read_bytes));
    }
    const bool prep = profile_flag(values, "prep");

    ProfileJobLines jobs;
    jobs.lines = {"direct=1", "ioengine=sync", "random_generator=lfsr", "group_reporting=1", "thread"};
    for (const std::string& device : devices) {
        if (prep) {
            add_prep_jobs(jobs.lines, device);
            continue;
        }
        // As stock: these land in the globals before the first device's jobs, and in the
        // previous device's write job after that (the same values either way).
        jobs.lines.insert(jobs.lines.end(), {
            fmt::format("runtime={}s", seconds), "time_based=1",
            "name=act-read-" + device, "filename=" + device, "rw=randread",
            fmt::format("numjobs={}", readers),
            fmt::format("rate_iops={}", load * kReadsPerLoad / readers),
            fmt::format("bs={}", read_bytes),
            "name=act-write-" + device, "filename=" + device, "rw=randwrite",
            fmt::format("rate_iops={}", (load * kWritesPerLoad + reads_per_write - 1) / reads_per_write),
            fmt::format("bs={}", write_bytes),
        });
    }
    jobs.latencies_counted = !prep;
    jobs.latency_slices = static_cast<std::uint32_t>((seconds + kSliceSeconds - 1) / kSliceSeconds);
    return jobs;
}

}  // namespace

const Profile& act_profile() {
    static const Profile profile{"act", kOptions, generate};
    return profile;
}

}  // namespace fio::core
