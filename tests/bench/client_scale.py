#!/usr/bin/env python3
"""One client driving many servers on loopback: does every result arrive, and what does
the fleet cost?

Starts N servers (`fio --server=tcp:127.0.0.1:0`, default 64), runs one
`fio --client=... --eta=always` over all of them with a time-based job (default 10 s,
two rate-limited null jobs per host so the 2-core machine is not the bottleneck), and
prints: whether every host's results arrived, the client's CPU time per host, and each
server's own CPU per job (the relay; the run processes it starts are not counted).

    tests/bench/client_scale.py [--fio build/release/bin/fio] [--servers 64] [--runtime 10]
"""
import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

JOB = """[global]
ioengine=null
bs=4k
size=1g
time_based
runtime={runtime}
rate_iops=500
[a]
rw=randread
[b]
rw=write
"""


def own_cpu_s(pid):
    """utime + stime of the process itself (not its reaped children), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fio", default="build/release/bin/fio")
    parser.add_argument("--servers", type=int, default=64)
    parser.add_argument("--runtime", type=int, default=10)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="fio-scale.")
    servers = []
    try:
        for i in range(args.servers):
            log = open(os.path.join(work, f"server{i}.out"), "w+")
            proc = subprocess.Popen([args.fio, "--server=tcp:127.0.0.1:0"], stdout=log,
                                    stderr=subprocess.DEVNULL)
            servers.append((proc, log))
        endpoints = []
        deadline = time.time() + 30
        for proc, log in servers:
            while True:
                log.seek(0)
                m = re.search(r"listening on (\S+)", log.read())
                if m:
                    endpoints.append(m.group(1))
                    break
                if time.time() > deadline or proc.poll() is not None:
                    sys.exit("a server did not start")
                time.sleep(0.02)
        job = os.path.join(work, "scale.fio")
        with open(job, "w") as f:
            f.write(JOB.format(runtime=args.runtime))
        before = {proc.pid: own_cpu_s(proc.pid) for proc, _ in servers}
        usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.time()
        cmd = [args.fio, "--eta=always", "--output-format=json"] + \
              [f"--client={e}" for e in endpoints] + [job]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=args.runtime + 120)
        wall = time.time() - start
        usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        after = {proc.pid: own_cpu_s(proc.pid) for proc, _ in servers}
        client_cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
        doc = json.loads(result.stdout)
        entries = [e for e in doc["client_stats"] if e.get("jobname") != "All clients"]
        hosts = {(e["hostname"], e["port"]) for e in entries}
        status_lines = result.stderr.count("\r") + result.stderr.count("\n")
        server_cpu = [after[p] - before[p] for p in before]
        jobs = 2
        print(f"servers: {args.servers}, runtime: {args.runtime} s, wall: {wall:.1f} s, exit: {result.returncode}")
        print(f"results: {len(entries)} job entries from {len(hosts)} hosts "
              f"(expected {args.servers * jobs} from {args.servers}); All clients: "
              f"{'yes' if any(e.get('jobname') == 'All clients' for e in doc['client_stats']) else 'no'}")
        print(f"timeouts or failed hosts in stderr: "
              f"{sum(1 for l in result.stderr.splitlines() if 'client ' in l)}")
        print(f"status line updates: {status_lines}")
        print(f"client CPU: {client_cpu:.2f} s total, {client_cpu / args.servers * 1000:.1f} ms per host")
        print(f"server CPU (relay, own): mean {sum(server_cpu) / len(server_cpu) * 1000:.1f} ms per server, "
              f"{sum(server_cpu) / len(server_cpu) / jobs * 1000:.1f} ms per job, max "
              f"{max(server_cpu) * 1000:.1f} ms")
        ok = result.returncode == 0 and len(hosts) == args.servers and len(entries) == args.servers * jobs
        return 0 if ok else 1
    finally:
        for proc, log in servers:
            proc.terminate()
        for proc, log in servers:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    sys.exit(main())
