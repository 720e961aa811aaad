// What fio prints before jobs start: one line per job definition, the version, and
// "Starting N threads".
#pragma once

#include <cstdint>
#include <string>

#include <fio/sdk/result.hpp>

namespace fio::outputs::normal {

// "t: (g=0): rw=randread, bs=(R) 4096B-4096B, (W) ..., ioengine=null, iodepth=1\n",
// followed by "...\n" when the job is cloned (numjobs > 1).
std::string job_definition_line(const sdk::JobDescription& job, std::uint32_t kb_base);

// Every job's definition line, then "fio-3.33\n" and "Starting N threads\n". In a client
// run (RunInfo::client_run), each host's definition lines and "Starting N processes",
// every line prefixed "<HOST> ", host after host.
std::string run_banner(const sdk::RunInfo& run, std::uint32_t kb_base);

}  // namespace fio::outputs::normal
