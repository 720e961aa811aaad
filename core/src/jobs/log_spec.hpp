// The per-job log files a job asked for (write_bw_log, write_lat_log, write_iops_log,
// write_hist_log) and how they are written. Filled by options/logs_options.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fio::core {

// One kind of log: off, or on with a file name prefix ("" means the job's name, as a
// bare `write_bw_log` does in stock fio).
struct LogRequest {
    bool enabled = false;
    std::string prefix;

    bool operator==(const LogRequest&) const = default;
};

struct LogSpec {
    LogRequest bw;                       // P_bw[.N].log
    LogRequest lat;                      // P_lat, P_clat and P_slat[.N].log
    LogRequest iops;                     // P_iops[.N].log
    LogRequest hist;                     // P_clat_hist[.N].log
    std::uint32_t entries = 1024;        // records allocated up front (log_entries)
    std::uint64_t avg_msec = 0;          // 0: one line per I/O; else one per window
    std::uint64_t hist_msec = 0;         // 0: the histogram log stays empty
    std::uint32_t hist_coarseness = 0;   // each step halves the histogram's columns
    bool max_value = false;              // windows log their largest value, not the mean
    bool offset = false;                 // add the I/O's offset column
    bool prio = false;                   // the priority column is the full ioprio value
    bool per_job = true;                 // the thread number in the name; else shared, appended
    bool unix_epoch = false;             // time column: ms of the clock's epoch, not of job start
    bool alternate_epoch = false;
    std::int32_t epoch_clock_id = 0;     // clock_gettime clock of the two above (0: realtime)
    std::uint64_t compression_bytes = 0; // log_compression: deflate records in chunks of this
    std::vector<std::uint32_t> compression_cpus;  // log_compression_cpus: where that runs
    bool store_compressed = false;       // log_store_compressed: P_bw.N.log.fz, deflated samples

    bool any() const noexcept { return bw.enabled || lat.enabled || iops.enabled || hist.enabled; }

    // Stock fio stores memory addresses in place of a histogram log's counts when
    // log_store_compressed is set; ours is then written as text, and this says so.
    bool histogram_stays_text() const noexcept { return store_compressed && hist.enabled; }

    bool operator==(const LogSpec&) const = default;
};

}  // namespace fio::core
