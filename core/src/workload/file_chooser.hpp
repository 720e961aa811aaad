// Which of a job's files the next I/O goes to: file_service_type=. The meanings follow
// stock fio 3.33 (read from its write_iolog for the orders below):
//   roundrobin:N   the files in turn, N I/Os to each (N = 1 by default); a file whose
//                  pass is done is skipped until the next pass. 4 files, 64 blocks each:
//                  0,1,2,3,0,1,... (N = 1); 0,0,0,1,1,1,... (N = 3).
//   sequential     a file until its pass is done, then the next in turn: 0 x64, 1 x64,
//                  ... The turn goes on across passes (loops=2: 0,1,2,3,0,1,2,3).
//   random:N       a file drawn uniformly among those whose pass is not done, N I/Os to
//                  each choice. Every file still gets exactly its pass.
//   N = 0          (roundrobin:0, random:0) a chosen file keeps the I/O until its pass is
//                  done, as sequential does.
//   zipf, pareto, normal
//                  a file drawn by the distribution, one I/O per choice. As stock, the
//                  distribution is drawn over 1024 values per file (file i owns values
//                  1024*i to 1024*i+1023), unscattered, and shifted round by an offset:
//                  the center times the number of values when a center is given, else
//                  a seeded random one for zipf and pareto (the hottest file is then
//                  the seed's choice, as stock's is) and none for normal, which is
//                  centered on the middle file. A file's pass never ends: it starts
//                  again when it is done, so the draw alone decides how much each file
//                  gets (the I/O loop restarts it; see wraps_files()).
//   normal:DEV     stock draws the mean of 12 uniform values (a bell whose standard
//                  deviation is 1/12 of the files) plus a uniform step of DEV percent of
//                  the files; ours is a normal distribution of the same spread,
//                  sqrt((100/12)^2 + DEV^2/12) percent (DEV capped at 50, as stock caps
//                  the step at half the files). Draws outside the files are drawn again
//                  where stock would clamp them: only the tails differ.
//
// next() is on the per-I/O path: for roundrobin:1 it is a counter step and two
// predictable branches; nothing allocates after construction.
#pragma once

#include "jobs/file_service_spec.hpp"
#include "workload/block_picker.hpp"
#include "workload/rng.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace fio::core {

class FileChooser {
public:
    // Values of the non-uniform distributions per file (stock's FIO_FSERVICE_SHIFT).
    static constexpr unsigned kValueBitsPerFile = 10;

    // `files` >= 1.
    FileChooser(const FileServiceSpec& spec, std::size_t files, std::uint64_t seed);

    // The file of the next I/O; false when every file's pass is done.
    bool next(std::size_t& file) noexcept {
        if (left_ != 0) {
            --left_;
            file = current_;
            return true;
        }
        if (policy_ == Policy::in_turn && remaining_ == done_.size()) {
            file = current_ = turn_;
            turn_ = turn_ + 1 == done_.size() ? 0 : turn_ + 1;
            left_ = stay_;
            return true;
        }
        return choose(file);
    }

    // The pass over `file` is done: it gets no more I/O until new_pass().
    void file_done(std::size_t file) noexcept;
    // The next I/O is chosen afresh (a file wrapped to a pass of its own: stock closes
    // it and chooses again).
    void choose_afresh() noexcept { left_ = 0; }
    // Every file begins a new pass; the turn goes on where it was.
    void new_pass() noexcept;

    // True for the non-uniform types: a file's pass starts again when it is done
    // instead of ending.
    bool wraps_files() const noexcept { return policy_ == Policy::drawn; }

private:
    enum class Policy { in_turn, uniform, drawn };

    bool choose(std::size_t& file) noexcept;
    std::size_t draw() noexcept;  // drawn: a file by the distribution

    Policy policy_ = Policy::in_turn;
    std::uint64_t stay_ = 0;      // I/Os after the first to a chosen file
    std::uint64_t left_ = 0;      // of them, still to come to current_
    std::size_t current_ = 0;
    std::size_t turn_ = 0;        // in_turn: the next file to try
    std::vector<std::uint8_t> done_;  // per file: its pass is done
    std::size_t remaining_ = 0;   // files whose pass is not done
    std::vector<std::uint32_t> live_;   // uniform: the files not done, in any order
    std::vector<std::uint32_t> slot_;   // uniform: where each file is in live_
    Rng rng_;
    std::optional<BlockPicker> picker_;  // drawn
    std::uint64_t values_ = 0;           // drawn: 1024 per file
    std::uint64_t shift_ = 0;            // drawn: added to each draw, modulo values_
};

}  // namespace fio::core
