// serialize_overlap's check: which in-flight I/Os hold a new one back.
#include "run/overlap_guard.hpp"

#include <gtest/gtest.h>

namespace fio::core {
namespace {

sdk::IoUnit io(std::uint32_t index, const sdk::FileHandle* file, std::uint64_t offset,
               std::uint32_t length) {
    sdk::IoUnit unit;
    unit.index = index;
    unit.file = const_cast<sdk::FileHandle*>(file);
    unit.offset = offset;
    unit.length = length;
    return unit;
}

TEST(OverlapGuard, AnyCommonByteHoldsBackUntilReleased) {
    const sdk::FileHandle file;
    OverlapGuard guard(4);
    const auto first = io(0, &file, 4096, 4096);  // bytes 4096..8191
    ASSERT_TRUE(guard.claim(first));
    EXPECT_FALSE(guard.claim(io(1, &file, 4096, 4096)));  // the same block
    EXPECT_FALSE(guard.claim(io(1, &file, 8191, 512)));   // its last byte
    EXPECT_FALSE(guard.claim(io(1, &file, 0, 4097)));     // its first byte
    EXPECT_FALSE(guard.claim(io(1, &file, 0, 65536)));    // all of it
    guard.release(first);
    EXPECT_TRUE(guard.claim(io(1, &file, 0, 65536)));
}

TEST(OverlapGuard, NeighboursAndOtherFilesDoNotOverlap) {
    const sdk::FileHandle file;
    const sdk::FileHandle other;
    OverlapGuard guard(4);
    ASSERT_TRUE(guard.claim(io(0, &file, 4096, 4096)));
    EXPECT_TRUE(guard.claim(io(1, &file, 0, 4096)));      // ends where it begins
    EXPECT_TRUE(guard.claim(io(2, &file, 8192, 4096)));   // begins where it ends
    EXPECT_TRUE(guard.claim(io(3, &other, 4096, 4096)));  // same range, other file
}

TEST(OverlapGuard, AHeldBackIoIsNotRecorded) {
    const sdk::FileHandle file;
    OverlapGuard guard(3);
    const auto flying = io(0, &file, 0, 8192);
    ASSERT_TRUE(guard.claim(flying));
    EXPECT_FALSE(guard.claim(io(1, &file, 4096, 8192)));  // 4096..12287: held back
    // Only the claimed I/O counts: 8192..12287 overlaps nothing in flight.
    EXPECT_TRUE(guard.claim(io(2, &file, 8192, 4096)));
    guard.release(flying);
    EXPECT_FALSE(guard.claim(io(1, &file, 4096, 8192)));  // still overlaps unit 2
}

TEST(OverlapGuard, SyncsOverlapNothing) {
    const sdk::FileHandle file;
    OverlapGuard guard(2);
    ASSERT_TRUE(guard.claim(io(0, &file, 0, 4096)));
    EXPECT_TRUE(guard.claim(io(1, &file, 0, 0)));
}

}  // namespace
}  // namespace fio::core
