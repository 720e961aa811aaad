// The ABI policy's layout guard: every struct, virtual function and enumerator that
// crosses the plugin boundary keeps the place it had in the previous minor
// (tests/sdk/abi/layout-1.4.txt); a later minor may only append.
#include "abi_layout_record.hpp"
#include "run_command.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using fio::test::layout_breaks;
using fio::test::parse_layout;

std::string frozen_record() {
    return fio::test::read_file(FIO_SDK_ABI_DIR "/layout-1.4.txt");
}

std::string probe_output(const char* probe) {
    const auto result = fio::test::run_shell(probe, 60);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
}

TEST(SdkAbiLayout, CurrentHeadersOnlyAppendToTheFrozenRecord) {
    const auto frozen = parse_layout(frozen_record());
    ASSERT_GT(frozen.structs.size(), 20u) << "layout-1.4.txt is missing or empty";
    const auto now = parse_layout(probe_output(FIO_SDK_LAYOUT_PROBE));
    EXPECT_EQ(joined(layout_breaks(frozen, now, "ABI 1.4")), "");
}

// The frozen record is what the frozen headers really produce, so neither drifted.
TEST(SdkAbiLayout, FrozenRecordMatchesTheFrozenHeaders) {
    EXPECT_EQ(probe_output(FIO_SDK_LAYOUT_PROBE_V14), frozen_record());
}

// Every field the probe lists reaches the end of its struct: none was appended unseen.
TEST(SdkAbiLayout, ProbeListsEveryFieldUpToTheEnd) {
    EXPECT_EQ(joined(fio::test::unlisted_tails(parse_layout(probe_output(FIO_SDK_LAYOUT_PROBE)))),
              "");
}

TEST(SdkAbiLayout, AppendsAreAllowed) {
    const auto frozen = parse_layout(
        "struct S size 16 align 8\nfield S.a offset 0 size 4\nfield S.b offset 8 size 8\n"
        "virtual I.f slot 2\nenum E.x value 1 size 4\n");
    const auto now = parse_layout(
        "struct S size 24 align 8\nfield S.a offset 0 size 4\nfield S.pad offset 4 size 2\n"
        "field S.b offset 8 size 8\nfield S.c offset 16 size 8\n"
        "virtual I.f slot 2\nvirtual I.g slot 3\nenum E.x value 1 size 4\nenum E.y value 2 size 4\n");
    EXPECT_EQ(joined(layout_breaks(frozen, now, "ABI 1.4")), "");
}

TEST(SdkAbiLayout, SaysWhichFieldMovedOrWhatWasInserted) {
    const auto frozen = parse_layout(
        "struct S size 16 align 8\nfield S.a offset 0 size 4\nfield S.b offset 8 size 8\n"
        "virtual I.f slot 2\nvirtual I.g slot 3\nenum E.x value 1 size 4\n");
    const auto now = parse_layout(
        "struct S size 24 align 8\nfield S.a offset 0 size 8\nfield S.n offset 8 size 8\n"
        "field S.b offset 16 size 8\nvirtual I.n slot 2\nvirtual I.f slot 3\n"
        "virtual I.g slot 4\nenum E.x value 2 size 4\n");
    EXPECT_EQ(joined(layout_breaks(frozen, now, "ABI 1.4")),
              "S::a changed size from 4 bytes in ABI 1.4 to 8\n"
              "S::b moved from offset 8 in ABI 1.4 to 16\n"
              "S::n (new) overlaps S::b of ABI 1.4: a field may only be appended\n"
              "I::f() moved from vtable slot 2 in ABI 1.4 to 3\n"
              "I::g() moved from vtable slot 3 in ABI 1.4 to 4\n"
              "I::n() (new) takes vtable slot 2, among those of ABI 1.4: a virtual may only "
              "be appended\n"
              "E.x changed from value 1 (4 bytes) in ABI 1.4 to 2 (4)\n");
}

TEST(SdkAbiLayout, SaysWhatWasRemovedOrShrank) {
    const auto frozen = parse_layout(
        "struct S size 16 align 8\nfield S.a offset 0 size 8\nfield S.b offset 8 size 8\n"
        "struct T size 4 align 4\nvirtual I.f slot 2\n");
    const auto now = parse_layout("struct S size 8 align 8\nfield S.a offset 0 size 8\n");
    EXPECT_EQ(joined(layout_breaks(frozen, now, "ABI 1.4")),
              "S shrank from 16 bytes in ABI 1.4 to 8\n"
              "T is gone (it was in ABI 1.4)\n"
              "S::b is gone (offset 8 in ABI 1.4)\n"
              "I::f() is gone (vtable slot 2 in ABI 1.4)\n");
}

TEST(SdkAbiLayout, NoticesAProbeThatMissedAField) {
    const auto record = parse_layout(
        "struct S size 24 align 8\nfield S.a offset 0 size 4\nfield S.b offset 8 size 8\n");
    EXPECT_EQ(joined(fio::test::unlisted_tails(record)),
              "S: the probe's fields end at 16 but the struct is 24 bytes\n");
}

}  // namespace
