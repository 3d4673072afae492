"""Interactive commands on the curated graph, whole process (start-up included), repeated runs.

    python benchmarks/cli.py [--runs 5]      # writes benchmarks/results/cli.md

Each command runs ``--runs`` times after one warm-up; wall time from fork to exit and the child's
CPU time and peak RSS from wait4(2). Target (issue 10): under 2 s including process start.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OSAIKG = str(Path(sys.executable).parent / "osaikg")
COMMANDS = [
    ["validate"],
    ["validate", "--fast"],
    ["query", "spun-out-of", "--param", "project=BigScience"],
    ["queries"],
]


def once(argv: list[str]) -> tuple[float, float, float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen([OSAIKG, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=HERE.parent)
    _pid, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "cli.md")
    args = parser.parse_args()
    lines = ["| command | median wall s | range s | median CPU s | peak RSS MB | exit | under 2 s |", "|---|---|---|---|---|---|---|"]
    for argv in COMMANDS:
        once(argv)  # warm-up: file cache, .pyc
        runs = [once(argv) for _ in range(args.runs)]
        wall = [r[0] for r in runs]
        median = statistics.median(wall)
        lines.append(
            f"| `osaikg {' '.join(argv)}` | {median:.2f} | {min(wall):.2f}-{max(wall):.2f} | "
            f"{statistics.median(r[1] for r in runs):.2f} | {max(r[2] for r in runs):.0f} | {runs[-1][3]} | "
            f"{'yes' if median < 2 else 'no'} |"
        )
        print(lines[-1], flush=True)
    lines.append(f"\n{args.runs} runs each after a warm-up; load average at the end: {[round(x, 2) for x in os.getloadavg()]}.")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
