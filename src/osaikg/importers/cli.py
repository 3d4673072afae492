"""``osaikg import SOURCE PATH``: run one importer, print the counts, optionally report."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import EXIT_OK, OsaikgError
from . import ImportResult, quads, run_import, run_live_import, source_info


def run(args) -> int:
    fmt = args.format or ("trig" if args.out and args.out.suffix.lower() == ".trig" else "nq")
    output = None if args.out else sys.stdout.buffer
    if args.live:
        if args.source != "hf":
            raise OsaikgError("--live works with the hf source only")
        if not args.paths and not args.author:
            raise OsaikgError("--live needs --author NAME or repo ids (e.g. bigscience/bloom)")
        result = run_live_import(args.paths, args.author, out=args.out, fmt=fmt, output=output)
    else:
        if args.author:
            raise OsaikgError("--author works with --live only")
        if len(args.paths) != 1:
            raise OsaikgError(f"give one PATH: the {args.source} data folder or file")
        result = run_import(args.source, Path(args.paths[0]), out=args.out, fmt=fmt, output=output)
    print(f"import {args.source}: {result.counts.summary()}", file=sys.stderr)
    for bad in result.bad[:10]:
        print(f"  skipped {bad}", file=sys.stderr)
    if len(result.bad) > 10:
        print(f"  … and {len(result.bad) - 10} more (see --report)", file=sys.stderr)
    if args.validate:
        _validate(args)
    if args.report:
        _report(args, result)
    return EXIT_OK


def _validate(args) -> None:
    """The project's shapes over the written graph; findings are printed, not fatal (exit 0)."""
    from ..load import load_ontology, load_shapes
    from .load import findings_summary, validate_lines

    if not args.out or (args.format or args.out.suffix.lstrip(".")) == "trig":
        raise OsaikgError("--validate needs --out FILE.nq")
    with open(args.out, encoding="utf-8") as handle:
        report = validate_lines(handle, load_shapes(), load_ontology())
    for line in findings_summary(args.source, report, top=10):
        print(line, file=sys.stderr)


def _report(args, result: ImportResult) -> None:
    """Skipped records, then the reconciliation of the imported graph with the curated graph."""
    from ..kg import KnowledgeGraph
    from ..publish import write_atomic
    from ..reconcile import reconcile
    from .load import load_lines

    kg = KnowledgeGraph.load()
    if args.out and args.format != "trig" and args.out.suffix.lower() != ".trig":
        with open(args.out, encoding="utf-8") as handle:
            load_lines(kg.dataset, handle)
    elif not args.live:
        path = Path(args.paths[0])
        load_lines(kg.dataset, quads(args.source, path, ImportResult(source_info(args.source, path))))
    else:
        raise OsaikgError("--report with --live needs --out FILE.nq")
    reconciliation = reconcile(kg.dataset)
    lines = [f"# Import report: {args.source}", "", result.counts.summary(), "",
             f"## Skipped records ({len(result.bad)})", ""]
    lines += [f"- {bad}" for bad in result.bad]
    text = "\n".join(lines) + "\n\n" + reconciliation.report()
    write_atomic(args.report, text.encode("utf-8"))
    print(reconciliation.summary(), file=sys.stderr)
