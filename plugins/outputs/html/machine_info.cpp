#include "machine_info.hpp"

#include <sys/utsname.h>
#include <unistd.h>

namespace fio::outputs::html {

MachineInfo this_machine() {
    MachineInfo machine;
    struct utsname names {};
    if (uname(&names) == 0) {
        machine.hostname = names.nodename;
        machine.kernel = std::string(names.sysname) + " " + names.release + " " + names.machine;
    }
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    machine.cpus = cpus > 0 ? static_cast<std::uint32_t>(cpus) : 0;
    return machine;
}

}  // namespace fio::outputs::html
