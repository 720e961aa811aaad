// Runs the fio binary (or any command) as a user would and captures what it printed.
// Every run is bounded by `timeout`, so a hang fails the test instead of stalling CI.
#pragma once

#include "scratch_dir.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace fio::test {

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// Runs `command` through /bin/sh with a time limit in seconds.
inline CommandResult run_shell(const std::string& command, int timeout_s = 120) {
    ScratchDir scratch;
    const std::string out = scratch / "stdout";
    const std::string err = scratch / "stderr";
    // The whole command (pipelines included) runs under one time limit; its own
    // redirections win over the outer </dev/null.
    std::string quoted = "'";
    for (char c : command) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    const std::string full = "timeout -k 5 " + std::to_string(timeout_s) + " sh -c " + quoted +
                             " >" + out + " 2>" + err + " </dev/null";
    const int status = std::system(full.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_file(out);
    result.err = read_file(err);
    return result;
}

inline CommandResult run_fio(const std::string& args, int timeout_s = 120) {
    return run_shell(std::string(FIO_BINARY) + " " + args, timeout_s);
}

}  // namespace fio::test
