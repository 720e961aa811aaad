#!/usr/bin/env python3
"""Do ours and stock fio 3.33 make the same system calls per I/O on a job's files?

    tests/parity/parity_matrix.py [--ours BIN] [--stock BIN] [--short] [--only REGEX]
                                  [--write-doc docs/parity.md] [--tol 0.1]

Runs every cell of the matrix (every engine we ship x read/write/randread/randwrite/
randrw x buffered/direct x size-bound/time_based, then the sync, cache, layout and
multi-file options) once with each binary under strace, counts the calls made on the
job's files (syscall_trace.py), divides by the I/O count of each run's JSON, and
compares. A cell passes when every call is within --tol (relative) of stock's rate,
ignoring calls below 0.01 per I/O on both sides (setup) unless one side makes one at
least 3 times and 3 times as often as the other, and stats below 0.05 per I/O (both
tools stat each file a few times while they plan the job). A difference listed in EXPLAINED
(each with its reason in docs/design-notes.md) does not fail the cell.

--short runs a few cells that cover each fix (CI). Exit 0 when no cell has an
unexplained difference, 1 otherwise, 2 when a run failed. --write-doc writes the table.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import syscall_trace  # noqa: E402

PATTERNS = ["read", "write", "randread", "randwrite", "randrw"]
MODES = ["buffered", "direct", "buffered time_based", "direct time_based"]
DATA_ENGINES = ["sync", "psync", "vsync", "pvsync", "pvsync2", "mmap", "libaio", "io_uring",
                "posixaio", "falloc", "null"]
ASYNC = {"libaio", "io_uring", "posixaio"}

# Engines whose work is not reads and writes of a file's blocks: one job each.
UTILITY_CELLS = {
    "ftruncate": "--ioengine=ftruncate --rw=randwrite --size=1m --bs=4k",
    "filecreate": "--ioengine=filecreate --nrfiles=32 --filesize=4k --bs=4k",
    "filestat": "--ioengine=filestat --nrfiles=32 --filesize=4k --bs=4k",
    "filedelete": "--ioengine=filedelete --nrfiles=32 --filesize=4k --bs=4k",
    "cpuio": "--ioengine=cpuio --cpuload=20 --runtime=1 --time_based",
    "exec": "--ioengine=exec --program=/bin/true --runtime=1 --time_based",
}

# Options that decide what is measured, each on the engines that treat it differently.
OPTION_CELLS = [
    ("fsync=4", "--rw=randwrite --fsync=4"),
    ("fdatasync=4", "--rw=randwrite --fdatasync=4"),
    ("end_fsync", "--rw=write --end_fsync=1 --loops=2"),
    ("fsync_on_close", "--rw=write --fsync_on_close=1"),
    ("invalidate=0", "--rw=randread --invalidate=0"),
    ("pre_read", "--rw=randread --pre_read=1"),
    ("create_on_open", "--rw=write --create_on_open=1"),
    ("loops=3", "--rw=read --loops=3"),
    ("numjobs=2", "--rw=randread --numjobs=2"),
    ("nrfiles=4", "--rw=randread --nrfiles=4"),
    ("file_service_type=roundrobin", "--rw=randread --nrfiles=4 --file_service_type=roundrobin"),
    ("file_service_type=sequential", "--rw=randread --nrfiles=4 --file_service_type=sequential"),
    ("file_service_type=random", "--rw=randread --nrfiles=4 --file_service_type=random"),
]
OPTION_ENGINES = ["psync", "libaio", "io_uring", "mmap"]

SHORT = [
    "psync randread buffered time_based", "psync randread buffered", "psync write direct",
    "libaio randwrite buffered", "io_uring randread direct", "mmap randwrite buffered",
    "psync fsync=4", "libaio fsync=4", "io_uring fdatasync=4", "psync end_fsync",
    "psync fsync_on_close", "libaio loops=3", "psync pre_read", "psync nrfiles=4",
]

# Differences that do not change what is measured, each explained in
# docs/design-notes.md ("System calls that differ from stock"): (cell regex, call, why).
REAPED_IN_BATCHES = "completions reaped in batches"
REOPENED = "stock reopens (and maps again) the files for every loop"
EXPLAINED = [
    (r"^libaio ", "io_getevents", REAPED_IN_BATCHES),
    (r"^io_uring ", "io_uring_enter", REAPED_IN_BATCHES),
    (r"^vsync (read|write) ", "lseek", "vsync seeks only when the position is not right"),
    (r" pre_read$", "read", "pre_read reads 1 MiB at a time"),
    (r" pre_read$", "pread64", "pre_read reads 1 MiB at a time"),
    (r"^io_uring ", "io_uring_register", "buffers and files registered by default"),
    (r" (loops=3|end_fsync)$", "openat", REOPENED),
    (r" (loops=3|end_fsync)$", "close", REOPENED),
    (r"^mmap (loops=3|end_fsync)$", "mmap", REOPENED),
    (r"^mmap (loops=3|end_fsync)$", "munmap", REOPENED),
    (r"^posixaio (fsync|fdatasync)=4$", "fsync", "stock's async engines sync more often than fsync=N"),
    (r"^mmap ", "lseek", "the mmap engine reads each file's size once, when it maps it"),
    (r"^mmap create_on_open$", "*",
     "stock's job dies of SIGBUS in the empty file; ours reports every write short (0 bytes)"),
    (r"^filedelete job$", "*",
     "the layout of the files the job then deletes (stock truncates, fallocates and "
     "writes them; ours writes them): before any I/O, not measured"),
    (r"^(filecreate|filestat|filedelete|cpuio|exec) job$", "stat",
     "planning: stock stats each file by name, and these jobs make one I/O per file (or a few)"),
]


def cells(short, only):
    out = []
    for engine in DATA_ENGINES:
        for pattern in PATTERNS:
            for mode in MODES:
                args = "--ioengine=%s --rw=%s --bs=4k" % (engine, pattern)
                args += " --size=1m --runtime=1 --time_based" if "time_based" in mode else " --size=16m"
                if mode.startswith("direct"):
                    args += " --direct=1"
                if engine in ASYNC:
                    args += " --iodepth=8"
                out.append(("%s %s %s" % (engine, pattern, mode), args))
    for engine, args in UTILITY_CELLS.items():
        out.append(("%s job" % engine, args))
    for engine in OPTION_ENGINES:
        for name, args in OPTION_CELLS:
            depth = " --iodepth=8" if engine in ASYNC else ""
            out.append(("%s %s" % (engine, name), "--ioengine=%s --bs=4k --size=16m%s %s" % (engine, depth, args)))
    if short:
        out = [c for c in out if c[0] in SHORT]
    if only:
        out = [c for c in out if re.search(only, c[0])]
    return out


def lays_out_itself(args):
    """Jobs whose files must not exist beforehand: the engine or the job creates them."""
    return any(o in args for o in ("create_on_open", "filecreate", "filedelete", "ftruncate",
                                   "cpuio", "exec"))


def lay_out(stock, args, job_dir):
    """The job's files, laid out once by stock (create_only), so that neither traced run
    lays them out: the layout happens before any I/O and is not what a job measures."""
    command = [stock, "--name=p", "--directory=" + job_dir, "--create_only=1",
               "--output-format=terse"] + [a for a in args.split() if "time_based" not in a
                                          and not a.startswith("--runtime")]
    subprocess.run(command, capture_output=True, timeout=300)


def run(binary, args, job_dir, workdir):
    """The job under strace: (calls on its files, I/O count, error or None)."""
    log = os.path.join(workdir, "strace.log")
    command = syscall_trace.strace_args(log) + [binary, "--name=p", "--directory=" + job_dir,
                                                "--output-format=json"] + args.split()
    try:
        p = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            return None, 0, (p.stderr.strip().splitlines() or ["exit %d" % p.returncode])[-1]
        doc = json.loads(p.stdout[p.stdout.index("{"):])
        ios = 0
        for job in doc["jobs"]:
            ios += sum(job[d]["total_ios"] for d in ("read", "write", "trim") if d in job)
            ios += job.get("sync", {}).get("total_ios", 0)
        return syscall_trace.count_calls(log, job_dir), max(ios, 1), None
    except (ValueError, KeyError, subprocess.TimeoutExpired) as e:
        return None, 0, "no JSON result: %s" % e


def run_cell(stock, ours, args, workdir):
    """Stock's run, then ours, on the same laid-out files (or each in a fresh folder)."""
    results = []
    shared = None if lays_out_itself(args) else tempfile.mkdtemp(dir=workdir)
    if shared:
        lay_out(stock, args, shared)
    for binary in (stock, ours):
        job_dir = shared or tempfile.mkdtemp(dir=workdir)
        results.append(run(binary, args, job_dir, workdir))
        if not shared:
            shutil.rmtree(job_dir, ignore_errors=True)
    if shared:
        shutil.rmtree(shared, ignore_errors=True)
    return results


def compare(stock, sios, ours, oios, tol):
    """The calls whose rate per I/O differs: [(call, stock per I/O, ours per I/O)]."""
    differ = []
    for call in sorted(set(stock) | set(ours)):
        cs, co = stock.get(call, 0), ours.get(call, 0)
        ps, po = cs / sios, co / oios
        only_one = max(cs, co) >= 3 and max(ps, po) >= 3 * min(ps, po)
        if max(ps, po) < 0.01 and not only_one:
            continue  # setup: neither side makes it per I/O
        if call == "stat" and max(ps, po) < 0.05:
            continue  # planning: a few stats of each file, by name or by descriptor
        if abs(ps - po) > tol * max(ps, po) or only_one:
            differ.append((call, ps, po))
    return differ


def explanation(cell, call):
    for pattern, name, why in EXPLAINED:
        if name in (call, "*") and re.search(pattern, cell):
            return why
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ours", default=os.environ.get("FIO", "build/release/bin/fio"))
    ap.add_argument("--stock", default="/usr/bin/fio")
    ap.add_argument("--tol", type=float, default=0.1)
    ap.add_argument("--short", action="store_true")
    ap.add_argument("--only", help="run the cells whose name matches this regex")
    ap.add_argument("--write-doc", help="write the table (markdown) to this file")
    ap.add_argument("--workdir", default=None, help="scratch folder (default: under /tmp)")
    a = ap.parse_args()
    for tool in ("strace", a.stock, a.ours):
        if not shutil.which(tool):
            print("parity: %s is not available" % tool)
            return 2
    shipped = set(re.findall(r"^engine\s+(\S+)", subprocess.run(
        [a.ours, "--list-plugins"], capture_output=True, text=True).stdout, re.M))
    missing = shipped - set(DATA_ENGINES) - set(UTILITY_CELLS)
    if missing:
        print("parity: engines shipped but not in the matrix: %s" % ", ".join(sorted(missing)))
        return 1
    workdir = tempfile.mkdtemp(prefix="fio-parity.", dir=a.workdir)
    results = []
    failed_runs = 0
    try:
        for name, args in cells(a.short, a.only):
            engine = name.split()[0]
            if engine not in shipped:
                results.append((name, "not shipped", []))
                continue
            (s, sios, serr), (o, oios, oerr) = run_cell(a.stock, a.ours, args, workdir)
            if serr or oerr:
                status = "run failed: " + ("stock: " + serr if serr else "ours: " + oerr)
                # a job stock itself cannot run has nothing to compare
                if serr and not oerr:
                    status = "stock cannot run it: " + serr
                else:
                    failed_runs += 1
                results.append((name, status, []))
            else:
                diffs = [(c, ps, po, explanation(name, c)) for c, ps, po in compare(s, sios, o, oios, a.tol)]
                unexplained = [d for d in diffs if d[3] is None]
                status = "differs" if unexplained else ("explained" if diffs else "same")
                results.append((name, status, diffs))
            print(format_line(results[-1]), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    summary = summarize(results)
    print(summary)
    if a.write_doc:
        with open(a.write_doc, "w") as doc:
            doc.write(markdown(results, summary, a))
    if failed_runs:
        return 2
    return 1 if any(r[1] == "differs" for r in results) else 0


def format_line(result):
    name, status, diffs = result
    detail = "; ".join("%s stock %.3f ours %.3f per I/O%s" % (c, ps, po, " (explained)" if why else "")
                       for c, ps, po, why in diffs)
    return "%-48s %-10s %s" % (name, status, detail)


def summarize(results):
    counts = {}
    for _, status, _ in results:
        key = status.split(":")[0]
        counts[key] = counts.get(key, 0) + 1
    return "parity: %d cells: %s" % (len(results), ", ".join("%d %s" % (n, k) for k, n in sorted(counts.items())))


def markdown(results, summary, a):
    lines = ["# System calls per I/O: ours against stock fio 3.33", "",
             "Generated by `tests/parity/parity_matrix.py --write-doc docs/parity.md`; each cell runs",
             "the job once with each binary under strace and compares the calls made on the job's",
             "files per I/O (tolerance %d%%; calls under 0.01 per I/O on both sides are setup and" % (a.tol * 100),
             "not compared). *same*: no call differs; *explained*: the differences listed do not",
             "change what is measured (docs/design-notes.md, \"System calls that differ from stock\").",
             "", "**%s**" % summary, ""]
    grid = {}
    rest = []
    for name, status, diffs in results:
        words = name.split()
        if len(words) >= 3 and words[1] in PATTERNS:
            grid.setdefault((words[0], words[1]), {})[" ".join(words[2:])] = (status, diffs)
        else:
            rest.append((name, status, diffs))
    if grid:
        lines += ["| engine | rw | " + " | ".join(MODES) + " |", "|---|---|" + "---|" * len(MODES)]
        for (engine, pattern), by_mode in grid.items():
            row = [cell_text(*by_mode[m]) if m in by_mode else "" for m in MODES]
            lines.append("| %s | %s | %s |" % (engine, pattern, " | ".join(row)))
        lines.append("")
    if rest:
        lines += ["| job | result |", "|---|---|"]
        for name, status, diffs in rest:
            lines.append("| %s | %s |" % (name, cell_text(status, diffs)))
        lines.append("")
    return "\n".join(lines)


def cell_text(status, diffs):
    if not diffs:
        return status
    parts = ["%s %.2f/%.2f" % (c, ps, po) for c, ps, po, _ in diffs]
    return "%s (%s)" % (status, ", ".join(parts))


if __name__ == "__main__":
    sys.exit(main())
