// Control groups (cgroup=, cgroup_weight=, cgroup_nodelete=): finding the hierarchy in
// /proc/mounts, the paths and files of each cgroup version, and ControlGroups on a
// directory tree standing for a hierarchy (v1 and v2), then on the real ones when this
// machine has them and the test runs as root.
#include "run/cgroup_mount.hpp"
#include "run/control_groups.hpp"

#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

namespace fio::core {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHybridMounts =
    "tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0\n"
    "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0\n"
    "cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0\n"
    "cgroup /sys/fs/cgroup/blkio cgroup rw,nosuid,relatime,blkio 0 0\n";

TEST(CgroupMount, PrefersTheV1HierarchyWithBlkioEvenAfterAUnifiedOne) {
    const auto mount = find_cgroup_mount(kHybridMounts);
    ASSERT_TRUE(mount);
    EXPECT_EQ(mount->path, "/sys/fs/cgroup/blkio");
    EXPECT_EQ(mount->version, CgroupVersion::v1_blkio);
}

TEST(CgroupMount, TakesTheFirstUnifiedHierarchyWithoutBlkio) {
    const auto mount = find_cgroup_mount(
        "proc /proc proc rw 0 0\n"
        "cgroup /sys/fs/cgroup/cpu cgroup rw,cpu 0 0\n"
        "cgroup /sys/fs/cgroup/x cgroup rw,blkio_like 0 0\n"
        "cgroup2 /sys/fs/cgroup cgroup2 rw,nsdelegate 0 0\n"
        "cgroup2 /other cgroup2 rw 0 0\n");
    ASSERT_TRUE(mount);
    EXPECT_EQ(mount->path, "/sys/fs/cgroup");
    EXPECT_EQ(mount->version, CgroupVersion::v2_io);
}

TEST(CgroupMount, NoneWithoutACgroupHierarchyAndEscapesUndone) {
    EXPECT_FALSE(find_cgroup_mount("proc /proc proc rw 0 0\ncgroup /c cgroup rw,cpu 0 0\n"));
    EXPECT_FALSE(find_cgroup_mount(""));
    const auto mount = find_cgroup_mount("none /mnt/my\\040groups cgroup rw,blkio 0 0\n");
    ASSERT_TRUE(mount);
    EXPECT_EQ(mount->path, "/mnt/my groups");
}

TEST(CgroupMount, DirectoriesAndFilesOfEachVersion) {
    const CgroupMount v1{"/sys/fs/cgroup/blkio", CgroupVersion::v1_blkio};
    EXPECT_EQ(cgroup_directory(v1, "fio"), "/sys/fs/cgroup/blkio/fio");
    EXPECT_EQ(cgroup_directory(v1, "/a/b/"), "/sys/fs/cgroup/blkio/a/b");
    EXPECT_EQ(cgroup_directory({"/sys/fs/cgroup/", CgroupVersion::v2_io}, "a"), "/sys/fs/cgroup/a");
    EXPECT_STREQ(cgroup_members_file(CgroupVersion::v1_blkio), "tasks");
    EXPECT_STREQ(cgroup_members_file(CgroupVersion::v2_io), "cgroup.procs");
    EXPECT_EQ(cgroup_weight_files(CgroupVersion::v1_blkio),
              (std::vector<std::string>{"blkio.weight", "blkio.bfq.weight"}));
    EXPECT_EQ(cgroup_weight_files(CgroupVersion::v2_io),
              (std::vector<std::string>{"io.weight", "io.bfq.weight"}));
}

TEST(CgroupMount, GroupNamesStayUnderTheRoot) {
    EXPECT_EQ(cgroup_name_problem("fio"), "");
    EXPECT_EQ(cgroup_name_problem("a/b.c/d"), "");
    EXPECT_NE(cgroup_name_problem(".."), "");
    EXPECT_NE(cgroup_name_problem("a/../../b"), "");
    EXPECT_NE(cgroup_name_problem("/"), "");
    EXPECT_NE(cgroup_name_problem(""), "");
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string thread_id() { return std::to_string(::syscall(SYS_gettid)); }

ControlGroups on(const fs::path& root, CgroupVersion version) {
    return ControlGroups([=] { return CgroupMount{root.string(), version}; });
}

TEST(ControlGroupsOnAFakeTree, V2MovesTheProcessInAndBackAndWritesIoWeight) {
    test::ScratchDir root;
    auto groups = on(root.path(), CgroupVersion::v2_io);
    {
        auto member = groups.join({"fio/inner", 300, false});
        EXPECT_EQ(member.directory(), root / "fio/inner");
        EXPECT_EQ(read_text(root.path() / "fio/inner/cgroup.procs"), std::to_string(::getpid()));
        EXPECT_EQ(read_text(root.path() / "fio/inner/io.weight"), "300");
        {
            // A second job in the same group: the process stays in until both are done.
            auto second = groups.join({"fio/inner", 0, false});
        }
        EXPECT_FALSE(fs::exists(root.path() / "cgroup.procs"));
    }
    EXPECT_EQ(read_text(root.path() / "cgroup.procs"), std::to_string(::getpid()));
}

TEST(ControlGroupsOnAFakeTree, V1MovesTheThreadAndUsesBfqWeightWhenThatIsWhatExists) {
    test::ScratchDir root;
    fs::create_directory(root.path() / "existing");
    std::ofstream(root.path() / "existing/blkio.bfq.weight") << "100";
    auto groups = on(root.path(), CgroupVersion::v1_blkio);
    {
        auto member = groups.join({"existing", 800, false});
        EXPECT_EQ(read_text(root.path() / "existing/tasks"), thread_id());
        EXPECT_EQ(read_text(root.path() / "existing/blkio.bfq.weight"), "800");
        EXPECT_FALSE(fs::exists(root.path() / "existing/blkio.weight"));
    }
    EXPECT_EQ(read_text(root.path() / "tasks"), thread_id());
    EXPECT_TRUE(fs::exists(root.path() / "existing"));  // not this run's to remove
}

TEST(ControlGroupsOnAFakeTree, ErrorsNameTheOptionAndUndoTheDirectories) {
    test::ScratchDir root;
    auto none = ControlGroups([] { return std::optional<CgroupMount>(); });
    try {
        none.join({"fio", 0, false});
        FAIL() << "joined without a hierarchy";
    } catch (const ControlGroupError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "cgroup=fio: no cgroup v1 blkio nor cgroup v2 hierarchy is mounted (/proc/mounts)");
    }
    auto missing = on(root.path() / "absent", CgroupVersion::v1_blkio);
    try {
        missing.join({"fio", 0, false});
        FAIL() << "joined under a missing root";
    } catch (const ControlGroupError& e) {
        EXPECT_EQ(e.error, ENOENT);
        EXPECT_EQ(std::string(e.what()), "cgroup=fio: cannot create " + (root / "absent/fio") +
                                             ": No such file or directory");
    }
    // A weight file that cannot be written (a directory stands in the way): the
    // directories made for the group go again.
    auto groups = on(root.path(), CgroupVersion::v1_blkio);
    fs::create_directory(root.path() / "pre");
    fs::create_directory(root.path() / "pre/blkio.weight");
    EXPECT_THROW(groups.join({"pre", 500, false}), ControlGroupError);
    EXPECT_TRUE(fs::exists(root.path() / "pre"));
}

// --- The real hierarchies, as root -------------------------------------------------

// Removes a group directory left behind by a failing test.
struct GroupCleanup {
    std::string directory;
    ~GroupCleanup() { ::rmdir(directory.c_str()); }
};

std::string own_cgroup_line(const char* controller_prefix) {
    std::ifstream in("/proc/thread-self/cgroup");
    for (std::string line; std::getline(in, line);) {
        if (line.find(controller_prefix) != std::string::npos) return line;
    }
    return "";
}

// This thread's group in the v1 blkio hierarchy ("/" for the root).
std::string blkio_group() {
    const std::string line = own_cgroup_line(":blkio:");
    const auto at = line.find(":blkio:");
    return at == std::string::npos ? "" : line.substr(at + 7);
}

TEST(ControlGroupsOnThisMachine, V1BlkioGroupIsSharedAndGoesWithItsLastMember) {
    const auto mount = find_cgroup_mount();
    if (::geteuid() != 0 || !mount || mount->version != CgroupVersion::v1_blkio) {
        GTEST_SKIP() << "needs root and a cgroup v1 blkio hierarchy";
    }
    const std::string name = "fio-unit-" + std::to_string(::getpid());
    GroupCleanup cleanup{cgroup_directory(*mount, name)};
    ControlGroups groups([&] { return mount; });
    {
        auto first = groups.join({name, 0, false});
        EXPECT_EQ(blkio_group(), "/" + name);
        std::thread([&] {
            auto second = groups.join({name, 0, false});
            EXPECT_NE(read_text(cleanup.directory + "/tasks").find(thread_id()), std::string::npos);
        }).join();
        EXPECT_TRUE(fs::exists(cleanup.directory));  // the first job is still in it
    }
    EXPECT_EQ(blkio_group(), "/");  // back in the root group
    EXPECT_FALSE(fs::exists(cleanup.directory));
    {
        auto kept = groups.join({name, 0, true});
    }
    EXPECT_TRUE(fs::exists(cleanup.directory));  // cgroup_nodelete=1
}

TEST(ControlGroupsOnThisMachine, V2ProcessMovesInAndBack) {
    std::optional<CgroupMount> unified;
    {
        std::ifstream in("/proc/mounts");
        for (std::string device, dir, type, rest; in >> device >> dir >> type && std::getline(in, rest);) {
            if (type == "cgroup2") {
                unified = CgroupMount{dir, CgroupVersion::v2_io};
                break;
            }
        }
    }
    if (::geteuid() != 0 || !unified) GTEST_SKIP() << "needs root and a cgroup v2 hierarchy";
    if (own_cgroup_line("0::") != "0::/") GTEST_SKIP() << "this process is not in the v2 root group";
    const std::string name = "fio-unit-v2-" + std::to_string(::getpid());
    GroupCleanup cleanup{cgroup_directory(*unified, name)};
    ControlGroups groups([&] { return unified; });
    {
        auto member = groups.join({name, 0, false});
        EXPECT_EQ(own_cgroup_line("0::"), "0::/" + name);
        EXPECT_EQ(read_text(cleanup.directory + "/cgroup.procs"), std::to_string(::getpid()) + "\n");
    }
    EXPECT_EQ(own_cgroup_line("0::"), "0::/");
    EXPECT_FALSE(fs::exists(cleanup.directory));
}

}  // namespace
}  // namespace fio::core
