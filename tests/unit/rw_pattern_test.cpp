// rw= patterns, the trim ones included: what each issues, which direction's bytes count
// towards size, and how the job file reader takes them.
#include "jobs/ini_reader.hpp"
#include "jobs/job_builder.hpp"
#include "jobs/job_spec.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fio::core {
namespace {

RwPattern rw_of(const std::string& value) {
    return build_jobs(parse_ini_job_text("[j]\nrw=" + value + "\n", "t.fio", "."), {}).at(0).rw;
}

TEST(RwPattern, TrimPatternsParseAndPrintAsFioNamesThem) {
    for (const char* name : {"trim", "randtrim", "trimwrite", "randtrimwrite", "read", "randrw"}) {
        EXPECT_STREQ(to_string(rw_of(name)), name);
    }
    EXPECT_EQ(rw_of("readwrite"), RwPattern::readwrite);
}

TEST(RwPattern, AnUnknownPatternNamesTheChoices) {
    try {
        rw_of("trimread");
        FAIL() << "accepted";
    } catch (const JobFileError& e) {
        EXPECT_STREQ(e.what(), "t.fio:2: option 'rw': 'trimread' is not one of: read, write, randread, "
                               "randwrite, rw (readwrite), randrw, trim, randtrim, trimwrite, randtrimwrite");
    }
}

TEST(RwPattern, DirectionsEachPatternIssues) {
    struct Case {
        RwPattern rw;
        bool read, write, trim, random, pairs;
    };
    const Case cases[] = {
        {RwPattern::trim, false, false, true, false, false},
        {RwPattern::randtrim, false, false, true, true, false},
        {RwPattern::trimwrite, false, true, true, false, true},
        {RwPattern::randtrimwrite, false, true, true, true, true},
        {RwPattern::randrw, true, true, false, true, false},
        {RwPattern::write, false, true, false, false, false},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(to_string(c.rw));
        EXPECT_EQ(issues(c.rw, 0), c.read);
        EXPECT_EQ(issues(c.rw, 1), c.write);
        EXPECT_EQ(issues(c.rw, 2), c.trim);
        EXPECT_EQ(is_random(c.rw), c.random);
        EXPECT_EQ(trim_then_write(c.rw), c.pairs);
    }
}

TEST(RwPattern, BudgetDirectionIsTheOneFioCountsTowardsSize) {
    EXPECT_EQ(budget_direction(RwPattern::read), 0);
    EXPECT_EQ(budget_direction(RwPattern::randwrite), 1);
    EXPECT_EQ(budget_direction(RwPattern::randtrim), 2);
    // trimwrite: the trims come on top of size's writes (stock: 1m of each for size=1m).
    EXPECT_EQ(budget_direction(RwPattern::trimwrite), 1);
    EXPECT_EQ(budget_direction(RwPattern::randtrimwrite), 1);
    EXPECT_EQ(budget_direction(RwPattern::readwrite), -1);
}

TEST(RwPattern, ProgressLettersFollowFio) {
    EXPECT_EQ(workload_letter(RwPattern::trim), 'D');
    EXPECT_EQ(workload_letter(RwPattern::randtrim), 'd');
    EXPECT_EQ(workload_letter(RwPattern::trimwrite), 'W');
    EXPECT_EQ(workload_letter(RwPattern::randtrimwrite), 'w');
    EXPECT_EQ(workload_letter(RwPattern::randrw), 'm');
}

}  // namespace
}  // namespace fio::core
