// The first job of a run's JSON report, failing the test (and returning an empty
// object) when stdout is not JSON.
#pragma once

#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fio::test {

inline nlohmann::json first_job(const CommandResult& r) {
    const bool is_json = nlohmann::json::accept(r.out);
    EXPECT_TRUE(is_json) << "not JSON:\n" << r.out << "\nstderr:\n" << r.err;
    return is_json ? nlohmann::json::parse(r.out)["jobs"][0] : nlohmann::json::object();
}

}  // namespace fio::test
