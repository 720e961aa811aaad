// confine_path on a scratch tree: which paths a server's remote jobs may name, with the
// exact resolved path of each verdict.
#include "remote/path_confinement.hpp"

#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fio::core {
namespace {

namespace fs = std::filesystem;

// root/            the server root
//   data/file      a regular file
//   in-link   ->   data (a link that stays inside)
//   out-link  ->   the scratch dir's "outside" (a link pointing out)
//   dangling  ->   ../outside/new (a dangling link pointing out)
//   abs-in    ->   ROOT/data (an absolute link inside)
//   loop      ->   loop
// outside/secret
struct Tree {
    test::ScratchDir scratch;
    fs::path root;
    fs::path outside;
    Tree() {
        const fs::path base = fs::canonical(scratch.path());
        root = base / "root";
        outside = base / "outside";
        fs::create_directories(root / "data");
        fs::create_directories(outside);
        std::ofstream(root / "data" / "file") << "x";
        std::ofstream(outside / "secret") << "x";
        fs::create_directory_symlink("data", root / "in-link");
        fs::create_directory_symlink(outside, root / "out-link");
        fs::create_symlink("../outside/new", root / "dangling");
        fs::create_directory_symlink(root / "data", root / "abs-in");
        fs::create_symlink("loop", root / "loop");
    }
};

TEST(PathConfinement, RelativePathsResolveAgainstTheRoot) {
    Tree t;
    const ConfinedPath file = confine_path(t.root, "data/file");
    EXPECT_TRUE(file.inside);
    EXPECT_EQ(file.resolved, t.root / "data" / "file");
    const ConfinedPath made = confine_path(t.root, "job.0.0");  // not there yet
    EXPECT_TRUE(made.inside);
    EXPECT_EQ(made.resolved, t.root / "job.0.0");
    EXPECT_EQ(confine_path(t.root, "./data/../data/./new").resolved, t.root / "data" / "new");
    EXPECT_EQ(confine_path(t.root, "").resolved, t.root);
    EXPECT_TRUE(confine_path(t.root, "").inside);
    EXPECT_TRUE(confine_path(t.root, ".").inside);
    EXPECT_EQ(confine_path(t.root, "data/").resolved, t.root / "data");
}

TEST(PathConfinement, DotDotOutOfTheRootIsOutside) {
    Tree t;
    const ConfinedPath up = confine_path(t.root, "../outside/secret");
    EXPECT_FALSE(up.inside);
    EXPECT_EQ(up.resolved, t.outside / "secret");
    EXPECT_EQ(up.why, "resolves to " + (t.outside / "secret").string());
    EXPECT_FALSE(confine_path(t.root, "data/../../root-sibling").inside);
    EXPECT_FALSE(confine_path(t.root, "..").inside);
    // Up and back in again stays inside.
    EXPECT_TRUE(confine_path(t.root, "../root/data/file").inside);
    // Past a part that does not exist, ".." still counts.
    EXPECT_FALSE(confine_path(t.root, "missing/../../outside").inside);
}

TEST(PathConfinement, AbsolutePathsAreCheckedAsTheyAre) {
    Tree t;
    EXPECT_FALSE(confine_path(t.root, "/etc/passwd").inside);
    EXPECT_EQ(confine_path(t.root, "/etc/passwd").resolved, fs::path("/etc/passwd"));
    EXPECT_TRUE(confine_path(t.root, (t.root / "data" / "file").string()).inside);
    // A sibling whose name starts with the root's is not under it.
    EXPECT_FALSE(confine_path(t.root, t.root.string() + "x/file").inside);
    EXPECT_FALSE(confine_path(t.root, "/").inside);
}

TEST(PathConfinement, SymbolicLinksAreFollowed) {
    Tree t;
    const ConfinedPath in = confine_path(t.root, "in-link/file");
    EXPECT_TRUE(in.inside);
    EXPECT_EQ(in.resolved, t.root / "data" / "file");
    EXPECT_TRUE(confine_path(t.root, "abs-in/file").inside);
    const ConfinedPath out = confine_path(t.root, "out-link/secret");
    EXPECT_FALSE(out.inside);
    EXPECT_EQ(out.resolved, t.outside / "secret");
    // A file made through a link that points out would be made outside.
    const ConfinedPath made = confine_path(t.root, "out-link/new-file");
    EXPECT_FALSE(made.inside);
    EXPECT_EQ(made.resolved, t.outside / "new-file");
    const ConfinedPath dangling = confine_path(t.root, "dangling");
    EXPECT_FALSE(dangling.inside);
    EXPECT_EQ(dangling.resolved, t.outside / "new");
    // ".." after a link leaves from where the link points, as the kernel does.
    EXPECT_FALSE(confine_path(t.root, "out-link/../root-sibling").inside);
    EXPECT_EQ(confine_path(t.root, "in-link/../data/file").resolved, t.root / "data" / "file");
}

TEST(PathConfinement, ALinkLoopIsRefusedWithItsReason) {
    Tree t;
    const ConfinedPath loop = confine_path(t.root, "loop/x");
    EXPECT_FALSE(loop.inside);
    EXPECT_EQ(loop.why, "has more than 40 symbolic links (a loop?)");
}

TEST(PathConfinement, TheRootMayBeTheFileSystemRoot) {
    EXPECT_TRUE(confine_path("/", "/etc/passwd").inside);
    EXPECT_TRUE(confine_path("/", "../../x").inside);
}

}  // namespace
}  // namespace fio::core
