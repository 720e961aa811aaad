#include "verify/verifier.hpp"

#include "verify/async_checker.hpp"
#include "verify/block_check.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace fio::core {

Verifier::Verifier(const JobSpec& job, std::vector<sdk::FileHandle>& files, std::size_t units,
                   std::uint64_t seed)
    : job_(job),
      files_(files),
      codec_(job.verify, job.block_size[static_cast<int>(sdk::IoDirection::write)]),
      seeds_(seed ^ 0xB1899BEDull),
      roles_(units),
      check_workload_reads_(!writes(job.rw)),
      // As stock fio: the write number is only predictable for a job that wrote the
      // blocks in this run, once each, not for a time_based one.
      numbered_writes_(!job.time_based && !job.verify.verify_only),
      experimental_(job.verify.experimental) {
    if (job.verify.async_threads > 0) {
        const std::uint64_t largest = *std::max_element(job.block_size.begin(), job.block_size.end());
        async_ = std::make_unique<AsyncChecker>(job, job.verify.async_threads, largest,
                                                std::max<std::size_t>(units, 2 * job.verify.async_threads));
    }
    TrimSchedule trims(job.verify.trim_percentage, job.verify.trim_backlog,
                       job.verify.trim_backlog_batch, seed);
    if (trims.active() && !job.verify.verify_only && !experimental_) trims_.emplace(trims);
    if (job.verify.state_save && writes(job.rw)) {
        recent_writes_.assign(files.size() * std::max<std::uint32_t>(job.iodepth, 1), 0);
        writes_completed_.assign(files.size(), 0);
    }
}

Verifier::~Verifier() = default;

bool Verifier::next_check(sdk::IoUnit& unit, bool final) noexcept {
    roles_[unit.index].is_check = false;
    if (!final && backlog_credit_ == 0) return false;
    if (final && !sorted_for_final_) {
        keep_latest_per_block();
        sorted_for_final_ = true;
    }
    // Blocks trimmed with trim_verify_zero=0 are not checked at all.
    while (next_unchecked_ < unchecked_.size() &&
           unchecked_[next_unchecked_].trim == TrimState::dropped) {
        ++next_unchecked_;
    }
    if (next_unchecked_ == unchecked_.size()) return false;
    const WrittenBlock& block = unchecked_[next_unchecked_++];
    if (!final) --backlog_credit_;
    unit.direction = sdk::IoDirection::read;
    unit.file = &files_[block.file];
    unit.offset = block.offset;
    unit.length = block.length;
    UnitRole& role = roles_[unit.index];
    role.is_check = true;
    role.expect.known = !job_.verify.verify_only;
    role.expect.seed = block.seed;
    role.expect.write_number = block.write_number;
    role.expect.check_write_number = numbered_writes_;
    role.expect.zeroes = block.trim == TrimState::zeroed;
    return true;
}

bool Verifier::next_trim(sdk::IoUnit& unit) noexcept {
    if (!trims_) return false;
    std::uint64_t sequence;
    while (trims_->take(sequence)) {
        // A block checked already (verify_backlog) is no longer trimmed, as in stock.
        if (sequence < first_sequence_ + next_unchecked_) continue;
        WrittenBlock& block = unchecked_[sequence - first_sequence_];
        block.trim = job_.verify.trim_verify_zero ? TrimState::zeroed : TrimState::dropped;
        roles_[unit.index].is_check = false;
        unit.direction = sdk::IoDirection::trim;
        unit.file = &files_[block.file];
        unit.offset = block.offset;
        unit.length = block.length;
        return true;
    }
    return false;
}

void Verifier::before_issue(sdk::IoUnit& unit) noexcept {
    UnitRole& role = roles_[unit.index];
    if (unit.direction == sdk::IoDirection::write) {
        role.expect.seed = seeds_.next();
        role.expect.write_number = write_number_++;
        BlockStamp stamp;
        stamp.seed = role.expect.seed;
        stamp.time_ns = unit.start_ns;
        stamp.write_number = role.expect.write_number;
        codec_.fill(static_cast<std::uint8_t*>(unit.buffer), unit.length, unit.offset, stamp);
        // Counted when issued, as the replay regenerates what was issued: a loop's last
        // writes may still be in flight when its check phase is decided on.
        written_bytes_ += unit.length;
        ++writes_issued_;
    } else if (unit.direction == sdk::IoDirection::read && !role.is_check && check_workload_reads_) {
        role.is_check = true;  // a read-only job checks what it reads
        role.expect = BlockExpectation{};
    }
}

void Verifier::pretend_write(const sdk::IoUnit& unit) noexcept {
    const std::uint64_t seed = seeds_.next();
    if (experimental_) {
        ++write_number_;
        written_bytes_ += unit.length;
        return;
    }
    remember(unit, seed, write_number_++);
}

void Verifier::start_replay() noexcept {
    replayed_bytes_ = 0;
    replay_write_ = loop_first_write_;
}

void Verifier::replay_check(sdk::IoUnit& unit) noexcept {
    // The loop's last write may have been cut short to the job's size.
    const std::uint64_t left = written_bytes_ - replayed_bytes_;
    if (unit.length > left) unit.length = static_cast<std::uint32_t>(left);
    replayed_bytes_ += unit.length;
    unit.direction = sdk::IoDirection::read;
    UnitRole& role = roles_[unit.index];
    role.is_check = true;
    // As stock's experimental verify: the data seed is the one the header names; the
    // write number is the replay's, so a block written again later in the loop fails
    // ("bad header numberio").
    role.expect = BlockExpectation{};
    role.expect.write_number = replay_write_++;
    role.expect.check_write_number = numbered_writes_;
}

void Verifier::end_check_phase() noexcept {
    // The next loop's writes are sorted, and rewritten blocks dropped, at its checks.
    sorted_for_final_ = false;
    written_bytes_ = 0;
    replayed_bytes_ = 0;
    loop_first_write_ = write_number_;
}

void Verifier::remember(const sdk::IoUnit& unit, std::uint64_t seed, std::uint16_t write_number) {
    // Drop the checked front now and then, so a long job's list stays short.
    if (next_unchecked_ > 4096 && next_unchecked_ * 2 > unchecked_.size()) {
        unchecked_.erase(unchecked_.begin(),
                         unchecked_.begin() + static_cast<std::ptrdiff_t>(next_unchecked_));
        first_sequence_ += next_unchecked_;
        next_unchecked_ = 0;
    }
    unchecked_.push_back(WrittenBlock{unit.offset, seed, unit.file->index, unit.length, write_number});
    if (trims_) trims_->written(first_sequence_ + unchecked_.size() - 1);
    if (job_.verify.backlog != 0 && !job_.verify.verify_only &&
        ++writes_since_backlog_ == job_.verify.backlog) {
        writes_since_backlog_ = 0;
        backlog_credit_ += job_.verify.backlog_batch ? job_.verify.backlog_batch : job_.verify.backlog;
    }
}

void Verifier::keep_latest_per_block() {
    // A block written more than once holds only its last write; check in offset order
    // as stock fio does.
    unchecked_.erase(unchecked_.begin(), unchecked_.begin() + static_cast<std::ptrdiff_t>(next_unchecked_));
    next_unchecked_ = 0;
    // The blocks still waiting for a trim are checked for their data, as stock leaves
    // them untrimmed (and the sequence numbers they were known by no longer hold).
    if (trims_) trims_->clear();
    std::stable_sort(unchecked_.begin(), unchecked_.end(), [](const auto& a, const auto& b) {
        return a.file != b.file ? a.file < b.file : a.offset < b.offset;
    });
    std::vector<WrittenBlock> latest;
    latest.reserve(unchecked_.size());
    for (std::size_t i = 0; i < unchecked_.size(); ++i) {
        const bool superseded = i + 1 < unchecked_.size() && unchecked_[i + 1].file == unchecked_[i].file &&
                                unchecked_[i + 1].offset == unchecked_[i].offset;
        if (!superseded) latest.push_back(unchecked_[i]);
    }
    unchecked_ = std::move(latest);
}

bool Verifier::has_final_checks() const noexcept {
    // As stock fio, a time_based job spends its runtime writing: no check phase.
    if (job_.time_based && !job_.verify.verify_only) return false;
    const bool waiting = experimental_ ? written_bytes_ > 0 : next_unchecked_ < unchecked_.size();
    return (job_.verify.do_verify || job_.verify.verify_only) && waiting;
}

bool Verifier::completed(sdk::IoUnit& unit) noexcept {
    UnitRole& role = roles_[unit.index];
    try {
        if (unit.direction == sdk::IoDirection::write) {
            if (!writes_completed_.empty()) {
                const std::uint64_t depth = recent_writes_.size() / writes_completed_.size();
                const std::uint32_t file = unit.file->index;
                recent_writes_[file * depth + writes_completed_[file]++ % depth] = unit.offset;
            }
            if (!experimental_ && static_cast<std::uint64_t>(unit.result) == unit.length) {
                remember(unit, role.expect.seed, role.expect.write_number);
            }
            return true;
        }
        if (!role.is_check) return true;
        role.is_check = false;
        if (data_discarded_) return true;
        const CheckedBlock block{unit.file->path, static_cast<std::uint8_t*>(unit.buffer), unit.offset,
                                 unit.length, unit.result, role.expect};
        if (async_) {
            async_->submit(block);
            return settled_so_far();
        }
        auto failure = check_block(codec_, block, job_.verify.dump);
        if (!failure) return true;
        failure_text_ = std::move(*failure);
    } catch (const std::exception& e) {
        failure_text_ = fmt::format("verify: {}", e.what());
    }
    return false;
}

bool Verifier::settled_so_far() {
    if (!async_->failed()) return true;
    failure_text_ = async_->failure_text();
    return false;
}

bool Verifier::settle() noexcept {
    if (!async_) return true;
    async_->drain();
    return settled_so_far();
}

WriteState Verifier::write_state() const {
    WriteState state;
    state.writes_issued = writes_issued_;
    state.depth = std::max<std::uint32_t>(job_.iodepth, 1);
    state.files = static_cast<std::uint32_t>(files_.size());
    for (std::size_t file = 0; file < writes_completed_.size(); ++file) {
        const std::uint64_t kept = std::min<std::uint64_t>(writes_completed_[file], state.depth);
        for (std::uint64_t i = 0; i < kept; ++i) {
            // Newest first, as stock lists them.
            const std::uint64_t slot = (writes_completed_[file] - 1 - i) % state.depth;
            state.last_writes.push_back({file, recent_writes_[file * state.depth + slot]});
        }
    }
    return state;
}

bool Verifier::read_past_saved_state(const sdk::IoUnit& unit) noexcept {
    if (beyond_saved_state(*saved_, reads_before_stop_, unit.file->index, unit.offset)) return true;
    ++reads_before_stop_;
    return false;
}

}  // namespace fio::core
