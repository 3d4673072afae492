"""The Hub-scale benchmark: every stage, both engines, in the same run, so every result is a ratio.

    make bench                      # 10k and 100k models, fast path and plain stack, 3 runs each
    make bench SIZE=1m              # one size (10k, 100k, 1m, 2.2m or a number)
    python benchmarks/run.py --size 2.2m --engines fast --runs 1

Stages: import (CSV → RDF) → load → validate (the project's shapes/) → lineage (all descendants of
the most-derived base model) → aggregate (models per licence and derivation kind) → dumps (Turtle),
plus ``parse`` (pyoxigraph parsing the import without storing it: the floor validation is held to).
Each stage runs in a fresh process (stage.py); its peak memory is that process's ru_maxrss, read by
wait4(2). A run that passes ``--timeout`` seconds or ``--memory-gb`` of resident memory is stopped and
reported as "did not finish"; the plain stack is then not tried at larger sizes. Results go to
``benchmarks/results/<size>.json`` and the tables to ``benchmarks/results/<size>.md``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import SIZES, size_of  # noqa: E402

STAGES = ("import", "parse", "load", "validate", "lineage", "aggregate", "dumps")
PIPELINE = ("import", "load", "validate", "lineage", "aggregate", "dumps")
ENGINES = {"fast": "osaikg.scale (Oxigraph in memory)", "fast-disk": "osaikg.scale (Oxigraph on disk)",
           "plain": "rdflib + pySHACL"}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    import pyoxigraph
    import pyshacl
    import rdflib

    return {
        "nproc": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1), "cpu": cpu,
        "python": platform.python_version(), "kernel": platform.release(),
        "rdflib": rdflib.__version__, "pyshacl": pyshacl.__version__, "pyoxigraph": pyoxigraph.__version__,
        "load_average_at_start": os.getloadavg(),
    }


def run_stage(engine: str, stage: str, work: Path, timeout: float, memory_gb: float) -> dict:
    """One stage in a fresh process, stopped past the time or memory bound."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "stage.py"), engine, stage, str(work)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    stopped = None
    peak_seen = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        rss = _rss_gb(proc.pid)
        peak_seen = max(peak_seen, rss)
        elapsed = time.perf_counter() - start
        if elapsed > timeout or rss > memory_gb:
            stopped = f"did not finish within {timeout:.0f} s / {memory_gb:.0f} GB"
            stopped += f" (stopped at {elapsed:.0f} s, {rss:.1f} GB)"
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    record = {"process_seconds": time.perf_counter() - start, "peak_rss_mb": usage.ru_maxrss / 1024}
    if stopped:
        record["failed"] = stopped
    elif os.waitstatus_to_exitcode(status) != 0:
        record["failed"] = f"exit {os.waitstatus_to_exitcode(status)}: {err.strip().splitlines()[-1] if err.strip() else ''}"
    else:
        record.update(json.loads(out.strip().splitlines()[-1]))
    return record


def _rss_gb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def summarise(runs: list[dict]) -> dict:
    ok = [r for r in runs if "failed" not in r]
    if not ok:
        return {"failed": runs[0]["failed"] if runs else "not run", "n": 0,
                "peak_rss_mb": max((r["peak_rss_mb"] for r in runs), default=0)}
    seconds = [r["seconds"] for r in ok]
    summary = {
        "n": len(ok),
        "median_s": statistics.median(seconds), "min_s": min(seconds), "max_s": max(seconds),
        "median_cpu_s": statistics.median(r["cpu_seconds"] for r in ok),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in ok),
    }
    for field in ("triples", "results", "descendants", "correct", "by_kind", "bytes"):
        if field in ok[-1]:
            summary[field] = ok[-1][field]
    return summary


def bench_size(label: str, engines: list[str], runs: int, timeout: float, memory_gb: float, work_root: Path,
               skip_plain: str | None, plain_runs: int | None = None, stages: tuple = STAGES) -> dict:
    n = size_of(label)
    work = work_root / label
    work.mkdir(parents=True, exist_ok=True)
    if not (work / "models.expected.json").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), label, str(work / "models.csv")], check=True)
    expected = json.loads((work / "models.expected.json").read_text())
    results: dict = {"size": label, "models": n, "expected": {k: v for k, v in expected.items() if k != "models_per_licence_and_kind"},
                     "engines": {}}
    failed: dict[str, str] = {}
    if skip_plain and "plain" in engines:
        failed["plain"] = skip_plain
    raw: dict = {e: {s: [] for s in STAGES} for e in engines}
    runs_of = {e: (plain_runs if e == "plain" and plain_runs is not None else runs) for e in engines}
    for stage in stages:
        for i in range(max(runs_of.values())):
            for engine in engines:
                if (stage == "parse" and engine == "plain") or i >= runs_of[engine]:
                    continue
                if engine in failed:
                    continue
                record = run_stage(engine, stage, work, timeout, memory_gb)
                raw[engine][stage].append(record)
                print(f"{label} {engine:9s} {stage:9s} run {i + 1}: " + (record.get("failed") or
                      f"{record['seconds']:.3f} s, cpu {record['cpu_seconds']:.3f} s, {record['peak_rss_mb']:.0f} MB"), flush=True)
                if "failed" in record:
                    failed[engine] = f"{stage}: {record['failed']}"
    for engine in engines:
        stages = {s: summarise(raw[engine][s]) for s in STAGES if raw[engine][s]}
        results["engines"][engine] = {"stages": stages, "failed": failed.get(engine), "raw": raw[engine]}
    return results


def ratio(a, b) -> str:
    if not a or not b:
        return "-"
    return f"{a / b:.1f}x"


def table(results: dict, machine_info: dict) -> str:
    label, n = results["size"], results["models"]
    engines = results["engines"]
    lines = [f"### {label} models ({n:,}; {engines.get('fast', engines.get('fast-disk', {})).get('stages', {}).get('load', {}).get('triples', '?')} triples in the store)", ""]
    lines.append("| stage | engine | median s | range s | median CPU s | peak RSS MB | plain/fast time | plain/fast CPU | fast/plain memory | check |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    plain = engines.get("plain", {}).get("stages", {})
    for stage in STAGES:
        for engine, data in engines.items():
            s = data["stages"].get(stage)
            if s is None:
                if engine == "plain" and stage != "parse" and data.get("failed"):
                    lines.append(f"| {stage} | {engine} | {data['failed']} | | | | | | | |")
                continue
            if "median_s" not in s:
                lines.append(f"| {stage} | {engine} | {s['failed']} | | | {s['peak_rss_mb']:.0f} | | | | |")
                continue
            p = plain.get(stage, {}) if engine != "plain" else {}
            check = ""
            if "correct" in s:
                check = "matches generator" if s["correct"] else "WRONG"
            elif "results" in s:
                check = f"{s['results']} results"
            elif "triples" in s:
                check = f"{s['triples']} triples"
            memory = f"{s['peak_rss_mb'] / p['peak_rss_mb']:.2f}x" if p.get("peak_rss_mb") else "-"
            lines.append(
                f"| {stage} | {engine} | {s['median_s']:.3f} | {s['min_s']:.3f}-{s['max_s']:.3f} | {s['median_cpu_s']:.3f} | "
                f"{s['peak_rss_mb']:.0f} | {ratio(p.get('median_s'), s['median_s'])} | {ratio(p.get('median_cpu_s'), s['median_cpu_s'])} | "
                f"{memory} | {check} |"
            )
    lines.append("")
    lines.append("| whole pipeline | seconds (sum of medians) | CPU s | peak RSS MB | s per million models | MB per million models |")
    lines.append("|---|---|---|---|---|---|")
    totals = {}
    for engine, data in engines.items():
        stages = data["stages"]
        if not data.get("failed") and any(s not in stages for s in PIPELINE):
            continue  # a run of some stages only (--stages)
        if data.get("failed") or any("median_s" not in stages.get(s, {}) for s in PIPELINE):
            lines.append(f"| {engine} | did not finish: {data.get('failed')} | | | | |")
            continue
        wall = sum(stages[s]["median_s"] for s in PIPELINE)
        cpu = sum(stages[s]["median_cpu_s"] for s in PIPELINE)
        peak = max(stages[s]["peak_rss_mb"] for s in PIPELINE)
        totals[engine] = (wall, cpu, peak)
        lines.append(f"| {engine} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {wall / n * 1e6:.1f} | {peak / n * 1e6:.0f} |")
    if "plain" in totals:
        for engine in totals:
            if engine != "plain":
                w, c, m = totals[engine]
                pw, pc, pm = totals["plain"]
                lines.append(f"| plain/{engine} | {pw / w:.1f}x faster | {pc / c:.1f}x less CPU | {m / pm:.2f} of the memory | | |")
    fast = engines.get("fast", engines.get("fast-disk", {})).get("stages", {})
    if "validate" in fast and "parse" in fast and "median_s" in fast["validate"] and "median_s" in fast["parse"]:
        lines.append("")
        lines.append(f"Validation / pyoxigraph raw parse of the same import: {fast['validate']['median_s'] / fast['parse']['median_s']:.1f}x "
                     f"(wall), {fast['validate']['median_cpu_s'] / fast['parse']['median_cpu_s']:.1f}x (CPU).")
    lines.append(f"Load average when the size started: {results.get('load_average')}.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", action="append", help="10k, 100k, 1m, 2.2m or a number (repeatable; default 10k and 100k)")
    parser.add_argument("--engines", default="fast,plain", help=f"comma-separated: {', '.join(ENGINES)}")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stages", default=",".join(STAGES), help="comma-separated subset of " + ", ".join(STAGES))
    parser.add_argument("--plain-runs", type=int, help="runs of the plain stack, if not --runs (it takes hours past 100k)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per stage run")
    parser.add_argument("--memory-gb", type=float, default=16, help="resident memory bound per stage run")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="generated data and stores (not committed)")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    sizes = [s for arg in (args.size or ["10k", "100k"]) for s in arg.split(",")]
    engines = [e for e in args.engines.split(",") if e]
    unknown = [e for e in engines if e not in ENGINES]
    if unknown:
        parser.error(f"unknown engine {', '.join(unknown)}")
    info = machine()
    args.results.mkdir(parents=True, exist_ok=True)
    skip_plain = None
    for label in sorted(sizes, key=size_of):
        label = label.lower() if label.lower() in SIZES else str(size_of(label))
        load_average = os.getloadavg()
        results = bench_size(label, engines, args.runs, args.timeout, args.memory_gb, args.work, skip_plain, args.plain_runs,
                             tuple(s for s in STAGES if s in args.stages.split(",")))
        results["machine"] = info
        results["load_average"] = [round(x, 2) for x in load_average]
        results["command"] = " ".join([Path(sys.executable).name, "benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])])
        plain = results["engines"].get("plain", {})
        if plain.get("failed") and not skip_plain:
            skip_plain = f"not run: the plain stack did not finish at {label} ({plain['failed']})"
        (args.results / f"{label}.json").write_text(json.dumps(results, indent=1) + "\n")
        text = table(results, info)
        (args.results / f"{label}.md").write_text(text)
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
