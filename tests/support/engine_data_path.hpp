// The shared data-path test of every engine (tests/unit/engine_data_path_test.cpp):
// write a known pattern through the engine, read it back, compare bytes. Each engine's
// test file adds its cases with
//   INSTANTIATE_TEST_SUITE_P(MyEngine, EngineDataPath, testing::Values(EngineCase{...}),
//                            engine_case_name);
#pragma once

#include "jobs/job_spec.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace fio::test {

struct EngineCase {
    const char* plugin;        // file name in the plugin directory
    std::uint32_t iodepth;
    bool direct;
    bool random;
    core::OptionList options = {};  // the engine's options, e.g. {{"fixedbufs", "1"}}
    const char* label = "";    // tells apart cases that differ only in options
};

inline std::string engine_case_name(const testing::TestParamInfo<EngineCase>& info) {
    std::string name = info.param.plugin;
    name = name.substr(11, name.size() - 14);  // fio-engine-<name>.so
    return name + "_qd" + std::to_string(info.param.iodepth) + (info.param.direct ? "_direct" : "") +
           (info.param.random ? "_random" : "_seq") + info.param.label;
}

class EngineDataPath : public testing::TestWithParam<EngineCase> {};

}  // namespace fio::test
