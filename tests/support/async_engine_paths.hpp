// The shared error-path test of every asynchronous engine
// (tests/unit/async_engine_paths_test.cpp): reads past the end of a file, bad
// descriptors, one bad request inside a batch, reaping with nothing in flight, fsync
// and trim; and for the engines that can leave a read of an empty pipe in flight (not
// libaio, which blocks in io_submit) a reap that times out (AsyncEngineReapTimeout). Each engine's test file adds its option sets with
//   INSTANTIATE_TEST_SUITE_P(MyEngine, AsyncEnginePaths,
//                            testing::Values(AsyncEngineCase{...}), async_engine_case_name);
#pragma once

#include "jobs/job_spec.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fio::test {

struct AsyncEngineCase {
    const char* plugin;             // file name in the plugin directory
    core::OptionList options = {};  // the engine's options, e.g. {{"userspace_reap", "1"}}
    const char* label = "";         // tells apart cases that differ only in options
};

inline std::string async_engine_case_name(const testing::TestParamInfo<AsyncEngineCase>& info) {
    std::string name = info.param.plugin;
    name = name.substr(11, name.size() - 14);  // fio-engine-<name>.so
    return name + info.param.label;
}

class AsyncEnginePaths : public testing::TestWithParam<AsyncEngineCase> {};
class AsyncEngineReapTimeout : public testing::TestWithParam<AsyncEngineCase> {};

}  // namespace fio::test
