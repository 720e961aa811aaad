// file_service_type= end to end: the order in which a job's I/O visits its files and how
// many I/Os each gets, read from write_iolog, against stock fio 3.33 where the order is
// exact (roundrobin, sequential) and against the shape stock shows where it is drawn
// (random, zipf, normal).
#include "run_command.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>

namespace fio::test {
namespace {

constexpr const char* kStockFio = "/usr/bin/fio";

// 4 files of 64 blocks each.
const std::string kJob =
    "--name=x --ioengine=psync --bs=4k --nrfiles=4 --size=1m --rw=randread ";

// The file number of every read or write in a version 3 iolog, in order: "0123...".
std::string file_order(const std::string& iolog) {
    std::string order;
    std::istringstream in(read_file(iolog));
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string time, file, action;
        words >> time >> file >> action;
        if (action != "read" && action != "write") continue;
        order += file.substr(file.rfind('.') + 1);
    }
    return order;
}

std::string run_order(const char* binary, const std::string& args) {
    ScratchDir dir;
    const std::string log = dir / "iolog";
    const CommandResult r = run_shell(std::string(binary) + " " + kJob + args +
                                      " --directory=" + dir.path().string() +
                                      " --write_iolog=" + log);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    EXPECT_EQ(r.err, "") << args;
    return file_order(log);
}

std::map<char, int> counts(const std::string& order) {
    std::map<char, int> per_file;
    for (const char file : order) ++per_file[file];
    return per_file;
}

// "0123" repeated: each file `n` times in turn, `rounds` times.
std::string in_turn(int n, int rounds) {
    std::string order;
    for (int round = 0; round < rounds; ++round) {
        for (char file = '0'; file < '4'; ++file) order += std::string(n, file);
    }
    return order;
}

bool have_stock() { return ::access(kStockFio, X_OK) == 0; }

TEST(FileServiceCliTest, SequentialAndRoundRobinOrdersAreStocks) {
    const std::string sequential = in_turn(64, 1);
    const std::string roundrobin = in_turn(1, 64);
    std::string roundrobin3 = in_turn(3, 21);  // 252 I/Os, then 1 more each
    roundrobin3 += "0123";
    const std::pair<std::string, std::string> cases[] = {
        {"--file_service_type=sequential", sequential},
        {"--file_service_type=sequential:3", sequential},
        {"--file_service_type=roundrobin:0", sequential},
        {"--file_service_type=roundrobin", roundrobin},
        {"--file_service_type=roundrobin:3", roundrobin3},
        {"--file_service_type=sequential --rw=read --loops=2", sequential + sequential},
        {"--file_service_type=sequential --rw=read --io_size=2m", sequential + sequential},
    };
    for (const auto& [args, expected] : cases) {
        EXPECT_EQ(run_order(FIO_BINARY, args), expected) << args;
        if (have_stock()) {
            EXPECT_EQ(run_order(kStockFio, args), expected) << "stock: " << args;
        }
    }
}

TEST(FileServiceCliTest, RandomGivesEachFileItsPassInRunsOfN) {
    for (const char* args : {"--file_service_type=random", "--file_service_type=random:4"}) {
        const std::string order = run_order(FIO_BINARY, args);
        ASSERT_EQ(order.size(), 256u) << args;
        for (const auto& [file, count] : counts(order)) EXPECT_EQ(count, 64) << args << file;
        EXPECT_NE(order, in_turn(1, 64)) << args;
        EXPECT_NE(order, in_turn(64, 1)) << args;
    }
    // random:4: runs of 4 (or a multiple, when the draw repeats a file).
    const std::string order = run_order(FIO_BINARY, "--file_service_type=random:4");
    for (std::size_t start = 0, end = 0; start < order.size(); start = end) {
        while (end < order.size() && order[end] == order[start]) ++end;
        EXPECT_EQ((end - start) % 4, 0u) << order;
    }
    // random:0 finishes each file it picks, in a random order of the files.
    const std::string whole = run_order(FIO_BINARY, "--file_service_type=random:0");
    for (std::size_t i = 0; i < whole.size(); i += 64) {
        EXPECT_EQ(whole.substr(i, 64), std::string(64, whole[i])) << whole;
    }
}

TEST(FileServiceCliTest, ZipfSendsMostIoToTheCenterFileAndWrapsItsPass) {
    // As stock's zipf:1.2:0.5 over 4 files (240 of the 256 I/Os to file 2): the hot file
    // gets far more than its 64 blocks, so its pass starts again rather than ending.
    for (const std::string rw : {"randread", "read"}) {
        const std::string args = "--file_service_type=zipf:1.2:0.5 --rw=" + rw;
        const std::string order = run_order(FIO_BINARY, args);
        ASSERT_EQ(order.size(), 256u) << args;
        EXPECT_GT(counts(order)['2'], 220) << args;
        if (have_stock()) {
            EXPECT_GT(counts(run_order(kStockFio, args))['2'], 220) << args;
        }
    }
    // No center: one file (the seed's) takes most of it, as stock's does.
    std::map<char, int> per_file = counts(run_order(FIO_BINARY, "--file_service_type=pareto"));
    int hottest = 0;
    for (const auto& [file, count] : per_file) hottest = std::max(hottest, count);
    EXPECT_GT(hottest, 128);
}

TEST(FileServiceCliTest, NormalCentersOnTheMiddleFiles) {
    // Stock's normal over 4 files: the middle two share the I/O, about half each.
    const std::map<char, int> per_file =
        counts(run_order(FIO_BINARY, "--file_service_type=normal"));
    EXPECT_GT(per_file.count('1') ? per_file.at('1') : 0, 90);
    EXPECT_GT(per_file.count('2') ? per_file.at('2') : 0, 90);
    const std::map<char, int> gauss =
        counts(run_order(FIO_BINARY, "--file_service_type=gauss:0:0"));
    EXPECT_GT(gauss.count('0') ? gauss.at('0') : 0, 90);
    EXPECT_GT(gauss.count('3') ? gauss.at('3') : 0, 90);
}

TEST(FileServiceCliTest, TimeBasedRandomIoWrapsTheChosenFile) {
    // As stock: time_based random I/O refills a file's map instead of ending its pass,
    // so sequential never leaves the first file; a sequential walk goes on to the next.
    // Each file has 64 blocks: more I/Os than that on file 0 alone show the wrap. The
    // counts asked for are far below what 300 ms gives even on a loaded machine.
    const std::string stays =
        run_order(FIO_BINARY, "--file_service_type=sequential --time_based --runtime=300ms");
    EXPECT_GT(stays.size(), 128u);
    EXPECT_EQ(stays, std::string(stays.size(), '0'));
    const std::string walks = run_order(
        FIO_BINARY, "--file_service_type=sequential --rw=read --time_based --runtime=300ms");
    ASSERT_GT(walks.size(), 128u);
    EXPECT_EQ(walks.substr(0, 128), in_turn(64, 2).substr(0, 128));
    // roundrobin goes on in turn.
    const std::string turns =
        run_order(FIO_BINARY, "--file_service_type=roundrobin:2 --time_based --runtime=300ms");
    ASSERT_GT(turns.size(), 128u);
    EXPECT_EQ(turns.substr(0, 128), in_turn(2, 64).substr(0, 128));
}

TEST(FileServiceCliTest, BadTypesAreOneLineErrors) {
    for (const char* bad : {"roundrobin:2x", "zipf:1", "normal:100", "bogus"}) {
        const CommandResult r =
            run_fio(std::string("--parse-only --name=x --size=1m --file_service_type=") + bad);
        EXPECT_NE(r.exit_code, 0) << bad;
        EXPECT_NE(r.err.find("file_service_type"), std::string::npos) << bad << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
}

}  // namespace
}  // namespace fio::test
