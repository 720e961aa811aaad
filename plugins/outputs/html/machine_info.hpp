// The machine a report was made on, as the page shows it.
#pragma once

#include <cstdint>
#include <string>

namespace fio::outputs::html {

struct MachineInfo {
    std::string hostname;
    std::string kernel;        // "Linux 6.1.0-13-amd64 x86_64"
    std::uint32_t cpus = 0;    // online CPUs
};

// Reads this machine's (uname, sysconf). Fields it cannot read stay empty or 0.
MachineInfo this_machine();

}  // namespace fio::outputs::html
