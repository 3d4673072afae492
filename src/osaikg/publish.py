"""Stage 5, publish: deterministic serialisations, written atomically.

Every file the project writes goes through :func:`write_atomic` (temporary file in the same
folder, fsync, rename), so a crash leaves the previous version intact. :func:`serialize` is the one
writer of RDF: N-Triples and N-Quads sorted line by line (a dataset's blank nodes relabelled with
RDFC-1.0); Turtle, RDF/XML and JSON-LD from a graph whose blank nodes have been canonically
relabelled, so the same graph always gives the same bytes. ``.gz`` files are gzip without a name or
a timestamp in their header, so they too depend only on their content.

:func:`publish_dumps` writes the release's dumps; :func:`write_checksums` writes ``SHA256SUMS``
(``sha256sum -c`` format) over everything else in the release, last.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

import pyoxigraph
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import XSD
from rdflib.compare import to_canonical_graph

from .errors import OsaikgError
from .namespaces import PREFIXES, bind_prefixes

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "owl": "xml", "jsonld": "json-ld"}
DATASET_FORMATS = {"nq"}
"""Formats that hold named graphs: :func:`serialize` takes an rdflib ``Dataset`` for them."""

UNION_DUMPS = ("osaikg.ttl", "osaikg.nt.gz", "osaikg.jsonld")
"""The ontology and the curated graph merged (Turtle, N-Triples, JSON-LD), written before the imports."""
DATASET_DUMP = "osaikg.nq.gz"
"""Every named graph apart, imports included (N-Quads), written once the imports are loaded."""
DUMPS = (*UNION_DUMPS, DATASET_DUMP)

CHECKSUMS = "SHA256SUMS"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: Path, durable: bool = True) -> Iterator[Path]:
    """A temporary file beside ``path``, renamed over it when the block succeeds and removed when it fails,
    so readers see the old file or the new one, never half of it. Every writer of the project uses it.

    ``durable=False`` skips the fsyncs: for the many small files of a folder that is itself published
    atomically (``build`` stages the release and renames it into place), where one fsync per page would
    dominate the build."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".tmp-{path.name}-", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        if durable:
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; a published file is world-readable
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


@contextmanager
def atomic_output(path: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary handle for streamed writes whose content replaces ``path`` only when the block succeeds."""
    with atomic_path(path, durable) as tmp, open(tmp, "wb") as handle:
        yield handle


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_path`)."""
    with atomic_output(path, durable) as handle:
        handle.write(data)


def rdf11_terms(graph: Graph, fold_language_case: bool = False) -> Graph:
    """``graph`` with RDF 1.1 term equality, which rdflib does not apply: ``"x"^^xsd:string`` is ``"x"``
    (Oxigraph and py-horned-owl write the typed form); with ``fold_language_case``, language tags are
    compared in lower case too (Oxigraph lowercases them). Returns ``graph`` itself when nothing changes."""
    def normal(o):
        if fold_language_case and isinstance(o, Literal) and o.language and o.language != o.language.lower():
            return Literal(str(o), lang=o.language.lower())
        if isinstance(o, Literal) and o.datatype == XSD.string:
            return Literal(str(o))
        return o

    if all(normal(o) is o for o in graph.objects()):
        return graph
    out = Graph()
    for s, p, o in graph:
        out.add((s, p, normal(o)))
    return out


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
    """Serialise ``graph`` as ``fmt`` (ttl, nt, owl, jsonld; nq for a Dataset; any of them + ``.gz``)
    deterministically."""
    if fmt.endswith(".gz"):
        return gzip_bytes(serialize(graph, fmt[: -len(".gz")]))
    if fmt in DATASET_FORMATS:
        return serialize_dataset(graph, fmt)
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
        xml = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.RDF_XML, prefixes=prefixes)
        # A raw carriage return would be read back as a line feed (XML end-of-line handling); pyoxigraph's
        # own layout uses only \n, so every \r is literal text and becomes a character reference.
        return xml.replace(b"\r", b"&#13;")
    return graph.serialize(format=RDF_FORMATS[fmt], encoding="utf-8")


# Characters XML 1.0 cannot carry at all: rdflib would write ill-formed RDF/XML with them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _refuse_xml_illegal(graph: Graph) -> None:
    for triple in graph:
        for term in triple:
            if _XML_ILLEGAL.search(str(term)):
                raise OsaikgError(f"{term!r} holds a control character and cannot be written as RDF/XML (XML 1.0 forbids it)")


def _sorted_jsonld(data, ordered: bool = False):
    """Sort JSON-LD arrays (sets of values) for stable output; an ``@list`` keeps its order (it is an RDF list)."""
    if isinstance(data, list):
        items = [_sorted_jsonld(item) for item in data]
        return items if ordered else sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(data, dict):
        return {key: _sorted_jsonld(value, ordered=key == "@list") for key, value in data.items()}
    return data


def gzip_bytes(data: bytes) -> bytes:
    """gzip ``data`` reproducibly: no file name and a zero timestamp in the header."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(data)
    return buffer.getvalue()


def canonical_quads(dataset: Dataset) -> list:
    """Every quad of ``dataset`` (pyoxigraph terms), blank nodes relabelled by RDFC-1.0, sorted.

    rdflib's per-graph canonical labels could collide across graphs (in N-Quads a label names one
    node in the whole file), so the dataset is canonicalised as a whole with pyoxigraph. The quads
    leave the Oxigraph store through oxrdflib's native dump: rdflib's own writers take minutes on
    a hundred thousand imported triples.
    """
    import warnings

    with warnings.catch_warnings():  # rdflib's generic N-Quads path (non-Oxigraph stores) is deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        text = dataset.serialize(format="ox-nquads", encoding="utf-8")
    quads = pyoxigraph.Dataset(pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_QUADS))
    if any(isinstance(term, pyoxigraph.BlankNode) for quad in quads for term in (quad.subject, quad.object)):
        quads.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(quads, key=str)


def serialize_dataset(dataset: Dataset, fmt: str, quads: list | None = None) -> bytes:
    """``dataset`` as ``fmt``: ``nq`` keeps every named graph apart; ``nt``, ``ttl`` and ``jsonld``
    hold their union (``.gz`` for gzip). Sorted and canonical, so the same data gives the same bytes.
    ``quads`` (from :func:`canonical_quads`) saves recomputing them for several formats."""
    if fmt.endswith(".gz"):
        return gzip_bytes(serialize_dataset(dataset, fmt[: -len(".gz")], quads))
    quads = canonical_quads(dataset) if quads is None else quads
    if fmt == "nq":
        lines = sorted({str(quad) + " ." for quad in quads})
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    triples = sorted({quad.triple for quad in quads}, key=str)
    if fmt == "nt":
        return ("\n".join(str(t) + " ." for t in triples) + "\n").encode("utf-8") if triples else b""
    if fmt == "ttl":
        prefixes = {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())}
        text = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
        # pyoxigraph writes the @prefix lines in hash-map order: sort them so the bytes are stable.
        lines = text.split("\n")
        head = 0
        while head < len(lines) and lines[head].startswith("@prefix "):
            head += 1
        return "\n".join(sorted(lines[:head]) + lines[head:]).encode("utf-8")
    if fmt == "jsonld":
        import json

        data = json.loads(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.JSON_LD))
        return (json.dumps(_sorted_jsonld(data), indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    raise OsaikgError(f"cannot write a dataset as {fmt!r} (nq, nt, ttl, jsonld, each with .gz)")


def format_of(path: Path) -> str:
    """The serialisation a file name asks for: ``osaikg.nt.gz`` -> ``nt.gz``."""
    suffixes = Path(path).suffixes
    if len(suffixes) >= 2 and suffixes[-1] == ".gz":
        return suffixes[-2].lstrip(".") + ".gz"
    return Path(path).suffix.lstrip(".")


def write_graph(graph: Graph, path: Path, fmt: str | None = None) -> Path:
    fmt = fmt or format_of(Path(path))
    write_atomic(Path(path), serialize(graph, fmt))
    return Path(path)


def named_graphs(dataset: Dataset) -> dict[str, Graph]:
    """The non-empty named graphs of ``dataset`` by IRI, in IRI order (the default graph excluded)."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    graphs = {}
    for graph in dataset.graphs():
        if graph.identifier != DATASET_DEFAULT_GRAPH_ID and len(graph):
            graphs[str(graph.identifier)] = graph
    return dict(sorted(graphs.items()))


def publish_dumps(kg, out: Path, names: tuple[str, ...] = DUMPS) -> list[Path]:
    """The dumps ``names`` (default :data:`DUMPS`) of every named graph ``kg.dataset`` holds now."""
    quads = canonical_quads(kg.dataset)
    written = []
    for name in names:
        path = Path(out) / name
        write_atomic(path, serialize_dataset(kg.dataset, format_of(path), quads))
        written.append(path)
    return written


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_checksums(out: Path) -> Path:
    """``SHA256SUMS`` for every file under ``out`` (``sha256sum -c`` format); call it last."""
    out = Path(out)
    files = sorted(
        p for p in out.rglob("*") if p.is_file() and p.name != CHECKSUMS and not p.name.startswith(".tmp-")
    )
    lines = [f"{sha256_of(p)}  {p.relative_to(out).as_posix()}\n" for p in files]
    path = out / CHECKSUMS
    write_atomic(path, "".join(lines).encode("utf-8"))
    return path


def publish_linked_data(kg, out: Path) -> list[Path]:
    """The merged dumps (:data:`UNION_DUMPS`) and the resource pages (``html/``) of the curated release."""
    from .html import publish_pages

    return [*publish_dumps(kg, out, UNION_DUMPS), *publish_pages(kg, out)]


def seal_release(kg, out: Path) -> list[Path]:
    """Describe the finished release: ``void.ttl``, then ``SHA256SUMS`` over every file."""
    from .void import publish_void

    return [*publish_void(kg, out), write_checksums(out)]
