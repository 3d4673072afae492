"""The one guarded entry for reading RDF files.

Every file the project reads (ontology, shapes, instances, imports, user input) goes through
``parse_file``, so that every syntax error comes out as an :class:`InputError` naming the file and
line, never as a library traceback.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from xml.parsers import expat

import pyoxigraph
from rdflib import Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import InputError
from .limits import limit

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".owl": "xml",
    ".rdf": "xml",
    ".xml": "xml",
    ".trix": "trix",
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
    max_bytes = limit("MAX_INPUT_BYTES")
    try:
        if path.stat().st_size > max_bytes:
            raise InputError(path, f"the file is larger than {max_bytes} bytes (OSAIKG_MAX_INPUT_BYTES)")
        data = path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror}")
    return parse_bytes(data, path, fmt, graph)


def parse_bytes(data: bytes, path: str | Path, fmt: str, graph: Graph | None = None) -> Graph:
    """Parse ``data`` (named ``path`` in errors) after the guards of its format."""
    path = Path(path)
    graph = graph if graph is not None else Graph()
    if fmt in XML_FORMATS:
        refuse_xml_entities(data, path)
    elif fmt == "json-ld":
        data = inline_jsonld_contexts(data, path)
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except RecursionError:
        raise InputError(path, f"{fmt}: the document is nested too deeply to parse") from None
    except Exception as err:  # noqa: BLE001 - every parser failure becomes one error type
        line, message = _locate_syntax_error(path, data, fmt, err)
        raise InputError(path, f"{fmt} syntax error: {message}", line=line) from None
    check_iris(graph, path)
    return graph


def check_iris(graph: Graph, path: Path) -> None:
    """Refuse IRIs that RFC 3987 does not allow: rdflib accepts them, then writes dumps others cannot read."""
    seen: set[str] = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and term not in seen:
                try:
                    pyoxigraph.NamedNode(term)
                except ValueError as err:
                    raise InputError(path, f"invalid IRI <{term}>: {err}", line=_line_of(path, str(term))) from None
                seen.add(term)


def _line_of(path: Path, text: str) -> int | None:
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    index = content.find(text)
    return content.count("\n", 0, index) + 1 if index >= 0 else None


XML_FORMATS = {"xml", "trix"}


def refuse_xml_entities(data: bytes, path: Path) -> None:
    """Refuse XML with entity declarations or external entities, before any RDF parser expands them.

    A 720-byte "billion laughs" runs rdflib out of time and pyoxigraph out of memory; RDF/XML
    never needs entities. A streaming expat pass stops at the first declaration.
    """
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args):
        raise _EntityRefused(parser.CurrentLineNumber)

    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except _EntityRefused as refused:
        raise InputError(path, "XML entity declarations are refused (they can expand without bound)", line=refused.line) from None
    except expat.ExpatError as err:
        raise InputError(path, f"XML syntax error: {expat.ErrorString(err.code)}", line=err.lineno) from None


class _EntityRefused(Exception):
    def __init__(self, line: int):
        self.line = line


# JSON-LD contexts the project ships; any other remote or file context is refused, never fetched.
BUNDLED_CONTEXTS: dict[str, Path] = {}


def inline_jsonld_contexts(data: bytes, path: Path) -> bytes:
    """Replace bundled ``@context`` references by their content; refuse every other reference.

    rdflib fetches remote and ``file://`` contexts (SSRF, local file read); this never does.
    """
    try:
        document = json.loads(data)
    except RecursionError:
        raise InputError(path, "JSON-LD: the document is nested too deeply to parse") from None
    except (ValueError, UnicodeDecodeError) as err:
        raise InputError(path, f"JSON syntax error: {err.msg if hasattr(err, 'msg') else err}", line=getattr(err, "lineno", None)) from None
    max_depth = limit("MAX_NESTING")

    def resolve(node, depth: int):
        if depth > max_depth:
            raise InputError(path, f"JSON-LD nests deeper than {max_depth} levels (OSAIKG_MAX_NESTING)")
        if isinstance(node, list):
            return [resolve(item, depth + 1) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key in ("@context", "@import"):
                value = _context(value, path)
            out[key] = resolve(value, depth + 1)
        return out

    return json.dumps(resolve(document, 0)).encode("utf-8")


def _context(value, path: Path):
    if isinstance(value, list):
        return [_context(item, path) for item in value]
    if isinstance(value, str):
        local = BUNDLED_CONTEXTS.get(value)
        if local is None:
            raise InputError(path, f"JSON-LD context {value!r} is not bundled with osaikg; remote and file contexts are never fetched")
        return json.loads(local.read_text(encoding="utf-8")).get("@context", {})
    return value


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
