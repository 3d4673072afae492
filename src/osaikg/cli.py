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
    p.set_defaults(handler=cmd_build)

    p = sub.add_parser("validate", help="validate the instances (or the given files) against the shapes")
    p.add_argument("files", nargs="*", type=Path, metavar="PATH", help="Turtle files to validate (default: instances/)")
    p.add_argument("--format", choices=("text", "json", "turtle"), default="text")
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
    p.set_defaults(handler=cmd_query)

    p = sub.add_parser("queries", help="list the named queries with their titles and parameters")
    p.set_defaults(handler=cmd_queries)

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
    return parser


def cmd_build(args) -> int:
    from .build import build

    log = lambda message: print(message, file=sys.stderr)  # noqa: E731
    build(args.out, log=log, reason=not args.no_reason)
    return EXIT_OK


def cmd_validate(args) -> int:
    from .kg import KnowledgeGraph
    from .load import load_instance_files

    if args.fast:
        from .errors import OsaikgError
        from .limits import limit, run_with_timeout
        from .scale import validate_files

        if args.format == "turtle":
            raise OsaikgError("--fast reports as text or json (the Turtle report graph is pySHACL's)")
        extra = [f.resolve() for f in args.files] or None
        report = run_with_timeout(lambda: validate_files(extra), limit("VALIDATION_TIMEOUT"), "SHACL validation")
    else:
        extra = load_instance_files([f.resolve() for f in args.files]) if args.files else None
        report = KnowledgeGraph.load().validate(extra_files=extra)
    if extra:
        wanted = {str(p) for p in extra}
        report.results = [r for r in report.results if r.file in wanted]
    text = {"text": report.to_text, "json": report.to_json, "turtle": report.to_turtle}[args.format]()
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
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
    result = KnowledgeGraph.load().run(named, params)
    tty = sys.stdout.isatty()
    fmt = args.format or ("table" if tty else "tsv")
    width = args.width if args.width is not None else (shutil.get_terminal_size().columns if tty else 0)
    sys.stdout.write(render(result.columns, result.rows, fmt, width=width or None))
    return EXIT_OK


def cmd_queries(args) -> int:
    from .query import named_queries

    for name, query in named_queries().items():
        print(f"{name}\n    {query.title or '(no title)'}")
        for param in query.params:
            print(f"    --param {param.describe()}")
    print("\nRun one with: osaikg query NAME --param NAME=VALUE (a value is a label, a prefixed name or an IRI)")
    return EXIT_OK


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


if __name__ == "__main__":
    sys.exit(main())
