"""Stage 5, publish: deterministic serialisations, written atomically.

Every file the project writes goes through :func:`write_atomic` (temporary file in the same
folder, fsync, rename), so a crash leaves the previous version intact. :func:`serialize` is the one
writer of RDF: N-Triples sorted line by line; Turtle, RDF/XML and JSON-LD from a graph whose blank
nodes have been canonically relabelled, so the same graph always gives the same bytes.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pyoxigraph
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from .errors import OsaikgError
from .namespaces import PREFIXES, bind_prefixes

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "owl": "pretty-xml", "jsonld": "json-ld"}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".tmp-{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; a published file is world-readable
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def canonical(graph: Graph) -> Graph:
    """The graph with blank nodes relabelled canonically and the project's prefixes bound."""
    out = Graph()
    bind_prefixes(out)
    source = to_canonical_graph(graph) if any(True for _ in _bnodes(graph)) else graph
    # Insert in sorted order: serialisers that walk the store (RDF/XML) then see one order whatever the hash seed.
    for triple in sorted(source, key=lambda t: tuple(term.n3() for term in t)):
        out.add(triple)
    return out


def _bnodes(graph: Graph):
    from rdflib import BNode

    for s, _p, o in graph:
        if isinstance(s, BNode) or isinstance(o, BNode):
            yield s
            return


def serialize(graph: Graph, fmt: str) -> bytes:
    """Serialise ``graph`` as ``fmt`` (ttl, nt, owl, jsonld) deterministically."""
    graph = canonical(graph)
    if fmt == "nt":
        # split("\n"), not splitlines(): literals may hold \x1e, \x85 or \u2028, which are not line ends here.
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")
        return ("\n".join(sorted(set(l for l in lines if l.strip()))) + "\n").encode("utf-8")
    if fmt == "jsonld":
        import json

        data = json.loads(graph.serialize(format="json-ld", encoding="utf-8"))
        return (json.dumps(_sorted_jsonld(data), indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    if fmt == "owl":
        # rdflib's RDF/XML writers walk Python sets (output varies with the hash seed); pyoxigraph
        # writes the triples in the order given: sorted N-Triples in, the same bytes out.
        _refuse_xml_illegal(graph)
        triples = pyoxigraph.parse(serialize(graph, "nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
        prefixes = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
        return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.RDF_XML, prefixes=prefixes)
    return graph.serialize(format=RDF_FORMATS[fmt], encoding="utf-8")


# Characters XML 1.0 cannot carry at all: rdflib would write ill-formed RDF/XML with them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _refuse_xml_illegal(graph: Graph) -> None:
    for triple in graph:
        for term in triple:
            if _XML_ILLEGAL.search(str(term)):
                raise OsaikgError(f"{term!r} holds a control character and cannot be written as RDF/XML (XML 1.0 forbids it)")


def _sorted_jsonld(data):
    if isinstance(data, list):
        items = [_sorted_jsonld(item) for item in data]
        import json

        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(data, dict):
        return {key: _sorted_jsonld(value) for key, value in data.items()}
    return data


def write_graph(graph: Graph, path: Path, fmt: str | None = None) -> Path:
    fmt = fmt or Path(path).suffix.lstrip(".")
    write_atomic(Path(path), serialize(graph, fmt))
    return Path(path)
