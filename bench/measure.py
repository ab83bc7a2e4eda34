"""Run one command and measure it: wall time, and peak memory of everything it started.

    python bench/measure.py SPEC.json        (SPEC: {"cmd": [...], "cwd": ..., "env": {...},
                                              "log": path, "timeout": seconds})

Prints one JSON object: seconds (until the command itself exits), returncode, max_rss_mb (the
largest single process, from getrusage), peak_tree_rss_mb (the largest sum over all processes
running at once, sampled every 100 ms) and leftover (processes still running 15 s after the
command exited). This process makes itself a child subreaper (Linux), so processes the command
leaves running (the build's shared kernels) stay its descendants: they are counted, waited for
and reported. Standard library only.
"""
from __future__ import annotations

import ctypes
import json
import os
import resource
import subprocess
import sys
import threading
import time

PR_SET_CHILD_SUBREAPER = 36
PAGE = os.sysconf("SC_PAGE_SIZE")


def descendants(root: int) -> list[int]:
    """Every process below ``root``, read from /proc/PID/task/TID/children (cheap: only the tree),
    or from a scan of all of /proc where the kernel does not provide those files."""
    if not os.path.exists(f"/proc/{root}/task/{root}/children"):
        return _descendants_by_scan(root)
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                kids = [int(k) for k in open(f"/proc/{pid}/task/{tid}/children").read().split()]
            except (OSError, ValueError):
                continue
            out.extend(kids)
            todo.extend(kids)
    return out


def _descendants_by_scan(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            raw = open(f"/proc/{name}/stat").read()
        except OSError:
            continue
        ppid = int(raw[raw.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def tree_rss(root: int) -> int:
    total = 0
    for pid in descendants(root):
        try:
            total += int(open(f"/proc/{pid}/statm").read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total


def main() -> int:
    spec = json.loads(open(sys.argv[1]).read())
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    me, peak, done = os.getpid(), [0], threading.Event()

    def sample() -> None:
        try:  # the lowest priority: measuring must not slow down what it measures
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        except (AttributeError, OSError):
            pass
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(me))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    env = spec.get("env") or dict(os.environ)
    start = time.monotonic()
    with open(spec["log"], "ab") as log:
        try:
            proc = subprocess.run(spec["cmd"], cwd=spec.get("cwd"), env=env, stdout=log,
                                  stderr=subprocess.STDOUT, timeout=spec.get("timeout", 1800))
            code = proc.returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
    seconds = time.monotonic() - start
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # wait for what it left running (kernels end with make)
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.05)
    leftover = len(descendants(me))
    done.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "seconds": round(seconds, 3), "returncode": code,
        "max_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "peak_tree_rss_mb": round(peak[0] / 2**20, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "leftover": leftover,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
