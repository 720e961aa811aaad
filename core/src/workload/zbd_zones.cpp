#include "workload/zbd_zones.hpp"

#include <algorithm>

namespace fio::core {

ZbdZones::ZbdZones(std::uint64_t zone_size, std::uint64_t zone_capacity,
                   std::uint32_t max_open_zones, std::uint64_t file_size)
    : zone_size_(zone_size ? zone_size : 1),
      capacity_(zone_capacity ? std::min(zone_capacity, zone_size_) : zone_size_),
      max_open_(max_open_zones) {
    // Zones cover the whole file; the last one may extend past its end (as in fio).
    const std::uint64_t count = std::max<std::uint64_t>(1, (file_size + zone_size_ - 1) / zone_size_);
    wp_.resize(count);
    for (std::uint64_t i = 0; i < count; ++i) wp_[i] = i * zone_size_;
}

ZbdJobView ZbdZones::view(std::uint64_t start, std::uint64_t bytes) const noexcept {
    ZbdJobView job;
    job.region_start = start;
    job.region_bytes = bytes;
    // As fio: the zones from the one holding the start up to (not including) the one
    // holding the end; write regions are whole zones, so that is all of them.
    job.first_zone = static_cast<std::uint32_t>(std::min<std::uint64_t>(start / zone_size_, wp_.size()));
    job.end_zone = static_cast<std::uint32_t>(std::min<std::uint64_t>((start + bytes) / zone_size_, wp_.size()));
    return job;
}

std::uint32_t ZbdZones::zone_of(std::uint64_t offset) const noexcept {
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(offset / zone_size_, wp_.size() - 1));
}

bool ZbdZones::is_open(std::uint32_t zone) const noexcept {
    return std::find(open_.begin(), open_.end(), zone) != open_.end();
}

bool ZbdZones::adjust(ZbdJobView& job, bool write, std::uint64_t& offset, std::uint64_t& length) {
    std::lock_guard lock(mutex_);
    return write ? adjust_write(job, offset, length) : adjust_read(job, offset, length);
}

bool ZbdZones::adjust_write(ZbdJobView& job, std::uint64_t& offset, std::uint64_t& length) {
    if (length > zone_size_) return false;
    std::uint32_t zone = zone_of(offset);
    if (!open_zone(job, zone) && !pick_open_zone(job, offset, zone)) return false;
    const std::uint64_t min = std::max<std::uint64_t>(1, job.min_write);
    bool forced = false;
    if (job.reset_every != 0 && data_bytes_ >= job.reset_above) {
        if (writes_to_reset_ > 0) --writes_to_reset_;
        if (writes_to_reset_ == 0) {
            writes_to_reset_ = job.reset_every;
            forced = true;
        }
    }
    if (forced || wp_[zone] + min > capacity_end(zone)) {
        // Forced, or no room for another write: the zone starts over (a reset of
        // an empty zone is no reset).
        if (wp_[zone] > start_of(zone)) {
            data_bytes_ -= wp_[zone] - start_of(zone);
            wp_[zone] = start_of(zone);
            ++job.resets;
        }
        if (capacity_ < min) return false;
    }
    offset = wp_[zone];
    const std::uint64_t fits = std::min(length, capacity_end(zone) - offset) / min * min;
    if (fits < min) return false;
    length = fits;
    wp_[zone] = offset + fits;
    data_bytes_ += fits;
    // fio closes the zone when the write that fills it completes; nothing can be
    // written to it in between, so closing it now changes no offset.
    if (wp_[zone] >= capacity_end(zone)) close_zone(job, zone);
    return true;
}

bool ZbdZones::open_zone(ZbdJobView& job, std::uint32_t zone) {
    if (max_open_ == 0) return true;  // no limit: open zones are not tracked
    if (is_open(zone)) return wp_[zone] < capacity_end(zone);
    if (job.max_open != 0 && job.open >= job.max_open) return false;
    if (open_.size() >= max_open_) return false;
    open_.push_back(zone);
    ++job.open;
    return true;
}

void ZbdZones::close_zone(ZbdJobView& job, std::uint32_t zone) {
    const auto it = std::find(open_.begin(), open_.end(), zone);
    if (it == open_.end()) return;
    open_.erase(it);
    if (job.open > 0) --job.open;
}

bool ZbdZones::pick_open_zone(ZbdJobView& job, std::uint64_t offset, std::uint32_t& zone) {
    const std::uint64_t min = std::max<std::uint64_t>(1, job.min_write);
    const auto in_region = [&](std::uint32_t z) { return z >= job.first_zone && z < job.end_zone; };
    const auto has_room = [&](std::uint32_t z) { return wp_[z] + min <= capacity_end(z); };
    std::uint32_t z = 0;
    if (!open_.empty()) {
        // The open zone at the write's relative place in the region, or the next one
        // (cyclically) that belongs to the job's zones.
        const std::uint64_t into = offset > job.region_start ? offset - job.region_start : 0;
        const std::uint64_t first =
            job.region_bytes ? std::min<std::uint64_t>(into * open_.size() / job.region_bytes,
                                                       open_.size() - 1)
                             : 0;
        bool found = false;
        for (std::size_t i = 0; i < open_.size() && !found; ++i) {
            z = open_[(first + i) % open_.size()];
            found = in_region(z);
        }
        if (!found) return false;
        if (has_room(z)) {
            zone = z;
            return true;
        }
    } else {
        z = std::clamp(zone_of(offset), job.first_zone,
                       job.end_zone > job.first_zone ? job.end_zone - 1 : job.first_zone);
    }
    // That zone is full: open another, the first one after it that the limits allow.
    const std::uint64_t region_end = job.region_start + job.region_bytes;
    for (std::uint64_t tries = job.region_bytes / zone_size_; tries > 0; --tries) {
        ++z;
        if (z >= wp_.size() || start_of(z) < job.region_start || start_of(z) >= region_end) {
            z = job.first_zone;
        }
        if (is_open(z)) continue;
        if (open_zone(job, z)) {
            zone = z;
            return true;
        }
    }
    // Or any open zone of the job's with room left.
    for (const std::uint32_t candidate : open_) {
        if (in_region(candidate) && has_room(candidate)) {
            zone = candidate;
            return true;
        }
    }
    return false;
}

bool ZbdZones::adjust_read(ZbdJobView& job, std::uint64_t& offset, std::uint64_t& length) {
    if (job.read_beyond_wp) return true;
    const std::uint64_t min = std::max<std::uint64_t>(1, job.min_read);
    const std::uint32_t origin = zone_of(offset);
    std::uint32_t zone = origin;
    std::uint64_t range = wp_[zone] - start_of(zone);
    if (range < min || (!job.random && offset + min > wp_[zone])) {
        if (!find_zone_with_data(job, zone, min, zone)) return false;
        range = wp_[zone] - start_of(zone);
        if (!job.random) offset = start_of(zone);
    }
    // Inside the zone's data, keeping a random offset's place in its zone.
    if (range <= length) {
        offset = start_of(zone);
    } else if (job.random) {
        offset = start_of(zone) + ((offset - start_of(origin)) % (range - length)) / min * min;
    }
    const std::uint64_t fits = std::min(length, wp_[zone] - offset) / min * min;
    if (fits < length) length = fits;
    return length > 0;
}

bool ZbdZones::find_zone_with_data(const ZbdJobView& job, std::uint32_t zone, std::uint64_t bytes,
                                   std::uint32_t& found) const {
    const auto has = [&](std::int64_t z) {
        const auto i = static_cast<std::uint32_t>(z);
        return start_of(i) + bytes <= wp_[i];
    };
    const std::int64_t first = job.first_zone;
    const std::int64_t end = job.end_zone;
    for (std::int64_t after = zone + 1, before = static_cast<std::int64_t>(zone) - 1;
         after < end || before >= first; ++after, --before) {
        if (after < end) {
            if (has(after)) {
                found = static_cast<std::uint32_t>(after);
                return true;
            }
        } else if (!job.random) {
            break;
        }
        if (job.random && before >= first && has(before)) {
            found = static_cast<std::uint32_t>(before);
            return true;
        }
    }
    return false;
}

void ZbdZones::start_job(const ZbdJobView& job) {
    std::lock_guard lock(mutex_);
    writes_to_reset_ = job.reset_every ? job.reset_every : ~0u;  // fio: UINT_MAX when off
}

bool ZbdZones::has_data() const {
    std::lock_guard lock(mutex_);
    return data_bytes_ > 0;
}

std::uint64_t ZbdZones::write_pointer(std::uint32_t zone) const {
    std::lock_guard lock(mutex_);
    return wp_.at(zone);
}

std::vector<std::uint32_t> ZbdZones::open_zones() const {
    std::lock_guard lock(mutex_);
    return open_;
}

}  // namespace fio::core
