"""The one guarded entry for reading RDF files.

Every file the project reads (ontology, shapes, instances, imports, user input) goes through
``parse_file``, so that every syntax error comes out as an :class:`InputError` naming the file and
line, never as a library traceback.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import InputError

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".owl": "xml",
    ".rdf": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
}

# pyoxigraph names for the same formats: used only to locate syntax errors precisely.
_OX_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
}


def guess_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(path, f"unknown RDF file type {path.suffix!r} (known: {', '.join(sorted(FORMATS))})")


def parse_file(path: str | Path, graph: Graph | None = None, format: str | None = None) -> Graph:
    """Parse one RDF file into ``graph`` (a new in-memory graph by default) and return it."""
    path = Path(path)
    fmt = format or guess_format(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    graph = graph if graph is not None else Graph()
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror}")
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as err:  # noqa: BLE001 - every parser failure becomes one error type
        line, message = _locate_syntax_error(path, data, fmt, err)
        raise InputError(path, f"{fmt} syntax error: {message}", line=line) from None
    return graph


def _locate_syntax_error(path: Path, data: bytes, fmt: str, err: Exception) -> tuple[int | None, str]:
    """Line and message of a syntax error: pyoxigraph's parser reports both precisely."""
    ox_format = _OX_FORMATS.get(fmt)
    if ox_format is not None:
        try:
            for _ in pyoxigraph.parse(data, format=ox_format, base_iri=path.resolve().as_uri()):
                pass
        except SyntaxError as ox_err:
            message = re.sub(r"^Parser error (at|between) line \d+ column \d+( and line \d+ column \d+)?: ", "", str(ox_err))
            return ox_err.lineno, message
        except Exception:  # noqa: BLE001 - fall back to rdflib's own report
            pass
    if isinstance(err, BadSyntax):
        # rdflib counts lines from 0.
        return err.lines + 1, err._why  # noqa: SLF001 - BadSyntax has no public accessor
    return None, str(err).splitlines()[0] if str(err) else type(err).__name__
