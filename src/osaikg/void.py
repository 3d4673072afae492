"""The release's description: ``void.ttl``, VoID and DCAT 3 in one graph, generated from the data.

It describes the dataset (title, licence, version, date, sources), one subset per named graph with
its triple count and whatever the graph says about itself (an importer credits its source by
stating ``dcterms:source``, ``dcterms:license``, ``dcterms:title``, ``dcterms:bibliographicCitation``…
with the graph IRI as subject), and one ``dcat:Distribution`` per RDF file of the release with its
media type, size and SHA-256 checksum. The date is the newest git commit's (or
``SOURCE_DATE_EPOCH``), never the clock, so two builds of one commit are identical. The description
is checked against ``assets/void-shape.ttl`` before it is written.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, XSD

from . import __version__, paths
from .errors import InvalidDataError, OsaikgError
from .namespaces import DCAT, GRAPH, ID, MEDIA_TYPE, ONTOLOGY_IRI, RELEASE, SPDX_TERMS, VOID
from .publish import DUMPS, canonical_quads, format_of, sha256_of, write_graph
from .store import memory_graph

VOID_FILE = "void.ttl"
SHAPE = Path(__file__).parent / "assets" / "void-shape.ttl"

DATASET = RELEASE.dataset
CATALOG = RELEASE.catalog
DATA_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
"""The licence of the ontology and the curated data (README, "Licences")."""

MEDIA_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "owl": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "owx": "application/owl+xml",
    "ofn": "text/owl-functional",
}
"""Media types of the RDF files a release may hold, by extension (IANA names)."""


def release_date() -> dt.date:
    """The release date: ``SOURCE_DATE_EPOCH``, else the newest git commit, else the newest source file."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except ValueError:
            raise OsaikgError(f"SOURCE_DATE_EPOCH must be seconds since 1970, not {epoch!r}") from None
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=paths.project_root(), capture_output=True, text=True, timeout=30
        )
        if done.returncode == 0 and done.stdout.strip():
            return dt.datetime.fromtimestamp(int(done.stdout.strip()), dt.timezone.utc).date()
    except (OSError, subprocess.SubprocessError):
        pass  # no git (a source tarball): fall back to the files themselves
    sources = [paths.ontology_dir(), paths.shapes_dir(), paths.instances_dir()]
    newest = max((p.stat().st_mtime for d in sources if d.exists() for p in d.rglob("*") if p.is_file()), default=0)
    return dt.datetime.fromtimestamp(int(newest), dt.timezone.utc).date()


def _distribution_iri(relative: str) -> URIRef:
    return RELEASE[f"dist/{relative}"]


def _add_distribution(g: Graph, dataset: URIRef, path: Path, relative: str, triples: int | None) -> None:
    fmt = format_of(path)
    base, gz = fmt.removesuffix(".gz"), fmt.endswith(".gz")
    dist = _distribution_iri(relative)
    g.add((dataset, DCAT.distribution, dist))
    g.add((dataset, VOID.dataDump, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(f"{relative} ({MEDIA_TYPES[base]}{', gzip' if gz else ''})", lang="en")))
    g.add((dist, DCAT.downloadURL, dist))
    g.add((dist, DCAT.mediaType, MEDIA_TYPE[MEDIA_TYPES[base]]))
    if gz:
        g.add((dist, DCAT.compressFormat, MEDIA_TYPE["application/gzip"]))
    g.add((dist, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
    g.add((dist, DCTERMS.license, DATA_LICENSE))
    checksum = BNode()
    g.add((dist, SPDX_TERMS.checksum, checksum))
    g.add((checksum, RDF.type, SPDX_TERMS.Checksum))
    g.add((checksum, SPDX_TERMS.algorithm, SPDX_TERMS.checksumAlgorithm_sha256))
    g.add((checksum, SPDX_TERMS.checksumValue, Literal(sha256_of(path), datatype=XSD.hexBinary)))
    if triples is not None:
        g.add((dist, VOID.triples, Literal(triples)))


def _statements(path: Path) -> int | None:
    """The statements of an N-Triples/N-Quads file (gzip or not): its non-empty lines."""
    import gzip

    if not path.exists():
        return None
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


def _rdflib(term):
    """A pyoxigraph term as an rdflib term."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return BNode(term.value)


def _statistics(g: Graph, node: URIRef, triples: list) -> None:
    """VoID counts of ``triples`` (pyoxigraph triples) on ``node``."""
    g.add((node, VOID.triples, Literal(len(triples))))
    subjects = {t.subject for t in triples}
    g.add((node, VOID.distinctSubjects, Literal(len(subjects))))
    g.add((node, VOID.distinctObjects, Literal(len({t.object for t in triples}))))
    g.add((node, VOID.properties, Literal(len({t.predicate for t in triples}))))
    entities = {s for s in subjects if getattr(s, "value", "").startswith(str(ID)) and not hasattr(s, "datatype")}
    g.add((node, VOID.entities, Literal(len(entities))))


def describe(kg, out: Path) -> Graph:
    """The VoID/DCAT description of the release written under ``out`` (its dumps must exist)."""
    import pyoxigraph

    out = Path(out)
    g = memory_graph()
    quads = canonical_quads(kg.dataset)
    graphs: dict[str, list] = {}
    for quad in quads:
        if isinstance(quad.graph_name, pyoxigraph.NamedNode):
            graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    union = sorted({quad.triple for quad in quads}, key=str)
    ontology = kg.ontology
    onto = URIRef(ONTOLOGY_IRI)
    rdf_type = pyoxigraph.NamedNode(str(RDF.type))

    g.add((CATALOG, RDF.type, DCAT.Catalog))
    g.add((CATALOG, DCTERMS.title, Literal("osaikg releases", lang="en")))
    g.add((CATALOG, DCAT.dataset, DATASET))

    g.add((DATASET, RDF.type, VOID.Dataset))
    g.add((DATASET, RDF.type, DCAT.Dataset))
    g.add((DATASET, DCTERMS.title, Literal("The Open Source AI Knowledge Graph", lang="en")))
    g.add((DATASET, DCTERMS.description, Literal(
        "Who builds open AI, with what, and how they collaborate: an OWL 2 DL ontology, curated instances "
        "with their sources, and imported public datasets, one named graph per source.", lang="en")))
    g.add((DATASET, DCTERMS.license, DATA_LICENSE))
    for creator in ontology.objects(onto, DCTERMS.creator):
        g.add((DATASET, DCTERMS.creator, creator))
    g.add((DATASET, DCAT.version, Literal(__version__)))
    g.add((DATASET, OWL.versionInfo, Literal(__version__)))
    date = Literal(release_date().isoformat(), datatype=XSD.date)
    g.add((DATASET, DCTERMS.issued, date))
    g.add((DATASET, DCTERMS.modified, date))
    g.add((DATASET, VOID.uriSpace, Literal(str(ID))))
    g.add((DATASET, VOID.vocabulary, URIRef(ONTOLOGY_IRI + "#")))
    g.add((DATASET, DCAT.keyword, Literal("open source AI", lang="en")))
    g.add((DATASET, DCAT.keyword, Literal("knowledge graph", lang="en")))
    _statistics(g, DATASET, union)
    members: dict = {}
    for t in union:
        if t.predicate == rdf_type and isinstance(t.object, pyoxigraph.NamedNode):
            members.setdefault(t.object, set()).add(t.subject)
    g.add((DATASET, VOID.classes, Literal(len(members))))
    for cls, instances in sorted(members.items(), key=lambda item: str(item[0])):
        partition = BNode()
        g.add((DATASET, VOID.classPartition, partition))
        g.add((partition, VOID["class"], URIRef(cls.value)))
        g.add((partition, VOID.entities, Literal(len(instances))))
    curated = graphs.get(str(GRAPH.curated), [])
    examples = sorted({t.subject.value for t in curated if t.subject.value.startswith(str(ID))})
    for example in examples[:3]:
        g.add((DATASET, VOID.exampleResource, URIRef(example)))

    for iri, triples in sorted(graphs.items()):
        subset = URIRef(iri)
        g.add((DATASET, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, RDF.type, DCAT.Dataset))
        _statistics(g, subset, triples)
        # What a graph says about itself (title, source, licence, attribution), wherever it is said.
        for t in union:
            if isinstance(t.subject, pyoxigraph.NamedNode) and t.subject.value == iri:
                g.add((subset, _rdflib(t.predicate), _rdflib(t.object)))
        if subset == GRAPH.ontology:
            g.add((subset, DCTERMS.title, Literal("The osaikg ontology (with its imports)", lang="en")))
            for p in (DCTERMS.license, DCTERMS.creator):
                for o in ontology.objects(onto, p):
                    g.add((subset, p, o))
            g.add((subset, DCTERMS.source, onto))
        elif subset == GRAPH.curated:
            g.add((subset, DCTERMS.title, Literal("Curated instances, each with its sources", lang="en")))
            g.add((subset, DCTERMS.license, DATA_LICENSE))
            for source in sorted({t.object.value for t in triples if t.predicate.value == str(DCTERMS.source)}):
                g.add((subset, DCTERMS.source, URIRef(source)))

    # Counted in the files themselves: a build may add graphs (imports) after the dumps are written.
    union_count = _statements(out / "osaikg.nt.gz")
    for name in DUMPS:
        path = out / name
        if path.exists():
            count = _statements(path) if format_of(path).startswith("nq") else union_count
            _add_distribution(g, DATASET, path, name, count)
    imports_dir = out / "imports"
    if imports_dir.is_dir():  # one N-Quads file per imported source (osaikg.importers.load)
        for path in sorted(imports_dir.glob("*.nq")):
            graph = GRAPH[f"import/{path.stem}"]
            target = graph if str(graph) in graphs else DATASET
            _add_distribution(g, target, path, path.relative_to(out).as_posix(), _statements(path))
    ontology_dir = out / "ontology"
    if ontology_dir.is_dir():
        for path in sorted(ontology_dir.iterdir()):
            if path.is_file() and format_of(path).removesuffix(".gz") in MEDIA_TYPES:
                _add_distribution(g, GRAPH.ontology, path, path.relative_to(out).as_posix(), None)
    return g


def check_description(description: Graph) -> None:
    """Raise :class:`InvalidDataError` unless ``description`` conforms to the release shape."""
    import pyshacl

    from .parse import parse_file

    shapes = parse_file(SHAPE, memory_graph())
    conforms, _report, text = pyshacl.validate(description, shacl_graph=shapes, inference="none", allow_warnings=True)
    if not conforms:
        raise InvalidDataError(f"the release description ({VOID_FILE}) breaks {SHAPE.name}:\n{text}")


def publish_void(kg, out: Path) -> list[Path]:
    """``void.ttl`` for the release under ``out``: write it after the dumps it describes."""
    description = describe(kg, out)
    check_description(description)
    return [write_graph(description, Path(out) / VOID_FILE)]
