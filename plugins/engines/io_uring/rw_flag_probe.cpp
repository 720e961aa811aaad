#include "rw_flag_probe.hpp"

#include <fcntl.h>
#include <sys/uio.h>

#include <cerrno>

namespace fio::engines {

bool kernel_accepts_rw_flag(int fd, int flag) {
    const int mode = ::fcntl(fd, F_GETFL);
    if (mode < 0 || (mode & O_ACCMODE) == O_WRONLY) return true;
    char byte = 0;
    iovec one_byte{&byte, 1};
    return !(::preadv2(fd, &one_byte, 1, 0, flag) < 0 && errno == EOPNOTSUPP);
}

}  // namespace fio::engines
