// Asking the kernel which per-I/O flags (RWF_*) it accepts on a file, before any I/O.
#pragma once

namespace fio::engines {

// uncached=1 asks for buffered I/O that leaves nothing behind in the page cache. Linux
// calls that RWF_DONTCACHE (6.14+, only on filesystems that implement it; Debian 12's
// kernel headers predate it). Stock fio 3.33 predates it too and sends an earlier
// proposal's value, which current kernels read as RWF_ATOMIC and refuse for reads.
inline constexpr int kRwfDontCache = 0x00000080;

// Whether the kernel accepts `flag` on `fd`. The kernel checks these flags before it
// looks at offset, length, alignment or contents, so a one-byte read answers. Only a
// refusal (EOPNOTSUPP) answers false; a file that cannot be read (write-only) answers
// true, and its I/Os report any refusal themselves.
bool kernel_accepts_rw_flag(int fd, int flag);

}  // namespace fio::engines
