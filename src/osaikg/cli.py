"""The ``osaikg`` command: a thin layer over the Python API.

Exit codes: 0 ok, 1 the data is invalid, 2 usage, input or internal error.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from . import __version__
from .errors import EXIT_ERROR, EXIT_INVALID, EXIT_OK, OsaikgError
from .limits import TimeLimitExceeded


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit.code or 0)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return args.handler(args)
    except TimeLimitExceeded as err:
        # The abandoned worker thread may still be inside a C extension: leave at once rather than
        # let interpreter shutdown wait for or tear down under it.
        print(f"osaikg: {err}", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(err.exit_code)
    except OsaikgError as err:
        print(f"osaikg: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("osaikg: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # noqa: BLE001 - a bug: say so briefly, the traceback on request
        if os.environ.get("OSAIKG_DEBUG"):
            raise
        print(f"osaikg: internal error: {type(err).__name__}: {err} (OSAIKG_DEBUG=1 shows the traceback)", file=sys.stderr)
        return EXIT_ERROR


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="osaikg", description="The Open Source AI Knowledge Graph.")
    parser.add_argument("--version", action="version", version=f"osaikg {__version__}")
    sub = parser.add_subparsers(metavar="COMMAND")

    p = sub.add_parser("build", help="run the whole pipeline and write the release into dist/")
    p.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    p.add_argument("--no-reason", action="store_true", help="skip the HermiT consistency check")
    p.add_argument("--data", type=Path, help="folder of public datasets to import (default: $OSAIKG_DATA, "
                   "else ../shared/data if it exists)")
    p.add_argument("--validate-imports", action="store_true",
                   help="also run the shapes over each imported graph (findings reported, not fatal; slower)")
    p.set_defaults(handler=cmd_build)

    p = sub.add_parser(
        "validate",
        help="validate the instances (or the given files) against the shapes",
        description="Check the shapes (shape hygiene), then validate the instances, or the given files together "
        "with the instances, against them. Exit 1 on any Violation; Warnings and Info exit 0. The text report "
        "is coloured on a terminal unless NO_COLOR is set.",
    )
    p.add_argument("files", nargs="*", type=Path, metavar="PATH", help="Turtle files to validate (default: instances/)")
    p.add_argument("--format", choices=("text", "json", "turtle"), default="text",
                   help="text (grouped by file and focus node), json, or turtle (the standard SHACL report)")
    p.add_argument("--fast", action="store_true",
                   help="validate on Oxigraph with the shapes compiled to SPARQL: same results, for big imports "
                        "(streams N-Triples, N-Quads or Turtle files of any size; see benchmarks/README.md)")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("query", help="run a named query or a .rq file")
    p.add_argument("name", nargs="?", metavar="NAME_OR_FILE")
    p.add_argument("--file", type=Path, help="a SPARQL query file to run")
    p.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--format", "-f", choices=("table", "csv", "tsv", "json", "markdown"),
                   help="default: table on a terminal, tsv in a pipe")
    p.add_argument("--width", type=int, metavar="N",
                   help="wrap table cells to fit N columns (default: the terminal's width; 0: never wrap)")
    p.add_argument("--data", type=Path, help="also import the public datasets of this folder (cross-source queries)")
    p.set_defaults(handler=cmd_query)

    p = sub.add_parser("queries", help="list the named queries with their titles and parameters")
    p.set_defaults(handler=cmd_queries)

    add_import_parser(sub)

    p = sub.add_parser("stats", help="count triples, classes and instances per class")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("analyze", help="collaboration network, model lineage and cathedral-to-bazaar index: figures and numbers")
    p.add_argument("analyses", nargs="*", type=_analysis, metavar="ANALYSIS",
                   help="network, lineage or stages (default: all three)")
    p.add_argument("--out", type=Path, default=Path("dist/figures"), help="output folder (default: dist/figures)")
    p.set_defaults(handler=cmd_analyze)

    p = sub.add_parser("lineage", help="print the derivation tree of a model in the terminal")
    p.add_argument("model", metavar="MODEL", help="the model's label, alternative label, IRI or prefixed name")
    p.set_defaults(handler=cmd_lineage)

    p = sub.add_parser("serve", help="serve a built release read-only on 127.0.0.1: SPARQL, resource IRIs, pages")
    p.add_argument("--port", type=int, default=7878, help="port on 127.0.0.1 (default: 7878)")
    p.add_argument("--dist", type=Path, default=Path("dist"), help="the release to serve (default: dist)")
    p.add_argument("--timeout", type=int, metavar="SECONDS", help="time limit per query (default: OSAIKG_QUERY_TIMEOUT, 30)")
    p.add_argument("--max-rows", type=int, help="most rows (or triples) per result (default: OSAIKG_MAX_ROWS, 100000)")
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("publish", help="push every named graph of a release to a SPARQL 1.1 Graph Store")
    p.add_argument("--to", required=True, metavar="URL", help="Graph Store endpoint, e.g. http://127.0.0.1:7879/store")
    p.add_argument("--dist", type=Path, default=Path("dist"), help="the release to push (default: dist)")
    p.set_defaults(handler=cmd_publish)

    p = sub.add_parser("fmt", help="rewrite Turtle sources in the canonical form (ontology/, shapes/, instances/)")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: ontology/ shapes/ instances/)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 listing the files that would change")
    p.set_defaults(handler=cmd_fmt)
    return parser


def cmd_build(args) -> int:
    from .build import build

    log = lambda message: print(message, file=sys.stderr)  # noqa: E731
    build(args.out, log=log, reason=not args.no_reason, data=args.data, validate_imports=args.validate_imports)
    return EXIT_OK


def cmd_validate(args) -> int:
    from .kg import KnowledgeGraph
    from .load import load_instance_files
    from .validate import use_color

    if args.fast:
        from .errors import OsaikgError
        from .limits import limit, run_with_timeout
        from .scale import validate_files
        from .shape_hygiene import ensure_clean

        if args.format == "turtle":
            raise OsaikgError("--fast reports as text or json (the Turtle report graph is pySHACL's)")
        ensure_clean()  # the same check of the shapes' hygiene as the default path
        extra = [f.resolve() for f in args.files] or None
        report = run_with_timeout(lambda: validate_files(extra), limit("VALIDATION_TIMEOUT"), "SHACL validation")
    else:
        extra = load_instance_files([f.resolve() for f in args.files]) if args.files else None
        report = KnowledgeGraph.load().validate(extra_files=extra)  # checks the shapes' hygiene first
    if extra:
        report = report.only_files(extra)
    text = report.render(args.format, color=use_color(sys.stdout))
    sys.stdout.write(text)
    return EXIT_OK if report.conforms else EXIT_INVALID


def cmd_query(args) -> int:
    from .errors import QueryError
    from .kg import KnowledgeGraph
    from .output import render
    from .query import find_query, load_query

    if bool(args.name) == bool(args.file):
        raise QueryError("give either a query NAME (see 'osaikg queries') or --file FILE.rq")
    named = load_query(args.file) if args.file else find_query(args.name)
    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryError(f"--param takes NAME=VALUE, not {item!r}")
        params[name] = value
    result = KnowledgeGraph.load(data=args.data).run(named, params)
    tty = sys.stdout.isatty()
    fmt = args.format or ("table" if tty else "tsv")
    width = args.width if args.width is not None else (shutil.get_terminal_size().columns if tty else 0)
    sys.stdout.write(render(result.columns, result.rows, fmt, width=width or None))
    return EXIT_OK


def cmd_queries(args) -> int:
    from .query import named_queries

    for name, query in named_queries(check=False).items():  # headers only: parsing every query takes seconds
        print(f"{name}\n    {query.title or '(no title)'}")
        for param in query.params:
            print(f"    --param {param.describe()}")
    print("\nRun one with: osaikg query NAME --param NAME=VALUE (a value is a label, a prefixed name or an IRI)")
    return EXIT_OK


def add_import_parser(sub) -> None:
    from .importers import FORMATS, IMPORTERS

    p = sub.add_parser("import", help="import a public dataset into its own named graph (N-Quads or TriG)")
    p.add_argument("source", choices=list(IMPORTERS), metavar="SOURCE", help=", ".join(IMPORTERS))
    p.add_argument("paths", nargs="*", metavar="PATH", help="the source's folder or file; with --live: repo ids")
    p.add_argument("--out", type=Path, help="output file (default: standard output)")
    p.add_argument("--format", choices=FORMATS, help="nq (default) or trig; default from --out's suffix")
    p.add_argument("--live", action="store_true", help="hf only: read the live Hugging Face Hub (network)")
    p.add_argument("--author", help="with --live: every model of this Hub namespace")
    p.add_argument("--validate", action="store_true", help="check the output (--out FILE.nq) against the shapes "
                   "and print the findings (imported data: reported, not fatal)")
    p.add_argument("--report", type=Path, help="write skipped records and the reconciliation with the curated "
                   "graph (matched, unmatched, ambiguous) to this file")
    p.set_defaults(handler=cmd_import)


def cmd_import(args) -> int:
    from .importers.cli import run

    return run(args)


def cmd_stats(args) -> int:
    from .kg import KnowledgeGraph
    from .output import compact
    from rdflib import URIRef

    stats = KnowledgeGraph.load().stats()
    for name, n in stats["triples"].items():
        print(f"triples in {name}: {n}")
    print(f"classes in the ontology: {stats['classes']}")
    print("instances per class:")
    for cls, n in stats["instances_per_class"]:
        print(f"  {n:6d}  {compact(URIRef(cls))}")
    return EXIT_OK


def _analysis(name: str) -> str:
    from .analyze import ANALYSES

    if name not in ANALYSES:
        raise argparse.ArgumentTypeError(f"unknown analysis {name!r} (choose from {', '.join(ANALYSES)})")
    return name


def cmd_analyze(args) -> int:
    from .analyze import ANALYSES, write_analyses
    from .kg import KnowledgeGraph

    names = [name for name in ANALYSES if name in args.analyses] if args.analyses else list(ANALYSES)
    for path in write_analyses(KnowledgeGraph.load(), args.out, names):
        print(path)
    return EXIT_OK


def cmd_lineage(args) -> int:
    from .analyze import lineage
    from .kg import KnowledgeGraph

    kg = KnowledgeGraph.load()
    iri = lineage.resolve_model(kg, args.model)
    forest = lineage.build_forest(kg)
    label = forest.label(iri) if iri in forest.graph else args.model
    sys.stdout.write(lineage.render_tree(forest, iri, label))
    return EXIT_OK


def cmd_serve(args) -> int:
    from dataclasses import replace

    from .serve import Limits, serve

    if not 0 < args.port < 65536 or (args.timeout or 1) < 1 or (args.max_rows or 1) < 1:
        raise OsaikgError("--port takes 1-65535; --timeout and --max-rows take positive numbers")
    limits = Limits()
    limits = replace(limits, timeout_s=args.timeout or limits.timeout_s, max_rows=args.max_rows or limits.max_rows)
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    try:
        serve(args.dist, args.port, limits, ready=log)
    except OSError as err:
        raise OsaikgError(f"cannot listen on 127.0.0.1:{args.port}: {err.strerror}") from None
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def cmd_publish(args) -> int:
    from .gsp import publish_to

    log = lambda message: print(message, file=sys.stderr)  # noqa: E731
    log(f"publish: {args.dist} -> {args.to}")
    counts = publish_to(args.to, args.dist, log=log)
    log(f"publish: {len(counts)} graphs, {sum(counts.values())} triples")
    return EXIT_OK


def cmd_fmt(args) -> int:
    from .errors import InputError
    from .fmt import fmt

    for path in args.paths:
        if not path.exists():
            raise InputError(path, "no such file or folder")
    result = fmt(args.paths or None, check=args.check)
    for path in result.changed:
        print(f"{'would reformat' if args.check else 'reformatted'} {path}")
    if args.check and result.changed:
        print(f"osaikg fmt: {len(result.changed)} of {len(result.checked)} files are not in canonical form "
              "(run: osaikg fmt)", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
