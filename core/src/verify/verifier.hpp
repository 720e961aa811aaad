// One job thread's verification: fills the blocks it writes, remembers them, hands the
// I/O loop the reads that check them (every verify_backlog writes, and after the
// workload), and checks what those reads return. Used by IoLoop only when the job has
// verify set, so jobs without it pay nothing.
//
// experimental_verify keeps no list: it counts the bytes a loop wrote, and the I/O
// loop replays that loop's workload from its start (run/io_loop_replay.cpp), handing
// each replayed write here to become the read that checks it, in the order written.
#pragma once

#include "jobs/job_spec.hpp"
#include "verify/block_codec.hpp"
#include "verify/trim_schedule.hpp"
#include "verify/verify_state.hpp"
#include "workload/rng.hpp"

#include <fio/sdk/engine.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fio::core {

class AsyncChecker;

class Verifier {
public:
    Verifier(const JobSpec& job, std::vector<sdk::FileHandle>& files, std::size_t units,
             std::uint64_t seed);
    ~Verifier();

    // The next read that checks a written block, if one is due: during the workload
    // when verify_backlog says so, afterwards (final) every block not checked yet.
    bool next_check(sdk::IoUnit& unit, bool final) noexcept;

    // trim_percentage: the trim of a written block that is due now, if any (during the
    // workload only; as stock, a due trim goes before a due check).
    bool next_trim(sdk::IoUnit& unit) noexcept;

    // Called for every I/O just before it is issued: writes get their data and headers.
    void before_issue(sdk::IoUnit& unit) noexcept;

    // verify_only: the write that the workload would issue now, remembered as if done.
    void pretend_write(const sdk::IoUnit& unit) noexcept;

    // A successful completion. Returns false when a check failed; failure_text() then
    // says why (stock fio's wording) and the details went to stderr.
    bool completed(sdk::IoUnit& unit) noexcept;

    // Waits for the verify_async helpers to finish what they were given; false when a
    // check failed (failure_text() says why). True at once without helpers.
    bool settle() noexcept;

    // Whether any block waits to be checked after the workload (do_verify).
    bool has_final_checks() const noexcept;

    // experimental_verify: the checks replay the workload (the calls below).
    bool replays() const noexcept { return experimental_; }

    // As stock with its fake-I/O null engine: the engine keeps no data
    // (kEngineDiscardsData), so every check read passes unchecked.
    void pass_checks_unchecked() noexcept { data_discarded_ = true; }
    // A check phase begins: the loop's first write is replayed next.
    void start_replay() noexcept;
    // Whether the replay has yet to reach the bytes the loop wrote.
    bool replay_wants_more() const noexcept { return replayed_bytes_ < written_bytes_; }
    // `unit`, the replayed write, becomes the read that checks what it wrote.
    void replay_check(sdk::IoUnit& unit) noexcept;

    // A check phase is over and the workload goes on: the next loop's writes are
    // listed (and sorted at its checks) or counted (experimental) from here.
    void end_check_phase() noexcept;

    const std::string& failure_text() const noexcept { return failure_text_; }

    // verify_state_save: what the job's state file records (writes issued, each file's
    // last completed writes).
    WriteState write_state() const;
    // verify_state_load: checks stop where the saved job's writes did.
    void stop_checks_at(WriteState state) { saved_ = std::make_unique<WriteState>(std::move(state)); }
    // Whether `unit`, about to be issued, reads past the loaded state: as stock, the job
    // then issues nothing more.
    bool past_saved_state(const sdk::IoUnit& unit) noexcept {
        return saved_ && unit.direction == sdk::IoDirection::read && read_past_saved_state(unit);
    }

private:
    // What became of a written block after its write (trim_percentage).
    enum class TrimState : std::uint8_t {
        kept,     // holds its data
        zeroed,   // trimmed: reads back as zeroes (trim_verify_zero)
        dropped,  // trimmed, not to be checked (trim_verify_zero=0)
    };
    struct WrittenBlock {
        std::uint64_t offset;
        std::uint64_t seed;
        std::uint32_t file;
        std::uint32_t length;
        std::uint16_t write_number;
        TrimState trim = TrimState::kept;
    };
    // What an in-flight unit is: a workload I/O or a check of a written block.
    struct UnitRole {
        bool is_check = false;
        BlockExpectation expect;
    };

    void remember(const sdk::IoUnit& unit, std::uint64_t seed, std::uint16_t write_number);
    void keep_latest_per_block();
    bool settled_so_far();
    bool read_past_saved_state(const sdk::IoUnit& unit) noexcept;

    const JobSpec& job_;
    std::vector<sdk::FileHandle>& files_;
    BlockCodec codec_;
    Rng seeds_;                        // one data seed per written block
    std::uint16_t write_number_ = 0;
    std::vector<UnitRole> roles_;      // by IoUnit::index
    std::vector<WrittenBlock> unchecked_;
    std::size_t next_unchecked_ = 0;   // unchecked_[0..next) are checked or in flight
    std::uint64_t first_sequence_ = 0; // the sequence number of unchecked_[0]
    std::optional<TrimSchedule> trims_;  // trim_percentage with trim_backlog; else empty
    std::uint64_t writes_since_backlog_ = 0;
    std::uint64_t backlog_credit_ = 0; // checks due now (verify_backlog_batch each time)
    bool sorted_for_final_ = false;    // this check phase's list is sorted and deduplicated
    bool check_workload_reads_;        // read-only jobs check every read
    bool numbered_writes_;             // the write number of a block is predictable
    bool experimental_;                // experimental_verify: replay instead of a list
    bool data_discarded_ = false;      // the engine keeps no data: nothing to check
    std::uint64_t written_bytes_ = 0;  // experimental: written since the last checks
    std::uint64_t replayed_bytes_ = 0; // experimental: of those, replayed as checks
    std::uint16_t loop_first_write_ = 0;  // experimental: write number the loop began at
    std::uint16_t replay_write_ = 0;      // experimental: the replayed write's number
    std::string failure_text_;
    // verify_state_save: writes issued, and each file's last `iodepth` completed write
    // offsets (a ring per file, allocated up front) with the count completed so far.
    std::uint64_t writes_issued_ = 0;
    std::vector<std::uint64_t> recent_writes_;
    std::vector<std::uint64_t> writes_completed_;
    std::unique_ptr<WriteState> saved_;    // verify_state_load; null: check everything
    std::uint64_t reads_before_stop_ = 0;  // reads issued under the loaded state
    std::unique_ptr<AsyncChecker> async_;  // verify_async helpers; null: checks run inline
};

}  // namespace fio::core
