#!/usr/bin/env python3
"""Side-by-side benchmark: stock fio 3.33 against ours, on the same job text.

Each job runs alternately with stock fio and with ours (A B A B ...), PAIRS pairs,
RUNTIME seconds each, and the table shows per job the median IOPS of each, the median
of the per-pair ratios (ours / stock), and CPU time per I/O for both.

    tests/bench/compare.py [--fio build/release/bin/fio] [--pairs 3] [--runtime 5]
    tests/bench/compare.py --short     # 1 pair, 1 s per job: proves the harness works

Ours does the same work stock fio does by default (random map on, clat and lat per
I/O, clat percentiles, bw/IOPS sampling): both get identical options.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

SHM_FILE = "/dev/shm/fio-bench.dat"

# (label, options). "{shm}" and "{disk}" are the 1 GiB scratch files.
JOBS = [
    ("null qd1", "--ioengine=null --size=1g --iodepth=1"),
    ("null qd32 batch", "--ioengine=null --size=1g --iodepth=32 "
                        "--iodepth_batch_submit=32 --iodepth_batch_complete_max=32"),
    ("psync shm", "--ioengine=psync --filename={shm} --size=1g"),
    ("io_uring shm qd32", "--ioengine=io_uring --filename={shm} --size=1g --iodepth=32"),
    ("io_uring shm qd32 fixed+regfiles", "--ioengine=io_uring --filename={shm} --size=1g "
                                         "--iodepth=32 --fixedbufs --registerfiles"),
    ("libaio shm qd32", "--ioengine=libaio --filename={shm} --size=1g --iodepth=32"),
    ("libaio disk direct qd32", "--ioengine=libaio --filename={disk} --size=1g --iodepth=32 --direct=1"),
    ("io_uring disk direct qd32", "--ioengine=io_uring --filename={disk} --size=1g --iodepth=32 --direct=1"),
]


def run_once(binary, options, runtime):
    """One run; returns (iops, cpu seconds per I/O) or raises with fio's message."""
    command = [binary, "--name=bench", "--rw=randread", "--bs=4k", f"--runtime={runtime}",
               "--time_based", "--output-format=json"] + options.split()
    done = subprocess.run(command, capture_output=True, text=True, timeout=runtime * 4 + 120)
    if done.returncode != 0:
        raise RuntimeError(f"{os.path.basename(binary)} failed: {done.stderr.strip()}")
    text = done.stdout[done.stdout.index("{"):]  # stock fio may print notes first
    job = json.loads(text)["jobs"][0]
    read = job["read"]
    ios = read["total_ios"]
    cpu_seconds = (job["usr_cpu"] + job["sys_cpu"]) / 100.0 * job["job_runtime"] / 1000.0
    return read["iops"], (cpu_seconds / ios if ios else float("nan"))


def lay_out(path, fio):
    """Writes a 1 GiB file once, so neither side pays for the layout."""
    if os.path.exists(path) and os.path.getsize(path) >= 1 << 30:
        return
    subprocess.run([fio, "--name=layout", "--rw=write", "--bs=1m", "--size=1g",
                    f"--filename={path}", "--output-format=json"], check=True,
                   capture_output=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fio", default="build/release/bin/fio", help="our fio binary")
    parser.add_argument("--stock", default=shutil.which("fio") or "/usr/bin/fio", help="stock fio")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--runtime", type=int, default=5, help="seconds per run")
    parser.add_argument("--short", action="store_true", help="1 pair of 1 s runs")
    parser.add_argument("--only", help="run only jobs whose label contains this")
    parser.add_argument("--disk-dir", default="/var/tmp", help="where the on-disk file lives")
    parser.add_argument("--cleanup", action="store_true", help="remove the scratch files at the end")
    args = parser.parse_args()
    if args.short:
        args.pairs, args.runtime = 1, 1

    disk_file = os.path.join(args.disk_dir, "fio-bench.dat")
    lay_out(SHM_FILE, args.stock)
    lay_out(disk_file, args.stock)

    rows = []
    failures = 0
    for label, template in JOBS:
        if args.only and args.only not in label:
            continue
        options = template.format(shm=SHM_FILE, disk=disk_file)
        stock, ours = [], []
        try:
            for _ in range(args.pairs):
                stock.append(run_once(args.stock, options, args.runtime))
                ours.append(run_once(args.fio, options, args.runtime))
        except (RuntimeError, subprocess.TimeoutExpired, ValueError) as error:
            print(f"{label}: {error}", file=sys.stderr)
            rows.append((label, None, None, None, None, None))
            failures += 1
            continue
        ratio = statistics.median(o[0] / s[0] for o, s in zip(ours, stock))
        rows.append((label, statistics.median(s[0] for s in stock), statistics.median(o[0] for o in ours),
                     ratio, statistics.median(s[1] for s in stock), statistics.median(o[1] for o in ours)))

    print(f"{'job':34} {'stock IOPS':>12} {'our IOPS':>12} {'ratio':>7} {'stock ns CPU/IO':>16} {'our ns CPU/IO':>14}")
    for label, stock_iops, our_iops, ratio, stock_cpu, our_cpu in rows:
        if ratio is None:
            print(f"{label:34} {'failed':>12}")
            continue
        print(f"{label:34} {stock_iops:12.0f} {our_iops:12.0f} {ratio:7.2f} "
              f"{stock_cpu * 1e9:16.0f} {our_cpu * 1e9:14.0f}")
    print(f"pairs={args.pairs} runtime={args.runtime}s stock={args.stock} ours={args.fio}")
    if args.cleanup:
        for path in (SHM_FILE, disk_file):
            if os.path.exists(path):
                os.remove(path)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
