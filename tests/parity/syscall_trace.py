"""The system calls one fio run makes on its job's files, read from an strace log.

Our own, stricter copy of ../shared/tools/syscall-parity's counting: that tool counts
every call of the process (`strace -c`), so stock fio's disk-statistics thread, its
ETA timer and its process model show as differences that have nothing to do with the
I/O. Here a call counts only when it concerns the job's files:

- calls on a file descriptor (read, pwrite64, fsync, fadvise64, ioctl, mmap, close...)
  count when the descriptor was opened on a path under the job's directory, in the
  same process (fd tables are per process: stock runs a job as a process of its own,
  ours as a thread);
- the submission and completion calls of the asynchronous engines (io_submit,
  io_getevents, io_uring_enter...) always count: only the engines make them;
- calls by path (openat, newfstatat, unlink...) count when the path is the job's, and
  every form of stat counts as one call, "stat" (stock stats a job's files by name,
  ours by descriptor);
- msync, madvise and munmap count when their address is in a mapping of a job file.

Processes and threads are told apart from the clone lines, which the trace therefore
includes.
"""
import re

# Compared between the two tools, per I/O.
FD_CALLS = {"read", "write", "pread64", "pwrite64", "readv", "writev", "preadv", "pwritev",
            "preadv2", "pwritev2", "fsync", "fdatasync", "sync_file_range", "fadvise64",
            "fallocate", "ftruncate", "lseek", "ioctl", "close", "fstat", "newfstatat",
            "statx", "mmap", "io_uring_setup", "io_uring_register"}
ASYNC_CALLS = {"io_setup", "io_destroy", "io_submit", "io_getevents", "io_pgetevents",
               "io_cancel", "io_uring_enter"}
PATH_CALLS = {"openat", "open", "creat", "unlink", "unlinkat", "truncate", "newfstatat",
              "statx"}
# Every form of stat counts as one call, "stat": stock stats a job's files by name while
# it plans the job, ours by descriptor once they are open; a handful either way.
STAT_CALLS = {"fstat", "newfstatat", "statx"}
ADDRESS_CALLS = {"msync", "madvise", "munmap"}
PROCESS_CALLS = {"clone", "clone3", "fork", "vfork"}

TRACED = sorted((FD_CALLS | ASYNC_CALLS | PATH_CALLS | ADDRESS_CALLS | PROCESS_CALLS) -
                {"fstat"})

LINE = re.compile(r"^(\d+)\s+(?:<\.\.\. (\w+) resumed>(.*)|(\w+)\((.*))$")
RESULT = re.compile(r"=\s+(-?\d+|0x[0-9a-f]+)")


def strace_args(log_path):
    """The strace options that produce a log this module reads."""
    return ["strace", "-f", "-qq", "-s", "0", "-e", "trace=" + ",".join(TRACED), "-o", log_path]


class _Process:
    def __init__(self):
        self.fds = {}       # fd -> path, for the job's files only
        self.mappings = []  # (start, length) of job-file mappings


class CallCounter:
    def __init__(self, job_dir):
        self.job_dir = job_dir.rstrip("/") + "/"
        self.counts = {}
        self.process_of = {}   # tid -> pid of its process
        self.processes = {}
        self.pending = {}      # tid -> (call, arguments) of an unfinished call

    def _process(self, tid):
        pid = self.process_of.setdefault(tid, tid)
        return self.processes.setdefault(pid, _Process())

    def _is_job_path(self, text):
        m = re.search(r'"([^"]*)"', text)
        return bool(m) and m.group(1).startswith(self.job_dir)

    def _count(self, call):
        if call in STAT_CALLS:
            call = "stat"
        self.counts[call] = self.counts.get(call, 0) + 1

    def feed(self, line):
        m = LINE.match(line.rstrip("\n"))
        if not m:
            return
        tid = int(m.group(1))
        if m.group(2):  # the end of an unfinished call
            call, rest = m.group(2), m.group(3)
            started = self.pending.pop(tid, None)
            arguments = (started[1] if started and started[0] == call else "") + rest
        else:
            call, arguments = m.group(4), m.group(5)
            if "<unfinished ...>" in arguments:
                self.pending[tid] = (call, arguments.replace("<unfinished ...>", ""))
                return
        self._complete(tid, call, arguments)

    def _complete(self, tid, call, arguments):
        result = RESULT.search(arguments.rsplit(")", 1)[-1] if ")" in arguments else arguments)
        value = int(result.group(1), 0) if result else -1
        process = self._process(tid)
        if call in PROCESS_CALLS:
            if value > 0:
                thread = "CLONE_THREAD" in arguments
                self.process_of[value] = self.process_of.get(tid, tid) if thread else value
            return
        if call in ASYNC_CALLS:
            self._count(call)
            return
        first = arguments.split(",", 1)[0].strip()
        fd = int(first) if re.fullmatch(r"-?\d+", first) else None
        if call in ("openat", "open", "creat"):
            if self._is_job_path(arguments):
                self._count("openat")
                if value >= 0:
                    process.fds[value] = True
            elif value >= 0:
                # the number now names another file, whatever close we did not see
                process.fds.pop(value, None)
            return
        if call == "mmap":
            parts = [p.strip() for p in arguments.split(",")]
            if len(parts) >= 5 and re.fullmatch(r"\d+", parts[4]) and int(parts[4]) in process.fds:
                self._count(call)
                if value > 0:
                    process.mappings.append((value, int(parts[1], 0)))
            return
        if call in ADDRESS_CALLS:
            parts = [p.strip() for p in arguments.split(",")]
            try:
                address = int(parts[0], 0)
            except ValueError:
                return
            if any(start <= address < start + length for start, length in process.mappings):
                self._count(call)
                if call == "munmap":
                    process.mappings = [(s, l) for s, l in process.mappings if s != address]
            return
        if fd is not None and fd in process.fds and call in FD_CALLS:
            self._count(call)
            if call == "close":
                del process.fds[fd]
            return
        if call in PATH_CALLS and self._is_job_path(arguments):
            self._count(call)


def count_calls(log_path, job_dir):
    counter = CallCounter(job_dir)
    with open(log_path, errors="replace") as log:
        for line in log:
            counter.feed(line)
    return counter.counts
