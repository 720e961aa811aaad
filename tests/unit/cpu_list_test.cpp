// CPU and NUMA node lists as fio writes them (cpus_allowed, cpumask, numa_cpu_nodes,
// numa_mem_policy), with stock fio 3.33's acceptances and refusals.
#include "options/cpu_list.hpp"
#include "options/value_parsers.hpp"

#include <gtest/gtest.h>

namespace fio::core {
namespace {

using Cpus = std::vector<std::uint32_t>;

TEST(CpuList, NumbersAndRangesAscendingOnce) {
    EXPECT_EQ(parse_cpu_list("0,5,8-11", 16), (Cpus{0, 5, 8, 9, 10, 11}));
    EXPECT_EQ(parse_cpu_list("3,1-2,2", 4), (Cpus{1, 2, 3}));
    EXPECT_EQ(parse_cpu_list("0,,1", 2), (Cpus{0, 1}));  // empty entries are skipped
    EXPECT_EQ(parse_cpu_list("1", 2), (Cpus{1}));
}

TEST(CpuList, RefusesMissingCpusReversedRangesAndJunk) {
    EXPECT_THROW(parse_cpu_list("5", 2), ValueError);
    EXPECT_THROW(parse_cpu_list("0-2", 2), ValueError);
    EXPECT_THROW(parse_cpu_list("1-0", 2), ValueError);
    EXPECT_THROW(parse_cpu_list("a", 2), ValueError);
    EXPECT_THROW(parse_cpu_list("", 2), ValueError);
    EXPECT_THROW(parse_cpu_list("-1", 2), ValueError);
    try {
        parse_cpu_list("5", 2);
    } catch (const ValueError& e) {
        EXPECT_STREQ(e.what(), "'5': CPU 5 does not exist (this machine has CPUs 0-1)");
    }
}

TEST(CpuList, MaskBitsAreCpus) {
    EXPECT_EQ(cpus_of_mask(2, 2), (Cpus{1}));
    EXPECT_EQ(cpus_of_mask(34, 8), (Cpus{1, 5}));
    EXPECT_THROW(cpus_of_mask(0, 2), ValueError);
    EXPECT_THROW(cpus_of_mask(4, 2), ValueError);
}

TEST(NodeList, AllOrNumbers) {
    EXPECT_TRUE(parse_node_list("all").all);
    EXPECT_EQ(parse_node_list("0-1,3").nodes, (Cpus{0, 1, 3}));
    EXPECT_THROW(parse_node_list("x"), ValueError);
}

TEST(NumaMemPolicy, ModesAndTheirNodeLists) {
    NumaMemMode mode{};
    NodeList nodes;
    parse_numa_mem_policy("bind:0", mode, nodes);
    EXPECT_EQ(mode, NumaMemMode::bind);
    EXPECT_EQ(nodes.nodes, (Cpus{0}));
    parse_numa_mem_policy("interleave:0-1", mode, nodes);
    EXPECT_EQ(mode, NumaMemMode::interleave);
    EXPECT_EQ(nodes.nodes, (Cpus{0, 1}));
    parse_numa_mem_policy("interleave", mode, nodes);  // stock accepts it: every node
    EXPECT_TRUE(nodes.all);
    parse_numa_mem_policy("prefer:1", mode, nodes);
    EXPECT_EQ(mode, NumaMemMode::prefer);
    parse_numa_mem_policy("local", mode, nodes);
    EXPECT_EQ(mode, NumaMemMode::local);
    EXPECT_EQ(nodes, NodeList{});
    parse_numa_mem_policy("default", mode, nodes);
    EXPECT_EQ(mode, NumaMemMode::default_policy);
}

TEST(NumaMemPolicy, RefusesWhatStockRefuses) {
    NumaMemMode mode{};
    NodeList nodes;
    for (const char* bad : {"foo", "prefer:0-1", "prefer", "local:0", "default:0", "bind:x"}) {
        EXPECT_THROW(parse_numa_mem_policy(bad, mode, nodes), ValueError) << bad;
    }
}

}  // namespace
}  // namespace fio::core
