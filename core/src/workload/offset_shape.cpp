#include "workload/offset_shape.hpp"

#include "workload/block_size_chooser.hpp"

#include <fio/sdk/engine.hpp>

#include <algorithm>

namespace fio::core {

OffsetShape offset_shape(const JobSpec& job, std::uint64_t region_bytes) {
    const ShapeSpec& shapes = job.shapes;
    OffsetShape shape;
    shape.region_bytes = region_bytes;
    shape.random = is_random(job.rw);
    shape.min_length = ~0ull;
    std::uint64_t align = ~0ull;
    bool align_given = false;
    for (int dir = 0; dir < sdk::kDataDirections; ++dir) {
        if (!issues(job.rw, dir)) continue;
        const std::uint64_t smallest = smallest_block_size(job, dir);
        shape.min_length = std::min(shape.min_length, smallest);
        align_given |= shapes.block_align[dir] != 0;
        align = std::min(align, shapes.block_align[dir] ? shapes.block_align[dir] : smallest);
    }
    shape.unit = align_given ? align : shape.min_length;
    shape.distribution = shapes.distribution;
    shape.generator = shapes.generator;
    shape.use_map = !job.norandommap && !align_given &&
                    shapes.distribution.kind == OffsetDistribution::uniform &&
                    shapes.generator != OffsetGeneratorKind::lfsr;
    for (int dir = 0; dir < sdk::kDataDirections; ++dir) {
        shape.mixes_sequential |= issues(job.rw, dir) && shapes.random_share[dir] < 100;
    }
    if (shapes.has_rw_modifier) {
        if (shape.random) {
            shape.ios_per_offset =
                static_cast<std::uint64_t>(std::max<std::int64_t>(1, shapes.rw_modifier));
            shape.sequencer = shapes.sequencer;
        } else {
            shape.sequential_skip = shapes.rw_modifier;
        }
    }
    return shape;
}

}  // namespace fio::core
