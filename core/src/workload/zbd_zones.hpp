// zonemode=zbd emulated on a regular file or a non-zoned block device, as stock fio
// 3.33 does it (checked against its write_iolog and --debug=zbd):
//  - the file is cut into zones of zonesize bytes from offset 0; the first
//    zonecapacity bytes of each can be written; all are sequential-write-required and
//    empty when the run starts: the write pointers live in memory only, shared by
//    every job of the run that uses the file (a read job after a write job sees what
//    the writer left);
//  - a write goes to the write pointer of the zone its offset falls in, cut to the
//    room left there; a zone without room for the smallest write is reset (emptied)
//    first, and counted as a zone reset of the job;
//  - max_open_zones caps the zones written at once (job_max_open_zones: per job). A
//    write whose zone cannot be opened goes to one of the open zones instead, picked
//    from where its offset lies in the job's region; a zone is closed when a write
//    reaches its capacity;
//  - zone_reset_threshold/frequency: once the zones hold that share of the job's
//    region, every 1/frequency-th write resets its zone first (garbage collection);
//  - reads stay below the write pointers (unless read_beyond_wp): a read in a zone
//    with too little data moves to the next zone that has some (sequential), or the
//    nearest one either way (random); when none has any, the job is over.
// One object per file, locked on every call: only zbd jobs pay for it.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

namespace fio::core {

// One job thread's side of a file's zones.
struct ZbdJobView {
    std::uint64_t region_start = 0;  // the job's region of the file (offset, io size)
    std::uint64_t region_bytes = 0;
    std::uint32_t first_zone = 0;    // zones of the region: [first_zone, end_zone)
    std::uint32_t end_zone = 0;
    std::uint32_t max_open = 0;      // job_max_open_zones; 0: no cap of its own
    std::uint32_t open = 0;          // zones this job opened that are still open
    bool random = false;             // the job's offsets are random
    bool read_beyond_wp = false;
    std::uint64_t min_read = 1;      // smallest read and write of the job
    std::uint64_t min_write = 1;
    std::uint64_t resets = 0;        // zones this job reset
    // zone_reset_threshold/frequency: with at least `reset_above` bytes of data in the
    // file's zones, one write in `reset_every` resets its zone first (0: never).
    std::uint64_t reset_above = 0;
    std::uint32_t reset_every = 0;
};

class ZbdZones {
public:
    // `file_size`: how far the zones reach (the last one may be cut short).
    ZbdZones(std::uint64_t zone_size, std::uint64_t zone_capacity, std::uint32_t max_open_zones,
             std::uint64_t file_size);

    std::uint64_t zone_size() const noexcept { return zone_size_; }
    std::uint64_t zone_capacity() const noexcept { return capacity_; }
    std::uint32_t max_open_zones() const noexcept { return max_open_; }
    std::uint32_t zone_count() const noexcept { return static_cast<std::uint32_t>(wp_.size()); }

    // A job's view of the region [start, start + bytes).
    ZbdJobView view(std::uint64_t start, std::uint64_t bytes) const noexcept;

    // Moves an I/O (absolute `offset`, `length`) to where the zones let it go and, for
    // a write, advances the write pointer past it. `offset` is where the job's offset
    // generator put it. False: the job can do no more I/O of this kind (fio's EOF).
    bool adjust(ZbdJobView& job, bool write, std::uint64_t& offset, std::uint64_t& length);

    // A job starts using the zones: the count towards the next forced reset starts
    // over at its reset_every (fio does this per job and file, on the file's count).
    void start_job(const ZbdJobView& job);

    // Whether any zone holds data (rw=randrw reads turn into writes until one does).
    bool has_data() const;

    // State, for tests and reports.
    std::uint64_t write_pointer(std::uint32_t zone) const;
    std::vector<std::uint32_t> open_zones() const;

private:
    bool adjust_write(ZbdJobView& job, std::uint64_t& offset, std::uint64_t& length);
    bool adjust_read(ZbdJobView& job, std::uint64_t& offset, std::uint64_t& length);
    std::uint32_t zone_of(std::uint64_t offset) const noexcept;
    std::uint64_t start_of(std::uint32_t zone) const noexcept { return zone * zone_size_; }
    std::uint64_t capacity_end(std::uint32_t zone) const noexcept {
        return start_of(zone) + capacity_;
    }
    bool is_open(std::uint32_t zone) const noexcept;
    // Adds the zone to the open set if the limits allow; true when it may be written.
    bool open_zone(ZbdJobView& job, std::uint32_t zone);
    void close_zone(ZbdJobView& job, std::uint32_t zone);
    // A zone to write when the write's own zone could not be opened; false: none.
    bool pick_open_zone(ZbdJobView& job, std::uint64_t offset, std::uint32_t& zone);
    // The zone nearest to `zone` (after it; or before it too when random) within the
    // job's zones that holds at least `bytes` of data; false: none.
    bool find_zone_with_data(const ZbdJobView& job, std::uint32_t zone, std::uint64_t bytes,
                             std::uint32_t& found) const;

    std::uint64_t zone_size_;
    std::uint64_t capacity_;
    std::uint32_t max_open_;                // 0: no limit (open zones are not tracked)
    mutable std::mutex mutex_;
    std::vector<std::uint64_t> wp_;         // write pointer of each zone (absolute)
    std::vector<std::uint32_t> open_;       // open zones, in the order they were opened
    std::uint64_t data_bytes_ = 0;          // bytes below the write pointers
    std::uint32_t writes_to_reset_ = 0;     // zone_reset_frequency's count down
};

}  // namespace fio::core
