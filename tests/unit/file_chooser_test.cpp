#include "options/file_service_parser.hpp"
#include "options/value_parsers.hpp"
#include "workload/file_chooser.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace fio::core {
namespace {

// A job whose files each have `ios_per_file` I/Os a pass: the files the chooser gives,
// in order, marking a file done once it had its I/Os (as the I/O loop does when its
// offset generator runs dry), until every file is done.
std::string one_pass(const char* type, std::size_t files, int ios_per_file,
                     std::uint64_t seed = 7) {
    FileChooser chooser(parse_file_service_type(type), files, seed);
    std::vector<int> left(files, ios_per_file);
    std::string order;
    std::size_t file;
    while (chooser.next(file)) {
        if (left[file] == 0) {
            chooser.file_done(file);
            continue;
        }
        --left[file];
        order += static_cast<char>('0' + file);
    }
    return order;
}

std::vector<int> draws_per_file(const char* type, std::size_t files, int draws,
                                std::uint64_t seed = 7) {
    FileChooser chooser(parse_file_service_type(type), files, seed);
    std::vector<int> hits(files);
    std::size_t file;
    for (int i = 0; i < draws; ++i) {
        EXPECT_TRUE(chooser.next(file));
        EXPECT_LT(file, files);
        if (file < files) ++hits[file];
    }
    return hits;
}

TEST(FileChooserTest, RoundRobinTakesTurnsOneIoEach) {
    EXPECT_EQ(one_pass("roundrobin", 4, 3), "012301230123");
}

TEST(FileChooserTest, RoundRobinWithNGivesEachFileNIos) {
    // As stock's roundrobin:3 over 4 files: 0 0 0 1 1 1 2 2 2 3 3 3 0 ...
    EXPECT_EQ(one_pass("roundrobin:3", 3, 4), "000111222012");
    EXPECT_EQ(one_pass("roundrobin:2", 2, 3), "001101");
}

TEST(FileChooserTest, RoundRobinSkipsFilesWhosePassIsDone) {
    FileChooser chooser(parse_file_service_type("roundrobin"), 3, 1);
    std::size_t file;
    ASSERT_TRUE(chooser.next(file));
    EXPECT_EQ(file, 0u);
    chooser.file_done(1);
    ASSERT_TRUE(chooser.next(file));
    EXPECT_EQ(file, 2u);
    ASSERT_TRUE(chooser.next(file));
    EXPECT_EQ(file, 0u);
    chooser.file_done(0);
    chooser.file_done(2);
    EXPECT_FALSE(chooser.next(file));
}

TEST(FileChooserTest, SequentialFinishesEachFileInTurn) {
    EXPECT_EQ(one_pass("sequential", 3, 4), "000011112222");
    // A :N changes nothing (stock ignores it); roundrobin:0 means the same.
    EXPECT_EQ(one_pass("sequential:2", 3, 4), "000011112222");
    EXPECT_EQ(one_pass("roundrobin:0", 3, 4), "000011112222");
}

TEST(FileChooserTest, TheTurnGoesOnAcrossPasses) {
    FileChooser chooser(parse_file_service_type("roundrobin"), 3, 1);
    std::size_t file;
    ASSERT_TRUE(chooser.next(file));
    ASSERT_TRUE(chooser.next(file));
    EXPECT_EQ(file, 1u);
    chooser.new_pass();
    ASSERT_TRUE(chooser.next(file));
    EXPECT_EQ(file, 2u);
}

TEST(FileChooserTest, RandomGivesEveryFileItsPassInRunsOfN) {
    const std::string order = one_pass("random:4", 5, 8);
    ASSERT_EQ(order.size(), 40u);
    for (char file = '0'; file < '5'; ++file) {
        EXPECT_EQ(std::count(order.begin(), order.end(), file), 8) << order;
    }
    // Runs come in multiples of 4 (two choices of one file in a row make 8).
    std::size_t start = 0;
    while (start < order.size()) {
        std::size_t end = start;
        while (end < order.size() && order[end] == order[start]) ++end;
        EXPECT_EQ((end - start) % 4, 0u) << order;
        start = end;
    }
    // Not in turn: some file follows itself or the order is not 0,1,2,...
    EXPECT_NE(order.substr(0, 20), "00001111222233334444");
}

TEST(FileChooserTest, RandomZeroKeepsAFileUntilItsPassIsDone) {
    const std::string order = one_pass("random:0", 4, 5, 3);
    for (std::size_t i = 0; i < order.size(); i += 5) {
        EXPECT_EQ(order.substr(i, 5), std::string(5, order[i])) << order;
    }
}

TEST(FileChooserTest, RandomIsUniform) {
    const std::vector<int> hits = draws_per_file("random", 8, 80000);
    // Once a file is done the chooser never gives it: draws here never mark one done.
    for (const int count : hits) EXPECT_NEAR(count, 10000, 500);
}

TEST(FileChooserTest, RandomNeverGivesADoneFile) {
    FileChooser chooser(parse_file_service_type("random"), 4, 11);
    chooser.file_done(0);
    chooser.file_done(2);
    std::size_t file;
    for (int i = 0; i < 1000; ++i) {
        ASSERT_TRUE(chooser.next(file));
        EXPECT_TRUE(file == 1 || file == 3) << file;
    }
    chooser.file_done(1);
    chooser.file_done(3);
    EXPECT_FALSE(chooser.next(file));
    chooser.new_pass();
    EXPECT_TRUE(chooser.next(file));
}

// The share of zipf's draws over ranks 1..n that fall in the first `first` ranks.
double zipf_share(double theta, int first, int n) {
    double head = 0;
    double total = 0;
    for (int k = 1; k <= n; ++k) {
        const double mass = std::pow(k, -theta);
        total += mass;
        if (k <= first) head += mass;
    }
    return head / total;
}

TEST(FileChooserTest, ZipfWithACenterMakesThatFileTheHottest) {
    // 1024 values per file; the hottest value is at center * values, the heat falls off
    // after it and wraps round to the first file.
    const int draws = 100000;
    const std::vector<int> hits = draws_per_file("zipf:1.2:0.5", 4, draws);
    const double hot = zipf_share(1.2, 1024, 4096);
    EXPECT_NEAR(hits[2] / double(draws), hot, 0.01);
    const double next = zipf_share(1.2, 2048, 4096) - hot;
    EXPECT_NEAR(hits[3] / double(draws), next, 0.01);
    EXPECT_GT(hits[3], hits[0]);
    EXPECT_GT(hits[0], hits[1]);
}

TEST(FileChooserTest, ZipfWithoutACenterHasOneSeededHotFile) {
    // The default theta is 1.1, as stock's; the hottest file depends on the seed.
    const int draws = 100000;
    const std::vector<int> hits = draws_per_file("zipf", 4, draws, 99);
    const int hottest = *std::max_element(hits.begin(), hits.end());
    // The hot value may sit anywhere in its file: the top 1024 ranks fall in at most two
    // files, so the hottest has at least half their share and at most all of it.
    EXPECT_LE(hottest / double(draws), zipf_share(1.1, 1024, 4096) + 0.01);
    EXPECT_GE(hottest / double(draws), zipf_share(1.1, 1024, 4096) / 2 - 0.01);
    EXPECT_EQ(draws_per_file("zipf", 4, 1000, 99), draws_per_file("zipf", 4, 1000, 99));
}

TEST(FileChooserTest, ParetoGivesTheHotFileItsShare) {
    // pareto:0.2 over 4096 values: rank = n * U^(ln 0.2 / ln 0.8); the first file holds
    // ranks below 1024, drawn with probability (1/4)^(ln 0.8 / ln 0.2).
    const int draws = 100000;
    const std::vector<int> hits = draws_per_file("pareto:0.2:0", 4, draws);
    EXPECT_NEAR(hits[0] / double(draws), std::pow(0.25, std::log(0.8) / std::log(0.2)), 0.01);
    EXPECT_GT(hits[1], hits[2]);
    EXPECT_GT(hits[2], hits[3]);
}

TEST(FileChooserTest, NormalCentersOnTheMiddleFiles) {
    // As stock's normal:0 over 4 files: the middle two files share nearly everything.
    const int draws = 100000;
    const std::vector<int> hits = draws_per_file("normal", 4, draws);
    EXPECT_NEAR(hits[1] / double(draws), 0.5, 0.02);
    EXPECT_NEAR(hits[2] / double(draws), 0.5, 0.02);
    EXPECT_LT(hits[0] + hits[3], draws / 100);
    // gauss is the same; a center moves the bell and wraps it (0: last and first file).
    const std::vector<int> moved = draws_per_file("gauss:0:0", 4, draws);
    EXPECT_NEAR(moved[0] / double(draws), 0.5, 0.02);
    EXPECT_NEAR(moved[3] / double(draws), 0.5, 0.02);
}

TEST(FileChooserTest, NonUniformTypesWrapFilesAndChooseEveryIo) {
    FileChooser chooser(parse_file_service_type("zipf:1.5"), 4, 5);
    EXPECT_TRUE(chooser.wraps_files());
    EXPECT_FALSE(FileChooser(parse_file_service_type("random:3"), 4, 5).wraps_files());
    EXPECT_FALSE(FileChooser(parse_file_service_type("sequential"), 4, 5).wraps_files());
}

TEST(FileChooserTest, OneFileIsAlwaysThatFile) {
    for (const char* type : {"roundrobin", "sequential", "random:2", "zipf", "pareto", "normal:5"}) {
        const std::vector<int> hits = draws_per_file(type, 1, 100);
        EXPECT_EQ(hits[0], 100) << type;
    }
}

TEST(FileServiceParserTest, ReadsEveryTypeAndItsValue) {
    EXPECT_EQ(parse_file_service_type("roundrobin").ios_per_choice, 1u);
    EXPECT_EQ(parse_file_service_type("roundrobin:8").ios_per_choice, 8u);
    EXPECT_EQ(parse_file_service_type("random:0").ios_per_choice, 0u);
    EXPECT_EQ(parse_file_service_type("random").kind, FileService::random);
    const FileServiceSpec sequential = parse_file_service_type("sequential:5");
    EXPECT_EQ(sequential.kind, FileService::sequential);
    EXPECT_EQ(sequential.ios_per_choice, 0u);
    const FileServiceSpec zipf = parse_file_service_type("zipf");
    EXPECT_EQ(zipf.kind, FileService::zipf);
    EXPECT_DOUBLE_EQ(zipf.distribution.parameter, 1.1);
    EXPECT_DOUBLE_EQ(parse_file_service_type("pareto").distribution.parameter, 0.2);
    const FileServiceSpec normal = parse_file_service_type("gauss:3:0.25");
    EXPECT_EQ(normal.kind, FileService::normal);
    EXPECT_DOUBLE_EQ(normal.distribution.parameter, 3);
    EXPECT_DOUBLE_EQ(normal.distribution.center, 0.25);
}

TEST(FileServiceParserTest, RefusesWhatStockRefusesAndNumbersItCannotMean) {
    for (const char* bad : {"zipf:1", "zipf:0", "pareto:0", "pareto:1", "normal:100", "normal:-1",
                            "zipf:1.2:2", "zipf:abc", "bogus", "ROUNDROBIN", "roundrobin:2x",
                            "random:abc", "random:-1", "random:1.5", "random:"}) {
        EXPECT_THROW(parse_file_service_type(bad), ValueError) << bad;
    }
    try {
        parse_file_service_type("roundrobin:2x");
    } catch (const ValueError& error) {
        EXPECT_NE(std::string(error.what()).find("roundrobin:2x"), std::string::npos);
    }
}

}  // namespace
}  // namespace fio::core
