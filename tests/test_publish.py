"""The release files: deterministic dumps with checksums, the VoID/DCAT description, `publish --to`."""
import gzip
import hashlib
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS

from osaikg.errors import InvalidDataError
from osaikg.namespaces import DCAT, GRAPH, ID, MEDIA_TYPE, OSAI, SPDX_TERMS, VOID
from osaikg.publish import named_graphs, publish_dumps, rdf11_terms, serialize
from osaikg.serve import free_port, wait_for_port
from osaikg.void import DATASET, check_description, describe, release_date

ROOT = Path(__file__).resolve().parents[1]
BLOOM = ID["model/bloom"]


def nquads_by_graph(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    with gzip.open(path, "rb") as handle:
        for quad in pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.N_QUADS):
            counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    return counts


def test_two_builds_are_byte_identical_and_checksums_verify(tmp_path):
    exe = Path(sys.executable).parent / "osaikg"
    builds = [  # in parallel, with different hash seeds
        subprocess.Popen([str(exe), "build", "--no-reason", "--out", str(tmp_path / name)], cwd=ROOT,
                         env=dict(os.environ, PYTHONHASHSEED=seed), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for name, seed in (("a", "1"), ("b", "2"))
    ]
    for build in builds:
        _out, err = build.communicate(timeout=300)
        assert build.returncode == 0, err.decode()
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    for name in ("osaikg.ttl", "osaikg.nt.gz", "osaikg.jsonld", "osaikg.nq.gz", "void.ttl", "SHA256SUMS",
                 "html/index.html", "html/id/model/bloom.html"):
        assert Path(name) in files_a, name
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    # The real command, as a user would run it.
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path / "a", capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    listed = {line.split("  ", 1)[1] for line in (tmp_path / "a" / "SHA256SUMS").read_text().splitlines()}
    assert listed == {str(rel) for rel in files_a} - {"SHA256SUMS"}
    # A changed file is caught.
    (tmp_path / "a" / "osaikg.ttl").write_bytes(b"# tampered\n")
    assert subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=tmp_path / "a",
                          capture_output=True).returncode == 1


def test_gzip_dumps_carry_no_name_or_time(release):
    for name in ("osaikg.nt.gz", "osaikg.nq.gz"):
        header = (release / name).read_bytes()[:10]
        assert header[:3] == b"\x1f\x8b\x08"
        assert header[3] == 0, "no FNAME/FEXTRA/FCOMMENT flags"
        assert header[4:8] == b"\0\0\0\0", "mtime is zero"


def test_dumps_hold_every_named_graph(release, kg):
    graphs = named_graphs(kg.dataset)
    assert set(graphs) >= {str(GRAPH.ontology), str(GRAPH.curated)}
    assert nquads_by_graph(release / "osaikg.nq.gz") == {iri: len(g) for iri, g in graphs.items()}
    union = Graph()
    for graph in graphs.values():
        union += graph
    union = rdf11_terms(union)
    nt = Graph().parse(data=gzip.decompress((release / "osaikg.nt.gz").read_bytes()), format="nt")
    assert isomorphic(rdf11_terms(nt), union)
    assert isomorphic(rdf11_terms(Graph().parse(release / "osaikg.ttl")), union)
    assert isomorphic(rdf11_terms(Graph().parse(release / "osaikg.jsonld", format="json-ld")), union)
    assert (BLOOM, OSAI.developedBy, ID["project/bigscience"]) in nt
    lines = gzip.decompress((release / "osaikg.nq.gz").read_bytes()).decode().splitlines()
    assert lines == sorted(lines)


def _with_import(kg, reverse: bool):
    """A dataset like ``kg``'s plus an import graph with blank nodes, filled in either order."""
    from osaikg.store import new_dataset

    dataset = new_dataset()
    for iri, graph in named_graphs(kg.dataset).items():
        dataset.graph(URIRef(iri)).__iadd__(graph)
    source = GRAPH["import/test-source"]
    a, b = BNode(), BNode()
    triples = [
        (source, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")),
        (source, DCTERMS.source, URIRef("https://example.org/source-repository")),
        (ID["model/test-import"], RDFS.label, Literal("Imported", lang="en")),
        (ID["model/test-import"], OSAI.evidence, a),
        (a, RDFS.label, Literal("first")),
        (ID["model/test-import"], OSAI.evidence, b),
        (b, RDFS.label, Literal("second")),
    ]
    imported = dataset.graph(source)
    for triple in reversed(triples) if reverse else triples:
        imported.add(triple)
    return type("Release", (), {"dataset": dataset, "ontology": kg.ontology})()


def test_any_number_of_named_graphs_with_blank_nodes_is_deterministic(kg, tmp_path):
    outputs = []
    for reverse in (False, True):
        out = tmp_path / str(reverse)
        publish_dumps(_with_import(kg, reverse), out)
        outputs.append({name: (out / name).read_bytes() for name in ("osaikg.nq.gz", "osaikg.ttl", "osaikg.nt.gz")})
    assert outputs[0] == outputs[1]
    counts = nquads_by_graph(tmp_path / "False" / "osaikg.nq.gz")
    assert counts[str(GRAPH["import/test-source"])] == 7
    assert len(counts) == len(named_graphs(kg.dataset)) + 1
    # The import graph credits its source in the description.
    description = describe(_with_import(kg, False), tmp_path / "False")
    subset = GRAPH["import/test-source"]
    assert (DATASET, VOID.subset, subset) in description
    assert (subset, DCTERMS.source, URIRef("https://example.org/source-repository")) in description
    assert description.value(subset, VOID.triples).toPython() == 7


def test_void_describes_the_release(release, kg):
    void = Graph().parse(release / "void.ttl")
    check_description(void)  # conforms to assets/void-shape.ttl
    assert (DATASET, RDF.type, VOID.Dataset) in void and (DATASET, RDF.type, DCAT.Dataset) in void
    assert void.value(DATASET, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    commit = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=ROOT, capture_output=True, text=True, env=dict(
        os.environ, TZ="UTC")).stdout.strip()
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        assert str(void.value(DATASET, DCTERMS.modified)) == release_date().isoformat()
        assert abs(int(release_date().isoformat().replace("-", "")) - int(commit.replace("-", ""))) <= 1  # UTC vs local
    distributions = set(void.objects(DATASET, DCAT.distribution))
    by_file = {str(d).rsplit("/dist/", 1)[1]: d for d in distributions}
    assert set(by_file) == {"osaikg.ttl", "osaikg.nt.gz", "osaikg.jsonld", "osaikg.nq.gz"}
    all_distributions = set(void.subjects(RDF.type, DCAT.Distribution))
    assert any(str(d).endswith("ontology/osaikg.owl") for d in all_distributions)
    for dist in all_distributions:
        path = release / str(dist).rsplit("/dist/", 1)[1]
        assert void.value(dist, DCAT.byteSize).toPython() == path.stat().st_size
        checksum = void.value(dist, SPDX_TERMS.checksum)
        assert str(void.value(checksum, SPDX_TERMS.checksumValue)) == hashlib.sha256(path.read_bytes()).hexdigest()
    assert void.value(by_file["osaikg.nq.gz"], DCAT.mediaType) == MEDIA_TYPE["application/n-quads"]
    assert void.value(by_file["osaikg.nq.gz"], DCAT.compressFormat) == MEDIA_TYPE["application/gzip"]
    counts = nquads_by_graph(release / "osaikg.nq.gz")
    for iri, n in counts.items():
        assert void.value(URIRef(iri), VOID.triples).toPython() == n
    assert void.value(by_file["osaikg.nq.gz"], VOID.triples).toPython() == sum(counts.values())
    # The curated graph lists the documents its facts come from.
    assert URIRef("https://huggingface.co/blog/bloom") in set(void.objects(GRAPH.curated, DCTERMS.source))


@pytest.mark.parametrize("drop", [DCAT.byteSize, SPDX_TERMS.checksumValue, DCTERMS.license, DCAT.version])
def test_void_shape_catches_a_missing_field(release, drop):
    void = Graph().parse(release / "void.ttl")
    void.remove((None, drop, None))
    with pytest.raises(InvalidDataError, match="void-shape"):
        check_description(void)


def test_release_date_comes_from_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert release_date().isoformat() == "2023-11-14"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(Exception, match="SOURCE_DATE_EPOCH"):
        release_date()


def test_serialize_dataset_as_nquads_is_sorted_and_stable():
    first, second = Dataset(), Dataset()
    g1, g2 = URIRef("https://example.org/g1"), URIRef("https://example.org/g2")
    node = BNode()
    quads = [(URIRef("https://example.org/s"), RDFS.label, Literal("b"), g2),
             (URIRef("https://example.org/s"), RDFS.seeAlso, node, g1),
             (node, RDFS.label, Literal("a"), g1)]
    for quad in quads:
        first.add(quad)
    for quad in reversed(quads):
        second.add(quad)
    assert serialize(first, "nq") == serialize(second, "nq")
    assert serialize(first, "nq.gz") == serialize(second, "nq.gz")
    lines = serialize(first, "nq").decode().splitlines()
    assert len(lines) == 3 and lines == sorted(lines)


@pytest.fixture
def graph_store(tmp_path):
    """A real, writable ``oxigraph serve`` on a loopback port (its /store is a Graph Store)."""
    from osaikg.serve import oxigraph_binary

    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "-l", str(tmp_path / "store"), "-b", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, process=process)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=30)


def _counts_in_store(base: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    request = urllib.request.Request(f"{base}/query?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "text/tab-separated-values"})
    with urllib.request.urlopen(request, timeout=30) as response:
        lines = response.read().decode().splitlines()[1:]
    return {g.strip("<>"): int(n.split("^^")[0].strip('"')) for g, n in (line.split("\t") for line in lines)}


def test_publish_to_a_graph_store(release, graph_store, cli):
    expected = nquads_by_graph(release / "osaikg.nq.gz")
    for _ in range(2):  # PUT replaces each graph: publishing twice gives the same counts
        done = cli("publish", "--to", f"{graph_store}/store", "--dist", str(release))
        assert done.returncode == 0, done.stderr
        assert _counts_in_store(graph_store) == expected
    assert f"{len(expected)} graphs" in done.stderr


def test_publish_to_nowhere_is_a_clear_error(release, cli):
    done = cli("publish", "--to", f"http://127.0.0.1:{free_port()}/store", "--dist", str(release))
    assert done.returncode == 2
    assert "cannot reach the graph store" in done.stderr and "Traceback" not in done.stderr
    done = cli("publish", "--to", "ftp://example.org/store", "--dist", str(release))
    assert done.returncode == 2 and "http(s) URL" in done.stderr
